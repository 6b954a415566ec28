// Run masking (operators): a dataset version of this schema version, masked with a saved rule set, the
// rules being built, or rules derived from the PII map; the job page follows it live.
import type { UseMutationResult } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState, type SubmitEvent } from "react";
import { useMaskableDatasets, type MaskingRuleSet } from "@/api/queries/masking";
import { problemOf } from "@/api/problem";
import type { JobAccepted, Schema } from "@/api/types";
import { Button, Checkbox, EmptyState, ProblemAlert, Select, Skeleton, TextInput } from "@/components";
import { DatasetIcon, PlayIcon } from "@/components/icons";
import { formatDateTime, formatNumber, shortId } from "@/lib/format";
import { toRulesJson, type RuleMap } from "./rules";

type SubmitMutation = UseMutationResult<JobAccepted, Error, Schema<"MaskRequest">>;

/** Where a mask job's rules come from: the builder's, the PII map's, or a saved rule set (its id). */
export type RuleSource = "current" | "auto" | `set:${string}`;

export function RunPanel({
  schemaVersionId,
  rules,
  ruleSets,
  preferredSetId,
  submit,
  onRun,
}: {
  schemaVersionId: string;
  rules: RuleMap;
  ruleSets: readonly MaskingRuleSet[];
  /** The rule set saved or loaded last (the default source when there is one). */
  preferredSetId: string | null;
  /** Its state (pending, error) is shown here. */
  submit: SubmitMutation;
  onRun: (body: Schema<"MaskRequest">) => void;
}) {
  const datasets = useMaskableDatasets(schemaVersionId);
  const [datasetId, setDatasetId] = useState("");
  const [chosenSource, setSource] = useState<RuleSource | null>(null);
  const [allowUnmasked, setAllowUnmasked] = useState(false);
  const [keyName, setKeyName] = useState("");
  const [name, setName] = useState("");
  const ruleCount = Object.keys(rules).length;
  const defaultSource: RuleSource =
    preferredSetId && ruleSets.some((s) => s.id === preferredSetId) ? `set:${preferredSetId}` : ruleCount > 0 ? "current" : "auto";
  const source = chosenSource ?? defaultSource;
  const items = datasets.data?.items ?? [];
  const dataset = datasetId || items[0]?.id || "";
  const problem = problemOf(submit.error);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!dataset) return;
    const body: Schema<"MaskRequest"> = { dataset_version_id: dataset, allow_unmasked_pii: allowUnmasked };
    if (source === "current") body.rules = toRulesJson(rules);
    else if (source === "auto") body.rules = "auto";
    else body.rule_set_id = source.slice("set:".length);
    if (keyName.trim()) body.key_name = keyName.trim();
    if (name.trim()) body.name = name.trim();
    onRun(body);
  };

  if (datasets.isError) return <ProblemAlert error={datasets.error} onRetry={() => void datasets.refetch()} />;
  if (datasets.isLoading) {
    return (
      <div className="space-y-3" role="status" aria-label="Loading the dataset versions">
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-9 w-2/3" />
      </div>
    );
  }
  if (items.length === 0) {
    return (
      <EmptyState
        className="py-6"
        icon={<DatasetIcon className="h-5 w-5" />}
        title="No dataset version to mask"
        description="Masking reads a dataset version of this schema version: extract one with a subset first."
        action={
          <Link to="/subset" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
            Build a subset →
          </Link>
        }
      />
    );
  }

  const setOptions = ruleSets.map((set) => ({ value: `set:${set.id}`, label: `${set.name ?? "(unnamed)"} v${String(set.version)}` }));
  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Run masking">
      <Select
        label="Dataset version"
        required
        value={dataset}
        error={problem?.fieldError("dataset_version_id")}
        onChange={(event) => setDatasetId(event.target.value)}
      >
        {items.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name ?? shortId(item.id)} · {item.source_type} · {formatNumber(item.row_count)} rows · {formatDateTime(item.created_at)}
          </option>
        ))}
      </Select>
      <Select
        label="Rules"
        value={source}
        error={problem?.fieldError("rule_set_id") ?? problem?.fieldError("rules")}
        onChange={(event) => setSource(event.target.value as RuleSource)}
        hint={
          source === "auto"
            ? "Rules derived from the PII map of the schema version, as the server maps each PII type."
            : source === "current"
              ? "The rules above, as they are now (saved or not)."
              : "The saved version, exactly as it was saved."
        }
      >
        <option value="current" disabled={ruleCount === 0}>
          The rules above ({ruleCount})
        </option>
        <option value="auto">Automatic, from the PII map</option>
        {setOptions.length > 0 ? (
          <optgroup label="Saved rule sets">
            {setOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ) : null}
      </Select>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <TextInput
          label="Dataset name"
          hint="Optional: a name for the masked version."
          maxLength={255}
          value={name}
          error={problem?.fieldError("name")}
          onChange={(event) => setName(event.target.value)}
        />
        <TextInput
          label="Masking key"
          hint="Optional: a named key (TDM_MASKING_KEYS), e.g. one per environment."
          maxLength={255}
          value={keyName}
          error={problem?.fieldError("key_name")}
          onChange={(event) => setKeyName(event.target.value)}
        />
      </div>
      <Checkbox
        label="Allow unmasked PII"
        hint="Let PII columns without a rule stay as they are, instead of failing the job."
        checked={allowUnmasked}
        onChange={(event) => setAllowUnmasked(event.target.checked)}
      />
      {submit.isError ? <ProblemAlert error={submit.error} /> : null}
      <Button type="submit" variant="primary" icon={<PlayIcon className="h-4 w-4" />} loading={submit.isPending} disabled={!dataset}>
        Run masking
      </Button>
    </form>
  );
}
