// Private addresses inside a subnet, as Azure hands them out: the first four and the last address are reserved,
// Dynamic takes the lowest free address (so the first NIC gets .4), Static must be free and usable, and
// `privateIPAddressPrefixLength` takes an aligned block. Pure over the addresses already in use.
import { addressInCidr, ipv4At, ipv4Offset, ipv4Size, type Cidr } from './cidr';
import { privateIpProblem } from './errors';

/** Addresses Azure keeps for itself at the start of every subnet (network, gateway, 2x DNS). */
const RESERVED_AT_START = 4;

export interface Span {
  start: number;
  end: number;
}

/** Offsets taken by an address or an `address/len` block inside the subnet. */
export function spanOf(subnet: Cidr, text: string): Span | undefined {
  const [address, length] = text.split('/');
  if (!addressInCidr(address, subnet)) return undefined;
  const start = ipv4Offset(subnet, address);
  const size = length === undefined ? 1 : 2 ** (32 - Number(length));
  return { start, end: start + size - 1 };
}

function free(span: Span, taken: readonly Span[], subnetSize: number): boolean {
  if (span.start < RESERVED_AT_START || span.end > subnetSize - 2) return false;
  return taken.every((other) => span.end < other.start || span.start > other.end);
}

/** The lowest free address (or aligned block of `prefixLength`), as the text NRP shows (`a.b.c.d` or `a.b.c.d/len`). */
export function allocateDynamic(subnet: Cidr, taken: readonly Span[], prefixLength?: number): string {
  const size = prefixLength === undefined ? 1 : 2 ** (32 - prefixLength);
  const subnetSize = ipv4Size(subnet);
  for (let start = 0; start + size <= subnetSize; start += size) {
    if (free({ start, end: start + size - 1 }, taken, subnetSize)) {
      const address = ipv4At(subnet, start);
      return prefixLength === undefined ? address : `${address}/${prefixLength}`;
    }
  }
  throw privateIpProblem(
    'SubnetIsFull',
    `Subnet ${subnet.text} has no free address${prefixLength ? ` block of /${prefixLength}` : ''} left.`,
  );
}

export function checkStatic(subnet: Cidr, address: string, taken: readonly Span[], configurationId: string): void {
  const span = spanOf(subnet, address);
  if (!span) {
    throw privateIpProblem(
      'PrivateIPAddressNotInSubnet',
      `Private static IP address ${address} does not belong to the range of subnet prefix ${subnet.text}.`,
    );
  }
  const subnetSize = ipv4Size(subnet);
  if (span.start < RESERVED_AT_START || span.end > subnetSize - 2) {
    throw privateIpProblem(
      'PrivateIPAddressInReservedRange',
      `Private static IP address ${address} falls within reserved IP range of subnet prefix ${subnet.text}.`,
    );
  }
  if (!free(span, taken, subnetSize)) {
    throw privateIpProblem(
      'PrivateIPAddressIsAllocated',
      `IP configuration ${configurationId} is using the private IP address ${address} which is already allocated to another resource.`,
    );
  }
}
