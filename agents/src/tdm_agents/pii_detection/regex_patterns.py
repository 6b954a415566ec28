"""Value patterns (spec 5.2 "Regex"). Shapes only: checksums and ranges live in `validators.py`.

All patterns are anchored with `fullmatch` by their users: a value is classified as a whole, never by
a substring (a free-text comment containing an e-mail address is not an e-mail column).
"""

from __future__ import annotations

import re

# RFC 5322 is far looser; this is the practical subset that real address books contain.
EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)

# 12-19 digits, optionally grouped by single spaces or dashes (4-4-4-4, 4-6-5 for Amex...).
CARD_CANDIDATE = re.compile(r"\d(?:[ \-]?\d){11,18}")

IBAN_COMPACT = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")

SSN_FORMATTED = re.compile(r"(?P<area>\d{3})[\- ](?P<group>\d{2})[\- ](?P<serial>\d{4})")
NINE_DIGITS = re.compile(r"\d{9}")

IP_CHARS = re.compile(r"[0-9A-Fa-f:.%/a-zA-Z]+")

# Digits with the punctuation people put in phone numbers, an optional leading + and extension.
PHONE_CHARS = re.compile(r"\+?[\d\s().\-/]{6,30}(?:\s*(?:x|ext\.?|extension|#)\s*\d{1,6})?", re.IGNORECASE)
# Digit strings with phone punctuation that are something else: dates and decimal numbers.
NOT_A_PHONE = re.compile(r"\d{4}[\-/.]\d{1,2}[\-/.]\d{1,2}|\d{1,2}[\-/.]\d{1,2}[\-/.]\d{4}|-?\d+[.,]\d+")
PHONE_EXTENSION = re.compile(r"\s*(?:x|ext\.?|extension|#)\s*\d", re.IGNORECASE)

