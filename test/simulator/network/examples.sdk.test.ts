// Every official example request body for our resource types is accepted by the simulator, and what the simulator
// answers deserializes in the matching SDK without losing a field the example response has.
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { NetworkManagementClient as HybridNetworkManagementClient } from '@azure/arm-network-profile-2020-09-01-hybrid';
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineRequest,
  type PipelineRequest,
} from '@azure/core-rest-pipeline';
import { fixtureCredential, fixtureTransport, loadExample, missingPaths, relocate, rewrite } from './officialExamples';
import { POLL, pinApiVersion, startSdkWorld, type SdkWorld } from './sdkWorld';

jest.setTimeout(60_000);

const HOURS = 3_600_000;
const IP_FOR_PLACEHOLDER = '11.12.13.14';
type Cloud = 'azure' | 'azureStack';

interface Family {
  cloud: Cloud;
  network: string;
  compute: string;
  vmCreate: string;
  vmGet: string;
  vmInstanceView: string;
  networkApi: string;
  computeApi: string;
  location?: string;
}

const FAMILIES: Family[] = [
  {
    cloud: 'azure',
    network: 'Microsoft.Network/2026-01-01',
    compute: 'Microsoft.Compute/2026-04-01',
    vmCreate: 'VirtualMachine_Create_WithPasswordAuthentication.json',
    vmGet: 'VirtualMachine_Get.json',
    vmInstanceView: 'VirtualMachine_Get_InstanceView.json',
    networkApi: '2026-01-01',
    computeApi: '2026-04-01',
  },
  {
    cloud: 'azureStack',
    network: 'Microsoft.Network/2018-11-01',
    compute: 'Microsoft.Compute/2020-06-01',
    vmCreate: 'CreateAVmWithBootDiagnostics.json',
    vmGet: 'GetVirtualMachine.json',
    vmInstanceView: 'GetVirtualMachineInstanceView.json',
    networkApi: '2018-11-01',
    computeApi: '2020-06-01',
    location: 'local',
  },
];

/**
 * Fields an example response shows that come from state its create request never set up (attached NSGs, NAT
 * gateways, DDoS plans, availability sets, extensions, patch assessment ...), or Azure-only features the simulator
 * does not model. Anything else missing fails the test.
 */
const NOT_FROM_THE_REQUEST: Record<string, string[]> = {
  // The create example makes a VNet without subnets; the GET example shows one used by a load balancer, and a NAT gateway.
  VirtualNetworkGet: ['defaultPublicNatGateway', 'subnets'],
  PublicIpAddressGet: ['ddosSettings', 'ipTags'],
  NetworkInterfaceGet: ['networkSecurityGroup', 'dscpConfiguration'],
  // Azure's gateway migration feature is not modelled.
  VirtualNetworkGatewayGet: ['virtualNetworkGatewayMigrationStatus'],
  // Stack Hub has no point-to-site; the 2018 example (an Azure spec example) still shows a client configuration.
  VirtualNetworkGatewayUpdate_2018: ['vpnClientConfiguration'],
  VirtualNetworkGatewayGet_2018: ['vpnClientConfiguration'],
  // The GET examples show a VM with tags, an availability set, data disks, gallery apps and an extension; the create
  // examples set none of them up.
  VirtualMachine_Get: [
    'tags',
    'availabilitySet',
    'proximityPlacementGroup',
    'applicationProfile',
    'userData',
    'extensionsTimeBudget',
    'resources',
    'managedBy',
    'diagnosticsProfile',
    'storageProfile.dataDisks',
  ],
  GetVirtualMachine: ['tags', 'availabilitySet', 'proximityPlacementGroup', 'resources', 'storageProfile.dataDisks'],
  // Host placement, boot diagnostics (not enabled), patch assessment and an antimalware extension are not modelled.
  VirtualMachine_Get_InstanceView: [
    'platformUpdateDomain',
    'platformFaultDomain',
    'bootDiagnostics',
    'assignedHost',
    'patchStatus',
  ],
  GetVirtualMachineInstanceView: ['platformUpdateDomain', 'platformFaultDomain', 'bootDiagnostics', 'assignedHost'],
};

