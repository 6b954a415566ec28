// Relationships of a version: discovered foreign keys and those declared by users (who declared them).
// Operators declare and remove relationships on the latest version (the API's rule); subsetting follows
// declared ones like real foreign keys, and rediscovery carries them forward.
import { useId, useState, type SubmitEvent } from "react";
import { problemOf } from "@/api/problem";
import {
  useAddRelationship,
  useDeleteRelationship,
  useSchemaRelationships,
  type SchemaTable,
  type UserRelationship,
} from "@/api/queries/schemas";
import { useSession } from "@/auth/useSession";
import {
  Badge,
  Button,
  Card,
  ConfirmDialog,
  DataTable,
  EmptyState,
  ProblemAlert,
  Select,
  TextInput,
  useToast,
  type Column,
} from "@/components";
import { SchemaIcon } from "@/components/icons";
import { childId, parentId, relationshipKey, tableId } from "../schemaModel";

interface Pair {
  child: string;
  parent: string;
}

function AddRelationshipForm({ schemaId, tables, onDone }: { schemaId: string; tables: readonly SchemaTable[]; onDone: () => void }) {
  const names = tables.map(tableId);
  const [child, setChild] = useState("");
  const [parent, setParent] = useState("");
  const [pairs, setPairs] = useState<Pair[]>([{ child: "", parent: "" }]);
  const [name, setName] = useState("");
  const add = useAddRelationship(schemaId);
  const toast = useToast();
  const id = useId();
  const problem = problemOf(add.error);
  const columnsOf = (table: string) => tables.find((t) => tableId(t) === table)?.columns.map((c) => c.name) ?? [];
  const childColumns = columnsOf(child);
  const parentColumns = columnsOf(parent);
  const complete = child !== "" && parent !== "" && pairs.every((p) => p.child && p.parent);

  const setPair = (index: number, patch: Partial<Pair>) => setPairs(pairs.map((p, i) => (i === index ? { ...p, ...patch } : p)));
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    add.mutate(
      {
        child_table: child,
        child_columns: pairs.map((p) => p.child),
        parent_table: parent,
        parent_columns: pairs.map((p) => p.parent),
        name: name.trim() || null,
      },
      {
        onSuccess: (created) => {
          toast.show({
            tone: "success",
            title: "Relationship declared",
            detail: `${created.name ?? ""} ${childId(created)} → ${parentId(created)}`.trim(),
          });
          onDone();
        },
      },
    );
  };

  const tableOptions = [{ value: "", label: "Choose a table" }, ...names.map((n) => ({ value: n, label: n }))];
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} className="space-y-4 rounded-lg border border-indigo-100 bg-indigo-50/40 p-4">
      <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        Declare a relationship
      </h3>
      <div className="grid grid-cols-3 items-start gap-4">
        <Select
          label="Referencing (child) table"
          required
          value={child}
          options={tableOptions}
          error={problem?.fieldError("child_table")}
          onChange={(e) => {
            setChild(e.target.value);
            setPairs(pairs.map((p) => ({ ...p, child: "" })));
          }}
        />
        <Select
          label="Referenced (parent) table"
          required
          value={parent}
          options={tableOptions}
          error={problem?.fieldError("parent_table")}
          onChange={(e) => {
            setParent(e.target.value);
            setPairs(pairs.map((p) => ({ ...p, parent: "" })));
          }}
        />
        <TextInput
          label="Name"
          hint="Optional: user_<table>_<columns>_fkey when empty."
          value={name}
          maxLength={255}
          onChange={(e) => setName(e.target.value)}
          error={problem?.fieldError("name")}
        />
      </div>
      {pairs.map((pair, i) => (
        <div key={i} className="grid grid-cols-[1fr_1fr_1fr] items-end gap-4">
          <Select
            label={`Child column ${String(i + 1)}`}
            required
            value={pair.child}
            disabled={!child}
            error={problem?.fieldError(`child_columns.${String(i)}`)}
            onChange={(e) => setPair(i, { child: e.target.value })}
            options={[{ value: "", label: "Choose a column" }, ...childColumns.map((c) => ({ value: c, label: c }))]}
          />
          <Select
            label={`Parent column ${String(i + 1)}`}
            required
            value={pair.parent}
            disabled={!parent}
            error={problem?.fieldError(`parent_columns.${String(i)}`)}
            onChange={(e) => setPair(i, { parent: e.target.value })}
            options={[{ value: "", label: "Choose a column" }, ...parentColumns.map((c) => ({ value: c, label: c }))]}
          />
          <Button
            variant="ghost"
            className="justify-self-start"
            disabled={pairs.length === 1}
            aria-label={`Remove column pair ${String(i + 1)}`}
            onClick={() => setPairs(pairs.filter((_, j) => j !== i))}
          >
            Remove
          </Button>
        </div>
      ))}
      <Button size="sm" disabled={pairs.length >= 32} onClick={() => setPairs([...pairs, { child: "", parent: "" }])}>
        Add a column pair
      </Button>
      {add.error ? <ProblemAlert error={add.error} /> : null}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" loading={add.isPending} disabled={!complete}>
          Declare relationship
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}

