// A canned World for the episode driver: answers every activity of the contract the way the real activities
// would (ActivityResult values, ids built from the target), with timing and faults chosen per test. It records
// what was asked so tests can assert on inputs; it never performs I/O.
import { ACTIVITY, type ActivityName, type SiteTarget } from '../../activities/contracts';
import { PREFLIGHT_ACTIVITY } from '../../activities/preflightContracts';
import { cidrContains, parseIpv4Cidr } from '../../lib/plan/cidr';
import { CHECK_NAMES } from '../../lib/preflight/checks';
import { siteProfile } from '../../lib/sites/profiles';
import { toActivityFailureError } from '../../activities/shared/activityFailure';
import { EventPublishError } from '../../activities/shared/eventPublishError';
import { TransientArmError } from '../../lib/clouds';
import type { CloudId } from '../../lib/cloudIds';
import type { HybridConnectionEvent } from '../../lib/events';
import { siteResourceNames } from '../../lib/naming';
import { keyScheduleInstanceId } from '../../lib/rotationNames';
import type { Stage } from '../../lib/stages';
import type { ActivityOutcome, World } from './episodeDriver';

const MINUTE = 60_000;

/** The checks preflightSite reports for a site whose every check can run: the stamp's metadata only on a stamp. */
function preflightSiteChecks(cloud: CloudId): string[] {
  const stamp = siteProfile(cloud).identity === 'stamp';
  return CHECK_NAMES.filter(
    (check) => check !== 'keyVault' && check !== 'eventGrid' && (stamp || check !== 'metadata'),
  );
}

export interface CannedCloudOptions {
  /** Minutes from beginGateway until the gateway reads Succeeded, per cloud (undefined: never). */
  gatewayMinutes?: Partial<Record<CloudId, number | undefined>>;
  /** The gateway ends Failed with this code (at its ready time). */
  gatewayFailsWith?: Partial<Record<CloudId, string>>;
  vmMinutes?: number;
  /** Minutes from beginConnection until both read Connected (undefined: never). */
  tunnelMinutes?: number | undefined;
  pingReachable?: boolean;
  /**
   * false: a ping from a stamp's VM (the transit ping, through the hub) gets no reply even where the stamps' local
   * network gateways route it (a firewall, say). Otherwise it gets replies when they do: the pinging site's lists the
   * target's address and the target site's lists the pinging VM's.
   */
  transitReachable?: boolean;
  /** Terminal failures returned as {ok:false}: activity name -> cloud -> ARM code. */
  terminal?: Partial<Record<string, Partial<Record<CloudId, string>>>>;
  /** Retryable failures thrown (every attempt), as the activity would raise them: activity -> cloud -> ARM error. */
  throws?: Partial<Record<string, Partial<Record<CloudId, ThrownArmError>>>>;
  /** Retryable failures thrown on the first `times` calls only, each taking `latencyMs`: activity -> cloud -> spec. */
  flaky?: Partial<
    Record<string, Partial<Record<CloudId, { error: ThrownArmError; times: number; latencyMs: number }>>>
  >;
  /** publishEvent throws (Event Grid down) until this time; `true`: for ever. Each publish is recorded in `attempts`. */
  eventGridDown?: boolean | Date;
  /** Pre-flight checks that fail: cloud -> check name (every other check passes). */
  preflightFails?: Partial<Record<CloudId, string>>;
  /**
   * A fleet's sites (by target.site, on their stamp): each one's own addresses, and terminal failures of its own
   * (activity -> ARM code), so one site can fail while the others do not.
   */
  sites?: Partial<
    Record<string, { publicIp?: string; privateIp?: string; terminal?: Partial<Record<string, string>> }>
  >;
  /**
   * The sites whose local network gateway and connection the hub holds (a fleet's), as its listing reports them to a
   * whole teardown; default: the one site azurestack.
   */
  hubSites?: readonly string[];
  /**
   * Whether each cloud's public IP has its address as soon as it exists (default: its profile's allocation is
   * Static, as the real activity reports); false makes the peer's local network gateway wait for the gateway.
   */
  staticPublicIp?: Partial<Record<CloudId, boolean>>;
  /**
   * A health monitor that reads Running until this time (`true`: until terminated), as a monitor busy on a read or
   * one whose StopMonitor event was lost; default: no monitor ever started. Each stopMonitor call is recorded.
   */
  monitorRunningUntil?: Date | true;
}

const PUBLIC_IPS: Record<CloudId, string> = { azure: '20.50.1.10', azureStack: '192.168.102.20' };
const PRIVATE_IPS: Record<CloudId, string> = { azure: '10.100.1.4', azureStack: '10.200.1.4' };

