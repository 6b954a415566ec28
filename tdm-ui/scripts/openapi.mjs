// Generate (or check) the typed API client's inputs from the Python app's OpenAPI document.
//
//   node scripts/openapi.mjs generate   writes openapi.json and src/api/schema.d.ts
//   node scripts/openapi.mjs check      regenerates both into a temporary folder and fails when either
//                                       differs from the committed file (CI runs it)
//
// The document comes from `python -m tdm_api.portal.openapi_dump` run with the workspace's virtualenv
// (../.venv) when it exists, else through `uv run`. TDM_PYTHON overrides the interpreter.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const workspace = resolve(root, "..");
const OPENAPI = join(root, "openapi.json");
const SCHEMA = join(root, "src", "api", "schema.d.ts");

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with ${String(result.status)}`);
  }
}

function pythonCommand() {
  if (process.env.TDM_PYTHON) return [process.env.TDM_PYTHON, []];
  for (const candidate of [join(workspace, ".venv", "bin", "python"), join(workspace, ".venv", "Scripts", "python.exe")]) {
    if (existsSync(candidate)) return [candidate, []];
  }
  return ["uv", ["run", "--frozen", "python"]];
}

function generate(openapiPath, schemaPath) {
  const [python, prefix] = pythonCommand();
  run(python, [...prefix, "-m", "tdm_api.portal.openapi_dump", "--output", openapiPath], { cwd: workspace });
  const cli = join(root, "node_modules", "openapi-typescript", "bin", "cli.js");
  // Fields with a server default are optional in the types (a request may leave them out).
  run(process.execPath, [cli, openapiPath, "--output", schemaPath, "--default-non-nullable", "false"], { cwd: root });
}

const mode = process.argv[2] ?? "generate";
if (mode === "generate") {
  generate(OPENAPI, SCHEMA);
} else if (mode === "check") {
  const dir = mkdtempSync(join(tmpdir(), "tdm-ui-openapi-"));
  try {
    const freshOpenapi = join(dir, "openapi.json");
    const freshSchema = join(dir, "schema.d.ts");
    generate(freshOpenapi, freshSchema);
    const stale = [
      [OPENAPI, freshOpenapi],
      [SCHEMA, freshSchema],
    ].filter(([committed, fresh]) => !existsSync(committed) || readFileSync(committed, "utf8") !== readFileSync(fresh, "utf8"));
    if (stale.length > 0) {
      console.error(`The generated API client is stale: ${stale.map(([file]) => file).join(", ")}.`);
      console.error("Run `npm run gen:api` in tdm-ui and commit the result.");
      process.exit(1);
    }
    console.log("openapi.json and src/api/schema.d.ts are current.");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.error(`unknown mode ${mode}: use generate or check`);
  process.exit(2);
}
