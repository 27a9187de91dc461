import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import type { Change } from '@graphql-inspector/core';
import { composeSupergraph } from './compose';
import { type AcceptedChange, checkFails, checkSchema, type Operation, parseAcceptedChanges } from './schema-check';

const here = (file: string) => new URL(file, import.meta.url);
const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/**
 * `--base REF`, else the merge base with main (origin/main in a clone without a local main), else
 * HEAD: on main itself, the check compares the working tree's schema with the last commit.
 */
function baseRef(argv: string[]): string {
  const flag = argv.indexOf('--base');
  if (flag >= 0 && argv[flag + 1]) return argv[flag + 1]!;
  for (const main of ['main', 'origin/main']) {
    try {
      return git('merge-base', 'HEAD', main);
    } catch {
      // try the next name
    }
  }
  return 'HEAD';
}

/** The committed supergraph at `ref`, or null where it did not exist yet. */
function supergraphAt(ref: string): string | null {
  try {
    return git('show', `${ref}:schema/supergraph.graphql`);
  } catch {
    return null;
  }
}

async function operations(): Promise<Operation[]> {
  const dir = here('./operations/');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.graphql')).sort();
  return Promise.all(files.map(async (file) => ({ file: `schema/operations/${file}`, source: await readFile(new URL(file, dir), 'utf8') })));
}

async function acceptedChanges(): Promise<AcceptedChange[]> {
  return parseAcceptedChanges(await readFile(here('./accepted-changes.yaml'), 'utf8'));
}

const line = (change: Change) => `  ${change.type} ${change.path ?? ''}: ${change.message}`;

async function main(argv: string[]): Promise<number> {
  const composed = await composeSupergraph();
  if (!composed.supergraphSdl) {
    for (const error of composed.errors) console.error(`composition error: ${error}`);
    return 1;
  }
  const ref = baseRef(argv);
  const base = supergraphAt(ref);
  const check = await checkSchema({ base, next: composed.supergraphSdl, accepted: await acceptedChanges(), operations: await operations() });
  console.log(base === null ? `no schema/supergraph.graphql at ${ref}: nothing to compare` : `API schema compared with ${ref.slice(0, 12)}`);
  const sections: [string, Change[]][] = [
    ['breaking', check.breaking],
    ['breaking, accepted in schema/accepted-changes.yaml', check.accepted],
    ['dangerous', check.dangerous],
    ['safe', check.safe],
  ];
  for (const [title, changes] of sections) {
    if (changes.length === 0) continue;
    console.log(`${title} (${changes.length}):`);
    for (const change of changes) console.log(line(change));
  }
  for (const error of check.operationErrors) console.error(`operation: ${error}`);
  if (check.breaking.length > 0) {
    console.error('Breaking changes: keep the old field/argument/value (deprecate it), or record each one with a reason in schema/accepted-changes.yaml.');
  }
  if (!checkFails(check)) console.log(`ok: ${check.breaking.length + check.accepted.length + check.dangerous.length + check.safe.length} changes, operations valid`);
  return checkFails(check) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
