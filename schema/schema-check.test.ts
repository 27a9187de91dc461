import { readFile } from 'node:fs/promises';
import { type DocumentNode, type FieldDefinitionNode, Kind, parse, visit } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, SUPERGRAPH_FILE } from './compose';
import { type AcceptedChange, checkFails, checkSchema, parseAcceptedChanges } from './schema-check';

const committed = () => readFile(SUPERGRAPH_FILE, 'utf8');

/** The supergraph composed after `edit` changed `subgraph`'s SDL. */
async function composedWith(subgraph: string, edit: (typeDefs: DocumentNode) => DocumentNode): Promise<string> {
  const { supergraphSdl, errors } = await composeSupergraph((name, typeDefs) => (name === subgraph ? edit(typeDefs) : typeDefs));
  expect(errors).toEqual([]);
  return supergraphSdl!;
}

const removeField = (type: string, field: string) => (doc: DocumentNode) =>
  visit(doc, {
    FieldDefinition: (node, _key, _parent, _path, ancestors) => {
      const owner = ancestors[ancestors.length - 1];
      return owner && 'name' in owner && (owner as { name: { value: string } }).name.value === type && node.name.value === field ? null : undefined;
    },
  });

const visitFields = (doc: DocumentNode): FieldDefinitionNode[] => {
  const found: FieldDefinitionNode[] = [];
  visit(doc, { FieldDefinition: (node) => void found.push(node) });
  return found;
};

const summary = (check: Awaited<ReturnType<typeof checkSchema>>) => ({
  fails: checkFails(check),
  breaking: check.breaking.map((c) => `${c.type} ${c.path}`),
  operationErrors: check.operationErrors,
});

async function check(next: string, accepted: AcceptedChange[] = [], operations: { file: string; source: string }[] = []) {
  return checkSchema({ base: await committed(), next, accepted, operations });
}

describe('npm run schema:check', () => {
  it('passes when a field is added', async () => {
    const [added] = visitFields(parse('type X { openingHours: String }'));
    const next = await composedWith('gyms', (doc) =>
      visit(doc, {
        ObjectTypeDefinition: (node) => (node.name.value === 'Gym' ? { ...node, fields: [...(node.fields ?? []), added!] } : undefined),
      }),
    );
    const result = await check(next);
    expect(summary(result)).toEqual({ fails: false, breaking: [], operationErrors: [] });
    expect(result.safe.map((c) => `${c.type} ${c.path}`)).toEqual(['FIELD_ADDED Gym.openingHours']);
  });

  it('fails when a field is removed, and names the operations that used it', async () => {
    const next = await composedWith('gyms', removeField('Gym', 'website'));
    const operations = [{ file: 'gym.graphql', source: 'query Gym($slug: String!) { gymBySlug(slug: $slug) { id website } }' }];
    expect(summary(await check(next, [], operations))).toEqual({
      fails: true,
      breaking: ['FIELD_REMOVED Gym.website'],
      operationErrors: ['gym.graphql: Cannot query field "website" on type "Gym".'],
    });
  });

  it('validates the operations as one set: a fragment of one file serves another, and a name is used once', async () => {
    const next = await committed();
    const fragment = { file: 'fragments.graphql', source: 'fragment GymCard on Gym { id name }' };
    const query = { file: 'gym.graphql', source: 'query Gym($slug: String!) { gymBySlug(slug: $slug) { ...GymCard } }' };
    expect(summary(await check(next, [], [fragment, query]))).toEqual({ fails: false, breaking: [], operationErrors: [] });
    const again = { file: 'cards.graphql', source: 'fragment GymCard on Gym { id }' };
    expect(summary(await check(next, [], [fragment, query, again])).operationErrors).toEqual([
      'fragments.graphql, cards.graphql: There can be only one fragment named "GymCard".',
    ]);
  });

  it('fails when an argument becomes required', async () => {
    const next = await composedWith('gyms', (doc) =>
      visit(doc, {
        InputValueDefinition: (node) =>
          node.name.value === 'after' && node.type.kind === Kind.NAMED_TYPE ? { ...node, type: { kind: Kind.NON_NULL_TYPE, type: node.type } } : undefined,
      }),
    );
    expect(summary(await check(next)).breaking).toContain('FIELD_ARGUMENT_TYPE_CHANGED Query.gyms.after');
  });

  it('fails when an enum value is removed', async () => {
    const next = await composedWith('users', (doc) =>
      visit(doc, { EnumValueDefinition: (node) => (node.name.value === 'REPEAT' ? null : undefined) }),
    );
    expect(summary(await check(next))).toEqual({ fails: true, breaking: ['ENUM_VALUE_REMOVED AscentStyle.REPEAT'], operationErrors: [] });
  });

  it('passes a breaking change recorded with a reason, and reports it as accepted', async () => {
    const next = await composedWith('gyms', removeField('Gym', 'website'));
    const accepted = parseAcceptedChanges(`
accepted:
  - type: FIELD_REMOVED
    path: Gym.website
    reason: no released app version selects Gym.website
`);
    const result = await check(next, accepted);
    expect(summary(result)).toEqual({ fails: false, breaking: [], operationErrors: [] });
    expect(result.accepted.map((c) => c.reason)).toEqual(['no released app version selects Gym.website']);
  });

  it('refuses an accepted change without a reason', () => {
    expect(() => parseAcceptedChanges('accepted: [{ type: FIELD_REMOVED, path: Gym.website, reason: "" }]')).toThrow(/say why/);
  });

  it('validates the committed operations against the committed supergraph', async () => {
    const { readdir } = await import('node:fs/promises');
    const dir = new URL('./operations/', import.meta.url);
    const files = (await readdir(dir)).filter((file) => file.endsWith('.graphql'));
    const operations = await Promise.all(files.map(async (file) => ({ file, source: await readFile(new URL(file, dir), 'utf8') })));
    expect(files.length).toBeGreaterThan(0);
    expect(summary(await check(await committed(), [], operations))).toEqual({ fails: false, breaking: [], operationErrors: [] });
  });
});
