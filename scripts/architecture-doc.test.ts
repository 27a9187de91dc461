import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The code docs/architecture.md's "What is where" maps, file by file. */
const MAPPED = ['subgraphs/users/src', 'subgraphs/gyms/src', 'router/src', 'packages/common/src'];
/** Named by a rule instead of one by one: one resolver per GraphQL type, and generated code. */
const BY_RULE = new Set(['resolvers', '__generated__']);
const isTest = (name: string) => /\.(test|int|e2e)\.ts$/.test(name);

/** Folder (`subgraphs/users/src/accounts/`) → its source files, as they are on disk. */
async function tree(): Promise<Map<string, string[]>> {
  const folders = new Map<string, string[]>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(join(root, dir), { withFileTypes: true });
    folders.set(`${dir}/`, entries.filter((e) => e.isFile() && e.name.endsWith('.ts') && !isTest(e.name)).map((e) => e.name).sort());
    for (const entry of entries) if (entry.isDirectory() && !BY_RULE.has(entry.name)) await walk(join(dir, entry.name));
  };
  for (const dir of MAPPED) await walk(dir);
  return folders;
}

/** Folder → the files its table row names (every backticked `*.ts` in the row's other cells). */
async function documented(): Promise<Map<string, string[]>> {
  const doc = await readFile(join(root, 'docs/architecture.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### What is where'), doc.indexOf('### Tests beside the modules'));
  const folders = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const folder = /^\| `([^`]+\/)` \|/.exec(line)?.[1];
    if (!folder) continue;
    const rest = line.slice(line.indexOf('|', 2));
    const files = [...rest.matchAll(/`([\w.-]+\.ts)`/g)].map((match) => match[1]!);
    folders.set(folder, [...new Set(files)].sort());
  }
  return folders;
}

describe("docs/architecture.md's map of the code", () => {
  it('names every source file of every folder, and only files that exist', async () => {
    const [onDisk, inDoc] = await Promise.all([tree(), documented()]);
    expect(onDisk.get('subgraphs/users/src/accounts/')).toContain('accounts.ts');
    expect(Object.fromEntries(inDoc)).toEqual(Object.fromEntries(onDisk));
  });
});
