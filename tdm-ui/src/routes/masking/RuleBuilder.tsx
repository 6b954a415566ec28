// Masking Rule Builder (spec 14.1): choose a schema version; its columns, PII first; a rule per column
// (a transformer from the registry, its parameters from their JSON schema, a preview on sample values);
// rules proposed from the PII map; save a versioned rule set; run masking on a dataset version.
// Viewers read the rules (and load saved sets); saving, previews and runs need the operator role.
import { Link, useNavigate } from "@tanstack/react-router";
import { useMemo, useState, type ReactNode } from "react";
import {
  useCatalogSchemas,
  useMaskingRuleSets,
  usePiiMap,
  useSaveRuleSet,
  useSchemaVersion,
  useSchemaVersions,
  useSubmitMask,
  useTransformers,
  type MaskingRuleSet,
} from "@/api/queries/masking";
import { problemOf } from "@/api/problem";
import type { Schema } from "@/api/types";
import { useSession } from "@/auth/useSession";
import { Button, Card, ConfirmDialog, EmptyState, LoadingState, PageHeader, ProblemAlert, Select, Skeleton, useToast } from "@/components";
import { InfoIcon, MaskIcon, SchemaIcon, SparkIcon } from "@/components/icons";
import { formatDateTime } from "@/lib/format";
import { builderTables } from "./columns";
import { ColumnList } from "./ColumnList";
import { RuleEditor } from "./RuleEditor";
import { autoRules, fromRulesJson, targetErrors, toRulesJson, withoutRule, type MaskRule, type RuleMap } from "./rules";
import { RuleTable } from "./RuleTable";
import { RunPanel } from "./RunPanel";
import { SavedRuleSets, SaveForm } from "./SavePanel";

interface PendingAction {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  run: () => void;
}

function Notice({ children, tone = "info" }: { children: ReactNode; tone?: "info" | "warning" }) {
  return (
    <div
      className={
        tone === "warning"
          ? "flex gap-2.5 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900"
          : "flex gap-2.5 rounded-lg border border-sky-200 bg-sky-50 px-3 py-2.5 text-sm text-sky-900"
      }
    >
      <InfoIcon className="mt-0.5 h-4 w-4 shrink-0" />
      <div className="min-w-0">{children}</div>
    </div>
  );
}

