// The shape of a request body on the wire, as an SDK package's model describes it for its api-version: what the
// strict mode validates bodies against. Built from the SDK packages' own model code (sdkModels.ts, mapperModels.ts);
// nothing here is written by hand per resource type.

/** One member of an object on the wire. */
export interface WireMember {
  schema: WireSchema;
  required: boolean;
  /** The service sets it; a client never sends it (the SDK's serializer leaves it out, or the mapper says readOnly). */
  readOnly: boolean;
}

export interface WireObject {
  kind: 'object';
  /** The model's name, for messages ("on object of type 'Subnet'"). */
  model: string;
  members: Record<string, WireMember>;
  /** Members not listed are values of this schema (a dictionary), or unknown when undefined. */
  additional?: WireSchema;
}

export type WireSchema =
  | WireObject
  | { kind: 'array'; items: WireSchema }
  | { kind: 'string' | 'number' | 'integer' | 'boolean' | 'any' }
  /** `fixed`: a closed enum (exact values); otherwise modelAsString (known values, compared case-insensitively). */
  | { kind: 'enum'; name: string; values: readonly string[]; fixed: boolean }
  /** Resolved on first use: models refer to each other (a subnet's NIC's subnet). */
  | { kind: 'lazy'; resolve: () => WireSchema };

export function resolved(schema: WireSchema): Exclude<WireSchema, { kind: 'lazy' }> {
  let current = schema;
  while (current.kind === 'lazy') current = current.resolve();
  return current;
}
