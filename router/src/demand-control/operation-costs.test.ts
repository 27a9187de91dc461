import { readdirSync, readFileSync } from 'node:fs';
import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileCost } from './estimate';
import { operationCosts } from './operation-costs';
import { schemaWeights } from './weights';

const schema = new URL('../../../schema/', import.meta.url);
const supergraph = readFileSync(new URL('supergraph.graphql', schema), 'utf8');
const weights = schemaWeights(supergraph);

describe('the committed supergraph’s weights', () => {
  it('size every list field: by @listSize, or as the `sizedFields` of every field returning its type', () => {
    const sizedByParent = new Set<string>();
    for (const fields of weights.fields.values()) {
      for (const field of fields.values()) for (const sized of field.listSize?.sizedFields ?? []) sizedByParent.add(`${field.type}.${sized}`);
    }
    const unsized = [...weights.fields].flatMap(([type, fields]) =>
      [...fields].filter(([name, field]) => field.list && !field.listSize && !sizedByParent.has(`${type}.${name}`)).map(([name]) => `${type}.${name}`),
    );
    expect(unsized).toEqual([]);
  });

  it('price finding 1 (issue 17) the same whether its page sizes are literals or variables', () => {
    const query = (n: string) =>
      `{ gyms(first: ${n}) { edges { node { name leaderboard(first: ${n}) { points user { username } } routes { ratings(first: ${n}) { edges { node { stars } } } } } } } }`;
    const cost = (source: string, variables: Record<string, unknown>) => {
      const document = parse(source);
      return compileCost(weights, document, document.definitions[0] as OperationDefinitionNode)(variables);
    };
    const literal = cost(query('100'), {});
    expect(literal).toBeGreaterThan(1_000_000);
    expect(cost(`query ($n: Int) ${query('$n')}`, { n: 100 })).toBe(literal);
    expect(cost(`query ($n: Int = 100) ${query('$n')}`, {})).toBe(literal);
  });
});

describe('the estimate of every operation in schema/operations (npm run cost)', () => {
  // Each: the cost with the operation's defaults / with every page size at 100.
  it('is pinned: a change of weights or operations shows here', () => {
    const dir = new URL('operations/', schema);
    const operations = readdirSync(dir)
      .filter((file) => file.endsWith('.graphql'))
      .sort()
      .map((file) => readFileSync(new URL(file, dir), 'utf8'))
      .join('\n');
    const table = Object.fromEntries(operationCosts(supergraph, operations).map((c) => [c.operation, `${c.byDefault} / ${c.largestPage}`]));
    expect(table).toMatchInlineSnapshot(`
      {
        "AcceptFollow": "11 / 11",
        "AcceptGymStaffInvitation": "13 / 13",
        "AddComment": "13 / 13",
        "AddGymStaff": "13 / 13",
        "AddProject": "18 / 18",
        "Block": "11 / 11",
        "BlockedUsers": "47 / 207",
        "CancelGymStaffInvitation": "12 / 12",
        "ChangeEmail": "10 / 10",
        "ChangePassword": "12 / 12",
        "CreateWall": "11 / 11",
        "DeclineFollow": "11 / 11",
        "DeclineGymStaffInvitation": "11 / 11",
        "DeleteAccount": "10 / 10",
        "DeleteClimb": "10 / 10",
        "DeleteComment": "10 / 10",
        "DeleteSession": "10 / 10",
        "DisableUser": "11 / 11",
        "EditComment": "11 / 11",
        "EditRoute": "18 / 18",
        "EndSession": "17 / 17",
        "Feed": "207 / 1007",
        "FeedItemAdded": "9 / 9",
        "Follow": "12 / 12",
        "FollowRequests": "47 / 207",
        "Followers": "47 / 207",
        "Following": "47 / 207",
        "GiveKudos": "13 / 13",
        "GradeEquivalents": "2020 / 2020",
        "GradeSystems": "1020 / 1020",
        "GymBySlug": "601 / 601",
        "GymRoutes": "952 / 952",
        "GymStaff": "203 / 403",
        "GymStaffInvitations": "63 / 303",
        "Gyms": "12062 / 60302",
        "InviteGymStaff": "12 / 12",
        "LeaderboardChanged": "66 / 66",
        "LogClimb": "220 / 220",
        "LogIn": "12 / 12",
        "LogInWithGoogle": "12 / 12",
        "LogOut": "10 / 10",
        "LogOutEverywhere": "10 / 10",
        "Logbook": "12072 / 60312",
        "LogbookSummary": "11 / 11",
        "MarkNotificationsRead": "58 / 218",
        "MyDevices": "21 / 21",
        "MyProjects": "257 / 507",
        "MyRouteReports": "82 / 402",
        "MyStaffGyms": "41 / 41",
        "MyStaffInvitations": "82 / 402",
        "NotificationAdded": "6 / 6",
        "Notifications": "149 / 709",
        "PlanStrip": "210 / 210",
        "PrivacySettings": "9 / 9",
        "Profile": "37 / 307",
        "RefreshToken": "12 / 12",
        "RemoveFollower": "11 / 11",
        "RemoveGymStaff": "13 / 13",
        "RemoveKudos": "10 / 10",
        "RemoveProject": "10 / 10",
        "ReportQueue": "103 / 503",
        "ReportRoute": "13 / 13",
        "RequestPasswordReset": "10 / 10",
        "ResendVerificationEmail": "10 / 10",
        "ResetPassword": "10 / 10",
        "ResolveRouteReport": "16 / 16",
        "RevokeDevice": "10 / 10",
        "Route": "4 / 4",
        "RoutePage": "32 / 32",
        "SearchClimbers": "46 / 206",
        "Session": "602 / 602",
        "SessionSocial": "265 / 505",
        "SetRoute": "18 / 18",
        "SetUserRole": "11 / 11",
        "SetWallGradeTargets": "155 / 155",
        "SetterGrading": "301 / 301",
        "SignUp": "10 / 10",
        "StartSession": "218 / 218",
        "StripList": "203 / 403",
        "StripRoute": "18 / 18",
        "Unblock": "11 / 11",
        "Unfollow": "12 / 12",
        "UnreadNotifications": "8 / 8",
        "UpdateClimb": "18 / 18",
        "UpdateGymStaff": "13 / 13",
        "UpdatePrivacy": "18 / 18",
        "UpdateProfile": "11 / 11",
        "UpdateProject": "11 / 11",
        "UpdateSession": "17 / 17",
        "UpdateWall": "11 / 11",
        "UserProfile": "1 / 1",
        "UserProfileWithStats": "6 / 6",
        "VerifyEmail": "11 / 11",
        "VoteRenew": "31 / 31",
        "VoteRouteTags": "31 / 31",
        "Wall": "202 / 202",
        "WallPlan": "387 / 387",
        "WithdrawRenewVote": "31 / 31",
      }
    `);
    expect(parse(operations).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)).toHaveLength(Object.keys(table).length);
  });
});
