"""`python build.py rapport` on a small fixture region with known gaps, overlaps and stale entries.

The region (tests/fixtures/report-region/organisations/) has two gemeenten, Noordwaard and
"Ter Aa" (a name with a space: the report names gemeenten as written in the files), and one
landelijk organisation that counts in both. Every expected value below was worked out by hand
from those nine files (see the table in EXPECTED_DEKKING); nothing here calls the code under test
except through the command line.

    slug                      gemeenten         fases     rollen   doelgroepen         gecontroleerd  activiteiten
    landelijke-geldlijn       landelijk         V         P M      iedereen            2026-06-01     in oc
    schuldhulp-noordwaard     Noordwaard        V T B     P Bh     iedereen            2025-11-26     st
    maatje-noordwaard         Noordwaard        V T       P M      iedereen            2025-11-25     oc mo
    thuisadministratie-samen  Noordwaard,Ter Aa V         P        iedereen ouderen    2024-03-10     av oc
    geldcafe-noordwaard       Noordwaard        V         P G      iedereen            2026-05-26     oc ho
    jongeren-noordwaard       Noordwaard        V N       P G      jongeren            2026-05-25     oc ho
    schuldhulp-ter-aa         Ter Aa            V T       P Bh     iedereen ouderen    2026-10-01     st
    nazorg-ter-aa             Ter Aa            N         M        iedereen            2026-11-26     in
    formulierenhulp-ter-aa    Ter Aa            V         P        iedereen ouderen    2025-12-31     av

(V voor-aanmelding, T tijdens-traject, B begeleiding, N nazorg; P praktische-steun,
M morele-steun, G gedragsverandering, Bh belangenbehartiging; oc overzicht-creeren, in
inzicht-bieden, st stabiliseren, av administratieve-vaardigheden, ho houding, mo
morele-ondersteuning.) Reference date 2026-11-26.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from support import MAANDEN, REPO, run_build_py

REGION = REPO / "tests" / "fixtures" / "report-region"
ORGS = REGION / "organisations"
REPO_CONTENT = REPO / "content"
TODAY = "2026-11-26"
# Set by the content_dir fixture: the repository's content/ less verhuisd.yaml. That file lists
# renames of the example region's organisations, which a build checks against the organisations
# folder. The settings, vocabulary and pages are the repository's own.
CONTENT: Path | None = None

FASEN = ["voor-aanmelding", "tijdens-traject", "begeleiding", "nazorg"]
ROLLEN = ["praktische-steun", "morele-steun", "gedragsverandering", "belangenbehartiging"]

L, SN, MN, TA = "landelijke-geldlijn", "schuldhulp-noordwaard", "maatje-noordwaard", "thuisadministratie-samen"
GC, JN, ST, NT, FT = (
    "geldcafe-noordwaard",
    "jongeren-noordwaard",
    "schuldhulp-ter-aa",
    "nazorg-ter-aa",
    "formulierenhulp-ter-aa",
)

# gemeente -> fase -> rol -> organisations offering it there (the landelijk one in both).
EXPECTED_DEKKING = {
    "Noordwaard": {
        "voor-aanmelding": {
            "praktische-steun": [L, SN, MN, TA, GC, JN],
            "morele-steun": [L, MN],
            "gedragsverandering": [GC, JN],
            "belangenbehartiging": [SN],
        },
        "tijdens-traject": {
            "praktische-steun": [SN, MN],
            "morele-steun": [MN],
            "gedragsverandering": [],
            "belangenbehartiging": [SN],
        },
        "begeleiding": {
            "praktische-steun": [SN],
            "morele-steun": [],
            "gedragsverandering": [],
            "belangenbehartiging": [SN],
        },
        "nazorg": {"praktische-steun": [JN], "morele-steun": [], "gedragsverandering": [JN], "belangenbehartiging": []},
    },
    "Ter Aa": {
        # morele-steun in voor-aanmelding is only the landelijk helpline: without it, a gap.
        "voor-aanmelding": {
            "praktische-steun": [L, TA, ST, FT],
            "morele-steun": [L],
            "gedragsverandering": [],
            "belangenbehartiging": [ST],
        },
        "tijdens-traject": {
            "praktische-steun": [ST],
            "morele-steun": [],
            "gedragsverandering": [],
            "belangenbehartiging": [ST],
        },
        "begeleiding": {
            "praktische-steun": [],
            "morele-steun": [],
            "gedragsverandering": [],
            "belangenbehartiging": [],
        },
        "nazorg": {"praktische-steun": [], "morele-steun": [NT], "gedragsverandering": [], "belangenbehartiging": []},
    },
}

EXPECTED_GATEN = [
    {"gemeente": "Noordwaard", "fase": "tijdens-traject", "rol": "gedragsverandering"},
    {"gemeente": "Noordwaard", "fase": "begeleiding", "rol": "morele-steun"},
    {"gemeente": "Noordwaard", "fase": "begeleiding", "rol": "gedragsverandering"},
    {"gemeente": "Noordwaard", "fase": "nazorg", "rol": "morele-steun"},
    {"gemeente": "Noordwaard", "fase": "nazorg", "rol": "belangenbehartiging"},
    {"gemeente": "Ter Aa", "fase": "voor-aanmelding", "rol": "gedragsverandering"},
    {"gemeente": "Ter Aa", "fase": "tijdens-traject", "rol": "morele-steun"},
    {"gemeente": "Ter Aa", "fase": "tijdens-traject", "rol": "gedragsverandering"},
    {"gemeente": "Ter Aa", "fase": "begeleiding", "rol": "praktische-steun"},
    {"gemeente": "Ter Aa", "fase": "begeleiding", "rol": "morele-steun"},
    {"gemeente": "Ter Aa", "fase": "begeleiding", "rol": "gedragsverandering"},
    {"gemeente": "Ter Aa", "fase": "begeleiding", "rol": "belangenbehartiging"},
    {"gemeente": "Ter Aa", "fase": "nazorg", "rol": "praktische-steun"},
    {"gemeente": "Ter Aa", "fase": "nazorg", "rol": "gedragsverandering"},
    {"gemeente": "Ter Aa", "fase": "nazorg", "rol": "belangenbehartiging"},
]

# Noordwaard x voor-aanmelding x praktische-steun: 5 for iedereen (jongeren-noordwaard names
# only jongeren); Ter Aa: exactly 4 for iedereen (the boundary, with the landelijk one) and
# exactly 3 for ouderen.
OVERLAP_NOORDWAARD = {
    "gemeente": "Noordwaard",
    "fase": "voor-aanmelding",
    "rol": "praktische-steun",
    "doelgroep": "iedereen",
    "organisaties": [GC, L, MN, SN, TA],
}
OVERLAP_TER_AA = {
    "gemeente": "Ter Aa",
    "fase": "voor-aanmelding",
    "rol": "praktische-steun",
    "doelgroep": "iedereen",
    "organisaties": [FT, L, ST, TA],
}
OVERLAP_TER_AA_OUDEREN = {
    "gemeente": "Ter Aa",
    "fase": "voor-aanmelding",
    "rol": "praktische-steun",
    "doelgroep": "ouderen",
    "organisaties": [FT, ST, TA],
}

# 12 months before 2026-11-26 is 2025-11-26: that day is not "more than" 12 months ago.
EXPECTED_VEROUDERD_12 = [{"slug": MN, "gecontroleerd": "2025-11-25"}, {"slug": TA, "gecontroleerd": "2024-03-10"}]
# 6 months before 2026-11-26 is 2026-05-26 (geldcafe-noordwaard: not stale).
EXPECTED_VEROUDERD_6 = [
    {"slug": FT, "gecontroleerd": "2025-12-31"},
    {"slug": JN, "gecontroleerd": "2026-05-25"},
    {"slug": MN, "gecontroleerd": "2025-11-25"},
    {"slug": SN, "gecontroleerd": "2025-11-26"},
    {"slug": TA, "gecontroleerd": "2024-03-10"},
]

# Named overlap (`dubbel`): same gemeente, activiteit, fase and doelgroep. At the default threshold
# of four only Noordwaard's overzicht-creeren before aanmelding for iedereen: jongeren-noordwaard does
# the same for another doelgroep, schuldhulp-noordwaard is in the same fase x rol cell but does
# something else. At two, Ter Aa adds three pairs; the stabiliseren pair is in two gemeenten and the
# inzicht-bieden pair of Ter Aa in two fases, so neither is an overlap.
DUBBEL_NOORDWAARD = {
    "gemeente": "Noordwaard",
    "activiteit": "overzicht-creeren",
    "fase": "voor-aanmelding",
    "doelgroep": "iedereen",
    "organisaties": [GC, L, MN, TA],
}
DUBBEL_TER_AA_2 = [
    {
        "gemeente": "Ter Aa",
        "activiteit": "overzicht-creeren",
        "fase": "voor-aanmelding",
        "doelgroep": "iedereen",
        "organisaties": [L, TA],
    },
    {
        "gemeente": "Ter Aa",
        "activiteit": "administratieve-vaardigheden",
        "fase": "voor-aanmelding",
        "doelgroep": "iedereen",
        "organisaties": [FT, TA],
    },
    {
        "gemeente": "Ter Aa",
        "activiteit": "administratieve-vaardigheden",
        "fase": "voor-aanmelding",
        "doelgroep": "ouderen",
        "organisaties": [FT, TA],
    },
]
# Doelgroepen (iedereen aside) that no organisation in the gemeente names: Noordwaard has jongeren
# and ouderen (thuisadministratie-samen), Ter Aa only ouderen.
DOELGROEPEN = [
    "jongeren",
    "ondernemers",
    "gezinnen",
    "nieuwkomers",
    "laaggeletterdheid",
    "levensbeschouwelijk",
    "meervoudige-problematiek",
]
EXPECTED_GATEN_DOELGROEP = [
    {"gemeente": "Noordwaard", "doelgroep": d} for d in DOELGROEPEN if d not in ("jongeren", "ouderen")
] + [{"gemeente": "Ter Aa", "doelgroep": d} for d in DOELGROEPEN if d != "ouderen"]
MISSING_WORDS = {
    "locaties": "geen adres",
    "spreekuren": "geen spreekuur",
    "doorverwijzen": "geen gegevens voor doorverwijzers",
}


def dutch(iso: str) -> str:
    """2025-11-25 -> '25 november 2025' (worked out here, not by the code under test)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day} {MAANDEN[month - 1]} {year}"


