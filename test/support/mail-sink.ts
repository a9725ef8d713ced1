import { ParsedMail, simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  messageId: string;
  subject: string;
  text: string;
  html: string;
  language: string | undefined;
  /** Every header as sent, names in lower case, folded lines joined. */
  headers: Record<string, string>;
}

/**
 * A real SMTP server in the test process. Addresses in `reject` get a permanent 550; every
 * accepted message is parsed (MIME, encodings) and kept.
 */
export class MailSink {
  readonly received: ReceivedMail[] = [];
  readonly reject = new Set<string>();
  /** Addresses answered with a temporary 451, as many times as given. */
  readonly deferrals = new Map<string, number>();
  private server!: SMTPServer;

  static async start(): Promise<MailSink> {
    const sink = new MailSink();
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const to = address.address.toLowerCase();
        if (sink.reject.has(to)) {
          return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
        }
        const deferred = sink.deferrals.get(to) ?? 0;
        if (deferred > 0) {
          sink.deferrals.set(to, deferred - 1);
          return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        }
        callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail: ParsedMail) => {
            const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
            sink.received.push({
              to: to?.value[0]?.address?.toLowerCase() ?? '',
              messageId: mail.messageId ?? '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              language: mail.headers.get('content-language') as string | undefined,
              headers: Object.fromEntries(
                mail.headerLines.map(({ key, line }) => [
                  key,
                  line
                    .slice(line.indexOf(':') + 1)
                    .replace(/\r?\n[ \t]+/g, ' ')
                    .trim(),
                ]),
              ),
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    sink.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  get url(): string {
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to === address.toLowerCase());
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
