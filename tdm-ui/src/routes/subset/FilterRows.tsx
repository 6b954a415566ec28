// Filter rows (table, column, operator, value) and cap rows (table, max rows) of the Subset Builder.
import { Button, NumberInput, Select, TextInput } from "@/components";
import { XIcon } from "@/components/icons";
import type { ValueKind } from "@/routes/masking/columns";
import {
  capKey,
  FILTER_OPERATORS,
  filterKey,
  operandShape,
  type CapRow,
  type ColumnInfo,
  type FilterOp,
  type FilterRow,
  type FormErrors,
  type TableInfo,
} from "./subsetRequest";

const DATE_INPUT: Partial<Record<ValueKind, string>> = { date: "date", timestamp: "datetime-local", timestamptz: "datetime-local" };

function ValueInput({
  row,
  column,
  error,
  onChange,
}: {
  row: FilterRow;
  column: ColumnInfo | undefined;
  error: string | undefined;
  onChange: (patch: Partial<FilterRow>) => void;
}) {
  const shape = operandShape(row.op);
  const kind = column?.kind;
  if (shape === "flag") {
    return (
      <Select label="Value" error={error} value={row.value} onChange={(event) => onChange({ value: event.target.value })}>
        <option value="">Choose…</option>
        <option value="true">is null</option>
        <option value="false">is not null</option>
      </Select>
    );
  }
  if (shape === "one" && (kind === "boolean" || (column && column.labels.length > 0))) {
    const options = kind === "boolean" ? ["true", "false"] : (column?.labels ?? []);
    return (
      <Select label="Value" error={error} value={row.value} onChange={(event) => onChange({ value: event.target.value })}>
        <option value="">Choose…</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </Select>
    );
  }
  const type = shape === "one" || shape === "range" ? (DATE_INPUT[kind ?? "other"] ?? "text") : "text";
  const numeric = kind === "integer" || kind === "number";
  if (shape === "range") {
    return (
      <div className="grid grid-cols-2 gap-2">
        <TextInput
          label="From"
          type={type}
          inputMode={numeric ? "decimal" : undefined}
          error={error}
          value={row.value}
          onChange={(event) => onChange({ value: event.target.value })}
        />
        <TextInput
          label="To"
          type={type}
          inputMode={numeric ? "decimal" : undefined}
          value={row.value2}
          onChange={(event) => onChange({ value2: event.target.value })}
        />
      </div>
    );
  }
  return (
    <TextInput
      label={shape === "list" ? "Values" : shape === "pattern" ? "Pattern" : "Value"}
      type={type}
      inputMode={numeric && shape === "one" ? "decimal" : undefined}
      placeholder={shape === "list" ? "a, b, c" : shape === "pattern" ? "%@example.com" : undefined}
      hint={shape === "list" ? "Separated by commas." : undefined}
      error={error}
      value={row.value}
      onChange={(event) => onChange({ value: event.target.value })}
    />
  );
}

export function FilterRows({
  rows,
  tables,
  errors,
  onChange,
  newId,
}: {
  rows: readonly FilterRow[];
  tables: readonly TableInfo[];
  errors: FormErrors;
  onChange: (rows: FilterRow[]) => void;
  newId: () => string;
}) {
  const update = (id: string, patch: Partial<FilterRow>) => onChange(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  return (
    <div className="space-y-3">
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">No filter: the root table&apos;s rows are all candidates (then capped or sampled).</p>
      ) : null}
      {rows.map((row, index) => {
        const table = tables.find((t) => t.name === row.table);
        const column = table?.columns.find((c) => c.name === row.column);
        const error = errors[filterKey(row)];
        return (
          <fieldset
            key={row.id}
            className="grid grid-cols-1 items-start gap-3 rounded-lg border border-slate-200 p-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_auto]"
          >
            <legend className="sr-only">Filter {index + 1}</legend>
            <Select label="Table" value={row.table} onChange={(event) => update(row.id, { table: event.target.value, column: "" })}>
              <option value="">Choose…</option>
              {tables.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name}
                </option>
              ))}
            </Select>
            <Select
              label="Column"
              value={row.column}
              disabled={!table}
              hint={column ? `${column.dataType} · ${column.kind}` : undefined}
              onChange={(event) => update(row.id, { column: event.target.value, value: "", value2: "" })}
            >
              <option value="">Choose…</option>
              {table?.columns.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                </option>
              ))}
            </Select>
            <Select
              label="Operator"
              value={row.op}
              onChange={(event) => {
                const op = event.target.value as FilterOp;
                const reshaped = operandShape(op) !== operandShape(row.op);
                update(row.id, reshaped ? { op, value: "", value2: "" } : { op });
              }}
            >
              {FILTER_OPERATORS.map((op) => (
                <option key={op.value} value={op.value}>
                  {op.label}
                </option>
              ))}
            </Select>
            <Button
              variant="ghost"
              className="sm:mt-6"
              aria-label={`Remove filter ${String(index + 1)}`}
              icon={<XIcon className="h-4 w-4" />}
              onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
            />
            <div className="sm:col-span-3">
              <ValueInput row={row} column={column} error={error} onChange={(patch) => update(row.id, patch)} />
            </div>
          </fieldset>
        );
      })}
      <Button size="sm" onClick={() => onChange([...rows, { id: newId(), table: "", column: "", op: "eq", value: "", value2: "" }])}>
        Add a filter
      </Button>
    </div>
  );
}

export function CapRows({
  rows,
  tables,
  errors,
  onChange,
  newId,
}: {
  rows: readonly CapRow[];
  tables: readonly TableInfo[];
  errors: FormErrors;
  onChange: (rows: CapRow[]) => void;
  newId: () => string;
}) {
  const update = (id: string, patch: Partial<CapRow>) => onChange(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  return (
    <div className="space-y-3">
      {rows.map((row, index) => (
        <fieldset key={row.id} className="grid grid-cols-1 items-start gap-3 sm:grid-cols-[minmax(0,1fr)_12rem_auto]">
          <legend className="sr-only">Cap {index + 1}</legend>
          <Select label="Table" value={row.table} onChange={(event) => update(row.id, { table: event.target.value })}>
            <option value="">Choose…</option>
            {tables.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </Select>
          <NumberInput
            label="Max rows"
            min={1}
            step={1}
            error={errors[capKey(row)]}
            value={row.max}
            onValueChange={(max) => update(row.id, { max })}
          />
          <Button
            variant="ghost"
            className="sm:mt-6"
            aria-label={`Remove cap ${String(index + 1)}`}
            icon={<XIcon className="h-4 w-4" />}
            onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
          />
        </fieldset>
      ))}
      <Button size="sm" onClick={() => onChange([...rows, { id: newId(), table: "", max: null }])}>
        Add a cap
      </Button>
    </div>
  );
}
