import { Translator } from '../../localization/translator';
import { STATUS_BY_CODE } from './api-errors.decorator';

describe('documented error codes', () => {
  const translator = new Translator();

  it.each(Object.keys(STATUS_BY_CODE))('%s has a message in Chinese and Russian', (code) => {
    expect([
      code,
      translator.has('zh', `errors.${code}`),
      translator.has('ru', `errors.${code}`),
    ]).toEqual([code, true, true]);
  });
});
