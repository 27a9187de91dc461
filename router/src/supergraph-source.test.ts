import { readFile } from 'node:fs/promises';
import { ApolloGateway } from '@apollo/gateway';
import { describe, expect, it } from 'vitest';
import { forGateway } from './supergraph-source';

const committed = await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');

/** The committed supergraph (which links the access features) with one more feature linked the way composition links it. */
const linking = (url: string, directive: string) =>
  committed.replace('@link(url: "https://specs.apollo.dev/link/v1.0")', `@link(url: "https://specs.apollo.dev/link/v1.0")\n  @link(url: "${url}", for: SECURITY)`) +
  `\n${directive}\n`;

const load = async (supergraphSdl: string) => {
  const gateway = new ApolloGateway({ supergraphSdl, logger: { debug() {}, info() {}, warn() {}, error() {} } });
  try {
    return await gateway.load();
  } finally {
    await gateway.stop();
  }
};

describe('the supergraph handed to the gateway', () => {
  it('is refused by @apollo/gateway as composed when it links the access features', async () => {
    expect(committed).toContain('@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)');
    await expect(load(committed)).rejects.toThrow(/(authenticated|requiresScopes|policy)\/v0.1 is for: SECURITY but is unsupported/);
  });

  it('loads once the router takes over their enforcement, with the directives kept', async () => {
    const sdl = forGateway(committed);
    for (const directive of ['authenticated', 'requiresScopes', 'policy']) expect(sdl).toContain(`directive @${directive}`);
    await expect(load(sdl)).resolves.toHaveProperty('schema');
  });

  it('still refuses an unknown SECURITY feature the router does not enforce', async () => {
    const unknown = linking('https://specs.example.dev/firewall/v0.1', 'directive @firewall on FIELD_DEFINITION');
    await expect(load(forGateway(unknown))).rejects.toThrow(/firewall\/v0.1 is for: SECURITY but is unsupported/);
  });

  it('is the file, untouched, when it links none of them', () => {
    const plain = committed.replace(/\n {2}@link\(url: "https:\/\/specs\.apollo\.dev\/(authenticated|requiresScopes|policy)\/v0\.1", for: SECURITY\)/g, '');
    expect(forGateway(plain)).toBe(plain);
  });
});
