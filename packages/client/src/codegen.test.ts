import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generate, generatedFile } from '../codegen';

describe('typed documents', () => {
  it('match schema/operations (run `npm run codegen` and commit after changing an operation or the schema)', async () => {
    expect(await readFile(generatedFile, 'utf8')).toBe(await generate());
  });
});
