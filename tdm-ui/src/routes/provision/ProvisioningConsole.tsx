// Provisioning Console (spec 14.1): load a dataset version into a target environment, with reset and
// smoke-test options (POST /provision, a job). Shows the jobs awaiting an approval (four eyes, Approve /
// Reject for operators) and the recent provisions per environment. ?dataset=<id> preselects a version.
import { useNavigate, useRouterState } from "@tanstack/react-router";
import { useRef, useState, type SubmitEvent } from "react";
import { problemOf } from "@/api/problem";
import { useDatasetVersion, useEnvironments, useProvisionDatasets, useSubmitProvision } from "@/api/queries/provision";
import { useSession } from "@/auth/useSession";
import { Button, Card, Checkbox, JsonView, NumberInput, PageHeader, ProblemAlert, useToast } from "@/components";
import { AlertIcon, InfoIcon, ServerIcon } from "@/components/icons";
import { cx } from "@/lib/cx";
import { shortId } from "@/lib/format";
import { ApprovalPanel } from "./ApprovalPanel";
import { DatasetPicker } from "./DatasetPicker";
import { EnvironmentList, EnvironmentPicker } from "./EnvironmentPicker";
import { RecentProvisions } from "./RecentProvisions";
import {
  buildProvisionRequest,
  datasetFromSearch,
  DEFAULT_LOCK_TIMEOUT,
  emptyProvisionForm,
  MAX_LOCK_TIMEOUT,
  sentSmokeIndex,
  validateProvisionForm,
  type ProvisionForm,
  type ResetMode,
} from "./request";
import { SmokeChecksEditor } from "./SmokeChecksEditor";
import { useProvisionHistory } from "./useProvisionHistory";

const APPROVALS_ID = "awaiting-approval";

const RESET_MODES: readonly { value: ResetMode; label: string; description: string }[] = [
  {
    value: "truncate",
    label: "Truncate",
    description:
      "Empty the dataset's tables and keep them: their structure, indexes, grants and anything added by hand stay. Fast; needs the tables to match the dataset.",
  },
  {
    value: "recreate",
    label: "Recreate",
    description:
      "Drop the dataset's tables and create them again from its schema version: picks up schema changes, but whatever was added to those tables by hand is lost.",
  },
];

function ApprovalNotice({ environment }: { environment: string }) {
  return (
    <div role="status" className="flex gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <AlertIcon className="mt-0.5 h-5 w-5 shrink-0 text-amber-500" />
      <div>
        <p className="font-medium">{environment} requires an approval</p>
        <p className="mt-0.5">
          The job will wait in <strong>Awaiting approval</strong> before it loads anything, until another person approves it: whoever
          submits cannot approve their own job (four eyes). Approvers find it in{" "}
          <a href={`#${APPROVALS_ID}`} className="font-medium underline hover:text-amber-700">
            Jobs awaiting approval
          </a>{" "}
          or on the job&apos;s page.
        </p>
      </div>
    </div>
  );
}

