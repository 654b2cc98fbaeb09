import fc from 'fast-check';
import {
  cidrContains,
  cidrOf,
  cidrsOverlap,
  ipv4FromNumber,
  ipv4ToNumber,
  parseCidr,
} from '../../../simulator/network/cidr';
import { allocateDynamic, checkStatic, spanOf } from '../../../simulator/network/privateIpAllocator';
import { ArmError } from '../../../simulator/arm/resourceType';

const cidr = (text: string) => {
  const parsed = cidrOf(text);
  if (!parsed) throw new Error(text);
  return parsed;
};

describe('CIDR maths', () => {
  it('tells malformed prefixes from prefixes with host bits set, and suggests the network address', () => {
    expect(parseCidr('10.10.10.0/16')).toEqual({ ok: false, reason: 'hostBitsSet', shouldBe: '10.10.0.0/16' });
    for (const bad of ['10.0/16', '10.0.0.0/33', '10.0.0.256/24', '10.0.0.0', '', '0x0a.0.0.0/8'])
      expect(parseCidr(bad)).toEqual({ ok: false, reason: 'malformed' });
    expect(parseCidr('10.0.1.0/24').ok).toBe(true);
  });

  it('contains and overlaps like set inclusion and intersection of address ranges', () => {
    const prefix = fc
      .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 8, max: 30 }))
      .map(([n, len]) => {
        const size = 2 ** (32 - len);
        return {
          start: Math.floor(n / size) * size,
          size,
          text: `${ipv4FromNumber(Math.floor(n / size) * size)}/${len}`,
        };
      });
    fc.assert(
      fc.property(prefix, prefix, (a, b) => {
        const inside = b.start >= a.start && b.start + b.size <= a.start + a.size;
        const intersect = a.start < b.start + b.size && b.start < a.start + a.size;
        expect(cidrContains(cidr(a.text), cidr(b.text))).toBe(inside);
        expect(cidrsOverlap(cidr(a.text), cidr(b.text))).toBe(intersect);
        expect(cidrsOverlap(cidr(b.text), cidr(a.text))).toBe(intersect);
      }),
    );
  });

  it('round-trips IPv4 addresses through numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => expect(ipv4ToNumber(ipv4FromNumber(n))).toBe(n)),
    );
  });
});

describe('private IP allocation', () => {
  const subnet = cidr('172.20.2.0/24');

  it('starts at .4 like Azure and skips what is taken', () => {
    expect(allocateDynamic(subnet, [])).toBe('172.20.2.4');
    expect(
      allocateDynamic(subnet, [
        { start: 4, end: 4 },
        { start: 5, end: 5 },
      ]),
    ).toBe('172.20.2.6');
  });

  it('hands out aligned blocks for privateIPAddressPrefixLength (the official NIC example gets .16/28)', () => {
    expect(allocateDynamic(subnet, [{ start: 4, end: 4 }], 28)).toBe('172.20.2.16/28');
    expect(spanOf(subnet, '172.20.2.16/28')).toEqual({ start: 16, end: 31 });
  });

  it('refuses static addresses that are reserved, taken or outside the subnet', () => {
    const code = (fn: () => void): string => {
      try {
        fn();
      } catch (error) {
        if (error instanceof ArmError) return error.code;
      }
      return 'none';
    };
    expect(code(() => checkStatic(subnet, '172.20.2.1', [], 'c'))).toBe('PrivateIPAddressInReservedRange');
    expect(code(() => checkStatic(subnet, '172.20.2.255', [], 'c'))).toBe('PrivateIPAddressInReservedRange');
    expect(code(() => checkStatic(subnet, '172.20.2.9', [{ start: 9, end: 9 }], 'c'))).toBe(
      'PrivateIPAddressIsAllocated',
    );
    expect(code(() => checkStatic(subnet, '172.20.3.9', [], 'c'))).toBe('PrivateIPAddressNotInSubnet');
    expect(code(() => checkStatic(subnet, '172.20.2.9', [], 'c'))).toBe('none');
  });

  it('says SubnetIsFull when a /29 has no usable address left', () => {
    const small = cidr('10.0.0.0/29');
    expect(() => allocateDynamic(small, [{ start: 4, end: 6 }])).toThrow(/no free address/);
  });
});
