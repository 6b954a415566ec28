"""Column-name dictionary: what a column's *name* says about its content, with table context.

Evidence source "name". A name is split into words (snake_case, camelCase, PascalCase, digits, accents
folded, German "ae/oe/ue" spellings folded, and compounds such as "emailaddress", "telefonnummer" or
"gewerkschaftsmitglied" segmented against our vocabulary), abbreviations are expanded through a table
(`cust_nm` -> customer name, `ph_no` -> phone number, `cntry_cd` -> country code, `sal_amt` -> salary
amount), then the longest dictionary term found among consecutive words wins. Words around the term
can cancel it ("address_id" is a key, "email_verified" a flag, "is_mobile" a boolean) or are neutral
affixes (`_cd`, `_code` after a location word, `_no`, `_nr`, `_num`, `_txt`); a bare "name" is
resolved through the entity it names ("customer.name" is a person, "genre.name" is not, `VEND_NM` is
a vendor's).

The dictionary covers English and its common abbreviations plus German, French, Spanish, Portuguese,
Dutch and Italian, for direct identifiers, the `sensitive` category (pay, health, religion, union
membership, ethnicity...) and the look-alikes that are not personal (organisation ids, currencies,
tracking numbers, product data). Confidences are the probability we would bet on the label from the
name alone; ambiguous abbreviations (`st` may be a state, a street or a status) give weak matches that
values must confirm.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from tdm_agents.pii_detection.labels import PIIType
from tdm_agents.pii_detection.person_names import normalise_text, word_set

# "location": only an address part when the table holds addresses (a "state" may be an order status).
# "person_table": only personal when the table describes people (a staff photo, not a film poster).
# "person_context": only personal when the rows are about a person or their device (coordinates of a
#   subscriber's phone, not of a store); decided with the table context in the merger.
Need = Literal["location", "person_table", "person_context"] | None


@dataclass(frozen=True)
class Term:
    pii_type: PIIType
    confidence: float
    needs: Need = None
    # A bare "name"-like word: the real type comes from the entity it names (see `_resolve_bare_name`).
    bare_name: bool = False


def _terms(pii_type: PIIType, confidence: float, spellings: str, needs: Need = None) -> dict[str, Term]:
    """Spellings are snake_case for readability; they are stored joined ("first_name" -> "firstname")."""
    term = Term(pii_type, confidence, needs)
    return {normalise_text(spelling).replace("_", ""): term for spelling in spellings.split()}


P = PIIType
TERMS: dict[str, Term] = {
    # --- contact -------------------------------------------------------------------------------------
    **_terms(
        P.EMAIL,
        0.95,
        """email e_mail email_address mail_address e_mail_address courriel adresse_mail
        adresse_email adresse_electronique correo correo_electronico emailadres mailadres email_adresse
        e_mailadres posta_elettronica endereco_email endereco_eletronico emailadresse mailadresse
        email_id""",
    ),
    **_terms(P.EMAIL, 0.75, "mail"),
    **_terms(
        P.PHONE,
        0.9,
        """phone phone_number phone_no phone_num phone_nr telephone telephone_number
        tel_no tel_nr tel_number mobile_phone mobile_number mobile_no mobile_nr cellphone cell_phone
        cell_number fax fax_number fax_no telefon telefonnummer telefax mobilnummer handynummer telefone
        telefono numero_telefono numero_de_telefono movil celular telefoon telefoonnummer mobiel cellulare
        msisdn contact_number contact_no phone_mobile landline telephone_fixe telephone_portable tel_port
        telport tel_fixe_port
        numero_telephone numero_de_telephone tel_fixe tel_portable tel_mobile portable_number
        telefono_fijo telefono_movil numero_movil telemovel telefone_celular telefone_fixo
        numero_celular mobiele_telefoon mobiel_nummer mobielnummer vaste_telefoon festnetz
        festnetznummer mobiltelefon rufnummer""",
    ),
    **_terms(P.PHONE, 0.75, "tel mobile cell handy mobil gsm portable fixo fijo whatsapp"),
    # --- names ---------------------------------------------------------------------------------------
    **_terms(
        P.FIRST_NAME,
        0.95,
        """first_name firstname first_nm given_name givenname forename forenames
        vorname vornamen rufname prenom prenoms voornaam voornamen roepnaam primer_nombre primeiro_nome
        nome_proprio name_first christian_name nombre_pila nombres primeiros_nomes""",
    ),
    **_terms(
        P.FIRST_NAME,
        0.85,
        """fname middle_name middlename mname middle_initial second_name segundo_nombre
        zweitname weitere_vornamen deuxieme_prenom segundo_nome tweede_naam voorletters initials
        initialen preferred_name preferred_first_name known_as""",
    ),
    **_terms(
        P.LAST_NAME,
        0.95,
        """last_name lastname last_nm surname sur_name family_name familyname
        nachname familienname zuname nom_de_famille nom_famille apellido apellidos primer_apellido
        segundo_apellido apellido_paterno apellido_materno sobrenome ultimo_nome apelido achternaam
        familienaam geslachtsnaam cognome maiden_name name_last birth_name geburtsname
        nom_de_naissance nom_naissance nom_de_jeune_fille apellido_de_soltera nome_de_solteira
        meisjesnaam geboortenaam tussenvoegsel voorvoegsel namensvorsatz nom_usage nom_d_usage
        nom_marital sname snm mothers_maiden_name""",
    ),
    **_terms(P.LAST_NAME, 0.85, "lname"),
    **_terms(
        P.PERSON_NAME,
        0.9,
        """full_name fullname complete_name person_name personname contact_name
        contact_person cardholder_name card_holder cardholder holder_name account_holder beneficiary_name
        nombre_completo nom_complet nom_prenom vollstandiger_name vollername volledige_naam nome_completo
        addressee account_holder_name accountholder kontoinhaber inhaber karteninhaber titular
        titular_cuenta titular_da_conta titular_conta titulaire titulaire_du_compte rekeninghouder
        tenaamstelling ansprechpartner ansprechperson kontaktperson contactpersoon persona_contacto
        pessoa_contato personne_contact nome_contato nombre_contacto patient_name employee_name
        customer_name recipient_name sender_name beneficiary beneficiaire beguenstigter begunstigde
        empfanger empfaenger destinataire destinatario ontvanger signatory name_on_card
        name_on_account embossed_name name_embossed card_name""",
    ),
    **_terms(P.PERSON_NAME, 0.75, "display_name account_name bank_account_name accountname"),
    **_terms(
        P.PERSON_NAME,
        0.85,
        """next_of_kin next_of_kin_name nok_name emergency_contact emergency_contact_name
        notfallkontakt contact_urgence persona_de_contacto contato_emergencia noodcontact""",
    ),
    # Often the name of the treating clinician, sometimes a key: the values decide.
    **_terms(
        P.PERSON_NAME,
        0.6,
        """physician attending_physician primary_care_physician referring_physician doctor_name
        medecin_traitant huisarts hausarzt behandelnder_arzt medico_responsable medico_cabecera
        bezugsberechtigter bezugsberechtigte versicherte_person fahrzeughalter halter geschaedigter
        geschaedigte anspruchsteller unfallgegner zeuge beitragszahler witness claimant
        arzt zahnarzt facharzt treating_physician treating_doctor referring_doctor medico_tratante
        pcp pcp_name primary_care_provider""",
    ),
    # --- address -------------------------------------------------------------------------------------
    **_terms(
        P.ADDRESS,
        0.9,
        """address street street_address streetaddress street_name street_number
        ship_to_line bill_to_line shipping_line billing_line mailing_line delivery_line home_line
        street_line sold_to_line
        house_number housenumber house_no address_line addressline hausnummer strasse strassenname
        anschrift wohnanschrift adresse direccion domicilio calle endereco morada logradouro adres
        straat straatnaam huisnummer huisnr huisnummer_toevoeging toevoeging indirizzo numero_civico
        via_indirizzo complemento bairro barrio colonia quartier ortsteil stadtteil wijk buurt
        neighbourhood neighborhood suburb apartment apt suite flat unit_number piso puerta etage
        lieu_dit rue numero_rue nom_rue numero_calle numero_casa num_casa huisletter
        departement_naissance departement_de_naissance department_naissance house_name house_name_no
        house_name_number
        house_name_or_number house_no_name building_name property_name hausname thoroughfare
        dependent_thoroughfare sub_building sub_building_name building_number premise premises
        po_box pobox flat_number flat_no apartment_number voie libelle_voie nom_voie num_voie
        numero_voie indice_repetition bis_ter""",
    ),
    **_terms(P.ADDRESS, 0.85, "addr adr"),
    **_terms(
        P.ADDRESS,
        0.8,
        """province provincia provincie county bundesland prefecture departement departamento
        comunidad_autonoma""",
        needs="location",
    ),
    **_terms(
        P.ADDRESS,
        0.75,
        "state district region kanton uf estado regiao borough admin_area administrative_area building",
        needs="location",
    ),
    **_terms(
        P.CITY,
        0.9,
        """city city_name town stadt wohnort ville ciudad cidade localidad localidade
        municipio municipality plaats woonplaats citta comune localita place_of_birth birth_place
        birthplace city_of_birth geburtsort lieu_de_naissance lieu_naissance lugar_nacimiento
        lugar_de_nacimiento local_nascimento local_de_nascimento naturalidade geboorteplaats
        luogo_di_nascita commune poblacion gemeente""",
    ),
    **_terms(P.CITY, 0.7, "ort"),
    # schema.org / Google address components: "locality" is the town; a bare "line1" is an address line
    # only in a table of addresses.
    **_terms(
        P.CITY, 0.8, "locality address_locality addresslocality postal_town village hamlet", needs="location"
    ),
    **_terms(P.ADDRESS, 0.7, "line street_line1 street_line2", needs="location"),
    **_terms(
        P.COUNTRY,
        0.9,
        """country country_name country_code countrycode pays pais paese nationality nationalite
        nacionalidad nacionalidade nationaliteit nazionalita staatsangehorigkeit staatsangehoerigkeit
        staatsburgerschaft citizenship country_of_birth birth_country geburtsland pays_de_naissance
        pais_de_nacimiento pais_nascimento geboorteland land_van_herkomst country_of_residence""",
    ),
    **_terms(P.COUNTRY, 0.7, "land"),
    **_terms(
        P.POSTAL_CODE,
        0.9,
        """postal_code postalcode postcode post_code zipcode zip_code plz
        postleitzahl code_postal codepostal codigo_postal cod_postal postnummer postnr cap_postale
        codice_postale pcode post_cd pstcd""",
    ),
    **_terms(P.POSTAL_CODE, 0.85, "zip cep"),
    **_terms(P.POSTAL_CODE, 0.8, "postal", needs="location"),  # "billing_postal", "ship_postal"
    **_terms(P.POSTAL_CODE, 0.7, "cp", needs="location"),
    # --- national ids --------------------------------------------------------------------------------
    **_terms(
        P.SSN,
        0.95,
        """ssn social_security_number social_security_no socialsecuritynumber
        social_security ssn_number national_id nationalid national_id_number national_identity_number
        national_insurance_number national_insurance ni_number social_insurance_number
        burgerservicenummer burger_service_nummer bsn sofinummer sofi_nummer sofinr sofi_nr
        codice_fiscale codicefiscale steuer_id unique_taxpayer_reference taxpayer_reference
        steuerid steueridentifikationsnummer steuer_identifikationsnummer sozialversicherungsnummer
        rentenversicherungsnummer sv_nummer sv_nr rv_nummer rv_nr svnummer svnr personnummer pesel
        sozialversicherungs_nr rentenversicherungs_nr
        aadhaar aadhar cpf curp itin seguridad_social numero_seguridad_social num_seguridad_social
        numero_afiliacion nuss naf securite_sociale numero_securite_sociale num_securite_sociale
        num_secu numero_secu no_secu secu numero_ss insee numero_insee seguranca_social niss nif_pessoal
        numero_identificacao documento_identidad documento_de_identidad carte_identite
        numero_carte_identite identiteitskaart rijksregisternummer rijksregister nrn
        personalausweisnummer ausweisnummer numero_dni nif_nie cedula identity_card_number
        id_card_number carteira_identidade registro_geral pis pis_pasep nit national_insurance_no
        nat_ins_no natinsno national_ins_no ni_num ni_no a_nummer anummer administratienummer""",
    ),
    **_terms(
        P.SSN,
        0.85,
        """nin nino nif dni nie identity_number personalausweis ausweis idnr rg utr sa_utr
        documento identidade""",
    ),
    **_terms(
        P.SSN, 0.75, "tax_id taxid tax_number personal_id nir steuernummer tin taxpayer_id taxpayer_number"
    ),
    **_terms(P.SSN, 0.6, "sin id_number"),
    **_terms(
        P.SSN,
        0.75,
        """id_document id_document_number identity_document identity_document_number id_card
        id_card_number identity_card identity_card_number government_id government_id_number""",
    ),
    # --- payment ---------------------------------------------------------------------------------------
    **_terms(
        P.CREDIT_CARD,
        0.9,
        """credit_card creditcard credit_card_number cc_number ccnumber ccnum cc_num
        cc_no card_number cardnumber card_no cardno card_num primary_account_number debit_card kreditkarte
        kreditkartennummer kartennummer numero_tarjeta numero_carte carte_bancaire numero_cartao
        carta_di_credito tarjeta_credito tarjeta_de_credito cartao_credito cartao_de_credito
        carte_de_credit creditcardnummer kaartnummer""",
    ),
    **_terms(P.CREDIT_CARD, 0.75, "ccn tarjeta cartao"),
    **_terms(P.CREDIT_CARD, 0.65, "pan"),
    **_terms(P.IBAN, 0.95, "iban iban_number iban_code iban_nummer numero_iban"),
    # --- dates of birth ------------------------------------------------------------------------------
    **_terms(
        P.DATE_OF_BIRTH,
        0.95,
        """dob date_of_birth dateofbirth birth_date birthdate birthday birth_dt
        born_on geburtsdatum geburtstag geb_datum gebdatum date_naissance date_de_naissance
        dt_naissance fecha_nacimiento fecha_de_nacimiento fec_nacimiento fecha_nac fec_nac
        data_nascimento data_de_nascimento dt_nascimento dt_nasc data_nasc data_di_nascita
        date_nascimento date_nacimiento fecha_nascimento
        geboortedatum geb_datum geboorte_datum""",
    ),
    **_terms(
        P.DATE_OF_BIRTH,
        0.85,
        "bday bdate born year_of_birth birth_year geburtsjahr dt_birth date_birth dt_of_birth birth_dte",
    ),
    **_terms(P.DATE_OF_BIRTH, 0.7, "birth"),
    # SAP HR/FI field names (infotypes 0002 personal data, 0006 addresses, 0008 basic pay, 0009 bank
    # details; KNA1/LFA1 masters), found verbatim in migrated payroll and ERP schemas.
    **_terms(P.FIRST_NAME, 0.85, "vorna rufnm midnm"),
    **_terms(P.LAST_NAME, 0.85, "nachn nach2 name2"),
    **_terms(P.DATE_OF_BIRTH, 0.85, "gbdat"),
    **_terms(P.CITY, 0.8, "gbort"),
    **_terms(P.COUNTRY, 0.8, "gblnd natio nati2"),
    **_terms(P.OTHER, 0.8, "gesch famst"),
    **_terms(P.SENSITIVE, 0.8, "konfe ansal bet01 betrg"),
    **_terms(P.ADDRESS, 0.8, "stras hsnmr posta"),
    **_terms(P.CITY, 0.8, "ort01"),
    **_terms(P.POSTAL_CODE, 0.8, "pstlz"),
    **_terms(P.PHONE, 0.8, "telnr telf1 telf2 telfx"),
    **_terms(P.SSN, 0.8, "perid stcd1 stcd2"),
    **_terms(P.OTHER, 0.8, "bankn"),
    **_terms(P.PERSON_NAME, 0.8, "emftx koinh"),
    # --- online ------------------------------------------------------------------------------------------
    **_terms(
        P.IP_ADDRESS,
        0.9,
        """ip ip_address ipaddress ip_addr ipaddr ipv4 ipv6 ip_v4 ip_v6 remote_addr
        remote_address client_ip remote_ip source_ip src_ip ip_adresse adresse_ip direccion_ip
        endereco_ip ip_adres""",
    ),
    **_terms(
        P.USERNAME,
        0.9,
        """username user_name usr_name login_name loginname login_id user_login logon
        logon_name screen_name screenname benutzername benutzerkennung nom_utilisateur nom_d_utilisateur
        identifiant nombre_usuario nombre_de_usuario nome_usuario nome_de_usuario nome_utente
        gebruikersnaam samaccountname user_principal_name online_banking_id online_banking_user
        internet_banking_id internet_banking_user""",
    ),
    **_terms(P.USERNAME, 0.8, "login nickname apelido_usuario"),
    **_terms(P.USERNAME, 0.65, "uname nick handle upn apelido"),
    # "user", "created_by", "user_id" in a text column: a login name when the values look like one.
    **_terms(
        P.USERNAME,
        0.45,
        """user userid user_id benutzer utilisateur usuario utilizador gebruiker utente
        created_by createdby modified_by updated_by changed_by erstellt_von geandert_von cree_par
        creado_por criado_por aangemaakt_door owner_login""",
    ),
    **_terms(
        P.PASSWORD,
        0.95,
        """password passwd pwd passphrase password_hash passwordhash pw_hash pwhash
        pwd_hash hashed_password encrypted_password password_digest passwort kennwort mot_de_passe
        motdepasse contrasena senha wachtwoord parola_d_ordine pin_code pincode pin_hash puk puk_code
        cvv cvc cvv2 cvc2 card_verification card_verification_value security_code mfa_secret
        totp_secret otp_secret two_factor_secret twofa_secret 2fa_secret totp totp_seed totp_key
        otp_seed mfa_seed mfa_key authenticator_secret authenticator_key""",
    ),
    **_terms(
        P.PASSWORD,
        0.75,
        """mdp api_key apikey secret_key access_token refresh_token auth_token
        session_token security_answer recovery_code backup_code""",
    ),
    **_terms(P.PASSWORD, 0.6, "pass pw pin secret clave"),
    # --- other personal identifiers -------------------------------------------------------------------
    **_terms(
        P.OTHER,
        0.85,
        """passport passport_number passport_no reisepass reisepassnummer passnummer passeport
        numero_passeport pasaporte numero_pasaporte passaporte numero_passaporte paspoort
        paspoortnummer passaporto driver_license drivers_license driving_licence driving_license
        drivers_licence license_number licence_number dl_number fuhrerschein fuehrerschein
        fuhrerscheinnummer permis_de_conduire permis_conduire carnet_de_conducir licencia_conducir
        carteira_de_motorista cnh rijbewijs rijbewijsnummer patente bank_account bank_account_number
        account_number acct_number acct_no account_no kontonummer konto_nr ktonr rekeningnummer
        rekening_nummer numero_cuenta numero_de_cuenta cuenta_bancaria numero_compte compte_bancaire
        numero_conta conta_bancaria conto_corrente license_plate licence_plate number_plate
        registration_plate vehicle_registration kennzeichen kfz_kennzeichen nummernschild
        immatriculation plaque_immatriculation matricula placa placa_veiculo kenteken targa vin
        medical_record_number medical_record mrn patient_number health_card health_card_number
        health_insurance_number insurance_number member_number membership_number member_no
        member_ref member_reference membership_ref membership_reference
        policy_holder_number tarjeta_sanitaria numero_tarjeta_sanitaria tsi carte_vitale
        numero_carte_vitale cartao_sus cns cartao_nacional_saude nhs_number nhs_no
        krankenversichertennummer versichertennummer krankenversicherungsnummer kvnr kv_nummer
        versicherungsnummer zorgverzekeringsnummer verzekerdennummer numero_adherent numero_assure
        num_afiliado numero_afiliado npi colegiado num_colegiado numero_colegiado nr_colegiado rpps
        adeli lanr arztnummer big_nummer big_registratie gmc_number crm_number numero_crm dea
        dea_number dea_no medical_license medical_license_number state_license_number
        imei imsi iccid sim_serial sim_number device_serial insurance_member insurance_member_number
        insurance_id insurance_no chave_pix pix_key roll_number roll_no building_society_roll_number
        building_society_reference building_society_roll zorgverzekering_nr zorgverzekering_nummer
        visa_number visa_no dl_no dl_nr ctps carteira_de_trabalho rib releve_identite_bancaire
        zorgverzekeringsnr big_nr bignr big_registratienummer building_social_ref building_social_roll
        building_social_reference building_social_roll_no ac_no ac_number account_num acct_num
        account_nbr""",
    ),
    **_terms(
        P.OTHER,
        0.8,
        """gender sex geschlecht sexe sexo genero genere geslacht geslachtsaanduiding anrede civilite
        marital marital_status civil_status familienstand etat_civil situation_familiale estado_civil
        burgerlijke_staat burgerlijkestaat stato_civile geolocation geo_location fam_stand
        sit_fam situation_fam est_civil burg_staat""",
    ),
    **_terms(P.OTHER, 0.7, "mac_address macaddress mac_addr mac", needs="person_context"),
    # Right-to-work and identity documents kept by an employer (UK biometric residence permits...).
    **_terms(
        P.OTHER,
        0.85,
        """right_to_work_document_ref right_to_work_document_number right_to_work_ref rtw_document_ref
        rtw_document_number rtw_ref brp brp_number biometric_residence_permit share_code
        visa_reference""",
    ),
    **_terms(P.OTHER, 0.7, "document_ref document_number document_no", needs="person_table"),
    # Residence permits and driving licences in the languages of the dictionary.
    **_terms(
        P.OTHER,
        0.85,
        """titre_sejour titre_de_sejour carte_sejour carte_de_sejour num_titre_sejour aufenthaltstitel
        aufenthaltserlaubnis permiso_residencia tarjeta_residencia verblijfsvergunning
        autorizacao_residencia residence_permit residence_permit_number num_permis numero_permis
        numero_permis_conduire""",
    ),
    **_terms(P.OTHER, 0.7, "permis", needs="person_table"),
    # Numbers of a person's registration with a benefits or employment agency (France Travail, CAF).
    **_terms(
        P.OTHER,
        0.8,
        """num_pole_emploi identifiant_pole_emploi numero_pole_emploi num_allocataire
        numero_allocataire num_caf numero_caf""",
    ),
    # A person's "union" is their trade union (a credit union or the EU are not in a person's table).
    **_terms(P.SENSITIVE, 0.75, "union union_name union_code", needs="person_table"),
    # "NI" alone is a person's National Insurance number in their own record (on a payslip it is the
    # contribution, a number).
    **_terms(P.SSN, 0.7, "ni ni_ref ni_reference natins nat_ins", needs="person_table"),
    # Advertising identifiers of a person's phone (IDFA, Google's advertising id): device identifiers.
    **_terms(
        P.OTHER,
        0.75,
        "advertising_id ad_id advertiser_id idfa gaid aaid idfv google_ad_id",
        needs="person_context",
    ),
    # Criminal-records check certificates (UK DBS, formerly CRB): a document number of a person.
    **_terms(
        P.OTHER,
        0.8,
        """dbs_number dbs_no dbs_cert dbs_cert_no dbs_certificate dbs_certificate_number dbs_ref
        crb_number crb_no crb_certificate disclosure_number""",
    ),
    # Secrets a person answers to authenticate (telephone banking, self-service portals).
    **_terms(
        P.PASSWORD,
        0.85,
        """memorable_word memorable_information memorable_date memorable_name security_answer
        secret_answer security_question_answer sicherheitsantwort geheimantwort reponse_secrete
        respuesta_secreta respuesta_seguridad resposta_secreta geheim_antwoord passcode pass_code
        passcode_hash telephone_passcode phone_passcode memorable_info memorable_answer
        memorable_place""",
    ),
    **_terms(
        P.OTHER,
        0.7,
        """vin fahrgestellnummer chassis_number numero_chassis numero_de_bastidor bastidor chassi
        chassisnummer fahrgestellnr fin_nr vehicle_identification_number vehicle_vin""",
    ),
    # A vehicle's plate without "licence" or "registration" ("vehiclePlate", "plate_no"): a person's only
    # about a person (a fleet's plates are the company's).
    **_terms(
        P.OTHER,
        0.75,
        """plate plate_number plate_no plateno vehicle_plate car_plate numberplate reg_plate
        vehicle_reg vehicle_reg_no vehicle_registration_number vrm kenteken_nummer car_reg car_reg_no
        van_reg car_registration car_registration_number""",
        needs="person_context",
    ),
    **_terms(
        P.OTHER,
        0.6,
        "latitude longitude lat lng lon geo_lat geo_lng gps gps_position location_lat location_lng",
        needs="person_context",
    ),
    **_terms(
        P.OTHER,
        0.7,
        """photo picture avatar signature fingerprint portrait foto bild lichtbild
        unterschrift handtekening firma_digital assinatura profile_url linkedin linkedin_url
        facebook_url twitter_handle instagram twitter facebook tiktok snapchat social_handle
        social_media_handle instagram_handle tiktok_handle""",
        needs="person_table",
    ),
    # --- sensitive (special categories) ----------------------------------------------------------------
    **_terms(
        P.SENSITIVE,
        0.9,
        """salary salaries wage wages income annual_income basic_pay gross_salary net_salary annual_pay
        gross_pay net_pay base_pay pay_rate
        hourly_rate annual_salary base_salary bonus commission compensation remuneration payroll_amount
        benefit_in_kind benefits_in_kind bik bik_value p11d p11d_value p11d_benefit taxable_benefit
        taxable_benefits p45_pay p45_tax p45_taxable_pay p45_tax_paid
        statutory_paternity_pay statutory_adoption_pay shared_parental_pay spp shpp paternity_pay
        adoption_pay p60
        day_rate daily_rate take_home take_home_pay gross_earnings net_earnings protected_earnings
        attachable_earnings
        gehalt gehalter bruttogehalt nettogehalt grundgehalt jahresgehalt monatsgehalt lohn bruttolohn
        nettolohn stundenlohn verdienst einkommen remuneracao jahreseinkommen gehaltsvorstellung salaire
        salaire_brut salaire_net salaire_annuel remuneracion salario sueldo salario_bruto salario_neto
        ingresos renta salario_base salario_liquido rendimento renda vencimento salaris loon brutoloon
        nettoloon inkomen jaarsalaris stipendio retribuzione reddito
        credit_score creditscore credit_rating schufa schufa_score bonitat bonitatsscore bonitatsindex
        kredietscore bkr_score fico fico_score score_credito puntuacion_crediticia cote_de_credit
        score_serasa household_income huishoudinkomen gezinsinkomen toetsinkomen verzamelinkomen
        haushaltseinkommen revenu_fiscal revenu_menage ingresos_familiares renda_familiar
        blue_badge blue_badge_holder blue_badge_number wheelchair_user mobility_impairment
        schwerbehindertenausweis gehandicaptenparkeerkaart carte_mobilite_inclusion
        registered_disabled disabled_person salary_grade salary_band salary_scale pay_grade pay_scale
        pay_band gehaltsstufe gehaltsgruppe tarifgruppe entgeltgruppe salarisschaal loonschaal
        veteran veteran_status protected_veteran military_status zorgindicatie indicatie
        zorgbehoefte pflegegrad pflegestufe care_needs care_plan zorgplan maternity maternity_leave
        maternity_start maternity_start_date mutterschutz zwangerschapsverlof conge_maternite
        licencia_maternidad licenca_maternidade
        religion religious_affiliation faith denomination confession konfession religionszugehorigkeit
        religionsgemeinschaft kirchensteuermerkmal kirchensteuer culte religion_declaree religiao
        religione godsdienst kerkgenootschap geloof
        ethnicity ethnic_origin ethnic_group race racial_origin ethnie herkunft origine_ethnique etnia
        etnicidad raza raca cor_raca etniciteit afkomst
        sexual_orientation orientation_sexuelle orientacion_sexual orientacao_sexual
        sexuelle_orientierung seksuele_orientatie
        political_opinion political_party political_affiliation partei parteizugehorigkeit
        parti_politique partido_politico partij
        trade_union union_member union_membership labour_union gewerkschaft gewerkschaftsmitglied
        trade_union_name tu_member tu_membership ethnic ethnic_code ethnic_desc
        ethnic_description
        syndicat syndique sindicato sindicalizado afiliacion_sindical filiacao_sindical vakbond
        vakbondslid
        diagnosis diagnoses diagnose diagnosen diagnostic diagnostico diagnostiek icd icd10 icd_10
        icd_code cie10 cie_10 cim10 cim_10 cid10 cid_10 medical_condition condition_code
        health_condition medication medications medikament medikamente medikation medicament
        medicaments medicamento medicamentos medicacion medicacao medicatie geneesmiddel farmaco
        prescription rezept ordonnance receta receita voorschrift allergy allergies allergie
        allergien alergia alergias allergieen intolerance intolerancia unvertraglichkeit
        blood_type blood_group bloodtype bloodgroup blutgruppe groupe_sanguin grupo_sanguineo
        tipo_sanguineo tipo_de_sangre bloedgroep gruppo_sanguigno disability disabilities behinderung
        schwerbehinderung grad_der_behinderung gdb handicap invalidite discapacidad minusvalia
        deficiencia incapacidade handicap_status beperking gehandicapt invalidita treatment
        treatments behandlung therapie therapy traitement tratamiento tratamento behandeling terapia
        clinical_notes clinical_note medical_notes medical_history anamnesis anamnese historia_clinica
        historial_medico prontuario dossier_medical krankengeschichte befund symptoms symptom
        symptome sintomas sintoma symptomen chief_complaint reason_for_visit visit_reason
        motivo_consulta motivo_de_consulta motivo_da_consulta motif_consultation motif_de_consultation
        besuchsgrund konsultationsgrund reden_bezoek smoker smoking smoking_status raucher
        raucherstatus fumeur tabagisme fumador tabaquismo fumante tabagismo roker rookgedrag
        pregnancy pregnant schwangerschaft schwanger grossesse embarazo embarazada gravidez gestante
        zwangerschap hiv hiv_status vaccination_status genetic_data biometric biometric_data
        face_template fingerprint_template iris_scan health_status gesundheitszustand estado_salud
        estado_de_saude gezondheid sick_leave krankmeldung arbeitsunfahigkeit arret_maladie
        baja_medica atestado_medico ziekteverzuim criminal_record vorstrafen casier_judiciaire
        antecedentes_penales antecedentes_criminais strafblad criminal_convictions convictions
        unspent_convictions criminal_offences criminal_history sick_days sickness_absence
        krankheitstage ziektedagen dias_baja pre_existing_conditions preexisting_conditions
        vorerkrankung vorerkrankungen gesundheitsangaben gesundheitsfragen gesundheitsdaten
        gesundheitsfrage gesundheit_frage occupational_health occupational_health_notes
        statutory_sick_pay ssp ssp_days ssp_amount statutory_maternity_pay smp maternity_pay
        union_subs union_subscription union_dues gewerkschaftsbeitrag koerpergewicht
        koerpergroesse body_weight body_height
        antecedentes_medicos antecedents_medicaux
        doencas_preexistentes cpt cpt_code lab_result lab_results blood_pressure heart_rate
        vital_signs glucose cholesterol dosage bmi rqth travailleur_handicape religie
        geloofsovertuiging ethnic_background
        aptitude_medicale avis_medical medical_fitness fitness_for_work fit_for_work quotient_familial
        arbeitsmedizinische_untersuchung aptitud_medica aptidao_medica
        vulnerability vulnerabilities vulnerability_notes vulnerability_note vulnerable_customer
        vulnerability_type vulnerability_flag customer_vulnerability
        absence_reason abs_reason sickness_reason sick_reason illness_reason sickness_cause
        krankheitsgrund fehlzeitgrund motif_absence motivo_baja motivo_ausencia verzuimreden
        drug drugs drug_name drug_code drug_description ndc ndc_code medication_name
        medication_code prescribed_drug medicine medikament_name wirkstoff principio_activo
        principe_actif""",
    ),
    **_terms(
        P.SENSITIVE,
        0.7,
        "sal pay procedure procedimento procedimiento eingriff ingreep dx rx dose uitkering cie cim",
    ),
    # --- look-alikes that are not personal: longer phrases beat the PII word inside them ---------------
    **_terms(
        P.NONE,
        0.9,
        """hostname host_name server_name file_name filename
        table_name column_name domain_name last_update lastupdate last_updated first_value last_value
        ip_range email_template mail_server phone_code dial_code country_calling_code calling_code
        phone_country_code phone_prefix
        vat vat_id vat_number vat_no vatin ust_id ustid ust_idnr umsatzsteuer_id
        umsatzsteueridentifikationsnummer btw btw_nummer btw_nr tva numero_tva num_tva iva
        cif cnpj siret siren kvk kvk_nummer handelsregister handelsregisternummer registre_commerce
        company_number company_registration registration_number_company ein fed_tax_id federal_tax_id
        employer_id employer_identification_number company_tax_id business_tax_id tax_code
        steuerschlussel tax_rate bic swift swift_code bic_code sort_code bank_code blz
        bankleitzahl routing_number aba codigo_banco banco agencia currency currency_code waehrung
        wahrung moneda moeda devise valuta divisa iso_currency tracking_number tracking_no
        tracking_code tracking sendungsnummer numero_suivi numero_seguimiento codigo_rastreio
        rastreio trackingnummer loyalty_card loyalty_card_number loyalty_number loyalty_no
        loyaltycard loyalty gift_card giftcard reward_card bonus_card club_card kundenkarte
        kundenkartennummer payback carte_fidelite tarjeta_fidelidad cartao_fidelidade klantenkaart
        payment_token card_token token stripe_customer_id processor_token psp_reference
        user_agent useragent email_subject email_body product_name product_url image_url image_path
        website homepage url web_url uri link domain extension phone_extension durchwahl
        nebenstelle poste ramal anexo toestel toestelnummer internal_extension job_title
        jobtitle position stelle funktion fonction puesto cargo functie department abteilung
        departement departamento afdeling cost_center cost_centre kostenstelle centre_de_cout
        centro_de_coste centro_de_custo kostenplaats order_status status ean gtin upc sku isbn
        barcode brand brand_name card_brand card_type card_expiry expiry_date card_last4 last4
        last_four card_bin bin mutua krankenkasse insurer insurance_company nome_fantasia
        razao_social raison_sociale razon_social company_name firmenname bedrijfsnaam handelsnaam
        trade_name business_name pay_frequency pay_period pay_date pay_day payday pay_cycle
        pay_schedule pay_method payment_method pay_type pay_group color colour farbe couleur kleur
        colore payroll_number payroll_no payroll_id payroll_ref payroll_code works_number works_no
        clock_number clock_no""",
    ),
}

# "name" and its translations: who is named depends on the entity (column prefix or table).
BARE_NAMES: dict[str, PIIType] = {
    "name": P.PERSON_NAME,
    "naam": P.PERSON_NAME,
    "nome": P.FIRST_NAME,  # Italian/Portuguese schemas pair nome with cognome/sobrenome
    "nombre": P.FIRST_NAME,  # Spanish schemas pair nombre with apellido
    "nom": P.LAST_NAME,  # French schemas pair nom with prenom
    "bezeichnung": P.PERSON_NAME,
    "designation": P.PERSON_NAME,
    "denominacion": P.PERSON_NAME,
    "denominacao": P.PERSON_NAME,
    "omschrijving": P.PERSON_NAME,
}

# Abbreviations of legacy schemas, expanded before matching ("CUST_NM" -> customer name). Only forms
# that mean one thing in column names; the ambiguous ones are in AMBIGUOUS_ABBREVIATIONS.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "cust": ("customer",), "cst": ("customer",), "custmr": ("customer",), "clnt": ("client",),
    "emp": ("employee",), "empl": ("employee",), "employe": ("employee",), "mgr": ("manager",),
    "vend": ("vendor",), "vndr": ("vendor",), "supp": ("supplier",), "suppl": ("supplier",),
    "supl": ("supplier",), "cntct": ("contact",), "ctct": ("contact",), "cntc": ("contact",),
    "nm": ("name",), "nme": ("name",), "fst": ("first",), "frst": ("first",), "lst": ("last",),
    "mid": ("middle",), "mdl": ("middle",), "ph": ("phone",), "phn": ("phone",), "fon": ("phone",),
    "mob": ("mobile",), "mbl": ("mobile",), "hm": ("home",), "wrk": ("work",), "bus": ("business",),
    "addr": ("address",), "adr": ("address",), "adrs": ("address",), "addrs": ("address",),
    "cty": ("city",), "zp": ("zip",), "cntry": ("country",), "ctry": ("country",),
    "cntr": ("country",), "natl": ("national",), "dob": ("dob",), "brth": ("birth",),
    "bth": ("birth",), "eml": ("email",), "emailaddr": ("email", "address"), "usr": ("user",),
    "usrnm": ("username",), "pswd": ("password",), "passwd": ("password",), "hsh": ("hash",),
    "acct": ("account",), "acnt": ("account",), "accnt": ("account",), "bnk": ("bank",),
    "crd": ("card",), "sal": ("salary",), "amt": ("amount",), "qty": ("quantity",),
    "desc": ("description",), "dept": ("department",), "ttl": ("title",), "stat": ("status",),
    "sts": ("status",), "typ": ("type",), "flg": ("flag",), "crt": ("created",),
    "upd": ("updated",), "chg": ("changed",), "lmt": ("limit",), "tot": ("total",),
    "curr": ("currency",), "ccy": ("currency",), "cur": ("currency",), "pmt": ("payment",),
    "trms": ("terms",), "fed": ("federal",), "ext": ("extension",), "fx": ("fax",),
    "gndr": ("gender",), "relig": ("religion",), "diag": ("diagnosis",), "hlth": ("health",),
    "mbr": ("member",), "lic": ("license",), "drv": ("driver",), "veh": ("vehicle",),
    "lng": ("longitude",), "lon": ("longitude",), "lat": ("latitude",), "dt": ("date",),
    "nbr": ("number",), "num": ("num",), "tfno": ("telefono",), "tlf": ("telefono",),
    "telf": ("telefono",), "tel": ("tel",), "cel": ("celular",), "ape": ("apellido",),
    "apel": ("apellido",), "nac": ("nacimiento",), "nasc": ("nascimento",),
    "naiss": ("naissance",), "geb": ("geburts",), "hnr": ("hausnummer",), "huisnr": ("huisnummer",),
    "kto": ("konto",), "wnpl": ("woonplaats",), "vnaam": ("voornaam",), "anaam": ("achternaam",),
    "dat": ("datum",), "fec": ("fecha",), "fch": ("fecha",), "nss": ("nuss",),
    "sexo": ("sexo",), "pwd": ("pwd",), "pw": ("pw",), "tx": ("tax",), "soc": ("social",),
    "sec": ("security",), "ins": ("insurance",), "pol": ("policy",), "rep": ("representative",),
    "sls": ("sales",), "ord": ("order",), "inv": ("invoice",), "trk": ("tracking",),
    "shp": ("ship",), "shipto": ("ship", "to"), "billto": ("bill", "to"), "prod": ("product",),
    "cat": ("category",), "img": ("image",), "pic": ("picture",), "sig": ("signature",),
    "nat": ("national",), "natnlty": ("nationality",), "exmpt": ("exempt",), "cd": ("code",),
    "ee": ("employee",), "emplr": ("employer",), "fnm": ("first", "name"), "lnm": ("last", "name"),
    "snm": ("surname",), "srnm": ("surname",), "surnm": ("surname",), "mnm": ("middle", "name"),
    "fullnm": ("full", "name"), "flnm": ("full", "name"), "twn": ("town",), "cnty": ("county",),
    "pcd": ("postcode",), "pstcd": ("postcode",), "tele": ("telephone",), "telno": ("telephone", "number"),
    "mobl": ("mobile",), "wk": ("work",), "nins": ("national", "insurance"), "bk": ("bank",),
    "acc": ("account",), "slry": ("salary",), "grs": ("gross",), "hrly": ("hourly",), "annl": ("annual",),
    "ac": ("account",), "bldg": ("building",),
    "bns": ("bonus",), "pens": ("pension",), "ded": ("deduction",), "dpt": ("department",),
    "ethn": ("ethnicity",), "disab": ("disability",), "dsblty": ("disability",), "natnl": ("nationality",),
    "mrtl": ("marital",), "ppt": ("passport",), "passprt": ("passport",), "gend": ("gender",),
    "brthdt": ("birth", "date"), "bdt": ("birth", "date"), "eml_addr": ("email", "address"),
    "relgn": ("religion",), "rlgn": ("religion",), "medctn": ("medication",), "diagn": ("diagnosis",),
    "rsn": ("reason",), "freq": ("frequency",), "init": ("initial",), "inh": ("inhaber",),
    "vn": ("versicherungsnehmer",), "ansprechp": ("ansprechpartner",),
    "staatsang": ("staatsangehoerigkeit",), "staatsangeh": ("staatsangehoerigkeit",),
    "bsoc": ("building", "society"),
    "vp": ("versicherte", "person"), "hausnr": ("hausnummer",), "orig": ("origin",),
    "cond": ("condition",), "occ": ("occupational",), "kennz": ("kennzeichen",),
    "sozvers": ("sozialversicherungs",), "rentenvers": ("rentenversicherungs",),
    # Dutch: voorletters, voornaam, achternaam, tussenvoegsel, woonplaats, gebruikersnaam, wachtwoord
    "vrltrs": ("voorletters",), "vrl": ("voorletters",), "voorl": ("voorletters",),
    "voornm": ("voornaam",), "vnm": ("voornaam",), "achternm": ("achternaam",), "anm": ("achternaam",),
    "tussenv": ("tussenvoegsel",), "tsv": ("tussenvoegsel",), "tussenvg": ("tussenvoegsel",),
    "wpl": ("woonplaats",), "woonpl": ("woonplaats",), "gebr": ("gebruikers",), "ww": ("wachtwoord",),
    "zorgverz": ("zorgverzekering",), "gebdat": ("geboortedatum",),
    "frnm": ("forename",), "forenm": ("forename",), "fornm": ("forename",), "marit": ("marital",),
    "pst": ("post",), "hldr": ("holder",), "nok": ("next", "of", "kin"), "emrg": ("emergency",),
    "emerg": ("emergency",), "sx": ("sex",),
    # German, French, Spanish and Dutch short forms
    "vorn": ("vorname",), "nachn": ("nachname",), "konf": ("konfession",), "geschl": ("geschlecht",),
    "anr": ("anrede",), "famstand": ("familienstand",), "pnom": ("prenom",), "pobl": ("poblacion",),
    "cta": ("cuenta",), "banc": ("bancaria",), "fone": ("telefone",),
}  # fmt: skip
# Abbreviations with more than one common meaning: the match they give is weak (values must confirm).
AMBIGUOUS_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "st": ("state",),  # state, street or status
    "prov": ("province",),
    "reg": ("region",),
    "pc": ("postcode",),  # postcode or personal computer
    "ln": ("line",),
    "add": ("address",),  # "add1" is an address line, "add_date" is not: values must confirm
    "em": ("email",),
    "sx": ("sex",),
    "fn": ("fname",),
    "rt": ("rate",),  # rate, route or retweet
    "str": ("strasse",),  # Strasse or string
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
    ratio rate pct percent total sum avg min max language lang locale timezone tz currency source amount
    amt
    channel category level tier version allowed enabled yn ind indicator opted sms notification
    notifications notify marketing campaign frequency period method schedule cycle room rooms sala
    salle raum zimmer kamer relationship relation rel reln rlshp beziehung verwandtschaft relacion parentesco
    relatie lien
    """
)
LEADING_NEGATORS = word_set(
    """
    is has total max min avg allow use show hide send default
    """
)
# Leading words that state the fact itself for a special category: "is_smoker", "has_disability".
_STATING_NEGATORS = frozenset({"is", "has"})
# "num_orders" counts orders, "num_tarjeta" is a card number: decided by the column's type (merger).
COUNT_PREFIXES = word_set("num n nb nbr no nr number count cnt qty")
# Affixes that neither make nor unmake PII: "phone_no", "diagnosis_txt", "zip_cd" (after a location
# word, a code is the value itself: zip code, country code, state code).
NEUTRAL_AFFIXES = word_set("no nr num nbr number nummer numero txt text val value de da del di van of")
LOCATION_CODE_WORDS = word_set("cd code codigo codice")
# Attributes of a person usually stored as a code ("sex_cd" holds F/M/U): a code is the value itself.
CODED_ATTRIBUTES = word_set(
    """
    gender sex geschlecht sexe sexo genero genere geslacht maritalstatus civilstatus familienstand
    etatcivil estadocivil
    """
)
# Negators that do not negate these types: a user id, a national id or a tax id is the identifier.
_ID_TYPES = frozenset({PIIType.USERNAME, PIIType.SSN, PIIType.OTHER})
# Words that qualify a special category without making it something else: a diagnosis code, a
# disability status or a religion flag are still health and religion data.
SENSITIVE_QUALIFIERS = word_set(
    """
    status flag flags type types kind code cd category level indicator ind yn grade class group
    score rate pct percent amount amt total sum description desc text note notes detail details
    value result
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
    spouse father mother parent child guardian emergency cust usr kunden bewerber kandidat candidat
    candidato sollicitant versicherter versicherungsnehmer versicherte paciente patiente patient
    salarie employe funcionario colaborador collaborateur adherent assure assurado asegurado
    beneficiaire beneficiario titular socio asociado membre lid mitglied leerling alumno aluno eleve
    etudiant estudiante abonne abonnee suscriptor assinante utilizador gebruiker nutzer arzt medecin
    medico dokter huisarts zahnarzt therapeut inwoner bewoner burger ingezetene contribuable
    klient kundin mieter locataire inquilino huurder verzekerde verzekeringnemer hausarzt
    physician clinician practitioner provider_person account_holder accountholder debiteur
    schuldner deudor devedor emprunteur prestatario cliente_final consumidor consommateur
    subscriber abonent signatory zeuge zahler beitragszahler reviewer witness claimant
    rider pupil learner voter donor volunteer respondent participant attendee registrant enrollee
    householder occupant homeowner fahrer fahrgast deelnemer teilnehmer participante pasajero
    passageiro motorista chauffeur bestuurder berater kundenberater sachbearbeiter bearbeiter
    betreuer kundenbetreuer verkaufer advisor adviser consultant caseworker assignee approver
    recruiter interviewer technician mechanic monteur techniker adviseur behandelaar
    contactpersoon asesor gestor conseiller gestionnaire consultor atendente zorgverlener
    verzorgende verpleegkundige begeleider hulpverlener pflegekraft pfleger caregiver carer
    personnel colleague associate starter leaver pensioner retiree director officer apprentice trainee
    intern joiner dependant dependent"""
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
    venue hotel room building site area zone section segment market industry sector merchant trading
    employer agency firm dealer distributor wholesaler retailer pharmacy clinic university facility
    ward campus
    account firma unternehmen lieferant filiale standort abteilung produkt artikel kategorie marke
    empresa proveedor tienda sucursal producto articulo categoria marca entreprise societe
    fournisseur magasin produit article marque fornecedor loja produto artigo bedrijf leverancier
    winkel vestiging afdeling merk krankenkasse mutua versicherung seguradora aseguradora
    assureur verzekeraar insurer tarif tariff diagnosis specialty especialidad especialidade
    specialite fachgebiet stelle position puesto cargo funktion fonction functie
    """
)
CITY_ENTITIES = frozenset(
    {"city", "town", "ville", "ciudad", "cidade", "stadt", "citta", "municipality", "municipio", "gemeente"}
)
COUNTRY_ENTITIES = frozenset({"country", "pays", "pais", "paese", "land", "nation", "staat"})
LOCATION_ENTITIES = frozenset({"address", "addr", "location", "adresse", "direccion", "endereco", "adres"})

# Words that mark a column as part of a postal address; a table having one gives "state" its meaning.
LOCATION_WORDS = word_set(
    """
    address addr adr street city town postal postcode postalcode zip zipcode plz postleitzahl
    country adresse strasse anschrift direccion calle endereco morada adres straat indirizzo ville
    ciudad cidade stadt citta woonplaats plaats codepostal codigopostal cep municipio localidad
    logradouro bairro huisnummer hausnummer ort wohnort
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
    purchased sale sold visit event term eintritt austritt eingang einstellung entree sortie
    embauche alta baja ingreso admision admissao contratacao aanmelding indiensttreding uitdienst
    afspraak cita consulta rendezvous termin admit admitted admission discharge discharged entrada
    saida salida
    """
)

# Table-name words that say nothing about the entity ("tbl_customer", "dim_customer", "customer_master").
_TABLE_NOISE = word_set(
    """
    tbl tb t dim fact stg raw master mstr data info detail details list lookup ref map hist history log
    archive v vw view src tmp temp new old all main core base app x hdr header dtl lines line
    """
)

# Everything segmentation may split a compound into, beyond the dictionary terms themselves.
_EXTRA_VOCAB = word_set(
    """
    billing bill shipping ship home work office mobile primary secondary alt alternate main personal
    payslip payroll
    business mailing postal residential current previous new old other private first last middle
    given family full number nummer numero num no nr code value line one two three customer user
    contact employee client member person account holder card bank date time day datum geburts
    nascimento nacimiento naissance e mail adresse hash hashed encrypted digest salt kennung
    verified valid type id key name names nom nome nombre naam city country street house zip post
    postal phone fax tel email brutto netto vorstellung abrechnung mitglied inhaber privat
    dienstlich geschaftlich beruflich konto karte ausweis versicherung versicherungs renten sozial
    kranken schwer grad gebuhr art stufe klasse status monat jahr vertrag police kunden
    patienten haupt neben zusatz werk arbeit buro wohn melde ehe geburt sterbe fecha motivo
    consulta tarjeta sanitaria seguridad social numero num titular cuenta grupo sanguineo tipo
    jaar maand jahres monats huishoud gezins haushalts service verkaufs vertriebs kundendienst
    vehicle fahrzeug voertuig vehiculo veiculo car auto kfz
    telefone celular correo electronico direccion postal codigo data de do da nome
    support helpdesk hotline switchboard zentrale reception warehouse store shop depot outlet
    fulfillment fulfilment return returns lager filiale
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
    # The term's context requirement left to the merger ("person_context": coordinates, MAC addresses).
    needs: Need = None
    # A leading "num"/"no"/"nr": a count in a numeric column, a number (identifier) in a text one.
    count_prefix: bool = False
    # Words that name a contact person ("VEND_CNTCT_PH"): the column is a person's even in an
    # organisation's table.
    contact_person: bool = False
    # The type a negating word turned into "not PII" ("country" in "country_id"): values may still
    # show the column holds it (Magento's `country_id` holds ISO codes, not a key).
    negated: PIIType | None = None

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
    words = [word.lower() for word in _CAMEL_WORDS.findall(ascii_name)]
    return _join_form_names(words)


# Tax forms named with letters and digits: one word each ("p11d_value", "w4_allowances", "p45_pay").
FORM_NAMES = frozenset({"p11d", "p45", "p60", "w2", "w4", "i9", "k401"})


def _join_form_names(words: list[str]) -> list[str]:
    joined: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            if "".join(words[i : i + size]) in FORM_NAMES:
                joined.append("".join(words[i : i + size]))
                i += size
                break
        else:
            joined.append(words[i])
            i += 1
    return joined


def _fold_umlaut_spelling(word: str) -> str:
    """German identifiers often spell ä/ö/ü as ae/oe/ue ("staatsangehoerigkeit"); fold to the accent-free
    form normalise_text gives ("staatsangehorigkeit")."""
    return word.replace("ae", "a").replace("oe", "o").replace("ue", "u")


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    words: set[str] = set(_EXTRA_VOCAB)
    words.update(TERMS)
    words.update(BARE_NAMES)
    words.update(TRAILING_NEGATORS, LEADING_NEGATORS, PERSON_ENTITIES, NON_PERSON_ENTITIES)
    words.update(CITY_ENTITIES, COUNTRY_ENTITIES, LOCATION_ENTITIES, LOCATION_WORDS)
    words.update(ABBREVIATIONS)
    return frozenset(word for word in words if len(word) >= 2)


def _piece(piece: str, vocab: frozenset[str], final: bool) -> str | None:
    """The vocabulary word a compound piece stands for: itself, or itself without a German linking "s"
    ("gewerkschafts|mitglied", "geburts|datum") when it is not the last piece."""
    if piece in vocab:
        return piece
    if not final and piece.endswith("s") and piece[:-1] in vocab and len(piece) > 4:
        return piece[:-1]
    return None


def _segment(token: str) -> list[str]:
    """Split a compound ("emailaddress", "billingcity") into vocabulary words; fewest pieces wins.

    A token that is itself a word, or that cannot be covered entirely by words, stays as it is: a
    substring match alone ("phonetic", "countryside") must never become a label.
    """
    vocab = _vocabulary()
    if token in vocab or len(token) < 5 or not token.isalpha():
        return [token]
    if _singular(token) != token and _singular(token) in vocab:
        return [token]  # a plural ("markets"), not "marke" + "ts"
    n = len(token)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(2, n + 1):
        for start in range(max(0, end - 40), end - 1):
            prefix = best[start]
            if prefix is None:
                continue
            word = _piece(token[start:end], vocab, final=end == n)
            if word is not None:
                candidate = [*prefix, word]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    result = best[n]
    return result if result is not None and len(result) > 1 else [token]


@dataclass(frozen=True)
class Words:
    words: tuple[str, ...]
    ambiguous: frozenset[int] = frozenset()  # positions that came from an ambiguous abbreviation


VEHICLE_WORDS = frozenset({"car", "vehicle", "veh", "van", "auto", "kfz", "motor"})
VEHICLE_QUALIFIED = frozenset({"reg"})  # after a vehicle word: its registration, not a region


def _expand(tokens: list[str]) -> Words:
    words: list[str] = []
    ambiguous: set[int] = set()
    for token in tokens:
        if token in VEHICLE_QUALIFIED and words and words[-1] in VEHICLE_WORDS:
            words.append(token)  # "car_reg", "vehicle_reg": the registration (plate), not a region
        elif token in ABBREVIATIONS:
            words.extend(ABBREVIATIONS[token])
        elif token in AMBIGUOUS_ABBREVIATIONS and len(tokens) > 1:
            ambiguous.update(range(len(words), len(words) + len(AMBIGUOUS_ABBREVIATIONS[token])))
            words.extend(AMBIGUOUS_ABBREVIATIONS[token])
        else:
            words.append(token)
    return Words(tuple(words), frozenset(ambiguous))


def _raw_words(name: str) -> list[str]:
    words: list[str] = []
    for token in tokenize(name):
        if token.isdigit():
            continue
        pieces = _segment(token)
        if pieces == [token] and token not in _vocabulary():
            folded = _fold_umlaut_spelling(token)
            if folded != token and (folded in _vocabulary() or len(_segment(folded)) > 1):
                pieces = _segment(folded)
        words.extend(pieces)
    return words


def split_words(name: str) -> list[str]:
    """Tokens with compounds segmented and digit tokens dropped ("address2" -> [address])."""
    return _raw_words(name)


def expanded_words(name: str) -> Words:
    """`split_words` with abbreviations expanded ("CUST_NM" -> customer name)."""
    return _expand(_raw_words(name))


def joined_runs(words: Sequence[str]) -> set[str]:
    """The words and each pair of neighbours joined ("house", "no" -> "houseno"; "gross", "pay" ->
    "grosspay"): how multi-word terms of a word list are matched."""
    return {*words, *(a + b for a, b in pairwise(words))}


def singular(word: str) -> str:
    """A table or column word's singular ("customers", "pacientes", "patienten", "companies")."""
    return _singular(word)


def _singular(word: str) -> str:  # noqa: PLR0911 - one return per kind of entity
    if word == "people":
        return "person"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes")):
        return word[:-2]
    if word.endswith("es") and word[:-2] in PERSON_ENTITIES | NON_PERSON_ENTITIES:
        return word[:-2]  # "pacientes", "clientes"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    if word.endswith("en") and word[:-2] in PERSON_ENTITIES | NON_PERSON_ENTITIES:
        return word[:-2]  # "patienten", "kunden"
    return word


EntityKind = Literal["person", "non_person", "city", "country", "location"]


def _entity_of(words: list[str] | tuple[str, ...]) -> EntityKind | None:
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
    return _entity_of(expanded_words(table).words)


def has_event_word(column: str) -> bool:
    return any(word in EVENT_WORDS for word in expanded_words(column).words)


def has_location_word(column: str) -> bool:
    """True when a column name speaks of a postal address (also key columns such as city_id, and split
    compounds such as postCode)."""
    return bool(joined_runs(expanded_words(column).words) & LOCATION_WORDS)


# Words that make a column in an organisation's table a person's ("contact_phone", "manager_name").
CONTACT_WORDS = word_set(
    """
    contact contacto contato kontakt ansprechpartner ansprechperson kontaktperson contactpersoon
    manager owner representative agent attn attention responsable responsavel verantwortlicher
    geschaftsfuhrer director gerente gerant beheerder leiter inhaber proprietario proprietaire
    eigenaar person persona pessoa personne
    """
)


# --- matching ------------------------------------------------------------------------------------


ADDRESSEE_WORDS = frozenset({"to", "from", "attn", "attention", "co"})
# Person-name terms that name the person outright whatever precedes them ("bank_account_holder").
_HOLDER_STEMS = ("holder", "inhaber", "titular", "titulaire", "houder", "beneficiar", "recipient")


def _resolve_bare_name(
    person_type: PIIType, before: list[str], table: str, words: tuple[str, ...], contact: bool
) -> NameMatch:
    entity = _entity_of(before) if before else None
    source = "column prefix"
    if entity is None and before and before[-1] in ADDRESSEE_WORDS:
        # "to_name", "from_name", "attn_name" on a label or a letter: whoever it is sent to or by (values
        # must confirm: an e-mail template's sender may be "Acme Support").
        return NameMatch(person_type, 0.45, f"name of an addressee or sender ('{before[-1]}')", words)
    if entity is None:
        entity = table_entity(table)
        source = "table"
    if entity == "person":
        return NameMatch(person_type, 0.85, f"name of a person ({source})", words, contact_person=contact)
    if entity == "city":
        return NameMatch(PIIType.CITY, 0.85, f"name of a city ({source})", words)
    if entity == "country":
        return NameMatch(PIIType.COUNTRY, 0.85, f"name of a country ({source})", words)
    if entity in ("non_person", "location"):
        return NameMatch(PIIType.NONE, 0.8, f"name of a non-person entity ({source})", words)
    # Unknown entity: maybe a person. Weak, so the values must confirm it (see merger).
    return NameMatch(person_type, 0.35, "name of an unknown entity", words)


def _lookup(joined: str) -> tuple[str, Term] | None:
    for candidate in (joined, _singular(joined), _fold_umlaut_spelling(joined)):
        term = TERMS.get(candidate)
        if term is not None:
            return candidate, term
    return None


# A contact's address or birth date is that contact's ("nok_address", "emergency_contact_postcode").
_ATTRIBUTE_TYPES = frozenset(
    {
        PIIType.IP_ADDRESS,
        PIIType.IBAN,
        PIIType.EMAIL,
        PIIType.PHONE,
        PIIType.ADDRESS,
        PIIType.CITY,
        PIIType.POSTAL_CODE,
        PIIType.DATE_OF_BIRTH,
    }
)
_ENTITY_TYPES = frozenset({PIIType.PERSON_NAME, PIIType.USERNAME})


def _best_term(words: tuple[str, ...]) -> tuple[int, int, str, Term] | None:
    """The dictionary term among consecutive words: longest phrase first, then confidence, then the later
    one (the head noun in English and German). Returns (start, end, phrase, term)."""
    best: tuple[int, float, int, int, str, Term] | None = None
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + 6) + 1):
            joined = "".join(words[start:end])
            found = _lookup(joined)
            term: Term | None = None
            if found is not None:
                joined, term = found
            elif end == start + 1 and joined in BARE_NAMES:
                term = Term(BARE_NAMES[joined], 0.0, bare_name=True)
            if term is None:
                continue
            candidate = (len(joined), term.confidence, start, end, joined, term)
            if best is None:
                best = candidate
                continue
            overlaps = start < best[3] and best[2] < end
            # A person word followed by a contact attribute names whose attribute it is: the attribute
            # is the content ("last_login_ip" is an IP address, "beneficiary_iban" an IBAN,
            # "titular_telefono" a phone). Otherwise the longer phrase is the more precise.
            attribute_of = (
                not overlaps
                and start >= best[3]
                and term.pii_type in _ATTRIBUTE_TYPES
                and best[5].pii_type in _ENTITY_TYPES
            )
            if attribute_of or candidate[:3] >= best[:3]:
                best = candidate
    return None if best is None else best[2:]


