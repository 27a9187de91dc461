import { runMain } from '@clmb/common';
import { loadConfig } from './config';
import { startRouter } from './service';

runMain(() => {
  // @apollo/gateway reports machine metrics to Apollo unless told not to; clmb never phones home.
  process.env['APOLLO_TELEMETRY_DISABLED'] ??= '1';
  return startRouter(loadConfig(process.env));
});
