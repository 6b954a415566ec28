// Override (or confirm) the PII label of one column: operators only; PUT /pii/{version}/columns, then the
// map and the schema are refetched. The label is kept across rediscoveries and never replaced automatically.
import { useId, useState, type SubmitEvent } from "react";
import { useSetPiiLabels } from "@/api/queries/schemas";
import { Button, Dialog, ProblemAlert, Select, useToast } from "@/components";
import { humanize } from "@/lib/format";
import { PII_TYPES } from "../schemaModel";

const PII_LABELS: Record<string, string> = {
  ssn: "SSN (national id)",
  iban: "IBAN",
  ip_address: "IP address",
  none: "None (no personal data)",
};

const OPTIONS = PII_TYPES.map((type) => ({ value: type, label: PII_LABELS[type] ?? humanize(type) }));

export function PiiOverride({
  schemaId,
  schemaVersionId,
  table,
  column,
  current,
}: {
  schemaId: string;
  schemaVersionId: string;
  /** As the PII map names it ("table" or "schema.table"). */
  table: string;
  column: string;
  current: string | null | undefined;
}) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<string>(current ?? "none");
  const mutation = useSetPiiLabels(schemaVersionId, schemaId);
  const toast = useToast();
  const formId = useId();

  const start = () => {
    setValue(current ?? "none");
    mutation.reset();
    setOpen(true);
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate([{ table, column, pii_type: value }], {
      onSuccess: () => {
        setOpen(false);
        toast.show({ tone: "success", title: "PII label saved", detail: `${table}.${column}: ${humanize(value)}` });
      },
    });
  };

  return (
    <>
      <Button size="sm" variant="ghost" onClick={start} aria-label={`Edit the PII label of ${column}`} title="Set the PII label">
        Edit
      </Button>
      <Dialog
        open={open}
        onClose={() => {
          if (!mutation.isPending) setOpen(false);
        }}
        title="Set the PII label"
        description={
          <>
            Column <code className="font-mono text-xs">{`${table}.${column}`}</code>. Your label is recorded with your name, automatic
            classification never replaces it, and later versions of the schema inherit it.
          </>
        }
        footer={
          <>
            <Button onClick={() => setOpen(false)} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button type="submit" form={formId} variant="primary" loading={mutation.isPending}>
              Save label
            </Button>
          </>
        }
      >
        <form id={formId} onSubmit={submit} className="space-y-3">
          <Select label="PII type" value={value} options={OPTIONS} onChange={(e) => setValue(e.target.value)} data-autofocus />
          {mutation.error ? <ProblemAlert error={mutation.error} /> : null}
        </form>
      </Dialog>
    </>
  );
}
