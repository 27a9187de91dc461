import { createLogger } from '@clmb/common';
import { loadConfig } from './config';
import { startService } from './service';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger('users', config.logLevel);
  const service = await startService(config);
  logger.info({ url: `${service.url}/graphql` }, 'users subgraph ready');
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await service.stop();
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
