// The `rotations` of a connection's status as the CLI reads them: narrowed from untrusted JSON into the API's
// RotationStatus (lib/api/connectionStatus.ts), a state this CLI does not know shown as its text.
import type { RotationStatus } from '../../lib/api/connectionStatus';
import { isRecord, uncheckedOf } from '../../lib/json';
import { withoutControlCharacters } from './apiTypes';

export type RotationView = Omit<RotationStatus, 'state' | 'trigger' | 'error' | 'events'> & {
  state: string;
  trigger: string;
  error: { code: string; message: string; cloud?: string; stage?: string; hint?: string } | null;
};

/** The status document's rotations, newest first as sent; [] from a server older than them. */
export function parseRotations(raw: unknown): RotationView[] {
  // Nothing printed from an answer (an ARM message in an error, say) can move the cursor or recolour the terminal.
  const body = withoutControlCharacters(raw);
  if (!isRecord(body) || !Array.isArray(body.rotations)) return [];
  return body.rotations.filter(isRecord).map(rotationOf);
}

function rotationOf(value: Record<string, unknown>): RotationView {
  const sent = uncheckedOf<RotationStatus>(value);
  const error = isRecord(sent.error) ? sent.error : undefined;
  return {
    instanceId: text(sent.instanceId),
    state: text(sent.state) || 'running',
    trigger: text(sent.trigger),
    startedAt: text(sent.startedAt),
    finishedAt: textOrNull(sent.finishedAt),
    previousVersion: textOrNull(sent.previousVersion),
    newVersion: textOrNull(sent.newVersion),
    downtimeSeconds: typeof sent.downtimeSeconds === 'number' ? sent.downtimeSeconds : null,
    ...(typeof sent.downtimeResolutionSeconds === 'number'
      ? { downtimeResolutionSeconds: sent.downtimeResolutionSeconds }
      : {}),
    ...(typeof sent.restoredVersion === 'string' ? { restoredVersion: sent.restoredVersion } : {}),
    error: error
      ? {
          code: text(error.code) || 'Unknown',
          message: text(error.message),
          ...(typeof error.cloud === 'string' ? { cloud: error.cloud } : {}),
          ...(typeof error.stage === 'string' ? { stage: error.stage } : {}),
          ...(typeof error.hint === 'string' ? { hint: error.hint } : {}),
        }
      : null,
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
