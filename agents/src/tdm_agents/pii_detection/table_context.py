"""Table context: what the rows of a table are, from its name, its columns and its foreign keys.

Evidence source "table". The same column name means different things in different tables:
- organisation tables (vendor, supplier, store, shop, company, branch, warehouse, bank, insurer;
  Firma, Lieferant, Filiale, empresa, proveedor, tienda, entreprise, fournisseur, magasin, loja,
  fornecedor, bedrijf, leverancier, winkel...): their address, city, postal code, country, phone,
  coordinates and tax numbers are the organisation's, not a person's -- unless the column names a
  contact person ("VEND_CNTCT_PH", "manager_name");
- person tables (customer, employee, patient, Kunde, Mitarbeiter, cliente, paciente, werknemer...):
  PII found there is more certain;
- infrastructure tables (server, router, cell, tower, gateway...): their IP and MAC addresses belong to
  machines;
- lookup tables of countries or currencies: a `country.name` is a country, a `currency.name` is not PII;
- person context: a table about a person or their device (a person table, a device/SIM/location table,
  or one with a foreign key to a person table or a column naming a person's key, like `subscriber_id`)
  makes coordinates and MAC addresses personal (a subscriber's location), not a business's.
The table's own columns also tell whether "state" is an address part (other address columns) and
whether a short number is an extension (a phone column beside it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from tdm_agents.pii_detection.labels import ColumnInput
from tdm_agents.pii_detection.name_dictionary import (
    PERSON_ENTITIES,
    expanded_words,
    has_location_word,
    joined_runs,
    table_entity,
)
from tdm_agents.pii_detection.name_dictionary import singular as singular_of
from tdm_agents.pii_detection.person_names import word_set

TableKind = Literal[
    "organisation", "person", "infrastructure", "country_lookup", "currency_lookup", "device", "payroll"
]

ORGANISATION_WORDS = word_set(
    """
    vendor supplier store shop company branch warehouse manufacturer carrier bank institution
    organisation organization org firm merchant agency depot plant factory outlet dealer distributor
    wholesaler retailer insurer brewery restaurant hotel hospital clinic practice pharmacy school
    university publisher department dept office contractor subcontractor market territory facility
    facilities ward campus
    auftragnehmer subunternehmer aannemer onderaannemer contratista subcontratista prestataire
    soustraitant prestador empreiteiro
    firma unternehmen lieferant filiale geschaft geschaeft laden niederlassung standort lager
    hersteller spediteur handler haendler krankenkasse versicherer versicherung praxis apotheke
    abteilung betrieb vermittler makler maklerbuero agentur broker brokerage
    empresa proveedor tienda sucursal almacen fabricante compania distribuidor aseguradora mutua
    clinica farmacia departamento oficina
    entreprise societe fournisseur magasin boutique succursale agence entrepot fabricant
    etablissement assureur pharmacie
    fornecedor loja filial armazem deposito transportadora seguradora farmacia
    bedrijf onderneming leverancier winkel filiaal vestiging magazijn fabrikant organisatie
    verzekeraar apotheek afdeling
    """
)
INFRASTRUCTURE_WORDS = word_set(
    """
    server host router switch firewall gateway cell tower antenna node cluster datacenter
    datacentre vlan subnet network netzwerk rede red reseau netwerk access_point accesspoint ap
    basestation bts enodeb gnodeb site_equipment equipment appliance loadbalancer proxy
    """
)
DEVICE_WORDS = word_set(
    """
    device devices handset sim simcard subscription subscriber ping pings telemetry gps
    geraet gerat dispositivo appareil apparaat
    """
)
# Payslips and pay runs: their amounts are a person's pay (gross, net, tax, deductions all reveal it).
PAYROLL_WORDS = word_set(
    """
    payroll payslip payslips paystub paystubs salary salaries wage wages payrun earnings
    gehaltsabrechnung lohnabrechnung entgeltabrechnung gehalt lohn nomina nominas fiche_de_paie
    bulletin_de_paie bulletin_salaire paie loonstrook salarisstrook loonstroken holerite contracheque
    folha_pagamento folha_de_pagamento paycheck paychecks paystatement paystatements garnishment
    garnishments p60 p45 p11d w2 w4
    """
)
# "pay_hist", "pay_run", "pay_slip_lines": records of pay (not "pay_method", "pay_terms").
PAY_RECORD_WORDS = word_set(
    """
    hist history histories run runs slip slips stub stubs record records line lines detail details
    period periods result results element elements item items
    """
)
COUNTRY_TABLE_WORDS = word_set("country countries pais paises pays land lander laender nation paese")
CURRENCY_TABLE_WORDS = word_set("currency currencies waehrung wahrung moneda moeda devise valuta divisa")
PHONE_WORDS = word_set(
    """
    phone telephone tel telefon telefone telefono telefoon mobile mobil handy cell celular movil
    fax gsm landline msisdn
    """
)
_KEY_WORDS = word_set("id no nr num number key ref code nummer numero")
# Columns only an organisation has: a table with two of them (or one strong one) describes
# organisations whatever it is called (a CRM's "accounts" are companies).
ORGANISATION_COLUMN_WORDS = word_set(
    """
    industry sector branche secteur ramo website homepage revenue turnover umsatz employees headcount
    founded ticker duns legal_form rechtsform forme_juridique forma_juridica rechtsvorm
    """
)
STRONG_ORGANISATION_COLUMNS = word_set(
    """
    vat vatin duns cnpj siret siren kvk ein ustid ust_id legalform rechtsform razaosocial
    raisonsociale razonsocial nomefantasia
    """
)


def _organisation_columns(columns: Sequence[ColumnInput]) -> int:
    """How strongly a table's columns say its rows are organisations (0, 1, 2...)."""
    score = 0
    for column in columns:
        words = expanded_words(column.column).words
        joined = "".join(words)
        if joined in STRONG_ORGANISATION_COLUMNS or any(w in STRONG_ORGANISATION_COLUMNS for w in words):
            score += 2
        elif any(w in ORGANISATION_COLUMN_WORDS for w in words):
            score += 1
    return score