def stale_core(items: list[dict]) -> list[dict]:
    return by_key([{"slug": i["slug"], "gecontroleerd": i["gecontroleerd"]} for i in items])


EXPECTED_ONTBREEKT = {
    L: {"locaties", "doorverwijzen"},
    MN: {"spreekuren"},
    TA: {"locaties"},
    GC: {"doorverwijzen"},
    NT: {"spreekuren", "doorverwijzen"},
}


@pytest.fixture(scope="module", autouse=True)
def content_dir(tmp_path_factory):
    """A copy of content/ without the example region's verhuisd.yaml (see CONTENT)."""
    global CONTENT
    CONTENT = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(REPO_CONTENT, CONTENT, ignore=shutil.ignore_patterns("verhuisd.yaml"))
    return CONTENT


def rapport(
    *extra: str, fmt: str = "json", organisations: Path = ORGS, today: str = TODAY, content: Path | None = None
):
    result = run_build_py(
        "rapport",
        "--format",
        fmt,
        "--today",
        today,
        "--organisations",
        organisations,
        "--content",
        content or CONTENT,
        *extra,
        timeout=120,
    )
    assert result.returncode == 0, (
        f"{' '.join(result.args[1:])} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout


@pytest.fixture(scope="module")
def report() -> dict:
    return json.loads(rapport())


def by_key(items: list[dict]) -> list[dict]:
    """Order-insensitive form of a list of objects (their order is not part of the contract)."""
    normal = [{k: sorted(v) if isinstance(v, list) else v for k, v in item.items()} for item in items]
    return sorted(normal, key=lambda item: json.dumps(item, sort_keys=True))


def sorted_dekking(dekking: dict) -> dict:
    return {
        g: {f: {r: sorted(slugs) for r, slugs in rollen.items()} for f, rollen in fases.items()}
        for g, fases in dekking.items()
    }


# --- the fixture itself ---------------------------------------------------------------


def test_fixture_region_is_valid_against_the_contract():
    files = sorted(p.name for p in ORGS.glob("*.yaml"))
    assert 6 <= len(files) <= 10, files
    result = run_build_py("check", "--today", TODAY, "--organisations", ORGS, "--content", CONTENT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    werkgebieden = [yaml.safe_load(p.read_text(encoding="utf-8"))["werkgebied"] for p in ORGS.glob("*.yaml")]
    assert sum(1 for w in werkgebieden if w.get("landelijk")) == 1
    assert {g for w in werkgebieden for g in w.get("gemeenten", [])} == {"Noordwaard", "Ter Aa"}


def test_rapport_with_the_repositorys_own_content_folder():
    """`rapport --content content` on a region that is not the example must work: the municipality's
    regisseur (and the issue's check) runs it on other organisation folders."""
    data = json.loads(rapport(content=REPO_CONTENT))
    assert stale_core(data["verouderd"]) == by_key(EXPECTED_VEROUDERD_12)
    assert by_key(data["gaten"]) == by_key(EXPECTED_GATEN)


# --- JSON -------------------------------------------------------------------------------


def test_json_has_the_contract_keys(report):
    for key in (
        "versie",
        "peildatum",
        "instellingen",
        "verouderd",
        "gaten",
        "overlap",
        "dekking",
        "ontbreekt",
        "dubbel",
        "doelgroepen",
        "gaten_doelgroep",
    ):
        assert key in report, f"the report JSON has no '{key}'"


def test_dekking_per_gemeente_fase_rol_with_landelijk_everywhere(report):
    assert set(report["dekking"]) == {"Noordwaard", "Ter Aa"}, "gemeenten are named as written in the files"
    for gemeente, fases in report["dekking"].items():
        assert set(fases) == set(FASEN), gemeente
        for fase, rollen in fases.items():
            assert set(rollen) == set(ROLLEN), (gemeente, fase)
    assert sorted_dekking(report["dekking"]) == sorted_dekking(EXPECTED_DEKKING)


def test_gaten_are_every_empty_fase_rol_combination(report):
    assert by_key(report["gaten"]) == by_key(EXPECTED_GATEN)
    assert {"gemeente": "Ter Aa", "fase": "voor-aanmelding", "rol": "morele-steun"} not in report["gaten"], (
        "the landelijk organisation works in Ter Aa too"
    )


def test_overlap_at_the_default_threshold_of_four(report):
    assert report["overlap"] and all(
        set(item) >= {"gemeente", "fase", "rol", "doelgroep", "organisaties"} for item in report["overlap"]
    )
    assert by_key(report["overlap"]) == by_key([OVERLAP_NOORDWAARD, OVERLAP_TER_AA])


def test_overlap_threshold_three_adds_the_three_for_ouderen():
    data = json.loads(rapport("--overlap", "3"))
    assert by_key(data["overlap"]) == by_key([OVERLAP_NOORDWAARD, OVERLAP_TER_AA, OVERLAP_TER_AA_OUDEREN])
    assert by_key(data["gaten"]) == by_key(EXPECTED_GATEN), "the threshold changes overlap only"


def test_overlap_threshold_five_drops_the_four():
    data = json.loads(rapport("--overlap", "5"))
    assert by_key(data["overlap"]) == by_key([OVERLAP_NOORDWAARD])


def test_verouderd_after_twelve_months_exactly_twelve_is_not(report):
    assert stale_core(report["verouderd"]) == by_key(EXPECTED_VEROUDERD_12)


def test_verouderd_says_how_long_ago_where_and_whom_to_ask(report):
    by_slug = {item["slug"]: item for item in report["verouderd"]}
    # 2025-11-25 to 2026-11-26: twelve whole months; 2024-03-10 to 2026-11-26: 32.
    assert by_slug[MN]["maanden_geleden"] == 12 and by_slug[TA]["maanden_geleden"] == 32
    assert by_slug[MN]["gemeenten"] == ["Noordwaard"] and by_slug[TA]["gemeenten"] == ["Noordwaard", "Ter Aa"]
    assert by_slug[MN]["contact"] == {"telefoon": "0511 411 111"}
    assert by_slug[TA]["contact"] == {"email": "info@thuisadministratie-samen.example.nl"}


def test_verouderd_maanden_six():
    data = json.loads(rapport("--verouderd-maanden", "6"))
    assert stale_core(data["verouderd"]) == by_key(EXPECTED_VEROUDERD_6)


def test_verouderd_moves_with_the_reference_date():
    # One day later, schuldhulp-noordwaard (2025-11-26) is more than 12 months old too.
    data = json.loads(rapport(today="2026-11-27"))
    assert stale_core(data["verouderd"]) == by_key(
        EXPECTED_VEROUDERD_12 + [{"slug": SN, "gecontroleerd": "2025-11-26"}]
    )


def test_dubbel_names_only_the_same_activiteit_fase_and_doelgroep_in_one_gemeente(report):
    assert by_key(report["dubbel"]) == by_key([DUBBEL_NOORDWAARD])


def test_dubbel_follows_the_overlap_threshold():
    data = json.loads(rapport("--overlap", "2"))
    assert by_key(data["dubbel"]) == by_key([DUBBEL_NOORDWAARD, *DUBBEL_TER_AA_2])
    assert by_key(json.loads(rapport("--overlap", "5"))["dubbel"]) == []


def test_gaps_per_doelgroep_and_gemeente(report):
    assert by_key(report["gaten_doelgroep"]) == by_key(EXPECTED_GATEN_DOELGROEP)
    assert report["doelgroepen"]["Ter Aa"]["ouderen"] == [FT, ST, TA]
    assert report["doelgroepen"]["Noordwaard"]["jongeren"] == [JN]
    assert sorted(report["doelgroepen"]["Ter Aa"]["iedereen"]) == sorted([L, TA, ST, NT, FT])


def test_ontbreekt_per_organisation(report):
    assert {slug: set(parts) for slug, parts in report["ontbreekt"].items() if parts} == EXPECTED_ONTBREEKT


# --- text and HTML: the matrix with GAT and ! at a glance -------------------------------


def expected_cells():
    """(gemeente, fase, rol) -> (count, gap?, overlap?) from the hand-made expectations. No cell carries an
    overlap sign: a cell's organisations rarely do the same; the named `dubbel` list says who does."""
    return {
        (g, f, r): (len(slugs), not slugs, False)
        for g, fases in EXPECTED_DEKKING.items()
        for f, rollen in fases.items()
        for r, slugs in rollen.items()
    }


def check_cell(where: str, text: str, count: int, gap: bool, overlap: bool) -> None:
    numbers = re.findall(r"\d+", text)
    assert numbers and int(numbers[0]) == count, f"{where}: cell '{text}' should show the count {count}"
    assert ("GAT" in text) == gap, f"{where}: cell '{text}' {'lacks' if gap else 'wrongly has'} the GAT marker"
    assert ("!" in text) == overlap, f"{where}: cell '{text}' {'lacks' if overlap else 'wrongly has'} the ! marker"


def text_sections(text: str) -> dict[str, list[str]]:
    """'== Title ==' sections of the text report: title -> lines."""
    sections, current = {}, None
    for line in text.splitlines():
        heading = re.fullmatch(r"==\s*(.+?)\s*==\s*", line)
        if heading:
            current = heading.group(1)
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    return sections


def test_text_shows_the_matrix_with_gat_and_overlap_markers():
    text = rapport(fmt="text")
    sections = text_sections(text)
    cells = expected_cells()
    for gemeente in ("Noordwaard", "Ter Aa"):
        assert gemeente in sections, f"no '== {gemeente} ==' section in the text report:\n{text}"
        lines = [line for line in sections[gemeente] if line.strip()]
        header = next(line for line in lines if all(rol in line for rol in ROLLEN))
        columns = sorted(ROLLEN, key=header.index)
        rows = {}
        for line in lines:
            cols = re.split(r"\s{2,}", line.strip())
            if cols[0] in FASEN:
                rows[cols[0]] = cols[1:]
        assert set(rows) == set(FASEN), f"{gemeente}: rows {sorted(rows)}"
        for fase, values in rows.items():
            assert len(values) == len(ROLLEN), f"{gemeente} {fase}: {values}"
            for rol, value in zip(columns, values):
                check_cell(f"{gemeente} {fase} x {rol}", value, *cells[(gemeente, fase, rol)])
    assert sum(line.count("GAT") for g in ("Noordwaard", "Ter Aa") for line in sections[g]) == 15


def test_text_lists_stale_overlap_and_missing_parts():
    text = rapport(fmt="text")
    sections = text_sections(text)
    stale = next(body for title, body in sections.items() if title.lower().startswith("verouderd"))
    stale_text = "\n".join(stale)
    assert "Maatje Noordwaard" in stale_text and "25 november 2025" in stale_text
    assert "12 maanden geleden" in stale_text and "0511 411 111" in stale_text
    assert "Thuisadministratie Samen" in stale_text and "10 maart 2024" in stale_text
    assert "32 maanden geleden" in stale_text and "info@thuisadministratie-samen.example.nl" in stale_text
    assert not re.search(r"\d{4}-\d\d-\d\d", text), "dates in the text report are written in Dutch"
    for fresh in (SN, GC, L, NT):
        assert fresh not in stale_text, f"{fresh} is not verouderd"
    missing = "\n".join(next(body for title, body in sections.items() if "ontbreekt" in title.lower()))
    for slug, parts in EXPECTED_ONTBREEKT.items():
        line = next((ln for ln in missing.splitlines() if slug in ln), None)
        assert line is not None, f"{slug} missing from the 'ontbreekt' list"
        for part in parts:
            assert MISSING_WORDS[part] in line, f"{slug}: '{MISSING_WORDS[part]}' not said in: {line}"
    for complete in (SN, JN, ST, FT):
        assert complete not in missing


def test_text_stale_list_follows_verouderd_maanden():
    sections = text_sections(rapport("--verouderd-maanden", "6", fmt="text"))
    stale_text = "\n".join(next(body for title, body in sections.items() if title.lower().startswith("verouderd")))
    for item in EXPECTED_VEROUDERD_6:
        assert item["slug"] in stale_text and dutch(item["gecontroleerd"]) in stale_text
    assert GC not in stale_text


class Tables(HTMLParser):
    """Every <table> with its caption, header row and body rows (text of th/td), and the text by h2."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.headings, self._cell, self._row, self._h2, self._caption = [], [], None, None, None, None
        self.chunks = []  # ("h2", heading) and ("text", data) in document order; h3 counts as h2
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "table":
            self.tables.append({"caption": "", "head": [], "rows": []})
        elif tag == "caption":
            self._caption = ""
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = ""
        elif tag in ("h2", "h3"):
            self._h2 = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            table = self.tables[-1]
            if not table["head"]:
                table["head"] = self._row
            else:
                table["rows"].append(self._row)
            self._row = None
        elif tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = " ".join(self._caption.split())
            self._caption = None
        elif tag in ("h2", "h3") and self._h2 is not None:
            self.headings.append(" ".join(self._h2.split()))
            self.chunks.append(("h2", " ".join(self._h2.split())))
            self._h2 = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._caption is not None:
            self._caption += data
        if self._h2 is not None:
            self._h2 += data
        else:
            self.chunks.append(("text", data))

    def after_heading(self, prefix: str) -> str:
        """All text after the first h2 starting with prefix, up to the next h2."""
        out, inside = [], False
        for kind, value in self.chunks:
            if kind == "h2":
                if inside:
                    break
                inside = value.lower().startswith(prefix.lower())
            elif inside:
                out.append(value)
        return " ".join(" ".join(out).split())


def vocabulary_labels() -> dict[str, dict[str, str]]:
    taxonomie = yaml.safe_load((REPO_CONTENT / "taxonomie.yaml").read_text(encoding="utf-8"))
    return {facet: {key: term["label"] for key, term in taxonomie[facet].items()} for facet in ("fase", "rol")}


def check_html_matrices(html: str, where: str, gemeenten=("Noordwaard", "Ter Aa")) -> Tables:
    parsed = Tables()
    parsed.feed(html)
    labels = vocabulary_labels()
    fase_by_label = {label: key for key, label in labels["fase"].items()}
    rol_by_label = {label: key for key, label in labels["rol"].items()}
    cells = expected_cells()
    for gemeente in gemeenten:
        table = next((t for t in parsed.tables if gemeente in t["caption"]), None)
        assert table is not None, f"{where}: no matrix table captioned with '{gemeente}'"
        columns = [rol_by_label.get(h, h) for h in table["head"][1:]]
        assert sorted(columns) == sorted(ROLLEN), f"{where} {gemeente}: header {table['head']}"
        seen = set()
        for row in table["rows"]:
            fase = fase_by_label.get(row[0], row[0])
            assert fase in FASEN, f"{where} {gemeente}: row label {row[0]!r}"
            seen.add(fase)
            for rol, value in zip(columns, row[1:]):
                check_cell(f"{where} {gemeente} {fase} x {rol}", value, *cells[(gemeente, fase, rol)])
        assert seen == set(FASEN)
    return parsed


def test_html_shows_the_matrix_stale_list_and_missing_parts():
    html = rapport(fmt="html")
    parsed = check_html_matrices(html, "rapport --format html")
    stale = parsed.after_heading("Verouderd")
    assert "Maatje Noordwaard" in stale and "25 november 2025" in stale and "12 maanden geleden" in stale, stale
    assert "Thuisadministratie Samen" in stale and "10 maart 2024" in stale and "32 maanden geleden" in stale
    assert "Schuldhulp gemeente Noordwaard" not in stale and "Geldcafé Noordwaard" not in stale
    assert "0511 411 111" in stale and "info@thuisadministratie-samen.example.nl" in stale
    assert not re.search(r"\d{4}-\d\d-\d\d", " ".join(v for k, v in parsed.chunks)), "dates are in Dutch"
    missing = parsed.after_heading("Wat ontbreekt per organisatie")
    for name in (
        "Landelijke Geldlijn",
        "Maatje Noordwaard",
        "Thuisadministratie Samen",
        "Geldcafé Noordwaard",
        "Nazorgmaatjes Ter Aa",
    ):
        assert name in missing, f"{name} not in the 'ontbreekt' list: {missing}"
    assert "Jong en Geld Noordwaard" not in missing


NAMES = {
    L: "Landelijke Geldlijn",
    SN: "Schuldhulp gemeente Noordwaard",
    MN: "Maatje Noordwaard",
    TA: "Thuisadministratie Samen",
    GC: "Geldcafé Noordwaard",
    JN: "Jong en Geld Noordwaard",
    ST: "Schuldhulp gemeente Ter Aa",
    NT: "Nazorgmaatjes Ter Aa",
    FT: "Formulierenhulp Ter Aa",
}


@pytest.fixture(scope="module")
def partner_site(tmp_path_factory) -> Path:
    """The fixture region built with one partner file (a contact person for maatje-noordwaard)."""
    base = tmp_path_factory.mktemp("overzicht")
    partners = base / "partners"
    partners.mkdir()
    (partners / f"{MN}.yaml").write_text(
        "contactpersoon:\n  naam: Ria Smit\n  telefoon: \"06 12 34 56 78\"\n", encoding="utf-8"
    )
    out = base / "site"
    result = run_build_py(
        "build",
        "--today",
        TODAY,
        "--out",
        out,
        "--organisations",
        ORGS,
        "--content",
        CONTENT,
        "--partners",
        partners,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def element_text(html: str, element_id: str) -> str:
    """The text of the element with this id, up to the end of its first list or section."""
    start = html.index(f'id="{element_id}"')
    end = min(i for i in (html.find("</section>", start), html.find("</ul>", start)) if i != -1)
    return " ".join(re.sub(r"<[^>]+>", " ", html[start:end].split(">", 1)[1]).split()).replace("&#39;", "'")


def test_partner_overzicht_lists_the_gemeenten_each_with_its_own_page(partner_site):
    index = read(partner_site, "overzicht")
    for slug, naam in (("noordwaard", "Noordwaard"), ("ter-aa", "Ter Aa")):
        assert f'href="{slug}/"' in index and naam in index
        parsed = check_html_matrices(read(partner_site, f"overzicht/{slug}"), f"overzicht/{slug}/", (naam,))
        assert len(parsed.tables) == 1, "a gemeente's page shows only its own matrix"
    assert "<table" not in index, "the list of gemeenten stays light"
    home = (partner_site / "index.html").read_text(encoding="utf-8")
    assert 'href="./overzicht/"' in home or 'href="overzicht/"' in home, "the menu links to the overview"


def test_every_link_on_the_overzicht_pages_resolves(partner_site):
    pages = sorted((partner_site / "overzicht").rglob("index.html"))
    assert len(pages) == 3
    ids_of = {}
    for page in pages:
        parsed = Tables()
        parsed.feed(page.read_text(encoding="utf-8"))
        ids_of[page] = parsed
    checked = 0
    for page, parsed in ids_of.items():
        for href in parsed.links:
            if href.startswith(("tel:", "mailto:", "http")):
                continue
            path, _, fragment = href.partition("#")
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page}: link {href} leads nowhere"
            if fragment:
                if target not in ids_of:
                    ids_of[target] = Tables()
                    ids_of[target].feed(target.read_text(encoding="utf-8"))
                assert fragment in ids_of[target].ids, f"{page}: no element with id {fragment} for {href}"
                checked += 1
    assert checked >= 2 * 16, "every matrix cell links to its list"


def test_cells_gaps_and_overlaps_open_their_named_lists(partner_site):
    html = read(partner_site, "overzicht/noordwaard")
    cell = element_text(html, "noordwaard_voor-aanmelding_praktische-steun")
    for slug in EXPECTED_DEKKING["Noordwaard"]["voor-aanmelding"]["praktische-steun"]:
        assert NAMES[slug] in cell, (slug, cell)
    assert 'href="#noordwaard_tijdens-traject_gedragsverandering"' in html
    gap = element_text(html, "noordwaard_tijdens-traject_gedragsverandering")
    assert "Gat" in gap and NAMES[MN] in gap, "a gap says so and names who helps in that fase"
    assert 'href="#noordwaard_doelgroep_ondernemers"' in html
    assert "Gat" in element_text(html, "noordwaard_doelgroep_ondernemers")
    assert 'href="#noordwaard_doelgroep_jongeren"' not in html, "jongeren have their own organisation here"
    overlap = element_text(html, "noordwaard_dubbel_1")
    assert "Overzicht maken" in overlap and "voor iedereen" in overlap
    for slug in DUBBEL_NOORDWAARD["organisaties"]:
        assert NAMES[slug] in overlap
    assert NAMES[JN] not in overlap and NAMES[SN] not in overlap
    assert 'id="noordwaard_dubbel_2"' not in html
    assert 'id="ter-aa_dubbel_1"' not in read(partner_site, "overzicht/ter-aa"), "no overlap at four in Ter Aa"


def test_stale_entries_say_when_and_whom_to_ask_with_the_contact_person(partner_site):
    html = read(partner_site, "overzicht/noordwaard")
    parsed = Tables()
    parsed.feed(html)
    stale = parsed.after_heading("Verouderd")
    assert "Maatje Noordwaard : gecontroleerd 12 maanden geleden (25 november 2025)" in stale, stale
    assert "Ria Smit" in stale and 'href="tel:+31612345678"' in html and 'href="tel:+31511411111"' in html
    assert "32 maanden geleden (10 maart 2024)" in stale
    assert "Ria Smit" not in rapport(fmt="html"), "the command-line report never reads partner files"
    assert "geen gegevens voor doorverwijzers" in parsed.after_heading("Wat ontbreekt")


def test_json_text_and_html_say_the_same():
    data = json.loads(rapport("--overlap", "2"))
    text = rapport("--overlap", "2", fmt="text")
    html = rapport("--overlap", "2", fmt="html").replace("&#39;", "'")
    labels = yaml.safe_load((REPO_CONTENT / "taxonomie.yaml").read_text(encoding="utf-8"))
    assert len(data["dubbel"]) == 4
    for item in data["dubbel"]:
        activiteit = labels["activiteit"][item["activiteit"]]["label"]
        section = text.split(f"-- {item['gemeente']}: dubbel aanbod --")[1].split("\n--")[0]
        line = next(
            ln
            for ln in section.splitlines()
            if ln.startswith("- " + activiteit)
            and f"voor {labels['doelgroep'][item['doelgroep']]['label'].lower()}:" in ln
        )
        assert all(NAMES[slug] in line for slug in item["organisaties"]), line
        assert all(NAMES[slug] in html for slug in item["organisaties"])
    for gap in data["gaten_doelgroep"]:
        label = labels["doelgroep"][gap["doelgroep"]]["label"]
        assert label in text and label in html, label
    for item in data["verouderd"]:
        for form in (text, html):
            assert NAMES[item["slug"]] in form and dutch(item["gecontroleerd"]) in form
            assert f"{item['maanden_geleden']} maanden geleden" in form
    assert text.count("0 GAT") == html.count("0 GAT") == len(data["gaten"]) == 15
