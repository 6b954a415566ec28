"""A labelled evaluation corpus for PII classification: generated schemas the classifier was not written
against, in several naming conventions and languages, with realistic values from Faker locales.

Each `CorpusSchema` is one database: tables of columns, each column with its SQL type, a value generator
and its gold label. `generate_rows` makes the rows (200 per table, deterministic), `gold_labels` gives
`{(table, column): label}`, and `tests.pii_corpus.load` creates the databases in PostgreSQL.
`bench/bench_pii.py` classifies them the way the product does and scores the result.

THE SPLIT -- read this before touching the classifier
-----------------------------------------------------
- TUNING (20 schemas: erp_legacy, personal_de, boutique_gb, clinica_es, then hrpay_uk, sellerhub_us,
  assekuranz_de, ehr_us, then woningcorp_nl, autohaus_de, council_gb, rideshare_us, sagepay_gb,
  craftmarket_us, oracle_hr_gb, payroll_us, resale_us, zorg_nl, then umbrella_gb, magento_us -- the
  last sixteen written without looking at the held-out schemas): the
  classifier's engineers may read these schemas, their labels and the bench's list of their
  misclassified columns, and tune the dictionary, detectors and merger on them.
- HELD-OUT (11 schemas: crm_saas, rh_fr, tienda_es, loja_br, gemeente_nl, hospital_us, marketplace_us,
  telco_iot_gb, bank_gb, versicherung_de, payroll_gb): NEVER tune on them. Do not read their column
  names, labels or values in order to change the classifier (dictionary terms, thresholds, rules), and
  do not run the bench with `--show-held-out` while working on the classifier: the bench prints only
  error counts for them. They measure whether the classifier generalises to schemas nobody tuned it
  on. A held-out schema that has been tuned on is spent: move it to TUNING, add a fresh held-out
  schema, and say so in bench/RESULTS.md.
Pagila and Chinook (the SAMPLES set of the bench) are what the dictionary was first written against:
they are tuning data too.

Labels
------
One of the `PIIType` values of `tdm_agents.pii_detection.labels` (email, phone, person_name,
first_name, last_name, address, city, postal_code, country, ssn, credit_card, iban, date_of_birth,
ip_address, username, password, other), `sensitive`, or `none`. The rules:
- PII: the values identify or contact a person (customer, employee, patient, contact person...).
  Address parts of a person (street, house number, state/province, neighbourhood) are `address`; a
  person's nationality is `country`; name parts are their name type (a maiden name or the Dutch
  "tussenvoegsel" is `last_name`, a middle name `first_name`, a whole name `person_name`).
- `ssn`: any national identification number of a person (US SSN, UK NINO, German Steuer-ID and
  Rentenversicherungsnummer, French NIR, Spanish DNI/NIF and NUSS, Brazilian CPF and RG, Dutch BSN).
- `password`: secrets that authenticate: password hashes, MFA secrets, PINs and PUKs, card CVVs.
- `other`: identifies or describes a person but is none of the above: passport, licence plate,
  gender, medical record / insurance member / health card numbers, a clinician's registration number
  (NPI, numero de colegiado), a bank account number that is not an IBAN, IMSI, ICCID, IMEI and MAC of
  a subscriber's device, a person's location (coordinates of a subscriber's device), a profile URL
  that names the person.
- `sensitive` (a category the classifier does not have yet): data about a person that does not
  identify them but must not reach a test environment: salary and income, health (diagnoses, reasons
  for a visit, medication, allergies, blood group, disability, smoking, clinical notes), religion,
  ethnicity/race, trade-union membership.
- `none`: keys and foreign keys (integer, uuid or code, e.g. a customer number or `customer_ref`);
  other internal numbers of a customer (loyalty card numbers, payment processor tokens);
  organisations and everything about them (company, brand, store, warehouse, supplier: names,
  addresses, cities, coordinates, switchboard phones, generic mailboxes such as contato@...,
  VAT/EIN/CNPJ/SIRET/KvK numbers -- a named contact person there is PII); products (names, SKUs,
  EANs, URLs, image paths); codes (status, currency -- ISO 4217 is not PII --, tracking numbers, cost
  centres, tax codes, sort codes, BICs); amounts other than pay; event dates (hire, order,
  admission); job titles, departments; short internal phone extensions beside a phone column;
  infrastructure IPs; free text with no personal content.
- A foreign key holds PII only when it holds the value itself: `ownerEmail` referencing
  `users.workEmail` is `email`, `customer_id` / `CUST_NO` referencing a customer is `none`.
Values are generated to match the label: a `none` column never holds a person's data by accident (a
company may still be named after its founder, as real ones are).

Determinism: each table has its own `Faker` (schema locale) and `random.Random`, both seeded from the
schema's seed and a CRC of the table name; nothing reads the clock. Same Faker version, same values.
"""

from __future__ import annotations

import json
import random
import string
import unicodedata
import uuid
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from faker import Faker
from tdm_agents.pii_detection.labels import PIIType

Split = Literal["tuning", "held_out"]
TUNING: Split = "tuning"
HELD_OUT: Split = "held_out"
ROWS_PER_TABLE = 200

SENSITIVE = "sensitive"
LABELS: frozenset[str] = frozenset({t.value for t in PIIType} | {SENSITIVE})
# Short names for the labels, used by the schema definitions below.
EMAIL, PHONE, PERSON, FIRST, LAST = "email", "phone", "person_name", "first_name", "last_name"
ADDRESS, CITY, POSTAL, COUNTRY = "address", "city", "postal_code", "country"
SSN, CARD, IBAN, DOB, IP = "ssn", "credit_card", "iban", "date_of_birth", "ip_address"
USER, PASSWORD, OTHER, NONE = "username", "password", "other", "none"


# --- model ---------------------------------------------------------------------------------------


class Row:
    """What a value generator sees: the row number, the table's Faker and RNG, the values of the
    earlier columns of this row, and the values of tables generated before (for foreign keys)."""

    __slots__ = ("_tables", "fake", "i", "rng", "v")

    def __init__(
        self, i: int, fake: Faker, rng: random.Random, tables: Mapping[str, Mapping[str, list[Any]]]
    ) -> None:
        self.i = i
        self.fake = fake
        self.rng = rng
        self.v: dict[str, Any] = {}
        self._tables = tables

    def pick(self, table: str, column: str) -> Any:
        """A non-null value of a column of a table generated earlier."""
        values = [value for value in self._tables[table][column] if value is not None]
        return self.rng.choice(values)


Gen = Callable[[Row], Any]


@dataclass(frozen=True)
class Col:
    name: str
    sql_type: str
    label: str
    gen: Gen | None = None  # None: a foreign key, filled from the referenced column
    pk: bool = False
    unique: bool = False
    ref: tuple[str, str] | None = None  # (table, column) this column references


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Col, ...]
    rows: int = ROWS_PER_TABLE

    def column(self, name: str) -> Col:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class CorpusSchema:
    name: str
    split: Split
    locale: str  # Faker locale of the values
    language: str  # language of the identifiers: en, de, fr, es, pt, nl
    convention: str  # naming convention, for the summary
    description: str
    seed: int
    tables: tuple[Table, ...] = field(default_factory=tuple)

    @property
    def columns(self) -> int:
        return sum(len(t.columns) for t in self.tables)

    @property
    def pii_columns(self) -> int:
        return sum(1 for t in self.tables for c in t.columns if c.label != NONE)


def C(
    name: str,
    sql_type: str,
    label: str,
    gen: Gen | None = None,
    *,
    pk: bool = False,
    unique: bool = False,
    ref: tuple[str, str] | None = None,
) -> Col:
    return Col(name, sql_type, label, gen, pk=pk, unique=unique, ref=ref)


def T(name: str, *columns: Col) -> Table:
    return Table(name, tuple(columns))


# --- value helpers -------------------------------------------------------------------------------


def seq(start: int = 1) -> Gen:
    return lambda r: r.i + start


def code(template: str, start: int = 1) -> Gen:
    """A unique business code: template.format(n), e.g. "C{:07d}"."""
    return lambda r: template.format(r.i + start)


def fk(table: str, column: str) -> Gen:
    return lambda r: r.pick(table, column)


def F(method: str, *args: Any, **kwargs: Any) -> Gen:
    """A Faker provider method of the table's locale."""
    return lambda r: getattr(r.fake, method)(*args, **kwargs)


def pick(values: Sequence[Any]) -> Gen:
    return lambda r: r.rng.choice(values)


def wpick(weighted: Mapping[Any, float]) -> Gen:
    values, weights = list(weighted), list(weighted.values())
    return lambda r: r.rng.choices(values, weights)[0]


def maybe(gen: Gen, null_rate: float) -> Gen:
    """The generator's value, or NULL at `null_rate`."""
    return lambda r: None if r.rng.random() < null_rate else gen(r)


def from_row(fn: Callable[[dict[str, Any]], Any]) -> Gen:
    """A value computed from earlier columns of the row."""
    return lambda r: fn(r.v)


def street(r: Row) -> str:
    """A street address on one line (en_GB flats come with a line break; es_ES with trailing blanks)."""
    return " ".join(str(r.fake.street_address()).replace("\n", ", ").split())


def day_between(r: Row, start: date, end: date) -> date:
    return start + timedelta(days=r.rng.randrange((end - start).days + 1))


def dates(start: str, end: str) -> Gen:
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    return lambda r: day_between(r, first, last)


def stamps(start: str, end: str) -> Gen:
    first = datetime.fromisoformat(start)
    seconds = int((datetime.fromisoformat(end) - first).total_seconds())
    return lambda r: first + timedelta(seconds=r.rng.randrange(seconds))


BIRTH_FROM, BIRTH_TO = "1941-01-01", "2006-06-30"


def birth_dates() -> Gen:
    return dates(BIRTH_FROM, BIRTH_TO)


def money(low: float, high: float, places: int = 2) -> Gen:
    scale = 10**places
    return lambda r: Decimal(r.rng.randint(int(low * scale), int(high * scale))) / scale


def ints(low: int, high: int) -> Gen:
    return lambda r: r.rng.randint(low, high)


def digits(n: int, first_nonzero: bool = False) -> Gen:
    return lambda r: digit_string(r, n, first_nonzero)


def digit_string(r: Row, n: int, first_nonzero: bool = False) -> str:
    head = str(r.rng.randint(1, 9)) if first_nonzero else str(r.rng.randint(0, 9))
    return head + "".join(str(r.rng.randint(0, 9)) for _ in range(n - 1))


def coordinate(low: float, high: float) -> Gen:
    return lambda r: Decimal(f"{r.rng.uniform(low, high):.6f}")


def ascii_fold(text: str) -> str:
    """ "Müller-Lüdenscheidt" -> "muellerluedenscheidt": how mail and login names spell a name."""
    text = text.lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(src, dst)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum())


def person_email(r: Row, first: str, last: str, domain: str | None = None) -> str:
    f, la = ascii_fold(first), ascii_fold(last.split(maxsplit=1)[0] if last else "x")
    local = r.rng.choice(
        (
            f"{f}.{la}",
            f"{f}{la}",
            f"{f[:1]}{la}",
            f"{f}_{la}{r.rng.randint(1, 99)}",
            f"{la}.{f}",
            f"{f}{r.rng.randint(60, 99)}",
        )
    )
    return f"{local}@{domain or r.fake.free_email_domain()}"


def work_email(first: str, last: str, domain: str) -> str:
    return f"{ascii_fold(first)}.{ascii_fold(last.split(maxsplit=1)[0])}@{domain}"


def login_name(r: Row, first: str, last: str) -> str:
    f, la = ascii_fold(first), ascii_fold(last.split(maxsplit=1)[0])
    return r.rng.choice((f"{f[:1]}{la}", f"{f}.{la}", f"{la}{f[:1]}", f"{f}{la[:1]}{r.rng.randint(1, 9)}"))


def name_email(first: str, last: str, domain: str | None = None) -> Gen:
    """An e-mail address derived from the row's name columns."""
    return lambda r: person_email(r, str(r.v[first]), str(r.v[last]), domain)


def full_name(*parts: str) -> Gen:
    return lambda r: " ".join(str(r.v[p]) for p in parts if r.v.get(p))


def bcrypt_hash(r: Row) -> str:
    alphabet = "./" + string.ascii_letters + string.digits
    return "$2b$12$" + "".join(r.rng.choice(alphabet) for _ in range(53))


def hex_digest(r: Row, nbytes: int = 32) -> str:
    return "".join(f"{r.rng.getrandbits(8):02x}" for _ in range(nbytes))


def pbkdf2_hash(r: Row) -> str:
    salt = "".join(r.rng.choice(string.ascii_letters + string.digits) for _ in range(12))
    body = "".join(r.rng.choice(string.ascii_letters + string.digits + "+/") for _ in range(43))
    return f"pbkdf2_sha256$600000${salt}${body}="


def base32_secret(r: Row) -> str:
    return "".join(r.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(32))


def uuid_of(r: Row) -> str:
    return str(uuid.UUID(int=r.rng.getrandbits(128), version=4))


def luhn_digit(body: str) -> str:
    total = 0
    for position, char in enumerate(reversed(body)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def card_number(r: Row) -> str:
    kind = r.rng.choice(("visa16", "mastercard", "visa16", "amex", "maestro"))
    return str(r.fake.credit_card_number(card_type=kind))


def card_expiry(r: Row) -> str:
    return f"{r.rng.randint(1, 12):02d}/{r.rng.randint(25, 31)}"


def steuer_id(r: Row) -> str:
    """German tax identification number: 11 digits, one digit twice among the first ten, ISO 7064
    MOD 11,10 check digit."""
    while True:
        chosen = r.rng.sample(range(10), 9)
        body = [*chosen, r.rng.choice(chosen)]
        r.rng.shuffle(body)
        if body[0] == 0:
            continue
        product = 10
        for digit in body:
            total = (digit + product) % 10 or 10
            product = (total * 2) % 11
        check = (11 - product) % 10
        return "".join(map(str, body)) + str(check)


def rv_nummer(r: Row, born: date, last_name: str) -> str:
    """German pension insurance number: area, birth date, initial of the birth name, serial, check."""
    area = r.rng.choice(("12", "13", "15", "17", "24", "25", "28", "38", "40", "53", "65"))
    initial = (ascii_fold(last_name)[:1] or "x").upper()
    serial = f"{r.rng.randint(0, 49):02d}"
    return f"{area} {born:%d%m%y} {initial} {serial}{r.rng.randint(0, 9)}"


def kv_nummer(r: Row) -> str:
    """German health insurance number: a letter and nine digits."""
    return r.rng.choice(string.ascii_uppercase) + digit_string(r, 9, first_nonzero=True)


def nino(r: Row) -> str:
    """UK National Insurance number with a valid prefix."""
    first = r.rng.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = r.rng.choice("ABCEGHJKLMNPRSTWXYZ")
    numbers = digit_string(r, 6)
    suffix = r.rng.choice("ABCD")
    if r.rng.random() < 0.5:
        return f"{first}{second}{numbers}{suffix}"
    return f"{first}{second} {numbers[:2]} {numbers[2:4]} {numbers[4:]} {suffix}"


def npi(r: Row) -> str:
    """US National Provider Identifier: 10 digits, Luhn over the 80840 prefix."""
    body = str(r.rng.randint(1, 2)) + digit_string(r, 8)
    return body + luhn_digit("80840" + body)


def imei(r: Row) -> str:
    body = r.rng.choice(("35", "86", "01", "49")) + digit_string(r, 12)
    return body + luhn_digit(body)


def iccid(r: Row) -> str:
    body = "8944" + r.rng.choice(("10", "20", "30")) + digit_string(r, 12)
    return body + luhn_digit(body)


def phone_de_mobile(r: Row) -> str:
    prefix = r.rng.choice(("0151", "0152", "0160", "0170", "0171", "0176", "0157", "0162"))
    number = digit_string(r, r.rng.choice((7, 8)), first_nonzero=True)
    return r.rng.choice((f"{prefix} {number}", f"+49 {prefix[1:]} {number}", f"{prefix}/{number}"))


def phone_fr_mobile(r: Row) -> str:
    pairs = [f"{r.rng.randint(0, 99):02d}" for _ in range(4)]
    head = r.rng.choice(("06", "07"))
    if r.rng.random() < 0.3:
        return f"+33 {head[1]} {' '.join(pairs)}"
    return f"{head} {' '.join(pairs)}"


def phone_es_mobile(r: Row) -> str:
    number = r.rng.choice("67") + digit_string(r, 8)
    return r.rng.choice((f"{number[:3]} {number[3:5]} {number[5:7]} {number[7:]}", f"+34 {number}", number))


def phone_nl_mobile(r: Row) -> str:
    number = digit_string(r, 8, first_nonzero=True)
    return r.rng.choice((f"06-{number}", f"06 {number}", f"+31 6 {number}"))


def msisdn_gb(r: Row) -> str:
    return "447" + r.rng.choice("345789") + digit_string(r, 8)


def extension(r: Row) -> str:
    return str(r.rng.randint(2000, 7999))


def gb_iban_parts(iban: str) -> tuple[str, str]:
    """Sort code and account number inside a GB IBAN (GBkk BANK SSSSSS AAAAAAAA)."""
    return f"{iban[8:10]}-{iban[10:12]}-{iban[12:14]}", iban[14:22]


def home_country(home: str, others: Sequence[str], home_share: float = 0.85) -> Gen:
    return lambda r: home if r.rng.random() < home_share else r.rng.choice(others)


def url_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in folded).split())


def combine(*parts: Sequence[str], sep: str = " ") -> Gen:
    """One word from each list, e.g. product names from adjectives and nouns."""
    return lambda r: sep.join(r.rng.choice(part) for part in parts)


def company_domain(r: Row, company: str) -> str:
    stem = url_slug(company).replace("-", "")[:18] or "firma"
    return f"{stem}.{r.rng.choice(('com', 'net', 'io', 'co'))}"


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- vocabularies --------------------------------------------------------------------------------

US_STATES = words(
    """
    AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY
    LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND
    OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY
    """
)
JOB_TITLES_EN = (
    "Accountant",
    "Sales Representative",
    "Warehouse Associate",
    "Buyer",
    "Payroll Clerk",
    "Customer Service Agent",
    "Production Supervisor",
    "IT Analyst",
    "Controller",
    "Shipping Coordinator",
)
DRUGS_EN = (
    ("Metformin 500 mg tablet", "00093-1048-01"),
    ("Lisinopril 10 mg tablet", "68180-0514-01"),
    ("Atorvastatin 20 mg tablet", "00378-3952-77"),
    ("Sertraline 50 mg tablet", "16714-0612-01"),
    ("Albuterol 90 mcg inhaler", "00173-0682-20"),
    ("Amoxicillin 500 mg capsule", "65862-0017-01"),
    ("Omeprazole 20 mg capsule", "62175-0136-37"),
    ("Levothyroxine 50 mcg tablet", "00378-1803-01"),
    ("Insulin glargine 100 units/mL", "00088-2220-33"),
    ("Biktarvy 50/200/25 mg tablet", "61958-2501-01"),
)
ICD10_EN = (
    ("E11.9", "Type 2 diabetes mellitus without complications"),
    ("I10", "Essential (primary) hypertension"),
    ("J45.909", "Unspecified asthma, uncomplicated"),
    ("F32.9", "Major depressive disorder, single episode, unspecified"),
    ("M54.50", "Low back pain, unspecified"),
    ("N39.0", "Urinary tract infection, site not specified"),
    ("J18.9", "Pneumonia, unspecified organism"),
    ("K21.9", "Gastro-esophageal reflux disease without esophagitis"),
    ("B20", "Human immunodeficiency virus [HIV] disease"),
    ("F41.1", "Generalized anxiety disorder"),
)
COMPLAINTS_EN = (
    "chest pain",
    "shortness of breath",
    "abdominal pain",
    "fever and cough",
    "headache",
    "fall at home",
    "low back pain",
    "dizziness",
    "burning on urination",
    "medication refill",
)
PLANS_EN = (
    "start metformin, recheck A1c in 3 months",
    "increase lisinopril, low-salt diet",
    "chest x-ray ordered, antibiotics",
    "refer to behavioral health",
    "physical therapy twice weekly",
    "continue current regimen",
)
ICD10_ES = (
    ("J45.9", "Asma, no especificada"),
    ("E11.9", "Diabetes mellitus tipo 2 sin complicaciones"),
    ("I10", "Hipertensión esencial (primaria)"),
    ("M54.5", "Lumbago no especificado"),
    ("F41.1", "Trastorno de ansiedad generalizada"),
    ("J06.9", "Infección aguda de las vías respiratorias superiores"),
    ("K21.9", "Enfermedad del reflujo gastroesofágico sin esofagitis"),
    ("L20.9", "Dermatitis atópica, no especificada"),
    ("F32.1", "Episodio depresivo moderado"),
    ("N39.0", "Infección de vías urinarias, sitio no especificado"),
)
MOTIVOS_ES = (
    "dolor lumbar",
    "control de tensión arterial",
    "tos persistente",
    "control de glucemia",
    "crisis de ansiedad",
    "erupción cutánea",
    "cefalea",
    "fiebre de tres días",
    "revisión anual",
    "molestias al orinar",
)
TRATAMIENTOS_ES = (
    "Ibuprofeno 600 mg cada 8 h durante 5 días",
    "Metformina 850 mg con el desayuno",
    "Enalapril 10 mg al día",
    "Salbutamol inhalador a demanda",
    "Omeprazol 20 mg en ayunas",
    "Sertralina 50 mg al día",
    "Paracetamol 1 g si dolor",
    "Amoxicilina 500 mg cada 8 h",
    "Fisioterapia 10 sesiones",
)
BLOOD_GROUPS = ("0+", "A+", "B+", "AB+", "0-", "A-", "B-", "AB-")
PRODUCT_ADJ_EN = ("Classic", "Organic", "Slim", "Deluxe", "Compact", "Wireless", "Heavy-Duty", "Everyday")
PRODUCT_NOUN_EN = (
    "Saucepan",
    "Desk Lamp",
    "Yoga Mat",
    "Water Bottle",
    "Backpack",
    "Bluetooth Speaker",
    "Throw Pillow",
    "Chef's Knife",
    "Trail Shoe",
    "Coffee Grinder",
)
BRANDS_EN = (
    "Nordhaven",
    "Kitchara",
    "BrightLoop",
    "Aerion",
    "Pinecrest Goods",
    "Quillon",
    "Moxie Labs",
    "Sundial & Co",
    "Everfold",
    "Trailborne",
)


# --- TUNING schemas ------------------------------------------------------------------------------


def _erp_legacy() -> CorpusSchema:
    """A 1990s ERP migrated to PostgreSQL: upper-case names, abbreviations everywhere (en_US)."""
    emp = T(
        "EMP_MSTR",
        C("EMP_ID", "integer", NONE, seq(1001), pk=True),
        C("EMP_FST_NM", "varchar(30)", FIRST, F("first_name")),
        C("EMP_LST_NM", "varchar(30)", LAST, F("last_name")),
        C("EMP_SSN", "char(11)", SSN, F("ssn")),
        C("EMP_DOB", "date", DOB, dates("1958-01-01", "2003-12-31")),
        C("HM_ADDR", "varchar(60)", ADDRESS, street),
        C("HM_PH", "varchar(24)", PHONE, F("phone_number")),
        C("WRK_EXT", "varchar(4)", NONE, extension),
        C("HIRE_DT", "date", NONE, dates("1995-01-01", "2024-06-30")),
        C("TERM_DT", "date", NONE, maybe(dates("2010-01-01", "2024-12-31"), 0.8)),
        C("DEPT_CD", "char(3)", NONE, pick(("ACC", "SLS", "WHS", "PUR", "HRS", "ITS", "PRD"))),
        C("JOB_TTL", "varchar(40)", NONE, pick(JOB_TITLES_EN)),
        C("SAL_AMT", "numeric(10,2)", SENSITIVE, money(31000, 145000)),
        C(
            "MGR_EMP_ID",
            "integer",
            NONE,
            lambda r: r.rng.randint(1001, 1000 + r.i) if r.i > 5 else None,
            ref=("EMP_MSTR", "EMP_ID"),
        ),
        C(
            "USR_ID",
            "varchar(8)",
            USER,
            lambda r: (
                (ascii_fold(r.v["EMP_FST_NM"])[:1] + ascii_fold(r.v["EMP_LST_NM"]))[:5].upper() + f"{r.i:03d}"
            ),
            unique=True,
        ),
        C("PWD_HSH", "char(64)", PASSWORD, hex_digest),
    )
    cust = T(
        "CUST_MSTR",
        C("CUST_NO", "varchar(10)", NONE, code("C{:07d}"), pk=True),
        C("CUST_NM", "varchar(60)", PERSON, lambda r: f"{r.fake.last_name()}, {r.fake.first_name()}".upper()),
        C("ADDR1", "varchar(60)", ADDRESS, street),
        C("ADDR2", "varchar(60)", ADDRESS, maybe(F("secondary_address"), 0.6)),
        C("CITY_NM", "varchar(30)", CITY, F("city")),
        C("ST_CD", "char(2)", ADDRESS, pick(US_STATES)),
        C("ZIP_CD", "char(5)", POSTAL, F("postcode")),
        C("CNTRY_CD", "char(2)", COUNTRY, home_country("US", ("CA", "MX"), 0.93)),
        C("PH_NO", "varchar(24)", PHONE, F("phone_number")),
        C("FAX_NO", "varchar(24)", PHONE, maybe(F("phone_number"), 0.7)),
        C(
            "EMAIL_ADDR",
            "varchar(60)",
            EMAIL,
            lambda r: person_email(r, r.v["CUST_NM"].split(", ")[1], r.v["CUST_NM"].split(", ")[0]).lower(),
        ),
        C("DOB", "date", DOB, maybe(birth_dates(), 0.2)),
        C("CR_LMT", "numeric(10,2)", NONE, money(500, 50000, 0)),
        C("CUST_TYP_CD", "char(1)", NONE, pick("RWD")),
        C("TAX_EXMPT_FLG", "char(1)", NONE, wpick({"N": 0.9, "Y": 0.1})),
        C("CRT_USR", "varchar(8)", USER, fk("EMP_MSTR", "USR_ID")),
        C("CRT_DT", "timestamp", NONE, stamps("2001-01-01", "2024-12-31")),
    )
    vend = T(
        "VEND_MSTR",
        C("VEND_NO", "varchar(8)", NONE, code("V{:05d}"), pk=True),
        C("VEND_NM", "varchar(60)", NONE, lambda r: r.fake.company().upper()),
        C("VEND_ADDR1", "varchar(60)", NONE, street),
        C("VEND_CITY", "varchar(30)", NONE, F("city")),
        C("VEND_ZIP", "char(5)", NONE, F("postcode")),
        C("VEND_CNTCT_NM", "varchar(40)", PERSON, lambda r: f"{r.fake.first_name()} {r.fake.last_name()}"),
        C("VEND_CNTCT_PH", "varchar(24)", PHONE, F("phone_number")),
        C(
            "VEND_EMAIL",
            "varchar(60)",
            EMAIL,
            lambda r: work_email(
                r.v["VEND_CNTCT_NM"].split()[0],
                r.v["VEND_CNTCT_NM"].split()[-1],
                company_domain(r, r.v["VEND_NM"]),
            ),
        ),
        C("FED_TAX_ID", "char(10)", NONE, F("ein")),
        C("PMT_TRMS_CD", "varchar(8)", NONE, pick(("N30", "N45", "N60", "2/10N30", "COD"))),
    )
    orders = T(
        "SO_HDR",
        C("SO_NO", "integer", NONE, seq(500001), pk=True),
        C("CUST_NO", "varchar(10)", NONE, ref=("CUST_MSTR", "CUST_NO")),
        C("ORD_DT", "date", NONE, dates("2019-01-01", "2024-12-31")),
        C("SHIP_TO_NM", "varchar(40)", PERSON, F("name")),
        C("SHIP_TO_ADDR1", "varchar(60)", ADDRESS, street),
        C("SHIP_TO_ZIP", "char(5)", POSTAL, F("postcode")),
        C("ORD_TOT_AMT", "numeric(12,2)", NONE, money(15, 25000)),
        C("CURR_CD", "char(3)", NONE, wpick({"USD": 0.95, "CAD": 0.04, "MXN": 0.01})),
        C("STAT_CD", "char(3)", NONE, pick(("OPN", "SHP", "INV", "CNC", "HLD"))),
        C("SLS_REP_ID", "integer", NONE, ref=("EMP_MSTR", "EMP_ID")),
        C("CC_NO", "varchar(19)", CARD, maybe(card_number, 0.5)),
        C("CC_EXP", "char(5)", NONE, lambda r: card_expiry(r) if r.v["CC_NO"] else None),
        C("CRT_USR", "varchar(8)", USER, fk("EMP_MSTR", "USR_ID")),
    )
    return CorpusSchema(
        "erp_legacy",
        TUNING,
        "en_US",
        "en",
        "UPPER_SNAKE abbreviations",
        "legacy ERP: customer, employee and vendor masters, sales orders",
        seed=1101,
        tables=(emp, cust, vend, orders),
    )


