// The start-up table and the two metrics `--json` writes from it (cold_start_ms, demo_wall_s). Formatting only.
import { formatSummary } from '../format';
import type { Table } from '../table';
import type { StartupResult } from './measureStartup';

export interface StartupMetrics {
  /** Median wall ms from spawning `serve --simulate` to its ready line. */
  cold_start_ms: number;
  /** Wall seconds of `npm start` (the demo), spawn to exit. */
  demo_wall_s: number;
}

export function startupMetrics(result: StartupResult): StartupMetrics {
  return { cold_start_ms: result.coldStartMs.median, demo_wall_s: result.demoWallS };
}

export function startupTable(result: StartupResult): Table {
  return {
    title: 'Start-up: what the user waits for',
    headers: ['measure', 'wall', 'goal'],
    rows: [
      [
        `cold start (serve --simulate, ${result.coldStartMs.samples} starts)`,
        formatSummary(result.coldStartMs, 'ms'),
        '< 1,500 ms',
      ],
      ['demo (npm start, the example plan end to end)', `${result.demoWallS.toFixed(1)} s`, '< 60 s'],
    ],
    notes: [
      'cold start: spawn of node bin/hybrid-connection.js serve --simulate (dist/, Node 22, a fresh data folder) to its ready line',
      'demo: npm start (hybrid-connection demo: time scale 1000) from spawn to exit, output discarded',
    ],
  };
}
