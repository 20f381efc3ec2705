"""Open Referral HSDS 3.0: the map as the tables of HSDS's tabular format (/data/hsds/*.json).

One JSON array per table; ids are uuid5, the same for the same slug in every build. The files
are written by kaart/export.py with the other open data.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers

import schema
from kaart.derive import FACET_PAGES, melding_current
from kaart.project import Project
from kaart.text import parsed_phone, slugify

HSDS_VERSION = "3.0"
# The fixed root of every HSDS id; each dataset gets its own namespace below it (the gemeente
# in content/instellingen.yaml), so two regions that both have a slug 'voedselbank' never clash.
ID_ROOT = uuid.UUID("4b0c1b5e-7a43-5d3c-9a0e-3f6d2c8e9b11")
HSDS_FACETS = {
    "fase": (
        "service",
        "De fasen van de schuldhulpverlening (VNG-handreiking Samenwerken met vrijwilligers(organisaties), 3.1.3).",
    ),
    "rol": ("service", "De rollen van vrijwilligers bij schuldhulpverlening (VNG-handreiking, 3.1.3)."),
    "activiteit": ("service", "Wat een organisatie doet (VNG-handreiking, 3.1.3)."),
    "doelgroep": ("service", "Voor wie de hulp is."),
    "soort": ("organization", "Wat voor organisatie het is."),
}
WEEKDAYS = {
    "maandag": ("MO", "Monday"),
    "dinsdag": ("TU", "Tuesday"),
    "woensdag": ("WE", "Wednesday"),
    "donderdag": ("TH", "Thursday"),
    "vrijdag": ("FR", "Friday"),
    "zaterdag": ("SA", "Saturday"),
    "zondag": ("SU", "Sunday"),
}
VORM = {"inloop": "inloop, zonder afspraak", "op-afspraak": "op afspraak"}
# A hex digit with its top two bits made 10 (RFC 4122's variant): what uuid5 does to its 17th digit.
_VARIANT = {digit: "89ab"[int(digit, 16) & 0b11] for digit in "0123456789abcdef"}


class _Ids:
    """uuid5 ids: the same name in the same dataset gives the same id in every build.

    Computed as uuid.uuid5 does (SHA-1 of namespace and name, version 5, RFC 4122 variant), without
    building UUID objects: a big region needs hundreds of thousands of them.
    """

    def __init__(self, dataset: str):
        self.namespace = uuid.uuid5(ID_ROOT, dataset).bytes

    def __call__(self, *parts) -> str:
        text = hashlib.sha1(self.namespace + "/".join(map(str, parts)).encode("utf-8")).hexdigest()
        # Version 5 is the 13th hex digit; the variant bits 10 are the top two of the 17th.
        return f"{text[:8]}-{text[8:12]}-5{text[13:16]}-{_VARIANT[text[16]]}{text[17:20]}-{text[20:32]}"


@lru_cache(maxsize=None)  # one entry per distinct number on the map
def international(number: str) -> str:
    """A shown phone number in international form: '030 123 45 67' -> '+31 30 123 4567'."""
    return phonenumbers.format_number(parsed_phone(number), phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _add(record: dict, **optional) -> dict:
    """Add the optional fields that have a value (HSDS leaves unknown fields out)."""
    record.update({key: value for key, value in optional.items() if value not in (None, "", [])})
    return record


HSDS_TABLES = (
    "organizations",
    "services",
    "locations",
    "addresses",
    "phones",
    "schedules",
    "service_areas",
    "languages",
    "service_at_location",
    "accessibility",
    "funding",
    "taxonomies",
    "taxonomy_terms",
    "attributes",
)


def hsds_tables(project: Project, base_url: str, version: int) -> Iterator[tuple[str, Iterator[dict]]]:
    """Each HSDS 3.0 table as (file name without .json, its records), one table at a time.

    Every table is made in its own pass over the organisations and can be written and let go
    before the next is made: a national map's tables together are about 100 MB of JSON."""
    rows = HsdsRows(project, base_url, version)
    for name in HSDS_TABLES:
        yield name, getattr(rows, name)()


