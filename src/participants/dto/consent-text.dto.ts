import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { CONSENT_KINDS, ConsentKind } from '../consent.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateConsentTextDto {
  @ApiProperty({ enum: CONSENT_KINDS })
  @IsIn(CONSENT_KINDS)
  kind: ConsentKind;

  /** A name for this wording, as printed on the form: `2027-01`. */
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  @Matches(/^[A-Za-z0-9._-]+$/)
  version: string;

  /** The text in Chinese; paragraphs are separated by an empty line. */
  @Transform(trim)
  @IsString()
  @Length(20, 20_000)
  zh: string;

  /** The same text in Russian. */
  @Transform(trim)
  @IsString()
  @Length(20, 20_000)
  ru: string;

  /** `YYYY-MM-DD`: from this day schools print and record it. */
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  validFrom: string;

  /**
   * True when consents to earlier versions stop counting from `validFrom`: rosters cannot
   * be locked with such people until a new consent is recorded. False: they only show as a
   * to-do for the schools.
   */
  @IsOptional()
  @IsBoolean()
  requiresRenewal?: boolean;
}

export class ConsentTextDto {
  id: string;
  @ApiProperty({ enum: CONSENT_KINDS })
  kind: ConsentKind;
  version: string;
  zh: string;
  ru: string;
  validFrom: string;
  requiresRenewal: boolean;
  /** The version schools print and record now for this kind. */
  current: boolean;
  createdAt: Date;
}
