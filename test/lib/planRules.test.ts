import { AZURE_STACK_DEFAULT_IPSEC_POLICY } from '../../lib/ipsec';
import { ED25519_KEY, errorsOf, messagesAt, planWith, rsaKeyLine, sshKeyLine, warningsOf } from './planFixtures';

const policy = (changes: Record<string, unknown>): Record<string, unknown> => ({
  ...AZURE_STACK_DEFAULT_IPSEC_POLICY,
  ...changes,
});

describe('validatePlan: gateway SKUs per cloud', () => {
  it.each(['VpnGw1AZ', 'VpnGw2AZ', 'VpnGw3AZ', 'VpnGw4AZ', 'VpnGw5AZ'])('accepts %s on Azure', (sku) => {
    expect(errorsOf(planWith({ 'azure.gatewaySku': sku }))).toEqual([]);
  });

  // Azure no longer creates non-AZ VpnGw1-5 gateways (https://learn.microsoft.com/azure/vpn-gateway/gateway-sku-consolidation).
  it.each(['VpnGw1', 'VpnGw2', 'VpnGw3', 'VpnGw4', 'VpnGw5'])(
    'refuses the non-AZ %s on Azure, naming its AZ twin',
    (sku) => {
      expect(messagesAt(planWith({ 'azure.gatewaySku': sku }), 'azure.gatewaySku')).toEqual([
        expect.stringMatching(new RegExp(`non-zone-redundant SKUs are retired.*use ${sku}AZ instead`)),
      ]);
    },
  );

  it('refuses Basic on Azure: it takes no custom IPsec policy', () => {
    expect(messagesAt(planWith({ 'azure.gatewaySku': 'Basic' }), 'azure.gatewaySku')).toEqual([
      expect.stringMatching(/takes no custom IPsec\/IKE policy/),
    ]);
  });

  it.each(['Standard', 'HighPerformance'])('refuses the retired %s on Azure', (sku) => {
    expect(messagesAt(planWith({ 'azure.gatewaySku': sku }), 'azure.gatewaySku')).toEqual([
      expect.stringMatching(/retired legacy SKU/),
    ]);
  });

  it('refuses ExpressRoute SKUs on Azure', () => {
    expect(messagesAt(planWith({ 'azure.gatewaySku': 'ErGw1AZ' }), 'azure.gatewaySku')).toEqual([
      expect.stringMatching(/not one for a new VPN gateway/),
    ]);
  });

  it.each(['Basic', 'Standard', 'HighPerformance'])('accepts %s on Azure Stack Hub', (sku) => {
    expect(errorsOf(planWith({ 'azureStack.gatewaySku': sku }))).toEqual([]);
  });

  it('accepts VpnGw1-3 on Azure Stack Hub with a warning about VPN Fast Path', () => {
    const plan = planWith({ 'azureStack.gatewaySku': 'VpnGw2' });
    expect(errorsOf(plan)).toEqual([]);
    expect(warningsOf(plan)).toEqual([
      {
        path: 'azureStack.gatewaySku',
        message: expect.stringMatching(/only where the operator enabled VPN Fast Path/) as unknown,
      },
    ]);
  });

  it('refuses VpnGw4 and UltraPerformance on Azure Stack Hub', () => {
    expect(messagesAt(planWith({ 'azureStack.gatewaySku': 'VpnGw4' }), 'azureStack.gatewaySku')).toEqual([
      expect.stringMatching(/not offered on Azure Stack Hub/),
    ]);
    expect(messagesAt(planWith({ 'azureStack.gatewaySku': 'UltraPerformance' }), 'azureStack.gatewaySku')).toEqual([
      expect.stringMatching(/not an Azure Stack Hub VPN gateway SKU: use one of Basic, Standard/),
    ]);
  });
});

