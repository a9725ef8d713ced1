import { Translator } from '../../localization/translator';
import { ERRORS } from './error-codes';

describe('documented error codes', () => {
  const translator = new Translator();

  it.each(Object.keys(ERRORS))('%s has a message in Chinese and Russian', (code) => {
    expect([
      code,
      translator.has('zh', `errors.${code}`),
      translator.has('ru', `errors.${code}`),
    ]).toEqual([code, true, true]);
  });
});
