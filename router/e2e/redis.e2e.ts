import { startTcpProxy } from '@clmb/testkit';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { connectRedis } from '../src/redis';
import { until } from './gate';

const REDIS = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe("the router's Redis connection", () => {
  it('logs an outage once for the caches and the rate limit, however many reconnections fail, and its end once', async () => {
    const lines: { msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const proxy = await startTcpProxy('127.0.0.1', Number(new URL(REDIS).port || 6379));
    const redis = await connectRedis(`redis://127.0.0.1:${proxy.port}`, logger);
    try {
      await until(() => redis.status === 'ready');
      let failures = 0;
      redis.on('error', () => failures++);
      await proxy.cut();
      await until(() => failures >= 3);
      await proxy.restore();
      await until(() => redis.status === 'ready');
      redis.disconnect();
      // A connection closed on purpose is no outage.
      await until(() => redis.status === 'end');
      expect(lines.map((line) => line.msg)).toEqual([
        'Redis connected',
        'Redis unreachable: caches off and rate limit in this process until it is back',
        'Redis back: caches and rate limit shared again',
      ]);
    } finally {
      redis.disconnect();
      await proxy.close();
    }
  });
});
