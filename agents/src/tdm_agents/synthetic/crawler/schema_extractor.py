"""Turn a crawl (`dom_walk.CrawlResult`) into the normalized schema of synthetic generation.

Pure and deterministic: no browser, no I/O; the same crawl gives the same snapshot and notes. Every
form and every data table becomes an entity (a table of the snapshot, `origin="ui"`, built with
`tdm_agents.synthetic.schema.table`), with a surrogate primary key `id bigint` first. The same entity
seen on several pages (the same name) is one table: the union of its fields.

Entity names come from the form's id, name, aria-label, heading or action path (a table's id,
caption, aria-label or heading), else the page's title or path: snake_case, without noise words
("form", "new", "your", "details" ...), the last word singular, a lone verb turned into its noun:
"Register" -> `registration`, "signup-form" -> `signup`, "Recent orders" -> `order`. Two forms (or two
tables) of one page that get the same name are told apart by `_2`, `_3` ... in page order; a column
whose name is taken (the surrogate `id` included) gets the same treatment.

Form fields (`_form_column`), by HTML input type:

    email           character varying(maxlength or 254), semantic email, format email
    tel             character varying(maxlength or 20), semantic phone
    number / range  integer (bigint past int4 bounds); numeric(12,2) when step, min or max has decimals
                    (step "any" too; more decimals widen the scale); min / max kept
    date            date (min / max kept as ISO dates)
    datetime-local  timestamp without time zone
    time            time without time zone
    url             text (character varying(maxlength) when given), semantic url, format uri
    checkbox        boolean; several boxes of one name -> a choice (below)
    select / radio  character varying(longest option), allowed_values = the option values
    password        character varying(maxlength or 255), semantic password
    color           character varying(7), semantic color
    textarea        text (character varying(maxlength) when given), semantic description
    text and others character varying(maxlength or 255)
    file            left out (noted)

`required` makes the column NOT NULL; maxlength / minlength / pattern are kept in `type_details`.
The semantic type comes from the input type when that is specific (email, tel, url, password, color),
else from the field's name, then its label, then its placeholder (`_SEMANTIC_RULES`: first name, last
name, e-mail, phone, address, city, postal code, country, date of birth, company, username ...), kept
only when it fits the column's type family (a number named "zip" gets none).

Table columns (`_table_column`) are typed from their sample cells: all integers -> integer (bigint when
large; a leading zero keeps them text), yes/no -> boolean, decimals or money -> numeric(12,scale)
(semantic amount with a currency sign), percentages -> numeric(5,2), ISO dates -> date, ISO date-times
-> timestamp with(out) time zone, e-mails -> character varying(254); else character varying of the
longest sample rounded up to 10, 20, 50, 100, 255, 500 or 1000 (text beyond). Table columns stay
nullable: a sample proves no constraint. When a form and a table give one entity the same column, the
form's declared type wins over the one inferred from samples.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from tdm_agents.synthetic.crawler.dom_walk import CrawlResult, FormField, FormInfo, HtmlTable, PageInfo
from tdm_agents.synthetic.schema import column, family_of, table, varchar_length

SURROGATE_KEY = "id"
# PostgreSQL truncates identifiers at 63 bytes; room is kept for a "_NN" suffix.
MAX_IDENTIFIER = 59
MAX_ENTITY_WORDS = 4
DEFAULT_VARCHAR = 255
EMAIL_LENGTH = 254  # RFC 5321's limit of a forward path
PHONE_LENGTH = 20
MAX_VARCHAR = 10_485_760  # PostgreSQL's limit of character varying(n)
VARCHAR_STEPS = (10, 20, 50, 100, 255, 500, 1000)
INT4_MIN, INT4_MAX = -(2**31), 2**31 - 1
NUMERIC_PRECISION = 12
MIN_SCALE = 2
MAX_SOURCES_IN_COMMENT = 3


@dataclass(frozen=True)
class UiSchema:
    """The snapshot (`{"tables": [...], "relationships": []}`) and what the reader noticed on the way."""

    snapshot: dict[str, Any]
    notes: list[str]


# --- names -----------------------------------------------------------------------------------------

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^0-9a-zA-Z]+")
# Words that say how a page presents data, not what the data is.
_NOISE_WORDS = frozenset(
    {
        "a", "add", "all", "an", "block", "container", "create", "data", "detail", "details", "dialog",
        "edit", "entry", "form", "frm", "grid", "info", "information", "latest", "list", "main", "modal",
        "my", "new", "our", "overview", "page", "panel", "please", "recent", "section", "table", "tbl",
        "the", "update", "us", "view", "widget", "wrapper", "your",
    }
)  # fmt: skip
_PHRASES = {
    ("sign", "up"): "signup",
    ("sign", "in"): "login",
    ("log", "in"): "login",
    ("check", "out"): "checkout",
}
# A form named by its button's verb ("Register") holds the noun's data.
_VERB_NOUNS = {
    "apply": "application",
    "book": "booking",
    "buy": "purchase",
    "donate": "donation",
    "enroll": "enrollment",
    "pay": "payment",
    "register": "registration",
    "reserve": "reservation",
    "subscribe": "subscription",
}
_KEEP_SINGULAR = ("ss", "us", "is")
_TITLE_SEPARATORS = re.compile(r"\s+[|\-\u2013\u2014\u00b7:]\s+")


def snake_case(text: str) -> str:
    """Identifier words: "First Name" -> first_name, "firstName" -> first_name, "Order #" -> order_number."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.replace("#", " number ").replace("%", " percent ")
    return _NON_WORD.sub("_", _CAMEL.sub("_", ascii_text)).strip("_").lower()


def singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(_KEEP_SINGULAR) or word in ("news", "series", "analytics"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def _identifier(name: str, prefix: str) -> str:
    # An unquoted SQL identifier cannot start with a digit; provisioning quotes, people do not.
    if name[:1].isdigit():
        name = f"{prefix}_{name}"
    return name[:MAX_IDENTIFIER].rstrip("_")


def entity_name(text: str | None) -> str | None:
    """The entity a form / table label names ("Register" -> registration), None if it names none."""
    words = [w for w in snake_case(text or "").split("_") if w]
    joined: list[str] = []
    for word in words:
        phrase = _PHRASES.get((joined[-1], word)) if joined else None
        if phrase:
            joined[-1] = phrase
        else:
            joined.append(word)
    kept = [w for w in joined if not w.isdigit() and w.rstrip("0123456789") not in _NOISE_WORDS]
    if not kept:
        return None
    kept = kept[:MAX_ENTITY_WORDS]
    if len(kept) == 1:
        kept = [_VERB_NOUNS.get(kept[0], kept[0])]
    kept[-1] = singular(kept[-1])
    return _identifier("_".join(kept), "t")


def _path_word(path: str | None) -> str | None:
    """The last segment of a URL path without its extension: "/shop/register.php" -> "register"."""
    segments = [s for s in (path or "").split("/") if s]
    return segments[-1].rsplit(".", 1)[0] if segments else None


def _page_candidates(page: PageInfo) -> list[str | None]:
    title = _TITLE_SEPARATORS.split(page.title)[0] if page.title else None
    path = re.sub(r"^[a-z]+://[^/]+", "", page.url).split("?")[0]
    return [title, _path_word(path)]


def _page_path(page: PageInfo) -> str:
    return re.sub(r"^[a-z]+://[^/]+", "", page.url).split("?")[0] or "/"


def _first_name(candidates: list[str | None], fallback: str) -> tuple[str, str]:
    """(entity name, the label it came from) of the first candidate naming an entity."""
    for candidate in candidates:
        name = entity_name(candidate)
        if name:
            return name, str(candidate)
    return fallback, fallback


def _unique(name: str, used: set[str]) -> str:
    result, n = name, 2
    while result in used:
        result, n = f"{name}_{n}", n + 1
    used.add(result)
    return result


def _field_key(raw: str) -> str:
    """A field's column name: "user[email]" -> email, "tags[]" -> tags, "firstName" -> first_name."""
    parts = [p for p in re.split(r"[\[\]]+", raw) if p.strip()]
    return snake_case(parts[-1] if parts else raw)


# --- semantic types --------------------------------------------------------------------------------


def _phrases(*phrases: str) -> re.Pattern[str]:
    # Matched on whole snake_case words: "country" is no "count", "email_address" is no "address".
    alternatives = "|".join("_?".join(re.escape(w) for w in phrase.split()) for phrase in phrases)
    return re.compile(rf"(?:^|_)(?:{alternatives})(?:_|$)")


# First match wins: the specific before the general ("email address" is an email, "company name" a
# company, "ip address" no street).
_SEMANTIC_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", _phrases("email", "e mail", "mail")),
    ("ip_address", _phrases("ip", "ip address")),
    ("date_of_birth", _phrases("date of birth", "birth date", "birthdate", "dob", "birthday")),
    ("first_name", _phrases("first name", "given name", "fname", "forename")),
    ("last_name", _phrases("last name", "surname", "family name", "lname")),
    ("username", _phrases("username", "user name", "login", "user id", "userid", "nickname")),
    ("company", _phrases("company", "organisation", "organization", "employer", "business name")),
    ("product_name", _phrases("product", "product name", "item name")),
    ("job_title", _phrases("job title", "occupation")),
    ("person_name", _phrases("full name", "your name", "contact name", "customer name", "cardholder")),
    ("phone", _phrases("phone", "telephone", "tel", "mobile", "cell", "phone number")),
    ("postal_code", _phrases("zip", "zip code", "zipcode", "postal code", "postcode", "post code")),
    ("city", _phrases("city", "town")),
    ("state", _phrases("state", "province", "region")),
    ("country", _phrases("country")),
    ("address", _phrases("address", "street", "addr", "address line")),
    ("url", _phrases("url", "website", "homepage", "web site")),
    ("password", _phrases("password", "passwd", "pwd", "passcode")),
    ("credit_card", _phrases("card number", "credit card", "cc number")),
    ("iban", _phrases("iban")),
    ("ssn", _phrases("ssn", "social security")),
    ("gender", _phrases("gender", "sex")),
    ("currency_code", _phrases("currency")),
    ("sku", _phrases("sku")),
    ("status", _phrases("status")),
    ("percentage", _phrases("percent", "percentage")),
    ("amount", _phrases("price", "amount", "total", "cost", "subtotal", "balance", "fee")),
    ("quantity", _phrases("quantity", "qty")),
    ("latitude", _phrases("latitude", "lat")),
    ("longitude", _phrases("longitude", "lng", "lon")),
    ("color", _phrases("color", "colour")),
    ("description", _phrases("description", "comment", "comments", "message", "notes", "bio")),
)
# The type families a semantic type can fill; the rest are strings.
_SEMANTIC_FAMILIES: dict[str, frozenset[str]] = {
    **{s: frozenset({"numeric"}) for s in ("amount", "quantity", "percentage", "latitude", "longitude")},
    **{s: frozenset({"datetime"}) for s in ("date_of_birth", "date", "timestamp")},
}
# A bare "name" is a person's on these entities, a product's on products.
_PERSON_ENTITIES = frozenset(
    {
        "account", "applicant", "application", "author", "booking", "checkout", "client", "contact",
        "customer", "employee", "guest", "login", "member", "membership", "patient", "person", "profile",
        "registration", "reservation", "signup", "student", "subscriber", "subscription", "user",
    }
)  # fmt: skip
_PRODUCT_ENTITIES = frozenset({"item", "product", "article"})
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def _fits(semantic: str, data_type: str) -> bool:
    return family_of(data_type) in _SEMANTIC_FAMILIES.get(semantic, frozenset({"string"}))


