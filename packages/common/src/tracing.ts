import { type Context, context, propagation, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';

/**
 * Set only when an OTLP endpoint is configured. Without one, no SDK module is ever loaded and every
 * hook below returns before doing anything: tracing off costs a property read per request.
 */
let tracer: Tracer | undefined;
let started: Promise<boolean> | undefined;
let flush: () => Promise<void> = async () => {};

export const tracingEnabled = (): boolean => tracer !== undefined;

/** Where spans go: the OTLP/HTTP endpoint of the standard OpenTelemetry variables, or none. */
const otlpEndpoint = (env: NodeJS.ProcessEnv): string | undefined =>
  env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'] || undefined;

/**
 * Exports this process's spans with OTLP/HTTP (JSON) when `OTEL_EXPORTER_OTLP_ENDPOINT` is set,
 * and registers the async-context manager and the W3C `traceparent` propagator. Once per process:
 * services started in the same process (tests) share the first one's provider.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  started ??= (async () => {
    if (!otlpEndpoint(env)) return false;
    const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': env['OTEL_SERVICE_NAME'] || service }),
      // The exporter reads the endpoint (and OTEL_EXPORTER_OTLP_HEADERS) itself, and the batch its OTEL_BSP_* settings.
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
    });
    provider.register();
    tracer = trace.getTracer('clmb');
    flush = () => provider.forceFlush();
    return true;
  })();
  return started;
}

/** Sends the spans still buffered, e.g. before the process exits. */
export const flushTraces = (): Promise<void> => flush();

/** The active tracer, or undefined when tracing is off. */
export const activeTracer = (): Tracer | undefined => tracer;

const TRACE_CONTEXT = 'traceContext';

/**
 * A SERVER span per request, child of the caller's `traceparent`. Body parsing runs its callbacks
 * outside the request's async context, so `resumeTrace` re-enters the span after it.
 */
export function traceRequests(): { start: RequestHandler; resume: RequestHandler } | undefined {
  if (!tracer) return undefined;
  const active = tracer;
  const start: RequestHandler = (req, res, next) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = active.startSpan(
      `${req.method} ${req.baseUrl}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.baseUrl } },
      parent,
    );
    const traced = trace.setSpan(parent, span);
    res.locals[TRACE_CONTEXT] = traced;
    res.once('close', () => endServerSpan(span, res.statusCode));
    context.with(traced, next);
  };
  const resume: RequestHandler = (_req, res, next) => {
    const traced = res.locals[TRACE_CONTEXT] as Context | undefined;
    if (traced) context.with(traced, next);
    else next();
  };
  return { start, resume };
}

function endServerSpan(span: Span, status: number): void {
  span.setAttribute('http.response.status_code', status);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** Adds `traceparent` (and `tracestate`) of the active span to outgoing request headers. */
export function injectTraceContext(headers: { set(name: string, value: string): void }): void {
  if (!tracer) return;
  propagation.inject(context.active(), headers, { set: (carrier, name, value) => carrier.set(name, value) });
}

/** The same, as a plain object to spread into `fetch` headers; empty when tracing is off. */
export function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  if (tracer) propagation.inject(context.active(), headers);
  return headers;
}

/** The ids a log line carries, so logs and traces join up; none outside a span. */
export function logTraceIds(): { traceId?: string; spanId?: string } {
  const span = tracer && trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}
