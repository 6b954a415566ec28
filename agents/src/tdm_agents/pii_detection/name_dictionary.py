"""Column-name dictionary: what a column's *name* says about its content, with table context.

A name is split into words (snake_case, camelCase, PascalCase, digits, accents stripped, and compounds
such as "emailaddress" or "telefonnummer" segmented against our vocabulary), then the longest dictionary
term found among consecutive words wins. Words around the term can cancel it ("address_id" is a key,
"email_verified" a flag, "is_mobile" a boolean) and a bare "name" is resolved through the table it
lives in ("customer.name" is a person, "genre.name" is not).

The dictionary covers English and common abbreviations plus German, French, Spanish, Portuguese, Dutch
and Italian. Confidences are the probability we would bet on the label from the name alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from tdm_agents.pii_detection.labels import PIIType
from tdm_agents.pii_detection.person_names import normalise_text, word_set

Need = Literal["location", "person_table"] | None


@dataclass(frozen=True)
class Term:
    pii_type: PIIType
    confidence: float
    # "location": only an address part when the table holds addresses (a "state" may be an order status).
    # "person_table": only personal when the table describes people (a staff photo, not a film poster).
    needs: Need = None
    # A bare "name"-like word: the real type comes from the entity it names (see `_resolve_bare_name`).
    bare_name: bool = False


def _terms(pii_type: PIIType, confidence: float, spellings: str, needs: Need = None) -> dict[str, Term]:
    """Spellings are snake_case for readability; they are stored joined ("first_name" -> "firstname")."""
    term = Term(pii_type, confidence, needs)
    return {spelling.replace("_", ""): term for spelling in spellings.split()}


P = PIIType
TERMS: dict[str, Term] = {
    **_terms(
        P.EMAIL,
        0.95,
        """email e_mail email_address mail_address e_mail_address courriel adresse_mail
        adresse_email correo correo_electronico emailadres mailadres email_adresse posta_elettronica""",
    ),
    **_terms(P.EMAIL, 0.75, "mail"),
    **_terms(
        P.PHONE,
        0.9,
        """phone phone_number phone_no phone_num phone_nr telephone telephone_number
        tel_no tel_nr tel_number mobile_phone mobile_number mobile_no mobile_nr cellphone cell_phone
        cell_number fax fax_number fax_no telefon telefonnummer telefax mobilnummer handynummer telefone
        telefono numero_telefono numero_de_telefono movil celular telefoon telefoonnummer mobiel cellulare
        msisdn contact_number contact_no phone_mobile landline""",
    ),
    **_terms(P.PHONE, 0.75, "tel mobile cell handy mobil gsm portable"),
    **_terms(
        P.FIRST_NAME,
        0.95,
        """first_name firstname first_nm given_name givenname forename forenames
        vorname prenom prenoms voornaam primer_nombre primeiro_nome nome_proprio name_first christian_name""",
    ),
    **_terms(P.FIRST_NAME, 0.85, "fname middle_name middlename mname"),
    **_terms(
        P.LAST_NAME,
        0.95,
        """last_name lastname last_nm surname sur_name family_name familyname
        nachname familienname nom_de_famille apellido apellidos primer_apellido segundo_apellido
        sobrenome apelido achternaam cognome maiden_name name_last""",
    ),
    **_terms(P.LAST_NAME, 0.85, "lname"),
    **_terms(
        P.PERSON_NAME,
        0.9,
        """full_name fullname complete_name person_name personname contact_name
        contact_person cardholder_name card_holder cardholder holder_name account_holder beneficiary_name
        nombre_completo nom_complet vollstandiger_name volledige_naam nome_completo addressee""",
    ),
    **_terms(P.PERSON_NAME, 0.7, "display_name"),
    **_terms(
        P.ADDRESS,
        0.9,
        """address street street_address streetaddress street_name street_number
        house_number housenumber house_no address_line addressline hausnummer strasse strassenname
        anschrift adresse direccion domicilio calle endereco morada logradouro adres straat straatnaam
        huisnummer indirizzo""",
    ),
    **_terms(P.ADDRESS, 0.85, "addr adr"),
    **_terms(P.ADDRESS, 0.8, "province provincia provincie county bundesland prefecture", needs="location"),
    **_terms(P.ADDRESS, 0.75, "state district region kanton", needs="location"),
    **_terms(
        P.CITY,
        0.9,
        """city city_name town stadt wohnort ville ciudad cidade localidad localidade
        municipio municipality plaats woonplaats citta comune localita""",
    ),
    **_terms(P.CITY, 0.7, "ort"),
    **_terms(P.COUNTRY, 0.9, "country country_name country_code countrycode pays pais paese"),
    **_terms(P.COUNTRY, 0.7, "land"),
    **_terms(
        P.POSTAL_CODE,
        0.9,
        """postal_code postalcode postcode post_code zipcode zip_code plz
        postleitzahl code_postal codepostal codigo_postal cod_postal postnummer postnr""",
    ),
    **_terms(P.POSTAL_CODE, 0.85, "zip cep"),
    **_terms(
        P.SSN,
        0.95,
        """ssn social_security_number social_security_no socialsecuritynumber
        social_security ssn_number national_id nationalid national_id_number national_identity_number
        national_insurance_number ni_number social_insurance_number burgerservicenummer bsn
        codice_fiscale codicefiscale steuer_id steuerid steueridentifikationsnummer
        sozialversicherungsnummer personnummer pesel aadhaar aadhar cpf curp itin""",
    ),
    **_terms(
        P.SSN,
        0.85,
        """nin nino nif dni nie svnr identity_number id_card_number personalausweis
        ausweisnummer""",
    ),
    **_terms(P.SSN, 0.75, "tax_id taxid personal_id nir"),
    **_terms(P.SSN, 0.6, "sin id_number"),
    **_terms(
        P.CREDIT_CARD,
        0.9,
        """credit_card creditcard credit_card_number cc_number ccnumber ccnum cc_num
        cc_no card_number cardnumber card_no cardno card_num primary_account_number debit_card kreditkarte
        kreditkartennummer kartennummer numero_tarjeta numero_carte carte_bancaire numero_cartao
        carta_di_credito""",
    ),
    **_terms(P.CREDIT_CARD, 0.75, "ccn tarjeta cartao"),
    **_terms(P.CREDIT_CARD, 0.65, "pan"),
    **_terms(P.IBAN, 0.95, "iban iban_number iban_code"),
    **_terms(
        P.DATE_OF_BIRTH,
        0.95,
        """dob date_of_birth dateofbirth birth_date birthdate birthday birth_dt
        born_on geburtsdatum geburtstag date_naissance date_de_naissance fecha_nacimiento
        fecha_de_nacimiento data_nascimento data_de_nascimento data_di_nascita geboortedatum""",
    ),
    **_terms(P.DATE_OF_BIRTH, 0.85, "bday bdate born year_of_birth birth_year"),
    **_terms(
        P.IP_ADDRESS,
        0.9,
        """ip ip_address ipaddress ip_addr ipaddr ipv4 ipv6 ip_v4 ip_v6 remote_addr
        remote_address client_ip remote_ip source_ip src_ip ip_adresse""",
    ),
    **_terms(
        P.USERNAME,
        0.9,
        """username user_name usr_name login_name loginname login_id user_login logon
        logon_name screen_name screenname benutzername nom_utilisateur nom_d_utilisateur nombre_usuario
        nombre_de_usuario nome_utente gebruikersnaam samaccountname user_principal_name""",
    ),
    **_terms(P.USERNAME, 0.8, "login nickname"),
    **_terms(P.USERNAME, 0.65, "uname nick handle upn"),
    **_terms(
        P.PASSWORD,
        0.95,
        """password passwd pwd passphrase password_hash passwordhash pw_hash pwhash
        pwd_hash hashed_password encrypted_password password_digest passwort kennwort mot_de_passe
        motdepasse contrasena senha wachtwoord""",
    ),
    **_terms(
        P.PASSWORD,
        0.75,
        """mdp api_key apikey secret_key access_token refresh_token auth_token
        session_token otp_secret totp_secret security_answer""",
    ),
    **_terms(P.PASSWORD, 0.6, "pass pw pin secret clave"),
    **_terms(
        P.OTHER,
        0.85,
        """passport passport_number passport_no reisepass passeport pasaporte
        passaporto driver_license drivers_license driving_licence driving_license drivers_licence
        license_number licence_number dl_number fuhrerschein bank_account bank_account_number
        account_number acct_number acct_no account_no kontonummer rekeningnummer numero_cuenta cvv cvc
        cvv2 card_verification""",
    ),
    **_terms(
        P.OTHER,
        0.8,
        """gender sex geschlecht sexe sexo genero ethnicity religion nationality
        nationalite nacionalidad marital_status salary income geolocation geo_location""",
    ),
    **_terms(P.OTHER, 0.6, "latitude longitude"),
    **_terms(P.OTHER, 0.7, "photo picture avatar signature fingerprint portrait", needs="person_table"),
    # Phrases that contain a PII word but are not PII; being longer, they beat the PII term inside them.
    **_terms(
        P.NONE,
        0.9,
        """mac_address macaddress hostname host_name server_name file_name filename
        table_name column_name domain_name last_update lastupdate last_updated first_value last_value
        ip_range email_template mail_server phone_code dial_code""",
    ),
}

# "name" and its translations: who is named depends on the entity (column prefix or table).
BARE_NAMES: dict[str, PIIType] = {
    "name": P.PERSON_NAME,
    "naam": P.PERSON_NAME,
    "nome": P.FIRST_NAME,  # Italian/Portuguese schemas pair nome with cognome/sobrenome
    "nombre": P.FIRST_NAME,  # Spanish schemas pair nombre with apellido
    "nom": P.LAST_NAME,  # French schemas pair nom with prenom
}

# Words next to a term that make the column describe the PII rather than hold it.
TRAILING_NEGATORS = word_set(
    """
    id ids key fk pk uuid guid ref idx seq count cnt type types kind status flag flags verified
    verification validated valid confirmed enabled disabled format fmt length len hint question
    policy strength expiry expires expired expiration changed updated update modified created reset
    attempts attempt sent bounced optin opt consent preference preferences domain server host port
    template subject body provider visibility visible required mask masked pattern regex rule rules
    label code prefix suffix extension ext at on date time ts timestamp index order sort rank score
    ratio rate pct percent total sum avg min max language lang locale timezone tz currency source
    channel category level tier version allowed enabled
    """
)
LEADING_NEGATORS = word_set(
    """
    is has num count cnt n total max min avg no allow use show hide send
    """
)

# Entities whose bare "name" is a person's name, and those whose is not.
PERSON_ENTITIES = word_set(
    """
    customer client cliente kunde klant staff employee emp actor person user member patient student
    contact author owner manager driver passenger guest holder cardholder beneficiary applicant
    subscriber teacher doctor physician nurse agent representative rep buyer seller recipient sender
    payee payer consumer visitor worker mitarbeiter personne persona pessoa utente dipendente
    medewerker werknemer empleado usuario utilisateur benutzer persoon lead prospect candidate
    traveler traveller tenant resident citizen individual insured policyholder borrower debtor
    spouse father mother parent child guardian emergency cust usr kunden
    """
)
NON_PERSON_ENTITIES = word_set(
    """
    artist genre category language album media mediatype playlist film movie product item company
    organization organisation org store shop branch department dept brand track song tag role team
    group project file document report event course vendor supplier manufacturer carrier bank
    institution school hospital warehouse location region state province district currency channel
    campaign plan service feature permission status type kind setting config job task queue skill
    book game app application device model table column schema database db bucket host server domain
    field attribute property param parameter metric sheet page class module package function method
    variable version stage step label title option menu widget color colour format template rule
    policy unit material ingredient recipe publisher studio network station airport airline route
    venue hotel room building site area zone section segment market industry sector partner merchant
    account
    """
)
CITY_ENTITIES = frozenset({"city", "town", "ville", "ciudad", "cidade", "stadt", "citta", "municipality"})
COUNTRY_ENTITIES = frozenset({"country", "pays", "pais", "paese", "land", "nation"})
LOCATION_ENTITIES = frozenset({"address", "addr", "location", "adresse", "direccion", "endereco", "adres"})

# Words that mark a column as part of a postal address; a table having one gives "state" its meaning.
LOCATION_WORDS = word_set(
    """
    address addr adr street city town postal postcode postalcode zip zipcode plz postleitzahl
    country adresse strasse anschrift direccion calle endereco morada adres straat indirizzo ville
    ciudad cidade stadt citta woonplaats plaats codepostal codigopostal cep
    """
)

# Words naming an event: a date column called after one is not a birth date ("hire_date").
EVENT_WORDS = word_set(
    """
    create created creation update updated modified modify insert inserted hire hired start started
    end ended due order ordered ship shipped shipping payment paid rental rent return returned
    invoice release released expiry expire expires expiration exp issue issued valid login logout
    transaction booking booked delivery delivered registration registered signup join joined close
    closed open opened effective termination terminated death died last first next previous sent
    received posted published scheduled approved cancelled canceled deleted archived purchase
    purchased sale sold visit event
    """
)

# Table-name words that say nothing about the entity ("tbl_customer", "dim_customer", "customer_master").
_TABLE_NOISE = word_set(
    """
    tbl tb t dim fact stg raw master data info detail details list lookup ref map hist history log
    archive v vw view src tmp temp new old all main core base app x
    """
)

# Everything segmentation may split a compound into, beyond the dictionary terms themselves.
_EXTRA_VOCAB = word_set(
    """
    billing bill shipping ship home work office mobile primary secondary alt alternate main personal
    business mailing postal residential current previous new old other private first last middle
    given family full number nummer numero num no nr code value line one two three customer user
    contact employee client member person account holder card bank date time day datum geburts
    nascimento nacimiento naissance e mail adresse hash hashed encrypted digest salt kennung
    verified valid type id key name names nom nome nombre naam city country street house zip post
    postal phone fax tel email
    """
)


@dataclass(frozen=True)
class NameMatch:
    """What the name says. pii_type None = no opinion; NONE = the name says "not PII"."""

    pii_type: PIIType | None
    confidence: float
    rule: str
    tokens: tuple[str, ...] = field(default_factory=tuple)
    # False when value patterns say nothing about this term (a "state" is no street address).
    checks_values: bool = True

    @property
    def has_opinion(self) -> bool:
        return self.pii_type is not None


# --- tokenising ----------------------------------------------------------------------------------

_CAMEL_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def tokenize(name: str) -> list[str]:
    """Split an identifier into lower-case, accent-free words (digits kept as their own tokens).

    "EmailAddress" -> [email, address]; "phoneNo" -> [phone, no]; "addr1" -> [addr, 1];
    "IPAddr" -> [ip, addr]; "e_mail" -> [e, mail]; "Prénom" -> [prenom].
    """
    ascii_name = normalise_text(name)
    # normalise_text lower-cases; re-apply the original case pattern so camelCase survives.
    if len(ascii_name) == len(name):
        ascii_name = "".join(a.upper() if o.isupper() else a for a, o in zip(ascii_name, name, strict=True))
    return [word.lower() for word in _CAMEL_WORDS.findall(ascii_name)]


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    words: set[str] = set(_EXTRA_VOCAB)
    words.update(TERMS)
    words.update(BARE_NAMES)
    words.update(TRAILING_NEGATORS, LEADING_NEGATORS, PERSON_ENTITIES, NON_PERSON_ENTITIES)
    words.update(CITY_ENTITIES, COUNTRY_ENTITIES, LOCATION_ENTITIES, LOCATION_WORDS)
    return frozenset(word for word in words if len(word) >= 2)


def _segment(token: str) -> list[str]:
    """Split a compound ("emailaddress", "billingcity") into vocabulary words; fewest pieces wins.

    A token that is itself a word, or that cannot be covered entirely by words, stays as it is: a
    substring match alone ("phonetic", "countryside") must never become a label.
    """
    vocab = _vocabulary()
    if token in vocab or len(token) < 5 or not token.isalpha():
        return [token]
    n = len(token)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(2, n + 1):
        for start in range(max(0, end - 30), end - 1):
            prefix = best[start]
            piece = token[start:end]
            if prefix is not None and piece in vocab:
                candidate = [*prefix, piece]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    result = best[n]
    return result if result is not None and len(result) > 1 else [token]


def split_words(name: str) -> list[str]:
    """Tokens with compounds segmented and digit tokens dropped ("address2" -> [address])."""
    words: list[str] = []
    for token in tokenize(name):
        if token.isdigit():
            continue
        words.extend(_segment(token))
    return words


def _singular(word: str) -> str:
    if word == "people":
        return "person"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


EntityKind = Literal["person", "non_person", "city", "country", "location"]


def _entity_of(words: list[str]) -> EntityKind | None:
    """The entity a list of words names, reading from the head noun (last word) backwards."""
    for raw in reversed(words):
        word = _singular(raw)
        if word in _TABLE_NOISE:
            continue
        if word in CITY_ENTITIES:
            return "city"
        if word in COUNTRY_ENTITIES:
            return "country"
        if word in LOCATION_ENTITIES:
            return "location"
        if word in PERSON_ENTITIES:
            return "person"
        if word in NON_PERSON_ENTITIES:
            return "non_person"
    return None


def table_entity(table: str) -> EntityKind | None:
    """What kind of thing a table's rows are, from its name ("customers" -> person)."""
    return _entity_of(split_words(table))


