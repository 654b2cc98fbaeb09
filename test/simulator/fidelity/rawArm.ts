// Raw ARM requests through the real SDK clients' own pipelines (token, TLS, retries), for fidelity tests that compare
// status codes, headers and bodies byte-for-byte with recorded traffic: the SDK's deserializers would hide them.
// Test-only.
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineRequest,
  type PipelineRequest,
} from '@azure/core-rest-pipeline';
import type { SdkWorld } from '../network/sdkWorld';

export type Cloud = 'azure' | 'azureStack';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The api-versions each cloud's SDKs send (arm-network 39 / compute 25 / resources 8; the 2020-09-01-hybrid profile). */
export const API: Record<Cloud, { network: string; compute: string; resources: string }> = {
  azure: { network: '2026-01-01', compute: '2026-04-01', resources: '2025-04-01' },
  azureStack: { network: '2018-11-01', compute: '2020-06-01', resources: '2019-10-01' },
};

export const LOCATION: Record<Cloud, string> = { azure: 'westeurope', azureStack: 'local' };

export interface RawArm {
  subscriptionId: string;
  /** `path` below `/subscriptions/{sub}/`, e.g. `resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v`. */
  send(method: string, path: string, apiVersion: string, body?: unknown): Promise<RawAnswer>;
  id(path: string): string;
}

export function rawArm(world: SdkWorld, cloud: Cloud): RawArm {
  const target = world.sim[cloud];
  const http = createDefaultHttpClient();
  return {
    subscriptionId: target.subscriptionId,
    id: (path) => `/subscriptions/${target.subscriptionId}/${path}`,
    async send(method, path, apiVersion, body) {
      const request: PipelineRequest = createPipelineRequest({
        url: `${target.armEndpoint}/subscriptions/${target.subscriptionId}/${path}?api-version=${apiVersion}`,
        method: method as PipelineRequest['method'],
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        headers: createHttpHeaders({ 'content-type': 'application/json' }),
      });
      const response =
        cloud === 'azure'
          ? await world.azure.network.pipeline.sendRequest(http, request)
          : await world.stack.network.sendRequest(request);
      const text = response.bodyAsText ?? '';
      return {
        status: response.status,
        headers: response.headers.toJSON(),
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
    },
  };
}

/** Long enough for any operation of the default latency model (a gateway takes up to 45 virtual minutes). */
export const SETTLE_MS = 2 * 3_600_000;

/** A VNet `10.{octet}.0.0/16` with a `workload` /24 and a /27 `GatewaySubnet`. */
export function vnetWithGatewaySubnet(location: string, octet: number): unknown {
  return {
    location,
    properties: {
      addressSpace: { addressPrefixes: [`10.${octet}.0.0/16`] },
      subnets: [
        { name: 'workload', properties: { addressPrefix: `10.${octet}.1.0/24` } },
        { name: 'GatewaySubnet', properties: { addressPrefix: `10.${octet}.255.0/27` } },
      ],
    },
  };
}

/** A NIC with one dynamic ipConfiguration `c` in `subnetId`. */
export function nicIn(location: string, subnetId: string): unknown {
  return { location, properties: { ipConfigurations: [{ name: 'c', properties: { subnet: { id: subnetId } } }] } };
}

/** A route-based VPN gateway body with one ipConfiguration `default` (subnet and public IP by id). */
export function gatewayIn(
  location: string,
  sku: string,
  ids: { subnet: string; publicIp: string },
  extra: Record<string, unknown> = {},
): unknown {
  return {
    location,
    properties: {
      gatewayType: 'Vpn',
      vpnType: 'RouteBased',
      sku: { name: sku, tier: sku },
      ipConfigurations: [
        { name: 'default', properties: { subnet: { id: ids.subnet }, publicIPAddress: { id: ids.publicIp } } },
      ],
      ...extra,
    },
  };
}

/** A synchronous NRP refusal as the wire carries it: 400, `{"error":{code,message,"details":[]}}`. */
export function nrpRefusal(code: string, message: string): unknown {
  return {
    status: 400,
    headers: expect.any(Object) as unknown,
    body: { error: { code, message, details: [] } },
  };
}
