// The rules being built: one row per column, with its transformer and parameters; edit or remove.
import type { ReactNode } from "react";
import { Button, EmptyState } from "@/components";
import { MaskIcon } from "@/components/icons";
import type { RuleMap } from "./rules";

function paramsText(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return "defaults";
  return entries.map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`).join(", ");
}

export function RuleTable({
  rules,
  errors,
  canEdit,
  onEdit,
  onRemove,
  emptyAction,
}: {
  rules: RuleMap;
  /** The API's message per target (a 422 of the last save or run). */
  errors: Record<string, string>;
  canEdit: boolean;
  onEdit: (target: string) => void;
  onRemove: (target: string) => void;
  emptyAction?: ReactNode;
}) {
  const targets = Object.keys(rules).sort((a, b) => a.localeCompare(b));
  if (targets.length === 0) {
    return (
      <EmptyState
        icon={<MaskIcon className="h-5 w-5" />}
        title="No rules yet"
        description={
          canEdit
            ? "Pick a column and choose a transformer, or propose a rule for every PII column at once."
            : "Load a saved rule set to read its rules."
        }
        action={emptyAction}
      />
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Masking rules</caption>
        <thead className="border-b border-slate-200 bg-slate-50/80 text-xs font-semibold tracking-wide text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-4 py-2.5 text-left">
              Column
            </th>
            <th scope="col" className="px-4 py-2.5 text-left">
              Transformer
            </th>
            <th scope="col" className="px-4 py-2.5 text-left">
              Parameters
            </th>
            <th scope="col" className="px-4 py-2.5 text-right">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {targets.map((target) => {
            const rule = rules[target];
            if (!rule) return null;
            const error = errors[target];
            return (
              <tr key={target} className={error ? "bg-rose-50/60" : undefined}>
                <td className="px-4 py-2.5 align-top">
                  <span className="font-mono text-[13px] text-slate-900">{target}</span>
                  {error ? (
                    <p role="alert" className="mt-0.5 text-xs font-medium text-rose-700">
                      {error}
                    </p>
                  ) : null}
                </td>
                <td className="px-4 py-2.5 align-top font-mono text-[13px] text-slate-700">{rule.type}</td>
                <td className="px-4 py-2.5 align-top font-mono text-xs text-slate-500">{paramsText(rule.params)}</td>
                <td className="px-4 py-2.5 text-right align-top whitespace-nowrap">
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => onEdit(target)}
                    aria-label={`${canEdit ? "Edit" : "View"} the rule of ${target}`}
                  >
                    {canEdit ? "Edit" : "View"}
                  </Button>
                  {canEdit ? (
                    <Button size="sm" variant="ghost" onClick={() => onRemove(target)} aria-label={`Remove the rule of ${target}`}>
                      Remove
                    </Button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
