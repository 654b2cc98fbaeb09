// planReplacement: what a PUT of a connection's plan adds, removes and leaves, and the refusals of a hub or a
// staying site changed in place (each at the path of its first difference).
import { firstDifference, planReplacement } from '../../lib/plan';
import type { ResolvedPlan } from '../../lib/plan/types';
import { fleetPlan } from '../orchestrations/fixtures';

function withSites(plan: ResolvedPlan, names: readonly string[]): ResolvedPlan {
  const template = plan.azureStack[0];
  if (template === undefined) throw new Error('fixture without a site');
  return {
    ...plan,
    azureStack: names.map((name, index) => {
      const octet = 20 + index;
      return {
        ...(plan.azureStack.find((site) => site.name === name) ?? {
          ...template,
          name,
          resourceGroup: `rg-${name}`,
          addressSpace: [`10.${octet}.0.0/16`],
          workloadSubnet: `10.${octet}.1.0/24`,
          gatewaySubnet: `10.${octet}.255.0/27`,
        }),
      };
    }),
  };
}

describe('planReplacement', () => {
  const stored = fleetPlan();

  it('adds the new sites, removes the ones that left and leaves the others, in plan order', () => {
    const next = withSites(stored, ['north', 'east', 'west']);
    const result = planReplacement(stored, next, { arrayForm: true });
    expect(result).toEqual({
      ok: true,
      change: { added: ['west'], removed: [stored.azureStack[1]], unchanged: ['north', 'east'], revision: 1 },
    });
  });

  it('counts revisions from the stored run’s', () => {
    const result = planReplacement(stored, stored, { arrayForm: true, storedRevision: 4 });
    expect(result.ok && result.change.revision).toBe(5);
  });

  it('is no change at all for the same plan (a run then reads and writes nothing)', () => {
    expect(planReplacement(stored, stored, { arrayForm: true })).toEqual({
      ok: true,
      change: { added: [], removed: [], unchanged: ['north', 'south', 'east'], revision: 1 },
    });
  });

  it('lets the options change: they steer the run, not the resources', () => {
    const next = { ...stored, options: { ...stored.options, verifyConnectivity: false } };
    expect(planReplacement(stored, next, { arrayForm: true }).ok).toBe(true);
  });

  it('refuses a hub changed in place, at the first difference', () => {
    const next = { ...stored, azure: { ...stored.azure, gatewaySku: 'VpnGw2AZ' as const } };
    const result = planReplacement(stored, next, { arrayForm: true });
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: 'azure.gatewaySku', message: expect.stringMatching(/^azure cannot change in place/) as unknown },
      ],
    });
    const ticket = planReplacement(stored, { ...stored, ticketId: 'CHG-2' }, { arrayForm: true });
    expect(ticket.ok ? [] : ticket.errors.map((error) => error.path)).toEqual(['ticketId']);
  });

  it('refuses a staying site changed in place, naming it by its index or, in the object form, without one', () => {
    const [north, ...others] = stored.azureStack;
    if (north === undefined) throw new Error('fixture without a site');
    const moved = { ...north, addressSpace: ['10.1.0.0/16', '10.99.0.0/16'] };
    const next = { ...stored, azureStack: [...others, moved] };
    const result = planReplacement(stored, next, { arrayForm: true });
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'azureStack[2].addressSpace[1]', message: expect.stringMatching(/^site north cannot change/) as unknown },
    ]);
    const single = { ...stored, azureStack: [moved] };
    const objectForm = planReplacement(stored, single, { arrayForm: false });
    expect(objectForm.ok ? [] : objectForm.errors.map((error) => error.path)).toEqual(['azureStack.addressSpace[1]']);
  });

  it('removes what an unfinished earlier replacement was to remove, unless the new plan has it again', () => {
    const [, south] = stored.azureStack;
    if (south === undefined) throw new Error('fixture without a site');
    const gone = { ...south, name: 'gone', resourceGroup: 'rg-gone' };
    const result = planReplacement(stored, stored, { arrayForm: true, pendingRemovals: [gone, south] });
    expect(result.ok && result.change.removed.map((site) => site.name)).toEqual(['gone']);
  });
});

describe('firstDifference', () => {
  it('names the first differing leaf, or the container when a member is missing from the new value', () => {
    expect(firstDifference({ a: [1, 2] }, { a: [1, 2] }, 'x')).toBeUndefined();
    expect(firstDifference({ a: [1, 2] }, { a: [1, 3] }, 'x')).toBe('x.a[1]');
    expect(firstDifference({ a: [1, 2] }, { a: [1] }, 'x')).toBe('x.a');
    expect(firstDifference({ a: 1, b: 2 }, { a: 1 }, 'x')).toBe('x');
    expect(firstDifference({ a: 1 }, { a: 1, c: { d: 1 } }, 'x')).toBe('x.c');
  });
});
