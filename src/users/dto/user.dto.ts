import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { Role, ROLES } from '../../common/auth/caller';
import { PageQueryDto } from '../../common/http/pagination';
import { LANGUAGES, Language } from '../../localization/language';
import { OrganizationDto } from '../../organizations/dto/organization.dto';
import { User } from '../user.entity';
import { queryBoolean, trimLower } from '../../common/http/transforms';
import { IsOmittable } from '../../common/http/validation';

export class CreateUserDto {
  @Transform(trimLower)
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** At least 10 characters. Stored only as an argon2id hash. */
  @IsString()
  @Length(10, 200)
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  /** A committee for organizers, a school for coordinators, a partner organization for partners. */
  @IsUUID()
  organizationId: string;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  preferredLanguage: Language;
}

export class UpdateUserDto {
  @ApiProperty({ enum: ROLES, required: false })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @IsUUID()
  organizationId?: string;

  /** Disabling ends every session of the user at once. */
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  /** Sets a new password and ends every session of the user. */
  @IsOptional()
  @IsString()
  @Length(10, 200)
  password?: string;

  @ApiProperty({ enum: LANGUAGES, required: false })
  @IsOptional()
  @IsIn(LANGUAGES)
  preferredLanguage?: Language;
}

export class UpdateMeDto {
  @ApiProperty({ enum: LANGUAGES, required: false })
  @IsOmittable()
  @IsIn(LANGUAGES)
  preferredLanguage?: Language;

  /**
   * Notices by e-mail; they stay in the in-app inbox either way. Decisions about one's own
   * participants are sent whatever this says.
   */
  @IsOmittable()
  @IsBoolean()
  noticeEmails?: boolean;
}

export class UserQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiProperty({ enum: ROLES, required: false })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  disabled?: boolean;
}

export class UserDto {
  id: string;
  email: string;
  @ApiProperty({ enum: ROLES })
  role: Role;
  organizationId: string;
  @ApiProperty({ enum: LANGUAGES })
  preferredLanguage: Language;
  disabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;

  static from(entity: User): UserDto {
    return Object.assign(new UserDto(), {
      id: entity.id,
      email: entity.email,
      role: entity.role,
      organizationId: entity.organizationId,
      preferredLanguage: entity.preferredLanguage,
      disabled: entity.disabled,
      lastLoginAt: entity.lastLoginAt,
      createdAt: entity.createdAt,
    });
  }
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  items: UserDto[];
  total: number;
  page: number;
  pageSize: number;
}

/** The signed-in user with their organization and their own settings. */
export class MeDto extends UserDto {
  organization: OrganizationDto;
  /** Notices by e-mail (see PATCH). */
  noticeEmails: boolean;
}
