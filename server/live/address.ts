// Which address a connection comes from, and who "one address" is for the per-address limits.
// An IPv4 client is its address; an IPv6 client is its /64, because one household, phone or
// rented server gets a whole /64 and can pick a fresh address in it for every request.
// IPv4-mapped IPv6 (`::ffff:203.0.113.9`, what a dual-stack socket reports for IPv4 clients) is
// the IPv4 address it carries.
import ipaddr from 'ipaddr.js';
import { isLoopbackAddress } from '../net/address.ts';

/** The prefix length that counts as one IPv6 client. */
export const IPV6_CLIENT_PREFIX = 64;

/** The key the per-address limits count under: `203.0.113.9`, `2001:db8:1:2::/64`. */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  // Not an address (a proxy's odd header): its own key, bounded in size.
  if (!ipaddr.isValid(address)) return address.slice(0, 64);
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const withoutZone = address.replace(/%.*$/, '');
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${withoutZone}/${IPV6_CLIENT_PREFIX}`);
  return `${network.toString()}/${IPV6_CLIENT_PREFIX}`;
}

/** Whether to believe a hop's X-Forwarded-For: express's compiled `trust proxy` (TRUST_PROXY). */
export type TrustProxy = (address: string, hop: number) => boolean;

/** Trusts the proxies on this machine only, express's "loopback". */
export const TRUST_LOOPBACK: TrustProxy = (address) => isLoopbackAddress(address);

/**
 * The client's address as express's req.ip finds it: X-Forwarded-For read from the nearest hop
 * back, believed only while each hop is a trusted proxy, so a client cannot name its own address.
 */
export function clientAddress(direct: string, forwardedFor: string | string[] | undefined, trust: TrustProxy): string {
  const list = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const hops = [direct, ...list.split(',').map((a) => a.trim()).filter(Boolean).reverse()];
  for (let i = 0; i < hops.length - 1; i++) if (!trust(hops[i]!, i)) return hops[i]!;
  return hops[hops.length - 1]!; // hops starts with `direct`
}
