// A small scripted world for the shared-key rotation: each site's tunnel is two connections whose key is a version of
// that site's own Key Vault secret (v1 in force, then whatever the rotation writes), an update takes UPDATE_MS
// virtual ms, IKE IKE_MS more once both sides hold the same version. It records every set-shared-key with the other
// sites whose tunnel was down at that moment, so a test can tell that no two tunnels switch at once. Only secret names
// and version ids exist here: no key value ever reaches the orchestration. And the replay check every rotation test
// ends with.
import type { CloudId } from '../../lib/cloudIds';
import { ROTATION_ORCHESTRATION } from '../../lib/rotationNames';
import { replayCompleted, type ActivityOutcome, type DriveResult, type World } from './episodeDriver';
import { EVENT_TYPE } from './history';

export const UPDATE_MS = 40_000;
export const IKE_MS = 10_000;

interface Side {
  version: string;
  updatingUntil: number;
  failed: boolean;
}

export interface RotationWorldOptions {
  /** The Stack Hub side's set of a new version fails with this ARM code: on the site named, or on any site. */
  failStackSet?: { code: string; site?: string };
}

export interface RecordedSet {
  at: number;
  site: string;
  cloud: CloudId;
  version: string;
  /** The other sites whose tunnel was not Connected when this side's set began. */
  othersDown: string[];
}

interface Target {
  cloud: CloudId;
  site?: string;
}

export class RotationWorld implements World {
  readonly sets: RecordedSet[] = [];
  /** `<site>/<cloud>` -> that side's connection. */
  private readonly sides = new Map<string, Side>();
  /** `<secret>|<tag>` -> the version written under that tag. */
  private readonly written = new Map<string, string>();
  private readonly versionCounts = new Map<string, number>();

  constructor(private readonly options: RotationWorldOptions = {}) {}

  activity(name: string, raw: unknown, at: Date): ActivityOutcome {
    const now = at.getTime();
    const input = raw as Record<string, unknown>;
    switch (name) {
      case 'ensureSharedKey':
        return ok({ secretName: input.secretName, version: 'v1', created: false });
      case 'addSharedKeyVersion': {
        const secretName = String(input.secretName);
        const key = `${secretName}|${String(input.tag)}`;
        let version = this.written.get(key);
        if (version === undefined) {
          const count = (this.versionCounts.get(secretName) ?? 0) + 1;
          this.versionCounts.set(secretName, count);
          version = `v${count + 1}`;
          this.written.set(key, version);
        }
        return ok({ secretName, version, created: true });
      }
      case 'beginSetSharedKey':
        return this.setKey(input.target as Target, String(input.version), now);
      case 'getConnectionState': {
        const target = input.target as Target;
        const side = this.side(target);
        if (side.failed) {
          return {
            result: {
              ok: false,
              error: { cloud: target.cloud, stage: 'connection', code: 'ConnectionProvisioningFailed' },
            },
          };
        }
        return ok({
          provisioningState: now < side.updatingUntil ? 'Updating' : 'Succeeded',
          connectionStatus: this.connected(siteOf(target), now)
            ? 'Connected'
            : now < side.updatingUntil
              ? 'Unknown'
              : 'Connecting',
          ingressBytesTransferred: 0,
          egressBytesTransferred: 0,
        });
      }
      case 'publishEvent':
        return ok({ published: true });
      default:
        throw new Error(`unexpected activity ${name}`);
    }
  }

  private setKey(target: Target, version: string, now: number): ActivityOutcome {
    const site = siteOf(target);
    const othersDown = this.siteNames().filter((other) => other !== site && !this.connected(other, now));
    this.sets.push({ at: now, site, cloud: target.cloud, version, othersDown });
    const fault = this.options.failStackSet;
    const failing = fault !== undefined && (fault.site === undefined || fault.site === site);
    if (failing && target.cloud === 'azureStack' && version !== 'v1') {
      this.sides.set(sideKey(target), { version, updatingUntil: now, failed: true });
      return {
        result: { ok: false, error: { cloud: target.cloud, stage: 'connection', code: fault.code, armMessage: 'no' } },
      };
    }
    this.sides.set(sideKey(target), { version, updatingUntil: now + UPDATE_MS, failed: false });
    return ok({ id: `${site}/${target.cloud}`, provisioningState: 'Updating', operation: '{"state":{}}' });
  }

  private side(target: Target): Side {
    const key = sideKey(target);
    let side = this.sides.get(key);
    if (side === undefined) {
      side = { version: 'v1', updatingUntil: 0, failed: false };
      this.sides.set(key, side);
    }
    return side;
  }

  private siteNames(): string[] {
    return [...new Set([...this.sides.keys()].map((key) => key.split('/')[0] ?? ''))];
  }

  private connected(site: string, now: number): boolean {
    const azure = this.side({ cloud: 'azure', site });
    const stack = this.side({ cloud: 'azureStack', site });
    const settled = Math.max(azure.updatingUntil, stack.updatingUntil) + IKE_MS;
    return azure.version === stack.version && !azure.failed && !stack.failed && now >= settled;
  }
}

function siteOf(target: Target): string {
  return target.site ?? 'azurestack';
}

function sideKey(target: Target): string {
  return `${siteOf(target)}/${target.cloud}`;
}

function ok(value: unknown): ActivityOutcome {
  return { result: { ok: true, value } };
}

/** Replaying a finished rotation's whole history in one go gives the same actions, output and custom status. */
export async function expectRotationReplaysTheSame(run: DriveResult, instanceId: string): Promise<void> {
  const input = run.history.find((event) => event.EventType === EVENT_TYPE.ExecutionStarted)?.Input;
  const replayed = await replayCompleted(
    ROTATION_ORCHESTRATION.rotateSharedKey,
    instanceId,
    typeof input === 'string' ? (JSON.parse(input) as unknown) : null,
    run.history,
  );
  const last = run.states.at(-1);
  expect(replayed.state.actions).toEqual(last?.actions);
  expect(replayed.state.output).toEqual(last?.output);
  expect(replayed.state.customStatus).toEqual(last?.customStatus);
}
