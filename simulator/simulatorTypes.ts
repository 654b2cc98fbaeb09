// The public shape of a running simulator: its endpoints, the ready line of `hybrid-connection sim`, and the handle
// startSimulator returns. Types only.
import type { VirtualClock } from '../clock';
import type { SimEventGridTopic } from './eventgrid';
import type { SimulatorInspector } from './inspection/inspector';

export interface CloudEndpoints {
  /** ARM endpoint to give SDK clients as `endpoint` (no trailing slash). */
  armEndpoint: string;
  subscriptionId: string;
  /** Token audience: the credential scope is `${audience}/.default` (audience without trailing slash + '/.default'). */
  audience: string;
  /** Authority host for this cloud's ClientSecretCredential, and its tenant (`adfs` for AD FS). */
  authorityHost: string;
  tenantId: string;
  /** The cloud's primary region. */
  location: string;
}

/** Where the built-in service principal signs in, and its two credentials: a secret, or a certificate file. */
export interface ServicePrincipalEndpoints {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /**
   * `<dataDir>/principal-cert.pem` (owner-only): the principal's certificate and private key in one PEM, as
   * ClientCertificateCredential reads it. Both token endpoints (Entra ID and AD FS) accept assertions it signs.
   */
  clientCertificatePath: string;
}

export interface ReadyInfo {
  ready: true;
  url: string;
  azure: { armEndpoint: string; subscriptionId: string };
  /** The first Azure Stack Hub stamp. */
  azureStack: { armEndpoint: string; subscriptionId: string };
  /** Every stamp, the first included (same as `azureStack`), in order. */
  azureStackStamps: { armEndpoint: string; subscriptionId: string }[];
  identity: ServicePrincipalEndpoints;
  keyVaultUrl: string;
  eventGrid: { endpoint: string; key: string };
  caCertPath: string;
}

export interface Simulator {
  /** The origin, `https://127.0.0.1:PORT`. */
  url: string;
  port: number;
  azure: CloudEndpoints;
  /** The first Azure Stack Hub stamp (at /azurestack). */
  azureStack: CloudEndpoints;
  /** Every stamp in order, the first included: stamp N (N >= 2) at /azurestackN, with its own subscription and audience. */
  azureStackStamps: CloudEndpoints[];
  /** The built-in service principal (Entra ID tenant). Clients set `disableInstanceDiscovery: true`. */
  identity: ServicePrincipalEndpoints;
  keyVaultUrl: string;
  eventGrid: { endpoint: string; key: string; topic: SimEventGridTopic };
  /** `<dataDir>/ca.pem`: the CA that signed the server certificate. */
  caCertPath: string;
  /** `<dataDir>/ca-bundle.pem`: our CA plus this process's trust; hand it to children as NODE_EXTRA_CA_CERTS. */
  caBundlePath: string;
  caPem: string;
  dataDir: string;
  inspectionUrl: string;
  clock: VirtualClock;
  inspect: SimulatorInspector;
  /** The object the `sim` command prints as its ready line, keys in that order. */
  readyInfo(): ReadyInfo;
  /** Closes every socket and cancels every timer; removes the data folder if the simulator created it. */
  stop(): Promise<void>;
}
