import { AZURE, NAMES, STACK, buildSite, connectSites, type SiteResult } from './sdkBlueprint';
import { POLL, eventually, rejection, startSdkWorld, type SdkWorld } from './sdkWorld';

jest.setTimeout(60_000);

describe('the blueprint in both clouds through the real SDKs', () => {
  let world: SdkWorld;
  let azure: SiteResult;
  let stack: SiteResult;

  beforeAll(async () => {
    world = await startSdkWorld({ seed: 'blueprint', timeScale: 5000 });
    [azure, stack] = await Promise.all([buildSite(world, 'azure'), buildSite(world, 'stack')]);
    await connectSites(world, azure, stack);
  });
  afterAll(async () => {
    await world?.sim.stop();
  });

  const azureStatus = async () =>
    (await world.azure.network.virtualNetworkGatewayConnections.get(AZURE.group, NAMES.connection)).connectionStatus;
  const stackStatus = async () =>
    (await world.stack.network.virtualNetworkGatewayConnections.get(STACK.group, NAMES.connection)).connectionStatus;
  const pingFromAzure = async (target: string) =>
    world.azure.compute.virtualMachines.beginRunCommandAndWait(
      AZURE.group,
      NAMES.vm,
      { commandId: 'RunShellScript', script: [`ping -c 4 ${target}`] },
      POLL,
    );
  const pingFromStack = async (target: string) =>
    world.stack.compute.virtualMachines.beginRunCommandAndWait(
      STACK.group,
      NAMES.vm,
      { commandId: 'RunShellScript', script: [`ping -c 4 ${target}`] },
      POLL,
    );

  it('provisions gateways with public addresses from each cloud pool and VMs with .4 addresses', () => {
    expect(azure.gatewayIp).toMatch(/^20\.84\./);
    expect(stack.gatewayIp).toMatch(/^203\.0\.113\./);
    expect(azure.vmIp).toBe('10.1.1.4');
    expect(stack.vmIp).toBe('10.2.1.4');
  });

  it('reads Connected on both connections, with bytes flowing', async () => {
    await eventually(azureStatus, (s) => s === 'Connected');
    await eventually(stackStatus, (s) => s === 'Connected');
    const connection = await eventually(
      () => world.azure.network.virtualNetworkGatewayConnections.get(AZURE.group, NAMES.connection),
      (c) => (c.egressBytesTransferred ?? 0) > 0,
    );
    expect(connection.ingressBytesTransferred).toBeGreaterThan(0);
  });

  it('tells the inspection API when the tunnel came up: after both connections were provisioned, on both ends', async () => {
    await eventually(azureStatus, (s) => s === 'Connected');
    const azureId = (await world.azure.network.virtualNetworkGatewayConnections.get(AZURE.group, NAMES.connection)).id;
    const stackId = (await world.stack.network.virtualNetworkGatewayConnections.get(STACK.group, NAMES.connection)).id;
    const azureEnd = world.sim.inspect.tunnel('azure', String(azureId));
    const stackEnd = world.sim.inspect.tunnel('azureStack', String(stackId));
    expect(azureEnd?.status).toBe('Connected');
    expect(stackEnd?.connectedAt).toBe(azureEnd?.connectedAt);
    const provisioned = Math.max(
      ...(['azure', 'azureStack'] as const).flatMap((cloud) =>
        world.sim.inspect
          .operations(cloud)
          .filter((op) => op.kind === 'put' && /\/connections\//i.test(op.resourceId))
          .map((op) => op.endTime ?? Number.POSITIVE_INFINITY),
      ),
    );
    expect(azureEnd?.connectedAt).toBeGreaterThan(provisioned);
    expect(world.sim.inspect.tunnel('azure', `${String(azureId)}-missing`)).toBeUndefined();
  });

  it('leaves connectionStatus out of list results, as ARM does, while a GET of the connection has it', async () => {
    await eventually(azureStatus, (s) => s === 'Connected');
    const listed = [];
    for await (const connection of world.azure.network.virtualNetworkGatewayConnections.list(AZURE.group)) {
      listed.push(connection);
    }
    expect(listed.map((c) => c.name)).toEqual([NAMES.connection]);
    expect(listed[0].connectionStatus).toBeUndefined();
    expect(listed[0].provisioningState).toBe('Succeeded');
  });

  it("keeps the shared keys out of the inspection API, though Stack Hub's 2018-11-01 GET echoes its own", async () => {
    const stackKey = (
      await world.stack.network.virtualNetworkGatewayConnections.getSharedKey(STACK.group, NAMES.connection)
    ).value;
    expect(stackKey).toBeTruthy();
    const echoed = await world.stack.network.virtualNetworkGatewayConnections.get(STACK.group, NAMES.connection);
    expect(echoed.sharedKey).toBe(stackKey);
    // What /_sim/resources answers: every resource of both clouds, both connections among them.
    const inspected = JSON.stringify([world.sim.inspect.resources('azure'), world.sim.inspect.resources('azureStack')]);
    expect(inspected).toContain(NAMES.connection);
    expect(inspected).not.toContain(String(stackKey));
    expect(inspected).not.toContain('"sharedKey"');
  });

  it('pings each VM from the other across the tunnel with Run Command', async () => {
    await eventually(azureStatus, (s) => s === 'Connected');
    const fromAzure = await pingFromAzure(stack.vmIp);
    expect(fromAzure.value?.[0]).toMatchObject({
      code: 'ProvisioningState/succeeded',
      displayStatus: 'Provisioning succeeded',
    });
    expect(fromAzure.value?.[0].message).toContain('4 packets transmitted, 4 received, 0% packet loss');
    const fromStack = await pingFromStack(azure.vmIp);
    expect(fromStack.value?.[0].message).toContain(`64 bytes from ${azure.vmIp}: icmp_seq=1 ttl=62`);
  });

  it('shows the VM running in its instance view (Stack Hub compute pinned to 2020-06-01)', async () => {
    const view = await world.stack.compute.virtualMachines.instanceView(STACK.group, NAMES.vm);
    expect(view.statuses?.map((s) => s.code)).toEqual(['ProvisioningState/succeeded', 'PowerState/running']);
    const requests = world.sim.inspect.requests({ service: 'azureStack', path: '/instanceView' });
    expect(requests.at(-1)?.apiVersion).toBe('2020-06-01');
  });

  it('goes NotConnected (and pings fail) after a key mismatch, and back to Connected when the keys agree', async () => {
    await world.azure.network.virtualNetworkGatewayConnections.beginSetSharedKeyAndWait(
      AZURE.group,
      NAMES.connection,
      { value: 'a-different-key' },
      POLL,
    );
    expect(
      (await world.azure.network.virtualNetworkGatewayConnections.getSharedKey(AZURE.group, NAMES.connection)).value,
    ).toBe('a-different-key');
    await eventually(azureStatus, (s) => s === 'NotConnected');
    await eventually(stackStatus, (s) => s === 'NotConnected');
    const failed = await pingFromAzure(stack.vmIp);
    expect(failed.value?.[0].message).toMatch(
      /^Enable failed: failed to execute command: command terminated with exit status=1/,
    );
    expect(failed.value?.[0].message).toContain('100% packet loss');

    await world.stack.network.virtualNetworkGatewayConnections.beginSetSharedKeyAndWait(
      STACK.group,
      NAMES.connection,
      { value: 'a-different-key' },
      POLL,
    );
    expect(
      (await world.stack.network.virtualNetworkGatewayConnections.getSharedKey(STACK.group, NAMES.connection)).value,
    ).toBe('a-different-key');
    await eventually(azureStatus, (s) => s === 'Connected');
  });

  it('refuses the current network api-version on Azure Stack Hub while the hybrid client works', async () => {
    const error = await rejection(world.stackCurrentNetwork.virtualNetworks.get(STACK.group, NAMES.vnet));
    expect(error).toMatchObject({ statusCode: 400, code: 'NoRegisteredProviderFound' });
    await expect(world.stack.network.virtualNetworks.get(STACK.group, NAMES.vnet)).resolves.toMatchObject({
      name: NAMES.vnet,
    });
  });

  it('enforces dependencies on delete', async () => {
    const net = world.azure.network;
    await expect(net.publicIPAddresses.beginDeleteAndWait(AZURE.group, NAMES.pip, POLL)).rejects.toMatchObject({
      statusCode: 400,
      code: 'PublicIPAddressCannotBeDeleted',
    });
    await expect(net.virtualNetworks.beginDeleteAndWait(AZURE.group, NAMES.vnet, POLL)).rejects.toMatchObject({
      statusCode: 400,
      code: 'InUseSubnetCannotBeDeleted',
    });
    await expect(net.networkInterfaces.beginDeleteAndWait(AZURE.group, NAMES.nic, POLL)).rejects.toMatchObject({
      statusCode: 400,
      code: 'NicInUse',
    });
    await expect(net.virtualNetworkGateways.beginDeleteAndWait(AZURE.group, NAMES.gateway, POLL)).rejects.toMatchObject(
      { statusCode: 400, code: 'InUseVirtualNetworkGatewayCannotBeDeleted' },
    );
    const stackNet = world.stack.network;
    await expect(stackNet.localNetworkGateways.beginDeleteAndWait(STACK.group, NAMES.lgw, POLL)).rejects.toMatchObject({
      statusCode: 400,
      code: 'InUseLocalNetworkGatewayCannotBeDeleted',
    });
    await expect(
      stackNet.subnets.beginDeleteAndWait(STACK.group, NAMES.vnet, 'GatewaySubnet', POLL),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InUseSubnetCannotBeDeleted' });
  });
});
