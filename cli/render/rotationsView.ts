// The key rotations in `status`: one line each, newest first, with its state, who asked, when it started and how
// long it took (or has been running), the Key Vault secret versions (never the key), the downtime measured and why
// it failed. Pure; nothing when no rotation ran.
import type { RotationView } from '../client/dayTwoViews';
import type { Painter } from './ansi';
import { formatDuration } from './format';
import { stampSpan } from './timeStamps';

/** How many rotations `status` lists (the API keeps more). */
const SHOWN = 3;

function badge(state: string, paint: Painter): string {
  if (state === 'succeeded') return paint('green', '✔ succeeded');
  if (state === 'running') return paint('yellow', '● running');
  return state === 'failed' || state === 'restored' ? paint('red', `✖ ${state}`) : paint('grey', `○ ${state || '?'}`);
}

export function rotationLines(
  rotations: readonly RotationView[] | undefined,
  serverNowMs: number,
  paint: Painter,
): string[] {
  if (!rotations || rotations.length === 0) return [];
  const lines = [
    `  ${paint('bold', 'Key rotations')}${rotations.length > SHOWN ? paint('dim', ` (latest ${SHOWN} of ${rotations.length})`) : ''}`,
  ];
  for (const rotation of rotations.slice(0, SHOWN)) {
    const versions = `${rotation.previousVersion ?? '–'} → ${rotation.newVersion ?? '–'}`;
    const downtime =
      rotation.downtimeSeconds !== null ? ` · downtime ${formatDuration(rotation.downtimeSeconds * 1000)}` : '';
    const when = stampSpan(rotation.startedAt, rotation.finishedAt, serverNowMs);
    const why = rotation.error ? paint('red', ` · ${rotation.error.code}: ${rotation.error.message}`) : '';
    lines.push(
      `    ${badge(rotation.state, paint)} (${rotation.trigger}) ${when} · versions ${versions}${downtime}${why}`,
    );
  }
  return lines;
}
