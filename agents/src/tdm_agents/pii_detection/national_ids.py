"""Validators of identification numbers: of people (PII type `ssn`), of organisations (not PII) and of
devices (PII type `other` when they belong to a subscriber).

Evidence source "values". A check digit does not happen by accident: when most of a column's values
pass one of these, the column holds such numbers whatever it is called. Validators that are only a
shape (no check digit) are marked `strong=False` in `PERSON_IDS`: they confirm a name, they never label
a column on their own.

People: US SSN (in `validators`), UK NINO, German Steuer-ID (ISO 7064 MOD 11,10) and
Rentenversicherungsnummer, French NIR (mod 97), Spanish DNI/NIE (mod 23 letter) and NUSS (mod 97),
Dutch BSN (11-proef), Brazilian CPF (two mod 11 digits) and RG (shape), Italian codice fiscale (odd/even
table), Portuguese NIF (mod 11), Belgian national number (mod 97), Canadian SIN (Luhn).
Organisations (evidence *against* PII: "a company's tax number is no person's"): US EIN (shape), Brazilian
CNPJ (mod 11), French SIREN/SIRET (Luhn), EU VAT numbers (country shapes).
Devices: IMEI (Luhn), ICCID (89..., Luhn), IMSI (MCC range), MAC address.

Every function takes one string, never raises, and answers True/False.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from tdm_agents.pii_detection.validators import is_ssn, luhn_valid

_SEPARATORS = re.compile(r"[\s.\-/]")


@lru_cache(maxsize=1 << 12)
def _compact(value: str) -> str:
    """Without separators, upper-cased. Cached: every validator of the registry compacts the same value."""
    return _SEPARATORS.sub("", value.strip()).upper()


def _digits_ok(text: str, length: int) -> bool:
    return len(text) == length and text.isdigit() and len(set(text)) > 1


# --- people --------------------------------------------------------------------------------------

_NINO = re.compile(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]")
_NINO_NEVER = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})  # HMRC never allocates these


def is_uk_nino(value: str) -> bool:
    """UK National Insurance number: two letters (HMRC's allowed ones), six digits, A-D."""
    text = _compact(value)
    return bool(_NINO.fullmatch(text)) and text[:2] not in _NINO_NEVER


_NINO_SHAPE = re.compile(r"[A-Z]{2}\d{6}[A-Z]")


def is_uk_nino_shape(value: str) -> bool:
    """The shape of a National Insurance number whatever its prefix: test systems and generators use
    the unallocated "ZZ" (a name must confirm it; it is no proof alone)."""
    return bool(_NINO_SHAPE.fullmatch(_compact(value)))


def is_de_steuer_id(value: str) -> bool:
    """German tax id (Steuer-IdNr): 11 digits, no leading 0, one digit repeated in the first ten,
    ISO 7064 MOD 11,10 check digit."""
    text = _compact(value)
    if not _digits_ok(text, 11) or text[0] == "0":
        return False
    counts = [text[:10].count(d) for d in set(text[:10])]
    if sorted(counts, reverse=True)[0] not in (2, 3) or sum(1 for c in counts if c > 1) != 1:
        return False
    product = 10
    for char in text[:10]:
        total = (int(char) + product) % 10 or 10
        product = (total * 2) % 11
    check = 11 - product
    return (0 if check == 10 else check) == int(text[10])


_RV = re.compile(r"(\d{2})(\d{2})(\d{2})(\d{2})([A-Z])(\d{2})(\d)")
_RV_WEIGHTS = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)


def is_de_rv_shape(value: str) -> bool:
    """Written like a German pension insurance number (area, DDMMYY birth date, letter, serial, digit),
    check digit not verified: a name hint may rest on it, a label may not."""
    match = _RV.fullmatch(_compact(value))
    if not match:
        return False
    day, month = int(match[2]), int(match[3])
    return (1 <= day <= 31 or 51 <= day <= 81) and 1 <= month <= 12


