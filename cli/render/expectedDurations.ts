// How long each stage typically takes per cloud, for progress bars and "~N min left". Azure figures follow Microsoft's
// documentation (a VPN gateway takes 30-45 minutes:
// https://learn.microsoft.com/azure/vpn-gateway/tutorial-create-gateway-portal); Azure Stack Hub's are plausible
// guesses (no public measurements), like the simulator's latency model. When this server has finished the same stage
// before, its own history wins over the table. Pure data and arithmetic.
import type { CloudId } from '../../lib/cloudIds';

const S = 1000;
const MIN = 60 * S;

export interface DurationRange {
  minMs: number;
  maxMs: number;
}

export interface Expectation extends DurationRange {
  /** What the bar measures against. */
  typicalMs: number;
  /** `table`: the built-in figures; `history`: stages this server finished before. */
  source: 'table' | 'history';
}

const TYPICAL: Record<CloudId, Record<string, DurationRange>> = {
  azure: {
    resourceGroup: { minMs: 2 * S, maxMs: 10 * S },
    virtualNetwork: { minMs: 10 * S, maxMs: 30 * S },
    publicIp: { minMs: 2 * S, maxMs: 10 * S },
    networkInterface: { minMs: 2 * S, maxMs: 10 * S },
    gateway: { minMs: 30 * MIN, maxMs: 45 * MIN },
    virtualMachine: { minMs: 1 * MIN, maxMs: 4 * MIN },
    localNetworkGateway: { minMs: 10 * S, maxMs: 60 * S },
    connection: { minMs: 1 * MIN, maxMs: 3 * MIN },
    tunnel: { minMs: 30 * S, maxMs: 5 * MIN },
    verify: { minMs: 20 * S, maxMs: 90 * S },
  },
  azureStack: {
    resourceGroup: { minMs: 5 * S, maxMs: 15 * S },
    virtualNetwork: { minMs: 15 * S, maxMs: 45 * S },
    publicIp: { minMs: 5 * S, maxMs: 15 * S },
    networkInterface: { minMs: 5 * S, maxMs: 15 * S },
    gateway: { minMs: 10 * MIN, maxMs: 20 * MIN },
    virtualMachine: { minMs: 3 * MIN, maxMs: 8 * MIN },
    localNetworkGateway: { minMs: 15 * S, maxMs: 60 * S },
    connection: { minMs: 1 * MIN, maxMs: 3 * MIN },
    tunnel: { minMs: 30 * S, maxMs: 5 * MIN },
    verify: { minMs: 30 * S, maxMs: 90 * S },
  },
};

const UNKNOWN_STAGE: DurationRange = { minMs: 5 * S, maxMs: 60 * S };

/** Durations (ms) this server took for one cloud's stage in earlier runs, oldest first. */
export type StageHistory = readonly number[];

export function expectedDuration(cloud: CloudId, stage: string, history: StageHistory = []): Expectation {
  const samples = history.filter((ms) => Number.isFinite(ms) && ms > 0);
  if (samples.length > 0) {
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      minMs: sorted[0],
      maxMs: sorted[sorted.length - 1],
      typicalMs: median(sorted),
      source: 'history',
    };
  }
  const range = TYPICAL[cloud][stage] ?? UNKNOWN_STAGE;
  // The middle of the documented range: gateways are "typically 30-45 minutes".
  return { ...range, typicalMs: Math.round((range.minMs + range.maxMs) / 2), source: 'table' };
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}
