import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { writeFile } from 'node:fs/promises';
import { ensurePrivateDir } from '../config/private-files';
import { join } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';
import type { Language } from '../localization/language';

export interface OutgoingMail {
  /** The delivery id: the file name on disk and the Message-ID, the same on every retry. */
  id: string;
  to: string;
  language: Language;
  subject: string;
  text: string;
  html: string;
  /** More headers for this message (List-Unsubscribe on notices). */
  headers?: Record<string, string>;
}

/** A refusal: `permanent` when the server answered 5xx (no such mailbox, policy). */
export class MailError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/**
 * SMTP through a small connection pool when SMTP_URL is set; otherwise each message is
 * written as an .eml file under DATA_DIR/mail, so a newcomer sees what would be sent.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private readonly smtp?: Transporter;
  private readonly files?: Transporter;
  private readonly folder: string;

  constructor(private readonly config: AppConfig) {
    const { smtpUrl } = config.notifications;
    this.folder = join(config.dataDir, 'mail');
    if (smtpUrl) {
      this.smtp = createTransport({
        url: smtpUrl,
        pool: true,
        maxConnections: Math.min(config.notifications.concurrency, 10),
        connectionTimeout: config.notifications.sendTimeoutMs,
        greetingTimeout: config.notifications.sendTimeoutMs,
        socketTimeout: config.notifications.sendTimeoutMs,
      });
    } else {
      this.files = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  get writesFiles(): boolean {
    return !this.smtp;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const message = {
      from: this.config.notifications.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: `<${mail.id}@youth-bridge>`,
      headers: {
        'Content-Language': mail.language === 'zh' ? 'zh-CN' : 'ru-RU',
        // RFC 3834: no person wrote it, so auto-responders (out of office) stay quiet.
        'Auto-Submitted': 'auto-generated',
        ...mail.headers,
      },
    };
    if (this.smtp) {
      try {
        await this.smtp.sendMail(message);
      } catch (error) {
        const { responseCode, message: text } = error as { responseCode?: number; message: string };
        throw new MailError(text.slice(0, 300), (responseCode ?? 0) >= 500);
      }
      return;
    }
    const info = (await this.files!.sendMail(message)) as { message: Buffer };
    ensurePrivateDir(this.folder);
    const file = join(this.folder, `${mail.id}.eml`);
    // Owner-only like the folder: addresses, names, decisions about children.
    await writeFile(file, info.message, { mode: 0o600 });
    // The path only: addresses and content are personal data and stay out of logs.
    this.logger.log(`E-mail written to ${file}`);
  }

  onApplicationShutdown(): void {
    this.smtp?.close();
  }
}
