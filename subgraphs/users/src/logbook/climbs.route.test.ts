import { describe, expect, it } from 'vitest';
import type { RouteSummary } from '../gyms-client/gyms-client';
import { routeToLog } from './climbs';

const gymId = '00000000-0000-4000-8000-000000000001';
const route = (strippedAt: string | null): RouteSummary => ({
  id: '00000000-0000-4000-8000-000000000002',
  strippedAt,
  gym: { id: gymId },
  grade: { id: '00000000-0000-4000-8000-000000000003', scale: 100, system: { id: '00000000-0000-4000-8000-000000000004', discipline: 'BOULDER' } },
});
const at = (iso: string) => new Date(iso);
const session = { gymId, startTime: at('2024-05-01T18:00:00Z') };
const problemOf = (result: ReturnType<typeof routeToLog>) => ('problem' in result ? result.problem : null);

describe('routeToLog, the one check of logClimb and an import', () => {
  it('takes a route on the wall, now or back then', () => {
    expect(problemOf(routeToLog(route(null), session))).toBeNull();
    expect(problemOf(routeToLog(route(null), session, at('2024-05-01T18:30:00Z')))).toBeNull();
  });

  it('refuses a route at another gym', () => {
    expect(problemOf(routeToLog(route(null), { ...session, gymId: '00000000-0000-4000-8000-000000000009' }))).toBe("no route with this id at the session's gym");
  });

  it('logClimb: a stripped route takes no new climb, whenever it came down', () => {
    expect(problemOf(routeToLog(route('2024-05-01T19:00:00Z'), session))).toBe('the route was stripped before this climb was logged');
  });

  it('an import: a climb from before the strip comes in, in a session that started before it', () => {
    expect(problemOf(routeToLog(route('2024-05-01T19:00:00Z'), session, at('2024-05-01T18:30:00Z')))).toBeNull();
    expect(problemOf(routeToLog(route('2024-05-01T18:20:00Z'), session, at('2024-05-01T18:30:00Z')))).toBe('the route was stripped before this climb was logged');
  });

  it('an import: no climb dated back into a session that started after the strip', () => {
    expect(problemOf(routeToLog(route('2023-06-01T00:00:00Z'), session, at('2023-03-01T00:00:00Z')))).toBe('the route was stripped before this session started');
  });
});
