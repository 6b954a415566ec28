"""Dataset version lifecycle, the lineage graph and the token vault."""

from __future__ import annotations

import hashlib
import secrets
import threading
import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from tdm_core.errors import ConflictError, InvalidInputError, NotFoundError
from tdm_metadata_store.crypto import SecretBox, SecretDecryptionError
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.lineage import LineageRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository
from tdm_metadata_store.repositories.vault import VaultRepository

from .test_schemas import shop_snapshot

# --- datasets ------------------------------------------------------------------------------------


def _file(prefix: str, table: str, part: int, rows: int) -> dict[str, object]:
    key = f"{prefix}{table}/part-{part:05d}.parquet"
    return {
        "table_name": table,
        "object_key": key,
        "part_number": part,
        "row_count": rows,
        "size_bytes": rows * 10,
        "sha256": hashlib.sha256(key.encode()).hexdigest(),
    }


def test_dataset_version_lifecycle(db_session: Session, uid: str) -> None:
    schemas = SchemaRepository(db_session)
    sv = schemas.add_version(schemas.get_or_create(name=f"ds-{uid}").id, shop_snapshot())
    repo = DatasetRepository(db_session)
    version = repo.create_version(source_type="subset", name=f"subset-{uid}", schema_version_id=sv.id)
    assert version.status == "writing"
    assert version.path_prefix == f"datasets/{version.id}/"

    files = [_file(version.path_prefix, "orders", 1, 100), _file(version.path_prefix, "orders", 0, 250)]
    files += [_file(version.path_prefix, "order_items", 0, 1000)]
    assert repo.add_files(version.id, files) == 3
    with pytest.raises(ConflictError, match="recorded twice"):
        repo.add_files(version.id, [files[0]])
    with pytest.raises(InvalidInputError, match="must start with"):
        repo.add_files(version.id, [_file("datasets/elsewhere/", "orders", 9, 1)])
    with pytest.raises(InvalidInputError, match="missing sha256"):
        repo.add_files(version.id, [{**files[0], "object_key": files[0]["object_key"] + "x", "sha256": None}])

    listed = repo.files(version.id)
    assert [(f.table_name, f.part_number) for f in listed] == [
        ("order_items", 0),
        ("orders", 0),
        ("orders", 1),
    ]

    active = repo.mark_active(version.id)
    assert (active.status, active.row_count, active.size_bytes) == ("active", 1350, 13500)
    # A finished version takes no more files and cannot fail afterwards.
    with pytest.raises(ConflictError, match="only be added while writing"):
        repo.add_files(version.id, [_file(version.path_prefix, "late", 0, 1)])
    with pytest.raises(ConflictError, match="is active"):
        repo.mark_failed(version.id)

    repo.set_metadata(
        version.id, {"params": {"root_table": "orders", "sampling_pct": 10}, "row_counts": {"orders": 350}}
    )
    repo.set_metadata(version.id, {"row_counts": {"orders": 351}, "note": None})
    assert repo.get_metadata(version.id) == {
        "note": None,
        "params": {"root_table": "orders", "sampling_pct": 10},
        "row_counts": {"orders": 351},
    }
    assert repo.get_metadata(version.id, ["params"]) == {
        "params": {"root_table": "orders", "sampling_pct": 10}
    }

    purged = repo.mark_purged(version.id)
    assert purged.status == "purged"
    assert (
        db_session.execute(
            text("SELECT status FROM dataset_versions WHERE id = :id"), {"id": version.id}
        ).scalar_one()
        == "purged"
    )