def infer_semantic(texts: list[str | None], data_type: str, entity: str = "") -> str | None:
    """The semantic type named by the first of `texts` (name, label, placeholder) that names one."""
    for text in texts:
        words = snake_case(text or "")
        if not words:
            continue
        if words == "name":
            entity_words = set(entity.split("_"))
            bare = (
                "person_name"
                if entity_words & _PERSON_ENTITIES
                else "product_name"
                if entity_words & _PRODUCT_ENTITIES
                else None
            )
            if bare and _fits(bare, data_type):
                return bare
            continue
        for semantic, rule in _SEMANTIC_RULES:
            if rule.search(words):
                if _fits(semantic, data_type):
                    return semantic
                break  # the name says what it is; a type that cannot hold it gets no semantic type
    return None


# --- columns ---------------------------------------------------------------------------------------


@dataclass
class _Col:
    name: str
    data_type: str
    nullable: bool = True
    semantic_type: str | None = None
    allowed_values: list[str] | None = None
    minimum: float | str | None = None
    maximum: float | str | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    value_format: str | None = None
    comment: str | None = None
    declared: bool = True  # typed by the page (a form field), not inferred from sample cells


def _varchar(length: int | None, default: int | None = DEFAULT_VARCHAR) -> str:
    size = length if length else default
    if size is None or size > MAX_VARCHAR:
        return "text"
    return f"character varying({size})"


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _scale(value: Decimal | None) -> int:
    if value is None:
        return 0
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _plain(value: Decimal | None) -> float | None:
    # type_details keeps numbers as JSON numbers: ints stay ints.
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _number_column(field_: FormField, name: str) -> _Col:
    low, high = _decimal(field_.minimum), _decimal(field_.maximum)
    if field_.input_type == "range":  # HTML's defaults of a slider
        low = Decimal(0) if low is None else low
        high = Decimal(100) if high is None else high
    step = (field_.step or "").strip().lower()
    scale = MIN_SCALE if step == "any" else _scale(_decimal(step))
    scale = max(scale, _scale(low), _scale(high))
    if scale == 0:
        wide = any(v is not None and not INT4_MIN <= v <= INT4_MAX for v in (low, high))
        data_type = "bigint" if wide else "integer"
    else:
        scale = max(scale, MIN_SCALE)
        digits = max((len(str(abs(int(v)))) for v in (low, high) if v is not None), default=0)
        data_type = f"numeric({max(NUMERIC_PRECISION, digits + scale)},{scale})"
    return _Col(name, data_type, minimum=_plain(low), maximum=_plain(high))


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


