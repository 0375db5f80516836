// Which IP addresses the PDF exporter may fetch a deck's external images from: public ones only.
// A hostile deck must not make the server's browser reach the machine itself, its private
// network or a cloud metadata service, so every address a URL leads to (after DNS) is classed
// here. The ranges come from ipaddr.js (IANA special-purpose registries); this file only maps
// them to classes and unwraps the IPv6 forms that carry an IPv4 address (mapped, SIIT,
// NAT64, 6to4), which reach that IPv4 address.
import os from 'node:os';
import ipaddr from 'ipaddr.js';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'carrier-grade-nat'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  /** An address of one of this machine's own interfaces. */
  | 'this-machine'
  | 'invalid';

/** Why an address is refused, for the export's warnings. */
export const ADDRESS_CLASS_TEXT: Record<Exclude<AddressClass, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private network address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata address',
  'carrier-grade-nat': 'a carrier-grade NAT address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
  'this-machine': "an address of the server's own machine",
  invalid: 'not an IP address',
};

/** Cloud instance metadata services (AWS, GCP, Azure, OpenStack; AWS over IPv6; Alibaba). */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

const IPV4_CLASSES: Record<ReturnType<ipaddr.IPv4['range']>, AddressClass> = {
  unicast: 'public',
  as112: 'public',
  amt: 'public',
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade-nat',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
  reserved: 'reserved',
  benchmarking: 'reserved',
};

/** NAT64 local-use prefix (RFC 8215): translated by a gateway of the local network. */
const LOCAL_NAT64 = ipaddr.IPv6.parseCIDR('64:ff9b:1::/48');

function classifyIPv4(address: ipaddr.IPv4): AddressClass {
  if (METADATA.has(address.toString())) return 'metadata';
  return IPV4_CLASSES[address.range()] ?? 'reserved';
}

/** The IPv4 address an IPv6 address stands for (mapped, SIIT, NAT64 well-known prefix, 6to4), if any. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const range = address.range();
  const p = address.parts as [number, number, number, number, number, number, number, number]; // IPv6: eight 16-bit parts
  if (range === 'ipv4Mapped' || range === 'rfc6145' || (range === 'rfc6052' && !address.match(LOCAL_NAT64))) {
    return new ipaddr.IPv4([p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff]);
  }
  if (range === '6to4') return new ipaddr.IPv4([p[1] >> 8, p[1] & 0xff, p[2] >> 8, p[2] & 0xff]);
  return undefined;
}

function classifyIPv6(address: ipaddr.IPv6): AddressClass {
  if (METADATA.has(address.toString())) return 'metadata';
  const v4 = embeddedIPv4(address);
  if (v4) return classifyIPv4(v4);
  switch (address.range()) {
    case 'loopback':
      return 'loopback';
    case 'uniqueLocal':
    case 'rfc6052': // the local-use NAT64 prefix (the well-known one is unwrapped above)
      return 'private';
    case 'linkLocal':
      return 'link-local';
    case 'multicast':
      return 'multicast';
    case 'unspecified':
      return 'unspecified';
    case 'unicast':
    case 'amt':
    case 'as112v6':
      // Global unicast is only ever allocated from 2000::/3; the rest (IPv4-compatible ::a.b.c.d,
      // deprecated site-local fec0::/10, unassigned space) is nothing a public image lives on.
      return (address.parts[0]! & 0xe000) === 0x2000 ? 'public' : 'reserved';
    default:
      return 'reserved'; // teredo, benchmarking, documentation, ORCHID, discard-only...
  }
}

/** The addresses of this machine's own interfaces (a public address of the server reaches its services). */
function ownAddresses(): Set<string> {
  const own = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) {
    for (const entry of list ?? []) {
      if (ipaddr.isValid(entry.address)) own.add(ipaddr.process(entry.address).toString());
    }
  }
  return own;
}

/**
 * The class of one IP address in any spelling ipaddr.js reads (an IPv6 zone is ignored).
 * `own` overrides the machine's interface addresses (tests).
 */
export function classifyAddress(text: string, own: ReadonlySet<string> = ownAddresses()): AddressClass {
  const bare = text.replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(bare)) return 'invalid';
  const address = ipaddr.parse(bare);
  const cls = address.kind() === 'ipv4' ? classifyIPv4(address as ipaddr.IPv4) : classifyIPv6(address as ipaddr.IPv6);
  if (cls === 'public' && own.has(ipaddr.process(bare).toString())) return 'this-machine';
  return cls;
}

/** The IP literal in a URL's host (`[::1]`, `127.0.0.1`), or undefined for a name. */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return ipaddr.isValid(bare) && (bare.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(bare)) ? bare : undefined;
}
