import { describe, expect, it } from 'vitest';
import { createAccessControl } from '.';

const sdl = (policy: string) => /* GraphQL */ `
  directive @policy(policies: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
  type Query { open: String gated: String @policy(policies: [["${policy}"]]) }
`;

const logged: unknown[] = [];
const logger = { error: (...args: unknown[]) => logged.push(args) } as never;

describe('createAccessControl', () => {
  it('refuses a supergraph that names a policy the router does not know', () => {
    expect(() => createAccessControl(sdl('staf'), logger)).toThrow('The supergraph names @policy policies the router does not know: staf (see router/src/access/policies.ts).');
    expect(() => createAccessControl(sdl('staff'), logger)).not.toThrow();
  });

  it('takes a reloaded supergraph with an unknown policy and logs it (no request passes a policy it does not know)', () => {
    createAccessControl(sdl('staff'), logger).supergraphChanged(sdl('owner'));
    expect(logged).toEqual([[{ policies: ['owner'] }, 'the new supergraph names unknown @policy policies; they deny']]);
  });
});