describe.each(FAMILIES)('official examples on $cloud ($network, $compute)', (family) => {
  let world: SdkWorld;
  let sub: string;
  let endpoint: string;

  const at = <T>(value: T): T => (family.location ? (relocate(value, family.location) as T) : value);
  const network = () => (family.cloud === 'azure' ? world.azure.network : world.stack.network);
  const compute = () => (family.cloud === 'azure' ? world.azure.compute : world.stack.compute);

  /** PUT of the example body, exactly, through the real client's own pipeline (auth, TLS, retries). */
  async function putRaw(path: string, body: unknown, apiVersion: string): Promise<{ status: number; body: unknown }> {
    const request: PipelineRequest = createPipelineRequest({
      url: `${endpoint}/subscriptions/${sub}/resourceGroups/${path}?api-version=${apiVersion}`,
      method: 'PUT',
      body: JSON.stringify(body),
      headers: createHttpHeaders({ 'content-type': 'application/json' }),
    });
    const response =
      family.cloud === 'azure'
        ? await world.azure.network.pipeline.sendRequest(createDefaultHttpClient(), request)
        : await world.stack.network.sendRequest(request);
    const parsed: unknown = response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
    world.sim.inspect.advanceClock(2 * HOURS);
    return { status: response.status, body: parsed };
  }

  /**
   * PUTs an example's request body. `outdated` names a refusal today's cloud answers the verbatim body with, and the
   * change that makes the example current; the test checks the refusal first.
   */
  async function putExample(
    file: string,
    path: string,
    bodyKey = 'parameters',
    replacements: [string, string][] = [],
    outdated?: { code: string; update: (body: Record<string, unknown>) => void },
  ) {
    const example = loadExample(
      `${family.network.startsWith('Microsoft.Network') && file.startsWith('VirtualMachine') ? family.compute : path.includes('Microsoft.Compute') ? family.compute : family.network}/${file}`,
    );
    const body = at(rewrite(example.parameters[bodyKey], sub, replacements)) as Record<string, unknown>;
    const api = path.includes('Microsoft.Compute') ? family.computeApi : family.networkApi;
    const topLevel = path.split('/').length === 5; // {group}/providers/{namespace}/{type}/{name}
    if (topLevel && body.location === undefined) {
      // Some older examples (2018-11-01 VNet and NIC create) omit `location`; real ARM refuses that with 400
      // LocationRequired (https://github.com/pulumi/pulumi-azure-native/issues/215), so the test sends one.
      const refused = await putRaw(path, body, api);
      expect({ file, refused }).toEqual({
        file,
        refused: { status: 400, body: { error: expect.objectContaining({ code: 'LocationRequired' }) as unknown } },
      });
      body.location = family.location ?? 'centralus';
    }
    if (outdated) {
      const refused = await putRaw(path, body, api);
      expect({ file, refused }).toEqual({
        file,
        refused: { status: 400, body: { error: expect.objectContaining({ code: outdated.code }) as unknown } },
      });
      outdated.update(body);
    }
    const answer = await putRaw(path, body, api);
    expect({ file, status: answer.status }).toEqual({ file, status: expect.any(Number) as number });
    expect([200, 201]).toContain(answer.status);
    return answer;
  }

  /** The example response as the matching SDK deserializes it. */
  async function asSdk(
    body: unknown,
    read: (fixture: {
      network: NetworkManagementClient | HybridNetworkManagementClient;
      compute: ComputeManagementClient;
    }) => Promise<unknown>,
  ): Promise<unknown> {
    const options = { endpoint: 'https://fixture.invalid', httpClient: fixtureTransport(rewrite(body, sub)) };
    const fixture = {
      network:
        family.cloud === 'azure'
          ? new NetworkManagementClient(fixtureCredential, sub, options)
          : new HybridNetworkManagementClient(fixtureCredential, sub, {
              ...options,
              credentialScopes: 'https://fixture.invalid/.default',
            }),
      compute: new ComputeManagementClient(fixtureCredential, sub, {
        ...options,
        ...(family.cloud === 'azureStack' ? { additionalPolicies: [pinApiVersion('2020-06-01')] } : {}),
      }),
    };
    return read(fixture);
  }

  beforeAll(async () => {
    world = await startSdkWorld({ seed: `examples-${family.cloud}` });
    sub = world.sim[family.cloud].subscriptionId;
    // The VM examples boot Windows Server 2016 from the marketplace: the cloud must offer it (CRP refuses an image it
    // does not with PlatformImageNotFound). The version is the one real CRP resolved `latest` to in the recording of
    // Azure/azure-sdk-for-js sdk/compute/arm-compute/recordings/node/compute_test/recording_virtualmachines_create_test.json.
    world.sim.inspect.setAccount(family.cloud, {
      images: [
        ...world.sim.inspect.account(family.cloud).images,
        {
          publisher: 'MicrosoftWindowsServer',
          offer: 'WindowsServer',
          sku: '2016-Datacenter',
          versions: ['14393.5125.220505'],
        },
      ],
    });
    endpoint = world.sim[family.cloud].armEndpoint;
    const location = family.location ?? 'centralus';
    const groups =
      family.cloud === 'azure' ? world.azure.resources.resourceGroups : world.stack.resources.resourceGroups;
    for (const group of ['rg1', 'subnet-test', 'myResourceGroup']) await groups.createOrUpdate(group, { location });
    // What the examples reference but do not create.
    const net = network();
    await net.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg1',
      'vnet1',
      {
        location,
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.0.1.0/27' }],
      },
      POLL,
    );
    await net.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg1',
      'rg1-vnet',
      {
        location,
        addressSpace: { addressPrefixes: ['172.20.0.0/16'] },
        subnets: [{ name: 'default', addressPrefix: '172.20.2.0/24' }],
      },
      POLL,
    );
    await net.virtualNetworks.beginCreateOrUpdateAndWait(
      'subnet-test',
      'vnetname',
      { location, addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
      POLL,
    );
    await net.publicIPAddresses.beginCreateOrUpdateAndWait(
      'rg1',
      'gwpip',
      family.cloud === 'azure'
        ? // Zone-redundant: the AZ gateway the example is built as needs it (VmssVpnGatewayPublicIpsMustHaveZonesConfigured).
          { location, sku: { name: 'Standard' }, zones: ['1', '2', '3'], publicIPAllocationMethod: 'Static' }
        : { location, publicIPAllocationMethod: 'Dynamic' },
      POLL,
    );

    const N = 'providers/Microsoft.Network';
    await putExample('VirtualNetworkCreate.json', `rg1/${N}/virtualNetworks/test-vnet`);
    await putExample(
      family.cloud === 'azure' ? 'SubnetCreate.json' : '../2026-01-01/SubnetCreate.json',
      `subnet-test/${N}/virtualNetworks/vnetname/subnets/subnet1`,
      'subnetParameters',
    );
    await putExample('PublicIpAddressCreateDefaults.json', `rg1/${N}/publicIPAddresses/test-ip`);
    await putExample('NetworkInterfaceCreate.json', `rg1/${N}/networkInterfaces/test-nic`);
    // The gateway examples (2026-01-01 included) build a non-AZ VpnGw1, which Azure no longer creates
    // (https://learn.microsoft.com/azure/vpn-gateway/gateway-sku-consolidation): shown refused, then built as VpnGw1AZ.
    await putExample(
      'VirtualNetworkGatewayUpdate.json',
      `rg1/${N}/virtualNetworkGateways/vpngw`,
      'parameters',
      [],
      family.cloud === 'azure'
        ? {
            code: 'NonAzSkusNotAllowedForVPNGateway',
            update: (body) => {
              (body.properties as { sku: unknown }).sku = { name: 'VpnGw1AZ', tier: 'VpnGw1AZ' };
            },
          }
        : undefined,
    );
    await putExample('LocalNetworkGatewayCreate.json', `rg1/${N}/localNetworkGateways/localgw`, 'parameters', [
      ['"x.x.x.x"', `"${IP_FOR_PLACEHOLDER}"`],
    ]);
    await putExample('VirtualNetworkGatewayConnectionCreate.json', `rg1/${N}/connections/connS2S`);
    await putExample('VirtualNetworkGatewayConnectionSetSharedKey.json', `rg1/${N}/connections/connS2S/sharedkey`);
    await putExample(
      family.vmCreate,
      'myResourceGroup/providers/Microsoft.Compute/virtualMachines/myVM',
      'parameters',
      [
        [
          'resourceGroups/myResourceGroup/providers/Microsoft.Network/networkInterfaces/{existing-nic-name}',
          'resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/test-nic',
        ],
      ],
    );
    await compute().virtualMachines.beginRunCommandAndWait(
      'myResourceGroup',
      'myVM',
      { commandId: 'RunPowerShellScript', script: ['hostname'] },
      POLL,
    );
  });
  afterAll(async () => {
    await world?.sim.stop();
  });

  const exclusions = (name: string): string[] => [
    ...(NOT_FROM_THE_REQUEST[name] ?? []),
    ...(NOT_FROM_THE_REQUEST[`${name}_${family.networkApi.slice(0, 4)}`] ?? []),
  ];

  const cases: [
    string,
    string[],
    (c: {
      network: NetworkManagementClient | HybridNetworkManagementClient;
      compute: ComputeManagementClient;
    }) => Promise<unknown>,
  ][] = [
    [
      'virtual network',
      ['VirtualNetworkCreate', 'VirtualNetworkGet'],
      (c) => c.network.virtualNetworks.get('rg1', 'test-vnet'),
    ],
    [
      'public IP address',
      ['PublicIpAddressCreateDefaults', 'PublicIpAddressGet'],
      (c) => c.network.publicIPAddresses.get('rg1', 'test-ip'),
    ],
    [
      'network interface',
      ['NetworkInterfaceCreate', 'NetworkInterfaceGet'],
      (c) => c.network.networkInterfaces.get('rg1', 'test-nic'),
    ],
    [
      'virtual network gateway',
      ['VirtualNetworkGatewayUpdate', 'VirtualNetworkGatewayGet'],
      (c) => c.network.virtualNetworkGateways.get('rg1', 'vpngw'),
    ],
    [
      'local network gateway',
      ['LocalNetworkGatewayCreate', 'LocalNetworkGatewayGet'],
      (c) => c.network.localNetworkGateways.get('rg1', 'localgw'),
    ],
    [
      'connection',
      ['VirtualNetworkGatewayConnectionCreate', 'VirtualNetworkGatewayConnectionGet'],
      (c) => c.network.virtualNetworkGatewayConnections.get('rg1', 'connS2S'),
    ],
    [
      'shared key',
      ['VirtualNetworkGatewayConnectionSetSharedKey', 'VirtualNetworkGatewayConnectionGetSharedKey'],
      (c) => c.network.virtualNetworkGatewayConnections.getSharedKey('rg1', 'connS2S'),
    ],
  ];

  it.each(cases)('keeps every field of the %s examples', async (_what, files, read) => {
    const ours = await read({ network: network(), compute: compute() });
    // Accepted means provisioned, not just answered 200/201: the example's operation must end Succeeded.
    expect((ours as { provisioningState?: string }).provisioningState ?? 'Succeeded').toBe('Succeeded');
    for (const file of files) {
      const example = loadExample(`${family.network}/${file}.json`);
      for (const response of Object.values(example.responses)) {
        const theirs = await asSdk(response.body, read);
        expect({ file, missing: missingPaths(theirs, ours, exclusions(file)) }).toEqual({ file, missing: [] });
      }
    }
  });

  it('allocates the official NIC example addresses exactly (.4, and a /28 block for ipconfig2 where the api has it)', async () => {
    const nic = await network().networkInterfaces.get('rg1', 'test-nic');
    const addresses = (nic.ipConfigurations ?? []).map((config) => config.privateIPAddress);
    expect(addresses).toEqual(family.cloud === 'azure' ? ['172.20.2.4', '172.20.2.16/28'] : ['172.20.2.4']);
  });

  it('keeps every field of the subnet examples', async () => {
    const ours = await network().subnets.get('subnet-test', 'vnetname', 'subnet1');
    for (const file of ['SubnetCreate', 'SubnetGet']) {
      const example = loadExample(`Microsoft.Network/2026-01-01/${file}.json`);
      for (const response of Object.values(example.responses)) {
        const theirs = await asSdk(response.body, (c) => c.network.subnets.get('subnet-test', 'vnetname', 'subnet1'));
        expect({ file, missing: missingPaths(theirs, ours) }).toEqual({ file, missing: [] });
      }
    }
  });

  it('keeps every field of the virtual machine and instance view examples', async () => {
    const vm = await compute().virtualMachines.get('myResourceGroup', 'myVM');
    for (const file of [family.vmCreate, family.vmGet]) {
      const name = file.replace('.json', '');
      for (const response of Object.values(loadExample(`${family.compute}/${file}`).responses)) {
        const theirs = await asSdk(response.body, (c) => c.compute.virtualMachines.get('myResourceGroup', 'myVM'));
        expect({ file, missing: missingPaths(theirs, vm, exclusions(name)) }).toEqual({ file, missing: [] });
      }
    }
    const view = await compute().virtualMachines.instanceView('myResourceGroup', 'myVM');
    const name = family.vmInstanceView.replace('.json', '');
    const theirs = await asSdk(loadExample(`${family.compute}/${family.vmInstanceView}`).responses['200'].body, (c) =>
      c.compute.virtualMachines.instanceView('myResourceGroup', 'myVM'),
    );
    expect({ file: name, missing: missingPaths(theirs, view, exclusions(name)) }).toEqual({ file: name, missing: [] });
  });
});
