/**
 * Before anything is timed: every target's `data` for each read scenario must equal the clmb
 * router's (the subgraphs called directly: each replayed request must get the answer recorded
 * through the gateway), and the write must succeed everywhere. A scenario is checked on the
 * targets it runs on, against the router's answer (or the first of them); import and export check
 * their own results as they run.
 */
import { isDeepStrictEqual } from 'node:util';
import { post, replayHeaders } from './load';
import { runsOn, type Scenario, tokensOf } from './scenarios';
import type { Plans } from './seed';
import type { Target } from './targets';

interface Answer {
  data?: any;
  errors?: unknown[];
}

/** The headers of each connection: one climber's token for all, or another climber's for each. */
export const headersFor = (scenario: Scenario, tokens: string[]): Record<string, string>[] =>
  !scenario.authenticated
    ? [{}]
    : tokensOf(scenario, tokens).map((token) => ({ authorization: `Bearer ${token}` }));

/** Asks as the first climber. */
async function ask(url: string, scenario: Scenario, tokens: string[], connections: number): Promise<Answer> {
  const { status, text } = await post(url, scenario.body, headersFor(scenario, tokens)[0]!, connections);
  try {
    return JSON.parse(text) as Answer;
  } catch {
    return { errors: [`HTTP ${status}: ${text.slice(0, 200)}`] };
  }
}

const brief = (value: unknown) => JSON.stringify(value).slice(0, 400);

export async function checkTargets(
  targets: Target[],
  scenarios: Scenario[],
  plans: Plans,
  tokens: string[],
  secretHeader: Record<string, string>,
  connections: number,
): Promise<void> {
  const problems: string[] = [];
  for (const scenario of scenarios) {
    const on = targets.filter((target) => runsOn(scenario.name, target.key));
    const first = on.find((t) => t.key === 'router') ?? on[0];
    if (!first?.url || scenario.kind === 'import' || scenario.kind === 'export') continue;
    const reference = await ask(first.url, scenario, tokens, connections);
    if (reference.errors || !reference.data) problems.push(`${scenario.name}: ${first.label} answered ${brief(reference)}`);
    for (const target of on) {
      if (target.url) {
        const answer = target === first ? reference : await ask(target.url, scenario, tokens, connections);
        if (answer.errors || !answer.data) problems.push(`${scenario.name} / ${target.label}: ${brief(answer.errors ?? answer)}`);
        else if (scenario.read && !isDeepStrictEqual(answer.data, reference.data)) {
          problems.push(`${scenario.name} / ${target.label}: data differs from ${first.label}'s:\n  ${brief(answer.data)}\n  ${first.key}: ${brief(reference.data)}`);
        }
        continue;
      }
      for (const recorded of plans[scenario.name].flat(2)) {
        const { text } = await post(recorded.url, recorded.body, replayHeaders(recorded, secretHeader), connections);
        const answer = JSON.parse(text) as Answer;
        const expected = JSON.parse(recorded.response) as Answer;
        const same = scenario.read ? isDeepStrictEqual(answer.data, expected.data) : Boolean(answer.data);
        if (answer.errors || !same) problems.push(`${scenario.name} / ${target.label} (${recorded.subgraph}): ${brief(answer)}`);
      }
    }
  }
  if (problems.length) throw new Error(`targets disagree, nothing timed:\n${problems.join('\n')}`);
}