def _iso_date(text: str | None) -> str | None:
    if text is None or not _ISO_DATE.match(text.strip()):
        return None
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        return None


def _iso_datetime(text: str | None) -> str | None:
    if text is None or not _ISO_DATETIME.match(text.strip()):
        return None
    try:
        datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return text.strip()


def _choice_column(field_: FormField, name: str, entity: str, notes: list[str]) -> _Col:
    options = list(dict.fromkeys(field_.options))
    if not options:
        notes.append(f"{entity}.{name}: a {field_.input_type} without options, kept as free text")
        return _Col(name, _varchar(None))
    if field_.multiple:
        notes.append(f"{entity}.{name}: a multiple choice, kept as one value per row")
    return _Col(name, _varchar(max(len(o) for o in options)), allowed_values=options)


# Input type -> (column builder); the semantic type a specific input type fixes.
_FIXED_SEMANTIC = {"email": "email", "tel": "phone", "url": "url", "password": "password", "color": "color"}
_DEFAULT_SEMANTIC = {"date": "date", "datetime-local": "timestamp", "textarea": "description"}
_FORMATS = {
    "email": "email",
    "url": "uri",
    "date": "date",
    "datetime-local": "date-time",
    "time": "time",
    "password": "password",
}
_LEFT_OUT_TYPES = frozenset({"file", "hidden", "submit", "button", "reset", "image"})


