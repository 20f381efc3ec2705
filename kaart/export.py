"""Open data: the map for other systems, next to /data/organisaties.json (kaart/render.py).

- /data/organisaties.csv: one row per organisation for Dutch Excel (`;`, UTF-8 with a byte-order
  mark, lists joined with ` | `, a cell that starts with = + - @ gets a leading ' so it can never
  run as a formula). The columns follow the model in schema.py, dotted like `contact.telefoon`.
- /data/hsds/*.json: Open Referral HSDS 3.0, one JSON array per table (file names as the tables
  of HSDS's tabular format); ids are uuid5, the same for the same slug in every build.
- schema.org JSON-LD for each organisation page (`json_ld`).
- /data/index.json: which files there are, which version of the contract they follow and the
  date of the data (last git commit of the organisations folder, else SOURCE_DATE_EPOCH, else
  the reference date; never the wall clock).

Only the validated public model goes in: partner files never reach this module.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache

import phonenumbers

import schema
from kaart.derive import Derived, melding_current
from kaart.gather import Project
from kaart.history import AMSTERDAM
from kaart.text import slugify

HSDS_VERSION = "3.0"
LIST_SEPARATOR = " | "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The fixed root of every HSDS id; each dataset gets its own namespace below it (the gemeente
# in content/instellingen.yaml), so two regions that both have a slug 'voedselbank' never clash.
ID_ROOT = uuid.UUID("4b0c1b5e-7a43-5d3c-9a0e-3f6d2c8e9b11")
HSDS_FACETS = {
    "fase": ("service", "De fasen van de schuldhulpverlening (VNG-handreiking Samenwerken met "
                        "vrijwilligers(organisaties), 3.1.3)."),
    "rol": ("service", "De rollen van vrijwilligers bij schuldhulpverlening (VNG-handreiking, 3.1.3)."),
    "activiteit": ("service", "Wat een organisatie doet (VNG-handreiking, 3.1.3)."),
    "doelgroep": ("service", "Voor wie de hulp is."),
    "soort": ("organization", "Wat voor organisatie het is."),
}
FACET_PAGES = ("fase", "rol", "doelgroep")
WEEKDAYS = {"maandag": ("MO", "Monday"), "dinsdag": ("TU", "Tuesday"), "woensdag": ("WE", "Wednesday"),
            "donderdag": ("TH", "Thursday"), "vrijdag": ("FR", "Friday"), "zaterdag": ("SA", "Saturday"),
            "zondag": ("SU", "Sunday")}
VORM = {"inloop": "inloop, zonder afspraak", "op-afspraak": "op afspraak"}


# --- the date of the data ---------------------------------------------------------------

def data_date(project: Project) -> tuple[date, str]:
    """(date of the data, where it came from): git, else SOURCE_DATE_EPOCH, else the reference date."""
    if project.data_date is not None:
        return project.data_date, "git"
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), AMSTERDAM).date(), "SOURCE_DATE_EPOCH"
    return project.today, "peildatum"


# --- CSV ----------------------------------------------------------------------------------

def _columns(model_schema: dict, defs: dict, prefix: str = "") -> list[tuple[str, bool]]:
    """(dotted column name, is a list of records) for every field, in the model's order."""
    columns = []
    for name, prop in model_schema["properties"].items():
        options = [prop] + prop.get("anyOf", [])
        ref = next((o["$ref"] for o in options if "$ref" in o), None)
        items_ref = next((o["items"]["$ref"] for o in options if "$ref" in o.get("items", {})), None)
        if ref:
            columns += _columns(defs[ref.rsplit("/", 1)[1]], defs, f"{prefix}{name}.")
        elif items_ref and not prefix:
            columns += [(column, True) for column, _ in
                        _columns(defs[items_ref.rsplit("/", 1)[1]], defs, f"{name}.")]
        else:
            columns.append((f"{prefix}{name}", False))
    return columns


