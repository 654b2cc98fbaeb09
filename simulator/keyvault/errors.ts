// Key Vault's error shape: `{"error":{"code","message","innererror"?}}` with an HTTP status. Messages name secrets,
// never their values.
import type { SimResponse } from '../http/types';

export class KeyVaultError extends Error {
  override readonly name = 'KeyVaultError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Key Vault nests a more specific code for some errors (e.g. SecretDisabled under Forbidden). */
    readonly innerCode?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toResponse(): SimResponse {
    const error: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.innerCode) error.innererror = { code: this.innerCode };
    return { status: this.status, headers: this.headers, body: { error } };
  }
}

/** The wording real Key Vault uses for a missing secret (and that @azure/keyvault-secrets surfaces as RestError). */
export function secretNotFound(nameOrId: string): KeyVaultError {
  return new KeyVaultError(
    404,
    'SecretNotFound',
    `A secret with (name/id) ${nameOrId} was not found in this key vault. If you recently deleted this secret you ` +
      'may be able to recover it using the correct recovery command. For help resolving this issue, please see ' +
      'https://go.microsoft.com/fwlink/?linkid=2125182',
  );
}

export function deletedSecretNotFound(name: string): KeyVaultError {
  return new KeyVaultError(404, 'SecretNotFound', `Deleted Secret not found: ${name}`);
}

export function badParameter(message: string): KeyVaultError {
  return new KeyVaultError(400, 'BadParameter', message);
}
