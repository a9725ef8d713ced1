import { isIPv4 } from 'node:net';
import { isPublicAddress } from './address-guard';

type Case = [address: string, isPublic: boolean];

/** Public controls, including the edges of refused ranges, that must keep being delivered to. */
const PUBLIC: Case[] = [
  ['8.8.8.8', true],
  ['1.1.1.1', true],
  ['9.255.255.255', true],
  ['11.0.0.0', true],
  ['100.63.255.255', true],
  ['100.128.0.0', true],
  ['126.255.255.255', true],
  ['128.0.0.0', true],
  ['169.253.255.255', true],
  ['172.15.255.255', true],
  ['172.32.0.1', true],
  ['192.0.1.1', true],
  ['192.0.3.1', true],
  ['192.88.98.1', true],
  ['192.167.255.255', true],
  ['192.169.0.0', true],
  ['198.17.255.255', true],
  ['198.20.0.0', true],
  ['223.255.255.255', true],
  ['2a00:1450:4001:80b::200e', true],
  ['2606:4700::1111', true],
  ['2001:4860:4860::8888', true],
  ['2001:200::1', true],
  ['2001:db7:ffff::1', true],
  ['2001:db9::1', true],
  ['2003::1', true],
  ['2620:4f:7fff::1', true],
  ['2A00:1450:4001:080B:0000:0000:0000:200E', true],
  ['::ffff:8.8.8.8', true],
  ['::ffff:808:808', true],
  ['0:0:0:0:0:FFFF:0808:0808', true],
  ['64:ff9b::808:808', true],
  ['64:ff9b::8.8.8.8', true],
  ['64:FF9B:0:0:0:0:0101:0101', true],
];

const IPV4: Case[] = [
  ['0.0.0.0', false],
  ['0.255.255.255', false],
  ['10.1.2.3', false],
  ['100.64.0.1', false],
  ['100.127.255.255', false],
  ['127.0.0.1', false],
  ['127.255.255.254', false],
  ['169.254.169.254', false],
  ['172.16.0.1', false],
  ['172.31.255.255', false],
  ['192.0.0.1', false],
  ['192.0.0.9', false],
  ['192.0.0.170', false],
  ['192.0.2.1', false],
  ['192.31.196.1', false],
  ['192.52.193.1', false],
  ['192.88.99.1', false],
  ['192.168.1.1', false],
  ['192.175.48.1', false],
  ['198.18.0.1', false],
  ['198.19.255.255', false],
  ['198.51.100.1', false],
  ['203.0.113.1', false],
  ['224.0.0.1', false],
  ['239.255.255.255', false],
  ['240.0.0.1', false],
  ['255.255.255.254', false],
  ['255.255.255.255', false],
];

const IPV6: Case[] = [
  ['::', false],
  ['::1', false],
  ['0:0:0:0:0:0:0:1', false],
  ['100::1', false],
  ['100:0:0:1::1', false],
  ['2001::1', false],
  ['2001:1::1', false],
  ['2001:2::1', false],
  ['2001:3::1', false],
  ['2001:4:112::1', false],
  ['2001:20::1', false],
  ['2001:1ff:ffff::1', false],
  ['2001:db8::1', false],
  ['2001:DB8:FFFF::1', false],
  ['2620:4f:8000::1', false],
  ['3fff::1', false],
  ['3fff:fff:ffff::1', false],
  ['4000::1', false],
  ['5f00::1', false],
  ['fc00::1', false],
  ['fd00::1', false],
  ['fdff:ffff::1', false],
  ['fe80::1', false],
  ['febf::1', false],
  ['fec0::1', false],
  ['feff::1', false],
  ['ff02::1', false],
  ['ff0e::1', false],
  ['1000::1', false],
];

/** Every spelling of an IPv4-mapped address is judged by the IPv4 it carries. */
const IPV4_MAPPED: Case[] = [
  ['::ffff:127.0.0.1', false],
  ['::FFFF:127.0.0.1', false],
  ['::ffff:7f00:1', false],
  ['0:0:0:0:0:ffff:7f00:0001', false],
  ['0000:0000:0000:0000:0000:FFFF:7F00:0001', false],
  ['::ffff:0.0.0.0', false],
  ['::ffff:a00:1', false],
  ['::ffff:169.254.169.254', false],
  ['::ffff:a9fe:a9fe', false],
  ['::ffff:c0a8:101', false],
  ['::ffff:e000:1', false],
];