_DATE_WORDS = frozenset({"date", "dt", "datum", "fecha", "data", "ts", "timestamp", "day"})
# Cards a shop issues itself: stored value or points, not a payment card of a person's bank.
SHOP_CARD_WORDS = frozenset(
    {"gift", "giftcard", "loyalty", "voucher", "bonus", "points", "reward", "rewards", "fuel", "transit",
     "library", "geschenk", "gutschein", "kundenkarte", "regalo", "fidelidad", "cadeau", "fidelite",
     "presente", "cadeaukaart", "klantenkaart"}
)  # fmt: skip


# Words before a special-category term that make it a business's ("tax_treatment", "vat_treatment").
BUSINESS_QUALIFIERS = word_set("tax vat fiscal accounting steuer btw iva tva waste water")
# A commission's rate or share is a fee a business charges or pays, not an amount of someone's pay.
FEE_TERMS = word_set("commission provision comision comissao commissie")
RATE_WORDS = word_set("rate pct percent percentage share split satz tasa taxa tarief")


def _business_qualifier(before: list[str], after: list[str], joined: str) -> str | None:
    """The word that makes a special-category term a business's ("tax_treatment", "commission_rate")."""
    business = next((w for w in before if w in BUSINESS_QUALIFIERS), None)
    if business is None and joined in FEE_TERMS:
        business = next((w for w in after if w in RATE_WORDS), None)
    return business