describe('validatePlan: IPsec policy', () => {
  it('refuses a custom policy with a Stack Hub Basic gateway', () => {
    const plan = planWith({
      'azureStack.gatewaySku': 'Basic',
      'connection.ipsecPolicy': policy({ dhGroup: 'DHGroup14' }),
    });
    expect(messagesAt(plan, 'connection.ipsecPolicy')).toEqual([
      expect.stringMatching(
        /^an Azure Stack Hub Basic gateway accepts no custom IPsec policy: remove connection\.ipsecPolicy/,
      ),
    ]);
  });

  it("accepts a Stack Hub Basic gateway with no policy, or with one equal to Stack Hub's built-in offer", () => {
    expect(errorsOf(planWith({ 'azureStack.gatewaySku': 'Basic' }))).toEqual([]);
    const explicitDefault = planWith({ 'azureStack.gatewaySku': 'Basic', 'connection.ipsecPolicy': policy({}) });
    expect(errorsOf(explicitDefault)).toEqual([]);
  });

  it("refuses values ARM accepts on Azure but Stack Hub does not, naming Stack Hub's list", () => {
    const plan = planWith({ 'connection.ipsecPolicy': policy({ ikeEncryption: 'GCMAES256', pfsGroup: 'PFS14' }) });
    expect(errorsOf(plan)).toEqual([
      {
        path: 'connection.ipsecPolicy.ikeEncryption',
        message:
          'Azure Stack Hub does not accept GCMAES256 for ikeEncryption, and the same policy goes on both connections: use one of AES256, AES192, AES128, DES3, DES',
      },
      { path: 'connection.ipsecPolicy.pfsGroup', message: expect.stringMatching(/does not accept PFS14/) as unknown },
    ]);
  });

  it('refuses values no cloud knows', () => {
    expect(
      messagesAt(
        planWith({ 'connection.ipsecPolicy': policy({ dhGroup: 'ECP521' }) }),
        'connection.ipsecPolicy.dhGroup',
      ),
    ).toEqual([expect.stringMatching(/^"ECP521" is not allowed here: use one of None, DHGroup1/)]);
  });

  it('refuses GCMAES encryption without the same GCMAES integrity', () => {
    const plan = planWith({
      'connection.ipsecPolicy': policy({ ipsecEncryption: 'GCMAES256', ipsecIntegrity: 'SHA256' }),
    });
    expect(messagesAt(plan, 'connection.ipsecPolicy.ipsecIntegrity')).toEqual([
      'with ipsecEncryption GCMAES256 the ipsecIntegrity must also be GCMAES256 (GCM encrypts and authenticates in one step)',
    ]);
    const aes = planWith({ 'connection.ipsecPolicy': policy({ ipsecEncryption: 'AES256', ipsecIntegrity: 'SHA256' }) });
    expect(errorsOf(aes)).toEqual([]);
  });

  it('refuses SA lifetimes below what both clouds accept', () => {
    const plan = planWith({ 'connection.ipsecPolicy': policy({ saLifeTimeSeconds: 60, saDataSizeKilobytes: 512 }) });
    expect(errorsOf(plan).map((e) => e.path)).toEqual([
      'connection.ipsecPolicy.saLifeTimeSeconds',
      'connection.ipsecPolicy.saDataSizeKilobytes',
    ]);
  });
});

describe('validatePlan: Azure Stack Hub ARM endpoint', () => {
  it('refuses http, because ARM clients never send a bearer token over it, and gives the https form', () => {
    expect(
      messagesAt(
        planWith({ 'azureStack.armEndpoint': 'http://management.local.azurestack.external' }),
        'azureStack.armEndpoint',
      ),
    ).toEqual([
      'http is refused: ARM clients never send a bearer token over http; use https://management.local.azurestack.external',
    ]);
  });

  it('refuses other schemes, credentials and paths', () => {
    const at = (url: string): string[] =>
      messagesAt(planWith({ 'azureStack.armEndpoint': url }), 'azureStack.armEndpoint');
    expect(at('ftp://management.local')).toEqual([expect.stringMatching(/must be an https URL/)]);
    expect(at('https://user:pw@management.local')).toEqual([expect.stringMatching(/must not carry credentials/)]);
    expect(at('https://management.local/subscriptions?x=1')).toEqual([
      'must be the ARM root, not a resource, metadata or query URL: use https://management.local',
    ]);
  });

  it('accepts a port and a trailing slash', () => {
    expect(errorsOf(planWith({ 'azureStack.armEndpoint': 'https://127.0.0.1:8443/' }))).toEqual([]);
  });
});

