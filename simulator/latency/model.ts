// The latency model: how much virtual time an ARM operation takes, per cloud and `type:operation` key, drawn with
// seeded jitter between the key's [min, max]. It only answers durations; it never schedules anything itself.
import type { CloudName, LatencyKey } from '../arm/resourceType';
import type { Random } from '../random';
import { DEFAULT_LATENCIES, FALLBACK, type LatencyRange } from './defaults';

/** A fixed duration or a [min, max] range, in virtual milliseconds. */
export type LatencySetting = number | readonly [number, number];

/** Per-cloud overrides keyed like `Microsoft.Network/virtualNetworkGateways:create` (case-insensitive). */
export type LatencyOverrides = Partial<Record<CloudName, Record<string, LatencySetting>>>;

export class LatencyModel {
  private readonly table = new Map<string, LatencyRange>();

  constructor(
    readonly cloud: CloudName,
    private readonly random: Random,
    overrides: Record<string, LatencySetting> = {},
  ) {
    for (const [key, range] of Object.entries(DEFAULT_LATENCIES[cloud])) this.table.set(key.toLowerCase(), range);
    for (const [key, setting] of Object.entries(overrides)) this.table.set(key.toLowerCase(), toRange(key, setting));
  }

  range(key: LatencyKey): LatencyRange {
    const found = this.table.get(key.toLowerCase());
    if (found) return found;
    const operation = key.slice(key.lastIndexOf(':') + 1) as keyof typeof FALLBACK;
    return FALLBACK[operation] ?? FALLBACK.action;
  }

  /** A duration drawn uniformly from the key's range with this cloud's seeded jitter stream. */
  sample(key: LatencyKey): number {
    const [min, max] = this.range(key);
    return Math.round(min + this.random() * (max - min));
  }
}

/** A setting as a [min, max] range; RangeError when it is not a duration >= 0 or an ordered range. */
export function toRange(key: string, setting: LatencySetting): LatencyRange {
  const range: LatencyRange = typeof setting === 'number' ? [setting, setting] : [setting[0], setting[1]];
  if (!(range[0] >= 0) || !(range[1] >= range[0])) {
    throw new RangeError(`latency for ${key} must be a duration >= 0 or a [min, max] range with min <= max`);
  }
  return range;
}