def _negator(term: Term, before: list[str], after: list[str], joined: str = "") -> str | None:
    """The word that makes the column describe the term instead of holding it, if any."""
    if term.pii_type is PIIType.SENSITIVE and (business := _business_qualifier(before, after, joined)):
        return business
    for word in after:
        if word in NEUTRAL_AFFIXES:
            continue
        if word in LOCATION_CODE_WORDS and joined in CODED_ATTRIBUTES:
            continue  # sex_cd, gender_code, marital_status_code: the code is the person's attribute
        if word in LOCATION_CODE_WORDS and term.pii_type in (
            PIIType.COUNTRY,
            PIIType.ADDRESS,
            PIIType.POSTAL_CODE,
        ):
            continue  # zip code, country code, state code: the code is the value
        if word in ("id", "ids", "key") and term.pii_type in _ID_TYPES:
            continue  # a user id, a national id: the identifier itself
        if word in SENSITIVE_QUALIFIERS and term.pii_type is PIIType.SENSITIVE:
            continue
        if word in _DATE_WORDS and term.pii_type is PIIType.DATE_OF_BIRTH:
            continue  # "dob_dt", "dob_date": a date of birth is a date
        if word in TRAILING_NEGATORS:
            return word
    if term.pii_type is PIIType.CREDIT_CARD:
        shop_card = next((w for w in before if w in SHOP_CARD_WORDS), None)
        if shop_card is not None:
            return shop_card
    leading = (w for w in before if w in LEADING_NEGATORS)
    if term.pii_type is PIIType.SENSITIVE:
        leading = (w for w in before if w in LEADING_NEGATORS and w not in _STATING_NEGATORS)
    return next(leading, None)


