import { ConfigError } from './env';

/**
 * A process entry point: runs `start`, and on SIGTERM/SIGINT stops what it started (drain HTTP,
 * close the pool) and exits 0. A failed start prints why (a bad variable, by name) and exits 1.
 */
export function runMain(start: () => Promise<{ stop(): Promise<void> }>): void {
  start().then(
    (running) => {
      const shutdown = () => {
        running.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    },
    (error: unknown) => {
      console.error(error instanceof ConfigError ? error.message : error);
      process.exit(1);
    },
  );
}
