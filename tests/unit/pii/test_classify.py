"""Merging name, value and LLM evidence: labels, techniques, confidences; deterministic; no values kept."""

from __future__ import annotations

from typing import Any

from tdm_agents.pii_detection import ColumnInput, PIIType, Technique, classify_columns
from tdm_agents.pii_detection.labels import ColumnClassification
from tdm_agents.pii_detection.llm_classifier import LLMColumnVerdict
from tdm_agents.pii_detection.merger import Decision, decide_with_llm

P = PIIType
EMAILS = ["mary.smith@example.com", "john.doe@example.org", "x.y@example.net", "ann@example.io"]


def col(column: str, data_type: str = "text", table: str = "customer", **flags: bool) -> ColumnInput:
    return ColumnInput(schema="public", table=table, column=column, data_type=data_type, **flags)


def one(column: ColumnInput, values: list[Any] | None = None) -> ColumnClassification:
    samples = {column.key: values} if values is not None else {}
    [result] = classify_columns([column], samples)
    return result


def test_name_and_values_agree_gives_merged_high_confidence() -> None:
    result = one(col("email"), EMAILS)
    assert result.pii_type == P.EMAIL
    assert result.technique == Technique.MERGED
    assert result.confidence >= 0.95
    assert result.evidence["match_rates"]["email"] == 1.0
    assert "email" in result.evidence["matched_patterns"]


def test_name_only_when_nothing_was_sampled() -> None:
    result = one(col("email"))
    assert (result.pii_type, result.technique) == (P.EMAIL, Technique.NAME)
    assert 0.8 <= result.confidence < 0.99


def test_values_alone_find_pii_under_an_unhelpful_name() -> None:
    result = one(col("contact_info"), EMAILS)
    assert (result.pii_type, result.technique) == (P.EMAIL, Technique.REGEX)
    cards = one(col("col7"), ["4111111111111111", "5555555555554444", "378282246310005", "6011111111111117"])
    assert cards.pii_type == P.CREDIT_CARD


def test_validated_values_beat_a_misleading_name() -> None:
    result = one(col("phone"), EMAILS)
    assert result.pii_type == P.EMAIL
    assert result.technique == Technique.REGEX
    assert "contradict" in result.evidence["decision"]


def test_values_that_contradict_the_name_lower_confidence() -> None:
    result = one(col("email"), ["n/a", "unknown", "none given", "ask"])
    assert result.pii_type == P.EMAIL
    assert result.confidence < 0.6


def test_integer_keys_and_booleans_are_never_pii() -> None:
    assert one(col("customer_id", "integer", is_primary_key=True), [1, 2, 3]).pii_type == P.NONE
    assert one(col("address_id", "integer", is_foreign_key=True), [1, 2, 3]).pii_type == P.NONE
    assert one(col("phone", "integer", is_foreign_key=True), [2025550147]).pii_type == P.NONE
    assert one(col("email_opt_in", "boolean"), [True, False]).pii_type == P.NONE
    # A natural key that holds e-mail addresses is still PII.
    assert one(col("email", "varchar(100)", is_primary_key=True), EMAILS).pii_type == P.EMAIL


def test_numeric_columns_are_never_phones_by_value() -> None:
    result = one(col("amount_cents", "bigint"), [2025550147, 4155550123, 3125550199, 6175550111])
    assert result.pii_type == P.NONE


def test_a_phone_named_integer_column_is_still_a_phone() -> None:
    assert one(col("phone", "bigint"), [2025550147, 4155550123]).pii_type == P.PHONE


def test_type_mismatch_cancels_a_name() -> None:
    # "last_login" is a timestamp, not a user name.
    assert one(col("last_login", "timestamp"), ["2024-01-01 10:00:00"]).pii_type == P.NONE


def test_bare_postal_codes_need_the_name() -> None:
    zips = ["35200", "17886", "83579", "53561"]
    assert one(col("postal_code"), zips).pii_type == P.POSTAL_CODE
    assert one(col("batch_no"), zips).pii_type == P.NONE


def test_dates_of_birth_by_name_or_by_plausible_ages() -> None:
    births = ["1958-12-08", "1947-09-19", "1973-08-29", "1965-03-03", "1970-05-29", "1962-02-18"] * 2
    births += ["1968-01-09", "1973-07-01", "1980-11-11", "1990-02-02"]
    assert one(col("dob", "date"), births).pii_type == P.DATE_OF_BIRTH
    by_value = one(col("d1", "date"), births)
    assert (by_value.pii_type, by_value.technique) == (P.DATE_OF_BIRTH, Technique.REGEX)
    assert by_value.confidence < 0.7
    # Event dates are excluded by name, and recent dates by the ages they imply.
    assert one(col("hire_date", "date"), births).pii_type == P.NONE
    recent = [f"2022-0{m}-1{d}" for m in range(1, 10) for d in range(3)]
    assert one(col("d2", "date"), recent).pii_type == P.NONE


