"""Reference lists (evidence source "reference"): countries in each language, currencies, regions, postal
formats, role mailboxes, health codes; valid and invalid values."""

from __future__ import annotations

import pytest
from tdm_agents.pii_detection import reference_data as ref


@pytest.mark.parametrize(
    "value",
    ["DE", "de", "FR", "US", "GB", "UK", "BR", "NL", "DEU", "FRA", "USA", "GBR", "BRA", "NLD", "ESP", "PRT"],
)
def test_country_codes(value: str) -> None:
    assert ref.is_country_code(value)


@pytest.mark.parametrize("value", ["XX", "ZZ", "EUR", "USD", "ABC", "D", "DEUT", "12", ""])
def test_not_country_codes(value: str) -> None:
    assert not ref.is_country_code(value)


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", ["Germany", "United Kingdom", "Netherlands", "Spain", "Brazil"]),
        ("de", ["Deutschland", "Türkei", "Österreich", "Polen", "Rumänien", "Vereinigte Staaten"]),
        ("fr", ["Allemagne", "Royaume-Uni", "Pays-Bas", "Espagne", "Brésil"]),
        ("es", ["Alemania", "Reino Unido", "Países Bajos", "España", "Brasil"]),
        ("pt", ["Alemanha", "Reino Unido", "Países Baixos", "Espanha", "Estados Unidos"]),
        ("nl", ["Duitsland", "Verenigd Koninkrijk", "Nederland", "Spanje", "België"]),
        ("it", ["Germania", "Regno Unito", "Paesi Bassi", "Spagna", "Svizzera"]),
    ],
)
def test_country_names_in_each_language(language: str, names: list[str]) -> None:
    assert all(ref.is_country_name(name) for name in names), language


@pytest.mark.parametrize("value", ["Berlin", "Hartley & Finch", "Navy", "Deutsch", "", "EUR"])
def test_not_country_names(value: str) -> None:
    assert not ref.is_country_name(value)


@pytest.mark.parametrize("value", ["EUR", "usd", "GBP", "BRL", "CHF", "JPY", "MXN", "CAD"])
def test_currency_codes(value: str) -> None:
    assert ref.is_currency_code(value)


@pytest.mark.parametrize("value", ["DEU", "EU", "EURO", "ABC", "OPN", ""])
def test_not_currency_codes(value: str) -> None:
    assert not ref.is_currency_code(value)


@pytest.mark.parametrize(
    "value",
    ["CA", "NY", "TX", "ON", "QC", "SP", "RJ", "NSW", "Bayern", "Nordrhein-Westfalen", "Noord-Holland",
     "Sevilla", "A Coruña", "Île-de-France", "São Paulo", "Lombardia", "California"],
)  # fmt: skip
def test_regions(value: str) -> None:
    assert ref.is_region(value)


@pytest.mark.parametrize("value", ["XYZ", "Springfield", "OPN", "", "12"])
def test_not_regions(value: str) -> None:
    assert not ref.is_region(value)


@pytest.mark.parametrize(
    ("code", "country"),
    [("90210", "US"), ("90210-1234", "US"), ("SW1A 1AA", "GB"), ("M1 1AE", "GB"), ("1012 AB", "NL"),
     ("01310-200", "BR"), ("1000-001", "PT"), ("K1A 0B1", "CA"), ("00-950", "PL"), ("D02 X285", "IE")],
)  # fmt: skip
def test_postal_formats_per_country(code: str, country: str) -> None:
    assert ref.postal_format(code) == country


@pytest.mark.parametrize("code", ["hello", "1234567890", "ABCDE", "12.50", "0123 AB", ""])
def test_not_postal_codes(code: str) -> None:
    assert ref.postal_format(code) is None


@pytest.mark.parametrize(
    "email",
    ["info@example.com", "contato@loja.com.br", "vertrieb@firma.de", "ventas@tienda.es", "support@x.io",
     "contact@societe.fr", "klantenservice@bedrijf.nl".replace("klantenservice", "verkoop"), "noreply@x.org"],
)  # fmt: skip
def test_role_mailboxes(email: str) -> None:
    assert ref.is_role_mailbox(email)


@pytest.mark.parametrize("email", ["mary.smith@example.com", "jan.devries@bedrijf.nl", "lgarcia@tienda.es"])
def test_personal_mailboxes_are_not_role_mailboxes(email: str) -> None:
    assert not ref.is_role_mailbox(email)


@pytest.mark.parametrize("value", ["0+", "A+", "AB-", "O-", "B RH+", "A pos", "AB NEG"])
def test_blood_groups(value: str) -> None:
    assert ref.is_blood_group(value)


@pytest.mark.parametrize("value", ["C+", "A", "AB", "positive", ""])
def test_not_blood_groups(value: str) -> None:
    assert not ref.is_blood_group(value)


@pytest.mark.parametrize("value", ["J45.9", "E11", "I10", "F32.1", "Z00.00", "M54.5"])
def test_icd10_codes(value: str) -> None:
    assert ref.is_icd10_code(value)


@pytest.mark.parametrize("value", ["U07", "J4", "123", "ABC", "J45.12345", ""])
def test_not_icd10_codes(value: str) -> None:
    assert not ref.is_icd10_code(value)