def has_event_word(column: str) -> bool:
    return any(word in EVENT_WORDS for word in split_words(column))


def has_location_word(column: str) -> bool:
    """True when a column name speaks of a postal address (also key columns such as city_id)."""
    return any(word in LOCATION_WORDS for word in split_words(column))


# --- matching ------------------------------------------------------------------------------------


def _resolve_bare_name(
    person_type: PIIType, before: list[str], table: str, words: tuple[str, ...]
) -> NameMatch:
    entity = _entity_of(before) if before else None
    source = "column prefix"
    if entity is None:
        entity = table_entity(table)
        source = "table"
    if entity == "person":
        return NameMatch(person_type, 0.85, f"name of a person ({source})", words)
    if entity == "city":
        return NameMatch(PIIType.CITY, 0.85, f"name of a city ({source})", words)
    if entity == "country":
        return NameMatch(PIIType.COUNTRY, 0.85, f"name of a country ({source})", words)
    if entity in ("non_person", "location"):
        return NameMatch(PIIType.NONE, 0.8, f"name of a non-person entity ({source})", words)
    # Unknown entity: maybe a person. Weak, so the values must confirm it (see merger).
    return NameMatch(person_type, 0.35, "name of an unknown entity", words)


def _best_term(words: tuple[str, ...]) -> tuple[int, int, str, Term] | None:
    """The dictionary term among consecutive words: longest phrase first, then confidence, then the later
    one (the head noun in English and German). Returns (start, end, phrase, term)."""
    best: tuple[int, float, int, int, str, Term] | None = None
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + 5) + 1):
            joined = "".join(words[start:end])
            if joined not in TERMS and joined not in BARE_NAMES:
                joined = _singular(joined)  # "emails", "addresses", "phones"
            term = TERMS.get(joined)
            if term is None and end == start + 1 and joined in BARE_NAMES:
                term = Term(BARE_NAMES[joined], 0.0, bare_name=True)
            if term is None:
                continue
            candidate = (len(joined), term.confidence, start, end, joined, term)
            if best is None or candidate[:3] >= best[:3]:
                best = candidate
    return None if best is None else best[2:]


