// Makes this process trust the simulator's CA, for in-process SDK clients (tests). Child processes get the CA through
// NODE_EXTRA_CA_CERTS=<dataDir>/ca-bundle.pem instead, because that variable is only read at process start.
import * as tls from 'node:tls';

/** Adds `pem` to the default CA list of every later TLS connection of this process. Idempotent. */
export function trustCertificateInProcess(pem: string): void {
  const current = tls.getCACertificates('default');
  const normalized = pem.trim();
  if (current.some((c) => c.trim() === normalized)) return;
  tls.setDefaultCACertificates([...current, normalized]);
}
