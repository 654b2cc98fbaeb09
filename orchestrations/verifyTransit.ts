// options.transit with 2+ sites: once every site is linked, the first site's VM pings the second site's through the
// hub (their stamps' local network gateways list each other's address space, the hub's gateway routes between its
// tunnels). Every tunnel can read Connected and its own ping succeed while traffic between sites still does not
// cross, so this is checked on its own; a ping that gets no reply fails the run with TransitUnreachable. Skipped with
// options.verifyConnectivity off, as the hub's pings are. Deterministic: activities do the I/O.
import type * as df from 'durable-functions';
import type { PingResult } from '../activities/contracts';
import type { TransitStatus } from '../lib/api/connectionStatus';
import { transitPingOf } from '../lib/plan/pairs';
import type { PairPlan, ResolvedPlan } from '../lib/plan/types';
import { failuresOf } from './failures';
import type { LinkOutcome } from './linkSite';
import type { Orchestration } from './orchestrationTypes';
import { siteFailure } from './pairFailures';
import { pingFromVm } from './pingVm';
import { siteTargetFor } from './siteTargets';
import type { ConnectionStatus } from './statusTypes';
import { WorkflowFailedError } from './workflowFailedError';

type Linked = Extract<LinkOutcome, { ok: true }>;

/** The transit ping as it stands before any site is linked (undefined: the plan has no transit). */
export function transitAtStart(plan: ResolvedPlan): TransitStatus | undefined {
  const ping = transitPingOf(plan);
  if (ping === undefined) return undefined;
  return { state: plan.options.verifyConnectivity ? 'pending' : 'skipped', ...ping };
}

/** Runs the transit ping when the plan asks for it and records it in `status.transit`; undefined without transit. */
export function* verifyTransit(
  context: df.OrchestrationContext,
  plan: ResolvedPlan,
  pairs: readonly PairPlan[],
  links: readonly LinkOutcome[],
  status: ConnectionStatus,
  publishStatus: () => void,
): Orchestration<TransitStatus | undefined> {
  const transit = transitAtStart(plan);
  if (transit === undefined || transit.state === 'skipped') return transit;
  const { from, to } = transit;
  const linked = (site: string): Linked | undefined =>
    links.find((link): link is Linked => link.ok && link.site === site);
  const source = linked(from);
  const destination = linked(to);
  const pair = pairs.find((each) => each.azureStack.name === from);
  if (source === undefined || destination === undefined || pair === undefined) {
    throw new WorkflowFailedError({ code: 'WorkflowStalled', message: `site ${from} or ${to} ended unlinked` });
  }
  const site = { cloud: 'azureStack' as const, stage: 'verify' as const };
  const targetIp = destination.built.sites.azureStack.vmPrivateIp;
  const now = (): string => context.df.currentUtcDateTime.toISOString();
  status.phase = 'verify';
  status.transit = { state: 'running', from, to, startedAt: now() };
  publishStatus();

  const ended = (fields: Partial<TransitStatus>): void => {
    status.transit = { ...transit, startedAt: status.transit?.startedAt, ...fields, endedAt: now() };
    publishStatus();
  };
  let result: PingResult;
  try {
    result = yield* pingFromVm(
      context,
      {
        target: siteTargetFor(pair, 'azureStack'),
        virtualMachineId: source.built.sites.azureStack.vmId,
        targetIp,
        site,
      },
      [],
      () => undefined,
    );
  } catch (error) {
    ended({ state: 'failed' });
    // A failure of the ping itself (Run Command refused, timed out) is about the pinging site's stamp.
    const [first, ...rest] = failuresOf(error, site);
    throw new WorkflowFailedError(
      siteFailure(first, from),
      rest.map((failure) => siteFailure(failure, from)),
    );
  }
  const counts = {
    ...(result.packetsSent !== undefined ? { packetsSent: result.packetsSent } : {}),
    ...(result.packetsReceived !== undefined ? { packetsReceived: result.packetsReceived } : {}),
  };
  if (!result.reachable) {
    ended({ state: 'failed', reachable: false, ...counts });
    throw new WorkflowFailedError({
      ...site,
      site: from,
      code: 'TransitUnreachable',
      message:
        `the VM of site ${from} could not ping ${targetIp}, the VM of site ${to}, through the hub ` +
        `(${result.packetsReceived ?? 0}/${result.packetsSent ?? 0} replies)`,
      hint:
        "every tunnel reads Connected, yet traffic between sites does not cross the hub: check that each site's " +
        "local network gateway on its stamp lists the other sites' address spaces (a rerun writes them), and the " +
        "NSGs and the VMs' firewalls, then rerun",
    });
  }
  ended({ state: 'succeeded', reachable: true, ...counts });
  return status.transit;
}