def test_state_is_an_address_part_only_next_to_address_columns() -> None:
    with_address = [col("address", table="customer"), col("state", table="customer")]
    without = [col("order_no", table="orders"), col("state", table="orders")]
    assert classify_columns(with_address, {})[1].pii_type == P.ADDRESS
    assert classify_columns(without, {})[1].pii_type == P.NONE


def test_results_keep_input_order_and_are_deterministic() -> None:
    columns = [col("email"), col("first_name"), col("title"), col("ssn"), col("x", table="other")]
    samples = {columns[0].key: EMAILS, columns[3].key: ["123-45-6789", "078-05-1120"]}
    first = classify_columns(columns, samples)
    second = classify_columns(list(columns), dict(samples))
    assert [r.column for r in first] == ["email", "first_name", "title", "ssn", "x"]
    assert [r.model_dump() for r in first] == [r.model_dump() for r in second]
    assert [r.pii_type for r in first] == [P.EMAIL, P.FIRST_NAME, P.NONE, P.SSN, P.NONE]


def test_evidence_never_contains_sampled_values() -> None:
    secret = ["zelda.quux@hidden.example", "yorick.plum@hidden.example"]
    result = one(col("email"), secret)
    dumped = result.model_dump_json()
    assert "zelda" not in dumped and "hidden.example" not in dumped


def test_pii_map_entry_is_the_spec_shape() -> None:
    entry = one(col("email"), EMAILS).to_pii_map_entry()
    assert entry == {
        "table": "customer",
        "column": "email",
        "pii_type": "email",
        "confidence": entry["confidence"],
        "technique": "merged",
    }
    assert isinstance(entry["confidence"], float)


def test_duplicate_columns_are_rejected() -> None:
    from tdm_core.errors import InvalidInputError

    column = col("email")
    try:
        classify_columns([column, column], {})
    except InvalidInputError as exc:
        assert "listed twice" in str(exc)
    else:
        raise AssertionError("duplicate column accepted")


# --- LLM folding -------------------------------------------------------------------------------


def verdict(pii_type: PIIType, confidence: float) -> LLMColumnVerdict:
    return LLMColumnVerdict(pii_type=pii_type, confidence=confidence, reason="test")


def test_llm_agreement_is_merged() -> None:
    base = Decision(P.EMAIL, 0.9, Technique.NAME, "term")
    merged = decide_with_llm(base, verdict(P.EMAIL, 0.8))
    assert (merged.pii_type, merged.technique) == (P.EMAIL, Technique.MERGED)
    assert merged.confidence > 0.9


def test_llm_fills_a_gap_but_not_when_unsure() -> None:
    base = Decision(P.NONE, 0.8, Technique.REGEX, "nothing")
    assert decide_with_llm(base, verdict(P.PERSON_NAME, 0.9)).technique == Technique.LLM
    assert decide_with_llm(base, verdict(P.PERSON_NAME, 0.3)).pii_type == P.NONE


def test_llm_cannot_override_schema_facts_or_validated_values() -> None:
    key = Decision(P.NONE, 0.95, Technique.NAME, "key column", final=True)
    assert decide_with_llm(key, verdict(P.SSN, 0.99)).pii_type == P.NONE
    validated = Decision(P.CREDIT_CARD, 0.95, Technique.REGEX, "luhn", validated=True)
    assert decide_with_llm(validated, verdict(P.PHONE, 0.99)).pii_type == P.CREDIT_CARD
    assert decide_with_llm(validated, verdict(P.NONE, 0.99)).pii_type == P.CREDIT_CARD


def test_llm_overrides_only_weaker_labels() -> None:
    weak = Decision(P.USERNAME, 0.65, Technique.NAME, "handle")
    assert decide_with_llm(weak, verdict(P.NONE, 0.9)).pii_type == P.NONE
    strong = Decision(P.EMAIL, 0.95, Technique.NAME, "term")
    kept = decide_with_llm(strong, verdict(P.NONE, 0.9))
    assert kept.pii_type == P.EMAIL and kept.confidence < 0.95


def test_name_family_agreement_keeps_the_specific_label() -> None:
    first = Decision(P.FIRST_NAME, 0.95, Technique.NAME, "term")
    assert decide_with_llm(first, verdict(P.PERSON_NAME, 0.9)).pii_type == P.FIRST_NAME
    generic = Decision(P.PERSON_NAME, 0.85, Technique.NAME, "name")
    assert decide_with_llm(generic, verdict(P.LAST_NAME, 0.9)).pii_type == P.LAST_NAME


