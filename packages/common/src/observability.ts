import { createServer } from 'node:http';
import { z } from 'zod';
import { envFields, parseEnv } from './env';
import { metricsText } from './metrics';
import { startTracing } from './tracing';

const schema = z.object({
  // Unset: /metrics is served on the service's own port.
  METRICS_PORT: z.preprocess((v) => (v === '' ? undefined : v), envFields.port(0).optional()),
  HOST: envFields.host,
});

let started: Promise<void> | undefined;
let ownPort = false;

/** Whether `/metrics` has a listener of its own (METRICS_PORT), so the service's app leaves it out. */
export const metricsOnOwnPort = (): boolean => ownPort;

/**
 * A service process's telemetry, started before anything else: tracing (when an OTLP endpoint is
 * set), and `/metrics` on METRICS_PORT when set, so a NetworkPolicy can open that port alone to
 * Prometheus and the router's public port does not serve it. Once per process.
 */
export async function startObservability(service: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  started ??= (async () => {
    const { METRICS_PORT: port, HOST: host } = parseEnv(schema, env);
    if (port === undefined) return;
    const server = createServer(async (req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      const { contentType, body } = await metricsText();
      res.writeHead(200, { 'content-type': contentType }).end(body);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
    // The service's own server keeps the process alive; this one never holds up its exit.
    server.unref();
    ownPort = true;
  })();
  await Promise.all([started, startTracing(service, env)]);
}
