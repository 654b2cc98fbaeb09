import {
  ArmOperationError,
  PlanValidationError,
  StageTimeoutError,
  TunnelNotConnectedError,
  hintForArmCode,
  isRetryableArmError,
} from '../../lib/errors';

describe('typed errors', () => {
  it('ArmOperationError names cloud, stage, ARM code, status and what to do', () => {
    const error = new ArmOperationError({
      cloud: 'azure',
      stage: 'virtualMachine',
      code: 'QuotaExceeded',
      httpStatus: 409,
      armMessage: 'Operation could not be completed as it results in exceeding approved standardBSFamily Cores quota.',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ArmOperationError');
    expect(error.message).toBe(
      'azure virtualMachine failed with QuotaExceeded (HTTP 409): Operation could not be completed as it results in exceeding approved standardBSFamily Cores quota. Raise the quota (VM cores, public IPs) in the portal, or choose a smaller vm.size.',
    );
    expect(error.retryable).toBe(false);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'ArmOperationError',
      cloud: 'azure',
      stage: 'virtualMachine',
      code: 'QuotaExceeded',
      httpStatus: 409,
      retryable: false,
    });
  });

  it('classifies throttling, server errors and concurrent writes as retryable, validation and auth as terminal', () => {
    expect(isRetryableArmError('AnotherOperationInProgress', 409)).toBe(true);
    expect(isRetryableArmError(undefined, 429)).toBe(true);
    expect(isRetryableArmError('InternalServerError', 500)).toBe(true);
    expect(isRetryableArmError('InvalidRequestFormat', 400)).toBe(false);
    expect(isRetryableArmError('AuthorizationFailed', 403)).toBe(false);
    expect(
      new ArmOperationError({
        cloud: 'azureStack',
        stage: 'gateway',
        code: 'AnotherOperationInProgress',
        httpStatus: 409,
      }).retryable,
    ).toBe(true);
  });

  it('has a hint for every code, falling back on the HTTP status', () => {
    expect(hintForArmCode('AuthorizationFailed')).toMatch(/Contributor/);
    expect(hintForArmCode('SomethingNew', 404)).toMatch(/check subscriptionId/);
    expect(hintForArmCode(undefined)).toMatch(/rerun/);
  });

  it('TunnelNotConnectedError carries the diagnosis and a fix for it', () => {
    const error = new TunnelNotConnectedError({
      diagnosis: 'ipsecPolicyMismatch',
      detail: 'ikeEncryption: AES256 (azure) vs AES128 (azureStack)',
      connectionStatus: { azure: 'NotConnected', azureStack: 'Connecting' },
    });
    expect(error.name).toBe('TunnelNotConnectedError');
    expect(error.message).toBe(
      "the tunnel did not connect (status: azure NotConnected, azureStack Connecting; ikeEncryption: AES256 (azure) vs AES128 (azureStack)): the IPsec/IKE policies differ: give both connections the same policy (the default is Stack Hub's built-in one).",
    );
    expect(new TunnelNotConnectedError({ diagnosis: 'sharedKeyMismatch' }).message).toMatch(/same shared key/);
    expect(new TunnelNotConnectedError({ diagnosis: 'addressSpaceMismatch' }).message).toMatch(/local network gateway/);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      diagnosis: 'ipsecPolicyMismatch',
      connectionStatus: { azure: 'NotConnected' },
    });
  });

  it('StageTimeoutError names cloud, stage and deadline and says how to resume', () => {
    const error = new StageTimeoutError({
      cloud: 'azure',
      stage: 'gateway',
      deadline: '2025-01-01T01:30:00.000Z',
      lastState: 'Updating',
    });
    expect(error.name).toBe('StageTimeoutError');
    expect(error.message).toBe(
      'azure gateway did not finish by 2025-01-01T01:30:00.000Z (last state: Updating): raise options.gatewayTimeoutMinutes or check the resource in the portal, then rerun; what exists is adopted, not rebuilt.',
    );
    expect(new StageTimeoutError({ cloud: 'azureStack', stage: 'tunnel', deadline: 'd' }).message).not.toMatch(
      /gatewayTimeoutMinutes/,
    );
  });

  it('PlanValidationError summarises the first error and keeps them all', () => {
    const error = new PlanValidationError([
      { path: 'azure.gatewaySku', message: 'x' },
      { path: '', message: 'y' },
    ]);
    expect(error.name).toBe('PlanValidationError');
    expect(error.message).toBe(
      'the plan is invalid: azure.gatewaySku: x (and 1 more). Fix the listed fields and submit it again.',
    );
    expect(error.toJSON().errors).toHaveLength(2);
  });
});
