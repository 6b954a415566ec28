"""Validators: checksums and structural rules on single values (valid and invalid examples)."""

from __future__ import annotations

import pytest
from tdm_agents.pii_detection import validators as v


@pytest.mark.parametrize(
    "number",
    [
        "4111111111111111",  # Visa test number
        "4012888888881881",
        "5555555555554444",  # Mastercard
        "2223003122003222",  # Mastercard 2-series
        "378282246310005",  # Amex
        "371449635398431",
        "6011111111111117",  # Discover
        "3530111333300000",  # JCB
        "30569309025904",  # Diners
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
    ],
)
def test_valid_card_numbers(number: str) -> None:
    assert v.is_credit_card(number)


@pytest.mark.parametrize(
    "number",
    [
        "4111111111111112",  # Luhn fails
        "1234567812345670",  # Luhn ok, no issuer starts with 1
        "0000000000000000",  # placeholder
        "37828224631000",  # Amex prefix, wrong length
        "411111111111111",  # Visa prefix, 15 digits
        "4111x1111x1111x1111",
        "hello",
        "",
    ],
)
def test_invalid_card_numbers(number: str) -> None:
    assert not v.is_credit_card(number)


def test_luhn_checksum() -> None:
    assert v.luhn_valid("79927398713")
    assert not v.luhn_valid("79927398710")
    assert not v.luhn_valid("7992739871a")


def test_card_scheme_by_iin() -> None:
    assert v.card_scheme("4111111111111111") == "visa"
    assert v.card_scheme("5555555555554444") == "mastercard"
    assert v.card_scheme("378282246310005") == "amex"
    assert v.card_scheme("9111111111111111") is None


@pytest.mark.parametrize(
    "iban",
    [
        "DE89370400440532013000",
        "GB29NWBK60161331926819",
        "FR1420041010050500013M02606",
        "NL91ABNA0417164300",
        "BE68539007547034",
        "gb29 nwbk 6016 1331 9268 19",  # lower case with spaces
        "ES91 2100 0418 4502 0005 1332",
    ],
)
def test_valid_ibans(iban: str) -> None:
    assert v.is_iban(iban)


@pytest.mark.parametrize(
    "iban",
    [
        "DE89370400440532013001",  # check digits wrong
        "GB29NWBK6016133192681",  # one digit short for GB
        "XX89370400440532013000",  # unknown country
        "DE8937040044053201300",  # too short for DE
        "12345678901234567890",
        "",
    ],
)
def test_invalid_ibans(iban: str) -> None:
    assert not v.is_iban(iban)


def test_iban_mod97_is_one_for_valid() -> None:
    assert v.iban_mod97("DE89370400440532013000") == 1


@pytest.mark.parametrize("ssn", ["123-45-6789", "078-05-1120", "123 45 6789", "665-12-3456", "899-99-9999"])
def test_valid_ssns(ssn: str) -> None:
    assert v.is_ssn(ssn)


@pytest.mark.parametrize(
    "ssn",
    [
        "000-12-3456",  # area 000
        "666-12-3456",  # area 666
        "900-12-3456",  # area 9xx
        "999-12-3456",
        "123-00-4567",  # group 00
        "123-45-0000",  # serial 0000
        "123-456-789",
        "12-345-6789",
        "123456789",  # bare digits need a name hint
    ],
)
def test_invalid_ssns(ssn: str) -> None:
    assert not v.is_ssn(ssn)


def test_bare_ssn_digits_only_with_hint() -> None:
    assert v.is_ssn("123456789", allow_plain_digits=True)
    assert not v.is_ssn("000456789", allow_plain_digits=True)
    assert not v.is_ssn("12345678", allow_plain_digits=True)


@pytest.mark.parametrize(
    "phone",
    [
        "+1 202-555-0147",  # E.164 with grouping
        "+12025550147",  # E.164
        "+44 20 7946 0958",
        "+49 30 901820",
        "+55 (12) 3923-5555",
        "0044 20 7946 0958",  # 00 international prefix
        "(202) 555-0147",  # US national
        "020 7946 0958",  # UK national
        "030 901820",  # DE national
        "01 42 68 53 00",  # FR national
    ],
)
def test_valid_phone_numbers(phone: str) -> None:
    assert v.is_valid_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "+1 000-000-0000",
        "+999 1234567",  # no such country code
        "555",  # too short
        "12345678901234567",  # too long
        "1111111111",  # one repeated digit
        "call me maybe",
        "2021-05-04",  # dates and decimals have phone punctuation but are not phone numbers
        "04/05/2021",
        "1234567.89",
    ],
)
def test_invalid_phone_numbers(phone: str) -> None:
    assert not v.is_valid_phone(phone)


@pytest.mark.parametrize(
    ("phone", "business"),
    [
        ("1-800-555-0199", True),  # US freephone
        ("+44 800 123 4567", True),  # UK freephone
        ("0800 123 4567", True),
        ("+49 180 1234567", True),  # DE shared cost
        ("0900-1234567", True),  # NL premium rate
        ("+34 902 123 456", True),  # ES shared cost
        ("+1 202-555-0147", False),  # a subscriber's line
        ("+31 6 12345678", False),  # a mobile
        ("020 7946 0958", False),
        ("call me", False),
    ],
)
def test_business_lines(phone: str, business: bool) -> None:
    assert v.is_business_line(phone) is business


def test_formatted_phone_excludes_bare_digit_runs() -> None:
    assert v.is_formatted_phone("+12025550147")
    assert v.is_formatted_phone("(202) 555-0147")
    assert not v.is_formatted_phone("2025550147")


@pytest.mark.parametrize(
    "email",
    ["mary.smith@sakilacustomer.org", "a+b@example.co.uk", "o'neil@example.ie", "x@sub.domain.museum"],
)
def test_valid_emails(email: str) -> None:
    assert v.is_email(email)


@pytest.mark.parametrize(
    "email", ["no-at-sign", "a@b", "a@@b.com", "a..b@example.com", "a@-example.com", "mail me at a@b.com", ""]
)
def test_invalid_emails(email: str) -> None:
    assert not v.is_email(email)


def test_ip_versions() -> None:
    assert v.ip_version("192.168.1.10") == 4
    assert v.ip_version("10.0.0.0/8") == 4
    assert v.ip_version("2001:db8::1") == 6
    assert v.ip_version("256.1.1.1") is None
    assert v.ip_version("1.2.3") is None
    assert v.ip_version("hello") is None


@pytest.mark.parametrize(
    "code", ["35200", "90210-1234", "SW1A 1AA", "K1A 0B1", "1012 AB", "01310-200", "4020"]
)
def test_postal_code_shapes(code: str) -> None:
    assert v.is_postal_code_shape(code)


@pytest.mark.parametrize("code", ["hello", "1234567890", "ABCDE", "12.50"])
def test_not_postal_code_shapes(code: str) -> None:
    assert not v.is_postal_code_shape(code)
