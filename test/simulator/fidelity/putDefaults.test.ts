// What real ARM fills into PUT responses, request for request, as the Azure SDK test suites recorded it:
//   VNet  https://github.com/Azure/azure-sdk-for-js/blob/6c476e7555ae224153d8032fd2f73474056594e6/sdk/network/arm-network/recordings/node/network_test/recording_virtualnetworks_create_test.json
//   subnet https://github.com/Azure/azure-sdk-for-js/blob/301c4794c6e1a3c4014ccdd47e1ad2ad6d7e72eb/sdk/network/arm-network/recordings/node/network_test/recording_subnets_create_test.json
//   gateway https://github.com/Azure/azure-sdk-for-python/blob/064b1135e0081f1b5b8cb4d4b723f784f461657d/sdk/network/azure-mgmt-network/tests/recordings/test_mgmt_network.test_virtual_network_gateway_operations.yaml
//   NIC, VM https://github.com/Azure/azure-sdk-for-js/blob/030ca529682c0177efb212c90ea12f6ca50fe581/sdk/compute/arm-compute/recordings/node/compute_test/recording_virtualmachines_create_test.json
// The recordings are older api-versions (2019-07-01 … 2022-09-01) than Azure's here; fields the 2018-11-01 and
// 2020-06-01 models (Azure Stack Hub) do not have are left out there.
import { startSdkWorld, type SdkWorld } from '../network/sdkWorld';
import { API, LOCATION, nicIn, rawArm, SETTLE_MS, vnetWithGatewaySubnet, type Cloud, type RawArm } from './rawArm';

jest.setTimeout(60_000);

