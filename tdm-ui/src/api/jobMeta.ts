// What the portal knows about job statuses and operations (the API types both as plain strings).

export const JOB_STATUSES = ["queued", "running", "awaiting_approval", "completed", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(["completed", "failed", "cancelled"]);
/** Statuses a job can still be cancelled from. */
export const CANCELLABLE_STATUSES: ReadonlySet<string> = new Set(["queued", "running", "awaiting_approval"]);

export function isTerminalStatus(status: string | null | undefined): boolean {
  return status !== null && status !== undefined && TERMINAL_STATUSES.has(status);
}

export function isActiveStatus(status: string | null | undefined): boolean {
  return status !== null && status !== undefined && CANCELLABLE_STATUSES.has(status);
}

/** Operations (tdm_orchestrator.registry.Operation) with the labels the portal shows. */
export const OPERATIONS: readonly { value: string; label: string }[] = [
  { value: "TDM_SUBSET_ONLY", label: "Subset" },
  { value: "TDM_MASK_ONLY", label: "Mask" },
  { value: "TDM_PROVISION_ONLY", label: "Provision" },
  { value: "TDM_SUBSET_MASK_PROVISION", label: "Subset, mask & provision" },
  { value: "TDM_SYNTHETIC_RUN", label: "Synthetic data" },
  { value: "UI_BASED_SYNTHETIC_GENERATION", label: "Synthetic from UI" },
  { value: "API_BASED_SYNTHETIC_GENERATION", label: "Synthetic from API spec" },
  { value: "FULL_TDM_PIPELINE", label: "Full pipeline" },
  { value: "SCHEMA_DISCOVERY", label: "Schema discovery" },
  { value: "PII_CLASSIFICATION", label: "PII classification" },
];

const OPERATION_LABELS = new Map(OPERATIONS.map((op) => [op.value, op.label]));

/** "TDM_SUBSET_ONLY" -> "Subset"; an unknown operation is shown as sent. */
export function operationLabel(operation: string): string {
  return OPERATION_LABELS.get(operation) ?? operation;
}
