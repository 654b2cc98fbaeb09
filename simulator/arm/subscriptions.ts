// ARM's subscription reads: the one subscription of each cloud (its state as the account settings say), and the
// provider registrations it has.
import type { ArmCall, ArmResult } from './armCall';
import { stampNumber } from './cloudKeys';
import { armErrors } from './errors';

export function subscriptionBody(call: ArmCall): Record<string, unknown> {
  const { ctx } = call;
  return {
    id: `/subscriptions/${ctx.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: ctx.subscriptionId,
    tenantId: ctx.tenantId,
    displayName: displayName(stampNumber(ctx.key)),
    state: ctx.account.subscriptionState,
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off',
    },
  };
}

function displayName(stamp: number | undefined): string {
  if (stamp === undefined) return 'hybrid-connection simulator (Azure)';
  return `hybrid-connection simulator (Azure Stack Hub${stamp === 1 ? '' : ` ${stamp}`})`;
}

export function listSubscriptions(call: ArmCall): ArmResult {
  return { status: 200, body: { value: [subscriptionBody(call)], count: { type: 'Total', value: 1 } } };
}

/** `GET /subscriptions/{sub}/providers[/{namespace}]`: every namespace we serve is Registered. */
export function providers(
  call: ArmCall,
  namespace: string | undefined,
  supported: (ns: string) => readonly string[] | undefined,
): ArmResult {
  const { ctx } = call;
  const byNamespace = new Map<string, string[]>();
  for (const type of ctx.types.all()) {
    const ns = type.type.slice(0, type.type.indexOf('/'));
    const list = byNamespace.get(ns) ?? [];
    list.push(type.type.slice(ns.length + 1));
    byNamespace.set(ns, list);
  }
  const describe = (ns: string, types: string[]): Record<string, unknown> => ({
    id: `/subscriptions/${ctx.subscriptionId}/providers/${ns}`,
    namespace: ns,
    registrationState: 'Registered',
    registrationPolicy: 'RegistrationRequired',
    resourceTypes: types.map((resourceType) => ({
      resourceType,
      locations: [...ctx.locations.all],
      apiVersions: [...(supported(ns) ?? [])],
    })),
  });
  if (namespace === undefined) {
    return { status: 200, body: { value: [...byNamespace].map(([ns, types]) => describe(ns, types)) } };
  }
  const found = [...byNamespace].find(([ns]) => ns.toLowerCase() === namespace.toLowerCase());
  if (!found) throw armErrors.invalidResourceNamespace(namespace);
  return { status: 200, body: describe(found[0], found[1]) };
}
