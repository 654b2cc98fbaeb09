// The canned clouds the orchestration tests replay against are held to the real activities: one scenario (both
// sites built, linked, listed for teardown, torn down, listed again) runs through the real handlers on the simulator
// and through CannedClouds, and every answer must agree: ok or not, the same fields, the same resource ids, and the
// same teardown inventory (OS disks and resource groups included).
import { ACTIVITY, type SiteTarget } from '../../activities/contracts';
import { ACTIVITY_HANDLERS } from '../../activities/handlers';
import { PREFLIGHT_ACTIVITY } from '../../activities/preflightContracts';
import { PREFLIGHT_HANDLERS } from '../../activities/preflightHandlers';
import type { CloudId } from '../../lib/cloudIds';
import { AZURE_STACK_DEFAULT_IPSEC_POLICY } from '../../lib/ipsec';
import {
  IMAGE,
  LONG_ENOUGH_MS,
  SITE_PLAN,
  startActivityWorld,
  vmInputFor,
  type ActivityWorld,
} from '../activities/harness';
import { CannedClouds } from './cannedClouds';

type Runner = (name: string, input: unknown) => Promise<unknown>;
/** What the contract compares of one answer: never timing-dependent states, always shapes and ids. */
interface Answer {
  call: string;
  ok: boolean;
  keys: string[];
  ids: string[];
}

const CLOUDS: CloudId[] = ['azure', 'azureStack'];
const ID_FIELDS = ['id', 'workloadSubnetId', 'gatewaySubnetId'];

function summarise(call: string, result: unknown): Answer {
  const outcome = result as { ok: boolean; value?: Record<string, unknown> };
  const value = outcome.value ?? {};
  const listed = Array.isArray(value.deleteOrder) ? (value.deleteOrder as string[]) : [];
  return {
    call,
    ok: outcome.ok,
    keys: Object.keys(value)
      // The SDK poller's serialised state only exists for real operations; the orchestrator treats it as opaque.
      .filter((key) => key !== 'operation')
      .sort(),
    ids: [...ID_FIELDS.map((field) => value[field]).filter((id) => typeof id === 'string'), ...listed].map((id) =>
      String(id).toLowerCase(),
    ),
  };
}

