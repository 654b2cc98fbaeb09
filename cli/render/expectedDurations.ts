// How long each stage typically takes per cloud, for progress bars and "~N min left": the site profile's figures
// (lib/sites/profiles.ts says where they come from). When this server has finished the same stage before, its own
// history wins over the table. Pure data and arithmetic.
import type { CloudId } from '../../lib/cloudIds';
import { siteProfile, type DurationRange } from '../../lib/sites/profiles';
import { PROGRESS_STAGES, type ProgressStage } from '../../lib/stages';

export type { DurationRange } from '../../lib/sites/profiles';

export interface Expectation extends DurationRange {
  /** What the bar measures against. */
  typicalMs: number;
  /** `table`: the built-in figures; `history`: stages this server finished before. */
  source: 'table' | 'history';
}

const UNKNOWN_STAGE: DurationRange = { minMs: 5_000, maxMs: 60_000 };

function isTimedStage(stage: string): stage is ProgressStage {
  return (PROGRESS_STAGES as readonly string[]).includes(stage);
}

/** Durations (ms) this server took for one cloud's stage in earlier runs, oldest first. */
export type StageHistory = readonly number[];

export function expectedDuration(cloud: CloudId, stage: string, history: StageHistory = []): Expectation {
  const samples = history.filter((ms) => Number.isFinite(ms) && ms > 0);
  if (samples.length > 0) {
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      minMs: sorted[0],
      maxMs: sorted[sorted.length - 1],
      typicalMs: median(sorted),
      source: 'history',
    };
  }
  const range = isTimedStage(stage) ? siteProfile(cloud).typicalDurations[stage] : UNKNOWN_STAGE;
  // The middle of the documented range: gateways are "typically 30-45 minutes".
  return { ...range, typicalMs: Math.round((range.minMs + range.maxMs) / 2), source: 'table' };
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}
