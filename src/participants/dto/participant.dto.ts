import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { CONSENT_KINDS, ConsentKind } from '../consent.entity';
import { CYRILLIC_SOURCES, CyrillicSource } from '../participant.entity';
import { LATIN_SOURCES, LatinSource } from '../participant-names';
import {
  CHAPERONE_ROLES,
  ChaperoneRole,
  GENDERS,
  Gender,
  NATIONALITIES,
  Nationality,
  PARTICIPANT_KINDS,
  ParticipantKind,
} from '../participant.entity';
import { queryBoolean, trim, trimLower } from '../../common/http/transforms';

/** A chaperone's roles, for forms that offer them (they may not import the entity). */
export { CHAPERONE_ROLES };

export class NamePairDto {
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  family: string;

  @Transform(trim)
  @IsString()
  @Length(1, 100)
  given: string;
}

export class GuardianDto {
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @Transform(trim)
  @IsString()
  @Length(5, 40)
  phone: string;

  /** mother, father, grandparent, legal guardian, … */
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  relation: string;
}

export class CreateParticipantDto {
  @ApiProperty({ enum: PARTICIPANT_KINDS })
  @IsIn(PARTICIPANT_KINDS)
  kind: ParticipantKind;

  /**
   * A chaperone's role: `teacher`, `volunteer` (often one of the 五老) or `other`, the
   * default. Refused for a student (`NOT_FOR_STUDENTS`).
   */
  @ApiProperty({ enum: CHAPERONE_ROLES, required: false, nullable: true, type: String })
  @IsOptional()
  @IsIn(CHAPERONE_ROLES)
  chaperoneRole?: ChaperoneRole | null;

  @ApiProperty({ enum: NATIONALITIES })
  @IsIn(NATIONALITIES)
  nationality: Nationality;

  /** Family name in the native script: hanzi for Chinese, Cyrillic for Russian participants. */
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  familyName: string;

  @Transform(trim)
  @IsString()
  @Length(1, 100)
  givenName: string;

  /** Passport spelling; generated when absent. */
  @IsOptional()
  @ValidateNested()
  @Type(() => NamePairDto)
  latin?: NamePairDto | null;

  /** Setting it marks the Cyrillic as overridden; `null` returns to the generated form. */
  @IsOptional()
  @ValidateNested()
  @Type(() => NamePairDto)
  cyrillic?: NamePairDto | null;

  /** For Russian participants only, when someone knows it; never generated. */
  @IsOptional()
  @ValidateNested()
  @Type(() => NamePairDto)
  chinese?: NamePairDto | null;

  @ApiProperty({ enum: GENDERS })
  @IsIn(GENDERS)
  gender: Gender;

  /** YYYY-MM-DD */
  @IsDateString({ strict: true })
  birthDate: string;

  @Transform(trim)
  @IsString()
  @Length(1, 200)
  birthPlace: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  passportNumber?: string | null;

  /** YYYY-MM-DD */
  @IsOptional()
  @IsDateString({ strict: true })
  passportExpiry?: string | null;

  /** Required for a minor. */
  @IsOptional()
  @ValidateNested()
  @Type(() => GuardianDto)
  guardian?: GuardianDto | null;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  emergencyContact?: string | null;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @IsOptional()
  @Transform(trimLower)
  @IsEmail()
  @MaxLength(254)
  email?: string | null;
}

export class UpdateParticipantDto extends PartialType(CreateParticipantDto) {}

export class ParticipantQueryDto extends PageQueryDto {
  /** Matches any part of a name in any script: 李, LI YUXUAN, Юйсюань. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string;

  /** Organizers: one school's participants. */
  @IsOptional()
  @IsUUID()
  schoolId?: string;

  @ApiProperty({ enum: PARTICIPANT_KINDS, required: false })
  @IsOptional()
  @IsIn(PARTICIPANT_KINDS)
  kind?: ParticipantKind;
}

