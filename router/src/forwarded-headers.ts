import type { Logger } from '@clmb/common';
import type { RequestHandler } from 'express';

/**
 * With TRUST_PROXY off the router takes each socket's peer for the client. Forwarded headers
 * (X-Forwarded-For, Forwarded) arriving then usually mean a proxy in front that the router was not
 * told about: every client behind it shares the proxy's address, so one client can drain the
 * anonymous budget and a few failed log-ins lock everyone out. Said once per process, at warn, so
 * an operator sees it without a log line per request (a client may send the headers too).
 */
export function warnOnceOfForwardedHeaders(logger: Logger): RequestHandler {
  let warned = false;
  return (req, _res, next) => {
    if (!warned && (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined)) {
      warned = true;
      logger.warn(
        { peer: req.socket.remoteAddress },
        'forwarded headers (X-Forwarded-For or Forwarded) arrive while TRUST_PROXY is off: behind a proxy, set TRUST_PROXY to its addresses, or every client shares its address (docs/configuration.md)',
      );
    }
    next();
  };
}