ADVISERS = [
    "Prof. Jörgen Ehlert B.Eng.", "Leyla Bolzmann", "Kordula Heintze", "Semra Rogner", "Mandy Flantz",
    "Swen Preiß-Krebs", "Ottilie Kranz", "Gerwin Obst", "Daniel Wulf", "Hans Tiedemann",
]  # fmt: skip


def test_a_column_named_after_a_role_holding_names_is_a_person_name() -> None:
    result = one(col("Serviceberater", "varchar(60)", table="Werkstattauftrag"), ADVISERS)
    assert result.pii_type == P.PERSON_NAME
    assert "berater" in result.evidence["decision"]
    # The same values under a name that is no role are left to the general rule (not enough known names).
    assert one(col("Bemerkung", "varchar(60)", table="Werkstattauftrag"), ADVISERS).pii_type == P.NONE


def test_a_house_number_is_an_address_part_even_as_an_integer() -> None:
    assert one(col("huisnummer", "integer", table="huurder"), [12, 7, 140, 3, 88]).pii_type == P.ADDRESS
    assert one(col("house_no", "integer"), [12, 7, 140, 3, 88]).pii_type == P.ADDRESS
    assert one(col("email", "integer"), [1, 2, 3]).pii_type == P.NONE  # other types still need text


def test_paths_of_a_persons_picture_are_not_the_picture() -> None:
    paths = [f"/img/avatars/{i:04d}-a1b2.png" for i in range(10)]
    assert one(col("avatar_path", table="members"), paths).pii_type == P.NONE


def test_sensitive_flags_and_scores_in_several_languages() -> None:
    assert one(col("blue_badge_holder", "boolean", table="parking_permit")).pii_type == P.SENSITIVE
    assert one(col("SchufaScore", "smallint", table="Finanzierung"), [71, 88, 95]).pii_type == P.SENSITIVE
    assert one(col("bruto_jaarinkomen", "numeric(10,2)", table="huurder"), [21000.5]).pii_type == P.SENSITIVE
    assert one(col("credit_score", "integer"), [640, 720, 810]).pii_type == P.SENSITIVE


def test_vehicles_of_people() -> None:
    vins = ["1HGCM82633A004352", "WVWZZZ1JZ3W386752", "E7L2221R9EVYE3608", "5YJSA1E26HF000337",
            "JH4KA7561PC008269", "1M8GDM9AXKP042788"]  # fmt: skip
    assert one(col("FIN", "char(17)", table="Fahrzeug"), vins).pii_type == P.OTHER
    assert (
        one(col("vehiclePlate", "varchar(10)", table="drivers"), ["ABC1234", "7XYZ012"]).pii_type == P.OTHER
    )
    assert one(col("plate", "varchar(10)", table="fleet_vehicle"), ["ABC1234", "7XYZ012"]).pii_type == P.NONE


def test_a_relationship_describes_a_contact_it_does_not_name_one() -> None:
    relations = ["Spouse", "Mother", "Friend", "Brother", "Partner"]
    assert one(col("EmergencyContactRelationship", "varchar(12)"), relations).pii_type == P.NONE
    ship = ["12 Baker Street", "4 High Road", "77 Mill Lane", "1 Church Street", "9 Station Road"]
    assert one(col("ship_to_line1", "varchar(80)", table="receipts"), ship).pii_type == P.ADDRESS


def test_freephone_numbers_are_a_business_line() -> None:
    freephone = ["1-800-555-0199", "1-888-555-0123", "1-877-555-0142", "1-866-555-0177", "1-855-555-0111"]
    assert one(col("promo_phone", "varchar(20)", table="orders"), freephone).pii_type == P.NONE
    personal = ["+1 202-555-0147", "+1 415-555-0123", "+1 312-555-0199", "+1 617-555-0111"]
    assert one(col("promo_phone", "varchar(20)", table="orders"), personal).pii_type == P.PHONE


def test_a_gift_card_is_the_shops_own_card() -> None:
    # Luhn-valid, in the Maestro range: the values alone would say "card"
    cards = ["6036281234567890", "6036289876543210", "6036285555555558", "6036281111111119"]
    cards += ["6036282222222225", "6036283333333331"]
    assert one(col("card_no", "varchar(19)", table="orders"), cards).pii_type == P.CREDIT_CARD
    assert one(col("gift_card_number", "varchar(19)", table="orders"), cards).pii_type == P.NONE
    visas = ["4111111111111111", "4012888888881881", "4222222222222", "4532015112830366"]
    assert one(col("card_number", "varchar(19)", table="orders"), visas).pii_type == P.CREDIT_CARD