def is_de_rv_nummer(value: str) -> bool:
    """German pension insurance number (Rentenversicherungs-/Sozialversicherungsnummer): area, birth date
    DDMMYY, initial of the birth name, serial, check digit over the letter's alphabet position."""
    match = _RV.fullmatch(_compact(value))
    if not match or not is_de_rv_shape(value):
        return False
    letter = f"{ord(match[5]) - 64:02d}"
    digits = match[1] + match[2] + match[3] + match[4] + letter + match[6]
    total = sum(sum(divmod(int(d) * w, 10)) for d, w in zip(digits, _RV_WEIGHTS, strict=True))
    return total % 10 == int(match[7])


_NIR = re.compile(r"([1-478])(\d{2})(\d{2})(\d{2}|2A|2B)(\d{3})(\d{3})(\d{2})")


def is_fr_nir(value: str) -> bool:
    """French social security number (NIR): sex, year, month, department (2A/2B), commune, order, key
    = 97 - number mod 97."""
    match = _NIR.fullmatch(_compact(value))
    if not match:
        return False
    department = {"2A": "19", "2B": "18"}.get(match[4], match[4])
    number = int(match[1] + match[2] + match[3] + department + match[5] + match[6])
    return 97 - number % 97 == int(match[7])


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_DNI = re.compile(r"([XYZ]?)(\d{7,8})([A-Z])")


def is_es_dni(value: str) -> bool:
    """Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter): mod 23 control letter."""
    match = _DNI.fullmatch(_compact(value))
    if not match:
        return False
    prefix, digits, letter = match[1], match[2], match[3]
    if (prefix and len(digits) != 7) or (not prefix and len(digits) != 8):
        return False
    number = int(str("XYZ".index(prefix)) + digits) if prefix else int(digits)
    return _DNI_LETTERS[number % 23] == letter


def is_es_nuss(value: str) -> bool:
    """Spanish social security number (NUSS): province, serial, two control digits = first ten mod 97."""
    text = _compact(value)
    if not _digits_ok(text, 12) or not 1 <= int(text[:2]) <= 66:
        return False
    return int(text[:10]) % 97 == int(text[10:])


def is_nl_bsn(value: str) -> bool:
    """Dutch citizen service number (BSN): 9 digits passing the 11-proef."""
    text = _compact(value)
    if len(text) == 8:
        text = "0" + text
    if not _digits_ok(text, 9):
        return False
    total = sum(int(d) * w for d, w in zip(text[:8], range(9, 1, -1), strict=True)) - int(text[8])
    return total % 11 == 0


def _mod11_digit(digits: str, start_weight: int) -> int:
    total = sum(int(d) * w for d, w in zip(digits, range(start_weight, 1, -1), strict=False))
    return (total * 10) % 11 % 10


def is_br_cpf(value: str) -> bool:
    """Brazilian CPF: 11 digits (often 000.000.000-00), two mod 11 check digits."""
    text = _compact(value)
    if not _digits_ok(text, 11):
        return False
    return _mod11_digit(text[:9], 10) == int(text[9]) and _mod11_digit(text[:10], 11) == int(text[10])


_RG = re.compile(r"\d{1,2}\.?\d{3}\.?\d{3}-?[\dX]")


def is_br_rg(value: str) -> bool:
    """Brazilian RG (identity card) as most states write it: 8 digits and a check character. Shape only:
    the check differs by state."""
    text = value.strip().upper()
    return bool(_RG.fullmatch(text)) and any(ch in text for ch in ".-")


_CF = re.compile(r"[A-Z]{6}[\dLMNPQRSTUV]{2}[A-EHLMPRST][\dLMNPQRSTUV]{2}[A-Z][\dLMNPQRSTUV]{3}[A-Z]")
_CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8,
         12, 14, 16, 10, 22, 25, 24, 23),
        strict=True,
    )
)  # fmt: skip


def is_it_codice_fiscale(value: str) -> bool:
    """Italian codice fiscale: 16 characters, check letter from the odd/even position tables."""
    text = _compact(value)
    if not _CF.fullmatch(text):
        return False
    total = 0
    for index, char in enumerate(text[:15]):
        if index % 2 == 0:  # 1st, 3rd, ... (1-based odd)
            total += _CF_ODD[char]
        else:
            total += int(char) if char.isdigit() else ord(char) - 65
    return chr(65 + total % 26) == text[15]


def _pt_nif_valid(text: str) -> bool:
    total = sum(int(d) * w for d, w in zip(text[:8], range(9, 1, -1), strict=True))
    check = 11 - total % 11
    return (0 if check >= 10 else check) == int(text[8])


