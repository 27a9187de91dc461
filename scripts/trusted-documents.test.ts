import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generate, manifestFile } from './trusted-documents';

describe('the trusted documents (schema/persisted-query-manifest.json)', () => {
  it('match the app kit\'s operations (run `npm run codegen` and `npm run trusted-documents`, then commit, after editing schema/operations)', async () => {
    expect(await readFile(manifestFile, 'utf8')).toBe(await generate());
  });
});
