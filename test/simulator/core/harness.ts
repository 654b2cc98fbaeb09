// Shared set-up for the simulator core tests: start a simulator this process trusts, and build the real SDK
// credentials and clients pointed at it. Test-only.
import type { PipelinePolicy, PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';
import { ClientCertificateCredential, ClientSecretCredential } from '@azure/identity';
import { startSimulator, trustCertificateInProcess, type Simulator, type SimulatorOptions } from '../../../simulator';

export async function startTrustedSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ timeScale: 1000, ...options });
  trustCertificateInProcess(sim.caPem);
  return sim;
}

/** Entra ID style credential for the built-in service principal (both clouds when Stack Hub uses Entra ID). */
export function aadCredential(sim: Simulator, secret = sim.identity.clientSecret): ClientSecretCredential {
  return new ClientSecretCredential(sim.identity.tenantId, sim.identity.clientId, secret, {
    authorityHost: sim.identity.authorityHost,
    disableInstanceDiscovery: true,
  });
}

/** The credential a Stack Hub client builds from the cloud's own authority (AD FS: tenant `adfs`). */
export function stackCredential(sim: Simulator): ClientSecretCredential {
  return new ClientSecretCredential(sim.azureStack.tenantId, sim.identity.clientId, sim.identity.clientSecret, {
    authorityHost: sim.azureStack.authorityHost,
    disableInstanceDiscovery: true,
  });
}

/** The built-in principal's certificate credential at an authority (`sim.identity`, or a cloud's own for AD FS). */
export function certificateCredential(
  sim: Simulator,
  at: { tenantId: string; authorityHost: string },
  certificatePath = sim.identity.clientCertificatePath,
): ClientCertificateCredential {
  return new ClientCertificateCredential(at.tenantId, sim.identity.clientId, certificatePath, {
    authorityHost: at.authorityHost,
    disableInstanceDiscovery: true,
  });
}

export function scopeOf(audience: string): string {
  return `${audience.replace(/\/+$/, '')}/.default`;
}

/** Options of the current (v39/v25/v8) clients for a cloud of the simulator. */
export function modularOptions(endpoint: { armEndpoint: string; audience: string }): {
  endpoint: string;
  credentials: { scopes: string[] };
} {
  return { endpoint: endpoint.armEndpoint, credentials: { scopes: [scopeOf(endpoint.audience)] } };
}

/** Options of the 2020-09-01-hybrid (autorest) clients for a cloud of the simulator. */
export function hybridOptions(endpoint: { armEndpoint: string; audience: string }): {
  endpoint: string;
  credentialScopes: string;
} {
  return { endpoint: endpoint.armEndpoint, credentialScopes: scopeOf(endpoint.audience) };
}

export interface CapturedResponse {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
}

/** A pipeline policy that records every response the SDK receives (it observes; it never changes a request). */
export function captureResponses(into: CapturedResponse[]): { policy: PipelinePolicy; position: 'perRetry' } {
  return {
    position: 'perRetry',
    policy: {
      name: 'captureResponses',
      async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
        const response = await next(request);
        into.push({
          method: request.method,
          url: request.url,
          status: response.status,
          headers: response.headers.toJSON(),
        });
        return response;
      },
    },
  };
}
