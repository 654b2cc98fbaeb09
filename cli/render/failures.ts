// Every failure of a run (or of its teardown) as terminal lines: the first as "✖ Failed at <where>: <code>", each
// other one as "✖ Also failed at ...", each with its message, diagnosis and hint. Both clouds can fail in one run.
// Pure.
import type { FailureView } from '../client/apiTypes';
import { painter, type Painter } from './ansi';
import { cloudLabel, stageLabel } from './labels';

/** A status with its failures: `errors` (every one, `error` first) where the server sends it, else `error` alone. */
export interface WithFailures {
  error: FailureView | null;
  errors?: readonly FailureView[];
}

export function failuresOf(status: WithFailures): FailureView[] {
  if (status.errors !== undefined && status.errors.length > 0) return [...status.errors];
  return status.error ? [status.error] : [];
}

/**
 * The lines of every failure, the first one headed "Failed", the others "Also failed"; a fleet's (`sites`) say which
 * site each is about.
 */
export function allFailureLines(status: WithFailures, paint: Painter = painter(false), sites = false): string[] {
  return failuresOf(status).flatMap((failure, index) =>
    failureLines(failure, paint, index === 0 ? 'Failed' : 'Also failed', sites),
  );
}

/** Why a run failed: where (the site of a fleet's, cloud, stage), the ARM code, the message and what to do. */
export function failureLines(
  error: FailureView,
  paint: Painter = painter(false),
  heading = 'Failed',
  sites = false,
): string[] {
  const place = [error.cloud ? cloudLabel(error.cloud) : undefined, error.stage ? stageLabel(error.stage) : undefined]
    .filter((part) => part !== undefined)
    .join(' / ');
  const where = sites && error.site ? `site ${error.site}${place ? `, ${place}` : ''}` : place;
  const status = error.httpStatus !== undefined ? ` (HTTP ${error.httpStatus})` : '';
  const lines = [paint('red', `✖ ${heading}${where ? ` at ${where}` : ''}: ${error.code}${status}`)];
  if (error.message) lines.push(`  ${error.message}`);
  if (error.diagnosis) lines.push(`  diagnosis: ${error.diagnosis}`);
  if (error.hint) lines.push(`  ${paint('bold', 'hint:')} ${error.hint}`);
  return lines;
}