ABTEILUNGEN = (
    "Vertrieb",
    "Einkauf",
    "Personal",
    "Buchhaltung",
    "IT",
    "Produktion",
    "Logistik",
    "Marketing",
    "Recht",
    "Qualitätssicherung",
)
STANDORTE_DE = ("München", "Hamburg", "Berlin", "Köln", "Stuttgart", "Leipzig", "Nürnberg")
KRANKENKASSEN = (
    "AOK Bayern",
    "Techniker Krankenkasse",
    "BARMER",
    "DAK-Gesundheit",
    "IKK classic",
    "BKK Mobil Oil",
    "KKH",
)
BANKEN_DE = ("Sparkasse München", "Deutsche Bank", "Commerzbank", "Volksbank Stuttgart", "ING", "Postbank")
STELLEN_DE = (
    "Sachbearbeiter/in Buchhaltung",
    "Softwareentwickler/in",
    "Lagerist/in",
    "Vertriebsmitarbeiter/in Innendienst",
    "Teamleitung Einkauf",
    "Industriemechaniker/in",
    "Werkstudent/in Marketing",
)


def _personal_de() -> CorpusSchema:
    """German HR and payroll, lower-case snake_case German names (de_DE)."""
    abteilung = T(
        "abteilung",
        C("abteilung_id", "integer", NONE, seq(), pk=True),
        C("bezeichnung", "varchar(60)", NONE, lambda r: f"{r.rng.choice(ABTEILUNGEN)} {r.i // 10 + 1}"),
        C("standort", "varchar(40)", NONE, pick(STANDORTE_DE)),
        C("kostenstelle", "varchar(10)", NONE, code("KST-{:04d}", 4100)),
        C("leiter_personalnummer", "integer", NONE, ints(1, 200), ref=("mitarbeiter", "personalnummer")),
    )
    mitarbeiter = T(
        "mitarbeiter",
        C("personalnummer", "integer", NONE, seq(), pk=True),
        C("geschlecht", "char(1)", OTHER, wpick({"w": 0.48, "m": 0.5, "d": 0.02})),
        C(
            "vorname",
            "varchar(40)",
            FIRST,
            lambda r: r.fake.first_name_female() if r.v["geschlecht"] == "w" else r.fake.first_name_male(),
        ),
        C("nachname", "varchar(40)", LAST, F("last_name")),
        C("geburtsname", "varchar(40)", LAST, maybe(F("last_name"), 0.75)),
        C("geburtsdatum", "date", DOB, dates("1959-01-01", "2006-06-30")),
        C("geburtsort", "varchar(40)", CITY, F("city")),
        C(
            "staatsangehoerigkeit",
            "varchar(30)",
            COUNTRY,
            home_country("Deutschland", ("Türkei", "Polen", "Italien", "Rumänien", "Kroatien", "Österreich")),
        ),
        C("strasse", "varchar(60)", ADDRESS, street),
        C("plz", "char(5)", POSTAL, F("postcode")),
        C("ort", "varchar(40)", CITY, F("city")),
        C("telefon_privat", "varchar(25)", PHONE, maybe(F("phone_number"), 0.3)),
        C("handy", "varchar(25)", PHONE, phone_de_mobile),
        C("email_privat", "varchar(60)", EMAIL, maybe(name_email("vorname", "nachname"), 0.2)),
        C(
            "email_dienstlich",
            "varchar(60)",
            EMAIL,
            from_row(lambda v: work_email(v["vorname"], v["nachname"], "hausmann-technik.de")),
        ),
        C("durchwahl", "varchar(4)", NONE, extension),
        C("steuer_id", "char(11)", SSN, steuer_id),
        C("sv_nummer", "varchar(16)", SSN, lambda r: rv_nummer(r, r.v["geburtsdatum"], r.v["nachname"])),
        C("krankenkasse", "varchar(40)", NONE, pick(KRANKENKASSEN)),
        C("konfession", "varchar(2)", SENSITIVE, wpick({"--": 0.45, "rk": 0.28, "ev": 0.24, "ak": 0.03})),
        C("schwerbehinderung_gdb", "smallint", SENSITIVE, wpick({0: 0.9, 30: 0.04, 50: 0.04, 70: 0.02})),
        C("gewerkschaftsmitglied", "boolean", SENSITIVE, lambda r: r.rng.random() < 0.2),
        C("eintrittsdatum", "date", NONE, dates("1998-01-01", "2024-09-30")),
        C("abteilung_id", "integer", NONE, ints(1, 200), ref=("abteilung", "abteilung_id")),
        C("position", "varchar(60)", NONE, pick(STELLEN_DE)),
    )
    abrechnung = T(
        "gehaltsabrechnung",
        C("abrechnung_id", "integer", NONE, seq(), pk=True),
        C("personalnummer", "integer", NONE, ref=("mitarbeiter", "personalnummer")),
        C("abrechnungsmonat", "date", NONE, lambda r: date(2024, r.rng.randint(1, 12), 1)),
        C("bruttogehalt", "numeric(9,2)", SENSITIVE, money(2100, 9800)),
        C(
            "nettogehalt",
            "numeric(9,2)",
            SENSITIVE,
            from_row(lambda v: (v["bruttogehalt"] * Decimal("0.64")).quantize(Decimal("0.01"))),
        ),
        C("iban", "varchar(34)", IBAN, F("iban")),
        C("bic", "varchar(11)", NONE, F("swift")),
        C("kontoinhaber", "varchar(60)", PERSON, F("name")),
        C("bank_name", "varchar(40)", NONE, pick(BANKEN_DE)),
        C("waehrung", "char(3)", NONE, lambda r: "EUR"),
    )
    bewerber = T(
        "bewerber",
        C("bewerber_id", "integer", NONE, seq(), pk=True),
        C("name", "varchar(60)", PERSON, lambda r: f"{r.fake.first_name()} {r.fake.last_name()}"),
        C("e_mail", "varchar(60)", EMAIL, lambda r: person_email(r, *r.v["name"].split(" ", 1))),
        C("mobil", "varchar(25)", PHONE, phone_de_mobile),
        C("stelle", "varchar(60)", NONE, pick(STELLEN_DE)),
        C("eingangsdatum", "date", NONE, dates("2023-01-01", "2024-12-31")),
        C("gehaltsvorstellung", "integer", SENSITIVE, lambda r: r.rng.randrange(36000, 95000, 1000)),
        C("status", "varchar(20)", NONE, pick(("eingegangen", "gesichtet", "Gespräch", "Absage", "Zusage"))),
    )
    return CorpusSchema(
        "personal_de",
        TUNING,
        "de_DE",
        "de",
        "snake_case German",
        "German HR: employees, departments, payroll, applicants",
        seed=1102,
        tables=(abteilung, mitarbeiter, abrechnung, bewerber),
    )


STORE_AREAS_GB = (
    "Camden High Street",
    "Covent Garden",
    "Manchester Arndale",
    "Bristol Cabot Circus",
    "Leeds Trinity",
    "Glasgow Buchanan Street",
    "Bath Milsom Street",
    "Brighton Churchill Square",
    "Cambridge Grand Arcade",
    "York Coney Street",
)
CATEGORIES_GB = ("Dresses", "Knitwear", "Footwear", "Accessories", "Outerwear", "Denim", "Homeware")
COLOURS_GB = ("Navy", "Ecru", "Forest Green", "Charcoal", "Rust", "Oatmeal", "Black", "Dusty Pink")
GARMENTS_GB = (
    "Wrap Dress",
    "Cable Jumper",
    "Chelsea Boot",
    "Wool Scarf",
    "Trench Coat",
    "Straight Jean",
    "Linen Throw",
)
CARRIERS_GB = ("Royal Mail", "DPD", "Evri", "DHL Parcel UK", "Parcelforce")


def _royal_mail_tracking(r: Row) -> str:
    letters = "".join(r.rng.choice(string.ascii_uppercase) for _ in range(2))
    return f"{letters}{digit_string(r, 9)}GB"


def _boutique_gb() -> CorpusSchema:
    """A British fashion retailer's shop database: plenty of names, codes and places that are not personal
    (en_GB)."""
    stores = T(
        "stores",
        C("store_id", "integer", NONE, seq(), pk=True),
        C("store_name", "varchar(60)", NONE, lambda r: f"Hartley & Finch {r.rng.choice(STORE_AREAS_GB)}"),
        C("brand_name", "varchar(40)", NONE, pick(("Hartley & Finch", "H&F Outlet", "Finch Home"))),
        C("address_line1", "varchar(80)", NONE, street),
        C("city", "varchar(40)", NONE, F("city")),
        C("postcode", "varchar(10)", NONE, F("postcode")),
        C("store_latitude", "numeric(9,6)", NONE, coordinate(50.2, 57.9)),
        C("store_longitude", "numeric(9,6)", NONE, coordinate(-5.5, 1.7)),
        C("phone", "varchar(20)", NONE, F("phone_number")),
        C("manager_name", "varchar(60)", PERSON, F("name")),
        C(
            "opening_hours",
            "varchar(40)",
            NONE,
            pick(("Mon-Sat 09:00-18:00", "Mon-Sun 10:00-20:00", "Mon-Fri 09:30-17:30")),
        ),
    )
    customers = T(
        "customers",
        C("customer_id", "integer", NONE, seq(), pk=True),
        C("first_name", "varchar(40)", FIRST, F("first_name")),
        C("last_name", "varchar(40)", LAST, F("last_name")),
        C("email", "varchar(80)", EMAIL, name_email("first_name", "last_name")),
        C("mobile", "varchar(20)", PHONE, F("cellphone_number")),
        C("date_of_birth", "date", DOB, maybe(birth_dates(), 0.4)),
        C("loyalty_card_no", "char(12)", NONE, lambda r: "6334" + digit_string(r, 8)),
        C("marketing_opt_in", "boolean", NONE, lambda r: r.rng.random() < 0.6),
        C("preferred_store_id", "integer", NONE, ref=("stores", "store_id")),
        C(
            "signup_ip",
            "varchar(45)",
            IP,
            lambda r: r.fake.ipv4_public() if r.rng.random() < 0.8 else r.fake.ipv6(),
        ),
        C("created_at", "timestamptz", NONE, stamps("2016-01-01", "2024-12-31")),
    )
    products = T(
        "products",
        C("product_id", "integer", NONE, seq(), pk=True),
        C("sku", "varchar(16)", NONE, lambda r: f"HF-{r.rng.randint(100, 999)}-{r.i:04d}"),
        C("product_name", "varchar(80)", NONE, combine(COLOURS_GB, GARMENTS_GB)),
        C("brand_name", "varchar(40)", NONE, pick(("Hartley & Finch", "Finch Home", "Studio Finch"))),
        C("category_name", "varchar(40)", NONE, pick(CATEGORIES_GB)),
        C("supplier_company_name", "varchar(60)", NONE, F("company")),
        C("colour", "varchar(20)", NONE, pick(COLOURS_GB)),
        C("size", "varchar(6)", NONE, pick(("XS", "S", "M", "L", "XL", "6", "8", "10", "12", "14", "UK 5"))),
        C("unit_price", "numeric(8,2)", NONE, money(8, 240)),
        C("currency", "char(3)", NONE, lambda r: "GBP"),
        C("ean", "char(13)", NONE, F("ean13")),
        C(
            "image_path",
            "varchar(120)",
            NONE,
            lambda r: f"/media/catalogue/{r.v['sku'].lower()}/main-{r.rng.randint(1, 4)}.jpg",
        ),
        C(
            "product_url",
            "varchar(160)",
            NONE,
            lambda r: f"https://www.hartleyandfinch.co.uk/p/{url_slug(r.v['product_name'])}-{r.i}",
        ),
    )
    orders = T(
        "orders",
        C("order_id", "integer", NONE, seq(100001), pk=True),
        C("customer_id", "integer", NONE, ref=("customers", "customer_id")),
        C("store_id", "integer", NONE, maybe(fk("stores", "store_id"), 0.7), ref=("stores", "store_id")),
        C(
            "order_status",
            "varchar(16)",
            NONE,
            pick(("placed", "picking", "dispatched", "delivered", "returned")),
        ),
        C("order_total", "numeric(10,2)", NONE, money(12, 600)),
        C("currency_code", "char(3)", NONE, wpick({"GBP": 0.9, "EUR": 0.1})),
        C("ship_to_name", "varchar(60)", PERSON, F("name")),
        C("ship_address_line1", "varchar(80)", ADDRESS, street),
        C("ship_city", "varchar(40)", CITY, F("city")),
        C("ship_postcode", "varchar(10)", POSTAL, F("postcode")),
        C(
            "ship_country",
            "varchar(30)",
            COUNTRY,
            home_country("United Kingdom", ("Ireland", "France", "Netherlands"), 0.9),
        ),
        C("tracking_no", "varchar(20)", NONE, _royal_mail_tracking),
        C("carrier_name", "varchar(20)", NONE, pick(CARRIERS_GB)),
        C(
            "gift_message",
            "text",
            NONE,
            maybe(
                pick(("Happy birthday!", "Congratulations on the new job", "Merry Christmas", "With love")),
                0.85,
            ),
        ),
        C("placed_at", "timestamptz", NONE, stamps("2022-01-01", "2024-12-31")),
    )
    payments = T(
        "payments",
        C("payment_id", "integer", NONE, seq(), pk=True),
        C("order_id", "integer", NONE, ref=("orders", "order_id")),
        C("card_brand", "varchar(12)", NONE, pick(("Visa", "Mastercard", "Amex", "Maestro"))),
        C("card_last4", "char(4)", NONE, digits(4)),
        C("card_expiry", "char(5)", NONE, card_expiry),
        C("amount", "numeric(10,2)", NONE, money(12, 600)),
        C("payment_token", "varchar(40)", NONE, lambda r: "tok_" + hex_digest(r, 12)),
        C("payer_ip", "inet", IP, F("ipv4_public")),
    )
    return CorpusSchema(
        "boutique_gb",
        TUNING,
        "en_GB",
        "en",
        "snake_case English",
        "e-commerce: stores, customers, products, orders, payments; many non-personal look-alikes",
        seed=1103,
        tables=(stores, customers, products, orders, payments),
    )


ESPECIALIDADES = (
    "Medicina de familia",
    "Cardiología",
    "Dermatología",
    "Traumatología",
    "Pediatría",
    "Neumología",
    "Endocrinología",
)
MUTUAS = ("Sanitas", "Adeslas", "Asisa", "DKV", "Mapfre Salud", "Seguridad Social")


def _tarjeta_sanitaria(r: Row) -> str:
    return "".join(r.rng.choice(string.ascii_uppercase) for _ in range(4)) + digit_string(r, 12)


def _clinica_es() -> CorpusSchema:
    """A Spanish private clinic: patients, doctors, appointments, invoices (es_ES)."""
    pacientes = T(
        "pacientes",
        C("id_paciente", "integer", NONE, seq(), pk=True),
        C("nombre", "varchar(40)", FIRST, F("first_name")),
        C("apellido1", "varchar(40)", LAST, F("last_name")),
        C("apellido2", "varchar(40)", LAST, F("last_name")),
        C("dni", "char(9)", SSN, F("nif")),
        C("num_seguridad_social", "char(12)", SSN, F("nuss")),
        C("fecha_nacimiento", "date", DOB, birth_dates()),
        C("sexo", "char(1)", OTHER, pick("HM")),
        C("direccion", "varchar(80)", ADDRESS, street),
        C("codigo_postal", "char(5)", POSTAL, F("postcode")),
        C("municipio", "varchar(40)", CITY, F("city")),
        C("provincia", "varchar(30)", ADDRESS, F("state")),
        C("telefono_movil", "varchar(20)", PHONE, phone_es_mobile),
        C("correo_electronico", "varchar(80)", EMAIL, maybe(name_email("nombre", "apellido1"), 0.15)),
        C("grupo_sanguineo", "varchar(3)", SENSITIVE, pick(BLOOD_GROUPS)),
        C(
            "alergias",
            "varchar(60)",
            SENSITIVE,
            wpick(
                {
                    "Ninguna conocida": 0.6,
                    "Penicilina": 0.1,
                    "Polen": 0.1,
                    "Ácaros": 0.08,
                    "AINEs": 0.06,
                    "Frutos secos": 0.06,
                }
            ),
        ),
        C("mutua", "varchar(30)", NONE, pick(MUTUAS)),
        C("num_tarjeta_sanitaria", "char(16)", OTHER, _tarjeta_sanitaria),
    )
    medicos = T(
        "medicos",
        C("id_medico", "integer", NONE, seq(), pk=True),
        C(
            "nombre_completo",
            "varchar(80)",
            PERSON,
            lambda r: f"Dr. {r.fake.first_name()} {r.fake.last_name()} {r.fake.last_name()}",
        ),
        C(
            "num_colegiado",
            "varchar(12)",
            OTHER,
            lambda r: f"{r.rng.choice(('28', '08', '46', '41', '29'))}/{digit_string(r, 5)}",
        ),
        C("especialidad", "varchar(40)", NONE, pick(ESPECIALIDADES)),
        C("extension", "varchar(4)", NONE, extension),
        C(
            "email_corporativo",
            "varchar(80)",
            EMAIL,
            lambda r: work_email(*r.v["nombre_completo"].split()[1:3], "clinicasanrafael.es"),
        ),
    )
    citas = T(
        "citas",
        C("id_cita", "integer", NONE, seq(), pk=True),
        C("id_paciente", "integer", NONE, ref=("pacientes", "id_paciente")),
        C("id_medico", "integer", NONE, ref=("medicos", "id_medico")),
        C("fecha_hora", "timestamp", NONE, stamps("2023-01-02", "2024-12-20")),
        C("motivo_consulta", "varchar(80)", SENSITIVE, pick(MOTIVOS_ES)),
        C("diagnostico_cie10", "varchar(8)", SENSITIVE, lambda r: r.rng.choice(ICD10_ES)[0]),
        C(
            "diagnostico_descripcion",
            "varchar(120)",
            SENSITIVE,
            lambda r: dict(ICD10_ES)[r.v["diagnostico_cie10"]],
        ),
        C("tratamiento", "varchar(120)", SENSITIVE, pick(TRATAMIENTOS_ES)),
        C("estado", "varchar(16)", NONE, pick(("programada", "realizada", "cancelada", "no_presentado"))),
        C("sala", "varchar(20)", NONE, lambda r: f"Consulta {r.rng.randint(1, 14)}"),
    )
    facturas = T(
        "facturas",
        C("id_factura", "integer", NONE, seq(), pk=True),
        C("id_cita", "integer", NONE, ref=("citas", "id_cita")),
        C("num_factura", "varchar(14)", NONE, code("FC-2024-{:05d}")),
        C("importe", "numeric(8,2)", NONE, money(35, 420)),
        C("moneda", "char(3)", NONE, lambda r: "EUR"),
        C("iban_pagador", "varchar(34)", IBAN, maybe(F("iban"), 0.3)),
        C(
            "titular_cuenta",
            "varchar(80)",
            PERSON,
            lambda r: f"{r.fake.first_name()} {r.fake.last_name()}" if r.v["iban_pagador"] else None,
        ),
        C("fecha_emision", "date", NONE, dates("2023-01-02", "2024-12-31")),
    )
    return CorpusSchema(
        "clinica_es",
        TUNING,
        "es_ES",
        "es",
        "snake_case Spanish",
        "healthcare (Spain): patients, doctors, appointments with diagnoses, invoices",
        seed=1104,
        tables=(pacientes, medicos, citas, facturas),
    )


SICK_REASONS_UK = (
    "Back pain",
    "Influenza",
    "Stress / anxiety",
    "Migraine",
    "Gastroenteritis",
    "Surgery - knee",
    "COVID-19",
    "Depression",
    "Chest infection",
)
BENEFIT_PLANS_UK = ("Bupa Health Silver", "Vitality Core", "Cycle to Work", "Life Cover 4x", "Dental Plus")
NOK_RELATIONS = ("Spouse", "Partner", "Mother", "Father", "Sister", "Brother", "Son", "Daughter", "Friend")
DEPTS_UK = ("FIN", "HR", "OPS", "LOG", "IT", "SAL", "CS")


def _uk_tax_code(r: Row) -> str:
    return r.rng.choice(("1257L", "1257L", "1257L", "BR", "D0", "K475", "1100L", "S1257L", "C1257L"))


def _hrpay_uk() -> CorpusSchema:
    """A UK payroll and HR-benefits package, lower_snake abbreviations (en_GB). Written for the tuning
    set without looking at the held-out schemas."""
    emp = T(
        "emp_mast",
        C("emp_no", "varchar(8)", NONE, code("E{:06d}", 10001), pk=True),
        C("fore_nm", "varchar(30)", FIRST, F("first_name")),
        C("mid_nm", "varchar(30)", FIRST, maybe(F("first_name"), 0.6)),
        C("surname", "varchar(30)", LAST, F("last_name")),
        C("known_as", "varchar(30)", FIRST, maybe(F("first_name"), 0.7)),
        C("ni_no", "varchar(13)", SSN, nino),
        C("dob", "date", DOB, birth_dates()),
        C("gender", "char(1)", OTHER, wpick({"F": 0.5, "M": 0.49, "X": 0.01})),
        C("marital_stat", "char(1)", OTHER, pick("SMDWC")),
        C("hm_addr_ln1", "varchar(60)", ADDRESS, street),
        C("hm_addr_ln2", "varchar(60)", ADDRESS, maybe(F("secondary_address"), 0.6)),
        C("hm_town", "varchar(40)", CITY, F("city")),
        C("hm_cnty", "varchar(40)", ADDRESS, F("county")),
        C("hm_pcode", "varchar(9)", POSTAL, F("postcode")),
        C("hm_tel_no", "varchar(20)", PHONE, maybe(F("phone_number"), 0.4)),
        C("mob_no", "varchar(20)", PHONE, F("cellphone_number")),
        C("pers_email", "varchar(80)", EMAIL, name_email("fore_nm", "surname")),
        C("wrk_ext", "varchar(4)", NONE, extension),
        C("start_dt", "date", NONE, dates("2001-01-01", "2024-10-31")),
        C("leave_dt", "date", NONE, maybe(dates("2015-01-01", "2024-12-31"), 0.85)),
        C("dept_cd", "varchar(4)", NONE, pick(DEPTS_UK)),
        C("job_ttl", "varchar(40)", NONE, pick(JOB_TITLES_EN)),
        C("tax_cd", "varchar(8)", NONE, _uk_tax_code),
        C("ni_cat", "char(1)", NONE, wpick({"A": 0.85, "B": 0.03, "C": 0.07, "M": 0.03, "Z": 0.02})),
        C("pay_freq", "char(1)", NONE, wpick({"M": 0.8, "W": 0.15, "F": 0.05})),
        C("ann_sal", "numeric(10,2)", SENSITIVE, money(21000, 98000)),
        C("nok_name", "varchar(60)", PERSON, F("name")),
        C("nok_rel", "varchar(12)", NONE, pick(NOK_RELATIONS)),
        C("nok_tel", "varchar(20)", PHONE, F("phone_number")),
    )
    bank = T(
        "emp_bank",
        C("bank_id", "integer", NONE, seq(), pk=True),
        C("emp_no", "varchar(8)", NONE, ref=("emp_mast", "emp_no")),
        C(
            "bank_sort_cd",
            "char(8)",
            NONE,
            lambda r: f"{digit_string(r, 2)}-{digit_string(r, 2)}-{digit_string(r, 2)}",
        ),
        C("acct_no", "char(8)", OTHER, digits(8)),
        C(
            "acct_nm",
            "varchar(60)",
            PERSON,
            lambda r: f"{r.fake.first_name()[:1]} {r.fake.last_name()}".upper(),
        ),
        C(
            "bsoc_roll_no",
            "varchar(18)",
            OTHER,
            maybe(lambda r: f"{digit_string(r, 4)}/{digit_string(r, 6)}", 0.9),
        ),
    )
    pay = T(
        "pay_hist",
        C("pay_id", "integer", NONE, seq(), pk=True),
        C("emp_no", "varchar(8)", NONE, ref=("emp_mast", "emp_no")),
        C("pay_dt", "date", NONE, lambda r: date(2024, r.rng.randint(1, 12), 28)),
        C("tax_period", "smallint", NONE, ints(1, 12)),
        C("gross_pay", "numeric(9,2)", SENSITIVE, money(1500, 8200)),
        C(
            "net_pay",
            "numeric(9,2)",
            SENSITIVE,
            from_row(lambda v: (v["gross_pay"] * Decimal("0.74")).quantize(Decimal("0.01"))),
        ),
        C(
            "tax_paid",
            "numeric(9,2)",
            SENSITIVE,
            from_row(lambda v: (v["gross_pay"] * Decimal("0.16")).quantize(Decimal("0.01"))),
        ),
        C(
            "ee_nic",
            "numeric(8,2)",
            SENSITIVE,
            from_row(lambda v: (v["gross_pay"] * Decimal("0.08")).quantize(Decimal("0.01"))),
        ),
        C("pens_ee_contrib", "numeric(8,2)", SENSITIVE, money(40, 400)),
        C("ytd_gross", "numeric(10,2)", SENSITIVE, money(1500, 90000)),
        C("paye_ref", "varchar(14)", NONE, lambda r: "120/HA" + digit_string(r, 5)),
        C("cost_ctr", "varchar(6)", NONE, code("CC{:04d}", 3100)),
    )
    absence = T(
        "absence",
        C("abs_id", "integer", NONE, seq(), pk=True),
        C("emp_no", "varchar(8)", NONE, ref=("emp_mast", "emp_no")),
        C("abs_start_dt", "date", NONE, dates("2023-01-01", "2024-12-31")),
        C("abs_days", "numeric(4,1)", NONE, lambda r: Decimal(r.rng.randint(1, 30)) / 2),
        C("abs_rsn", "varchar(40)", SENSITIVE, pick(SICK_REASONS_UK)),
        C("fit_note_flg", "char(1)", NONE, wpick({"N": 0.7, "Y": 0.3})),
    )
    benefits = T(
        "benefit_enrol",
        C("enrol_id", "integer", NONE, seq(), pk=True),
        C("emp_no", "varchar(8)", NONE, ref=("emp_mast", "emp_no")),
        C("ben_plan", "varchar(30)", NONE, pick(BENEFIT_PLANS_UK)),
        C("dep_first_nm", "varchar(30)", FIRST, F("first_name")),
        C("dep_dob", "date", DOB, dates("1950-01-01", "2023-12-31")),
        C("cover_lvl", "varchar(12)", NONE, pick(("Single", "Couple", "Family"))),
        C("eff_dt", "date", NONE, dates("2020-01-01", "2024-12-31")),
    )
    ess = T(
        "ess_login",
        C("login_id", "integer", NONE, seq(), pk=True),
        C("emp_no", "varchar(8)", NONE, ref=("emp_mast", "emp_no")),
        C("usr_nm", "varchar(30)", USER, lambda r: f"{r.fake.user_name()}{r.i}"),
        C("pwd_hash", "varchar(72)", PASSWORD, bcrypt_hash),
        C("memorable_word", "varchar(20)", PASSWORD, lambda r: r.fake.word()),
        C("mothers_maiden_nm", "varchar(30)", LAST, F("last_name")),
        C("last_login_ip", "varchar(45)", IP, F("ipv4_public")),
        C("failed_logins", "smallint", NONE, ints(0, 4)),
    )
    return CorpusSchema(
        "hrpay_uk",
        TUNING,
        "en_GB",
        "en",
        "lower_snake abbreviations",
        "UK payroll and HR benefits: employees, bank details, payslips, absences, dependants",
        seed=1905,
        tables=(emp, bank, pay, absence, benefits, ess),
    )


