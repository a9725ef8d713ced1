import { TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

describe('error responses', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ BODY_LIMIT: '4096' });
  });
  afterAll(() => t.close());

  const login = () => t.http().post('/api/auth/login');

  function expectErrorShape(body: Record<string, unknown>, statusCode: number, code: string) {
    expect(body).toEqual(
      expect.objectContaining({
        statusCode,
        code,
        message: expect.any(String),
        requestId: expect.any(String),
      }),
    );
    const allowed = ['statusCode', 'code', 'message', 'errors', 'requestId'];
    expect(Object.keys(body).filter((k) => !allowed.includes(k))).toEqual([]);
  }

  it.each([
    [
      'zh',
      '请求数据有误，请检查标出的字段。',
      '此项为必填项。',
      '不允许此字段。',
      '必须是有效的电子邮件地址。',
    ],
    [
      'ru',
      'В запросе есть ошибки: проверьте отмеченные поля.',
      'Обязательное поле.',
      'Это поле не допускается.',
      'Должен быть корректный адрес электронной почты.',
    ],
  ])(
    'validation errors list each field with a code and a %s message',
    async (lang, message, required, unknown, email) => {
      const response = await login()
        .set('Accept-Language', lang)
        .send({ email: 'not-an-email', role: 'admin' })
        .expect(refusal('VALIDATION_FAILED'));
      expectErrorShape(response.body, 400, 'VALIDATION_FAILED');
      expect(response.body.message).toBe(message);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'role', code: 'UNKNOWN_FIELD', message: unknown },
          { field: 'email', code: 'IS_EMAIL', message: email },
          { field: 'password', code: 'REQUIRED', message: required },
        ]),
      );
    },
  );

  it('gives constraint values in the message', async () => {
    const response = await login()
      .set('Accept-Language', 'ru')
      .send({ email: 'a@b.cn', password: '' })
      .expect(refusal('VALIDATION_FAILED'));
    expect(response.body.errors).toEqual([
      { field: 'password', code: 'LENGTH', message: 'Длина должна быть от 1 до 200 символов.' },
    ]);
  });

  it('malformed JSON is 400 MALFORMED_JSON', async () => {
    const response = await login()
      .set('Content-Type', 'application/json')
      .send('{"email":')
      .expect(refusal('MALFORMED_JSON'));
    expectErrorShape(response.body, 400, 'MALFORMED_JSON');
  });

  it('a JSON body that is not an object is 400 INVALID_BODY', async () => {
    for (const body of ['[1,2]', '"text"', '42', 'null']) {
      const response = await login()
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(refusal('VALIDATION_FAILED'));
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: '', code: 'INVALID_BODY' }),
      ]);
    }
  });

  it('a prototype-poisoning body is refused', async () => {
    const response = await login()
      .set('Content-Type', 'application/json')
      .send('{"email":"a@b.cn","password":"x","__proto__":{"admin":true}}')
      .expect(refusal('MALFORMED_JSON'));
    expectErrorShape(response.body, 400, 'MALFORMED_JSON');
  });

  it('a wrong content type is 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const response = await login()
        .set('Content-Type', type)
        .send('email=a')
        .expect(refusal('UNSUPPORTED_MEDIA_TYPE'));
      expectErrorShape(response.body, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('a body over the limit is 413', async () => {
    const response = await login()
      .set('Accept-Language', 'ru')
      .send({ email: 'a@b.cn', password: 'x'.repeat(5000) })
      .expect(refusal('PAYLOAD_TOO_LARGE'));
    expectErrorShape(response.body, 413, 'PAYLOAD_TOO_LARGE');
    expect(response.body.message).toBe('Тело запроса слишком велико.');
  });

  it('an unknown route and a malformed id are 404 in the same shape', async () => {
    const route = await t
      .http()
      .get('/api/no-such-thing')
      .set('Accept-Language', 'ru')
      .expect(refusal('NOT_FOUND'));
    expectErrorShape(route.body, 404, 'NOT_FOUND');
    expect(route.body.message).toBe('Запрошенный объект не найден.');
    const admin = await t.loginAdmin();
    const id = await t
      .http()
      .get('/api/admin/organizations/not-a-uuid')
      .auth(admin.accessToken, { type: 'bearer' })
      .expect(refusal('NOT_FOUND'));
    expectErrorShape(id.body, 404, 'NOT_FOUND');
  });

  describe('language of the response', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['?lang=ru beats Accept-Language', { 'accept-language': 'zh-CN', lang: 'ru' }, 'ru'],
      ['Accept-Language with region', { 'accept-language': 'ru-RU' }, 'ru'],
      [
        'Accept-Language by q, skipping unsupported',
        { 'accept-language': 'en;q=1, zh-TW;q=0.5, ru;q=0.8' },
        'ru',
      ],
      ['Chinese by q', { 'accept-language': 'ru;q=0.2, zh-Hans-CN;q=0.9' }, 'zh'],
      ['no usable language falls back to Chinese', { 'accept-language': 'en-US, de' }, 'zh'],
      ['nothing at all', {}, 'zh'],
    ];
    it.each(cases)('%s', async (_name, { lang, ...headers }, expected) => {
      const response = await t
        .http()
        .get(`/api/no-such-thing${lang ? `?lang=${lang}` : ''}`)
        .set(headers)
        .expect(refusal('NOT_FOUND'));
      expect(response.body.message).toBe(
        expected === 'ru' ? 'Запрошенный объект не найден.' : '未找到所请求的内容。',
      );
    });
  });

  it('echoes a sane incoming request id, and replaces an unsafe one', async () => {
    const kept = await t
      .http()
      .get('/api/no-such-thing')
      .set('x-request-id', 'trace-1234-abcd')
      .expect(refusal('NOT_FOUND'));
    expect(kept.headers['x-request-id']).toBe('trace-1234-abcd');
    expect(kept.body.requestId).toBe('trace-1234-abcd');
    const replaced = await t
      .http()
      .get('/api/no-such-thing')
      .set('x-request-id', '<script>')
      .expect(refusal('NOT_FOUND'));
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