def is_pt_nif_person(value: str) -> bool:
    """Portuguese tax number of a person: 9 digits starting 1-3, mod 11 check digit."""
    text = _compact(value)
    return _digits_ok(text, 9) and text[0] in "123" and _pt_nif_valid(text)


def is_be_national_number(value: str) -> bool:
    """Belgian national register number: YYMMDD, serial, 2 check digits (mod 97, with a 2 prefix after
    2000)."""
    text = _compact(value)
    if not _digits_ok(text, 11):
        return False
    body, check = int(text[:9]), int(text[9:])
    return 97 - body % 97 == check or 97 - int("2" + text[:9]) % 97 == check


def is_ca_sin(value: str) -> bool:
    """Canadian social insurance number: 9 digits, Luhn, not starting 0 or 8."""
    text = _compact(value)
    return _digits_ok(text, 9) and text[0] not in "08" and luhn_valid(text)


def is_us_ssn(value: str) -> bool:
    """US SSN written with separators (a bare 9-digit run proves nothing on its own)."""
    return is_ssn(value)


# --- organisations (evidence against PII) --------------------------------------------------------

_EIN = re.compile(r"\d{2}-\d{7}")


def is_us_ein(value: str) -> bool:
    """US employer identification number as written: NN-NNNNNNN (a company's federal tax id)."""
    text = value.strip()
    return bool(_EIN.fullmatch(text)) and text[:2] not in ("00", "07", "08", "09", "17", "18", "19", "28")


def is_br_cnpj(value: str) -> bool:
    """Brazilian company registry number (CNPJ): 14 digits, two mod 11 check digits."""
    text = _compact(value)
    if not _digits_ok(text, 14):
        return False

    def digit(body: str, weights: tuple[int, ...]) -> int:
        rest = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
        return 0 if rest < 2 else 11 - rest

    first = digit(text[:12], (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2))
    second = digit(text[:13], (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2))
    return first == int(text[12]) and second == int(text[13])


def is_fr_siren_siret(value: str) -> bool:
    """French company numbers: SIREN (9 digits) or SIRET (14 digits), Luhn. Only ever written with
    the 3-3-3(-5) grouping or compact."""
    text = _compact(value)
    if len(text) == 14:
        return _digits_ok(text, 14) and luhn_valid(text)
    # A compact 9-digit run passes Luhn one time in ten: only the written SIREN grouping counts.
    return _digits_ok(text, 9) and luhn_valid(text) and " " in value.strip()


_VAT = re.compile(
    r"(?:ATU\d{8}|BE[01]\d{9}|DE\d{9}|ES[A-Z]\d{7}[A-Z\d]|ES\d{8}[A-Z]|FR[A-HJ-NP-Z\d]{2}\d{9}"
    r"|GB\d{9}(?:\d{3})?|IT\d{11}|NL\d{9}B\d{2}|PT\d{9}|IE\d{7}[A-W][A-I]?|LU\d{8}|DK\d{8}"
    r"|SE\d{12}|PL\d{10}|CHE\d{9}(?:MWST|TVA|IVA)?)"
)
_CIF = re.compile(r"[ABCDEFGHJNPQRSUVW]\d{7}[\dA-J]")


def is_cif(value: str) -> bool:
    """Spanish company NIF (CIF): an entity letter, seven digits and a control digit or letter (a
    passport or licence number of a letter and eight digits fails the control nine times in ten)."""
    text = _compact(value)
    if not _CIF.fullmatch(text):
        return False
    digits = text[1:8]
    odd = sum(sum(divmod(2 * int(d), 10)) for d in digits[0::2])
    control = (10 - (odd + sum(int(d) for d in digits[1::2])) % 10) % 10
    return text[8] in (str(control), "JABCDEFGHI"[control])


def is_vat_number(value: str) -> bool:
    """EU/UK/Swiss VAT numbers with their country prefix, and Spanish company NIFs (CIF)."""
    text = _compact(value)
    return bool(_VAT.fullmatch(text)) or is_cif(text)


# --- devices -------------------------------------------------------------------------------------