SHOP_WORDS = ("Goods", "Supply Co", "Outfitters", "Trading", "Emporium", "Direct", "Studio", "Works")


def _upc(r: Row) -> str:
    body = digit_string(r, 11)
    odd = sum(int(d) for d in body[0::2])
    even = sum(int(d) for d in body[1::2])
    return body + str((10 - (odd * 3 + even) % 10) % 10)


def _sellerhub_us() -> CorpusSchema:
    """A US marketplace back office: sellers, listings, buyers, orders. Most names, addresses and mails
    belong to businesses (en_US). Written for the tuning set without looking at the held-out schemas."""
    sellers = T(
        "sellers",
        C("seller_id", "integer", NONE, seq(), pk=True),
        C(
            "shop_name",
            "varchar(60)",
            NONE,
            lambda r: f"{r.rng.choice(BRANDS_EN)} {r.rng.choice(SHOP_WORDS)}",
        ),
        C("legal_business_name", "varchar(80)", NONE, F("company")),
        C("ein", "char(10)", NONE, F("ein")),
        C("support_email", "varchar(80)", NONE, lambda r: f"support@{company_domain(r, r.v['shop_name'])}"),
        C(
            "support_phone",
            "varchar(24)",
            NONE,
            lambda r: "1-800-" + digit_string(r, 3) + "-" + digit_string(r, 4),
        ),
        C("warehouse_address", "varchar(80)", NONE, street),
        C("warehouse_city", "varchar(40)", NONE, F("city")),
        C("warehouse_state", "char(2)", NONE, pick(US_STATES)),
        C("warehouse_zip", "char(5)", NONE, F("postcode")),
        C("return_address_line1", "varchar(80)", NONE, street),
        C("store_lat", "numeric(9,6)", NONE, coordinate(25.0, 48.9)),
        C("store_lng", "numeric(9,6)", NONE, coordinate(-124.0, -67.0)),
        C(
            "storefront_url",
            "varchar(120)",
            NONE,
            lambda r: f"https://market.example.com/shop/{url_slug(r.v['shop_name'])}",
        ),
        C("logo_url", "varchar(120)", NONE, lambda r: f"https://cdn.example.com/logos/{r.i:05d}.png"),
        C("owner_full_name", "varchar(60)", PERSON, F("name")),
        C("owner_mobile", "varchar(24)", PHONE, F("phone_number")),
        C("seller_rating", "numeric(2,1)", NONE, lambda r: Decimal(r.rng.randint(30, 50)) / 10),
    )
    listings = T(
        "listings",
        C("listing_id", "integer", NONE, seq(), pk=True),
        C("seller_id", "integer", NONE, ref=("sellers", "seller_id")),
        C("listing_title", "varchar(120)", NONE, combine(BRANDS_EN, PRODUCT_ADJ_EN, PRODUCT_NOUN_EN)),
        C("sku", "varchar(20)", NONE, lambda r: f"SKU-{r.rng.randint(1000, 9999)}-{r.i:04d}"),
        C("upc", "char(12)", NONE, _upc),
        C(
            "asin",
            "char(10)",
            NONE,
            lambda r: "B0" + "".join(r.rng.choice(string.ascii_uppercase + string.digits) for _ in range(8)),
        ),
        C("brand", "varchar(40)", NONE, pick(BRANDS_EN)),
        C(
            "image_url",
            "varchar(160)",
            NONE,
            lambda r: f"https://cdn.example.com/img/{r.v['sku'].lower()}_1.jpg",
        ),
        C("list_price", "numeric(9,2)", NONE, money(5, 900)),
        C("item_condition", "varchar(12)", NONE, pick(("new", "used_good", "refurbished"))),
    )
    buyers = T(
        "buyers",
        C("buyer_id", "integer", NONE, seq(), pk=True),
        C("first_name", "varchar(40)", FIRST, F("first_name")),
        C("last_name", "varchar(40)", LAST, F("last_name")),
        C(
            "username",
            "varchar(40)",
            USER,
            lambda r: login_name(r, r.v["first_name"], r.v["last_name"]) + str(r.i),
        ),
        C("email", "varchar(80)", EMAIL, name_email("first_name", "last_name")),
        C("phone", "varchar(24)", PHONE, maybe(F("phone_number"), 0.3)),
        C("birthday", "date", DOB, maybe(birth_dates(), 0.5)),
        C("last_login_ip", "varchar(45)", IP, F("ipv4_public")),
        C("password_hash", "varchar(72)", PASSWORD, bcrypt_hash),
        C("created_at", "timestamptz", NONE, stamps("2018-01-01", "2024-12-31")),
    )
    addresses = T(
        "buyer_addresses",
        C("address_id", "integer", NONE, seq(), pk=True),
        C("buyer_id", "integer", NONE, ref=("buyers", "buyer_id")),
        C("recipient_name", "varchar(60)", PERSON, F("name")),
        C("street_line1", "varchar(80)", ADDRESS, street),
        C("street_line2", "varchar(40)", ADDRESS, maybe(F("secondary_address"), 0.7)),
        C("city", "varchar(40)", CITY, F("city")),
        C("state", "char(2)", ADDRESS, pick(US_STATES)),
        C("zip", "varchar(10)", POSTAL, F("postcode")),
        C("country_code", "char(2)", COUNTRY, home_country("US", ("CA", "MX", "GB"), 0.95)),
        C("is_default", "boolean", NONE, lambda r: r.rng.random() < 0.7),
    )
    orders = T(
        "orders",
        C("order_id", "integer", NONE, seq(700001), pk=True),
        C("buyer_id", "integer", NONE, ref=("buyers", "buyer_id")),
        C("listing_id", "integer", NONE, ref=("listings", "listing_id")),
        C("quantity", "integer", NONE, ints(1, 5)),
        C("order_total", "numeric(10,2)", NONE, money(5, 2500)),
        C("currency", "char(3)", NONE, lambda r: "USD"),
        C("carrier", "varchar(12)", NONE, pick(("UPS", "USPS", "FedEx", "DHL"))),
        C("tracking_number", "varchar(22)", NONE, lambda r: "1Z" + digit_string(r, 16)),
        C("ship_from_zip", "char(5)", NONE, F("postcode")),
        C("placed_at", "timestamptz", NONE, stamps("2022-01-01", "2024-12-31")),
    )
    cards = T(
        "buyer_payment_methods",
        C("pm_id", "integer", NONE, seq(), pk=True),
        C("buyer_id", "integer", NONE, ref=("buyers", "buyer_id")),
        C("card_holder_name", "varchar(60)", PERSON, F("name")),
        C("card_number", "varchar(19)", CARD, card_number),
        C("card_last4", "char(4)", NONE, from_row(lambda v: v["card_number"][-4:])),
        C("card_exp", "char(5)", NONE, card_expiry),
        C("cvv", "varchar(4)", PASSWORD, lambda r: digit_string(r, 3)),
        C("billing_zip", "varchar(10)", POSTAL, F("postcode")),
        C("processor_token", "varchar(40)", NONE, lambda r: "pm_" + hex_digest(r, 12)),
    )
    return CorpusSchema(
        "sellerhub_us",
        TUNING,
        "en_US",
        "en",
        "snake_case English",
        "marketplace: sellers (businesses), listings, buyers and their addresses, orders",
        seed=1906,
        tables=(sellers, listings, buyers, addresses, orders, cards),
    )


SPARTEN_KURZ = ("KFZ", "HR", "PHV", "RS", "UNF", "WG", "PKV")
DIAGNOSEN_KURZ = (
    ("M54.5", "Kreuzschmerz"),
    ("S82.0", "Fraktur der Patella"),
    ("J20.9", "Akute Bronchitis"),
    ("F43.2", "Anpassungsstörung"),
    ("I10", "Essentielle Hypertonie"),
    ("S93.4", "Verstauchung des oberen Sprunggelenkes"),
    ("E11.9", "Diabetes mellitus Typ 2"),
)
SCHADENARTEN = (
    "Glasbruch",
    "Leitungswasser",
    "Auffahrunfall",
    "Einbruchdiebstahl",
    "Sturmschaden",
    "Arztrechnung",
)


def _assekuranz_de() -> CorpusSchema:
    """A German insurer's policy and claims system, abbreviated German names (de_DE). Written for the
    tuning set without looking at the held-out schemas."""
    vermittler = T(
        "vermittler",
        C("vm_nr", "integer", NONE, seq(5001), pk=True),
        C("firma", "varchar(60)", NONE, F("company")),
        C("str", "varchar(60)", NONE, street),
        C("plz", "char(5)", NONE, F("postcode")),
        C("ort", "varchar(40)", NONE, F("city")),
        C("tel_zentrale", "varchar(25)", NONE, F("phone_number")),
        C("email_info", "varchar(60)", NONE, lambda r: f"info@{company_domain(r, r.v['firma'])}"),
        C("ansprechp", "varchar(60)", PERSON, lambda r: f"{r.fake.first_name()} {r.fake.last_name()}"),
    )
    vertrag = T(
        "vertrag",
        C("vers_nr", "varchar(14)", NONE, code("VS-{:08d}", 30000001), pk=True),
        C("sparte", "varchar(4)", NONE, pick(SPARTEN_KURZ)),
        C("vn_anrede", "varchar(5)", OTHER, pick(("Herr", "Frau"))),
        C("vn_vorname", "varchar(40)", FIRST, F("first_name")),
        C("vn_name", "varchar(40)", LAST, F("last_name")),
        C("gebdat", "date", DOB, birth_dates()),
        C("anschr", "varchar(60)", ADDRESS, street),
        C("plz", "char(5)", POSTAL, F("postcode")),
        C("ort", "varchar(40)", CITY, F("city")),
        C("staatsang", "varchar(3)", COUNTRY, home_country("DEU", ("TUR", "POL", "ITA", "AUT"))),
        C("tel", "varchar(25)", PHONE, maybe(F("phone_number"), 0.3)),
        C("mobil", "varchar(25)", PHONE, phone_de_mobile),
        C("email", "varchar(60)", EMAIL, maybe(name_email("vn_vorname", "vn_name"), 0.3)),
        C("iban", "varchar(34)", IBAN, F("iban")),
        C("bic", "varchar(11)", NONE, F("swift")),
        C("kto_inh", "varchar(60)", PERSON, F("name")),
        C("sv_nr", "varchar(16)", SSN, lambda r: rv_nummer(r, r.v["gebdat"], r.v["vn_name"])),
        C("kvnr", "char(10)", OTHER, kv_nummer),
        C("beitrag", "numeric(8,2)", NONE, money(4, 650)),
        C("zahlweise", "char(1)", NONE, pick("MVHJ")),
        C("beginn_dat", "date", NONE, dates("2005-01-01", "2024-12-01")),
        C("vm_nr", "integer", NONE, ref=("vermittler", "vm_nr")),
        C("raucher", "boolean", SENSITIVE, lambda r: r.rng.random() < 0.25),
        C("konfession", "varchar(3)", SENSITIVE, wpick({"rk": 0.3, "ev": 0.25, "--": 0.45})),
    )
    schaden = T(
        "schaden",
        C("schadennr", "varchar(14)", NONE, code("S24-{:07d}", 1), pk=True),
        C("vers_nr", "varchar(14)", NONE, ref=("vertrag", "vers_nr")),
        C("schad_dat", "date", NONE, dates("2022-01-01", "2024-12-31")),
        C("schadenart", "varchar(30)", NONE, pick(SCHADENARTEN)),
        C("schadenhoehe", "numeric(10,2)", NONE, money(50, 45000)),
        C("diagnose", "varchar(60)", SENSITIVE, maybe(lambda r: r.rng.choice(DIAGNOSEN_KURZ)[1], 0.5)),
        C("icd_cd", "varchar(6)", SENSITIVE, maybe(lambda r: r.rng.choice(DIAGNOSEN_KURZ)[0], 0.5)),
        C(
            "beh_arzt",
            "varchar(60)",
            PERSON,
            maybe(lambda r: f"Dr. {r.fake.first_name()} {r.fake.last_name()}", 0.5),
        ),
        C(
            "sb_kz",
            "varchar(4)",
            NONE,
            lambda r: "".join(r.rng.choice(string.ascii_uppercase) for _ in range(3)),
        ),
        C("status", "varchar(12)", NONE, pick(("offen", "reguliert", "abgelehnt", "in Prüfung"))),
    )
    return CorpusSchema(
        "assekuranz_de",
        TUNING,
        "de_DE",
        "de",
        "abbreviated German",
        "German insurer: brokers, policies with policyholder and bank data, claims with diagnoses",
        seed=1907,
        tables=(vermittler, vertrag, schaden),
    )


RACES_US = ("White", "Black or African American", "Asian", "American Indian or Alaska Native", "Other")
ETHNICITIES_US = ("Hispanic or Latino", "Not Hispanic or Latino", "Declined")
PAYERS_US = ("Aetna", "Blue Cross Blue Shield", "Cigna", "UnitedHealthcare", "Medicare", "Medicaid", "Humana")
ALLERGENS_EN = ("Penicillin", "Peanuts", "Latex", "Sulfa drugs", "Shellfish", "No known allergies")
SIGS_EN = ("1 tab PO daily", "1 tab PO BID", "2 puffs q4h PRN", "1 cap PO TID x10d", "10 units SC qhs")


def _ehr_us() -> CorpusSchema:
    """A US hospital EHR extract: patients, providers, encounters, medication orders (en_US). Written
    for the tuning set without looking at the held-out schemas."""
    patient = T(
        "patient",
        C("patient_id", "integer", NONE, seq(), pk=True),
        C("mrn", "varchar(10)", OTHER, lambda r: f"MR{r.i + 4000000:08d}"),
        C("pt_first_nm", "varchar(40)", FIRST, F("first_name")),
        C("pt_mid_init", "char(1)", FIRST, lambda r: r.fake.first_name()[:1]),
        C("pt_last_nm", "varchar(40)", LAST, F("last_name")),
        C("birth_dt", "date", DOB, birth_dates()),
        C("ssn", "char(11)", SSN, maybe(F("ssn"), 0.1)),
        C("sex_cd", "char(1)", OTHER, pick("FMU")),
        C("race", "varchar(40)", SENSITIVE, pick(RACES_US)),
        C("ethnicity", "varchar(30)", SENSITIVE, pick(ETHNICITIES_US)),
        C("addr_line1", "varchar(80)", ADDRESS, street),
        C("city", "varchar(40)", CITY, F("city")),
        C("state_cd", "char(2)", ADDRESS, pick(US_STATES)),
        C("zip", "char(5)", POSTAL, F("postcode")),
        C("home_phone", "varchar(24)", PHONE, maybe(F("phone_number"), 0.3)),
        C("cell_phone", "varchar(24)", PHONE, F("phone_number")),
        C("email", "varchar(80)", EMAIL, maybe(name_email("pt_first_nm", "pt_last_nm"), 0.4)),
        C("payer_nm", "varchar(40)", NONE, pick(PAYERS_US)),
        C("ins_member_id", "varchar(14)", OTHER, lambda r: r.rng.choice("WXYZ") + digit_string(r, 9)),
        C("ins_group_no", "varchar(10)", NONE, lambda r: "GRP" + digit_string(r, 6)),
        C("emerg_contact_nm", "varchar(60)", PERSON, F("name")),
        C("emerg_contact_rel", "varchar(12)", NONE, pick(NOK_RELATIONS)),
        C("emerg_contact_ph", "varchar(24)", PHONE, F("phone_number")),
    )
    provider = T(
        "provider",
        C("provider_id", "integer", NONE, seq(), pk=True),
        C("npi", "char(10)", OTHER, npi),
        C("prov_nm", "varchar(60)", PERSON, lambda r: f"{r.fake.last_name()}, {r.fake.first_name()} MD"),
        C(
            "specialty",
            "varchar(40)",
            NONE,
            pick(("Internal Medicine", "Cardiology", "Pediatrics", "Emergency Medicine", "Orthopedics")),
        ),
        C(
            "dept_nm",
            "varchar(40)",
            NONE,
            pick(("Main Campus ED", "North Clinic", "Inpatient 4W", "Outpatient Surgery")),
        ),
    )
    encounter = T(
        "encounter",
        C("enc_id", "integer", NONE, seq(900001), pk=True),
        C("patient_id", "integer", NONE, ref=("patient", "patient_id")),
        C("attending_prov_id", "integer", NONE, ref=("provider", "provider_id")),
        C("admit_dt", "timestamp", NONE, stamps("2023-01-01", "2024-12-31")),
        C("disch_dt", "timestamp", NONE, lambda r: r.v["admit_dt"] + timedelta(hours=r.rng.randint(2, 240))),
        C("enc_type", "varchar(4)", NONE, pick(("ED", "IP", "OP", "OBS"))),
        C("chief_complaint", "varchar(60)", SENSITIVE, pick(COMPLAINTS_EN)),
        C("dx_cd", "varchar(8)", SENSITIVE, lambda r: r.rng.choice(ICD10_EN)[0]),
        C("dx_desc", "varchar(80)", SENSITIVE, lambda r: dict(ICD10_EN)[r.v["dx_cd"]]),
        C("room_no", "varchar(6)", NONE, lambda r: f"{r.rng.randint(1, 6)}{r.rng.randint(1, 40):02d}"),
    )
    rx = T(
        "med_order",
        C("rx_id", "integer", NONE, seq(), pk=True),
        C("enc_id", "integer", NONE, ref=("encounter", "enc_id")),
        C("drug_nm", "varchar(60)", SENSITIVE, lambda r: r.rng.choice(DRUGS_EN)[0]),
        C("ndc", "varchar(13)", SENSITIVE, lambda r: dict(DRUGS_EN)[r.v["drug_nm"]]),
        C("sig", "varchar(30)", SENSITIVE, pick(SIGS_EN)),
        C("allergy_list", "varchar(40)", SENSITIVE, pick(ALLERGENS_EN)),
        C("order_dt", "timestamp", NONE, stamps("2023-01-01", "2024-12-31")),
    )
    return CorpusSchema(
        "ehr_us",
        TUNING,
        "en_US",
        "en",
        "abbreviated snake_case English",
        "US hospital EHR: patients, providers (clinicians), encounters with diagnoses, medication orders",
        seed=1908,
        tables=(patient, provider, encounter, rx),
    )


NL_PREFIXES = ("van", "de", "van der", "van den", "van de", "ter", "'t", "den")


def _nl_surname_parts(r: Row) -> tuple[str, str]:
    """(tussenvoegsel, achternaam) of a Dutch surname: 'van der Heijden' -> ('van der', 'Heijden')."""
    full = r.fake.last_name()
    for prefix in sorted(NL_PREFIXES, key=len, reverse=True):
        if full.startswith(prefix + " "):
            return prefix, full[len(prefix) + 1 :]
    return "", full


def _initials(r: Row) -> str:
    return "".join(f"{r.fake.first_name()[0]}." for _ in range(r.rng.choice((1, 1, 2, 2, 3))))


def _woningcorp_nl() -> CorpusSchema:
    """A Dutch housing association: tenants, dwellings, leases, repair requests, staff, suppliers; Dutch
    lower_snake words (nl_NL). Written for the tuning set without looking at the held-out schemas."""
    huurder = T(
        "huurder",
        C("huurder_nr", "varchar(10)", NONE, code("H{:07d}", 100001), pk=True),
        C("voorletters", "varchar(12)", FIRST, _initials),
        C("roepnaam", "varchar(30)", FIRST, F("first_name")),
        C("tussenvoegsel", "varchar(10)", LAST, lambda r: _nl_surname_parts(r)[0] or None),
        C("achternaam", "varchar(40)", LAST, lambda r: _nl_surname_parts(r)[1]),
        C("geslacht", "char(1)", OTHER, wpick({"V": 0.5, "M": 0.48, "O": 0.02})),
        C("geboortedatum", "date", DOB, birth_dates()),
        C("bsn", "char(9)", SSN, F("ssn")),
        C("straatnaam", "varchar(50)", ADDRESS, F("street_name")),
        C("huisnummer", "integer", ADDRESS, ints(1, 240)),
        C("huisnummer_toevoeging", "varchar(6)", ADDRESS, maybe(pick(("A", "B", "bis", "2hg", "1")), 0.7)),
        C("postcode", "varchar(7)", POSTAL, F("postcode")),
        C("woonplaats", "varchar(40)", CITY, F("city")),
        C("telefoon_vast", "varchar(20)", PHONE, maybe(F("phone_number"), 0.5)),
        C("telefoon_mobiel", "varchar(20)", PHONE, phone_nl_mobile),
        C(
            "e_mailadres",
            "varchar(80)",
            EMAIL,
            lambda r: person_email(r, r.v["roepnaam"], r.v["achternaam"]),
        ),
        C("iban", "varchar(34)", IBAN, F("iban")),
        C(
            "tenaamstelling",
            "varchar(60)",
            PERSON,
            lambda r: " ".join(p for p in (r.v["voorletters"], r.v["tussenvoegsel"], r.v["achternaam"]) if p),
        ),
        C("bruto_jaarinkomen", "numeric(10,2)", SENSITIVE, money(14000, 62000)),
        C("aantal_bewoners", "smallint", NONE, ints(1, 6)),
        C("inschrijfdatum", "date", NONE, dates("2005-01-01", "2024-06-30")),
    )
    woning = T(
        "woning",
        C("woning_id", "integer", NONE, seq(), pk=True),
        C("vhe_nummer", "varchar(12)", NONE, code("VHE-{:06d}", 20001)),
        C("complex_naam", "varchar(40)", NONE, pick(("De Lindenhof", "Parkzicht", "Het Baken", "Molenwijk"))),
        C("bouwjaar", "smallint", NONE, ints(1925, 2021)),
        C("energielabel", "varchar(4)", NONE, pick(("A++", "A", "B", "C", "D", "E"))),
        C("oppervlakte_m2", "integer", NONE, ints(35, 140)),
        C("kale_huur", "numeric(8,2)", NONE, money(480, 1100)),
        C("woz_waarde", "integer", NONE, ints(150000, 420000)),
    )
    contract = T(
        "huurcontract",
        C("contract_nr", "varchar(12)", NONE, code("HC{:08d}", 5001), pk=True),
        C("huurder_nr", "varchar(10)", NONE, ref=("huurder", "huurder_nr")),
        C("woning_id", "integer", NONE, ref=("woning", "woning_id")),
        C("ingangsdatum", "date", NONE, dates("2008-01-01", "2024-06-30")),
        C("einddatum", "date", NONE, maybe(dates("2015-01-01", "2025-06-30"), 0.8)),
        C("opzegreden", "varchar(30)", NONE, maybe(pick(("verhuizing", "koopwoning", "anders")), 0.8)),
        C("medehuurder_naam", "varchar(60)", PERSON, maybe(F("name"), 0.6)),
        C("medehuurder_geboortedatum", "date", DOB, maybe(birth_dates(), 0.6)),
    )
    melding = T(
        "reparatieverzoek",
        C("melding_id", "integer", NONE, seq(), pk=True),
        C("contract_nr", "varchar(12)", NONE, ref=("huurcontract", "contract_nr")),
        C("meldingsdatum", "timestamp", NONE, stamps("2023-01-01", "2024-12-31")),
        C(
            "omschrijving",
            "varchar(200)",
            NONE,
            pick(
                ("lekkage kraan badkamer", "cv-ketel doet het niet", "deurslot klemt", "schimmel slaapkamer")
            ),
        ),
        C("urgentie", "varchar(10)", NONE, pick(("laag", "normaal", "spoed"))),
        C("contact_telefoon", "varchar(20)", PHONE, phone_nl_mobile),
    )
    medewerker = T(
        "medewerker",
        C("medewerker_id", "integer", NONE, seq(), pk=True),
        C("volledige_naam", "varchar(60)", PERSON, F("name")),
        C("gebruikersnaam", "varchar(40)", USER, lambda r: f"{r.fake.user_name()}{r.i}"),
        C("wachtwoord_hash", "varchar(100)", PASSWORD, pbkdf2_hash),
        C("afdeling", "varchar(30)", NONE, pick(("Verhuur", "Onderhoud", "Incasso", "Klantcontact"))),
        C("toestelnummer", "varchar(4)", NONE, extension),
        C("laatste_login_ip", "varchar(45)", IP, F("ipv4_public")),
    )
    leverancier = T(
        "leverancier",
        C("leverancier_id", "integer", NONE, seq(), pk=True),
        C("bedrijfsnaam", "varchar(60)", NONE, F("company")),
        C("kvk_nummer", "char(8)", NONE, digits(8, first_nonzero=True)),
        C("btw_nummer", "varchar(14)", NONE, lambda r: f"NL{digit_string(r, 9)}B01"),
        C("vestigingsplaats", "varchar(40)", NONE, F("city")),
        C("algemeen_telefoonnummer", "varchar(20)", NONE, F("phone_number")),
        C("contactpersoon", "varchar(60)", PERSON, F("name")),
        C("website", "varchar(80)", NONE, lambda r: f"https://www.{url_slug(r.v['bedrijfsnaam'])}.nl"),
    )
    return CorpusSchema(
        "woningcorp_nl",
        TUNING,
        "nl_NL",
        "nl",
        "lower_snake Dutch words",
        "Dutch housing association: tenants, dwellings, leases, repairs, staff, suppliers",
        seed=2207,
        tables=(huurder, woning, contract, melding, medewerker, leverancier),
    )


