import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from './processes';

const PORT_RANGE = '/proc/sys/net/ipv4/ip_local_port_range';

describe('freePort', () => {
  it.skipIf(!existsSync(PORT_RANGE))('hands out ports a server can listen on, below the range the OS hands out for outgoing connections', async () => {
    const ephemeral = Number(readFileSync(PORT_RANGE, 'utf8').trim().split(/\s+/)[0]);
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) expect(port).toBeLessThan(ephemeral);
    const server = createServer().listen(ports[0], '127.0.0.1');
    await once(server, 'listening');
    server.close();
    await once(server, 'close');
  });
});