def match_column_name(column: str, table: str = "", *, location_context: bool = False) -> NameMatch:
    """Classify a column by its name. `location_context`: the table has other address columns."""
    expanded = expanded_words(column)
    words = expanded.words
    found = _best_term(words) if words else None
    if found is None:
        return NameMatch(None, 0.0, "no dictionary term" if words else "no words", words)
    start, end, joined, term = found
    before, after = list(words[:start]), list(words[end:])
    contact = any(_singular(w) in CONTACT_WORDS for w in words)
    if term.pii_type is PIIType.NONE:
        return NameMatch(PIIType.NONE, term.confidence, f"not-PII phrase '{joined}'", words)
    negator = _negator(term, before, after, joined)
    if negator is not None:
        return NameMatch(
            PIIType.NONE, 0.8, f"'{joined}' qualified by '{negator}'", words, negated=term.pii_type
        )
    count_prefix = (bool(before) and before[-1] in COUNT_PREFIXES) or (
        bool(before) and before[0] in COUNT_PREFIXES
    )
    if term.bare_name:
        match = _resolve_bare_name(term.pii_type, before, table, words, contact)
    elif (
        term.pii_type is PIIType.PERSON_NAME
        and not contact
        and _entity_of(before) in ("non_person", "city")
        and not any(_singular(w) in PERSON_ENTITIES for w in before)
        and not any(stem in joined for stem in _HOLDER_STEMS)
    ):
        # "store_display_name", "product_full_name": the name of a thing the column says it is about
        # ("user_account_display_name" stays a person's).
        return NameMatch(PIIType.NONE, 0.8, f"'{joined}' of a non-person entity ('{before[-1]}')", words)
    else:
        match = _in_context(term, joined, table, words, location_context=location_context)
    if match.pii_type not in (None, PIIType.NONE):
        # Weak when the term rests on ambiguous abbreviations alone: "st_cd" may be a status, but in
        # "addr_ln1" the unambiguous "address" says what the "ln" is (an address line).
        weak = all(i in expanded.ambiguous for i in range(start, end))
        confidence = min(match.confidence, 0.45) if weak else match.confidence
        rule = f"{match.rule} (ambiguous abbreviation)" if weak else match.rule
        match = NameMatch(
            match.pii_type,
            confidence,
            rule,
            words,
            checks_values=match.checks_values or weak,
            needs=match.needs,
            count_prefix=count_prefix,
            contact_person=contact,
        )
    return match


def _in_context(
    term: Term, joined: str, table: str, words: tuple[str, ...], *, location_context: bool
) -> NameMatch:
    """Terms whose meaning depends on the table: address parts and person-only attributes."""
    if term.needs == "location" and not (location_context or table_entity(table) == "location"):
        return NameMatch(None, 0.0, f"'{joined}' outside an address table", words)
    if term.needs == "person_table" and table_entity(table) != "person":
        return NameMatch(PIIType.NONE, 0.6, f"'{joined}' outside a person table", words)
    return NameMatch(
        term.pii_type,
        term.confidence,
        f"term '{joined}'",
        words,
        checks_values=term.needs is None,
        needs=term.needs if term.needs == "person_context" else None,
    )
