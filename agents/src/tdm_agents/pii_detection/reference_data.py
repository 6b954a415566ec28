"""Reference lists that let a column's *values* prove what they are (evidence source "reference").

Small, reviewable tables written here rather than a dependency (pycountry, python-stdnum): the
classifier only needs to know whether most of a column's values belong to a well-known set.

- ISO 3166-1 country codes (alpha-2 and alpha-3, every assigned code plus the common "UK" and "EL")
  and country names in English, German, French, Spanish, Portuguese, Dutch and Italian for the
  countries test data meets most (a column of "Deutschland", "Türkei", "Polen" is a column of countries).
- ISO 4217 currency codes: evidence *against* PII. A `char(3)` of "EUR"/"USD" looks like a code of
  anything; once it is known to be a currency it is ruled out (ISO 4217 is not personal data).
- Codes and names of first-level regions (US states, Canadian provinces, Brazilian UFs, Australian
  states; German Länder, Dutch provinces, Spanish provinces, French regions, Italian regions, British
  nations): confirm that a `state`/`ST_CD`/`provincia` column is the region part of addresses.
- Postal-code formats per country (see `POSTAL_FORMATS`): a value that fits one confirms a postal-code
  name; which country's format fits most values is recorded as evidence.
- Role mailboxes ("info@", "contato@", "vertrieb@"): an e-mail column of role mailboxes belongs to an
  organisation, not a person.
- Blood groups and the ICD-10 code shape: values that prove health data (the `sensitive` type).

Every entry is lower-case and accent-free unless said otherwise (compare with `normalise_text`).
"""

from __future__ import annotations

import re

from tdm_agents.pii_detection.person_names import normalise_text, word_set

# --- ISO 3166-1 ----------------------------------------------------------------------------------

_ISO_3166 = """
AD AND AE ARE AF AFG AG ATG AI AIA AL ALB AM ARM AO AGO AQ ATA AR ARG AS ASM AT AUT AU AUS AW ABW
AX ALA AZ AZE BA BIH BB BRB BD BGD BE BEL BF BFA BG BGR BH BHR BI BDI BJ BEN BL BLM BM BMU BN BRN
BO BOL BQ BES BR BRA BS BHS BT BTN BV BVT BW BWA BY BLR BZ BLZ CA CAN CC CCK CD COD CF CAF CG COG
CH CHE CI CIV CK COK CL CHL CM CMR CN CHN CO COL CR CRI CU CUB CV CPV CW CUW CX CXR CY CYP CZ CZE
DE DEU DJ DJI DK DNK DM DMA DO DOM DZ DZA EC ECU EE EST EG EGY EH ESH ER ERI ES ESP ET ETH FI FIN
FJ FJI FK FLK FM FSM FO FRO FR FRA GA GAB GB GBR GD GRD GE GEO GF GUF GG GGY GH GHA GI GIB GL GRL
GM GMB GN GIN GP GLP GQ GNQ GR GRC GS SGS GT GTM GU GUM GW GNB GY GUY HK HKG HM HMD HN HND HR HRV
HT HTI HU HUN ID IDN IE IRL IL ISR IM IMN IN IND IO IOT IQ IRQ IR IRN IS ISL IT ITA JE JEY JM JAM
JO JOR JP JPN KE KEN KG KGZ KH KHM KI KIR KM COM KN KNA KP PRK KR KOR KW KWT KY CYM KZ KAZ LA LAO
LB LBN LC LCA LI LIE LK LKA LR LBR LS LSO LT LTU LU LUX LV LVA LY LBY MA MAR MC MCO MD MDA ME MNE
MF MAF MG MDG MH MHL MK MKD ML MLI MM MMR MN MNG MO MAC MP MNP MQ MTQ MR MRT MS MSR MT MLT MU MUS
MV MDV MW MWI MX MEX MY MYS MZ MOZ NA NAM NC NCL NE NER NF NFK NG NGA NI NIC NL NLD NO NOR NP NPL
NR NRU NU NIU NZ NZL OM OMN PA PAN PE PER PF PYF PG PNG PH PHL PK PAK PL POL PM SPM PN PCN PR PRI
PS PSE PT PRT PW PLW PY PRY QA QAT RE REU RO ROU RS SRB RU RUS RW RWA SA SAU SB SLB SC SYC SD SDN
SE SWE SG SGP SH SHN SI SVN SJ SJM SK SVK SL SLE SM SMR SN SEN SO SOM SR SUR SS SSD ST STP SV SLV
SX SXM SY SYR SZ SWZ TC TCA TD TCD TF ATF TG TGO TH THA TJ TJK TK TKL TL TLS TM TKM TN TUN TO TON
TR TUR TT TTO TV TUV TW TWN TZ TZA UA UKR UG UGA UM UMI US USA UY URY UZ UZB VA VAT VC VCT VE VEN
VG VGB VI VIR VN VNM VU VUT WF WLF WS WSM YE YEM YT MYT ZA ZAF ZM ZMB ZW ZWE
"""
_PAIRS = _ISO_3166.split()
COUNTRY_ALPHA2: frozenset[str] = frozenset(_PAIRS[0::2]) | {"UK", "EL"}  # UK and EL: common in EU data
COUNTRY_ALPHA3: frozenset[str] = frozenset(_PAIRS[1::2])

