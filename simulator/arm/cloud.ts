// One simulated cloud's state and settings (Azure or one Azure Stack Hub stamp): its subscription, store, operations,
// types, regions, latency model, identity expectations and account (state, roles, quotas, sizes, images). All clouds
// share the clock and the resource type definitions.
import type { VirtualClock } from '../../clock';
import type { AccountState } from '../account/accountState';
import type { TokenIssuer } from '../identity/tokenStore';
import type { LatencyModel } from '../latency/model';
import type { Random } from '../random';
import type { CloudLocations } from './locations';
import type { OperationRegistry } from './operations';
import type { CloudKey, CloudName } from './resourceType';
import type { InMemoryResourceStore } from './store';
import type { ResourceTypeRegistry } from './typeRegistry';

export interface CloudContext {
  /** The kind: Azure or Azure Stack Hub (api-versions, SKUs, rules). */
  name: CloudName;
  /** Which cloud: `azure`, `azureStack` (the first stamp), `azureStack2`... */
  key: CloudKey;
  subscriptionId: string;
  tenantId: string;
  /** e.g. `https://127.0.0.1:PORT/azure` (no trailing slash). */
  armEndpoint(): string;
  store: InMemoryResourceStore;
  /** Every cloud of the simulator, this one included, Azure first: network truth reads them all. */
  clouds(): readonly CloudContext[];
  /** The range this cloud's public IPs take their addresses from (disjoint from every other cloud's). */
  publicAddressPool: string;
  operations: OperationRegistry;
  types: ResourceTypeRegistry;
  locations: CloudLocations;
  latency: LatencyModel;
  clock: VirtualClock;
  /** Randomness handed to resource types (request.random). */
  typeRandom: Random;
  /** Randomness for request ids and the like. */
  idRandom: Random;
  /** Token audiences this ARM accepts (the first is the one it advertises). */
  audiences: string[];
  /** The identity provider whose tokens this ARM accepts. */
  issuer: TokenIssuer;
  /** Authority URL for WWW-Authenticate (`https://…/{tenant}` or `https://…/adfs`). */
  authority(): string;
  /** Login endpoint advertised by the metadata endpoint. */
  loginEndpoint(): string;
  /** Subscription state, role assignments, quotas, VM sizes and images (replaced whole by the inspection API). */
  account: AccountState;
  /** Strict mode: write bodies are checked against the SDK package's model first (simulator/strict). */
  strict: boolean;
}
