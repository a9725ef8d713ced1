import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import {
  checkWebhookUrl,
  isValidWebhookSecret,
  postWebhook,
  signStandardWebhook,
  signWebhook,
  standardWebhookSecret,
} from './webhook-sender';

describe('webhook sender', () => {
  // What the URL parser makes of each literal is what both the registration check and the
  // pre-connect check in postWebhook see (Node connects to an IP host without a lookup).
  it.each([
    ['http://[::7f00:1]/x', '[::7f00:1]'],
    ['http://[::127.0.0.1]/x', '[::7f00:1]'],
    ['http://[::ffff:0:7f00:1]/x', '[::ffff:0:7f00:1]'],
    ['http://[::ffff:0:127.0.0.1]/x', '[::ffff:0:7f00:1]'],
    ['http://[::ffff:7f00:1]/x', '[::ffff:7f00:1]'],
    ['http://[::FFFF:127.0.0.1]/x', '[::ffff:7f00:1]'],
    ['http://[0:0:0:0:0:ffff:7f00:0001]/x', '[::ffff:7f00:1]'],
    ['http://[::ffff:169.254.169.254]/x', '[::ffff:a9fe:a9fe]'],
    ['http://[64:ff9b::7f00:1]/x', '[64:ff9b::7f00:1]'],
    ['http://[64:ff9b::169.254.169.254]/x', '[64:ff9b::a9fe:a9fe]'],
    ['http://[64:ff9b:1::7f00:1]/x', '[64:ff9b:1::7f00:1]'],
    ['http://[2002:7f00:1::]/x', '[2002:7f00:1::]'],
    ['http://[2001:0:7f00:1:0:0:80ff:fffe]/x', '[2001:0:7f00:1::80ff:fffe]'],
    ['http://[fec0::1]/x', '[fec0::1]'],
    ['http://[100::1]/x', '[100::1]'],
    ['http://[5f00::1]/x', '[5f00::1]'],
    ['http://[3fff::1]/x', '[3fff::1]'],
    ['http://[ff02::1]/x', '[ff02::1]'],
    ['http://2130706433/x', '127.0.0.1'],
    ['http://0x7f.1/x', '127.0.0.1'],
    ['http://0251.0376.0251.0376/x', '169.254.169.254'],
    ['http://192.175.48.1/x', '192.175.48.1'],
  ])('refuses %s (parsed as %s) at registration and before connecting', async (raw, hostname) => {
    expect(new URL(raw).hostname).toBe(hostname);
    expect(await checkWebhookUrl(raw, false)).toBe('WEBHOOK_URL_PRIVATE');
    const sent = await postWebhook({
      url: raw,
      body: '{}',
      headers: {},
      timeoutMs: 300,
      allowPrivate: false,
    });
    expect(sent).toEqual({
      delivered: false,
      gone: false,
      permanent: true,
      error: 'address not allowed',
    });
  });

  it('refuses a URL with a zone id', async () => {
    expect(await checkWebhookUrl('http://[fe80::1%25eth0]/x', false)).toBe('WEBHOOK_URL_INVALID');
  });

  it('accepts public literals, mapped and NAT64 ones included', async () => {
    for (const raw of [
      'https://[2606:4700::1111]/x',
      'https://[::ffff:8.8.8.8]/x',
      'https://[64:ff9b::8.8.8.8]/x',
    ]) {
      expect(await checkWebhookUrl(raw, false)).toBeNull();
    }
  });

  it('refuses other schemes, credentials and private addresses at registration', async () => {
    expect(await checkWebhookUrl('ftp://8.8.8.8/x', false)).toBe('WEBHOOK_URL_INVALID');
    expect(await checkWebhookUrl('https://user:pw@8.8.8.8/x', false)).toBe('WEBHOOK_URL_INVALID');
    expect(await checkWebhookUrl('not a url', false)).toBe('WEBHOOK_URL_INVALID');
    expect(await checkWebhookUrl('http://127.0.0.1:8080/x', false)).toBe('WEBHOOK_URL_PRIVATE');
    expect(await checkWebhookUrl('http://[::1]/x', false)).toBe('WEBHOOK_URL_PRIVATE');
    expect(await checkWebhookUrl('http://localhost/x', false)).toBe('WEBHOOK_URL_PRIVATE');
    expect(await checkWebhookUrl('https://8.8.8.8/hooks', false)).toBeNull();
    expect(await checkWebhookUrl('http://127.0.0.1:8080/x', true)).toBeNull();
  });

  it('signs "<timestamp>.<body>" with HMAC-SHA256', () => {
    const expected = createHmac('sha256', 'secret').update('1700000000.{"a":1}').digest('hex');
    expect(signWebhook('secret', 1700000000, '{"a":1}')).toBe(`sha256=${expected}`);
  });

  it.each([
    ['a generated secret', 'Zm9vYmFyYmF6cXV4LXNlY3JldC0wMTIzNDU2Nzg5'],
    ['a secret of printable ASCII', 'a secret of sixteen+/=!'],
    ['a secret in whsec_ form', `whsec_${Buffer.alloc(32, 5).toString('base64')}`],
  ])('signs the Standard Webhooks way, as its library verifies, with %s', (_, secret) => {
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"event":"roster.locked","message":{"ru":"Список"}}';
    const headers = {
      'webhook-id': 'f1d1c0de-0000-4000-8000-000000000001',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(
        secret,
        'f1d1c0de-0000-4000-8000-000000000001',
        timestamp,
        body,
      ),
    };
    const receiver = new Webhook(standardWebhookSecret(secret));
    expect(receiver.verify(body, headers)).toMatchObject({ event: 'roster.locked' });
    expect(() => receiver.verify(body.replace('ru', 'zh'), headers)).toThrow();
    expect(() => receiver.verify(body, { ...headers, 'webhook-id': 'another' })).toThrow();
  });

  it('reads a whsec_ secret as its key, and any other secret by its bytes', () => {
    const key = Buffer.alloc(24, 9).toString('base64');
    expect(standardWebhookSecret(`whsec_${key}`)).toBe(`whsec_${key}`);
    expect(standardWebhookSecret('sixteen-chars-ok')).toBe(
      `whsec_${Buffer.from('sixteen-chars-ok').toString('base64')}`,
    );
  });

  it.each([
    ['printable ASCII', 'a secret of sixteen+/=!', true],
    ['whsec_ with 24 bytes', `whsec_${Buffer.alloc(24).toString('base64')}`, true],
    ['whsec_ with 64 bytes', `whsec_${Buffer.alloc(64).toString('base64')}`, true],
    ['whsec_ with 23 bytes', `whsec_${Buffer.alloc(23).toString('base64')}`, false],
    ['whsec_ with 65 bytes', `whsec_${Buffer.alloc(65).toString('base64')}`, false],
    [
      'whsec_ without padding',
      `whsec_${Buffer.alloc(25).toString('base64').replace(/=+$/, '')}`,
      false,
    ],
    ['whsec_ in base64url', `whsec_${Buffer.alloc(30, 0xfb).toString('base64url')}`, false],
    ['Cyrillic', 'секретный-ключ-16+', false],
    ['a control character', 'sixteen-chars-ok\n', false],
  ])('takes %s as a secret: %s', (_, secret, valid) => {
    expect(isValidWebhookSecret(secret)).toBe(valid);
  });

  it('reports 2xx, 410 and a timeout, and refuses a private address without connecting', async () => {
    const statuses = [204, 410, 302];
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const status = statuses.shift();
      if (!status) return; // never answers: the sender's timeout
      res.statusCode = status;
      // A redirect inward is not followed: it is a failed delivery like any other non-2xx.
      if (status === 302) res.setHeader('location', 'http://169.254.169.254/latest/meta-data');
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const send = (allowPrivate: boolean) =>
      postWebhook({ url, body: '{}', headers: {}, timeoutMs: 300, allowPrivate });
    try {
      expect(await send(true)).toMatchObject({ delivered: true, status: 204, gone: false });
      expect(await send(true)).toMatchObject({ delivered: false, gone: true, permanent: true });
      expect(await send(true)).toMatchObject({ delivered: false, status: 302, error: 'HTTP 302' });
      expect(requests).toEqual(['/', '/', '/']);
      expect(await send(true)).toMatchObject({
        delivered: false,
        permanent: false,
        error: 'timeout',
      });
      expect(await send(false)).toMatchObject({ delivered: false, permanent: true });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
