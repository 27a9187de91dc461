import type { Context } from '../../context';
import { hitBuckets } from '../auth/login-throttle-store';
import { mailbox } from './mailbox';

/** The kinds of mail that requests make the service send, each capped on its own. */
export type MailKind = 'VERIFY_EMAIL' | 'RESET_PASSWORD' | 'CHANGE_EMAIL' | 'EMAIL_CHANGE_NOTICE' | 'SIGN_UP_ATTEMPT' | 'NOTIFICATION';

interface MailCap {
  max: number;
  windowSeconds: number;
}

/** Per recipient inbox (see `mailbox`) and kind: a few in an hour (a lost mail asked for again), a day's worth in all. */
const ACCOUNT_MAIL_CAPS: readonly MailCap[] = [
  { max: 5, windowSeconds: 3_600 },
  { max: 20, windowSeconds: 86_400 },
];

/** Notifications a climber opted to get by mail (every kind together): past these, the app still has them. */
export const NOTIFICATION_MAIL_CAPS: readonly MailCap[] = [
  { max: 10, windowSeconds: 3_600 },
  { max: 30, windowSeconds: 86_400 },
];

const capsOf = (kind: MailKind) => (kind === 'NOTIFICATION' ? NOTIFICATION_MAIL_CAPS : ACCOUNT_MAIL_CAPS);

/**
 * Counts one mail of `kind` to `to` and says whether it may go. The per-sender limits (address,
 * account) do not bound what one inbox receives, since senders rotate; these caps do, counted in
 * the database so that every replica shares them, per inbox, so that spellings of one address
 * (`+tags`, Gmail's dots) share them too. Past a cap the mail is dropped (and logged),
 * never refused: the answer must not tell whether the address has an account.
 */
export async function mayMail(ctx: Context, kind: MailKind, to: string): Promise<boolean> {
  const caps = new Map(capsOf(kind).map((cap) => [`mailto:${kind}:${cap.windowSeconds}:${mailbox(to)}`, cap]));
  const hits = await hitBuckets(ctx.db, [...caps].map(([key, cap]) => ({ key, windowSeconds: cap.windowSeconds })));
  const capped = hits.some((hit) => hit.count > (caps.get(hit.key)?.max ?? 0));
  if (capped) ctx.logger.warn({ kind }, 'mail dropped: its recipient reached the cap for its kind');
  return !capped;
}
