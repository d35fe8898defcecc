import { BlockList, isIPv6 } from 'node:net';

/** 127.0.0.0/8 and ::1; BlockList also matches IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) against the IPv4 rule. */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** The interface the offline demo listens on unless HOST is set: this machine only. */
export const LOOPBACK_HOST = '127.0.0.1';

/**
 * True when a peer address is this machine's loopback. Read from the socket, never from X-Forwarded-For, which a
 * client writes itself; an unknown address (a closed socket) is not loopback.
 */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  try {
    return LOOPBACK.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');
  } catch {
    return false;
  }
}
