// The options a journal only replays right under: the seed and everything that shapes an answer (stamps,
// subscriptions, identity, regions, latencies, throttling, tunnel limits, the initial fault plan). A start on a folder recorded with other values
// would rebuild another state than the one its clients saw, so it is refused, naming what differs. The time scale is
// not among them: replay runs on the recorded virtual times.
import type { ResolvedOptions } from '../options';
import { SimulatorOptionsError } from '../options';
import type { StateDatabase } from './stateDatabase';

const OPTIONS_KEY = 'options';

type ReplayOptions = Pick<
  ResolvedOptions,
  | 'seed'
  | 'azureStackStamps'
  | 'subscriptions'
  | 'azureStackIdentity'
  | 'azureStackLocations'
  | 'gatewayTunnelLimits'
  | 'latency'
  | 'throttling'
  | 'faults'
>;

/** What a state file recorded before an option existed means: that option's default. */
const RECORDED_BEFORE: Partial<ReplayOptions> = { azureStackStamps: 1, gatewayTunnelLimits: {} };

/** Records the options on a new state file; on a recorded one, throws unless they are the same. */
export function checkReplayOptions(database: StateDatabase, config: ResolvedOptions, dataDir: string): void {
  const current: ReplayOptions = {
    seed: config.seed,
    azureStackStamps: config.azureStackStamps,
    subscriptions: config.subscriptions,
    azureStackIdentity: config.azureStackIdentity,
    azureStackLocations: config.azureStackLocations,
    gatewayTunnelLimits: config.gatewayTunnelLimits,
    latency: config.latency,
    throttling: config.throttling,
    faults: config.faults,
  };
  const recorded = database.meta(OPTIONS_KEY);
  if (recorded === undefined) {
    database.setMeta(OPTIONS_KEY, JSON.stringify(current));
    return;
  }
  const before: Record<string, unknown> = { ...RECORDED_BEFORE, ...(JSON.parse(recorded) as Record<string, unknown>) };
  const differing = Object.entries(current)
    .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key]))
    .map(([key, value]) => `${key} ${JSON.stringify(value)} (recorded: ${JSON.stringify(before[key])})`);
  if (differing.length > 0) {
    throw new SimulatorOptionsError(
      `the simulator state in ${dataDir} was recorded with other options: ${differing.join('; ')}. ` +
        'Start with the recorded ones, or use another data folder',
    );
  }
}
