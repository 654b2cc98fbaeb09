// The previews as the CLI reads them: the API's PreviewBody and TeardownPreviewBody (lib/api/preview.ts), checked
// field by field so a body from another server version renders what it can instead of throwing. `--json` prints
// the body as it came; only the text views go through here.
import type { PreviewBody, PreviewChange, TeardownPreviewBody, TeardownPreviewEntry } from '../../lib/api/preview';
import { CLOUD_IDS, type CloudId } from '../../lib/cloudIds';
import { isRecord } from '../../lib/json';
import type { CheckResult } from '../../lib/preflight/checks';

const ACTIONS: readonly string[] = ['create', 'update', 'no-change', 'conflict'];
const STATUSES: readonly string[] = ['ok', 'warning', 'failed'];

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function parsePreview(raw: unknown): PreviewBody {
  const body = isRecord(raw) ? raw : {};
  const changes = isRecord(body.changes) ? body.changes : {};
  return {
    name: text(body.name),
    preflight: (Array.isArray(body.preflight) ? body.preflight : []).filter(isRecord).map((check): CheckResult => ({
      cloud: CLOUD_IDS.find((c) => c === check.cloud) ?? 'azure',
      check: text(check.check) as CheckResult['check'],
      status: (STATUSES.includes(text(check.status)) ? check.status : 'failed') as CheckResult['status'],
      detail: text(check.detail),
      hint: text(check.hint),
    })),
    changes: Object.fromEntries(CLOUD_IDS.map((cloud) => [cloud, changesOf(changes[cloud])])) as Record<
      CloudId,
      PreviewChange[]
    >,
    estimatedMinutes: typeof body.estimatedMinutes === 'number' ? body.estimatedMinutes : 0,
  };
}

function changesOf(raw: unknown): PreviewChange[] {
  return (Array.isArray(raw) ? raw : []).filter(isRecord).map((change) => ({
    resourceType: text(change.resourceType),
    name: text(change.name),
    action: (ACTIONS.includes(text(change.action)) ? change.action : 'conflict') as PreviewChange['action'],
    ...(Array.isArray(change.fields)
      ? {
          fields: change.fields
            .filter(isRecord)
            .map((f) => ({ field: text(f.field), old: text(f.old), new: text(f.new) })),
        }
      : {}),
    ...(typeof change.reason === 'string' ? { reason: change.reason } : {}),
  }));
}

export function parseTeardownPreview(raw: unknown): TeardownPreviewBody {
  const body = isRecord(raw) ? raw : {};
  const changes = isRecord(body.changes) ? body.changes : {};
  const entries = (value: unknown): TeardownPreviewEntry[] =>
    (Array.isArray(value) ? value : []).filter(isRecord).map((entry) => ({
      resourceType: text(entry.resourceType),
      name: text(entry.name),
      id: text(entry.id),
      action: 'delete',
    }));
  return {
    name: text(body.name),
    changes: Object.fromEntries(CLOUD_IDS.map((cloud) => [cloud, entries(changes[cloud])])) as Record<
      CloudId,
      TeardownPreviewEntry[]
    >,
  };
}

/** Whether a run of the previewed plan would pass its pre-flight (stage 0 stops on any failed check). */
export function previewPasses(preview: PreviewBody): boolean {
  return preview.preflight.every((check) => check.status !== 'failed');
}
