import { readFile, writeFile } from 'node:fs/promises';
import { composeServices } from '@apollo/composition';
import { type DocumentNode, type GraphQLError, getLocation, parse, Source } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const here = (file: string) => new URL(file, import.meta.url);
export const SUPERGRAPH_FILE = here('./supergraph.graphql');

const configSchema = z.object({
  subgraphs: z.record(z.string(), z.object({ routing_url: z.url(), schema: z.object({ file: z.string() }) })),
});

export interface Composition {
  supergraphSdl?: string;
  errors: string[];
  hints: string[];
}

/** A change to one subgraph's SDL before composing: how tests try out a schema change. */
export type SdlEdit = (subgraph: string, typeDefs: DocumentNode) => DocumentNode;

/** Where in which SDL file an error points, e.g. `subgraphs/gyms/src/schema.graphql:12:3`. */
function located(error: GraphQLError): string {
  const places = new Set<string>();
  // Composition errors point at nodes of several subgraphs' SDL; a syntax error has a location.
  for (const node of error.nodes ?? []) {
    if (!node.loc) continue;
    const { line, column } = getLocation(node.loc.source, node.loc.start);
    places.add(`${node.loc.source.name}:${line}:${column}`);
  }
  if (places.size === 0 && error.source) {
    for (const { line, column } of error.locations ?? []) places.add(`${error.source.name}:${line}:${column}`);
  }
  return places.size > 0 ? `${error.message} (at ${[...places].join(', ')})` : error.message;
}

/** Composes the subgraph SDL files named in supergraph.yaml, exactly as the router will see them. */
export async function composeSupergraph(edit: SdlEdit = (_, typeDefs) => typeDefs): Promise<Composition> {
  const config = configSchema.parse(parseYaml(await readFile(here('./supergraph.yaml'), 'utf8')));
  const services = [];
  for (const [name, subgraph] of Object.entries(config.subgraphs)) {
    // Named as from the repository root, so an error reads `subgraphs/gyms/src/schema.graphql:12:3`.
    const source = new Source(await readFile(here(subgraph.schema.file), 'utf8'), subgraph.schema.file.replace(/^\.\.\//, ''));
    try {
      services.push({ name, url: subgraph.routing_url, typeDefs: edit(name, parse(source)) });
    } catch (error) {
      return { errors: [`[${name}] ${located(error as GraphQLError)}`], hints: [] };
    }
  }
  const result = composeServices(services);
  const hints = (result.hints ?? []).map((hint) => `${hint.definition.code}: ${hint.message}`);
  if (result.errors) return { errors: result.errors.map(located), hints };
  return { supergraphSdl: `${result.supergraphSdl.trimEnd()}\n`, errors: [], hints };
}

async function main(check: boolean): Promise<number> {
  const { supergraphSdl, errors, hints } = await composeSupergraph();
  for (const hint of hints) console.warn(`hint: ${hint}`);
  if (!supergraphSdl) {
    for (const error of errors) console.error(`error: ${error}`);
    return 1;
  }
  // A hint is a composition smell (e.g. inconsistent descriptions); the check treats it as a failure.
  if (check && hints.length > 0) return 1;
  if (check) {
    const committed = await readFile(SUPERGRAPH_FILE, 'utf8').catch(() => '');
    if (committed === supergraphSdl) return 0;
    console.error('schema/supergraph.graphql is out of date: run `npm run compose` and commit it.');
    return 1;
  }
  await writeFile(SUPERGRAPH_FILE, supergraphSdl);
  console.log('wrote schema/supergraph.graphql');
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.includes('--check'));
}
