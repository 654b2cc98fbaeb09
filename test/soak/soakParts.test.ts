// The soak's pure parts: its seeded kill schedule, the inventory and event checks, the Retry-After window count, the
// fault plan (the simulator must accept it) and the hostile bodies (the app's own rules must refuse every one, or
// "0 instances started" would mean nothing). No process, no network.
import { EXAMPLE_SUBSCRIPTIONS } from '../../cli/simulatorSettings';
import { parsePlanBody, validatePlan } from '../../lib/plan';
import { parseFaultPlan } from '../../simulator/faults/plan';
import { FULL_CRASH_OPTIONS, KILL_POINTS, killSchedule } from '../../soak/crash';
import { faultPlan, insideRetryAfter, namedWindow, QUICK_FAULT_OPTIONS } from '../../soak/faults';
import { generatedBodies } from '../../soak/hostile';
import {
  checkEvents,
  checkInventory,
  EXPECTED_TYPES,
  expectedEventIds,
  type SimEvent,
  type SimResource,
} from '../../soak/inventory';
import { planFor } from '../../soak/plans';

const SIM = {
  azure: { armEndpoint: 'https://127.0.0.1:1/azure', subscriptionId: EXAMPLE_SUBSCRIPTIONS.azure },
  azureStack: { armEndpoint: 'https://127.0.0.1:1/azurestack', subscriptionId: EXAMPLE_SUBSCRIPTIONS.azureStack },
};

describe('kill schedule', () => {
  it('is the same for a seed, 1..max moments per run in phase order, one more in rotation and teardown for every k-th run', () => {
    const options = { ...FULL_CRASH_OPTIONS, runs: 20 };
    const schedule = killSchedule(options);
    expect(killSchedule(options)).toEqual(schedule);
    expect(killSchedule({ ...options, seed: 'other' })).not.toEqual(schedule);
    const rotation = KILL_POINTS.indexOf('rotationKeyWritten');
    const teardown = KILL_POINTS.indexOf('teardown');
    const inRotation = (point: number): boolean => point >= rotation && point < teardown;
    for (const [index, run] of schedule.entries()) {
      expect(run.teardown).toBe((index + 1) % options.teardownEvery === 0);
      expect(run.rotate).toBe((index + 1) % options.rotateEvery === 0);
      const provisioning = run.targets.filter((target) => target.point < rotation);
      expect(provisioning.length).toBeGreaterThanOrEqual(1);
      expect(provisioning.length).toBeLessThanOrEqual(options.maxKillsPerRun);
      const points = run.targets.map((target) => target.point);
      expect(points).toEqual([...points].sort((a, b) => a - b));
      expect(run.targets.filter((target) => inRotation(target.point))).toHaveLength(run.rotate ? 1 : 0);
      expect(run.targets.filter((target) => target.point === teardown)).toHaveLength(run.teardown ? 1 : 0);
    }
    // Over 20 runs every phase is aimed at (the rotation's three moments too).
    const aimed = new Set(schedule.flatMap((run) => run.targets.map((target) => KILL_POINTS[target.point])));
    expect([...aimed].sort()).toEqual([...KILL_POINTS].sort());
  });

  it('leaves the provisioning and teardown moments as they were without rotations', () => {
    const options = { ...FULL_CRASH_OPTIONS, runs: 20 };
    const withRotations = killSchedule(options);
    const without = killSchedule({ ...options, rotateEvery: 0 });
    const rotation = KILL_POINTS.indexOf('rotationKeyWritten');
    const teardown = KILL_POINTS.indexOf('teardown');
    const notRotation = (run: (typeof without)[number]) =>
      run.targets.filter((target) => target.point < rotation || target.point === teardown);
    expect(withRotations.map(notRotation)).toEqual(without.map(notRotation));
  });
});

