import { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from './http';

/** The server `listen` starts: express's requests and responses, made as such from the start. */
describe('listen', () => {
  let http: RunningServer | undefined;
  afterEach(async () => {
    await http?.close();
    http = undefined;
  });

  it('hands express requests and responses that already are its own, before express sees them', async () => {
    const app = express();
    app.get('/', (_req, res) => {
      res.end();
    });
    http = await listen(app, 0, '127.0.0.1');
    const seen: { request: boolean; response: boolean; node: boolean }[] = [];
    // Runs before express's own listener: what the server made, not what express made of it.
    http.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      seen.push({
        request: Object.getPrototypeOf(req) === app.request,
        response: Object.getPrototypeOf(res) === app.response,
        node: req instanceof IncomingMessage && res instanceof ServerResponse,
      });
    });
    await fetch(`${http.url}/`);
    await fetch(`${http.url}/`);
    expect(seen).toEqual([
      { request: true, response: true, node: true },
      { request: true, response: true, node: true },
    ]);
  });

  it('serves express as ever: its request helpers, its response helpers, bodies and keep-alive', async () => {
    const app = express();
    app.use(express.json());
    app.post('/echo', (req, res) => {
      res.locals['seen'] = req.get('x-client');
      res.status(201).set('x-app', String(req.app === app)).json({ body: req.body, client: res.locals['seen'], path: req.path });
    });
    http = await listen(app, 0, '127.0.0.1');
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${http.url}/echo?n=${i}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-client': 'app' }, body: JSON.stringify({ i }) });
      expect(res.status).toBe(201);
      expect(res.headers.get('x-app')).toBe('true');
      expect(await res.json()).toEqual({ body: { i }, client: 'app', path: '/echo' });
    }
    const missing = await fetch(`${http.url}/nowhere`);
    expect(missing.status).toBe(404);
  });
});