@dataclass(frozen=True)
class TableContext:
    """What a table's name, columns and references say about its rows (no values)."""

    table: str
    kind: TableKind | None
    location_context: bool  # the table has address columns ("state" is an address part)
    phone_context: bool  # the table has a phone-like column (short numbers are extensions)
    person_context: bool  # rows are about a person or their device
    reason: str
    employees: bool = False  # rows are employees: their allowances, overtime and YTD figures are pay
    # Rows belong to employees (a foreign key to an employee table): court-order deductions,
    # withholdings and earnings recorded there are pay.
    of_employees: bool = False
    # Rows are a person's absences, clinical encounters or medication orders: their reasons, notes and
    # directions are health data.
    health_records: bool = False

    def as_evidence(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "person_context": self.person_context,
            "reason": self.reason,
        }


# Organisations a person has an account or a policy with: "employee_bank" or "emp_bank" holds an
# employee's bank details, "patient_insurer" a patient's insurance, not the bank's or the insurer's.
HELD_BY_PERSON_WORDS = word_set(
    """
    bank banks insurer insurance versicherung krankenkasse mutua aseguradora seguradora assureur
    verzekeraar
    """
)


# Tables of employees (see TableContext.employees).
EMPLOYEE_TABLE_WORDS = word_set(
    """
    employee employees emp staff worker workers personnel mitarbeiter werknemer medewerker empleado
    salarie funcionario colaborador dipendente colleague colleagues starter starters leaver leavers
    apprentice apprentices trainee trainees director directors
    """
)
# Tables of absences and sick leave (see TableContext.health_records).
ABSENCE_TABLE_WORDS = word_set(
    """
    absence absences absent sickness sick sick_leave illness fehlzeit fehlzeiten krankmeldung
    krankmeldungen abwesenheit abwesenheiten arbeitsunfaehigkeit verzuim ziekmelding ziekte absentisme
    absentismo ausencia ausencias baja bajas arret arrets maladie afastamento afastamentos falta faltas
    """
)
# What a person holds with a bank or an insurer ("bank_account", "insurance_policy").
HELD_ACCOUNT_WORDS = word_set("account accounts acct policy policies konto rekening cuenta conta compte")
# Clinical encounters and medication orders: health records when their rows are about a person.
CLINICAL_TABLE_WORDS = word_set(
    """
    encounter encounters visit visits consult consultation consultations admission admissions episode
    episodes treatment treatments prescription prescriptions rx medication medications med meds triage
    bezoek bezoeken consulta consultas consulte opname behandeling behandelingen zorgmoment
    besuch behandlung behandlungen konsultation verordnung rezept ordonnance atendimento internacao
    receita receta visite
    """
)
# Trailing words that say "the details of": "employee_bank_details" is about the employee's bank.
DETAIL_WORDS = word_set("details detail info information data daten gegevens datos dados donnees record")
# Columns only a pay record has: two of them make a table a payroll table whatever it is called
# ("PaymentHistory" of a payroll package, not a shop's payments).
PAYROLL_COLUMN_WORDS = word_set(
    """
    grosspay netpay paye nic employeenic employernic ytdgross taxpaid studentloan ssp smp
    lohnsteuer sozialversicherung bruttolohn nettolohn loonheffing brutoloon nettoloon irpf inss fgts
    salairebrut salairenet fica grosswages netwages withholding fedincometax federalincometax
    k401 deferral garnishment
    """
)


