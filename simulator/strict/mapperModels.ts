// Wire models from the serializer mappers of the classic (AutoRest) SDK packages: the 2020-09-01-hybrid profile
// packages for Azure Stack Hub (@azure/arm-network-profile-2020-09-01-hybrid: network 2018-11-01,
// @azure/arm-resources-profile-2020-09-01-hybrid: resources 2019-10-01). Their `dist-esm/src/models/mappers.js` is
// not exported through the package's "exports", so it is read by file path: a module of `export const X = {...}`
// object literals (with `Object.assign` for inheritance) and nothing else, evaluated in an empty context.
// A mapper names each member's wire path (`serializedName: "properties.subnet"`), its type, `required` and
// `readOnly`; modelAsString enums are plain strings there, fixed ones `Enum` with their `allowedValues`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import type { WireMember, WireObject, WireSchema } from './wireModel';

interface MapperType {
  name: string;
  className?: string;
  modelProperties?: Record<string, Mapper>;
  element?: Mapper;
  value?: Mapper;
  allowedValues?: string[];
}

interface Mapper {
  serializedName?: string;
  required?: boolean;
  readOnly?: boolean;
  type: MapperType;
}

export class MapperModelSet {
  private readonly cache = new Map<string, WireSchema>();

  private constructor(private readonly mappers: Record<string, Mapper>) {}

  static load(packageDir: string): MapperModelSet {
    const source = readFileSync(join(packageDir, 'dist-esm', 'src', 'models', 'mappers.js'), 'utf8');
    // `export const X =` -> `exports.X = ` keeps the later `X.type.modelProperties` references working.
    const script = source.replace(/^export const (\w+) =/gm, 'const $1 = exports.$1 =');
    const exports: Record<string, Mapper> = {};
    runInNewContext(script, { exports, Object });
    return new MapperModelSet(exports);
  }

  has(model: string): boolean {
    return this.mappers[model] !== undefined;
  }

  model(model: string): WireSchema {
    const cached = this.cache.get(model);
    if (cached) return cached;
    let built: WireObject | undefined;
    const lazy: WireSchema = { kind: 'lazy', resolve: () => (built ??= this.build(model)) };
    this.cache.set(model, lazy);
    return lazy;
  }

  private build(model: string): WireObject {
    const root: WireObject = { kind: 'object', model, members: {} };
    const mapper = this.mappers[model];
    if (!mapper?.type.modelProperties) return { ...root, additional: { kind: 'any' } };
    for (const member of Object.values(mapper.type.modelProperties)) {
      if (!member.serializedName) continue;
      // `properties.subnet` nests: the `properties` object holds `subnet` (a dot escaped as `\\.` stays in a name).
      const segments = member.serializedName.split(/(?<!\\)\./).map((s) => s.replace(/\\\./g, '.'));
      let holder = root;
      for (const segment of segments.slice(0, -1)) {
        const existing = holder.members[segment];
        if (existing && existing.schema.kind === 'object') {
          holder = existing.schema;
          // A nested envelope is required when any of its members is (a connection's `properties`).
          if (member.required) existing.required = true;
        } else {
          const envelope: WireObject = { kind: 'object', model, members: {} };
          holder.members[segment] = { schema: envelope, required: member.required === true, readOnly: false };
          holder = envelope;
        }
      }
      const leaf: WireMember = {
        schema: this.schemaOf(member.type),
        required: member.required === true,
        readOnly: member.readOnly === true,
      };
      holder.members[segments[segments.length - 1]] = leaf;
    }
    return root;
  }

  private schemaOf(type: MapperType): WireSchema {
    switch (type.name) {
      case 'String':
      case 'Uuid':
      case 'Date':
      case 'DateTime':
      case 'DateTimeRfc1123':
      case 'TimeSpan':
      case 'ByteArray':
      case 'Base64Url':
        return { kind: 'string' };
      case 'Number':
        return { kind: 'number' };
      case 'Boolean':
        return { kind: 'boolean' };
      case 'Enum':
        return { kind: 'enum', name: type.className ?? 'enum', values: type.allowedValues ?? [], fixed: true };
      case 'Sequence':
        return { kind: 'array', items: type.element ? this.schemaOf(type.element.type) : { kind: 'any' } };
      case 'Dictionary':
        return {
          kind: 'object',
          model: 'Dictionary',
          members: {},
          additional: type.value ? this.schemaOf(type.value.type) : { kind: 'any' },
        };
      case 'Composite':
        return type.className && this.has(type.className) ? this.model(type.className) : { kind: 'any' };
      default:
        return { kind: 'any' };
    }
  }
}
