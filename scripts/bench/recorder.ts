/**
 * Captures the requests a gateway's query plan sends each subgraph: a pass-through HTTP proxy per
 * subgraph that, while `recording`, keeps each request's body and timing. Used once, in the seed
 * phase (never while timing), to replay the plan's requests against the subgraphs directly.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';

export interface RecordedRequest {
  subgraph: string;
  url: string;
  body: string;
  authorization: string | undefined;
  /** The subgraph's answer, for checking a replay against. */
  response: string;
  start: number;
  end: number;
}

interface Recorder {
  /** Where the gateway should send this subgraph's requests. */
  urls: Record<string, string>;
  /** Records the requests `action` causes. */
  record(action: () => Promise<unknown>): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

export async function startRecorder(subgraphs: Record<string, string>): Promise<Recorder> {
  let recorded: RecordedRequest[] | undefined;
  const servers: Server[] = [];
  const urls: Record<string, string> = {};
  for (const [subgraph, url] of Object.entries(subgraphs)) {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString();
      const start = performance.now();
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
      ) as Record<string, string>;
      const response = await fetch(url, { method: req.method ?? 'POST', headers, body: req.method === 'GET' ? undefined : body });
      const text = await response.text();
      const authorization = req.headers.authorization;
      recorded?.push({ subgraph, url, body, authorization, response: text, start, end: performance.now() });
      res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push(server);
    urls[subgraph] = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  }
  return {
    urls,
    async record(action) {
      recorded = [];
      await action();
      const result = recorded;
      recorded = undefined;
      return result;
    },
    close: async () => {
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}

/**
 * The plan's shape from the timings: a request that starts after every request of the current
 * stage has ended depended on them (a Sequence); ones that overlap ran in Parallel.
 */
export function stages(requests: RecordedRequest[]): RecordedRequest[][] {
  const result: RecordedRequest[][] = [];
  let stageEnd = -Infinity;
  for (const request of [...requests].sort((a, b) => a.start - b.start)) {
    const current = result.at(-1);
    if (current && request.start < stageEnd) {
      current.push(request);
      stageEnd = Math.max(stageEnd, request.end);
    } else {
      result.push([request]);
      stageEnd = request.end;
    }
  }
  return result;
}
