import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { TRANSFORMERS } from "./fixtures";
import { ParamsForm } from "./ParamsForm";
import {
  defaultParams,
  describeBounds,
  fromFormValues,
  paramFields,
  toFormValues,
  validateFormValues,
  type FormValues,
  type ParamField,
} from "./paramsSchema";

const schemaOf = (name: string) => {
  const found = TRANSFORMERS.find((t) => t.name === name);
  if (!found) throw new Error(`no transformer ${name}`);
  return found.params_schema;
};

/** The parts of a field a case checks. */
type Expected = Partial<ParamField> & Pick<ParamField, "name" | "kind">;

describe("parameter schema -> form fields", () => {
  const cases: { transformer: string; fields: Expected[] }[] = [
    {
      transformer: "mask.date_shift",
      fields: [
        { name: "max_days", kind: "integer", minimum: 1, maximum: 36500, default: 365, nullable: false, label: "Max Days" },
        { name: "entity", kind: "string", nullable: true, default: null, description: "Column of the row whose value picks the shift." },
      ],
    },
    {
      transformer: "mask.fake_name",
      fields: [
        { name: "part", kind: "enum", options: ["first", "last", "full"], default: "full", nullable: false },
        { name: "locale", kind: "enum", options: ["en", "fr", "de", "es", "pt", "it"], default: "en" },
      ],
    },
    {
      transformer: "mask.email_deterministic",
      fields: [
        { name: "domain", kind: "string", maxLength: 100, default: "example.com" },
        { name: "keep_domain", kind: "boolean", default: false },
      ],
    },
    {
      transformer: "mask.fake_phone",
      fields: [{ name: "keep_prefix", kind: "integer", nullable: true, minimum: 0, maximum: 6, default: null }],
    },
    {
      transformer: "mask.hash",
      fields: [
        { name: "length", kind: "integer", nullable: true, minimum: 4, maximum: 128 },
        { name: "alphabet", kind: "enum", nullable: true, options: ["hex", "base32", "alnum", "digits", "letters"] },
        { name: "prefix", kind: "string", default: "", maxLength: 20 },
      ],
    },
    { transformer: "mask.noise", fields: [{ name: "pct", kind: "number", exclusiveMinimum: 0, maximum: 100, default: 10 }] },
    { transformer: "mask.json", fields: [{ name: "paths", kind: "json", jsonType: "object", required: true, minProperties: 1 }] },
    {
      transformer: "mask.partial",
      fields: [{ name: "keep_last" }, { name: "keep_first" }, { name: "mask_char", minLength: 1, maxLength: 1 }] as Expected[],
    },
    { transformer: "mask.fake_address", fields: [] },
  ];

  it.each(cases)("$transformer", ({ transformer, fields }) => {
    const got = paramFields(schemaOf(transformer));
    expect(got.map((f) => f.name)).toEqual(fields.map((f) => f.name));
    fields.forEach((expected, index) => expect(got[index]).toMatchObject(expected));
  });

  it("follows $ref into $defs and reads const, allOf and type lists", () => {
    const fields = paramFields({
      $defs: { Mode: { enum: ["a", "b"], type: "string", title: "Mode" } },
      properties: {
        mode: { $ref: "#/$defs/Mode", default: "a" },
        wrapped: { allOf: [{ $ref: "#/$defs/Mode" }], default: "b", description: "wrapped" },
        fixed: { const: "x" },
        maybe: { type: ["integer", "null"], minimum: 2 },
        either: { anyOf: [{ type: "string" }, { type: "integer" }] },
      },
      required: ["fixed"],
      type: "object",
    });
    expect(fields).toMatchObject([
      { name: "mode", kind: "enum", options: ["a", "b"], default: "a", label: "Mode" },
      { name: "wrapped", kind: "enum", default: "b", description: "wrapped" },
      { name: "fixed", kind: "enum", options: ["x"], required: true },
      { name: "maybe", kind: "integer", nullable: true, minimum: 2, label: "Maybe" },
      { name: "either", kind: "json", jsonType: "any" },
    ]);
  });
});

describe("form values", () => {
  const cases: { transformer: string; params: Record<string, unknown>; values: FormValues; back: Record<string, unknown> }[] = [
    { transformer: "mask.date_shift", params: {}, values: { max_days: 365, entity: null }, back: {} },
    {
      transformer: "mask.date_shift",
      params: { max_days: 30, entity: "customer_id" },
      values: { max_days: 30, entity: "customer_id" },
      back: { max_days: 30, entity: "customer_id" },
    },
    { transformer: "mask.fake_name", params: { part: "last" }, values: { part: "last", locale: "en" }, back: { part: "last" } },
    {
      transformer: "mask.email_deterministic",
      params: { keep_domain: true },
      values: { domain: "example.com", keep_domain: true },
      back: { keep_domain: true },
    },
    {
      transformer: "mask.hash",
      params: { alphabet: "digits", length: 9 },
      values: { length: 9, alphabet: "digits", prefix: "" },
      back: { alphabet: "digits", length: 9 },
    },
    {
      transformer: "mask.json",
      params: { paths: { "$.email": "mask.hash" } },
      values: { paths: '{\n  "$.email": "mask.hash"\n}' },
      back: { paths: { "$.email": "mask.hash" } },
    },
  ];

  it.each(cases)("$transformer with $params", ({ transformer, params, values, back }) => {
    const fields = paramFields(schemaOf(transformer));
    expect(toFormValues(fields, params)).toEqual(values);
    expect(fromFormValues(fields, values)).toEqual(back);
  });

  it("lists the defaults a rule without params means", () => {
    expect(defaultParams(paramFields(schemaOf("mask.fake_name")))).toEqual({ part: "full", locale: "en" });
    expect(defaultParams(paramFields(schemaOf("mask.hash")))).toEqual({ prefix: "" });
  });
});

