import { setFlagsFromString } from 'node:v8';
import { runMain } from '@clmb/common';
import { loadConfig } from './config';
import { startRouter } from './service';

// The router holds little (a live heap of ~45 MB: supergraph, plans, caches) but allocates fast,
// parsing, merging and serialising every response. Under such load V8 lets the old generation
// grow to up to 4× what is live before collecting it, which made the router's peak RSS under the
// bench 1.3–1.5× the stock gateway's. Growing it by half instead cost no measurable CPU
// (docs/benchmarks.md). A --heap-growing-percent on node's own command line wins.
if (!process.execArgv.some((arg) => arg.replaceAll('_', '-').startsWith('--heap-growing-percent'))) setFlagsFromString('--heap-growing-percent=50');

runMain(() => {
  // @apollo/gateway reports machine metrics to Apollo unless told not to; clmb never phones home.
  process.env['APOLLO_TELEMETRY_DISABLED'] ??= '1';
  return startRouter(loadConfig(process.env));
});
