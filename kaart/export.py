"""Open data: the map for other systems, all of it under /data/ (docs/open-data.md).

- /data/organisaties.json: `{"versie": CONTRACT_VERSION, "organisaties": [...]}`, one object per
  organisation with `slug` plus the file's public fields under their own names, sorted by slug.
- /data/organisaties.csv: one row per organisation for Dutch Excel (`;`, UTF-8 with a byte-order
  mark, lists joined with ` | `, a cell that starts with = + - @ gets a leading ' so it can never
  run as a formula). The columns follow the model in schema.py, dotted like `contact.telefoon`.
- /data/hsds/*.json: Open Referral HSDS 3.0 (kaart/hsds.py).
- schema.org JSON-LD for each organisation page (`json_ld`).
- /data/index.json: which files there are, which version of the contract they follow and the
  date of the data (last git commit of the organisations folder, else SOURCE_DATE_EPOCH, else
  the reference date; never the wall clock).
- verwijskaart/kaarten.json: what a referral card shows of each organisation, for the
  verwijskaart page (the same public fields, a few of them).

Only the validated public model goes in: partner files never reach this module.
"""

from __future__ import annotations

import csv
import io
import json
import os
import types
import typing
from datetime import date, datetime

from pydantic import BaseModel

import schema
from kaart import record_types
from kaart.derive import Derived, public_record
from kaart.history import AMSTERDAM
from kaart.hsds import HSDS_VERSION, VORM, WEEKDAYS, hsds_tables, international
from kaart.jsontext import compact_json, indented_json
from kaart.project import Project
from kaart.text import slugify, tel_href

CONTRACT_VERSION = 1
LIST_SEPARATOR = " | "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def _columns(model: type[BaseModel], prefix: str = "") -> list[tuple[str, bool]]:
    """(dotted column name, is a list of records) for every field, in the model's order: a nested
    model's fields each a column, a top-level list of models one column per field of its items."""
    columns = []
    for name, info in model.model_fields.items():
        nested, in_list = _model_in(info.annotation)
        if nested is not None and not in_list:
            columns += _columns(nested, f"{prefix}{name}.")
        elif nested is not None and not prefix:
            columns += [(column, True) for column, _ in _columns(nested, f"{name}.")]
        else:
            columns.append((f"{prefix}{name}", False))
    return columns


def _model_in(annotation) -> tuple[type[BaseModel] | None, bool]:
    """(the model a field holds, whether in a list), through Annotated and `| None`; (None, False)
    for a field of plain values. The same as reading the model's JSON Schema, without making it."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _model_in(args[0])
    if origin in (typing.Union, types.UnionType):
        kinds = [_model_in(arg) for arg in args if arg is not type(None)]
        return next((kind for kind in kinds if kind[0] is not None), (None, False))
    if origin is list and args:
        nested, _ = _model_in(args[0])
        return (nested, True) if nested is not None else (None, False)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def csv_columns() -> list[tuple[str, bool]]:
    """The CSV's columns: slug, every field of schema.Organisatie, then the page address."""
    return [("slug", False), *_columns(schema.Organisatie), ("pagina", False)]


def _text(value) -> str:
    """One value as cell text: lists joined, yes/no in Dutch, nothing as empty."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return LIST_SEPARATOR.join([_text(item) for item in value])
    if isinstance(value, dict):
        return " ".join([_text(item) for item in value.values() if item is not None])
    return str(value)


def safe_cell(text: str) -> str:
    """A cell that a spreadsheet can never run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell_getter(dotted: str, in_list: bool):
    """A function that gives the cell of a dotted column from one organisation record (made once per
    column instead of taking the name apart for every cell)."""
    head, _, rest = dotted.partition(".")
    if in_list:

        def list_cell(record: dict) -> str:
            """The parts of a column of a list of records, such as locaties.adres."""
            # One part per record of the list (e.g. per locatie), in the same order in every column;
            # a list inside (spreekuren) becomes "dinsdag 09:30 12:00 inloop; ..." within its part.
            parts = []
            for item in record.get(head) or []:
                inner = item.get(rest)
                if isinstance(inner, list) and inner and isinstance(inner[0], dict):
                    parts.append("; ".join([_text(part) for part in inner]))
                else:
                    parts.append(_text(inner))
            return LIST_SEPARATOR.join(parts)

        return list_cell
    if not rest:
        return lambda record: _text(record.get(head))
    path = rest.split(".")

    def nested_cell(record: dict) -> str:
        """The cell of a column inside a record, such as contact.telefoon."""
        value = record.get(head)
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        return _text(value)

    return nested_cell


def organisations_csv(project: Project, base_url: str) -> bytes:
    """/data/organisaties.csv for Dutch Excel: ';', UTF-8 with BOM, one row per organisation."""
    columns = csv_columns()
    cells = [_cell_getter(name, in_list) for name, in_list in columns]
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
        writer.writerow([safe_cell(cell(record)) for cell in cells])
    text.detach()  # flushed, and the bytes buffer stays open when the text layer goes
    return buffer.getvalue()


# --- /data/organisaties.json and the referral cards -----------------------------------------


