// The options a journal only replays right under: the seed and everything that shapes an answer (subscriptions,
// identity, regions, latencies, throttling, the initial fault plan). A start on a folder recorded with other values
// would rebuild another state than the one its clients saw, so it is refused, naming what differs. The time scale is
// not among them: replay runs on the recorded virtual times.
import type { ResolvedOptions } from '../options';
import { SimulatorOptionsError } from '../options';
import type { StateDatabase } from './stateDatabase';

const OPTIONS_KEY = 'options';

type ReplayOptions = Pick<
  ResolvedOptions,
  'seed' | 'subscriptions' | 'azureStackIdentity' | 'azureStackLocations' | 'latency' | 'throttling' | 'faults'
>;

/** Records the options on a new state file; on a recorded one, throws unless they are the same. */
export function checkReplayOptions(database: StateDatabase, config: ResolvedOptions, dataDir: string): void {
  const { seed, subscriptions, azureStackIdentity, azureStackLocations, latency, throttling, faults } = config;
  const current: ReplayOptions = {
    seed,
    subscriptions,
    azureStackIdentity,
    azureStackLocations,
    latency,
    throttling,
    faults,
  };
  const recorded = database.meta(OPTIONS_KEY);
  if (recorded === undefined) {
    database.setMeta(OPTIONS_KEY, JSON.stringify(current));
    return;
  }
  const before = JSON.parse(recorded) as Record<string, unknown>;
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
