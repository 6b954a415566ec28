// The Job Monitor's URL search parameters: ?status=&operation=&page= (page counts from 1).
export interface JobSearch {
  status?: string;
  operation?: string;
  page?: number;
}

export const JOBS_PAGE_SIZE = 25;

export function validateJobSearch(search: Record<string, unknown>): JobSearch {
  const out: JobSearch = {};
  if (typeof search.status === "string" && search.status) out.status = search.status;
  if (typeof search.operation === "string" && search.operation) out.operation = search.operation;
  const page = Number(search.page);
  if (Number.isInteger(page) && page > 1) out.page = page;
  return out;
}
