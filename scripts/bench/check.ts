/**
 * Before anything is timed: every target's `data` for each read scenario must equal the clmb
 * router's (the subgraphs called directly: each replayed request must get the answer recorded
 * through the gateway), and the write must succeed everywhere.
 */
import { isDeepStrictEqual } from 'node:util';
import { post, replayHeaders } from './load';
import { type Scenario, tokensOf } from './scenarios';
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
    const reference = await ask(targets.find((t) => t.key === 'router')!.url!, scenario, tokens, connections);
    if (reference.errors || !reference.data) problems.push(`${scenario.name}: the router answered ${brief(reference)}`);
    for (const target of targets) {
      if (target.url) {
        const answer = target.key === 'router' ? reference : await ask(target.url, scenario, tokens, connections);
        if (answer.errors || !answer.data) problems.push(`${scenario.name} / ${target.label}: ${brief(answer.errors ?? answer)}`);
        else if (scenario.read && !isDeepStrictEqual(answer.data, reference.data)) {
          problems.push(`${scenario.name} / ${target.label}: data differs from the router's:\n  ${brief(answer.data)}\n  router: ${brief(reference.data)}`);
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
