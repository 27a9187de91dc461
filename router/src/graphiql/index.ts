import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import express from 'express';

const require = createRequire(import.meta.url);

/**
 * GraphiQL's browser build and the React it runs on, straight from node_modules: the explorer
 * works on a plane. graphiql 4 is the last line that ships a prebuilt browser bundle (5 needs a
 * bundler for Monaco's workers), so no build step stands between an install and the page.
 */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: 'react/umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { file: 'react-dom/umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { file: 'graphiql/graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { file: 'graphiql/graphiql.min.css', type: 'text/css' },
  // The subscription tab's client: graphql-ws's browser build, the protocol the router speaks on /graphql.
  'graphql-ws.js': { file: 'graphql-ws/umd/graphql-ws.min.js', type: 'text/javascript' },
  'explorer.js': { file: './explorer.js', type: 'text/javascript' },
};

/** A file inside an installed package, past its `exports` map (which hides the UMD builds). */
function resolveAsset(file: string): string {
  if (file.startsWith('./')) return new URL(file, import.meta.url).pathname;
  const [name = '', ...rest] = file.split('/');
  return join(dirname(require.resolve(`${name}/package.json`)), ...rest);
}

/** The offline explorer at /graphiql (development only: production serves no explorer at all). */
export function graphiqlRoutes(): express.Router {
  const page = readFileSync(new URL('./page.html', import.meta.url), 'utf8');
  const router = express.Router();
  router.get('/graphiql', (_req, res) => {
    res.type('html').send(page);
  });
  for (const [name, asset] of Object.entries(ASSETS)) {
    const path = resolveAsset(asset.file);
    router.get(`/graphiql/${name}`, (_req, res) => {
      res.type(asset.type).setHeader('cache-control', 'public, max-age=3600');
      res.sendFile(path);
    });
  }
  return router;
}

/** Shown under Apollo Sandbox, which loads from Apollo's CDN and stays blank without internet. */
const OFFLINE_NOTE = `<div id="clmb-offline-note" style="position:fixed;bottom:0;left:0;right:0;padding:6px 12px;font:13px system-ui,sans-serif;background:#1e293b;color:#e2e8f0;z-index:10">
  No internet? Apollo Sandbox loads from Apollo's CDN. The offline explorer is at <a href="/graphiql" style="color:#7dd3fc">/graphiql</a>.
</div>`;

/** Apollo's Sandbox landing page, with a line that points at /graphiql when the CDN is out of reach. */
export function withOfflineExplorerNote(landingPage: ApolloServerPlugin): ApolloServerPlugin {
  return {
    async serverWillStart(service) {
      const listener = await landingPage.serverWillStart?.(service);
      return {
        ...listener,
        async renderLandingPage() {
          const rendered = await listener?.renderLandingPage?.();
          if (!rendered) throw new Error('the landing page plugin rendered nothing');
          const html = typeof rendered.html === 'string' ? rendered.html : await rendered.html();
          return { html: html.replace('</body>', `${OFFLINE_NOTE}</body>`) };
        },
      };
    },
  };
}