export class CannedClouds implements World {
  readonly events: HybridConnectionEvent[] = [];
  readonly deleted: string[] = [];
  readonly monitorStarts: { orchestrator: string; instanceId: string; input: unknown }[] = [];
  readonly keyScheduleStarts: unknown[] = [];
  /** Every stopMonitor call: when, and whether it asked to terminate. */
  readonly monitorStops: { at: number; terminate: boolean }[] = [];
  private monitorTerminated = false;
  /** Every publishEvent call (Event Grid up or down): the event's id and when (epoch ms). */
  readonly publishAttempts: { id: string; at: number }[] = [];
  private readonly begun = new Map<string, number>();
  /** What each site's local network gateway on its stamp lists, as last written. */
  private readonly stampRoutes = new Map<string, string[]>();
  private readonly counts = new Map<string, number>();
  private readonly options: Required<Pick<CannedCloudOptions, 'vmMinutes' | 'pingReachable'>> & CannedCloudOptions;

  constructor(options: CannedCloudOptions = {}) {
    this.options = {
      gatewayMinutes: { azure: 32, azureStack: 38 },
      tunnelMinutes: 3,
      ...options,
      vmMinutes: options.vmMinutes ?? 4,
      pingReachable: options.pingReachable ?? true,
    };
  }

  /** Like the real activity: the status it read, after terminating a live monitor when asked to. */
  private monitorStatus(terminate: boolean, now: Date): string | null {
    this.monitorStops.push({ at: now.getTime(), terminate });
    const until = this.options.monitorRunningUntil;
    // No monitor ever started (its run is not simulated here).
    if (until === undefined) return null;
    if (this.monitorTerminated) return 'Terminated';
    const running = until === true || now.getTime() < until.getTime();
    if (running && terminate) this.monitorTerminated = true;
    return running ? 'Running' : 'Completed';
  }

  /** Whether the stamps' local network gateways route a ping from site `from`'s VM to `targetIp` and back. */
  private transitRouted(from: string, targetIp: string): boolean {
    const sites = this.options.sites ?? {};
    const to = Object.keys(sites).find((name) => sites[name]?.privateIp === targetIp);
    const fromIp = sites[from]?.privateIp;
    const routes = (site: string | undefined, ip: string | undefined): boolean => {
      const address = parseIpv4Cidr(`${ip ?? ''}/32`);
      return (
        address.ok &&
        (this.stampRoutes.get(site ?? '') ?? []).some((text) => {
          const prefix = parseIpv4Cidr(text);
          return prefix.ok && cidrContains(prefix.cidr, address.cidr);
        })
      );
    };
    return to !== undefined && routes(from, targetIp) && routes(to, fromIp);
  }

  private eventGridDownAt(at: number): boolean {
    const down = this.options.eventGridDown;
    return down instanceof Date ? at < down.getTime() : down === true;
  }

