// Shared-key rotations as `status` shows them (the latest few, newest first) and as `rotate-key` reports its own:
// state, Key Vault versions (ids, never a key), downtime, and the error of one that failed.
import type { RotationView } from '../client/rotationTypes';
import type { Painter } from './ansi';
import { shortTime } from './format';

const MARKS: Readonly<Record<string, { mark: string; style: 'green' | 'yellow' | 'red' | 'cyan' }>> = {
  succeeded: { mark: '✓', style: 'green' },
  restored: { mark: '↺', style: 'yellow' },
  failed: { mark: '✖', style: 'red' },
  running: { mark: '●', style: 'cyan' },
};

/** `Key rotations:` and one line per rotation (at most `max`), or nothing when there was none. */
export function rotationLines(rotations: readonly RotationView[], paint: Painter, max = 3): string[] {
  if (rotations.length === 0) return [];
  const shown = rotations.slice(0, max);
  const more = rotations.length - shown.length;
  return [
    'Key rotations:',
    ...shown.map((rotation) => `  ${rotationLine(rotation, paint)}`),
    ...(more > 0 ? [`  … and ${more} earlier`] : []),
  ];
}

export function rotationLine(rotation: RotationView, paint: Painter): string {
  const { mark, style } = MARKS[rotation.state] ?? { mark: '?', style: 'yellow' as const };
  const parts = [
    paint(style, `${mark} ${rotation.state}`),
    shortTime(rotation.startedAt),
    `(${rotation.trigger || 'request'})`,
    `version ${short(rotation.previousVersion)} -> ${short(rotation.newVersion)}`,
  ];
  if (rotation.state === 'restored' && rotation.restoredVersion !== undefined) {
    parts.push(`back on the previous key as ${short(rotation.restoredVersion)}`);
  }
  if (rotation.downtimeSeconds !== null)
    parts.push(`${rotation.sites ? 'longest ' : ''}downtime ${downtime(rotation)}`);
  // A fleet's: one line per site (each has a secret of its own), in the order they rotated.
  const siteLines = Object.entries(rotation.sites ?? {}).map(([site, entry]) => {
    const { mark } = MARKS[entry.state] ?? { mark: '○' };
    const measured = entry.downtimeSeconds !== null ? `  downtime ${entry.downtimeSeconds} s` : '';
    return `\n    ${site}: ${mark} ${entry.state}  version ${short(entry.previousVersion)} -> ${short(entry.newVersion)}${measured}`;
  });
  const line = parts.join('  ') + siteLines.join('');
  const error = rotation.error;
  if (!error) return line;
  const where = [error.site, error.cloud, error.stage].filter(Boolean).join('/');
  return `${line}\n    ${paint('red', `${error.code}${where ? ` at ${where}` : ''}`)}: ${error.message}`;
}

/** `45 s (±5 s)`: the reads it comes from are one poll interval apart. */
export function downtime(rotation: RotationView): string {
  const resolution = rotation.downtimeResolutionSeconds;
  return `${rotation.downtimeSeconds ?? '?'} s${resolution !== undefined ? ` (±${resolution} s)` : ''}`;
}

/** A version id's first 8 hex digits: enough to tell versions apart on a line. */
function short(version: string | null): string {
  return version === null ? '–' : version.slice(0, 8);
}
