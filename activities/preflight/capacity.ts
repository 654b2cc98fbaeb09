// What the site's cloud can hold for this plan: the VM size offered in the location (Resource SKUs), the image
// there (on Stack Hub only syndicated ones exist), and quota for what the run creates (network and compute usages).
import { siteProfile } from '../../lib/sites/profiles';
import { armCall, type ArmClients, type ErrorSite } from '../../lib/clouds';
import {
  describeShortfall,
  evaluateQuota,
  failed,
  ok,
  warning,
  type CheckName,
  type CheckResult,
  type QuotaNeed,
  type UsageRow,
} from '../../lib/preflight';
import type { ImageReference } from '../../lib/plan/types';
import { describe } from './access';

export interface OfferedSize {
  family: string;
  vCPUs: number;
}

export async function checkVmSize(
  site: ErrorSite,
  compute: ArmClients['compute'],
  location: string,
  size: string,
): Promise<{ check: CheckResult; offered?: OfferedSize }> {
  const { cloud } = site;
  const listed = await armCall(site, async () => {
    const skus = [];
    for await (const sku of compute.resourceSkus.list({ filter: `location eq '${location}'` })) {
      if (sku.resourceType?.toLowerCase() === 'virtualmachines') skus.push(sku);
    }
    return skus;
  });
  if (!listed.ok) {
    return {
      check: warning(
        cloud,
        'vmSize',
        `the sizes could not be listed: ${describe(listed.error)}`,
        'not verifiable before the run',
      ),
    };
  }
  const sku = listed.value.find((s) => s.name?.toLowerCase() === size.toLowerCase());
  if (!sku) {
    const offered = [...new Set(listed.value.map((s) => s.name ?? ''))].filter(Boolean).slice(0, 12);
    return {
      check: failed(
        cloud,
        'vmSize',
        `${size} is not offered in ${location}; offered there: ${offered.join(', ') || '(none)'}`,
        `choose ${cloud}.vm.size from the offered sizes`,
      ),
    };
  }
  const restriction = (sku.restrictions ?? []).find((r) => r.type === 'Location' || r.type === undefined);
  if (restriction) {
    return {
      check: failed(
        cloud,
        'vmSize',
        `${size} is restricted in ${location} for this subscription (${restriction.reasonCode ?? 'restricted'})`,
        `choose another ${cloud}.vm.size, or request access to ${size} in ${location}`,
      ),
    };
  }
  const capability = (name: string): number => Number(sku.capabilities?.find((c) => c.name === name)?.value ?? NaN);
  const vCPUs = capability('vCPUs');
  const offered = sku.family !== undefined && Number.isFinite(vCPUs) ? { family: sku.family, vCPUs } : undefined;
  return {
    check: ok(
      cloud,
      'vmSize',
      `${size} is offered in ${location}${offered ? ` (${vCPUs} vCPUs, ${offered.family})` : ''}`,
    ),
    ...(offered ? { offered } : {}),
  };
}

export async function checkImage(
  site: ErrorSite,
  compute: ArmClients['compute'],
  location: string,
  image: ImageReference,
): Promise<CheckResult> {
  const { cloud } = site;
  const urn = `${image.publisher}:${image.offer}:${image.sku}:${image.version}`;
  const listed = await armCall(site, () =>
    compute.virtualMachineImages.list(location, image.publisher, image.offer, image.sku),
  );
  const notThere = (detail: string): CheckResult =>
    failed(
      cloud,
      'image',
      detail,
      siteProfile(cloud).identity === 'stamp'
        ? `ask the stamp operator to download ${image.publisher} ${image.offer} ${image.sku} from Azure Marketplace (Marketplace management), or choose a syndicated image`
        : `check ${cloud}.vm.image: az vm image list --location ${location} --publisher ${image.publisher} --offer ${image.offer} --sku ${image.sku} --all`,
    );
  if (!listed.ok) {
    if (listed.error.httpStatus === 404) return notThere(`${urn} is not in ${location}: ${describe(listed.error)}`);
    return warning(
      cloud,
      'image',
      `the image could not be checked: ${describe(listed.error)}`,
      'not verifiable before the run',
    );
  }
  const versions = listed.value.map((v) => v.name ?? '');
  if (versions.length === 0) return notThere(`${urn} has no version in ${location}`);
  if (
    image.version.toLowerCase() !== 'latest' &&
    !versions.some((v) => v.toLowerCase() === image.version.toLowerCase())
  ) {
    return notThere(`${urn}: version ${image.version} is not in ${location}; there: ${versions.join(', ')}`);
  }
  return ok(cloud, 'image', `${urn} is available in ${location}`);
}

export async function checkQuota(
  site: ErrorSite,
  check: Extract<CheckName, 'quotaNetwork' | 'quotaCompute'>,
  read: () => AsyncIterable<UsageRow>,
  needs: QuotaNeed[],
): Promise<CheckResult> {
  const { cloud } = site;
  const listed = await armCall(site, async () => {
    const rows: UsageRow[] = [];
    for await (const row of read()) rows.push(row);
    return rows;
  });
  if (!listed.ok)
    return warning(
      cloud,
      check,
      `the usages could not be read: ${describe(listed.error)}`,
      'not verifiable before the run',
    );
  const { shortfalls } = evaluateQuota(listed.value, needs);
  if (shortfalls.length > 0) {
    return failed(
      cloud,
      check,
      shortfalls.map(describeShortfall).join('; '),
      siteProfile(cloud).identity === 'stamp'
        ? "ask the stamp operator to raise the subscription's quota (its plan or an add-on plan)"
        : 'request a quota increase (Usage + quotas), or free some, or choose a smaller vm.size',
    );
  }
  const counted = needs.filter((n) => n.needed > 0).map((n) => `${n.usage} +${n.needed}`);
  return ok(
    cloud,
    check,
    counted.length > 0 ? `room for ${counted.join(', ')}` : 'the run creates nothing that counts',
  );
}
