// Cancel / Approve / Reject a job (operator and admin only; approve and reject only while it waits
// for an approval). The API enforces the same rules: these buttons only spare a viewer a 403.
import { useState } from "react";
import { isActiveStatus } from "@/api/jobMeta";
import { useJobAction, type JobActionKind } from "@/api/queries/jobs";
import type { JobDetail } from "@/api/types";
import { useSession } from "@/auth/useSession";
import { Button, ConfirmDialog, Textarea, useToast } from "@/components";
import { CheckIcon, XIcon } from "@/components/icons";

const DIALOGS: Record<JobActionKind, { title: string; description: string; confirm: string; tone: "primary" | "danger" }> = {
  cancel: {
    title: "Cancel this job?",
    description: "A queued job stops at once; a running one stops at its next step. Datasets it was writing are removed.",
    confirm: "Cancel job",
    tone: "danger",
  },
  approve: {
    title: "Approve this job?",
    description: "The job goes back to the queue and continues with the step that waited for the approval.",
    confirm: "Approve",
    tone: "primary",
  },
  reject: {
    title: "Reject this job?",
    description: "The job ends as cancelled, with your rejection as its reason.",
    confirm: "Reject",
    tone: "danger",
  },
};

const DONE: Record<JobActionKind, string> = {
  cancel: "Cancellation requested",
  approve: "Job approved",
  reject: "Job rejected",
};

export function JobActions({ job, size = "md" }: { job: Pick<JobDetail, "id" | "status" | "cancel_requested">; size?: "sm" | "md" }) {
  const { can } = useSession();
  const action = useJobAction(job.id);
  const toast = useToast();
  const [open, setOpen] = useState<JobActionKind | null>(null);
  const [comment, setComment] = useState("");

  if (!can("operator")) return null;
  const awaiting = job.status === "awaiting_approval";
  const cancellable = isActiveStatus(job.status) && !job.cancel_requested;
  if (!awaiting && !cancellable) return null;

  const start = (kind: JobActionKind) => {
    action.reset();
    setComment("");
    setOpen(kind);
  };
  const close = () => setOpen(null);
  const confirm = () => {
    if (!open) return;
    const kind = open;
    action.mutate(
      { action: kind, comment: comment.trim() || undefined },
      {
        onSuccess: (result) => {
          setOpen(null);
          toast.show({ title: DONE[kind], detail: result.detail, tone: "success" });
        },
      },
    );
  };
  const dialog = open ? DIALOGS[open] : null;

  return (
    <>
      <div className="flex flex-wrap items-center gap-2">
        {awaiting ? (
          <>
            <Button size={size} variant="primary" icon={<CheckIcon className="h-4 w-4" />} onClick={() => start("approve")}>
              Approve
            </Button>
            <Button size={size} icon={<XIcon className="h-4 w-4" />} onClick={() => start("reject")}>
              Reject
            </Button>
          </>
        ) : null}
        {cancellable ? (
          <Button
            size={size}
            variant={awaiting ? "ghost" : "secondary"}
            className={awaiting ? undefined : "text-rose-700"}
            onClick={() => start("cancel")}
          >
            Cancel job
          </Button>
        ) : null}
      </div>
      {dialog && open ? (
        <ConfirmDialog
          open
          title={dialog.title}
          description={dialog.description}
          confirmLabel={dialog.confirm}
          tone={dialog.tone}
          loading={action.isPending}
          error={action.error}
          onCancel={close}
          onConfirm={confirm}
        >
          {open !== "cancel" ? (
            <Textarea
              label="Comment"
              hint="Optional; recorded in the job's log."
              maxLength={2000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          ) : null}
        </ConfirmDialog>
      ) : null}
    </>
  );
}