def match_column_name(column: str, table: str = "", *, location_context: bool = False) -> NameMatch:
    """Classify a column by its name. `location_context`: the table has other address columns."""
    words = tuple(split_words(column))
    found = _best_term(words) if words else None
    if found is None:
        return NameMatch(None, 0.0, "no dictionary term" if words else "no words", words)
    start, end, joined, term = found
    before, after = list(words[:start]), list(words[end:])
    if term.pii_type is PIIType.NONE:
        return NameMatch(PIIType.NONE, term.confidence, f"not-PII phrase '{joined}'", words)
    negator = next((w for w in after if w in TRAILING_NEGATORS), None) or next(
        (w for w in before if w in LEADING_NEGATORS), None
    )
    if negator is not None:
        return NameMatch(PIIType.NONE, 0.8, f"'{joined}' qualified by '{negator}'", words)
    if term.bare_name:
        return _resolve_bare_name(term.pii_type, before, table, words)
    return _in_context(term, joined, table, words, location_context=location_context)


def _in_context(
    term: Term, joined: str, table: str, words: tuple[str, ...], *, location_context: bool
) -> NameMatch:
    """Terms whose meaning depends on the table: address parts and person-only attributes."""
    if term.needs == "location" and not (location_context or table_entity(table) == "location"):
        return NameMatch(None, 0.0, f"'{joined}' outside an address table", words)
    if term.needs == "person_table" and table_entity(table) != "person":
        return NameMatch(PIIType.NONE, 0.6, f"'{joined}' outside a person table", words)
    return NameMatch(
        term.pii_type, term.confidence, f"term '{joined}'", words, checks_values=term.needs is None
    )
