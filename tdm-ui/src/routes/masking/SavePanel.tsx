// Save the rules as a versioned rule set (the same name makes a new version), and the saved versions of
// this schema version's rule sets, each loadable into the builder.
import type { UseMutationResult } from "@tanstack/react-query";
import type { SubmitEvent } from "react";
import type { MaskingRuleSet } from "@/api/queries/masking";
import { problemOf } from "@/api/problem";
import type { Schema } from "@/api/types";
import { Badge, Button, EmptyState, ProblemAlert, RelativeTime, Skeleton, TextInput } from "@/components";
import { ClockIcon } from "@/components/icons";
import { groupRuleSets } from "./rules";

type SaveMutation = UseMutationResult<MaskingRuleSet, Error, Schema<"MaskingRuleSetCreate">>;

export function SaveForm({
  name,
  onNameChange,
  ruleCount,
  latestVersion,
  save,
  onSave,
}: {
  name: string;
  onNameChange: (name: string) => void;
  ruleCount: number;
  /** The newest saved version of this name seen here, when the name exists already. */
  latestVersion: number | null;
  save: SaveMutation;
  onSave: () => void;
}) {
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (name.trim() && ruleCount > 0) onSave();
  };
  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Save the rule set">
      <TextInput
        label="Rule set name"
        required
        maxLength={255}
        value={name}
        placeholder="e.g. customer-pii"
        error={problemOf(save.error)?.fieldError("name")}
        hint={
          latestVersion
            ? `This name exists: saving makes a new version after v${String(latestVersion)}.`
            : "Saving under an existing name makes a new version."
        }
        onChange={(event) => onNameChange(event.target.value)}
      />
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" loading={save.isPending} disabled={!name.trim() || ruleCount === 0}>
          Save rule set
        </Button>
        <span className="text-xs text-slate-500">
          {ruleCount === 0 ? "Add a rule first." : `${String(ruleCount)} rule${ruleCount === 1 ? "" : "s"}`}
        </span>
      </div>
      {save.isError ? <ProblemAlert error={save.error} /> : null}
    </form>
  );
}

function VersionRow({ set, current, onLoad }: { set: MaskingRuleSet; current: boolean; onLoad: (set: MaskingRuleSet) => void }) {
  const count = Object.keys(set.rules_json).length;
  return (
    <li className="flex items-center justify-between gap-3 py-2">
      <div className="min-w-0 text-xs text-slate-500">
        <span className="mr-2 inline-flex items-center gap-1.5">
          <Badge tone={current ? "indigo" : "slate"}>v{set.version}</Badge>
        </span>
        <span className="tabular-nums">
          {count} rule{count === 1 ? "" : "s"}
        </span>
        {set.created_by ? <span> · by {set.created_by}</span> : null}
        <span> · </span>
        <RelativeTime value={set.created_at} />
      </div>
      <Button
        size="sm"
        variant="ghost"
        onClick={() => onLoad(set)}
        aria-label={`Load ${set.name ?? "rule set"} version ${String(set.version)}`}
      >
        Load
      </Button>
    </li>
  );
}

export function SavedRuleSets({
  sets,
  loading,
  error,
  onRetry,
  loadedId,
  onLoad,
}: {
  sets: readonly MaskingRuleSet[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  loadedId: string | null;
  onLoad: (set: MaskingRuleSet) => void;
}) {
  if (error) return <ProblemAlert error={error} onRetry={onRetry} />;
  if (loading || !sets) {
    return (
      <div className="space-y-2" role="status" aria-label="Loading the saved rule sets">
        <Skeleton className="h-4 w-2/3" />
        <Skeleton className="h-4 w-1/2" />
      </div>
    );
  }
  if (sets.length === 0) {
    return (
      <EmptyState
        className="py-6"
        icon={<ClockIcon className="h-5 w-5" />}
        title="Nothing saved for this version"
        description="Saved rule sets appear here with every version, ready to load or run."
      />
    );
  }
  return (
    <ul className="space-y-3" aria-label="Saved rule sets">
      {groupRuleSets(sets).map((group) => (
        <li key={group.name}>
          <p className="text-sm font-medium text-slate-800">{group.name}</p>
          <ul className="divide-y divide-slate-100">
            {group.versions.map((set) => (
              <VersionRow key={set.id} set={set} current={set.id === loadedId} onLoad={onLoad} />
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
