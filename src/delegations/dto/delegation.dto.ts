import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { DELEGATION_STATUSES, DelegationStatus, PUBLISHED_STATUSES } from '../delegation-status';
import { Delegation, DIRECTIONS, Direction } from '../delegation.entity';
import { localTimes } from '../../localization/local-times';
import { trim } from '../../common/http/transforms';
import { IsOmittable } from '../../common/http/validation';

/** Only instants that name their zone: a bare `2026-07-01T23:30` means different times on each bank. */
const ZONED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const toInstant = ({ value }: { value: unknown }) =>
  typeof value === 'string' && ZONED_INSTANT.test(value) ? new Date(value) : value;

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
function isPlainDate(value: unknown): boolean {
  if (typeof value !== 'string' || !PLAIN_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). Field error code `IS_PLAIN_DATE`. */
export const IsPlainDate = () =>
  ValidateBy({ name: 'isPlainDate', validator: { validate: isPlainDate } });

export class CreateDelegationDto {
  /** Title in Chinese. */
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  titleZh: string;

  /** Title in Russian. */
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  titleRu: string;

  /** Description in Chinese; empty when not given. */
  @IsOmittable()
  @IsString()
  @MaxLength(20000)
  descriptionZh?: string;

  /** Description in Russian; empty when not given. */
  @IsOmittable()
  @IsString()
  @MaxLength(20000)
  descriptionRu?: string;

  @ApiProperty({ enum: DIRECTIONS })
  @IsIn(DIRECTIONS)
  direction: Direction;

  /** An organization of type `partner`. */
  @IsUUID()
  hostOrganizationId: string;

  @ApiProperty({ format: 'date', example: '2026-07-10' })
  @IsPlainDate()
  departureDate: string;

  /** Not before the departure date. */
  @ApiProperty({ format: 'date', example: '2026-07-16' })
  @IsPlainDate()
  returnDate: string;

  /** ISO 8601 with a zone: `2026-05-01T09:00:00+08:00` or `2026-05-01T01:00:00Z`. */
  @Transform(toInstant)
  @IsDate()
  applicationOpensAt: Date;

  /** After the opening; ISO 8601 with a zone. */
  @Transform(toInstant)
  @IsDate()
  applicationClosesAt: Date;

  @IsInt()
  @Min(1)
  @Max(1000)
  studentPlaces: number;

  @IsInt()
  @Min(1)
  @Max(1000)
  chaperonePlaces: number;

  /** Youngest age on the departure date. */
  @IsInt()
  @Min(1)
  @Max(100)
  minAge: number;

  /** Oldest age on the departure date, not below `minAge`. */
  @IsInt()
  @Min(1)
  @Max(100)
  maxAge: number;

  /** At least one chaperone for this many students. */
  @IsInt()
  @Min(1)
  @Max(100)
  studentsPerChaperone: number;

  /** Defaults to the seeded "China–Russia visa-free group" regime. */
  @IsOmittable()
  @IsUUID()
  travelRegimeId?: string;
}

/** The status changes only through transitions; places taken only through decisions. */
export class UpdateDelegationDto extends PartialType(CreateDelegationDto, {
  skipNullProperties: false,
}) {}

export class TransitionDelegationDto {
  @ApiProperty({ enum: DELEGATION_STATUSES })
  @IsIn(DELEGATION_STATUSES)
  to: DelegationStatus;

  /** Why, for the audit log (a cancellation's reason); never personal data. */
  @IsOptional()
  @IsString()
  @MaxLength(400)
  note?: string;
}

export class DelegationQueryDto extends PageQueryDto {
  @ApiProperty({ enum: DELEGATION_STATUSES, required: false })
  @IsOptional()
  @IsIn(DELEGATION_STATUSES)
  status?: DelegationStatus;

  @ApiProperty({ enum: DIRECTIONS, required: false })
  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: Direction;

  @IsOptional()
  @IsUUID()
  hostOrganizationId?: string;
}

export class PublishedDelegationQueryDto extends PageQueryDto {
  @ApiProperty({ enum: PUBLISHED_STATUSES, required: false })
  @IsOptional()
  @IsIn(PUBLISHED_STATUSES)
  status?: DelegationStatus;

  @ApiProperty({ enum: DIRECTIONS, required: false })
  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: Direction;
}

export class BankZonesDto {
  @ApiProperty({ example: 'Asia/Shanghai' })
  heihe: string;
  @ApiProperty({ example: 'Asia/Yakutsk' })
  blagoveshchensk: string;
}

/** One instant on each bank: RFC 3339 with that bank's offset, and the zone ids. */
export class LocalTimesDto {
  /** Heihe, Asia/Shanghai (UTC+8). */
  @ApiProperty({ example: '2026-07-01T23:30:00+08:00', format: 'date-time' })
  heihe: string;
  /** Blagoveshchensk, Asia/Yakutsk (UTC+9). */
  @ApiProperty({ example: '2026-07-02T00:30:00+09:00', format: 'date-time' })
  blagoveshchensk: string;
  zones: BankZonesDto;
}

export class DelegationDto {
  id: string;
  titleZh: string;
  titleRu: string;
  descriptionZh: string;
  descriptionRu: string;
  @ApiProperty({ enum: DIRECTIONS })
  direction: Direction;
  hostOrganizationId: string;
  @ApiProperty({ format: 'date', example: '2026-07-10' })
  departureDate: string;
  @ApiProperty({ format: 'date', example: '2026-07-16' })
  returnDate: string;
  applicationOpensAt: Date;
  applicationOpensAtLocal: LocalTimesDto;
  applicationClosesAt: Date;
  applicationClosesAtLocal: LocalTimesDto;
  studentPlaces: number;
  chaperonePlaces: number;
  studentPlacesTaken: number;
  chaperonePlacesTaken: number;
  studentPlacesLeft: number;
  chaperonePlacesLeft: number;
  minAge: number;
  maxAge: number;
  studentsPerChaperone: number;
  travelRegimeId: string;
  @ApiProperty({ enum: DELEGATION_STATUSES })
  status: DelegationStatus;
  /** The last roster version locked; 0 before the first. */
  rosterVersion: number;

  static from(entity: Delegation): DelegationDto {
    return Object.assign(new DelegationDto(), {
      id: entity.id,
      titleZh: entity.titleZh,
      titleRu: entity.titleRu,
      descriptionZh: entity.descriptionZh,
      descriptionRu: entity.descriptionRu,
      direction: entity.direction,
      hostOrganizationId: entity.hostOrganizationId,
      departureDate: entity.departureDate,
      returnDate: entity.returnDate,
      applicationOpensAt: entity.applicationOpensAt,
      applicationOpensAtLocal: localTimes(entity.applicationOpensAt),
      applicationClosesAt: entity.applicationClosesAt,
      applicationClosesAtLocal: localTimes(entity.applicationClosesAt),
      studentPlaces: entity.studentPlaces,
      chaperonePlaces: entity.chaperonePlaces,
      studentPlacesTaken: entity.studentPlacesTaken,
      chaperonePlacesTaken: entity.chaperonePlacesTaken,
      studentPlacesLeft: Math.max(0, entity.studentPlaces - entity.studentPlacesTaken),
      chaperonePlacesLeft: Math.max(0, entity.chaperonePlaces - entity.chaperonePlacesTaken),
      minAge: entity.minAge,
      maxAge: entity.maxAge,
      studentsPerChaperone: entity.studentsPerChaperone,
      travelRegimeId: entity.travelRegimeId,
      status: entity.status,
      rosterVersion: entity.rosterVersion,
    });
  }
}

export class DelegationPageDto {
  @ApiProperty({ type: [DelegationDto] })
  items: DelegationDto[];
  total: number;
  page: number;
  pageSize: number;
}
