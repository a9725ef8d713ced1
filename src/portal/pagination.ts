export interface PaginationView {
  from: number;
  to: number;
  total: number;
  previous?: string;
  next?: string;
}

/**
 * Links to the previous and next page of a list, keeping its other query parameters
 * (the search of the people list).
 */
export function paginationView(
  path: string,
  params: Record<string, string | undefined>,
  page: number,
  pageSize: number,
  total: number,
): PaginationView | undefined {
  if (total <= pageSize && page === 1) return undefined;
  const link = (n: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
    if (n > 1) query.set('page', String(n));
    const search = query.toString();
    return search ? `${path}?${search}` : path;
  };
  const last = Math.max(1, Math.ceil(total / pageSize));
  // A page past the end (an old link, a typed number) shows none, and links to the last.
  const beyond = page > last;
  return {
    from: total === 0 || beyond ? 0 : (page - 1) * pageSize + 1,
    to: beyond ? 0 : Math.min(page * pageSize, total),
    total,
    previous: page > 1 ? link(Math.min(page - 1, last)) : undefined,
    next: page * pageSize < total ? link(page + 1) : undefined,
  };
}

/** `?page=` as a page number: anything else is the first page (as the API, at most 100,000). */
export function pageNumber(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : 1;
  return Math.max(1, n);
}
