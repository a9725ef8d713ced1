import { loadResources, plainI18next, Translator } from './translator';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
}

describe('translations', () => {
  const resources = loadResources();
  const zh = leaves(resources.zh);
  const ru = leaves(resources.ru);

  it('have the same keys in Chinese and Russian', () => {
    expect([...zh.keys()].sort()).toEqual([...ru.keys()].sort());
  });

  it('have no empty text and the same placeholders in both languages', () => {
    for (const [key, text] of zh) {
      expect([key, text.trim().length > 0]).toEqual([key, true]);
      expect([key, placeholders(text)]).toEqual([key, placeholders(ru.get(key) ?? '')]);
    }
  });

  it('have no plural or context forms, which the translator’s own interpolation would miss', () => {
    for (const key of [...zh.keys(), ...ru.keys()]) {
      expect([key, /_(zero|one|two|few|many|other)$/.test(key)]).toEqual([key, false]);
    }
    for (const text of [...zh.values(), ...ru.values()]) {
      expect([text, /\$t\(|{{[^}]*[,.][^}]*}}/.test(text)]).toEqual([text, false]);
    }
  });

  it('interpolate every text exactly as i18next does', () => {
    const translator = new Translator();
    const reference = plainI18next(resources);
    let checked = 0;
    for (const [lang, texts] of [
      ['zh', zh],
      ['ru', ru],
    ] as const) {
      for (const [key, text] of texts) {
        const names = placeholders(text);
        const variants: Record<string, unknown>[] = [
          Object.fromEntries(names.map((name, i) => [name, i % 2 ? i * 7 : `<v${i}&>`])),
          // One left out, one null: i18next keeps the first as written, empties the second.
          Object.fromEntries(names.slice(1).map((name, i) => [name, i === 0 ? null : 'x'])),
          { count: 3, ...Object.fromEntries(names.map((name) => [name, 0])) },
        ];
        for (const params of variants) {
          expect([key, translator.t(lang, key, params)]).toEqual([
            key,
            reference.t(key, { lng: lang, ...params }),
          ]);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(translator.t('zh', 'no.such.key', { x: 1 })).toBe(
      reference.t('no.such.key', { lng: 'zh', x: 1 }),
    );
  });

  it('interpolate parameters', () => {
    const translator = new Translator();
    expect(translator.t('ru', 'errors.RATE_LIMITED', { seconds: 30 })).toBe(
      'Слишком много попыток. Повторите через 30 с.',
    );
    expect(translator.t('zh', 'validation.LENGTH', { p0: 1, p1: 5 })).toBe(
      '长度必须在 1 到 5 个字符之间。',
    );
    expect(translator.has('zh', 'errors.NO_SUCH_CODE')).toBe(false);
  });
});
