// Runs every runtime scenario several times against one host (one Durable store) and keeps the samples: the sizes
// compared with the published targets, and the durable timer.
import type { HostLog } from '../../runtime';
import { repeat } from '../repeat';
import { withBenchHost, type StoreKind } from './benchHost';
import {
  durableTimer,
  externalEvents,
  fanOutFanIn,
  sequentialActivities,
  type FanOutFanInSample,
  type TimerSample,
} from './scenarios';
import type { RuntimeBenchSizes } from './sizes';

export interface StoreSamples {
  store: StoreKind;
  sequential: number[];
  fanOutFanIn: FanOutFanInSample[];
  events: number[];
  timer: TimerSample[];
}

export function measureStore(
  store: StoreKind,
  appDir: string,
  sizes: RuntimeBenchSizes,
  log: HostLog,
): Promise<StoreSamples> {
  const plan = { runs: sizes.runs, warmups: sizes.warmups };
  const { chainSteps, fanOutWidth, events } = sizes.workload;
  return withBenchHost(store, appDir, sizes.timeScale, log, async (api) => ({
    store,
    sequential: await repeat(plan, (run) => sequentialActivities(api, `chain-${run}`, chainSteps)),
    fanOutFanIn: await repeat(plan, (run) => fanOutFanIn(api, `fan-${run}`, fanOutWidth)),
    events: await repeat(plan, (run) => externalEvents(api, `events-${run}`, events)),
    timer: await repeat(plan, (run) => durableTimer(api, `timer-${run}`, sizes.timerMinutes)),
  }));
}
