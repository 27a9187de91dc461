/** The baseline's one write: logClimb, with the checks the users service makes and the grade it freezes on the climb. */
import { type Operation, Refused } from './baseline-context';
import { SQL } from './baseline-sql';

export const logClimb: Operation = async ({ users, gyms, viewer }, authorization, variables) => {
  const me = await viewer(authorization);
  const input = variables?.input ?? {};
  if (!Number.isInteger(input.attempts) || input.attempts < 1) throw new Refused('BAD_USER_INPUT', 'input.attempts: must be at least 1');
  const [session] = await users.query(SQL.sessionOwner, [input.sessionId]);
  if (!session) throw new Refused('NOT_FOUND', 'No such session.');
  if (session.user_id !== me.id && me.role !== 'ADMIN') throw new Refused('FORBIDDEN', 'Not your session.');
  const [route] = await gyms.query(SQL.routeForClimb, [input.routeId]);
  if (!route || route.gym_id !== session.gym_id || route.stripped_at) throw new Refused('BAD_USER_INPUT', 'input.routeId: no such route');
  const [row] = await users.query(SQL.insertClimb, [
    input.sessionId,
    input.routeId,
    input.attempts,
    input.sent,
    input.style ?? null,
    input.notes ?? null,
    route.grade_id,
    route.scale,
    route.discipline,
    route.gym_id,
  ]);
  return { logClimb: row };
};
