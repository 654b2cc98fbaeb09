// Measures each shape at a small and a large size on the SQLite store, alternating small and large run by run so
// drift on a shared machine hits both alike: the ratio shows how a per-instance rate changes as history grows.
import type { HostLog } from '../../runtime';
import { repeat } from '../repeat';
import { withBenchHost } from './benchHost';
import type { DurableApi } from './durableApi';
import { externalEvents, fanOutFanIn, sequentialActivities } from './scenarios';
import type { RuntimeBenchSizes, WorkloadSizes } from './sizes';

export interface ShapeRates {
  sequential: number;
  fanOut: number;
  fanIn: number;
  events: number;
}

export interface ScalingSamples {
  small: WorkloadSizes;
  large: WorkloadSizes;
  /** One entry per measured run: the rates at both sizes, taken back to back. */
  runs: { small: ShapeRates; large: ShapeRates }[];
}

async function measureShapes(api: DurableApi, sizes: WorkloadSizes, idPrefix: string): Promise<ShapeRates> {
  const sequential = await sequentialActivities(api, `${idPrefix}-chain`, sizes.chainSteps);
  const fan = await fanOutFanIn(api, `${idPrefix}-fan`, sizes.fanOutWidth);
  const events = await externalEvents(api, `${idPrefix}-events`, sizes.events);
  return { sequential, fanOut: fan.fanOut, fanIn: fan.fanIn, events };
}

export function measureScaling(appDir: string, sizes: RuntimeBenchSizes, log: HostLog): Promise<ScalingSamples> {
  const { small, large, runs } = sizes.scaling;
  return withBenchHost('sqlite', appDir, sizes.timeScale, log, async (api) => ({
    small,
    large,
    runs: await repeat({ runs, warmups: 1 }, async (run) => ({
      small: await measureShapes(api, small, `scaling-small-${run}`),
      large: await measureShapes(api, large, `scaling-large-${run}`),
    })),
  }));
}
