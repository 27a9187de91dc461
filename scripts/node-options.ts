/**
 * The NODE_OPTIONS the production image starts every service with (the Dockerfile's runtime
 * stage), read from the Dockerfile itself, so that the bench measures the services as they run in
 * production and `npm start` runs them alike.
 */
import { readFileSync } from 'node:fs';

export function productionNodeOptions(dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8')): string {
  const runtime = dockerfile.replace(/\\\n\s*/g, ' ').split(/^FROM /m).find((stage) => /^\S+ AS runtime\b/.test(stage));
  const value = runtime && /\bNODE_OPTIONS=("[^"]*"|\S+)/.exec(runtime)?.[1];
  if (!value) throw new Error('the Dockerfile’s runtime stage sets no NODE_OPTIONS');
  return value.replace(/^"|"$/g, '');
}
