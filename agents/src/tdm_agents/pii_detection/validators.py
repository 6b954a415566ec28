"""Checksums and structural rules that turn "looks like" into "is" for single values.

Evidence source "values": payment cards (IIN + Luhn), IBAN (mod 97), US SSN rules, e-mail syntax, IP
parsing, phone numbers (libphonenumber, plus the NANP structure for North American numbers in area
codes libphonenumber does not know), short internal extensions (what sits beside a company phone),
postal-code shapes, and values that are not personal: URLs, file paths, coordinates. National ids of
other countries and organisation/device ids are in `national_ids.py`.

Each function takes one string and answers True/False; they never raise on odd input. The per-column
rates built from them live in `detectors.py`.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException

from tdm_agents.pii_detection import regex_patterns as rx

# --- payment cards -------------------------------------------------------------------------------


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) checksum of card numbers, IMEIs and some national ids."""
    if not digits.isdigit() or len(digits) < 2:
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


# (IIN prefix range low, high, allowed lengths) for the schemes a test-data owner meets. Ranges are on
# the leading digits of the same width as the bounds (ISO/IEC 7812 issuer identification numbers).
_CARD_RANGES: tuple[tuple[int, int, frozenset[int], str], ...] = (
    (4, 4, frozenset({13, 16, 19}), "visa"),
    (51, 55, frozenset({16}), "mastercard"),
    (2221, 2720, frozenset({16}), "mastercard"),
    (34, 34, frozenset({15}), "amex"),
    (37, 37, frozenset({15}), "amex"),
    (6011, 6011, frozenset({16, 17, 18, 19}), "discover"),
    (644, 649, frozenset({16, 17, 18, 19}), "discover"),
    (65, 65, frozenset({16, 17, 18, 19}), "discover"),
    (3528, 3589, frozenset({16, 17, 18, 19}), "jcb"),
    (300, 305, frozenset({14, 15, 16, 17, 18, 19}), "diners"),
    (36, 36, frozenset({14, 15, 16, 17, 18, 19}), "diners"),
    (38, 39, frozenset({14, 15, 16, 17, 18, 19}), "diners"),
    (62, 62, frozenset({16, 17, 18, 19}), "unionpay"),
    (50, 50, frozenset({12, 13, 14, 15, 16, 17, 18, 19}), "maestro"),
    (56, 69, frozenset({12, 13, 14, 15, 16, 17, 18, 19}), "maestro"),
)


def card_scheme(digits: str) -> str | None:
    """The card scheme whose IIN range and length fit `digits` (no checksum test), else None."""
    if not digits.isdigit():
        return None
    for low, high, lengths, scheme in _CARD_RANGES:
        width = len(str(low))
        if len(digits) in lengths and low <= int(digits[:width]) <= high:
            return scheme
    return None


def is_credit_card(value: str) -> bool:
    """Card number with optional space/dash grouping: known IIN range, its length, and Luhn."""
    text = value.strip()
    if not rx.CARD_CANDIDATE.fullmatch(text):
        return False
    digits = re.sub(r"[ \-]", "", text)
    if len(set(digits)) == 1:  # 0000 0000 0000 0000 passes Luhn but is a placeholder
        return False
    return card_scheme(digits) is not None and luhn_valid(digits)


# --- IBAN ----------------------------------------------------------------------------------------

# Total IBAN length per country (SWIFT IBAN registry).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
    "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
    "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
    "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip


def iban_mod97(iban: str) -> int:
    """ISO 13616 / ISO 7064 mod 97-10 of a compact upper-case IBAN (valid IBANs give 1)."""
    rearranged = iban[4:] + iban[:4]
    remainder = 0
    for char in rearranged:
        chunk = str(int(char, 36))  # A=10 ... Z=35, digits as themselves
        for digit in chunk:
            remainder = (remainder * 10 + int(digit)) % 97
    return remainder


def is_iban(value: str) -> bool:
    compact = re.sub(r"[ \-]", "", value.strip()).upper()
    if not rx.IBAN_COMPACT.fullmatch(compact):
        return False
    expected = IBAN_LENGTHS.get(compact[:2])
    return expected == len(compact) and iban_mod97(compact) == 1


