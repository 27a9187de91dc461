// npm run cost: the estimated cost of every operation in schema/operations (docs/api.md, "What an
// operation costs"), by default and at the largest page, against the committed supergraph.
import { readdir, readFile } from 'node:fs/promises';
import { operationCosts } from '@clmb/router/demand-control/operation-costs';

const schema = new URL('../schema/', import.meta.url);
const files = (await readdir(new URL('operations/', schema))).filter((file) => file.endsWith('.graphql')).sort();
const operations = (await Promise.all(files.map((file) => readFile(new URL(`operations/${file}`, schema), 'utf8')))).join('\n');
const costs = operationCosts(await readFile(new URL('supergraph.graphql', schema), 'utf8'), operations);
const width = Math.max(...costs.map((c) => c.operation.length));
console.log(`${'operation'.padEnd(width)}  ${'default'.padStart(8)}  ${'largest page'.padStart(12)}`);
for (const { operation, byDefault, largestPage } of costs) {
  console.log(`${operation.padEnd(width)}  ${String(byDefault).padStart(8)}  ${String(largestPage).padStart(12)}`);
}
