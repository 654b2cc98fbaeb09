// Reads an OpenSSH public key line far enough to tell a real key from a damaged or unsuitable one.
// Pure: decodes the base64 blob in memory; never logs or stores the key.
import { echoText } from './echo';

export type SshKeyCheck = { ok: true; type: string; bits?: number } | { ok: false; message: string };

/** Azure refuses RSA keys shorter than this. */
export const MIN_RSA_BITS = 2048;

const ECDSA_CURVES: Readonly<Record<string, string>> = {
  'ecdsa-sha2-nistp256': 'nistp256',
  'ecdsa-sha2-nistp384': 'nistp384',
  'ecdsa-sha2-nistp521': 'nistp521',
};

export function checkSshPublicKey(line: string): SshKeyCheck {
  const [type = '', encoded = ''] = line.split(' ');
  const blob = Buffer.from(encoded, 'base64');
  // Buffer.from ignores bad characters and padding; re-encoding tells a clean copy from a damaged one.
  if (blob.length === 0 || blob.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
    return { ok: false, message: damaged() };
  }
  const reader = new SshBlobReader(blob);
  const innerType = reader.string()?.toString('latin1');
  if (innerType !== type) {
    return {
      ok: false,
      message: `the key says ${echoText(type)} but its data is ${echoText(innerType ?? 'unreadable')}: ${damaged()}`,
    };
  }
  if (type === 'ssh-ed25519') {
    const key = reader.string();
    return key?.length === 32 && reader.done() ? { ok: true, type, bits: 256 } : { ok: false, message: damaged() };
  }
  if (type === 'ssh-rsa') {
    const exponent = reader.string();
    const modulus = reader.string();
    if (!exponent || !modulus || !reader.done()) return { ok: false, message: damaged() };
    const bits = mpintBits(modulus);
    if (bits < MIN_RSA_BITS) {
      return {
        ok: false,
        message: `this RSA key has ${bits} bits and Azure needs ${MIN_RSA_BITS} or more: create one with ssh-keygen -t ed25519 (or -t rsa -b 4096)`,
      };
    }
    return { ok: true, type, bits };
  }
  const curve = ECDSA_CURVES[type];
  if (curve) {
    const named = reader.string()?.toString('latin1');
    const point = reader.string();
    return named === curve && point && point.length > 0 && reader.done()
      ? { ok: true, type }
      : { ok: false, message: damaged() };
  }
  return {
    ok: false,
    message: `unsupported key type ${echoText(type)}: use ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256/384/521`,
  };
}

function damaged(): string {
  return 'the key data is damaged or truncated: paste the whole line of your .pub file (e.g. ~/.ssh/id_ed25519.pub)';
}

/** Bit length of an SSH mpint (big-endian, may carry a leading zero byte for the sign). */
function mpintBits(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i] ?? 0));
}

/** The SSH wire format: a sequence of uint32-length-prefixed strings. */
class SshBlobReader {
  private offset = 0;

  constructor(private readonly blob: Buffer) {}

  string(): Buffer | undefined {
    if (this.offset + 4 > this.blob.length) return undefined;
    const length = this.blob.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (start + length > this.blob.length) return undefined;
    this.offset = start + length;
    return this.blob.subarray(start, start + length);
  }

  done(): boolean {
    return this.offset === this.blob.length;
  }
}
