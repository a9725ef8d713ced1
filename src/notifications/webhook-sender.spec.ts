import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { checkWebhookUrl, isPublicAddress, postWebhook, signWebhook } from './webhook-sender';

describe('webhook sender', () => {
  it.each([
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:8.8.8.8', true],
    ['8.8.8.8', true],
    ['2a00:1450:4001:80b::200e', true],
    ['not-an-ip', false],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
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
