import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { WebhooksService } from '../../src/notifications/webhooks.service';
import { eventually, isolatedDatabase } from '../support/isolated-database';
import { publishNotice } from '../support/notices';
import { bilingualNotice, TestApp } from '../support/test-app';
import { externalDatabaseUrl, TEST_ENCRYPTION_KEYS } from '../support/test-config';
import { WebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(60_000);

// A database of its own: rotating keys must not touch what other suites sealed.
describe('webhook secrets under key rotation', () => {
  const newKey = `t2:${Buffer.alloc(32, 9).toString('base64')}`;
  let hooks: WebhookReceiver;
  let own: Record<string, string | undefined>;
  let dropDatabase: () => Promise<void>;

  beforeAll(async () => {
    hooks = await WebhookReceiver.start();
    const database = await isolatedDatabase();
    dropDatabase = database.drop;
    own = {
      ...(externalDatabaseUrl
        ? database.overrides
        : { DATABASE_URL: undefined, DATA_DIR: mkdtempSync(join(tmpdir(), 'yb-webhook-keys-')) }),
      WEBHOOK_ALLOW_PRIVATE: 'true',
      NOTIFICATION_POLL_MS: '100',
      NOTIFICATION_RETRY_BASE_MS: '300',
    };
  });
  afterAll(async () => {
    await Promise.all([hooks.close(), dropDatabase()]);
  });

  it('re-seals them under the new first key, resumably, and deliveries verify once the old key is gone', async () => {
    const before = await TestApp.start(own);
    const admin = await before.loginAdmin();
    const partner = await before.createUser(admin, 'partner');
    const register = (secret?: string) =>
      before
        .http()
        .post('/api/webhooks')
        .auth(partner.accessToken, { type: 'bearer' })
        .send({ url: hooks.url, events: ['notice.published'], secret })
        .expect(201);
    const chosen = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
    const endpoints = [(await register()).body, (await register(chosen)).body] as {
      id: string;
      secret: string;
      standardWebhooksSecret: string;
    }[];
    await before.close();

    const rotating = await TestApp.start({
      ...own,
      ENCRYPTION_KEYS: `${newKey},${TEST_ENCRYPTION_KEYS}`,
    });
    const webhooks = rotating.app.get(WebhooksService);
    // Batches of one: the command resumes where it stopped, and a second run finds nothing.
    expect(await webhooks.reencryptBatch(1)).toBe(1);
    expect(await webhooks.reencryptBatch(1)).toBe(1);
    expect(await webhooks.reencryptBatch(1)).toBe(0);
    expect(await webhooks.reencryptBatch()).toBe(0);
    const rows = await rotating.app
      .get(DataSource)
      .query<{ value: string }[]>(`SELECT secret AS value FROM webhook_endpoints`);
    expect(rows.map((r) => r.value.split('.')[1])).toEqual(['t2', 't2']);
    await rotating.close();

    const after = await TestApp.start({ ...own, ENCRYPTION_KEYS: newKey });
    const organizer = await after.loginAdmin();
    const notice = await publishNotice(after, organizer, bilingualNotice('partners'));
    const received = await eventually(
      'both deliveries',
      () => hooks.accepted().length === 2 && hooks.accepted(),
    );
    for (const endpoint of endpoints) {
      const verified = received.filter((hook) => {
        const hmac = createHmac('sha256', endpoint.secret)
          .update(`${hook.timestamp}.${hook.body}`)
          .digest('hex');
        return hook.signature === `sha256=${hmac}`;
      });
      expect(verified).toHaveLength(1);
      expect(
        new Webhook(endpoint.standardWebhooksSecret).verify(verified[0].body, verified[0].headers),
      ).toMatchObject({ event: 'notice.published', data: { noticeId: notice.id } });
    }
    await after.close();
  });
});
