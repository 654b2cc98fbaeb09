// Replay determinism of the FULL provisioning history: a run is driven episode by episode to the end, then its
// complete history (and every prefix of it) is replayed through durable-functions and must yield exactly the
// actions, output and custom status the live episodes produced. Broken replay in JS can fail silently
// (durable-js#122), so this is checked for the parent and every child, on a successful and a rolled-back run.
import './registeredFunctions';
import '../../orchestrations/index';
import { ACTIVITY } from '../../activities/contracts';
import { ORCHESTRATION } from '../../orchestrations/names';
import { CannedClouds } from './cannedClouds';
import { replayCompleted, type DriveResult } from './episodeDriver';
import { driveProvisioning, fleetPlan, fleetWorld, resolvedPlan } from './fixtures';
import { EVENT_TYPE, type HistoryEvent } from './history';
import { invokeOrchestrator } from './invokeOrchestrator';
import { replayActions } from './replayShim';

const NAMES_BY_PREFIX: [RegExp, string][] = [
  [/:event:/, ORCHESTRATION.deliverEvent],
  [/:rollback:(azure|azureStack|site-[^:]+)$/, ORCHESTRATION.teardownSite],
  [/:rollback$/, ORCHESTRATION.teardownHybridConnection],
  [/:(azure|azureStack|site-[^:]+)$/, ORCHESTRATION.provisionSite],
  [/:link-[^:]+$/, ORCHESTRATION.linkSite],
  [/^hc-[^:]+$/, ORCHESTRATION.provisionHybridConnection],
];

function orchestratorOf(instanceId: string): string {
  const found = NAMES_BY_PREFIX.find(([pattern]) => pattern.test(instanceId));
  if (!found) throw new Error(`no orchestrator for ${instanceId}`);
  return found[1];
}

/** Every instance of a run (the parent and, recursively, its children). */
function instances(run: DriveResult, instanceId: string): [string, DriveResult][] {
  return [[instanceId, run], ...[...run.children.entries()].flatMap(([id, child]) => instances(child, id))];
}

/** The run's own instances, without the children that deliver its events. */
function workflowIds(all: readonly [string, DriveResult][]): string[] {
  return all.map(([id]) => id).filter((id) => !id.includes(':event:'));
}

function inputOf(history: readonly HistoryEvent[]): unknown {
  const started = history.find((event) => event.EventType === EVENT_TYPE.ExecutionStarted);
  return typeof started?.Input === 'string' ? (JSON.parse(started.Input) as unknown) : null;
}

function parentOf(history: readonly HistoryEvent[]): string | undefined {
  const started = history.find((event) => event.EventType === EVENT_TYPE.ExecutionStarted);
  const parent = started?.ParentInstance as { OrchestrationInstance?: { InstanceId?: string } } | null | undefined;
  return parent?.OrchestrationInstance?.InstanceId;
}

async function expectDeterministic(instanceId: string, run: DriveResult): Promise<void> {
  const name = orchestratorOf(instanceId);
  const input = inputOf(run.history);
  const parent = parentOf(run.history);
  const last = run.states.at(-1);

  // The complete history, replayed twice: identical to each other and to the live last episode.
  const first = await replayCompleted(name, instanceId, input, run.history, parent);
  const second = await replayCompleted(name, instanceId, input, run.history, parent);
  expect(second).toEqual(first);
  expect(first.state.actions).toEqual(last?.actions);
  expect(first.state.output).toEqual(last?.output);
  expect(first.state.error).toEqual(last?.error);
  expect(first.state.customStatus).toEqual(last?.customStatus);
  expect(first.failed).toBe(run.runtimeStatus === 'Failed');

  // The host's view: the actions match every scheduling event of the history, and nothing new is left to do.
  const shim = replayActions(instanceId, first.state.actions[0] ?? [], run.history);
  expect(shim.newWork).toEqual([]);
  expect(shim.finished).toBe(true);

  // Every prefix ending before an OrchestratorStarted reproduces what that episode produced live.
  const starts = run.history.flatMap((event, index) =>
    event.EventType === EVENT_TYPE.OrchestratorStarted ? [index] : [],
  );
  expect(starts).toHaveLength(run.states.length);
  for (const [episode, start] of starts.entries()) {
    const end = starts[episode + 1] ?? run.history.length;
    const prefix = run.history.slice(0, end).filter((event) => event.EventType !== EVENT_TYPE.ExecutionCompleted);
    const replayed = await invokeOrchestrator(name, {
      instanceId,
      input,
      history: prefix.map((event, index) => ({ ...event, IsPlayed: index < start })),
      isReplaying: true,
      ...(parent !== undefined ? { parentInstanceId: parent } : {}),
    });
    expect({ episode, actions: replayed.state.actions }).toEqual({ episode, actions: run.states[episode]?.actions });
    expect(replayed.state.customStatus).toEqual(run.states[episode]?.customStatus);
  }
}

