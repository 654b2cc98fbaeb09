// Reading and operating are separate authorities. In App Service authentication mode the app reads the client
// principal the platform injects and requires the app role Reader (read) or Operator (read and operate).
import { authMode, authorize, httpAuthLevel, principalRoles } from '../../functions/authorization';

/** The principal App Service authentication puts in x-ms-client-principal. */
function principal(roles: string[], roleType = 'roles'): string {
  const claims = [{ typ: 'name', val: 'Ada Operator' }, ...roles.map((val) => ({ typ: roleType, val }))];
  return Buffer.from(JSON.stringify({ auth_typ: 'aad', claims, name_typ: 'name', role_typ: roleType })).toString(
    'base64',
  );
}

function request(header?: string) {
  return { headers: new Headers(header === undefined ? {} : { 'x-ms-client-principal': header }) };
}

const ENTRA = 'appServiceAuthentication' as const;

describe('authorization', () => {
  it('leaves every decision to the host in keys mode, whatever principal a caller sends', () => {
    expect(authorize(request(principal([])), 'operate', 'keys')).toBeUndefined();
    expect(httpAuthLevel('keys')).toBe('function');
    expect(httpAuthLevel(ENTRA)).toBe('anonymous');
  });

  it('lets a Reader read but not operate, and an Operator do both', () => {
    expect(authorize(request(principal(['Reader'])), 'read', ENTRA)).toBeUndefined();
    expect(authorize(request(principal(['Reader'])), 'operate', ENTRA)).toMatchObject({
      status: 403,
      body: { error: { code: 'Forbidden', message: 'this needs the app role Operator' } },
    });
    expect(authorize(request(principal(['Operator'])), 'operate', ENTRA)).toBeUndefined();
    expect(authorize(request(principal(['Operator'])), 'read', ENTRA)).toBeUndefined();
  });

  it('reads roles under the claim type the principal names', () => {
    const roleType = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
    expect(principalRoles(principal(['Operator'], roleType))).toEqual(['Operator']);
  });

  it('answers 401 without a usable principal and 403 without a role', () => {
    for (const header of [
      undefined,
      '',
      'not base64 json',
      Buffer.from('[1]').toString('base64'),
      'x'.repeat(20_000),
    ]) {
      expect(authorize(request(header), 'read', ENTRA)?.status).toBe(401);
    }
    expect(authorize(request(principal([])), 'read', ENTRA)?.status).toBe(403);
    expect(authorize(request(principal(['Contributor'])), 'read', ENTRA)?.status).toBe(403);
  });

  it('refuses an unknown mode instead of running open', () => {
    expect(authMode({})).toBe('keys');
    expect(authMode({ HC_AUTH_MODE: 'appServiceAuthentication' })).toBe(ENTRA);
    expect(() => authMode({ HC_AUTH_MODE: 'none' })).toThrow(/HC_AUTH_MODE/);
  });
});
