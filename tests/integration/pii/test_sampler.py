"""Sampling a real PostgreSQL source: one bulk query per table, TABLESAMPLE on big tables, skipped types,
bounded text, sparse-column top-up, timeouts recorded per table; and classification of what it samples."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Engine, create_engine
from tdm_agents.pii_detection import (
    ColumnInput,
    ColumnSampler,
    PIISettings,
    PIIType,
    reflect_columns,
    sample_and_classify,
)
from tdm_agents.pii_detection.validators import luhn_valid
from tdm_cli.samples import create_database, with_database
from tdm_metadata_store.settings import libpq_url, sqlalchemy_url

from tests.support.services import ServiceEndpoints

BIG_ROWS = 300_000


def _iban(country: str, bban: str) -> str:
    digits = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def _card(rng: random.Random) -> str:
    while True:
        number = "4" + "".join(rng.choice("0123456789") for _ in range(15))
        if luhn_valid(number):
            return number


def _bank_rows(count: int) -> list[tuple[object, ...]]:
    rng = random.Random(7)
    first = ["Anna", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas"]
    last = [
        "Keller",
        "Lindqvist",
        "Moreno",
        "Nakamura",
        "Okafor",
        "Petrov",
        "Quist",
        "Rossi",
        "Sato",
        "Tanaka",
    ]
    rows: list[tuple[object, ...]] = []
    for i in range(count):
        f, s = rng.choice(first), rng.choice(last)
        rows.append(
            (
                i + 1,
                f,
                s.upper(),
                f"{f}.{s}{i}@mail{rng.randint(1, 9)}.example".lower(),
                f"+49 30 {rng.randint(100000, 999999)}",
                _iban("DE", f"{rng.randint(10**17, 10**18 - 1)}"),
                _card(rng),
                f"{rng.randint(100, 665):03d}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
                date(1940, 1, 1) + timedelta(days=rng.randint(0, 60 * 365)),
                f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                rng.randint(0, 10**6) / 100,
                rng.choice(["active", "closed", "dormant"]),
                f"{rng.choice(first).lower()}{i}@contact{rng.randint(1, 9)}.example",
                rng.randint(10**9, 10**10 - 1),
            )
        )
    return rows


@pytest.fixture(scope="module")
def source(services: ServiceEndpoints) -> Iterator[str]:
    dbname = f"pii_sampler_{uuid.uuid4().hex[:8]}"
    url = create_database(services.postgres_url, dbname)
    with psycopg.connect(libpq_url(url)) as conn:
        conn.execute(
            """
            CREATE TABLE big_people (
                id bigint PRIMARY KEY, email text, note text, photo bytea, tags text[], sparse text,
                created_at timestamp);
            INSERT INTO big_people
            SELECT g, 'person' || g || '@example.com',
                   CASE WHEN g % 10 = 0 THEN repeat('x', 5000) ELSE 'short note' END,
                   '\\x00ff'::bytea, ARRAY['a', 'b'],
                   CASE WHEN g % 2000 = 0 THEN 'rare ' || g END,
                   timestamp '2024-01-01' + g * interval '1 minute'
            FROM generate_series(1, %s) AS g;
            CREATE TABLE small_things (id int PRIMARY KEY, label text);
            INSERT INTO small_things SELECT g, 'thing ' || g FROM generate_series(1, 50) AS g;
            CREATE TABLE locked_table (id int PRIMARY KEY, email text);
            INSERT INTO locked_table VALUES (1, 'a@example.com');
            CREATE TABLE bank_customer (
                cust_no int PRIMARY KEY, fname text, "SURNAME" text, e_mail_addr text, "TelNo" text,
                acct_iban text, card_pan text, tax_ref text, dob date, last_login_ip text,
                balance numeric(12, 2), status text, mystery1 text, ref_number bigint,
                created_at timestamp DEFAULT now());
            """.replace("%s", str(BIG_ROWS))
        )
        with conn.cursor().copy(
            'COPY bank_customer (cust_no, fname, "SURNAME", e_mail_addr, "TelNo", acct_iban, card_pan,'
            " tax_ref, dob, last_login_ip, balance, status, mystery1, ref_number) FROM STDIN"
        ) as copy:
            for row in _bank_rows(400):
                copy.write_row(row)
        conn.commit()
        conn.execute("ANALYZE")
        conn.commit()
    try:
        yield url
    finally:
        with psycopg.connect(with_database(services.postgres_url, "postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))


@pytest.fixture
def engine(source: str) -> Iterator[Engine]:
    eng = create_engine(sqlalchemy_url(source))
    yield eng
    eng.dispose()


def columns_of(engine: Engine, table: str) -> list[ColumnInput]:
    return [c for c in reflect_columns(engine, ["public"]) if c.table == table]


def test_big_table_is_read_through_tablesample_in_one_query(engine: Engine) -> None:
    columns = columns_of(engine, "big_people")
    sampler = ColumnSampler(engine, per_column=50, big_table_rows=100_000)
    samples = sampler.sample(columns)
    assert sampler.methods == {"public.big_people": "bernoulli"}
    by_name = {key.column: values for key, values in samples.items()}
    # Binary and array columns are never read.
    assert "photo" not in by_name and "tags" not in by_name
    assert all(len(values) == 50 for name, values in by_name.items() if name != "sparse")
    assert all(len(value) <= 256 for value in by_name["note"])
    assert any(value.startswith("xxxx") for value in by_name["note"])
    # The sampled rows are spread over the table, not its first pages.
    ids = sorted(by_name["id"])
    assert ids[-1] > BIG_ROWS // 2
    # 1 table query + 1 top-up for the sparse column (1 non-null row in 2000).
    assert sampler.queries == 2
    assert 0 < len(by_name["sparse"]) <= 50


def test_huge_tables_use_system_sampling(engine: Engine) -> None:
    sampler = ColumnSampler(engine, per_column=20, big_table_rows=1_000)
    samples = sampler.sample(columns_of(engine, "big_people"))
    assert sampler.methods == {"public.big_people": "system"}
    assert len(samples[next(k for k in samples if k.column == "email")]) == 20


def test_small_tables_use_limit_and_one_query(engine: Engine) -> None:
    sampler = ColumnSampler(engine, per_column=100)
    samples = sampler.sample(columns_of(engine, "small_things"))
    assert sampler.methods == {"public.small_things": "limit"}
    assert sampler.queries == 1
    assert len(samples[next(k for k in samples if k.column == "label")]) == 50


def test_a_locked_table_times_out_and_is_recorded(engine: Engine, source: str) -> None:
    holder = psycopg.connect(libpq_url(source))
    locked = threading.Event()
    try:
        holder.execute("LOCK TABLE locked_table IN ACCESS EXCLUSIVE MODE")
        locked.set()
        columns = columns_of(engine, "locked_table") + columns_of(engine, "small_things")
        sampler = ColumnSampler(engine, per_column=10, statement_timeout_seconds=0.5)
        samples = sampler.sample(columns)
    finally:
        holder.rollback()
        holder.close()
    assert locked.is_set()
    assert "public.locked_table" in sampler.problems
    assert "timeout" in sampler.problems["public.locked_table"]
    assert any(key.table == "small_things" for key in samples)
    assert not any(key.table == "locked_table" for key in samples)


def test_the_time_budget_bounds_the_whole_run(engine: Engine) -> None:
    sampler = ColumnSampler(engine, per_column=10, total_timeout_seconds=1e-9)
    samples = sampler.sample(columns_of(engine, "small_things"))
    assert samples == {}
    assert "budget" in sampler.problems["public.small_things"]


def test_bad_sample_size_is_rejected(engine: Engine) -> None:
    from tdm_core.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="at least 1"):
        ColumnSampler(engine, per_column=0)


def test_sample_and_classify_an_unseen_bank_table(engine: Engine) -> None:
    columns = columns_of(engine, "bank_customer")
    results, problems = sample_and_classify(engine, columns, settings=PIISettings(), per_column=100)
    assert problems == {}
    got = {r.column: r.pii_type for r in results}
    assert got == {
        "cust_no": PIIType.NONE,
        "fname": PIIType.FIRST_NAME,
        "SURNAME": PIIType.LAST_NAME,
        "e_mail_addr": PIIType.EMAIL,
        "TelNo": PIIType.PHONE,
        "acct_iban": PIIType.IBAN,
        "card_pan": PIIType.CREDIT_CARD,
        "tax_ref": PIIType.SSN,  # no dictionary term: found by SSN format and rules
        "dob": PIIType.DATE_OF_BIRTH,
        "last_login_ip": PIIType.IP_ADDRESS,
        "balance": PIIType.NONE,
        "status": PIIType.NONE,
        "mystery1": PIIType.EMAIL,  # values alone
        "ref_number": PIIType.NONE,  # ten-digit numbers, but a numeric column is never a phone
        "created_at": PIIType.NONE,
    }
