// Publishes custom status, keeping it under Durable's 16 KB limit by shedding the least useful parts first.
// Deterministic: the same status object always yields the same published value.
import type * as df from 'durable-functions';
import { CUSTOM_STATUS_LIMIT_BYTES, type StageMap } from './statusTypes';

/** Margin for JSON escaping and the host's own envelope. */
const BUDGET_BYTES = CUSTOM_STATUS_LIMIT_BYTES - 1024;

export function setStatus(context: df.OrchestrationContext, status: object): void {
  context.df.setCustomStatus(compactStatus(status));
}

/** A UTF-16 code unit that takes more than one byte in UTF-8. */
const MULTI_BYTE = /[\u0080-\uffff]/;

export function byteLength(value: unknown): number {
  // Orchestrations must not import Node built-ins (no Buffer): count UTF-8 bytes by hand.
  const text = JSON.stringify(value) ?? '';
  // Every status is measured on every replay of every episode: ASCII text (nearly always) is one byte a character,
  // found by the regex engine, not by the loop below over each character.
  if (!MULTI_BYTE.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** How many failures a status keeps when it must shed (the first ones: `error` is the first). */
const KEPT_FAILURES = 20;

/**
 * Whether the value's JSON fits the budget. Every episode replays every status the run set, so the common case is
 * cheap: no UTF-16 unit takes more than 3 UTF-8 bytes (a surrogate pair, two units, takes 4), so JSON at most a third
 * of the budget long fits without counting.
 */
function fitsInBudget(value: unknown): boolean {
  const text = JSON.stringify(value) ?? '';
  return text.length * 3 <= BUDGET_BYTES || byteLength(value) <= BUDGET_BYTES;
}

/**
 * Returns the status itself when it fits; otherwise a copy without stage details, then with shortened error
 * messages, then without resource ids (the status endpoint can still draw progress from states and times), then the
 * older events; a fleet's run can hold more than that (every site's pre-flight checks and failures): then only the
 * checks that did not pass, and the first failures.
 */
export function compactStatus<T extends object>(status: T): T {
  if (fitsInBudget(status)) return status;
  const copy = JSON.parse(JSON.stringify(status)) as T;
  const steps: ((value: Record<string, unknown>) => void)[] = [
    (value) => forEachStage(value, (stage) => delete stage.detail),
    (value) => shortenMessages(value, 200),
    (value) => forEachStage(value, (stage) => delete stage.resourceId),
    (value) => {
      if (Array.isArray(value.events)) value.events = value.events.slice(-20);
    },
    (value) => {
      if (Array.isArray(value.preflight)) {
        value.preflight = value.preflight.filter((check) => (check as { status?: unknown }).status !== 'ok');
      }
    },
    (value) => {
      if (Array.isArray(value.errors)) value.errors = value.errors.slice(0, KEPT_FAILURES);
    },
  ];
  for (const step of steps) {
    step(copy as Record<string, unknown>);
    if (fitsInBudget(copy)) return copy;
  }
  return copy;
}

function forEachStage(value: unknown, visit: (stage: Record<string, unknown>) => void): void {
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'stages' && typeof child === 'object' && child !== null) {
      for (const map of stageMapsIn(child as Record<string, unknown>)) {
        for (const stage of Object.values(map)) if (stage) visit(stage as unknown as Record<string, unknown>);
      }
    } else forEachStage(child, visit);
  }
}

/** `stages` is a StageMap (site status) or a per-cloud record of StageMaps (connection status). */
function stageMapsIn(stages: Record<string, unknown>): StageMap[] {
  const values = Object.values(stages);
  const isMapOfMaps = values.every((v) => typeof v === 'object' && v !== null && !('state' in v));
  return isMapOfMaps ? (values as StageMap[]) : [stages];
}

function shortenMessages(value: unknown, max: number): void {
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(record)) {
    if ((key === 'message' || key === 'hint') && typeof child === 'string' && child.length > max) {
      record[key] = `${child.slice(0, max - 1)}…`;
    } else shortenMessages(child, max);
  }
}
