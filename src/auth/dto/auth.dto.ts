import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';

import { MeDto } from '../../users/dto/user.dto';
import { trimLower } from '../../common/http/transforms';

export class LoginDto {
  @Transform(trimLower)
  // The generated first organizer is admin@localhost: no top-level domain.
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email: string;

  @IsString()
  @Length(1, 200)
  password: string;
}

export class LogoutDto {
  /** Ends this token's session when the access token has already expired. */
  @IsOptional()
  @IsString()
  @Length(20, 200)
  refreshToken?: string;
}

export class RefreshDto {
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

export class TokensDto {
  /** Bearer token for `Authorization`, valid for 15 minutes. */
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Exchange once at `POST /api/auth/refresh` for a new pair; a second use ends the session. */
  refreshToken: string;
}

export class LoginResponseDto extends TokensDto {
  user: MeDto;
}
