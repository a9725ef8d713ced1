import { AppError } from '../common/errors/app-error';
import { Translator } from '../localization/translator';
import { fieldId, flatten, FormState, formToBody, oneOf, refusalOf, textFields } from './forms';

describe('formToBody', () => {
  it.each([
    ['a flat field', { familyName: '李' }, {}, { familyName: '李' }],
    [
      'dotted names as nested objects',
      { 'guardian.phone': '+86', 'guardian.name': '李' },
      {},
      { guardian: { phone: '+86', name: '李' } },
    ],
    ['empty fields left out', { familyName: '', birthPlace: '  ' }, {}, {}],
    ['a group all empty left out', { 'guardian.phone': '', 'guardian.name': '' }, {}, {}],
    ['empty as null where asked', { email: '' }, { emptyAsNull: ['email'] }, { email: null }],
    ['the last of repeated values', { kind: ['student', 'chaperone'] }, {}, { kind: 'chaperone' }],
    [
      'a list where asked',
      { participantId: 'a' },
      { lists: ['participantId'] },
      { participantId: ['a'] },
    ],
    [
      'control fields dropped',
      { _csrf: 'token', _action: 'reset', givenName: '芳' },
      {},
      { givenName: '芳' },
    ],
  ])('%s', (_what, form, options, body) => {
    expect(formToBody(form, options)).toEqual(body);
  });

  it.each([
    '__proto__.polluted',
    'constructor.prototype.polluted',
    'a.__proto__.polluted',
    'prototype',
  ])('never writes through %s', (name) => {
    const body = formToBody({ [name]: 'yes', familyName: '李' });
    expect(body).toEqual({ familyName: '李' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
  });
});

describe('flatten', () => {
  it('turns a DTO into form values', () => {
    expect(
      flatten({
        guardian: { phone: '+86', name: null },
        ids: ['a', 'b'],
        n: 3,
        ok: false,
        none: undefined,
      }),
    ).toEqual({ 'guardian.phone': '+86', ids: ['a', 'b'], n: '3', ok: 'false' });
  });
});

describe('fieldId', () => {
  it.each([
    ['guardian.phone', 'guardian-phone'],
    ['familyName', 'familyName'],
    ['rows.3.x"<', 'rows-3-x--'],
  ])('%s → %s', (name, id) => expect(fieldId(name)).toBe(id));
});

describe('FormState', () => {
  const translator = new Translator();
  const labels = {
    givenName: 'person.givenName',
    'guardian.phone': 'person.guardianPhone',
    guardian: { label: 'person.guardian', target: 'guardian-name' },
  };

  it('links each field at fault from the summary, labelled, one message per field', () => {
    const form = new FormState({ givenName: '' }, labels, translator, 'ru').addFieldErrors([
      { field: 'givenName', code: 'REQUIRED' },
      { field: 'givenName', code: 'LENGTH', params: { p0: 1, p1: 5 } },
      { field: 'guardian', code: 'GUARDIAN_REQUIRED' },
      { field: 'guardian.phone.number', code: 'INVALID' },
      { field: 'nowhere', code: 'REQUIRED' },
    ]);
    expect(form.hasErrors).toBe(true);
    expect(form.summary.map((item) => item.href)).toEqual([
      '#givenName',
      '#guardian-name',
      '#guardian-phone',
      undefined,
    ]);
    expect(form.summary[0].text).toBe(
      translator.t('ru', 'portal.form.summaryItem', {
        label: translator.t('ru', 'portal.person.givenName'),
        message: translator.t('ru', 'validation.REQUIRED'),
      }),
    );
    const field = form.field('givenName', true);
    expect(field).toMatchObject({
      id: 'givenName',
      error: translator.t('ru', 'validation.REQUIRED'),
      errorId: 'givenName-error',
      describedBy: 'givenName-hint givenName-error',
    });
    expect(form.field('guardian.phone').describedBy).toBe('guardian-phone-error');
  });

  it('keeps the values, and shows a refusal without fields as a line of its own', () => {
    const form = new FormState({ participantId: ['a', 'b'] }, {}, translator, 'zh').refuse(
      new AppError('NO_PLACES_LEFT'),
    );
    expect(form.summary).toEqual([{ text: translator.t('zh', 'errors.NO_PLACES_LEFT') }]);
    expect(form.field('participantId')).toMatchObject({ value: 'b', values: ['a', 'b'] });
    expect(new FormState({}, {}, translator, 'zh').hasErrors).toBe(false);
  });
});

describe('refusalOf', () => {
  it.each([
    ['NO_PLACES_LEFT', true],
    ['VALIDATION_FAILED', true],
    ['NOT_FOUND', false],
    ['FORBIDDEN', false],
    ['UNAUTHORIZED', false],
    ['INTERNAL_ERROR', false],
  ] as const)('%s shown on the form: %s', (code, onForm) => {
    const error = new AppError(code);
    if (onForm) expect(refusalOf(error)).toBe(error);
    else expect(() => refusalOf(error)).toThrow(error);
  });

  it('rethrows what is not a refusal', () => {
    const bug = new TypeError('bug');
    expect(() => refusalOf(bug)).toThrow(bug);
  });
});

describe('oneOf and textFields', () => {
  it.each([
    ['open', 'open'],
    ['OPEN', undefined],
    [['open'], undefined],
    [undefined, undefined],
    ['__proto__', undefined],
  ])('oneOf(%s) is %s', (value, expected) => {
    expect(oneOf(value, ['open', 'closed'] as const)).toBe(expected);
  });

  it('keeps the named fields that came as one text', () => {
    expect(
      textFields({ a: 'x', b: ['y', 'z'], c: '', d: undefined, e: 'not named' }, [
        'a',
        'b',
        'c',
        'd',
      ]),
    ).toEqual({ a: 'x', c: '' });
  });
});
