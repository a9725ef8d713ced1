import { loadResources, Translator } from './translator';

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