def csv_columns() -> list[tuple[str, bool]]:
    """The CSV's columns: slug, every field of schema.Organisatie, then the page address."""
    generated = schema.Organisatie.model_json_schema()
    return [("slug", False), *_columns(generated, generated.get("$defs", {})), ("pagina", False)]


def _text(value) -> str:
    """One value as cell text: lists joined, yes/no in Dutch, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_text(item) for item in value.values() if item is not None)
    return str(value)


def safe_cell(text: str) -> str:
    """A cell that a spreadsheet can never run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _lookup(record: dict, dotted: str, in_list: bool) -> str:
    """The cell for a dotted column of one organisation record."""
    head, _, rest = dotted.partition(".")
    value = record.get(head)
    if in_list:
        # One part per record of the list (e.g. per locatie), in the same order in every column;
        # a list inside (spreekuren) becomes "dinsdag 09:30 12:00 inloop; ..." within its part.
        parts = []
        for item in value or []:
            inner = item.get(rest)
            if isinstance(inner, list) and inner and isinstance(inner[0], dict):
                parts.append("; ".join(_text(part) for part in inner))
            else:
                parts.append(_text(inner))
        return LIST_SEPARATOR.join(parts)
    for part in rest.split(".") if rest else []:
        value = value.get(part) if isinstance(value, dict) else None
    return _text(value)


