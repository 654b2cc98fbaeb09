// How the token endpoints authenticate the client of a client-credentials grant: a client secret, or a client
// assertion signed by the principal's registered certificate. Answers the refusal Entra ID (AADSTS codes from
// https://learn.microsoft.com/entra/identity-platform/reference-error-codes and the Azure SDK troubleshooting guides)
// or AD FS (MSIS, terse) would give; undefined when the client is who it says. Never echoes a secret or an assertion.
import type { SimResponse } from '../http/types';
import { checkClientAssertion, JWT_BEARER_ASSERTION_TYPE, type AssertionProblem } from './clientAssertion';
import { aadError, adfsError } from './identityErrors';
import type { TokenGrantContext } from './tokenEndpoint';

/** AD FS says little about why a client failed to authenticate, whatever the credential. */
const ADFS_CLIENT_AUTH_FAILED =
  'MSIS9622: Client authentication failed. Please verify the credential provided for client authentication is valid.';

export function refuseClient(form: URLSearchParams, context: TokenGrantContext): SimResponse | undefined {
  const assertion = form.get('client_assertion');
  if (assertion !== null && assertion !== '') return refuseAssertion(form, assertion, context);
  const secret = form.get('client_secret');
  if (secret === null || secret === '') {
    return invalidClient(
      context,
      7000216,
      `AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.`,
    );
  }
  if (secret === context.principal.clientSecret) return undefined;
  return invalidClient(
    context,
    7000215,
    `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${context.principal.clientId}'.`,
  );
}

/** 401 invalid_client: Entra ID's code and description, or AD FS's one generic description. */
function invalidClient(context: TokenGrantContext, code: number, description: string, status = 401): SimResponse {
  return context.issuer === 'adfs'
    ? adfsError(401, 'invalid_client', ADFS_CLIENT_AUTH_FAILED)
    : aadError(status, 'invalid_client', code, description, context.random);
}

function refuseAssertion(
  form: URLSearchParams,
  assertion: string,
  context: TokenGrantContext,
): SimResponse | undefined {
  if (form.get('client_assertion_type') !== JWT_BEARER_ASSERTION_TYPE) {
    // Missing or another type: both are a request the directory cannot read as a certificate credential.
    return context.issuer === 'adfs'
      ? adfsError(401, 'invalid_client', ADFS_CLIENT_AUTH_FAILED)
      : aadError(
          400,
          'invalid_request',
          900144,
          `AADSTS900144: The request body must contain the following parameter: 'client_assertion_type'.`,
          context.random,
        );
  }
  const problem = checkClientAssertion(assertion, {
    certificate: context.principal.certificate,
    clientId: context.principal.clientId,
    tokenEndpoint: context.tokenEndpoint,
    now: context.wallNow(),
  });
  if (problem === undefined) return undefined;
  const [code, description] = aadAssertionError(problem, context.principal.clientId);
  return invalidClient(context, code, description, code === 50027 ? 400 : 401);
}

function aadAssertionError(problem: AssertionProblem, clientId: string): [number, string] {
  switch (problem.kind) {
    case 'malformed':
      return [50027, `AADSTS50027: JWT token is invalid or malformed: ${problem.detail}.`];
    case 'unknownKey':
      return [
        700027,
        `AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${problem.thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
      ];
    case 'signature':
      return [
        700027,
        'AADSTS700027: Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value.]',
      ];
    case 'audience':
      return [700023, 'AADSTS700023: Client assertion audience claim does not match Realm issuer.'];
    case 'subject':
      return [700021, "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter."];
    case 'lifetime':
      return [700024, 'AADSTS700024: Client assertion is not within its valid time range.'];
    case 'jti':
      return [50027, "AADSTS50027: JWT token is invalid or malformed: the client assertion has no 'jti' claim."];
  }
}
