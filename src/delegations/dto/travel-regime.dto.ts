import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { TravelRegime } from '../travel-regime.entity';
import { trim } from '../../common/http/transforms';

export class CreateTravelRegimeDto {
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  /** Fewest people in a group, chaperones included. */
  @IsInt()
  @Min(1)
  @Max(1000)
  minGroupSize: number;

  /** Most people in a group, chaperones included; not below `minGroupSize`. */
  @IsInt()
  @Min(1)
  @Max(1000)
  maxGroupSize: number;

  /** Longest stay, in days. */
  @IsInt()
  @Min(1)
  @Max(366)
  maxStayDays: number;

  /** Months a passport must stay valid after the return date. */
  @IsInt()
  @Min(0)
  @Max(60)
  passportMarginMonths: number;
}

export class UpdateTravelRegimeDto extends PartialType(CreateTravelRegimeDto, {
  skipNullProperties: false,
}) {}

export class TravelRegimeDto {
  id: string;
  name: string;
  minGroupSize: number;
  maxGroupSize: number;
  maxStayDays: number;
  passportMarginMonths: number;
  createdAt: Date;
  updatedAt: Date;

  static from(entity: TravelRegime): TravelRegimeDto {
    return Object.assign(new TravelRegimeDto(), {
      id: entity.id,
      name: entity.name,
      minGroupSize: entity.minGroupSize,
      maxGroupSize: entity.maxGroupSize,
      maxStayDays: entity.maxStayDays,
      passportMarginMonths: entity.passportMarginMonths,
      createdAt: entity.createdAt,
      updatedAt: entity.updatedAt,
    });
  }
}

export class TravelRegimePageDto {
  @ApiProperty({ type: [TravelRegimeDto] })
  items: TravelRegimeDto[];
  total: number;
  page: number;
  pageSize: number;
}