export function RelationshipsPanel({
  schemaId,
  version,
  latestVersion,
  tables,
}: {
  schemaId: string;
  /** The version shown (undefined: the latest). */
  version: number | undefined;
  latestVersion: number | null | undefined;
  tables: readonly SchemaTable[];
}) {
  const { can } = useSession();
  const query = useSchemaRelationships(schemaId, version);
  const remove = useDeleteRelationship(schemaId);
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<UserRelationship | null>(null);
  const isLatest = version === undefined || version === latestVersion;
  const canEdit = can("operator") && isLatest;

  const columns: Column<UserRelationship>[] = [
    {
      key: "name",
      header: "Name",
      sortValue: (r) => r.name,
      cell: (r) => <span className="font-mono text-xs">{r.name ?? "—"}</span>,
    },
    {
      key: "child",
      header: "From (child)",
      sortValue: (r) => childId(r),
      cell: (r) => (
        <code className="font-mono text-xs">
          {childId(r)}({r.child_columns.join(", ")})
        </code>
      ),
    },
    {
      key: "parent",
      header: "To (parent)",
      sortValue: (r) => parentId(r),
      cell: (r) => (
        <code className="font-mono text-xs">
          {parentId(r)}({r.parent_columns.join(", ")})
        </code>
      ),
    },
    { key: "on_delete", header: "On delete", cell: (r) => r.on_delete ?? <span className="text-slate-400">—</span> },
    {
      key: "kind",
      header: "Kind",
      sortValue: (r) => (r.is_user_defined ? 1 : 0),
      cell: (r) =>
        r.is_user_defined ? (
          <Badge tone="violet" title={r.created_by ? `Declared by ${r.created_by}` : "Declared by a user"}>
            Declared{r.created_by ? ` by ${r.created_by}` : ""}
          </Badge>
        ) : (
          <Badge>Discovered</Badge>
        ),
    },
  ];
  if (canEdit) {
    columns.push({
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      align: "right",
      cell: (r) =>
        r.is_user_defined && r.name ? (
          <Button size="sm" variant="ghost" onClick={() => setRemoving(r)} aria-label={`Remove relationship ${r.name}`}>
            Remove
          </Button>
        ) : null,
    });
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-500">
          {isLatest
            ? "Foreign keys of this version. Declared relationships are followed by subsetting like real ones."
            : `Version ${String(version)} is not the latest (${String(latestVersion ?? "?")}): relationships can only be declared or removed on the latest version.`}
        </p>
        {canEdit && !adding ? (
          <Button variant="primary" onClick={() => setAdding(true)}>
            Declare a relationship
          </Button>
        ) : null}
      </div>
      {adding && canEdit ? <AddRelationshipForm schemaId={schemaId} tables={tables} onDone={() => setAdding(false)} /> : null}
      <Card padded={false}>
        {query.isError ? (
          <div className="p-4">
            <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
          </div>
        ) : (
          <DataTable
            caption="Relationships"
            columns={columns}
            rows={query.data?.relationships}
            loading={query.isPending}
            getRowKey={relationshipKey}
            empty={
              <EmptyState
                icon={<SchemaIcon className="h-5 w-5" />}
                title="No relationships"
                description={
                  canEdit
                    ? "The database declares no foreign keys here. Declare the ones the application enforces so subsets stay consistent."
                    : "The database declares no foreign keys here; an operator can declare the ones the application enforces."
                }
                action={canEdit && !adding ? <Button onClick={() => setAdding(true)}>Declare a relationship</Button> : undefined}
              />
            }
          />
        )}
      </Card>
      <ConfirmDialog
        open={removing !== null}
        title="Remove this relationship?"
        description={
          removing ? (
            <>
              <code className="font-mono text-xs">{removing.name}</code>: {childId(removing)} → {parentId(removing)}. Subsets stop following
              it; discovered foreign keys are not affected.
            </>
          ) : null
        }
        confirmLabel="Remove"
        tone="danger"
        loading={remove.isPending}
        error={remove.error}
        onCancel={() => {
          setRemoving(null);
          remove.reset();
        }}
        onConfirm={() => {
          if (!removing?.name) return;
          remove.mutate(removing.name, {
            onSuccess: () => {
              toast.show({ tone: "success", title: "Relationship removed", detail: removing.name ?? undefined });
              setRemoving(null);
            },
          });
        }}
      />
    </div>
  );
}