export function RuleBuilder() {
  const { can } = useSession();
  const canEdit = can("operator");
  const navigate = useNavigate();
  const toast = useToast();

  const schemas = useCatalogSchemas();
  const [chosenSchema, setChosenSchema] = useState<string | null>(null);
  const schemaItems = schemas.data?.items ?? [];
  const schema = schemaItems.find((s) => s.id === chosenSchema) ?? (chosenSchema ? undefined : schemaItems[0]);
  const schemaId = schema?.id ?? null;

  const versions = useSchemaVersions(schemaId);
  const [chosenVersion, setChosenVersion] = useState<string | null>(null);
  const versionId = chosenVersion ?? schema?.latest_version_id ?? versions.data?.items[0]?.id ?? null;

  const detail = useSchemaVersion(schemaId, versionId);
  const pii = usePiiMap(versionId);
  const transformers = useTransformers();
  const ruleSets = useMaskingRuleSets(versionId);
  const save = useSaveRuleSet();
  const submit = useSubmitMask();

  const [rules, setRules] = useState<RuleMap>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [loadedId, setLoadedId] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingAction | null>(null);

  const tables = useMemo(() => builderTables(detail.data?.tables ?? [], pii.data?.pii_map), [detail.data, pii.data]);
  const columns = useMemo(() => tables.flatMap((t) => t.columns), [tables]);
  const selectedColumn = columns.find((c) => c.target === selected);
  const transformerList = transformers.data ?? [];
  const piiCount = columns.filter((c) => c.piiType).length;
  const ruleCount = Object.keys(rules).length;
  const errors = { ...targetErrors(problemOf(submit.error), "rules"), ...targetErrors(problemOf(save.error), "rules_json") };
  const sets = ruleSets.data?.items;
  const latestOfName =
    sets?.filter((s) => s.name === name.trim()).reduce<number | null>((max, s) => Math.max(max ?? 0, s.version), null) ?? null;

  const changeRules = (next: RuleMap) => {
    setRules(next);
    save.reset();
  };

  const confirmIfRules = (action: PendingAction) => {
    if (ruleCount === 0) action.run();
    else setPending(action);
  };

  const chooseSchema = (id: string) => {
    confirmIfRules({
      title: "Change the schema?",
      description: "The rules being built name this schema's columns: they are cleared (saved rule sets stay).",
      confirmLabel: "Change schema",
      run: () => {
        setChosenSchema(id);
        setChosenVersion(null);
        setRules({});
        setSelected(null);
        setLoadedId(null);
        save.reset();
        submit.reset();
      },
    });
  };

  const loadSet = (set: MaskingRuleSet) => {
    confirmIfRules({
      title: `Load ${set.name ?? "the rule set"} v${String(set.version)}?`,
      description: "It replaces the rules being built.",
      confirmLabel: "Load",
      run: () => {
        const loaded = fromRulesJson(set.rules_json);
        changeRules(loaded);
        setName(set.name ?? "");
        setLoadedId(set.id);
        setSelected(Object.keys(loaded).sort()[0] ?? null);
      },
    });
  };

  const proposeFromPii = () => {
    const result = autoRules(columns, transformerList, rules);
    changeRules(result.rules);
    if (result.added[0]) setSelected(result.added[0]);
    const details = [
      result.kept.length > 0 ? `${String(result.kept.length)} PII column${result.kept.length === 1 ? "" : "s"} kept their rule.` : "",
      result.unmaskable.length > 0 ? `No transformer fits ${result.unmaskable.join(", ")}.` : "",
    ]
      .filter(Boolean)
      .join(" ");
    toast.show({
      title:
        result.added.length > 0
          ? `Proposed ${String(result.added.length)} rule${result.added.length === 1 ? "" : "s"} from the PII map`
          : "No new rule to propose",
      detail: details || "Review each rule, then save the rule set.",
      tone: result.unmaskable.length > 0 ? "error" : "success",
    });
  };

  const saveRuleSet = () => {
    if (!versionId) return;
    save.mutate(
      { name: name.trim(), schema_version_id: versionId, rules_json: toRulesJson(rules) },
      {
        onSuccess: (set) => {
          setLoadedId(set.id);
          toast.show({ title: `Saved ${set.name ?? "the rule set"} v${String(set.version)}`, tone: "success" });
        },
      },
    );
  };

  const run = (body: Schema<"MaskRequest">) => {
    submit.mutate(body, {
      onSuccess: (accepted) => {
        toast.show({ title: "Masking job submitted", tone: "success" });
        void navigate({ to: "/jobs/$jobId", params: { jobId: accepted.job_id } });
      },
    });
  };

  const header = (
    <PageHeader
      title="Masking Rule Builder"
      description="Choose a schema version, pick a rule for each column (PII first), preview it, save the rule set and run masking."
      actions={
        canEdit && versionId ? (
          <Button
            variant="primary"
            icon={<SparkIcon className="h-4 w-4" />}
            disabled={!pii.data || piiCount === 0 || transformerList.length === 0 || !detail.data}
            title={pii.data === null ? "This version has no PII map yet" : undefined}
            onClick={proposeFromPii}
          >
            Auto from PII
          </Button>
        ) : undefined
      }
    />
  );

  if (schemas.isError) {
    return (
      <>
        {header}
        <ProblemAlert error={schemas.error} onRetry={() => void schemas.refetch()} />
      </>
    );
  }
  if (schemas.isLoading) {
    return (
      <>
        {header}
        <Card>
          <LoadingState label="Loading schemas…" />
        </Card>
      </>
    );
  }
  if (schemaItems.length === 0) {
    return (
      <>
        {header}
        <Card padded={false}>
          <EmptyState
            icon={<SchemaIcon className="h-5 w-5" />}
            title="No schema to mask yet"
            description="Rules name the columns of a discovered schema version. Discover a source database's schema first."
            action={
              <Link to="/schemas" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
                Open the Schema Explorer →
              </Link>
            }
          />
        </Card>
      </>
    );
  }

  const versionItems = versions.data?.items ?? [];
  return (
    <>
      {header}
      {!canEdit ? (
        <div className="mb-6">
          <Notice>
            You are signed in as a <strong>viewer</strong>: rules are read-only. Saving rule sets, previews and masking runs need the
            operator role.
          </Notice>
        </div>
      ) : null}

      <Card>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
          <Select label="Schema" value={schemaId ?? ""} onChange={(event) => chooseSchema(event.target.value)}>
            {schemaItems.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </Select>
          <Select
            label="Version"
            value={versionId ?? ""}
            disabled={versions.isLoading || versionItems.length === 0}
            error={versions.isError ? versions.error.message : undefined}
            onChange={(event) => setChosenVersion(event.target.value)}
          >
            {versionItems.length === 0 && versionId ? <option value={versionId}>Latest</option> : null}
            {versionItems.length === 0 && !versionId ? <option value="">No version</option> : null}
            {versionItems.map((item) => (
              <option key={item.id} value={item.id}>
                v{item.version_number} · {formatDateTime(item.discovered_at)}
                {item.id === schema?.latest_version_id ? " (latest)" : ""}
              </option>
            ))}
          </Select>
          <div className="flex flex-col gap-1.5">
            <span className="text-sm font-medium text-slate-700">PII map</span>
            <div className="flex min-h-9 items-center text-sm" aria-live="polite">
              {!versionId ? (
                <span className="text-slate-500">—</span>
              ) : pii.isLoading ? (
                <Skeleton className="h-4 w-40" />
              ) : pii.isError ? (
                <span className="text-rose-700">{pii.error.message}</span>
              ) : pii.data === null ? (
                <span className="text-amber-800">Not classified yet</span>
              ) : (
                <span className="text-slate-700 tabular-nums">
                  {piiCount} PII column{piiCount === 1 ? "" : "s"} in {tables.filter((t) => t.piiCount > 0).length} table
                  {tables.filter((t) => t.piiCount > 0).length === 1 ? "" : "s"}
                </span>
              )}
            </div>
          </div>
        </div>
        {pii.data === null && schemaId ? (
          <div className="mt-4">
            <Notice tone="warning">
              This schema version has no PII map, so no column is flagged and "Auto from PII" has nothing to go on. Classify it from the{" "}
              <Link to="/schemas/$schemaId" params={{ schemaId }} className="font-medium underline">
                schema&apos;s page
              </Link>
              , or write the rules by hand.
            </Notice>
          </div>
        ) : null}
        {transformers.isError ? (
          <div className="mt-4">
            <ProblemAlert
              error={transformers.error}
              title="The transformer registry could not be loaded"
              onRetry={() => void transformers.refetch()}
            />
          </div>
        ) : null}
      </Card>

      {!versionId && !versions.isLoading ? (
        <Card className="mt-6" padded={false}>
          <EmptyState
            icon={<SchemaIcon className="h-5 w-5" />}
            title="This schema has no version yet"
            description="Its discovery has not finished: rules need the columns of a version."
            action={
              schemaId ? (
                <Link to="/schemas/$schemaId" params={{ schemaId }} className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
                  Open the schema →
                </Link>
              ) : undefined
            }
          />
        </Card>
      ) : (
        <>
          <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-12">
            <Card className="lg:col-span-5" title="Columns" description="Table by table, PII columns first." padded={false}>
              {detail.isError ? (
                <div className="p-4">
                  <ProblemAlert error={detail.error} onRetry={() => void detail.refetch()} />
                </div>
              ) : detail.isLoading || !detail.data ? (
                <LoadingState label="Loading columns…" />
              ) : columns.length === 0 ? (
                <EmptyState
                  icon={<SchemaIcon className="h-5 w-5" />}
                  title="This version has no tables"
                  description="Nothing to mask here."
                />
              ) : (
                <ColumnList tables={tables} rules={rules} selected={selected} errors={errors} onSelect={setSelected} />
              )}
            </Card>
            <Card
              className="lg:col-span-7"
              title="Rule"
              description={canEdit ? "A transformer and its parameters for the column." : undefined}
            >
              {transformers.isLoading ? (
                <LoadingState label="Loading transformers…" />
              ) : selected && selectedColumn ? (
                <RuleEditor
                  key={`${selected}|${String(transformerList.length)}`}
                  column={selectedColumn}
                  rule={rules[selected]}
                  transformers={transformerList}
                  canEdit={canEdit}
                  serverError={errors[selected]}
                  onApply={(rule: MaskRule) => {
                    changeRules({ ...rules, [selected]: rule });
                  }}
                  onRemove={() => {
                    changeRules(withoutRule(rules, selected));
                  }}
                />
              ) : selected ? (
                <Notice tone="warning">
                  <span className="font-mono">{selected}</span> is not a column of this schema version: remove its rule or choose another
                  version.
                </Notice>
              ) : (
                <EmptyState
                  className="py-8"
                  icon={<MaskIcon className="h-5 w-5" />}
                  title="Pick a column"
                  description={
                    canEdit ? "Choose a column on the left to give it a rule and preview it." : "Choose a column to read its rule."
                  }
                />
              )}
            </Card>
          </div>

          <Card
            className="mt-6"
            title={`Rules (${String(ruleCount)})`}
            description="What a save stores and what a run applies. Foreign keys to a masked key get the same rule on the server."
            padded={false}
            actions={
              canEdit && ruleCount > 0 ? (
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() =>
                    setPending({
                      title: "Clear every rule?",
                      description: "Saved rule sets are not affected.",
                      confirmLabel: "Clear rules",
                      run: () => {
                        changeRules({});
                        setLoadedId(null);
                      },
                    })
                  }
                >
                  Clear all
                </Button>
              ) : undefined
            }
          >
            <RuleTable
              rules={rules}
              errors={errors}
              canEdit={canEdit}
              onEdit={setSelected}
              onRemove={(target) => {
                changeRules(withoutRule(rules, target));
              }}
              emptyAction={
                canEdit && piiCount > 0 ? (
                  <Button icon={<SparkIcon className="h-4 w-4" />} onClick={proposeFromPii} disabled={transformerList.length === 0}>
                    Propose rules from the PII map
                  </Button>
                ) : undefined
              }
            />
          </Card>

          <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-2">
            <Card
              title={canEdit ? "Save the rule set" : "Saved rule sets"}
              description="Versioned by name: saving under an existing name adds a version."
            >
              {canEdit ? (
                <div className="mb-5 border-b border-slate-100 pb-5">
                  <SaveForm
                    name={name}
                    onNameChange={setName}
                    ruleCount={ruleCount}
                    latestVersion={latestOfName}
                    save={save}
                    onSave={saveRuleSet}
                  />
                </div>
              ) : null}
              {canEdit ? <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Saved versions</h3> : null}
              <SavedRuleSets
                sets={sets}
                loading={ruleSets.isLoading}
                error={ruleSets.error}
                onRetry={() => void ruleSets.refetch()}
                loadedId={loadedId}
                onLoad={loadSet}
              />
            </Card>
            {canEdit && versionId ? (
              <Card title="Run masking" description="Masks a dataset version into a new one; follow the job live.">
                <RunPanel
                  key={versionId}
                  schemaVersionId={versionId}
                  rules={rules}
                  ruleSets={sets ?? []}
                  preferredSetId={loadedId}
                  submit={submit}
                  onRun={run}
                />
              </Card>
            ) : null}
          </div>
        </>
      )}

      <ConfirmDialog
        open={pending !== null}
        title={pending?.title ?? ""}
        description={pending?.description}
        confirmLabel={pending?.confirmLabel ?? "Continue"}
        cancelLabel="Cancel"
        onCancel={() => setPending(null)}
        onConfirm={() => {
          pending?.run();
          setPending(null);
        }}
      />
    </>
  );
}
