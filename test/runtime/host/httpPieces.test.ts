// Small pieces of the HTTP path: Set-Cookie serialisation of the worker's cookies, and which key opens which level.
import { setCookieHeader } from '../../../runtime/host/setCookie';
import { authorizes, authorizesExtension, presentedKey } from '../../../runtime/host/keyAuth';
import { generateKeys } from '../../../runtime/host/hostKeys';

describe('Set-Cookie', () => {
  it('writes every attribute the worker sends, the value URL-encoded', () => {
    expect(
      setCookieHeader({
        name: 'id',
        value: 'a b;c',
        domain: { value: 'example.test' },
        path: { value: '/app' },
        expires: { value: { seconds: 1_700_000_000 } },
        maxAge: { value: 3600 },
        secure: { value: true },
        httpOnly: { value: true },
        sameSite: 'explicitNone',
      }),
    ).toBe(
      'id=a%20b%3Bc; expires=Tue, 14 Nov 2023 22:13:20 GMT; max-age=3600; domain=example.test; path=/app; secure; samesite=none; httponly',
    );
  });

  it("omits SameSite for the worker's default 'none', adds the default path=/ and refuses a name that is not a token", () => {
    expect(setCookieHeader({ name: 'a', value: '1', sameSite: 'none' })).toBe('a=1; path=/');
    expect(setCookieHeader({ name: 'bad name', value: '1' })).toBeUndefined();
    expect(setCookieHeader({ name: '', value: '1' })).toBeUndefined();
  });
});

describe('keys per auth level', () => {
  const keys = generateKeys();
  keys.functionKeys = { report: { ci: 'report-ci-key-0123456789' }, other: { ci: 'other-ci-key-0123456789' } };

  it('lets anything through anonymous, function or master key through function, master only through admin', () => {
    expect(authorizes('anonymous', undefined, keys, 'report')).toBe(true);
    expect(
      [keys.function, keys.master, keys.system.durabletask_extension, 'nope', undefined].map((key) =>
        authorizes('function', key, keys, 'report'),
      ),
    ).toEqual([true, true, false, false, false]);
    expect([keys.function, keys.master].map((key) => authorizes('admin', key, keys, 'report'))).toEqual([false, true]);
  });

  it("opens a function-level function with its own keys (name matched case-insensitively), not another function's", () => {
    expect(authorizes('function', 'report-ci-key-0123456789', keys, 'Report')).toBe(true);
    expect(authorizes('function', 'other-ci-key-0123456789', keys, 'Report')).toBe(false);
    expect(authorizes('admin', 'report-ci-key-0123456789', keys, 'report')).toBe(false);
  });

  it("opens an extension's webhook with its own system key or the master key only", () => {
    expect(authorizesExtension('eventgrid_extension', keys.system.eventgrid_extension, keys)).toBe(true);
    expect(authorizesExtension('eventgrid_extension', keys.master, keys)).toBe(true);
    expect(authorizesExtension('eventgrid_extension', keys.system.durabletask_extension, keys)).toBe(false);
    expect(authorizesExtension('eventgrid_extension', keys.function, keys)).toBe(false);
  });

  it('takes the key from x-functions-key before the code query parameter', () => {
    const url = new URL('http://127.0.0.1/api/x?code=from-query');
    expect(presentedKey({ 'x-functions-key': 'from-header' }, url)).toBe('from-header');
    expect(presentedKey({}, url)).toBe('from-query');
    expect(presentedKey({}, new URL('http://127.0.0.1/api/x'))).toBeUndefined();
  });
});
