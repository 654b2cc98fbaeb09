// Wire models from the current (TypeSpec-generated) SDK packages: @azure/arm-network 39, @azure/arm-compute 25,
// @azure/arm-resources 8. They ship no serializer mappers; their models are TypeScript interfaces plus one serializer
// and one deserializer function per model, whose source the packages carry in their models' source maps
// (dist/commonjs/models/**/models.js.map, `sourcesContent`). That source is parsed, never run:
// - what a client may send = the keys the model's serializer writes (a nested `properties` comes from
//   `_<model>PropertiesSerializer`), each typed by the interface member it reads;
// - read-only = the keys the deserializer reads that the serializer never writes;
// - required = a non-optional interface member (`virtualNetworkGateway1: VirtualNetworkGateway`);
// - enums: a union of string literals is a fixed enum, `type X = string` with `KnownX` a modelAsString one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type ts from 'typescript';
import type { WireMember, WireObject, WireSchema } from './wireModel';

let loadedTypescript: typeof ts | undefined;

/** The TypeScript parser (9 MB), loaded on the first strict write, not by every CLI command that imports simulator/. */
function typescript(): typeof ts {
  loadedTypescript ??= createRequire(__filename)('typescript') as typeof ts;
  return loadedTypescript;
}

interface InterfaceMember {
  optional: boolean;
  type: ts.TypeNode | undefined;
}

interface ParsedInterface {
  members: Map<string, InterfaceMember>;
  extends: string[];
}

/**
 * The declarations of a package's model sources by name, each parsed on first use: a body walks few models, and
 * parsing all 2 MB of arm-network's would cost seconds per process.
 */
class DeclarationIndex {
  private readonly texts = new Map<string, string>();
  private readonly parsed = new Map<string, ts.Statement | undefined>();
  /** Lower-cased interface name -> its name. */
  readonly byLowerName = new Map<string, string>();

  add(source: string): void {
    const starts = [...source.matchAll(/^export (interface|function|type|enum) (\w+)/gm)];
    starts.forEach((match, i) => {
      const end = i + 1 < starts.length ? starts[i + 1].index : source.length;
      this.texts.set(match[2], source.slice(match.index, end));
      if (match[1] === 'interface') this.byLowerName.set(match[2].toLowerCase(), match[2]);
    });
  }

  has(name: string): boolean {
    return this.texts.has(name);
  }

  private statement(name: string): ts.Statement | undefined {
    if (!this.parsed.has(name)) {
      const text = this.texts.get(name);
      const file =
        text === undefined
          ? undefined
          : typescript().createSourceFile(`${name}.ts`, text, typescript().ScriptTarget.Latest);
      this.parsed.set(name, file?.statements[0]);
    }
    return this.parsed.get(name);
  }

  fn(name: string): ts.FunctionDeclaration | undefined {
    const statement = this.statement(name);
    return statement && typescript().isFunctionDeclaration(statement) ? statement : undefined;
  }

  alias(name: string): ts.TypeNode | undefined {
    const statement = this.statement(name);
    return statement && typescript().isTypeAliasDeclaration(statement) ? statement.type : undefined;
  }

  knownEnum(name: string): string[] | undefined {
    const statement = this.statement(name);
    if (!statement || !typescript().isEnumDeclaration(statement)) return undefined;
    return statement.members.flatMap((m) =>
      m.initializer && typescript().isStringLiteral(m.initializer) ? [m.initializer.text] : [],
    );
  }

  iface(name: string): ParsedInterface | undefined {
    const statement = this.statement(name);
    if (!statement || !typescript().isInterfaceDeclaration(statement)) return undefined;
    const members = new Map<string, InterfaceMember>();
    for (const member of statement.members) {
      if (!typescript().isPropertySignature(member)) continue;
      const key = propertyName(member.name);
      if (key !== undefined) members.set(key, { optional: member.questionToken !== undefined, type: member.type });
    }
    const parents = (statement.heritageClauses ?? []).flatMap((clause) =>
      clause.types.flatMap((t) => (typescript().isIdentifier(t.expression) ? [t.expression.text] : [])),
    );
    return { members, extends: parents };
  }
}

/** The models of one installed TypeSpec-generated package, by model name (`VirtualNetwork`, `RunCommandInput`). */
export class SdkModelSet {
  private readonly cache = new Map<string, WireSchema>();

  private constructor(private readonly index: DeclarationIndex) {}

