import { pino, type Logger } from 'pino';
import { logTraceIds } from './tracing';

export type { Logger };

/**
 * JSON logs on stdout, one line per event, named by service so interleaved output stays readable.
 * With tracing on, a line logged while serving a request carries its `traceId` and `spanId`.
 */
export const createLogger = (service: string, level: string): Logger =>
  pino({
    name: service,
    level,
    base: { service },
    mixin: logTraceIds,
    redact: { paths: ['req.headers.authorization', '*.password', '*.refreshToken'], censor: '[redacted]' },
  });