  activity(name: string, input: unknown, now: Date): ActivityOutcome {
    const args = input as { target?: SiteTarget; id?: string } & Record<string, unknown>;
    const cloud = args.target?.cloud ?? 'azure';
    const thrown = this.options.throws?.[name]?.[cloud];
    if (thrown !== undefined) return { error: thrownMessage(cloud, name, thrown) };
    const flaky = this.options.flaky?.[name]?.[cloud];
    if (flaky !== undefined) {
      const key = `flaky:${name}:${cloud}`;
      const count = (this.counts.get(key) ?? 0) + 1;
      this.counts.set(key, count);
      if (count <= flaky.times) return { error: thrownMessage(cloud, name, flaky.error), latencyMs: flaky.latencyMs };
    }
    const stampSite = cloud === 'azureStack' ? this.options.sites?.[args.target?.site ?? ''] : undefined;
    const code = stampSite?.terminal?.[name] ?? this.options.terminal?.[name]?.[cloud];
    if (code !== undefined) return fail(cloud, name, code);
    const publicIp = stampSite?.publicIp ?? PUBLIC_IPS[cloud];
    const privateIp = stampSite?.privateIp ?? PRIVATE_IPS[cloud];
    const at = now.getTime();

    switch (name) {
      case PREFLIGHT_ACTIVITY.preflightSite: {
        // Like the real activity on an empty subscription: every check ok, every resource to create.
        const failing = this.options.preflightFails?.[cloud];
        const checks = preflightSiteChecks(cloud).map((check) =>
          check === failing
            ? { cloud, check, status: 'failed', detail: `canned ${check} failure`, hint: `fix ${check}` }
            : { cloud, check, status: 'ok', detail: 'canned', hint: '' },
        );
        return ok({ cloud, checks, diff: [] });
      }
      case PREFLIGHT_ACTIVITY.preflightServices:
        return ok([
          { cloud: 'azure', check: 'keyVault', status: 'ok', detail: 'canned', hint: '' },
          { cloud: 'azure', check: 'eventGrid', status: 'warning', detail: 'canned', hint: '' },
        ]);
      case ACTIVITY.ensureResourceGroup:
        return ok({ id: groupId(args.target), provisioningState: 'Succeeded' });
      case ACTIVITY.ensureVirtualNetwork: {
        const id = `${groupId(args.target)}/providers/Microsoft.Network/virtualNetworks/${names(args.target).virtualNetwork}`;
        return ok({
          id,
          provisioningState: 'Succeeded',
          workloadSubnetId: `${id}/subnets/${names(args.target).workloadSubnet}`,
          gatewaySubnetId: `${id}/subnets/GatewaySubnet`,
        });
      }
      case ACTIVITY.ensurePublicIp: {
        const known = this.options.staticPublicIp?.[cloud] ?? siteProfile(cloud).publicIp.allocation === 'Static';
        return ok({
          id: networkId(args.target, 'publicIPAddresses', names(args.target).gatewayPublicIp),
          provisioningState: 'Succeeded',
          ...(known ? { ipAddress: publicIp } : {}),
        });
      }
      case ACTIVITY.ensureNetworkInterface:
        return ok({
          id: networkId(args.target, 'networkInterfaces', names(args.target).networkInterface),
          provisioningState: 'Succeeded',
          privateIpAddress: privateIp,
        });
      case ACTIVITY.beginGateway: {
        const id = networkId(args.target, 'virtualNetworkGateways', names(args.target).virtualNetworkGateway);
        if (!this.begun.has(id)) this.begun.set(id, at);
        return ok({ id, provisioningState: 'Updating' });
      }
      case ACTIVITY.getGatewayState: {
        const minutes = this.options.gatewayMinutes?.[cloud];
        const ready = minutes !== undefined && at >= (this.begun.get(args.id ?? '') ?? at) + minutes * MINUTE;
        if (!ready) return ok({ provisioningState: 'Updating' });
        const failure = this.options.gatewayFailsWith?.[cloud];
        // Like the real activity: a gateway that ended Failed is a terminal {ok:false} naming ARM's code.
        if (failure) return fail(cloud, name, failure);
        return ok({ provisioningState: 'Succeeded', publicIpAddress: publicIp });
      }
      case ACTIVITY.beginVirtualMachine: {
        const id = `${groupId(args.target)}/providers/Microsoft.Compute/virtualMachines/${names(args.target).virtualMachine}`;
        if (!this.begun.has(id)) this.begun.set(id, at);
        return ok({ id, provisioningState: 'Creating' });
      }
      case ACTIVITY.getVirtualMachineState: {
        const ready = at >= (this.begun.get(args.id ?? '') ?? at) + this.options.vmMinutes * MINUTE;
        return ok({
          provisioningState: ready ? 'Succeeded' : 'Creating',
          ...(ready ? { powerState: 'PowerState/running' } : {}),
        });
      }
      case ACTIVITY.ensureSharedKey:
        return ok({ secretName: String(args.secretName), version: 'v1', created: true });
      case ACTIVITY.ensureLocalNetworkGateway:
        if (cloud === 'azureStack') this.stampRoutes.set(args.target?.site ?? '', args.addressPrefixes as string[]);
        return ok({
          id: networkId(args.target, 'localNetworkGateways', names(args.target).localNetworkGateway),
          provisioningState: 'Succeeded',
        });
      case ACTIVITY.beginConnection: {
        const id = networkId(args.target, 'connections', names(args.target).connection);
        if (!this.begun.has(id)) this.begun.set(id, at);
        return ok({ id, provisioningState: 'Updating' });
      }
      case ACTIVITY.getConnectionState: {
        const since = at - (this.begun.get(args.id ?? '') ?? at);
        const minutes = this.options.tunnelMinutes;
        const connected = minutes !== undefined && since >= minutes * MINUTE;
        return ok({
          provisioningState: since >= MINUTE ? 'Succeeded' : 'Updating',
          connectionStatus: connected ? 'Connected' : since >= MINUTE ? 'NotConnected' : 'Unknown',
          ingressBytesTransferred: 0,
          egressBytesTransferred: 0,
        });
      }
      case ACTIVITY.diagnoseTunnel:
        return ok({ diagnosis: 'sharedKeyMismatch', detail: 'the shared keys of the two connections differ' });
      case ACTIVITY.beginPing: {
        // One ping per target VM (a fleet pings each site's), and per stamp VM that pings (transit): its handle names it.
        const from = cloud === 'azureStack' ? { from: args.target?.site ?? '' } : {};
        const pollerState = JSON.stringify({ operation: 'runCommand', targetIp: String(args.targetIp), ...from });
        this.begun.set(`ping:${pollerState}`, at);
        return ok({ pollerState });
      }
      case ACTIVITY.getPingResult: {
        const handle = (args as { handle?: { pollerState?: string } }).handle?.pollerState ?? '';
        const done = at >= (this.begun.get(`ping:${handle}`) ?? at) + MINUTE;
        if (!done) return ok({ done: false });
        const ping = (handle ? JSON.parse(handle) : {}) as { targetIp?: string; from?: string };
        const reachable =
          ping.from !== undefined
            ? this.options.transitReachable !== false && this.transitRouted(ping.from, ping.targetIp ?? '')
            : this.options.pingReachable;
        const received = reachable ? 4 : 0;
        return ok({
          done: true,
          reachable,
          packetsSent: 4,
          packetsReceived: received,
          averageRttMs: 12,
        });
      }
      case ACTIVITY.publishEvent:
        this.publishAttempts.push({ id: (args as unknown as { event: HybridConnectionEvent }).event.id, at });
        if (this.eventGridDownAt(at)) {
          const { event } = args as unknown as { event: HybridConnectionEvent };
          const down = new EventPublishError(event.id, 'ServiceUnavailable', 503, 'the topic is down');
          return { error: toActivityFailureError(down).message };
        }
        this.events.push((args as unknown as { event: HybridConnectionEvent }).event);
        return ok({ published: true });
      case ACTIVITY.listManagedResources: {
        // Like the real listing: what is still there (a torn-down site lists nothing); on a fleet's hub, every site's
        // connection, then every site's local network gateway, then the shared resources; `onlySite`: that site's.
        const onlySite = (args as { onlySite?: string }).onlySite;
        const hubSites = cloud === 'azure' && args.target?.site === undefined ? this.options.hubSites : undefined;
        const perSite = (site: string) => managedIds({ ...(args.target as SiteTarget), site }).slice(0, 2);
        const listed =
          onlySite !== undefined
            ? perSite(onlySite)
            : hubSites !== undefined
              ? [
                  ...hubSites.map((site) => perSite(site)[0] ?? ''),
                  ...hubSites.map((site) => perSite(site)[1] ?? ''),
                  ...managedIds(args.target).slice(2),
                ]
              : managedIds(args.target);
        return ok({ deleteOrder: listed.filter((id) => !this.deleted.includes(id)) });
      }
      case ACTIVITY.beginDeleteResource: {
        const id = args.id ?? '';
        // Azure's OS disk is created with deleteOption Delete: it is gone once its VM is.
        if (cloud === 'azure' && id === osDiskId(args.target) && this.deleted.includes(vmId(args.target))) {
          if (!this.deleted.includes(id)) this.deleted.push(id);
          return ok({ exists: false });
        }
        if (this.deleted.includes(id)) return ok({ exists: false });
        this.begun.set(`delete:${id}`, at);
        return ok({ exists: true, provisioningState: 'Deleting' });
      }
      case ACTIVITY.getResourceState: {
        if (args.id && this.deleted.includes(args.id)) return ok({ exists: false });
        const gone = at >= (this.begun.get(`delete:${args.id ?? ''}`) ?? at) + MINUTE;
        if (gone && args.id && !this.deleted.includes(args.id)) this.deleted.push(args.id);
        return ok(gone ? { exists: false } : { exists: true, provisioningState: 'Deleting' });
      }
      case ACTIVITY.beginRepair:
        return ok({ action: siteProfile(cloud).repairAction, resourceId: String(args.connectionId) });
      case ACTIVITY.startMonitor:
        // Like the real activity on an empty task hub: the monitor is started (its own run is not simulated here).
        this.monitorStarts.push(args as unknown as { orchestrator: string; instanceId: string; input: unknown });
        return ok({ instanceId: String(args.instanceId), started: true });
      case ACTIVITY.startKeySchedule:
        // Like the real activity on an empty task hub: the schedule is started (its own run is not simulated here).
        this.keyScheduleStarts.push(args);
        return ok({
          instanceId: keyScheduleInstanceId(String((args as { plan?: { name?: unknown } }).plan?.name)),
          started: true,
        });
      case ACTIVITY.stopMonitor:
        return ok({ runtimeStatus: this.monitorStatus(args.terminate === true, now) });
      default:
        throw new Error(`CannedClouds has no answer for ${name}`);
    }
  }
}