def test_failed_version_and_listing_filters(db_session: Session, uid: str) -> None:
    schemas = SchemaRepository(db_session)
    sv = schemas.add_version(schemas.get_or_create(name=f"dsl-{uid}").id, shop_snapshot())
    repo = DatasetRepository(db_session)
    subset = repo.create_version(source_type="subset", schema_version_id=sv.id)
    masked = repo.create_version(source_type="masked", schema_version_id=sv.id)
    synthetic = repo.create_version(source_type="synthetic", schema_version_id=sv.id)
    repo.mark_active(subset.id, row_count=10, size_bytes=100)
    repo.mark_failed(masked.id)
    with pytest.raises(ConflictError):
        repo.mark_active(masked.id)

    rows, total = repo.list_versions(schema_version_id=sv.id)
    assert total == 3 and {r.id for r in rows} == {subset.id, masked.id, synthetic.id}
    active, n_active = repo.list_versions(schema_version_id=sv.id, status="active")
    assert n_active == 1 and active[0].id == subset.id
    masked_rows, _ = repo.list_versions(schema_version_id=sv.id, source_type="masked")
    assert [r.status for r in masked_rows] == ["failed"]
    page, total = repo.list_versions(schema_version_id=sv.id, limit=2, offset=2)
    assert total == 3 and len(page) == 1

    with pytest.raises(InvalidInputError, match="source_type"):
        repo.create_version(source_type="copied")
    with pytest.raises(NotFoundError):
        repo.mark_active(uuid.uuid4())


# --- lineage -------------------------------------------------------------------------------------


def test_lineage_graph_walks_upstream_and_downstream(db_session: Session, uid: str) -> None:
    repo = LineageRepository(db_session)
    conn, sv = f"conn-{uid}", f"sv-{uid}"
    subset, masked, synthetic, env = (f"{k}-{uid}" for k in ("subset", "masked", "synth", "env"))
    unrelated = f"unrelated-{uid}"
    repo.add_edge(
        source_type="connection",
        source_id=conn,
        target_type="schema_version",
        target_id=sv,
        operation="discovered_from",
    )
    repo.add_edge(
        source_type="schema_version",
        source_id=sv,
        target_type="dataset_version",
        target_id=subset,
        operation="derived_from",
    )
    repo.add_edge(
        source_type="dataset_version",
        source_id=subset,
        target_type="dataset_version",
        target_id=masked,
        operation="derived_from",
    )
    repo.add_edge(
        source_type="dataset_version",
        source_id=masked,
        target_type="environment",
        target_id=env,
        operation="provisioned_to",
    )
    # A sibling of the masked dataset: downstream of the schema version but not of `masked`.
    repo.add_edge(
        source_type="schema_version",
        source_id=sv,
        target_type="dataset_version",
        target_id=synthetic,
        operation="derived_from",
    )
    repo.add_edge(
        source_type="connection",
        source_id=unrelated,
        target_type="schema_version",
        target_id=f"sv2-{uid}",
        operation="discovered_from",
    )
    again = repo.add_edge(
        source_type="dataset_version",
        source_id=subset,
        target_type="dataset_version",
        target_id=masked,
        operation="derived_from",
    )

    graph = repo.graph("dataset_version", masked, depth=5)
    nodes = {(n["type"], n["id"]): (n["direction"], n["depth"]) for n in graph["nodes"]}
    assert nodes == {
        ("dataset_version", masked): ("self", 0),
        ("dataset_version", subset): ("upstream", 1),
        ("schema_version", sv): ("upstream", 2),
        ("connection", conn): ("upstream", 3),
        ("environment", env): ("downstream", 1),
    }
    assert len(graph["edges"]) == 4  # the repeated edge was stored once
    assert again.id in {e["id"] for e in graph["edges"]}
    assert {e["operation"] for e in graph["edges"]} == {"discovered_from", "derived_from", "provisioned_to"}

    near = repo.graph("dataset_version", masked, depth=1)
    assert {n["id"] for n in near["nodes"]} == {masked, subset, env}

    from_schema = repo.graph("schema_version", sv, depth=5)
    downstream = {n["id"] for n in from_schema["nodes"] if n["direction"] == "downstream"}
    assert downstream == {subset, synthetic, masked, env}

    lonely = repo.graph("dataset_version", f"nothing-{uid}")
    assert lonely["edges"] == [] and len(lonely["nodes"]) == 1


