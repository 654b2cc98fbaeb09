// The fault plan's connectionStuck kind through the real SDKs: the connection's PUT is accepted and provisions, but
// its tunnel (both ends) reads NotConnected however long it waits, until the connection is healed.
import { AZURE, NAMES, STACK, buildSite, connectSites } from './sdkBlueprint';
import { eventually, startSdkWorld, type SdkWorld } from './sdkWorld';

jest.setTimeout(60_000);

describe('fault plan: a connection whose tunnel never connects', () => {
  let world: SdkWorld;

  beforeAll(async () => {
    world = await startSdkWorld({
      seed: 'connection-stuck',
      timeScale: 5000,
      faults: {
        rules: [
          // Matches every request of the Azure connection's path; only its PUT counts as an occurrence.
          { name: 'stuck', kind: 'connectionStuck', cloud: 'azure', path: `/connections/${NAMES.connection}$` },
        ],
      },
    });
    const [azure, stack] = await Promise.all([buildSite(world, 'azure'), buildSite(world, 'stack')]);
    await connectSites(world, azure, stack);
  });
  afterAll(async () => {
    await world?.sim.stop();
  });

  it('provisions the connection, then keeps both ends NotConnected until it is healed', async () => {
    const azureConnection = await world.azure.network.virtualNetworkGatewayConnections.get(
      AZURE.group,
      NAMES.connection,
    );
    expect(azureConnection.provisioningState).toBe('Succeeded');
    // An hour of virtual time: a sound tunnel connects within minutes.
    world.sim.inspect.advanceClock(60 * 60_000);
    const stackStatus = async () =>
      (await world.stack.network.virtualNetworkGatewayConnections.get(STACK.group, NAMES.connection)).connectionStatus;
    expect(
      (await world.azure.network.virtualNetworkGatewayConnections.get(AZURE.group, NAMES.connection)).connectionStatus,
    ).toBe('NotConnected');
    expect(await stackStatus()).toBe('NotConnected');
    expect(world.sim.inspect.faults().injected).toEqual([
      expect.objectContaining({ rule: 'stuck', kind: 'connectionStuck', cloud: 'azure', method: 'PUT', occurrence: 1 }),
    ]);

    world.sim.inspect.setTunnelFault('azure', azureConnection.id ?? '', 'heal');
    await eventually(stackStatus, (status) => status === 'Connected');
  });
});
