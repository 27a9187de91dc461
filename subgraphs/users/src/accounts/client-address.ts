import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

interface RequestLike {
  headers: { 'x-forwarded-for'?: string | string[] | undefined };
  socket: { remoteAddress?: string | undefined };
}

/**
 * The address the log-in throttle counts against. The router puts the client's address in
 * X-Forwarded-For, and only the router can reach this service (shared secret), so the header is
 * trusted; its last entry is the one the nearest hop added. Without it (a direct call in
 * development) the socket's address counts.
 */
export function clientAddress(req: RequestLike): string {
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : header)?.split(',').at(-1)?.trim();
  return addressKey(forwarded) ?? addressKey(req.socket.remoteAddress) ?? 'unknown';
}

/**
 * IPv4 as is (IPv4-mapped IPv6 unwrapped); IPv6 by its /64, since one subscriber usually holds a
 * whole /64 and could otherwise rotate through 2^64 addresses to dodge the limit.
 */
function addressKey(address: string | undefined): string | undefined {
  // isIP is strict (ipaddr.js would also take `0x7f.1`); anything else is not an address.
  if (!address || isIP(address) === 0) return undefined;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const prefix = ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`);
  return `${prefix.toString()}/64`;
}

/**
 * Every group a per-address limit counts `address` (from `clientAddress`) in, narrowest first: an
 * IPv6 /64 is also counted in its /48, the most a site is usually given, so that a holder of a /48
 * does not get 65,536 budgets. A /48 gets the budget of one IPv4 address, which a whole network
 * behind a NAT shares too.
 */
export function addressGroups(address: string): string[] {
  if (!address.endsWith('/64')) return [address];
  const [network] = ipaddr.parseCIDR(address);
  const site = ipaddr.IPv6.networkAddressFromCIDR(`${network.toString()}/48`);
  return [address, `${site.toString()}/48`];
}