def _autohaus_de() -> CorpusSchema:
    """A German car dealership and workshop: customers, vehicles, workshop orders, financing, staff;
    German PascalCase (de_DE). Written for the tuning set without looking at the held-out schemas."""
    kunde = T(
        "Kunde",
        C("KundenNr", "integer", NONE, seq(40001), pk=True),
        C("Vorname", "varchar(30)", FIRST, F("first_name")),
        C("Nachname", "varchar(40)", LAST, F("last_name")),
        C("GebDatum", "date", DOB, birth_dates()),
        C("Strasse", "varchar(60)", ADDRESS, F("street_address")),
        C("PLZ", "char(5)", POSTAL, F("postcode")),
        C("Ort", "varchar(40)", CITY, F("city")),
        C(
            "Land",
            "varchar(30)",
            COUNTRY,
            home_country("Deutschland", ("Österreich", "Polen", "Niederlande")),
        ),
        C("TelPrivat", "varchar(20)", PHONE, maybe(F("phone_number"), 0.4)),
        C("Handy", "varchar(20)", PHONE, phone_de_mobile),
        C("EMail", "varchar(80)", EMAIL, name_email("Vorname", "Nachname")),
        C(
            "FuehrerscheinNr",
            "varchar(11)",
            OTHER,
            lambda r: "B" + digit_string(r, 3) + r.fake.bothify("??###?#"),
        ),
        C("Firmenname", "varchar(60)", NONE, maybe(F("company"), 0.85)),
        C("KundeSeit", "date", NONE, dates("2004-01-01", "2024-06-30")),
        C("Werbesperre", "boolean", NONE, lambda r: r.rng.random() < 0.3),
    )
    fahrzeug = T(
        "Fahrzeug",
        C("FahrzeugId", "integer", NONE, seq(), pk=True),
        C("KundenNr", "integer", NONE, ref=("Kunde", "KundenNr")),
        C("FIN", "char(17)", OTHER, F("vin")),
        C("Kennzeichen", "varchar(12)", OTHER, F("license_plate")),
        C("Marke", "varchar(20)", NONE, pick(("VW", "Audi", "Skoda", "Seat", "Cupra"))),
        C("Modell", "varchar(30)", NONE, pick(("Golf", "Passat", "A4", "Octavia", "Ibiza", "Tiguan"))),
        C("Erstzulassung", "date", NONE, dates("2010-01-01", "2024-06-30")),
        C("KmStand", "integer", NONE, ints(1000, 240000)),
    )
    auftrag = T(
        "Werkstattauftrag",
        C("AuftragNr", "integer", NONE, seq(700001), pk=True),
        C("FahrzeugId", "integer", NONE, ref=("Fahrzeug", "FahrzeugId")),
        C("Annahme", "timestamp", NONE, stamps("2023-01-01", "2024-12-31")),
        C("Serviceberater", "varchar(60)", PERSON, F("name")),
        C("Arbeitswerte", "smallint", NONE, ints(1, 60)),
        C("Rechnungsbetrag", "numeric(9,2)", NONE, money(60, 4200)),
        C(
            "Bemerkung",
            "varchar(200)",
            NONE,
            pick(("Bremsen vorne erneuern", "Inspektion nach Herstellervorgabe", "Reifenwechsel", "HU/AU")),
        ),
    )
    finanzierung = T(
        "Finanzierung",
        C("VertragNr", "varchar(12)", NONE, code("FV{:08d}", 1001), pk=True),
        C("KundenNr", "integer", NONE, ref=("Kunde", "KundenNr")),
        C("IBAN", "varchar(34)", IBAN, F("iban")),
        C("Kontoinhaber", "varchar(60)", PERSON, F("name")),
        C("Arbeitgeber", "varchar(60)", NONE, F("company")),
        C("NettoEinkommen", "numeric(9,2)", SENSITIVE, money(1400, 6800)),
        C("SchufaScore", "smallint", SENSITIVE, ints(60, 99)),
        C("Monatsrate", "numeric(8,2)", NONE, money(90, 900)),
        C("LaufzeitMonate", "smallint", NONE, pick((24, 36, 48, 60, 72))),
    )
    mitarbeiter = T(
        "Mitarbeiter",
        C("MitarbeiterNr", "integer", NONE, seq(), pk=True),
        C("Benutzername", "varchar(30)", USER, lambda r: f"{r.fake.user_name()}{r.i}"),
        C("Kennwort", "varchar(72)", PASSWORD, bcrypt_hash),
        C("Durchwahl", "varchar(4)", NONE, extension),
        C("Filiale", "varchar(30)", NONE, pick(("München-Nord", "Augsburg", "Rosenheim"))),
        C("LetzteAnmeldungIP", "varchar(45)", IP, F("ipv4_private")),
    )
    return CorpusSchema(
        "autohaus_de",
        TUNING,
        "de_DE",
        "de",
        "PascalCase German",
        "German car dealership: customers, vehicles, workshop orders, financing, staff",
        seed=2208,
        tables=(kunde, fahrzeug, auftrag, finanzierung, mitarbeiter),
    )


def _council_gb() -> CorpusSchema:
    """A UK local council: residents, council tax, benefit claims, parking permits, staff, contractors;
    spelled-out lower_snake (en_GB). Written for the tuning set without looking at the held-out schemas."""
    resident = T(
        "resident",
        C("resident_id", "integer", NONE, seq(), pk=True),
        C("forename", "varchar(35)", FIRST, F("first_name")),
        C("surname", "varchar(35)", LAST, F("last_name")),
        C("date_of_birth", "date", DOB, birth_dates()),
        C("national_insurance_number", "varchar(13)", SSN, nino),
        C("email_address", "varchar(100)", EMAIL, name_email("forename", "surname")),
        C("telephone", "varchar(20)", PHONE, maybe(F("phone_number"), 0.3)),
        C("mobile", "varchar(20)", PHONE, F("cellphone_number")),
        C("preferred_contact", "varchar(10)", NONE, pick(("email", "post", "phone"))),
        C("uprn", "bigint", NONE, ints(100000000, 999999999)),
        C("address_line_1", "varchar(60)", ADDRESS, street),
        C("address_line_2", "varchar(60)", ADDRESS, maybe(F("secondary_address"), 0.6)),
        C("town", "varchar(40)", CITY, F("city")),
        C("postcode", "varchar(8)", POSTAL, F("postcode")),
    )
    ctax = T(
        "council_tax_account",
        C("account_ref", "varchar(10)", NONE, code("CT{:08d}", 300001), pk=True),
        C("resident_id", "integer", NONE, ref=("resident", "resident_id")),
        C("band", "char(1)", NONE, pick("ABCDEFGH")),
        C("single_person_discount", "boolean", NONE, lambda r: r.rng.random() < 0.3),
        C("annual_charge", "numeric(8,2)", NONE, money(1100, 3900)),
        C("balance_outstanding", "numeric(8,2)", NONE, money(0, 900)),
        C("payment_method", "varchar(12)", NONE, pick(("direct_debit", "card", "cash"))),
        C("bank_account_name", "varchar(60)", PERSON, F("name")),
        C(
            "sort_code",
            "char(8)",
            NONE,
            lambda r: f"{digit_string(r, 2)}-{digit_string(r, 2)}-{digit_string(r, 2)}",
        ),
        C("account_number", "char(8)", OTHER, digits(8)),
    )
    claim = T(
        "benefit_claim",
        C("claim_ref", "varchar(10)", NONE, code("HB{:07d}", 1), pk=True),
        C("resident_id", "integer", NONE, ref=("resident", "resident_id")),
        C("claim_type", "varchar(20)", NONE, pick(("housing_benefit", "ctr", "discretionary"))),
        C("weekly_income", "numeric(8,2)", SENSITIVE, money(80, 900)),
        C("household_size", "smallint", NONE, ints(1, 7)),
        C("disability_premium", "boolean", SENSITIVE, lambda r: r.rng.random() < 0.2),
        C("carer_name", "varchar(60)", PERSON, maybe(F("name"), 0.7)),
        C("decision_date", "date", NONE, dates("2022-01-01", "2024-12-31")),
    )
    permit = T(
        "parking_permit",
        C("permit_no", "varchar(10)", NONE, code("PP{:06d}", 1), pk=True),
        C("resident_id", "integer", NONE, ref=("resident", "resident_id")),
        C("vehicle_registration", "varchar(10)", OTHER, F("license_plate")),
        C("vehicle_make", "varchar(20)", NONE, pick(("Ford", "Vauxhall", "Toyota", "Nissan", "Kia"))),
        C("zone", "varchar(4)", NONE, pick(("A", "B", "C", "CPZ1"))),
        C("expiry_date", "date", NONE, dates("2024-01-01", "2026-12-31")),
        C("blue_badge_holder", "boolean", SENSITIVE, lambda r: r.rng.random() < 0.1),
    )
    staff = T(
        "staff_user",
        C("user_id", "integer", NONE, seq(), pk=True),
        C("login", "varchar(30)", USER, lambda r: f"{r.fake.user_name()}{r.i}"),
        C("password_hash", "varchar(72)", PASSWORD, bcrypt_hash),
        C("full_name", "varchar(60)", PERSON, F("name")),
        C("team", "varchar(30)", NONE, pick(("Revenues", "Benefits", "Parking", "Customer Services"))),
        C("extension", "varchar(4)", NONE, extension),
        C("last_login_ip", "varchar(45)", IP, F("ipv4_private")),
    )
    contractor = T(
        "contractor",
        C("contractor_id", "integer", NONE, seq(), pk=True),
        C("company_name", "varchar(60)", NONE, F("company")),
        C("companies_house_no", "char(8)", NONE, digits(8)),
        C("office_phone", "varchar(20)", NONE, F("phone_number")),
        C("office_postcode", "varchar(8)", NONE, F("postcode")),
        C("contact_name", "varchar(60)", PERSON, F("name")),
        C("contact_mobile", "varchar(20)", PHONE, F("cellphone_number")),
    )
    return CorpusSchema(
        "council_gb",
        TUNING,
        "en_GB",
        "en",
        "spelled-out lower_snake",
        "UK local council: residents, council tax, benefits, parking permits, staff, contractors",
        seed=2209,
        tables=(resident, ctax, claim, permit, staff, contractor),
    )


def _rideshare_us() -> CorpusSchema:
    """A US ride-hailing app: riders, drivers, trips, support tickets, admins, markets; camelCase
    (en_US). Written for the tuning set without looking at the held-out schemas."""
    market = T(
        "markets",
        C("marketId", "integer", NONE, seq(), pk=True),
        C("cityName", "varchar(40)", NONE, F("city")),
        C("stateCode", "char(2)", NONE, pick(US_STATES)),
        C("timeZone", "varchar(30)", NONE, pick(("America/New_York", "America/Chicago", "America/Denver"))),
        C("launchDate", "date", NONE, dates("2014-01-01", "2022-12-31")),
        C("centerLat", "numeric(9,6)", NONE, coordinate(25, 48)),
        C("centerLng", "numeric(9,6)", NONE, coordinate(-122, -71)),
    )
    riders = T(
        "riders",
        C("riderId", "uuid", NONE, uuid_of, pk=True),
        C("firstName", "varchar(40)", FIRST, F("first_name")),
        C("lastName", "varchar(40)", LAST, F("last_name")),
        C("email", "varchar(120)", EMAIL, name_email("firstName", "lastName")),
        C("phoneNumber", "varchar(16)", PHONE, lambda r: "+1" + digit_string(r, 10, first_nonzero=True)),
        C("signupAt", "timestamptz", NONE, stamps("2016-01-01", "2024-12-31")),
        C("homeLat", "numeric(9,6)", OTHER, coordinate(25, 48)),
        C("homeLng", "numeric(9,6)", OTHER, coordinate(-122, -71)),
        C("rating", "numeric(3,2)", NONE, lambda r: Decimal(r.rng.randint(400, 500)) / 100),
        C("defaultPaymentToken", "varchar(32)", NONE, lambda r: "pm_" + hex_digest(r, 12)),
        C("marketId", "integer", NONE, ref=("markets", "marketId")),
    )
    drivers = T(
        "drivers",
        C("driverId", "uuid", NONE, uuid_of, pk=True),
        C("legalFirstName", "varchar(40)", FIRST, F("first_name")),
        C("legalLastName", "varchar(40)", LAST, F("last_name")),
        C("dateOfBirth", "date", DOB, birth_dates()),
        C("taxpayerId", "char(11)", SSN, F("ssn")),
        C("driversLicenseNumber", "varchar(16)", OTHER, lambda r: r.fake.bothify("?#######").upper()),
        C("vehicleVin", "char(17)", OTHER, F("vin")),
        C("vehiclePlate", "varchar(10)", OTHER, F("license_plate")),
        C("vehicleMake", "varchar(20)", NONE, pick(("Toyota", "Honda", "Hyundai", "Tesla", "Ford"))),
        C("vehicleYear", "smallint", NONE, ints(2012, 2024)),
        C("streetAddress", "varchar(80)", ADDRESS, F("street_address")),
        C("city", "varchar(40)", CITY, F("city")),
        C("state", "char(2)", ADDRESS, pick(US_STATES)),
        C("zipCode", "varchar(10)", POSTAL, F("zipcode")),
        C("bankRoutingNumber", "char(9)", NONE, F("aba")),
        C("bankAccountNumber", "varchar(17)", OTHER, digits(10)),
        C("backgroundCheckStatus", "varchar(12)", NONE, pick(("clear", "consider", "pending"))),
    )
    trips = T(
        "trips",
        C("tripId", "bigint", NONE, seq(9000001), pk=True),
        C("riderId", "uuid", NONE, ref=("riders", "riderId")),
        C("driverId", "uuid", NONE, ref=("drivers", "driverId")),
        C("requestedAt", "timestamptz", NONE, stamps("2024-01-01", "2024-12-31")),
        C("pickupLat", "numeric(9,6)", OTHER, coordinate(25, 48)),
        C("pickupLng", "numeric(9,6)", OTHER, coordinate(-122, -71)),
        C("fareAmount", "numeric(8,2)", NONE, money(6, 95)),
        C("surgeMultiplier", "numeric(3,2)", NONE, pick((Decimal("1.00"), Decimal("1.25"), Decimal("1.80")))),
        C("distanceMiles", "numeric(6,2)", NONE, money(0.5, 40)),
        C("status", "varchar(12)", NONE, pick(("completed", "cancelled", "no_show"))),
    )
    tickets = T(
        "supportTickets",
        C("ticketId", "integer", NONE, seq(), pk=True),
        C("riderId", "uuid", NONE, ref=("riders", "riderId")),
        C("createdAt", "timestamptz", NONE, stamps("2024-01-01", "2024-12-31")),
        C("subject", "varchar(80)", NONE, pick(("Lost item", "Fare review", "Driver feedback", "App issue"))),
        C("channel", "varchar(10)", NONE, pick(("app", "email", "phone"))),
        C("agentName", "varchar(60)", PERSON, F("name")),
    )
    admins = T(
        "adminUsers",
        C("adminId", "integer", NONE, seq(), pk=True),
        C("username", "varchar(30)", USER, lambda r: f"{r.fake.user_name()}{r.i}"),
        C("passwordDigest", "varchar(64)", PASSWORD, hex_digest),
        C("mfaSecret", "varchar(32)", PASSWORD, base32_secret),
        C("workEmail", "varchar(120)", EMAIL, lambda r: r.fake.first_name().lower() + f"{r.i}@ridely.com"),
        C("lastLoginIp", "varchar(45)", IP, F("ipv4_public")),
    )
    return CorpusSchema(
        "rideshare_us",
        TUNING,
        "en_US",
        "en",
        "camelCase",
        "US ride-hailing: markets, riders, drivers, trips, support tickets, admins",
        seed=2210,
        tables=(market, riders, drivers, trips, tickets, admins),
    )


def _sagepay_gb() -> CorpusSchema:
    """A UK payroll bureau's export, PascalCase in the style of desktop payroll packages (en_GB). Written
    for the tuning set without looking at the held-out schemas."""
    employee = T(
        "Employee",
        C("EmployeeReference", "varchar(10)", NONE, code("{:05d}", 101), pk=True),
        C("Title", "varchar(10)", NONE, pick(("Mr", "Mrs", "Ms", "Miss", "Dr"))),
        C("Forename", "varchar(30)", FIRST, F("first_name")),
        C("MiddleNames", "varchar(40)", FIRST, maybe(F("first_name"), 0.6)),
        C("Surname", "varchar(30)", LAST, F("last_name")),
        C("PreviousSurname", "varchar(30)", LAST, maybe(F("last_name"), 0.8)),
        C("DateOfBirth", "date", DOB, birth_dates()),
        C("Gender", "char(1)", OTHER, wpick({"F": 0.5, "M": 0.5})),
        C("NINumber", "varchar(13)", SSN, nino),
        C("Address1", "varchar(60)", ADDRESS, street),
        C("Address2", "varchar(60)", ADDRESS, maybe(F("secondary_address"), 0.5)),
        C("Address3", "varchar(60)", CITY, F("city")),
        C("Address4", "varchar(60)", ADDRESS, maybe(F("county"), 0.3)),
        C("PostCode", "varchar(9)", POSTAL, F("postcode")),
        C("TelephoneNumber", "varchar(20)", PHONE, F("phone_number")),
        C("EmailAddress", "varchar(80)", EMAIL, name_email("Forename", "Surname")),
        C("StartDate", "date", NONE, dates("2005-01-01", "2024-06-30")),
        C("LeavingDate", "date", NONE, maybe(dates("2015-01-01", "2024-12-31"), 0.85)),
        C("WorksNumber", "varchar(10)", NONE, code("W{:05d}", 1)),
        C("Department", "varchar(20)", NONE, pick(("Finance", "Operations", "Sales", "Warehouse"))),
        C("CostCentre", "varchar(8)", NONE, code("CC{:03d}", 100)),
        C("TaxCode", "varchar(8)", NONE, _uk_tax_code),
        C("Week1Month1", "boolean", NONE, lambda r: r.rng.random() < 0.1),
        C("NICategoryLetter", "char(1)", NONE, wpick({"A": 0.9, "C": 0.05, "M": 0.05})),
        C("StudentLoanPlan", "varchar(8)", NONE, maybe(pick(("Plan 1", "Plan 2", "Plan 4")), 0.7)),
        C("AnnualSalary", "numeric(10,2)", SENSITIVE, money(20000, 85000)),
        C("HourlyRate", "numeric(6,2)", SENSITIVE, money(11.44, 38)),
        C("EmergencyContactName", "varchar(60)", PERSON, F("name")),
        C("EmergencyContactTelephone", "varchar(20)", PHONE, F("phone_number")),
        C("EmergencyContactRelationship", "varchar(12)", NONE, pick(NOK_RELATIONS)),
    )
    bank = T(
        "EmployeeBankDetails",
        C("BankDetailsId", "integer", NONE, seq(), pk=True),
        C("EmployeeReference", "varchar(10)", NONE, ref=("Employee", "EmployeeReference")),
        C("PaymentMethod", "varchar(10)", NONE, pick(("BACS", "Cheque", "Cash"))),
        C("BankName", "varchar(40)", NONE, pick(("Barclays", "Lloyds", "NatWest", "HSBC", "Nationwide"))),
        C("BranchName", "varchar(40)", NONE, F("city")),
        C(
            "SortCode",
            "char(8)",
            NONE,
            lambda r: f"{digit_string(r, 2)}-{digit_string(r, 2)}-{digit_string(r, 2)}",
        ),
        C("AccountNumber", "char(8)", OTHER, digits(8)),
        C(
            "AccountName",
            "varchar(40)",
            PERSON,
            lambda r: f"{r.fake.first_name()[:1]} {r.fake.last_name()}".upper(),
        ),
        C("BuildingSocietyReference", "varchar(18)", OTHER, maybe(lambda r: digit_string(r, 10), 0.9)),
    )
    payments = T(
        "PaymentHistory",
        C("PaymentId", "integer", NONE, seq(), pk=True),
        C("EmployeeReference", "varchar(10)", NONE, ref=("Employee", "EmployeeReference")),
        C("PayDate", "date", NONE, lambda r: date(2024, r.rng.randint(1, 12), 25)),
        C("TaxPeriod", "smallint", NONE, ints(1, 12)),
        C("TotalGrossPay", "numeric(9,2)", SENSITIVE, money(1500, 8000)),
        C("PAYETax", "numeric(9,2)", SENSITIVE, money(100, 2200)),
        C("EmployeeNIC", "numeric(8,2)", SENSITIVE, money(50, 600)),
        C("EmployerNIC", "numeric(8,2)", SENSITIVE, money(60, 900)),
        C("StudentLoanDeduction", "numeric(8,2)", SENSITIVE, money(0, 300)),
        C("AttachmentOfEarnings", "numeric(8,2)", SENSITIVE, maybe(money(20, 400), 0.9)),
        C("SSPPaid", "numeric(8,2)", SENSITIVE, maybe(money(20, 500), 0.85)),
        C("NetPay", "numeric(9,2)", SENSITIVE, money(1200, 6000)),
    )
    pension = T(
        "PensionMembership",
        C("MembershipId", "integer", NONE, seq(), pk=True),
        C("EmployeeReference", "varchar(10)", NONE, ref=("Employee", "EmployeeReference")),
        C("SchemeName", "varchar(40)", NONE, pick(("NEST", "The People's Pension", "Aviva GPP"))),
        C("SchemeReference", "varchar(12)", NONE, code("PSR{:06d}", 1)),
        C("EnrolmentDate", "date", NONE, dates("2013-01-01", "2024-06-30")),
        C("EmployeeContributionPct", "numeric(4,2)", NONE, pick((Decimal("5.00"), Decimal("4.00")))),
        C("OptOutDate", "date", NONE, maybe(dates("2016-01-01", "2024-06-30"), 0.9)),
    )
    users = T(
        "PayrollUser",
        C("UserId", "integer", NONE, seq(), pk=True),
        C("UserName", "varchar(40)", USER, lambda r: f"{r.fake.user_name()}{r.i}"),
        C("PasswordHash", "varchar(100)", PASSWORD, pbkdf2_hash),
        C("DisplayName", "varchar(60)", PERSON, F("name")),
        C("LastLogonAddress", "varchar(45)", IP, F("ipv4_private")),
    )
    return CorpusSchema(
        "sagepay_gb",
        TUNING,
        "en_GB",
        "en",
        "PascalCase",
        "UK payroll bureau export: employees, bank details, payments, pensions, users",
        seed=2211,
        tables=(employee, bank, payments, pension, users),
    )


def _craftmarket_us() -> CorpusSchema:
    """A US handmade-goods marketplace where most sellers are individuals; snake_case (en_US). Written
    for the tuning set without looking at the held-out schemas."""
    shops = T(
        "shops",
        C("shop_id", "bigint", NONE, seq(50001), pk=True),
        C("shop_name", "varchar(60)", NONE, lambda r: f"{r.fake.word().title()} {r.rng.choice(SHOP_WORDS)}"),
        C("shop_slug", "varchar(60)", NONE, lambda r: url_slug(r.v["shop_name"]) + str(r.i)),
        C("owner_first_name", "varchar(40)", FIRST, F("first_name")),
        C("owner_last_name", "varchar(40)", LAST, F("last_name")),
        C("owner_email", "varchar(120)", EMAIL, name_email("owner_first_name", "owner_last_name")),
        C("owner_phone", "varchar(25)", PHONE, F("phone_number")),
        C("tax_id", "char(11)", SSN, F("ssn")),
        C("ship_from_city", "varchar(40)", NONE, F("city")),
        C("ship_from_state", "char(2)", NONE, pick(US_STATES)),
        C("opened_on", "date", NONE, dates("2012-01-01", "2024-06-30")),
        C("banner_image", "varchar(120)", NONE, lambda r: f"/img/banners/{r.i:06d}.jpg"),
        C("payout_account_last4", "char(4)", NONE, digits(4)),
        C("payout_routing_number", "char(9)", NONE, F("aba")),
    )
    items = T(
        "items",
        C("item_id", "bigint", NONE, seq(800001), pk=True),
        C("shop_id", "bigint", NONE, ref=("shops", "shop_id")),
        C("title", "varchar(120)", NONE, combine(PRODUCT_ADJ_EN, PRODUCT_NOUN_EN)),
        C("price_usd", "numeric(8,2)", NONE, money(4, 400)),
        C("materials", "varchar(80)", NONE, pick(("cotton", "walnut", "sterling silver", "ceramic"))),
        C("made_to_order", "boolean", NONE, lambda r: r.rng.random() < 0.4),
    )
    members = T(
        "members",
        C("member_id", "bigint", NONE, seq(1), pk=True),
        C("login_name", "varchar(40)", USER, lambda r: f"{r.fake.user_name()}{r.i}"),
        C("real_name", "varchar(60)", PERSON, F("name")),
        C("email", "varchar(120)", EMAIL, F("email")),
        C("hashed_password", "varchar(72)", PASSWORD, bcrypt_hash),
        C("birthday", "date", DOB, birth_dates()),
        C("joined_at", "timestamptz", NONE, stamps("2012-01-01", "2024-12-31")),
        C("signup_ip", "varchar(45)", IP, F("ipv4_public")),
        C("avatar_path", "varchar(120)", NONE, lambda r: f"/img/avatars/{uuid_of(r)}.png"),
    )
    receipts = T(
        "receipts",
        C("receipt_id", "bigint", NONE, seq(3000001), pk=True),
        C("buyer_member_id", "bigint", NONE, ref=("members", "member_id")),
        C("shop_id", "bigint", NONE, ref=("shops", "shop_id")),
        C("ship_to_name", "varchar(60)", PERSON, F("name")),
        C("ship_to_line1", "varchar(80)", ADDRESS, F("street_address")),
        C("ship_to_line2", "varchar(40)", ADDRESS, maybe(F("secondary_address"), 0.7)),
        C("ship_to_city", "varchar(40)", CITY, F("city")),
        C("ship_to_state", "char(2)", ADDRESS, pick(US_STATES)),
        C("ship_to_zip", "varchar(10)", POSTAL, F("zipcode")),
        C("gift_message", "varchar(200)", NONE, maybe(pick(("Happy birthday!", "Congrats", "Enjoy")), 0.6)),
        C("grand_total", "numeric(9,2)", NONE, money(5, 900)),
        C("created_at", "timestamptz", NONE, stamps("2024-01-01", "2024-12-31")),
        C("tracking_code", "varchar(30)", NONE, lambda r: "9400" + digit_string(r, 18)),
    )
    reviews = T(
        "reviews",
        C("review_id", "bigint", NONE, seq(), pk=True),
        C("item_id", "bigint", NONE, ref=("items", "item_id")),
        C("reviewer_member_id", "bigint", NONE, ref=("members", "member_id")),
        C("stars", "smallint", NONE, ints(1, 5)),
        C("review_text", "varchar(300)", NONE, pick(("Lovely quality", "Arrived late", "Exactly as shown"))),
        C("created_at", "timestamptz", NONE, stamps("2024-01-01", "2024-12-31")),
    )
    return CorpusSchema(
        "craftmarket_us",
        TUNING,
        "en_US",
        "en",
        "snake_case",
        "US handmade marketplace: individual sellers' shops, items, members, receipts, reviews",
        seed=2212,
        tables=(shops, items, members, receipts, reviews),
    )


