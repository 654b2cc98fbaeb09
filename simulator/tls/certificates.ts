// The simulator's TLS material: a private CA and a server certificate it signs (SAN IP:127.0.0.1, DNS:localhost),
// generated at start or reused from the data folder. Never writes outside the data folder.
import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { generate } from './selfsignedGenerate';

export interface ServerTls {
  /** PEM of the server certificate followed by the CA (the chain the server presents). */
  certChain: string;
  key: string;
  caPem: string;
  /** `<dataDir>/ca.pem`: the CA alone (what a client trusts). */
  caCertPath: string;
  /** `<dataDir>/ca-bundle.pem`: the CA plus the trust the current process started with, for NODE_EXTRA_CA_CERTS. */
  caBundlePath: string;
}

const FILES = { ca: 'ca.pem', caKey: 'ca-key.pem', cert: 'server.pem', key: 'server-key.pem', bundle: 'ca-bundle.pem' };
/** A certificate closer to expiry than this is regenerated rather than reused. */
const RENEW_MARGIN_MS = 7 * 24 * 3600 * 1000;

export async function ensureServerTls(dataDir: string): Promise<ServerTls> {
  const paths = {
    ca: join(dataDir, FILES.ca),
    caKey: join(dataDir, FILES.caKey),
    cert: join(dataDir, FILES.cert),
    key: join(dataDir, FILES.key),
    bundle: join(dataDir, FILES.bundle),
  };
  let material = readReusable(paths);
  if (!material) {
    material = await generateMaterial();
    writeFileSync(paths.ca, material.caPem);
    writeFileSync(paths.caKey, material.caKey, { mode: 0o600 });
    writeFileSync(paths.cert, material.cert);
    writeFileSync(paths.key, material.key, { mode: 0o600 });
  }
  // The bundle is rewritten on every start: the trust a child should inherit is this process's, which may change.
  writeFileSync(paths.bundle, caBundle(material.caPem));
  return {
    certChain: `${material.cert.trim()}\n${material.caPem.trim()}\n`,
    key: material.key,
    caPem: material.caPem,
    caCertPath: paths.ca,
    caBundlePath: paths.bundle,
  };
}

interface Material {
  caPem: string;
  caKey: string;
  cert: string;
  key: string;
}

function readReusable(paths: { ca: string; caKey: string; cert: string; key: string }): Material | undefined {
  if (![paths.ca, paths.caKey, paths.cert, paths.key].every((p) => existsSync(p))) return undefined;
  try {
    const material: Material = {
      caPem: readFileSync(paths.ca, 'utf8'),
      caKey: readFileSync(paths.caKey, 'utf8'),
      cert: readFileSync(paths.cert, 'utf8'),
      key: readFileSync(paths.key, 'utf8'),
    };
    const ca = new X509Certificate(material.caPem);
    const server = new X509Certificate(material.cert);
    const horizon = Date.now() + RENEW_MARGIN_MS;
    const usable =
      ca.ca &&
      server.verify(ca.publicKey) &&
      server.checkIP('127.0.0.1') !== undefined &&
      server.checkHost('localhost') !== undefined &&
      Date.parse(server.validTo) > horizon &&
      Date.parse(ca.validTo) > horizon &&
      Date.parse(server.validFrom) <= Date.now();
    // The key must belong to the certificate, or the TLS handshake fails later with a less helpful error.
    if (usable) tls.createSecureContext({ cert: material.cert, key: material.key });
    return usable ? material : undefined;
  } catch {
    return undefined;
  }
}

async function generateMaterial(): Promise<Material> {
  const notBefore = new Date(Date.now() - 3600 * 1000);
  // A CA name of its own per generation: several simulators in one process (tests) each add their CA to the trust
  // store, and OpenSSL picks the issuer by name, so two CAs with one name would fail each other's signatures.
  const caName = `hybrid-connection simulator CA ${randomBytes(6).toString('hex')}`;
  const ca = await generate([{ name: 'commonName', value: caName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: new Date(notBefore.getTime() + 10 * 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: new Date(notBefore.getTime() + 365 * 24 * 3600 * 1000),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { caPem: ca.cert, caKey: ca.private, cert: server.cert, key: server.private };
}

/**
 * Our CA plus what this process trusts: NODE_EXTRA_CA_CERTS takes one file and is read only at process start, and
 * these machines preset it to the system bundle, so a child must get both in one file rather than ours alone.
 */
function caBundle(caPem: string): string {
  const inherited = process.env.NODE_EXTRA_CA_CERTS;
  let rest: string | undefined;
  if (inherited) {
    try {
      rest = readFileSync(inherited, 'utf8');
    } catch {
      rest = undefined;
    }
  }
  rest ??= tls.getCACertificates('default').join('\n');
  // A process started with NODE_EXTRA_CA_CERTS=<this bundle> inherits our CA already: each restart would add it again.
  const ours = caPem.trim();
  const others = [...new Set(rest.match(PEM_CERTIFICATE) ?? [])].filter((pem) => pem !== ours);
  return `${[ours, ...others].join('\n')}\n`;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
