/** What a refusal remembers: until when nothing may be served, and until when the refused operation may not. */
interface Refusal {
  anyUntil: number;
  /** The refused operation's query hash (SHA-256 of its text, the persisted-query hash). */
  operation: string;
  operationUntil: number;
}

/**
 * Clients this process refused lately, until their wait is over: by the Authorization header as
 * sent (a user's token), else by address. A client is refused again before Apollo's pipeline (see
 * `refuseWhileWaiting`) while its bucket cannot pay for any operation, and while it sends the same
 * operation again before that operation's wait is over; another operation it may afford goes on.
 * A client refused a second, different operation while waiting for the first is not choosing what
 * it can afford (or varies its query text to get past this): it is refused everything until both
 * waits are over.
 */
export function refusedClients(options: { maxClients?: number; now?: () => number } = {}) {
  const { maxClients = 10_000, now = Date.now } = options;
  const refusals = new Map<string, Refusal>();
  return {
    note(key: string, operation: string, waitMs: number, waitForAnyMs: number) {
      const at = now();
      const before = refusals.get(key);
      if (before === undefined && refusals.size >= maxClients) refusals.delete(refusals.keys().next().value as string);
      if (before !== undefined && before.operationUntil > at && before.operation !== operation) {
        const until = Math.max(before.operationUntil, at + waitMs);
        refusals.set(key, { anyUntil: until, operation, operationUntil: until });
      } else {
        refusals.set(key, { anyUntil: at + waitForAnyMs, operation, operationUntil: at + waitMs });
      }
    },
    /** Milliseconds `key` must still wait before sending its operation (its query hash, if known); 0 when it may send it now. */
    waitOf(key: string, operationOf: () => string | undefined): number {
      const refusal = refusals.get(key);
      if (refusal === undefined) return 0;
      const at = now();
      if (refusal.operationUntil <= at) {
        refusals.delete(key);
        return 0;
      }
      // The refused operation itself waits its whole wait, never just until some operation could run.
      if (operationOf() === refusal.operation) return refusal.operationUntil - at;
      return Math.max(0, refusal.anyUntil - at);
    },
    size: () => refusals.size,
  };
}

export type RefusedClients = ReturnType<typeof refusedClients>;
