import { describe, expect, it } from 'vitest';
import { refusedClients } from './refused-clients';

describe('clients refused lately', () => {
  it('wait for any operation, then for the refused one, then are forgotten; at most so many at once', () => {
    let now = 0;
    const refused = refusedClients({ now: () => now, maxClients: 2 });
    const same = () => 'hash a';
    const other = () => 'hash b';
    // Refused operation "hash a": nothing could be served for 500 ms, "hash a" not for 1,500 ms.
    refused.note('Bearer a', 'hash a', 1_500, 500);
    expect([refused.waitOf('Bearer a', other), refused.waitOf('Bearer a', same), refused.waitOf('Bearer b', same)]).toEqual([500, 1_500, 0]);
    now = 1_000;
    expect([refused.waitOf('Bearer a', same), refused.waitOf('Bearer a', other)]).toEqual([500, 0]);
    now = 1_500;
    expect([refused.waitOf('Bearer a', same), refused.size()]).toEqual([0, 0]);
    for (const key of ['x', 'y', 'z']) refused.note(key, 'hash', 1_000, 1_000);
    expect([refused.size(), refused.waitOf('x', same), refused.waitOf('z', same)]).toEqual([2, 0, 1_000]);
  });

  it('refuse everything until both waits are over once a second, different operation is refused', () => {
    let now = 0;
    const refused = refusedClients({ now: () => now });
    refused.note('Bearer a', 'hash a', 3_000, 0);
    now = 1_000;
    refused.note('Bearer a', 'hash b', 1_000, 0);
    expect([refused.waitOf('Bearer a', () => 'hash c'), refused.waitOf('Bearer a', () => 'hash b')]).toEqual([2_000, 2_000]);
  });
});