describe('validatePlan: VM admin and SSH key', () => {
  it.each(['root', 'admin', 'administrator', 'guest'])('refuses the reserved admin user name %s', (name) => {
    expect(messagesAt(planWith({ 'azure.vm.adminUsername': name }), 'azure.vm.adminUsername')).toEqual([
      `"${name}" is reserved and Azure refuses it: pick another name, e.g. azureuser`,
    ]);
  });

  it('refuses admin user names Linux would not take', () => {
    for (const name of ['Azure User', '-x', '9lives', 'x'.repeat(65)]) {
      expect(messagesAt(planWith({ 'azureStack.vm.adminUsername': name }), 'azureStack.vm.adminUsername')).toHaveLength(
        1,
      );
    }
    expect(messagesAt(planWith({ 'azure.vm.adminUsername': 'ops.' }), 'azure.vm.adminUsername')).toEqual([
      'must not end with a period: Azure refuses such names',
    ]);
  });

  it('accepts ed25519, RSA of 2048 bits or more, and ECDSA keys', () => {
    const ecdsa = sshKeyLine('ecdsa-sha2-nistp256', Buffer.from('nistp256'), Buffer.alloc(65, 4));
    for (const key of [ED25519_KEY, rsaKeyLine(2048), rsaKeyLine(4096), ecdsa]) {
      expect(errorsOf(planWith({ 'azure.vm.sshPublicKey': key }))).toEqual([]);
    }
  });

  it('refuses an RSA key shorter than 2048 bits and says how to make a better one', () => {
    expect(messagesAt(planWith({ 'azure.vm.sshPublicKey': rsaKeyLine(1024) }), 'azure.vm.sshPublicKey')).toEqual([
      'this RSA key has 1024 bits and Azure needs 2048 or more: create one with ssh-keygen -t ed25519 (or -t rsa -b 4096)',
    ]);
  });

  it('refuses a key line that is not an OpenSSH public key', () => {
    for (const key of ['-----BEGIN OPENSSH PRIVATE KEY-----', 'ssh-dss AAAAB3NzaC1kc3M=', 'AAAAC3NzaC1lZDI1NTE5']) {
      expect(messagesAt(planWith({ 'azure.vm.sshPublicKey': key }), 'azure.vm.sshPublicKey')).toEqual([
        expect.stringMatching(/^must be one OpenSSH public key line/),
      ]);
    }
  });

  it('refuses a truncated key or one whose data names another type', () => {
    const truncated = ED25519_KEY.replace(/ [^ ]+ test@example$/, (m) => m.slice(0, 30));
    const [type, data] = ED25519_KEY.split(' ');
    expect(messagesAt(planWith({ 'azureStack.vm.sshPublicKey': truncated }), 'azureStack.vm.sshPublicKey')).toEqual([
      expect.stringMatching(/damaged or truncated/),
    ]);
    expect(
      messagesAt(planWith({ 'azureStack.vm.sshPublicKey': `ssh-rsa ${data}` }), 'azureStack.vm.sshPublicKey'),
    ).toEqual([expect.stringMatching(/^the key says ssh-rsa but its data is ssh-ed25519/)]);
    expect(type).toBe('ssh-ed25519');
  });
});

describe('validatePlan: names', () => {
  it('refuses resource group names ARM would not take', () => {
    expect(messagesAt(planWith({ 'azure.resourceGroup': 'rg.' }), 'azure.resourceGroup')).toHaveLength(1);
    expect(messagesAt(planWith({ 'azure.resourceGroup': 'r'.repeat(91) }), 'azure.resourceGroup')).toHaveLength(1);
    expect(errorsOf(planWith({ 'azure.resourceGroup': 'Network_(prod)-1' }))).toEqual([]);
  });

  it('refuses a shared key secret name Key Vault would not take', () => {
    expect(
      messagesAt(planWith({ 'connection.sharedKeySecretName': 'psk_contoso' }), 'connection.sharedKeySecretName'),
    ).toEqual(['must be a Key Vault secret name: letters, digits and hyphens (e.g. hc-contoso-psk)']);
  });
});

describe('validatePlan: names the API reserves', () => {
  it('refuses the name "view", which is the list page of /api/connections', () => {
    expect(messagesAt(planWith({ name: 'view' }), 'name')).toEqual([
      '"view" is reserved by the API (/api/connections/view): pick another name',
    ]);
    expect(messagesAt(planWith({ name: 'viewer' }), 'name')).toEqual([]);
  });
});
