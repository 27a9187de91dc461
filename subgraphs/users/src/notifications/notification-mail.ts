import { mayMail } from '../accounts/mail/mail-caps';
import { notificationMail } from '../accounts/mail/mail-templates';
import type { NotificationKind } from '@clmb/drizzle/users';
import type { Context } from '../context';

/** A notification to mail (what notify() was given of it), with the recipient's verified address. */
export interface MailedNotification {
  to: string;
  kind: NotificationKind;
  actorId?: string | null;
  plannedStripAt?: Date | null;
}

/**
 * Mails notifications after their write committed, one by one within the per-inbox notification
 * caps (mail-caps.ts): a capped mail is dropped and logged, the notification stays in the app.
 */
export async function mailNotifications(ctx: Context, mails: readonly MailedNotification[]): Promise<void> {
  for (const mail of mails) {
    if (!(await mayMail(ctx, 'NOTIFICATION', mail.to))) continue;
    const actor = mail.actorId ? await ctx.loaders.userById.load(mail.actorId) : null;
    ctx.sendMail(notificationMail(mail.to, ctx.appUrl, { kind: mail.kind, actor: actor?.username ?? null, plannedStripAt: mail.plannedStripAt ?? null }));
  }
}
