import { mayMail } from '../accounts/mail/mail-caps';
import { notificationMail } from '../accounts/mail/mail-templates';
import type { Context } from '../context';
import type { NotificationInput } from './notify';

/** A notification to mail: the recipient's verified address with it. */
export interface MailedNotification extends NotificationInput {
  to: string;
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
