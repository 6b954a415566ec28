"""`tdm pii classify <schema_version_id>`: classify the columns of a schema version, in this process.

Runs the PII job through the worker's runner like `tdm discover` does (no API, no worker needed) and
prints the PII map: the columns holding personal data (every column with `--all`) as a table with a short
summary of the evidence behind each label, or every column with its evidence items with `--json`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

import typer

from tdm_cli.jobrunner import JsonOption, clear_errors, emit_json, fail, require_completed, run_in_process

pii_app = typer.Typer(name="pii", help="PII classification of discovered schemas.", no_args_is_help=True)

PII_MAP_FIELDS = ("table", "column", "pii_type", "confidence", "technique", "reviewed_by")
EVIDENCE_WIDTH = 70


def _summary(entry: Mapping[str, Any]) -> str:
    from tdm_agents.pii_detection.evidence import evidence_summary

    given = entry.get("evidence_summary")
    if isinstance(given, str) and given:
        return given if len(given) <= EVIDENCE_WIDTH else given[: EVIDENCE_WIDTH - 3] + "..."
    return evidence_summary(entry.get("evidence"), width=EVIDENCE_WIDTH)


def format_pii_table(entries: Sequence[Mapping[str, Any]], *, all_columns: bool = False) -> str:
    """The columns holding PII (every column with `all_columns`) as an aligned table: table, column,
    type, confidence, technique and a short summary of the evidence behind the label."""
    header = ["TABLE", "COLUMN", "TYPE", "CONFIDENCE", "TECHNIQUE", "EVIDENCE"]
    rows = [header]
    for entry in entries:
        if entry.get("pii_type") in (None, "none") and not all_columns:
            continue
        confidence = entry.get("confidence")
        technique = str(entry.get("technique") or "-")
        if entry.get("reviewed_by"):
            technique += f" ({entry['reviewed_by']})"
        rows.append(
            [
                str(entry["table"]),
                str(entry["column"]),
                str(entry["pii_type"]),
                f"{confidence:.2f}" if isinstance(confidence, int | float) else "-",
                technique,
                _summary(entry),
            ]
        )
    if len(rows) == 1:
        return "no column holds PII"
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    )


def pii_summary_line(entries: Sequence[Mapping[str, Any]]) -> str:
    pii = [e for e in entries if e.get("pii_type") not in (None, "none")]
    tables = {e["table"] for e in pii}
    reviewed = sum(1 for e in entries if e.get("reviewed_by"))
    sensitive = sum(1 for e in pii if e.get("pii_type") == "sensitive")
    plural = "s" if len(tables) != 1 else ""
    line = f"{len(pii)} of {len(entries)} columns hold PII, in {len(tables)} table{plural}"
    if sensitive:
        line += f" ({sensitive} sensitive: masked only with mask_sensitive)"
    return line + (f"; {reviewed} reviewed by a person" if reviewed else "")


@pii_app.command("classify")
def classify(
    schema_version_id: Annotated[
        str,
        typer.Argument(help="Schema version to classify (printed by `tdm discover`).", show_default=False),
    ],
    no_llm: Annotated[
        bool, typer.Option("--no-llm", help="Do not consult the LLM even when one is configured.")
    ] = False,
    sample_size: Annotated[
        int, typer.Option("--sample-size", min=1, max=100_000, help="Values sampled per column.")
    ] = 100,
    all_columns: Annotated[
        bool, typer.Option("--all", help="List every column, not only those holding PII.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Classify every column (names, validated value patterns, and the LLM when configured)."""
    try:
        version_id = uuid.UUID(schema_version_id)
    except ValueError:
        raise typer.BadParameter(
            "must be a schema version id such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427",
            param_hint="SCHEMA_VERSION_ID",
        ) from None
    with clear_errors():
        from tdm_agents.pii_detection.contract import PIIClassifyRequest
        from tdm_metadata_store.repositories.pii import PIIRepository
        from tdm_orchestrator.runtime import get_runtime

        body = PIIClassifyRequest(
            schema_version_id=version_id, use_llm=not no_llm, sample_size_per_column=sample_size
        )
        runtime = get_runtime()
        # Same checks as POST /pii/classify (the version must exist).
        outcome = run_in_process({"pii": body}, progress=not as_json)
        result = require_completed(outcome, "PII classification")
        with runtime.session() as session:
            stored = PIIRepository(session).get_map(version_id)
    from tdm_agents.pii_detection.evidence import evidence_items, evidence_summary

    entries = [
        {
            **{key: row[key] for key in PII_MAP_FIELDS},
            "evidence_summary": evidence_summary(row.get("evidence")),
            "evidence_items": evidence_items(row.get("evidence")),
        }
        for row in stored
    ]
    summary = dict((result.get("steps") or {}).get("pii") or {})
    if not summary:
        raise fail(f"job {outcome.job_id} completed without a PII result")
    if as_json:
        emit_json(
            {
                "job_id": outcome.job_id,
                "schema_version_id": str(version_id),
                "summary": {k: v for k, v in summary.items() if k != "pii_map_url"},
                "pii_map": entries,
            }
        )
        return
    typer.echo(format_pii_table(entries, all_columns=all_columns))
    typer.echo("")
    llm = {"used": "LLM consulted", "disabled": "LLM not used (--no-llm)"}.get(
        str(summary.get("llm")), "no LLM configured: names and value patterns only"
    )
    typer.echo(f"{pii_summary_line(entries)} ({llm})")


def register(app: typer.Typer) -> None:
    """Attach this group's commands to the root app."""
    app.add_typer(pii_app)