class HsdsRows:
    """The records of each HSDS table, a generator per table; ids computed once and shared."""

    def __init__(self, project: Project, base_url: str, version: int):
        self.project, self.base_url, self.vocab = project, base_url, project.vocab
        self.version = version
        self.ids = ids = _Ids(project.settings.gemeente)
        self.slugs = sorted(project.organisations)
        self.org_ids = {slug: ids("organization", slug) for slug in self.slugs}
        self.service_ids = {slug: ids("service", slug) for slug in self.slugs}
        self.term_ids = {
            (facet, key): ids("taxonomy_term", facet, key)
            for facet in HSDS_FACETS
            for key in getattr(self.vocab, facet)
        }
        # (slug, number, locatie, location id, service_at_location id) of every locatie: five tables need them.
        self.places = [
            (slug, number, loc, ids("location", slug, number), ids("service_at_location", slug, number))
            for slug in self.slugs
            for number, loc in enumerate(project.organisations[slug].locaties)
        ]

    def each(self):
        """(slug, organisation) in slug order."""
        for slug in self.slugs:
            yield slug, self.project.organisations[slug]

    def taxonomies(self):
        """One per facet of the vocabulary that HSDS carries."""
        for facet, (_, description) in HSDS_FACETS.items():
            yield _add(
                {"id": self.ids("taxonomy", facet), "name": facet, "description": description},
                uri=f"{self.base_url}{facet}/" if self.base_url and facet in FACET_PAGES else None,
                version=str(self.version),
            )

    def taxonomy_terms(self):
        """Every key of those facets."""
        for facet in HSDS_FACETS:
            taxonomy_id = self.ids("taxonomy", facet)
            for key, term in getattr(self.vocab, facet).items():
                yield _add(
                    {
                        "id": self.term_ids[facet, key],
                        "code": key,
                        "name": term.label,
                        "description": term.uitleg,
                        "taxonomy": facet,
                        "taxonomy_id": taxonomy_id,
                        "language": "nl",
                    },
                    term_uri=f"{self.base_url}{facet}/{key}/" if self.base_url and facet in FACET_PAGES else None,
                )

    def organizations(self):
        """One per organisation."""
        for slug, org in self.each():
            yield _add(
                {"id": self.org_ids[slug], "name": org.naam, "description": org.samenvatting},
                email=org.contact.email,
                website=org.contact.website,
                uri=f"{self.base_url}organisaties/{slug}/" if self.base_url else None,
            )

    def services(self):
        """One per organisation: what it offers, how to sign up, for whom."""
        vocab = self.vocab
        for slug, org in self.each():
            manieren = ", ".join(vocab.aanmeldwijze[key].label for key in org.aanmelden.manieren)
            process = " ".join(
                part
                for part in (
                    f"Aanmelden: {manieren}.",
                    org.aanmelden.uitleg,
                    f"Wachttijd: {org.aanmelden.wachttijd}." if org.aanmelden.wachttijd else None,
                )
                if part
            )
            yield _add(
                {
                    "id": self.service_ids[slug],
                    "organization_id": self.org_ids[slug],
                    "name": org.naam,
                    "status": "active",
                },
                description=org.beschrijving or org.samenvatting,
                url=org.contact.website,
                email=org.contact.email,
                application_process=process,
                fees_description=org.aanmelden.kosten,
                eligibility_description=", ".join(vocab.doelgroep[key].label for key in org.doelgroepen),
                assured_date=org.gecontroleerd.isoformat(),
                alert=org.melding.tekst if melding_current(org, self.project) else None,
            )

    def funding(self):
        """Where the money comes from, per source."""
        for slug, org in self.each():
            for key in org.samenwerking.financiering if org.samenwerking else []:
                yield {
                    "id": self.ids("funding", slug, key),
                    "organization_id": self.org_ids[slug],
                    "source": self.vocab.financiering[key].label,
                }

    def phones(self):
        """The phone number and the WhatsApp number."""
        for slug, org in self.each():
            for kind, number, description in (
                ("voice", org.contact.telefoon, org.contact.bereikbaarheid),
                ("text", org.contact.whatsapp, "WhatsApp"),
            ):
                if number:
                    yield _add(
                        {
                            "id": self.ids("phone", slug, kind),
                            "organization_id": self.org_ids[slug],
                            "service_id": self.service_ids[slug],
                            "number": international(number),
                            "type": kind,
                        },
                        description=description,
                    )

    def service_areas(self):
        """Nederland, or each gemeente of the werkgebied."""
        base_url = self.base_url
        for slug, org in self.each():
            service_id = self.service_ids[slug]
            if org.werkgebied.landelijk:
                yield {
                    "id": self.ids("service_area", slug, "nederland"),
                    "service_id": service_id,
                    "name": "Nederland",
                    "description": "Heel Nederland",
                }
            for naam in org.werkgebied.gemeenten:
                wijken = f"; wijken: {', '.join(org.werkgebied.wijken)}" if org.werkgebied.wijken else ""
                yield _add(
                    {
                        "id": self.ids("service_area", slug, slugify(naam)),
                        "service_id": service_id,
                        "name": naam,
                        "description": f"Gemeente {naam}{wijken}",
                    },
                    uri=f"{base_url}gemeente/{slugify(naam)}/" if base_url else None,
                )

    def languages(self):
        """Each language the help is given in."""
        for slug, org in self.each():
            for code in org.talen:
                yield {
                    "id": self.ids("language", slug, code),
                    "service_id": self.service_ids[slug],
                    "name": schema.taalnaam(code),
                    "code": code,
                }

    def locations(self):
        """Each locatie."""
        for slug, _, loc, location_id, _ in self.places:
            yield _add(
                {
                    "id": location_id,
                    "location_type": "physical",
                    "organization_id": self.org_ids[slug],
                    "name": loc.naam,
                },
                description=loc.toelichting,
                latitude=loc.coordinaten[0] if loc.coordinaten else None,
                longitude=loc.coordinaten[1] if loc.coordinaten else None,
            )

    def addresses(self):
        """The address of each locatie."""
        for slug, number, loc, location_id, _ in self.places:
            yield {
                "id": self.ids("address", slug, number),
                "location_id": location_id,
                "address_1": loc.adres,
                "city": loc.plaats,
                "state_province": "",
                "postal_code": loc.postcode,
                "country": "NL",
                "address_type": "physical",
            }

    def service_at_location(self):
        """The organisation's service at each of its locaties."""
        for slug, _, _, location_id, link_id in self.places:
            yield {"id": link_id, "service_id": self.service_ids[slug], "location_id": location_id}

    def accessibility(self):
        """Whether a wheelchair gets in, where that is known."""
        for slug, number, loc, location_id, _ in self.places:
            if loc.rolstoeltoegankelijk is not None:
                yield {
                    "id": self.ids("accessibility", slug, number),
                    "location_id": location_id,
                    "description": "Rolstoeltoegankelijk" if loc.rolstoeltoegankelijk else "Niet rolstoeltoegankelijk",
                }

    def schedules(self):
        """Each weekly spreekuur."""
        for slug, number, loc, location_id, link_id in self.places:
            for hour, uur in enumerate(loc.spreekuren):
                yield {
                    "id": self.ids("schedule", slug, number, hour),
                    "service_id": self.service_ids[slug],
                    "location_id": location_id,
                    "service_at_location_id": link_id,
                    "freq": "WEEKLY",
                    "interval": 1,
                    "wkst": "MO",
                    "byday": WEEKDAYS[uur.dag][0],
                    "opens_at": uur.van,
                    "closes_at": uur.tot,
                    "attending_type": VORM[uur.vorm],
                    "description": f"{uur.dag} van {uur.van} tot {uur.tot} ({VORM[uur.vorm]})",
                    "notes": "Tijden in Nederlandse tijd (Europe/Amsterdam).",
                }

    def attributes(self):
        """Each fase, rol, activiteit, doelgroep and soort, as a link to its taxonomy term."""
        for slug, org in self.each():
            for facet, (entity, _) in HSDS_FACETS.items():
                values = [org.soort] if facet == "soort" else getattr(org, schema.FACET_FIELDS[facet])
                for key in values:
                    yield {
                        "id": self.ids("attribute", slug, facet, key),
                        "link_id": self.org_ids[slug] if entity == "organization" else self.service_ids[slug],
                        "link_entity": entity,
                        "link_type": facet,
                        "taxonomy_term_id": self.term_ids[facet, key],
                    }