# Figures of a payslip. A table of employees' records with two columns named after them holds pay
# ("period_results.gross", "ytd_totals.ytd_ni"); an invoice's gross and tax belong to no employee.
PAYSLIP_FIGURE_WORDS = word_set("gross net taxable paye nic ni tax pension ytd earnings deduction deductions")


def _columns_naming(columns: Sequence[ColumnInput], words: frozenset[str]) -> int:
    """How many columns are named with one of `words` (single or two joined: "gross_pay" -> grosspay)."""
    return sum(bool(joined_runs(expanded_words(c.column).words) & words) for c in columns)


def _head_kind(table: str) -> tuple[TableKind | None, str]:  # noqa: PLR0911 - one return per kind of table
    words = expanded_words(table).words
    while len(words) > 1 and words[-1] in DETAIL_WORDS:
        words = words[:-1]
    if len(words) > 1 and words[-1] in HELD_ACCOUNT_WORDS and words[-2] in HELD_BY_PERSON_WORDS:
        words = words[:-1]  # "employee_bank_account" is about the bank, as "employee_bank" is
    singular = [singular_of(w) for w in words]
    if (
        len(words) >= 2
        and (words[-1] in HELD_BY_PERSON_WORDS or singular[-1] in HELD_BY_PERSON_WORDS)
        and any(
            w in PERSON_ENTITIES or s in PERSON_ENTITIES
            for w, s in zip(words[:-1], singular[:-1], strict=True)
        )
    ):
        return "person", f"a person's {words[-1]} details ('{table}')"
    if words and (set(words) | set(singular)) & COUNTRY_TABLE_WORDS and len(words) <= 2:
        return "country_lookup", "a country lookup table"
    if words and (set(words) | set(singular)) & CURRENCY_TABLE_WORDS and len(words) <= 2:
        return "currency_lookup", "a currency lookup table"
    if (
        set(words) & PAYROLL_WORDS
        or "".join(words) in PAYROLL_WORDS
        or (len(words) >= 2 and words[0] == "pay" and set(words[1:]) <= PAY_RECORD_WORDS)
    ):
        return "payroll", "a payroll table (its amounts are pay)"
    # The head noun decides ("supplier_contact" holds contact persons, "store_address" a store's).
    for word, single in zip(reversed(words), reversed(singular), strict=True):
        if word in PERSON_ENTITIES or single in PERSON_ENTITIES:
            return "person", f"rows are people ('{word}')"
        if word in ORGANISATION_WORDS or single in ORGANISATION_WORDS:
            return "organisation", f"rows are organisations ('{word}')"
        if word in INFRASTRUCTURE_WORDS or single in INFRASTRUCTURE_WORDS:
            return "infrastructure", f"rows are machines ('{word}')"
        if word in DEVICE_WORDS or single in DEVICE_WORDS:
            return "device", f"rows are devices or their positions ('{word}')"
    entity = table_entity(table)
    if entity == "person":
        return "person", "rows are people"
    return None, "no telling table name"


