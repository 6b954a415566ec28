// Form fields with a label, hint and error text wired for assistive technology (htmlFor, aria-invalid,
// aria-describedby): Field wraps any control; TextInput, NumberInput, Select, Textarea, Checkbox are ready-made.
import { useId, type ComponentProps, type ReactNode } from "react";
import { cx } from "@/lib/cx";

interface FieldOwnProps {
  label: ReactNode;
  /** Help shown under the control. */
  hint?: ReactNode;
  /** Error text (e.g. problem.fieldError("root_table")); marks the control invalid. */
  error?: string | undefined;
  required?: boolean;
  className?: string;
}

export interface FieldControlProps {
  id: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string | undefined;
  required: boolean | undefined;
}

/** A labelled field around any control: `children` receives the props to spread on it. */
export function Field({
  label,
  hint,
  error,
  required,
  className,
  children,
}: FieldOwnProps & { children: (control: FieldControlProps) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cx("flex flex-col gap-1.5", className)}>
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
        {required ? (
          <span className="ml-0.5 text-rose-600" aria-hidden="true">
            *
          </span>
        ) : null}
      </label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy, required: required || undefined })}
      {error ? (
        <p id={errorId} className="text-xs font-medium text-rose-600">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

const CONTROL =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 " +
  "placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none " +
  "disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500 " +
  "aria-[invalid=true]:ring-rose-400 aria-[invalid=true]:focus:ring-rose-500";

type InputProps = Omit<ComponentProps<"input">, "id"> & FieldOwnProps;

/** A labelled text input. */
export function TextInput({ label, hint, error, required, className, ...props }: InputProps) {
  return (
    <Field label={label} hint={hint} error={error} required={required} className={className}>
      {(control) => <input type="text" {...props} {...control} className={CONTROL} />}
    </Field>
  );
}

/** A labelled number input; `onValueChange` gets a number, or null when empty. */
export function NumberInput({
  onValueChange,
  value,
  ...props
}: Omit<InputProps, "value" | "type"> & { value: number | null | undefined; onValueChange?: (value: number | null) => void }) {
  return (
    <TextInput
      {...props}
      type="number"
      inputMode="numeric"
      value={value ?? ""}
      className={cx("tabular-nums", props.className)}
      onChange={(event) => {
        props.onChange?.(event);
        const raw = event.target.value;
        onValueChange?.(raw === "" ? null : Number(raw));
      }}
    />
  );
}

/** A labelled select; `options` or children. */
export function Select({
  label,
  hint,
  error,
  required,
  className,
  options,
  children,
  ...props
}: Omit<ComponentProps<"select">, "id"> & FieldOwnProps & { options?: readonly { value: string; label: string }[] }) {
  return (
    <Field label={label} hint={hint} error={error} required={required} className={className}>
      {(control) => (
        <select {...props} {...control} className={cx(CONTROL, "pr-8")}>
          {options?.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
          {children}
        </select>
      )}
    </Field>
  );
}

/** A labelled multi-line text input. */
export function Textarea({ label, hint, error, required, className, ...props }: Omit<ComponentProps<"textarea">, "id"> & FieldOwnProps) {
  return (
    <Field label={label} hint={hint} error={error} required={required} className={className}>
      {(control) => <textarea rows={3} {...props} {...control} className={CONTROL} />}
    </Field>
  );
}

/** A checkbox with its label on the right, and optional hint and error. */
export function Checkbox({
  label,
  hint,
  error,
  className,
  ...props
}: Omit<ComponentProps<"input">, "id" | "type"> & Omit<FieldOwnProps, "required">) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={cx("flex items-start gap-2.5", className)}>
      <input
        type="checkbox"
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
        className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        {...props}
      />
      <div className="text-sm">
        <label htmlFor={id} className="font-medium text-slate-700">
          {label}
        </label>
        {hint ? (
          <p id={hintId} className="text-xs text-slate-500">
            {hint}
          </p>
        ) : null}
        {error ? (
          <p id={errorId} className="text-xs font-medium text-rose-600">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