def _oracle_hr_gb() -> CorpusSchema:
    """An Oracle E-Business Suite style HR schema, UPPER_SNAKE with the suite's own words (en_GB).
    Written for the tuning set without looking at the held-out schemas."""
    people = T(
        "PER_ALL_PEOPLE_F",
        C("PERSON_ID", "integer", NONE, seq(10001), pk=True),
        C("EMPLOYEE_NUMBER", "varchar(30)", NONE, code("{:06d}", 2001)),
        C("TITLE", "varchar(30)", NONE, pick(("MR.", "MRS.", "MS.", "MISS", "DR."))),
        C("FIRST_NAME", "varchar(150)", FIRST, F("first_name")),
        C("MIDDLE_NAMES", "varchar(60)", FIRST, maybe(F("first_name"), 0.6)),
        C("LAST_NAME", "varchar(150)", LAST, F("last_name")),
        C("PREVIOUS_LAST_NAME", "varchar(150)", LAST, maybe(F("last_name"), 0.8)),
        C("KNOWN_AS", "varchar(80)", FIRST, maybe(F("first_name"), 0.7)),
        C(
            "FULL_NAME",
            "varchar(240)",
            PERSON,
            lambda r: f"{r.v['LAST_NAME']}, {r.v['FIRST_NAME']}",
        ),
        C("SEX", "varchar(30)", OTHER, wpick({"F": 0.5, "M": 0.5})),
        C("DATE_OF_BIRTH", "date", DOB, birth_dates()),
        C("NATIONAL_IDENTIFIER", "varchar(30)", SSN, nino),
        C("NATIONALITY", "varchar(30)", COUNTRY, home_country("PQH_GB", ("PQH_IE", "PQH_PL", "PQH_IN"))),
        C(
            "EMAIL_ADDRESS",
            "varchar(240)",
            EMAIL,
            lambda r: work_email(r.v["FIRST_NAME"], r.v["LAST_NAME"], "vision.co.uk"),
        ),
        C("REGISTERED_DISABLED_FLAG", "varchar(30)", SENSITIVE, wpick({"N": 0.92, "Y": 0.05, "F": 0.03})),
        C("ORIGINAL_DATE_OF_HIRE", "date", NONE, dates("2001-01-01", "2024-06-30")),
        C("EFFECTIVE_START_DATE", "date", NONE, dates("2015-01-01", "2024-06-30")),
        C("EFFECTIVE_END_DATE", "date", NONE, lambda r: date(4712, 12, 31)),
        C("BUSINESS_GROUP_ID", "integer", NONE, pick((81, 81, 202))),
    )
    addresses = T(
        "PER_ADDRESSES",
        C("ADDRESS_ID", "integer", NONE, seq(), pk=True),
        C("PERSON_ID", "integer", NONE, ref=("PER_ALL_PEOPLE_F", "PERSON_ID")),
        C("STYLE", "varchar(30)", NONE, pick(("GB", "GB_GLB"))),
        C("ADDRESS_LINE1", "varchar(240)", ADDRESS, street),
        C("ADDRESS_LINE2", "varchar(240)", ADDRESS, maybe(F("secondary_address"), 0.6)),
        C("TOWN_OR_CITY", "varchar(30)", CITY, F("city")),
        C("REGION_1", "varchar(120)", ADDRESS, F("county")),
        C("POSTAL_CODE", "varchar(30)", POSTAL, F("postcode")),
        C("COUNTRY", "varchar(60)", COUNTRY, home_country("GB", ("IE",), 0.95)),
        C("TELEPHONE_NUMBER_1", "varchar(60)", PHONE, maybe(F("phone_number"), 0.3)),
        C("PRIMARY_FLAG", "varchar(30)", NONE, wpick({"Y": 0.9, "N": 0.1})),
        C("DATE_FROM", "date", NONE, dates("2010-01-01", "2024-06-30")),
    )
    phones = T(
        "PER_PHONES",
        C("PHONE_ID", "integer", NONE, seq(), pk=True),
        C("PARENT_ID", "integer", NONE, ref=("PER_ALL_PEOPLE_F", "PERSON_ID")),
        C("PHONE_TYPE", "varchar(30)", NONE, pick(("H1", "M", "W1", "HF"))),
        C("PHONE_NUMBER", "varchar(60)", PHONE, F("phone_number")),
        C("DATE_FROM", "date", NONE, dates("2010-01-01", "2024-06-30")),
    )
    contacts = T(
        "PER_CONTACT_RELATIONSHIPS",
        C("CONTACT_RELATIONSHIP_ID", "integer", NONE, seq(), pk=True),
        C("PERSON_ID", "integer", NONE, ref=("PER_ALL_PEOPLE_F", "PERSON_ID")),
        C("CONTACT_TYPE", "varchar(30)", NONE, pick(("S", "EMRG", "C", "P"))),
        C("CONTACT_FULL_NAME", "varchar(240)", PERSON, F("name")),
        C("CONTACT_PHONE", "varchar(60)", PHONE, F("phone_number")),
        C("PRIMARY_CONTACT_FLAG", "varchar(30)", NONE, wpick({"Y": 0.6, "N": 0.4})),
    )
    accounts = T(
        "PAY_EXTERNAL_ACCOUNTS",
        C("EXTERNAL_ACCOUNT_ID", "integer", NONE, seq(), pk=True),
        C("PERSON_ID", "integer", NONE, ref=("PER_ALL_PEOPLE_F", "PERSON_ID")),
        C("BANK_NAME", "varchar(60)", NONE, pick(("BARCLAYS BANK", "LLOYDS BANK", "HSBC UK", "NATWEST"))),
        C(
            "SORT_CODE",
            "varchar(8)",
            NONE,
            lambda r: f"{digit_string(r, 2)}{digit_string(r, 2)}{digit_string(r, 2)}",
        ),
        C("ACCOUNT_NUMBER", "varchar(8)", OTHER, digits(8)),
        C(
            "ACCOUNT_NAME",
            "varchar(60)",
            PERSON,
            lambda r: f"{r.fake.first_name()[:1]} {r.fake.last_name()}".upper(),
        ),
        C("TERRITORY_CODE", "varchar(2)", NONE, pick(("GB",))),
    )
    salaries = T(
        "PER_PAY_PROPOSALS",
        C("PAY_PROPOSAL_ID", "integer", NONE, seq(), pk=True),
        C("PERSON_ID", "integer", NONE, ref=("PER_ALL_PEOPLE_F", "PERSON_ID")),
        C("CHANGE_DATE", "date", NONE, dates("2018-01-01", "2024-06-30")),
        C("PROPOSED_SALARY_N", "numeric(12,2)", SENSITIVE, money(19000, 95000)),
        C("PROPOSAL_REASON", "varchar(30)", NONE, pick(("PROMOTION", "COL", "MERIT", "NEWHIRE"))),
        C("APPROVED", "varchar(1)", NONE, wpick({"Y": 0.9, "N": 0.1})),
    )
    users = T(
        "FND_USER",
        C("USER_ID", "integer", NONE, seq(1001), pk=True),
        C("USER_NAME", "varchar(100)", USER, lambda r: f"{r.fake.user_name()}{r.i}".upper()),
        C("ENCRYPTED_USER_PASSWORD", "varchar(100)", PASSWORD, lambda r: "ZG" + hex_digest(r, 30).upper()),
        C("EMPLOYEE_ID", "integer", NONE, ref=("PER_ALL_PEOPLE_F", "PERSON_ID")),
        C("LAST_LOGON_DATE", "date", NONE, dates("2024-01-01", "2024-12-31")),
        C("START_DATE", "date", NONE, dates("2010-01-01", "2024-06-30")),
    )
    return CorpusSchema(
        "oracle_hr_gb",
        TUNING,
        "en_GB",
        "en",
        "UPPER_SNAKE (Oracle E-Business Suite)",
        "Oracle EBS style HR: people, addresses, phones, contacts, bank accounts, salaries, users",
        seed=2213,
        tables=(people, addresses, phones, contacts, accounts, salaries, users),
    )


def _payroll_us() -> CorpusSchema:
    """A US payroll service: employees, W-4 elections, direct deposits, paychecks, garnishments;
    snake_case (en_US). Written for the tuning set without looking at the held-out schemas."""
    worker = T(
        "worker",
        C("worker_id", "integer", NONE, seq(), pk=True),
        C("associate_oid", "varchar(16)", NONE, lambda r: "G3" + hex_digest(r, 7).upper()),
        C("legal_first", "varchar(40)", FIRST, F("first_name")),
        C("legal_middle_initial", "char(1)", FIRST, maybe(lambda r: r.fake.first_name()[0], 0.4)),
        C("legal_last", "varchar(40)", LAST, F("last_name")),
        C("preferred_first", "varchar(40)", FIRST, maybe(F("first_name"), 0.7)),
        C("ssn", "char(11)", SSN, F("ssn")),
        C("birth_date", "date", DOB, birth_dates()),
        C("home_street", "varchar(80)", ADDRESS, F("street_address")),
        C("home_city", "varchar(40)", CITY, F("city")),
        C("home_state", "char(2)", ADDRESS, pick(US_STATES)),
        C("home_zip", "varchar(10)", POSTAL, F("zipcode")),
        C("personal_cell", "varchar(20)", PHONE, lambda r: r.fake.numerify("(###) ###-####")),
        C("personal_email", "varchar(120)", EMAIL, name_email("legal_first", "legal_last")),
        C("work_location", "varchar(30)", NONE, pick(("HQ - Austin", "Plant 2", "Remote"))),
        C("flsa_status", "varchar(10)", NONE, pick(("exempt", "nonexempt"))),
        C("hire_date", "date", NONE, dates("2008-01-01", "2024-06-30")),
        C("ethnicity_code", "varchar(4)", SENSITIVE, pick(("HISP", "WHT", "BLK", "ASN", "TWO", "NSP"))),
        C("veteran_status", "varchar(20)", SENSITIVE, pick(("not_veteran", "protected", "declined"))),
    )
    w4 = T(
        "w4_election",
        C("w4_id", "integer", NONE, seq(), pk=True),
        C("worker_id", "integer", NONE, ref=("worker", "worker_id")),
        C("filing_status", "varchar(20)", NONE, pick(("single", "married_joint", "head_household"))),
        C("dependents_amount", "numeric(8,2)", SENSITIVE, money(0, 6000)),
        C("extra_withholding", "numeric(8,2)", SENSITIVE, money(0, 200)),
        C("signed_on", "date", NONE, dates("2020-01-01", "2024-12-31")),
    )
    deposit = T(
        "direct_deposit",
        C("deposit_id", "integer", NONE, seq(), pk=True),
        C("worker_id", "integer", NONE, ref=("worker", "worker_id")),
        C("routing_no", "char(9)", NONE, F("aba")),
        C("account_no", "varchar(17)", OTHER, digits(10)),
        C("account_type", "varchar(10)", NONE, pick(("checking", "savings"))),
        C("split_pct", "smallint", NONE, pick((100, 100, 50, 25))),
    )
    check = T(
        "paycheck",
        C("check_id", "bigint", NONE, seq(5000001), pk=True),
        C("worker_id", "integer", NONE, ref=("worker", "worker_id")),
        C("pay_date", "date", NONE, dates("2024-01-05", "2024-12-27")),
        C("gross_wages", "numeric(9,2)", SENSITIVE, money(800, 9000)),
        C("fed_income_tax", "numeric(8,2)", SENSITIVE, money(50, 1800)),
        C("fica_ss", "numeric(8,2)", SENSITIVE, money(40, 560)),
        C("fica_medicare", "numeric(8,2)", SENSITIVE, money(10, 130)),
        C("state_tax", "numeric(8,2)", SENSITIVE, money(0, 500)),
        C("k401_deferral", "numeric(8,2)", SENSITIVE, money(0, 900)),
        C("net_check", "numeric(9,2)", SENSITIVE, money(600, 6500)),
        C("check_number", "integer", NONE, seq(100001)),
    )
    garnish = T(
        "garnishment",
        C("garnishment_id", "integer", NONE, seq(), pk=True),
        C("worker_id", "integer", NONE, ref=("worker", "worker_id")),
        C(
            "case_number",
            "varchar(20)",
            NONE,
            lambda r: f"CV-{r.rng.randint(2015, 2024)}-{digit_string(r, 5)}",
        ),
        C("garnishment_type", "varchar(20)", NONE, pick(("child_support", "tax_levy", "creditor"))),
        C("amount_per_period", "numeric(8,2)", SENSITIVE, money(25, 900)),
        C("payee_agency", "varchar(60)", NONE, pick(("Texas OAG CSD", "IRS", "Midland Funding"))),
    )
    return CorpusSchema(
        "payroll_us",
        TUNING,
        "en_US",
        "en",
        "snake_case",
        "US payroll service: workers, W-4 elections, direct deposits, paychecks, garnishments",
        seed=2214,
        tables=(worker, w4, deposit, check, garnish),
    )


_GB_FAKER = Faker("en_GB")


def _gb_iban(r: Row) -> str:
    """A GB IBAN for a US schema (en_US Faker has none), seeded from the row's RNG."""
    _GB_FAKER.seed_instance(r.rng.getrandbits(32))
    return str(_GB_FAKER.iban())


def _resale_us() -> CorpusSchema:
    """A US second-hand clothing app where members buy from and sell to each other; camelCase
    (en_US). Written for the tuning set without looking at the held-out schemas."""
    member = T(
        "member",
        C("memberId", "bigint", NONE, seq(700001), pk=True),
        C("handle", "varchar(30)", USER, lambda r: f"{r.fake.user_name()}{r.i}"),
        C("givenName", "varchar(40)", FIRST, F("first_name")),
        C("familyName", "varchar(40)", LAST, F("last_name")),
        C("emailAddress", "varchar(120)", EMAIL, name_email("givenName", "familyName")),
        C("mobileE164", "varchar(16)", PHONE, lambda r: "+1" + digit_string(r, 10, first_nonzero=True)),
        C("phoneVerified", "boolean", NONE, lambda r: r.rng.random() < 0.8),
        C("profilePhotoKey", "varchar(80)", NONE, lambda r: f"profiles/{uuid_of(r)}.jpg"),
        C(
            "bio",
            "varchar(160)",
            NONE,
            pick(("Vintage lover", "Closet cleanout!", "Ships fast", "Y2K finds")),
        ),
        C("birthday", "date", DOB, birth_dates()),
        C("createdAt", "timestamptz", NONE, stamps("2017-01-01", "2024-12-31")),
        C("lastSeenIp", "varchar(45)", IP, F("ipv4_public")),
        C("payoutIban", "varchar(34)", IBAN, maybe(_gb_iban, 0.9)),
    )
    addresses = T(
        "shippingAddress",
        C("addressId", "bigint", NONE, seq(), pk=True),
        C("memberId", "bigint", NONE, ref=("member", "memberId")),
        C("fullName", "varchar(60)", PERSON, F("name")),
        C("line1", "varchar(80)", ADDRESS, F("street_address")),
        C("line2", "varchar(40)", ADDRESS, maybe(F("secondary_address"), 0.7)),
        C("locality", "varchar(40)", CITY, F("city")),
        C("region", "char(2)", ADDRESS, pick(US_STATES)),
        C("postalCode", "varchar(10)", POSTAL, F("zipcode")),
        C("isDefault", "boolean", NONE, lambda r: r.rng.random() < 0.7),
    )
    listing = T(
        "listing",
        C("listingId", "bigint", NONE, seq(9000001), pk=True),
        C("sellerId", "bigint", NONE, ref=("member", "memberId")),
        C(
            "title",
            "varchar(80)",
            NONE,
            combine(("Vintage", "Oversized", "Cropped", "Linen"), ("Jacket", "Dress", "Jeans", "Tee")),
        ),
        C("brandName", "varchar(40)", NONE, pick(("Levi's", "Zara", "Patagonia", "Madewell", "Nike"))),
        C("sizeLabel", "varchar(8)", NONE, pick(("XS", "S", "M", "L", "XL", "28", "30"))),
        C("priceCents", "integer", NONE, ints(500, 25000)),
        C("photoUrl", "varchar(120)", NONE, lambda r: f"https://cdn.resale.example/l/{r.i}.jpg"),
        C("status", "varchar(10)", NONE, pick(("active", "sold", "hidden"))),
    )
    order = T(
        "order",
        C("orderId", "bigint", NONE, seq(), pk=True),
        C("listingId", "bigint", NONE, ref=("listing", "listingId")),
        C("buyerId", "bigint", NONE, ref=("member", "memberId")),
        C("shipToAddressId", "bigint", NONE, ref=("shippingAddress", "addressId")),
        C("totalCents", "integer", NONE, ints(700, 26000)),
        C("labelTrackingNo", "varchar(30)", NONE, lambda r: "1Z" + hex_digest(r, 8).upper()),
        C("dropOffPoint", "varchar(60)", NONE, pick(("USPS - Main St", "UPS Store #4411", "FedEx Office"))),
        C("paidAt", "timestamptz", NONE, stamps("2024-01-01", "2024-12-31")),
    )
    message = T(
        "message",
        C("messageId", "bigint", NONE, seq(), pk=True),
        C("orderId", "bigint", NONE, ref=("order", "orderId")),
        C("senderId", "bigint", NONE, ref=("member", "memberId")),
        C("sentAt", "timestamptz", NONE, stamps("2024-01-01", "2024-12-31")),
        C("readAt", "timestamptz", NONE, maybe(stamps("2024-01-01", "2024-12-31"), 0.3)),
    )
    return CorpusSchema(
        "resale_us",
        TUNING,
        "en_US",
        "en",
        "camelCase",
        "US peer-to-peer resale app: members, shipping addresses, listings, orders, messages",
        seed=2215,
        tables=(member, addresses, listing, order, message),
    )


def _zorg_nl() -> CorpusSchema:
    """A Dutch home-care provider, abbreviated Dutch lower_snake as older Dutch systems write it
    (nl_NL). Written for the tuning set without looking at the held-out schemas."""
    client = T(
        "clnt",
        C("clnt_nr", "integer", NONE, seq(30001), pk=True),
        C("vrltrs", "varchar(10)", FIRST, _initials),
        C("voornm", "varchar(30)", FIRST, F("first_name")),
        C("tussenv", "varchar(10)", LAST, lambda r: _nl_surname_parts(r)[0] or None),
        C("achternm", "varchar(40)", LAST, lambda r: _nl_surname_parts(r)[1]),
        C("geb_dat", "date", DOB, birth_dates()),
        C("bsn_nr", "char(9)", SSN, F("ssn")),
        C("straat", "varchar(50)", ADDRESS, F("street_name")),
        C("hnr", "varchar(8)", ADDRESS, lambda r: str(r.rng.randint(1, 240))),
        C("pc", "varchar(7)", POSTAL, F("postcode")),
        C("wpl", "varchar(40)", CITY, F("city")),
        C("tel_nr", "varchar(20)", PHONE, F("phone_number")),
        C("mob_nr", "varchar(20)", PHONE, phone_nl_mobile),
        C("e_mail", "varchar(80)", EMAIL, lambda r: person_email(r, r.v["voornm"], r.v["achternm"])),
        C("huisarts", "varchar(60)", PERSON, lambda r: f"dr. {r.fake.last_name()}"),
        C("zorgverz_nr", "varchar(12)", OTHER, digits(9)),
        C("indicatie", "varchar(40)", SENSITIVE, pick(("dementie", "COPD", "na heupoperatie", "diabetes"))),
        C("reg_dat", "date", NONE, dates("2015-01-01", "2024-06-30")),
    )
    visit = T(
        "bezoek",
        C("bezoek_id", "integer", NONE, seq(), pk=True),
        C("clnt_nr", "integer", NONE, ref=("clnt", "clnt_nr")),
        C("start_tijd", "timestamp", NONE, stamps("2024-01-01", "2024-12-31")),
        C("duur_min", "smallint", NONE, ints(15, 120)),
        C("zorgverlener", "varchar(60)", PERSON, F("name")),
        C(
            "rapportage",
            "varchar(200)",
            SENSITIVE,
            pick(("wondzorg gedaan", "medicatie gegeven", "client onrustig")),
        ),
    )
    contact = T(
        "contactpers",
        C("cp_id", "integer", NONE, seq(), pk=True),
        C("clnt_nr", "integer", NONE, ref=("clnt", "clnt_nr")),
        C("naam", "varchar(60)", PERSON, F("name")),
        C("relatie", "varchar(20)", NONE, pick(("dochter", "zoon", "partner", "buurvrouw"))),
        C("tel", "varchar(20)", PHONE, phone_nl_mobile),
    )
    employee = T(
        "mdw",
        C("mdw_id", "integer", NONE, seq(), pk=True),
        C("gebr_naam", "varchar(40)", USER, lambda r: f"{r.fake.user_name()}{r.i}"),
        C("ww_hash", "varchar(100)", PASSWORD, pbkdf2_hash),
        C("big_nr", "char(11)", OTHER, digits(11, first_nonzero=True)),
        C("team", "varchar(30)", NONE, pick(("Wijk Noord", "Wijk Zuid", "Nacht"))),
        C("salarisschaal", "varchar(4)", SENSITIVE, pick(("35", "40", "45", "50"))),
    )
    return CorpusSchema(
        "zorg_nl",
        TUNING,
        "nl_NL",
        "nl",
        "abbreviated Dutch lower_snake",
        "Dutch home-care provider: clients, visits, contact persons, employees",
        seed=2216,
        tables=(client, visit, contact, employee),
    )


AGENCIES_GB = ("Hays", "Reed", "Adecco UK", "Harvey Nash", "Randstad", "Hudson Shribman", "Morson")
END_CLIENTS_GB = ("Network Rail", "Balfour Beatty", "Aviva", "HMRC", "BT Group", "Tesco", "Kier")
NATIONALITIES_GB = ("British", "British", "British", "Irish", "Polish", "Indian", "Romanian", "Nigerian")
TRADES_GB = ("Plastering", "Roofing", "Groundworks", "Electrical", "Scaffolding", "Joinery")


def _utr(r: Row) -> str:
    """A UK Unique Taxpayer Reference: ten digits, sometimes written in two groups of five."""
    number = digit_string(r, 10, first_nonzero=True)
    return number if r.rng.random() < 0.7 else f"{number[:5]} {number[5:]}"


def _umbrella_gb() -> CorpusSchema:
    """A UK umbrella company paying agency contractors, with its CIS subcontractors; lower snake_case
    with payroll shorthand (en_GB). Written for the tuning set without looking at the held-out
    schemas."""
    worker = T(
        "worker",
        C("worker_ref", "varchar(8)", NONE, code("UMB{:05d}", 1), pk=True),
        C("title", "varchar(6)", NONE, pick(("Mr", "Mrs", "Ms", "Miss", "Mx"))),
        C("first_names", "varchar(50)", FIRST, F("first_name")),
        C("surname", "varchar(40)", LAST, F("last_name")),
        C("preferred_name", "varchar(30)", FIRST, maybe(F("first_name"), 0.7)),
        C("date_of_birth", "date", DOB, birth_dates()),
        C("sex", "varchar(6)", OTHER, pick(("Male", "Female"))),
        C("ni_number", "varchar(13)", SSN, nino),
        C("utr", "varchar(11)", SSN, maybe(_utr, 0.4)),
        C("nationality", "varchar(20)", COUNTRY, pick(NATIONALITIES_GB)),
        C("passport_no", "char(9)", OTHER, maybe(digits(9, first_nonzero=True), 0.3)),
        C("addr_line_1", "varchar(60)", ADDRESS, street),
        C("addr_line_2", "varchar(60)", ADDRESS, maybe(F("secondary_address"), 0.6)),
        C("post_town", "varchar(40)", CITY, F("city")),
        C("county", "varchar(30)", ADDRESS, maybe(F("county"), 0.4)),
        C("postcode", "varchar(9)", POSTAL, F("postcode")),
        C("mobile_no", "varchar(20)", PHONE, F("cellphone_number")),
        C("home_email", "varchar(80)", EMAIL, name_email("first_names", "surname")),
        C("emergency_contact", "varchar(60)", PERSON, F("name")),
        C("emergency_phone", "varchar(20)", PHONE, F("phone_number")),
        C("agency", "varchar(30)", NONE, pick(AGENCIES_GB)),
        C("end_client", "varchar(30)", NONE, pick(END_CLIENTS_GB)),
        C("ir35_determination", "varchar(8)", NONE, pick(("Inside", "Outside"))),
        C("day_rate", "numeric(7,2)", SENSITIVE, money(250, 750)),
        C("joined_on", "date", NONE, dates("2016-01-01", "2024-06-30")),
    )
    bank = T(
        "worker_bank",
        C("worker_bank_id", "integer", NONE, seq(), pk=True),
        C("worker_ref", "varchar(8)", NONE, ref=("worker", "worker_ref")),
        C("sort_code", "char(6)", NONE, digits(6)),
        C("account_number", "char(8)", OTHER, digits(8)),
        C("account_holder", "varchar(40)", PERSON, F("name")),
        C(
            "roll_number",
            "varchar(18)",
            OTHER,
            maybe(lambda r: f"{digit_string(r, 4)}/{digit_string(r, 6)}", 0.9),
        ),
    )
    timesheet = T(
        "timesheet",
        C("timesheet_id", "integer", NONE, seq(), pk=True),
        C("worker_ref", "varchar(8)", NONE, ref=("worker", "worker_ref")),
        C("week_ending", "date", NONE, lambda r: date(2024, 1, 7) + timedelta(weeks=r.rng.randint(0, 51))),
        C("hours_worked", "numeric(5,2)", NONE, money(16, 50)),
        C("approver_name", "varchar(60)", PERSON, F("name")),
        C(
            "approver_email",
            "varchar(80)",
            EMAIL,
            lambda r: work_email(r.fake.first_name(), r.fake.last_name(), "client.co.uk"),
        ),
        C("submitted_at", "timestamp", NONE, stamps("2024-01-01", "2024-12-31")),
    )
    payslip = T(
        "payslip",
        C("payslip_id", "integer", NONE, seq(), pk=True),
        C("worker_ref", "varchar(8)", NONE, ref=("worker", "worker_ref")),
        C("pay_date", "date", NONE, dates("2024-01-05", "2024-12-27")),
        C("tax_week", "smallint", NONE, ints(1, 52)),
        C("tax_code", "varchar(8)", NONE, _uk_tax_code),
        C("ni_letter", "char(1)", NONE, wpick({"A": 0.9, "M": 0.05, "Z": 0.05})),
        C("gross_taxable", "numeric(9,2)", SENSITIVE, money(600, 3500)),
        C("paye_deducted", "numeric(8,2)", SENSITIVE, money(60, 900)),
        C("ees_ni", "numeric(8,2)", SENSITIVE, money(20, 280)),
        C("ers_ni", "numeric(8,2)", SENSITIVE, money(30, 420)),
        C("holiday_pay", "numeric(8,2)", SENSITIVE, money(40, 400)),
        C("pension_ees", "numeric(8,2)", SENSITIVE, money(20, 180)),
        C("sl_deduction", "numeric(8,2)", SENSITIVE, maybe(money(10, 150), 0.7)),
        C("pgl_deduction", "numeric(8,2)", SENSITIVE, maybe(money(10, 90), 0.85)),
        C("umbrella_margin", "numeric(6,2)", NONE, pick((Decimal("18.00"), Decimal("22.50")))),
        C("take_home", "numeric(9,2)", SENSITIVE, money(450, 2600)),
    )
    subcontractor = T(
        "cis_subcontractor",
        C("subcontractor_id", "integer", NONE, seq(), pk=True),
        C(
            "trading_name",
            "varchar(60)",
            NONE,
            lambda r: f"{r.fake.last_name()} {r.rng.choice(TRADES_GB)} Ltd",
        ),
        C("first_name", "varchar(30)", FIRST, F("first_name")),
        C("last_name", "varchar(30)", LAST, F("last_name")),
        C("utr", "varchar(11)", SSN, _utr),
        C("verification_number", "varchar(14)", NONE, lambda r: "V" + digit_string(r, 10)),
        C("tax_treatment", "varchar(10)", NONE, pick(("Gross", "Net 20%", "Net 30%"))),
        C("company_number", "char(8)", NONE, maybe(digits(8), 0.4)),
        C("vat_reg_no", "varchar(12)", NONE, maybe(lambda r: "GB" + digit_string(r, 9), 0.5)),
        C("trade", "varchar(20)", NONE, pick(TRADES_GB)),
    )
    absence = T(
        "absence",
        C("absence_id", "integer", NONE, seq(), pk=True),
        C("worker_ref", "varchar(8)", NONE, ref=("worker", "worker_ref")),
        C("from_date", "date", NONE, dates("2024-01-01", "2024-12-20")),
        C("days_lost", "smallint", NONE, ints(1, 20)),
        C("absence_type", "varchar(14)", NONE, pick(("Sickness", "Annual leave", "Unpaid"))),
        C("reason_detail", "varchar(40)", SENSITIVE, pick(SICK_REASONS_UK)),
        C("fit_note_received", "boolean", NONE, lambda r: r.rng.random() < 0.4),
        C("ssp_amount", "numeric(7,2)", SENSITIVE, maybe(money(20, 500), 0.5)),
    )
    deduction_order = T(
        "deduction_order",
        C("order_id", "integer", NONE, seq(), pk=True),
        C("worker_ref", "varchar(8)", NONE, ref=("worker", "worker_ref")),
        C("order_kind", "varchar(6)", NONE, pick(("AEO", "DEO", "CMS", "CTAEO"))),
        C("court_ref", "varchar(12)", NONE, code("K{:07d}", 4000)),
        C("protected_earnings", "numeric(8,2)", SENSITIVE, money(400, 1200)),
        C("normal_deduction", "numeric(8,2)", SENSITIVE, money(15, 250)),
    )
    portal = T(
        "portal_account",
        C("account_id", "integer", NONE, seq(), pk=True),
        C("worker_ref", "varchar(8)", NONE, ref=("worker", "worker_ref")),
        C("login_email", "varchar(80)", EMAIL, F("free_email")),
        C("password_digest", "varchar(100)", PASSWORD, bcrypt_hash),
        C("totp_seed", "varchar(32)", PASSWORD, maybe(base32_secret, 0.5)),
        C("recovery_mobile", "varchar(20)", PHONE, F("cellphone_number")),
        C("last_ip", "varchar(45)", IP, F("ipv4_public")),
        C("locked", "boolean", NONE, lambda r: r.rng.random() < 0.02),
    )
    return CorpusSchema(
        "umbrella_gb",
        TUNING,
        "en_GB",
        "en",
        "lower snake_case, payroll shorthand",
        "UK umbrella company: contractors, bank, timesheets, payslips, CIS subcontractors, absence, "
        "court orders, portal accounts",
        seed=2301,
        tables=(worker, bank, timesheet, payslip, subcontractor, absence, deduction_order, portal),
    )


