// Both connections exist but the tunnel never came up: says which mismatch is the likely cause and how to fix it.
import type { CloudId } from '../cloudIds';

export type TunnelDiagnosis = 'sharedKeyMismatch' | 'ipsecPolicyMismatch' | 'addressSpaceMismatch' | 'unknown';

export interface TunnelNotConnectedDetails {
  diagnosis: TunnelDiagnosis;
  /** Facts behind the diagnosis, e.g. "ikeEncryption: AES256 vs AES128" (never a key). */
  detail?: string;
  /** The last connectionStatus each side reported (Unknown, Connecting, NotConnected ...). */
  connectionStatus?: Partial<Record<CloudId, string>>;
}

const ADVICE: Readonly<Record<TunnelDiagnosis, string>> = {
  sharedKeyMismatch:
    'the two connections do not hold the same shared key: rerun so both read the Key Vault secret again, or set the same key on both',
  ipsecPolicyMismatch:
    "the IPsec/IKE policies differ: give both connections the same policy (the default is Stack Hub's built-in one)",
  addressSpaceMismatch:
    "a local network gateway does not cover the other side's address space or gateway IP: rerun to rewrite the local network gateways",
  unknown:
    'both sides look consistent: check that UDP 500/4500 and ESP pass between the two gateway public IPs, then rerun',
};

export class TunnelNotConnectedError extends Error {
  override readonly name = 'TunnelNotConnectedError';
  readonly diagnosis: TunnelDiagnosis;
  readonly detail: string | undefined;
  readonly connectionStatus: Partial<Record<CloudId, string>>;
  /** What to do about it (the message's last part), as the run's failure and its Failed event carry it. */
  readonly hint: string;

  constructor(details: TunnelNotConnectedDetails) {
    const status = Object.entries(details.connectionStatus ?? {})
      .map(([cloud, state]) => `${cloud} ${state}`)
      .join(', ');
    const facts = [status && `status: ${status}`, details.detail].filter(Boolean).join('; ');
    super(`the tunnel did not connect${facts ? ` (${facts})` : ''}: ${ADVICE[details.diagnosis]}.`);
    this.diagnosis = details.diagnosis;
    this.detail = details.detail;
    this.connectionStatus = { ...(details.connectionStatus ?? {}) };
    this.hint = ADVICE[details.diagnosis];
  }

  toJSON(): TunnelNotConnectedDetails & { name: string; message: string } {
    return {
      name: this.name,
      message: this.message,
      diagnosis: this.diagnosis,
      ...(this.detail !== undefined ? { detail: this.detail } : {}),
      connectionStatus: { ...this.connectionStatus },
    };
  }
}