/**
 * Every resource one cloud's site has, dependents first, then its (tagged, otherwise empty) resource group: what
 * listManagedResources returns for a finished site (the contract test holds this to the real activity).
 */
export function managedIds(target: SiteTarget | undefined): string[] {
  const n = names(target);
  return [
    networkId(target, 'connections', n.connection),
    networkId(target, 'localNetworkGateways', n.localNetworkGateway),
    vmId(target),
    osDiskId(target),
    networkId(target, 'networkInterfaces', n.networkInterface),
    networkId(target, 'virtualNetworkGateways', n.virtualNetworkGateway),
    networkId(target, 'publicIPAddresses', n.gatewayPublicIp),
    networkId(target, 'virtualNetworks', n.virtualNetwork),
    groupId(target),
  ];
}

function vmId(target: SiteTarget | undefined): string {
  return `${groupId(target)}/providers/Microsoft.Compute/virtualMachines/${names(target).virtualMachine}`;
}

function osDiskId(target: SiteTarget | undefined): string {
  return `${groupId(target)}/providers/Microsoft.Compute/disks/${names(target).osDisk}`;
}

/** An ARM error a test makes an activity throw: the code and status; cloud and stage come from the call. */
export interface ThrownArmError {
  code: string;
  httpStatus?: number;
  armMessage?: string;
  /** Seconds the last answer asked to wait (Retry-After), carried as the activity would carry it. */
  retryAfterSeconds?: number;
}

