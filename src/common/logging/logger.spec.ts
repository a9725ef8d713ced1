import { QueryFailedError } from 'typeorm';
import { serializeError } from './logger';

describe('serializeError', () => {
  it('keeps a database error to its SQL with placeholders, never the values or the message', () => {
    const driverError = Object.assign(
      new Error("Duplicate entry 'li.yuxuan@example.cn' for key 'UQ_users_email'"),
      { code: 'ER_DUP_ENTRY' },
    );
    const error = new QueryFailedError(
      'INSERT INTO users (email) VALUES (?)',
      ['li.yuxuan@example.cn'],
      driverError,
    );
    const serialized = serializeError(error);
    expect(serialized).toMatchObject({
      type: 'QueryFailedError',
      query: 'INSERT INTO users (email) VALUES (?)',
    });
    expect(JSON.stringify(serialized)).not.toContain('li.yuxuan');
  });

  it('keeps type, code, message and stack of other errors', () => {
    const error = Object.assign(new Error('boom'), { code: 'E_BOOM' });
    expect(serializeError(error)).toMatchObject({ type: 'Error', code: 'E_BOOM', message: 'boom' });
    expect(serializeError('not an error')).toEqual({ type: 'string' });
  });
});
