// One health monitor for a fleet: each read covers every site's two connections, and a side that stops reading
// Connected is announced under its site (its own event id and `data.site`), the other sites untouched. Replayed from
// canned histories through durable-functions.
import './registeredFunctions';
import '../../orchestrations/index';
import { ACTIVITY } from '../../activities/contracts';
import { pairPlansOf } from '../../lib/plan';
import { ORCHESTRATION } from '../../orchestrations/names';
import { monitorInputFor } from '../../orchestrations/monitorStart';
import type { MonitorCustomStatus } from '../../orchestrations/statusTypes';
import { FLEET_SITES, MINUTE, START, fleetPlan, resolvedPlan } from './fixtures';
import { HistoryBuilder } from './history';
import { invokeOrchestrator, type OrchestratorAction } from './invokeOrchestrator';

const INSTANCE = 'hc-contoso:monitor';
const connectionId = (cloud: string, site: string) => `/subscriptions/s/connections/${cloud}-${site}`;

describe('the health monitor of a fleet', () => {
  const plan = fleetPlan();
  const connections = Object.fromEntries(
    pairPlansOf(plan).map((pair) => [
      pair.azureStack.name,
      {
        azure: connectionId('azure', pair.azureStack.name),
        azureStack: connectionId('azureStack', pair.azureStack.name),
      },
    ]),
  );
  const input = monitorInputFor(plan, connections);

  it('takes every pair, the first as before fleets; a single site named azurestack gets no pairs', () => {
    expect(input?.pairs?.map((pair) => [pair.site, pair.targets.azure.site, pair.connectionIds.azure])).toEqual(
      FLEET_SITES.map((site) => [site, site, connectionId('azure', site)]),
    );
    expect(input?.targets).toEqual(input?.pairs?.[0]?.targets);
    const single = monitorInputFor(resolvedPlan(), { azurestack: { azure: 'a', azureStack: 's' } });
    expect(single?.pairs).toBeUndefined();
    expect(single?.connectionIds).toEqual({ azure: 'a', azureStack: 's' });
  });

  it("reads every site's two connections at once and announces a degraded side under its own site", async () => {
    const firstRead = new Date(START.getTime() + 5 * MINUTE);
    const history = new HistoryBuilder(INSTANCE, START)
      .orchestratorStarted()
      .executionStarted(ORCHESTRATION.monitorTunnel, input)
      .timerCreated(0, firstRead.toISOString())
      .orchestratorCompleted()
      .orchestratorStarted(firstRead)
      .timerFired(0, firstRead.toISOString());
    const episode = () =>
      invokeOrchestrator(ORCHESTRATION.monitorTunnel, {
        instanceId: INSTANCE,
        input,
        history: history.build(),
        isReplaying: true,
      });

    const reading = await episode();
    const reads = reading.state.actions[0]?.[1]?.compoundActions ?? [];
    expect(
      reads.map((action: OrchestratorAction) => [action.functionName, (action.input as { id: string }).id]),
    ).toEqual(
      FLEET_SITES.flatMap((site) => [
        [ACTIVITY.getConnectionState, connectionId('azure', site)],
        [ACTIVITY.getConnectionState, connectionId('azureStack', site)],
      ]),
    );

    // The hub's end of south's tunnel reads NotConnected; every other end Connected.
    reads.forEach((_, index) => history.taskScheduled(index + 1, ACTIVITY.getConnectionState));
    history.orchestratorCompleted().orchestratorStarted(new Date(firstRead.getTime() + 1000));
    reads.forEach((action, index) => {
      const degraded = (action.input as { id: string }).id === connectionId('azure', 'south');
      history.taskCompleted(index + 1, {
        ok: true,
        value: {
          provisioningState: 'Succeeded',
          connectionStatus: degraded ? 'NotConnected' : 'Connected',
          ingressBytesTransferred: 0,
          egressBytesTransferred: 0,
        },
      });
    });
    const announced = await episode();
    const publish = announced.state.actions[0]?.[2];
    const delivery = publish?.compoundActions?.[0];
    const event = (delivery?.input as { event: { id: string; data: Record<string, unknown> } }).event;
    expect(event.id).toBe('hc-contoso/degraded/azure-south/1');
    expect(event.data).toMatchObject({ site: 'south', connectionId: connectionId('azure', 'south'), failedReads: 1 });
    // The event is handed over (its delivery child raced against a timer due now); the read is then recorded.
    const at = new Date(firstRead.getTime() + 1000);
    history
      .subOrchestrationCreated(7, ORCHESTRATION.deliverEvent, delivery?.instanceId ?? '')
      .timerCreated(8, at.toISOString())
      .orchestratorCompleted()
      .orchestratorStarted(at)
      .timerFired(8, at.toISOString());
    const recorded = await episode();
    const status = recorded.state.customStatus as MonitorCustomStatus;
    const [read] = status.reads;
    expect(Object.keys(read?.sites ?? {})).toEqual([...FLEET_SITES]);
    expect(read?.sites?.south?.azure).toEqual({ connectionStatus: 'NotConnected' });
    expect(read?.sides).toEqual(read?.sites?.north);
    expect(status.transitions).toEqual([
      expect.objectContaining({ cloud: 'azure', site: 'south', kind: 'degraded', eventId: event.id }),
    ]);
  });
});
