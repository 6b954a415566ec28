"""Value detection per column: rates over a sample, with validators, for any Python value type."""

from __future__ import annotations

import ipaddress
from datetime import date, datetime
from decimal import Decimal

from tdm_agents.pii_detection.detectors import detect_values, type_family
from tdm_agents.pii_detection.labels import PIIType


def test_rates_are_per_column_over_non_null_values() -> None:
    values = [
        "a@example.com",
        "b@example.org",
        None,
        "",
        "  ",
        "not an email",
        "c@example.net",
        "d@example.io",
    ]
    evidence = detect_values(values, "varchar(60)")
    assert evidence.sampled == 5  # None and blank strings are not counted
    assert evidence.rate("email") == 0.8
    assert evidence.support(PIIType.EMAIL) == 0.8


def test_card_numbers_must_validate_not_just_look_like_cards() -> None:
    valid = ["4111111111111111", "5555555555554444", "378282246310005", "6011111111111117"]
    invalid = ["4111111111111112", "5555555555554445", "1234567812345678", "9999999999999999"]
    assert detect_values(valid, "text").rate("credit_card") == 1.0
    assert detect_values(invalid, "text").rate("credit_card") == 0.0


def test_integers_can_be_cards_but_never_phones() -> None:
    numbers = [4111111111111111, 5555555555554444, 2025550147, 4155550123]
    evidence = detect_values(numbers, "bigint")
    assert evidence.rate("credit_card") == 0.5
    assert evidence.rate("phone_shape") == 0.0
    assert evidence.rate("phone_valid") == 0.0


def test_digit_strings_in_a_numeric_column_are_not_phones() -> None:
    evidence = detect_values(["2025550147", "4155550123", "3125550199"], "numeric(12,0)")
    assert evidence.rate("phone_shape") == 0.0


def test_phone_rates() -> None:
    phones = ["+1 202-555-0147", "+44 20 7946 0958", "(202) 555-0147", "12345"]
    evidence = detect_values(phones, "varchar(24)")
    assert evidence.rate("phone_shape") == 0.75
    assert evidence.rate("phone_valid") == 0.75
    assert evidence.rate("phone_formatted") == 0.75


def test_iban_ssn_ip() -> None:
    assert detect_values(["DE89370400440532013000", "GB29NWBK60161331926819"], "text").rate("iban") == 1.0
    ssn = detect_values(["123-45-6789", "666-45-6789", "078-05-1120", "123-00-6789"], "text")
    assert ssn.rate("ssn") == 0.5
    ips = detect_values(["10.0.0.1", ipaddress.ip_address("192.168.1.1"), "2001:db8::1", "x"], "inet")
    assert ips.rate("ip_address") == 0.75


def test_dates_of_birth_give_ages() -> None:
    today = date(2025, 1, 1)
    births = [date(1960, 5, 1), datetime(1985, 3, 2), "1972-11-30", "30.01.1990", date(2001, 7, 7)]
    evidence = detect_values(births, "date", today=today)
    assert evidence.rate("birth_date_range") == 1.0
    assert evidence.median_age_years is not None and 34 < evidence.median_age_years < 53
    assert evidence.age_spread_years is not None and evidence.age_spread_years > 10


def test_person_names_use_the_small_list_as_evidence() -> None:
    evidence = detect_values(["Mary Smith", "PATRICIA JOHNSON", "Zbigniew Xu", "Luís Gonçalves"], "text")
    assert evidence.rate("person_name_shape") == 1.0
    assert evidence.rate("first_name") == 0.75  # mary, patricia, luis
    assert evidence.rate("full_name") == 0.75


def test_street_addresses_and_password_hashes() -> None:
    addresses = ["47 MySakila Drive", "Av. Brigadeiro Faria Lima, 2170", "Theodor-Heuss-Straße 34", "nothing"]
    assert detect_values(addresses, "text").rate("street_address") == 0.75
    hashes = ["8cb2237d0679ca88db6464eac60da96345513964", "$2b$12$" + "a" * 53, "hunter2"]
    assert round(detect_values(hashes, "text").rate("password_hash"), 2) == 0.67


def test_odd_values_do_not_crash() -> None:
    values = [
        b"\x00\x01",
        [1, 2],
        {"a": 1},
        True,
        3.5,
        Decimal("12.50"),
        Decimal("4111111111111111"),
        object(),
    ]
    evidence = detect_values(values, "")
    assert evidence.sampled == 5  # bytes and containers are dropped; the rest examined
    assert evidence.rate("credit_card") == 0.2


def test_evidence_holds_no_values() -> None:
    evidence = detect_values(["secret.person@example.com", "Jane Doe"], "text")
    flat = repr(evidence.as_evidence())
    assert "secret.person" not in flat and "Jane" not in flat
    assert evidence.as_evidence()["sampled"] == 2


def test_type_families() -> None:
    assert type_family("character varying(70)") == "text"
    assert type_family("VARCHAR(120)") == "text"
    assert type_family("TEXT") == "text"
    assert type_family("INTEGER") == "integer"
    assert type_family("bigint") == "integer"
    assert type_family("NUMERIC(10, 2)") == "decimal"
    assert type_family("timestamp without time zone") == "datetime"
    assert type_family("TIMESTAMP") == "datetime"
    assert type_family("date") == "date"
    assert type_family("BYTEA") == "binary"
    assert type_family("TSVECTOR") == "document"
    assert type_family("jsonb") == "document"
    assert type_family("ARRAY") == "array"
    assert type_family("text[]") == "array"
    assert type_family("BOOLEAN") == "boolean"
    assert type_family("uuid") == "uuid"
    assert type_family("inet") == "network"
    assert type_family("DOMAIN") == "other"
