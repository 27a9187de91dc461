import { and, asc, count, desc, eq, getTableColumns, gte, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { GradeRow, RouteRow, RouteTag } from '@clmb/drizzle/gyms';
import { anyOf, mapPgErrors, preparedPerDatabase } from '@clmb/common';
import { schema, type GymsDb } from '../db';

const { routes, grades, routeTagVotes } = schema;

type NewRoute = typeof routes.$inferInsert;
type RoutePatch = Partial<Pick<NewRoute, 'gradeId' | 'colour' | 'name' | 'wallId' | 'plannedStripAt' | 'tags'>>;

/** Which of a gym's routes a listing holds; every condition given must hold. */
export interface RouteFilter {
  wallId?: string | undefined;
  colour?: string | undefined;
  setSince?: Date | undefined;
  /** Grade bounds per grade system: a route is held to those of its grade's system. */
  gradeRanges?: GradeRange[] | undefined;
  /** Tags a route carries, every one: the setter's, or voted for by at least `minVotes` climbers. */
  tags?: { all: RouteTag[]; minVotes: number } | undefined;
}

/** Bounds on the difficulty scale for the routes graded in one system. */
export interface GradeRange {
  gradeSystemId: string;
  fromScale?: number | undefined;
  toScale?: number | undefined;
}

const constraintFields = {
  route_gym_id_gym_id_fk: 'input.gymId',
  route_grade_id_grade_id_fk: 'input.gradeId',
  route_wall_same_gym_fk: 'input.wallId',
};

// On the route's grade, joined by every route read (`withGrade`).
const graded = (ranges: GradeRange[]): SQL | undefined =>
  or(
    ...ranges.map(({ gradeSystemId, fromScale, toScale }) =>
      and(
        eq(grades.gradeSystemId, gradeSystemId),
        fromScale === undefined ? undefined : gte(grades.scale, fromScale),
        toScale === undefined ? undefined : lte(grades.scale, toScale),
      ),
    ),
  );

/** The route's setter tags and the tags at least `minVotes` climbers stand by (the standing votes' index answers it per route). */
const carried = ({ all, minVotes }: { all: RouteTag[]; minVotes: number }): SQL => {
  const voted = sql`array(select ${routeTagVotes.tag} from ${routeTagVotes} where ${routeTagVotes.routeId} = ${routes.id} and ${routeTagVotes.withdrawnAt} is null group by ${routeTagVotes.tag} having count(*) >= ${minVotes})`;
  const wanted = sql`array[${sql.join(
    all.map((tag) => sql`${tag}`),
    sql`, `,
  )}]::gyms.route_tag[]`;
  return sql`${wanted} <@ (${routes.tags} || ${voted})`;
};

function matching(filter: RouteFilter): SQL | undefined {
  const { wallId, colour, setSince, gradeRanges, tags } = filter;
  return and(
    wallId === undefined ? undefined : eq(routes.wallId, wallId),
    colour === undefined ? undefined : sql`lower(${routes.colour}) = lower(${colour})`,
    setSince === undefined ? undefined : gte(routes.setAt, setSince),
    gradeRanges === undefined ? undefined : graded(gradeRanges),
    tags === undefined ? undefined : carried(tags),
  );
}

type Owner = typeof routes.gymId | typeof routes.wallId;

/**
 * The most routes a listing of a gym's (a wall's) routes holds. routes.ts keeps at most as many on
 * the wall at once, so only stripped ones, whose history grows without end, are ever left out.
 */
export const MAX_ROUTES_PER_GYM = 300;
export const MAX_ROUTES_PER_WALL = 100;

/**
 * A route with its grade: nearly every read of a route shows its grade, and one join is cheaper
 * than a second statement (the loaders prime the grade loader with it).
 */
export interface RouteWithGrade {
  route: RouteRow;
  grade: GradeRow;
}

const withGrade = (db: GymsDb) => db.select({ route: routes, grade: grades }).from(routes).innerJoin(grades, eq(grades.id, routes.gradeId));

/**
 * The routes that `where` holds with their grades, at most `limit` per owner (a gym, a wall): those
 * on the wall, then the most recently stripped; each owner's newest set first. Each owner's are its
 * own top-N, read in the order of its (stripped_at desc nulls first, set_at desc, id desc) index,
 * so a listing reads a listing's worth of routes, not the owner's stripped history, which only grows.
 */
async function firstPerOwner(db: GymsDb, owner: Owner, ownerIds: readonly string[], where: SQL | undefined, limit: number): Promise<RouteWithGrade[]> {
  const first = db
    .select(getTableColumns(routes))
    .from(routes)
    .innerJoin(grades, eq(grades.id, routes.gradeId))
    .where(and(eq(owner, sql`"owners"."id"`), where))
    // The index's order as drizzle-kit writes it (`.desc()` is NULLS LAST; set_at and id are NOT NULL).
    .orderBy(sql`${routes.strippedAt} desc nulls first`, sql`${routes.setAt} desc nulls last`, sql`${routes.id} desc nulls last`)
    .limit(limit)
    .as('first');
  const route = first._.selectedFields as unknown as typeof routes._.columns;
  return await db
    .select({ route, grade: grades })
    .from(sql`unnest(${sql.param([...ownerIds])}::uuid[]) as "owners"("id")`)
    .crossJoinLateral(first)
    .innerJoin(grades, eq(grades.id, route.gradeId))
    .orderBy(sql`"owners"."id"`, desc(route.setAt), desc(route.id));
}

const routesByIds = preparedPerDatabase((db: GymsDb) => withGrade(db).where(anyOf(routes.id, 'ids')).prepare('routes_by_ids'));

export async function findRoutesByIds(db: GymsDb, ids: readonly string[]): Promise<RouteWithGrade[]> {
  return await routesByIds(db).execute({ ids });
}

// A gym's routes page as most ask for it: standing routes, no filter.
const standingRoutesOfGyms = preparedPerDatabase((db: GymsDb) =>
  withGrade(db)
    .where(and(anyOf(routes.gymId, 'gymIds'), isNull(routes.strippedAt)))
    .orderBy(asc(routes.gymId), desc(routes.setAt), desc(routes.id))
    .prepare('standing_routes_by_gym_ids'),
);

/**
 * The routes of several owners (gyms or walls) that `where` holds, newest first: those on the wall,
 * and for the owners in `withStripped` the most recently stripped ones too, at most `limit` an
 * owner (firstPerOwner), so one batch serves both `routes` and `routes(includeStripped: true)`. A
 * statement for the owners of each kind (in parallel), so that one listed without its stripped
 * routes never reads through them. `onTheWall` reads the others' (a prepared statement, for gyms).
 */
async function listRoutes(
  db: GymsDb,
  owner: Owner,
  ownerIds: readonly string[],
  withStripped: readonly string[],
  where: SQL | undefined,
  limit: number,
  onTheWall = (ids: string[]): Promise<RouteWithGrade[]> =>
    withGrade(db)
      .where(and(inArray(owner, ids), isNull(routes.strippedAt), where))
      .orderBy(asc(owner), desc(routes.setAt), desc(routes.id)),
): Promise<RouteWithGrade[]> {
  const stripped = new Set(withStripped);
  const others = ownerIds.filter((id) => !stripped.has(id));
  const [withHistory, standingOnly] = await Promise.all([
    withStripped.length ? firstPerOwner(db, owner, withStripped, where, limit) : [],
    others.length ? onTheWall(others) : [],
  ]);
  return [...withHistory, ...standingOnly];
}

/** The routes of several gyms that match `filter`, as listRoutes lists them. */
export async function findRoutesByGymIds(
  db: GymsDb,
  gymIds: readonly string[],
  withStripped: readonly string[],
  filter: RouteFilter = {},
): Promise<RouteWithGrade[]> {
  const matches = matching(filter);
  const standing = matches ? undefined : (ids: string[]) => standingRoutesOfGyms(db).execute({ gymIds: ids });
  return await listRoutes(db, routes.gymId, gymIds, withStripped, matches, MAX_ROUTES_PER_GYM, standing);
}

/** The routes on several walls, as listRoutes lists them. */
export async function findRoutesByWallIds(db: GymsDb, wallIds: readonly string[], withStripped: readonly string[]): Promise<RouteWithGrade[]> {
  return await listRoutes(db, routes.wallId, wallIds, withStripped, undefined, MAX_ROUTES_PER_WALL);
}

/** A position in a gym's routes coming down: planned strip time, then id. */
export interface StripCursor {
  time: Date;
  id: string;
}

/**
 * The routes on the wall of several gyms planned to be stripped before now plus `withinDays`,
 * soonest first (then by id), after `after`, at most `limit` a gym, in one statement (row_number()
 * per gym over route_gym_id_planned_strip_at_idx).
 */
export async function findRoutesComingDown(
  db: GymsDb,
  gymIds: readonly string[],
  withinDays: number,
  limit: number,
  after: StripCursor | null,
): Promise<RouteWithGrade[]> {
  const place = sql<number>`row_number() over (partition by ${routes.gymId} order by ${routes.plannedStripAt}, ${routes.id})`;
  const ranked = db
    .select({ id: routes.id, place: place.as('place') })
    .from(routes)
    .where(
      and(
        inArray(routes.gymId, [...gymIds]),
        isNull(routes.strippedAt),
        lte(routes.plannedStripAt, sql`now() + make_interval(secs => ${withinDays} * 86400)`),
        after ? sql`(${routes.plannedStripAt}, ${routes.id}) > (${after.time.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .as('ranked');
  return await withGrade(db)
    .where(inArray(routes.id, db.select({ id: ranked.id }).from(ranked).where(lte(ranked.place, limit))))
    .orderBy(asc(routes.gymId), asc(routes.plannedStripAt), asc(routes.id));
}

/**
 * How many routes are on the wall at the gym, and on the wall `wallId` of it (0 without one); in
 * the transaction that locked the gym (gym-store's lockGym).
 */
export async function countStandingRoutes(tx: GymsDb, gymId: string, wallId: string | null): Promise<{ gym: number; wall: number }> {
  const [row] = await tx
    .select({ gym: count(), wall: sql<number>`count(*) filter (where ${routes.wallId} = ${wallId})`.mapWith(Number) })
    .from(routes)
    .where(and(eq(routes.gymId, gymId), isNull(routes.strippedAt)));
  return { gym: row?.gym ?? 0, wall: row?.wall ?? 0 };
}

export async function insertRoute(db: GymsDb, values: NewRoute): Promise<RouteRow> {
  const [row] = await mapPgErrors(() => db.insert(routes).values(values).returning(), constraintFields);
  if (!row) throw new Error('insert into route returned no row');
  return row;
}

/** null when no route has this id. */
export async function updateRoute(db: GymsDb, id: string, patch: RoutePatch): Promise<RouteRow | null> {
  const [row] = await mapPgErrors(() => db.update(routes).set(patch).where(eq(routes.id, id)).returning(), constraintFields);
  return row ?? null;
}

/** Marks the route changed (its setters were); null when no route has this id. */
export async function touchRoute(db: GymsDb, id: string): Promise<RouteRow | null> {
  const [row] = await db.update(routes).set({ modifiedAt: new Date() }).where(eq(routes.id, id)).returning();
  return row ?? null;
}

/**
 * Sets the planned strip time of the routes `ids` that are on the wall (null clears it); the
 * routes written, in no order.
 */
export async function planStrip(db: GymsDb, ids: readonly string[], plannedStripAt: Date | null): Promise<RouteRow[]> {
  return await db
    .update(routes)
    .set({ plannedStripAt })
    .where(and(inArray(routes.id, [...ids]), isNull(routes.strippedAt)))
    .returning();
}

/**
 * Without a time, keeps an earlier stripping time (stripping twice changes nothing) or uses now.
 * null when no route has this id.
 */
export async function stripRoute(db: GymsDb, id: string, strippedAt: Date | null): Promise<RouteRow | null> {
  const [row] = await db
    .update(routes)
    .set({ strippedAt: strippedAt ?? sql`coalesce(${routes.strippedAt}, now())` })
    .where(eq(routes.id, id))
    .returning();
  return row ?? null;
}
