import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class PageQueryDto {
  /** 1-based page number. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageOf<E, T>(
  [rows, total]: [E[], number],
  query: PageQueryDto,
  map: (row: E) => T,
): Page<T> {
  return { items: rows.map(map), total, page: query.page, pageSize: query.pageSize };
}

export const skipTake = (query: PageQueryDto) => ({
  skip: (query.page - 1) * query.pageSize,
  take: query.pageSize,
});
