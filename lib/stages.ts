// The named stages of a hybrid connection run, shared by custom status, events and errors. Pure constants only.

/** Per-cloud stages of `provisionSite`, in dependency order. */
export const SITE_STAGES = [
  'resourceGroup',
  'virtualNetwork',
  'publicIp',
  'gateway',
  'networkInterface',
  'virtualMachine',
] as const;

/** Stages that join the two sites, each run once per cloud, after both sites are ready. */
export const LINK_STAGES = ['localNetworkGateway', 'connection', 'tunnel', 'verify'] as const;

export type SiteStage = (typeof SITE_STAGES)[number];
export type LinkStage = (typeof LINK_STAGES)[number];
/** A stage a run reports per cloud: what the CLI and the status page draw a row or a box for. */
export type ProgressStage = SiteStage | LinkStage;

/** The per-cloud stages in the order the CLI and the status page show them (dependency order). */
export const PROGRESS_STAGES: readonly ProgressStage[] = [...SITE_STAGES, ...LINK_STAGES];
/** Stage 0: the read-only checks before anything billable starts (its failures are reported under this stage). */
export const PREFLIGHT_STAGE = 'preflight';

export type Stage = typeof PREFLIGHT_STAGE | ProgressStage | 'teardown';

export const STAGES: readonly Stage[] = [PREFLIGHT_STAGE, ...PROGRESS_STAGES, 'teardown'];

/**
 * What people call each stage: the one list the CLI and the status page show (a new stage does not compile until it
 * has a title here), in STAGES order.
 */
export const STAGE_TITLES: Readonly<Record<Stage, string>> = {
  preflight: 'pre-flight checks',
  resourceGroup: 'resource group',
  virtualNetwork: 'virtual network',
  publicIp: 'public IP',
  gateway: 'VPN gateway',
  networkInterface: 'network interface',
  virtualMachine: 'virtual machine',
  localNetworkGateway: 'local network gateway',
  connection: 'connection',
  tunnel: 'tunnel',
  verify: 'ping across the tunnel',
  teardown: 'teardown',
};

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/** The stage a report names when none is known: a failure is never pinned on a stage it did not happen in. */
export const UNKNOWN_STAGE = 'unknown';
export type ReportedStage = Stage | typeof UNKNOWN_STAGE;
