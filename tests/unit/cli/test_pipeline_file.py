"""pipeline.yaml -> the job request of a full pipeline: the documented example validates as the body of
POST /pipeline; variables come from the environment; mistakes name the key or the variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from tdm_cli.pipeline_file import PipelineFileError, read_pipeline
from tdm_orchestrator.operations import JobRequest, validate_request

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "pipeline.yaml"


def test_the_documented_example_is_a_full_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DB_URL", "postgresql://reader:secret@db.internal:5432/shop")
    request = read_pipeline(EXAMPLE)
    assert request["discover"]["connection_string"] == "postgresql://reader:secret@db.internal:5432/shop"
    assert request["discover"]["schemas"] == ["public"]
    assert request["subset"]["name"] == "nightly-qa: subset"
    JobRequest.model_validate(request)
    validated = validate_request(request)
    assert validated.operation == "FULL_TDM_PIPELINE"
    # rules "auto" after a discovery: the PII classification runs in between.
    assert [step.step for step in validated.steps] == ["discover", "pii", "subset", "mask", "provision"]


def test_variables_and_keys_are_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DB_URL", raising=False)
    with pytest.raises(PipelineFileError, match=r"source.connection_string uses \$\{SOURCE_DB_URL\}"):
        read_pipeline(EXAMPLE)
    typo = tmp_path / "pipeline.yaml"
    typo.write_text("source: {connection_id: x}\nsubset: {root_table: a}\nprovison: {target_env: QA}\n")
    with pytest.raises(PipelineFileError, match=r"unknown key.*provison"):
        read_pipeline(typo)
    typo.write_text("source: {connection_id: x}\nsubset: {root_table: a}\n")
    with pytest.raises(PipelineFileError, match="'provision' is required"):
        read_pipeline(typo)
    typo.write_text("[1, 2]")
    with pytest.raises(PipelineFileError, match="mapping"):
        read_pipeline(typo)


def test_a_job_request_file_is_taken_as_it_is(tmp_path: Path) -> None:
    raw = tmp_path / "job.json"
    raw.write_text(
        '{"subset": {"schema_version_id": "s", "root_table": "t"}, "provision": {"target_env": "QA"}}'
    )
    assert read_pipeline(raw)["provision"] == {"target_env": "QA"}
