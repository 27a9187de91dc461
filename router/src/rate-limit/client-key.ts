/**
 * Whose bucket an anonymous request takes from: its address, or for IPv6 its /64, which one
 * client (a host, a home network) usually holds whole and could otherwise walk through.
 */
export function addressBucket(address: string): string {
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::');
  const groups = head ? head.split(':') : [];
  if (tail !== undefined) {
    const rest = tail ? tail.split(':') : [];
    groups.push(...Array<string>(Math.max(0, 8 - groups.length - rest.length)).fill('0'), ...rest);
  }
  return `${groups
    .slice(0, 4)
    .map((group) => (Number.parseInt(group, 16) || 0).toString(16))
    .join(':')}::/64`;
}

/** The bucket of an anonymous client's address. */
const addressKey = (address: string | undefined) => (address ? `address:${addressBucket(address)}` : undefined);

/** Whose bucket an operation takes from: the user of a verified token, else the client's address. */
export const bucketKey = (viewerId: string | undefined, address: string | undefined) => (viewerId ? `user:${viewerId}` : addressKey(address));

/** How `refusedClients` knows a client before anything is parsed: the Authorization header as sent, else the address. */
export const refusedKey = (authorization: string | undefined, address: string | undefined) => authorization ?? addressKey(address);
