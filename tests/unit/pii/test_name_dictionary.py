"""Column-name dictionary: tokenising many spellings and languages, table context, false positives."""

from __future__ import annotations

import pytest
from tdm_agents.pii_detection.labels import PIIType
from tdm_agents.pii_detection.name_dictionary import (
    has_location_word,
    match_column_name,
    split_words,
    table_entity,
    tokenize,
)

P = PIIType


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("addr1", ["addr", "1"]),
        ("address2", ["address", "2"]),
        ("phoneNo", ["phone", "no"]),
        ("e_mail", ["e", "mail"]),
        ("EmailAddress", ["email", "address"]),
        ("IPAddr", ["ip", "addr"]),
        ("first_name", ["first", "name"]),
        ("customer-first-name", ["customer", "first", "name"]),
        ("CUSTOMER_EMAIL", ["customer", "email"]),
        ("userID", ["user", "id"]),
        ("Prénom", ["prenom"]),
        ("Straße", ["strasse"]),
        ("date.of.birth", ["date", "of", "birth"]),
    ],
)
def test_tokenize(name: str, tokens: list[str]) -> None:
    assert tokenize(name) == tokens


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("customeremail", ["customer", "email"]),
        ("emailaddress", ["emailaddress"]),  # itself a dictionary term
        ("billingcity", ["billing", "city"]),
        ("jaarinkomen", ["jaar", "inkomen"]),
        ("serviceberater", ["service", "berater"]),
        ("markets", ["markets"]),  # a plural stays whole
        ("homephone", ["home", "phone"]),
        ("addr1", ["addr"]),
        ("phonetic", ["phonetic"]),  # not a compound of known words: left alone
        ("countryside", ["countryside"]),
    ],
)
def test_split_words_segments_compounds(name: str, words: list[str]) -> None:
    assert split_words(name) == words


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        # English spellings and abbreviations
        ("email", P.EMAIL),
        ("e_mail", P.EMAIL),
        ("EmailAddress", P.EMAIL),
        ("email_address", P.EMAIL),
        ("customerEmail", P.EMAIL),
        ("emails", P.EMAIL),
        ("phone", P.PHONE),
        ("phoneNo", P.PHONE),
        ("phone_number", P.PHONE),
        ("mobile_phone", P.PHONE),
        ("HomePhone", P.PHONE),
        ("fax", P.PHONE),
        ("first_name", P.FIRST_NAME),
        ("FirstName", P.FIRST_NAME),
        ("fname", P.FIRST_NAME),
        ("given_name", P.FIRST_NAME),
        ("last_name", P.LAST_NAME),
        ("lname", P.LAST_NAME),
        ("surname", P.LAST_NAME),
        ("full_name", P.PERSON_NAME),
        ("addr1", P.ADDRESS),
        ("address2", P.ADDRESS),
        ("address_line_1", P.ADDRESS),
        ("billingAddress", P.ADDRESS),
        ("street", P.ADDRESS),
        ("city", P.CITY),
        ("billing_city", P.CITY),
        ("country", P.COUNTRY),
        ("zip", P.POSTAL_CODE),
        ("zipcode", P.POSTAL_CODE),
        ("postcode", P.POSTAL_CODE),
        ("postal_code", P.POSTAL_CODE),
        ("dob", P.DATE_OF_BIRTH),
        ("date_of_birth", P.DATE_OF_BIRTH),
        ("BirthDate", P.DATE_OF_BIRTH),
        ("ssn", P.SSN),
        ("nin", P.SSN),
        ("national_id", P.SSN),
        ("ccnum", P.CREDIT_CARD),
        ("card_number", P.CREDIT_CARD),
        ("credit_card_number", P.CREDIT_CARD),
        ("pan", P.CREDIT_CARD),
        ("iban", P.IBAN),
        ("ip_addr", P.IP_ADDRESS),
        ("IPAddress", P.IP_ADDRESS),
        ("client_ip", P.IP_ADDRESS),
        ("user_name", P.USERNAME),
        ("username", P.USERNAME),
        ("login", P.USERNAME),
        ("pwd", P.PASSWORD),
        ("passwd", P.PASSWORD),
        ("password_hash", P.PASSWORD),
        ("passport_number", P.OTHER),
        # German
        ("vorname", P.FIRST_NAME),
        ("nachname", P.LAST_NAME),
        ("strasse", P.ADDRESS),
        ("Straße", P.ADDRESS),
        ("plz", P.POSTAL_CODE),
        ("telefon", P.PHONE),
        ("telefonnummer", P.PHONE),
        ("geburtsdatum", P.DATE_OF_BIRTH),
        ("wohnort", P.CITY),
        # French
        ("prenom", P.FIRST_NAME),
        ("Prénom", P.FIRST_NAME),
        ("adresse", P.ADDRESS),
        ("courriel", P.EMAIL),
        ("code_postal", P.POSTAL_CODE),
        ("date_de_naissance", P.DATE_OF_BIRTH),
        # Spanish
        ("apellido", P.LAST_NAME),
        ("direccion", P.ADDRESS),
        ("dirección", P.ADDRESS),
        ("correo", P.EMAIL),
        ("telefono", P.PHONE),
        ("teléfono", P.PHONE),
        ("codigo_postal", P.POSTAL_CODE),
        ("fecha_nacimiento", P.DATE_OF_BIRTH),
        # Portuguese
        ("cpf", P.SSN),
        ("endereco", P.ADDRESS),
        ("sobrenome", P.LAST_NAME),
        ("cep", P.POSTAL_CODE),
        # Dutch, and the abbreviations older Dutch systems use
        ("achternaam", P.LAST_NAME),
        ("voornaam", P.FIRST_NAME),
        ("woonplaats", P.CITY),
        ("postcode", P.POSTAL_CODE),
        ("vrltrs", P.FIRST_NAME),
        ("voornm", P.FIRST_NAME),
        ("achternm", P.LAST_NAME),
        ("tussenv", P.LAST_NAME),
        ("wpl", P.CITY),
        ("gebr_naam", P.USERNAME),
        ("ww_hash", P.PASSWORD),
        ("zorgverz_nr", P.OTHER),
        ("big_nr", P.OTHER),
        ("bruto_jaarinkomen", P.SENSITIVE),
        ("salarisschaal", P.SENSITIVE),
        ("indicatie", P.SENSITIVE),
        # sensitive beyond health: credit scores, pay grades, veterans, maternity, disability flags
        ("SchufaScore", P.SENSITIVE),
        ("credit_score", P.SENSITIVE),
        ("pay_grade", P.SENSITIVE),
        ("veteran_status", P.SENSITIVE),
        ("maternity_start", P.SENSITIVE),
        ("REGISTERED_DISABLED_FLAG", P.SENSITIVE),
        ("blue_badge_holder", P.SENSITIVE),
        # abbreviations of UK payroll and HR systems
        ("dob_dt", P.DATE_OF_BIRTH),  # a date of birth is a date: "dt" does not negate it
        ("dob_date", P.DATE_OF_BIRTH),
        ("frnm", P.FIRST_NAME),
        ("marit_stat", P.OTHER),
        ("pst_cd", P.POSTAL_CODE),
        ("acc_hldr", P.PERSON_NAME),
        ("nok", P.PERSON_NAME),
        ("emrg_tel", P.PHONE),
        ("sx_cd", P.OTHER),
        ("dl_no", P.OTHER),
        ("visa_no", P.OTHER),
        # short forms in German, French, Spanish, Portuguese and Dutch systems
        ("vorn", P.FIRST_NAME),
        ("geschl", P.OTHER),
        ("konf", P.SENSITIVE),
        ("fam_stand", P.OTHER),
        ("pnom", P.FIRST_NAME),
        ("tel_port", P.PHONE),
        ("sit_fam", P.OTHER),
        ("pobl", P.CITY),
        ("cta_banc", P.OTHER),
        ("est_civil", P.OTHER),
        ("fone", P.PHONE),
        ("sofi_nr", P.SSN),
        ("burg_staat", P.OTHER),
        # vehicles and building society references
        ("vehicle_vin", P.OTHER),
        ("building_soc_ref", P.OTHER),
        # Italian
        ("cognome", P.LAST_NAME),
        ("indirizzo", P.ADDRESS),
        ("codice_fiscale", P.SSN),
        ("citta", P.CITY),
    ],
)
def test_column_names_map_to_types(column: str, expected: PIIType) -> None:
    match = match_column_name(column)
    assert match.pii_type == expected, match.rule
    assert match.confidence >= 0.6


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("customer", P.PERSON_NAME),
        ("customers", P.PERSON_NAME),
        ("staff", P.PERSON_NAME),
        ("actor", P.PERSON_NAME),
        ("employee", P.PERSON_NAME),
        ("tbl_employees", P.PERSON_NAME),
        ("artist", P.NONE),
        ("genre", P.NONE),
        ("category", P.NONE),
        ("language", P.NONE),
        ("album", P.NONE),
        ("media_type", P.NONE),
        ("playlist", P.NONE),
        ("film", P.NONE),
        ("city", P.CITY),
        ("cities", P.CITY),
        ("country", P.COUNTRY),
        ("countries", P.COUNTRY),
    ],
)
def test_bare_name_follows_the_table(table: str, expected: PIIType) -> None:
    assert match_column_name("name", table).pii_type == expected


