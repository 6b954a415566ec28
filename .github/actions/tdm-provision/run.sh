#!/usr/bin/env bash
# The action's one step: the tdm CLI of this repository, against the platform at $TDM_API_URL.
# The summary goes to the step's outputs; the exit code is the CLI's (1 when the job did not complete).
set -uo pipefail
# uv: on the PATH, importable, or installed now (a runner's fresh Python).
if command -v uv >/dev/null 2>&1; then
  uv=(uv)
elif python3 -m uv --version >/dev/null 2>&1; then
  uv=(python3 -m uv)
else
  python3 -m pip install -q uv && uv=(python3 -m uv)
fi
tdm() { "${uv[@]}" run --quiet --frozen --project "$TDM_ROOT" tdm "$@"; }

if [ -n "$INPUT_PIPELINE" ]; then
  args=(pipeline run "$GITHUB_WORKSPACE/$INPUT_PIPELINE" --timeout "$INPUT_TIMEOUT")
elif [ -n "$INPUT_DATASET" ] && [ -n "$INPUT_ENVIRONMENT" ]; then
  args=(provision --dataset "$INPUT_DATASET" --env "$INPUT_ENVIRONMENT" --wait --timeout "$INPUT_TIMEOUT")
  [ "$INPUT_RESET" = "true" ] && args+=(--reset)
  [ -n "$INPUT_CHECKS" ] && args+=(--checks "$GITHUB_WORKSPACE/$INPUT_CHECKS")
else
  echo "::error::give either pipeline, or dataset and environment"
  exit 2
fi

summary_file=$(mktemp)
tdm "${args[@]}" > "$summary_file"
code=$?
{
  echo "job-id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("job_id", ""))' "$summary_file" 2>/dev/null)"
  echo "status=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("status", ""))' "$summary_file" 2>/dev/null)"
  echo "summary<<TDM_SUMMARY_END"
  cat "$summary_file"
  echo "TDM_SUMMARY_END"
} >> "${GITHUB_OUTPUT:-/dev/null}"
cat "$summary_file"
exit "$code"