def organisations_json(project: Project, derived: Derived) -> bytes:
    """/data/organisaties.json: the contract's open data, sorted by slug."""
    if not project.organisations:
        return (json.dumps({"versie": CONTRACT_VERSION, "organisaties": []}, indent=1) + "\n").encode("utf-8")
    # What json.dumps(indent=1) writes for the whole, made and encoded one record at a time: the
    # records of a national map as dicts would take ~150 MB at once, as one str up to four times
    # the file. (JSON text has no raw line breaks inside strings, so indenting every line of a
    # record by two is exact.)
    out = io.BytesIO()
    out.write(f'{{\n "versie": {CONTRACT_VERSION},\n "organisaties": [\n'.encode("utf-8"))
    for number, slug in enumerate(sorted(project.organisations)):
        record = indented_json(public_record(slug, project.organisations[slug]), "\n  ")
        out.write(((",\n  " if number else "  ") + record).encode("utf-8"))
    out.write(b"\n ]\n}\n")
    return out.getvalue()


def referral_card(org: record_types.Organisatie) -> dict:
    """What a verwijskaart shows of one organisation: name, what, phone, walk-in hours, address, what to bring."""
    inloop = [
        f"{u.dag} {u.van}-{u.tot} ({loc.naam})" for loc in org.locaties for u in loc.spreekuren if u.vorm == "inloop"
    ]
    card = {
        "n": org.naam,
        "s": org.samenvatting,
        "adres": [f"{loc.naam}, {loc.adres}, {loc.postcode} {loc.plaats}" for loc in org.locaties[:2]],
        "inloop": inloop[:4],
        "mee": list(org.doorverwijzen.meenemen) if org.doorverwijzen else [],
    }
    if org.contact.telefoon:
        card["tel"] = org.contact.telefoon
        card["th"] = tel_href(org.contact.telefoon)  # memoised: the search file's records need it too
    # The urgent number on the card follows the gemeenten its organisations serve.
    if org.werkgebied.landelijk:
        card["l"] = 1
    else:
        card["g"] = sorted({slugify(naam) for naam in org.werkgebied.gemeenten})
    return card


def referral_cards_json(project: Project, derived: Derived) -> bytes:
    """The data the verwijskaart page fills its cards from, by slug."""
    cards = {slug: referral_card(project.organisations[slug]) for slug in sorted(project.organisations)}
    return json.dumps(cards, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


# --- schema.org JSON-LD -------------------------------------------------------------------


def json_ld_data(project: Project, slug: str, base_url: str) -> dict:
    """The schema.org description of one organisation, from the same values its page shows."""
    org = project.organisations[slug]
    data: dict = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization" if org.soort == "gemeente" else "Organization",
        "name": org.naam,
        "description": org.samenvatting,
    }
    if base_url:
        data["@id"] = f"{base_url}organisaties/{slug}/#organisatie"
        data["mainEntityOfPage"] = f"{base_url}organisaties/{slug}/"
    if org.contact.website:
        data["url"] = org.contact.website
    if org.contact.telefoon:
        data["telephone"] = international(org.contact.telefoon)
    if org.contact.email:
        data["email"] = org.contact.email
    if org.werkgebied.landelijk:
        data["areaServed"] = {"@type": "Country", "name": "Nederland"}
    else:
        data["areaServed"] = [{"@type": "AdministrativeArea", "name": naam} for naam in org.werkgebied.gemeenten]
    data["knowsLanguage"] = list(org.talen)
    addresses = [
        {
            "@type": "PostalAddress",
            "streetAddress": loc.adres,
            "postalCode": loc.postcode,
            "addressLocality": loc.plaats,
            "addressCountry": "NL",
        }
        for loc in org.locaties
    ]
    if addresses:
        data["address"] = addresses
        data["location"] = [
            {
                "@type": "Place",
                "name": loc.naam,
                "address": address,
                "openingHoursSpecification": [
                    {
                        "@type": "OpeningHoursSpecification",
                        "dayOfWeek": f"https://schema.org/{WEEKDAYS[uur.dag][1]}",
                        "opens": uur.van,
                        "closes": uur.tot,
                        "description": VORM[uur.vorm],
                    }
                    for uur in loc.spreekuren
                ],
                **(
                    {
                        "geo": {
                            "@type": "GeoCoordinates",
                            "latitude": loc.coordinaten[0],
                            "longitude": loc.coordinaten[1],
                        }
                    }
                    if loc.coordinaten
                    else {}
                ),
            }
            for loc, address in zip(org.locaties, addresses)
        ]
    return data


def json_ld(project: Project, slug: str, base_url: str) -> str:
    """JSON-LD text, safe inside <script type="application/ld+json"> (no '</' can close it)."""
    text = compact_json(json_ld_data(project, slug, base_url))
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
        out.write(compact_json(record).encode("utf-8"))
        count += 1
    out.write(b"\n]\n" if count else b"[]\n")
    return out.getvalue(), count


def each_open_data_file(project: Project, derived: Derived, base_url: str):
    """The open data files one by one as (path, bytes), each made only when the one before is written."""
    version = CONTRACT_VERSION
    yield "data/organisaties.csv", organisations_csv(project, base_url)
    counts = {}
    for name, records in hsds_tables(project, base_url, version):
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
            "organisaties.json": {
                "formaat": "JSON",
                "inhoud": "alle openbare velden, onder hun eigen namen",
                "contractversie": version,
            },
            "organisaties.csv": {
                "formaat": "CSV voor Excel: ; als scheidingsteken, UTF-8 met BOM, lijsten met ' | '",
                "contractversie": version,
            },
            **{
                f"hsds/{name}.json": {
                    "formaat": f"Open Referral HSDS {HSDS_VERSION}, tabel {name}",
                    "hsds_versie": HSDS_VERSION,
                    "contractversie": version,
                    "aantal": count,
                }
                for name, count in counts.items()
            },
        },
    }
    yield "data/index.json", _json_bytes(index)