def test_bare_name_prefix_beats_table() -> None:
    assert match_column_name("customer_name", "orders").pii_type == P.PERSON_NAME
    assert match_column_name("product_name", "orders").pii_type == P.NONE
    assert match_column_name("company_name", "customer").pii_type == P.NONE


def test_bare_name_in_unknown_table_is_a_weak_hint() -> None:
    match = match_column_name("name", "zorblax")
    assert match.pii_type == P.PERSON_NAME
    assert match.confidence < 0.5


def test_foreign_language_bare_names() -> None:
    assert match_column_name("nom", "clients").pii_type == P.LAST_NAME
    assert match_column_name("nombre", "clientes").pii_type == P.FIRST_NAME
    assert match_column_name("nombre", "productos_categoria").pii_type in (P.NONE, P.FIRST_NAME)
    assert match_column_name("nome", "dipendente").pii_type == P.FIRST_NAME


@pytest.mark.parametrize(
    "column",
    [
        "last_update",
        "first_value",
        "name_id",
        "address_id",
        "email_verified",
        "is_mobile",
        "has_email",
        "phone_type",
        "address_type",
        "country_id",
        "city_id",
        "filename",
        "hostname",
        "email_template",
        "product_name",
    ],
)
def test_false_positives_are_not_pii(column: str) -> None:
    assert match_column_name(column, "customer").pii_type in (None, P.NONE)


