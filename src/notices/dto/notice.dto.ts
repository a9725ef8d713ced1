import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { trim } from '../../common/http/transforms';
import { LANGUAGES } from '../../localization/language';
import type { Language } from '../../localization/language';
import { AUDIENCES, NOTICE_STATUSES, SLUG_PATTERN } from '../notice-rules';
import type { Audience, NoticeStatus } from '../notice-rules';
import { IsOmittable } from '../../common/http/validation';

/** Absent means "not given"; `null` clears a text or the single language. */
const IsNullable = () =>
  ValidateIf((_: unknown, value: unknown) => value !== undefined && value !== null);

export class CreateNoticeDto {
  /** Lower-case Latin, digits and hyphens; made from the title when not given. */
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  @Matches(SLUG_PATTERN)
  slug?: string;

  @IsNullable()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  titleZh?: string | null;

  @IsNullable()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  titleRu?: string | null;

  /** Markdown; raw HTML shows as text. */
  @IsNullable()
  @IsString()
  @MaxLength(20000)
  bodyZh?: string | null;

  /** Markdown; raw HTML shows as text. */
  @IsNullable()
  @IsString()
  @MaxLength(20000)
  bodyRu?: string | null;

  @ApiProperty({ enum: AUDIENCES })
  @IsIn(AUDIENCES)
  audience: Audience;

  /** Required for the audience `delegation`, refused for the others. */
  @IsNullable()
  @IsUUID()
  delegationId?: string | null;

  /** Publish in this language alone; the other shows it as "translation pending". */
  @ApiProperty({ enum: LANGUAGES, nullable: true, required: false })
  @IsNullable()
  @IsIn(LANGUAGES)
  singleLanguage?: Language | null;
}

/** The slug can change only while the notice is a draft. `null` clears texts only. */
export class UpdateNoticeDto extends PartialType(CreateNoticeDto, { skipNullProperties: false }) {}

export class NoticeQueryDto extends PageQueryDto {
  @ApiProperty({ enum: NOTICE_STATUSES, required: false })
  @IsOptional()
  @IsIn(NOTICE_STATUSES)
  status?: NoticeStatus;

  @ApiProperty({ enum: AUDIENCES, required: false })
  @IsOptional()
  @IsIn(AUDIENCES)
  audience?: Audience;
}

export class NoticeDto {
  id: string;
  slug: string;
  titleZh: string | null;
  titleRu: string | null;
  bodyZh: string | null;
  bodyRu: string | null;
  @ApiProperty({ enum: AUDIENCES })
  audience: Audience;
  delegationId: string | null;
  @ApiProperty({ enum: LANGUAGES, nullable: true })
  singleLanguage: Language | null;
  @ApiProperty({ enum: NOTICE_STATUSES })
  status: NoticeStatus;
  /** Languages still to write before it can be published. */
  @ApiProperty({ enum: LANGUAGES, isArray: true })
  missingLanguages: Language[];
  publishedAt: Date | null;
  authorId: string;
  createdAt: Date;
  updatedAt: Date;
}

export class NoticePageDto {
  @ApiProperty({ type: [NoticeDto] })
  items: NoticeDto[];
  total: number;
  page: number;
  pageSize: number;
}

/** A published notice in the response language. */
export class PublishedNoticeDto {
  id: string;
  slug: string;
  @ApiProperty({ enum: AUDIENCES })
  audience: Audience;
  delegationId: string | null;
  /** The language of `title` and `bodyHtml`: the response language unless pending. */
  @ApiProperty({ enum: LANGUAGES })
  lang: Language;
  title: string;
  /** Sanitized HTML from the Markdown. */
  bodyHtml: string;
  /** The text is the other language's: this one is not written yet. */
  translationPending: boolean;
  publishedAt: Date;
}

export class PublishedNoticePageDto {
  @ApiProperty({ type: [PublishedNoticeDto] })
  items: PublishedNoticeDto[];
  total: number;
  page: number;
  pageSize: number;
}

export class MissingNoticeDto {
  id: string;
  slug: string;
  @ApiProperty({ enum: NOTICE_STATUSES })
  status: NoticeStatus;
  /** The languages a reader will find untranslated ("translation pending" on the page). */
  @ApiProperty({ enum: LANGUAGES, isArray: true })
  missing: Language[];
  /**
   * Set when the organizer published it in this language only: complete for publishing,
   * still waiting for a translator.
   */
  @ApiProperty({ enum: LANGUAGES, nullable: true, type: String })
  singleLanguage: Language | null;
  titleZh: string | null;
  titleRu: string | null;
}

export class MissingDelegationDto {
  id: string;
  status: string;
  /** The fields written in one language only. */
  missing: string[];
  titleZh: string;
  titleRu: string;
}

export class MissingTranslationsDto {
  @ApiProperty({ type: [MissingNoticeDto] })
  notices: MissingNoticeDto[];
  @ApiProperty({ type: [MissingDelegationDto] })
  delegations: MissingDelegationDto[];
}
