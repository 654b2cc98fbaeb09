// Walks a request body against its wire model and reports the first violations: a required member missing, a value of
// the wrong JSON type, a value outside a fixed enum (or, case-insensitively, a modelAsString one: membership only), a
// member only the service sets, and a member the model does not know. Paths are written as ARM writes them:
// `properties.ipConfigurations[0].properties.subnet`.
import { resolved, type WireObject, type WireSchema } from './wireModel';

export type ViolationKind = 'required' | 'type' | 'enum' | 'readOnly' | 'unknown';

export interface Violation {
  kind: ViolationKind;
  /** e.g. `properties.ipConfigurations[0].properties.subnet`. */
  path: string;
  /** The model the member belongs to (or the expected type/enum for type and enum violations). */
  model: string;
  /** What was sent, for type and enum violations (JSON, at most 64 characters). */
  sent?: string;
}

export interface ValidationRules {
  /** Whether members the model does not know are refused (NRP) or ignored (ARM's own types, CRP). */
  refuseUnknown: boolean;
}

const MAX_VIOLATIONS = 20;

export function validateBody(body: unknown, schema: WireSchema, rules: ValidationRules): Violation[] {
  const found: Violation[] = [];
  walk(body, schema, '', rules, found);
  return found;
}

function walk(value: unknown, schema: WireSchema, path: string, rules: ValidationRules, found: Violation[]): void {
  if (found.length >= MAX_VIOLATIONS || value === null || value === undefined) return;
  const shape = resolved(schema);
  switch (shape.kind) {
    case 'any':
      return;
    case 'string':
    case 'boolean':
      if (typeof value !== shape.kind) found.push(typeViolation(path, shape.kind, value));
      return;
    case 'number':
      if (typeof value !== 'number') found.push(typeViolation(path, 'number', value));
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) found.push(typeViolation(path, 'integer', value));
      return;
    case 'enum':
      checkEnum(value, shape, path, found);
      return;
    case 'array':
      if (!Array.isArray(value)) {
        found.push(typeViolation(path, 'array', value));
        return;
      }
      value.forEach((item, index) => walk(item, shape.items, `${path}[${index}]`, rules, found));
      return;
    case 'object':
      walkObject(value, shape, path, rules, found);
      return;
  }
}

function walkObject(value: unknown, shape: WireObject, path: string, rules: ValidationRules, found: Violation[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    found.push(typeViolation(path, shape.model, value));
    return;
  }
  const record = value as Record<string, unknown>;
  // A nested object that names an `id` is a reference to another resource (`virtualNetworkGateway1: {id}`), which
  // NRP accepts without the referenced model's required members (ARM templates send exactly that).
  const isReference = path !== '' && typeof record.id === 'string' && shape.members.id !== undefined;
  for (const [name, member] of Object.entries(shape.members)) {
    if (isReference) break;
    if (member.required && (record[name] === undefined || record[name] === null)) {
      found.push({ kind: 'required', path: join(path, name), model: shape.model });
    }
  }
  for (const [name, sent] of Object.entries(record)) {
    const member = shape.members[name];
    const memberPath = join(path, name);
    if (member === undefined) {
      if (shape.additional) walk(sent, shape.additional, memberPath, rules, found);
      else if (rules.refuseUnknown) found.push({ kind: 'unknown', path: memberPath, model: shape.model });
      continue;
    }
    if (member.readOnly) {
      if (sent !== undefined && sent !== null) found.push({ kind: 'readOnly', path: memberPath, model: shape.model });
      continue;
    }
    walk(sent, member.schema, memberPath, rules, found);
  }
}

function checkEnum(
  value: unknown,
  shape: Extract<WireSchema, { kind: 'enum' }>,
  path: string,
  found: Violation[],
): void {
  if (typeof value !== 'string') {
    found.push(typeViolation(path, shape.name, value));
    return;
  }
  // A fixed enum is closed and exact; a modelAsString one is matched case-insensitively (NRP stores and answers it in
  // the model's casing, fidelity/enumCasing), against the values the package knows.
  const known = shape.fixed
    ? shape.values.includes(value)
    : shape.values.some((v) => v.toLowerCase() === value.toLowerCase());
  if (!known) found.push({ kind: 'enum', path, model: shape.name, sent: shown(value) });
}

function typeViolation(path: string, expected: string, value: unknown): Violation {
  return { kind: 'type', path, model: expected, sent: shown(value) };
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}
