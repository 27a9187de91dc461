import { DAY_MS, DEMO_ACCOUNTS } from '@clmb/common';
import type { GradeRow } from '@clmb/drizzle/gyms';
import { schema, type GymsDb } from './db';
import { demoGradeSystems } from './grades/seed-grade-systems';
import { demoGyms } from './gyms/seed-gyms';


/**
 * Seeds the demo grade systems, gyms, walls and routes in one transaction, only into empty tables, so a
 * restart (or a database someone already filled) is left alone. Returns whether it seeded.
 */
export async function seedDemoData(db: GymsDb, now = new Date()): Promise<boolean> {
  return await db.transaction(async (tx) => {
    const filled = (await tx.$count(schema.gradeSystems)) + (await tx.$count(schema.gyms)) > 0;
    if (filled) return false;

    const systems = await tx
      .insert(schema.gradeSystems)
      .values(demoGradeSystems.map(({ name, description, discipline }) => ({ name, description, discipline })))
      .returning();
    const systemId = new Map(systems.map((system) => [system.name, system.id]));
    const grades = await tx
      .insert(schema.grades)
      .values(
        demoGradeSystems.flatMap(({ name, grades }) =>
          // Steps of 10 leave room to slot in a grade later without renumbering.
          grades.map(([value, scale], i) => ({ gradeSystemId: systemId.get(name)!, value, scale, difficultyOrder: (i + 1) * 10 })),
        ),
      )
      .returning();
    const gradeId = new Map(grades.map((grade: GradeRow) => [`${grade.gradeSystemId}/${grade.value}`, grade.id]));

    const gyms = await tx
      .insert(schema.gyms)
      .values(demoGyms.map(({ system, walls: _walls, routes: _routes, ...gym }) => ({ ...gym, gradeSystemId: systemId.get(system)! })))
      .returning();
    const walls = await tx
      .insert(schema.walls)
      .values(demoGyms.flatMap((demo, g) => demo.walls.map((name) => ({ gymId: gyms[g]!.id, name }))))
      .returning();
    const wallsOf = (gymId: string) => walls.filter((wall) => wall.gymId === gymId);
    await tx.insert(schema.routes).values(
      demoGyms.flatMap((demo, g) => {
        const gym = gyms[g]!;
        return demo.routes.map(([colour, grade, name, stripped], i) => {
          const setAt = new Date(now.getTime() - (i * 4 + g + 14) * DAY_MS);
          return {
            gymId: gym.id,
            gradeId: gradeId.get(`${gym.gradeSystemId}/${grade}`)!,
            wallId: wallsOf(gym.id)[i % demo.walls.length]!.id,
            colour,
            name: name ?? null,
            setAt,
            strippedAt: stripped ? new Date(setAt.getTime() + 10 * DAY_MS) : null,
          };
        });
      }),
    );
    // The demo owner and setter (seeded by users with these ids) run every demo gym.
    await tx.insert(schema.gymStaff).values(
      gyms.flatMap((gym) => [
        { gymId: gym.id, userId: DEMO_ACCOUNTS.owner.id, role: 'OWNER' as const },
        { gymId: gym.id, userId: DEMO_ACCOUNTS.setter.id, role: 'SETTER' as const },
      ]),
    );
    return true;
  });
}
