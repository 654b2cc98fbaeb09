import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AZURE_IPSEC_VALUES, AZURE_STACK_DEFAULT_IPSEC_POLICY, IPSEC_ALGORITHM_FIELDS } from '../../lib/ipsec';
import { NAME_MAX_LENGTH } from '../../lib/naming';
import {
  AZURE_GATEWAY_SKUS,
  bindStamp,
  AZURE_STACK_GATEWAY_SKUS,
  DEFAULT_AZURE_GATEWAY_SKU,
  DEFAULT_AZURE_IMAGE,
  DEFAULT_AZURE_STACK_GATEWAY_SKU,
  DEFAULT_AZURE_STACK_IMAGE,
  DEFAULT_AZURE_STACK_VM_SIZE,
  DEFAULT_AZURE_VM_SIZE,
  DEFAULT_OPTIONS,
  ON_FAILURE_POLICIES,
  PLAN_SCHEMA,
  validatePlan,
} from '../../lib/plan';
import { REMOVE, TEST_STAMPS, errorsOf, messagesAt, minimalPlan, planWith } from './planFixtures';

const root = join(__dirname, '..', '..');
const schemaFile = JSON.parse(readFileSync(join(root, 'lib', 'plan', 'plan.schema.json'), 'utf8')) as Schema;

type Schema = {
  [key: string]: unknown;
  properties?: Record<string, Schema>;
  definitions?: Record<string, Schema>;
  description?: string;
};

/** A node as it applies to an object: a `$ref` followed, and `azureStack`'s object form (its `else`). */
function objectNode(node: Schema): Schema {
  const target = (node.else as Schema | undefined) ?? node;
  const ref = target.$ref;
  if (typeof ref !== 'string') return target;
  const found = schemaFile.definitions?.[ref.replace('#/definitions/', '')];
  if (!found) throw new Error(`schema has no ${ref}`);
  return found;
}

function at(schema: Schema, ...path: string[]): Schema {
  return path.reduce<Schema>((node, key) => {
    const child = objectNode(node).properties?.[key];
    if (!child) throw new Error(`schema has no ${path.join('.')}`);
    return objectNode(child);
  }, schema);
}

function everySchemaNode(schema: Schema, path = ''): { path: string; node: Schema }[] {
  const children = Object.entries(schema.properties ?? {}).flatMap(([k, v]) => everySchemaNode(v, `${path}.${k}`));
  const definitions = Object.entries(schema.definitions ?? {}).flatMap(([k, v]) =>
    everySchemaNode(v, `#/definitions/${k}`),
  );
  const items = schema.items as Schema | undefined;
  return [
    { path, node: schema },
    ...children,
    ...definitions,
    ...(items && items.$ref === undefined ? everySchemaNode(items, `${path}[]`) : []),
  ];
}

