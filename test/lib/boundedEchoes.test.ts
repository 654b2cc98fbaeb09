// Plan messages that show a value from the input show at most a short, escaped prefix of it: a 60 KB field or a
// string full of newlines and control characters never comes back whole, nor as extra lines.
import fc from 'fast-check';
import { validatePlan, type PlanError } from '../../lib/plan';
import { MAX_ECHO_CHARS, echo, echoText } from '../../lib/plan/echo';
import { errorsOf, messagesAt, planWith, sshKeyLine } from './planFixtures';

const HUGE = 'x'.repeat(60_000);
const RAW_CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** Longer than any message we write ourselves; an echoed 60 KB value would be far beyond it. */
const MESSAGE_BOUND = 600;

function expectBounded(errors: readonly PlanError[]): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const { path, message } of errors) {
    expect(message.length).toBeLessThanOrEqual(MESSAGE_BOUND);
    expect(path.length).toBeLessThanOrEqual(MESSAGE_BOUND);
    expect(message).not.toMatch(RAW_CONTROL);
    expect(path).not.toMatch(RAW_CONTROL);
  }
}

describe('echo', () => {
  it('shows a short string whole, in quotes, and other values as JSON', () => {
    expect(echo('VpnGw9')).toBe('"VpnGw9"');
    expect(echo(42)).toBe('42');
    expect(echo({ a: [1, null] })).toBe('{"a":[1,null]}');
    expect(echo(undefined)).toBe('undefined');
    expect(echoText('10.0.0.0/8')).toBe('10.0.0.0/8');
  });

  it(`cuts a huge value after ${MAX_ECHO_CHARS} characters and marks the cut`, () => {
    expect(echo(HUGE)).toBe(`"${'x'.repeat(MAX_ECHO_CHARS)}…"`);
    expect(echoText(HUGE)).toHaveLength(MAX_ECHO_CHARS + 1);
    expect(echo([HUGE])).toBe(`["${'x'.repeat(MAX_ECHO_CHARS - 2)}…`);
    expect(echo('x'.repeat(MAX_ECHO_CHARS))).toBe(`"${'x'.repeat(MAX_ECHO_CHARS)}"`);
  });

  it('escapes newlines, control and format characters and never cuts a surrogate pair in half', () => {
    expect(echo('a\nb\r\tc\u0000d\u001be\u007f\u0085f\u2028g\u202eh"i\\')).toBe(
      '"a\\nb\\r\\tc\\u0000d\\u001be\\u007f\\u0085f\\u2028g\\u202eh\\"i\\\\"',
    );
    expect(echoText('\ud800')).toBe('\\ud800');
    expect(echoText(`${'x'.repeat(MAX_ECHO_CHARS - 1)}😀`)).toBe(`${'x'.repeat(MAX_ECHO_CHARS - 1)}…`);
    expect(echoText(`${'x'.repeat(MAX_ECHO_CHARS - 2)}😀`)).toBe(`${'x'.repeat(MAX_ECHO_CHARS - 2)}😀`);
  });
});

describe('plan messages echo bounded values', () => {
  it('a 60 KB gateway SKU, as a string or inside an array', () => {
    const [message] = messagesAt(planWith({ 'azure.gatewaySku': HUGE }), 'azure.gatewaySku');
    expect(message).toMatch(/^"x{64}…" is not an Azure VPN gateway SKU/);
    expectBounded(errorsOf(planWith({ 'azure.gatewaySku': [HUGE] })));
    expectBounded(errorsOf(planWith({ 'azureStack.gatewaySku': HUGE })));
  });

  it('a value with newlines and control characters, escaped on one line', () => {
    const [message] = messagesAt(planWith({ 'azure.gatewaySku': 'Vpn\nGw1\u0007' }), 'azure.gatewaySku');
    expect(message).toMatch(/^"Vpn\\nGw1\\u0007" is not an Azure VPN gateway SKU/);
    const [type] = messagesAt(planWith({ 'options.onFailure': 'keep\r\nX-Injected: 1' }), 'options.onFailure');
    expect(type).toMatch(/^"keep\\r\\nX-Injected: 1" is not allowed here/);
  });

  it('a 60 KB unknown field name, or one with a newline, in the error path', () => {
    const huge = errorsOf(planWith({ [`azure.${HUGE}`]: 1 }));
    expectBounded(huge);
    expect(huge.map((e) => e.path)).toContain(`azure["${'x'.repeat(MAX_ECHO_CHARS)}…"]`);
    expect(errorsOf(planWith({ 'azure.a\nb': 1 })).map((e) => e.path)).toContain('azure["a\\nb"]');
  });

  it('a huge number, a huge object and a string where another type belongs', () => {
    expectBounded(errorsOf(planWith({ 'options.gatewayTimeoutMinutes': 1e300 })));
    expectBounded(errorsOf(planWith({ name: { [HUGE]: HUGE } })));
    expectBounded(errorsOf(planWith({ 'azure.addressSpace': HUGE })));
    expectBounded(errorsOf(planWith({ 'azure.vm': HUGE })));
  });

  it('the type named inside a damaged SSH key blob', () => {
    const inner = `evil\nline${HUGE.slice(0, 500)}`;
    const blob = sshKeyLine(inner).split(' ')[1] ?? '';
    const [message] = messagesAt(planWith({ 'azure.vm.sshPublicKey': `ssh-rsa ${blob}` }), 'azure.vm.sshPublicKey');
    expect(message).toMatch(/^the key says ssh-rsa but its data is evil\\nlinex+…: /);
    expectBounded(errorsOf(planWith({ 'azure.vm.sshPublicKey': `ssh-rsa ${blob}` })));
  });

  it('a 2 KB ARM endpoint URL in the suggested root', () => {
    const host = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.example`;
    const http = messagesAt(planWith({ 'azureStack.armEndpoint': `http://${host}/` }), 'azureStack.armEndpoint');
    expect(http).toEqual([expect.stringMatching(/^http is refused: .*; use https:\/\/a+…$/)]);
    const deep = `https://${host}/subscriptions/${'s'.repeat(1800)}`;
    expectBounded(errorsOf(planWith({ 'azureStack.armEndpoint': deep })));
  });

  it('any string at any field, or as a field name, comes back bounded and on one line', () => {
    const paths = [
      'name',
      'ticketId',
      'azure.location',
      'azure.gatewaySku',
      'azure.addressSpace',
      'azure.workloadSubnet',
      'azureStack.armEndpoint',
      'azureStack.vm.adminUsername',
      'azure.vm.sshPublicKey',
      'connection.ipsecPolicy.ipsecEncryption',
      'options.onFailure',
    ];
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 3000 }),
      fc.string({ unit: 'binary', maxLength: 20 }).map((tail) => `ssh-rsa AAAA${tail}`),
      fc.string({ unit: 'binary', maxLength: 20 }).map((tail) => `https://${tail}`),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...paths),
        value,
        fc.string({ unit: 'binary', maxLength: 300 }),
        (path, text, key) => {
          const result = validatePlan(planWith({ [path]: text, [`azure.${key}`]: true }));
          expectBounded(result.ok ? result.warnings.concat({ path: '', message: 'ok' }) : result.errors);
        },
      ),
      { seed: 0x5eed, numRuns: 300 },
    );
  });
});
