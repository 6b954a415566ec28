"""Value validators beyond checksums: NANP phone structure, internal extensions, URLs, file paths,
coordinates; and the detectors' per-column statistics (evidence source "values")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tdm_agents.pii_detection import validators as v
from tdm_agents.pii_detection.detectors import detect_values


@pytest.mark.parametrize(
    "phone",
    [
        "001-335-504-9258",
        "+1-294-641-1771x5162",
        "(555) 337-2153",
        "555.337.2153 ext. 12",
        "+1 (212) 555-0199",
    ],
)
def test_north_american_numbers_by_structure(phone: str) -> None:
    assert v.is_nanp_phone(phone) and v.is_valid_phone(phone)


@pytest.mark.parametrize(
    "phone", ["+1 000-000-0000", "(123) 456-7890", "(212) 111-2345", "555-0199", "2021-05-04"]
)
def test_not_north_american_numbers(phone: str) -> None:
    assert not v.is_nanp_phone(phone)


@pytest.mark.parametrize(
    "value", ["4711", "204", "x204", "ext. 31", "Durchwahl 12", "DW 55", "poste 204", "ramal 31"]
)
def test_internal_extensions(value: str) -> None:
    assert v.is_phone_extension(value)


@pytest.mark.parametrize("value", ["+49 30 901820", "1", "123456", "x", "call 12"])
def test_not_extensions(value: str) -> None:
    assert not v.is_phone_extension(value)


@pytest.mark.parametrize(
    "value", ["https://www.example.co.uk/p/navy-dress-1", "http://x.io", "www.shop.de/a"]
)
def test_urls(value: str) -> None:
    assert v.is_url(value)


@pytest.mark.parametrize(
    "value", ["/media/catalogue/hf-1/main-1.jpg", "C:\\docs\\a.pdf", "img/p1.png", "photo.JPG"]
)
def test_file_paths(value: str) -> None:
    assert v.is_file_path(value)


@pytest.mark.parametrize("value", ["hello world", "mary.smith@example.com", "12.50", "Navy Wrap Dress"])
def test_not_urls_or_paths(value: str) -> None:
    assert not v.is_url(value) and not v.is_file_path(value)


@pytest.mark.parametrize(
    ("value", "axis"),
    [("51.507351", "lat"), ("-0.127758", "lat"), ("-122.4194", "lon"), (Decimal("52.370216"), "lat")],
)
def test_coordinates(value: object, axis: str) -> None:
    assert v.coordinate_axis(value) == axis


@pytest.mark.parametrize("value", ["12.50", "181.123", "51", "abc"])
def test_not_coordinates(value: str) -> None:
    assert v.coordinate_axis(value) is None


def test_statistics_describe_shape_without_values() -> None:
    evidence = detect_values(["AB12", "CD34", "EF56", "EF56"], "varchar(4)")
    assert (evidence.min_length, evidence.max_length, evidence.pattern) == (4, 4, "alnum")
    assert evidence.distinct_ratio == 0.75
    shown = evidence.as_evidence()
    assert shown["length"] == {"min": 4, "max": 4, "mean": 4.0}
    assert shown["pattern"] == {"name": "alnum", "share": 1.0}
    assert "AB12" not in repr(shown)


def test_reference_and_id_rates() -> None:
    assert detect_values(["EUR", "USD", "GBP", "EUR"], "char(3)").rate("currency_code") == 1.0
    countries = detect_values(["Deutschland", "Türkei", "Polen", "Italien"], "text")
    assert countries.rate("country_name") == 1.0
    dnis = detect_values(["12345678Z", "00000001R", "X1234567L"], "text")
    assert dnis.rate("national_id_strong") == 1.0 and dnis.id_kind == "es_dni"
    companies = detect_values(["12-3456789", "95-1234567"], "text")
    assert companies.rate("organisation_id") == 1.0 and companies.id_kind == "us_ein"
    mailboxes = detect_values(["info@a.com", "vertrieb@b.de", "mary.smith@c.org"], "text")
    assert (
        round(mailboxes.rate("role_mailbox"), 2) == 0.67
        and round(mailboxes.rate("personal_mailbox"), 2) == 0.33
    )
    assert detect_values(["SW1A 1AA", "M1 1AE"], "text").postal_country == "GB"
