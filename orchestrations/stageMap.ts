// Stage transitions on a StageMap (pending -> running -> succeeded | failed) stamped with orchestration time.
// Pure mutations of plain data; the orchestrator publishes the result as custom status.
import type { Stage } from '../lib/stages';
import type { StageMap } from './statusTypes';

export function startStage(map: StageMap, stage: Stage, now: Date): void {
  const previous = map[stage];
  // A stage polled again keeps its first start time, so the status shows how long it has really run.
  map[stage] = {
    state: 'running',
    startedAt: previous?.state === 'running' ? (previous.startedAt ?? now.toISOString()) : now.toISOString(),
  };
}

export function noteStage(map: StageMap, stage: Stage, detail: string, resourceId?: string): void {
  const current = map[stage] ?? { state: 'running' };
  map[stage] = { ...current, detail, ...(resourceId !== undefined ? { resourceId } : {}) };
}

export function finishStage(map: StageMap, stage: Stage, now: Date, resourceId?: string): void {
  const current = map[stage];
  map[stage] = {
    state: 'succeeded',
    startedAt: current?.startedAt ?? now.toISOString(),
    endedAt: now.toISOString(),
    ...(resourceId !== undefined
      ? { resourceId }
      : current?.resourceId !== undefined
        ? { resourceId: current.resourceId }
        : {}),
  };
}

export function failStage(map: StageMap, stage: Stage, now: Date, detail?: string): void {
  const current = map[stage];
  map[stage] = {
    ...current,
    state: 'failed',
    startedAt: current?.startedAt ?? now.toISOString(),
    endedAt: now.toISOString(),
    ...(detail !== undefined ? { detail } : {}),
  };
}

/** The stage that is running (the first one but those in `except`), to blame when a failure does not name its own. */
export function runningStage(map: StageMap, except: readonly Stage[] = []): Stage | undefined {
  return (Object.keys(map) as Stage[]).find((stage) => map[stage]?.state === 'running' && !except.includes(stage));
}

/** Marks every running stage failed (the run stopped while they were in flight), but those in `except`. */
export function failRunningStages(map: StageMap, now: Date, except: readonly Stage[] = []): void {
  for (const stage of Object.keys(map) as Stage[]) {
    if (map[stage]?.state === 'running' && !except.includes(stage)) failStage(map, stage, now);
  }
}
