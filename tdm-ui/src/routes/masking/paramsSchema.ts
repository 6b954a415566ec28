// A transformer's parameter JSON schema (pydantic's model_json_schema) read as form fields: string,
// integer, number, boolean and enum fields with defaults, bounds and descriptions; anything else (objects,
// arrays, unions of several types) is edited as JSON. Form values <-> params, and client-side checks
// (the API checks again when a rule is previewed, saved or run).
import { humanize } from "@/lib/format";

export type ParamKind = "string" | "integer" | "number" | "boolean" | "enum" | "json";

export interface ParamField {
  name: string;
  label: string;
  description?: string;
  kind: ParamKind;
  /** null is accepted (pydantic's `X | None`): empty means "not set". */
  nullable: boolean;
  /** Listed in the schema's `required` (no default). */
  required: boolean;
  /** The default; undefined when there is none. */
  default?: unknown;
  /** Choices of an enum field. */
  options?: readonly (string | number | boolean)[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** JSON fields: the expected JSON type, and object size bounds. */
  jsonType?: "object" | "array" | "any";
  minProperties?: number;
  maxProperties?: number;
}

/** What the form holds per field: typed values; JSON fields hold their text. */
export type FormValues = Record<string, unknown>;
export type Params = Record<string, unknown>;
type JsonSchema = Record<string, unknown>;

function isObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function omit(node: JsonSchema, keys: readonly string[]): JsonSchema {
  return Object.fromEntries(Object.entries(node).filter(([key]) => !keys.includes(key)));
}

/** `#/$defs/Name` (or `#/definitions/Name`) of the root schema. */
function resolveRef(node: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = node.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return node;
  let target: unknown = root;
  for (const part of ref.slice(2).split("/")) target = isObject(target) ? target[part] : undefined;
  if (!isObject(target)) return node;
  return { ...resolveRef(target, root), ...omit(node, ["$ref"]) };
}

/** A property's schema without its null branch: the single other branch merged with the outer keys. */
function unwrap(node: JsonSchema, root: JsonSchema): { schema: JsonSchema; nullable: boolean; union: boolean } {
  let current = resolveRef(node, root);
  const allOf = current.allOf;
  if (Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0])) {
    current = { ...resolveRef(allOf[0], root), ...omit(current, ["allOf"]) };
  }
  let nullable = false;
  const type = current.type;
  if (Array.isArray(type)) {
    const others = type.filter((t) => t !== "null");
    nullable = others.length < type.length;
    current = { ...current, type: others.length === 1 ? others[0] : others };
  }
  const branches = current.anyOf ?? current.oneOf;
  if (Array.isArray(branches)) {
    const resolved = branches.filter(isObject).map((b) => resolveRef(b, root));
    const others = resolved.filter((b) => b.type !== "null" && !(Array.isArray(b.enum) && b.enum.length === 1 && b.enum[0] === null));
    nullable = nullable || others.length < resolved.length;
    const outer = omit(current, ["anyOf", "oneOf"]);
    if (others.length === 1 && others[0]) return { schema: { ...unwrap(others[0], root).schema, ...outer }, nullable, union: false };
    return { schema: outer, nullable, union: true };
  }
  if (current.default === null) nullable = true;
  return { schema: current, nullable, union: false };
}

function fieldOf(name: string, node: JsonSchema, root: JsonSchema, required: boolean): ParamField {
  const { schema, nullable, union } = unwrap(node, root);
  const field: ParamField = {
    name,
    label: typeof schema.title === "string" && schema.title ? schema.title : humanize(name),
    kind: "json",
    nullable,
    required,
  };
  if (typeof schema.description === "string") field.description = schema.description;
  if ("default" in schema) field.default = schema.default;
  const enumValues = Array.isArray(schema.enum) ? schema.enum : "const" in schema ? [schema.const] : undefined;
  if (!union && enumValues) {
    const options = enumValues.filter((v): v is string | number | boolean => ["string", "number", "boolean"].includes(typeof v));
    field.kind = "enum";
    field.options = options;
    if (options.length < enumValues.length) field.nullable = true;
    return field;
  }
  const type = union ? undefined : schema.type;
  if (type === "string" || type === "integer" || type === "number" || type === "boolean") field.kind = type;
  else field.jsonType = type === "object" ? "object" : type === "array" ? "array" : "any";
  const bounds = {
    minimum: num(schema.minimum),
    maximum: num(schema.maximum),
    exclusiveMinimum: num(schema.exclusiveMinimum),
    exclusiveMaximum: num(schema.exclusiveMaximum),
    minLength: num(schema.minLength),
    maxLength: num(schema.maxLength),
    minProperties: num(schema.minProperties),
    maxProperties: num(schema.maxProperties),
  };
  for (const [key, value] of Object.entries(bounds)) {
    if (value !== undefined) (field as unknown as Record<string, number>)[key] = value;
  }
  if (typeof schema.pattern === "string") field.pattern = schema.pattern;
  return field;
}

/** The form fields of a parameter schema, in the schema's order. */
export function paramFields(schema: unknown): ParamField[] {
  if (!isObject(schema)) return [];
  const root = schema;
  const properties = isObject(root.properties) ? root.properties : {};
  const required = new Set(Array.isArray(root.required) ? root.required.filter((r): r is string => typeof r === "string") : []);
  return Object.entries(properties)
    .filter((entry): entry is [string, JsonSchema] => isObject(entry[1]))
    .map(([name, node]) => fieldOf(name, node, root, required.has(name)));
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The form's values for a rule's params: each field's param, else its default; JSON fields as text. */
export function toFormValues(fields: readonly ParamField[], params: Params = {}): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const value = field.name in params ? params[field.name] : field.default;
    if (field.kind === "json") values[field.name] = value === undefined || value === null ? "" : JSON.stringify(value, null, 2);
    else values[field.name] = value ?? null;
  }
  return values;
}

