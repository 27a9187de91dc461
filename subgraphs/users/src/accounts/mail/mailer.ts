import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@clmb/common';
import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** The one link the mail is about (verify, reset): logged in outbox mode, so development needs no mail client. */
  link?: string;
}

/**
 * Sends in the background: the caller's answer (and its timing) never depends on the mail
 * server, which matters where an answer must not tell whether an account exists. A failure is
 * logged, without the message.
 */
export type SendMail = (mail: Mail) => void;

interface MailSettings {
  /** smtp(s)://user:pass@host:port; null: write each message to `outboxDir` as an .eml file. */
  smtpUrl: string | null;
  from: string;
  outboxDir: string;
}

export function createMailer(settings: MailSettings, logger: Logger): { send: SendMail; close(): void } {
  const transport = settings.smtpUrl
    ? nodemailer.createTransport(settings.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  async function deliver(mail: Mail): Promise<void> {
    const info = await transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text });
    if (settings.smtpUrl) return;
    await mkdir(settings.outboxDir, { recursive: true, mode: 0o700 });
    const file = join(settings.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
    await writeFile(file, (info as unknown as { message: Buffer }).message, { mode: 0o600 });
    // Development only (no SMTP_URL): the link is what a developer needs to follow the flow.
    logger.info({ file, subject: mail.subject, link: mail.link }, 'mail written to the outbox');
  }

  return {
    send: (mail) => {
      deliver(mail).catch((error: unknown) =>
        logger.error({ err: error instanceof Error ? error.message : String(error), subject: mail.subject }, 'could not send mail'),
      );
    },
    close: () => transport.close(),
  };
}
