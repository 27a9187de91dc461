import { type DestinationStream, pino, type Logger } from 'pino';
import { serializeError } from './log-safety';
import { logTraceIds } from './tracing';

export type { Logger };

/**
 * JSON logs on stdout (or `destination`), one line per event, named by service so interleaved
 * output stays readable. With tracing on, a line logged inside a span carries its `traceId` and `spanId`.
 */
export const createLogger = (service: string, level: string, destination?: DestinationStream): Logger =>
  pino(
    {
      name: service,
      level,
      base: { service },
      serializers: { err: serializeError },
      mixin: logTraceIds,
      redact: { paths: ['req.headers.authorization', '*.password', '*.refreshToken'], censor: '[redacted]' },
    },
    destination,
  );
