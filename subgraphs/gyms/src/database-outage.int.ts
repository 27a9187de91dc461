import { type ServiceUnderTest, startServiceUnderTest, startTcpProxy, type TcpProxy, testDatabaseUrl } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { startService } from './service';

/**
 * Postgres restarting under a running service: it must say not-ready while the database is gone,
 * answer requests with a masked error instead of crashing, and recover on its own when the
 * database is back. A TCP proxy stands between the service and Postgres and plays the outage.
 * Embedded PGlite lives in the process and cannot go away, so this needs TEST_DATABASE_URL.
 */
describe.skipIf(!testDatabaseUrl())('a database outage (skipped without TEST_DATABASE_URL)', () => {
  let t: ServiceUnderTest;
  let proxy: TcpProxy | undefined;
  const query = () => t.gql(/* GraphQL */ `query { gradeSystems { name } }`);
  const ready = async () => (await fetch(`${t.baseUrl}/ready`)).status;

  beforeAll(async () => {
    t = await startServiceUnderTest('gyms_outage', async (env) => {
      const url = new URL(env['DATABASE_URL']!);
      proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
      url.host = `127.0.0.1:${proxy.port}`;
      return await startService(loadConfig({ ...env, DATABASE_URL: url.toString() }));
    });
  });
  afterAll(async () => {
    await t?.service.stop();
    await proxy?.close();
    await t?.stop();
  });

  it('is ready and serving while the database answers', async () => {
    expect(await ready()).toBe(200);
    expect(await query()).toEqual({ status: 200, data: { gradeSystems: [] } });
  });

  it('reports not ready and fails requests cleanly while the database is unreachable', async () => {
    await proxy!.cut();
    expect(await ready()).toBe(503);
    const res = await query();
    expect(res.errors).toEqual([{ message: 'Internal server error.', path: ['gradeSystems'], locations: expect.any(Array), extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
  });

  it('recovers without a restart when the database is back', async () => {
    await proxy!.restore();
    expect(await ready()).toBe(200);
    expect(await query()).toEqual({ status: 200, data: { gradeSystems: [] } });
  });
});