def _typed_column(  # noqa: PLR0911 - one branch per HTML input type, the module doc's table
    field_: FormField, name: str, entity: str, notes: list[str]
) -> _Col | None:
    """The column of one form field, before its semantic type (see the module doc's table)."""
    kind = field_.input_type.lower()
    maxlen = field_.max_length or None
    if kind in _LEFT_OUT_TYPES:
        notes.append(f"{entity}: field {field_.name!r} ({kind}) left out: no data to generate")
        return None
    if kind == "checkbox":
        if len(field_.options) > 1:
            return _choice_column(field_, name, entity, notes)
        return _Col(name, "boolean")
    if kind in ("select", "radio"):
        return _choice_column(field_, name, entity, notes)
    if kind in ("number", "range"):
        return _number_column(field_, name)
    if kind == "date":
        return _Col(name, "date", minimum=_iso_date(field_.minimum), maximum=_iso_date(field_.maximum))
    if kind == "datetime-local":
        low, high = _iso_datetime(field_.minimum), _iso_datetime(field_.maximum)
        return _Col(name, "timestamp without time zone", minimum=low, maximum=high)
    if kind == "time":
        return _Col(name, "time without time zone")
    if kind == "month":
        return _Col(name, "character varying(7)", pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    if kind == "week":
        return _Col(name, "character varying(8)", pattern=r"^\d{4}-W\d{2}$")
    if kind == "color":
        return _Col(name, "character varying(7)", pattern="^#[0-9a-fA-F]{6}$")
    lengths = {"email": EMAIL_LENGTH, "tel": PHONE_LENGTH, "url": None, "textarea": None}
    col = _Col(name, _varchar(maxlen, lengths.get(kind, DEFAULT_VARCHAR)), max_length=maxlen)
    col.min_length = field_.min_length or None
    col.pattern = field_.pattern or None
    return col


def _form_column(field_: FormField, name: str, entity: str, notes: list[str]) -> _Col | None:
    col = _typed_column(field_, name, entity, notes)
    if col is None:
        return None
    kind = field_.input_type.lower()
    col.nullable = not field_.required
    col.comment = field_.label or field_.placeholder
    col.value_format = _FORMATS.get(kind)
    col.semantic_type = _FIXED_SEMANTIC.get(kind) or infer_semantic(
        [field_.name, field_.label, field_.placeholder], col.data_type, entity
    )
    if col.semantic_type is None:
        col.semantic_type = _DEFAULT_SEMANTIC.get(kind)
    if (
        col.semantic_type == "country"
        and col.allowed_values
        and all(_COUNTRY_CODE.match(v) for v in col.allowed_values)
    ):
        col.semantic_type = "country_code"  # <option value="FR">France</option> stores the code
    return col


# --- table columns from sample cells ---------------------------------------------------------------

_EMPTY_CELLS = frozenset({"", "-", "\u2014", "n/a", "none", "null"})
_INTEGER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)$")
_DECIMAL = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?\.\d+$")
_MONEY = re.compile(
    r"^(?:[$\u20ac\u00a3\u00a5]|[A-Z]{3}\s?)?\s*([+-]?[\d,]*\.?\d+)\s*(?:[$\u20ac\u00a3\u00a5]|\s?[A-Z]{3})?$"
)
_CURRENCY_SIGN = re.compile(r"[$\u20ac\u00a3\u00a5]|\b[A-Z]{3}\b")
_PERCENT = re.compile(r"^[+-]?\d+(?:\.\d+)?\s?%$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_BOOLEAN_WORDS = frozenset({"yes", "no", "true", "false"})
_SKIPPED_HEADERS = frozenset({"action", "actions"})


def _rounded_length(longest: int) -> str:
    for step in VARCHAR_STEPS:
        if longest <= step:
            return f"character varying({step})"
    return "text"


def _numeric_kind(values: list[str]) -> tuple[str, bool] | None:
    """("integer" | "numeric(p,s)", money?) when every value is a number, else None."""
    money = any(_CURRENCY_SIGN.search(v) for v in values)
    numbers: list[str] = []
    for value in values:
        match = _MONEY.match(value)
        if match is None:
            return None
        number = match.group(1)
        if not (_INTEGER.match(number) or _DECIMAL.match(number)):
            return None
        digits = number.lstrip("+-")
        if len(digits) > 1 and digits.startswith("0") and not digits.startswith("0."):
            return None  # a leading zero is a code (zip, account): its zeros matter
        numbers.append(number.replace(",", ""))
    scale = max(_scale(_decimal(n)) for n in numbers)
    if scale == 0 and not money:
        wide = any(not INT4_MIN <= int(n) <= INT4_MAX for n in numbers)
        return ("bigint" if wide else "integer"), False
    scale = max(scale, MIN_SCALE)
    digits = max(len(str(abs(int(Decimal(n))))) for n in numbers)
    return f"numeric({max(NUMERIC_PRECISION, digits + scale)},{scale})", money


def _sample_type(values: list[str]) -> tuple[str, str | None, str | None]:  # noqa: PLR0911 - one per kind
    """(data type, semantic type, format) the non-empty sample values all fit."""
    if not values:
        return _varchar(None), None, None
    numeric = _numeric_kind(values)
    if numeric is not None:
        data_type, money = numeric
        return data_type, ("amount" if money else None), None
    if all(v.lower() in _BOOLEAN_WORDS for v in values):
        return "boolean", None, None
    if all(_PERCENT.match(v) for v in values):
        return "numeric(5,2)", "percentage", None
    if all(_iso_date(v) for v in values):
        return "date", "date", "date"
    if all(_iso_datetime(v) for v in values):
        zoned = any(v.endswith("Z") or re.search(r"[+-]\d{2}:?\d{2}$", v) for v in values)
        kind = "timestamp with time zone" if zoned else "timestamp without time zone"
        return kind, "timestamp", "date-time"
    if all(_EMAIL.match(v) for v in values):
        return f"character varying({EMAIL_LENGTH})", "email", "email"
    return _rounded_length(max(len(v) for v in values)), None, None


def _table_column(header: str, samples: tuple[str, ...], name: str, entity: str) -> _Col:
    values = [s.strip() for s in samples if s.strip().lower() not in _EMPTY_CELLS]
    data_type, semantic, value_format = _sample_type(values)
    named = infer_semantic([header], data_type, entity)
    return _Col(
        name,
        data_type,
        semantic_type=semantic or named,
        value_format=value_format,
        comment=header or None,
        declared=False,
    )


# --- entities --------------------------------------------------------------------------------------


@dataclass
class _Entity:
    name: str
    columns: dict[str, _Col] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)