# --- US social security numbers ------------------------------------------------------------------


def ssn_parts_valid(area: str, group: str, serial: str) -> bool:
    """SSA rules: area not 000, 666 or 900-999; group not 00; serial not 0000."""
    if not (area.isdigit() and group.isdigit() and serial.isdigit()):
        return False
    if len(area) != 3 or len(group) != 2 or len(serial) != 4:
        return False
    area_number = int(area)
    if area_number in {0, 666} or area_number >= 900:
        return False
    return group != "00" and serial != "0000"


def is_ssn(value: str, *, allow_plain_digits: bool = False) -> bool:
    """123-45-6789 (or with spaces); a bare 9-digit number only when the caller has a name hint."""
    text = value.strip()
    match = rx.SSN_FORMATTED.fullmatch(text)
    if match:
        return ssn_parts_valid(match["area"], match["group"], match["serial"])
    if allow_plain_digits and rx.NINE_DIGITS.fullmatch(text):
        return ssn_parts_valid(text[:3], text[3:5], text[5:])
    return False


# --- e-mail, IP ----------------------------------------------------------------------------------


def is_email(value: str) -> bool:
    text = value.strip()
    if len(text) > 254 or not rx.EMAIL.fullmatch(text):
        return False
    local, _, domain = text.rpartition("@")
    return len(local) <= 64 and ".." not in text and not domain.startswith("-")


def ip_version(value: str) -> int | None:
    """4 or 6 for a literal IP address (optionally with a /prefix), else None."""
    text = value.strip()
    if not text or len(text) > 64 or not rx.IP_CHARS.fullmatch(text):
        return None
    try:
        return ipaddress.ip_interface(text).version
    except ValueError:
        return None


# --- phone numbers -------------------------------------------------------------------------------

# Regions tried for numbers written without a country code. The order matters only for speed; a number
# counts as a phone number when it is valid in any of them.
NATIONAL_REGIONS: tuple[str, ...] = (
    "US", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "PT", "BR", "CA", "AU", "IN", "CH", "AT", "IE", "SE",
    "NO", "DK", "FI", "PL", "CZ", "MX", "AR", "JP", "CN",
)  # fmt: skip


def phone_digits(value: str) -> str | None:
    """The digits of a phone-shaped string (7-15 digits, phone punctuation only), else None."""
    text = value.strip()
    if not rx.PHONE_CHARS.fullmatch(text) or rx.NOT_A_PHONE.fullmatch(text):
        return None
    core = rx.PHONE_EXTENSION.split(text, maxsplit=1)[0]
    digits = re.sub(r"\D", "", core)
    if not 7 <= len(digits) <= 15 or len(set(digits)) == 1:
        return None
    return digits


def is_formatted_phone(value: str) -> bool:
    """Written like a phone number: a leading + or grouping punctuation, not a bare run of digits."""
    text = value.strip()
    return phone_digits(text) is not None and (text.startswith("+") or not text.isdigit())


@lru_cache(maxsize=4096)
def is_valid_phone(value: str) -> bool:
    """Valid per libphonenumber: E.164 / international when it starts with + or 00, else national
    in one of NATIONAL_REGIONS. Bare digit runs also get a +-prefixed try (dumps often drop the +)."""
    text = value.strip()
    if phone_digits(text) is None:
        return False
    return _parsed_phone(text) is not None or is_nanp_phone(text)


@lru_cache(maxsize=4096)
def _parsed_phone(text: str) -> phonenumbers.PhoneNumber | None:
    """The first reading of `text` libphonenumber finds valid, if any (cached: the detectors ask
    whether a sampled number is valid, then what kind of line it is)."""
    candidates: list[tuple[str, str | None]] = []
    if text.startswith("+"):
        candidates.append((text, None))
    elif text.startswith("00"):
        candidates.append(("+" + text[2:], None))
    else:
        candidates.extend((text, region) for region in NATIONAL_REGIONS)
        if text.isdigit():
            candidates.append(("+" + text, None))
    for number, region in candidates:
        try:
            parsed = phonenumbers.parse(number, region)
        except NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return parsed
    return None