def _magento_street(r: Row) -> str:
    """Magento keeps the street lines of an address in one column, joined by a newline."""
    line = str(r.fake.street_address())
    return line if r.rng.random() < 0.7 else f"{line}\n{r.fake.secondary_address()}"


def _magento_hash(r: Row) -> str:
    salt = "".join(r.rng.choice(string.ascii_letters + string.digits) for _ in range(32))
    return f"{hex_digest(r)}:{salt}:1"


def _grid_address(r: Row) -> str:
    return f"{r.fake.street_address()},{r.fake.city()},{r.rng.choice(US_STATES)},{r.fake.zipcode()}"


def _magento_us() -> CorpusSchema:
    """A US store on Magento 2 with a multi-vendor marketplace extension: Magento's own table and
    column names, lower snake_case without separators inside words (`firstname`, `postcode`,
    `cc_owner`) (en_US). Written for the tuning set without looking at the held-out schemas."""
    customer = T(
        "customer_entity",
        C("entity_id", "integer", NONE, seq(), pk=True),
        C("website_id", "smallint", NONE, pick((1, 1, 2))),
        C("email", "varchar(255)", EMAIL, F("email")),
        C("group_id", "smallint", NONE, pick((1, 1, 2, 3))),
        C("created_at", "timestamp", NONE, stamps("2016-01-01", "2024-12-31")),
        C("prefix", "varchar(40)", NONE, maybe(pick(("Mr.", "Mrs.", "Ms.", "Dr.")), 0.7)),
        C("firstname", "varchar(255)", FIRST, F("first_name")),
        C("middlename", "varchar(255)", FIRST, maybe(F("first_name"), 0.8)),
        C("lastname", "varchar(255)", LAST, F("last_name")),
        C("suffix", "varchar(40)", NONE, maybe(pick(("Jr.", "Sr.", "III")), 0.95)),
        C("dob", "date", DOB, maybe(birth_dates(), 0.5)),
        C("password_hash", "varchar(128)", PASSWORD, _magento_hash),
        C("gender", "smallint", OTHER, maybe(pick((1, 2, 3)), 0.4)),
        C("failures_num", "smallint", NONE, wpick({0: 0.9, 1: 0.07, 2: 0.03})),
    )
    address = T(
        "customer_address_entity",
        C("entity_id", "integer", NONE, seq(), pk=True),
        C("parent_id", "integer", NONE, ref=("customer_entity", "entity_id")),
        C("city", "varchar(255)", CITY, F("city")),
        C("company", "varchar(255)", NONE, maybe(F("company"), 0.85)),
        C("country_id", "varchar(2)", COUNTRY, home_country("US", ("CA", "MX", "GB"), 0.95)),
        C("fax", "varchar(255)", PHONE, maybe(F("phone_number"), 0.9)),
        C("firstname", "varchar(255)", FIRST, F("first_name")),
        C("lastname", "varchar(255)", LAST, F("last_name")),
        C("postcode", "varchar(255)", POSTAL, F("zipcode")),
        C("region", "varchar(255)", ADDRESS, F("state")),
        C("region_id", "integer", NONE, ints(1, 65)),
        C("street", "text", ADDRESS, _magento_street),
        C("telephone", "varchar(255)", PHONE, F("phone_number")),
        C(
            "vat_id",
            "varchar(255)",
            NONE,
            maybe(lambda r: f"{digit_string(r, 2)}-{digit_string(r, 7)}", 0.95),
        ),
    )
    order = T(
        "sales_order",
        C("entity_id", "integer", NONE, seq(), pk=True),
        C("increment_id", "varchar(32)", NONE, code("{:09d}", 100000001)),
        C("state", "varchar(32)", NONE, pick(("new", "processing", "complete", "canceled", "closed"))),
        C("status", "varchar(32)", NONE, pick(("pending", "processing", "complete", "canceled"))),
        C("customer_id", "integer", NONE, ref=("customer_entity", "entity_id")),
        C("customer_email", "varchar(128)", EMAIL, F("email")),
        C("customer_firstname", "varchar(128)", FIRST, F("first_name")),
        C("customer_lastname", "varchar(128)", LAST, F("last_name")),
        C(
            "customer_dob",
            "timestamp",
            DOB,
            maybe(lambda r: datetime(1960, 1, 1) + timedelta(days=r.rng.randint(0, 15000)), 0.7),
        ),
        C("customer_is_guest", "smallint", NONE, wpick({0: 0.8, 1: 0.2})),
        C("remote_ip", "varchar(45)", IP, F("ipv4_public")),
        C("x_forwarded_for", "varchar(255)", IP, maybe(F("ipv4_public"), 0.8)),
        C("base_grand_total", "numeric(20,4)", NONE, money(10, 900, 4)),
        C("order_currency_code", "varchar(3)", NONE, pick(("USD", "USD", "CAD"))),
        C(
            "shipping_description",
            "varchar(255)",
            NONE,
            pick(("Flat Rate - Fixed", "UPS - Ground", "Free Shipping")),
        ),
        C("coupon_code", "varchar(255)", NONE, maybe(pick(("WELCOME10", "SPRING24", "FREESHIP")), 0.8)),
        C("weight", "numeric(12,4)", NONE, money(0.1, 30, 4)),
        C("created_at", "timestamp", NONE, stamps("2024-01-01", "2024-12-31")),
    )
    order_address = T(
        "sales_order_address",
        C("entity_id", "integer", NONE, seq(), pk=True),
        C("parent_id", "integer", NONE, ref=("sales_order", "entity_id")),
        C("address_type", "varchar(255)", NONE, pick(("billing", "shipping"))),
        C("firstname", "varchar(255)", FIRST, F("first_name")),
        C("lastname", "varchar(255)", LAST, F("last_name")),
        C("street", "varchar(255)", ADDRESS, _magento_street),
        C("city", "varchar(255)", CITY, F("city")),
        C("region", "varchar(255)", ADDRESS, F("state")),
        C("postcode", "varchar(255)", POSTAL, F("zipcode")),
        C("country_id", "varchar(2)", COUNTRY, home_country("US", ("CA", "MX"), 0.95)),
        C("telephone", "varchar(255)", PHONE, F("phone_number")),
        C("email", "varchar(255)", EMAIL, F("email")),
    )
    grid = T(
        "sales_order_grid",
        C("entity_id", "integer", NONE, seq(), pk=True),
        C("increment_id", "varchar(50)", NONE, code("{:09d}", 100000001)),
        C("billing_name", "varchar(255)", PERSON, F("name")),
        C("shipping_name", "varchar(255)", PERSON, F("name")),
        C("billing_address", "varchar(255)", ADDRESS, _grid_address),
        C("shipping_address", "varchar(255)", ADDRESS, _grid_address),
        C("customer_name", "varchar(255)", PERSON, F("name")),
        C("customer_email", "varchar(255)", EMAIL, F("email")),
        C("payment_method", "varchar(255)", NONE, pick(("checkmo", "braintree", "paypal_express"))),
        C("grand_total", "numeric(20,4)", NONE, money(10, 900, 4)),
    )
    payment = T(
        "sales_order_payment",
        C("entity_id", "integer", NONE, seq(), pk=True),
        C("parent_id", "integer", NONE, ref=("sales_order", "entity_id")),
        C("method", "varchar(128)", NONE, pick(("checkmo", "braintree", "paypal_express"))),
        C("cc_type", "varchar(32)", NONE, maybe(pick(("VI", "MC", "AE", "DI")), 0.3)),
        C("cc_last_4", "varchar(100)", NONE, maybe(digits(4), 0.3)),
        C("cc_exp_month", "varchar(12)", NONE, maybe(lambda r: str(r.rng.randint(1, 12)), 0.3)),
        C("cc_exp_year", "varchar(4)", NONE, maybe(lambda r: str(r.rng.randint(2025, 2031)), 0.3)),
        C("cc_owner", "varchar(128)", PERSON, maybe(F("name"), 0.3)),
        C("cc_trans_id", "varchar(32)", NONE, maybe(lambda r: hex_digest(r, 8), 0.3)),
        C("echeck_account_name", "varchar(128)", PERSON, maybe(F("name"), 0.9)),
        C("echeck_routing_number", "varchar(32)", NONE, maybe(F("aba"), 0.9)),
        C("po_number", "varchar(32)", NONE, maybe(code("PO-{:06d}", 1000), 0.9)),
    )
    seller = T(
        "marketplace_userdata",
        C("entity_id", "integer", NONE, seq(), pk=True),
        C("seller_id", "integer", NONE, ref=("customer_entity", "entity_id")),
        C("is_seller", "smallint", NONE, pick((1,))),
        C(
            "shop_url",
            "varchar(255)",
            NONE,
            lambda r: f"{r.fake.word()}-{r.rng.choice(SHOP_WORDS).lower()}-{r.i}",
        ),
        C(
            "shop_title",
            "varchar(255)",
            NONE,
            lambda r: f"{r.fake.word().title()} {r.rng.choice(SHOP_WORDS)}",
        ),
        C("logo_pic", "varchar(255)", NONE, lambda r: f"logo/{uuid_of(r)}.png"),
        C("company_locality", "varchar(255)", NONE, F("city")),
        C(
            "company_description",
            "text",
            NONE,
            pick(("Handmade in small batches.", "Family-run since 2009.")),
        ),
        C("contact_number", "varchar(255)", PHONE, F("phone_number")),
        C("paypal_email", "varchar(255)", EMAIL, F("free_email")),
        C("commission_rate", "numeric(5,2)", NONE, pick((Decimal("10.00"), Decimal("12.50")))),
    )
    subscriber = T(
        "newsletter_subscriber",
        C("subscriber_id", "integer", NONE, seq(), pk=True),
        C("store_id", "smallint", NONE, pick((1, 2))),
        C("customer_id", "integer", NONE, ref=("customer_entity", "entity_id")),
        C("subscriber_email", "varchar(150)", EMAIL, F("email")),
        C("subscriber_status", "integer", NONE, pick((1, 2, 3))),
        C("subscriber_confirm_code", "varchar(32)", NONE, lambda r: hex_digest(r, 16)),
    )
    admin = T(
        "admin_user",
        C("user_id", "integer", NONE, seq(), pk=True),
        C("firstname", "varchar(32)", FIRST, F("first_name")),
        C("lastname", "varchar(32)", LAST, F("last_name")),
        C("email", "varchar(128)", EMAIL, name_email("firstname", "lastname", "shop.example.com")),
        C("username", "varchar(40)", USER, lambda r: f"{r.fake.user_name()}{r.i}"),
        C("password", "varchar(255)", PASSWORD, _magento_hash),
        C("logdate", "timestamp", NONE, stamps("2024-01-01", "2024-12-31")),
        C("lognum", "integer", NONE, ints(0, 900)),
        C("is_active", "smallint", NONE, pick((0, 1, 1, 1))),
    )
    return CorpusSchema(
        "magento_us",
        TUNING,
        "en_US",
        "en",
        "Magento 2 lower snake_case (firstname, postcode, cc_owner)",
        "US Magento 2 store with a marketplace extension: customers, addresses, orders, order grid, "
        "payments, sellers, newsletter, admins",
        seed=2302,
        tables=(customer, address, order, order_address, grid, payment, seller, subscriber, admin),
    )


# --- HELD-OUT schemas (do not tune the classifier on these: see the module docstring) ------------

INDUSTRIES = (
    "Software",
    "Manufacturing",
    "Healthcare",
    "Retail",
    "Logistics",
    "Financial Services",
    "Education",
)
LEAD_SOURCES = ("Web", "Referral", "Trade Show", "Cold Call", "Partner", "Webinar")
SUBJECTS = (
    "Follow-up on proposal",
    "Quarterly business review",
    "Demo of reporting module",
    "Contract renewal",
    "Intro call",
    "Pricing questions",
)


def _linkedin(r: Row) -> str:
    slug = url_slug(f"{r.v['firstName']} {r.v['lastName']}")
    return f"https://www.linkedin.com/in/{slug}-{r.rng.randint(100, 9999)}"


def _crm_saas() -> CorpusSchema:
    """A SaaS CRM whose ORM writes PascalCase tables and camelCase columns (en_US)."""
    users = T(
        "User",
        C("id", "uuid", NONE, uuid_of, pk=True),
        C("displayName", "varchar(80)", PERSON, lambda r: f"{r.fake.first_name()} {r.fake.last_name()}"),
        C(
            "userName",
            "varchar(40)",
            USER,
            lambda r: login_name(r, *r.v["displayName"].split(" ", 1)) + str(r.i),
            unique=True,
        ),
        C("workEmail", "varchar(120)", EMAIL, lambda r: f"{r.v['userName']}@northwindcrm.io", unique=True),
        C("passwordHash", "varchar(60)", PASSWORD, bcrypt_hash),
        C("mfaSecret", "varchar(32)", PASSWORD, maybe(base32_secret, 0.4)),
        C("lastLoginIp", "inet", IP, F("ipv4_public")),
        C(
            "timeZone",
            "varchar(40)",
            NONE,
            pick(("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")),
        ),
        C("locale", "varchar(10)", NONE, wpick({"en-US": 0.9, "es-US": 0.1})),
        C("isAdmin", "boolean", NONE, lambda r: r.rng.random() < 0.1),
    )
    accounts = T(
        "Account",
        C("id", "uuid", NONE, uuid_of, pk=True),
        C("accountName", "varchar(120)", NONE, F("company")),
        C("industry", "varchar(40)", NONE, pick(INDUSTRIES)),
        C(
            "websiteUrl",
            "varchar(160)",
            NONE,
            lambda r: f"https://www.{company_domain(r, r.v['accountName'])}",
        ),
        C("annualRevenue", "numeric(14,2)", NONE, money(100_000, 900_000_000, 0)),
        C("employeeCount", "integer", NONE, ints(5, 40_000)),
        C("billingCity", "varchar(60)", NONE, F("city")),
        C("billingCountry", "varchar(2)", NONE, wpick({"US": 0.85, "CA": 0.1, "GB": 0.05})),
        C("ownerEmail", "varchar(120)", EMAIL, ref=("User", "workEmail")),
        C("createdAt", "timestamptz", NONE, stamps("2018-01-01", "2024-12-31")),
    )
    contacts = T(
        "Contact",
        C("id", "uuid", NONE, uuid_of, pk=True),
        C("accountId", "uuid", NONE, ref=("Account", "id")),
        C("firstName", "varchar(40)", FIRST, F("first_name")),
        C("lastName", "varchar(40)", LAST, F("last_name")),
        C("jobTitle", "varchar(80)", NONE, F("job")),
        C("emailAddress", "varchar(120)", EMAIL, name_email("firstName", "lastName")),
        C("phoneNumber", "varchar(30)", PHONE, F("phone_number")),
        C("phoneExt", "varchar(5)", NONE, maybe(extension, 0.5)),
        C("mobilePhone", "varchar(30)", PHONE, maybe(F("phone_number"), 0.3)),
        C(
            "mailingAddress",
            "jsonb",
            ADDRESS,
            lambda r: {
                "street": r.fake.street_address(),
                "city": r.fake.city(),
                "state": r.rng.choice(US_STATES),
                "zip": r.fake.postcode(),
            },
        ),
        C("birthday", "date", DOB, maybe(birth_dates(), 0.6)),
        C("linkedinUrl", "varchar(160)", OTHER, maybe(_linkedin, 0.3)),
        C("leadSource", "varchar(20)", NONE, pick(LEAD_SOURCES)),
        C("doNotCall", "boolean", NONE, lambda r: r.rng.random() < 0.05),
        C("ownerId", "uuid", NONE, ref=("User", "id")),
    )
    leads = T(
        "Lead",
        C("id", "uuid", NONE, uuid_of, pk=True),
        C("fullName", "varchar(80)", PERSON, F("name")),
        C("companyName", "varchar(120)", NONE, F("company")),
        C(
            "email",
            "varchar(120)",
            EMAIL,
            lambda r: person_email(r, r.v["fullName"].split()[0], r.v["fullName"].split()[-1]),
        ),
        C("phone", "varchar(30)", PHONE, F("phone_number")),
        C(
            "country",
            "varchar(40)",
            COUNTRY,
            home_country("United States", ("Canada", "Mexico", "United Kingdom"), 0.9),
        ),
        C("postalCode", "varchar(10)", POSTAL, F("postcode")),
        C("ipAddress", "varchar(45)", IP, F("ipv4_public")),
        C(
            "utmCampaign",
            "varchar(40)",
            NONE,
            pick(("spring_promo_2024", "webinar_q3", "brand_search", "retargeting_eu", "newsletter")),
        ),
        C("score", "integer", NONE, ints(0, 100)),
        C("status", "varchar(20)", NONE, pick(("new", "working", "nurturing", "qualified", "disqualified"))),
    )
    activities = T(
        "Activity",
        C("id", "bigint", NONE, seq(), pk=True),
        C("contactId", "uuid", NONE, ref=("Contact", "id")),
        C("activityType", "varchar(12)", NONE, pick(("call", "email", "meeting", "task"))),
        C("subject", "varchar(120)", NONE, pick(SUBJECTS)),
        C("dueDate", "date", NONE, dates("2024-01-01", "2025-06-30")),
        C("durationMinutes", "integer", NONE, pick((15, 30, 45, 60))),
        C("createdBy", "varchar(40)", USER, ref=("User", "userName")),
    )
    return CorpusSchema(
        "crm_saas",
        HELD_OUT,
        "en_US",
        "en",
        "camelCase columns, PascalCase tables",
        "SaaS CRM: users, accounts (companies), contacts, leads, activities",
        seed=2101,
        tables=(users, accounts, contacts, leads, activities),
    )


SERVICES_FR = (
    "Comptabilité",
    "Ressources humaines",
    "Informatique",
    "Logistique",
    "Commercial",
    "Juridique",
    "Production",
)
MUTUELLES = ("Harmonie Mutuelle", "MGEN", "Malakoff Humanis", "AG2R La Mondiale", "Alan", "Apicil")
COMPLEMENTS_FR = (
    "Bâtiment B",
    "Appartement 12",
    "Résidence Les Pins",
    "Escalier C, 3e étage",
    "Lieu-dit La Croix",
)


def _nir(r: Row) -> str:
    raw = str(r.fake.ssn())
    if r.rng.random() < 0.5:
        return raw
    return f"{raw[0]} {raw[1:3]} {raw[3:5]} {raw[5:7]} {raw[7:10]} {raw[10:13]} {raw[13:]}"


def _rh_fr() -> CorpusSchema:
    """French HR and sales, accented identifiers ("prénom", "numéro_sécu") (fr_FR)."""
    salarie = T(
        "salarie",
        C("matricule", "varchar(8)", NONE, code("M{:05d}"), pk=True),
        C("nom", "varchar(40)", LAST, lambda r: r.fake.last_name().upper()),
        C("prénom", "varchar(40)", FIRST, F("first_name")),
        C("nom_de_naissance", "varchar(40)", LAST, maybe(lambda r: r.fake.last_name().upper(), 0.8)),
        C("date_naissance", "date", DOB, dates("1960-01-01", "2005-12-31")),
        C("lieu_naissance", "varchar(40)", CITY, F("city")),
        C("numéro_sécu", "varchar(21)", SSN, _nir),
        C("sexe", "char(1)", OTHER, pick("MF")),
        C("adresse", "varchar(80)", ADDRESS, street),
        C("complement_adresse", "varchar(60)", ADDRESS, maybe(pick(COMPLEMENTS_FR), 0.7)),
        C("code_postal", "char(5)", POSTAL, F("postcode")),
        C("ville", "varchar(40)", CITY, F("city")),
        C("téléphone", "varchar(20)", PHONE, phone_fr_mobile),
        C("poste_interne", "varchar(4)", NONE, extension),
        C(
            "courriel",
            "varchar(80)",
            EMAIL,
            from_row(lambda v: work_email(v["prénom"], v["nom"], "groupe-lemaire.fr")),
        ),
        C("date_embauche", "date", NONE, dates("1999-01-01", "2024-09-30")),
        C("service", "varchar(40)", NONE, pick(SERVICES_FR)),
        C("salaire_brut_annuel", "numeric(9,2)", SENSITIVE, money(22_000, 98_000)),
        C("rib_iban", "varchar(34)", IBAN, F("iban")),
        C("mutuelle", "varchar(40)", NONE, pick(MUTUELLES)),
        C("reconnaissance_handicap", "varchar(3)", SENSITIVE, wpick({"non": 0.93, "oui": 0.07})),
    )
    client = T(
        "client",
        C("id_client", "integer", NONE, seq(), pk=True),
        C("nom_complet", "varchar(80)", PERSON, lambda r: f"{r.fake.first_name()} {r.fake.last_name()}"),
        C("email", "varchar(80)", EMAIL, lambda r: person_email(r, *r.v["nom_complet"].split(" ", 1))),
        C("portable", "varchar(20)", PHONE, phone_fr_mobile),
        C("adresse_livraison", "varchar(120)", ADDRESS, street),
        C("cp", "char(5)", POSTAL, F("postcode")),
        C("commune", "varchar(40)", CITY, F("city")),
        C("pays", "varchar(30)", COUNTRY, home_country("France", ("Belgique", "Suisse", "Luxembourg"), 0.9)),
        C("date_inscription", "date", NONE, dates("2015-01-01", "2024-12-31")),
        C("derniere_ip", "varchar(45)", IP, F("ipv4_public")),
    )
    fournisseur = T(
        "fournisseur",
        C("id_fournisseur", "integer", NONE, seq(), pk=True),
        C("raison_sociale", "varchar(80)", NONE, lambda r: f"{r.fake.company()} {r.fake.company_suffix()}"),
        C("siret", "varchar(17)", NONE, F("siret")),
        C("numero_tva", "varchar(16)", NONE, F("vat_id")),
        C(
            "site_web",
            "varchar(120)",
            NONE,
            lambda r: f"https://www.{url_slug(r.v['raison_sociale']).replace('-', '')[:20]}.fr",
        ),
        C("nom_contact", "varchar(80)", PERSON, F("name")),
        C("tel_contact", "varchar(20)", PHONE, F("phone_number")),
    )
    commande = T(
        "commande",
        C("id_commande", "integer", NONE, seq(), pk=True),
        C("id_client", "integer", NONE, ref=("client", "id_client")),
        C("reference_commande", "varchar(14)", NONE, code("CMD-{:08d}", 24_000_000)),
        C("montant_ttc", "numeric(10,2)", NONE, money(9, 900)),
        C("devise", "char(3)", NONE, lambda r: "EUR"),
        C("statut", "varchar(12)", NONE, pick(("en_attente", "expédiée", "livrée", "annulée"))),
        C("numero_suivi", "varchar(16)", NONE, lambda r: "6A" + digit_string(r, 11)),
        C("date_commande", "date", NONE, dates("2022-01-01", "2024-12-31")),
    )
    return CorpusSchema(
        "rh_fr",
        HELD_OUT,
        "fr_FR",
        "fr",
        "snake_case French with accents",
        "French HR (salariés) and B2C sales (clients, fournisseurs, commandes)",
        seed=2102,
        tables=(salarie, client, fournisseur, commande),
    )


PRODUCTOS_ES = (
    "Zapatillas running",
    "Camiseta técnica",
    "Mochila urbana",
    "Sartén antiadherente",
    "Lámpara de mesa",
    "Auriculares inalámbricos",
)
MARCAS_ES = ("Kelme", "Joma", "Bra", "Lékué", "Taurus", "Cecotec", "Tous")


def _cif(r: Row) -> str:
    return r.rng.choice("ABG") + digit_string(r, 8)


