"""Names in more conventions (evidence source "name"): abbreviations, camelCase, affixes, compounds, and
column names in German, French, Spanish, Portuguese and Dutch."""

from __future__ import annotations

import pytest
from tdm_agents.pii_detection.labels import PIIType
from tdm_agents.pii_detection.name_dictionary import expanded_words, match_column_name

P = PIIType


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("CUST_NM", ("customer", "name")),
        ("EMP_FST_NM", ("employee", "first", "name")),
        ("PH_NO", ("phone", "no")),
        ("HM_ADDR", ("home", "address")),
        ("CNTRY_CD", ("country", "code")),
        ("SAL_AMT", ("salary", "amount")),
        ("vendCntctPh", ("vendor", "contact", "phone")),
        ("gewerkschaftsmitglied", ("gewerkschaftsmitglied",)),
        ("gehaltsvorstellung", ("gehaltsvorstellung",)),
        ("geburtsdatum_mutter", ("geburtsdatum", "mutter")),
        ("staatsangehoerigkeit", ("staatsangehoerigkeit",)),
        ("staatsangehörigkeit", ("staatsangehorigkeit",)),
        ("telefonPrivat", ("telefon", "privat")),
    ],
)
def test_abbreviations_camel_case_and_compounds(name: str, words: tuple[str, ...]) -> None:
    assert expanded_words(name).words == words


NAMES: dict[str, list[tuple[str, PIIType]]] = {
    "abbreviations": [
        ("cust_nm", P.PERSON_NAME),
        ("CUST_NM", P.PERSON_NAME),
        ("ph_no", P.PHONE),
        ("HM_PH", P.PHONE),
        ("addr1", P.ADDRESS),
        ("zip_cd", P.POSTAL_CODE),
        ("post_cd", P.POSTAL_CODE),
        ("dob", P.DATE_OF_BIRTH),
        ("EMP_FST_NM", P.FIRST_NAME),
        ("EMP_LST_NM", P.LAST_NAME),
        ("CNTRY_CD", P.COUNTRY),
        ("CITY_NM", P.CITY),
        ("EMAIL_ADDR", P.EMAIL),
        ("PWD_HSH", P.PASSWORD),
        ("SAL_AMT", P.SENSITIVE),
        ("NatInsNo", P.SSN),
        ("ee_sname", P.LAST_NAME),
        ("gebdat", P.DATE_OF_BIRTH),
        ("fec_nac", P.DATE_OF_BIRTH),
        ("dt_nasc", P.DATE_OF_BIRTH),
    ],
    "camelCase and affixes": [
        ("customerEmail", P.EMAIL),
        ("ownerEmail", P.EMAIL),
        ("lastLoginIp", P.IP_ADDRESS),
        ("beneficiaryIban", P.IBAN),
        ("phoneNumberTxt", P.PHONE),
        ("nationalIdNo", P.SSN),
        ("user_id", P.USERNAME),
        ("ssn_txt", P.SSN),
        ("diagnosis_code", P.SENSITIVE),
        ("disabilityStatus", P.SENSITIVE),
        ("passport_no", P.OTHER),
    ],
    "de": [
        ("nachname", P.LAST_NAME),
        ("vorname", P.FIRST_NAME),
        ("geburtsname", P.LAST_NAME),
        ("geburtsort", P.CITY),
        ("staatsangehoerigkeit", P.COUNTRY),
        ("strasse", P.ADDRESS),
        ("hausnummer", P.ADDRESS),
        ("plz", P.POSTAL_CODE),
        ("telefon_privat", P.PHONE),
        ("handy", P.PHONE),
        ("email_dienstlich", P.EMAIL),
        ("steuer_id", P.SSN),
        ("sv_nummer", P.SSN),
        ("rentenversicherungsnummer", P.SSN),
        ("kontoinhaber", P.PERSON_NAME),
        ("kontonummer", P.OTHER),
        ("kfz_kennzeichen", P.OTHER),
        ("geschlecht", P.OTHER),
        ("bruttogehalt", P.SENSITIVE),
        ("konfession", P.SENSITIVE),
        ("gewerkschaftsmitglied", P.SENSITIVE),
        ("diagnose", P.SENSITIVE),
        ("schwerbehinderung_gdb", P.SENSITIVE),
        ("versichertennummer", P.OTHER),
    ],
    "fr": [
        ("prénom", P.FIRST_NAME),
        ("nom_naissance", P.LAST_NAME),
        ("date_de_naissance", P.DATE_OF_BIRTH),
        ("lieu_naissance", P.CITY),
        ("num_secu", P.SSN),
        ("numero_securite_sociale", P.SSN),
        ("adresse", P.ADDRESS),
        ("code_postal", P.POSTAL_CODE),
        ("ville", P.CITY),
        ("courriel", P.EMAIL),
        ("telephone_portable", P.PHONE),
        ("nationalite", P.COUNTRY),
        ("salaire_brut", P.SENSITIVE),
        ("situation_familiale", P.OTHER),
        ("titulaire_du_compte", P.PERSON_NAME),
    ],
    "es": [
        ("apellido", P.LAST_NAME),
        ("apellido1", P.LAST_NAME),
        ("nombre_completo", P.PERSON_NAME),
        ("dni", P.SSN),
        ("num_seguridad_social", P.SSN),
        ("fecha_nacimiento", P.DATE_OF_BIRTH),
        ("dirección", P.ADDRESS),
        ("codigo_postal", P.POSTAL_CODE),
        ("municipio", P.CITY),
        ("telefono_movil", P.PHONE),
        ("correo_electronico", P.EMAIL),
        ("titular_cuenta", P.PERSON_NAME),
        ("grupo_sanguineo", P.SENSITIVE),
        ("alergias", P.SENSITIVE),
        ("tratamiento", P.SENSITIVE),
        ("motivo_consulta", P.SENSITIVE),
        ("num_tarjeta_sanitaria", P.OTHER),
        ("num_colegiado", P.OTHER),
        ("salario", P.SENSITIVE),
    ],
    "pt": [
        ("sobrenome", P.LAST_NAME),
        ("nome_completo", P.PERSON_NAME),
        ("cpf", P.SSN),
        ("rg", P.SSN),
        ("data_nascimento", P.DATE_OF_BIRTH),
        ("telefone", P.PHONE),
        ("celular", P.PHONE),
        ("logradouro", P.ADDRESS),
        ("bairro", P.ADDRESS),
        ("cidade", P.CITY),
        ("cep", P.POSTAL_CODE),
        ("endereço", P.ADDRESS),
        ("senha_hash", P.PASSWORD),
        ("salário", P.SENSITIVE),
        ("nacionalidade", P.COUNTRY),
    ],
    "nl": [
        ("voornaam", P.FIRST_NAME),
        ("achternaam", P.LAST_NAME),
        ("tussenvoegsel", P.LAST_NAME),
        ("geboortedatum", P.DATE_OF_BIRTH),
        ("geboorteplaats", P.CITY),
        ("bsn", P.SSN),
        ("straatnaam", P.ADDRESS),
        ("huisnummer", P.ADDRESS),
        ("woonplaats", P.CITY),
        ("telefoonnummer", P.PHONE),
        ("emailadres", P.EMAIL),
        ("rekeninghouder", P.PERSON_NAME),
        ("kenteken", P.OTHER),
        ("salaris", P.SENSITIVE),
        ("nationaliteit", P.COUNTRY),
    ],
}