def test_lineage_cycle_terminates_and_input_is_checked(db_session: Session, uid: str) -> None:
    repo = LineageRepository(db_session)
    a, b = f"a-{uid}", f"b-{uid}"
    repo.add_edge(source_type="dataset_version", source_id=a, target_type="dataset_version", target_id=b)
    repo.add_edge(source_type="dataset_version", source_id=b, target_type="dataset_version", target_id=a)
    graph = repo.graph("dataset_version", a, depth=25)
    assert {n["id"] for n in graph["nodes"]} == {a, b} and len(graph["edges"]) == 2
    with pytest.raises(InvalidInputError, match="node type"):
        repo.add_edge(source_type="table", source_id="x", target_type="job", target_id="y")
    with pytest.raises(InvalidInputError, match="depth"):
        repo.graph("dataset_version", a, depth=0)
    with pytest.raises(InvalidInputError, match="itself"):
        repo.add_edge(source_type="job", source_id=a, target_type="job", target_id=a)


# --- vault ---------------------------------------------------------------------------------------


def _random_token(value: str) -> str:
    return "tok_" + secrets.token_hex(8)


def test_vault_tokens_are_deterministic_and_reversible(db_session: Session, uid: str) -> None:
    repo = VaultRepository(db_session)
    ns = f"cards-{uid}"
    card = "4111111111111111"
    token = repo.tokenize(ns, card, _random_token)
    assert repo.tokenize(ns, card, _random_token) == token
    other = repo.tokenize(ns, "5500000000000004", _random_token)
    assert other != token
    assert repo.detokenize(ns, token) == card
    # Another namespace gets its own token for the same value.
    assert repo.tokenize(f"other-{uid}", card, _random_token) != token

    raw = db_session.execute(
        text("SELECT value_hmac, value_encrypted FROM token_vault WHERE namespace = :ns"), {"ns": ns}
    ).all()
    assert len(raw) == 2
    for value_hmac, value_encrypted in raw:
        assert card not in value_hmac and card not in value_encrypted
        assert card[-4:] + card[:4] not in value_encrypted

    with pytest.raises(NotFoundError):
        repo.detokenize(ns, "tok_unknown")
    with pytest.raises(SecretDecryptionError):
        VaultRepository(db_session, box=SecretBox("other-key")).detokenize(ns, token)
    # The lookup hash is keyed: with another key the stored token of the same value is not found.
    assert VaultRepository(db_session, box=SecretBox("other-key")).tokenize(ns, card, _random_token) != token


def test_vault_retries_taken_tokens_and_gives_up_clearly(db_session: Session, uid: str) -> None:
    repo = VaultRepository(db_session)
    ns = f"collide-{uid}"
    repo.tokenize(ns, "alice", lambda v: "T-1")
    produced = iter(["T-1", "T-1", "T-2"])
    assert repo.tokenize(ns, "bob", lambda v: next(produced)) == "T-2"
    assert repo.detokenize(ns, "T-2") == "bob"
    with pytest.raises(ConflictError, match="already in use"):
        repo.tokenize(ns, "carol", lambda v: "T-1")
    with pytest.raises(InvalidInputError, match="token factory"):
        repo.tokenize(ns, "dave", lambda v: "")


def test_vault_bulk_tokenize(db_session: Session, uid: str) -> None:
    repo = VaultRepository(db_session)
    ns = f"bulk-{uid}"
    values = [f"user{i}@example.com" for i in range(2500)] + ["user7@example.com"]
    tokens = repo.tokenize_many(ns, values, _random_token)
    assert len(tokens) == 2500 and len(set(tokens.values())) == 2500
    assert repo.tokenize_many(ns, values[:10], _random_token) == {v: tokens[v] for v in values[:10]}
    back = repo.detokenize_many(ns, [tokens["user0@example.com"], tokens["user2499@example.com"], "nope"])
    assert back == {
        tokens["user0@example.com"]: "user0@example.com",
        tokens["user2499@example.com"]: "user2499@example.com",
    }


def test_concurrent_tokenize_of_one_value_gives_one_token(
    committing_session: Callable[[], Session], uid: str
) -> None:
    ns = f"race-{uid}"
    barrier = threading.Barrier(4)
    tokens: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        session = committing_session()
        try:
            barrier.wait()
            tokens.append(VaultRepository(session).tokenize(ns, "DE89370400440532013000", _random_token))
            session.commit()
        except BaseException as exc:  # asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(tokens) == 4 and len(set(tokens)) == 1