# alpha-2: names in en, de, fr, es, pt, nl, it (multi-word names joined by "_"). Demonym-free on
# purpose: nationality columns hold country names or codes in the data we see.
_COUNTRY_NAMES = """
DE germany deutschland allemagne alemania alemanha duitsland germania
AT austria osterreich autriche austria austria oostenrijk austria
CH switzerland schweiz suisse suiza suica zwitserland svizzera
FR france frankreich francia franca frankrijk francia
ES spain spanien espagne espana espanha spanje spagna
PT portugal portugal portogallo
IT italy italien italie italia italia italie italia
NL netherlands niederlande pays-bas paises_bajos paises_baixos nederland paesi_bassi holland
NL holanda the_netherlands
BE belgium belgien belgique belgica belgie belgio
LU luxembourg luxemburg luxemburgo lussemburgo
GB united_kingdom vereinigtes_konigreich royaume-uni reino_unido verenigd_koninkrijk regno_unito
GB great_britain grossbritannien uk england scotland wales northern_ireland
IE ireland irland irlande irlanda ierland
US united_states usa united_states_of_america vereinigte_staaten etats-unis estados_unidos
US verenigde_staten stati_uniti america
CA canada kanada canada canada canada
MX mexico mexiko mexique messico
BR brazil brasilien bresil brasil brazilie brasile
AR argentina argentinien argentine argentinie
CL chile chili cile
CO colombia kolumbien colombie colombia colombie
PE peru perou
VE venezuela
UY uruguay
PY paraguay
BO bolivia bolivien bolivie
EC ecuador equateur equador
CU cuba kuba
DO dominican_republic dominikanische_republik republique_dominicaine republica_dominicana
PL poland polen pologne polonia polonia polen polonia
CZ czech_republic czechia tschechien republique_tcheque chequia tchequia tsjechie repubblica_ceca
SK slovakia slowakei slovaquie eslovaquia slowakije slovacchia
HU hungary ungarn hongrie hungria hongarije ungheria
RO romania rumanien roumanie rumania romenia roemenie
BG bulgaria bulgarien bulgarie bulgarije
HR croatia kroatien croatie croacia croacia kroatie croazia
SI slovenia slowenien slovenie eslovenia slovenie
RS serbia serbien serbie servia servie
BA bosnia_and_herzegovina bosnien_und_herzegowina bosnie-herzegovine bosnia
GR greece griechenland grece grecia grecia griekenland
TR turkey turkei turquie turquia turquia turkije turchia turkiye
CY cyprus zypern chypre chipre cyprus cipro
MT malta malte
DK denmark danemark dinamarca denemarken danimarca
SE sweden schweden suede suecia suecia zweden svezia
NO norway norwegen norvege noruega noorwegen norvegia
FI finland finnland finlande finlandia finlandia finlandia
IS iceland island islande islandia islandia ijsland islanda
EE estonia estland estonie
LV latvia lettland lettonie letonia letonia letland lettonia
LT lithuania litauen lituanie lituania litauen
UA ukraine ucrania ucrania oekraine ucraina
RU russia russland russie rusia russia rusland
BY belarus weissrussland bielorussie bielorrusia
MD moldova moldawien moldavie moldavia
AL albania albanien albanie albanie
MK north_macedonia nordmazedonien macedoine_du_nord macedonia_del_norte
MA morocco marokko maroc marruecos marrocos marocco
DZ algeria algerien algerie argelia argelia algerije
TN tunisia tunesien tunisie tunez tunisia tunesie
EG egypt agypten egypte egipto egito egypte egitto
ZA south_africa sudafrika afrique_du_sud sudafrica africa_do_sul zuid-afrika
NG nigeria
KE kenya kenia
AO angola
MZ mozambique mosambik mocambique
CV cape_verde kap_verde cap-vert cabo_verde kaapverdie
IL israel israel israele
LB lebanon libanon liban libano libanon
SY syria syrien syrie siria
IQ iraq irak iraque
IR iran
AF afghanistan afganistan afeganistao
PK pakistan pakistan paquistao
IN india indien inde india india
CN china china chine china china china cina
JP japan japan japon japao japan giappone
KR south_korea sudkorea coree_du_sud corea_del_sur coreia_do_sul zuid-korea korea
VN vietnam vietnam viet_nam vietna
TH thailand thailande tailandia tailandia
PH philippines philippinen filipinas filipijnen filippine
ID indonesia indonesien indonesie indonesia
MY malaysia malaisie malasia maleisie
SG singapore singapur singapour cingapura
AU australia australien australie australia australie
NZ new_zealand neuseeland nouvelle-zelande nueva_zelanda nova_zelandia nieuw-zeeland
SR suriname
"""
COUNTRY_NAMES: frozenset[str] = frozenset(
    name.replace("_", " ") for line in _COUNTRY_NAMES.strip().splitlines() for name in line.split()[1:]
)