def organisations_csv(project: Project, base_url: str) -> bytes:
    """/data/organisaties.csv for Dutch Excel: ';', UTF-8 with BOM, one row per organisation."""
    columns = csv_columns()
    # Encoded as it is written: a national map's CSV held as one str would take four times its size.
    buffer = io.BytesIO()
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    text.write("\ufeff")
    writer = csv.writer(text, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([name for name, _ in columns])
    for slug in sorted(project.organisations):
        record = project.organisations[slug].model_dump(mode="json")
        record["slug"] = slug
        record["pagina"] = f"{base_url}organisaties/{slug}/"
        writer.writerow([safe_cell(_lookup(record, name, in_list)) for name, in_list in columns])
    text.detach()  # flushed, and the bytes buffer stays open when the text layer goes
    return buffer.getvalue()


# --- Open Referral HSDS 3.0 ---------------------------------------------------------------

class _Ids:
    """uuid5 ids: the same name in the same dataset gives the same id in every build.

    Computed as uuid.uuid5 does (SHA-1 of namespace and name, version 5, RFC 4122 variant), without
    building UUID objects: a big region needs hundreds of thousands of them.
    """

    def __init__(self, dataset: str):
        self.namespace = uuid.uuid5(ID_ROOT, dataset).bytes

    def __call__(self, *parts) -> str:
        digest = bytearray(hashlib.sha1(self.namespace + "/".join(map(str, parts)).encode("utf-8")).digest()[:16])
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        text = digest.hex()
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


@lru_cache(maxsize=None)  # one entry per distinct number on the map
def _international(number: str) -> str:
    """A shown phone number in international form: '030 123 45 67' -> '+31 30 123 4567'."""
    return phonenumbers.format_number(phonenumbers.parse(number, "NL"), phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _add(record: dict, **optional) -> dict:
    """Add the optional fields that have a value (HSDS leaves unknown fields out)."""
    record.update({key: value for key, value in optional.items() if value not in (None, "", [])})
    return record


HSDS_TABLES = ("organizations", "services", "locations", "addresses", "phones", "schedules", "service_areas",
               "languages", "service_at_location", "accessibility", "funding", "taxonomies", "taxonomy_terms",
               "attributes")


def hsds_tables(project: Project, base_url: str) -> Iterator[tuple[str, Iterator[dict]]]:
    """Each HSDS 3.0 table as (file name without .json, its records), one table at a time.

    Every table is made in its own pass over the organisations and can be written and let go
    before the next is made: a national map's tables together are about 100 MB of JSON."""
    rows = HsdsRows(project, base_url)
    for name in HSDS_TABLES:
        yield name, getattr(rows, name)()


class HsdsRows:
    """The records of each HSDS table, a generator per table; ids computed once and shared."""

    def __init__(self, project: Project, base_url: str):
        self.project, self.base_url, self.vocab = project, base_url, project.vocab
        self.ids = ids = _Ids(project.settings.gemeente)
        self.slugs = sorted(project.organisations)
        self.org_ids = {slug: ids("organization", slug) for slug in self.slugs}
        self.service_ids = {slug: ids("service", slug) for slug in self.slugs}
        self.term_ids = {(facet, key): ids("taxonomy_term", facet, key)
                         for facet in HSDS_FACETS for key in getattr(self.vocab, facet)}
        # (slug, number, locatie, location id, service_at_location id) of every locatie: five tables need them.
        self.places = [(slug, number, loc, ids("location", slug, number), ids("service_at_location", slug, number))
                       for slug in self.slugs for number, loc in enumerate(project.organisations[slug].locaties)]

    def each(self):
        """(slug, organisation) in slug order."""
        for slug in self.slugs:
            yield slug, self.project.organisations[slug]

    def taxonomies(self):
        """One per facet of the vocabulary that HSDS carries."""
        for facet, (_, description) in HSDS_FACETS.items():
            yield _add({"id": self.ids("taxonomy", facet), "name": facet, "description": description},
                       uri=f"{self.base_url}{facet}/" if self.base_url and facet in FACET_PAGES else None,
                       version=str(schema_version()))

    def taxonomy_terms(self):
        """Every key of those facets."""
        for facet in HSDS_FACETS:
            taxonomy_id = self.ids("taxonomy", facet)
            for key, term in getattr(self.vocab, facet).items():
                yield _add({"id": self.term_ids[facet, key], "code": key, "name": term.label,
                            "description": term.uitleg, "taxonomy": facet, "taxonomy_id": taxonomy_id,
                            "language": "nl"},
                           term_uri=f"{self.base_url}{facet}/{key}/" if self.base_url and facet in FACET_PAGES
                           else None)

    def organizations(self):
        """One per organisation."""
        for slug, org in self.each():
            yield _add({"id": self.org_ids[slug], "name": org.naam, "description": org.samenvatting},
                       email=org.contact.email, website=org.contact.website,
                       uri=f"{self.base_url}organisaties/{slug}/" if self.base_url else None)

    def services(self):
        """One per organisation: what it offers, how to sign up, for whom."""
        vocab = self.vocab
        for slug, org in self.each():
            manieren = ", ".join(vocab.aanmeldwijze[key].label for key in org.aanmelden.manieren)
            process = " ".join(part for part in (
                f"Aanmelden: {manieren}.", org.aanmelden.uitleg,
                f"Wachttijd: {org.aanmelden.wachttijd}." if org.aanmelden.wachttijd else None) if part)
            yield _add(
                {"id": self.service_ids[slug], "organization_id": self.org_ids[slug], "name": org.naam,
                 "status": "active"},
                description=org.beschrijving or org.samenvatting, url=org.contact.website, email=org.contact.email,
                application_process=process, fees_description=org.aanmelden.kosten,
                eligibility_description=", ".join(vocab.doelgroep[key].label for key in org.doelgroepen),
                assured_date=org.gecontroleerd.isoformat(),
                alert=org.melding.tekst if melding_current(org, self.project) else None)

    def funding(self):
        """Where the money comes from, per source."""
        for slug, org in self.each():
            for key in (org.samenwerking.financiering if org.samenwerking else []):
                yield {"id": self.ids("funding", slug, key), "organization_id": self.org_ids[slug],
                       "source": self.vocab.financiering[key].label}

    def phones(self):
        """The phone number and the WhatsApp number."""
        for slug, org in self.each():
            for kind, number, description in (("voice", org.contact.telefoon, org.contact.bereikbaarheid),
                                              ("text", org.contact.whatsapp, "WhatsApp")):
                if number:
                    yield _add({"id": self.ids("phone", slug, kind), "organization_id": self.org_ids[slug],
                                "service_id": self.service_ids[slug], "number": _international(number),
                                "type": kind}, description=description)

    def service_areas(self):
        """Nederland, or each gemeente of the werkgebied."""
        base_url = self.base_url
        for slug, org in self.each():
            service_id = self.service_ids[slug]
            if org.werkgebied.landelijk:
                yield {"id": self.ids("service_area", slug, "nederland"), "service_id": service_id,
                       "name": "Nederland", "description": "Heel Nederland"}
            for naam in org.werkgebied.gemeenten:
                wijken = f"; wijken: {', '.join(org.werkgebied.wijken)}" if org.werkgebied.wijken else ""
                yield _add({"id": self.ids("service_area", slug, slugify(naam)), "service_id": service_id,
                            "name": naam, "description": f"Gemeente {naam}{wijken}"},
                           uri=f"{base_url}gemeente/{slugify(naam)}/" if base_url else None)

    def languages(self):
        """Each language the help is given in."""
        for slug, org in self.each():
            for code in org.talen:
                yield {"id": self.ids("language", slug, code), "service_id": self.service_ids[slug],
                       "name": schema.taalnaam(code), "code": code}

    def locations(self):
        """Each locatie."""
        for slug, _, loc, location_id, _ in self.places:
            yield _add({"id": location_id, "location_type": "physical", "organization_id": self.org_ids[slug],
                        "name": loc.naam}, description=loc.toelichting)

    def addresses(self):
        """The address of each locatie."""
        for slug, number, loc, location_id, _ in self.places:
            yield {"id": self.ids("address", slug, number), "location_id": location_id, "address_1": loc.adres,
                   "city": loc.plaats, "state_province": "", "postal_code": loc.postcode, "country": "NL",
                   "address_type": "physical"}

    def service_at_location(self):
        """The organisation's service at each of its locaties."""
        for slug, _, _, location_id, link_id in self.places:
            yield {"id": link_id, "service_id": self.service_ids[slug], "location_id": location_id}

    def accessibility(self):
        """Whether a wheelchair gets in, where that is known."""
        for slug, number, loc, location_id, _ in self.places:
            if loc.rolstoeltoegankelijk is not None:
                yield {"id": self.ids("accessibility", slug, number), "location_id": location_id,
                       "description": "Rolstoeltoegankelijk" if loc.rolstoeltoegankelijk
                       else "Niet rolstoeltoegankelijk"}

    def schedules(self):
        """Each weekly spreekuur."""
        for slug, number, loc, location_id, link_id in self.places:
            for hour, uur in enumerate(loc.spreekuren):
                yield {"id": self.ids("schedule", slug, number, hour), "service_id": self.service_ids[slug],
                       "location_id": location_id, "service_at_location_id": link_id, "freq": "WEEKLY",
                       "interval": 1, "wkst": "MO", "byday": WEEKDAYS[uur.dag][0], "opens_at": uur.van,
                       "closes_at": uur.tot, "attending_type": VORM[uur.vorm],
                       "description": f"{uur.dag} van {uur.van} tot {uur.tot} ({VORM[uur.vorm]})",
                       "notes": "Tijden in Nederlandse tijd (Europe/Amsterdam)."}

    def attributes(self):
        """Each fase, rol, activiteit, doelgroep and soort, as a link to its taxonomy term."""
        for slug, org in self.each():
            for facet, (entity, _) in HSDS_FACETS.items():
                values = [org.soort] if facet == "soort" else getattr(org, {
                    "fase": "fases", "rol": "rollen", "activiteit": "activiteiten", "doelgroep": "doelgroepen"}[facet])
                for key in values:
                    yield {"id": self.ids("attribute", slug, facet, key),
                           "link_id": self.org_ids[slug] if entity == "organization" else self.service_ids[slug],
                           "link_entity": entity, "link_type": facet, "taxonomy_term_id": self.term_ids[facet, key]}


def schema_version() -> int:
    """The version of the contract (docs/open-data.md) every export follows."""
    from kaart.render import CONTRACT_VERSION

    return CONTRACT_VERSION


# --- schema.org JSON-LD -------------------------------------------------------------------

def json_ld_data(project: Project, slug: str, base_url: str) -> dict:
    """The schema.org description of one organisation, from the same values its page shows."""
    org = project.organisations[slug]
    data: dict = {"@context": "https://schema.org",
                  "@type": "GovernmentOrganization" if org.soort == "gemeente" else "Organization",
                  "name": org.naam, "description": org.samenvatting}
    if base_url:
        data["@id"] = f"{base_url}organisaties/{slug}/#organisatie"
        data["mainEntityOfPage"] = f"{base_url}organisaties/{slug}/"
    if org.contact.website:
        data["url"] = org.contact.website
    if org.contact.telefoon:
        data["telephone"] = _international(org.contact.telefoon)
    if org.contact.email:
        data["email"] = org.contact.email
    if org.werkgebied.landelijk:
        data["areaServed"] = {"@type": "Country", "name": "Nederland"}
    else:
        data["areaServed"] = [{"@type": "AdministrativeArea", "name": naam} for naam in org.werkgebied.gemeenten]
    data["knowsLanguage"] = list(org.talen)
    addresses = [{"@type": "PostalAddress", "streetAddress": loc.adres, "postalCode": loc.postcode,
                  "addressLocality": loc.plaats, "addressCountry": "NL"} for loc in org.locaties]
    if addresses:
        data["address"] = addresses
        data["location"] = [
            {"@type": "Place", "name": loc.naam, "address": address,
             "openingHoursSpecification": [
                 {"@type": "OpeningHoursSpecification", "dayOfWeek": f"https://schema.org/{WEEKDAYS[uur.dag][1]}",
                  "opens": uur.van, "closes": uur.tot, "description": VORM[uur.vorm]}
                 for uur in loc.spreekuren]}
            for loc, address in zip(org.locaties, addresses)]
    return data


def json_ld(project: Project, slug: str, base_url: str) -> str:
    """JSON-LD text, safe inside <script type="application/ld+json"> (no '</' can close it)."""
    text = json.dumps(json_ld_data(project, slug, base_url), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --- all files of /data/ ------------------------------------------------------------------

def _json_bytes(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def json_lines(records) -> tuple[bytes, int]:
    """A JSON list with one compact record per line (small, and still readable and diffable),
    encoded record by record; and how many records it has."""
    out, count = io.BytesIO(), 0
    for record in records:
        out.write(b",\n" if count else b"[\n")
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        count += 1
    out.write(b"\n]\n" if count else b"[]\n")
    return out.getvalue(), count


def each_open_data_file(project: Project, derived: Derived, base_url: str):
    """The open data files one by one as (path, bytes), each made only when the one before is written."""
    version = schema_version()
    yield "data/organisaties.csv", organisations_csv(project, base_url)
    counts = {}
    for name, records in hsds_tables(project, base_url):
        content, counts[name] = json_lines(records)
        yield f"data/hsds/{name}.json", content
        del content  # let go before the next table is made
    day, source = data_date(project)
    index = {
        "versie": version,
        "datum": day.isoformat(),
        "datum_bron": source,
        "aantal_organisaties": len(project.organisations),
        "bestanden": {
            "organisaties.json": {"formaat": "JSON", "inhoud": "alle openbare velden, onder hun eigen namen",
                                  "contractversie": version},
            "organisaties.csv": {"formaat": "CSV voor Excel: ; als scheidingsteken, UTF-8 met BOM, lijsten met ' | '",
                                 "contractversie": version},
            **{f"hsds/{name}.json": {"formaat": f"Open Referral HSDS {HSDS_VERSION}, tabel {name}",
                                     "hsds_versie": HSDS_VERSION, "contractversie": version,
                                     "aantal": count}
               for name, count in counts.items()},
        },
    }
    yield "data/index.json", _json_bytes(index)

