import { ApiProperty, PartialType, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { LANGUAGES, Language } from '../../localization/language';
import {
  COUNTRIES,
  Country,
  Organization,
  ORGANIZATION_TYPES,
  OrganizationType,
} from '../organization.entity';
import { trim } from '../../common/http/transforms';

export class CreateOrganizationDto {
  @ApiProperty({ enum: ORGANIZATION_TYPES })
  @IsIn(ORGANIZATION_TYPES)
  type: OrganizationType;

  @ApiProperty({ enum: COUNTRIES })
  @IsIn(COUNTRIES)
  country: Country;

  /** Name in Chinese. */
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  nameZh: string;

  /** Name in Russian. */
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  nameRu: string;

  @Transform(trim)
  @IsString()
  @Length(1, 100)
  city: string;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  preferredLanguage: Language;
}

/** The type is fixed once users hang on an organization: their roles depend on it. */
export class UpdateOrganizationDto extends PartialType(OmitType(CreateOrganizationDto, ['type']), {
  // Omitted fields stay as they are; an explicit null is validated (and refused).
  skipNullProperties: false,
}) {}

export class OrganizationQueryDto extends PageQueryDto {
  @ApiProperty({ enum: ORGANIZATION_TYPES, required: false })
  @IsOptional()
  @IsIn(ORGANIZATION_TYPES)
  type?: OrganizationType;

  @ApiProperty({ enum: COUNTRIES, required: false })
  @IsOptional()
  @IsIn(COUNTRIES)
  country?: Country;
}

export class OrganizationDto {
  id: string;
  @ApiProperty({ enum: ORGANIZATION_TYPES })
  type: OrganizationType;
  @ApiProperty({ enum: COUNTRIES })
  country: Country;
  nameZh: string;
  nameRu: string;
  city: string;
  @ApiProperty({ enum: LANGUAGES })
  preferredLanguage: Language;
  createdAt: Date;
  updatedAt: Date;

  static from(entity: Organization): OrganizationDto {
    return Object.assign(new OrganizationDto(), {
      id: entity.id,
      type: entity.type,
      country: entity.country,
      nameZh: entity.nameZh,
      nameRu: entity.nameRu,
      city: entity.city,
      preferredLanguage: entity.preferredLanguage,
      createdAt: entity.createdAt,
      updatedAt: entity.updatedAt,
    });
  }
}

export class OrganizationPageDto {
  @ApiProperty({ type: [OrganizationDto] })
  items: OrganizationDto[];
  total: number;
  page: number;
  pageSize: number;
}
