// The Azure SDK packages (ARM, identity, Key Vault, Event Grid), loaded on first use instead of when the app is
// imported. They are most of the JavaScript the app loads (arm-network and arm-compute alone take about a second to
// compile on a busy 2-core machine), and `serve`, `host` and the Functions worker register the app and print their
// ready line long before the first ARM call.
// require, not import(): import() would load the packages' ES module builds, whose core-client and RestError are
// other objects than the CommonJS ones the rest of the app shares. Node caches a module, so each call after the first
// is a lookup.
import type * as ArmAuthorization from '@azure/arm-authorization';
import type * as HybridArmAuthorization from '@azure/arm-authorization-profile-2020-09-01-hybrid';
import type * as ArmCompute from '@azure/arm-compute';
import type * as ArmNetwork from '@azure/arm-network';
import type * as HybridArmNetwork from '@azure/arm-network-profile-2020-09-01-hybrid';
import type * as ArmResources from '@azure/arm-resources';
import type * as HybridArmResources from '@azure/arm-resources-profile-2020-09-01-hybrid';
import type * as ArmSubscriptions from '@azure/arm-resources-subscriptions';
import type * as EventGrid from '@azure/eventgrid';
import type * as Identity from '@azure/identity';
import type * as KeyVaultSecrets from '@azure/keyvault-secrets';

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see above */
export const armCompute = (): typeof ArmCompute => require('@azure/arm-compute') as typeof ArmCompute;
export const armNetwork = (): typeof ArmNetwork => require('@azure/arm-network') as typeof ArmNetwork;
export const hybridArmNetwork = (): typeof HybridArmNetwork =>
  require('@azure/arm-network-profile-2020-09-01-hybrid') as typeof HybridArmNetwork;
export const armResources = (): typeof ArmResources => require('@azure/arm-resources') as typeof ArmResources;
export const hybridArmResources = (): typeof HybridArmResources =>
  require('@azure/arm-resources-profile-2020-09-01-hybrid') as typeof HybridArmResources;
export const armAuthorization = (): typeof ArmAuthorization =>
  require('@azure/arm-authorization') as typeof ArmAuthorization;
export const hybridArmAuthorization = (): typeof HybridArmAuthorization =>
  require('@azure/arm-authorization-profile-2020-09-01-hybrid') as typeof HybridArmAuthorization;
export const armSubscriptions = (): typeof ArmSubscriptions =>
  require('@azure/arm-resources-subscriptions') as typeof ArmSubscriptions;
export const identity = (): typeof Identity => require('@azure/identity') as typeof Identity;
export const eventGrid = (): typeof EventGrid => require('@azure/eventgrid') as typeof EventGrid;
export const keyVaultSecrets = (): typeof KeyVaultSecrets =>
  require('@azure/keyvault-secrets') as typeof KeyVaultSecrets;
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Loads every package above now. For a server that has printed its ready line: it compiles them while it waits for
 * its first request, so a run that starts a moment later finds them loaded (one that starts at once waits as long as
 * it would have anyway). Any failure is left to the first real use, which reports it where it matters.
 */
export function preloadAzureSdks(): void {
  const loaders = [
    armCompute,
    armNetwork,
    hybridArmNetwork,
    armResources,
    hybridArmResources,
    armAuthorization,
    hybridArmAuthorization,
    armSubscriptions,
    identity,
    eventGrid,
    keyVaultSecrets,
  ];
  for (const load of loaders) {
    try {
      load();
    } catch {
      // Reported by the first call that needs it.
    }
  }
}