function ProvisionFormView({ initialDataset, history }: { initialDataset: string; history: ReturnType<typeof useProvisionHistory> }) {
  const navigate = useNavigate();
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const idCounter = useRef(0);
  const [form, setForm] = useState<ProvisionForm>(() => emptyProvisionForm(initialDataset));
  const [checked, setChecked] = useState(false);
  const environments = useEnvironments();
  const datasets = useProvisionDatasets();
  const linked = useDatasetVersion(
    form.datasetVersionId,
    datasets.isSuccess && !datasets.data.items.some((d) => d.id === form.datasetVersionId),
  );
  const submit = useSubmitProvision();

  const set = (patch: Partial<ProvisionForm>) => setForm((prev) => ({ ...prev, ...patch }));
  const body = buildProvisionRequest(form);
  const clientErrors = validateProvisionForm(form);
  const clientCount = Object.keys(clientErrors).length;
  const problem = problemOf(submit.error);
  const errorFor = (path: string) => problem?.fieldError(path) ?? (checked ? clientErrors[path] : undefined);
  const smokeErrorFor = (index: number, field: "name" | "sql" | "expect") => {
    const sent = sentSmokeIndex(form, index);
    return (
      (sent >= 0 ? problem?.fieldError(`smoke_checks.${String(sent)}.${field}`) : undefined) ??
      (checked ? clientErrors[`smoke_checks.row.${String(index)}.${field}`] : undefined)
    );
  };

  const environment = environments.data?.items.find((env) => env.name === form.targetEnv);
  const dataset =
    datasets.data?.items.find((d) => d.id === form.datasetVersionId) ??
    (linked.data?.id === form.datasetVersionId ? linked.data : undefined);
  const needsApproval = environment?.requires_approval ?? false;

  const focusInvalid = () =>
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], fieldset[aria-describedby] input')?.focus(),
    );

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setChecked(true);
    if (clientCount > 0) {
      focusInvalid();
      return;
    }
    submit.mutate(body, {
      onSuccess: (accepted) => {
        toast.show(
          needsApproval
            ? { title: "Provisioning queued: it waits for an approval", detail: `Someone other than you approves it.`, tone: "info" }
            : { title: "Provisioning job queued", detail: `Job ${shortId(accepted.job_id)}`, tone: "success" },
        );
        void navigate({ to: "/jobs/$jobId", params: { jobId: accepted.job_id } });
      },
      onError: focusInvalid,
    });
  };

  return (
    <>
      <form ref={formRef} noValidate onSubmit={onSubmit} className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          <Card
            title="Dataset version"
            description="An active version from the Dataset Catalog: a subset, a masked copy or synthetic data."
          >
            <DatasetPicker
              value={form.datasetVersionId}
              onChange={(datasetVersionId) => set({ datasetVersionId })}
              error={errorFor("dataset_version_id")}
            />
          </Card>

          <Card title="Target environment" description="Where the data is loaded, in one transaction: all or nothing.">
            <div className="space-y-4">
              <EnvironmentPicker
                value={form.targetEnv}
                onChange={(targetEnv) => set({ targetEnv })}
                error={errorFor("target_env")}
                history={history.byEnvironment}
              />
              {needsApproval ? <ApprovalNotice environment={form.targetEnv} /> : null}
            </div>
          </Card>

          <Card title="Reset" description="What happens to the rows already in the environment's tables.">
            <div className="space-y-4">
              <Checkbox
                label="Reset the environment first"
                hint="Empty the dataset's tables before loading. Off: the rows are added to what is there (keys may then collide)."
                checked={form.resetEnv}
                error={errorFor("reset_env")}
                onChange={(e) => set({ resetEnv: e.target.checked })}
              />
              <fieldset disabled={!form.resetEnv} className={cx("space-y-2", !form.resetEnv && "opacity-60")}>
                <legend className="text-sm font-medium text-slate-700">Reset mode</legend>
                <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
                  {RESET_MODES.map((mode) => (
                    <label
                      key={mode.value}
                      className={cx(
                        "flex cursor-pointer items-start gap-3 rounded-lg border p-3 focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-indigo-600",
                        form.resetMode === mode.value && form.resetEnv ? "border-indigo-500 bg-indigo-50/40" : "border-slate-200",
                      )}
                    >
                      <input
                        type="radio"
                        name="reset_mode"
                        value={mode.value}
                        checked={form.resetMode === mode.value}
                        onChange={() => set({ resetMode: mode.value })}
                        aria-describedby={`reset-mode-${mode.value}`}
                        className="mt-0.5 h-4 w-4 accent-indigo-600"
                      />
                      <span>
                        <span className="block text-sm font-medium text-slate-900">{mode.label}</span>
                        <span id={`reset-mode-${mode.value}`} className="mt-0.5 block text-xs text-slate-500">
                          {mode.description}
                        </span>
                      </span>
                    </label>
                  ))}
                </div>
                {errorFor("reset_mode") ? <p className="text-xs font-medium text-rose-600">{errorFor("reset_mode")}</p> : null}
              </fieldset>
            </div>
          </Card>

          <Card title="Smoke tests" description="Checked in the target after the load, before the commit: a failure rolls everything back.">
            <div className="space-y-4">
              <Checkbox
                label="Run smoke tests"
                hint="Row counts and foreign keys are checked, then the custom checks below run."
                checked={form.runSmokeTests}
                error={errorFor("run_smoke_tests")}
                onChange={(e) => set({ runSmokeTests: e.target.checked })}
              />
              {form.runSmokeTests ? (
                <SmokeChecksEditor
                  checks={form.smokeChecks}
                  onChange={(smokeChecks) => set({ smokeChecks })}
                  errorFor={smokeErrorFor}
                  nextId={() => (idCounter.current += 1)}
                />
              ) : (
                <p className="text-sm text-slate-500">No check runs: the load commits as soon as the rows are in.</p>
              )}
              {errorFor("smoke_checks") ? <p className="text-xs font-medium text-rose-600">{errorFor("smoke_checks")}</p> : null}
            </div>
          </Card>

          <Card title="Locking" description="One provision at a time per environment.">
            <NumberInput
              label="Lock timeout (seconds)"
              className="max-w-xs"
              min={0}
              max={MAX_LOCK_TIMEOUT}
              step={1}
              value={form.lockTimeoutSeconds}
              hint={`How long to wait for another provision into the same environment to finish (0–${MAX_LOCK_TIMEOUT.toLocaleString("en-US")}; default ${DEFAULT_LOCK_TIMEOUT.toLocaleString("en-US")} = 30 min).`}
              error={errorFor("lock_timeout_seconds")}
              onValueChange={(lockTimeoutSeconds) => set({ lockTimeoutSeconds })}
            />
          </Card>
        </div>

        <aside className="space-y-4 lg:sticky lg:top-24">
          <Card title="Provision" description="POST /api/v1/provision">
            <div className="space-y-4">
              <dl className="space-y-2 text-sm">
                <div>
                  <dt className="text-xs font-medium text-slate-500">Dataset version</dt>
                  <dd className="mt-0.5 text-slate-900">
                    {dataset ? (
                      <>
                        {dataset.name ?? "Unnamed dataset"}{" "}
                        <code className="font-mono text-xs text-slate-500" title={dataset.id}>
                          {shortId(dataset.id)}
                        </code>
                      </>
                    ) : form.datasetVersionId ? (
                      <code className="font-mono text-xs" title={form.datasetVersionId}>
                        {shortId(form.datasetVersionId)}
                      </code>
                    ) : (
                      <span className="text-slate-400">Not chosen</span>
                    )}
                  </dd>
                </div>
                <div>
                  <dt className="text-xs font-medium text-slate-500">Environment</dt>
                  <dd className="mt-0.5 text-slate-900">
                    {form.targetEnv || <span className="text-slate-400">Not chosen</span>}
                    {needsApproval ? <span className="ml-2 text-xs text-amber-700">waits for an approval</span> : null}
                  </dd>
                </div>
              </dl>
              <JsonView value={body} label="Request JSON" className="max-h-80 overflow-y-auto" />
              {checked && clientCount > 0 ? (
                <p role="alert" className="text-xs font-medium text-rose-600">
                  {clientCount === 1 ? "One field needs" : `${String(clientCount)} fields need`} your attention before provisioning.
                </p>
              ) : null}
              {submit.error ? <ProblemAlert error={submit.error} /> : null}
              <Button
                type="submit"
                variant="primary"
                className="w-full"
                loading={submit.isPending}
                icon={<ServerIcon className="h-4 w-4" />}
              >
                {needsApproval ? "Provision (after approval)" : "Provision"}
              </Button>
              <p className="text-xs text-slate-500">You follow the job live on its page.</p>
            </div>
          </Card>
        </aside>
      </form>
      <LowerPanels history={history} selected={form.targetEnv} highlight={needsApproval} />
    </>
  );
}

