"""Reading an OpenAPI 3.0 / 3.1 or Swagger 2.0 spec into the normalized schema of synthetic generation.

`fetch_spec` downloads a spec (http/https only, size- and time-capped), `load_spec` parses it (JSON or
YAML), checks its version and resolves its `$ref`s (local ones only unless a loader is given), and
`api_schema_to_snapshot` turns it into a `SchemaSnapshot`-shaped dict (see `synthetic.schema`) plus
notes on what was skipped or decided.

Mapping rules:

- Entities (tables): the object schemas of `components.schemas` (3.x) / `definitions` (2.0), and the
  inline object request bodies of POST/PUT/PATCH operations (3.x `requestBody`, 2.0 `in: body`
  parameters, or 2.0 `formData` parameters taken as the fields of one object) that are not a `$ref` to
  an entity. A request-body entity is named after its operationId, else method and path, with a
  `_request` suffix (`createUser` -> `create_user_request`). Components that are not objects (enums,
  scalars, arrays) or objects without properties make no table: they are used inline where referenced.
  A component that is only a `$ref` to another one is an alias: same table.
- Names: tables snake_case with the last word singular (`OrderItems` -> `order_item`); columns
  snake_case (`firstName` -> `first_name`); at most 63 bytes; clashes get `_2`, `_3` ... (noted).
- Composition: `allOf` parts are merged (required lists too); `oneOf` / `anyOf` give the union of the
  alternatives' properties, nullable (noted). `anyOf: [X, {type: null}]`, `type: [..., "null"]`,
  `nullable: true` and `x-nullable: true` make a column nullable; so does a property absent from
  `required`. A one-part `allOf: [{$ref: X}]` (the 3.0 way to annotate a `$ref`) is X.
- Scalars: string -> `character varying(maxLength)` or `text`; format uuid -> `uuid`, date -> `date`,
  date-time -> `timestamp with time zone`, time -> `time without time zone`, email ->
  `character varying(254)`, ipv4/ipv6 -> `character varying(45)`, uri/byte/binary/password -> `text`
  (a maxLength given wins over those defaults). integer -> `integer` (int32) or `bigint`; number ->
  `double precision`, or `numeric(p,s)` when `multipleOf` is decimal (0.01 -> scale 2; p from the
  minimum and maximum when both are given, else 10 integer digits); boolean -> `boolean`. `enum` ->
  `allowed_values` (strings) and a varchar as long as the longest value (numeric enums keep their
  type). minimum/maximum (exclusive bounds moved one step inside when the type has a step),
  min/maxLength and pattern go to `type_details`, the format to `type_details.format`.
- Semantic types: from the format (email, uri, ipv4/6, password), then from the property name, last
  words first (`billingEmail` -> email, `address_city` -> city; `name` is a person name on person-like
  entities), then date-time -> timestamp / date -> date. Only where the column type fits.
- Primary key: the property `id`, else `<table>_id`; otherwise a surrogate `id bigint` is added (noted).
- Nested objects:
  * a `$ref` to an entity -> a foreign-key column `<prop>_id` to that entity's primary key (its type
    copied; nullable unless required; always nullable when the entity refers to itself);
  * an inline object (or a `$ref` to a non-entity object) -> flattened into the same table as
    `<prop>_<field>` columns, nullable when the object is optional. Chosen over a child table because
    an inline object is 1:1 with its owner: one row, no join, and the field names keep their meaning
    for semantic types (`address_city`). Below three levels of nesting, or without properties -> jsonb;
  * an array of `$ref`s to an entity -> a link table `<table>_<prop singular>` (`id` bigint primary
    key, `<table>_id` -> owner, `<entity>_id` -> entity, or `<prop singular>_id` when the entity is the
    owner itself: `node_child(node_id, child_id)`): it serves one-to-many and many-to-many alike and
    leaves the referenced entity's table as its spec says;
  * an array of inline objects -> a child table `<table>_<prop singular>` with its own primary key
    (the same rule as entities) and a NOT NULL `<table>_id` foreign key to the owner;
  * an array of scalars (or of arrays) -> a `jsonb` column (noted).
- Foreign keys from names: a scalar `<x>_id` column (`customerId`) where a table `<x>` exists (or
  its singular) refers to that table's primary key, its type aligned with it; `parent_id` refers to its
  own table. When a `$ref` property and a scalar id name the same column, they are one foreign key.
- Output is deterministic: tables sorted by name, the primary key first then the properties in spec
  order, relationships sorted; every foreign key points at an existing table's primary key.

Recursion: `$ref`s stay lazy `jsonref` proxies; a `$ref` to an entity is never followed (it is a
foreign key), composition is walked with a set of visited schemas and inline nesting is depth-capped,
so `Node.children: [Node]` or `Employee.manager: Employee` end.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import http.client
import json
import math
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any
from urllib.parse import unquote, urlsplit, urlunsplit

import jsonref  # type: ignore[import-untyped]
import yaml
from tdm_core.errors import InvalidInputError
from tdm_core.redaction import redact_text

from tdm_agents.synthetic.schema import column, family_of, relationship, table, varchar_length

Loader = Callable[[str], Any]

# A spec is read from a user: bounds keep a YAML alias bomb or a deeply nested document from eating the
# worker (aliases are shared on load, but every later copy expands them).
_MAX_NODES = 1_000_000
_MAX_NESTING = 200
# Levels of inline objects / arrays of objects below an entity that become columns / child tables.
_MAX_DEPTH = 3
_IDENT_BYTES = 63  # PostgreSQL truncates identifiers beyond this
_VARCHAR_MAX = 10_485_760  # PostgreSQL's limit for character varying(n)
_DEFAULT_INTEGER_DIGITS = 10  # numeric(12,2) for a money amount without bounds
_MAX_COMMENT = 1000
_FETCH_CHUNK = 65_536
_ACCEPT = "application/json, application/yaml, application/x-yaml, text/yaml, */*;q=0.5"


# --- loading -------------------------------------------------------------------------------------


class ResolvedSpec(dict[str, Any]):
    """A spec as `load_spec` returns it: version checked, `$ref`s resolved (lazy `jsonref` proxies)."""


@dataclass(frozen=True)
class ApiSchema:
    """The normalized schema read from an API spec, and what was skipped or decided on the way."""

    snapshot: dict[str, Any]
    notes: list[str]


class _ExternalRefRefusedError(Exception):
    """Raised by the default loader: a spec from a user must not make the worker fetch URLs or files."""


def _refuse_external(uri: str) -> Any:
    raise _ExternalRefRefusedError(uri)


def parse_document(source: bytes | str) -> Any:
    """The JSON or YAML document in `source`, made of dicts with string keys, lists and scalars.

    Also what a `load_spec` loader may use for the documents it fetches."""
    if isinstance(source, bytes | bytearray):
        try:
            text = bytes(source).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInputError("the API spec is not UTF-8 text") from None
    elif isinstance(source, str):
        text = source
    else:
        raise InvalidInputError(f"the API spec must be text or bytes, not {type(source).__name__}")
    if not text.strip():
        raise InvalidInputError("the API spec is empty")
    try:
        try:
            document = json.loads(text)
        except ValueError:
            # JSON first: exact and fast; YAML (a superset of most JSON) for the rest.
            document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None)
        raise InvalidInputError(
            f"the API spec is neither JSON nor YAML: {problem or 'syntax error'}{where}"
        ) from None
    except RecursionError:
        raise InvalidInputError("the API spec is nested too deeply") from None
    return _plain(document)


def _plain(document: Any) -> Any:
    """A copy made of dicts with string keys, lists and JSON scalars; jsonref proxies back to `$ref`s."""
    remaining = _MAX_NODES
    open_containers: set[int] = set()

    def key_text(key: Any) -> str:
        # YAML 1.1 reads `on:` / `yes:` as booleans; JSON spelling is the closest to the source.
        return json.dumps(key) if isinstance(key, bool) or key is None else str(key)

    def walk(node: Any, depth: int) -> Any:
        nonlocal remaining
        remaining -= 1
        if remaining < 0:
            raise InvalidInputError(
                f"the API spec is too large: more than {_MAX_NODES} values once YAML aliases are expanded"
            )
        if depth > _MAX_NESTING:
            raise InvalidInputError(f"the API spec is nested deeper than {_MAX_NESTING} levels")
        if type(node) is jsonref.JsonRef:
            return {key_text(k): walk(v, depth + 1) for k, v in node.__reference__.items()}
        if isinstance(node, Mapping | list | tuple):
            if id(node) in open_containers:
                raise InvalidInputError("the API spec contains itself (a recursive YAML alias)")
            open_containers.add(id(node))
            try:
                if isinstance(node, Mapping):
                    return {key_text(k): walk(v, depth + 1) for k, v in node.items()}
                return [walk(v, depth + 1) for v in node]
            finally:
                open_containers.discard(id(node))
        if node is None or isinstance(node, str | bool | int | float):
            return node
        if isinstance(node, dt.date | dt.time):  # YAML timestamps (examples, enum values)
            return node.isoformat()
        return str(node)

    return walk(document, 0)


def _version_text(value: Any) -> str:
    # `swagger: 2.0` unquoted in YAML is the float 2.0.
    return (str(value) if not isinstance(value, str) else value)[:40]


def _check_version(document: Any) -> None:
    if not isinstance(document, dict):
        kind = "a list" if isinstance(document, list) else f"a {type(document).__name__} value"
        raise InvalidInputError(f"the API spec must be an object (a mapping of keys), not {kind}")
    if "openapi" in document:
        version = _version_text(document["openapi"])
        if re.fullmatch(r"3\.\d+(\.\d+)?(-[\w.]+)?", version):
            return
        raise InvalidInputError(
            f"unsupported OpenAPI version {version!r}: OpenAPI 3.x and Swagger 2.0 are supported"
        )
    if "swagger" in document or "swaggerVersion" in document:
        version = _version_text(document.get("swagger", document.get("swaggerVersion")))
        if version in ("2.0", "2"):
            return
        raise InvalidInputError(
            f"unsupported Swagger version {version!r}: OpenAPI 3.x and Swagger 2.0 are supported"
        )
    raise InvalidInputError("not an OpenAPI or Swagger spec: it has no 'openapi' or 'swagger' key")


def _check_root(document: dict[str, Any]) -> None:
    # jsonref would turn a root holding "$ref" into a proxy of something else entirely.
    if isinstance(document.get("$ref"), str):
        raise InvalidInputError("the API spec's root cannot be a $ref")


def _ref_error(ref: Any, exc: Exception) -> InvalidInputError:
    cause = getattr(exc, "cause", None)
    shown = repr(str(ref)[:200])
    if isinstance(cause, _ExternalRefRefusedError):
        return InvalidInputError(
            f"$ref {shown} points outside the spec: external references are not fetched "
            "(inline the schema, or load the spec with a loader)"
        )
    if isinstance(cause, LookupError | TypeError):
        return InvalidInputError(f"$ref {shown} cannot be resolved: nothing in the spec at that path")
    if cause is None and "itself" in str(exc):
        return InvalidInputError(f"$ref {shown} cannot be resolved: it refers to itself")
    # A loader's own failure: its message, scrubbed of credentials a URL might carry.
    reason = redact_text(str(cause or exc))[:300]
    return InvalidInputError(f"$ref {shown} cannot be resolved: {reason}")


def _check_refs(document: Any) -> None:
    """Resolve every `$ref` now, so that a broken one fails the load and not some later lookup."""
    seen: set[int] = set()
    stack = [document]
    while stack:
        node = stack.pop()
        if type(node) is jsonref.JsonRef:
            try:
                node = node.__subject__
            except jsonref.JsonRefError as exc:
                raise _ref_error(exc.reference.get("$ref"), exc) from None
            except RecursionError:  # A: {$ref: B}, B: {$ref: A}: aliases of each other, of nothing
                ref = node.__reference__.get("$ref")
                raise InvalidInputError(
                    f"$ref {str(ref)[:200]!r} cannot be resolved: a cycle of $refs"
                ) from None
        if id(node) in seen:  # shared and recursive schemas are walked once
            continue
        seen.add(id(node))
        if isinstance(node, Mapping):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def load_spec(
    source: bytes | str | Mapping[str, Any],
    *,
    base_url: str | None = None,
    loader: Loader | None = None,
) -> dict[str, Any]:
    """The spec in `source` (JSON / YAML text or an already parsed mapping), its `$ref`s resolved.

    Only references inside the spec (`#/...`) are followed unless `loader` is given: it takes an
    absolute URI (relative ones are joined to `base_url`) and returns the parsed document, e.g.
    `lambda uri: parse_document(fetch_spec(uri))`. InvalidInputError when the text is neither JSON nor
    YAML, is not an object, is not OpenAPI 3.x / Swagger 2.0, or a `$ref` cannot be resolved."""
    document = _plain(source) if isinstance(source, Mapping) else parse_document(source)
    _check_version(document)
    _check_root(document)
    try:
        resolved = jsonref.replace_refs(
            document, base_uri=base_url or "", loader=loader or _refuse_external, proxies=True, lazy_load=True
        )
    except RecursionError:
        raise InvalidInputError("the API spec is nested too deeply") from None
    _check_refs(resolved)
    return ResolvedSpec(resolved)


# --- fetching ------------------------------------------------------------------------------------


def _shown_url(url: str) -> str:
    """The URL as messages may show it: no user, password, query or fragment (tokens live there)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "the given URL"
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, host, parts.path, "", "")) or "the given URL"


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    # urllib would follow a redirect to ftp:// too; a spec URL stays on http(s).
    max_redirections = 5

    def redirect_request(  # noqa: PLR0917 - urllib's signature
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise InvalidInputError(f"the API spec URL redirects to a non-http(s) URL: {_shown_url(newurl)}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_spec(url: str, *, timeout: float = 15, max_bytes: int = 10_000_000) -> bytes:
    """The bytes at an http(s) URL, at most `max_bytes`, within `timeout` seconds in all.

    Credentials in the URL (`https://user:pass@host/...`) are sent as HTTP Basic auth, to that host only
    (not on redirects), and never appear in messages. InvalidInputError on a bad URL, an HTTP error,
    a connection failure, a timeout or a body that is too large."""
    shown = _shown_url(url)
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a malformed port
    except ValueError:
        raise InvalidInputError(f"the API spec URL is not a valid URL: {shown}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidInputError(f"the API spec URL must be an http(s) URL: {shown}")
    host = parts.netloc.rsplit("@", 1)[-1]
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        urlunsplit((parts.scheme, host, parts.path or "/", parts.query, "")),
        headers={"Accept": _ACCEPT, "User-Agent": "tdm-synthetic/1"},
    )
    if parts.username is not None:
        token = base64.b64encode(f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode())
        # Unredirected: a redirect to another host must not receive the password.
        request.add_unredirected_header("Authorization", f"Basic {token.decode('ascii')}")
    deadline = time.monotonic() + timeout
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    chunks: list[bytes] = []
    size = 0
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise InvalidInputError(f"the API spec at {shown} is larger than {max_bytes} bytes")
            while chunk := response.read(_FETCH_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise InvalidInputError(f"the API spec at {shown} is larger than {max_bytes} bytes")
                # The socket timeout is per read: a server dripping bytes would otherwise never end.
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunks.append(chunk)
    except urllib.error.HTTPError as exc:
        exc.close()
        reason = redact_text(str(exc.reason))[:200]
        raise InvalidInputError(
            f"could not fetch the API spec at {shown}: HTTP {exc.code} {reason}"
        ) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise InvalidInputError(
                f"fetching the API spec at {shown} timed out after {timeout:g}s"
            ) from None
        reason = redact_text(str(exc.reason))[:200]
        raise InvalidInputError(f"could not fetch the API spec at {shown}: {reason}") from None
    except TimeoutError:
        raise InvalidInputError(f"fetching the API spec at {shown} timed out after {timeout:g}s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise InvalidInputError(f"could not fetch the API spec at {shown}: {type(exc).__name__}") from None
    return b"".join(chunks)


# --- names ---------------------------------------------------------------------------------------

_ACRONYM = re.compile(r"([A-Z]+)([A-Z][a-z])")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_NON_WORD = re.compile(r"[\W_]+")
_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman"}
# Singular already though they end in "s" (the "ss", "us", "is" endings are kept by the rule itself).
_KEEP_S = frozenset({"alias", "atlas", "bias", "canvas", "gas", "news", "series", "species"})


def snake_case(name: str) -> str:
    """`firstName` -> `first_name`, `HTTPResponse` -> `http_response`, `user-ID` -> `user_id`."""
    text = _CAMEL.sub(r"\1_\2", _ACRONYM.sub(r"\1_\2", name))
    return _NON_WORD.sub("_", text).strip("_").lower()


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in _KEEP_S or len(word) < 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def _identifier(name: str, fallback: str) -> str:
    name = name or fallback
    if name[0].isdigit():
        name = f"_{name}"
    if len(name.encode()) > _IDENT_BYTES:
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        name = f"{name.encode()[: _IDENT_BYTES - 9].decode(errors='ignore')}_{digest}"
    return name


def _singular_name(snake: str) -> str:
    words = snake.split("_")
    words[-1] = _singular(words[-1])
    return "_".join(words)


def entity_table_name(name: str) -> str:
    """The table of a schema name: snake_case, last word singular (`OrderItems` -> `order_item`)."""
    return _identifier(_singular_name(snake_case(name)), "entity")


def _unique(name: str, taken: Iterable[str]) -> str:
    used = set(taken)
    candidate, n = name, 1
    while candidate in used:
        n += 1
        suffix = f"_{n}"
        candidate = name.encode()[: _IDENT_BYTES - len(suffix)].decode(errors="ignore") + suffix
    return candidate


# --- semantic types ------------------------------------------------------------------------------

_FORMAT_SEMANTICS = {
    "email": "email",
    "idn-email": "email",
    "uri": "url",
    "url": "url",
    "iri": "url",
    "uri-reference": "url",
    "ipv4": "ip_address",
    "ipv6": "ip_address",
    "password": "password",
    "phone": "phone",
}
# Weaker than a name: `dateOfBirth` (format date) is a date of birth, not any recent day.
_LATE_FORMAT_SEMANTICS = {"date-time": "timestamp", "date": "date"}
# Looked up on the column name, then on its last words (`billing_email`, `address_city`).
_NAME_SEMANTICS = {
    name: semantic
    for semantic, names in (
        ("email", "email email_address e_mail"),
        ("phone", "phone phone_number telephone tel mobile mobile_number mobile_phone cell_phone"),
        ("msisdn", "msisdn"),
        ("first_name", "first_name firstname given_name forename"),
        ("last_name", "last_name lastname surname family_name"),
        ("person_name", "full_name fullname"),
        ("username", "username user_name"),
        ("password", "password"),
        ("address", "address street street_address address_line address_line1 address_line2 line1"),
        ("city", "city town"),
        ("postal_code", "zip zip_code zipcode postal_code postcode"),
        ("state", "province region"),
        ("country", "country"),
        ("country_code", "country_code"),
        ("currency_code", "currency currency_code"),
        ("amount", "amount price total unit_price subtotal balance cost"),
        ("quantity", "quantity qty"),
        ("company", "company company_name organization organisation employer"),
        ("url", "url website homepage"),
        ("description", "description summary"),
        ("status", "status"),
        ("sku", "sku"),
        ("iban", "iban"),
        ("credit_card", "credit_card card_number"),
        ("account_number", "account_number"),
        ("ssn", "ssn"),
        ("date_of_birth", "date_of_birth birth_date birthdate dob birthday"),
        ("ip_address", "ip ip_address"),
        ("latitude", "latitude lat"),
        ("longitude", "longitude lng lon"),
        ("job_title", "job_title"),
        ("gender", "gender"),
    )
    for name in names.split()
}
# What a bare `name` is, from the words of its table and prefix (`owner.name`, `contact_name`).
_NAME_CONTEXTS = tuple(
    (frozenset(words.split()), semantic)
    for words, semantic in (
        (
            "user customer person employee member contact owner author client patient student staff "
            "manager driver subscriber profile",
            "person_name",
        ),
        ("company organization organisation vendor supplier merchant", "company"),
        ("product item article", "product_name"),
    )
)
_NUMERIC_SEMANTICS = frozenset({"amount", "quantity", "percentage", "latitude", "longitude"})
_DATE_SEMANTICS = frozenset({"date_of_birth", "timestamp", "date"})


def _semantic_by_name(column_name: str, table_name: str) -> str | None:
    words = column_name.split("_")
    for start in range(len(words)):  # the longest match first: `ip_address` before `address`
        found = _NAME_SEMANTICS.get("_".join(words[start:]))
        if found is not None:
            return found
    if words[-1] == "name":
        context = set(table_name.split("_")) | set(words[:-1])
        return next((semantic for names, semantic in _NAME_CONTEXTS if context & names), None)
    return None


def _semantic_type(
    column_name: str, table_name: str, data_type: str, fmt: str | None, enum: bool
) -> str | None:
    family = family_of(data_type)
    found = _FORMAT_SEMANTICS.get(fmt or "") or _semantic_by_name(column_name, table_name)
    found = found or _LATE_FORMAT_SEMANTICS.get(fmt or "")
    if found == "status" and enum:
        return None  # the allowed values say it all
    if found == "country" and varchar_length(data_type) == 2:
        found = "country_code"
    if found in _NUMERIC_SEMANTICS:
        fits = family in ("numeric", "string")
    elif found in _DATE_SEMANTICS:
        fits = family in ("datetime", "string")
    else:
        fits = family == "string"
    return found if fits else None


# --- schema walking ------------------------------------------------------------------------------


def _is_ref(node: Any) -> bool:
    return type(node) is jsonref.JsonRef


def _deref(node: Any) -> Any:
    return node.__subject__ if type(node) is jsonref.JsonRef else node


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_null_schema(node: Any) -> bool:
    subject = _deref(node)
    if not isinstance(subject, Mapping):
        return False
    return subject.get("type") in ("null", ["null"]) or subject.get("enum") == [None]


_DECORATION = frozenset(
    {"description", "title", "nullable", "readOnly", "writeOnly", "example", "examples", "default",
     "deprecated", "x-nullable", "externalDocs"}
)  # fmt: skip


def _strip_null(node: Any) -> tuple[Any, bool]:
    """(the schema without its null alternative, whether null is allowed)."""
    subject = _deref(node)
    if not isinstance(subject, Mapping):
        return node, False
    nullable = subject.get("nullable") is True or subject.get("x-nullable") is True
    types = subject.get("type")
    if isinstance(types, list) and "null" in types:
        nullable = True
    for key in ("anyOf", "oneOf", "allOf"):
        parts = _list(subject.get(key))
        # Only a wrapper: other keywords (properties, a scalar type ...) make it a schema of its own.
        wrapper_keys = {key, "type"} if subject.get("type") in ("object", ["object", "null"]) else {key}
        if not parts or not set(subject) <= wrapper_keys | _DECORATION:
            continue
        real = [part for part in parts if not _is_null_schema(part)]
        if len(real) == 1:  # `anyOf: [X, {type: null}]`, or the 3.0 `allOf: [X]` that annotates a $ref
            inner, inner_null = _strip_null(real[0])
            return inner, nullable or inner_null or len(real) < len(parts)
    return node, nullable


@dataclass
class _Shape:
    """The merged properties of an object schema (allOf parts, own properties, oneOf/anyOf union)."""

    properties: dict[str, Any] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    optional: set[str] = field(default_factory=set)  # from oneOf/anyOf alternatives: nullable
    is_object: bool = False
    unions: list[str] = field(default_factory=list)

    def absorb(self, other: _Shape, *, alternative: bool) -> None:
        self.is_object = self.is_object or other.is_object
        for name, prop in other.properties.items():
            if name not in self.properties:
                self.properties[name] = prop
                if alternative:
                    self.optional.add(name)
            elif not alternative:
                self.properties[name] = prop  # a later allOf part refines an earlier one
        if not alternative:
            self.required |= other.required
            self.optional |= other.optional
        self.unions.extend(other.unions)


def _shape(node: Any, seen: frozenset[int] = frozenset()) -> _Shape:
    subject = _deref(node)
    shape = _Shape()
    if not isinstance(subject, Mapping) or id(subject) in seen:  # a composition cycle ends here
        return shape
    seen = seen | {id(subject)}
    types = subject.get("type")
    own = subject.get("properties")
    shape.is_object = types == "object" or (isinstance(types, list) and "object" in types)
    shape.is_object = shape.is_object or isinstance(own, Mapping)
    for part in _list(subject.get("allOf")):
        shape.absorb(_shape(part, seen), alternative=False)
    if isinstance(own, Mapping):
        for name, prop in own.items():
            shape.properties[str(name)] = prop
    shape.required.update(name for name in _list(subject.get("required")) if isinstance(name, str))
    for key in ("oneOf", "anyOf"):
        alternatives = [part for part in _list(subject.get(key)) if not _is_null_schema(part)]
        merged = [alt for alt in (_shape(part, seen) for part in alternatives) if alt.properties]
        for alt in merged:
            shape.absorb(alt, alternative=True)
        if merged:
            shape.unions.append(f"{key} of {len(alternatives)} schemas")
    return shape


_KINDS = frozenset({"object", "array", "string", "integer", "number", "boolean", "file"})
_FORMAT_KINDS = {"int32": "integer", "int64": "integer", "float": "number", "double": "number"}


def _kind(subject: Mapping[str, Any], seen: frozenset[int] = frozenset()) -> str:
    """object, array, string, integer, number, boolean, file (2.0 uploads) or any."""
    declared = _declared_kind(subject.get("type"))
    if declared is not None:
        return declared
    if _shape(subject).is_object or "additionalProperties" in subject:
        return "object"
    composed = _composed_kind(subject, seen | {id(subject)})
    if composed != "any":
        return composed
    return "array" if "items" in subject else _value_kind(subject)


def _declared_kind(types: Any) -> str | None:
    if isinstance(types, list):  # 3.1: ["string", "null"]
        named = [t for t in types if isinstance(t, str) and t != "null"]
        if len(named) > 1:  # a scalar of several types is kept as text
            return "any" if {"object", "array"} & set(named) else "string"
        types = named[0] if named else None
    return types if isinstance(types, str) and types in _KINDS else None


def _composed_kind(subject: Mapping[str, Any], seen: frozenset[int]) -> str:
    """The kind of the first typed part of an allOf / oneOf / anyOf (`oneOf: [string, integer]`)."""
    for key in ("allOf", "oneOf", "anyOf"):
        for part in _list(subject.get(key)):
            inner = _deref(part)
            if isinstance(inner, Mapping) and id(inner) not in seen and not _is_null_schema(inner):
                found = _kind(inner, seen)
                if found != "any":
                    return found
    return "any"


def _value_kind(subject: Mapping[str, Any]) -> str:
    """The kind an untyped schema's enum values or format imply."""
    values = [v for v in _list(subject.get("enum")) or [subject.get("const")] if v is not None]
    if values:
        if all(isinstance(v, bool) for v in values):
            return "boolean"
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return "integer"
        return "number" if all(isinstance(v, int | float) for v in values) else "string"
    fmt = subject.get("format")
    return _FORMAT_KINDS.get(fmt, "string") if isinstance(fmt, str) else "any"


def _comment(subject: Mapping[str, Any]) -> str | None:
    text = subject.get("description") or subject.get("title")
    if not isinstance(text, str):
        return None
    return text.strip()[:_MAX_COMMENT] or None


def _enum_strings(subject: Mapping[str, Any]) -> tuple[list[str] | None, bool]:
    """(enum values as strings, in order and distinct; whether null is one of them)."""
    raw = _list(subject.get("enum"))
    if "const" in subject and not raw:
        raw = [subject["const"]]
    values: list[str] = []
    for value in raw:
        text = json.dumps(value) if isinstance(value, bool) else str(value)
        if value is not None and text not in values:
            values.append(text)
    return (values or None), None in raw


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _positive_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _decimal_scale(subject: Mapping[str, Any]) -> int:
    step = _decimal(subject.get("multipleOf"))
    if step is None or step <= 0:
        return 0
    exponent = step.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _number_type(subject: Mapping[str, Any]) -> tuple[str, int]:
    scale = _decimal_scale(subject)
    if not scale:
        return "double precision", 0
    low, high = (
        next((n for key in keys if (n := _decimal(subject.get(key))) is not None), None)
        for keys in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum"))
    )
    digits = _DEFAULT_INTEGER_DIGITS
    if low is not None and high is not None:  # one bound alone says nothing of the magnitude
        digits = max(len(str(int(abs(low)))), len(str(int(abs(high)))))
    return f"numeric({min(digits + scale, 1000)},{scale})", scale


def _bounds(
    subject: Mapping[str, Any], kind: str, scale: int
) -> tuple[float | int | None, float | int | None]:
    """(minimum, maximum), exclusive bounds (3.0 flags or 3.1 numbers) moved one step inside."""
    result: list[float | int | None] = []
    for inclusive_key, exclusive_key, sign in (
        ("minimum", "exclusiveMinimum", 1),
        ("maximum", "exclusiveMaximum", -1),
    ):
        bound, flag = _decimal(subject.get(inclusive_key)), subject.get(exclusive_key)
        exclusive = flag is True and bound is not None
        other = _decimal(flag)
        if other is not None and (bound is None or (other - bound) * sign >= 0):
            bound, exclusive = other, True
        if bound is None:
            result.append(None)
        elif kind == "integer":
            edge = math.floor(bound) + 1 if sign > 0 else math.ceil(bound) - 1
            result.append(
                int(edge) if exclusive else int(math.ceil(bound) if sign > 0 else math.floor(bound))
            )
        else:
            if exclusive and scale:  # a double has no step: the bound is kept as is
                bound += sign * Decimal(1).scaleb(-scale)
            result.append(int(bound) if bound == bound.to_integral_value() and not scale else float(bound))
    return result[0], result[1]


_STRING_FORMAT_TYPES = {
    "uuid": "uuid",
    "date": "date",
    "date-time": "timestamp with time zone",
    "time": "time without time zone",
}
_STRING_FORMAT_LENGTHS = {"email": 254, "idn-email": 254, "ipv4": 45, "ipv6": 45}


def _string_type(subject: Mapping[str, Any], fmt: str | None, values: list[str] | None) -> str:
    if fmt in _STRING_FORMAT_TYPES:
        return _STRING_FORMAT_TYPES[fmt]
    if values:
        return f"character varying({max(1, *(len(v) for v in values))})"
    length = _positive_int(subject.get("maxLength")) or _STRING_FORMAT_LENGTHS.get(fmt or "")
    return f"character varying({length})" if length and length <= _VARCHAR_MAX else "text"


# --- conversion ----------------------------------------------------------------------------------


@dataclass
class _Col:
    name: str
    data_type: str
    nullable: bool = True
    primary_key: bool = False
    semantic_type: str | None = None
    details: dict[str, Any] = field(default_factory=dict)  # the constraint keywords of `column()`
    comment: str | None = None
    references: str | None = None  # the table whose primary key this column holds
    from_spec: bool = True  # False: a key column this reader made up (its type is a placeholder)


@dataclass
class _Table:
    name: str
    label: str  # where it comes from in the spec, for notes
    comment: str | None
    columns: list[_Col] = field(default_factory=list)

    def get(self, name: str) -> _Col | None:
        return next((c for c in self.columns if c.name == name), None)

    def primary_key(self) -> _Col:
        return next(c for c in self.columns if c.primary_key)


class _Converter:
    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.spec = spec
        self.swagger2 = "swagger" in spec
        self.notes: list[str] = []
        self.entity_of: dict[int, str] = {}  # id(resolved schema) -> its table
        self.queue: list[tuple[str, Any, str]] = []  # (table, schema, label) of the entities
        self.tables: dict[str, _Table] = {}
        self.taken: set[str] = set()

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def reserve(self, name: str, label: str) -> str:
        unique = _unique(name, self.taken)
        if unique != name:
            self.note(f"{label}: table name {name} is taken; named {unique}")
        self.taken.add(unique)
        return unique

    def run(self) -> ApiSchema:
        self.collect_components()
        self.collect_request_bodies()
        if not self.queue:
            raise InvalidInputError(
                "the API spec defines no object schemas (components/definitions or request bodies) "
                "to generate data for"
            )
        for name, schema, label in self.queue:
            self.build_table(name, schema, label, depth=0, parent=None)
        self.link()
        return ApiSchema(snapshot=self.snapshot(), notes=list(self.notes))

    # entities

    def collect_components(self) -> None:
        if self.swagger2:
            schemas, prefix = self.spec.get("definitions"), "definitions"
        else:
            components = self.spec.get("components")
            schemas = components.get("schemas") if isinstance(components, Mapping) else None
            prefix = "components.schemas"
        if not isinstance(schemas, Mapping):
            return
        names = sorted(schemas)
        # Schemas first, aliases (a bare $ref to another component) after: an alias is never the table.
        for aliases in (False, True):
            for name in names:
                schema = schemas[name]
                if _is_ref(schema) != aliases:
                    continue
                label = f"{prefix}.{name}"
                subject = _deref(schema)
                if isinstance(subject, Mapping) and id(subject) in self.entity_of:
                    self.note(
                        f"{label}: an alias of another schema; same table {self.entity_of[id(subject)]}"
                    )
                    continue
                self.register(entity_table_name(name), subject, label)

    def register(self, name: str, subject: Any, label: str) -> None:
        if not isinstance(subject, Mapping):
            self.note(f"{label}: not a schema object; skipped")
            return
        kind = _kind(subject)
        if kind != "object":
            kind = "untyped" if kind == "any" else kind
            self.note(f"{label}: {'an' if kind[0] in 'aeiu' else 'a'} {kind} schema, not an object: no table")
            return
        if not _shape(subject).properties:
            self.note(f"{label}: an object without properties: no table (jsonb where used)")
            return
        table_name = self.reserve(name, label)
        self.entity_of[id(subject)] = table_name
        self.queue.append((table_name, subject, label))

    def collect_request_bodies(self) -> None:
        paths = self.spec.get("paths")
        if not isinstance(paths, Mapping):
            return
        for path in sorted(paths):
            item = _deref(paths[path])
            if not isinstance(item, Mapping):
                continue
            for method in ("post", "put", "patch"):
                operation = _deref(item.get(method))
                if not isinstance(operation, Mapping):
                    continue
                label = f"{method.upper()} {path} request body"
                inner, _ = _strip_null(self.request_schema(item, operation))
                subject = _deref(inner)
                if isinstance(subject, Mapping) and _kind(subject) == "array":  # a batch: its items
                    subject = _deref(_strip_null(subject.get("items"))[0])
                if not isinstance(subject, Mapping) or id(subject) in self.entity_of:
                    continue  # none, or a $ref to an entity (or a body already read for another operation)
                if _kind(subject) == "object" and _shape(subject).properties:
                    self.register(self.operation_table_name(operation, method, path), subject, label)

    def request_schema(self, item: Mapping[str, Any], operation: Mapping[str, Any]) -> Any:
        if self.swagger2:
            params = [_deref(p) for p in _list(item.get("parameters")) + _list(operation.get("parameters"))]
            params = [p for p in params if isinstance(p, Mapping)]
            body = next((p for p in params if p.get("in") == "body"), None)
            if body is not None:
                return body.get("schema")
            # Form fields are the fields of one object (the way 2.0 describes a form post).
            form = [p for p in params if p.get("in") == "formData" and isinstance(p.get("name"), str)]
            if not form:
                return None
            return {
                "type": "object",
                "properties": {p["name"]: p for p in form},
                "required": [p["name"] for p in form if p.get("required") is True],
            }
        body = _deref(operation.get("requestBody"))
        content = body.get("content") if isinstance(body, Mapping) else None
        if not isinstance(content, Mapping):
            return None
        media_types = sorted(m for m in content if isinstance(_deref(content[m]), Mapping))
        preferred = (
            [m for m in media_types if m == "application/json"]
            + [m for m in media_types if "json" in m]
            + [m for m in media_types if m in ("application/x-www-form-urlencoded", "multipart/form-data")]
            + media_types
        )
        return _deref(content[preferred[0]]).get("schema") if preferred else None

    @staticmethod
    def operation_table_name(operation: Mapping[str, Any], method: str, path: str) -> str:
        operation_id = operation.get("operationId")
        if isinstance(operation_id, str) and snake_case(operation_id):
            base = snake_case(operation_id)
        else:  # `POST /users/{id}/orders` -> post_users_orders
            words = [w for w in path.split("/") if w and not w.startswith("{")]
            base = snake_case(" ".join([method, *words]))
        if not base.endswith(("_request", "_body", "_input", "_payload")):
            base = f"{base}_request"
        return _identifier(base, "request")

    # tables

    def build_table(self, name: str, schema: Any, label: str, *, depth: int, parent: str | None) -> None:
        subject = _deref(schema)
        shape = _shape(subject)
        tbl = _Table(name, label, _comment(subject))
        self.tables[name] = tbl
        self.note_unions(label, shape)
        self.add_properties(tbl, shape, [], depth=depth, optional=False, label=label)
        if parent is not None:
            self.add_foreign_key(tbl, f"{parent}_id", parent, nullable=False, front=True)
        self.choose_primary_key(tbl, note=parent is None)

    def note_unions(self, where: str, shape: _Shape) -> None:
        if shape.unions:
            self.note(f"{where}: {', '.join(shape.unions)}: union of their properties, nullable")

    def add_properties(
        self, tbl: _Table, shape: _Shape, prefix: list[str], *, depth: int, optional: bool, label: str
    ) -> None:
        for prop_name, prop in shape.properties.items():
            nullable = optional or prop_name not in shape.required or prop_name in shape.optional
            self.add_property(tbl, [*prefix, prop_name], prop, nullable=nullable, depth=depth, label=label)

    def add_property(
        self, tbl: _Table, path: list[str], schema: Any, *, nullable: bool, depth: int, label: str
    ) -> None:
        where = f"{label}.{'.'.join(path)}"
        col_name = _identifier("_".join(filter(None, (snake_case(p) for p in path))), "field")
        inner, null_allowed = _strip_null(schema)
        nullable = nullable or null_allowed
        subject = _deref(inner)
        target = self.entity_of.get(id(subject)) if isinstance(subject, Mapping) else None
        if target is not None:
            fk_name = col_name if col_name == "id" or col_name.endswith("_id") else f"{col_name}_id"
            fk_name = _identifier(fk_name, "ref_id")
            # The property's own description (on an allOf / anyOf wrapper), not the referenced schema's.
            wrapper = _deref(schema)
            comment = None if _is_ref(schema) or wrapper is subject else _comment(wrapper)
            self.add_foreign_key(tbl, fk_name, target, nullable=nullable, comment=comment)
            return
        if not isinstance(subject, Mapping):  # 3.1 boolean schema: anything goes
            self.add_column(tbl, _Col(col_name, "jsonb", nullable=True), where)
            return
        kind = _kind(subject)
        if kind == "object":
            shape = _shape(subject)
            if shape.properties and depth < _MAX_DEPTH:
                self.note_unions(where, shape)
                self.add_properties(tbl, shape, path, depth=depth + 1, optional=nullable, label=label)
                return
            reason = (
                "no properties"
                if not shape.properties
                else f"properties nested deeper than {_MAX_DEPTH} levels"
            )
            self.note(f"{where}: object with {reason}: jsonb column {tbl.name}.{col_name}")
            self.add_column(tbl, _Col(col_name, "jsonb", nullable=nullable, comment=_comment(subject)), where)
        elif kind == "array":
            self.add_array(tbl, path, col_name, subject, nullable=nullable, depth=depth, where=where)
        elif kind == "any":
            self.note(f"{where}: no type: jsonb column {tbl.name}.{col_name}")
            self.add_column(tbl, _Col(col_name, "jsonb", nullable=nullable, comment=_comment(subject)), where)
        else:
            self.add_column(tbl, self.scalar_column(tbl.name, col_name, subject, kind, nullable), where)

    def add_array(
        self, tbl: _Table, path: list[str], col_name: str, subject: Mapping[str, Any], *,
        nullable: bool, depth: int, where: str,
    ) -> None:  # fmt: skip
        items, _ = _strip_null(subject.get("items"))
        item = _deref(items)
        target = self.entity_of.get(id(item)) if isinstance(item, Mapping) else None
        child_name = _identifier(f"{tbl.name}_{_singular_name(col_name)}", "child")
        if target is not None:
            link_name = self.reserve(child_name, where)
            link = _Table(link_name, where, f"links {tbl.name} to {target} ({tbl.name}.{path[-1]})")
            self.tables[link_name] = link
            link.columns.append(_Col("id", "bigint", nullable=False, primary_key=True, from_spec=False))
            self.add_foreign_key(link, f"{tbl.name}_id", tbl.name, nullable=False)
            other = f"{target}_id"
            if target == tbl.name:  # Node.children: [Node] -> node_id, child_id
                other = _identifier(f"{_singular_name(snake_case(path[-1]))}_id", "ref_id")
            self.add_foreign_key(link, _identifier(other, "ref_id"), target, nullable=False)
            self.note(f"{where}: array of {target}: link table {link_name}")
            return
        if (
            isinstance(item, Mapping)
            and _kind(item) == "object"
            and _shape(item).properties
            and depth < _MAX_DEPTH
        ):
            child = self.reserve(child_name, where)
            self.build_table(child, item, where, depth=depth + 1, parent=tbl.name)
            self.note(f"{where}: array of objects: child table {child} with {tbl.name}_id")
            return
        what = (
            "objects nested too deeply" if isinstance(item, Mapping) and _kind(item) == "object" else "values"
        )
        self.note(f"{where}: array of {what}: jsonb column {tbl.name}.{col_name}")
        self.add_column(tbl, _Col(col_name, "jsonb", nullable=nullable, comment=_comment(subject)), where)

    def scalar_column(
        self, table_name: str, name: str, subject: Mapping[str, Any], kind: str, nullable: bool
    ) -> _Col:
        raw_format = subject.get("format")
        fmt = raw_format.lower() if isinstance(raw_format, str) else None
        values, null_allowed = _enum_strings(subject)
        scale = 0
        if kind == "string":
            data_type = _string_type(subject, fmt, values)
        elif kind == "integer":
            data_type = "integer" if fmt == "int32" else "bigint"
        elif kind == "number":
            data_type, scale = _number_type(subject)
        elif kind == "boolean":
            data_type = "boolean"
        else:  # a 2.0 file upload
            data_type = "text"
        details: dict[str, Any] = {}
        if values and kind != "boolean":
            details["allowed_values"] = values
        if kind in ("integer", "number"):
            minimum, maximum = _bounds(subject, kind, scale)
            details.update({k: v for k, v in (("minimum", minimum), ("maximum", maximum)) if v is not None})
        if family_of(data_type) == "string":
            for key, target in (("minLength", "min_length"), ("maxLength", "max_length")):
                if (length := _positive_int(subject.get(key))) is not None:
                    details[target] = length
            if isinstance(subject.get("pattern"), str):
                details["pattern"] = subject["pattern"]
        if fmt:
            details["value_format"] = fmt
        semantic = _semantic_type(name, table_name, data_type, fmt, bool(values))
        return _Col(
            name,
            data_type,
            nullable=nullable or null_allowed,
            semantic_type=semantic,
            details=details,
            comment=_comment(subject),
        )

    def add_column(self, tbl: _Table, col: _Col, where: str) -> None:
        existing = tbl.get(col.name)
        if existing is None:
            tbl.columns.append(col)
            return
        if existing.references is not None and col.references is None and col.data_type != "jsonb":
            # `customer` ($ref) and `customerId` (its id) are one foreign key column.
            existing.nullable = existing.nullable and col.nullable
            existing.comment = existing.comment or col.comment
            existing.data_type, existing.details, existing.from_spec = col.data_type, col.details, True
            return
        col.name = _unique(col.name, (c.name for c in tbl.columns))
        self.note(f"{where}: column name taken in {tbl.name}; named {col.name}")
        tbl.columns.append(col)

    def add_foreign_key(
        self,
        tbl: _Table,
        name: str,
        target: str,
        *,
        nullable: bool,
        comment: str | None = None,
        front: bool = False,
    ) -> None:
        existing = tbl.get(name)
        reusable = existing is not None and not existing.primary_key and existing.data_type != "jsonb"
        if existing is not None and reusable and existing.references in (None, target):
            existing.references = target  # the spec's own id property becomes the key
            existing.nullable = existing.nullable and nullable
            return
        col = _Col(name, "bigint", nullable=nullable, comment=comment, references=target, from_spec=False)
        if existing is not None:
            col.name = _unique(name, (c.name for c in tbl.columns))
            self.note(f"{tbl.label}: column name {name} taken in {tbl.name}; foreign key named {col.name}")
        if front:
            tbl.columns.insert(0, col)
        else:
            tbl.columns.append(col)

    def choose_primary_key(self, tbl: _Table, *, note: bool) -> None:
        candidates = (tbl.get("id"), tbl.get(f"{tbl.name}_id"))
        col = next(
            (
                c
                for c in candidates
                if c is not None and c.references is None and c.data_type not in ("jsonb", "boolean")
            ),
            None,
        )
        if col is None:
            col = _Col(
                _unique("id", (c.name for c in tbl.columns)), "bigint", nullable=False, from_spec=False
            )
            tbl.columns.insert(0, col)
            if note:
                self.note(f"{tbl.label}: no id property; surrogate primary key {tbl.name}.{col.name} bigint")
        col.primary_key, col.nullable, col.semantic_type = True, False, None
        tbl.columns.remove(col)
        tbl.columns.insert(0, col)

    # keys

    def id_target(self, table_name: str, column_name: str) -> str | None:
        """The table a scalar `<x>_id` column refers to by its name, if any."""
        if column_name == "parent_id" and "parent" not in self.tables:
            return table_name
        if not column_name.endswith("_id"):
            return None
        stem = column_name[: -len("_id")]
        for candidate in (stem, _singular_name(stem)):
            if candidate in self.tables and candidate != table_name:
                return candidate
        return None

    def link(self) -> None:
        for tbl in sorted(self.tables.values(), key=lambda t: t.name):
            for col in tbl.columns:
                if (
                    col.references is None
                    and not col.primary_key
                    and col.data_type not in ("jsonb", "boolean")
                ):
                    col.references = self.id_target(tbl.name, col.name)
                    if col.references is not None:
                        self.note(
                            f"{tbl.label}: {tbl.name}.{col.name} refers to {col.references} by its name"
                        )
                if col.references is None:
                    continue
                key = self.tables[col.references].primary_key()
                if col.from_spec and col.data_type != key.data_type:
                    self.note(
                        f"{tbl.label}: {tbl.name}.{col.name} is {col.data_type} in the spec; "
                        f"{key.data_type} like {col.references}.{key.name}"
                    )
                col.data_type, col.details, col.semantic_type = key.data_type, dict(key.details), None
                if col.references == tbl.name:  # the first row has no parent to point at
                    col.nullable = True

    def snapshot(self) -> dict[str, Any]:
        tables: list[dict[str, Any]] = []
        relationships: list[dict[str, Any]] = []
        for tbl in sorted(self.tables.values(), key=lambda t: t.name):
            columns = [
                column(
                    c.name,
                    c.data_type,
                    position=position,
                    nullable=c.nullable,
                    primary_key=c.primary_key,
                    semantic_type=c.semantic_type,
                    origin="api",
                    comment=c.comment,
                    **c.details,
                )
                for position, c in enumerate(tbl.columns, start=1)
            ]
            tables.append(table(tbl.name, columns, origin="api", comment=tbl.comment))
            relationships.extend(
                relationship(tbl.name, [c.name], c.references, [self.tables[c.references].primary_key().name])
                for c in tbl.columns
                if c.references is not None
            )
        relationships.sort(key=lambda r: (r["child_table"], r["child_columns"]))
        return {"tables": tables, "relationships": relationships}


def api_schema_to_snapshot(spec: Mapping[str, Any]) -> ApiSchema:
    """The normalized schema of an API spec (see the module doc for the rules) and notes.

    `spec` is what `load_spec` returns; a plain mapping is loaded first (local `$ref`s only).
    InvalidInputError when the spec is not a supported one or defines no object schema at all."""
    resolved = spec if isinstance(spec, ResolvedSpec) else load_spec(spec)
    return _Converter(resolved).run()
