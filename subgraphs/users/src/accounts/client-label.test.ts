import { describe, expect, it } from 'vitest';
import { clientLabel } from './client-label';

describe('clientLabel', () => {
  it('names the browser and system, an app by its product name, and nothing finer', () => {
    const cases: [string | undefined, string][] = [
      ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Linux'],
      ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', 'Safari on macOS'],
      ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36', 'Chrome on Android'],
      ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0', 'Edge on Windows'],
      ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1', 'Chrome on iOS'],
      ['clmb-ios/1.4.2 (iPhone15,2; iOS 18.1)', 'clmb-ios on iOS'],
      ['clmb-android/2.0', 'clmb-android'],
      ['node', 'Unknown client'],
      ['undici/6.0', 'Unknown client'],
      ['', 'Unknown client'],
      [undefined, 'Unknown client'],
    ];
    for (const [ua, label] of cases) expect([ua, clientLabel(ua)]).toEqual([ua, label]);
  });
});