describe('replay determinism', () => {
  it('replays a successful run, parent and both sites, identically', async () => {
    const run = await driveProvisioning(new CannedClouds(), resolvedPlan({ ticketId: 'CHG0001' }));
    expect(run.runtimeStatus).toBe('Completed');
    const all = instances(run, 'hc-contoso');
    expect(workflowIds(all)).toEqual([
      'hc-contoso',
      'hc-contoso:azure',
      'hc-contoso:azureStack',
      'hc-contoso:link-azurestack',
    ]);
    // One delivery child per event, each replayed like the rest.
    expect(all.filter(([id]) => id.includes(':event:'))).toHaveLength(8);
    for (const [id, instance] of all) await expectDeterministic(id, instance);
  });

  it('replays the critical path identically: one side linked while the other gateway builds, the rest as it comes', async () => {
    // Stack Hub's gateway first: its link is made in the rounds between Azure's gateway reads.
    const run = await driveProvisioning(new CannedClouds({ gatewayMinutes: { azure: 40, azureStack: 15 } }));
    expect(run.runtimeStatus).toBe('Completed');
    for (const [id, instance] of instances(run, 'hc-contoso')) await expectDeterministic(id, instance);
  });

  it('replays a drained failure identically: a link step failed while a gateway built, watched to its end', async () => {
    const world = new CannedClouds({
      gatewayMinutes: { azure: 40, azureStack: 15 },
      terminal: { [ACTIVITY.ensureLocalNetworkGateway]: { azureStack: 'InvalidGatewayIpAddress' } },
      // A retried write in the same rounds as the polls: the retry timers share the host's ids with them.
      flaky: {
        [ACTIVITY.ensureSharedKey]: {
          azure: { error: { code: 'ServiceUnavailable', httpStatus: 503 }, times: 2, latencyMs: 30_000 },
        },
      },
    });
    const run = await driveProvisioning(world, resolvedPlan({ 'options.onFailure': 'rollback' }));
    expect(run.runtimeStatus).toBe('Failed');
    for (const [id, instance] of instances(run, 'hc-contoso')) await expectDeterministic(id, instance);
  });

  it('replays a fleet of three sites, one failing and rolled back, identically: parent, hub, sites, links, teardown', async () => {
    const world = fleetWorld({ sites: { south: { terminal: { [ACTIVITY.beginVirtualMachine]: 'QuotaExceeded' } } } });
    const run = await driveProvisioning(world, fleetPlan({ 'options.onFailure': 'rollback' }));
    expect(run.runtimeStatus).toBe('Failed');
    const all = instances(run, 'hc-contoso');
    expect(workflowIds(all).filter((id) => id.includes(':link-'))).toHaveLength(3);
    expect(workflowIds(all).filter((id) => id.includes(':rollback:'))).toHaveLength(4);
    for (const [id, instance] of all) await expectDeterministic(id, instance);
  });

  it('replays a fleet with transit identically: the links, then the ping from one site to another', async () => {
    const run = await driveProvisioning(fleetWorld(), fleetPlan({ 'options.transit': true }));
    expect(run.runtimeStatus).toBe('Completed');
    expect(run.calls.filter((call) => call.name === ACTIVITY.beginPing)).toHaveLength(4);
    for (const [id, instance] of instances(run, 'hc-contoso')) await expectDeterministic(id, instance);
  });

  it('replays a failed, rolled-back run (failure, Failed event, teardown children) identically', async () => {
    const world = new CannedClouds({ gatewayFailsWith: { azureStack: 'VirtualNetworkGatewayProvisioningFailed' } });
    const run = await driveProvisioning(world, resolvedPlan({ 'options.onFailure': 'rollback' }));
    expect(run.runtimeStatus).toBe('Failed');
    const all = instances(run, 'hc-contoso');
    expect(workflowIds(all).sort()).toEqual(
      [
        'hc-contoso',
        'hc-contoso:azure',
        'hc-contoso:azureStack',
        'hc-contoso:link-azurestack',
        'hc-contoso:rollback',
        'hc-contoso:rollback:azure',
        'hc-contoso:rollback:azureStack',
      ].sort(),
    );
    for (const [id, instance] of all) await expectDeterministic(id, instance);
  });
});