_INTEGERS = ("integer", "bigint")


def _wider(a: str, b: str) -> str | None:
    """The type holding both, when one simply widens the other (varchar lengths, integer sizes)."""
    len_a, len_b = varchar_length(a), varchar_length(b)
    if len_a is not None and len_b is not None:
        return a if len_a >= len_b else b
    if "text" in (a, b) and (len_a is not None or len_b is not None):
        return "text"
    if a in _INTEGERS and b in _INTEGERS:
        return "bigint" if "bigint" in (a, b) else "integer"
    if a in _INTEGERS and b.startswith("numeric"):
        return b
    if b in _INTEGERS and a.startswith("numeric"):
        return a
    return None


def _merge(entity: _Entity, col: _Col, notes: list[str]) -> None:
    old = entity.columns.get(col.name)
    if old is None:
        entity.columns[col.name] = col
        return
    if col.declared and not old.declared:
        entity.columns[col.name] = col  # a form declares the type; samples only suggest one
        return
    if old.declared and not col.declared:
        return
    old.nullable = old.nullable and col.nullable
    if old.data_type != col.data_type:
        wider = _wider(old.data_type, col.data_type)
        if wider is None:
            notes.append(
                f"{entity.name}.{col.name}: {old.data_type} on one page, {col.data_type} on another;"
                f" kept {old.data_type}"
            )
        else:
            old.data_type = wider
    if old.allowed_values is not None and col.allowed_values is not None:
        old.allowed_values = list(dict.fromkeys([*old.allowed_values, *col.allowed_values]))
    old.semantic_type = old.semantic_type or col.semantic_type
    old.comment = old.comment or col.comment


def _column_names(raw_names: list[str], prefix: str) -> list[str]:
    """Distinct column names in order; the surrogate key's name is taken from the start."""
    used = {SURROGATE_KEY}
    names: list[str] = []
    for index, raw in enumerate(raw_names, start=1):
        base = _identifier(raw, prefix) if raw else f"{prefix}_{index}"
        names.append(_unique(base, used))
    return names


def _is_search(form: FormInfo) -> bool:
    return (form.role or "").lower() == "search" or all(f.input_type == "search" for f in form.fields)


