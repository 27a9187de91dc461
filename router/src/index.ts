import { loadConfig } from './config';
import { startRouter } from './service';

async function main(): Promise<void> {
  // @apollo/gateway reports machine metrics to Apollo unless told not to; clmb never phones home.
  process.env['APOLLO_TELEMETRY_DISABLED'] ??= '1';
  const config = loadConfig(process.env);
  const router = await startRouter(config);
  const shutdown = () => {
    router.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
