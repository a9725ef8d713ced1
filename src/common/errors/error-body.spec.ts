import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { Translator } from '../../localization/translator';
import { sendError } from './all-exceptions.filter';
import { AppError } from './app-error';
import { classify } from './error-body';

function fakeRequest(headers: Record<string, string> = {}) {
  const logged: unknown[] = [];
  const request = {
    id: 'req-1',
    headers,
    query: {},
    log: {
      error: (...args: unknown[]) => logged.push(args),
      warn: (...args: unknown[]) => logged.push(args),
    },
  } as unknown as FastifyRequest;
  return { request, logged };
}

function fakeReply() {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = {
    headers: {},
  };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    headers(values: Record<string, string>) {
      Object.assign(sent.headers, values);
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  } as unknown as FastifyReply;
  return { reply, sent };
}

describe('classify', () => {
  it.each([
    [new AppError('EMAIL_TAKEN'), 409, 'EMAIL_TAKEN'],
    [new NotFoundException('Cannot GET /x'), 404, 'NOT_FOUND'],
    [new BadRequestException(), 400, 'BAD_REQUEST'],
    [new PayloadTooLargeException(), 413, 'PAYLOAD_TOO_LARGE'],
    [
      Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 }),
      400,
      'MALFORMED_JSON',
    ],
    [
      Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), 503, 'SERVICE_UNAVAILABLE'],
    [
      new QueryFailedError(
        'SELECT 1',
        [],
        Object.assign(new Error('gone'), { code: 'PROTOCOL_CONNECTION_LOST' }),
      ),
      503,
      'SERVICE_UNAVAILABLE',
    ],
  ])('%s → %i %s', (error, status, code) => {
    expect(classify(error)).toMatchObject({ status, code });
  });

  it('leaves unknown failures unclassified (they become 500s)', () => {
    expect(classify(new TypeError('x is undefined'))).toBeUndefined();
    expect(
      classify(new QueryFailedError('INSERT', ['secret'], new Error('ER_NO_SUCH_TABLE'))),
    ).toBeUndefined();
    expect(classify('a string')).toBeUndefined();
  });
});

describe('sendError', () => {
  const translator = new Translator();

  it('answers an unexpected error with 500, the request id and no internals, and logs it', () => {
    const { request, logged } = fakeRequest({ 'accept-language': 'ru' });
    const { reply, sent } = fakeReply();
    sendError(
      new Error('column "passportNumber" leaked at /srv/app.js:12'),
      request,
      reply,
      translator,
    );
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: expect.stringContaining('Непредвиденная ошибка'),
      requestId: 'req-1',
    });
    expect(JSON.stringify(sent.body)).not.toMatch(/passportNumber|app\.js/);
    expect(logged).toHaveLength(1);
  });

  it('sets the headers an error carries and localizes field errors', () => {
    const { request } = fakeRequest();
    const { reply, sent } = fakeReply();
    sendError(
      new AppError('RATE_LIMITED', { seconds: 7 }, [{ field: 'email', code: 'IS_EMAIL' }], {
        'retry-after': '7',
      }),
      request,
      reply,
      translator,
    );
    expect(sent.status).toBe(429);
    expect(sent.headers).toEqual({ 'retry-after': '7' });
    expect(sent.body).toMatchObject({
      message: '尝试次数过多，请 7 秒后再试。',
      errors: [{ field: 'email', code: 'IS_EMAIL', message: '必须是有效的电子邮件地址。' }],
    });
  });

  it('falls back to a generic message for a field code without its own text', () => {
    const { request } = fakeRequest();
    const { reply, sent } = fakeReply();
    sendError(
      new AppError('VALIDATION_FAILED', {}, [{ field: 'x', code: 'IS_HEX_COLOR' }]),
      request,
      reply,
      translator,
    );
    expect(sent.body).toMatchObject({
      errors: [{ field: 'x', code: 'IS_HEX_COLOR', message: '值无效。' }],
    });
  });
});
