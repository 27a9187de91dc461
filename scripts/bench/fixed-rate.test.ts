import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { chooseRate, steady } from './fixed-rate';

describe('the fixed rate', () => {
  it('is half the slowest target’s logbooks req/s, rounded down', () => {
    expect(chooseRate([262, 174, 117, 967])).toBe(58);
  });

  it('ignores targets without a figure, and is at least 1 req/s', () => {
    expect(chooseRate([Number.NaN, 300, 0])).toBe(150);
    expect(chooseRate([1.5])).toBe(1);
  });

  it('is undefined when no target was measured', () => {
    expect(chooseRate([Number.NaN])).toBeUndefined();
    expect(chooseRate([])).toBeUndefined();
  });
});

describe('the steady load', () => {
  /** A loopback server answering each request after `delayMs` (500 for a body asking for it), recording what it was sent. */
  async function server(delayMs: number) {
    const seen: { body: string; authorization: string | undefined }[] = [];
    const http = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        seen.push({ body, authorization: req.headers.authorization });
        setTimeout(() => res.writeHead(body === 'fail' ? 500 : 200).end('{}'), delayMs);
      });
    });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/`, seen, close: () => http.close() };
  }

  it('sends every request at its time whatever the answers take (an open loop), another client each', async () => {
    const slow = await server(300);
    try {
      const headers = [{ authorization: 'a' }, { authorization: 'b' }];
      const result = await steady(slow.url, { headers, bodies: ['1', '2', '3'], connections: 40, seconds: 1 }, 30);
      // 30 due in one second: 30 sent and answered (40 connections in a closed loop would have sent about 130).
      expect(result).toMatchObject({ requests: 30, sent: 30, failed: 0 });
      expect(slow.seen.slice(0, 6)).toEqual([
        { body: '1', authorization: 'a' },
        { body: '2', authorization: 'b' },
        { body: '3', authorization: 'a' },
        { body: '1', authorization: 'b' },
        { body: '2', authorization: 'a' },
        { body: '3', authorization: 'b' },
      ]);
      // Latency counts from when a request was due: no answer comes sooner than the server's delay.
      expect(result.p50).toBeGreaterThanOrEqual(290);
    } finally {
      slow.close();
    }
  });

  it('counts answers other than 200 as failed', async () => {
    const quick = await server(0);
    try {
      const result = await steady(quick.url, { headers: [{}], bodies: ['ok', 'fail'], connections: 2, seconds: 1 }, 10);
      expect(result).toMatchObject({ requests: 5, sent: 10, failed: 5 });
    } finally {
      quick.close();
    }
  });
});
