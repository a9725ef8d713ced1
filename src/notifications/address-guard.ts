/**
 * Which addresses a webhook may reach. A receiver's URL is chosen by whoever registers it, so
 * without this the sender is a way into the host's own network (SSRF). Refused: every range of
 * the IANA IPv4 and IPv6 Special-Purpose Address Registries that is not globally reachable,
 * multicast, and for IPv6 everything outside 2000::/3, where the IANA IPv6 Address Space registry
 * puts all global unicast, so that a range reserved later outside it is refused without a change
 * here. Ranges the registries call globally reachable that are anycast infrastructure or
 * identifiers rather than hosts (192.0.0.9-10, AS112, AMT, the 2001::/23 assignments,
 * 2620:4f:8000::/48) are refused too: no receiver lives there.
 *
 * IPv6 forms that carry an IPv4 address:
 * - IPv4-mapped ::ffff:0:0/96 and NAT64 64:ff9b::/96 are judged by the IPv4 they carry: dual-stack
 *   sockets and DNS64 resolvers hand them out for ordinary public IPv4 receivers.
 * - IPv4-compatible ::/96 (deprecated, RFC 4291), IPv4-translated ::ffff:0:0:0/96 (RFC 2765,
 *   obsoleted), 6to4 2002::/16 (relays deprecated, RFC 7526) and Teredo 2001::/32 (NATed clients)
 *   are refused whatever they carry: no receiver needs them, and a host with a matching tunnel
 *   would send to the embedded IPv4 (obfuscated in Teredo), so decoding them is only a way to err.
 * - NAT64 local-use 64:ff9b:1::/48 is refused: not globally reachable, and where the IPv4 sits
 *   depends on the prefix length the operator chose.
 *
 * Node's BlockList rather than ipaddr.js: it parses with libuv's inet_pton, the parser connect()
 * uses, so the guard judges the address the socket will reach. ipaddr.js reads `::8.8.8.8` as
 * `::ffff:8.8.8.8` (whitequark/ipaddr.js#142), and getaddrinfo prints ::/96 answers that way.
 */
import { BlockList, isIP } from 'node:net';

/** Not globally reachable or no host behind it; refused also inside ::ffff:0:0/96, 64:ff9b::/96. */
const IPV4_REFUSED: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.31.196.0', 24],
  ['192.52.193.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['192.175.48.0', 24],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
  ['255.255.255.255', 32],
];
/** The IPv6 prefixes whose last 32 bits are the IPv4 address reached. */
const IPV4_EMBEDDING = ['::ffff:', '64:ff9b::'];

/** Allowed ranges; everything else, an address the parser rejects included, is refused. */
const IPV4_ALLOWED = new BlockList();
IPV4_ALLOWED.addSubnet('0.0.0.0', 0, 'ipv4');
const IPV6_ALLOWED = new BlockList();
IPV6_ALLOWED.addSubnet('2000::', 3, 'ipv6');
for (const prefix of IPV4_EMBEDDING) IPV6_ALLOWED.addSubnet(`${prefix}0.0.0.0`, 96, 'ipv6');

// One list per family: BlockList also matches an IPv4 address against IPv4-mapped IPv6 rules.
const IPV4_BLOCKED = new BlockList();
const IPV6_BLOCKED = new BlockList();
for (const [net, bits] of IPV4_REFUSED) {
  IPV4_BLOCKED.addSubnet(net, bits, 'ipv4');
  for (const prefix of IPV4_EMBEDDING) IPV6_BLOCKED.addSubnet(`${prefix}${net}`, 96 + bits, 'ipv6');
}
for (const [net, bits] of [
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['2620:4f:8000::', 48],
  ['3fff::', 20],
] as const) {
  IPV6_BLOCKED.addSubnet(net, bits, 'ipv6');
}

/** Whether `address` (IPv4 or IPv6 literal) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  // A zone names an interface of this host: only link-local needs one, and that is refused.
  if (address.includes('%')) return false;
  const family = isIP(address);
  if (family === 4)
    return IPV4_ALLOWED.check(address, 'ipv4') && !IPV4_BLOCKED.check(address, 'ipv4');
  if (family === 6)
    return IPV6_ALLOWED.check(address, 'ipv6') && !IPV6_BLOCKED.check(address, 'ipv6');
  return false;
}
