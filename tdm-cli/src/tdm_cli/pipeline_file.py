"""`pipeline.yaml`: a whole TDM run, declared once and kept in the application's repository.

    name: nightly-qa                      # optional, names the datasets the run makes
    source:                               # the production-like database (or connection_id: ...)
      connection_string: ${SOURCE_DB_URL} # ${VAR} is read from the environment (CI secrets)
      schemas: [public]                   # optional
    subset:                               # POST /subset fields, without the connection
      root_table: customer
      filters: {customer: {store_id: 1}}
      sampling_pct: 10
    mask:                                 # POST /mask fields, without dataset_version_id
      rules: auto                         # or {"table.column": "mask.<type>" | {type, params}}
    provision:                            # POST /provision fields, without dataset_version_id
      target_env: QA
      reset_env: true
      smoke_checks:
        - {name: customers, sql: "SELECT count(*) > 0 FROM customer", expect: true}
    require_approval_before: [provision]  # optional

Without `subset.schema_version_id` the source is discovered first (an unchanged database keeps its
schema version); rules `auto` then classify its PII first. The file becomes a `full_pipeline` job
request (the body of POST /pipeline); a file that already is one (JSON or YAML) is taken as it is.
Secrets never need to be in the file: `${VAR}` anywhere in a string is replaced by the environment
variable, and a missing variable is an error naming it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import yaml

KEYS = frozenset(
    {"name", "source", "discover", "pii", "subset", "mask", "provision", "require_approval_before"}
)
SOURCE_KEYS = frozenset({"connection_string", "connection_id"})
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class PipelineFileError(Exception):
    """What is wrong with the file, naming the key or variable."""


def read_pipeline(path: Path) -> dict[str, Any]:
    """The job request a pipeline file declares."""
    try:
        text = path.read_text(encoding="utf-8")
        document = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineFileError(f"cannot read it ({type(exc).__name__})") from None
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise PipelineFileError(
            f"not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {exc}"
        ) from None
    if not isinstance(document, dict):
        raise PipelineFileError("the file must hold a mapping (source, subset, mask, provision ...)")
    document = dict(_expand(document, ""))
    if "source" not in document and ("full_pipeline" in document or "subset" in document):
        return document  # already a job request (the body of POST /pipeline)
    return pipeline_request(document)


def pipeline_request(document: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(document) - KEYS)
    if unknown:
        raise PipelineFileError(f"unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(KEYS))}")
    for key in ("subset", "provision"):
        if not isinstance(document.get(key), dict):
            raise PipelineFileError(f"'{key}' is required (a mapping)")
    source = document.get("source") or {}
    if not isinstance(source, dict):
        raise PipelineFileError("'source' must be a mapping (connection_string or connection_id, schemas)")
    subset = dict(document["subset"])
    request: dict[str, Any] = {"full_pipeline": True}
    connection = {k: v for k, v in source.items() if k in SOURCE_KEYS}
    if subset.get("schema_version_id") is None:
        if not connection:
            raise PipelineFileError(
                "'source' needs connection_string or connection_id (or give subset.schema_version_id)"
            )
        discover = {**connection, **(document.get("discover") or {})}
        if source.get("schemas"):
            discover.setdefault("schemas", source["schemas"])
        request["discover"] = discover
    else:
        subset.update({k: v for k, v in connection.items() if k not in subset})
    name = document.get("name")
    if name and "name" not in subset:
        subset["name"] = f"{name}: subset"
    mask = dict(document.get("mask") or {"rules": "auto"})
    if name and "name" not in mask:
        mask["name"] = f"{name}: masked"
    request.update({"subset": subset, "mask": mask, "provision": dict(document["provision"])})
    if document.get("pii") is not None:
        request["pii"] = document["pii"]
    if document.get("require_approval_before"):
        request["require_approval_before"] = document["require_approval_before"]
    return request


def _expand(value: Any, where: str) -> Any:
    if isinstance(value, str):

        def variable(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in os.environ:
                raise PipelineFileError(f"{where or 'the file'} uses ${{{name}}}, which is not set")
            return os.environ[name]

        return _VARIABLE.sub(variable, value)
    if isinstance(value, dict):
        return {k: _expand(v, f"{where}.{k}" if where else str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, f"{where}[{i}]") for i, v in enumerate(value)]
    return value
