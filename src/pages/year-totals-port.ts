/** A count of people on the public page: under five it is not given. */
export interface PublicCount {
  value: number | null;
  suppressed: boolean;
}

/** A year's totals as the public may read them. */
export interface PublicYearTotals {
  year: number;
  /** Delegations departing in the year, not cancelled. */
  delegations: number;
  delegationsByDirection: { CN_TO_RU: number; RU_TO_CN: number };
  /** People who travelled; suppressed under five, and both directions when either is. */
  travellers: PublicCount;
  travellersByDirection: { CN_TO_RU: PublicCount; RU_TO_CN: PublicCount };
  schools: number;
  partners: number;
}

/**
 * The public year page's question, answered by the statistics (bound in StatisticsModule),
 * so that the public pages import nothing that reads personal data.
 */
export abstract class YearTotals {
  abstract yearTotals(year: number): Promise<PublicYearTotals>;
}
