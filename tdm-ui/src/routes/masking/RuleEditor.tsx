// The rule of one column: a transformer from the registry, its parameters (a form from their JSON schema)
// and a preview on sample values. Operators edit; viewers read.
import { useMemo, useState } from "react";
import { useMaskPreview, type Transformer } from "@/api/queries/masking";
import { Badge, Button, PiiBadge, ProblemAlert, Select, Textarea } from "@/components";
import { PlayIcon } from "@/components/icons";
import { humanize } from "@/lib/format";
import { isAutoMaskedPii, type BuilderColumn } from "./columns";
import { ParamsForm } from "./ParamsForm";
import { fromFormValues, paramFields, toFormValues, validateFormValues, type FormValues } from "./paramsSchema";
import { MAX_PREVIEW_VALUES, parseSamples, showValue } from "./preview";
import { proposeRule, type MaskRule } from "./rules";

export function ConfidenceBadge({ confidence }: { confidence: number | null }) {
  if (confidence === null) return null;
  const pct = Math.round(confidence * 100);
  const tone = pct >= 90 ? "green" : pct >= 70 ? "amber" : "slate";
  return (
    <Badge tone={tone} title="Confidence of the PII classification">
      <span className="tabular-nums">{pct}%</span>
    </Badge>
  );
}

function sameRule(a: MaskRule | undefined, b: MaskRule | null): boolean {
  if (!a || !b) return !a && !b;
  return a.type === b.type && JSON.stringify(a.params) === JSON.stringify(b.params);
}

function rulePayload(rule: MaskRule): string | { type: string; params: Record<string, unknown> } {
  return Object.keys(rule.params).length === 0 ? rule.type : rule;
}

