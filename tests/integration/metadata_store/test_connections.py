"""Connections and environments: connection strings are stored encrypted and revealed only on purpose."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from tdm_core.errors import ConflictError, InvalidInputError, NotFoundError
from tdm_metadata_store.crypto import SecretBox, SecretDecryptionError
from tdm_metadata_store.models import Connection, Environment
from tdm_metadata_store.repositories.connections import ConnectionRepository
from tdm_metadata_store.repositories.environments import EnvironmentRepository

PASSWORD = "Sup3r-Secret-pw"
HOST = "prod-db-17.bank.internal"


def _url(uid: str) -> str:
    return f"postgresql://svc_{uid}:{PASSWORD}@{HOST}:5432/core_banking?sslmode=require"


def _visible_values(row: Connection | Environment) -> list[str]:
    """Every column value a caller of list/get can read from a row."""
    return [str(getattr(row, col.key)) for col in row.__table__.columns]


def test_stored_connection_string_is_unreadable_in_the_table(db_session: Session, uid: str) -> None:
    repo = ConnectionRepository(db_session)
    conn = repo.create(name=f"core-{uid}", connection_string=_url(uid), created_by="alice")
    db_session.flush()

    raw = db_session.execute(
        text("SELECT connection_string_encrypted, display_url, type FROM connections WHERE id = :id"),
        {"id": conn.id},
    ).one()
    assert PASSWORD not in raw.connection_string_encrypted
    assert HOST not in raw.connection_string_encrypted
    assert f"svc_{uid}" not in raw.connection_string_encrypted
    # The display form keeps the host (useful in lists) but never the password.
    assert HOST in raw.display_url and PASSWORD not in raw.display_url
    assert raw.type == "postgres"

    assert repo.reveal_connection_string(conn.id) == _url(uid)


def test_list_and_get_never_expose_the_clear_string(db_session: Session, uid: str) -> None:
    repo = ConnectionRepository(db_session)
    created = repo.create(name=f"list-{uid}", connection_string=_url(uid))
    rows, total = repo.list(limit=1000)
    assert total >= 1
    fetched = [r for r in rows if r.id == created.id]
    assert len(fetched) == 1
    for row in (fetched[0], repo.require(created.id), repo.get_by_name(f"list-{uid}")):
        assert row is not None
        values = " ".join(_visible_values(row))
        assert PASSWORD not in values
        assert _url(uid) not in values


def test_another_key_cannot_decrypt_and_says_so_clearly(db_session: Session, uid: str) -> None:
    conn = ConnectionRepository(db_session).create(name=f"k-{uid}", connection_string=_url(uid))
    other = ConnectionRepository(db_session, box=SecretBox("a-different-operator-key"))
    with pytest.raises(SecretDecryptionError) as caught:
        other.reveal_connection_string(conn.id)
    message = str(caught.value)
    assert "TDM_ENCRYPTION_KEY" in message
    assert PASSWORD not in message and conn.connection_string_encrypted not in message


def test_duplicate_name_is_a_conflict_and_the_session_stays_usable(db_session: Session, uid: str) -> None:
    repo = ConnectionRepository(db_session)
    repo.create(name=f"dup-{uid}", connection_string=_url(uid))
    with pytest.raises(ConflictError, match=f"dup-{uid}"):
        repo.create(name=f"dup-{uid}", connection_string="mysql://u:p@h/db")
    # The failed create did not poison the unit of work.
    other = repo.create(name=f"dup2-{uid}", connection_string="mysql://u:p@h/db")
    assert other.type == "mysql"


def test_type_is_inferred_and_contradictions_rejected(db_session: Session, uid: str) -> None:
    repo = ConnectionRepository(db_session)
    assert repo.create(name=f"m-{uid}", connection_string="mariadb://u:p@h/db").type == "mariadb"
    assert repo.create(name=f"s-{uid}", connection_string="sqlite:///tmp/x.db").type == "sqlite"
    with pytest.raises(InvalidInputError, match="does not match"):
        repo.create(name=f"x-{uid}", connection_string=_url(uid), type="mysql")
    with pytest.raises(InvalidInputError, match="oracle"):
        repo.create(name=f"o-{uid}", connection_string="oracle://u:p@h/db")
    with pytest.raises(InvalidInputError, match="empty"):
        repo.create(name="  ", connection_string=_url(uid))


def test_update_reencrypts_and_delete_removes(db_session: Session, uid: str) -> None:
    repo = ConnectionRepository(db_session)
    conn = repo.create(name=f"u-{uid}", connection_string=_url(uid))
    old_cipher = conn.connection_string_encrypted
    repo.update(conn.id, connection_string="mysql://reader:NewPass99@mysql.internal/shop", name=f"u2-{uid}")
    assert repo.reveal_connection_string(conn.id) == "mysql://reader:NewPass99@mysql.internal/shop"
    refreshed = repo.require(conn.id)
    assert refreshed.connection_string_encrypted != old_cipher
    assert refreshed.type == "mysql" and refreshed.name == f"u2-{uid}"
    assert refreshed.display_url == "mysql://reader:***@mysql.internal/shop"

    taken = repo.create(name=f"taken-{uid}", connection_string=_url(uid))
    with pytest.raises(ConflictError):
        repo.update(conn.id, name=taken.name)

    repo.delete(conn.id)
    assert repo.get(conn.id) is None
    with pytest.raises(NotFoundError):
        repo.reveal_connection_string(conn.id)


def test_environments_encrypt_their_connection_string(db_session: Session, uid: str) -> None:
    repo = EnvironmentRepository(db_session)
    env = repo.create(
        name=f"UAT-{uid}",
        connection_string=_url(uid),
        config_json={"schema": "public", "truncate_before_load": True},
        requires_approval=True,
    )
    raw = db_session.execute(
        text(
            "SELECT connection_string_encrypted, config_json, requires_approval "
            "FROM environments WHERE id = :id"
        ),
        {"id": env.id},
    ).one()
    assert PASSWORD not in raw.connection_string_encrypted and HOST not in raw.connection_string_encrypted
    assert raw.config_json == {"schema": "public", "truncate_before_load": True}
    assert raw.requires_approval is True
    assert repo.reveal_connection_string(env.id) == _url(uid)
    assert PASSWORD not in " ".join(_visible_values(repo.require_by_name(f"UAT-{uid}")))

    with pytest.raises(ConflictError):
        repo.create(name=f"UAT-{uid}")
    with pytest.raises(InvalidInputError, match="50"):
        repo.create(name="E" * 51)

    bare = repo.create(name=f"Dev-{uid}")
    with pytest.raises(InvalidInputError, match="no connection string"):
        repo.reveal_connection_string(bare.id)
    repo.update(bare.id, connection_string="postgresql://dev@localhost/dev", requires_approval=False)
    assert repo.reveal_connection_string(bare.id) == "postgresql://dev@localhost/dev"
    with pytest.raises(SecretDecryptionError):
        EnvironmentRepository(db_session, box=SecretBox("wrong")).reveal_connection_string(env.id)