function LowerPanels({
  history,
  selected = "",
  highlight = false,
}: {
  history: ReturnType<typeof useProvisionHistory>;
  selected?: string;
  highlight?: boolean;
}) {
  return (
    <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
      <ApprovalPanel id={APPROVALS_ID} highlight={highlight} />
      <RecentProvisions history={history} selected={selected} />
    </div>
  );
}

export function ProvisioningConsole() {
  const { can } = useSession();
  const searchStr = useRouterState({ select: (state) => state.location.searchStr });
  const initialDataset = datasetFromSearch(searchStr);
  const history = useProvisionHistory();
  const operator = can("operator");

  return (
    <>
      <PageHeader
        title="Provisioning Console"
        description="Load a dataset version into a target environment in one transaction, with reset and smoke-test options."
      />
      <div className="space-y-6">
        {operator ? (
          // A new ?dataset= (a link followed while here) starts a fresh form.
          <ProvisionFormView key={initialDataset} initialDataset={initialDataset} history={history} />
        ) : (
          <>
            <p className="flex gap-2 rounded-lg border border-indigo-100 bg-indigo-50 px-4 py-3 text-sm text-indigo-900">
              <InfoIcon className="mt-0.5 h-4 w-4 shrink-0" />
              <span>
                Your API key is a <strong>viewer</strong>: you can see the environments, what waits for an approval and the recent
                provisions. Provisioning needs an operator key.
              </span>
            </p>
            <Card title="Environments" description="Targets for provisioning (GET /environments).">
              <EnvironmentList history={history.byEnvironment} />
            </Card>
            <LowerPanels history={history} />
          </>
        )}
      </div>
    </>
  );
}
