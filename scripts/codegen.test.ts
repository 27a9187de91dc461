import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generate, generatedFile } from './codegen';

describe.each(['users', 'gyms'] as const)('%s resolver types', (service) => {
  it('match the SDL (run `npm run codegen` and commit after changing src/schema.graphql)', async () => {
    expect(await readFile(generatedFile(service), 'utf8')).toBe(await generate(service));
  });
});
