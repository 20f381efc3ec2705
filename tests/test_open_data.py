"""Open data (issue 7, part 7-9): /data/organisaties.json (docs/open-data.md), the CSV for Dutch Excel, the
Open Referral HSDS 3.0 export (validated against HSDS's own schemas in tests/data/hsds-3.0/),
schema.org JSON-LD on each organisation page, and /data/index.json with version and data date."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import uuid
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from support import run_build_py

REPO = Path(__file__).resolve().parent.parent

from kaart.export import csv_columns, safe_cell  # noqa: E402
from kaart.jsontext import compact_json, indented_json, sorted_json, spaced_json  # noqa: E402
from kaart.read_files import read_yaml_file  # noqa: E402

TODAY = "2026-11-26"
HSDS = Path(__file__).resolve().parent / "data" / "hsds-3.0"
HSDS_BASE = "https://hsds.test/"


def build(out: Path, *extra, cwd=REPO, env=None) -> Path:
    result = run_build_py("build", "--out", out, "--today", TODAY, *extra, cwd=cwd, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def site(base_url_example_site) -> Path:
    """The example region, built in this git checkout with a base URL."""
    return base_url_example_site


@pytest.fixture(scope="module")
def partner_site(site_cache) -> Path:
    return site_cache.build("--partners", REPO / "voorbeeld-partners", "--base-url", "https://kaart.example.nl/sub/")


def organisations() -> dict[str, dict]:
    found = {}
    for path in sorted((REPO / "organisations").glob("*.yaml")):
        doc, _ = read_yaml_file(str(path))
        found[path.stem] = doc.data
    return found


def data_files(site: Path) -> list[Path]:
    return sorted(p for p in (site / "data").rglob("*") if p.is_file())


# --- /data/organisaties.json (docs/open-data.md, unchanged) ---------------------------------------------


def test_organisaties_json_keeps_contract_6(site):
    data = json.loads((site / "data" / "organisaties.json").read_text(encoding="utf-8"))
    assert list(data) == ["versie", "organisaties"] and data["versie"] == 1
    slugs = [o["slug"] for o in data["organisaties"]]
    assert slugs == sorted(organisations())
    for record in data["organisaties"]:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["gecontroleerd"])
        assert "contactpersoon" not in record and "notitie" not in record


AWKWARD_VALUES = [
    {},
    [],
    {"a": [], "b": {}, "c": [[], [{}]]},
    {"tekst": 'regel\neen "aanhalingsteken" \\ \x01 \u2028 é 日本 \U0001f600', "leeg": "", "geen": None},
    {"getallen": [0, -3, 10**30, 1.5, 1e-05, 1e16, -0.0, float("nan"), float("inf")], "ja": True, "nee": False},
    {"rijtje": ("a", ["b"]), 1: "sleutel die geen tekst is", "diep": {"x": {"y": [{"z": [1, {"w": "v"}]}]}}},
    "alleen tekst",
    None,
]


@pytest.mark.parametrize("value", AWKWARD_VALUES, ids=range(len(AWKWARD_VALUES)))
def test_json_text_is_what_json_dumps_writes(value):
    """The data files are written with kaart/jsontext.py's encoders: the same bytes as json.dumps, at any depth."""
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=1)
    nested = json.dumps({"a": [value]}, ensure_ascii=False, indent=1).replace("\n", "\n  ")
    assert indented_json({"a": [value]}, "\n  ") == nested
    assert compact_json(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    assert spaced_json(value) == json.dumps(value, ensure_ascii=False)
    if not (isinstance(value, dict) and 1 in value):  # json cannot sort text and number keys together
        assert sorted_json(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


# --- /data/organisaties.csv -----------------------------------------------------------------------


def read_csv(site: Path) -> tuple[list[str], list[dict]]:
    raw = (site / "data" / "organisaties.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark"
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = rows[0]
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_csv_has_one_row_per_organisation_with_every_field(site):
    header, rows = read_csv(site)
    assert header == [name for name, _ in csv_columns()]
    for column in (
        "slug",
        "naam",
        "werkgebied.gemeenten",
        "contact.telefoon",
        "locaties.spreekuren",
        "samenwerking.vrijwilligers",
        "melding.tot",
        "gecontroleerd",
        "pagina",
    ):
        assert column in header
    assert [row["slug"] for row in rows] == sorted(organisations())
    json_data = {o["slug"]: o for o in json.loads((site / "data" / "organisaties.json").read_text())["organisaties"]}
    for row in rows:
        record = json_data[row["slug"]]
        assert row["naam"] == record["naam"]
        assert row["fases"] == " | ".join(record["fases"])
        assert row["gecontroleerd"] == record["gecontroleerd"]
        assert row["pagina"] == f"https://kaart.example.nl/sub/organisaties/{row['slug']}/"
        locaties = record.get("locaties", [])
        assert row["locaties.naam"] == " | ".join(loc["naam"] for loc in locaties)
        assert row["locaties.postcode"].count(" | ") == max(len(locaties) - 1, 0)
        assert row["werkgebied.landelijk"] in ("ja", "nee")


def schema_columns(model_schema: dict, defs: dict, prefix: str = "") -> list[tuple[str, bool]]:
    """The CSV's columns as read from the model's JSON Schema (how export.py once found them)."""
    columns = []
    for name, prop in model_schema["properties"].items():
        options = [prop] + prop.get("anyOf", [])
        ref = next((o["$ref"] for o in options if "$ref" in o), None)
        items_ref = next((o["items"]["$ref"] for o in options if "$ref" in o.get("items", {})), None)
        if ref:
            columns += schema_columns(defs[ref.rsplit("/", 1)[1]], defs, f"{prefix}{name}.")
        elif items_ref and not prefix:
            inner = schema_columns(defs[items_ref.rsplit("/", 1)[1]], defs, f"{name}.")
            columns += [(column, True) for column, _ in inner]
        else:
            columns.append((f"{prefix}{name}", False))
    return columns


def test_csv_columns_follow_the_model_as_its_json_schema_shows_it():
    """csv_columns walks the model's fields (making the JSON Schema took 6 ms of every build): the
    same columns, in the same order, as the schema's properties, nested models and lists of them."""
    import schema

    generated = schema.Organisatie.model_json_schema()
    expected = [("slug", False), *schema_columns(generated, generated["$defs"]), ("pagina", False)]
    assert csv_columns() == expected
    assert ("locaties.spreekuren", True) in expected and ("contact.telefoon", False) in expected


def test_csv_spreekuren_and_booleans_are_readable(site):
    _, rows = read_csv(site)
    row = next(r for r in rows if r["slug"] == "geldpunt-bibliotheek-dijkhaven")
    assert row["locaties.spreekuren"] == (
        "maandag 13:00 16:00 inloop; donderdag 09:30 12:00 inloop | woensdag 14:00 16:00 inloop"
    )
    assert row["locaties.rolstoeltoegankelijk"] == "ja | ja"
    assert row["doorverwijzen.terugkoppeling"] == "nee"
    assert row["melding.tot"] == "2027-01-04"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+31 6", "'+31 6"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("gratis", "gratis"),
        ("5 - 3", "5 - 3"),
        ("", ""),
    ],
)
def test_csv_cell_can_never_be_a_formula(value, cell):
    assert safe_cell(value) == cell


def test_csv_guards_hostile_values_from_an_organisation_file(tmp_path):
    region = tmp_path / "regio"
    (region / "organisaties").mkdir(parents=True)
    shutil.copytree(REPO / "content", region / "content")
    (region / "content" / "verhuisd.yaml").unlink(missing_ok=True)
    text = (REPO / "organisations" / "taalhuis-dijkhaven.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^naam: .*$", 'naam: "=HYPERLINK(\\"https://x.example\\";\\"klik\\")"', text, flags=re.M)
    text = re.sub(r"^trefwoorden: .*$", 'trefwoorden: ["@SUM(1)", "-2", "+31"]', text, flags=re.M)
    (region / "organisaties" / "taalhuis-dijkhaven.yaml").write_text(text, encoding="utf-8")
    out = build(
        region / "site", "--organisations", region / "organisaties", "--content", region / "content", cwd=region
    )
    _, rows = read_csv(out)
    assert rows[0]["naam"] == "'=HYPERLINK(\"https://x.example\";\"klik\")"
    assert rows[0]["trefwoorden"] == "'@SUM(1) | -2 | +31"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


# --- Open Referral HSDS 3.0 ------------------------------------------------------------------------


def hsds_validators() -> dict[str, Draft202012Validator]:
    """A validator per HSDS table (by the name of its tabular file), with every schema resolvable."""
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in HSDS.glob("*.json")}
    registry = Registry().with_resources(
        (HSDS_BASE + name, Resource.from_contents(data, default_specification=DRAFT202012))
        for name, data in schemas.items()
    )
    return {
        data["path"].removesuffix(".csv"): Draft202012Validator(
            {"$ref": HSDS_BASE + name}, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for name, data in schemas.items()
    }


def hsds(site: Path) -> dict[str, list[dict]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((site / "data" / "hsds").glob("*.json"))}


def test_hsds_schemas_are_copied_with_licence_and_source():
    assert "Creative Commons Attribution-ShareAlike 4.0" in (HSDS / "LICENSE").read_text(encoding="utf-8")
    assert re.match(r"[0-9a-f]{40} ", (HSDS / "SOURCE").read_text(encoding="utf-8"))


def test_every_hsds_record_is_valid_hsds_3(site):
    validators = hsds_validators()
    tables = hsds(site)
    expected = {
        "organizations",
        "services",
        "locations",
        "addresses",
        "phones",
        "schedules",
        "service_areas",
        "languages",
        "attributes",
        "taxonomies",
        "taxonomy_terms",
        "service_at_location",
    }
    assert expected <= set(tables)
    checked = 0
    for table, records in tables.items():
        assert table in validators, f"{table}.json is not an HSDS table name"
        schema = json.loads(
            (
                HSDS / next(p.name for p in HSDS.glob("*.json") if json.loads(p.read_text())["path"] == f"{table}.csv")
            ).read_text()
        )
        assert records or table in ("accessibility", "funding"), f"{table} is empty"
        ids = [r["id"] for r in records]
        assert len(ids) == len(set(ids)), f"duplicate ids in {table}"
        for record in records:
            errors = [e.message for e in validators[table].iter_errors(record)]
            assert errors == [], (table, record, errors)
            for field in schema.get("tabular_required", []):
                assert record.get(field), (table, field, record)
            for key, value in record.items():
                if key == "id" or key.endswith("_id"):
                    assert str(uuid.UUID(value)) == value
            checked += 1
    assert checked > 500


def test_hsds_export_of_a_region_that_is_not_in_this_repository_is_valid(tmp_path):
    import generate  # bench/generate.py, through pytest's pythonpath

    region = tmp_path / "regio"
    generate.generate(200, region / "organisations", seed=3)
    shutil.copytree(REPO / "content", region / "content")
    (region / "content" / "verhuisd.yaml").unlink(missing_ok=True)
    out = build(
        region / "site", "--organisations", region / "organisations", "--content", region / "content", cwd=region
    )
    validators = hsds_validators()
    tables = hsds(out)
    assert len(tables["organizations"]) == 200
    for table, records in tables.items():
        for record in records:
            assert [e.message for e in validators[table].iter_errors(record)] == [], (table, record)
    _, rows = read_csv(out)
    assert len(rows) == 200


def test_hsds_links_resolve_and_carry_the_vocabulary(site):
    t = hsds(site)
    ids = {table: {r["id"] for r in records} for table, records in t.items()}
    assert {s["organization_id"] for s in t["services"]} == ids["organizations"]
    for table, key, target in (
        ("locations", "organization_id", "organizations"),
        ("addresses", "location_id", "locations"),
        ("phones", "service_id", "services"),
        ("schedules", "location_id", "locations"),
        ("schedules", "service_at_location_id", "service_at_location"),
        ("service_areas", "service_id", "services"),
        ("languages", "service_id", "services"),
        ("attributes", "taxonomy_term_id", "taxonomy_terms"),
        ("taxonomy_terms", "taxonomy_id", "taxonomies"),
    ):
        assert {r[key] for r in t[table]} <= ids[target], (table, key)
    terms = {r["id"]: (r["taxonomy"], r["code"]) for r in t["taxonomy_terms"]}
    services = {s["name"]: s for s in t["services"]}
    for slug, org in organisations().items():
        service = services[" ".join(org["naam"].split())]
        linked = {terms[a["taxonomy_term_id"]] for a in t["attributes"] if a["link_id"] == service["id"]}
        for facet, field in (("fase", "fases"), ("rol", "rollen"), ("doelgroep", "doelgroepen")):
            assert {code for f, code in linked if f == facet} == set(org[field]), (slug, facet)
        assert service["assured_date"] == org["gecontroleerd"]
        assert service["status"] == "active"
        hours = [h for loc in org.get("locaties", []) for h in loc.get("spreekuren", [])]
        assert len([s for s in t["schedules"] if s["service_id"] == service["id"]]) == len(hours)


def test_hsds_ids_are_uuid5_of_their_parts():
    """kaart.hsds._Ids computes uuid5 from a SHA-1's hex digits: the same ids as uuid.uuid5, for every
    value of the digits it sets (version and variant) and names of any kind."""
    import random

    from kaart.hsds import ID_ROOT, _Ids

    ids = _Ids("Dijkhaven")
    namespace = uuid.uuid5(ID_ROOT, "Dijkhaven")
    rng = random.Random(5)
    names = [("organization", "a"), ("schedule", "slug-é", 0, 3), ("attribute", "日本", "fase", "x")]
    names += [("location", "".join(rng.choices("abcdefgh-ëz0", k=rng.randint(0, 30))), n) for n in range(2000)]
    for parts in names:
        assert ids(*parts) == str(uuid.uuid5(namespace, "/".join(map(str, parts)))), parts


def test_hsds_ids_are_deterministic_uuid5_from_the_slug(site, example_site):
    from kaart.hsds import ID_ROOT

    namespace = uuid.uuid5(ID_ROOT, "Dijkhaven")
    organizations = hsds(site)["organizations"]
    assert {o["id"] for o in organizations} == {
        str(uuid.uuid5(namespace, f"organization/{slug}")) for slug in organisations()
    }
    again = example_site  # another build (without a base URL)
    for path in data_files(site):
        if "hsds" in path.parts:
            other = json.loads((again / path.relative_to(site)).read_text())
            assert [r["id"] for r in other] == [r["id"] for r in json.loads(path.read_text())]


# --- no partner data in any export ----------------------------------------------------------------


def partner_values() -> list[str]:
    values = []
    for path in sorted((REPO / "voorbeeld-partners").glob("*.yaml")):
        doc, _ = read_yaml_file(str(path))
        person = doc.data["contactpersoon"]
        values += [person["naam"], person.get("functie"), person.get("email"), doc.data.get("notitie")]
        if person.get("telefoon"):
            number = phonenumbers.parse(person["telefoon"], "NL")
            values += [
                person["telefoon"],
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
            ]
    return [v for v in values if v]


def test_no_partner_data_in_any_export(site, partner_site):
    values = partner_values()
    assert len(values) > 10
    partner_page = (partner_site / "organisaties" / "huurteam-dijkhaven" / "index.html").read_text()
    assert "Rachid Bouhafa" in partner_page  # the partner build does read them
    for out in (site, partner_site):
        for path in data_files(out):
            text = path.read_text(encoding="utf-8-sig")
            for value in values:
                assert value not in text, f"{path.relative_to(out)} contains partner data {value!r}"
    for path in data_files(site):
        assert path.read_bytes() == (partner_site / path.relative_to(site)).read_bytes(), path.name
    for page in (partner_site / "organisaties").glob("*/index.html"):
        ld = json_ld_of(page.read_text(encoding="utf-8"))
        for value in values:
            assert value not in json.dumps(ld, ensure_ascii=False), (page.parent.name, value)


# --- schema.org JSON-LD -----------------------------------------------------------------------------


class _Page(HTMLParser):
    """What a resident sees: h1, tel:/mailto: links, addresses, spreekuren rows, gemeente links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.h1 = ""
        self.links: list[tuple[str, str]] = []
        self.addresses: list[str] = []
        self.rows: list[list[str]] = []
        self.ld: list[str] = []
        self._text: list[str] | None = None
        self._link: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._text = []
        elif tag == "a":
            self._link, self._text = attrs.get("href", ""), []
        elif tag == "p" and "adres" in attrs.get("class", "").split():
            self._text = []
        elif tag == "tr" and any(t == "table" and "spreekuren" in a.get("class", "") for t, a in self.stack):
            self.rows.append([])
        elif tag == "td":
            self._cell = []
        elif tag == "h1":
            self._text = []
        elif tag == "br" and self._text is not None:
            self._text.append("\n")

    def handle_endtag(self, tag):
        while self.stack and self.stack[-1][0] != tag:
            self.stack.pop()
        start = self.stack.pop() if self.stack else (tag, {})
        if tag == "script" and self._text is not None:
            self.ld.append("".join(self._text))
            self._text = None
        elif tag == "a" and self._link is not None:
            self.links.append((self._link, "".join(self._text or []).strip()))
            self._link, self._text = None, None
        elif tag == "p" and "adres" in start[1].get("class", "").split():
            self.addresses.append("".join(self._text or []).strip())
            self._text = None
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "h1":
            self.h1 = "".join(self._text or []).strip()
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def json_ld_of(html: str) -> dict:
    page = parse(html)
    assert len(page.ld) == 1
    return json.loads(page.ld[0])


DAYS = {
    "Monday": "maandag",
    "Tuesday": "dinsdag",
    "Wednesday": "woensdag",
    "Thursday": "donderdag",
    "Friday": "vrijdag",
    "Saturday": "zaterdag",
    "Sunday": "zondag",
}


def digits(number: str) -> str:
    return phonenumbers.format_number(phonenumbers.parse(number, "NL"), phonenumbers.PhoneNumberFormat.E164)


@pytest.mark.parametrize("slug", sorted(organisations()))
def test_json_ld_matches_the_visible_page(site, slug):
    html = (site / "organisaties" / slug / "index.html").read_text(encoding="utf-8")
    page = parse(html)
    ld = json.loads(page.ld[0])
    org = organisations()[slug]
    assert ld["@context"] == "https://schema.org"
    assert ld["@type"] == ("GovernmentOrganization" if org["soort"] == "gemeente" else "Organization")
    assert ld["name"] == page.h1
    assert ld["@id"] == f"https://kaart.example.nl/sub/organisaties/{slug}/#organisatie"
    tel = [href for href, _ in page.links if href.startswith("tel:")]
    if "telephone" in ld:
        assert "tel:" + digits(ld["telephone"]) == tel[0]
    else:
        assert "telefoon" not in org["contact"]
    mail = [href for href, _ in page.links if href.startswith("mailto:") and "subject=" not in href]
    assert (["mailto:" + ld["email"]] if "email" in ld else []) == mail
    web = [href for href, text in page.links if text == href and href.startswith("http")]
    assert ([ld["url"]] if "url" in ld else []) == web
    visible_addresses = [" ".join(a.split()) for a in page.addresses]
    assert [
        f"{a['streetAddress']} {a['postalCode']} {a['addressLocality']}" for a in ld.get("address", [])
    ] == visible_addresses
    hours = [
        [DAYS[h["dayOfWeek"].rsplit("/", 1)[1]], f"{h['opens']} tot {h['closes']}"]
        for place in ld.get("location", [])
        for h in place["openingHoursSpecification"]
    ]
    assert hours == [row[:2] for row in page.rows if row]  # (the header row has th, no td)
    gemeenten = [text for href, text in page.links if re.fullmatch(r"\.\./\.\./gemeente/[a-z0-9-]+/", href)]
    if isinstance(ld["areaServed"], dict):
        assert ld["areaServed"]["name"] == "Nederland" and "Heel Nederland" in html
    else:
        assert [area["name"] for area in ld["areaServed"]] == gemeenten


def test_json_ld_cannot_close_its_script_element(tmp_path):
    region = tmp_path / "regio"
    (region / "organisaties").mkdir(parents=True)
    shutil.copytree(REPO / "content", region / "content")
    (region / "content" / "verhuisd.yaml").unlink(missing_ok=True)
    text = (REPO / "organisations" / "taalhuis-dijkhaven.yaml").read_text(encoding="utf-8")
    hostile = '</script><script>alert(1)</script><!-- & "quotes"'
    text = re.sub(r"^naam: .*$", "naam: " + json.dumps(hostile), text, flags=re.M)
    (region / "organisaties" / "taalhuis-dijkhaven.yaml").write_text(text, encoding="utf-8")
    out = build(
        region / "site", "--organisations", region / "organisaties", "--content", region / "content", cwd=region
    )
    html = (out / "organisaties" / "taalhuis-dijkhaven" / "index.html").read_text(encoding="utf-8")
    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and ">" not in script and "&" not in script
    assert json.loads(script)["name"] == hostile
    assert html.count("<script") == 1 + html.count('<script src="')


def test_government_organisation_for_the_municipality(site):
    ld = json_ld_of((site / "organisaties" / "schuldhulp-dijkhaven" / "index.html").read_text(encoding="utf-8"))
    assert ld["@type"] == "GovernmentOrganization"
    assert ld["areaServed"][0] == {"@type": "AdministrativeArea", "name": "Dijkhaven"}


# --- /data/index.json: version and date ------------------------------------------------------------


def test_index_lists_every_export_with_its_version_and_the_date_of_the_data(site):
    index = json.loads((site / "data" / "index.json").read_text(encoding="utf-8"))
    assert index["versie"] == 1
    listed = set(index["bestanden"])
    present = {p.relative_to(site / "data").as_posix() for p in data_files(site)} - {"index.json"}
    assert listed == present
    for name, info in index["bestanden"].items():
        assert info["contractversie"] == 1
        if name.startswith("hsds/"):
            assert info["hsds_versie"] == "3.0"
            assert info["aantal"] == len(json.loads((site / "data" / name).read_text()))
    assert index["aantal_organisaties"] == len(organisations())
    # Built in this git checkout: the date of the last commit of the organisations folder.
    epoch = subprocess.run(
        ["git", "log", "-1", "--format=%ct", "--", "organisations"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    expected = datetime.fromtimestamp(int(epoch), ZoneInfo("Europe/Amsterdam")).date().isoformat()
    assert (index["datum"], index["datum_bron"]) == (expected, "git")


@pytest.fixture(scope="module")
def copy_without_git(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("zonder-git") / "kaart"
    for part in ("content", "organisations"):
        shutil.copytree(REPO / part, copy / part)
    return copy


def test_without_git_the_date_is_source_date_epoch_or_today(copy_without_git):
    args = ("--organisations", copy_without_git / "organisations", "--content", copy_without_git / "content")
    env = {"GIT_CEILING_DIRECTORIES": str(copy_without_git.parent)}
    out = build(copy_without_git / "a", *args, cwd=copy_without_git, env={**env, "SOURCE_DATE_EPOCH": "1767225600"})
    index = json.loads((out / "data" / "index.json").read_text(encoding="utf-8"))
    assert (index["datum"], index["datum_bron"]) == ("2026-01-01", "SOURCE_DATE_EPOCH")
    out = build(copy_without_git / "b", *args, cwd=copy_without_git, env=env)
    index = json.loads((out / "data" / "index.json").read_text(encoding="utf-8"))
    assert (index["datum"], index["datum_bron"]) == (TODAY, "peildatum")
    again = build(copy_without_git / "c", *args, cwd=copy_without_git, env=env)
    for path in data_files(out):
        assert path.read_bytes() == (again / path.relative_to(out)).read_bytes(), path.name


def test_docs_document_the_stable_urls():
    text = (REPO / "docs" / "open-data.md").read_text(encoding="utf-8")
    for url in ("/data/organisaties.json", "/data/organisaties.csv", "/data/hsds/", "/data/index.json"):
        assert url in text