def _organisation_head(table: str) -> bool:
    """The table's head noun (last word, details aside) names organisations ("supplier_branch")."""
    words = [w for w in expanded_words(table).words if w not in DETAIL_WORDS]
    return bool(words) and (words[-1] in ORGANISATION_WORDS or singular_of(words[-1]) in ORGANISATION_WORDS)


def _held_by_person(table: str) -> bool:
    """A table named after what a person holds with an organisation: a bank, its accounts, an insurer."""
    words = set(expanded_words(table).words)
    return bool(words & HELD_BY_PERSON_WORDS)


def _names_person_key(column: str) -> bool:
    """`subscriber_id`, `customer_no`, `patientId`: a column that points at a person."""
    words = expanded_words(column).words
    return len(words) >= 2 and words[-1] in _KEY_WORDS and any(w in PERSON_ENTITIES for w in words[:-1])


def build_table_context(
    table: str,
    columns: Sequence[ColumnInput],
    person_parents: Iterable[str] = (),
    *,
    health_parent: bool = False,
) -> TableContext:
    """The context of one table. `person_parents`: the tables its foreign keys reference that hold
    people (from the relationships); `health_parent`: one of them is a person's health records (a
    medication order of an encounter is the patient's too)."""
    kind, reason = _head_kind(table)
    parents = sorted(set(person_parents))
    if kind == "organisation" and parents and _held_by_person(table):
        # "BankDetails" with a foreign key to Employee: the employee's bank details, not a bank's.
        kind, reason = "person", f"a person's {table} (references {', '.join(parents[:3])})"
    elif kind == "organisation" and parents and not _organisation_head(table):
        # "company_car" with a foreign key to Employee: a thing the company gives a person, whose
        # registration is about that person; "company" only qualifies the head noun.
        kind, reason = None, f"a {table} of a person"
    if kind in (None, "device") and _organisation_columns(columns) >= 2:
        kind, reason = "organisation", "its columns describe an organisation (industry, website, VAT...)"
    elif kind is None and _columns_naming(columns, PAYROLL_COLUMN_WORDS) >= 2:
        kind, reason = "payroll", "its columns are pay (gross and net pay, PAYE, NI...)"
    location = any(has_location_word(c.column) for c in columns)
    phone = any(set(expanded_words(c.column).words) & PHONE_WORDS for c in columns)
    person_context = kind in ("person", "device", "payroll")
    if not person_context and kind not in ("organisation", "infrastructure"):
        if parents:
            person_context, reason = True, f"{reason}; references people ({', '.join(parents[:3])})"
        elif any(_names_person_key(c.column) for c in columns):
            person_context, reason = True, f"{reason}; a column points at a person"
    table_words = set(expanded_words(table).words)
    employees = kind == "person" and bool(table_words & EMPLOYEE_TABLE_WORDS)
    of_employees = kind != "organisation" and any(
        set(expanded_words(parent).words) & EMPLOYEE_TABLE_WORDS for parent in parents
    )
    if kind is None and of_employees and _columns_naming(columns, PAYSLIP_FIGURE_WORDS) >= 2:
        kind, reason = "payroll", f"figures of a payslip in employees' records ({', '.join(parents[:3])})"
    absences = (
        bool(table_words & ABSENCE_TABLE_WORDS) or "".join(expanded_words(table).words) in ABSENCE_TABLE_WORDS
    )
    clinical = (person_context or health_parent) and bool(table_words & CLINICAL_TABLE_WORDS)
    return TableContext(
        table, kind, location, phone, person_context, reason, employees, of_employees, absences or clinical
    )