def _tienda_es() -> CorpusSchema:
    """A Spanish retail chain: customers, shops, products, orders (es_ES)."""
    clientes = T(
        "clientes",
        C("id_cliente", "integer", NONE, seq(), pk=True),
        C("nombre", "varchar(40)", FIRST, F("first_name")),
        C("apellidos", "varchar(80)", LAST, lambda r: f"{r.fake.last_name()} {r.fake.last_name()}"),
        C("dni", "char(9)", SSN, lambda r: r.fake.nif() if r.rng.random() < 0.9 else r.fake.nie()),
        C("correo", "varchar(80)", EMAIL, name_email("nombre", "apellidos")),
        C(
            "telefono",
            "varchar(20)",
            PHONE,
            lambda r: phone_es_mobile(r) if r.rng.random() < 0.7 else r.fake.phone_number(),
        ),
        C("direccion", "varchar(120)", ADDRESS, street),
        C("cod_postal", "char(5)", POSTAL, F("postcode")),
        C("poblacion", "varchar(40)", CITY, F("city")),
        C("provincia", "varchar(30)", ADDRESS, F("state")),
        C("pais", "varchar(30)", COUNTRY, home_country("España", ("Portugal", "Francia", "Andorra"), 0.92)),
        C("fecha_alta", "date", NONE, dates("2014-01-01", "2024-12-31")),
        C("fecha_nac", "date", DOB, maybe(birth_dates(), 0.25)),
        C(
            "usuario",
            "varchar(40)",
            USER,
            lambda r: login_name(r, r.v["nombre"], r.v["apellidos"]) + str(r.i),
        ),
        C("contrasena", "varchar(60)", PASSWORD, bcrypt_hash),
    )
    tiendas = T(
        "tiendas",
        C("id_tienda", "integer", NONE, seq(), pk=True),
        C("nombre_tienda", "varchar(60)", NONE, lambda r: f"Deportes Sierra {r.fake.city()}"),
        C("direccion_tienda", "varchar(120)", NONE, street),
        C("latitud", "numeric(9,6)", NONE, coordinate(36.0, 43.7)),
        C("longitud", "numeric(9,6)", NONE, coordinate(-9.2, 3.3)),
        C("telefono_tienda", "varchar(20)", NONE, F("phone_number")),
        C("cif", "char(9)", NONE, _cif),
    )
    productos = T(
        "productos",
        C("id_producto", "integer", NONE, seq(), pk=True),
        C("nombre", "varchar(80)", NONE, lambda r: f"{r.rng.choice(PRODUCTOS_ES)} {r.rng.choice(MARCAS_ES)}"),
        C("marca", "varchar(30)", NONE, pick(MARCAS_ES)),
        C("referencia", "varchar(14)", NONE, lambda r: f"REF-{r.rng.randint(10, 99)}{r.i:05d}"),
        C("precio", "numeric(8,2)", NONE, money(3, 350)),
        C("moneda", "char(3)", NONE, lambda r: "EUR"),
        C(
            "url_imagen",
            "varchar(160)",
            NONE,
            lambda r: f"https://cdn.deportessierra.es/img/{r.v['referencia'].lower()}.webp",
        ),
        C(
            "categoria",
            "varchar(30)",
            NONE,
            pick(("Calzado", "Textil", "Hogar", "Electrónica", "Accesorios")),
        ),
    )
    pedidos = T(
        "pedidos",
        C("id_pedido", "integer", NONE, seq(), pk=True),
        C("id_cliente", "integer", NONE, ref=("clientes", "id_cliente")),
        C("id_tienda", "integer", NONE, ref=("tiendas", "id_tienda")),
        C("fecha_pedido", "timestamp", NONE, stamps("2022-01-01", "2024-12-31")),
        C("importe_total", "numeric(10,2)", NONE, money(5, 900)),
        C("estado", "varchar(12)", NONE, pick(("pendiente", "pagado", "enviado", "entregado", "devuelto"))),
        C("num_tarjeta", "varchar(19)", CARD, card_number),
        C(
            "titular_tarjeta",
            "varchar(80)",
            PERSON,
            lambda r: f"{r.fake.first_name()} {r.fake.last_name()}".upper(),
        ),
        C("codigo_seguimiento", "varchar(20)", NONE, lambda r: "PK" + digit_string(r, 14)),
        C("ip_cliente", "varchar(45)", IP, F("ipv4_public")),
    )
    return CorpusSchema(
        "tienda_es",
        HELD_OUT,
        "es_ES",
        "es",
        "snake_case Spanish",
        "Spanish retail: clientes, tiendas, productos, pedidos",
        seed=2103,
        tables=(clientes, tiendas, productos, pedidos),
    )


PRODUTOS_BR = (
    "Fone de Ouvido Bluetooth",
    "Cafeteira Elétrica 110V",
    "Tênis de Corrida",
    "Panela de Pressão 4,5L",
    "Mochila Executiva",
    "Luminária de Mesa LED",
)
COMPLEMENTOS_BR = ("Apto 101", "Casa 2", "Bloco B, Apto 34", "Fundos", "Sala 1203")


def _cep(postcode: str) -> str:
    digits_only = postcode.replace("-", "")
    return f"{digits_only[:5]}-{digits_only[5:]}"


def _rastreio(r: Row) -> str:
    letters = "".join(r.rng.choice(string.ascii_uppercase) for _ in range(2))
    return f"{letters}{digit_string(r, 9)}BR"


def _loja_br() -> CorpusSchema:
    """A Brazilian marketplace: clientes, vendedores (companies), produtos, pedidos (pt_BR)."""
    clientes = T(
        "clientes",
        C("id", "integer", NONE, seq(), pk=True),
        C("nome", "varchar(40)", FIRST, F("first_name")),
        C("sobrenome", "varchar(60)", LAST, F("last_name")),
        C("cpf", "char(14)", SSN, F("cpf")),
        C("rg", "varchar(12)", SSN, F("rg")),
        C("data_nascimento", "date", DOB, birth_dates()),
        C("genero", "varchar(12)", OTHER, wpick({"feminino": 0.5, "masculino": 0.48, "outro": 0.02})),
        C("email", "varchar(80)", EMAIL, name_email("nome", "sobrenome")),
        C("telefone", "varchar(20)", PHONE, maybe(F("phone_number"), 0.4)),
        C("celular", "varchar(20)", PHONE, F("cellphone_number")),
        C("endereco", "varchar(120)", ADDRESS, street),
        C("complemento", "varchar(40)", ADDRESS, maybe(pick(COMPLEMENTOS_BR), 0.6)),
        C("bairro", "varchar(40)", ADDRESS, F("bairro")),
        C("cidade", "varchar(40)", CITY, F("city")),
        C("uf", "char(2)", ADDRESS, F("estado_sigla")),
        C(
            "cep",
            "char(9)",
            POSTAL,
            lambda r: _cep(r.fake.postcode()),
        ),
        C("criado_em", "timestamp", NONE, stamps("2017-01-01", "2024-12-31")),
    )
    vendedores = T(
        "vendedores",
        C("id", "integer", NONE, seq(), pk=True),
        C("razao_social", "varchar(80)", NONE, lambda r: f"{r.fake.company()} {r.fake.company_suffix()}"),
        C(
            "nome_fantasia",
            "varchar(60)",
            NONE,
            lambda r: f"{r.rng.choice(('Casa', 'Mundo', 'Loja', 'Empório'))} {r.fake.last_name()}",
        ),
        C("cnpj", "char(18)", NONE, F("cnpj")),
        C("cidade", "varchar(40)", NONE, F("city")),
        C(
            "email_comercial",
            "varchar(80)",
            NONE,
            lambda r: (
                r.rng.choice(("contato", "vendas", "sac", "comercial"))
                + f"@{url_slug(r.v['nome_fantasia']).replace('-', '')}.com.br"
            ),
        ),
        C(
            "site",
            "varchar(120)",
            NONE,
            lambda r: f"https://www.{url_slug(r.v['nome_fantasia']).replace('-', '')}.com.br",
        ),
    )
    produtos = T(
        "produtos",
        C("id", "integer", NONE, seq(), pk=True),
        C("nome", "varchar(80)", NONE, pick(PRODUTOS_BR)),
        C(
            "descricao",
            "text",
            NONE,
            lambda r: f"{r.v['nome']} com garantia de {r.rng.choice((3, 6, 12))} meses.",
        ),
        C("preco", "numeric(10,2)", NONE, money(19, 2500)),
        C("moeda", "char(3)", NONE, lambda r: "BRL"),
        C("codigo_barras", "char(13)", NONE, F("ean13")),
        C(
            "imagem_url",
            "varchar(160)",
            NONE,
            lambda r: f"https://img.lojabrasil.com.br/produtos/{r.i + 1}/{url_slug(r.v['nome'])}.jpg",
        ),
        C("vendedor_id", "integer", NONE, ref=("vendedores", "id")),
    )
    pedidos = T(
        "pedidos",
        C("id", "integer", NONE, seq(), pk=True),
        C("cliente_id", "integer", NONE, ref=("clientes", "id")),
        C("data_pedido", "timestamp", NONE, stamps("2022-01-01", "2024-12-31")),
        C("valor_total", "numeric(10,2)", NONE, money(19, 5000)),
        C("forma_pagamento", "varchar(12)", NONE, pick(("pix", "boleto", "cartao", "cartao"))),
        C("status", "varchar(16)", NONE, pick(("aguardando", "pago", "enviado", "entregue", "cancelado"))),
        C(
            "nome_destinatario",
            "varchar(80)",
            PERSON,
            lambda r: f"{r.fake.first_name()} {r.fake.last_name()}",
        ),
        C("endereco_entrega", "varchar(160)", ADDRESS, street),
        C(
            "cep_entrega",
            "char(9)",
            POSTAL,
            lambda r: _cep(r.fake.postcode()),
        ),
        C("codigo_rastreio", "char(13)", NONE, _rastreio),
    )
    return CorpusSchema(
        "loja_br",
        HELD_OUT,
        "pt_BR",
        "pt",
        "snake_case Portuguese",
        "Brazilian marketplace: clientes, vendedores, produtos, pedidos",
        seed=2104,
        tables=(clientes, vendedores, produtos, pedidos),
    )


TUSSENVOEGSELS = ("van", "de", "van der", "van den", "den", "ter", "van 't")
KERKEN = {
    "Geen": 0.55,
    "Rooms-Katholiek": 0.2,
    "Protestantse Kerk in Nederland": 0.15,
    "Islamitisch": 0.06,
    "Joods": 0.01,
    "Overig": 0.03,
}
NATIONALITEITEN = ("Turkse", "Marokkaanse", "Duitse", "Belgische", "Poolse", "Surinaamse")
REGELINGEN = (
    "Parkeervergunning",
    "Omgevingsvergunning",
    "Kapvergunning",
    "Evenementenvergunning",
    "Standplaatsvergunning",
)
INDICATIES = (
    "Rolstoelafhankelijk",
    "Diabetes type 1",
    "Visuele beperking",
    "COPD",
    "Dementie",
    "Chronische pijn",
)


def _nl_postcode(r: Row) -> str:
    raw = str(r.fake.postcode()).replace(" ", "")
    return raw if r.rng.random() < 0.5 else f"{raw[:4]} {raw[4:]}"


def _gemeente_nl() -> CorpusSchema:
    """A Dutch municipality: residents, registered businesses, applications (nl_NL)."""
    inwoners = T(
        "inwoners",
        C("inwoner_id", "integer", NONE, seq(), pk=True),
        C("bsn", "char(9)", SSN, F("ssn")),
        C("voornaam", "varchar(40)", FIRST, F("first_name")),
        C("tussenvoegsel", "varchar(10)", LAST, maybe(pick(TUSSENVOEGSELS), 0.65)),
        C("achternaam", "varchar(60)", LAST, lambda r: r.fake.last_name().split(" ")[-1]),
        C("geboortedatum", "date", DOB, birth_dates()),
        C("geboorteplaats", "varchar(40)", CITY, F("city")),
        C("geslacht", "char(1)", OTHER, wpick({"M": 0.49, "V": 0.5, "X": 0.01})),
        C("straatnaam", "varchar(60)", ADDRESS, F("street_name")),
        C("huisnummer", "integer", ADDRESS, ints(1, 350)),
        C(
            "huisnummer_toevoeging",
            "varchar(6)",
            ADDRESS,
            maybe(pick(("A", "B", "bis", "2hg", "-1", "III")), 0.75),
        ),
        C("postcode", "varchar(7)", POSTAL, _nl_postcode),
        C("woonplaats", "varchar(40)", CITY, F("city")),
        C(
            "telefoonnummer",
            "varchar(20)",
            PHONE,
            lambda r: phone_nl_mobile(r) if r.rng.random() < 0.6 else r.fake.phone_number(),
        ),
        C("emailadres", "varchar(80)", EMAIL, maybe(name_email("voornaam", "achternaam"), 0.2)),
        C("nationaliteit", "varchar(30)", COUNTRY, home_country("Nederlandse", NATIONALITEITEN, 0.85)),
        C("kerkgenootschap", "varchar(40)", SENSITIVE, wpick(KERKEN)),
        C("iban", "varchar(34)", IBAN, F("iban")),
        C("inschrijfdatum", "date", NONE, dates("1990-01-01", "2024-12-31")),
    )
    bedrijven = T(
        "bedrijven",
        C("bedrijf_id", "integer", NONE, seq(), pk=True),
        C("handelsnaam", "varchar(80)", NONE, F("company")),
        C("kvk_nummer", "char(8)", NONE, digits(8, first_nonzero=True)),
        C("btw_nummer", "varchar(14)", NONE, F("vat_id")),
        C("vestigingsplaats", "varchar(40)", NONE, F("city")),
        C(
            "website",
            "varchar(120)",
            NONE,
            lambda r: f"https://www.{url_slug(r.v['handelsnaam']).replace('-', '')[:20]}.nl",
        ),
        C("contactpersoon", "varchar(80)", PERSON, F("name")),
    )
    aanvragen = T(
        "aanvragen",
        C("aanvraag_id", "integer", NONE, seq(), pk=True),
        C("inwoner_id", "integer", NONE, ref=("inwoners", "inwoner_id")),
        C("zaaknummer", "varchar(16)", NONE, code("Z-2024-{:06d}", 4100)),
        C("regeling", "varchar(60)", NONE, pick(REGELINGEN)),
        C("indieningsdatum", "date", NONE, dates("2023-01-01", "2024-12-31")),
        C("status", "varchar(20)", NONE, pick(("ontvangen", "in behandeling", "toegekend", "afgewezen"))),
        C("behandelaar", "varchar(80)", PERSON, F("name")),
        C("inkomen_per_maand", "numeric(8,2)", SENSITIVE, money(900, 6500)),
        C("medische_indicatie", "varchar(60)", SENSITIVE, maybe(pick(INDICATIES), 0.6)),
    )
    return CorpusSchema(
        "gemeente_nl",
        HELD_OUT,
        "nl_NL",
        "nl",
        "snake_case Dutch",
        "Dutch municipality: inwoners, bedrijven, aanvragen",
        seed=2105,
        tables=(inwoners, bedrijven, aanvragen),
    )


RACES = {
    "White": 0.6,
    "Black or African American": 0.13,
    "Asian": 0.06,
    "American Indian or Alaska Native": 0.01,
    "Native Hawaiian or Other Pacific Islander": 0.01,
    "Other Race": 0.05,
    "Declined to specify": 0.14,
}
FACILITIES = (
    "St. Mary Medical Center",
    "Riverside General Hospital",
    "Lakeview Clinic",
    "Mercy Outpatient Center",
)
SPECIALTIES_EN = (
    "Family Medicine",
    "Cardiology",
    "Internal Medicine",
    "Pediatrics",
    "Psychiatry",
    "Orthopedics",
    "Emergency Medicine",
)


def _clinical_note(r: Row) -> str:
    age = r.rng.randint(19, 88)
    return (
        f"{age} y/o presenting with {r.v['chief_complaint']}. Hx of {r.v['diagnosis_desc'].lower()}. "
        f"Plan: {r.rng.choice(PLANS_EN)}."
    )


def _hospital_us() -> CorpusSchema:
    """A US hospital's EHR extract: patients, providers, encounters, prescriptions (en_US)."""
    patients = T(
        "patients",
        C("patient_id", "integer", NONE, seq(), pk=True),
        C("mrn", "char(8)", OTHER, digits(8)),
        C("first_name", "varchar(40)", FIRST, F("first_name")),
        C("middle_name", "varchar(40)", FIRST, maybe(F("first_name"), 0.5)),
        C("last_name", "varchar(40)", LAST, F("last_name")),
        C("date_of_birth", "date", DOB, dates("1930-01-01", "2024-06-30")),
        C("sex", "char(1)", OTHER, wpick({"F": 0.51, "M": 0.48, "U": 0.01})),
        C("race", "varchar(50)", SENSITIVE, wpick(RACES)),
        C(
            "ethnicity",
            "varchar(30)",
            SENSITIVE,
            wpick({"Not Hispanic or Latino": 0.78, "Hispanic or Latino": 0.19, "Unknown": 0.03}),
        ),
        C("ssn", "char(11)", SSN, maybe(F("ssn"), 0.1)),
        C("street", "varchar(80)", ADDRESS, street),
        C("city", "varchar(40)", CITY, F("city")),
        C("state", "char(2)", ADDRESS, pick(US_STATES)),
        C("zip", "varchar(10)", POSTAL, F("postcode")),
        C("home_phone", "varchar(25)", PHONE, F("phone_number")),
        C("email", "varchar(80)", EMAIL, maybe(name_email("first_name", "last_name"), 0.3)),
        C("emergency_contact_name", "varchar(80)", PERSON, F("name")),
        C("emergency_contact_phone", "varchar(25)", PHONE, F("phone_number")),
        C("insurance_member_id", "varchar(12)", OTHER, lambda r: r.rng.choice("WXYZ") + digit_string(r, 9)),
        C("smoker", "boolean", SENSITIVE, lambda r: r.rng.random() < 0.14),
        C(
            "primary_language",
            "varchar(20)",
            NONE,
            wpick({"English": 0.8, "Spanish": 0.14, "Chinese": 0.03, "Vietnamese": 0.03}),
        ),
    )
    providers = T(
        "providers",
        C("provider_id", "integer", NONE, seq(), pk=True),
        C("npi", "char(10)", OTHER, npi),
        C(
            "provider_name",
            "varchar(80)",
            PERSON,
            lambda r: (
                f"{r.fake.first_name()} {r.fake.last_name()}, {r.rng.choice(('MD', 'DO', 'NP', 'PA-C'))}"
            ),
        ),
        C("specialty", "varchar(40)", NONE, pick(SPECIALTIES_EN)),
        C(
            "department",
            "varchar(40)",
            NONE,
            pick(("Inpatient", "Outpatient", "Emergency", "Behavioral Health")),
        ),
        C("pager_ext", "varchar(4)", NONE, extension),
    )
    encounters = T(
        "encounters",
        C("encounter_id", "integer", NONE, seq(), pk=True),
        C("patient_id", "integer", NONE, ref=("patients", "patient_id")),
        C("provider_id", "integer", NONE, ref=("providers", "provider_id")),
        C("admit_date", "date", NONE, dates("2022-01-01", "2024-12-31")),
        C("discharge_date", "date", NONE, lambda r: r.v["admit_date"] + timedelta(days=r.rng.randint(0, 9))),
        C("facility_name", "varchar(60)", NONE, pick(FACILITIES)),
        C("chief_complaint", "varchar(60)", SENSITIVE, pick(COMPLAINTS_EN)),
        C("icd10_code", "varchar(8)", SENSITIVE, lambda r: r.rng.choice(ICD10_EN)[0]),
        C("diagnosis_desc", "varchar(120)", SENSITIVE, lambda r: dict(ICD10_EN)[r.v["icd10_code"]]),
        C("clinical_notes", "text", SENSITIVE, _clinical_note),
    )
    prescriptions = T(
        "prescriptions",
        C("rx_id", "integer", NONE, seq(), pk=True),
        C("encounter_id", "integer", NONE, ref=("encounters", "encounter_id")),
        C("drug_name", "varchar(60)", SENSITIVE, lambda r: r.rng.choice(DRUGS_EN)[0]),
        C("ndc_code", "varchar(13)", SENSITIVE, lambda r: dict(DRUGS_EN)[r.v["drug_name"]]),
        C("quantity", "integer", NONE, pick((14, 30, 60, 90))),
        C("refills", "integer", NONE, ints(0, 5)),
        C(
            "pharmacy_name",
            "varchar(60)",
            NONE,
            lambda r: (
                r.rng.choice(("CVS Pharmacy", "Walgreens", "Rite Aid", "Kroger Pharmacy"))
                + f" #{r.rng.randint(1000, 9999)}"
            ),
        ),
        C("pharmacy_phone", "varchar(25)", NONE, F("phone_number")),
        C("prescribed_at", "timestamp", NONE, stamps("2022-01-01", "2024-12-31")),
    )
    return CorpusSchema(
        "hospital_us",
        HELD_OUT,
        "en_US",
        "en",
        "snake_case English",
        "US hospital EHR: patients, providers, encounters with diagnoses, prescriptions",
        seed=2106,
        tables=(patients, providers, encounters, prescriptions),
    )


def _category_path(r: Row) -> str:
    return r.rng.choice(
        (
            "Home > Kitchen > Cookware",
            "Sports > Outdoor > Hiking",
            "Electronics > Audio > Speakers",
            "Home > Decor > Pillows",
            "Office > Lighting",
        )
    )


def _marketplace_us() -> CorpusSchema:
    """An online marketplace: sellers, warehouses, products, buyers, orders -- mostly not personal (en_US)."""
    sellers = T(
        "sellers",
        C("seller_id", "integer", NONE, seq(), pk=True),
        C("company_name", "varchar(80)", NONE, F("company")),
        C(
            "legal_name",
            "varchar(100)",
            NONE,
            lambda r: f"{r.v['company_name']} {r.rng.choice(('LLC', 'Inc.', 'Corp.'))}",
        ),
        C("ein", "char(10)", NONE, F("ein")),
        C(
            "support_email",
            "varchar(80)",
            NONE,
            lambda r: (
                f"{r.rng.choice(('support', 'help', 'orders'))}@{company_domain(r, r.v['company_name'])}"
            ),
        ),
        C("website_url", "varchar(120)", NONE, lambda r: f"https://{r.v['support_email'].split('@')[1]}"),
        C("logo_path", "varchar(120)", NONE, lambda r: f"/static/sellers/{r.i + 1}/logo.png"),
        C("hq_city", "varchar(40)", NONE, F("city")),
        C(
            "hq_country_code",
            "char(2)",
            NONE,
            wpick({"US": 0.7, "CN": 0.15, "DE": 0.05, "GB": 0.05, "CA": 0.05}),
        ),
    )
    seller_contacts = T(
        "seller_contacts",
        C("contact_id", "integer", NONE, seq(), pk=True),
        C("seller_id", "integer", NONE, ref=("sellers", "seller_id")),
        C("contact_name", "varchar(80)", PERSON, lambda r: f"{r.fake.first_name()} {r.fake.last_name()}"),
        C("role", "varchar(30)", NONE, pick(("Account Manager", "Logistics Lead", "Owner", "Finance"))),
        C(
            "direct_email",
            "varchar(80)",
            EMAIL,
            lambda r: person_email(r, *r.v["contact_name"].split(" ", 1)),
        ),
        C("direct_phone", "varchar(25)", PHONE, F("phone_number")),
        C("phone_ext", "varchar(5)", NONE, maybe(extension, 0.6)),
    )
    warehouses = T(
        "warehouses",
        C("warehouse_id", "integer", NONE, seq(), pk=True),
        C(
            "warehouse_code",
            "varchar(10)",
            NONE,
            lambda r: f"WH-{r.rng.choice(('ATL', 'DFW', 'ONT', 'EWR', 'ORD'))}-{r.i:03d}",
        ),
        C("name", "varchar(60)", NONE, lambda r: f"{r.fake.city()} Fulfillment Center {r.rng.randint(1, 9)}"),
        C("street_address", "varchar(80)", NONE, street),
        C("latitude", "numeric(9,6)", NONE, coordinate(25.0, 48.5)),
        C("longitude", "numeric(9,6)", NONE, coordinate(-123.0, -70.0)),
        C(
            "timezone",
            "varchar(30)",
            NONE,
            pick(("America/New_York", "America/Chicago", "America/Los_Angeles")),
        ),
    )
    products = T(
        "products",
        C("product_id", "integer", NONE, seq(), pk=True),
        C("seller_id", "integer", NONE, ref=("sellers", "seller_id")),
        C("sku", "varchar(20)", NONE, lambda r: f"SKU-{r.rng.randint(100000, 999999)}"),
        C("gtin", "char(13)", NONE, F("ean13")),
        C("product_name", "varchar(100)", NONE, combine(PRODUCT_ADJ_EN, PRODUCT_NOUN_EN)),
        C("brand_name", "varchar(40)", NONE, pick(BRANDS_EN)),
        C(
            "model_number",
            "varchar(20)",
            NONE,
            lambda r: "".join(r.rng.choices(string.ascii_uppercase, k=2)) + f"-{r.rng.randint(100, 9999)}",
        ),
        C("list_price", "numeric(10,2)", NONE, money(4, 899)),
        C("currency", "char(3)", NONE, lambda r: "USD"),
        C("weight_kg", "numeric(6,2)", NONE, money(0.05, 30)),
        C("color", "varchar(20)", NONE, F("safe_color_name")),
        C(
            "thumbnail_url",
            "varchar(160)",
            NONE,
            lambda r: f"https://images.shopmarket.com/{r.v['sku'].lower()}/thumb.jpg",
        ),
        C("category_path", "varchar(80)", NONE, _category_path),
    )
    buyers = T(
        "buyers",
        C("buyer_id", "integer", NONE, seq(), pk=True),
        C("full_name", "varchar(80)", PERSON, lambda r: f"{r.fake.first_name()} {r.fake.last_name()}"),
        C("username", "varchar(40)", USER, lambda r: r.fake.user_name() + str(r.i)),
        C("email", "varchar(80)", EMAIL, lambda r: person_email(r, *r.v["full_name"].split(" ", 1))),
        C("phone", "varchar(25)", PHONE, maybe(F("phone_number"), 0.3)),
        C(
            "default_shipping_address",
            "varchar(160)",
            ADDRESS,
            lambda r: r.fake.address().replace("\n", ", "),
        ),
        C("zip_code", "varchar(10)", POSTAL, F("postcode")),
        C("registered_at", "timestamptz", NONE, stamps("2015-01-01", "2024-12-31")),
        C("last_ip", "inet", IP, lambda r: r.fake.ipv4_public() if r.rng.random() < 0.85 else r.fake.ipv6()),
    )
    orders = T(
        "orders",
        C("order_id", "bigint", NONE, seq(), pk=True),
        C("buyer_id", "integer", NONE, ref=("buyers", "buyer_id")),
        C(
            "order_number",
            "varchar(20)",
            NONE,
            lambda r: f"{r.rng.randint(100, 999)}-{digit_string(r, 7)}-{digit_string(r, 7)}",
        ),
        C(
            "order_status",
            "varchar(16)",
            NONE,
            pick(("pending", "shipped", "delivered", "cancelled", "refunded")),
        ),
        C("subtotal", "numeric(10,2)", NONE, money(4, 2500)),
        C("currency_code", "char(3)", NONE, wpick({"USD": 0.92, "CAD": 0.08})),
        C("shipping_method", "varchar(20)", NONE, pick(("standard", "expedited", "two_day", "same_day"))),
        C(
            "tracking_number",
            "varchar(22)",
            NONE,
            lambda r: "1Z" + "".join(r.rng.choice(string.ascii_uppercase + string.digits) for _ in range(16)),
        ),
        C("carrier", "varchar(10)", NONE, pick(("UPS", "USPS", "FedEx", "OnTrac"))),
        C(
            "coupon_code",
            "varchar(16)",
            NONE,
            maybe(pick(("SPRING10", "FREESHIP", "WELCOME5", "BFCM25")), 0.8),
        ),
        C("ordered_at", "timestamptz", NONE, stamps("2022-01-01", "2024-12-31")),
        C("recipient_name", "varchar(80)", PERSON, F("name")),
        C("shipping_zip", "varchar(10)", POSTAL, F("zipcode_plus4")),
    )
    returns = T(
        "returns",
        C("return_id", "integer", NONE, seq(), pk=True),
        C("order_id", "bigint", NONE, ref=("orders", "order_id")),
        C("rma_number", "varchar(12)", NONE, code("RMA{:08d}", 31_000_000)),
        C(
            "return_reason",
            "varchar(30)",
            NONE,
            pick(("damaged", "wrong item", "no longer needed", "defective")),
        ),
        C("pickup_name", "varchar(80)", PERSON, F("name")),
        C("pickup_address", "varchar(120)", ADDRESS, street),
        C("pickup_zip", "varchar(10)", POSTAL, F("postcode")),
        C("pickup_phone", "varchar(25)", PHONE, F("phone_number")),
        C("refund_amount", "numeric(10,2)", NONE, money(4, 900)),
        C("created_at", "timestamptz", NONE, stamps("2022-02-01", "2024-12-31")),
    )
    return CorpusSchema(
        "marketplace_us",
        HELD_OUT,
        "en_US",
        "en",
        "snake_case English",
        "online marketplace: sellers and their contacts, warehouses, products, buyers, orders, returns",
        seed=2107,
        tables=(sellers, seller_contacts, warehouses, products, buyers, orders, returns),
    )


