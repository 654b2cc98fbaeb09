// Every activity handler by its contract name. Typed against ActivitySignatures, so a missing, extra or mistyped
// activity fails to compile. Importing this file registers nothing (activities/index.ts does).
import type { InvocationContext } from '@azure/functions';
import { addSharedKeyVersion } from './addSharedKeyVersion';
import { beginConnection } from './beginConnection';
import { beginDeleteResource } from './beginDeleteResource';
import { beginGateway } from './beginGateway';
import { beginPing } from './beginPing';
import { beginSetSharedKey } from './beginSetSharedKey';
import { beginRepair } from './beginRepair';
import { beginVirtualMachine } from './beginVirtualMachine';
import type { ActivityName, ActivitySignatures } from './contracts';
import { diagnoseTunnel } from './diagnoseTunnel';
import { ensureLocalNetworkGateway } from './ensureLocalNetworkGateway';
import { ensureNetworkInterface } from './ensureNetworkInterface';
import { ensurePublicIp } from './ensurePublicIp';
import { ensureResourceGroup } from './ensureResourceGroup';
import { ensureSharedKey } from './ensureSharedKey';
import { ensureVirtualNetwork } from './ensureVirtualNetwork';
import { getConnectionState } from './getConnectionState';
import { getGatewayState } from './getGatewayState';
import { getPingResult } from './getPingResult';
import { getResourceState } from './getResourceState';
import { getVirtualMachineState } from './getVirtualMachineState';
import { listManagedResources } from './listManagedResources';
import { publishEvent } from './publishEvent';
import { startKeySchedule } from './startKeySchedule';
import { startMonitor } from './startMonitor';
import { stopMonitor } from './stopMonitor';

export type ActivityHandlerOf<K extends ActivityName> = (
  input: ActivitySignatures[K]['input'],
  context: InvocationContext,
) => Promise<ActivitySignatures[K]['result']>;

export const ACTIVITY_HANDLERS: { readonly [K in ActivityName]: ActivityHandlerOf<K> } = {
  ensureResourceGroup,
  ensureVirtualNetwork,
  ensurePublicIp,
  beginGateway,
  getGatewayState,
  ensureNetworkInterface,
  beginVirtualMachine,
  getVirtualMachineState,
  ensureSharedKey,
  ensureLocalNetworkGateway,
  beginConnection,
  getConnectionState,
  diagnoseTunnel,
  beginPing,
  getPingResult,
  publishEvent,
  listManagedResources,
  beginDeleteResource,
  getResourceState,
  addSharedKeyVersion,
  beginSetSharedKey,
  startKeySchedule,
  beginRepair,
  startMonitor,
  stopMonitor,
};

/** Activities that start or signal orchestrations: they get the Durable client as an input binding. */
export const ACTIVITIES_WITH_DURABLE_CLIENT: ReadonlySet<ActivityName> = new Set<ActivityName>([
  'startMonitor',
  'stopMonitor',
  'startKeySchedule',
]);