export function RuleEditor({
  column,
  rule,
  transformers,
  canEdit,
  serverError,
  onApply,
  onRemove,
}: {
  column: BuilderColumn;
  /** The column's current rule, if any. */
  rule: MaskRule | undefined;
  transformers: readonly Transformer[];
  canEdit: boolean;
  /** What the API said of this column's rule (a 422 of the last save or run). */
  serverError?: string | undefined;
  onApply: (rule: MaskRule) => void;
  onRemove: () => void;
}) {
  const suggestion = useMemo(
    () => (canEdit && !rule && isAutoMaskedPii(column.piiType) ? proposeRule(column.piiType, column.kind, transformers) : null),
    [canEdit, rule, column.piiType, column.kind, transformers],
  );
  const initial = rule ?? suggestion;
  const formFor = (start: MaskRule | null): FormValues =>
    toFormValues(paramFields(transformers.find((t) => t.name === start?.type)?.params_schema), start?.params ?? {});
  const [type, setType] = useState(initial?.type ?? "");
  const transformer = transformers.find((t) => t.name === type);
  const fields = useMemo(() => paramFields(transformer?.params_schema), [transformer]);
  const [values, setValues] = useState<FormValues>(() => formFor(initial));
  const [touched, setTouched] = useState(false);
  const errors = validateFormValues(fields, values);
  const valid = Boolean(transformer) && Object.keys(errors).length === 0;
  const draft: MaskRule | null = transformer ? { type: transformer.name, params: fromFormValues(fields, values) } : null;
  const changed = !sameRule(rule, draft);

  // The rule changed from outside (auto rules, a loaded set, removed): show it, unless it is the draft
  // itself (just applied), so that a preview stays on screen.
  const ruleKey = JSON.stringify(rule ?? null);
  const [seenRule, setSeenRule] = useState(ruleKey);
  if (seenRule !== ruleKey) {
    setSeenRule(ruleKey);
    if (changed) {
      setType(initial?.type ?? "");
      setValues(formFor(initial));
      setTouched(false);
    }
  }

  const [samples, setSamples] = useState(() => column.topValues.slice(0, 5).join("\n"));
  const preview = useMaskPreview();
  const sampleValues = parseSamples(samples, column.kind);

  const fits = transformers.filter((t) => t.kinds.includes(column.kind));
  const others = transformers.filter((t) => !t.kinds.includes(column.kind));

  const chooseType = (name: string) => {
    setType(name);
    setTouched(true);
    const next = transformers.find((t) => t.name === name);
    setValues(toFormValues(paramFields(next?.params_schema), name === rule?.type ? rule.params : {}));
  };

  const runPreview = () => {
    if (!draft || !valid || sampleValues.length === 0) return;
    preview.mutate({ rule: rulePayload(draft), values: sampleValues, column: column.preview });
  };

  const dataType = column.column.data_type ?? "unknown type";
  return (
    <div className="space-y-5">
      <div>
        <h3 className="font-mono text-sm font-semibold break-all text-slate-900">{column.target}</h3>
        <div className="mt-1.5 flex flex-wrap items-center gap-2 text-xs text-slate-500">
          <span className="font-mono">{dataType}</span>
          <Badge tone="slate" title="The kind of value transformers see">
            {column.kind}
          </Badge>
          {column.column.is_primary_key ? <Badge tone="indigo">Primary key</Badge> : null}
          {column.piiType ? <PiiBadge type={column.piiType} /> : <span>Not PII</span>}
          <ConfidenceBadge confidence={column.confidence} />
          {column.technique ? <span>by {humanize(column.technique)}</span> : null}
        </div>
      </div>

      <Select
        label="Transformer"
        value={type}
        disabled={!canEdit}
        onChange={(event) => chooseType(event.target.value)}
        hint={
          !rule && suggestion && !touched
            ? `Suggested for ${humanize(column.piiType ?? "")} columns; apply it to add the rule.`
            : canEdit
              ? undefined
              : "Read-only: editing rules needs the operator role."
        }
      >
        <option value="">{canEdit ? "Choose a transformer…" : "No rule"}</option>
        {fits.length > 0 ? (
          <optgroup label={`Masks ${column.kind} values`}>
            {fits.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </optgroup>
        ) : null}
        {others.length > 0 ? (
          <optgroup label={`Other transformers (not for ${column.kind} values)`}>
            {others.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </optgroup>
        ) : null}
      </Select>

      {transformer ? (
        <>
          <div className="rounded-lg bg-slate-50 px-3 py-2.5 text-sm text-slate-600">
            <p>{transformer.summary}</p>
            <div className="mt-2 flex flex-wrap items-center gap-1.5 text-xs">
              <span className="text-slate-500">Masks:</span>
              {transformer.kinds.map((kind) => (
                <Badge key={kind} tone={kind === column.kind ? "indigo" : "slate"}>
                  {kind}
                </Badge>
              ))}
              {transformer.unique_safe ? (
                <Badge tone="green" title="Distinct inputs stay distinct: usable on unique and key columns">
                  Keeps values unique
                </Badge>
              ) : null}
            </div>
            {!transformer.kinds.includes(column.kind) ? (
              <p className="mt-2 text-xs font-medium text-amber-700">
                This transformer does not mask {column.kind} values: the API will refuse the rule.
              </p>
            ) : null}
          </div>
          <fieldset>
            <legend className="mb-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">Parameters</legend>
            <ParamsForm
              fields={fields}
              values={values}
              errors={errors}
              disabled={!canEdit}
              onChange={(name, value) => {
                setTouched(true);
                setValues((prev) => ({ ...prev, [name]: value }));
              }}
            />
          </fieldset>
        </>
      ) : null}

      {serverError ? (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {serverError}
        </p>
      ) : null}

      {canEdit ? (
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="primary" disabled={!valid || !draft || !changed} onClick={() => draft && onApply(draft)}>
            {rule ? "Update rule" : "Add rule"}
          </Button>
          {rule ? (
            <Button variant="ghost" onClick={onRemove}>
              Remove rule
            </Button>
          ) : null}
          {rule && changed && transformer ? <span className="text-xs text-amber-700">Changes not applied yet</span> : null}
        </div>
      ) : null}

      {canEdit && transformer ? (
        <section aria-labelledby="preview-heading" className="border-t border-slate-100 pt-4">
          <h4 id="preview-heading" className="text-sm font-semibold text-slate-900">
            Preview
          </h4>
          <p className="mt-0.5 text-xs text-slate-500">Masks a few values as a job would, with the same key. Nothing is stored.</p>
          <div className="mt-3 grid grid-cols-1 gap-4 lg:grid-cols-2">
            <div className="space-y-2">
              <Textarea
                label="Sample values"
                hint={`One a line, up to ${String(MAX_PREVIEW_VALUES)}.`}
                rows={5}
                spellCheck={false}
                value={samples}
                onChange={(event) => setSamples(event.target.value)}
              />
              <div className="flex flex-wrap gap-2">
                <Button
                  size="sm"
                  variant="primary"
                  icon={<PlayIcon className="h-3.5 w-3.5" />}
                  loading={preview.isPending}
                  disabled={!valid || sampleValues.length === 0}
                  onClick={runPreview}
                >
                  Preview
                </Button>
                {column.topValues.length > 0 ? (
                  <Button size="sm" onClick={() => setSamples(column.topValues.slice(0, 10).join("\n"))}>
                    Use top values
                  </Button>
                ) : null}
              </div>
            </div>
            <div aria-live="polite">
              {preview.isError ? <ProblemAlert error={preview.error} /> : null}
              {preview.isSuccess ? <PreviewTable inputs={preview.variables.values} outputs={preview.data.values} /> : null}
              {preview.isIdle ? (
                <p className="rounded-lg border border-dashed border-slate-200 px-3 py-6 text-center text-xs text-slate-500">
                  {sampleValues.length === 0 ? "Type a few values to preview." : "Masked values appear here."}
                </p>
              ) : null}
            </div>
          </div>
        </section>
      ) : null}
    </div>
  );
}

function PreviewTable({ inputs, outputs }: { inputs: readonly unknown[]; outputs: readonly unknown[] }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Preview: each input value and its masked value</caption>
        <thead className="bg-slate-50 text-xs tracking-wide text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-3 py-2 text-left font-semibold">
              Input
            </th>
            <th scope="col" className="px-3 py-2 text-left font-semibold">
              Masked
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 font-mono text-xs">
          {inputs.map((input, index) => (
            <tr key={index}>
              <td className="px-3 py-1.5 break-all text-slate-600">{showValue(input)}</td>
              <td className="px-3 py-1.5 break-all text-slate-900">{showValue(outputs[index])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