TARIFFS = ("SIMO-12-30GB", "SIMO-24-UNL", "IOT-M2M-50MB", "IOT-M2M-1GB", "PAYG-10", "FAMILY-4x20GB")
DEVICE_MODELS = (
    ("Quectel", "BG96 tracker"),
    ("Teltonika", "FMB920"),
    ("Sierra Wireless", "RV55"),
    ("Samsung", "Galaxy A54"),
    ("Apple", "iPhone 14"),
    ("Nokia", "FastMile 5G"),
)
OPERATORS_GB = ("Vodafone UK", "EE", "O2", "Three")


def _mac(r: Row) -> str:
    return ":".join(f"{r.rng.getrandbits(8):02x}" for _ in range(6))


def _uk_number(r: Row) -> str:
    kind = r.rng.random()
    if kind < 0.5:
        return "+447" + r.rng.choice("45789") + digit_string(r, 8)
    if kind < 0.8:
        return f"07{r.rng.choice('45789')}{digit_string(r, 2)} {digit_string(r, 6)}"
    return f"0{r.rng.choice(('161', '113', '121', '141', '20'))} {digit_string(r, 3)} {digit_string(r, 4)}"


def _telco_iot_gb() -> CorpusSchema:
    """A UK mobile and IoT operator: subscribers, SIMs, devices, cell sites, call records (en_GB)."""
    subscribers = T(
        "subscribers",
        C("subscriber_id", "integer", NONE, seq(), pk=True),
        C("account_ref", "varchar(12)", NONE, code("ACC{:08d}", 40_000_000)),
        C("forename", "varchar(40)", FIRST, F("first_name")),
        C("surname", "varchar(40)", LAST, F("last_name")),
        C("dob", "date", DOB, birth_dates()),
        C("id_document_no", "varchar(12)", OTHER, F("passport_number")),
        C("home_address", "varchar(120)", ADDRESS, street),
        C("postcode", "varchar(10)", POSTAL, F("postcode")),
        C("contact_phone", "varchar(20)", PHONE, F("phone_number")),
        C("email", "varchar(80)", EMAIL, name_email("forename", "surname")),
        C("tariff_code", "varchar(16)", NONE, pick(TARIFFS)),
        C("contract_start", "date", NONE, dates("2018-01-01", "2024-12-31")),
    )
    sims = T(
        "sims",
        C("sim_id", "integer", NONE, seq(), pk=True),
        C("subscriber_id", "integer", NONE, ref=("subscribers", "subscriber_id")),
        C("iccid", "varchar(20)", OTHER, iccid, unique=True),
        C("msisdn", "varchar(15)", PHONE, msisdn_gb),
        C("imsi", "char(15)", OTHER, lambda r: "23415" + digit_string(r, 10)),
        C("puk_code", "char(8)", PASSWORD, digits(8)),
        C("activated_at", "timestamptz", NONE, stamps("2018-01-01", "2024-12-31")),
        C("status", "varchar(12)", NONE, pick(("active", "suspended", "ported_out", "barred"))),
    )
    cell_sites = T(
        "cell_sites",
        C("cell_id", "integer", NONE, seq(23_401_000), pk=True),
        C(
            "site_name",
            "varchar(40)",
            NONE,
            lambda r: (
                f"{r.rng.choice(('MANC', 'LDN', 'BHAM', 'GLAS', 'LEED'))}-"
                f"{r.rng.choice(('CITY', 'NORTH', 'SOUTH', 'RURAL'))}-{r.i:04d}"
            ),
        ),
        C("site_latitude", "numeric(9,6)", NONE, coordinate(50.2, 57.9)),
        C("site_longitude", "numeric(9,6)", NONE, coordinate(-5.5, 1.7)),
        C(
            "gateway_ip",
            "inet",
            NONE,
            lambda r: f"10.{r.rng.randint(0, 255)}.{r.rng.randint(0, 255)}.{r.rng.randint(1, 254)}",
        ),
        C("operator_name", "varchar(20)", NONE, pick(OPERATORS_GB)),
    )
    devices = T(
        "devices",
        C("device_id", "integer", NONE, seq(), pk=True),
        C("sim_id", "integer", NONE, ref=("sims", "sim_id")),
        C("imei", "char(15)", OTHER, imei),
        C("manufacturer", "varchar(30)", NONE, lambda r: r.rng.choice(DEVICE_MODELS)[0]),
        C("device_model", "varchar(30)", NONE, lambda r: dict(DEVICE_MODELS)[r.v["manufacturer"]]),
        C(
            "firmware_version",
            "varchar(12)",
            NONE,
            lambda r: f"v{r.rng.randint(1, 5)}.{r.rng.randint(0, 9)}.{r.rng.randint(0, 40)}",
        ),
        C("device_ip", "inet", IP, lambda r: r.fake.ipv4_public() if r.rng.random() < 0.7 else r.fake.ipv6()),
        C("mac_address", "macaddr", OTHER, _mac),
        C("last_seen_at", "timestamptz", NONE, stamps("2024-01-01", "2024-12-31")),
        C("last_lat", "numeric(9,6)", OTHER, coordinate(50.2, 57.9)),
        C("last_lon", "numeric(9,6)", OTHER, coordinate(-5.5, 1.7)),
    )
    usage = T(
        "usage_records",
        C("cdr_id", "bigint", NONE, seq(9_000_000_001), pk=True),
        C("sim_id", "integer", NONE, ref=("sims", "sim_id")),
        C("cell_id", "integer", NONE, ref=("cell_sites", "cell_id")),
        C("called_number", "varchar(16)", PHONE, _uk_number),
        C("call_start", "timestamptz", NONE, stamps("2024-06-01", "2024-06-30")),
        C("duration_s", "integer", NONE, ints(0, 3600)),
        C("bytes_up", "bigint", NONE, ints(0, 50_000_000)),
        C("apn", "varchar(30)", NONE, pick(("internet", "iot.telco.net", "mms.telco.co.uk"))),
        C("charge_gbp", "numeric(8,4)", NONE, money(0, 12, 4)),
    )
    staff = T(
        "staff_directory",
        C("staff_id", "integer", NONE, seq(), pk=True),
        C("name", "varchar(80)", PERSON, lambda r: f"{r.fake.first_name()} {r.fake.last_name()}"),
        C("phone", "varchar(20)", PHONE, F("phone_number")),
        C("ext", "varchar(4)", NONE, extension),
        C("team", "varchar(30)", NONE, pick(("Network Ops", "Billing", "Retail", "Fraud", "IoT Solutions"))),
        C("email", "varchar(80)", EMAIL, lambda r: work_email(*r.v["name"].split(" ", 1), "telco.co.uk")),
    )
    return CorpusSchema(
        "telco_iot_gb",
        HELD_OUT,
        "en_GB",
        "en",
        "snake_case English",
        "UK mobile/IoT operator: subscribers, SIMs, devices, cell sites, call records, staff directory",
        seed=2108,
        tables=(subscribers, sims, cell_sites, devices, usage, staff),
    )


MERCHANTS_GB = (
    ("TESCO STORES 2231", "5411"),
    ("AMZN MKTP UK", "5942"),
    ("TFL TRAVEL CHARGE", "4111"),
    ("PRET A MANGER", "5814"),
    ("SHELL 4412", "5541"),
    ("BOOTS 1187", "5912"),
    ("NETFLIX.COM", "4899"),
)


def _bank_gb() -> CorpusSchema:
    """A UK retail bank: customers, accounts, cards, card transactions, transfers (en_GB)."""
    customers = T(
        "customers",
        C("customer_id", "integer", NONE, seq(), pk=True),
        C("customer_number", "varchar(12)", NONE, code("CN-{:08d}", 10_000_000)),
        C("given_name", "varchar(40)", FIRST, F("first_name")),
        C("family_name", "varchar(40)", LAST, F("last_name")),
        C("date_of_birth", "date", DOB, dates("1940-01-01", "2006-06-30")),
        C("ni_number", "varchar(13)", SSN, nino),
        C("address_line_1", "varchar(80)", ADDRESS, street),
        C("address_line_2", "varchar(80)", ADDRESS, maybe(F("secondary_address"), 0.7)),
        C("town", "varchar(40)", CITY, F("city")),
        C("postcode", "varchar(10)", POSTAL, F("postcode")),
        C(
            "country",
            "varchar(30)",
            COUNTRY,
            home_country("United Kingdom", ("Ireland", "Isle of Man", "Jersey"), 0.95),
        ),
        C("mobile_no", "varchar(20)", PHONE, F("cellphone_number")),
        C("email", "varchar(80)", EMAIL, name_email("given_name", "family_name")),
        C("annual_income", "numeric(10,2)", SENSITIVE, money(9_000, 240_000, 0)),
        C("employer_name", "varchar(80)", NONE, F("company")),
        C("occupation", "varchar(80)", NONE, F("job")),
        C(
            "online_banking_id",
            "varchar(40)",
            USER,
            lambda r: login_name(r, r.v["given_name"], r.v["family_name"]) + str(r.i),
        ),
        C("memorable_word_hash", "varchar(120)", PASSWORD, pbkdf2_hash),
    )
    accounts = T(
        "accounts",
        C("account_id", "integer", NONE, seq(), pk=True),
        C("customer_id", "integer", NONE, ref=("customers", "customer_id")),
        C("iban", "varchar(34)", IBAN, F("iban")),
        C("sort_code", "char(8)", NONE, from_row(lambda v: gb_iban_parts(v["iban"])[0])),
        C("account_number", "char(8)", OTHER, from_row(lambda v: gb_iban_parts(v["iban"])[1])),
        C("bic", "varchar(11)", NONE, F("swift")),
        C(
            "account_holder",
            "varchar(80)",
            PERSON,
            lambda r: (
                f"{r.rng.choice(('MR', 'MRS', 'MS', 'DR'))} {r.fake.first_name()[:1]} "
                f"{r.fake.last_name().upper()}"
            ),
        ),
        C(
            "product_type",
            "varchar(20)",
            NONE,
            pick(("Current Account", "Instant Saver", "Cash ISA", "Joint Current")),
        ),
        C("currency", "char(3)", NONE, wpick({"GBP": 0.95, "EUR": 0.03, "USD": 0.02})),
        C("balance", "numeric(12,2)", NONE, money(-1500, 85_000)),
        C("opened_on", "date", NONE, dates("2005-01-01", "2024-12-31")),
    )
    cards = T(
        "cards",
        C("card_id", "integer", NONE, seq(), pk=True),
        C("account_id", "integer", NONE, ref=("accounts", "account_id")),
        C(
            "pan",
            "varchar(19)",
            CARD,
            lambda r: str(r.fake.credit_card_number(card_type=r.rng.choice(("visa16", "mastercard")))),
        ),
        C(
            "cardholder_name",
            "varchar(60)",
            PERSON,
            lambda r: f"{r.fake.first_name()} {r.fake.last_name()}".upper(),
        ),
        C("expiry", "char(5)", NONE, card_expiry),
        C("cvv", "char(3)", PASSWORD, digits(3)),
        C(
            "card_scheme",
            "varchar(12)",
            NONE,
            lambda r: "VISA" if str(r.v["pan"]).startswith("4") else "MASTERCARD",
        ),
        C("status", "varchar(12)", NONE, pick(("active", "blocked", "expired", "lost"))),
    )
    transactions = T(
        "card_transactions",
        C("txn_id", "bigint", NONE, seq(7_000_000_001), pk=True),
        C("card_id", "integer", NONE, ref=("cards", "card_id")),
        C("booked_at", "timestamptz", NONE, stamps("2024-01-01", "2024-12-31")),
        C("amount", "numeric(10,2)", NONE, money(0.5, 900)),
        C("currency", "char(3)", NONE, wpick({"GBP": 0.9, "EUR": 0.07, "USD": 0.03})),
        C("merchant_name", "varchar(40)", NONE, lambda r: r.rng.choice(MERCHANTS_GB)[0]),
        C("merchant_category_code", "char(4)", NONE, lambda r: dict(MERCHANTS_GB)[r.v["merchant_name"]]),
        C("channel", "varchar(12)", NONE, pick(("chip_pin", "contactless", "ecommerce", "atm"))),
    )
    transfers = T(
        "transfers",
        C("transfer_id", "bigint", NONE, seq(), pk=True),
        C("account_id", "integer", NONE, ref=("accounts", "account_id")),
        C("payee_name", "varchar(80)", PERSON, F("name")),
        C("payee_iban", "varchar(34)", IBAN, F("iban")),
        C("amount", "numeric(10,2)", NONE, money(5, 5000)),
        C(
            "reference",
            "varchar(18)",
            NONE,
            pick(("RENT", "Dinner split", "Invoice 4711", "Birthday", "Car deposit", "Holiday")),
        ),
        C("scheme", "varchar(16)", NONE, pick(("faster_payment", "bacs", "chaps"))),
        C("requested_at", "timestamptz", NONE, stamps("2024-01-01", "2024-12-31")),
    )
    return CorpusSchema(
        "bank_gb",
        HELD_OUT,
        "en_GB",
        "en",
        "snake_case English",
        "UK retail bank: customers, accounts, cards, card transactions, transfers",
        seed=2109,
        tables=(customers, accounts, cards, transactions, transfers),
    )


SPARTEN = ("Kfz", "Hausrat", "Haftpflicht", "Rechtsschutz", "Unfall", "Wohngebäude")
BERUFE = (
    "Kaufmann/-frau",
    "Elektriker/in",
    "Lehrer/in",
    "Krankenpfleger/in",
    "Ingenieur/in",
    "Verkäufer/in",
    "Rentner/in",
)
DIAGNOSEN_DE = (
    "Distorsion OSG rechts",
    "distale Radiusfraktur",
    "HWS-Distorsion",
    "Commotio cerebri",
    "Thoraxprellung",
    "Kreuzbandriss links",
)


def _versicherung_de() -> CorpusSchema:
    """A German insurer: policyholders, policies, claims, brokers; abbreviated German names (de_DE)."""
    vn = T(
        "versicherungsnehmer",
        C("vn_nr", "varchar(10)", NONE, code("VN{:07d}", 3_000_000), pk=True),
        C("vorname", "varchar(40)", FIRST, F("first_name")),
        C("name", "varchar(40)", LAST, F("last_name")),
        C("geb_datum", "date", DOB, dates("1940-01-01", "2006-06-30")),
        C("str_hausnr", "varchar(60)", ADDRESS, street),
        C("plz", "char(5)", POSTAL, F("postcode")),
        C("wohnort", "varchar(40)", CITY, F("city")),
        C("land", "char(2)", COUNTRY, home_country("DE", ("AT", "NL", "PL", "LU"), 0.95)),
        C("tel_nr", "varchar(25)", PHONE, maybe(F("phone_number"), 0.3)),
        C("mobil_nr", "varchar(25)", PHONE, phone_de_mobile),
        C("mail", "varchar(80)", EMAIL, maybe(name_email("vorname", "name"), 0.15)),
        C("steuer_identnr", "char(11)", SSN, steuer_id),
        C("beruf", "varchar(40)", NONE, pick(BERUFE)),
        C("kv_nr", "char(10)", OTHER, kv_nummer),
    )
    vermittler = T(
        "vermittler",
        C("vermittler_nr", "integer", NONE, seq(70_001), pk=True),
        C("firma", "varchar(80)", NONE, F("company")),
        C("ansprechpartner", "varchar(80)", PERSON, lambda r: f"{r.fake.first_name()} {r.fake.last_name()}"),
        C("telefon_zentrale", "varchar(25)", NONE, F("phone_number")),
        C("durchwahl", "varchar(4)", NONE, extension),
        C("mobil_ansprechpartner", "varchar(25)", PHONE, phone_de_mobile),
        C("provisionssatz", "numeric(4,2)", NONE, money(1, 12)),
    )
    policen = T(
        "policen",
        C("police_nr", "varchar(12)", NONE, code("P-{:09d}", 100_000_000), pk=True),
        C("vn_nr", "varchar(10)", NONE, ref=("versicherungsnehmer", "vn_nr")),
        C("vermittler_nr", "integer", NONE, ref=("vermittler", "vermittler_nr")),
        C("sparte", "varchar(20)", NONE, pick(SPARTEN)),
        C("beitrag_jaehrlich", "numeric(9,2)", NONE, money(40, 2400)),
        C(
            "zahlweise",
            "varchar(16)",
            NONE,
            pick(("monatlich", "vierteljährlich", "halbjährlich", "jährlich")),
        ),
        C("iban", "varchar(34)", IBAN, F("iban")),
        C("kontoinhaber", "varchar(80)", PERSON, F("name")),
        C(
            "kennzeichen",
            "varchar(12)",
            OTHER,
            lambda r: r.fake.license_plate() if r.v["sparte"] == "Kfz" else None,
        ),
        C("beginn", "date", NONE, dates("2010-01-01", "2024-12-31")),
    )
    schaeden = T(
        "schaeden",
        C("schaden_nr", "varchar(12)", NONE, code("S-{:08d}", 50_000_000), pk=True),
        C("police_nr", "varchar(12)", NONE, ref=("policen", "police_nr")),
        C("schadendatum", "date", NONE, dates("2020-01-01", "2024-12-31")),
        C("schadenhoehe", "numeric(10,2)", NONE, money(50, 48_000)),
        C("sachbearbeiter", "varchar(80)", PERSON, lambda r: f"{r.fake.first_name()} {r.fake.last_name()}"),
        C("diagnose", "varchar(60)", SENSITIVE, maybe(pick(DIAGNOSEN_DE), 0.55)),
        C("gutachter_firma", "varchar(80)", NONE, maybe(F("company"), 0.5)),
        C("status", "varchar(12)", NONE, pick(("offen", "in Prüfung", "reguliert", "abgelehnt"))),
    )
    return CorpusSchema(
        "versicherung_de",
        HELD_OUT,
        "de_DE",
        "de",
        "snake_case German, abbreviated",
        "German insurer: Versicherungsnehmer, Vermittler, Policen, Schäden",
        seed=2110,
        tables=(vn, vermittler, policen, schaeden),
    )


SICK_REASONS = (
    "Migraine",
    "Back pain",
    "Influenza",
    "Stress-related illness",
    "Gastroenteritis",
    "Post-operative recovery",
    "COVID-19",
)


def _payroll_gb() -> CorpusSchema:
    """A UK payroll bureau's system: terse lower-case abbreviations (en_GB)."""
    employees = T(
        "employees",
        C("emp_no", "integer", NONE, seq(20_001), pk=True),
        C("emp_fnm", "varchar(30)", FIRST, F("first_name")),
        C("emp_snm", "varchar(30)", LAST, F("last_name")),
        C("ni_no", "varchar(13)", SSN, nino),
        C("dob", "date", DOB, dates("1957-01-01", "2006-06-30")),
        C("addr_ln1", "varchar(60)", ADDRESS, street),
        C("addr_ln2", "varchar(60)", ADDRESS, maybe(F("secondary_address"), 0.7)),
        C("twn", "varchar(40)", CITY, F("city")),
        C("pst_cd", "varchar(8)", POSTAL, F("postcode")),
        C("hm_tel", "varchar(20)", PHONE, maybe(F("phone_number"), 0.4)),
        C("mob_no", "varchar(20)", PHONE, F("cellphone_number")),
        C("ext_no", "varchar(4)", NONE, extension),
        C(
            "wrk_eml",
            "varchar(80)",
            EMAIL,
            from_row(lambda v: work_email(v["emp_fnm"], v["emp_snm"], "brightwell-foods.co.uk")),
        ),
        C("nok_nm", "varchar(60)", PERSON, F("name")),
        C("nok_tel", "varchar(20)", PHONE, F("cellphone_number")),
        C("strt_dt", "date", NONE, dates("2000-01-01", "2024-09-30")),
        C("grd_cd", "varchar(3)", NONE, pick(("G2", "G3", "G4", "G5", "M1", "M2"))),
        C("dept_cd", "varchar(3)", NONE, pick(("FIN", "OPS", "HRS", "ITS", "SAL", "LOG"))),
        C("tu_mbr_flg", "char(1)", SENSITIVE, wpick({"N": 0.77, "Y": 0.23})),
        C(
            "login_id",
            "varchar(20)",
            USER,
            lambda r: ascii_fold(r.v["emp_fnm"])[:1] + ascii_fold(r.v["emp_snm"])[:7] + str(r.i),
        ),
    )
    pay_run = T(
        "pay_run",
        C("run_id", "integer", NONE, seq(), pk=True),
        C("emp_no", "integer", NONE, ref=("employees", "emp_no")),
        C("pay_dt", "date", NONE, lambda r: date(2024, r.rng.randint(1, 12), 25)),
        C("gross_pay", "numeric(9,2)", SENSITIVE, money(1_400, 9_500)),
        C(
            "net_pay",
            "numeric(9,2)",
            SENSITIVE,
            from_row(lambda v: (v["gross_pay"] * Decimal("0.74")).quantize(Decimal("0.01"))),
        ),
        C(
            "tax_cd",
            "varchar(6)",
            NONE,
            wpick({"1257L": 0.8, "BR": 0.08, "K475": 0.04, "D0": 0.04, "0T": 0.04}),
        ),
        C("ni_cat", "char(1)", NONE, wpick({"A": 0.85, "M": 0.05, "H": 0.03, "C": 0.05, "B": 0.02})),
        C(
            "bnk_srt_cd",
            "char(8)",
            NONE,
            lambda r: f"{r.rng.randint(10, 99)}-{r.rng.randint(10, 99)}-{r.rng.randint(10, 99)}",
        ),
        C("bnk_acc_no", "char(8)", OTHER, digits(8)),
        C("pay_ref", "varchar(18)", NONE, code("PAY2024-{:06d}")),
    )
    leave = T(
        "lv_req",
        C("lv_id", "integer", NONE, seq(), pk=True),
        C("emp_no", "integer", NONE, ref=("employees", "emp_no")),
        C("lv_typ", "varchar(4)", NONE, pick(("HOL", "COMP", "UNP", "TRN", "PAT"))),
        C("frm_dt", "date", NONE, dates("2024-01-01", "2024-12-20")),
        C("to_dt", "date", NONE, lambda r: r.v["frm_dt"] + timedelta(days=r.rng.randint(0, 14))),
        C("appr_by", "varchar(20)", USER, fk("employees", "login_id")),
    )
    sickness = T(
        "sick_abs",
        C("sick_id", "integer", NONE, seq(), pk=True),
        C("emp_no", "integer", NONE, ref=("employees", "emp_no")),
        C("frm_dt", "date", NONE, dates("2024-01-01", "2024-12-20")),
        C("days_lost", "integer", NONE, ints(1, 20)),
        C("sick_rsn", "varchar(40)", SENSITIVE, pick(SICK_REASONS)),
        C("fit_note_rcvd", "char(1)", NONE, wpick({"Y": 0.4, "N": 0.6})),
        C(
            "gp_practice",
            "varchar(60)",
            NONE,
            lambda r: f"{r.fake.city()} {r.rng.choice(('Medical Centre', 'Surgery', 'Health Centre'))}",
        ),
        C("rtw_by", "varchar(20)", USER, fk("employees", "login_id")),
    )
    return CorpusSchema(
        "payroll_gb",
        HELD_OUT,
        "en_GB",
        "en",
        "lower snake_case abbreviations",
        "UK payroll bureau: employees, pay runs, leave requests, sickness absences",
        seed=2111,
        tables=(employees, pay_run, leave, sickness),
    )


# --- the corpus ----------------------------------------------------------------------------------

SCHEMAS: tuple[CorpusSchema, ...] = (
    _erp_legacy(),
    _personal_de(),
    _boutique_gb(),
    _clinica_es(),
    _hrpay_uk(),
    _sellerhub_us(),
    _assekuranz_de(),
    _ehr_us(),
    _woningcorp_nl(),
    _autohaus_de(),
    _council_gb(),
    _rideshare_us(),
    _sagepay_gb(),
    _craftmarket_us(),
    _oracle_hr_gb(),
    _payroll_us(),
    _resale_us(),
    _zorg_nl(),
    _umbrella_gb(),
    _magento_us(),
    _crm_saas(),
    _rh_fr(),
    _tienda_es(),
    _loja_br(),
    _gemeente_nl(),
    _hospital_us(),
    _marketplace_us(),
    _telco_iot_gb(),
    _bank_gb(),
    _versicherung_de(),
    _payroll_gb(),
)


def schemas(split: Split | None = None) -> list[CorpusSchema]:
    return [s for s in SCHEMAS if split is None or s.split == split]


def get_schema(name: str) -> CorpusSchema:
    for schema in SCHEMAS:
        if schema.name == name:
            return schema
    raise KeyError(f"no corpus schema {name!r}; known: {', '.join(s.name for s in SCHEMAS)}")


def gold_labels(schema: CorpusSchema) -> dict[tuple[str, str], str]:
    """{(table, column): label} for every column of the schema."""
    return {(table.name, column.name): column.label for table in schema.tables for column in table.columns}


def table_seed(schema_seed: int, table: str) -> int:
    # zlib.crc32, not hash(): str hashes change from one interpreter run to the next.
    return schema_seed * 1_000_003 + zlib.crc32(table.encode("utf-8"))


def generate_rows(schema: CorpusSchema, *, seed: int | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of every table, in table order (parents before the tables referencing them).

    `seed` replaces the schema's own seed (the tests use it to show the seed is what decides)."""
    base = schema.seed if seed is None else seed
    generated: dict[str, dict[str, list[Any]]] = {}
    rows_by_table: dict[str, list[tuple[Any, ...]]] = {}
    for table in schema.tables:
        fake = Faker(schema.locale)
        fake.seed_instance(table_seed(base, table.name))
        rng = random.Random(table_seed(base, table.name) + 1)
        rows: list[tuple[Any, ...]] = []
        for i in range(table.rows):
            row = Row(i, fake, rng, generated)
            for column in table.columns:
                if column.gen is not None:
                    value = column.gen(row)
                elif column.ref is not None:
                    value = row.pick(*column.ref)
                else:
                    raise ValueError(f"{schema.name}.{table.name}.{column.name} has no generator")
                row.v[column.name] = value
            rows.append(tuple(row.v[c.name] for c in table.columns))
        for k, column in enumerate(table.columns):
            if column.pk or column.unique:
                values = [r[k] for r in rows]
                if len(set(values)) != len(values) or None in values:
                    raise ValueError(
                        f"{schema.name}.{table.name}.{column.name}: key values repeat or are NULL"
                    )
        generated[table.name] = {c.name: [r[k] for r in rows] for k, c in enumerate(table.columns)}
        rows_by_table[table.name] = rows
    return rows_by_table


def fingerprint(schema: CorpusSchema, rows: Mapping[str, Iterable[tuple[Any, ...]]]) -> str:
    """A digest of the structure and the rows: tells whether a loaded database is still current."""
    import hashlib

    digest = hashlib.sha256()
    for table in schema.tables:
        digest.update(
            json.dumps(
                [table.name, [(c.name, c.sql_type, c.pk, c.unique, c.ref) for c in table.columns]]
            ).encode()
        )
        for row in rows[table.name]:
            digest.update(json.dumps(row, default=str, ensure_ascii=False).encode())
    return digest.hexdigest()


def summary() -> list[dict[str, Any]]:
    """One line per schema: set, name, language, convention, tables, columns, labelled PII columns."""
    return [
        {
            "set": s.split,
            "schema": s.name,
            "locale": s.locale,
            "language": s.language,
            "convention": s.convention,
            "tables": len(s.tables),
            "columns": s.columns,
            "pii_columns": s.pii_columns,
            "description": s.description,
        }
        for s in SCHEMAS
    ]


if __name__ == "__main__":
    total = 0
    for line in summary():
        total += line["columns"]
        print(
            f"{line['set']:9} {line['schema']:16} {line['locale']:6} {line['tables']} tables "
            f"{line['columns']:3} columns {line['pii_columns']:3} PII  {line['convention']}"
        )
    print(f"total {total} labelled columns")