# Postal code shapes of common countries (upper-cased input).
POSTAL_CODES: dict[str, re.Pattern[str]] = {
    "us_zip": re.compile(r"\d{5}(?:-\d{4})?"),
    "five_digits": re.compile(r"\d{5}"),  # DE, FR, ES, IT, MX, ...
    "four_digits": re.compile(r"\d{4}"),  # AT, BE, CH, DK, NO, AU, ...
    "six_digits": re.compile(r"\d{6}"),  # IN, RU, CN, SG
    "gb": re.compile(r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}"),
    "ca": re.compile(r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d"),
    "nl": re.compile(r"\d{4}\s?[A-Z]{2}"),
    "br": re.compile(r"\d{5}-?\d{3}"),
    "pt_jp_pl": re.compile(r"\d{2,4}-\d{3,4}"),
    "se_cz": re.compile(r"\d{3}\s\d{2}"),
    # Eircode: the unique identifier mixes letters and digits ("D02 X285"), "E010001" is a code.
    "ie_eircode": re.compile(r"[A-Z](?:\d{2}|6W)\s?(?!\d{4}$)[A-Z\d]{4}"),
}

# Street types written before the name in Spanish and Portuguese addresses ("Callejón Desiderio Valbuena
# 77", "Recanto Gabrielly Viana, 81"), from the Spanish and Brazilian address type lists.
LEADING_STREET_TYPES = (
    r"calle|callej\u00f3n|callejon|cuesta|urbanizaci\u00f3n|urbanizacion|ronda|camino|v\u00eda|pasaje|"
    r"plaza|avenida|paseo|carretera|traves\u00eda|travesia|glorieta|rambla|alameda|ca\u00f1ada|acceso|"
    r"calzada|bajada|subida|pol\u00edgono|rua|travessa|largo|pra\u00e7a|praca|vila|viela|vereda|"
    r"rodovia|estrada|quadra|conjunto|residencial|s\u00edtio|ch\u00e1cara|fazenda|n\u00facleo|lagoa|"
    r"loteamento|setor|trecho|morro|jardim|ladeira|parque|p\u00e1tio|distrito|col\u00f4nia|"
    r"condom\u00ednio|esplanada|recanto|campo|aeroporto|feira|lago|vale|esta\u00e7\u00e3o"
)
# A house number and a street word, in either order ("47 MySakila Drive", "Rua Dr. Falcao Filho, 155",
# "Theodor-Heuss-Strasse 34").
STREET_WORDS = (
    r"street|st|road|rd|avenue|ave|av|boulevard|blvd|drive|dr|lane|ln|way|court|ct|place|pl|square|sq|"
    r"terrace|parkway|pkwy|highway|hwy|circle|cir|crescent|close|row|alley|trail|"
    r"strasse|str|stra\u00dfe|weg|gasse|platz|allee|ring|damm|"
    r"rue|chemin|all\u00e9e|impasse|quai|"
    r"calle|avenida|carrera|paseo|plaza|camino|"
    r"rua|travessa|largo|praca|pra\u00e7a|"
    r"straat|laan|plein|gracht|"
    r"via|viale|piazza|corso|vicolo"
)
STREET_ADDRESS = re.compile(
    rf"(?:\d+[A-Za-z]?[,\s]+(?:[\w.'\-]+\s+){{0,5}}(?:{STREET_WORDS})\b\.?.*"
    rf"|.*\b(?:{STREET_WORDS})\b\.?\s*[\w.'\-\s]*?,?\s*\d+[A-Za-z]?(?:[/\-]\d+)?.*"
    rf"|.*(?:strasse|stra\u00dfe|str\.|weg|gasse|straat|laan|platz|allee|ring|damm|ufer|chaussee|hof|kade|"
    rf"singel|dreef|steeg|markt|dijk|plein|gracht|boulevard|park)\s*\d+.*"
    rf"|(?:{LEADING_STREET_TYPES})\s+(?:[\w.'\-]+\s+){{0,5}}[\w.'\-]+,?\s+\d+[A-Za-z]?(?:[/\-]\d+)?"
    rf"(?:,?\s+(?:apt|apto|piso|puerta|bloco|casa|sala|andar|portal|esc)\.?\s*\w+)*\s*)",
    re.IGNORECASE,
)

# Street suffixes of the USPS list (Publication 28, appendix C1) and their British counterparts, less
# the ones that are common words in other text ("7 Day Pass", "2 Bed Flat", "3 Keys"): after a house
# number and a name they make a street address even when they are not a common street word.
STREET_SUFFIXES = (
    r"alley|annex|arcade|avenue|bayou|beach|bend|bluffs?|bottom|boulevard|branch|bridge|brooks?|"
    r"burgs?|bypass|camp|canyon|cape|causeway|circles?|cliffs?|common|corners?|courts?|coves?|creek|"
    r"crescent|crest|crossing|crossroad|curve|dale|dam|divide|drives?|estates?|expressway|falls?|"
    r"ferry|fields?|flats|fords?|forest|forges?|forks?|fort|freeway|gardens?|gateway|glens?|greens?|"
    r"groves?|harbou?rs?|haven|heights|highway|hills?|hollow|inlet|islands?|isle|junctions?|knolls?|"
    r"lakes?|landing|lane|lodge|loop|manors?|meadows?|mews|mills?|motorway|mount|mountains?|neck|"
    r"orchard|oval|overpass|parks?|parkways?|passage|path|pike|pines?|place|plains|plaza|points?|"
    r"prairie|ranch|rapids?|ridges?|river|roads?|row|run|shoals?|shores?|skyway|spur|spurs|squares?|"
    r"stravenue|stream|streets?|summit|terrace|throughway|trace|trafficway|trail|tunnel|turnpike|"
    r"underpass|valleys?|viaduct|views?|village|villages|ville|vista|walks?|way|ways|"
    r"close|rise|parade|wharf|gate|end|green|cottages|drove|wynd|chase|hill"
)
# "141 Carter Mountains", "17066 Heather Grove Apt. 915", "Flat 17, Janet Meadows".
NUMBERED_STREET = re.compile(
    rf"(?:(?:flat|apartment|apt|unit|studio|suite)\.?\s*\w+[,\s]+)?"
    rf"\d+[A-Za-z]?[,\s]+(?:[A-Za-z.'\-]+\s+){{0,4}}(?:{STREET_SUFFIXES})\.?"
    rf"(?:[,\s]+(?:apt|apartment|suite|ste|unit|flat|floor|fl|#)\.?\s*\w+)?"
    rf"|(?:flat|apartment|apt|unit|studio|suite)\.?\s*\w+[,\s]+(?:[A-Za-z.'\-]+\s+){{0,4}}"
    rf"(?:{STREET_SUFFIXES})\.?",
    re.IGNORECASE,
)

# Vehicle registration plates in national formats that no other code shares: GB (2001), French SIV and
# FNI, Spanish (2000), Italian, Portuguese, Brazilian Mercosur, Dutch side codes 4-9 and German (area,
# letters, digits, with their separators).
VEHICLE_PLATE = re.compile(
    r"[A-Z]{2}\d{2}\s?[A-Z]{3}"
    r"|[A-Z]{2}-\d{3}-[A-Z]{2}"
    r"|\d{4}\s?[BCDFGHJKLMNPRSTVWXYZ]{3}"
    r"|[A-Z]{2}\s\d{3}\s[A-Z]{2}"
    r"|[A-Z]{2}-\d{2}-[A-Z]{2}"
    r"|[A-Z]{3}\d[A-Z]\d{2}"
    r"|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z]"
    r"|[A-Z]-\d{2}-[A-Z]{3}|\d-[A-Z]{2}-\d{3}|\d{3}-[A-Z]{2}-\d"
    r"|[A-Z\u00c4\u00d6\u00dc]{1,3}[- ][A-Z]{1,2}[\s-]\d{1,4}[EH]?"
    r"|[A-Z]{2}\d{3}[A-Z]{2}|\d{1,4}-[A-Z]{1,3}-\d{2}|\d{2}-[A-Z]{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}"
)

# A street's name without a number: one to four words and a street suffix ("Jones Crescent", "Carter
# Mountains"); the detector leaves out names that start with a given name ("Mary Lane").
STREET_NAME = re.compile(
    rf"(?:[A-Za-z.'\-]+\s+){{1,4}}(?:{STREET_SUFFIXES})\.?"
    r"|(?:rue|avenue|boulevard|chemin|all\u00e9e|allee|impasse|place|quai|route|cours|passage|via|viale|"
    rf"piazza|vicolo|contrada|{LEADING_STREET_TYPES})\s+\S.{{0,50}}"
    r"|[^\W\d_][\w\-]*(?:strasse|stra\u00dfe|str\.|weg|gasse|platz|allee|straat|laan|plein|"
    r"gracht|kade|singel|dreef|steeg)",
    re.IGNORECASE,
)

# A position written as "latitude,longitude" in one text ("51.5072,-0.1276", "POINT(-0.12 51.5)").
COORDINATE_PAIR = re.compile(
    r"\(?\s*-?\d{1,3}\.\d{3,}\s*[,; ]\s*-?\d{1,3}\.\d{3,}\s*\)?"
    r"|POINT\s*\(\s*-?\d{1,3}\.\d+\s+-?\d{1,3}\.\d+\s*\)",
    re.IGNORECASE,
)

# Stored credentials: hex digests (MD5/SHA-1/SHA-256/SHA-512), bcrypt, argon2, crypt(3) SHA formats.
PASSWORD_HASH = re.compile(
    r"(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{128}"
    r"|\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}"
    r"|\$argon2(?:id|i|d)\$\S+"
    r"|\$[156]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}"
    r"|(?:pbkdf2|scrypt)[_:$]\S+)"
)

# One to six words of letters (any script) with the punctuation of names: O'Neil, Jean-Luc, St. John,
# "Mara de Grunt-van der Horst", "Jessica María Manuela Conde Galiano"; a comma may follow one
# ("Smith, John MD": surname first, as registries write it).
PERSON_NAME_SHAPE = re.compile(r"[^\W\d_][^\W\d_'\-.]*(?:(?:['\-.]|,)?\s?[^\W\d_][^\W\d_'\-.]*){0,5}\.?")

# Date strings (ISO-like and common day/month orders) for text columns holding dates.
ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T].*)?")
DMY_DATE = re.compile(r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})")