/** The default of every field that has one (what a rule without params means). */
export function defaultParams(fields: readonly ParamField[]): Params {
  const params: Params = {};
  for (const field of fields) if (field.default !== undefined && field.default !== null) params[field.name] = field.default;
  return params;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** The params a rule sends: set values that differ from the defaults (JSON text parsed). */
export function fromFormValues(fields: readonly ParamField[], values: FormValues): Params {
  const params: Params = {};
  for (const field of fields) {
    let value = values[field.name];
    if (field.kind === "json") {
      if (typeof value !== "string" || value.trim() === "") continue;
      const parsed = parseJson(value);
      if (!parsed.ok) continue;
      value = parsed.value;
    }
    if (value === undefined || value === null) continue;
    if (value === "" && (field.nullable || field.kind !== "string")) continue;
    if (field.default !== undefined && same(value, field.default)) continue;
    params[field.name] = value;
  }
  return params;
}

/** One field's problem, or undefined. */
export function validateField(field: ParamField, value: unknown): string | undefined {
  if (isEmpty(value) || (field.kind === "json" && typeof value === "string" && value.trim() === "")) {
    if (field.required && field.default === undefined && !field.nullable) return "Required.";
    return undefined;
  }
  switch (field.kind) {
    case "boolean":
      return typeof value === "boolean" ? undefined : "Must be true or false.";
    case "enum":
      return field.options?.some((option) => option === value) ? undefined : `Must be one of ${(field.options ?? []).join(", ")}.`;
    case "integer":
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return "Must be a number.";
      if (field.kind === "integer" && !Number.isInteger(value)) return "Must be a whole number.";
      if (field.minimum !== undefined && value < field.minimum) return `Must be at least ${String(field.minimum)}.`;
      if (field.maximum !== undefined && value > field.maximum) return `Must be at most ${String(field.maximum)}.`;
      if (field.exclusiveMinimum !== undefined && value <= field.exclusiveMinimum)
        return `Must be greater than ${String(field.exclusiveMinimum)}.`;
      if (field.exclusiveMaximum !== undefined && value >= field.exclusiveMaximum)
        return `Must be less than ${String(field.exclusiveMaximum)}.`;
      return undefined;
    }
    case "string": {
      if (typeof value !== "string") return "Must be text.";
      if (field.minLength !== undefined && value.length < field.minLength)
        return `Must be at least ${String(field.minLength)} character${field.minLength === 1 ? "" : "s"}.`;
      if (field.maxLength !== undefined && value.length > field.maxLength)
        return `Must be at most ${String(field.maxLength)} character${field.maxLength === 1 ? "" : "s"}.`;
      if (field.pattern !== undefined) {
        try {
          if (!new RegExp(field.pattern, "u").test(value)) return `Must match ${field.pattern}.`;
        } catch {
          return undefined; // a pattern JavaScript cannot read: the API checks it
        }
      }
      return undefined;
    }
    case "json": {
      if (typeof value !== "string") return undefined;
      const parsed = parseJson(value);
      if (!parsed.ok) return `Not valid JSON: ${parsed.message}`;
      const data = parsed.value;
      if (field.jsonType === "object") {
        if (!isObject(data)) return "Must be a JSON object ({…}).";
        const size = Object.keys(data).length;
        if (field.minProperties !== undefined && size < field.minProperties)
          return `Needs at least ${String(field.minProperties)} entr${field.minProperties === 1 ? "y" : "ies"}.`;
        if (field.maxProperties !== undefined && size > field.maxProperties)
          return `Takes at most ${String(field.maxProperties)} entr${field.maxProperties === 1 ? "y" : "ies"}.`;
      }
      if (field.jsonType === "array" && !Array.isArray(data)) return "Must be a JSON array ([…]).";
      return undefined;
    }
  }
}

/** Every field's problem, by field name (empty when the form is valid). */
export function validateFormValues(fields: readonly ParamField[], values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const message = validateField(field, values[field.name]);
    if (message) errors[field.name] = message;
  }
  return errors;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "From 1 to 36500", "At least 0", "More than 0", "Up to 100 characters" ... for a field's hint. */
export function describeBounds(field: ParamField): string | undefined {
  if (field.kind === "integer" || field.kind === "number") {
    const low =
      field.minimum !== undefined
        ? String(field.minimum)
        : field.exclusiveMinimum !== undefined
          ? `more than ${String(field.exclusiveMinimum)}`
          : undefined;
    const high =
      field.maximum !== undefined
        ? String(field.maximum)
        : field.exclusiveMaximum !== undefined
          ? `less than ${String(field.exclusiveMaximum)}`
          : undefined;
    if (low !== undefined && high !== undefined) return `From ${low} to ${high}`;
    if (low !== undefined) return field.minimum !== undefined ? `At least ${low}` : capitalize(low);
    if (high !== undefined) return field.maximum !== undefined ? `At most ${high}` : capitalize(high);
    return undefined;
  }
  if (field.kind === "string" && field.maxLength !== undefined) {
    return field.minLength
      ? `${String(field.minLength)} to ${String(field.maxLength)} characters`
      : `Up to ${String(field.maxLength)} characters`;
  }
  return undefined;
}

/** A default as shown to people: "365", "example.com", "off", "(empty)". */
export function describeDefault(field: ParamField): string | undefined {
  const value = field.default;
  if (value === undefined) return undefined;
  if (value === null) return undefined;
  if (typeof value === "boolean") return value ? "on" : "off";
  if (value === "") return "(empty)";
  return typeof value === "string" || typeof value === "number" ? String(value) : JSON.stringify(value);
}