/** NAT64's well-known prefix by the IPv4 it carries; its local-use prefix refused whole. */
const NAT64: Case[] = [
  ['64:ff9b::7f00:1', false],
  ['64:ff9b::127.0.0.1', false],
  ['64:ff9b::a9fe:a9fe', false],
  ['64:ff9b::10.0.0.1', false],
  ['64:ff9b::c0a8:101', false],
  ['64:ff9b::', false],
  ['64:ff9b:1::7f00:1', false],
  ['64:ff9b:1::808:808', false],
  ['64:ff9b:1:ffff::808:808', false],
];

/** Deprecated or tunnel forms that carry an IPv4: refused whatever they carry. */
const TUNNELED: Case[] = [
  // IPv4-compatible ::/96
  ['::7f00:1', false],
  ['::127.0.0.1', false],
  ['::a00:1', false],
  ['::0.0.0.2', false],
  ['::808:808', false],
  ['::8.8.8.8', false],
  // IPv4-translated ::ffff:0:0:0/96
  ['::ffff:0:7f00:1', false],
  ['::ffff:0:127.0.0.1', false],
  ['0:0:0:0:ffff:0:a9fe:a9fe', false],
  ['::ffff:0:808:808', false],
  // 6to4 2002::/16: the IPv4 follows the prefix
  ['2002:7f00:1::', false],
  ['2002:7f00:1::1', false],
  ['2002:a9fe:a9fe::1', false],
  ['2002:c0a8:101::1', false],
  ['2002:808:808::1', false],
  // Teredo 2001::/32: server IPv4, flags, port, client IPv4 XOR 0xffffffff
  ['2001:0:7f00:1:0:0:80ff:fffe', false],
  ['2001:0:a00:1:8000:ffff:3f57:fefe', false],
  ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', false],
];

/** `8.8.8.8` as `808:808`, the spelling URL parsing gives. */
const hex = (ipv4: string) => {
  const [a, b, c, d] = ipv4.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
};
const ipv4Cases = [...PUBLIC, ...IPV4].filter(([address]) => isIPv4(address));

/** Every IPv4 case again, in both spellings, inside the prefixes judged by what they carry. */
const EMBEDDED: Case[] = ipv4Cases.flatMap(([ipv4, isPublic]) =>
  ['::ffff:', '0:0:0:0:0:FFFF:', '64:ff9b::', '64:FF9B:0:0:0:0:'].flatMap((prefix): Case[] => [
    [`${prefix}${ipv4}`, isPublic],
    [`${prefix}${hex(ipv4)}`, isPublic],
  ]),
);

/** And inside the prefixes refused whatever they carry. */
const EMBEDDED_REFUSED: Case[] = ipv4Cases.flatMap(([ipv4]) =>
  [
    `::${ipv4}`,
    `::${hex(ipv4)}`,
    `::ffff:0:${ipv4}`,
    `::ffff:0:${hex(ipv4)}`,
    `64:ff9b:1::${ipv4}`,
    `2002:${hex(ipv4)}::1`,
    `2001:0:${hex(ipv4)}:8000:ffff:${hex(ipv4)}`,
  ].map((address): Case => [address, false]),
);

/** Not an IP literal, or one with a zone: refused. */
const NOT_LITERAL: Case[] = [
  ['', false],
  ['not-an-ip', false],
  ['localhost', false],
  ['127.1', false],
  ['0x7f.0.0.1', false],
  ['2130706433', false],
  ['017.0.0.1', false],
  ['8.8.8.8 ', false],
  ['8.8.8.8/32', false],
  ['[::1]', false],
  ['[2606:4700::1111]', false],
  ['fe80::1%eth0', false],
  ['fe80::1%25eth0', false],
  ['2a00:1450:4001:80b::200e%eth0', false],
  ['::ffff:8.8.8.8%1', false],
  [':::1', false],
  ['2606:4700::1111::1', false],
  ['gggg::1', false],
];

describe('isPublicAddress', () => {
  describe.each([
    ['public controls', PUBLIC],
    ['IPv4 special-purpose', IPV4],
    ['IPv6 special-purpose and unallocated', IPV6],
    ['IPv4-mapped', IPV4_MAPPED],
    ['NAT64', NAT64],
    ['IPv4-compatible, IPv4-translated, 6to4, Teredo', TUNNELED],
    ['an IPv4 case inside ::ffff:0:0/96 or 64:ff9b::/96', EMBEDDED],
    ['an IPv4 case inside a prefix refused whole', EMBEDDED_REFUSED],
    ['not a literal', NOT_LITERAL],
  ])('%s', (_group, cases) => {
    it.each(cases)('%j is public: %s', (address, expected) => {
      expect(isPublicAddress(address)).toBe(expected);
    });
  });
});
