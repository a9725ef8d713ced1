import { ContentChanges } from '../common/events/content-changes';
import { AppConfig } from '../config/app-config';
import { PageCache } from './page-cache';

function cache() {
  const changes = new ContentChanges();
  return { changes, cache: new PageCache(changes, { redisPrefix: 't:' } as AppConfig, null) };
}

describe('page cache', () => {
  it('keeps a page until delegations or notices change', () => {
    const { cache: pages, changes } = cache();
    pages.put('zh/', 200, '<p>一</p>', 'public, max-age=60', pages.currentGeneration);
    expect(pages.get('zh/')?.html.toString()).toBe('<p>一</p>');
    changes.changed();
    expect(pages.get('zh/')).toBeUndefined();
  });

  it('does not keep a page rendered from data read before a change', () => {
    const { cache: pages, changes } = cache();
    const before = pages.currentGeneration;
    changes.changed(); // commits while the old data is being rendered
    const page = pages.put('ru/', 200, '<p>old</p>', 'public, max-age=60', before);
    expect(page.html.toString()).toBe('<p>old</p>');
    expect(pages.get('ru/')).toBeUndefined();
  });

  it('expires pages after a minute', () => {
    const { cache: pages } = cache();
    pages.put('zh/notices', 200, 'x', 'public, max-age=60', pages.currentGeneration);
    expect(pages.get('zh/notices', Date.now() + 59_000)).toBeDefined();
    expect(pages.get('zh/notices', Date.now() + 61_000)).toBeUndefined();
  });

  it('gives each encoding its own strong ETag and honours q=0', () => {
    const { cache: pages } = cache();
    const page = pages.put('zh/', 200, '<p>交流</p>'.repeat(200), 'x', pages.currentGeneration);
    const plain = pages.encoded(page, undefined);
    const br = pages.encoded(page, 'gzip, deflate, br');
    const gzip = pages.encoded(page, 'br;q=0, gzip');
    expect(plain.encoding).toBeUndefined();
    expect(plain.etag).toBe(page.etag);
    expect(br.encoding).toBe('br');
    expect(gzip.encoding).toBe('gzip');
    expect(new Set([plain.etag, br.etag, gzip.etag]).size).toBe(3);
    expect(br.etag).toMatch(/^"[\w-]+-br"$/);
    expect(br.body.length).toBeLessThan(page.html.length / 10);
    expect(pages.encoded(page, 'identity').encoding).toBeUndefined();
  });
});
