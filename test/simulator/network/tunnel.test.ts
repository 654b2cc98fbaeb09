import { diagnoseConnection } from '../../../simulator/network';
import {
  AZURE_SITE,
  STACK_SITE,
  buildSite,
  buildTunnel,
  connectionBody,
  createLocalGatewayTo,
  gatewayIp,
  ids,
  lgwBody,
  statusOf,
} from './blueprint';
import { MiniArm } from './harness';

describe('site-to-site tunnel truth', () => {
  let arm: MiniArm;
  beforeEach(() => (arm = new MiniArm()));
  afterEach(() => arm.dispose());

  function reason(site = AZURE_SITE): string {
    const store = arm.stores[site.cloud];
    const world = [
      { cloud: 'azure' as const, store: arm.stores.azure },
      { cloud: 'azureStack' as const, store: arm.stores.azureStack },
    ];
    const connection = store.get(ids(site).connection);
    if (!connection) throw new Error('no connection');
    return diagnoseConnection(site.cloud, store, world, connection, arm.clock.now()).reason;
  }

  it('reads Connected on both sides once both ends match, with byte counters growing in virtual time', () => {
    buildTunnel(arm);
    arm.advance(60_000);
    expect(statusOf(arm, AZURE_SITE)).toBe('Connected');
    expect(statusOf(arm, STACK_SITE)).toBe('Connected');
    const before = arm.get('azure', ids(AZURE_SITE).connection).properties ?? {};
    arm.advance(10 * 60_000);
    const after = arm.get('azure', ids(AZURE_SITE).connection).properties ?? {};
    expect(after.egressBytesTransferred as number).toBeGreaterThan(before.egressBytesTransferred as number);
    expect(after.ingressBytesTransferred as number).toBeGreaterThan(before.ingressBytesTransferred as number);
    // What one side sends is what the other receives.
    const stack = arm.get('azureStack', ids(STACK_SITE).connection).properties ?? {};
    expect(stack.ingressBytesTransferred).toBe(after.egressBytesTransferred);
  });

  it('says Connecting for a while and then NotConnected when the shared keys differ', () => {
    buildTunnel(arm, { azure: 'one-key', azureStack: 'another-key' });
    expect(statusOf(arm, AZURE_SITE)).toBe('Connecting');
    arm.advance(2 * 60_000);
    expect(statusOf(arm, AZURE_SITE)).toBe('NotConnected');
    expect(statusOf(arm, STACK_SITE)).toBe('NotConnected');
    expect(reason()).toBe('shared-key-mismatch');
  });

  it('connects after PUT sharedkey makes the keys equal, and drops again when one changes', () => {
    buildTunnel(arm, { azure: 'one-key', azureStack: 'another-key' });
    arm.advance(5 * 60_000);
    expect(statusOf(arm, AZURE_SITE)).toBe('NotConnected');
    const result = arm.runAction('azureStack', ids(STACK_SITE).connection, 'PUT sharedkey', { value: 'one-key' });
    expect(result).toEqual({ value: 'one-key' });
    arm.advance(60_000);
    expect(statusOf(arm, AZURE_SITE)).toBe('Connected');
    arm.runAction('azure', ids(AZURE_SITE).connection, 'PUT sharedkey', { value: 'rotated' });
    arm.advance(5 * 60_000);
    expect(statusOf(arm, STACK_SITE)).toBe('NotConnected');
  });

  it('needs each local network gateway to cover the other VNet', () => {
    buildTunnel(arm);
    arm.create('azure', ids(AZURE_SITE).lgw, lgwBody(AZURE_SITE, gatewayIp(arm, STACK_SITE), ['10.2.0.0/24']));
    arm.advance(5 * 60_000);
    expect(statusOf(arm, AZURE_SITE)).toBe('NotConnected');
    expect(reason()).toBe('local-address-space-does-not-cover-remote-vnet');
    expect(reason(STACK_SITE)).toBe('remote-address-space-does-not-cover-local-vnet');
  });

  it('needs the local network gateway to point at the peer gateway public IP', () => {
    buildTunnel(arm);
    arm.create('azure', ids(AZURE_SITE).lgw, lgwBody(AZURE_SITE, '198.51.100.7', [STACK_SITE.addressSpace]));
    arm.advance(5 * 60_000);
    expect(statusOf(arm, AZURE_SITE)).toBe('NotConnected');
    expect(reason()).toBe('no-gateway-at-remote-address');
    expect(reason(STACK_SITE)).toBe('remote-connection-missing');
  });

  it('treats an Azure default policy and a Stack Hub default policy as incompatible', () => {
    buildSite(arm, AZURE_SITE);
    buildSite(arm, STACK_SITE);
    createLocalGatewayTo(arm, AZURE_SITE, STACK_SITE);
    createLocalGatewayTo(arm, STACK_SITE, AZURE_SITE);
    arm.create('azure', ids(AZURE_SITE).connection, connectionBody(AZURE_SITE, 'k', []));
    arm.create('azureStack', ids(STACK_SITE).connection, connectionBody(STACK_SITE, 'k', []));
    arm.advance(5 * 60_000);
    expect(statusOf(arm, AZURE_SITE)).toBe('NotConnected');
    expect(reason()).toBe('ipsec-policy-mismatch');
  });

  it('connects when Azure sets the Stack Hub default explicitly and Stack Hub keeps its default', () => {
    buildSite(arm, AZURE_SITE);
    buildSite(arm, STACK_SITE);
    createLocalGatewayTo(arm, AZURE_SITE, STACK_SITE);
    createLocalGatewayTo(arm, STACK_SITE, AZURE_SITE);
    arm.create('azure', ids(AZURE_SITE).connection, connectionBody(AZURE_SITE, 'k'));
    arm.create('azureStack', ids(STACK_SITE).connection, connectionBody(STACK_SITE, 'k', []));
    arm.advance(60_000);
    expect(statusOf(arm, STACK_SITE)).toBe('Connected');
  });

  it('stays NotConnected while only one side has a connection, and connects when the other arrives', () => {
    buildSite(arm, AZURE_SITE);
    buildSite(arm, STACK_SITE);
    createLocalGatewayTo(arm, AZURE_SITE, STACK_SITE);
    arm.create('azure', ids(AZURE_SITE).connection, connectionBody(AZURE_SITE, 'k'));
    arm.advance(3 * 60_000);
    expect(statusOf(arm, AZURE_SITE)).toBe('NotConnected');
    expect(reason()).toBe('remote-connection-missing');
    createLocalGatewayTo(arm, STACK_SITE, AZURE_SITE);
    arm.create('azureStack', ids(STACK_SITE).connection, connectionBody(STACK_SITE, 'k'));
    expect(statusOf(arm, AZURE_SITE)).toBe('Connecting');
    arm.advance(60_000);
    expect(statusOf(arm, AZURE_SITE)).toBe('Connected');
  });

  it('reports Unknown while the connection itself is still provisioning', () => {
    buildSite(arm, AZURE_SITE);
    buildSite(arm, STACK_SITE);
    createLocalGatewayTo(arm, AZURE_SITE, STACK_SITE);
    arm.put('azure', ids(AZURE_SITE).connection, connectionBody(AZURE_SITE, 'k'));
    expect(statusOf(arm, AZURE_SITE)).toBe('Unknown');
  });

  it('omits connectionStatus from list renderings but keeps it on a GET', () => {
    buildTunnel(arm);
    expect(arm.listView('azure', ids(AZURE_SITE).connection).properties).not.toHaveProperty('connectionStatus');
    expect(arm.get('azure', ids(AZURE_SITE).connection).properties).toHaveProperty('connectionStatus');
  });
});
