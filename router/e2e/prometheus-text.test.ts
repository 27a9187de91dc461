import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from './prometheus-text';

const HISTOGRAM = `# HELP t_seconds Time.
# TYPE t_seconds histogram
t_seconds_bucket{le="0.1",operation="A",outcome="ok"} 1
t_seconds_bucket{le="+Inf",operation="A",outcome="ok"} 2
t_seconds_sum{operation="A",outcome="ok"} 0.25
t_seconds_count{operation="A",outcome="ok"} 2
`;

describe('parsePrometheusText', () => {
  it('reads a labelled histogram sample by sample', () => {
    const [family] = parsePrometheusText(HISTOGRAM);
    expect(family?.type).toBe('histogram');
    expect(family?.samples.at(-1)).toEqual({ name: 't_seconds_count', labels: { operation: 'A', outcome: 'ok' }, value: 2 });
  });

  it('reads escaped label values', () => {
    const [family] = parsePrometheusText('# TYPE c_total counter\nc_total{path="a\\"b\\\\c"} 3\n');
    expect(family?.samples[0]?.labels).toEqual({ path: 'a"b\\c' });
  });

  it.each([
    ['a sample before its TYPE', 'c_total 1\n'],
    ['a suffix its type does not allow', '# TYPE g gauge\ng_count 1\n'],
    ['a value that is not a number', '# TYPE g gauge\ng one\n'],
    ['an unquoted label value', '# TYPE g gauge\ng{a=b} 1\n'],
    ['an unknown type', '# TYPE g meter\n'],
  ])('rejects %s', (_, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
