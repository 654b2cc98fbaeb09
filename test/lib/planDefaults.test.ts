import { AZURE_STACK_DEFAULT_IPSEC_POLICY } from '../../lib/ipsec';
import { firstPairOf, ipsecPoliciesFor, validatePlan, type ResolvedPlan } from '../../lib/plan';
import { PlanValidationError } from '../../lib/errors';
import { assertValidPlan } from '../../lib/plan/validatePlan';
import { minimalPlan, planWith } from './planFixtures';

function resolved(input: unknown): ResolvedPlan {
  const result = validatePlan(input);
  if (!result.ok) throw new Error(`expected a valid plan: ${JSON.stringify(result.errors)}`);
  return result.plan;
}

describe('validatePlan: defaults', () => {
  it('fills every optional field with its per-cloud default', () => {
    const plan = resolved(minimalPlan());
    expect(plan.azure).toMatchObject({
      resourceGroup: 'rg-contoso-hybrid',
      gatewaySku: 'VpnGw1AZ',
      vm: {
        size: 'Standard_B2s',
        image: {
          publisher: 'Canonical',
          offer: '0001-com-ubuntu-server-jammy',
          sku: '22_04-lts-gen2',
          version: 'latest',
        },
      },
    });
    // The object form is the one site named azurestack, in an array like any fleet.
    expect(plan.azureStack).toHaveLength(1);
    expect(plan.azureStack[0]).toMatchObject({
      name: 'azurestack',
      resourceGroup: 'rg-contoso-hybrid',
      gatewaySku: 'Standard',
      vm: { size: 'Standard_DS1_v2', image: { sku: '22_04-lts' } },
    });
    expect(plan.connection.sharedKeySecretName).toBe('hc-contoso-psk');
    expect(plan.options).toEqual({
      verifyConnectivity: true,
      gatewayTimeoutMinutes: 90,
      onFailure: 'keep',
      adopt: false,
      monitor: { enabled: true, intervalMinutes: 5 },
      repair: false,
      transit: false,
    });
    expect('ticketId' in plan).toBe(false);
  });

  it("gives both clouds the identical explicit IPsec policy, equal to Stack Hub's defaults", () => {
    const plan = firstPairOf(resolved(minimalPlan()));
    // test/lib/ipsec.test.ts pins the constant's value.
    expect(plan.connection.ipsecPolicy).toEqual(AZURE_STACK_DEFAULT_IPSEC_POLICY);
    expect(ipsecPoliciesFor(plan, 'azure')).toEqual([AZURE_STACK_DEFAULT_IPSEC_POLICY]);
    expect(ipsecPoliciesFor(plan, 'azureStack')).toEqual(ipsecPoliciesFor(plan, 'azure'));
  });

  it("leaves a Stack Hub Basic connection without a policy: its built-in offer is the plan's policy", () => {
    const plan = firstPairOf(resolved(planWith({ 'azureStack.gatewaySku': 'Basic' })));
    expect(ipsecPoliciesFor(plan, 'azureStack')).toEqual([]);
    expect(ipsecPoliciesFor(plan, 'azure')).toEqual([AZURE_STACK_DEFAULT_IPSEC_POLICY]);
  });

  it('keeps what the caller chose and carries the ticket id', () => {
    const plan = resolved(
      planWith({
        ticketId: 'CHG0001',
        'azure.resourceGroup': 'net-prod',
        'azureStack.gatewaySku': 'HighPerformance',
        'azureStack.vm.size': 'Standard_F2s_v2',
        'options.onFailure': 'rollback',
        'options.adopt': true,
      }),
    );
    expect(plan.ticketId).toBe('CHG0001');
    expect(plan.azure.resourceGroup).toBe('net-prod');
    expect(plan.azureStack[0]?.resourceGroup).toBe('rg-contoso-hybrid');
    expect(plan.azureStack[0]?.gatewaySku).toBe('HighPerformance');
    expect(plan.azureStack[0]?.vm.size).toBe('Standard_F2s_v2');
    expect(plan.options).toEqual({
      verifyConnectivity: true,
      gatewayTimeoutMinutes: 90,
      onFailure: 'rollback',
      adopt: true,
      monitor: { enabled: true, intervalMinutes: 5 },
      repair: false,
      transit: false,
    });
  });

  it('resolves options.repair: true to the default limits, and fills a partial monitor or repair', () => {
    expect(resolved(planWith({ 'options.repair': true })).options.repair).toEqual({
      afterFailedReads: 3,
      maxPerDay: 3,
    });
    expect(resolved(planWith({ 'options.repair': { maxPerDay: 5 } })).options.repair).toEqual({
      afterFailedReads: 3,
      maxPerDay: 5,
    });
    expect(resolved(planWith({ 'options.monitor': { intervalMinutes: 15 } })).options.monitor).toEqual({
      enabled: true,
      intervalMinutes: 15,
    });
    const once = resolved(planWith({ 'options.repair': true, 'options.monitor': { enabled: false } }));
    expect(resolved(once as unknown as Record<string, unknown>)).toEqual(once);
  });

  it('drops the trailing slash of the ARM endpoint', () => {
    expect(
      resolved(planWith({ 'azureStack.armEndpoint': 'https://management.local.azurestack.external/' })).azureStack[0]
        ?.armEndpoint,
    ).toBe('https://management.local.azurestack.external');
  });

  it('returns a resolved plan that validates again to itself (it can be re-checked in the orchestrator)', () => {
    const once = resolved(planWith({ ticketId: 'INC42', 'azureStack.gatewaySku': 'Basic' }));
    const twice = resolved(JSON.parse(JSON.stringify(once)));
    expect(twice).toEqual(once);
  });

  it('never changes its input and shares no objects with it', () => {
    const input = minimalPlan();
    const before = JSON.stringify(input);
    const plan = resolved(input);
    expect(JSON.stringify(input)).toBe(before);
    plan.azure.addressSpace.push('10.101.0.0/16');
    expect(input.azure.addressSpace).toEqual(['10.100.0.0/16']);
  });
});

describe('assertValidPlan', () => {
  it('returns the resolved plan or throws a PlanValidationError carrying every error', () => {
    expect(assertValidPlan(minimalPlan()).name).toBe('contoso');
    const bad = planWith({ 'azure.gatewaySku': 'Standard', 'azureStack.armEndpoint': 'http://x' });
    let thrown: unknown;
    try {
      assertValidPlan(bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PlanValidationError);
    const error = thrown as PlanValidationError;
    expect(error.name).toBe('PlanValidationError');
    expect(error.errors.map((e) => e.path)).toEqual(['azure.gatewaySku']);
    expect(error.message).toMatch(
      /^the plan is invalid: azure\.gatewaySku: .*Fix the listed fields and submit it again\.$/,
    );
  });
});