describe('the published plan schema', () => {
  it('is a draft-07 schema that ajv compiles in strict mode', () => {
    // Union types are plain draft-07 (options.repair is true, false or an object); strict ajv wants them allowed.
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    addFormats(ajv, ['uri']);
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    expect(schemaFile.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(() => ajv.compile(schemaFile)).not.toThrow();
  });

  it('is the very schema validatePlan uses', () => {
    expect(PLAN_SCHEMA).toEqual(schemaFile);
  });

  it('describes every field, for editors', () => {
    const undocumented = everySchemaNode(schemaFile).filter(({ node }) => typeof node.description !== 'string');
    expect(undocumented.map((u) => u.path)).toEqual([]);
  });

  it('closes every object: additionalProperties is false everywhere', () => {
    const open = everySchemaNode(schemaFile).filter(
      ({ node }) => node.type === 'object' && node.additionalProperties !== false,
    );
    expect(open.map((o) => o.path)).toEqual([]);
  });

  it('lists exactly the gateway SKUs each cloud accepts', () => {
    expect(at(schemaFile, 'azure', 'gatewaySku').enum).toEqual([...AZURE_GATEWAY_SKUS]);
    expect(at(schemaFile, 'azureStack', 'gatewaySku').enum).toEqual([...AZURE_STACK_GATEWAY_SKUS]);
  });

  it("lists ARM's IPsec enum values and the onFailure policies", () => {
    for (const field of IPSEC_ALGORITHM_FIELDS) {
      expect(at(schemaFile, 'connection', 'ipsecPolicy', field).enum).toEqual([...AZURE_IPSEC_VALUES[field]]);
    }
    expect(at(schemaFile, 'options', 'onFailure').enum).toEqual([...ON_FAILURE_POLICIES]);
  });

  it('caps name at the longest length whose derived resource names all fit ARM limits', () => {
    expect(at(schemaFile, 'name').maxLength).toBe(NAME_MAX_LENGTH);
  });

  it('declares exactly the fields of a resolved plan (schema and types in step, example complete but for armEndpoint, the site name and the key schedule)', () => {
    const schemaPaths = (node: Schema, path: string): string[] =>
      Object.entries(objectNode(node).properties ?? {}).flatMap(([key, child]) => [
        `${path}${key}`,
        ...(objectNode(child).type === 'object' ? schemaPaths(child, `${path}${key}.`) : []),
      ]);
    // The resolved plan's sites are an array: its first site's fields count as `azureStack.<field>`.
    const valuePaths = (value: unknown, path: string): string[] => {
      if (path === 'azureStack.' && Array.isArray(value)) return valuePaths(value[0], path);
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.entries(value).flatMap(([key, child]) => [`${path}${key}`, ...valuePaths(child, `${path}${key}.`)])
        : [];
    };
    // ticketId and the key schedule have no default: the fixture sets them so every declared field is compared.
    const validated = validatePlan(planWith({ ticketId: 'CHG0001', 'options.rotateKeyEveryDays': 30 }));
    if (!validated.ok) throw new Error('fixture invalid');
    // What the orchestration receives: the plan bound to its configured stamp (id and endpoint both set).
    const result = bindStamp(validated.plan, TEST_STAMPS);
    if (!result.ok) throw new Error('fixture names no test stamp');
    const declared = schemaPaths(schemaFile, '').filter((p) => p !== '$schema');
    expect(valuePaths(result.plan, '').sort()).toEqual(declared.sort());
    // The example shows every field but one: a plan names its stamp by id (`stamp`) or by endpoint
    // (`armEndpoint`), and naming both with different values is refused. The example names `stamp: local` only, the
    // stamp `serve --simulate` configures at the simulator's real endpoint, so the example runs there as copied;
    // an armEndpoint beside it would have to be the simulator's (a random port) and could be nobody's real stamp.
    const example: unknown = JSON.parse(readFileSync(join(root, 'examples', 'plan.json'), 'utf8'));
    expect(valuePaths(example, '')).toContain('azureStack.stamp');
    // Nor does it turn the key schedule on: that is an operator's choice, and the example runs as copied. Its one
    // site (the object form) goes without a name: it is the site `azurestack`; transit, between two or more sites,
    // means nothing for it.
    const notInExample = ['azureStack.armEndpoint', 'options.rotateKeyEveryDays', 'azureStack.name', 'options.transit'];
    const exampleFields = schemaPaths(schemaFile, '').filter((p) => !notInExample.includes(p));
    expect(valuePaths(example, '').sort()).toEqual(exampleFields.sort());
  });

  it('documents the same defaults the resolver applies', () => {
    expect(at(schemaFile, 'azure', 'gatewaySku').default).toBe(DEFAULT_AZURE_GATEWAY_SKU);
    expect(at(schemaFile, 'azureStack', 'gatewaySku').default).toBe(DEFAULT_AZURE_STACK_GATEWAY_SKU);
    expect(at(schemaFile, 'azure', 'vm', 'size').default).toBe(DEFAULT_AZURE_VM_SIZE);
    expect(at(schemaFile, 'azureStack', 'vm', 'size').default).toBe(DEFAULT_AZURE_STACK_VM_SIZE);
    expect(at(schemaFile, 'azure', 'vm', 'image').default).toEqual(DEFAULT_AZURE_IMAGE);
    expect(at(schemaFile, 'azureStack', 'vm', 'image').default).toEqual(DEFAULT_AZURE_STACK_IMAGE);
    expect(at(schemaFile, 'connection', 'ipsecPolicy').default).toEqual(AZURE_STACK_DEFAULT_IPSEC_POLICY);
    for (const [key, value] of Object.entries(DEFAULT_OPTIONS)) {
      expect(at(schemaFile, 'options', key).default).toEqual(value);
    }
  });
});

describe('validatePlan: shape', () => {
  it('accepts the contoso example as published in examples/plan.json', () => {
    const example: unknown = JSON.parse(readFileSync(join(root, 'examples', 'plan.json'), 'utf8'));
    const result = validatePlan(example);
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  it('accepts a plan with only the required fields', () => {
    expect(errorsOf(minimalPlan())).toEqual([]);
  });

  it('refuses an unknown top-level field with its path and the allowed names', () => {
    const [message] = messagesAt(planWith({ colour: 'blue' }), 'colour');
    expect(message).toMatch(/^unknown field: remove it; allowed here: \$schema, name, ticketId, azure/);
  });

  it('refuses an unknown nested field and suggests the name it resembles', () => {
    expect(messagesAt(planWith({ 'azureStack.adressSpace': ['10.9.0.0/16'] }), 'azureStack.adressSpace')).toEqual([
      expect.stringMatching(/^unknown field: remove it \(did you mean addressSpace\?\)/),
    ]);
    expect(messagesAt(planWith({ 'azure.vm.image.plan': 'x' }), 'azure.vm.image.plan')).toHaveLength(1);
    expect(
      messagesAt(
        planWith({ 'connection.ipsecPolicy': { ...AZURE_STACK_DEFAULT_IPSEC_POLICY, dpd: true } }),
        'connection.ipsecPolicy.dpd',
      ),
    ).toHaveLength(1);
  });

  it('names every missing required field with what it is', () => {
    const errors = errorsOf(planWith({ 'azure.subscriptionId': REMOVE, 'azureStack.location': REMOVE, name: REMOVE }));
    expect(errors.map((e) => e.path).sort()).toEqual(['azure.subscriptionId', 'azureStack.location', 'name']);
    expect(errors.find((e) => e.path === 'azure.subscriptionId')?.message).toBe(
      'is required (The Azure subscription (GUID) that receives the resources)',
    );
  });

  it('needs the Azure Stack Hub stamp, by id or by ARM endpoint', () => {
    expect(errorsOf(planWith({ 'azureStack.armEndpoint': REMOVE }))).toEqual([
      { path: 'azureStack.stamp', message: 'is required: name the Azure Stack Hub stamp (or give its armEndpoint)' },
    ]);
    expect(errorsOf(planWith({ 'azureStack.armEndpoint': REMOVE, 'azureStack.stamp': 'local' }))).toEqual([]);
    expect(errorsOf(planWith({ 'azureStack.stamp': 'Local Stamp' })).map((e) => e.path)).toEqual(['azureStack.stamp']);
  });

  it('requires all eight members of an explicit IPsec policy', () => {
    const { pfsGroup: _omit, ...seven } = AZURE_STACK_DEFAULT_IPSEC_POLICY;
    expect(errorsOf(planWith({ 'connection.ipsecPolicy': seven }))).toEqual([
      { path: 'connection.ipsecPolicy.pfsGroup', message: expect.stringMatching(/^is required/) as unknown },
    ]);
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, [], 'plan', 42]) {
      expect(errorsOf(body)).toEqual([
        { path: '', message: expect.stringMatching(/^the plan must be a JSON object/) as unknown },
      ]);
    }
  });

  it('refuses a subscription id that is not a GUID', () => {
    expect(messagesAt(planWith({ 'azure.subscriptionId': 'my-subscription' }), 'azure.subscriptionId')).toEqual([
      expect.stringMatching(/^must be a subscription id: a GUID such as 00000000-0000-0000-0000-000000000000/),
    ]);
    expect(
      messagesAt(
        planWith({ 'azureStack.subscriptionId': '8f2b7c1e4a6d4c3b9e1f2a5d7b9c0e14' }),
        'azureStack.subscriptionId',
      ),
    ).toHaveLength(1);
  });

  it('refuses Standard on Azure: retired for new gateways, with the SKUs to use instead', () => {
    const [message] = messagesAt(planWith({ 'azure.gatewaySku': 'Standard' }), 'azure.gatewaySku');
    expect(message).toMatch(/can no longer be used for new Azure VPN gateways.*use VpnGw1AZ/);
  });

  it('refuses VpnGw1AZ on Azure Stack Hub: no availability zones there', () => {
    const [message] = messagesAt(planWith({ 'azureStack.gatewaySku': 'VpnGw1AZ' }), 'azureStack.gatewaySku');
    expect(message).toMatch(/Azure Stack Hub has no availability zones: use Standard/);
  });

  it('refuses a name that is not lowercase letters, digits and hyphens', () => {
    for (const name of ['Contoso', '1contoso', 'contoso-', 'con_toso', 'con toso', '']) {
      expect(messagesAt(planWith({ name }), 'name')).toHaveLength(1);
    }
  });

  it('refuses a name too long for the names derived from it, and says why', () => {
    const [message] = messagesAt(planWith({ name: 'a'.repeat(NAME_MAX_LENGTH + 1) }), 'name');
    expect(message).toBe(
      `must be at most ${NAME_MAX_LENGTH} characters so that every resource name derived from it fits ARM limits (it has ${NAME_MAX_LENGTH + 1})`,
    );
    expect(errorsOf(planWith({ name: 'a'.repeat(NAME_MAX_LENGTH) }))).toEqual([]);
  });

  it('refuses a location written as a display name', () => {
    expect(messagesAt(planWith({ 'azure.location': 'West Europe' }), 'azure.location')).toEqual([
      expect.stringMatching(/^must be a region short name such as westeurope/),
    ]);
  });

  it('refuses wrong types with what was expected and what came', () => {
    expect(messagesAt(planWith({ 'options.gatewayTimeoutMinutes': '90' }), 'options.gatewayTimeoutMinutes')).toEqual([
      'must be a whole number (got the string "90")',
    ]);
    expect(messagesAt(planWith({ 'azure.addressSpace': '10.100.0.0/16' }), 'azure.addressSpace')).toEqual([
      'must be an array (got the string "10.100.0.0/16")',
    ]);
  });

  it('refuses duplicate address space entries and an empty address space', () => {
    const duplicate = planWith({ 'azure.addressSpace': ['10.100.0.0/16', '10.100.0.0/16'] });
    expect(messagesAt(duplicate, 'azure.addressSpace[1]')).toEqual([
      'repeats azure.addressSpace[0]: remove the duplicate',
    ]);
    expect(messagesAt(planWith({ 'azure.addressSpace': [] }), 'azure.addressSpace')).toEqual([
      'must list at least 1 item(s)',
    ]);
  });

  it('refuses options outside their range', () => {
    expect(messagesAt(planWith({ 'options.gatewayTimeoutMinutes': 5 }), 'options.gatewayTimeoutMinutes')).toEqual([
      'must be at least 10 (got 5)',
    ]);
    expect(messagesAt(planWith({ 'options.onFailure': 'delete' }), 'options.onFailure')).toEqual([
      '"delete" is not allowed here: use one of keep, rollback',
    ]);
  });

  it('refuses monitor and repair options outside their range, field by field', () => {
    expect(
      messagesAt(planWith({ 'options.monitor': { intervalMinutes: 0 } }), 'options.monitor.intervalMinutes'),
    ).toEqual(['must be at least 1 (got 0)']);
    expect(
      messagesAt(planWith({ 'options.monitor': { intervalMinutes: 1441 } }), 'options.monitor.intervalMinutes'),
    ).toEqual(['must be at most 1440 (got 1441)']);
    expect(messagesAt(planWith({ 'options.repair': { maxPerDay: 25 } }), 'options.repair.maxPerDay')).toEqual([
      'must be at most 24 (got 25)',
    ]);
    expect(
      messagesAt(planWith({ 'options.repair': { afterFailedReads: 101 } }), 'options.repair.afterFailedReads'),
    ).toEqual(['must be at most 100 (got 101)']);
    expect(messagesAt(planWith({ 'options.repair': 'yes' }), 'options.repair')).toEqual([
      'must be a boolean (true or false) or an object (got the string "yes")',
    ]);
    expect(messagesAt(planWith({ 'options.repair': { every: 3 } }), 'options.repair.every')).toEqual([
      expect.stringMatching(/^unknown field: remove it/),
    ]);
  });

  it('refuses an ARM endpoint that is not a URL', () => {
    expect(messagesAt(planWith({ 'azureStack.armEndpoint': 'management.local' }), 'azureStack.armEndpoint')).toEqual([
      'must be an absolute URL such as https://management.local.azurestack.external',
    ]);
  });

  it('ignores a $schema editor hint at the top', () => {
    expect(errorsOf(planWith({ $schema: '../lib/plan/plan.schema.json' }))).toEqual([]);
  });

  it('caps a flood of errors and says how many more there are', () => {
    const flood = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`extra${i}`, i]));
    const errors = errorsOf(planWith(flood));
    expect(errors).toHaveLength(51);
    expect(errors[50]).toEqual({
      path: '',
      message: '30 more error(s) not shown: fix the ones above and validate again',
    });
  });
});
