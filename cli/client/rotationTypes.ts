// The `rotations` of a connection's status as the CLI reads them: narrowed from untrusted JSON into the API's
// RotationStatus (lib/api/connectionStatus.ts), a state this CLI does not know shown as its text.
import type { RotationStatus } from '../../lib/api/connectionStatus';
import { isRecord, uncheckedOf } from '../../lib/json';
import { withoutControlCharacters } from './apiTypes';

type ErrorView = { code: string; message: string; cloud?: string; site?: string; stage?: string; hint?: string };

/** A fleet site's part of a rotation, as sent (`sites.<name>`). */
export interface SiteRotationView {
  state: string;
  previousVersion: string | null;
  newVersion: string | null;
  downtimeSeconds: number | null;
}

export type RotationView = Omit<RotationStatus, 'state' | 'trigger' | 'error' | 'events' | 'sites'> & {
  state: string;
  trigger: string;
  error: ErrorView | null;
  /** A fleet's rotation: each site's part, in the plan's order. */
  sites?: Record<string, SiteRotationView>;
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
          ...(typeof error.site === 'string' ? { site: error.site } : {}),
          ...(typeof error.stage === 'string' ? { stage: error.stage } : {}),
          ...(typeof error.hint === 'string' ? { hint: error.hint } : {}),
        }
      : null,
    ...(isRecord(sent.sites) ? { sites: sitesOf(sent.sites) } : {}),
  };
}

function sitesOf(sent: Record<string, unknown>): Record<string, SiteRotationView> {
  const sites: Record<string, SiteRotationView> = {};
  for (const [name, value] of Object.entries(sent)) {
    if (!isRecord(value)) continue;
    sites[name] = {
      state: text(value.state),
      previousVersion: textOrNull(value.previousVersion),
      newVersion: textOrNull(value.newVersion),
      downtimeSeconds: typeof value.downtimeSeconds === 'number' ? value.downtimeSeconds : null,
    };
  }
  return sites;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
