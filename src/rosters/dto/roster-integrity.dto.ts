import { ApiProperty } from '@nestjs/swagger';

/** Whether a locked version's hash still follows from what is stored. */
export class RosterIntegrityDto {
  version: number;
  hash: string;
  /** 1: hashed over the people's data (before 2026-12); 2: over each person's row digest. */
  @ApiProperty({ enum: [1, 2] })
  scheme: 1 | 2;
  /** Computed again now; null when it cannot be (scheme 1 with erased people). */
  @ApiProperty({ type: String, nullable: true })
  recomputed: string | null;
  @ApiProperty({ type: Boolean, nullable: true })
  matches: boolean | null;
  members: number;
  erasedMembers: number;
}
