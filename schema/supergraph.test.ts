import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, SUPERGRAPH_FILE } from './compose';

describe('schema/supergraph.graphql', () => {
  it('composes from the subgraph SDL without errors or hints', async () => {
    const { errors, hints } = await composeSupergraph();
    expect({ errors, hints }).toEqual({ errors: [], hints: [] });
  });

  it('is exactly what `npm run compose` produces now (commit it after changing a subgraph schema)', async () => {
    const { supergraphSdl } = await composeSupergraph();
    expect(await readFile(SUPERGRAPH_FILE, 'utf8')).toBe(supergraphSdl);
  });
});
