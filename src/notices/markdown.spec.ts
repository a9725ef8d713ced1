import { renderMarkdown } from './markdown';

describe('notice markdown', () => {
  it('renders Markdown in both scripts', () => {
    expect(
      renderMarkdown('# 通知\n\n**Важно:** сбор в *08:00* у [порта](https://example.org/port).'),
    ).toBe(
      '<h2>通知</h2>\n<p><strong>Важно:</strong> сбор в <em>08:00</em> у <a href="https://example.org/port" rel="noopener noreferrer nofollow">порта</a>.</p>\n',
    );
  });

  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['[click](javascript:alert(1))', '[click](javascript:alert(1))'],
    ['[click](JaVaScRiPt:alert(1))', '[click](JaVaScRiPt:alert(1))'],
    ['[data](data:text/html;base64,PHNjcmlwdD4=)', '[data](data:text/html;base64,PHNjcmlwdD4=)'],
    [
      '<a href="javascript:alert(1)" onclick="x()">a</a>',
      '&lt;a href="javascript:alert(1)" onclick="x()"&gt;a&lt;/a&gt;',
    ],
  ])('never lets %s through as markup', (source, shown) => {
    const html = renderMarkdown(source);
    expect(html).toContain(shown);
    // Shown as text: no element but the paragraph, and no attribute at all.
    expect(html.match(/<[a-z][^>]*>/gi)).toEqual(['<p>']);
  });

  it('keeps mailto and https links and drops protocol-relative ones', () => {
    expect(renderMarkdown('<mailto:kgw@example.org>')).toContain('href="mailto:kgw@example.org"');
    expect(renderMarkdown('[x](//evil.example/)')).not.toContain('href="//evil.example/"');
  });
});