export class CreateConsentDto {
  @ApiProperty({ enum: CONSENT_KINDS })
  @IsIn(CONSENT_KINDS)
  kind: ConsentKind;

  @Transform(trim)
  @IsString()
  @Length(1, 200)
  givenBy: string;

  @Transform(trim)
  @IsString()
  @Length(1, 50)
  relation: string;

  /** When it was given (ISO 8601). */
  @IsDateString({ strict: true })
  givenAt: string;

  /** Version of the privacy notice the consent refers to. */
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  noticeVersion: string;
}

export class NamesDto {
  native: NamePairDto;
  latin: NamePairDto | null;
  cyrillic: NamePairDto | null;
  chinese: NamePairDto | null;
  cyrillicOverridden: boolean;
  /**
   * Where the Cyrillic came from: `hanzi` (built from the characters' syllables), `latin`
   * (the syllables guessed from the passport's joined Latin: a person should check it),
   * `manual` (typed). Null for a Russian participant, whose Cyrillic is their own name.
   */
  @ApiProperty({ enum: CYRILLIC_SOURCES, nullable: true, type: String })
  cyrillicSource: CyrillicSource | null;
  /**
   * In a participant's detail: whether the Latin is what the native name generates
   * (`hanzi` for Chinese, `cyrillic` for Russian participants) or was typed (`manual`).
   */
  @ApiProperty({ enum: LATIN_SOURCES, nullable: true, type: String, required: false })
  latinSource?: LatinSource | null;
}

export class ConsentDto {
  id: string;
  @ApiProperty({ enum: CONSENT_KINDS })
  kind: ConsentKind;
  givenBy: string;
  relation: string;
  givenAt: Date;
  noticeVersion: string;
  withdrawnAt: Date | null;
}

export class ParticipantDto {
  id: string;
  schoolId: string;
  @ApiProperty({ enum: PARTICIPANT_KINDS })
  kind: ParticipantKind;
  /** A chaperone's role; null for a student. */
  @ApiProperty({ enum: CHAPERONE_ROLES, nullable: true, type: String })
  chaperoneRole: ChaperoneRole | null;
  @ApiProperty({ enum: NATIONALITIES })
  nationality: Nationality;
  names: NamesDto;
  @ApiProperty({ enum: GENDERS })
  gender: Gender;
  birthDate: string;
  birthPlace: string;
  /** Masked (`E1*****78`); organizers reveal it through the audited reveal route. */
  passportNumber: string | null;
  passportExpiry: string | null;
  guardian: GuardianDto | null;
  emergencyContact: string | null;
  phone: string | null;
  email: string | null;
  /** The kinds of consent given and not withdrawn. */
  @ApiProperty({ enum: CONSENT_KINDS, isArray: true })
  standingConsents: ConsentKind[];
  /** Bumped on every change. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /**
   * When the personal fields were erased (retention policy or request): the birth date
   * then holds only the year (as 1 January), names are initials unless the policy keeps
   * them. Null while the data is held.
   */
  @ApiProperty({ type: Date, nullable: true })
  erasedAt: Date | null;
}

export class ParticipantDetailDto extends ParticipantDto {
  @ApiProperty({ type: [ConsentDto] })
  consents: ConsentDto[];
}

export class ParticipantPageDto {
  @ApiProperty({ type: [ParticipantDto] })
  items: ParticipantDto[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Why an organizer reveals a passport number: kept with the audit entry. Two characters
 * at least: "核对" says it in Chinese.
 */
export class RevealPassportDto {
  @Transform(trim)
  @IsString()
  @Length(2, 400)
  reason: string;
}

export class RevealedPassportDto {
  passportNumber: string;
}

export class ImportQueryDto {
  /** `true`: validate every row and report, but save nothing. */
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportResultDto {
  /** Rows that were (or, in a dry run, would be) saved. */
  imported: number;
  dryRun: boolean;
}