const GROUP = 'myjstest';
const N = `resourceGroups/${GROUP}/providers/Microsoft.Network`;
const C = `resourceGroups/${GROUP}/providers/Microsoft.Compute`;
const WINDOWS_2016 = { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2016-Datacenter' };
/** The version real CRP resolved `latest` to in the VM recording. */
const WINDOWS_2016_VERSION = '14393.5125.220505';

describe.each<Cloud>(['azure', 'azureStack'])('PUT response defaults on %s', (cloud) => {
  let world: SdkWorld;
  let arm: RawArm;
  const api = API[cloud].network;
  const location = LOCATION[cloud];
  const current = cloud === 'azure';
  const settle = (): void => void world.sim.inspect.advanceClock(SETTLE_MS);

  beforeAll(async () => {
    world = await startSdkWorld({ seed: `defaults-${cloud}` });
    arm = rawArm(world, cloud);
    world.sim.inspect.setAccount(cloud, {
      images: [...world.sim.inspect.account(cloud).images, { ...WINDOWS_2016, versions: [WINDOWS_2016_VERSION] }],
    });
    await arm.send('PUT', `resourceGroups/${GROUP}`, API[cloud].resources, { location });
  });
  afterAll(async () => {
    await world?.sim.stop();
  });

  it('answers a VNet PUT 201 Updating with the recorded fields and status-monitor headers', async () => {
    const put = await arm.send('PUT', `${N}/virtualNetworks/virtualnetworkzzz`, api, {
      location,
      properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
    });
    expect(put).toMatchObject({
      status: 201,
      headers: { 'azure-asyncoperation': expect.stringContaining('/operations/') as unknown },
      body: {
        name: 'virtualnetworkzzz',
        type: 'Microsoft.Network/virtualNetworks',
        location,
        etag: expect.stringMatching(/^W\/"[0-9a-f-]{36}"$/) as unknown,
        properties: {
          provisioningState: 'Updating',
          resourceGuid: expect.any(String) as unknown,
          addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
          subnets: [],
          virtualNetworkPeerings: [],
          enableDdosProtection: false,
        },
      },
    });
    settle();
  });

  it('answers a subnet PUT with delegations and (2019+ api-versions) the private endpoint/link policies', async () => {
    const put = await arm.send('PUT', `${N}/virtualNetworks/virtualnetworkzzz/subnets/subnetzzz`, api, {
      properties: { addressPrefix: '10.0.0.0/24' },
    });
    expect(put.status).toBe(201);
    expect((put.body as { properties: unknown }).properties).toEqual({
      provisioningState: 'Updating',
      addressPrefix: '10.0.0.0/24',
      delegations: [],
      ...(current ? { privateEndpointNetworkPolicies: 'Disabled', privateLinkServiceNetworkPolicies: 'Enabled' } : {}),
    });
    expect((put.body as { type?: unknown }).type).toBe(
      current ? 'Microsoft.Network/virtualNetworks/subnets' : undefined,
    );
    settle();
    // The same defaults reach subnets written inline in a VNet PUT.
    await arm.send('PUT', `${N}/virtualNetworks/vnet`, api, vnetWithGatewaySubnet(location, 12));
    settle();
    const inline = await arm.send('GET', `${N}/virtualNetworks/vnet/subnets/workload`, api);
    expect(inline.body).toMatchObject({ properties: { delegations: [] } });
  });

  it('answers a gateway PUT with typed ipConfigurations sharing its etag, and the default client configuration', async () => {
    const pip = await arm.send('PUT', `${N}/publicIPAddresses/pyipname`, api, {
      location,
      ...(current
        ? { sku: { name: 'Standard' }, zones: ['1', '2', '3'], properties: { publicIPAllocationMethod: 'Static' } }
        : { properties: { publicIPAllocationMethod: 'Dynamic' } }),
    });
    expect(pip.status).toBe(201);
    settle();
    const sku = current ? 'VpnGw1AZ' : 'Standard';
    const put = await arm.send('PUT', `${N}/virtualNetworkGateways/pyvng`, api, {
      location,
      properties: {
        ipConfigurations: [
          {
            name: 'default',
            properties: {
              privateIPAllocationMethod: 'Dynamic',
              subnet: { id: arm.id(`${N}/virtualNetworks/vnet/subnets/GatewaySubnet`) },
              publicIPAddress: { id: arm.id(`${N}/publicIPAddresses/pyipname`) },
            },
          },
        ],
        gatewayType: 'VPN',
        vpnType: 'RouteBased',
        enableBgp: false,
        // The recording sent `capacity: 2`; at 2026-01-01 `capacity` is read-only (strict mode refuses it), and the
        // answer carries it all the same.
        sku: current ? { name: sku, tier: sku } : { name: sku, tier: sku, capacity: 2 },
      },
    });
    expect(put.status).toBe(201);
    const body = put.body as { etag: string; properties: Record<string, unknown> };
    expect(body.properties).toMatchObject({
      provisioningState: 'Updating',
      gatewayType: 'Vpn',
      vpnType: 'RouteBased',
      enableBgp: false,
      activeActive: false,
      sku: { name: sku, tier: sku, capacity: 2 },
      ipConfigurations: [
        {
          name: 'default',
          id: arm.id(`${N}/virtualNetworkGateways/pyvng/ipConfigurations/default`),
          etag: body.etag,
          ...(current ? { type: 'Microsoft.Network/virtualNetworkGateways/ipConfigurations' } : {}),
          properties: { provisioningState: 'Updating', privateIPAllocationMethod: 'Dynamic' },
        },
      ],
    });
    expect(body.properties.vpnClientConfiguration).toEqual(
      current
        ? {
            vpnClientProtocols: ['OpenVPN', 'IkeV2'],
            vpnClientRootCertificates: [],
            vpnClientRevokedCertificates: [],
            vpnClientIpsecPolicies: [],
          }
        : undefined,
    );
    if (!current) expect(Object.keys((body.properties.ipConfigurations as object[])[0])).not.toContain('type');
    settle();
    // Once built, the shared etag follows the gateway's new one.
    const get = (await arm.send('GET', `${N}/virtualNetworkGateways/pyvng`, api)).body as typeof body;
    expect((get.properties.ipConfigurations as { etag: string }[])[0].etag).toBe(get.etag);
    expect(get.etag).not.toBe(body.etag);
  });

  it('answers a NIC PUT already Succeeded, with the read-only fields NRP fills in', async () => {
    const put = await arm.send('PUT', `${N}/networkInterfaces/interfacex`, api, {
      location,
      properties: {
        ipConfigurations: [
          {
            name: 'MyIpConfig',
            properties: { subnet: { id: arm.id(`${N}/virtualNetworks/vnet/subnets/workload`), properties: {} } },
          },
        ],
      },
    });
    expect(put).toMatchObject({
      status: 201,
      headers: { 'azure-asyncoperation': expect.stringContaining('/operations/') as unknown },
    });
    const body = put.body as { etag: string; properties: Record<string, unknown> };
    expect(body.properties).toEqual({
      provisioningState: 'Succeeded',
      resourceGuid: expect.any(String) as unknown,
      ipConfigurations: [
        {
          name: 'MyIpConfig',
          id: arm.id(`${N}/networkInterfaces/interfacex/ipConfigurations/MyIpConfig`),
          etag: body.etag,
          ...(current ? { type: 'Microsoft.Network/networkInterfaces/ipConfigurations' } : {}),
          properties: {
            provisioningState: 'Succeeded',
            privateIPAddress: '10.12.1.4',
            privateIPAllocationMethod: 'Dynamic',
            subnet: { id: arm.id(`${N}/virtualNetworks/vnet/subnets/workload`) },
            primary: true,
            privateIPAddressVersion: 'IPv4',
          },
        },
      ],
      dnsSettings: {
        dnsServers: [],
        appliedDnsServers: [],
        internalDomainNameSuffix: expect.stringMatching(
          current ? /\.internal\.cloudapp\.net$/ : /\.internal\./,
        ) as unknown,
      },
      enableAcceleratedNetworking: false,
      enableIPForwarding: false,
      hostedWorkloads: [],
      tapConfigurations: [],
      ...(current ? { vnetEncryptionSupported: false, nicType: 'Standard' } : {}),
    });
    settle();
  });

  it('answers the recorded VM PUT with exactVersion, the disks’ defaults and the OS profile’s, and no password', async () => {
    const put = await arm.send('PUT', `${C}/virtualMachines/virtualmachinex`, API[cloud].compute, {
      location,
      properties: {
        hardwareProfile: { vmSize: 'Standard_D2_v2' },
        storageProfile: {
          imageReference: { ...WINDOWS_2016, version: 'latest' },
          osDisk: {
            name: 'myVMosdisk',
            caching: 'ReadWrite',
            createOption: 'FromImage',
            managedDisk: { storageAccountType: 'Standard_LRS' },
          },
          dataDisks: [
            { lun: 0, createOption: 'Empty', diskSizeGB: 1023 },
            { lun: 1, createOption: 'Empty', diskSizeGB: 1023 },
          ],
        },
        osProfile: {
          computerName: 'myVM',
          adminUsername: 'testuser',
          adminPassword: 'Placeholder-not-a-secret-1!',
          windowsConfiguration: { enableAutomaticUpdates: true },
        },
        networkProfile: {
          networkInterfaces: [{ id: arm.id(`${N}/networkInterfaces/interfacex`), properties: { primary: true } }],
        },
      },
    });
    expect(put.status).toBe(201);
    const properties = (put.body as { properties: Record<string, unknown> }).properties;
    const deleteOption = current ? { deleteOption: 'Detach' } : {};
    const dataDisk = (lun: number) => ({
      lun,
      createOption: 'Empty',
      caching: 'None',
      managedDisk: { storageAccountType: 'Standard_LRS' },
      ...deleteOption,
      diskSizeGB: 1023,
      toBeDetached: false,
    });
    expect(properties).toMatchObject({
      storageProfile: {
        imageReference: { ...WINDOWS_2016, version: 'latest', exactVersion: WINDOWS_2016_VERSION },
        osDisk: {
          osType: 'Windows',
          name: 'myVMosdisk',
          createOption: 'FromImage',
          caching: 'ReadWrite',
          managedDisk: { storageAccountType: 'Standard_LRS' },
          ...deleteOption,
          diskSizeGB: 127,
        },
        dataDisks: [dataDisk(0), dataDisk(1)],
      },
      osProfile: {
        computerName: 'myVM',
        adminUsername: 'testuser',
        windowsConfiguration: {
          provisionVMAgent: true,
          enableAutomaticUpdates: true,
          patchSettings: current
            ? { patchMode: 'AutomaticByOS', assessmentMode: 'ImageDefault' }
            : { patchMode: 'AutomaticByOS' },
          ...(current ? { enableVMAgentPlatformUpdates: false } : {}),
        },
        secrets: [],
        allowExtensionOperations: true,
        requireGuestProvisionSignal: true,
      },
      provisioningState: 'Creating',
    });
    expect(properties.osProfile).not.toHaveProperty('adminPassword');
    expect(properties.vmId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
  });

  it('refuses a marketplace image (or version) the cloud does not offer: 404 PlatformImageNotFound', async () => {
    // https://github.com/clear-code/firefox-support-common/pull/31: StatusCode=404 Code="PlatformImageNotFound"
    // Message="The platform image '…:latest' is not available. …" Target="imageReference".
    const nic = await arm.send(
      'PUT',
      `${N}/networkInterfaces/nic-spare`,
      api,
      nicIn(location, arm.id(`${N}/virtualNetworks/vnet/subnets/workload`)),
    );
    expect(nic.status).toBe(201);
    settle();
    for (const version of ['latest', '1.2.3']) {
      const image =
        version === 'latest' ? { ...WINDOWS_2016, sku: '2012-Datacenter', version } : { ...WINDOWS_2016, version };
      const answer = await arm.send('PUT', `${C}/virtualMachines/vm-nowhere`, API[cloud].compute, {
        location,
        properties: {
          hardwareProfile: { vmSize: 'Standard_D2_v2' },
          storageProfile: { imageReference: image },
          osProfile: { computerName: 'x', adminUsername: 'testuser', adminPassword: 'Placeholder-not-a-secret-1!' },
          networkProfile: { networkInterfaces: [{ id: arm.id(`${N}/networkInterfaces/nic-spare`) }] },
        },
      });
      expect(answer).toMatchObject({
        status: 404,
        body: {
          error: {
            code: 'PlatformImageNotFound',
            target: 'imageReference',
            message: expect.stringMatching(
              new RegExp(
                `^The platform image '${image.publisher}:${image.offer}:${image.sku}:${version}' is not available\\.`,
              ),
            ) as unknown,
          },
        },
      });
    }
  });
});
