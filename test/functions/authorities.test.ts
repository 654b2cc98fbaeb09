// Reading and operating are separate authorities, proven on runtime/ with this app: a reader's function key opens the
// read functions only; with App Service authentication, the app role Reader reads and only Operator starts or deletes,
// and a principal header a caller forges is never believed.
import type { ClientPrincipal } from '../../runtime';
import { startSimulatedStack, type SimulatedStack } from './simulatedStack';

const READ_FUNCTIONS = ['listConnections', 'getConnection', 'connectionView', 'connectionsView'];
const OPERATE_FUNCTIONS = ['startConnection', 'deleteConnection'];
const ROLE_CLAIM = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';

/** What each caller may try: a read, a start (with a plan that fails validation, so nothing runs) and a delete. */
async function attempts(stack: SimulatedStack, headers: Record<string, string>): Promise<number[]> {
  const call = async (path: string, method: string, body?: string): Promise<number> => {
    const response = await fetch(`${stack.host.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body !== undefined ? { body } : {}),
    });
    await response.arrayBuffer();
    return response.status;
  };
  return [
    await call('/api/connections', 'GET'),
    await call('/api/connections/contoso', 'GET'),
    await call('/api/connections/view', 'GET'),
    await call('/api/connections', 'POST', '{}'),
    await call('/api/connections/contoso', 'DELETE'),
  ];
}

describe('authorities with function keys', () => {
  let stack: SimulatedStack;
  beforeAll(async () => {
    stack = await startSimulatedStack({ timeScale: 1000 });
  }, 30_000);
  afterAll(async () => {
    await stack?.stop();
  });

  async function installKey(functions: string[], name: string, value: string): Promise<void> {
    for (const fn of functions) {
      const response = await fetch(`${stack.host.url}/admin/functions/${fn}/keys/${name}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-functions-key': stack.host.keys.master },
        body: JSON.stringify({ name, value }),
      });
      expect(response.status).toBeLessThan(300);
    }
  }

  it("gives a reader's key the read functions only, and an operator's key everything", async () => {
    const reader = 'reader-key-0123456789abcdef';
    const operator = 'operator-key-0123456789abcdef';
    await installKey(READ_FUNCTIONS, 'reader', reader);
    await installKey([...READ_FUNCTIONS, ...OPERATE_FUNCTIONS], 'operator', operator);
    // read, read (404: none yet), list page, start (400: the plan is empty), delete (404: none yet)
    expect(await attempts(stack, { 'x-functions-key': reader })).toEqual([200, 404, 200, 401, 401]);
    expect(await attempts(stack, { 'x-functions-key': operator })).toEqual([200, 404, 200, 400, 404]);
    expect(await attempts(stack, {})).toEqual([401, 401, 401, 401, 401]);
  });
});

describe('authorities with App Service authentication (Entra ID app roles)', () => {
  let stack: SimulatedStack;
  const principal = (roles: string[]): ClientPrincipal => ({
    identityProvider: 'aad',
    userId: `user-${roles.join('-') || 'none'}`,
    userDetails: `${roles.join(',') || 'nobody'}@contoso.com`,
    claims: roles.map((val) => ({ typ: ROLE_CLAIM, val })),
    roleClaimType: ROLE_CLAIM,
  });

  beforeAll(async () => {
    stack = await startSimulatedStack({
      timeScale: 1000,
      settings: { HC_AUTH_MODE: 'appServiceAuthentication' },
      host: {
        appServiceAuthentication: {
          principals: {
            'token-reader': principal(['Reader']),
            'token-operator': principal(['Operator']),
            'token-nobody': principal([]),
          },
        },
      },
    });
  }, 30_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('lets Reader read, Operator operate, a signed-in user without a role nothing, and needs no function key', async () => {
    expect(await attempts(stack, { authorization: 'Bearer token-reader' })).toEqual([200, 404, 200, 403, 403]);
    expect(await attempts(stack, { authorization: 'Bearer token-operator' })).toEqual([200, 404, 200, 400, 404]);
    expect(await attempts(stack, { authorization: 'Bearer token-nobody' })).toEqual([403, 403, 403, 403, 403]);
  });

  it('never believes a principal header the caller sends itself', async () => {
    const forged = Buffer.from(
      JSON.stringify({ auth_typ: 'aad', claims: [{ typ: 'roles', val: 'Operator' }], role_typ: 'roles' }),
    ).toString('base64');
    expect(await attempts(stack, { 'x-ms-client-principal': forged })).toEqual([401, 401, 401, 401, 401]);
    // Not even alongside a real sign-in with a lesser role.
    const both = { authorization: 'Bearer token-reader', 'x-ms-client-principal': forged };
    expect(await attempts(stack, both)).toEqual([200, 404, 200, 403, 403]);
  });
});
