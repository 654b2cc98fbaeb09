// The previews as text: the pre-flight's checks (failed and warnings in full, the ok ones in a line), then each
// cloud's resources in the order a run would write them, marked as Terraform marks a plan (+ create, ~ update,
// = no-change, ! conflict) with the fields that change, and the estimate. Pure: lines in, lines out.
import type { PreviewBody, TeardownPreviewBody } from '../../lib/api/preview';
import { CLOUD_IDS } from '../../lib/cloudIds';
import { cloudLabel } from './labels';

const MARKS: Readonly<Record<string, string>> = { create: '+', update: '~', 'no-change': '=', conflict: '!' };

/** `Microsoft.Network/virtualNetworks` -> `virtualNetworks`: the namespace adds nothing on a terminal line. */
function shortType(resourceType: string): string {
  return resourceType.split('/').slice(1).join('/') || resourceType;
}

export function previewLines(preview: PreviewBody): string[] {
  const lines: string[] = [];
  const failed = preview.preflight.filter((c) => c.status === 'failed');
  const warned = preview.preflight.filter((c) => c.status === 'warning');
  const passed = preview.preflight.filter((c) => c.status === 'ok');
  lines.push(
    `pre-flight of ${preview.name}: ${passed.length} ok, ${warned.length} warning(s), ${failed.length} failed`,
  );
  for (const check of [...failed, ...warned]) {
    lines.push(
      `  ${check.status === 'failed' ? 'FAILED ' : 'warning'} ${cloudLabel(check.cloud)} ${check.check}: ${check.detail}`,
    );
    if (check.hint) lines.push(`          hint: ${check.hint}`);
  }
  for (const cloud of CLOUD_IDS) {
    const changes = preview.changes[cloud];
    lines.push('', `${cloudLabel(cloud)}:`);
    if (changes.length === 0) lines.push('  (its resources could not be read: see the pre-flight)');
    for (const change of changes) {
      lines.push(
        `  ${MARKS[change.action] ?? '?'} ${change.action.padEnd(9)} ${shortType(change.resourceType).padEnd(24)} ${change.name}`,
      );
      for (const field of change.fields ?? []) lines.push(`      ${field.field}: ${field.old} -> ${field.new}`);
      if (change.action === 'conflict' && change.reason) lines.push(`      ${change.reason}`);
    }
  }
  const counts = CLOUD_IDS.flatMap((cloud) => preview.changes[cloud]).reduce<Record<string, number>>((sum, c) => {
    sum[c.action] = (sum[c.action] ?? 0) + 1;
    return sum;
  }, {});
  const summary = ['create', 'update', 'no-change', 'conflict'].map((a) => `${counts[a] ?? 0} ${a}`).join(', ');
  lines.push('', `${summary}; estimated ${preview.estimatedMinutes} min`);
  if (failed.length > 0)
    lines.push('a run would stop at its pre-flight, before any write: fix the failed checks first');
  return lines;
}

export function teardownPreviewLines(preview: TeardownPreviewBody): string[] {
  const lines: string[] = [`teardown of ${preview.name} would delete, in this order:`];
  for (const cloud of CLOUD_IDS) {
    const entries = preview.changes[cloud];
    lines.push(`${cloudLabel(cloud)}:${entries.length === 0 ? ' nothing of this connection is left' : ''}`);
    for (const entry of entries) lines.push(`  - delete ${shortType(entry.resourceType).padEnd(24)} ${entry.name}`);
  }
  return lines;
}
