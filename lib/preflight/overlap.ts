// Address-space overlap between the plan's VNet and the other VNets of the subscription: two overlapping VNets
// cannot be connected or peered later, and on a VPN the overlap breaks routing. Pure, on lib/plan/cidr.ts.
import { cidrsOverlap, parseIpv4Cidr, type Ipv4Cidr } from '../plan/cidr';

export interface ExistingVnet {
  id: string;
  name: string;
  addressPrefixes: readonly string[];
}

export interface VnetOverlap {
  vnet: ExistingVnet;
  /** Pairs `plan prefix ~ existing prefix` that share addresses. */
  pairs: { planned: string; existing: string }[];
}

/** Other VNets (not `ownId`) whose address space shares addresses with `planned`; unparsable prefixes are skipped. */
export function overlappingVnets(
  planned: readonly string[],
  others: readonly ExistingVnet[],
  ownId?: string,
): VnetOverlap[] {
  const mine = planned.map(parse).filter((c): c is Ipv4Cidr => c !== undefined);
  const found: VnetOverlap[] = [];
  for (const vnet of others) {
    if (ownId !== undefined && vnet.id.toLowerCase() === ownId.toLowerCase()) continue;
    const pairs: VnetOverlap['pairs'] = [];
    for (const theirs of vnet.addressPrefixes.map(parse)) {
      if (!theirs) continue;
      for (const ours of mine)
        if (cidrsOverlap(ours, theirs)) pairs.push({ planned: ours.text, existing: theirs.text });
    }
    if (pairs.length > 0) found.push({ vnet, pairs });
  }
  return found;
}

function parse(text: string): Ipv4Cidr | undefined {
  const parsed = parseIpv4Cidr(text);
  return parsed.ok ? parsed.cidr : undefined;
}