class _Builder:
    def __init__(self) -> None:
        self.entities: dict[str, _Entity] = {}
        self.notes: list[str] = []

    def entity(self, name: str, source: str) -> _Entity:
        entity = self.entities.setdefault(name, _Entity(name))
        if source not in entity.sources:
            entity.sources.append(source)
        return entity

    def add_form(self, page: PageInfo, form: FormInfo, used: set[str]) -> None:
        where = _page_path(page)
        if not form.fields:
            return  # a button-only form (log out, delete): no data
        if _is_search(form):
            self.notes.append(f"search form on {where} left out: it holds no entity's data")
            return
        candidates = [] if form.orphan else [form.id, form.name, form.aria_label]
        candidates += [
            form.heading,
            None if form.orphan else _path_word(form.action),
            *_page_candidates(page),
        ]
        base, label = _first_name(candidates, "form")
        name = _unique(base, used)
        kind = "inputs outside a form" if form.orphan else f"form {label!r}"
        entity = self.entity(name, f"{kind} on {where}")
        keys = [_field_key(f.name) or _field_key(f.label or "") for f in form.fields]
        for field_, column_name in zip(form.fields, _column_names(keys, "field"), strict=True):
            col = _form_column(field_, column_name, name, self.notes)
            if col is not None:
                _merge(entity, col, self.notes)

    def add_table(self, page: PageInfo, html: HtmlTable, used: set[str]) -> None:
        where = _page_path(page)
        if not html.headers:
            self.notes.append(f"a table without a header row on {where} left out")
            return
        candidates = [html.id, html.caption, html.aria_label, html.heading, *_page_candidates(page)]
        base, label = _first_name(candidates, "table")
        name = _unique(base, used)
        kept = [
            (header, samples)
            for header, samples in zip(html.headers, _padded(html), strict=True)
            if snake_case(header) not in _SKIPPED_HEADERS
            and (header.strip() or any(s.strip() for s in samples))
        ]
        if not kept:
            return
        entity = self.entity(name, f"table {label!r} on {where}")
        if html.row_count == 0:
            self.notes.append(f"{name}: the table on {where} shows no rows; its columns are text")
        names = _column_names([snake_case(h) for h, _ in kept], "column")
        for (header, samples), column_name in zip(kept, names, strict=True):
            _merge(entity, _table_column(header, samples, column_name, name), self.notes)

    def snapshot(self) -> dict[str, Any]:
        tables = []
        for name in sorted(self.entities):
            entity = self.entities[name]
            if not entity.columns:
                continue
            columns = [column(SURROGATE_KEY, "bigint", position=1, primary_key=True, origin="ui")]
            columns += [_to_column(col, position) for position, col in enumerate(entity.columns.values(), 2)]
            shown = entity.sources[:MAX_SOURCES_IN_COMMENT]
            more = len(entity.sources) - len(shown)
            comment = "From the UI: " + "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
            if len(entity.sources) > 1:
                self.notes.append(f"{name}: merged from {len(entity.sources)} forms / tables")
            tables.append(table(name, columns, origin="ui", comment=comment))
        return {"tables": tables, "relationships": []}


def _padded(html: HtmlTable) -> list[tuple[str, ...]]:
    # The page script gives one sample list per header; a hand-built result may give fewer.
    return [html.samples[i] if i < len(html.samples) else () for i in range(len(html.headers))]


def _to_column(col: _Col, position: int) -> dict[str, Any]:
    return column(
        col.name,
        col.data_type,
        position=position,
        nullable=col.nullable,
        semantic_type=col.semantic_type,
        origin="ui",
        allowed_values=col.allowed_values,
        minimum=col.minimum,
        maximum=col.maximum,
        min_length=col.min_length,
        max_length=col.max_length,
        pattern=col.pattern,
        value_format=col.value_format,
        comment=col.comment,
    )


def extract_schema(result: CrawlResult) -> UiSchema:
    """The entities of a crawl's forms and tables as a snapshot (see the module doc), with notes."""
    builder = _Builder()
    for page in result.pages:
        used_forms: set[str] = set()
        used_tables: set[str] = set()
        for form in page.forms:
            builder.add_form(page, form, used_forms)
        for html in page.tables:
            builder.add_table(page, html, used_tables)
    snapshot = builder.snapshot()
    if result.skipped:
        counts = Counter(s.reason for s in result.skipped)
        summary = ", ".join(f"{counts[reason]} {reason}" for reason in sorted(counts))
        builder.notes.append(f"URLs not crawled: {summary}")
    if not snapshot["tables"]:
        builder.notes.append("no form or data table found: no entity")
    return UiSchema(snapshot=snapshot, notes=builder.notes)
