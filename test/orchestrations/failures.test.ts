// Pure parts of the orchestrations: how failures are classified and described, how custom status is kept small,
// and how instance ids are spelled.
import { ArmOperationError, StageTimeoutError, TunnelNotConnectedError } from '../../lib/errors';
import { unwrapActivityResult } from '../../orchestrations/activityCalls';
import { byteLength, compactStatus } from '../../orchestrations/customStatus';
import { failureOf, failuresOf } from '../../orchestrations/failures';
import {
  connectionNameOf,
  isConnectionInstanceId,
  linkInstanceId,
  rollbackInstanceId,
  siteInstanceId,
  stampSiteInstanceId,
  teardownInstanceId,
  teardownSiteInstanceId,
  teardownStampInstanceId,
} from '../../orchestrations/names';
import type { ConnectionStatus } from '../../orchestrations/statusTypes';
import { describeFailure, WorkflowFailedError } from '../../orchestrations/workflowFailedError';

describe('failureOf', () => {
  it('keeps cloud, stage, code, status and hint of an ArmOperationError', () => {
    const error = new ArmOperationError({ cloud: 'azure', stage: 'publicIp', code: 'QuotaExceeded', httpStatus: 409 });
    expect(failureOf(error)).toMatchObject({
      cloud: 'azure',
      stage: 'publicIp',
      code: 'QuotaExceeded',
      httpStatus: 409,
      hint: error.hint,
    });
  });

  // Activities that ran out of retries: test/orchestrations/activityFailure.test.ts.

  it('classifies timeouts and tunnel errors by class, not by text', () => {
    const timeout = new StageTimeoutError({
      cloud: 'azureStack',
      stage: 'gateway',
      deadline: '2025-01-01T01:30:00.000Z',
    });
    expect(failureOf(timeout)).toMatchObject({ code: 'StageTimeoutError', cloud: 'azureStack', stage: 'gateway' });
    expect(failureOf(timeout).hint).toBe(timeout.hint);
    expect(timeout.hint).toMatch(/^raise options\.gatewayTimeoutMinutes or check the resource/);
    const tunnel = new TunnelNotConnectedError({
      diagnosis: 'ipsecPolicyMismatch',
      detail: 'dhGroup: ECP384 vs DHGroup14',
    });
    expect(failureOf(tunnel, { cloud: 'azure' })).toEqual({
      code: 'TunnelNotConnectedError',
      message: tunnel.message,
      stage: 'tunnel',
      hint: tunnel.hint,
      diagnosis: 'ipsecPolicyMismatch',
    });
    // The hint is the advice that ends the message.
    expect(tunnel.hint).toMatch(/^the IPsec\/IKE policies differ: give both connections the same policy/);
    expect(tunnel.message.endsWith(`: ${tunnel.hint}.`)).toBe(true);
  });

  it('describes a failure as "<code> at <cloud>/<stage>: <message>"', () => {
    const failure = { code: 'X', cloud: 'azure' as const, stage: 'gateway' as const, message: 'boom' };
    expect(describeFailure(failure)).toBe('X at azure/gateway: boom');
    expect(new WorkflowFailedError(failure).message).toBe('X at azure/gateway: boom');
    expect(describeFailure({ code: 'PlanValidationError', message: 'bad' })).toBe('PlanValidationError: bad');
  });

  it('keeps every failure of parallel work, the first one first', () => {
    const azure = { code: 'X', cloud: 'azure' as const, stage: 'gateway' as const, message: 'boom' };
    const stack = { code: 'Y', cloud: 'azureStack' as const, stage: 'gateway' as const, message: 'bang' };
    const both = new WorkflowFailedError(azure, [stack]);
    expect(both.failure).toBe(azure);
    expect(both.message).toBe('X at azure/gateway: boom (also: Y at azureStack/gateway)');
    expect(failuresOf(both)).toEqual([azure, stack]);
    expect(failuresOf(new WorkflowFailedError(azure))).toEqual([azure]);
    expect(failuresOf(new Error('plain'), { cloud: 'azure' })).toEqual([
      failureOf(new Error('plain'), { cloud: 'azure' }),
    ]);
  });
});

describe('unwrapActivityResult', () => {
  const site = { cloud: 'azure' as const, stage: 'gateway' as const };
  function failureOfUnwrap(raw: unknown): unknown {
    try {
      unwrapActivityResult(raw, site);
    } catch (error) {
      return error instanceof WorkflowFailedError ? error.failure : error;
    }
    return undefined;
  }

  it('returns the value of {ok:true} and fails the run with the code of {ok:false}', () => {
    expect(unwrapActivityResult({ ok: true, value: { id: 'x' } }, site)).toEqual({ id: 'x' });
    expect(
      failureOfUnwrap({ ok: false, error: { cloud: 'azureStack', stage: 'gateway', code: 'QuotaExceeded' } }),
    ).toMatchObject({ code: 'QuotaExceeded', cloud: 'azureStack', stage: 'gateway' });
  });

  it('takes one result shape only: anything else fails the run as InvalidActivityResult at the call site', () => {
    for (const raw of [{ id: 'x' }, { published: true }, null, 'text', { ok: true }, { ok: false, error: 'x' }]) {
      expect(failureOfUnwrap(raw)).toMatchObject({ code: 'InvalidActivityResult', cloud: 'azure', stage: 'gateway' });
    }
  });
});

