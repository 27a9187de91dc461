import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

interface ReceivedMail {
  to: string[];
  subject: string;
  /** The decoded text body. */
  text: string;
  /** The first https?:// link in the body. */
  link: string | undefined;
}

// nodemailer sends text as quoted-printable when it needs to: soft line breaks and =XX escapes.
const decodeQuotedPrintable = (body: string) =>
  body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

function parse(raw: string, to: string[]): ReceivedMail {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const subject = /^Subject: (.*)$/im.exec(head)?.[1]?.trim() ?? '';
  const body = rest.join('\n\n');
  const text = /quoted-printable/i.test(head) ? decodeQuotedPrintable(body) : body;
  return { to, subject, text, link: /https?:\/\/\S+/.exec(text)?.[0] };
}

/** A real SMTP server on loopback that keeps what it receives: the users service sends to it over SMTP_URL. */
export async function startMailCatcher() {
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push(parse(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address)));
        for (const wake of waiters.splice(0)) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  /** The first mail to `to` (with `subject`, if given) among those received after the first `since`, waiting for it. */
  async function next(to: string, since = 0, subject?: string): Promise<ReceivedMail> {
    for (;;) {
      const mail = received.slice(since).find((m) => m.to.includes(to) && (subject === undefined || m.subject === subject));
      if (mail) return mail;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }

  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    received,
    next,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type MailCatcher = Awaited<ReturnType<typeof startMailCatcher>>;
