"""National, organisation and device ids (evidence source "values"): valid and invalid numbers per country."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tdm_agents.pii_detection import national_ids as ids

# (validator, valid examples, invalid examples): valid ones carry a correct check digit; invalid ones
# change one digit, the length, or break a structural rule.
CASES: list[tuple[str, Callable[[str], bool], list[str], list[str]]] = [
    (
        "uk_nino",
        ids.is_uk_nino,
        ["AB123456C", "ab 12 34 56 c", "JG103759A"],
        ["DA123456A", "GB123456A", "AB123456E", "AB12345C"],
    ),
    (
        "de_steuer_id",
        ids.is_de_steuer_id,
        ["86095742719", "47036892816", "65929970489"],
        ["86095742718", "06095742719", "12345678901", "8609574271"],
    ),
    (
        "de_rv_nummer",
        ids.is_de_rv_nummer,
        ["65 170839 J 003", "65170839J003"],
        ["65 170839 J 004", "65 173239 J 003", "65170839003"],
    ),
    (
        "fr_nir",
        ids.is_fr_nir,
        ["1 84 12 76 451 089 46", "184127645108946", "2 69 05 2A 123 456 88"],
        ["184127645108947", "584127645108946", "18412764510894"],
    ),
    (
        "es_dni",
        ids.is_es_dni,
        ["12345678Z", "00000001R", "X1234567L", "Y-1234567-X"],
        ["12345678A", "X12345678L", "1234567Z", "W1234567L"],
    ),
    (
        "es_nuss",
        ids.is_es_nuss,
        ["281234567840", "28/12345678/40"],
        ["281234567841", "991234567840", "28123456784"],
    ),
    (
        "nl_bsn",
        ids.is_nl_bsn,
        ["111222333", "123456782", "10000008"],
        ["111222334", "123456789", "000000000"],
    ),
    (
        "br_cpf",
        ids.is_br_cpf,
        ["529.982.247-25", "52998224725", "111.444.777-35"],
        ["529.982.247-26", "111.111.111-11", "5299822472"],
    ),
    (
        "it_codice_fiscale",
        ids.is_it_codice_fiscale,
        ["RSSMRA85T10A562S", "rssmra85t10a562s"],
        ["RSSMRA85T10A562T", "RSSMRA85T10A562", "1SSMRA85T10A562S"],
    ),
    (
        "pt_nif_person",
        ids.is_pt_nif_person,
        ["123456789", "234567899"],
        ["123456780", "523456789", "12345678"],
    ),
    (
        "be_national_number",
        ids.is_be_national_number,
        ["85.07.30-033.28", "85073003328"],
        ["85073003329", "8507300332"],
    ),
    ("ca_sin", ids.is_ca_sin, ["130 692 544", "130692544"], ["130692545", "046454286", "846454286"]),
    ("us_ein", ids.is_us_ein, ["12-3456789", "95-1234567"], ["123456789", "00-1234567", "12-345678"]),
    (
        "br_cnpj",
        ids.is_br_cnpj,
        ["11.222.333/0001-81", "11222333000181"],
        ["11.222.333/0001-82", "11111111111111"],
    ),
    (
        "fr_siren_siret",
        ids.is_fr_siren_siret,
        ["732 829 320", "73282932000074"],
        ["732829321", "73282932000075", "732829320"],
    ),
    (
        "vat_number",
        ids.is_vat_number,
        [
            "DE123456789",
            "ATU12345678",
            "NL123456789B01",
            "FR12345678901",
            "B12345674",
            "A28015865",
            "Q2826000H",
        ],
        # A letter and eight digits is a CIF only with its control digit (a passport number is not).
        ["DE12345678", "XX123456789", "NL123456789", "B12345678", "A12345678"],
    ),
    (
        "imei",
        ids.is_imei,
        ["490154203237518", "35-209900-176148-1"],
        ["490154203237519", "378282246310005", "49015420323751"],
    ),
    (
        "iccid",
        ids.is_iccid,
        ["8944110068256270054", "89441100682562700540"],
        ["8944110068256270055", "1944110068256270054"],
    ),
    ("imsi", ids.is_imsi, ["234150999999990", "310260000000000"], ["134150999999999", "23415099999999"]),
    (
        "mac_address",
        ids.is_mac_address,
        ["00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001a.2b3c.4d5e"],
        ["00:1A:2B:3C:4D", "00:1A-2B:3C:4D:5E", "hello"],
    ),
    (
        "vin",
        ids.is_vin,
        ["1HGCM82633A004352", "WVWZZZ1JZ3W386752", "e7l2221r9evye3608"],
        # I, O or Q; 16 characters; no letters; too few digits
        ["1HGCM82633A00435I", "WVWZZZ1JZ3W38675", "12345678901234567", "ABCDEFGHJKLMNPRS1"],
    ),
]


@pytest.mark.parametrize(
    ("check", "value"),
    [(check, value) for _, check, valid, _ in CASES for value in valid],
    ids=[f"{name}-{value}" for name, _, valid, _ in CASES for value in valid],
)
def test_valid_ids(check: Callable[[str], bool], value: str) -> None:
    assert check(value)


@pytest.mark.parametrize(
    ("check", "value"),
    [(check, value) for _, check, _, invalid in CASES for value in [*invalid, "", "not a number"]],
    ids=[f"{name}-{value}" for name, _, _, invalid in CASES for value in [*invalid, "", "not a number"]],
)
def test_invalid_ids(check: Callable[[str], bool], value: str) -> None:
    assert not check(value)


def test_registry_sorts_people_organisations_and_devices() -> None:
    assert [v.name for v in ids.person_id_kinds("12345678Z")] == ["es_dni"]
    assert ids.organisation_id_kind("11.222.333/0001-81") == "br_cnpj"
    assert ids.device_id_kind("490154203237518") == "imei"
    assert ids.person_id_kinds("hello") == [] and ids.organisation_id_kind("") is None
    # Shapes without a check digit confirm a name but never label a column on their own.
    weak = {v.name for v in ids.PERSON_IDS if not v.strong}
    assert {"nl_bsn", "de_steuer_id", "br_rg", "de_rv_shape"} <= weak
