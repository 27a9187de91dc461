import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { activeTracer, startTracing, traceHeaders } from './tracing';

// What a service process loads when it starts tracing, judged in a fresh process of its own.
const PROBE = `
import { createRequire } from 'node:module';
const { startTracing } = await import('@clmb/common');
const on = await startTracing('probe');
const sdkLoaded = Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes('sdk-trace'));
console.log(JSON.stringify({ on, sdkLoaded }));
`;
async function probe(env: Record<string, string>): Promise<{ on: boolean; sdkLoaded: boolean }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], {
    cwd: new URL('..', import.meta.url),
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  return JSON.parse(stdout);
}

describe('tracing', () => {
  it('loads no SDK at all without OTEL_EXPORTER_OTLP_ENDPOINT, and the SDK with it', async () => {
    expect(await probe({})).toEqual({ on: false, sdkLoaded: false });
    expect(await probe({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })).toEqual({ on: true, sdkLoaded: true });
  }, 30_000);

  it('puts the active span trace id on each log line, and traceparent on outgoing headers', async () => {
    // Nothing listens there; no span is exported before the test ends.
    expect(await startTracing('test', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })).toBe(true);
    const lines: string[] = [];
    const logger = createLogger('test', 'info', { write: (line: string) => void lines.push(line) });
    const tracer = activeTracer();
    const span = tracer?.startActiveSpan('work', (active) => {
      logger.info('inside');
      expect(traceHeaders()['traceparent']).toBe(`00-${active.spanContext().traceId}-${active.spanContext().spanId}-01`);
      active.end();
      return active;
    });
    logger.info('outside');
    const [inside, outside] = lines.map((line) => JSON.parse(line));
    expect(inside).toMatchObject({ msg: 'inside', traceId: span?.spanContext().traceId, spanId: span?.spanContext().spanId });
    expect(outside.traceId).toBeUndefined();
  });
});
