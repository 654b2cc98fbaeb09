// The true dependency DAG of one provisioning, built from the simulator's operation log, and its longest chain: the
// shortest virtual time any orchestration could take against the same clouds. Pure: operation spans in, numbers out.
// What each step really needs (not the order the workflow happens to use): a gateway its VNet and public IP; a VM its
// NIC, which needs the VNet; a local network gateway only the peer's public IP address (known when the peer's public
// IP is created if it is Static, else when the peer's gateway is); a side's connection its own gateway and its local
// network gateway; the tunnel both connections plus the IKE establishment time; the ping the tunnel and both VMs.

export type CloudName = 'azure' | 'azureStack';

/** One ARM write as the simulator ran it, in virtual milliseconds. */
export interface OperationSpan {
  cloud: CloudName;
  resourceId: string;
  kind: string;
  start: number;
  end: number;
}

export type StepName = 'vnet' | 'pip' | 'gateway' | 'nic' | 'vm' | 'lgw' | 'connection' | 'ping';

export interface CriticalPathInput {
  spans: OperationSpan[];
  /** Whether each cloud's gateway public IP is Static (its address known as soon as the public IP exists). */
  staticPublicIp: Record<CloudName, boolean>;
  /** IKE establishment after both connections succeed (the simulator's establish time). */
  establishMs: number;
}

export interface CriticalPath {
  /** Virtual ms of the longest chain. */
  lengthMs: number;
  /** The chain, first step first, e.g. ['azure:vnet', 'azure:gateway', 'azure:connection', 'tunnel', 'ping']. */
  chain: string[];
  /** Virtual ms each step took (its first create operation). */
  durations: Record<string, number>;
}

const TYPE_STEPS: Record<string, StepName> = {
  'microsoft.network/virtualnetworks': 'vnet',
  'microsoft.network/publicipaddresses': 'pip',
  'microsoft.network/virtualnetworkgateways': 'gateway',
  'microsoft.network/networkinterfaces': 'nic',
  'microsoft.compute/virtualmachines': 'vm',
  'microsoft.network/localnetworkgateways': 'lgw',
  'microsoft.network/connections': 'connection',
};

const PEER: Record<CloudName, CloudName> = { azure: 'azureStack', azureStack: 'azure' };

/** The step a span is, or undefined for what the DAG leaves out (subnets, deletes, reads). */
export function stepOf(span: Pick<OperationSpan, 'resourceId' | 'kind'>): StepName | undefined {
  const match = /\/providers\/([^/]+\/[^/]+)\/[^/]+(\/[^/]+\/[^/]+)?$/i.exec(span.resourceId);
  if (!match || match[2] !== undefined) return undefined;
  const step = TYPE_STEPS[(match[1] ?? '').toLowerCase()];
  if (step === 'vm' && span.kind === 'action') return 'ping';
  if (span.kind !== 'put') return undefined;
  return step;
}

/** Each step's duration: its first operation (a later re-PUT, e.g. a shared key reset, is not on the path). */
export function stepDurations(spans: readonly OperationSpan[]): Record<string, number> {
  const durations: Record<string, number> = {};
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const step = stepOf(span);
    if (step === undefined) continue;
    const key = step === 'ping' ? 'ping' : `${span.cloud}:${step}`;
    if (!(key in durations)) durations[key] = Math.max(0, span.end - span.start);
  }
  return durations;
}

/** The DAG's edges: node -> the nodes it needs. */
export function dependencies(staticPublicIp: Record<CloudName, boolean>): Record<string, string[]> {
  const deps: Record<string, string[]> = {};
  for (const cloud of ['azure', 'azureStack'] as const) {
    const peer = PEER[cloud];
    deps[`${cloud}:vnet`] = [];
    deps[`${cloud}:pip`] = [];
    deps[`${cloud}:nic`] = [`${cloud}:vnet`];
    deps[`${cloud}:vm`] = [`${cloud}:nic`];
    deps[`${cloud}:gateway`] = [`${cloud}:vnet`, `${cloud}:pip`];
    deps[`${cloud}:lgw`] = [staticPublicIp[peer] ? `${peer}:pip` : `${peer}:gateway`];
    deps[`${cloud}:connection`] = [`${cloud}:gateway`, `${cloud}:lgw`];
  }
  deps.tunnel = ['azure:connection', 'azureStack:connection'];
  deps.ping = ['tunnel', 'azure:vm', 'azureStack:vm'];
  return deps;
}

/** Each node's earliest finish (virtual ms) and the need it waited for last: what a chain is read back from. */
export type Finishes = Map<string, { at: number; via: string | undefined }>;

/**
 * The earliest `node` can finish: it starts when the last of its needs has finished and takes its duration. Fills
 * `finishes` for the node and everything it needs (pass the same map to walk several nodes of one DAG).
 */
export function earliestFinish(
  node: string,
  deps: Readonly<Record<string, readonly string[]>>,
  durations: Readonly<Record<string, number>>,
  finishes: Finishes,
): number {
  const known = finishes.get(node);
  if (known) return known.at;
  let start = 0;
  let via: string | undefined;
  for (const need of deps[node] ?? []) {
    const at = earliestFinish(need, deps, durations, finishes);
    if (at >= start) {
      start = at;
      via = need;
    }
  }
  const at = start + (durations[node] ?? 0);
  finishes.set(node, { at, via });
  return at;
}

/** The chain that ends at `node`, first step first, following what each node waited for last. */
export function chainTo(finishes: Finishes, node: string): string[] {
  const chain: string[] = [];
  for (let at: string | undefined = node; at !== undefined; at = finishes.get(at)?.via) chain.unshift(at);
  return chain;
}

export function criticalPath(input: CriticalPathInput): CriticalPath {
  const durations: Record<string, number> = { ...stepDurations(input.spans), tunnel: input.establishMs };
  const finishes: Finishes = new Map();
  const lengthMs = earliestFinish('ping', dependencies(input.staticPublicIp), durations, finishes);
  return { lengthMs, chain: chainTo(finishes, 'ping'), durations };
}