@pytest.mark.parametrize(
    ("column", "expected"),
    [case for cases in NAMES.values() for case in cases],
    ids=[f"{group}-{case[0]}" for group, cases in NAMES.items() for case in cases],
)
def test_names_in_each_convention_and_language(column: str, expected: PIIType) -> None:
    match = match_column_name(column, "person", location_context=True)
    assert match.pii_type == expected, match.rule


NOT_PII: dict[str, list[str]] = {
    "en": [
        "CUST_NO",
        "DEPT_CD",
        "CURR_CD",
        "STAT_CD",
        "WRK_EXT",
        "loyalty_card_no",
        "tracking_no",
        "FED_TAX_ID",
        "vat_number",
        "sort_code",
        "bic",
        "payment_token",
        "image_path",
        "product_url",
        "card_expiry",
        "job_title",
        "pay_period",
        "phone_extension",
        "salary_currency",
    ],
    "de": ["durchwahl", "waehrung", "kostenstelle", "krankenkasse", "ust_id", "bankleitzahl", "abteilung"],
    "fr": ["devise", "siret", "numero_tva", "poste"],
    "es": ["moneda", "cif", "extension", "mutua", "numero_seguimiento"],
    "pt": ["moeda", "cnpj", "razao_social", "nome_fantasia", "codigo_rastreio"],
    "nl": ["valuta", "kvk_nummer", "btw_nummer", "toestel"],
}


@pytest.mark.parametrize(
    "column",
    [column for columns in NOT_PII.values() for column in columns],
    ids=[f"{lang}-{column}" for lang, columns in NOT_PII.items() for column in columns],
)
def test_look_alikes_are_not_pii(column: str) -> None:
    assert match_column_name(column, "person", location_context=True).pii_type in (None, P.NONE)


def test_ambiguous_abbreviations_are_weak() -> None:
    match = match_column_name("ST_CD", "CUST_MSTR", location_context=True)
    assert match.pii_type == P.ADDRESS and match.confidence < 0.5 and match.checks_values


def test_count_prefix_is_left_to_the_column_type() -> None:
    assert match_column_name("num_tarjeta_sanitaria").count_prefix
    assert not match_column_name("tarjeta_sanitaria").count_prefix


def test_contact_person_words() -> None:
    assert match_column_name("VEND_CNTCT_PH", "VEND_MSTR").contact_person
    assert not match_column_name("VEND_ADDR1", "VEND_MSTR").contact_person
