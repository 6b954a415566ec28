"""Refine declared types into semantic ones (`varchar` -> `email`) from names and declared types.

Discovery looks at names and declared types only: sampled values are the PII agent's business (it
measures them per column with validators). The name vocabulary is the PII agent's own dictionary, so
both agents agree on what `e_mail_adresse` or `customer.name` is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from tdm_agents.pii_detection.name_dictionary import match_column_name

# Semantic types the name dictionary can name, beyond the PII ones, by declared-type family.
_CATEGORY_TYPES = {
    "numeric": "number",
    "datetime": "datetime",
    "boolean": "boolean",
    "uuid": "uuid",
    "json": "json",
    "binary": "binary",
    "array": "array",
    "enum": "enum",
    "string": "text",
    "text_search": "text_search",
}
_ID_NAME = re.compile(r"(^|_)(id|key|code|no|nr|num|number)$|Id$", re.IGNORECASE)
_URL_NAME = re.compile(r"(^|_)(url|uri|link|website|homepage)($|_)", re.IGNORECASE)
_AMOUNT_NAME = re.compile(r"(^|_)(amount|price|cost|total|balance|fee|rate|salary)($|_)", re.IGNORECASE)
_DATE_NAME = re.compile(r"(^|_)(date|dt|day)($|_)|_at$|_on$", re.IGNORECASE)
# Name-dictionary answers only count for declared types that can hold them.
_PII_CATEGORIES = {"string", "numeric", "datetime", "other", "enum", "binary"}


def infer_column_type(column: dict[str, Any], *, location_context: bool = False) -> tuple[str, str]:
    """(inferred_type, rule) for one column dict from `connector.list_columns`."""
    category = str(column.get("category") or "other")
    name = str(column["name"])
    if category in _PII_CATEGORIES:
        match = match_column_name(name, str(column.get("table") or ""), location_context=location_context)
        named = match.pii_type
        # A date column named like PII is only ever a date of birth (not "email_sent_at").
        if (
            named is not None
            and named.is_pii
            and match.confidence >= 0.6
            and (category != "datetime" or named.value == "date_of_birth")
        ):
            return named.value, f"name: {match.rule}"
    if category in ("numeric", "uuid", "string") and _ID_NAME.search(name):
        return "identifier", "name ends with an id/key/code word"
    if category == "string" and _URL_NAME.search(name):
        return "url", "name says url/link"
    if category == "numeric" and _AMOUNT_NAME.search(name):
        return "amount", "name says amount/price/total"
    if category == "string" and _DATE_NAME.search(name):
        return "date_text", "a date stored as text"
    return _CATEGORY_TYPES.get(category, "other"), f"declared type family {category}"


def infer_types(columns: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies of the column dicts with `inferred_type` (and the rule that chose it) added."""
    address_words = re.compile(
        r"street|city|zip|postal|postcode|address|country|state|province", re.IGNORECASE
    )
    tables_with_address: defaultdict[tuple[str, str], int] = defaultdict(int)
    for column in columns:
        if address_words.search(str(column["name"])):
            tables_with_address[(column["schema"], column["table"])] += 1
    enriched = []
    for column in columns:
        # "state" is an address part only next to other address columns.
        location = tables_with_address[(column["schema"], column["table"])] >= 2
        inferred, rule = infer_column_type(column, location_context=location)
        enriched.append({**column, "inferred_type": inferred, "inference_rule": rule})
    return enriched