# Numbers only businesses have: freephone, premium rate, shared cost and national "universal access"
# numbers (1-800, 0800, 0845, 0180, 0900, 902 ...). A column of them is a company's lines.
_BUSINESS_LINE_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.UAN,
    }
)


def is_business_line(value: str) -> bool:
    """A valid freephone, premium-rate, shared-cost or universal-access number."""
    text = value.strip()
    if phone_digits(text) is None:
        return False
    parsed = _parsed_phone(text)
    return parsed is not None and phonenumbers.number_type(parsed) in _BUSINESS_LINE_TYPES


# North American numbering plan: [1] NPA NXX XXXX, area code and exchange starting 2-9. libphonenumber
# knows only the area codes in service; test data (and new overlays) use others, written the same way:
# "+1-294-641-1771x5162", "001-335-504-9258", "(555) 337-2153".
_NANP = re.compile(
    r"(?:\+?1[\s.\-]?|001[\s.\-]?)?\(?([2-9]\d{2})\)?[\s.\-]?([2-9]\d{2})[\s.\-]?(\d{4})"
    r"(?:\s*(?:x|ext\.?|extension|#)\s*\d{1,6})?",
    re.IGNORECASE,
)


def is_nanp_phone(value: str) -> bool:
    """A North American number by the numbering plan's structure (not by the list of live area codes)."""
    match = _NANP.fullmatch(value.strip())
    return match is not None and not (match[1][1:] == "11" or match[2][1:] == "11")


# Short internal extensions ("4711", "x204", "ext. 31"): what sits beside a company phone number.
_EXTENSION = re.compile(r"(?:x|ext\.?|durchwahl|dw\.?|poste|ramal|anexo|toestel)?\s*\d{2,5}", re.IGNORECASE)


def is_phone_extension(value: str) -> bool:
    """2-5 digits, optionally after "x"/"ext."/"DW": an internal extension, never a reachable number."""
    return bool(_EXTENSION.fullmatch(value.strip()))


# --- postal codes --------------------------------------------------------------------------------


def is_postal_code_shape(value: str) -> bool:
    """Shaped like a postal code of some country. Weak on its own (a 5-digit number is anything):
    the classifier uses it only to confirm a postal-code column name."""
    text = value.strip().upper()
    return any(pattern.fullmatch(text) for pattern in rx.POSTAL_CODES.values())


# --- things that are not personal ------------------------------------------------------------------

_URL = re.compile(r"(?:https?|ftp)://[^\s/$.?#][^\s]*|www\.[^\s]+\.[a-z]{2,}[^\s]*", re.IGNORECASE)
_PATH = re.compile(
    r"(?:[A-Za-z]:\\|\\\\|/|\./|\.\./|~/)[^\s<>|\"]*[/\\][^\s<>|\"]*|[\w\-./]+\.(?:jpe?g|png|gif|"
    r"webp|svg|pdf|docx?|xlsx?|csv|txt|html?|mp[34]|zip)",
    re.IGNORECASE,
)


def is_url(value: str) -> bool:
    return bool(_URL.fullmatch(value.strip()))


def is_file_path(value: str) -> bool:
    """A file path or a file name with a known extension ("/media/x/main-1.jpg", "C:\\docs\\a.pdf")."""
    text = value.strip()
    return " " not in text and bool(_PATH.fullmatch(text))


def coordinate_axis(value: object) -> str | None:
    """ "lat" for a number in [-90, 90], "lon" for one in [-180, 180] outside it, with at least three
    decimals (a coordinate is written precisely; an amount or a count is not); else None."""
    text = str(value).strip()
    if not re.fullmatch(r"-?\d{1,3}\.\d{3,}", text):
        return None
    number = float(text)
    if -90 <= number <= 90:
        return "lat"
    if -180 <= number <= 180:
        return "lon"
    return None