# --- ISO 4217 ------------------------------------------------------------------------------------

CURRENCY_CODES: frozenset[str] = word_set(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN
    BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
    GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW
    KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD
    NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD
    SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS
    VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL
    """
)

# --- first-level regions -------------------------------------------------------------------------

REGION_CODES: frozenset[str] = word_set(
    """
    AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN
    MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA
    WV WI WY PR GU VI AS MP AB BC MB NB NL NS NT NU ON PE QC SK YT AC AP AM
    BA CE DF ES GO MA MS MG PB PR PI RJ RN RS RO RR SP SE TO NSW VIC QLD TAS ACT
    """
)

_REGION_NAMES = """
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
minnesota mississippi missouri montana nebraska nevada new_hampshire new_jersey new_mexico new_york
north_carolina north_dakota ohio oklahoma oregon pennsylvania rhode_island south_carolina
south_dakota tennessee texas utah vermont virginia washington west_virginia wisconsin wyoming
district_of_columbia puerto_rico
alberta british_columbia manitoba new_brunswick newfoundland_and_labrador nova_scotia ontario
prince_edward_island quebec saskatchewan yukon
baden-wurttemberg bayern berlin brandenburg bremen hamburg hessen mecklenburg-vorpommern
niedersachsen nordrhein-westfalen rheinland-pfalz saarland sachsen sachsen-anhalt
schleswig-holstein thuringen bavaria
drenthe flevoland friesland fryslan gelderland groningen limburg noord-brabant noord-holland
overijssel utrecht zeeland zuid-holland
a_coruna alava albacete alicante almeria asturias avila badajoz barcelona burgos caceres cadiz
cantabria castellon ciudad_real cordoba cuenca girona granada guadalajara guipuzcoa gipuzkoa huelva
huesca islas_baleares illes_balears jaen la_rioja las_palmas leon lleida lugo madrid malaga murcia
navarra ourense palencia pontevedra salamanca santa_cruz_de_tenerife segovia sevilla soria
tarragona teruel toledo valencia valladolid vizcaya bizkaia zamora zaragoza ceuta melilla
andalucia aragon canarias castilla_y_leon castilla-la_mancha cataluna catalunya extremadura galicia
pais_vasco comunidad_de_madrid comunidad_valenciana region_de_murcia
auvergne-rhone-alpes bourgogne-franche-comte bretagne centre-val_de_loire corse grand_est
hauts-de-france ile-de-france normandie nouvelle-aquitaine occitanie pays_de_la_loire
provence-alpes-cote_d'azur alsace aquitaine lorraine picardie
acre alagoas amapa amazonas bahia ceara distrito_federal espirito_santo goias maranhao mato_grosso
mato_grosso_do_sul minas_gerais para paraiba parana pernambuco piaui rio_de_janeiro
rio_grande_do_norte rio_grande_do_sul rondonia roraima santa_catarina sao_paulo sergipe tocantins
abruzzo basilicata calabria campania emilia-romagna friuli-venezia_giulia lazio liguria lombardia
marche molise piemonte puglia sardegna sicilia toscana trentino-alto_adige umbria valle_d'aosta veneto
england scotland wales northern_ireland
"""
REGION_NAMES: frozenset[str] = frozenset(name.replace("_", " ") for name in _REGION_NAMES.split())

# --- postal codes --------------------------------------------------------------------------------

# Country -> format of its postal codes (upper-cased, spaces as written). Several countries share a
# shape ("five digits"): the evidence records the first that fits, the rate is what counts.
POSTAL_FORMATS: dict[str, re.Pattern[str]] = {
    "US": re.compile(r"\d{5}(?:-\d{4})?"),
    "DE": re.compile(r"\d{5}"),  # also FR, ES, IT, FI, MX, ...
    "GB": re.compile(r"(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[A-Z]{2}"),
    "NL": re.compile(r"[1-9]\d{3}\s?[A-Z]{2}"),
    "BR": re.compile(r"\d{5}-?\d{3}"),
    "PT": re.compile(r"\d{4}-\d{3}"),
    "CA": re.compile(r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d"),
    "BE": re.compile(r"[1-9]\d{3}"),  # also AT, CH, DK, NO, AU, HU, ...
    "PL": re.compile(r"\d{2}-\d{3}"),
    "JP": re.compile(r"\d{3}-\d{4}"),
    "SE": re.compile(r"\d{3}\s\d{2}"),
    # Eircode: the unique identifier after the routing key mixes letters and digits ("D02 X285");
    # a letter and six digits ("E010001") is a business code.
    "IE": re.compile(r"[AC-FHKNPRTV-Y](?:\d{2}|6W)\s?(?!\d{4}$)[AC-FHKNPRTV-Y\d]{4}"),
    "IN": re.compile(r"[1-9]\d{5}"),  # also RU, CN, SG
    "AR": re.compile(r"[A-Z]\d{4}[A-Z]{3}"),
}


# Formats no other kind of code shares: a column of them is a column of postal codes.
DISTINCTIVE_POSTAL_FORMATS = frozenset({"GB", "NL", "CA", "BR", "PT", "IE", "AR"})


def postal_format(value: str) -> str | None:
    """The first country whose postal-code format `value` fits (upper-cased), else None."""
    text = value.strip().upper()
    for country, pattern in POSTAL_FORMATS.items():
        if pattern.fullmatch(text):
            return country
    return None


# --- e-mail role mailboxes -----------------------------------------------------------------------

ROLE_MAILBOXES: frozenset[str] = word_set(
    """
    info information contact contacto contato kontakt sales vendas ventas vertrieb verkauf ventes
    verkoop support suporte soporte hilfe help helpdesk service servicio servico kundenservice
    customerservice office buero bureau oficina escritorio kantoor admin administrator
    administracion administracao hello hallo hola ola bonjour noreply no-reply donotreply
    postmaster webmaster hostmaster billing facturacion faturamento rechnung rechnungen
    facturation invoices invoice accounts accounting buchhaltung contabilidad contabilidade
    finance finanzas financeiro finanzen hr rh personal recruiting jobs careers empleo vagas
    vacatures marketing press presse prensa imprensa pers team equipe equipo mail email orders
    pedidos bestellungen commandes bestellingen reception recepcion recepcao empfang receptie
    enquiries inquiries general zentrale central secretaria secretariat sekretariat
    """
)


def is_role_mailbox(email: str) -> bool:
    """True when the local part of an address is a function ("info@", "vertrieb@"), not a person."""
    local = normalise_text(email.rpartition("@")[0])
    return local in ROLE_MAILBOXES or local.split(".")[0].split("-")[0] in ROLE_MAILBOXES


# --- health codes (sensitive) --------------------------------------------------------------------

BLOOD_GROUP = re.compile(r"(?:A|B|AB|O|0)\s?(?:RH)?\s?[+\-]|(?:A|B|AB|O|0)\s?(?:POS|NEG|POSITIVE|NEGATIVE)")
# ICD-10 (WHO, also CIE-10 / CID-10 / CIM-10 / ICD-10-GM): letter, two digits, optional subdivision.
ICD10_CODE = re.compile(r"[A-TV-Z]\d{2}(?:\.\d{1,4}[A-Z]?)?[+*!]?")


# Words of illnesses, injuries, symptoms and treatments people give as a reason for absence or a visit,
# in English, German, French, Spanish, Portuguese and Dutch ("Back pain", "Grippe", "lombalgie",
# "burn-out"): a column of them is health data whatever it is called. Only words that mean nothing
# else in a business's data.
MEDICAL_WORDS: frozenset[str] = word_set(
    """
    flu influenza covid covid-19 coronavirus migraine headache stress anxiety depression
    depressive gastroenteritis vomiting diarrhoea diarrhea nausea surgery operation postoperative
    fracture fractured injury sprain sprained asthma diabetes diabetic hypertension cancer tumour
    tumor chemotherapy radiotherapy infection bronchitis pneumonia tonsillitis toothache dental
    conjunctivitis burnout burn-out fatigue chickenpox shingles sciatica arthritis allergy allergic
    hayfever cystitis appendicitis concussion dementia copd epilepsy stroke angina hernia
    physiotherapy rehabilitation pregnancy miscarriage ivf wound insomnia psychiatric mental
    bereavement grief sick sickness illness ill cough fever virus viral
    grippe erkaltung ruckenschmerzen migrane kopfschmerzen bandscheibenvorfall magen-darm operation
    verletzung knochenbruch depressionen angststorung schwangerschaft krankheit erkrankung
    lombalgie angine gastro-enterite depression fievre blessure chirurgie rhume maladie
    gripe resfriado lumbalgia migrana ansiedad depresion fractura cirugia lesion esguince
    enfermedad fiebre embarazo
    enxaqueca ansiedade depressao fratura cirurgia lesao dengue doenca febre gravidez
    griep rugpijn hoofdpijn depressie operatie verkoudheid buikgriep ziekte koorts zwangerschap
    blessure
    """
)


# Pains named by where they hurt (a bare "pain" is French bread).
_PAIN = re.compile(r"\b(?:back|neck|chest|joint|abdominal|stomach|knee|shoulder|hip|ear)\s+pain\b")


def is_medical_text(value: str) -> bool:
    """A short text naming an illness, injury, symptom or treatment ("Back pain", "Surgery - knee")."""
    text = normalise_text(value)
    words = re.split(r"[\s/,;()]+", text)
    return bool(_PAIN.search(text)) or any(
        word in MEDICAL_WORDS or word.strip("-.") in MEDICAL_WORDS for word in words if word
    )


# Trade unions people name as their membership (UK, US, DE, FR, ES, PT/BR, NL), and ethnicity as forms
# ask for it ("White British", "Black or African American", "Hispanic or Latino"): special categories by
# value whatever the column is called.
TRADE_UNIONS: frozenset[str] = word_set(
    """
    unison unite gmb rcn nasuwt neu usdaw pcs cwu rmt aslef ucu bma nuj equity prospect bectu
    teamsters afl-cio seiu afscme uaw nea aft ibew verdi ver.di ig_metall igbce gew ndb cgt cfdt
    fo cftc unsa ccoo ugt usoc cut fnv cnv
    """
)
_ETHNIC_GROUPS = re.compile(
    r"\b(?:white|black|asian|mixed)\b.*\b(?:british|irish|english|scottish|welsh|caribbean|african|"
    r"american|european|other|background|pakistani|indian|bangladeshi|chinese|race)\b"
    r"|\b(?:hispanic|latino|latina|latinx|caucasian|multiracial|biracial|pacific islander|alaska native|"
    r"native hawaiian|gypsy|irish traveller|roma)\b"
)


def is_trade_union(value: str) -> bool:
    return normalise_text(value.strip()).replace(" ", "_") in TRADE_UNIONS


def is_ethnic_group(value: str) -> bool:
    return bool(_ETHNIC_GROUPS.search(normalise_text(value)))


def is_blood_group(value: str) -> bool:
    return bool(BLOOD_GROUP.fullmatch(value.strip().upper()))


def is_icd10_code(value: str) -> bool:
    return bool(ICD10_CODE.fullmatch(value.strip().upper()))


def is_country_code(value: str) -> bool:
    text = value.strip()
    return (len(text) == 2 and text.upper() in COUNTRY_ALPHA2) or (
        len(text) == 3 and text.upper() in COUNTRY_ALPHA3
    )


def is_country_name(value: str) -> bool:
    return normalise_text(value.strip()) in COUNTRY_NAMES


def is_currency_code(value: str) -> bool:
    text = value.strip()
    return len(text) == 3 and text.upper() in CURRENCY_CODES


def is_region(value: str) -> bool:
    text = value.strip()
    return text.upper() in REGION_CODES or normalise_text(text) in REGION_NAMES
