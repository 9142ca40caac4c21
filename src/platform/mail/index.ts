import fs from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Outgoing mail. Adapters: a file outbox (development, tests) and SMTP (production). */
export interface Mailer {
  send(msg: MailMessage): Promise<void>;
  /** What this process sent, newest last (the outbox keeps it; SMTP keeps nothing). */
  readonly sent: MailMessage[];
}

/** Writes each message as a text file in `dir` and keeps it in memory, for developers and tests. */
export function createOutboxMailer(dir: string | undefined): Mailer {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(msg) {
      sent.push(msg);
      if (!dir) return;
      await fs.mkdir(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${sent.length}.txt`;
      await fs.writeFile(path.join(dir, name), `To: ${msg.to}\nSubject: ${msg.subject}\n\n${msg.text}\n`);
    },
  };
}

/** SMTP through nodemailer, e.g. `smtps://user:pass@smtp.example.com:465`. */
export function createSmtpMailer(url: string, from: string): Mailer {
  // nodemailer is loaded with the first message, not at every start-up.
  let transport: Promise<Transporter> | undefined;
  return {
    sent: [],
    async send(msg) {
      transport ??= import('nodemailer').then((m) => m.default.createTransport(url));
      await (await transport).sendMail({ from, to: msg.to, subject: msg.subject, text: msg.text });
    },
  };
}
