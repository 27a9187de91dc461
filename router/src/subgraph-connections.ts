import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface SubgraphAnswer {
  status: number;
  /** The body as sent: each consumer (a deduplicated caller, the entity cache) parses its own copy. */
  text: string;
  contentType: string | undefined;
}

/** A timeout as `classifyFailure` knows it (the name Node gives AbortSignal.timeout's error). */
const timeoutError = () => Object.assign(new Error('The subgraph did not answer in time.'), { name: 'TimeoutError' });
/** An answer past the limit, as `classifyFailure` knows it. */
const tooLargeError = (maxBytes: number) => Object.assign(new Error(`The subgraph answered more than ${maxBytes} bytes.`), { name: 'ResponseTooLargeError' });

/**
 * The gateway's connections to one subgraph: POSTs JSON over node:http with one keep-alive agent
 * per subgraph, none of fetch's web streams, Request/Headers objects or AbortSignals per call,
 * which took a fifth of the router's CPU. One timer per attempt bounds a hung subgraph, and
 * `maxBytes` its answer: reading stops (the socket is dropped) as soon as the answer, or the
 * length it announces, passes it, so no answer is held in memory whole past the limit. (Not
 * common's `createSubgraphClient`, which one service uses to ask another for data.)
 */
export function subgraphConnections(url: string, timeoutMs: number, maxBytes: number) {
  const target = new URL(url);
  const https = target.protocol === 'https:';
  const agent = https ? new HttpsAgent({ keepAlive: true }) : new Agent({ keepAlive: true });
  const send = https ? httpsRequest : request;
  const base = { hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: 'POST', agent };

  const post = (headers: Record<string, string>, body: string): Promise<SubgraphAnswer> =>
    new Promise((resolve, reject) => {
      const req = send({ ...base, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
      const timer = setTimeout(() => req.destroy(timeoutError()), timeoutMs);
      req.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        const announced = Number(res.headers['content-length']);
        if (announced > maxBytes) {
          req.destroy(tooLargeError(maxBytes));
          return;
        }
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > maxBytes) req.destroy(tooLargeError(maxBytes));
          else chunks.push(chunk);
        });
        res.once('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), contentType: contentType(res.headers) });
        });
        res.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
      req.end(body);
    });

  return { post, close: () => agent.destroy() };
}

const contentType = (headers: IncomingHttpHeaders) => headers['content-type'];