describe("validation", () => {
  const cases: { transformer: string; values: FormValues; errors: Record<string, string> }[] = [
    { transformer: "mask.date_shift", values: { max_days: 365, entity: null }, errors: {} },
    { transformer: "mask.date_shift", values: { max_days: 0 }, errors: { max_days: "Must be at least 1." } },
    { transformer: "mask.date_shift", values: { max_days: 40000 }, errors: { max_days: "Must be at most 36500." } },
    { transformer: "mask.date_shift", values: { max_days: 1.5 }, errors: { max_days: "Must be a whole number." } },
    { transformer: "mask.date_shift", values: { max_days: null }, errors: {} },
    { transformer: "mask.noise", values: { pct: 0 }, errors: { pct: "Must be greater than 0." } },
    { transformer: "mask.noise", values: { pct: 0.5 }, errors: {} },
    { transformer: "mask.fake_name", values: { part: "middle" }, errors: { part: "Must be one of first, last, full." } },
    { transformer: "mask.email_deterministic", values: { domain: "x".repeat(101) }, errors: { domain: "Must be at most 100 characters." } },
    { transformer: "mask.partial", values: { mask_char: "" }, errors: {} },
    { transformer: "mask.partial", values: { mask_char: "##" }, errors: { mask_char: "Must be at most 1 character." } },
    { transformer: "mask.json", values: { paths: "" }, errors: { paths: "Required." } },
    { transformer: "mask.json", values: { paths: "[1]" }, errors: { paths: "Must be a JSON object ({…})." } },
    { transformer: "mask.json", values: { paths: "{}" }, errors: { paths: "Needs at least 1 entry." } },
    { transformer: "mask.json", values: { paths: '{"$.a": "mask.hash"}' }, errors: {} },
  ];

  it.each(cases)("$transformer $values", ({ transformer, values, errors }) => {
    expect(validateFormValues(paramFields(schemaOf(transformer)), values)).toEqual(errors);
  });

  it("rejects text that is not JSON", () => {
    const errors = validateFormValues(paramFields(schemaOf("mask.json")), { paths: "{oops" });
    expect(errors.paths).toMatch(/^Not valid JSON/);
  });

  it("describes bounds for hints", () => {
    const [maxDays] = paramFields(schemaOf("mask.date_shift"));
    const [pct] = paramFields(schemaOf("mask.noise"));
    expect(describeBounds(maxDays!)).toBe("From 1 to 36500");
    expect(describeBounds(pct!)).toBe("From more than 0 to 100");
  });
});

function Harness({ transformer }: { transformer: string }) {
  const fields = paramFields(schemaOf(transformer));
  const [values, setValues] = useState(() => toFormValues(fields));
  return (
    <>
      <ParamsForm
        fields={fields}
        values={values}
        errors={validateFormValues(fields, values)}
        onChange={(name, value) => setValues((prev) => ({ ...prev, [name]: value }))}
      />
      <output data-testid="params">{JSON.stringify(fromFormValues(fields, values))}</output>
    </>
  );
}

describe("the rendered form", () => {
  it.each([
    { transformer: "mask.fake_name", control: "combobox", name: "Part", value: "full" },
    { transformer: "mask.date_shift", control: "spinbutton", name: "Max Days", value: 365 },
    { transformer: "mask.email_deterministic", control: "textbox", name: "Domain", value: "example.com" },
  ])("$transformer: $name starts at its default", ({ transformer, control, name, value }) => {
    render(<Harness transformer={transformer} />);
    expect(screen.getByRole(control, { name })).toHaveValue(value);
  });

  it("renders bounds, descriptions and enum choices, and edits params", async () => {
    const user = userEvent.setup();
    render(<Harness transformer="mask.date_shift" />);
    const maxDays = screen.getByRole("spinbutton", { name: "Max Days" });
    expect(maxDays).toHaveAttribute("min", "1");
    expect(maxDays).toHaveAttribute("max", "36500");
    expect(maxDays).toHaveAccessibleDescription("Largest shift, in days, either way. From 1 to 36500. Default: 365.");
    await user.clear(maxDays);
    await user.type(maxDays, "0");
    expect(maxDays).toHaveAccessibleDescription(/Must be at least 1\./);
    expect(maxDays).toBeInvalid();
    await user.type(maxDays, "7");
    expect(screen.getByTestId("params")).toHaveTextContent('{"max_days":7}');
    await user.type(screen.getByRole("textbox", { name: "Entity" }), "customer_id");
    expect(screen.getByTestId("params")).toHaveTextContent('{"max_days":7,"entity":"customer_id"}');
  });

  it("renders booleans as checkboxes and nullable enums with an automatic choice", async () => {
    const user = userEvent.setup();
    const { unmount } = render(<Harness transformer="mask.email_deterministic" />);
    const keep = screen.getByRole("checkbox", { name: "Keep Domain" });
    expect(keep).not.toBeChecked();
    await user.click(keep);
    expect(screen.getByTestId("params")).toHaveTextContent('{"keep_domain":true}');
    unmount();

    render(<Harness transformer="mask.hash" />);
    const alphabet = screen.getByRole("combobox", { name: "Alphabet" });
    expect(alphabet).toHaveValue("");
    expect(screen.getByRole("option", { name: "Automatic" })).toBeInTheDocument();
    await user.selectOptions(alphabet, "digits");
    expect(screen.getByTestId("params")).toHaveTextContent('{"alphabet":"digits"}');
  });

  it("says when a transformer takes no parameters", () => {
    render(<Harness transformer="mask.fake_address" />);
    expect(screen.getByText("This transformer takes no parameters.")).toBeInTheDocument();
  });
});
