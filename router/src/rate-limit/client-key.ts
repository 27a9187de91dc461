/** An IPv6 address's eight groups, `::` expanded, as numbers. */
function groupsOf(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const groups = head ? head.split(':') : [];
  if (tail !== undefined) {
    const rest = tail ? tail.split(':') : [];
    groups.push(...Array<string>(Math.max(0, 8 - groups.length - rest.length)).fill('0'), ...rest);
  }
  return groups.map((group) => Number.parseInt(group, 16) || 0);
}

const prefixOf = (groups: number[], bits: 48 | 64) => `${groups.slice(0, bits / 16).map((g) => g.toString(16)).join(':')}::/${bits}`;

/**
 * Whose buckets an anonymous request takes from: its address, or for IPv6 both its /64 (which one
 * client, a host or a home network, usually holds whole and could otherwise walk through) and its
 * /48 (the most a site is given: without it, one holder of a /48 would have 65,536 /64 budgets).
 * A /48 gets the budget of one IPv4 address, which a whole network behind a NAT shares too.
 */
export function addressBuckets(address: string): string[] {
  if (!address.includes(':')) return [address];
  const groups = groupsOf(address);
  return [prefixOf(groups, 64), prefixOf(groups, 48)];
}

/**
 * Whose buckets an operation takes from: the user of a verified token, else the client's
 * address groups (narrowest first), each of which must afford it.
 */
export const bucketKeys = (viewerId: string | undefined, address: string | undefined): string[] =>
  viewerId ? [`user:${viewerId}`] : address ? addressBuckets(address).map((bucket) => `address:${bucket}`) : [];

/** How `refusedClients` knows a client before anything is parsed: the Authorization header as sent, else the address's narrowest bucket. */
export const refusedKey = (authorization: string | undefined, address: string | undefined) =>
  authorization ?? (address ? `address:${addressBuckets(address)[0]}` : undefined);