/** What the host hands the orchestrator when the activity throws `thrown`: the message the registration wrapper
 * (activities/index.ts) gives it, through the very encoder the activities use. */
function thrownMessage(cloud: CloudId, activity: string, thrown: ThrownArmError): string {
  return toActivityFailureError(new TransientArmError({ cloud, stage: stageOf(activity), ...thrown })).message;
}

function ok(value: unknown): ActivityOutcome {
  return { result: { ok: true, value } };
}

function fail(cloud: CloudId, activity: string, code: string): ActivityOutcome {
  return {
    result: {
      ok: false,
      error: { cloud, stage: stageOf(activity), code, httpStatus: 400, armMessage: `canned ${code}` },
    },
  };
}

/** The stage each activity reports its failures under, as the real activities do (their siteOf / ErrorSite). */
const STAGE_OF: Readonly<Record<ActivityName, Stage>> = {
  ensureResourceGroup: 'resourceGroup',
  ensureVirtualNetwork: 'virtualNetwork',
  ensurePublicIp: 'publicIp',
  beginGateway: 'gateway',
  getGatewayState: 'gateway',
  ensureNetworkInterface: 'networkInterface',
  beginVirtualMachine: 'virtualMachine',
  getVirtualMachineState: 'virtualMachine',
  ensureSharedKey: 'connection',
  ensureLocalNetworkGateway: 'localNetworkGateway',
  beginConnection: 'connection',
  getConnectionState: 'connection',
  diagnoseTunnel: 'tunnel',
  beginPing: 'verify',
  getPingResult: 'verify',
  publishEvent: 'connection',
  listManagedResources: 'teardown',
  beginDeleteResource: 'teardown',
  getResourceState: 'teardown',
  addSharedKeyVersion: 'connection',
  beginSetSharedKey: 'connection',
  startKeySchedule: 'connection',
  beginRepair: 'tunnel',
  startMonitor: 'tunnel',
  stopMonitor: 'teardown',
};

function stageOf(activity: string): Stage {
  const stage = (STAGE_OF as Readonly<Record<string, Stage>>)[activity];
  if (stage === undefined) throw new Error(`CannedClouds knows no activity ${activity}`);
  return stage;
}

function names(target: SiteTarget | undefined) {
  return siteResourceNames(target?.name ?? 'unknown', target?.cloud ?? 'azure', target?.site);
}

function groupId(target: SiteTarget | undefined): string {
  return `/subscriptions/${target?.subscriptionId ?? '?'}/resourceGroups/${target?.resourceGroup ?? '?'}`;
}

function networkId(target: SiteTarget | undefined, type: string, name: string): string {
  return `${groupId(target)}/providers/Microsoft.Network/${type}/${name}`;
}
