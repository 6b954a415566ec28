"""`tdm subset --spec subset.json --wait` as a CI script uses it: a subprocess printing the job's JSON
result, or exiting non-zero with the reason (422-style, naming the field) and no password."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import tdm


def test_tdm_subset_wait_prints_the_result_and_fails_clearly(
    chinook: tuple[str, str], tmp_path: Path
) -> None:
    url, version = chinook
    spec = tmp_path / "subset.json"
    spec.write_text(
        json.dumps(
            {
                "schema_version_id": version,
                "connection_string": url,
                "root_table": "customer",
                "filters": {"customer": {"country": "France"}},
            }
        )
    )
    done = tdm("subset", "--spec", str(spec), "--wait")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["status"] == "completed"
    counts = payload["result"]["steps"]["subset"]["row_counts"]
    assert counts["customer"] == 5 and counts["invoice"] > 0 and counts["employee"] >= 1

    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "schema_version_id": version,
                "connection_string": url.replace("postgres@", "postgres:s3cret-pw@"),
                "root_table": "customer",
                "filters": {"customer": {"country": {"near": "France"}}},
            }
        )
    )
    refused = tdm("subset", "--spec", str(bad), "--wait")
    assert refused.returncode == 1
    assert "filters.customer.country.near" in refused.stderr and "unknown operator" in refused.stderr
    assert "s3cret-pw" not in refused.stderr + refused.stdout
