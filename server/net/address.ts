// Addresses of this machine and of the peers talking to it: whether one is loopback (this
// machine), and which of ours phones on the same network can reach.
import os from 'node:os';
import ipaddr from 'ipaddr.js';

/** An IP address of this machine's loopback (127.0.0.0/8, ::1, or IPv4-mapped 127.x). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  return ipaddr.process(address.replace(/%.*$/, '')).range() === 'loopback';
}

/** A URL hostname that names this machine: localhost, or a loopback address ("[::1]" as URLs write it). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || isLoopbackAddress(hostname.replace(/^\[(.*)\]$/, '$1'));
}

/** This machine's IPv4 addresses on its networks (not loopback), in interface order. */
export function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}
