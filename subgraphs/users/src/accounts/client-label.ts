// Order matters: Edge and Opera also say Chrome, Chrome also says Safari, Android also says Linux.
const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

const match = (ua: string, table: [RegExp, string][]) => table.find(([pattern]) => pattern.test(ua))?.[1];

/**
 * A coarse, human label for a device list ("Firefox on Linux", "clmb-ios on iOS"): enough to
 * recognise one's own devices, too coarse to fingerprint anyone. An app's own User-Agent
 * (`name/version …`) shows as its name; nothing recognisable as "Unknown client".
 */
export function clientLabel(userAgent: string | undefined): string {
  const ua = userAgent?.slice(0, 512) ?? '';
  const system = match(ua, SYSTEMS);
  const product = /^([A-Za-z][A-Za-z0-9_.-]{0,31})(\/|$)/.exec(ua)?.[1];
  // Node's fetch (undici, `node`) is how the router calls: not the client's own agent.
  if (product && !/^(Mozilla|node|undici)$/i.test(product)) return system ? `${product} on ${system}` : product;
  const browser = match(ua, BROWSERS);
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? 'Unknown client';
}
