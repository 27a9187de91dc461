import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@clmb/common';
import { describe, expect, it, vi } from 'vitest';
import { createMailer } from './mailer';

describe('the outbox (no SMTP_URL)', () => {
  it('writes each message as an .eml file readable by its owner only, and logs its link', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clmb-outbox-'));
    const lines: string[] = [];
    const record = (fields: object, message: string) => lines.push(JSON.stringify({ ...fields, message }));
    const logger = { info: record, error: record } as unknown as Logger;
    const mailer = createMailer({ smtpUrl: null, from: 'clmb <no-reply@clmb.dev>', outboxDir: join(dir, 'outbox') }, logger);
    try {
      mailer.send({ to: 'ada@example.com', subject: 'Hello', text: 'Open https://app.example/x?token=abc\n', link: 'https://app.example/x?token=abc' });
      const files = await vi.waitFor(async () => {
        const names = await readdir(join(dir, 'outbox'));
        expect(names).toHaveLength(1);
        return names;
      });
      const eml = await readFile(join(dir, 'outbox', files[0] ?? ''), 'utf8');
      expect(eml).toMatch(/^To: ada@example\.com$/m);
      expect(eml).toMatch(/^Subject: Hello$/m);
      await vi.waitFor(() => expect(lines.join('')).toContain('"link":"https://app.example/x?token=abc"'));
    } finally {
      mailer.close();
      await rm(dir, { recursive: true });
    }
  });
});
