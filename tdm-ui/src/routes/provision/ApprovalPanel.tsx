// Jobs awaiting an approval (GET /jobs?status=awaiting_approval), with Approve / Reject for operators.
// The API enforces four eyes (the submitter cannot approve their own job): its 403 / 409 problem is shown
// in the dialog exactly as written.
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { operationLabel } from "@/api/jobMeta";
import { useAwaitingApproval, useJobDetails } from "@/api/queries/provision";
import { useJobAction, type JobActionKind } from "@/api/queries/jobs";
import type { JobDetail, JobSummary } from "@/api/types";
import { useSession } from "@/auth/useSession";
import { Button, Card, ConfirmDialog, EmptyState, ProblemAlert, RelativeTime, Skeleton, Textarea, useToast } from "@/components";
import { CheckIcon, ClockIcon, XIcon } from "@/components/icons";
import { cx } from "@/lib/cx";
import { shortId } from "@/lib/format";
import { provisionTarget } from "./request";

const DIALOGS = {
  approve: {
    title: "Approve this job?",
    description: "It goes back to the queue and continues with the step that waited for the approval.",
    confirm: "Approve",
    tone: "primary",
    done: "Job approved",
  },
  reject: {
    title: "Reject this job?",
    description: "It ends as cancelled, with your rejection as its reason.",
    confirm: "Reject",
    tone: "danger",
    done: "Job rejected",
  },
} as const;

type Decision = Exclude<JobActionKind, "cancel">;

function ApprovalRow({ job, detail }: { job: JobSummary; detail: JobDetail | undefined }) {
  const { can, name } = useSession();
  const action = useJobAction(job.id);
  const toast = useToast();
  const [open, setOpen] = useState<Decision | null>(null);
  const [comment, setComment] = useState("");
  const own = job.user_id !== null && job.user_id === name;
  const target = detail ? provisionTarget(detail) : null;
  const label = `${operationLabel(job.operation)} ${shortId(job.id)}`;

  const start = (kind: Decision) => {
    action.reset();
    setComment("");
    setOpen(kind);
  };
  const confirm = () => {
    if (!open) return;
    const kind = open;
    action.mutate(
      { action: kind, comment: comment.trim() || undefined },
      {
        onSuccess: (result) => {
          setOpen(null);
          toast.show({ title: DIALOGS[kind].done, detail: result.detail, tone: "success" });
        },
      },
    );
  };
  const dialog = open ? DIALOGS[open] : null;

  return (
    <li className="px-5 py-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <Link
            to="/jobs/$jobId"
            params={{ jobId: job.id }}
            className="text-sm font-medium text-indigo-600 hover:text-indigo-500 hover:underline"
            title={job.id}
          >
            {operationLabel(job.operation)} <span className="font-mono text-xs">{shortId(job.id)}</span>
          </Link>
          <p className="mt-0.5 text-xs text-slate-500">
            by {job.user_id ?? "unknown"}
            {own ? " (you)" : ""} · <RelativeTime value={job.created_at} />
          </p>
          {target?.environment ? (
            <p className="mt-0.5 text-xs text-slate-600">
              into <strong className="font-medium">{target.environment}</strong>
              {target.datasetId ? (
                <>
                  {" "}
                  · dataset{" "}
                  <code className="font-mono" title={target.datasetId}>
                    {shortId(target.datasetId)}
                  </code>
                </>
              ) : null}
            </p>
          ) : null}
        </div>
        {can("operator") ? (
          <div className="flex shrink-0 gap-2">
            <Button
              size="sm"
              variant="primary"
              icon={<CheckIcon className="h-4 w-4" />}
              aria-label={`Approve ${label}`}
              onClick={() => start("approve")}
            >
              Approve
            </Button>
            <Button size="sm" icon={<XIcon className="h-4 w-4" />} aria-label={`Reject ${label}`} onClick={() => start("reject")}>
              Reject
            </Button>
          </div>
        ) : null}
      </div>
      {own && can("operator") ? (
        <p className="mt-1.5 text-xs text-amber-700">You submitted this job: with four eyes on, another key has to approve it.</p>
      ) : null}
      {dialog ? (
        <ConfirmDialog
          open
          title={dialog.title}
          description={
            <>
              {label}
              {target?.environment ? ` into ${target.environment}` : ""}. {dialog.description}
            </>
          }
          confirmLabel={dialog.confirm}
          tone={dialog.tone}
          loading={action.isPending}
          error={action.error}
          onCancel={() => setOpen(null)}
          onConfirm={confirm}
        >
          <Textarea
            label="Comment"
            hint="Optional; recorded in the job's log."
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </ConfirmDialog>
      ) : null}
    </li>
  );
}

export function ApprovalPanel({ highlight = false, id }: { highlight?: boolean; id?: string }) {
  const jobs = useAwaitingApproval();
  const details = useJobDetails(jobs.data?.items);
  const { can } = useSession();

  let body;
  if (jobs.isPending) {
    body = (
      <ul className="divide-y divide-slate-100" aria-label="Loading jobs awaiting approval">
        {Array.from({ length: 3 }, (_, i) => (
          <li key={i} className="px-5 py-3">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="mt-2 h-3 w-56" />
          </li>
        ))}
      </ul>
    );
  } else if (jobs.isError) {
    body = (
      <div className="p-5">
        <ProblemAlert error={jobs.error} onRetry={() => void jobs.refetch()} />
      </div>
    );
  } else if (jobs.data.items.length === 0) {
    body = (
      <EmptyState
        className="py-8"
        icon={<ClockIcon className="h-5 w-5" />}
        title="Nothing awaits an approval"
        description="Provisions into an environment that requires an approval wait here until someone other than their submitter decides."
      />
    );
  } else {
    body = (
      <ul className="divide-y divide-slate-100">
        {jobs.data.items.map((job, index) => (
          <ApprovalRow key={job.id} job={job} detail={details[index]?.data} />
        ))}
      </ul>
    );
  }

  const total = jobs.data?.total ?? 0;
  return (
    <div id={id} className={cx("scroll-mt-24 rounded-xl", highlight && "ring-2 ring-amber-300")}>
      <Card
        title={`Jobs awaiting approval${total > 0 ? ` (${String(total)})` : ""}`}
        description={
          can("operator")
            ? "Four eyes: someone other than the submitter approves. Refreshed every 5 s while jobs wait."
            : "Operators approve or reject these; you can follow them."
        }
        padded={false}
        actions={
          <Link to="/jobs" search={{ status: "awaiting_approval" }} className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
            All →
          </Link>
        }
      >
        {body}
      </Card>
    </div>
  );
}
