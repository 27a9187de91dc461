import { readFile } from 'node:fs/promises';
import { ROUTE_TAGS } from '@clmb/drizzle/gyms';
import { type EnumTypeDefinitionNode, Kind, parse } from 'graphql';
import { expect, it } from 'vitest';

it('holds the SDL’s RouteTag and the database’s route_tag to one vocabulary, in one order', async () => {
  const sdl = parse(await readFile(new URL('../schema.graphql', import.meta.url), 'utf8'));
  const routeTag = sdl.definitions.find((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'RouteTag');
  expect(routeTag?.values?.map((value) => value.name.value)).toEqual([...ROUTE_TAGS]);
});
