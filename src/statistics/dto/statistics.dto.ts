import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsPlainDate } from '../../delegations/dto/delegation.dto';
import { FIRST_YEAR, LAST_YEAR } from '../period-rules';

export class StatisticsQueryDto {
  /** A calendar year; or give `from` and `to`. Neither: this year in Heihe. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(FIRST_YEAR)
  @Max(LAST_YEAR)
  year?: number;

  /** First day, `YYYY-MM-DD`, Heihe's calendar. */
  @IsOptional()
  @IsPlainDate()
  from?: string;

  /** Last day, included. At most ten calendar years after `from`. */
  @IsOptional()
  @IsPlainDate()
  to?: string;
}

export class StatisticsDownloadQueryDto extends StatisticsQueryDto {
  /** The language of the workbook's sheets and headers; `both` puts the two side by side. */
  @IsOptional()
  @IsIn(['zh', 'ru', 'both'])
  lang?: 'zh' | 'ru' | 'both';
}

export class PeriodDto {
  from: string;
  to: string;
  @ApiProperty({ type: Number, nullable: true })
  year: number | null;
}

export class DirectionCountsDto {
  CN_TO_RU: number;
  RU_TO_CN: number;
}

export class PlacesDto {
  students: number;
  chaperones: number;
  total: number;
}

export class PlacesSummaryDto {
  offered: PlacesDto;
  taken: PlacesDto;
}

export class StaysDto {
  /** Delegations counted (not drafts, not cancelled). */
  delegations: number;
  totalDays: number;
  @ApiProperty({ type: Number, nullable: true })
  averageDays: number | null;
  @ApiProperty({ type: Number, nullable: true })
  longestDays: number | null;
}

export class DelegationStatesDto {
  draft: number;
  open: number;
  closed: number;
  roster_locked: number;
  confirmed: number;
  completed: number;
  cancelled: number;
}

export class DelegationStatisticsDto {
  /** Delegations departing in the period, drafts and cancelled ones left out (see byState). */
  total: number;
  byDirection: DirectionCountsDto;
  byState: DelegationStatesDto;
  places: PlacesSummaryDto;
  stays: StaysDto;
}

export class NationalityCountsDto {
  CN: number;
  RU: number;
}

export class GenderCountsDto {
  female: number;
  male: number;
}

export class AgeBandCountsDto {
  @ApiProperty({ name: '0-9' })
  '0-9': number;
  @ApiProperty({ name: '10-13' })
  '10-13': number;
  @ApiProperty({ name: '14-17' })
  '14-17': number;
  @ApiProperty({ name: '18-34' })
  '18-34': number;
  @ApiProperty({ name: '35-59' })
  '35-59': number;
  @ApiProperty({ name: '60+' })
  '60+': number;
}

export class TravellerKindCountsDto {
  student: number;
  /** Chaperones by role. */
  teacher: number;
  volunteer: number;
  other: number;
}

export class SchoolCountDto {
  schoolId: string;
  nameZh: string;
  nameRu: string;
  count: number;
}

export class TravellerStatisticsDto {
  /** Unique people on the confirmed rosters of delegations departing in the period. */
  total: number;
  /** Unique people per direction (someone who went both ways counts in each). */
  byDirection: DirectionCountsDto;
  byNationality: NationalityCountsDto;
  byGender: GenderCountsDto;
  /** Age on the day of the person's first departure in the period. */
  byAgeBand: AgeBandCountsDto;
  byKind: TravellerKindCountsDto;
  @ApiProperty({ type: [SchoolCountDto] })
  bySchool: SchoolCountDto[];
}

export class FunnelDto {
  /** Every application made. */
  submitted: number;
  /** Not decided yet. */
  pending: number;
  approved: number;
  /** On the waiting list now. */
  waitlisted: number;
  /** Offered a freed place, not yet approved. */
  offered: number;
  rejected: number;
  withdrawn: number;
  /** Waitlisted at some point. */
  everWaitlisted: number;
  approvedFromWaitlist: number;
  /** Median days from submission to the first decision; null when none was decided. */
  @ApiProperty({ type: Number, nullable: true })
  medianDaysToDecision: number | null;
}

export class DelegationFunnelDto extends FunnelDto {
  delegationId: string;
  titleZh: string;
  titleRu: string;
  @ApiProperty({ enum: ['CN_TO_RU', 'RU_TO_CN'] })
  direction: string;
  departureDate: string;
  status: string;
}

export class ApplicationStatisticsDto extends FunnelDto {
  @ApiProperty({ type: [DelegationFunnelDto] })
  byDelegation: DelegationFunnelDto[];
}

export class InvolvementDto {
  involved: number;
  /** Involved in the period and in nothing before it. */
  new: number;
}

export class SchoolInvolvementDto extends InvolvementDto {
  /** Schools with at least one person who travelled. */
  travelled: number;
}

export class NoticeLanguagesDto {
  both: number;
  zh: number;
  ru: number;
}

export class NoticeStatisticsDto {
  /** Published in the period (archived since or not). */
  published: number;
  byLanguage: NoticeLanguagesDto;
}

export class ChannelCountsDto {
  total: number;
  sent: number;
  failed: number;
  pending: number;
}

export class DeliveryChannelsDto {
  email: ChannelCountsDto;
  in_app: ChannelCountsDto;
  webhook: ChannelCountsDto;
}

export class DeliveryStatisticsDto extends ChannelCountsDto {
  byChannel: DeliveryChannelsDto;
}

/** The same figures for one calendar year, without the per-school and per-delegation lists. */
export class YearStatisticsDto {
  year: number;
  delegations: DelegationStatisticsDto;
  @ApiProperty({ type: TravellerStatisticsDto })
  travellers: Omit<TravellerStatisticsDto, 'bySchool'>;
  applications: FunnelDto;
  schools: SchoolInvolvementDto;
  partners: InvolvementDto;
  notices: NoticeStatisticsDto;
  deliveries: DeliveryStatisticsDto;
}

export class StatisticsDto {
  period: PeriodDto;
  delegations: DelegationStatisticsDto;
  travellers: TravellerStatisticsDto;
  applications: ApplicationStatisticsDto;
  schools: SchoolInvolvementDto;
  partners: InvolvementDto;
  notices: NoticeStatisticsDto;
  deliveries: DeliveryStatisticsDto;
  /** Each calendar year from the first with a delegation (at most ten) to the period's last. */
  @ApiProperty({ type: [YearStatisticsDto] })
  yearOverYear: YearStatisticsDto[];
}

/** The public page's totals: people counted under five are not given (`null`, suppressed). */
export class PublicCountDto {
  @ApiProperty({ type: Number, nullable: true })
  value: number | null;
  suppressed: boolean;
}