@pytest.mark.parametrize(
    "column",
    ["title", "description", "rating", "special_features", "amount", "phonetic", "countryside", "first"],
)
def test_unknown_names_have_no_opinion(column: str) -> None:
    assert match_column_name(column, "film").pii_type is None


def test_state_needs_an_address_context() -> None:
    assert match_column_name("state", "orders").pii_type is None
    assert match_column_name("state", "orders", location_context=True).pii_type == P.ADDRESS
    assert match_column_name("district", "address").pii_type == P.ADDRESS
    # Value patterns cannot confirm a region name, so none are asked for.
    assert not match_column_name("district", "address").checks_values


def test_a_relationship_to_a_contact_is_not_the_contact() -> None:
    assert match_column_name("nok_rel").pii_type == P.NONE
    assert match_column_name("emerg_contact_rel").pii_type == P.NONE
    assert match_column_name("EmergencyContactRelationship").pii_type == P.NONE
    assert match_column_name("emerg_contact").pii_type == P.PERSON_NAME


def test_a_name_of_a_thing_is_not_a_persons() -> None:
    assert match_column_name("store_display_name").pii_type == P.NONE
    assert match_column_name("product_full_name").pii_type == P.NONE
    assert match_column_name("user_account_display_name").pii_type == P.PERSON_NAME
    assert match_column_name("seller_display_name").pii_type == P.PERSON_NAME
    assert match_column_name("company_contact_name").pii_type == P.PERSON_NAME


def test_address_components_need_an_address_context() -> None:
    assert match_column_name("line1", "shippingAddress", location_context=True).pii_type == P.ADDRESS
    assert match_column_name("locality", "shippingAddress", location_context=True).pii_type == P.CITY
    assert match_column_name("line1", "invoice").pii_type is None
    assert match_column_name("locality", "survey").pii_type is None
    # A plate is a person's only about a person (needs the table's context, see the merger).
    assert match_column_name("vehiclePlate", "drivers").needs == "person_context"


def test_photo_is_personal_only_in_person_tables() -> None:
    assert match_column_name("picture", "staff").pii_type == P.OTHER
    assert match_column_name("picture", "film").pii_type == P.NONE


def test_table_entity_and_location_words() -> None:
    assert table_entity("dim_customer") == "person"
    assert table_entity("people") == "person"
    assert table_entity("invoice_line") is None
    assert has_location_word("billing_city")
    assert has_location_word("city_id")
    assert not has_location_word("first_name")
