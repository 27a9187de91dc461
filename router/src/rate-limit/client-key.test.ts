import { describe, expect, it } from 'vitest';
import { addressBuckets, bucketKeys } from './client-key';

describe('the buckets of an address', () => {
  it.each([
    ['203.0.113.7', ['203.0.113.7']],
    ['2001:db8:1:2:3:4:5:6', ['2001:db8:1:2::/64', '2001:db8:1::/48']],
    ['2001:db8:1:2::99', ['2001:db8:1:2::/64', '2001:db8:1::/48']],
    ['2001:0db8:0001:0002:ffff::1', ['2001:db8:1:2::/64', '2001:db8:1::/48']],
    ['2001:db8::1', ['2001:db8:0:0::/64', '2001:db8:0::/48']],
    ['::1', ['0:0:0:0::/64', '0:0:0::/48']],
    ['fe80::1%eth0', ['fe80:0:0:0::/64', 'fe80:0:0::/48']],
  ])('%s → %j', (address, buckets) => {
    expect(addressBuckets(address)).toEqual(buckets);
  });

  it('charges a user by account, whatever the address', () => {
    expect(bucketKeys('u1', '2001:db8:1:2::9')).toEqual(['user:u1']);
    expect(bucketKeys(undefined, '2001:db8:1:2::9')).toEqual(['address:2001:db8:1:2::/64', 'address:2001:db8:1::/48']);
    expect(bucketKeys(undefined, undefined)).toEqual([]);
  });
});