  /** Reads `<packageDir>/dist/commonjs/models/**\/models.js.map`. */
  static load(packageDir: string): SdkModelSet {
    const index = new DeclarationIndex();
    for (const file of sourceMaps(join(packageDir, 'dist', 'commonjs', 'models'))) {
      const map = JSON.parse(readFileSync(file, 'utf8')) as { sourcesContent?: (string | null)[] };
      for (const source of map.sourcesContent ?? []) if (source) index.add(source);
    }
    return new SdkModelSet(index);
  }

  has(model: string): boolean {
    return this.index.has(`${lowerFirst(model)}Serializer`);
  }

  /** The wire schema of `model` as a request body. */
  model(model: string): WireSchema {
    return this.serialized(`${lowerFirst(model)}Serializer`, model);
  }

  private serialized(serializer: string, model: string): WireSchema {
    const key = `${serializer}:${model}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    let built: WireObject | undefined;
    const lazy: WireSchema = {
      kind: 'lazy',
      resolve: () => (built ??= this.buildObject(serializer, model)),
    };
    this.cache.set(key, lazy);
    return lazy;
  }

  private buildObject(serializer: string, model: string): WireObject {
    const fn = this.index.fn(serializer);
    const written = fn ? returnedObject(fn) : undefined;
    if (!written) return { kind: 'object', model, members: {}, additional: { kind: 'any' } };
    const members: Record<string, WireMember> = {};
    for (const property of written.properties) {
      if (!typescript().isPropertyAssignment(property)) continue;
      const name = propertyName(property.name);
      if (name === undefined) continue;
      members[name] = this.member(property.initializer, model);
    }
    const deserializer = this.index.fn(serializer.replace(/Serializer$/, 'Deserializer'));
    for (const read of deserializer ? itemKeysRead(deserializer) : []) {
      members[read] ??= { schema: { kind: 'any' }, required: false, readOnly: true };
    }
    return { kind: 'object', model, members };
  }

  /** One written key: `item["k"]`, `!item["k"] ? item["k"] : xSerializer(item["k"])`, `_xPropertiesSerializer(item)`. */
  private member(expression: ts.Expression, model: string): WireMember {
    const conditional = typescript().isConditionalExpression(expression);
    const call = findCall(expression);
    const clientKey = firstItemKey(expression);
    const declared = clientKey === undefined ? undefined : this.interfaceMember(model, clientKey);
    const required = declared ? !declared.optional : !conditional && call !== undefined && isNestedProperties(call);
    const schema = call ? this.fromCall(call, model, declared) : this.fromType(declared?.type);
    return { schema, required, readOnly: false };
  }

  private fromCall(call: ts.CallExpression, model: string, declared: InterfaceMember | undefined): WireSchema {
    const callee = calleeName(call);
    if (callee === undefined) return this.fromType(declared?.type);
    if (callee === 'map' || callee === 'toISOString' || !callee.endsWith('Serializer')) {
      return this.fromType(declared?.type);
    }
    if (isNestedProperties(call)) {
      // `_<model>PropertiesSerializer(item)`: the nested `properties` object, typed by the same (flattened) model.
      return this.nested(callee, model);
    }
    if (callee.endsWith('UnionSerializer')) return { kind: 'any' };
    if (callee.endsWith('ArraySerializer')) {
      return { kind: 'array', items: this.modelFor(callee.replace(/ArraySerializer$/, 'Serializer')) };
    }
    if (callee.endsWith('RecordSerializer'))
      return { kind: 'object', model: 'Record', members: {}, additional: { kind: 'any' } };
    return this.modelFor(callee);
  }

  private modelFor(serializer: string): WireSchema {
    const lower = serializer.replace(/Serializer$/, '').toLowerCase();
    const model = this.index.byLowerName.get(lower) ?? serializer.replace(/Serializer$/, '');
    return this.serialized(serializer, model);
  }

  private nested(serializer: string, model: string): WireSchema {
    return this.serialized(serializer, model);
  }

  private interfaceMember(model: string, key: string, seen = new Set<string>()): InterfaceMember | undefined {
    if (seen.has(model)) return undefined;
    seen.add(model);
    const declared = this.index.iface(model);
    if (!declared) return undefined;
    const own = declared.members.get(key);
    if (own) return own;
    for (const parent of declared.extends) {
      const inherited = this.interfaceMember(parent, key, seen);
      if (inherited) return inherited;
    }
    return undefined;
  }

  private fromType(type: ts.TypeNode | undefined): WireSchema {
    if (!type) return { kind: 'any' };
    switch (type.kind) {
      case typescript().SyntaxKind.StringKeyword:
        return { kind: 'string' };
      case typescript().SyntaxKind.NumberKeyword:
        return { kind: 'number' };
      case typescript().SyntaxKind.BooleanKeyword:
        return { kind: 'boolean' };
      default:
        break;
    }
    if (typescript().isArrayTypeNode(type)) return { kind: 'array', items: this.fromType(type.elementType) };
    if (typescript().isUnionTypeNode(type)) return this.fromUnion(type, 'union');
    if (typescript().isLiteralTypeNode(type) && typescript().isStringLiteral(type.literal)) {
      return { kind: 'enum', name: 'literal', values: [type.literal.text], fixed: true };
    }
    if (typescript().isTypeReferenceNode(type) && typescript().isIdentifier(type.typeName)) {
      const name = type.typeName.text;
      const args = type.typeArguments ?? [];
      if (name === 'Date') return { kind: 'string' };
      if (name === 'Array' && args[0]) return { kind: 'array', items: this.fromType(args[0]) };
      if (name === 'Record' && args[1])
        return { kind: 'object', model: 'Record', members: {}, additional: this.fromType(args[1]) };
      const alias = this.index.alias(name);
      if (alias) return this.fromAlias(name, alias);
      if (this.index.iface(name)) return this.modelFor(`${lowerFirst(name)}Serializer`);
    }
    return { kind: 'any' };
  }

  private fromAlias(name: string, alias: ts.TypeNode): WireSchema {
    if (alias.kind === typescript().SyntaxKind.StringKeyword) {
      const known = this.index.knownEnum(`Known${name}`);
      return known ? { kind: 'enum', name, values: known, fixed: false } : { kind: 'string' };
    }
    if (typescript().isUnionTypeNode(alias)) return this.fromUnion(alias, name);
    return this.fromType(alias);
  }

  private fromUnion(union: ts.UnionTypeNode, name: string): WireSchema {
    const values: string[] = [];
    for (const part of union.types) {
      if (typescript().isLiteralTypeNode(part) && typescript().isStringLiteral(part.literal))
        values.push(part.literal.text);
      else if (
        part.kind !== typescript().SyntaxKind.NullKeyword &&
        part.kind !== typescript().SyntaxKind.UndefinedKeyword
      ) {
        return { kind: 'any' };
      }
    }
    return values.length > 0 ? { kind: 'enum', name, values, fixed: true } : { kind: 'any' };
  }
}

function* sourceMaps(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceMaps(path);
    else if (entry.name === 'models.js.map') yield path;
  }
}

function returnedObject(fn: ts.FunctionDeclaration): ts.ObjectLiteralExpression | undefined {
  for (const statement of fn.body?.statements ?? []) {
    if (typescript().isReturnStatement(statement) && statement.expression) {
      const returned = unwrap(statement.expression);
      if (typescript().isObjectLiteralExpression(returned)) return returned;
    }
  }
  return undefined;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (typescript().isParenthesizedExpression(current) || typescript().isAsExpression(current))
    current = current.expression;
  return current;
}

/** Every `item["k"]` a function reads (a deserializer: the wire keys it knows). */
function itemKeysRead(fn: ts.FunctionDeclaration): string[] {
  const keys: string[] = [];
  const visit = (node: ts.Node): void => {
    const key = itemKey(node);
    if (key !== undefined) keys.push(key);
    typescript().forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return keys;
}

function itemKey(node: ts.Node): string | undefined {
  if (
    typescript().isElementAccessExpression(node) &&
    typescript().isIdentifier(node.expression) &&
    node.expression.text === 'item' &&
    typescript().isStringLiteral(node.argumentExpression)
  ) {
    return node.argumentExpression.text;
  }
  return undefined;
}

function firstItemKey(expression: ts.Node): string | undefined {
  const direct = itemKey(expression);
  if (direct !== undefined) return direct;
  let found: string | undefined;
  typescript().forEachChild(expression, (child) => {
    found ??= firstItemKey(child);
  });
  return found;
}

/** The serializer call of a written value, if any (the non-`undefined` branch of a conditional). */
function findCall(expression: ts.Expression): ts.CallExpression | undefined {
  const node = unwrap(expression);
  if (typescript().isConditionalExpression(node)) return findCall(node.whenFalse) ?? findCall(node.whenTrue);
  if (typescript().isCallExpression(node)) return node;
  return undefined;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (typescript().isIdentifier(callee)) return callee.text;
  if (typescript().isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

function isNestedProperties(call: ts.CallExpression): boolean {
  const callee = calleeName(call);
  const [argument] = call.arguments;
  return (
    callee !== undefined &&
    callee.startsWith('_') &&
    argument !== undefined &&
    typescript().isIdentifier(argument) &&
    argument.text === 'item'
  );
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (typescript().isIdentifier(name) || typescript().isStringLiteral(name)) return name.text;
  return undefined;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
