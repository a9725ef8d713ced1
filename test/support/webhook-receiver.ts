import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedHook {
  id: string;
  event: string;
  timestamp: string;
  signature: string;
  /** Every request header, names in lower case, for verifying with a receiver's library. */
  headers: Record<string, string>;
  body: string;
  status: number;
  /** The answer reached the sender (its socket was still open). */
  answered: boolean;
}

/**
 * A real HTTP receiver. `script` gives the status of each request in turn (then 200);
 * `hold` keeps answers back until released, to stop a sender mid-request.
 */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  script: number[] = [];
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  held = 0;

  private server!: Server;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    const server = createServer((req, res) => {
      let hook: Omit<ReceivedHook, 'answered'> | undefined;
      res.on('close', () => {
        if (hook) receiver.received.push({ ...hook, answered: res.writableFinished });
      });
      receiver
        .handle(req)
        .then(async (read) => {
          hook = read;
          if (receiver.gate) {
            receiver.held += 1;
            await receiver.gate;
            receiver.held -= 1;
          }
          if (res.destroyed) return;
          res.statusCode = read.status;
          res.end('ok');
        })
        .catch(() => res.destroy());
    });
    receiver.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.gate = undefined;
    this.open?.();
  }

  /** Requests answered with a 2xx that reached the sender. */
  accepted(): ReceivedHook[] {
    return this.received.filter((hook) => hook.answered && hook.status < 300);
  }

  close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<Omit<ReceivedHook, 'answered'>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const header = (name: string) => String(req.headers[name] ?? '');
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
    );
    return {
      id: header('x-webhook-id'),
      event: header('x-webhook-event'),
      timestamp: header('x-webhook-timestamp'),
      signature: header('x-webhook-signature'),
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
      status: this.script.shift() ?? 200,
    };
  }
}
