/**
 * A cache entry as stored: a first line with the stamp its reads began at and the tags of what it
 * holds (tags.ts), then the cached value. Tags never hold a space or a line break (`Type:<id>`).
 */
export const encodeEntry = (stamp: number, tags: Iterable<string>, value: string): string => `${stamp} ${[...tags].join(' ')}\n${value}`;

export function decodeEntry(entry: string): { stamp: number; tags: string[]; value: string } {
  const end = entry.indexOf('\n');
  const [stamp, ...tags] = entry.slice(0, end).split(' ');
  return { stamp: Number(stamp), tags: tags.filter(Boolean), value: entry.slice(end + 1) };
}
