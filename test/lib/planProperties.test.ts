import fc from 'fast-check';
import { cidrContains, cidrsOverlap, parseIpv4Cidr, validatePlan, type Ipv4Cidr } from '../../lib/plan';
import { minimalPlan, planWith } from './planFixtures';

// Seeded so every run explores the same cases; raise numRuns locally when hunting a bug.
fc.configureGlobal({ seed: 0x6c1b, numRuns: 200 });

// Test oracle only: ranges as integer intervals, to check the ipaddr.js-based maths against.
const toText = (n: number): string => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
const size = (prefix: number): number => 2 ** (32 - prefix);
const block = (network: number, prefix: number): string => `${toText(network)}/${prefix}`;
const interval = (cidr: Ipv4Cidr): [number, number] => {
  const start = cidr.address.octets.reduce((n, octet) => n * 256 + octet, 0);
  return [start, start + size(cidr.prefix) - 1];
};
const cidr = (text: string): Ipv4Cidr => {
  const result = parseIpv4Cidr(text);
  if (!result.ok) throw new Error(result.message);
  return result.cidr;
};

/** An aligned block of the given prefix inside [base, base + size(basePrefix)). */
const blockInside = (base: number, basePrefix: number, prefix: number, pick: number): number =>
  base + (pick % (size(basePrefix) / size(prefix))) * size(prefix);

const PRIVATE = [
  { base: 10 * 2 ** 24, prefix: 8 },
  { base: (172 * 256 + 16) * 2 ** 16, prefix: 12 },
  { base: (192 * 256 + 168) * 2 ** 16, prefix: 16 },
];

/** A site: an address space inside a private range, a workload subnet in its lower half, a GatewaySubnet in its upper half. */
const siteArb = fc
  .record({
    range: fc.constantFrom(...PRIVATE),
    spaceExtra: fc.integer({ min: 0, max: 20 }),
    pick: fc.nat(),
    workloadPrefixExtra: fc.nat(),
    gatewayPrefixExtra: fc.nat(),
    pickW: fc.nat(),
    pickG: fc.nat(),
  })
  .map(({ range, spaceExtra, pick, workloadPrefixExtra, gatewayPrefixExtra, pickW, pickG }) => {
    const prefix = Math.min(range.prefix + spaceExtra, 28);
    const space = blockInside(range.base, range.prefix, prefix, pick);
    const half = prefix + 1;
    const workloadPrefix = half + (workloadPrefixExtra % (29 - half + 1));
    const gatewayPrefix = half + (gatewayPrefixExtra % (29 - half + 1));
    return {
      space,
      prefix,
      addressSpace: [block(space, prefix)],
      workloadSubnet: block(blockInside(space, half, workloadPrefix, pickW), workloadPrefix),
      gatewaySubnet: block(blockInside(space + size(half), half, gatewayPrefix, pickG), gatewayPrefix),
    };
  });

const disjoint = (a: { space: number; prefix: number }, b: { space: number; prefix: number }): boolean =>
  a.space + size(a.prefix) <= b.space || b.space + size(b.prefix) <= a.space;

function planOf(
  azure: { addressSpace: string[]; workloadSubnet: string; gatewaySubnet: string },
  azureStack: typeof azure,
): unknown {
  return planWith({
    'azure.addressSpace': azure.addressSpace,
    'azure.workloadSubnet': azure.workloadSubnet,
    'azure.gatewaySubnet': azure.gatewaySubnet,
    'azureStack.addressSpace': azureStack.addressSpace,
    'azureStack.workloadSubnet': azureStack.workloadSubnet,
    'azureStack.gatewaySubnet': azureStack.gatewaySubnet,
  });
}

