"""The column mapper against header sets as each CRM really exports them.

Each fixture in ``fixtures/headers`` holds one export's headers in file order and the field
each should feed (null: kept as a custom column).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crm_core.errors import MappingError
from crm_core.mapping import (
    ColumnMapping,
    ColumnMatch,
    guess_entity,
    header_words,
    map_headers,
    normalise_header,
)
from crm_core.schema import ENTITIES, field_spec

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "headers").glob("*.json"))
SAMPLES = [p for p in FIXTURES if p.stem.startswith("sample_")]
LANGUAGES = ("fr", "de", "es", "it", "nl", "pt")
LOCALIZED = [p for p in FIXTURES if p.stem.rsplit("_", 1)[-1] in LANGUAGES]


def load(path: Path) -> tuple[str, dict[str, str | None]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["entity"], data["columns"]


def test_fixtures_cover_every_crm_and_the_sample_data():
    stems = {p.stem for p in FIXTURES}
    for crm, objects in {
        "hubspot": ("contacts", "companies", "deals"),
        "salesforce": ("contacts", "accounts", "opportunities"),
        "pipedrive": ("persons", "organizations", "deals"),
        "zoho": ("contacts", "accounts", "deals"),
        "dynamics365": ("contacts", "accounts", "opportunities"),
    }.items():
        assert {f"{crm}_{o}" for o in objects} <= stems
    assert {f"sample_{e}" for e in ENTITIES if e != "transactions"} <= stems


def test_there_is_a_localized_export_for_every_language():
    assert {p.stem.rsplit("_", 1)[-1] for p in LOCALIZED} == set(LANGUAGES)


@pytest.mark.parametrize("path", LOCALIZED, ids=lambda p: p.stem)
def test_localized_exports_map_every_column(path):
    entity, columns = load(path)
    mapping = map_headers(list(columns))
    assert mapping.entity == entity
    assert {c.header: c.field for c in mapping.columns} == columns


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_entity_is_guessed(path):
    entity, columns = load(path)
    guess = guess_entity(list(columns))
    assert guess.entity == entity
    assert 0 < guess.confidence <= 1
    assert max(guess.scores, key=guess.scores.get) == entity


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_identifying_and_decaying_fields_map_right(path):
    entity, columns = load(path)
    mapping = map_headers(list(columns))
    important = {
        h: f for h, f in columns.items()
        if f and (field_spec(entity, f).identifying or field_spec(entity, f).decays)
    }
    assert important, "a fixture without identifying or decaying fields tests nothing"
    assert {h: mapping.field_for(h) for h in important} == important


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_no_field_twice_and_unmapped_headers_are_kept(path):
    entity, columns = load(path)
    mapping = map_headers(list(columns), entity)
    assert [c.header for c in mapping.columns] == list(columns)
    fields = list(mapping.mapped().values())
    assert len(fields) == len(set(fields))
    expected_custom = [h for h, f in columns.items() if f is None]
    assert set(expected_custom) <= set(mapping.unmapped_headers())


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_data_maps_exactly_with_no_manual_step(path):
    entity, columns = load(path)
    mapping = map_headers(list(columns))
    assert mapping.entity == entity
    assert {c.header: c.field for c in mapping.columns} == columns
    assert {c.method for c in mapping.columns} <= {"exact", "normalised"}


@pytest.mark.parametrize(
    ("headers", "entity"),
    [
        (["Opportunity Name", "Stage", "Amount"], "deals"),
        (["Invoice", "StockCode", "Quantity", "UnitPrice", "CustomerID"], "transactions"),
        (["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice",
          "CustomerID", "Country"], "transactions"),
        (["Case Number", "Subject", "Status", "Priority"], "tickets"),
        (["Username", "Profile", "Last Login", "Active"], "users"),
        (["Forename", "Surname", "Postcode", "Mobile No"], "contacts"),
        # Shared headers fit contacts as well as users; only the telling 'Profile' decides.
        (["Name", "Email", "Phone", "Role", "Created Date", "Description", "Profile"], "users"),
    ],
)
def test_entity_is_guessed_from_a_few_telling_headers(headers, entity):
    assert guess_entity(headers).entity == entity


@pytest.mark.parametrize(
    ("entity", "header", "field"),
    [
        ("deals", "Account Name", "account_name"),
        ("contacts", "Account Name", "company"),
        ("accounts", "Account Name", "name"),
        ("tickets", "Account Name", "account_name"),
        ("contacts", "Name", "full_name"),
        ("accounts", "Name", "name"),
        ("deals", "Name", "name"),
        ("users", "Name", "name"),
        ("contacts", "Id", "record_id"),
        ("deals", "Record ID", "record_id"),
        ("contacts", "Account ID", "account_id"),
        ("accounts", "Account ID", "record_id"),
        ("deals", "Opportunity ID", "record_id"),
        ("activities", "Opportunity ID", "deal_id"),
        ("accounts", "Type", "account_type"),
        ("deals", "Type", "deal_type"),
        ("contacts", "Title", "job_title"),
    ],
)
def test_ambiguous_headers_follow_the_entity(entity, header, field):
    assert map_headers([header], entity).field_for(header) == field


def test_a_french_sheet_maps_every_column():
    headers = "Nom;Prénom;E-mail;Téléphone;Société;Code postal;Ville;Pays;Date de création".split(";")
    mapping = map_headers(headers)
    assert mapping.entity == "contacts"
    assert list(mapping.mapped().values()) == [
        "last_name", "first_name", "email", "phone", "company", "postal_code", "city",
        "country", "created_at",
    ]


@pytest.mark.parametrize(
    ("entity", "header", "field"),
    [
        # One word, one field per record type: the entity decides.
        ("contacts", "Nom", "last_name"),  # French: family name...
        ("accounts", "Nom", "name"),  # ...but a company's name
        ("contacts", "Nome", "first_name"),  # Italian / Portuguese given name
        ("accounts", "Nome", "name"),
        ("deals", "Nome", "name"),
        ("contacts", "Nombre", "first_name"),
        ("deals", "Nombre", "name"),
        ("contacts", "Naam", "full_name"),
        ("accounts", "Naam", "name"),
        ("contacts", "Société", "company"),
        ("accounts", "Société", "name"),
        ("deals", "Société", "account_name"),
        ("tickets", "Société", "account_name"),
        ("contacts", "Ragione sociale", "company"),
        ("accounts", "Ragione sociale", "name"),
        ("deals", "Stato", "status"),
        ("contacts", "Stato/Provincia", "state"),
        ("activities", "Tipo", "type"),
        ("deals", "Tipo", "deal_type"),
        ("tickets", "Titre", "subject"),
        ("contacts", "Titre", "job_title"),
        # Identifying and decaying fields, in each language.
        ("contacts", "Vorname", "first_name"),
        ("contacts", "Nachname", "last_name"),
        ("contacts", "Apellidos", "last_name"),
        ("contacts", "Cognome", "last_name"),
        ("contacts", "Achternaam", "last_name"),
        ("contacts", "Sobrenome", "last_name"),
        ("contacts", "Correo electrónico", "email"),
        ("contacts", "E-mailadres", "email"),
        ("contacts", "Mobiltelefon", "mobile"),
        ("contacts", "Cellulare", "mobile"),
        ("contacts", "Telemóvel", "mobile"),
        ("contacts", "Firma", "company"),
        ("contacts", "Bedrijfsnaam", "company"),
        ("contacts", "Cargo", "job_title"),
        ("contacts", "Functie", "job_title"),
        ("contacts", "Straße", "street"),
        ("contacts", "Morada", "street"),
        ("contacts", "Ort", "city"),
        ("contacts", "Woonplaats", "city"),
        ("contacts", "Bundesland", "state"),
        ("contacts", "Provincia", "state"),
        ("contacts", "PLZ", "postal_code"),
        ("contacts", "CAP", "postal_code"),
        ("contacts", "CEP", "postal_code"),
        ("contacts", "Land", "country"),
        ("contacts", "Paese", "country"),
        ("contacts", "Sitio web", "website"),
        ("contacts", "Kontaktinhaber", "owner"),
        ("contacts", "Fecha de nacimiento", "birth_date"),
        ("contacts", "Aanmaakdatum", "created_at"),
        ("accounts", "Branche", "industry"),
        ("accounts", "Chiffre d'affaires annuel", "annual_revenue"),
        ("accounts", "Adresse 1: Ort", "city"),  # Dynamics 365 in German
        ("accounts", "Indirizzo 1: CAP", "postal_code"),  # ...and in Italian
        ("deals", "Montant", "amount"),
        ("deals", "Betrag", "amount"),
        ("deals", "Fase della trattativa", "stage"),
        ("deals", "Sluitingsdatum", "close_date"),
        ("deals", "Data de fechamento", "close_date"),
        ("deals", "Propietario del negocio", "owner"),
        ("activities", "Betreff", "subject"),
        ("activities", "Asunto", "subject"),
        ("activities", "Fälligkeitsdatum", "occurred_at"),
        ("tickets", "Priorité", "priority"),
        ("tickets", "Ticketstatus", "status"),
        ("tickets", "Data di chiusura", "closed_at"),
    ],
)
def test_localized_headers_map_to_their_field(entity, header, field):
    match = map_headers([header], entity).columns[0]
    assert (match.field, match.method) == (field, "exact")


@pytest.mark.parametrize(
    ("entity", "header", "field"),
    [
        ("contacts", "Prenom", "first_name"),
        ("contacts", "Telefono", "phone"),  # Spanish 'Teléfono' typed plainly (also Italian)
        ("contacts", "Societe", "company"),
        ("contacts", "Citta", "city"),
        ("contacts", "Strasse und Hausnummer", "street"),
        ("contacts", "Codigo postal", "postal_code"),
        ("contacts", "DATE DE CREATION", "created_at"),
        ("deals", "Etape", "stage"),
        ("tickets", "Prioridade", "priority"),
        ("tickets", "Priorita", "priority"),
    ],
)
def test_headers_typed_without_accents_still_match(entity, header, field):
    match = map_headers([header], entity).columns[0]
    assert match.field == field
    assert match.method in ("exact", "normalised")


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("MailingPostalCode", "mailingpostalcode"),
        ("mailing_postal_code", "mailingpostalcode"),
        (" Mailing Postal-Code ", "mailingpostalcode"),
        ("Lifecycle_Stage__c", "lifecyclestage"),
        ("\ufeffRecord ID", "recordid"),
        ("CustomerID", "customerid"),
        ("Probability (%)", "probability"),
        ("E-mail", "email"),
        ("Post Code", "postcode"),
        # Accents fold away, so a sheet typed without them still matches.
        ("Téléphone", "telephone"),
        ("Société", "societe"),
        ("Città", "citta"),
        ("Código Postal", "codigopostal"),
        ("Straße", "strasse"),
        ("Propriétaire du contact", "proprietaireducontact"),
        ("DateDeCréation", "datedecreation"),
    ],
)
def test_normalise_header(header, key):
    assert normalise_header(header) == key


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("NumberOfEmployees", ("number", "of", "employees")),
        ("HTTPReferrer", ("http", "referrer")),
        ("Address 1: ZIP/Postal Code", ("address", "1", "zip", "postal", "code")),
        ("Contact Owner.id", ("contact", "owner", "id")),
    ],
)
def test_header_words(header, words):
    assert header_words(header) == words


@pytest.mark.parametrize(
    ("entity", "header", "field", "method"),
    [
        ("contacts", "Mailing City", "city", "exact"),
        ("contacts", "MAILING CITY", "city", "exact"),
        ("contacts", "Mailing-City", "city", "normalised"),
        ("contacts", "mailing_city", "city", "normalised"),
        ("contacts", "Lifecycle_Stage__c", "lifecycle_stage", "normalised"),
        ("contacts", "owner_id", "owner", "normalised"),
        ("contacts", "Email 1", "email", "normalised"),
        ("contacts", "(Do Not Modify) Modified On", "updated_at", "normalised"),
        ("activities", "Add time", "created_at", "normalised"),  # 'Activity - Add time' unprefixed
        ("activities", "Marked as done time", "completed_at", "normalised"),
        ("deals", "Person - ID", "contact_id", "normalised"),  # the related person's key
        ("contacts", "Company: Name", "company", "normalised"),
        ("contacts", "Account: Phone", None, "none"),  # the company's phone, not the person's
        ("contacts", "Activity ID", None, "none"),
        ("contacts", "Contact: Mobile", "mobile", "normalised"),
        ("contacts", "Address 1: Fax", "fax", "normalised"),
        ("accounts", "Billing Fax", "fax", "normalised"),
        ("deals", "Deal - Next step", "next_step", "normalised"),
        ("deals", "Account Name.id", "account_id", "normalised"),
        ("deals", "Contact Name.id", "contact_id", "normalised"),
        ("contacts", "Emial Address", "email", "fuzzy"),
        ("contacts", "Mobile Phone Numbr", "mobile", "fuzzy"),
        ("contacts", "Custom_Score__c", None, "none"),
        ("contacts", "Phone 2", None, "none"),
        ("contacts", "Address Line 3", None, "none"),  # close to 'Address Line 1', other number
        ("deals", "Next Activity Date", None, "none"),  # one word from 'Last Activity Date'
        ("contacts", "Deal Stage", None, "none"),  # two letters from 'Lead Stage', another word
        ("accounts", "Accounts", None, "none"),  # 'accountid' is not a typo of it
        ("contacts", "Favourite colour", None, "none"),
    ],
)
def test_matching_tiers(entity, header, field, method):
    match = map_headers([header], entity).columns[0]
    assert (match.field, match.method) == (field, method)
    band = {"exact": (1.0, 1.0), "normalised": (0.85, 0.9), "fuzzy": (0.5, 0.85), "none": (0.0, 0.0)}
    low, high = band[method]
    assert low <= match.confidence <= high


def test_the_surer_header_wins_a_field_whatever_the_column_order():
    mapping = map_headers(["Contact: Phone", "Phone"], "contacts")
    assert mapping.field_for("Phone") == "phone"
    loser = mapping.columns[0]
    assert (loser.field, loser.method, loser.candidate) == (None, "none", "phone")
    assert loser.confidence == pytest.approx(0.88)


def test_a_tie_goes_to_the_first_column_and_stays_visible():
    mapping = map_headers(["Phone", "Phone Number"], "contacts")
    assert mapping.mapped() == {"Phone": "phone"}
    assert mapping.columns[1].candidate == "phone"
    assert mapping.columns[1].confidence == 1.0


def test_a_tie_goes_to_the_header_spelled_as_the_field():
    mapping = map_headers(["County", "State"], "contacts")
    assert mapping.mapped() == {"State": "state"}
    assert mapping.columns[0].candidate == "state"


def test_a_related_records_field_does_not_take_the_files_own():
    # Data Import Wizard style: the account's phone must not become the contact's phone.
    headers = ["Account: Account Name", "Account: Phone", "Contact: First Name", "Contact: Phone"]
    mapping = map_headers(headers)
    assert mapping.entity == "contacts"
    assert mapping.mapped() == {
        "Account: Account Name": "company", "Contact: First Name": "first_name", "Contact: Phone": "phone",
    }


def sample_mapping() -> ColumnMapping:
    return map_headers(["Email", "Secondary Email", "Favourite colour", "Last Name"], "contacts")


def test_override_moves_a_field_and_unmaps_its_old_holder():
    original = sample_mapping()
    edited = original.with_override("Secondary Email", "email")
    assert edited.field_for("Secondary Email") == "email"
    assert edited.field_for("Email") is None
    moved = edited.columns[1]
    assert (moved.method, moved.confidence) == ("manual", 1.0)
    assert original.field_for("Email") == "email"  # the original is unchanged


def test_override_can_map_a_custom_column_and_unmap_one():
    edited = sample_mapping().with_override("Favourite colour", "description")
    edited = edited.with_override("Last Name", None)
    assert edited.field_for("Favourite colour") == "description"
    assert "Last Name" in edited.unmapped_headers()


@pytest.mark.parametrize(("header", "field"), [("Nope", "email"), ("Email", "shoe_size")])
def test_override_rejects_unknown_header_or_field(header, field):
    with pytest.raises(MappingError):
        sample_mapping().with_override(header, field)


def test_to_dict_round_trips_through_json():
    mapping = sample_mapping().with_override("Favourite colour", "description")
    restored = ColumnMapping.from_dict(json.loads(json.dumps(mapping.to_dict())))
    assert restored == mapping


@pytest.mark.parametrize(
    "data",
    [
        {"entity": "contacts"},
        {"entity": "contacts", "columns": [{"header": "A"}]},
        {"entity": "leads", "columns": []},
        {"entity": "contacts", "columns": [
            {"header": "A", "field": "email", "confidence": 1, "method": "exact"},
            {"header": "B", "field": "email", "confidence": 1, "method": "exact"},
        ]},
    ],
)
def test_from_dict_refuses_damaged_data(data):
    with pytest.raises(MappingError):
        ColumnMapping.from_dict(data)


def test_a_saved_mapping_is_reused_for_the_same_headers():
    saved = sample_mapping().with_override("Favourite colour", "description")
    again = map_headers(["email", "Secondary Email", "Favourite Colour ", "Last Name"], saved=saved)
    assert again.entity == "contacts"
    assert again.field_for("Favourite Colour ") == "description"
    assert {c.method for c in again.columns} == {"saved"}
    assert all(c.confidence == 1.0 for c in again.columns)


def test_a_saved_mapping_for_another_entity_is_ignored():
    saved = map_headers(["Name"], "accounts")
    assert map_headers(["Name"], "contacts", saved=saved).columns[0].method == "exact"


def test_new_headers_next_to_a_saved_mapping_cannot_take_its_fields():
    saved = map_headers(["E-mail address"], "contacts")
    mapping = map_headers(["E-mail address", "Email"], "contacts", saved=saved)
    assert mapping.mapped() == {"E-mail address": "email"}


@pytest.mark.parametrize("headers", [[], ["Email", "Email"]])
def test_unusable_header_lists_are_mapping_errors(headers):
    with pytest.raises(MappingError):
        map_headers(headers)


def test_headers_that_match_nothing():
    guess = guess_entity(["Favourite colour", "Shoe size"])
    assert (guess.entity, guess.confidence) == (None, 0.0)
    assert set(guess.scores) == set(ENTITIES)
    with pytest.raises(MappingError, match="choose what the file holds"):
        map_headers(["Favourite colour", "Shoe size"])


def test_a_mapping_can_never_hold_one_field_twice():
    with pytest.raises(MappingError):
        ColumnMapping("contacts", (
            ColumnMatch("A", "email", 1.0, "exact"), ColumnMatch("B", "email", 1.0, "exact"),
        ))


def test_field_for_an_unknown_header_is_a_key_error():
    with pytest.raises(KeyError):
        sample_mapping().field_for("Nope")


def test_many_custom_headers_leave_the_real_fields_alone():
    """Ninety custom columns around ten real ones: exactly the ten map (speed is benchmarked
    in bench/mapping_accuracy.py, not timed here)."""
    headers = [f"Custom field {n}" for n in range(90)]
    headers += ["Contact ID", "First Name", "Last Name", "Email", "Phone", "Mobile", "Title",
                "Mailing City", "Mailing Zip/Postal Code", "Created Date"]
    mapping = map_headers(headers)
    assert mapping.entity == "contacts"
    assert sorted(mapping.mapped().values()) == sorted([
        "record_id", "first_name", "last_name", "email", "phone", "mobile", "job_title",
        "city", "postal_code", "created_at"])


def test_words_in_another_order_or_said_twice_still_map():
    from crm_core.mapping import header_words

    assert header_words("CurrencyCode_code") == ("currency", "code")
    mapping = map_headers(["NAME_FIRST", "NAME_LAST", "EMAILADDRESS"], "users")
    assert mapping.field_for("NAME_FIRST") == "first_name" and mapping.field_for("NAME_LAST") == "last_name"


def test_an_id_written_first_and_a_time_suffix_still_map():
    from crm_core.mapping import header_words

    assert header_words("IdCliente") == ("cliente", "id")  # Italian order: the id comes first
    assert map_headers(["IdCliente", "Importo"], "transactions").field_for("IdCliente") == "customer_id"
    users = map_headers(["user_id", "last_seen_at", "email"], "users")
    assert users.field_for("last_seen_at") == "last_login_at"  # "Last Seen" with a Rails-style "_at"


@pytest.mark.parametrize(("header", "entity", "field"), [
    ("GROSSAMOUNT", "transactions", "amount"),  # glued upper case, as databases export it
    ("CONTACTLASTNAME", "contacts", "last_name"),
    ("SALESORDERID", "transactions", "invoice_id"),
    ("Description", "contacts", "description"),  # a real word is not split
])
def test_a_header_written_without_spaces_is_split_into_known_words(header, entity, field):
    assert map_headers([header, "Email"], entity).field_for(header) == field


def test_a_records_own_name_with_id_is_its_id():
    assert map_headers(["id_oportunidade", "valor"], "deals").field_for("id_oportunidade") == "record_id"
    assert map_headers(["Product Name ID", "Quantity"], "transactions").field_for("Product Name ID") == "product_code"