describe('compactStatus', () => {
  function statusWith(detailLength: number, messageLength: number): ConnectionStatus {
    const stage = {
      state: 'running' as const,
      startedAt: '2025-01-01T00:00:00.000Z',
      resourceId: `/subscriptions/${'x'.repeat(200)}`,
      detail: 'd'.repeat(detailLength),
    };
    return {
      kind: 'connection',
      phase: 'sites',
      stages: {
        azure: { resourceGroup: stage, virtualNetwork: stage, gateway: stage },
        azureStack: { resourceGroup: stage, virtualNetwork: stage, gateway: stage },
      },
      tunnel: { state: 'pending' },
      verify: { state: 'pending' },
      events: [],
      error: { code: 'X', message: 'm'.repeat(messageLength) },
    };
  }

  it('returns a small status unchanged', () => {
    const status = statusWith(10, 10);
    expect(compactStatus(status)).toBe(status);
  });

  it('sheds stage details, then long messages, to fit under 16 KB', () => {
    const status = statusWith(3000, 20000);
    expect(byteLength(status)).toBeGreaterThan(16 * 1024);
    const compact = compactStatus(status);
    expect(byteLength(compact)).toBeLessThan(15 * 1024);
    expect(compact.stages.azure.gateway?.detail).toBeUndefined();
    expect(compact.stages.azure.gateway?.resourceId).toBeDefined();
    expect(compact.error?.message.length).toBe(200);
    expect(status.stages.azure.gateway?.detail).toHaveLength(3000);
  });

  it("sheds a large fleet's passed pre-flight checks, then all but its first failures, to fit under 16 KB", () => {
    const sites = Array.from({ length: 100 }, (_, index) => `site-${index}`);
    const failure = (site: string) => ({
      code: 'QuotaExceeded',
      message: `azureStack virtualMachine failed with QuotaExceeded on ${site}: ${'m'.repeat(150)}`,
      cloud: 'azureStack' as const,
      site,
      stage: 'virtualMachine' as const,
      hint: 'raise the quota',
    });
    const status: ConnectionStatus = {
      ...statusWith(10, 10),
      preflight: sites.flatMap((site) =>
        ['armReachable', 'token', 'permissions', 'quotaNetwork', 'vmSize'].map((check) => ({
          cloud: 'azureStack' as const,
          site,
          check: check as 'token',
          status: site === 'site-7' && check === 'token' ? ('warning' as const) : ('ok' as const),
          detail: `checked ${check} of ${site}`,
          hint: '',
        })),
      ),
      error: failure('site-0'),
      errors: sites.map(failure),
    };
    expect(byteLength(status)).toBeGreaterThan(16 * 1024);
    const compact = compactStatus(status);
    expect(byteLength(compact)).toBeLessThan(15 * 1024);
    expect(compact.preflight).toEqual([expect.objectContaining({ site: 'site-7', check: 'token', status: 'warning' })]);
    expect(compact.errors?.map((each) => each.site)).toEqual(sites.slice(0, 20));
    expect(compact.error?.site).toBe('site-0');
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(byteLength('é€😀')).toBe(Buffer.byteLength(JSON.stringify('é€😀')));
    for (const value of [
      { phase: 'building', note: 'ascii only\n"quoted"' },
      { at: ['x', 'ÿ', 'x'.repeat(5000)] },
      '',
    ]) {
      expect(byteLength(value)).toBe(Buffer.byteLength(JSON.stringify(value)));
    }
  });
});

describe('instance ids', () => {
  it('spells the connection, its sites, its teardown and its rollback', () => {
    expect(siteInstanceId('contoso', 'azureStack')).toBe('hc-contoso:azureStack');
    expect(teardownInstanceId('contoso')).toBe('hc-contoso:teardown');
    expect(rollbackInstanceId('contoso')).toBe('hc-contoso:rollback');
    expect(teardownSiteInstanceId('hc-contoso:teardown', 'azure')).toBe('hc-contoso:teardown:azure');
  });

  it("spells a fleet's children per site; the site azurestack keeps the ids of before fleets", () => {
    expect(stampSiteInstanceId('contoso', 'azurestack')).toBe('hc-contoso:azureStack');
    expect(stampSiteInstanceId('contoso', 'north')).toBe('hc-contoso:site-north');
    expect(linkInstanceId('contoso', 'north')).toBe('hc-contoso:link-north');
    expect(linkInstanceId('contoso', 'azurestack')).toBe('hc-contoso:link-azurestack');
    expect(teardownStampInstanceId('hc-contoso:teardown', 'azurestack')).toBe('hc-contoso:teardown:azureStack');
    expect(teardownStampInstanceId('hc-contoso:rollback', 'north')).toBe('hc-contoso:rollback:site-north');
    expect(isConnectionInstanceId('hc-contoso:link-north')).toBe(false);
  });

  it('tells a connection instance from its children and from foreign instances', () => {
    expect(isConnectionInstanceId('hc-contoso')).toBe(true);
    expect(isConnectionInstanceId('hc-contoso:azure')).toBe(false);
    expect(isConnectionInstanceId('other-instance')).toBe(false);
    expect(connectionNameOf('hc-contoso')).toBe('contoso');
    expect(connectionNameOf('hc-contoso:teardown')).toBeUndefined();
  });
});
