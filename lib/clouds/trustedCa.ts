// The extra CA from HC_CA_CERT_FILE (e.g. a Stack Hub stamp's private CA), as TLS options every SDK client gets.
// Adds to Node's default trust (system + NODE_EXTRA_CA_CERTS), never replaces it; never disables verification.
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { SettingsError } from '../settings';

/** The CAs clients trust and where the extra ones came from. */
export interface TrustOptions {
  ca: string[];
  /**
   * The same CAs parsed once, as every request hands them to TLS (trustedClientOptions.ts). Handing `ca` itself
   * costs each request a ~200 KB connection-pool key (Node's https agent names its pools after `ca`, joined) and each
   * new connection a parse of every certificate: a fifth of the host's CPU under load (docs/benchmarks.md).
   */
  secureContext: tls.SecureContext;
  /** The configured CA file these came from: what cached clients are keyed on (two files may hold as many certs). */
  source: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

const cache = new Map<string, TrustOptions>();

/**
 * The CA list to hand every client, or undefined when no extra CA is configured (Node's defaults then apply).
 * `ca` replaces a client's trust store, so it carries the defaults plus the configured certificates.
 */
export function trustOptionsFor(caCertFile: string | undefined): TrustOptions | undefined {
  if (caCertFile === undefined) return undefined;
  const cached = cache.get(caCertFile);
  if (cached) return cached;
  let pem: string;
  try {
    pem = readFileSync(caCertFile, 'utf8');
  } catch (error) {
    // Duck-typed: errors from Node's own fs may come from another realm (e.g. under a test runner's sandbox).
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unreadable';
    throw new SettingsError('HC_CA_CERT_FILE', `names a file that cannot be read (${code}): ${caCertFile}`);
  }
  const certificates = pem.match(PEM_CERTIFICATE) ?? [];
  if (certificates.length === 0) {
    throw new SettingsError('HC_CA_CERT_FILE', `holds no PEM certificate (-----BEGIN CERTIFICATE-----): ${caCertFile}`);
  }
  const ca = [...tls.getCACertificates('default'), ...certificates];
  const options = { ca, secureContext: tls.createSecureContext({ ca }), source: caCertFile };
  cache.set(caCertFile, options);
  return options;
}
