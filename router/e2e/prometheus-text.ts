/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), as a scraper applies
 * it: every sample belongs to a family declared by `# TYPE` before it, with the suffixes its type
 * allows, well-formed labels and a number for a value. It throws on the first line that is not.
 * (The npm parsers at hand lose the labels of labelled histograms, which these tests read.)
 */
interface Sample {
  /** The sample's own name, e.g. `graphql_request_duration_seconds_count`. */
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface Family {
  name: string;
  type: string;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?$`);
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };
const VALUE = /^(?:[+-]?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+)|[+-]Inf|NaN)$/i;

function parseLabels(text: string | undefined, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text ?? '';
  while (rest) {
    const match = LABEL.exec(rest);
    if (!match?.[1]) throw new Error(`malformed labels: ${line}`);
    labels[match[1]] = (match[2] ?? '').replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(match[0].length);
  }
  return labels;
}

export function parsePrometheusText(text: string): Family[] {
  const families: Family[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || (line.startsWith('#') && !line.startsWith('# TYPE '))) continue;
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice(7).split(' ');
      if (!name || !new RegExp(`^${NAME}$`).test(name) || !TYPES.has(type ?? '')) throw new Error(`malformed TYPE: ${line}`);
      if (families.some((family) => family.name === name)) throw new Error(`family declared twice: ${name}`);
      families.push({ name, type: type as string, samples: [] });
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match?.[1] || !match[3] || !VALUE.test(match[3])) throw new Error(`malformed sample: ${line}`);
    const family = families.at(-1);
    const suffix = family && match[1].startsWith(family.name) ? match[1].slice(family.name.length) : undefined;
    if (!family || suffix === undefined || !(SUFFIXES[family.type] ?? ['']).includes(suffix)) throw new Error(`sample outside its family: ${line}`);
    family.samples.push({ name: match[1], labels: parseLabels(match[2], line), value: Number(match[3]) });
  }
  return families;
}
