// What a teardown of one site of a fleet finds on the hub, through the real SDKs and the simulator: only that site's
// local network gateway and connection of this connection (tagged hc-site=<site>, or named as that site's when made
// before the tag, as the site azurestack's are), never the hub's shared resources nor the group.
import { ACTIVITY_HANDLERS as A } from '../../activities/handlers';
import { resourceTags } from '../../lib/naming';
import { CONNECTION_NAME, startActivityWorld, valueOf, type ActivityWorld } from './harness';

let w: ActivityWorld;
const ids: Record<string, string> = {};

beforeAll(async () => {
  w = await startActivityWorld();
  const hub = w.targets.azure;
  valueOf(await A.ensureResourceGroup({ target: hub }, w.context()));
  ids.publicIp = valueOf(await A.ensurePublicIp({ target: hub }, w.context())).id;
  // The site azurestack's gateway, with the hub's own tags (as before fleets); two named sites', tagged with theirs.
  const lgw = async (site: string | undefined, octet: number) =>
    valueOf(
      await A.ensureLocalNetworkGateway(
        {
          target: site === undefined ? hub : { ...hub, site, tags: resourceTags(CONNECTION_NAME, 'CHG0001', site) },
          gatewayIpAddress: `192.168.10${octet}.20`,
          addressPrefixes: [`10.${octet}.0.0/16`],
        },
        w.context(),
      ),
    ).id;
  ids.azurestack = await lgw(undefined, 9);
  ids.north = await lgw('north', 1);
  ids.south = await lgw('south', 2);
}, 60_000);
afterAll(async () => {
  await w.stop();
});

async function listed(onlySite?: string): Promise<string[]> {
  const input = { target: w.targets.azure, readOnly: true, ...(onlySite !== undefined ? { onlySite } : {}) };
  return valueOf(await A.listManagedResources(input, w.context())).deleteOrder;
}

describe("the hub's resources of one site", () => {
  it('are that site’s local network gateway only, found by its tag', async () => {
    expect(await listed('north')).toEqual([ids.north]);
    expect(await listed('south')).toEqual([ids.south]);
    expect(ids.north).toMatch(/\/localNetworkGateways\/lgw-contoso-to-north$/);
  });

  it('are found by name for the site azurestack, whose resources carry no site tag', async () => {
    expect(await listed('azurestack')).toEqual([ids.azurestack]);
    expect(ids.azurestack).toMatch(/\/localNetworkGateways\/lgw-contoso-to-azurestack$/);
  });

  it('are nothing for a site the hub holds nothing of', async () => {
    expect(await listed('west')).toEqual([]);
  });

  it('leave the hub’s shared resources and the group to a whole teardown, which lists every site’s', async () => {
    const all = await listed();
    expect(all).toEqual(expect.arrayContaining([ids.azurestack, ids.north, ids.south, ids.publicIp]));
    expect(all.at(-1)).toMatch(/\/resourceGroups\/[^/]+$/);
  });
});