/** One connection's resources in one cloud as /_sim/resources lists them. */
function built(name: string, cloud: 'azure' | 'azureStack'): SimResource[] {
  const sub = cloud === 'azure' ? EXAMPLE_SUBSCRIPTIONS.azure : EXAMPLE_SUBSCRIPTIONS.azureStack;
  const group = `/subscriptions/${sub}/resourceGroups/rg-${name}-hybrid`;
  return EXPECTED_TYPES.map((type, i) => ({
    id: type === 'Microsoft.Resources/resourceGroups' ? group : `${group}/providers/${type}/r${i}`,
    name: `r${i}`,
    type,
    properties: { provisioningState: 'Succeeded' },
  }));
}

describe('inventory', () => {
  it('finds a missing, a doubled and a stray resource, one still provisioning and an operation InProgress', () => {
    const azure = [...built('a', 'azure'), ...built('b', 'azure')];
    const stack = built('a', 'azureStack');
    const vnet = stack.find((r) => r.type === 'Microsoft.Network/virtualNetworks');
    stack.push({ ...vnet!, id: `${vnet!.id}-copy` });
    stack.push({ id: `${vnet!.id}/subnets/GatewaySubnet`, name: 'GatewaySubnet' });
    azure[3] = { ...azure[3], properties: { provisioningState: 'Updating' } };
    const findings = checkInventory(
      { azure, azureStack: stack },
      { azure: [{ id: 'op', kind: 'put', resourceId: azure[3].id, status: 'InProgress' }], azureStack: [] },
      { present: ['a'], absent: ['b'] },
    );
    expect(findings.wrong).toEqual(['a: 2 Microsoft.Network/virtualNetworks in azureStack']);
    expect(findings.orphans).toHaveLength(EXPECTED_TYPES.length);
    expect(findings.orphans.every((o) => o.includes('rg-b-hybrid'))).toBe(true);
    expect(findings.notProvisioned).toEqual([`azure ${azure[3].id} Updating`]);
    expect(findings.inProgressOperations).toHaveLength(1);
    expect(findings.resources).toEqual({ azure: 2 * EXPECTED_TYPES.length, azureStack: EXPECTED_TYPES.length + 1 });
  });

  it('holds a connection that failed on purpose to at most one of each, its failed resource left as it is', () => {
    const azure = built('f', 'azure').filter((r) => r.type !== 'Microsoft.Network/connections');
    azure[1] = { ...azure[1], properties: { provisioningState: 'Failed' } };
    const findings = checkInventory(
      { azure, azureStack: [] },
      { azure: [], azureStack: [] },
      { present: [], absent: [], partial: ['f'] },
    );
    expect(findings).toMatchObject({ wrong: [], orphans: [], notProvisioned: [] });
  });
});

describe('events', () => {
  const event = (id: string, data: unknown = {}): SimEvent => ({ id, type: 't', subject: 's', event: { data } });

  it('counts repeated deliveries, and finds missing, unstable and unexpected ids', () => {
    const ids = expectedEventIds('a', false);
    expect(ids).toHaveLength(8);
    const events = [
      ...ids.slice(1).map((id) => event(id)),
      event(ids[1]),
      event(ids[2], { other: true }),
      event('hc-a/started/azure'),
      event('hc-someone-else/started/all'),
    ];
    const findings = checkEvents(events, [{ name: 'a', tornDown: false }]);
    expect(findings).toMatchObject({
      expected: 8,
      missing: [ids[0]],
      duplicates: 2,
      unstable: [ids[2]],
      unexpected: ['hc-a/started/azure'],
    });
    expect(expectedEventIds('a', true).at(-1)).toBe('hc-a/teardown/all');
  });

  it("accepts the health monitor's degraded and recovered events of a rotated connection, and only of one", () => {
    const ids = expectedEventIds('a', false);
    const monitor = ['hc-a/degraded/azure/1', 'hc-a/recovered/azure/1'];
    const events = [...ids, ...monitor].map((id) => event(id));
    expect(checkEvents(events, [{ name: 'a', tornDown: false, rotated: true }]).unexpected).toEqual([]);
    expect(checkEvents(events, [{ name: 'a', tornDown: false }]).unexpected).toEqual(monitor);
    const otherStage = [...ids, 'hc-a/degraded/azure/x'].map((id) => event(id));
    expect(checkEvents(otherStage, [{ name: 'a', tornDown: false, rotated: true }]).unexpected).toEqual([
      'hc-a/degraded/azure/x',
    ]);
  });
});

