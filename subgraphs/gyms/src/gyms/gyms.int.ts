import { dataOf, errorCodes, maskIds } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

let t: GymsUnderTest;
let systemId: string;
const UNKNOWN = '7d7a2c9e-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startGymsUnderTest('gyms');
  systemId = (await t.build.gradeSystem(t.tokens.admin, { name: 'Test V', grades: ['V0', 'V1'] })).id;
});
afterAll(() => t?.stop());

const FIELDS = 'id slug name address city country latitude longitude phone email website description archivedAt createdAt gradeSystem { name }';
const create = (input: Record<string, unknown>) =>
  t.gql(`mutation ($input: CreateGymInput!) { createGym(input: $input) { ${FIELDS} } }`, { input }, t.tokens.admin);
const update = (input: Record<string, unknown>) =>
  t.gql(`mutation ($input: UpdateGymInput!) { updateGym(input: $input) { ${FIELDS} } }`, { input }, t.tokens.admin);
const base = () => ({ name: 'Base Camp', address: '1 Main Street', city: 'Leeds', country: 'United Kingdom', latitude: 53.8, longitude: -1.55, gradeSystemId: systemId });
const badField = (response: { errors?: { extensions?: Record<string, any> }[] }) =>
  response.errors?.map((e) => `${e.extensions?.['code']} ${e.extensions?.['field']}`);

describe('createGym', () => {
  it('creates a gym, deriving an ASCII slug from the name', async () => {
    const input = {
      ...base(),
      name: '  Café Müller’s Klettergarten ',
      phone: '+49 30 1234567',
      email: 'Hallo@Cafe-Mueller.example',
      website: 'https://cafe-mueller.example/klettern',
      description: 'Bouldering and coffee.',
    };
    expect(maskIds(await create(input), { dates: true })).toEqual({
      status: 200,
      data: {
        createGym: {
          id: '<uuid>',
          slug: 'cafe-muller-s-klettergarten',
          name: 'Café Müller’s Klettergarten',
          address: '1 Main Street',
          city: 'Leeds',
          country: 'United Kingdom',
          latitude: 53.8,
          longitude: -1.55,
          phone: '+49 30 1234567',
          email: 'hallo@cafe-mueller.example',
          website: 'https://cafe-mueller.example/klettern',
          description: 'Bouldering and coffee.',
          archivedAt: null,
          createdAt: '<date>',
          gradeSystem: { name: 'Test V' },
        },
      },
    });
  });

  it('names the offending field of invalid input', async () => {
    await t.build.gym(t.tokens.admin, { ...base(), name: 'Taken', slug: 'taken' });
    const cases: [Record<string, unknown>, string][] = [
      [{ slug: 'taken' }, 'input.slug'],
      [{ name: 'Taken' }, 'input.slug'],
      [{ slug: 'Not A Slug' }, 'input.slug'],
      [{ name: '東京', slug: null }, 'input.slug'],
      [{ gradeSystemId: UNKNOWN }, 'input.gradeSystemId'],
      [{ gradeSystemId: 'v-scale' }, 'input.gradeSystemId'],
      [{ latitude: 90.5 }, 'input.latitude'],
      [{ longitude: -180.01 }, 'input.longitude'],
      [{ email: 'not-an-email' }, 'input.email'],
      [{ website: 'ftp://files.example' }, 'input.website'],
      [{ phone: 'call us' }, 'input.phone'],
      [{ name: 'x'.repeat(65) }, 'input.name'],
      [{ name: '   ' }, 'input.name'],
      [{ address: 'x'.repeat(129) }, 'input.address'],
      [{ country: 'x'.repeat(65) }, 'input.country'],
      [{ description: 'x'.repeat(2001) }, 'input.description'],
    ];
    for (const [change, field] of cases) {
      expect({ change, errors: badField(await create({ ...base(), ...change })) }).toEqual({ change, errors: [`BAD_USER_INPUT ${field}`] });
    }
  });
});