describe('plan validation properties', () => {
  it('accepts every well-formed address plan whose clouds are disjoint (warnings only about GatewaySubnet size)', () => {
    fc.assert(
      fc.property(siteArb, siteArb, (azure, azureStack) => {
        fc.pre(disjoint(azure, azureStack));
        const result = validatePlan(planOf(azure, azureStack));
        expect(result.ok ? [] : result.errors).toEqual([]);
        expect(result.warnings.every((w) => w.path.endsWith('.gatewaySubnet'))).toBe(true);
      }),
    );
  });

  it('never accepts clouds whose address spaces overlap, and blames the Stack Hub prefix', () => {
    fc.assert(
      fc.property(siteArb, fc.integer({ min: 1, max: 28 }), fc.nat(), (azure, prefix, pick) => {
        // A Stack Hub space that contains, or lies inside, the Azure one.
        const space =
          prefix <= azure.prefix
            ? azure.space - (azure.space % size(prefix))
            : blockInside(azure.space, azure.prefix, prefix, pick);
        const half = prefix + 1;
        const stack = {
          addressSpace: [block(space, prefix)],
          workloadSubnet: block(space, Math.max(half, 24)),
          gatewaySubnet: block(space + size(half), Math.max(half, 27)),
        };
        const result = validatePlan(planOf(azure, stack));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.errors.map((e) => e.path)).toContain('azureStack.addressSpace[0]');
      }),
    );
  });

  it('agrees with interval arithmetic on overlap and containment, symmetrically', () => {
    const cidrArb = fc
      .record({ n: fc.nat({ max: 2 ** 32 - 1 }), prefix: fc.integer({ min: 0, max: 32 }) })
      .map(({ n, prefix }) => cidr(block(n - (n % size(prefix)), prefix)));
    fc.assert(
      fc.property(cidrArb, cidrArb, (a, b) => {
        const [a0, a1] = interval(a);
        const [b0, b1] = interval(b);
        expect(cidrsOverlap(a, b)).toBe(a0 <= b1 && b0 <= a1);
        expect(cidrsOverlap(b, a)).toBe(cidrsOverlap(a, b));
        expect(cidrContains(a, b)).toBe(a0 <= b0 && b1 <= a1);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary JSON and always answers the same for the same input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const first = validatePlan(value);
        expect(validatePlan(structuredClone(value))).toEqual(first);
        expect(first.ok).toBe(false);
      }),
    );
  });

  it('never throws when any field of a valid plan is replaced by arbitrary JSON, and reports that field', () => {
    // prettier-ignore
    const paths = [
      'name', 'ticketId', 'azure', 'azure.addressSpace', 'azure.addressSpace.0', 'azure.vm', 'azure.vm.sshPublicKey',
      'azure.gatewaySku', 'azureStack.armEndpoint', 'azureStack.location', 'azureStack.gatewaySubnet',
      'connection', 'connection.ipsecPolicy', 'connection.ipsecPolicy.dhGroup', 'options', 'options.onFailure',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
        const plan = planWith({ [path]: value });
        const first = validatePlan(plan);
        expect(validatePlan(structuredClone(plan))).toEqual(first);
        if (!first.ok) {
          const dotted = path.replace(/\.(\d+)/g, '[$1]');
          expect(first.errors.some((e) => e.path === dotted || e.path.startsWith(dotted))).toBe(true);
        }
      }),
    );
  });

  it('resolves every valid plan to a fixpoint: validating the result returns it unchanged', () => {
    fc.assert(
      fc.property(siteArb, siteArb, fc.option(fc.constantFrom('CHG0001', 'INC-7/2')), (azure, azureStack, ticketId) => {
        fc.pre(disjoint(azure, azureStack));
        const input = planOf(azure, azureStack) as Record<string, unknown>;
        if (ticketId !== null) input.ticketId = ticketId;
        const once = validatePlan(input);
        if (!once.ok) throw new Error(JSON.stringify(once.errors));
        // The resolved plan holds its site in an array: the warnings are the same, at the array form's paths.
        const again = validatePlan(JSON.parse(JSON.stringify(once.plan)));
        const arrayForm = (warning: { path: string }) => ({
          ...warning,
          path: warning.path.replace(/^azureStack\./, 'azureStack[0].'),
        });
        expect(again).toEqual({ ...once, warnings: once.warnings.map(arrayForm) });
      }),
      { numRuns: 50 },
    );
  });

  it('keeps the minimal fixture valid (the properties above start from it)', () => {
    expect(validatePlan(minimalPlan()).ok).toBe(true);
  });
});
