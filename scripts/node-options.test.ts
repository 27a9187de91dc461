import { describe, expect, it } from 'vitest';
import { productionNodeOptions } from './node-options';

describe('the production NODE_OPTIONS', () => {
  it('are the runtime stage’s, quoted or not, across continuation lines', () => {
    const dockerfile = ['FROM node AS build', 'ENV NODE_OPTIONS=--wrong', 'FROM node AS runtime', 'ENV NODE_ENV=production \\', '    NODE_OPTIONS="--a --b=1"', 'FROM runtime AS router'].join('\n');
    expect(productionNodeOptions(dockerfile)).toBe('--a --b=1');
    expect(productionNodeOptions(dockerfile.replace('"--a --b=1"', '--a'))).toBe('--a');
  });

  it('refuse a Dockerfile whose runtime stage sets none', () => {
    expect(() => productionNodeOptions('FROM node AS runtime\nENV NODE_ENV=production\n')).toThrow(/no NODE_OPTIONS/);
  });

  it('of this repository start every service with a larger young generation', () => {
    expect(productionNodeOptions().split(' ')).toEqual(expect.arrayContaining(['--enable-source-maps', '--max-semi-space-size=32']));
  });
});
