// The recent provisioning jobs grouped by environment. A job summary does not say where a provision went,
// so each recent job's detail is read (its request names target_env); the list API cannot filter by it.
import { useJobDetails, useRecentProvisionJobs } from "@/api/queries/provision";
import type { JobSummary } from "@/api/types";
import { provisionTarget } from "./request";

export interface ProvisionEntry {
  job: JobSummary;
  environment: string | null;
  datasetId: string | null;
  /** The job's detail is still loading (environment unknown yet). */
  pending: boolean;
}

export function useProvisionHistory() {
  const jobs = useRecentProvisionJobs();
  const details = useJobDetails(jobs.data?.items);

  // At most RECENT_PROVISIONS jobs: computed on every render.
  const entries: ProvisionEntry[] = (jobs.data?.items ?? []).map((job, index) => {
    const detail = details[index];
    const target = detail?.data ? provisionTarget(detail.data) : { environment: null, datasetId: null };
    return { job, ...target, pending: detail?.isPending ?? false };
  });
  const byEnvironment = new Map<string, ProvisionEntry[]>();
  for (const entry of entries) {
    if (!entry.environment) continue;
    const list = byEnvironment.get(entry.environment) ?? [];
    list.push(entry);
    byEnvironment.set(entry.environment, list);
  }
  return { jobs, entries, byEnvironment };
}
