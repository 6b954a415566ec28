// Custom smoke checks: name, SQL and expected value of the first column of the first row. They run in the
// target after the load and before the commit; one failing check rolls the whole provision back.
import { Button, TextInput, Textarea } from "@/components";
import { XIcon } from "@/components/icons";
import { MAX_SMOKE_CHECKS, type SmokeCheckRow } from "./request";

export function SmokeChecksEditor({
  checks,
  onChange,
  errorFor,
  nextId,
  disabled = false,
}: {
  checks: readonly SmokeCheckRow[];
  onChange: (checks: SmokeCheckRow[]) => void;
  /** The error of a row's field: name, sql or expect. */
  errorFor: (index: number, field: "name" | "sql" | "expect") => string | undefined;
  nextId: () => number;
  disabled?: boolean;
}) {
  const update = (id: number, patch: Partial<SmokeCheckRow>) => onChange(checks.map((c) => (c.id === id ? { ...c, ...patch } : c)));
  return (
    <div className="space-y-3">
      {checks.length === 0 ? (
        <p className="text-sm text-slate-500">
          No custom check: the built-in checks (row counts and foreign keys) still run. Add one to assert something of your own, e.g. that
          every order has a customer.
        </p>
      ) : null}
      {checks.map((check, index) => {
        const n = String(index + 1);
        return (
          <fieldset key={check.id} disabled={disabled} className="rounded-lg border border-slate-200 p-3">
            <legend className="px-1 text-xs font-semibold text-slate-600">Check {n}</legend>
            <div className="grid grid-cols-1 gap-3 md:grid-cols-[minmax(0,1fr)_12rem_auto]">
              <TextInput
                label="Name"
                placeholder="orders have a customer"
                value={check.name}
                maxLength={255}
                error={errorFor(index, "name")}
                onChange={(e) => update(check.id, { name: e.target.value })}
              />
              <TextInput
                label="Expected value"
                placeholder="0"
                value={check.expect}
                className="[&_input]:font-mono"
                error={errorFor(index, "expect")}
                onChange={(e) => update(check.id, { expect: e.target.value })}
              />
              <Button
                variant="ghost"
                size="sm"
                className="self-start md:mt-6"
                icon={<XIcon className="h-4 w-4" />}
                aria-label={`Remove check ${n}${check.name.trim() ? ` (${check.name.trim()})` : ""}`}
                onClick={() => onChange(checks.filter((c) => c.id !== check.id))}
              >
                Remove
              </Button>
            </div>
            <Textarea
              label="SQL"
              className="mt-3 [&_textarea]:font-mono [&_textarea]:text-xs"
              rows={2}
              spellCheck={false}
              placeholder="SELECT count(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL"
              value={check.sql}
              error={errorFor(index, "sql")}
              onChange={(e) => update(check.id, { sql: e.target.value })}
            />
          </fieldset>
        );
      })}
      <div className="flex flex-wrap items-center gap-3">
        <Button
          size="sm"
          disabled={disabled || checks.length >= MAX_SMOKE_CHECKS}
          onClick={() => onChange([...checks, { id: nextId(), name: "", sql: "", expect: "" }])}
        >
          Add a check
        </Button>
        <p className="text-xs text-slate-500">
          The first column of the first row must equal the expected value: numbers compare as numbers, <code>true</code>/<code>false</code>{" "}
          and <code>null</code> as such, anything else as text.
        </p>
      </div>
    </div>
  );
}
