import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { AppError } from '../errors/app-error';
import { createValidationPipe } from './validation';

class GuardianDto {
  @IsString()
  name: string;

  @IsString()
  @Length(5, 20)
  phone: string;
}

class ParticipantDto {
  @IsIn(['student', 'chaperone'])
  kind: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => GuardianDto)
  guardian?: GuardianDto;
}

async function fieldErrors(body: unknown) {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: ParticipantDto });
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).fieldErrors;
  }
  throw new Error('expected a validation failure');
}

describe('validation pipe', () => {
  it('reports nested fields with dotted paths, codes and constraint values', async () => {
    expect(
      await fieldErrors({ kind: 'teacher', guardian: { name: 'Ли', phone: '12', extra: 1 } }),
    ).toEqual([
      { field: 'kind', code: 'IS_IN', params: { p0: 'student, chaperone' } },
      { field: 'guardian.extra', code: 'UNKNOWN_FIELD', params: {} },
      { field: 'guardian.phone', code: 'LENGTH', params: { p0: 5, p1: 20 } },
    ]);
  });

  it('reports a missing value once, as REQUIRED', async () => {
    expect(await fieldErrors({ guardian: { name: 'Ли' } })).toEqual([
      { field: 'kind', code: 'REQUIRED', params: {} },
      { field: 'guardian.phone', code: 'REQUIRED', params: {} },
    ]);
  });

  it('says so when a nested value is not an object', async () => {
    expect(await fieldErrors({ kind: 'student', guardian: 'mother' })).toEqual([
      expect.objectContaining({ field: 'guardian', code: 'NOT_AN_OBJECT' }),
    ]);
  });

  it('refuses a body that is not an object', async () => {
    for (const body of [[], 'text', 42, null]) {
      expect(await fieldErrors(body)).toEqual([{ field: '', code: 'INVALID_BODY' }]);
    }
  });

  it('passes and transforms a valid body', async () => {
    const value = await createValidationPipe().transform(
      { kind: 'student', guardian: { name: 'Ли', phone: '+7 914 000' } },
      { type: 'body', metatype: ParticipantDto },
    );
    expect(value).toBeInstanceOf(ParticipantDto);
  });
});
