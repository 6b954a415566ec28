// A form rendered from a transformer's parameter schema (fields from paramsSchema.ts).
import { Checkbox, NumberInput, Select, Textarea, TextInput } from "@/components";
import { describeBounds, describeDefault, type FormValues, type ParamField } from "./paramsSchema";

function hintOf(field: ParamField): string | undefined {
  const parts = [field.description, describeBounds(field)];
  const shown = describeDefault(field);
  if (shown !== undefined && field.kind !== "boolean") parts.push(`Default: ${shown}`);
  if (field.nullable && field.default === null) parts.push("Leave empty for the automatic choice");
  const text = parts
    .filter(Boolean)
    .map((part) => (part ?? "").replace(/\.$/, ""))
    .join(". ");
  return text ? `${text}.` : undefined;
}

function ParamInput({
  field,
  value,
  error,
  disabled,
  onChange,
}: {
  field: ParamField;
  value: unknown;
  error: string | undefined;
  disabled: boolean;
  onChange: (value: unknown) => void;
}) {
  const hint = hintOf(field);
  const required = field.required && field.default === undefined;
  switch (field.kind) {
    case "boolean":
      return (
        <Checkbox
          label={field.label}
          hint={hint}
          error={error}
          checked={value === true}
          disabled={disabled}
          onChange={(event) => onChange(event.target.checked)}
        />
      );
    case "enum": {
      const empty = field.nullable || field.default === undefined;
      const current = typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
      return (
        <Select
          label={field.label}
          hint={hint}
          error={error}
          required={required}
          disabled={disabled}
          value={current}
          onChange={(event) => {
            const raw = event.target.value;
            onChange(raw === "" ? null : (field.options?.find((option) => String(option) === raw) ?? raw));
          }}
        >
          {empty ? <option value="">{field.nullable ? "Automatic" : "Choose…"}</option> : null}
          {field.options?.map((option) => (
            <option key={String(option)} value={String(option)}>
              {String(option)}
            </option>
          ))}
        </Select>
      );
    }
    case "integer":
    case "number":
      return (
        <NumberInput
          label={field.label}
          hint={hint}
          error={error}
          required={required}
          disabled={disabled}
          value={typeof value === "number" ? value : null}
          min={field.minimum}
          max={field.maximum}
          step={field.kind === "integer" ? 1 : "any"}
          placeholder={field.nullable ? "Automatic" : undefined}
          onValueChange={onChange}
        />
      );
    case "string":
      return (
        <TextInput
          label={field.label}
          hint={hint}
          error={error}
          required={required}
          disabled={disabled}
          value={typeof value === "string" ? value : ""}
          placeholder={field.nullable ? "Automatic" : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case "json":
      return (
        <Textarea
          label={field.label}
          hint={hint ? `${hint} JSON.` : "JSON."}
          error={error}
          required={required}
          disabled={disabled}
          rows={4}
          spellCheck={false}
          value={typeof value === "string" ? value : ""}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
}

/** The fields of a parameter schema; `disabled` shows them read-only. */
export function ParamsForm({
  fields,
  values,
  errors,
  disabled = false,
  onChange,
}: {
  fields: readonly ParamField[];
  values: FormValues;
  errors: Record<string, string | undefined>;
  disabled?: boolean;
  onChange: (name: string, value: unknown) => void;
}) {
  if (fields.length === 0) return <p className="text-sm text-slate-500">This transformer takes no parameters.</p>;
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
      {fields.map((field) => (
        <div key={field.name} className={field.kind === "json" || field.kind === "boolean" ? "sm:col-span-2" : undefined}>
          <ParamInput
            field={field}
            value={values[field.name]}
            error={errors[field.name]}
            disabled={disabled}
            onChange={(value) => onChange(field.name, value)}
          />
        </div>
      ))}
    </div>
  );
}