describe('requests inside a Retry-After window', () => {
  it('counts returns to the same resource before the wait ran out, and apart reads shared by all runs', () => {
    const gateway = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/g';
    const usages = '/subscriptions/s/providers/Microsoft.Network/locations/x/usages';
    const request = (sequence: number, virtualTime: number, path: string, status: number) => ({
      sequence,
      virtualTime,
      service: 'azure',
      method: 'GET',
      path,
      status,
    });
    const log = [
      request(1, 0, gateway, 429),
      request(2, 500, gateway, 429),
      request(3, 1600, gateway, 200),
      request(4, 0, usages, 429),
      request(5, 10, usages, 200),
    ];
    const counted = insideRetryAfter(log, 1000);
    expect(counted).toEqual({ count: 1, throttledAnswers: 2, gapsMs: [500], shared: 1 });
  });

  it("takes each answer's own Retry-After, and counts an operation's status and a secret as one run's", () => {
    const operation = '/subscriptions/s/providers/Microsoft.Network/locations/x/operations/op-1';
    const secret = '/secrets/hc-a-psk/';
    const at = (sequence: number, virtualTime: number, service: string, path: string, status: number, ra?: number) => ({
      sequence,
      virtualTime,
      service,
      method: 'GET',
      path,
      status,
      ...(ra !== undefined && { retryAfterSeconds: ra }),
    });
    const log = [
      at(1, 0, 'azure', operation, 429, 3),
      at(2, 2500, 'azure', operation, 200), // inside the 3 s it named (scale 1: 3000 virtual ms)
      at(3, 0, 'keyVault', secret, 503, 1),
      at(4, 1000, 'keyVault', secret, 200), // exactly when the wait ran out: not inside
    ];
    expect(insideRetryAfter(log, namedWindow(1, 9))).toEqual({
      count: 1,
      throttledAnswers: 2,
      gapsMs: [2500],
      shared: 0,
    });
  });
});

describe('fault plan', () => {
  it('is one the simulator accepts, with a failing gateway, a stuck tunnel and a burst aimed at single runs', () => {
    const plan = parseFaultPlan(faultPlan(QUICK_FAULT_OPTIONS, 'faults02', 'faults04', 'faults03'));
    expect(plan.rules.map((rule) => rule.kind).sort()).toEqual([
      'anotherOperationInProgress',
      'anotherOperationInProgress',
      'connectionReset',
      'connectionStuck',
      'internalServerError',
      'provisioningFailed',
      'serviceUnavailable',
      'serviceUnavailable',
      'throttle',
      'throttle',
    ]);
    expect(plan.rules.find((rule) => rule.kind === 'provisioningFailed')?.path).toContain('vgw-faults02');
    const stuck = plan.rules.find((rule) => rule.kind === 'connectionStuck');
    expect(stuck).toMatchObject({ cloud: 'azure', method: 'PUT' });
    expect(new RegExp(stuck?.path ?? '', 'i').test('/x/connections/cn-faults03-to-azurestack')).toBe(true);
    // Key Vault's 503s: the only rule that reaches Key Vault; every other rule stays on ARM.
    expect(plan.rules.filter((rule) => rule.service === 'keyVault').map((rule) => rule.kind)).toEqual([
      'serviceUnavailable',
    ]);
  });
});

describe('hostile bodies', () => {
  it('are all refused by the rules the app applies, though the plan they start from is valid', () => {
    const plan = planFor(SIM, 'hostile');
    expect(validatePlan(plan).ok).toBe(true);
    const bodies = generatedBodies(plan, { bodies: 400, seed: 7 });
    expect(new Set(bodies).size).toBeGreaterThan(350);
    const accepted = bodies.filter((body) => {
      const parsed = parsePlanBody(body);
      return parsed.ok && validatePlan(parsed.value).ok;
    });
    expect(accepted).toEqual([]);
  });
});
