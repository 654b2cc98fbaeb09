import {
  AZURE_SITE,
  STACK_DEFAULT_POLICY,
  STACK_SITE,
  buildSite,
  buildTunnel,
  connectionBody,
  gatewayBody,
  gatewayIp,
  ids,
  lgwBody,
  pipBody,
  vnetBody,
} from './blueprint';
import { MiniArm, expectArmError } from './harness';

describe('connections', () => {
  let arm: MiniArm;
  beforeEach(() => (arm = new MiniArm()));
  afterEach(() => arm.dispose());

  function withLgw(site = AZURE_SITE): void {
    buildSite(arm, site);
    arm.create(
      site.cloud,
      ids(site).lgw,
      lgwBody(site, site.cloud === 'azure' ? '203.0.113.9' : '20.84.0.9', ['10.9.0.0/16']),
    );
  }

  it('keeps the shared key out of current bodies and serves it at /sharedkey ({id:"", value})', () => {
    withLgw();
    const created = arm.create('azure', ids(AZURE_SITE).connection, connectionBody(AZURE_SITE, 'Abc123'));
    expect(created.properties).not.toHaveProperty('sharedKey');
    expect(JSON.stringify(created)).not.toContain('Abc123');
    expect(created.properties).toMatchObject({
      connectionType: 'IPsec',
      connectionProtocol: 'IKEv2',
      virtualNetworkGateway1: { id: ids(AZURE_SITE).gateway, properties: {} },
      localNetworkGateway2: { id: ids(AZURE_SITE).lgw, properties: {} },
      ipsecPolicies: [STACK_DEFAULT_POLICY],
      connectionMode: 'Default',
      dpdTimeoutSeconds: 45,
    });
    expect(arm.action('azure', ids(AZURE_SITE).connection, 'GET sharedkey').body).toEqual({ id: '', value: 'Abc123' });
  });

  it('echoes sharedKey in 2018-11-01 bodies and serves {value} at /sharedkey on Azure Stack Hub', () => {
    withLgw(STACK_SITE);
    const created = arm.create('azureStack', ids(STACK_SITE).connection, connectionBody(STACK_SITE, 'Abc123'));
    expect(created.properties?.sharedKey).toBe('Abc123');
    expect(arm.action('azureStack', ids(STACK_SITE).connection, 'GET sharedkey').body).toEqual({ value: 'Abc123' });
    expect(created.properties).not.toHaveProperty('connectionMode');
  });

  it('generates a shared key when none is given', () => {
    withLgw();
    const body = connectionBody(AZURE_SITE, 'x') as { properties: Record<string, unknown> };
    delete body.properties.sharedKey;
    arm.create('azure', ids(AZURE_SITE).connection, body);
    expect((arm.action('azure', ids(AZURE_SITE).connection, 'GET sharedkey').body as { value: string }).value).toMatch(
      /^[A-Za-z0-9]{32}$/,
    );
  });

  it('answers AnotherOperationInProgress for a connection while its gateway is still provisioning', () => {
    arm.create('azure', ids(AZURE_SITE).vnet, vnetBody(AZURE_SITE));
    arm.create('azure', ids(AZURE_SITE).pip, pipBody(AZURE_SITE));
    arm.put('azure', ids(AZURE_SITE).gateway, gatewayBody(AZURE_SITE));
    arm.create('azure', ids(AZURE_SITE).lgw, lgwBody(AZURE_SITE, '203.0.113.9', ['10.2.0.0/16']));
    expectArmError(
      () => arm.put('azure', ids(AZURE_SITE).connection, connectionBody(AZURE_SITE, 'k')),
      409,
      'AnotherOperationInProgress',
    );
  });

  it('answers AnotherOperationInProgress for a second write on the connection while PUT sharedkey runs', () => {
    withLgw();
    arm.create('azure', ids(AZURE_SITE).connection, connectionBody(AZURE_SITE, 'k'));
    const answer = arm.action('azure', ids(AZURE_SITE).connection, 'PUT sharedkey', { value: 'k2' });
    expect(answer.operation?.status).toBe('InProgress');
    expect(arm.get('azure', ids(AZURE_SITE).connection).properties?.provisioningState).toBe('Updating');
    expectArmError(
      () => arm.put('azure', ids(AZURE_SITE).connection, connectionBody(AZURE_SITE, 'k3')),
      409,
      'AnotherOperationInProgress',
    );
    arm.settle(answer.operation);
    expect(arm.get('azure', ids(AZURE_SITE).connection).properties?.provisioningState).toBe('Succeeded');
  });

  it('answers InvalidResourceReference for a missing gateway or local network gateway', () => {
    withLgw();
    const body = connectionBody(AZURE_SITE, 'k') as { properties: { localNetworkGateway2: { id: string } } };
    body.properties.localNetworkGateway2.id = `${ids(AZURE_SITE).lgw}-missing`;
    expectArmError(() => arm.put('azure', ids(AZURE_SITE).connection, body), 400, 'InvalidResourceReference');
  });

  it('validates IPsec policies against the model enums (InvalidRequestFormat) and the GCM rule', () => {
    withLgw();
    const put = (policy: Record<string, unknown>) => () =>
      arm.put('azure', ids(AZURE_SITE).connection, connectionBody(AZURE_SITE, 'k', [policy]));
    expectArmError(put({ ...STACK_DEFAULT_POLICY, dhGroup: 'DHGroup99' }), 400, 'InvalidRequestFormat');
    const { pfsGroup: _omitted, ...missing } = STACK_DEFAULT_POLICY;
    expectArmError(put(missing), 400, 'InvalidRequestFormat');
    expectArmError(put({ ...STACK_DEFAULT_POLICY, ipsecIntegrity: 'SHA256' }), 400, 'InvalidIpsecPolicy');
    expectArmError(put({ ...STACK_DEFAULT_POLICY, saLifeTimeSeconds: 100 }), 400, 'InvalidIpsecPolicy');
    expectArmError(
      () =>
        arm.put(
          'azure',
          ids(AZURE_SITE).connection,
          connectionBody(AZURE_SITE, 'k', [STACK_DEFAULT_POLICY, STACK_DEFAULT_POLICY]),
        ),
      400,
      'InvalidIpsecPolicy',
    );
  });

  it('accepts only the narrower Stack Hub policy values on Azure Stack Hub', () => {
    withLgw(STACK_SITE);
    const body = connectionBody(STACK_SITE, 'k', [{ ...STACK_DEFAULT_POLICY, ikeEncryption: 'GCMAES256' }]);
    expectArmError(() => arm.put('azureStack', ids(STACK_SITE).connection, body), 400, 'InvalidIpsecPolicy');
    // The same value is fine for Azure's model.
    withLgw();
    arm.create(
      'azure',
      ids(AZURE_SITE).connection,
      connectionBody(AZURE_SITE, 'k', [
        { ...STACK_DEFAULT_POLICY, ikeEncryption: 'GCMAES256', ikeIntegrity: 'GCMAES256' },
      ]),
    );
  });

  it('refuses custom IPsec policies on a Basic gateway', () => {
    const basic = { ...STACK_SITE, gatewaySku: 'Basic' };
    buildSite(arm, basic);
    arm.create('azureStack', ids(basic).lgw, lgwBody(basic, '20.84.0.9', ['10.1.0.0/16']));
    expectArmError(
      () => arm.put('azureStack', ids(basic).connection, connectionBody(basic, 'k')),
      400,
      'IpsecPolicyNotSupportedOnBasicSku',
    );
    arm.create('azureStack', ids(basic).connection, connectionBody(basic, 'k', []));
  });

  it('refuses policy-based traffic selectors and non-IPsec connections on Azure Stack Hub', () => {
    withLgw(STACK_SITE);
    const body = connectionBody(STACK_SITE, 'k') as { properties: Record<string, unknown> };
    body.properties.usePolicyBasedTrafficSelectors = true;
    expectArmError(
      () => arm.put('azureStack', ids(STACK_SITE).connection, body),
      400,
      'FeatureNotSupportedOnAzureStack',
    );
    body.properties.usePolicyBasedTrafficSelectors = false;
    body.properties.connectionType = 'Vnet2Vnet';
    expectArmError(
      () => arm.put('azureStack', ids(STACK_SITE).connection, body),
      400,
      'FeatureNotSupportedOnAzureStack',
    );
  });

  it('lets a LGW change take a connected tunnel down and back up', () => {
    buildTunnel(arm);
    arm.advance(60_000);
    const stackIp = gatewayIp(arm, STACK_SITE);
    arm.create('azure', ids(AZURE_SITE).lgw, lgwBody(AZURE_SITE, stackIp, ['10.2.0.0/17']));
    arm.advance(5 * 60_000);
    expect(arm.get('azure', ids(AZURE_SITE).connection).properties?.connectionStatus).toBe('NotConnected');
    arm.create('azure', ids(AZURE_SITE).lgw, lgwBody(AZURE_SITE, stackIp, ['10.2.0.0/16']));
    arm.advance(60_000);
    expect(arm.get('azure', ids(AZURE_SITE).connection).properties?.connectionStatus).toBe('Connected');
  });

  it('deletes connections, then LGWs and gateways in dependency order', () => {
    buildTunnel(arm);
    arm.remove('azure', ids(AZURE_SITE).connection);
    arm.advance(5 * 60_000);
    expect(arm.get('azureStack', ids(STACK_SITE).connection).properties?.connectionStatus).toBe('NotConnected');
    arm.remove('azure', ids(AZURE_SITE).lgw);
    arm.remove('azure', ids(AZURE_SITE).gateway);
    expect(arm.stores.azure.get(ids(AZURE_SITE).gateway)).toBeUndefined();
  });
});
