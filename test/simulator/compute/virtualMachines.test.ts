import { AZURE_SITE, STACK_SITE, buildSite, buildTunnel, ids, nicBody, vmBody } from '../network/blueprint';
import { MiniArm, expectArmError, networkId, vmId } from '../network/harness';

interface RunCommandResult {
  value: { code: string; level: string; displayStatus: string; message: string }[];
}

describe('virtual machines', () => {
  let arm: MiniArm;
  beforeEach(() => (arm = new MiniArm()));
  afterEach(() => arm.dispose());

  function ping(site = AZURE_SITE, target: string, count = 4): RunCommandResult {
    return arm.runAction(site.cloud, ids(site).vm, 'POST runCommand', {
      commandId: 'RunShellScript',
      script: [`ping -c ${count} ${target}`],
    }) as RunCommandResult;
  }

  function privateIp(site: typeof AZURE_SITE): string {
    const configs = arm.get(site.cloud, ids(site).nic).properties?.ipConfigurations as {
      properties: { privateIPAddress: string };
    }[];
    return configs[0].properties.privateIPAddress;
  }

  it('creates a VM Creating -> Succeeded, never echoes the admin password, and links the NIC both ways', () => {
    buildSite(arm, AZURE_SITE);
    const id = vmId(AZURE_SITE.group, 'vm2');
    const nic2 = networkId(AZURE_SITE.group, 'networkInterfaces', 'nic2');
    arm.create('azure', nic2, nicBody(AZURE_SITE));
    const body = vmBody(AZURE_SITE) as {
      properties: { osProfile: Record<string, unknown>; networkProfile: { networkInterfaces: { id: string }[] } };
    };
    body.properties.osProfile.adminPassword = 'P@ssw0rd-not-echoed';
    body.properties.networkProfile.networkInterfaces[0].id = nic2;
    const answer = arm.put('azure', id, body);
    expect(answer.body).toMatchObject({ properties: { provisioningState: 'Creating' } });
    expect(JSON.stringify(answer.body)).not.toContain('P@ssw0rd');
    arm.settle(answer.operation);
    const vm = arm.get('azure', id);
    expect(vm.etag).toMatch(/^"\d+"$/);
    expect(vm.properties).toMatchObject({
      provisioningState: 'Succeeded',
      vmId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      storageProfile: { osDisk: { osType: 'Linux', createOption: 'FromImage', diskSizeGB: 30 } },
      osProfile: {
        computerName: 'vm-azure',
        linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true },
        secrets: [],
      },
    });
    expect(vm.properties?.timeCreated).toEqual(expect.any(String));
    const nic = arm.get('azure', nic2);
    expect(nic.properties).toMatchObject({
      virtualMachine: { id },
      primary: true,
      macAddress: expect.stringMatching(/^00-0D-3A-[0-9A-F]{2}-[0-9A-F]{2}-[0-9A-F]{2}$/) as unknown,
    });
  });

  it('renders 2020-06-01 VMs without etag or timeCreated', () => {
    buildSite(arm, STACK_SITE);
    const vm = arm.get('azureStack', ids(STACK_SITE).vm);
    expect(vm).not.toHaveProperty('etag');
    expect(vm.properties).not.toHaveProperty('timeCreated');
  });

  it('reports the instance view: provisioning succeeded, running, agent ready', () => {
    buildSite(arm, AZURE_SITE);
    const view = arm.action('azure', ids(AZURE_SITE).vm, 'GET instanceView').body as {
      statuses: { code: string }[];
      vmAgent: { statuses: { code: string }[] };
    };
    expect(view.statuses.map((s) => s.code)).toEqual(['ProvisioningState/succeeded', 'PowerState/running']);
    expect(view.vmAgent.statuses[0].code).toBe('ProvisioningState/succeeded');
    const expanded = arm.get('azure', ids(AZURE_SITE).vm, undefined, { $expand: 'instanceView' });
    expect((expanded.properties?.instanceView as { statuses: unknown[] }).statuses).toHaveLength(2);
  });

  it('refuses a VM on a missing NIC (404 NotFound) or a NIC another VM uses (NicInUse)', () => {
    buildSite(arm, AZURE_SITE);
    const body = vmBody(AZURE_SITE) as { properties: { networkProfile: { networkInterfaces: { id: string }[] } } };
    expectArmError(() => arm.put('azure', vmId(AZURE_SITE.group, 'other'), body), 400, 'NicInUse');
    body.properties.networkProfile.networkInterfaces[0].id = networkId(AZURE_SITE.group, 'networkInterfaces', 'ghost');
    expectArmError(() => arm.put('azure', vmId(AZURE_SITE.group, 'other'), body), 404, 'NotFound');
    expectArmError(
      () =>
        arm.put('azure', vmId(AZURE_SITE.group, 'other'), {
          location: 'westeurope',
          properties: { hardwareProfile: { vmSize: 'Standard_B2s' } },
        }),
      400,
      'InvalidParameter',
    );
  });

  it('refuses to delete a NIC while its VM exists (NicInUse), and allows it after the VM is gone', () => {
    buildSite(arm, AZURE_SITE);
    expectArmError(() => arm.delete('azure', ids(AZURE_SITE).nic), 400, 'NicInUse');
    arm.remove('azure', ids(AZURE_SITE).vm);
    expect(arm.get('azure', ids(AZURE_SITE).nic).properties).not.toHaveProperty('virtualMachine');
    arm.remove('azure', ids(AZURE_SITE).nic);
  });

  it('pings the other cloud VM across a Connected tunnel with realistic output', () => {
    buildTunnel(arm);
    arm.advance(60_000);
    const result = ping(AZURE_SITE, privateIp(STACK_SITE));
    expect(result.value).toHaveLength(1);
    const [status] = result.value;
    expect(status).toMatchObject({
      code: 'ProvisioningState/succeeded',
      level: 'Info',
      displayStatus: 'Provisioning succeeded',
    });
    expect(status.message).toMatch(
      /^Enable succeeded: \n\[stdout\]\nPING 10\.2\.1\.4 \(10\.2\.1\.4\) 56\(84\) bytes of data\.\n64 bytes from 10\.2\.1\.4: icmp_seq=1 ttl=62 time=[\d.]+ ms\n/,
    );
    expect(status.message).toContain('4 packets transmitted, 4 received, 0% packet loss');
    expect(status.message).toMatch(/rtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms\n\n\[stderr\]\n$/);
  });

  it('loses every packet when the keys differ, and still reports the command as succeeded with exit status 1', () => {
    buildTunnel(arm, { azure: 'a', azureStack: 'b' });
    arm.advance(5 * 60_000);
    const [status] = ping(STACK_SITE, privateIp(AZURE_SITE), 3).value;
    expect(status.code).toBe('ProvisioningState/succeeded');
    expect(status.message).toMatch(
      /^Enable failed: failed to execute command: command terminated with exit status=1\n\[stdout\]\n/,
    );
    expect(status.message).toContain('3 packets transmitted, 0 received, 100% packet loss');
    expect(status.message).not.toContain('64 bytes from');
  });

  it('reaches a VM in the same VNet without any tunnel, and nobody at an unused address', () => {
    buildSite(arm, AZURE_SITE);
    const nic2 = networkId(AZURE_SITE.group, 'networkInterfaces', 'nic2');
    arm.create('azure', nic2, nicBody(AZURE_SITE));
    const body = vmBody(AZURE_SITE) as { properties: { networkProfile: { networkInterfaces: { id: string }[] } } };
    body.properties.networkProfile.networkInterfaces[0].id = nic2;
    arm.create('azure', vmId(AZURE_SITE.group, 'vm2'), body);
    expect(ping(AZURE_SITE, '10.1.1.5').value[0].message).toContain('ttl=64');
    expect(ping(AZURE_SITE, '10.1.1.77').value[0].message).toContain('100% packet loss');
  });

  it('runs echo and hostname, reports unknown commands like bash, and allows one run at a time', () => {
    buildSite(arm, AZURE_SITE);
    const answer = arm.action('azure', ids(AZURE_SITE).vm, 'POST runCommand', {
      commandId: 'RunShellScript',
      script: ['echo hello', 'hostname', 'nslookup x'],
    });
    expectArmError(
      () =>
        arm.action('azure', ids(AZURE_SITE).vm, 'POST runCommand', { commandId: 'RunShellScript', script: ['true'] }),
      409,
      'Conflict',
    );
    arm.settle(answer.operation);
    const message = (answer.operation?.result as RunCommandResult).value[0].message;
    expect(message).toBe(
      'Enable failed: failed to execute command: command terminated with exit status=127\n[stdout]\nhello\nvm-azure\n\n[stderr]\n/var/lib/waagent/run-command/download/0/script.sh: line 3: nslookup: command not found\n',
    );
    expectArmError(
      () =>
        arm.action('azure', ids(AZURE_SITE).vm, 'POST runCommand', { commandId: 'RunPowerShellScript', script: ['x'] }),
      400,
      'InvalidParameter',
    );
  });
});