describe('updateGym, archiveGym', () => {
  it('changes only the given fields; null clears an optional one', async () => {
    const gym = dataOf(await create({ ...base(), name: 'Update Me', phone: '+44 113 496 0000', description: 'Old.' }))['createGym'];
    const updated = dataOf(await update({ id: gym.id, city: 'York', latitude: 53.96, phone: null, description: '' }))['updateGym'];
    expect(updated).toEqual({ ...gym, city: 'York', latitude: 53.96, phone: null, description: null });
    expect(dataOf(await update({ id: gym.id }))['updateGym']).toEqual(updated);
    const renamed = dataOf(await update({ id: gym.id, slug: 'update-me-york', name: 'Updated' }))['updateGym'];
    expect(renamed).toMatchObject({ slug: 'update-me-york', name: 'Updated', city: 'York' });
  });

  it('follows the patch rule: null clears a field a gym may lack, null on any other is refused by name', async () => {
    const contact = { phone: '+44 113 496 0000', email: 'hi@patch.example', website: 'https://patch.example', description: 'Old.' };
    const gym = dataOf(await create({ ...base(), name: 'Patch Me', ...contact }))['createGym'];
    for (const field of ['name', 'slug', 'address', 'city', 'country', 'latitude', 'longitude']) {
      const response = await update({ id: gym.id, city: 'York', [field]: null });
      expect({ field, errors: response.errors?.map((e) => [e.message, e.extensions?.['code'], e.extensions?.['field']]) }).toEqual({
        field,
        errors: [[`input.${field}: cannot be null: omit the field to keep its value`, 'BAD_USER_INPUT', `input.${field}`]],
      });
    }
    expect(dataOf(await update({ id: gym.id }))['updateGym']).toEqual(gym);
    const cleared = dataOf(await update({ id: gym.id, phone: null, email: null, website: null, description: null }))['updateGym'];
    expect(cleared).toEqual({ ...gym, phone: null, email: null, website: null, description: null });
  });

  it('reports unknown gyms as NOT_FOUND and bad fields as BAD_USER_INPUT', async () => {
    const gym = dataOf(await create({ ...base(), name: 'Second' }))['createGym'];
    expect(errorCodes(await update({ id: UNKNOWN, name: 'X' }))).toEqual(['NOT_FOUND']);
    expect(badField(await update({ id: gym.id, slug: 'taken' }))).toEqual(['BAD_USER_INPUT input.slug']);
    expect(badField(await update({ id: gym.id, name: null }))).toEqual(['BAD_USER_INPUT input.name']);
    expect(badField(await update({ id: gym.id, longitude: 200 }))).toEqual(['BAD_USER_INPUT input.longitude']);
    expect(badField(await update({ id: 'x' }))).toEqual(['BAD_USER_INPUT input.id']);
  });

  it('archives once: the gym leaves listings but still resolves, archiving again keeps the time', async () => {
    const gym = dataOf(await create({ ...base(), name: 'Closing Down' }))['createGym'];
    const archive = () =>
      t.gql(`mutation ($id: ID!) { archiveGym(input: { id: $id }) { id archivedAt } }`, { id: gym.id }, t.tokens.admin);
    const first = dataOf(await archive())['archiveGym'];
    expect(first.archivedAt).toEqual(expect.any(String));
    expect(dataOf(await archive())['archiveGym']).toEqual(first);
    const data = dataOf(await t.gql(`query ($id: ID!) { gym(id: $id) { archivedAt } gyms(filter: { search: "closing" }) { totalCount } }`, { id: gym.id }));
    expect(data).toEqual({ gym: { archivedAt: first.archivedAt }, gyms: { totalCount: 0 } });
    const unknown = await t.gql(`mutation { archiveGym(input: { id: "${UNKNOWN}" }) { id } }`, {}, t.tokens.admin);
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
  });
});
