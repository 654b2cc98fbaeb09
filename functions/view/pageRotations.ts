// The status page's shared-key rotations section: one row per rotation, newest first, with its state, who asked,
// the Key Vault secret versions (never the key), the downtime measured, when it started and ended (timestamps and
// durations) and why it failed. Shipped to the browser as source text (see pageDocument.ts): self-contained, its
// helpers come in as arguments.
import type { FailureInfo, RotationStatus } from '../../lib/api/connectionStatus';
import type { HtmlFragment, Markup } from './pageMarkup';
import type { Part, Reading, StatusFields } from './pageReading';
import type { Times } from './pageTimes';

export interface RotationsSection {
  /** Nothing when no rotation ran (or the server sends no `rotations`). */
  rotationsSection: (status: StatusFields) => HtmlFragment;
}

export function createRotations({ html, join }: Markup, read: Reading, times: Times): RotationsSection {
  /** A rotation's state in the page's colours: restored (the old key back after a failure) reads as failed. */
  const PARTS: Record<string, Part> = {
    running: 'running',
    succeeded: 'succeeded',
    failed: 'failed',
    restored: 'failed',
  };

  function row(sent: unknown, now: number | undefined): HtmlFragment {
    const rotation = read.rec<RotationStatus>(sent);
    const state = read.str(rotation.state);
    // Own keys only: a state named like an Object.prototype member (`toString`) is no part.
    const part = (Object.hasOwn(PARTS, state) ? PARTS[state] : undefined) ?? 'pending';
    const trigger = read.str(rotation.trigger);
    const previous = read.str(rotation.previousVersion) || '–';
    const next = read.str(rotation.newVersion) || '–';
    const downtime =
      typeof rotation.downtimeSeconds === 'number' ? read.duration(rotation.downtimeSeconds * 1000) : 'not measured';
    const error = read.rec<FailureInfo>(rotation.error);
    const why = error.code || error.message ? html`<code>${error.code}</code> ${error.message}` : '';
    return html`<tr data-rotation="${rotation.instanceId}"><td>${times.span(rotation.startedAt, rotation.finishedAt, now)}</td><td>${trigger}</td><td><span class="label ${read.partClass[part]}">${state || 'unknown'}</span></td><td><code>${previous}</code> → <code>${next}</code></td><td>${downtime}</td><td>${why}</td></tr>`;
  }

  function rotationsSection(status: StatusFields): HtmlFragment {
    const sent = status.rotations;
    const rotations: unknown[] = Array.isArray(sent) ? sent : [];
    if (rotations.length === 0) return html``;
    const now = read.nowOf(status);
    const head = html`<thead><tr><th scope="col">When</th><th scope="col">Trigger</th><th scope="col">State</th><th scope="col">Key versions</th><th scope="col">Downtime</th><th scope="col">Error</th></tr></thead>`;
    const rows = rotations.map((rotation) => row(rotation, now));
    return html`<section class="rotations" data-part="rotations"><h2>Key rotations</h2><table><caption>Shared-key rotations, newest first</caption>${head}<tbody>${join(rows)}</tbody></table></section>`;
  }

  return { rotationsSection };
}