/** The scenario, written once against any runner; `settle` lets time pass (simulator clock or canned time). */
async function scenario(run: Runner, targets: Record<CloudId, SiteTarget>, settle: () => void): Promise<Answer[]> {
  const answers: Answer[] = [];
  const call = async (name: string, input: unknown, label = name): Promise<Record<string, unknown>> => {
    const result = await run(name, input);
    answers.push(summarise(label, result));
    return (result as { value?: Record<string, unknown> }).value ?? {};
  };
  const sites: Record<string, Record<string, string>> = {};
  const knownEarly: Record<string, unknown> = {};
  // Stage 0 on an empty subscription: every check passes.
  for (const cloud of CLOUDS) {
    const peer: CloudId = cloud === 'azure' ? 'azureStack' : 'azure';
    const plan = SITE_PLAN[cloud];
    await call(PREFLIGHT_ACTIVITY.preflightSite, {
      target: targets[cloud],
      addressSpace: [...plan.addressSpace],
      workloadSubnet: plan.workloadSubnet,
      gatewaySubnet: plan.gatewaySubnet,
      gatewaySku: plan.gatewaySku,
      vm: { size: plan.vmSize, image: IMAGE },
      peerAddressSpace: [...SITE_PLAN[peer].addressSpace],
    });
  }
  await call(PREFLIGHT_ACTIVITY.preflightServices, { name: targets.azure.name });
  for (const cloud of CLOUDS) {
    const target = targets[cloud];
    const plan = SITE_PLAN[cloud];
    await call(ACTIVITY.ensureResourceGroup, { target });
    const vnet = await call(ACTIVITY.ensureVirtualNetwork, {
      target,
      addressSpace: [...plan.addressSpace],
      workloadSubnet: plan.workloadSubnet,
      gatewaySubnet: plan.gatewaySubnet,
    });
    const pip = await call(ACTIVITY.ensurePublicIp, { target });
    knownEarly[cloud] = pip.ipAddress;
    const gateway = await call(ACTIVITY.beginGateway, {
      target,
      gatewaySubnetId: vnet.gatewaySubnetId,
      publicIpId: pip.id,
      sku: plan.gatewaySku,
    });
    const nic = await call(ACTIVITY.ensureNetworkInterface, { target, subnetId: vnet.workloadSubnetId });
    const vm = await call(ACTIVITY.beginVirtualMachine, vmInputFor(target, String(nic.id)));
    sites[cloud] = { gatewayId: String(gateway.id), vmId: String(vm.id) };
  }
  settle();
  const ips: Record<string, string> = {};
  for (const cloud of CLOUDS) {
    const gateway = await call(ACTIVITY.getGatewayState, { target: targets[cloud], id: sites[cloud]?.gatewayId });
    ips[cloud] = String(gateway.publicIpAddress);
    // An address the public IP reported at once is the one the gateway ends up with: the peer's local network
    // gateway may point at it before the gateway is up.
    const early = knownEarly[cloud];
    answers.push({
      call: `early address ${cloud}`,
      ok: early === undefined || early === ips[cloud],
      keys: [],
      ids: [],
    });
    await call(ACTIVITY.getVirtualMachineState, { target: targets[cloud], id: sites[cloud]?.vmId });
  }
  const secretName = 'hc-contoso-psk';
  await call(ACTIVITY.ensureSharedKey, { secretName });
  for (const cloud of CLOUDS) {
    const peer: CloudId = cloud === 'azure' ? 'azureStack' : 'azure';
    const lgw = await call(ACTIVITY.ensureLocalNetworkGateway, {
      target: targets[cloud],
      gatewayIpAddress: ips[peer],
      addressPrefixes: [...SITE_PLAN[peer].addressSpace],
    });
    await call(ACTIVITY.beginConnection, {
      target: targets[cloud],
      gatewayId: sites[cloud]?.gatewayId,
      localNetworkGatewayId: lgw.id,
      sharedKeySecretName: secretName,
      ipsecPolicy: { ...AZURE_STACK_DEFAULT_IPSEC_POLICY },
    });
  }
  settle();
  for (const cloud of CLOUDS) {
    const listed = await call(ACTIVITY.listManagedResources, { target: targets[cloud] }, `list ${cloud}`);
    for (const id of listed.deleteOrder as string[]) {
      await call(ACTIVITY.beginDeleteResource, { target: targets[cloud], id }, `delete ${id.split('/').at(-2) ?? ''}`);
      settle();
      await call(ACTIVITY.getResourceState, { target: targets[cloud], id }, `state ${id.split('/').at(-2) ?? ''}`);
    }
    await call(ACTIVITY.listManagedResources, { target: targets[cloud] }, `list ${cloud} after teardown`);
  }
  return answers;
}

describe('CannedClouds against the real activities', () => {
  let w: ActivityWorld;
  beforeAll(async () => {
    w = await startActivityWorld();
  });
  afterAll(async () => {
    await w.stop();
  });

  it('answers the whole scenario exactly as the real activities do', async () => {
    const handlers = { ...ACTIVITY_HANDLERS, ...PREFLIGHT_HANDLERS } as Record<
      string,
      (input: never, context: unknown) => Promise<unknown>
    >;
    const real = await scenario(
      (name, input) => handlers[name]?.(input as never, w.context(name)) ?? Promise.reject(new Error(name)),
      w.targets,
      () => w.sim.inspect.advanceClock(LONG_ENOUGH_MS),
    );

    const canned = new CannedClouds();
    let now = Date.parse('2026-01-01T00:00:00Z');
    const cannedAnswers = await scenario(
      (name, input) => {
        const outcome = canned.activity(name, input, new Date(now));
        return 'result' in outcome ? Promise.resolve(outcome.result) : Promise.reject(new Error(outcome.error));
      },
      w.targets,
      () => {
        now += LONG_ENOUGH_MS;
      },
    );

    expect(cannedAnswers).toEqual(real);
    // The inventory holds the OS disks the VMs were created with, and the (tagged) resource groups, last.
    const lists = real.filter((answer) => /^list \w+$/.test(answer.call));
    for (const list of lists) {
      expect(list.ids.some((id) => id.includes('/providers/microsoft.compute/disks/'))).toBe(true);
      expect(list.ids.at(-1)).toMatch(/\/resourcegroups\/[^/]+$/);
    }
  });
});
