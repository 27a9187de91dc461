import { pino, type Logger } from 'pino';
import { serializeError } from './log-safety';

export type { Logger };

/** JSON logs on stdout, one line per event, named by service so interleaved output stays readable. */
export const createLogger = (service: string, level: string): Logger =>
  pino({
    name: service,
    level,
    base: { service },
    serializers: { err: serializeError },
    redact: { paths: ['req.headers.authorization', '*.password', '*.refreshToken'], censor: '[redacted]' },
  });