def is_imei(value: str) -> bool:
    """IMEI: 15 digits (often grouped 2-6-6-1) with a Luhn check digit, and no payment-card IIN."""
    text = _compact(value)
    return _digits_ok(text, 15) and luhn_valid(text) and text[:2] not in ("34", "37")


def is_iccid(value: str) -> bool:
    """SIM card serial (ICCID): 19-20 digits starting 89 (telecom), Luhn over the first 19."""
    text = _compact(value)
    return text.isdigit() and len(text) in (19, 20) and text.startswith("89") and luhn_valid(text[:19])


def is_imsi(value: str) -> bool:
    """IMSI: 15 digits, a mobile country code (200-799) first."""
    text = _compact(value)
    return _digits_ok(text, 15) and 200 <= int(text[:3]) <= 799 and not luhn_valid(text)


_MAC = re.compile(
    r"[0-9A-F]{2}(?:([:\-])[0-9A-F]{2})(?:\1[0-9A-F]{2}){4}|[0-9A-F]{4}\.[0-9A-F]{4}\.[0-9A-F]{4}"
)


def is_mac_address(value: str) -> bool:
    return bool(_MAC.fullmatch(value.strip().upper()))


# ISO 3779 vehicle identification number: 17 characters of digits and capitals without I, O and Q (so
# they cannot be misread as 1 and 0). A random 17-character code avoids those three letters only one
# time in four, so a column of them is telling; the check digit (position 9) is North American only.
_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
_VIN_MIN_LETTERS = 2
_VIN_MIN_DIGITS = 3


def is_vin(value: str) -> bool:
    """A vehicle identification number (a person's car: a vehicle register links it to its keeper)."""
    text = value.strip().upper()
    if not _VIN.fullmatch(text):
        return False
    digits = sum(c.isdigit() for c in text)
    return digits >= _VIN_MIN_DIGITS and len(text) - digits >= _VIN_MIN_LETTERS


# --- registry ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdValidator:
    name: str
    check: Callable[[str], bool]
    # A strong validator (check digit over a distinctive format) may label a column from values alone.
    strong: bool = True


PERSON_IDS: tuple[IdValidator, ...] = (
    IdValidator("us_ssn", is_us_ssn),
    IdValidator("uk_nino", is_uk_nino),
    IdValidator("uk_nino_shape", is_uk_nino_shape, strong=False),
    IdValidator("de_steuer_id", is_de_steuer_id, strong=False),  # 11 plain digits
    IdValidator("de_rv_nummer", is_de_rv_nummer),
    IdValidator("de_rv_shape", is_de_rv_shape, strong=False),
    IdValidator("fr_nir", is_fr_nir),
    IdValidator("es_dni", is_es_dni),
    IdValidator("es_nuss", is_es_nuss, strong=False),
    IdValidator("nl_bsn", is_nl_bsn, strong=False),  # 9 plain digits: 1 in 11 pass by chance
    IdValidator("br_cpf", is_br_cpf, strong=False),
    IdValidator("br_rg", is_br_rg, strong=False),
    IdValidator("it_codice_fiscale", is_it_codice_fiscale),
    IdValidator("pt_nif", is_pt_nif_person, strong=False),
    IdValidator("be_national_number", is_be_national_number, strong=False),
    IdValidator("ca_sin", is_ca_sin, strong=False),
)
ORGANISATION_IDS: tuple[IdValidator, ...] = (
    IdValidator("us_ein", is_us_ein),
    IdValidator("br_cnpj", is_br_cnpj),
    IdValidator("fr_siren_siret", is_fr_siren_siret),
    IdValidator("vat_number", is_vat_number),
)
DEVICE_IDS: tuple[IdValidator, ...] = (
    IdValidator("imei", is_imei),
    IdValidator("iccid", is_iccid),
    IdValidator("imsi", is_imsi, strong=False),
    IdValidator("mac_address", is_mac_address),
    IdValidator("vin", is_vin),
)


def person_id_kinds(value: str) -> list[IdValidator]:
    """The person-id validators `value` passes (usually none or one)."""
    return [v for v in PERSON_IDS if v.check(value)]


def organisation_id_kind(value: str) -> str | None:
    return next((v.name for v in ORGANISATION_IDS if v.check(value)), None)


def device_id_kind(value: str) -> str | None:
    return next((v.name for v in DEVICE_IDS if v.check(value)), None)
