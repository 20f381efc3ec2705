"""Helpers' journeys for bench/journeys.py: the volunteer who makes and shares a verwijskaart,
and the regisseur who opens the list behind a gap or an overlap in the partner build's overview.

The volunteer starts on /doorverwijzen/ at scroll 0, scrolls to the list of gemeenten under the
guidance and types the gemeente into its field (typing and Enter: one tap; where the list is short
and has no field, taps it in `.gemeentekeuze a`),
chooses a need (`#vf-activiteit`), taps "Op de verwijskaart" on the first three organisations
listed, opens the verwijskaart (the count link beside the last button, else the header's
`.kaart-teller a`) and taps "Stuur via WhatsApp": its href is checked (the wa.me link with the
card's URL and the three slugs in order), the tap is counted but not followed.

The regisseur starts on /overzicht/ of the partner build at scroll 0 and taps, for the story's
gemeente, the summary link to the table and then a cell marked as a gap (`table.matrix td.gat a`;
where the gemeente has none, a target group without its own help), or the summary link to the
overlaps (`#<g>_dubbel`). The list opened is checked against the open data: a gap says nobody
and no organisation of the gemeente has that fase and rol; an overlap names organisations that
all serve the gemeente and do its activiteit, as many as it says.

Stories are made from the site itself (helper_stories): a spread of gemeenten, each with a need
that at least three of its organisations meet, so the same code plays any region.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import yaml

REPO = Path(__file__).resolve().parent.parent
VOLUNTEER_GOAL = 8  # taps to make and share a verwijskaart of three organisations, on a phone


def vocabulary() -> dict:
    """The repository's taxonomy (fase, rol, activiteit, doelgroep) with labels."""
    return yaml.safe_load((REPO / "content" / "taxonomie.yaml").read_text(encoding="utf-8"))


def serves(org: dict, gemeente: str) -> bool:
    """Whether the organisation works in the gemeente (by name) or in the whole country."""
    gebied = org.get("werkgebied") or {}
    return bool(gebied.get("landelijk")) or gemeente in (gebied.get("gemeenten") or [])


def helper_stories(organisations: dict[str, dict], count: int = 6) -> list[dict]:
    """`count` gemeenten spread over the region (by name), each with an activiteit that three or more
    of its organisations offer, the activiteiten taken in turn so the stories differ."""
    names = sorted({g for org in organisations.values() for g in (org.get("werkgebied") or {}).get("gemeenten") or []})
    if not names:
        return []
    picked = [names[i * len(names) // count] for i in range(count)]  # a small map: each gemeente more than once
    keys = list(vocabulary()["activiteit"])
    stories = []
    for n, gemeente in enumerate(picked):
        for step in range(len(keys)):
            key = keys[(n * 3 + step) % len(keys)]
            if sum(serves(o, gemeente) and key in (o.get("activiteiten") or []) for o in organisations.values()) >= 3:
                stories.append({"gemeente": gemeente, "activiteit": key})
                break
    return stories


class Volunteer:
    """One volunteer's verwijskaart, played with the resident's Journey for taps and scrolling."""

    def __init__(self, journey, organisations: dict[str, dict]):
        self.j, self.organisations = journey, organisations
        self.story = journey.story

    def play(self) -> dict:
        """Play the story from /doorverwijzen/; return its figures."""
        j, page, story = self.j, self.j.page, self.story
        steps = []

        def step(name: str, before: int) -> None:
            steps.append(f"{name} {j.scrolled - before}")

        page.goto(j.base + "doorverwijzen/", wait_until="load")
        field = j.visible("#gemeente-filter")
        gemeente = page.locator(f'.gemeentekeuze a[href$="{j.gemeente}/"]')
        before = j.scrolled
        if field is not None:  # the list's field: type the name and Enter (opens the one left), one tap
            j.reach(field)
            field.fill(story["gemeente"])
            field.press("Enter")
            j.taps += 1
            page.wait_for_url(re.compile(rf"/doorverwijzen/{re.escape(j.gemeente)}/"))
            page.wait_for_load_state("load")
            step("gemeente getypt", before)
        elif gemeente.count():
            j.tap(gemeente.first)
            step("gemeente", before)
        select = page.locator("#vf-activiteit")
        before = j.scrolled
        j.reach(select)
        select.select_option(story["activiteit"])
        j.taps += 1
        step("behoefte", before)
        chosen = []
        for item in page.locator("li.verwijzing:not([hidden])").all()[:3]:
            chosen.append(item.locator("h3 a").get_attribute("href").rstrip("/").split("/")[-1])
            before = j.scrolled
            j.tap(item.locator("button[data-verwijskaart]"))
            step("op de kaart", before)
        onward = j.visible(".op-kaart-verder") or j.visible(".kaart-teller a")
        before = j.scrolled
        j.tap(onward)
        step("naar de kaart", before)
        page.wait_for_function("n => document.querySelectorAll('#kaart-lijst > li').length === n", arg=len(chosen))
        whatsapp = page.locator("#deel-whatsapp")
        before = j.scrolled
        j.reach(whatsapp)
        j.taps += 1  # the tap on "Stuur via WhatsApp": its address is checked, not followed
        step("whatsapp", before)
        href = whatsapp.get_attribute("href") or ""
        wrong = [
            s
            for s in chosen
            if not (
                serves(self.organisations[s], story["gemeente"])
                and story["activiteit"] in self.organisations[s].get("activiteiten", [])
            )
        ]
        shared = re.search(r"verwijskaart/\?lijst=([a-z0-9,-]+)", unquote(href))
        ok = (
            href.startswith("https://wa.me/?text=")
            and bool(shared)
            and shared.group(1).split(",") == chosen
            and len(chosen) == 3
            and not wrong
        )
        return {
            "verhaal": f"verwijskaart: {story['activiteit']}",
            "gemeente": story["gemeente"],
            "soort": "vrijwilliger",
            "taps": j.taps,
            "gescrold": j.scrolled,
            "eind": 0,
            "gevonden": ",".join(chosen) if ok else f"fout: {len(chosen)} gekozen, {wrong or href[:60]}",
            "klopt": ok,
            "stappen": ", ".join(steps),
            "url": page.url.removeprefix(j.base),
        }


class Regisseur:
    """One regisseur's way from the overview to the list behind a gap or an overlap."""

    def __init__(self, journey, organisations: dict[str, dict], kind: str):
        self.j, self.organisations, self.kind = journey, organisations, kind
        self.story = journey.story

    def play(self) -> dict:
        """Play the story from /overzicht/; return its figures and whether the list opened is right."""
        j, page, g = self.j, self.j.page, self.j.gemeente
        page.goto(j.base + "overzicht/", wait_until="load")
        field = j.visible("#gemeente-filter")
        if field is not None:  # the list's field: type the name and Enter (opens the one left), one tap
            j.reach(field)
            field.fill(self.story["gemeente"])
            field.press("Enter")
            j.taps += 1
            page.wait_for_url(re.compile(rf"/overzicht/{re.escape(g)}/"))
            page.wait_for_load_state("load")
        anchor = "_dubbel" if self.kind == "dubbel" else "_tabel" if self.has(g, "_tabel") else "_groepen"
        summary = page.locator(f'ul.rapport-samenvatting a[href$="#{g}{anchor}"]')
        j.tap(summary.first)  # on a map of one gemeente the overview is its page, with the same links
        if self.kind == "gat":
            return self.gap()
        return self.overlap()

    def has(self, g: str, anchor: str) -> bool:
        """Whether the gemeente's summary counts more than zero behind the link to `anchor`."""
        link = self.j.page.locator(f'ul.rapport-samenvatting a[href$="#{g}{anchor}"]')
        return bool(link.count()) and not link.first.inner_text().startswith("0 ")

    def opened(self):
        """The section the URL's fragment points at, scrolled (counted) wholly onto the screen."""
        target = self.j.page.url.split("#", 1)[1]
        section = self.j.page.locator(f'[id="{target}"]')
        heading = section.locator("h3, h4").first if section.locator("h3, h4").count() else section
        self.j.reach(heading)
        return target, section

    def row(self, verhaal: str, ok: bool, found: str) -> dict:
        """The figures of one regisseur's story."""
        return {
            "verhaal": verhaal,
            "gemeente": self.story["gemeente"],
            "soort": f"regisseur {self.kind}",
            "taps": self.j.taps,
            "gescrold": self.j.scrolled,
            "eind": 0,
            "gevonden": found,
            "klopt": ok,
            "url": self.j.page.url.removeprefix(self.j.base),
        }

    def gap(self) -> dict:
        """Open a gap: a fase x rol cell marked GAT, else a target group without its own help."""
        j, page, g = self.j, self.j.page, self.j.gemeente
        cell = page.locator(f'section[aria-labelledby="{g}_kop"] table.matrix td.gat a, table.matrix td.gat a')
        group = page.locator(f'#{g}_groepen ~ ul.rapport-doelgroepen a')
        if cell.count():
            j.tap(cell.first)
            kind = "fase x rol"
        elif group.count():
            j.tap(group.first)
            kind = "doelgroep"
        else:
            return self.row("gat: geen", True, "geen gat in deze gemeente")
        target, section = self.opened()
        text = section.inner_text()
        key = target.removeprefix(f"{g}_")
        local = [o for o in self.organisations.values() if g in map(slug_of, o["werkgebied"].get("gemeenten") or [])]
        if kind == "doelgroep":
            doelgroep = key.removeprefix("doelgroep_")
            nobody = not any(doelgroep in (o.get("doelgroepen") or []) for o in local)
        else:
            fase, rol = self.split_cell(key)
            nobody = not any(fase in o.get("fases", []) and rol in o.get("rollen", []) for o in local)
        ok = "Gat:" in text and ("niemand" in text.lower() or "geen organisatie" in text.lower())
        return self.row(f"gat ({kind}): {key}", ok and nobody, key if ok and nobody else f"fout: {text[:80]}")

    def split_cell(self, key: str) -> tuple[str, str]:
        """A matrix cell's fragment (<fase>_<rol>) as its fase and rol keys."""
        vocab = vocabulary()
        for fase in vocab["fase"]:
            if key.startswith(fase + "_") and key[len(fase) + 1 :] in vocab["rol"]:
                return fase, key[len(fase) + 1 :]
        return key, ""

    def overlap(self) -> dict:
        """Check the first overlap named: its organisations serve the gemeente, do its activiteit, and
        are as many as it says."""
        _, section = self.opened()
        first = section.locator("xpath=following-sibling::ul[1]/li[contains(@class,'rapport-dubbel')]").first
        if not first.count():
            return self.row("dubbel: geen", True, "geen dubbel aanbod")
        self.j.reach(first.locator("ul.rapport-namen li").last)
        label = first.locator("strong").inner_text()
        slugs = [
            h.rstrip("/").split("/")[-1]
            for h in first.locator("ul.rapport-namen a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        ]
        said = int(re.search(r"(\d+) organisaties", first.inner_text()).group(1))
        activiteit = next((k for k, t in vocabulary()["activiteit"].items() if t["label"] == label), None)
        naam = self.story["gemeente"]
        ok = (
            len(slugs) == said >= 2
            and activiteit is not None
            and all(
                serves(self.organisations[s], naam) and activiteit in self.organisations[s].get("activiteiten", [])
                for s in slugs
            )
        )
        return self.row(f"dubbel: {label}", ok, f"{len(slugs)} genoemd" if ok else f"fout: {label} {slugs[:3]}")


def slug_of(naam: str) -> str:
    """The gemeente slug as the site makes it."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def build_partner_site(out: Path, organisations: Path | None, partners: Path, today: str) -> Path:
    """A partner build (the regisseur's overview) with build.py into `out`."""
    partners.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "build.py", "build", "--out", str(out), "--partners", str(partners), "--today", today]
    if organisations:
        cmd += ["--organisations", str(organisations)]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise SystemExit(f"partner build failed:\n{result.stderr[-3000:]}")
    return out


def gap_gemeenten(partner_site: Path, count: int) -> list[str]:
    """Up to `count` gemeenten, spread over the overview's list, whose summary counts a gap (a fase x rol
    cell or a target group without its own help); [] where the overview is one gemeente's page."""
    text = (partner_site / "overzicht" / "index.html").read_text(encoding="utf-8")
    names = dict(
        (slug, html.unescape(naam))
        for slug, naam in re.findall(r'<li data-naam="[^"]*"><a href="([a-z0-9-]+)/">(.*?)</a>', text)
    )
    gaps = [slug for slug in names if re.search(rf'href="{slug}/#{slug}_(?:tabel|groepen)">[1-9]', text)]
    count = min(count, len(gaps))
    return [names[gaps[i * len(gaps) // count]] for i in range(count)]


def play_helpers(
    site: Path,
    partner_site: Path | None,
    stories: list[dict],
    journey_class,
    serve,
    browser,
    organisations: dict[str, dict],
    viewport: dict,
) -> list[dict]:
    """Play the volunteer's stories on the public site and the regisseur's on the partner build."""
    rows = []
    plays = [(site, story, "vrijwilliger") for story in stories]
    if partner_site is not None:
        gemeenten = list(dict.fromkeys(story["gemeente"] for story in stories))
        plays += [
            (partner_site, {"gemeente": g}, "gat") for g in gap_gemeenten(partner_site, len(gemeenten)) or gemeenten
        ]
        plays += [(partner_site, {"gemeente": g}, "dubbel") for g in gemeenten]
    for folder in dict.fromkeys(p[0] for p in plays):
        with serve(folder) as base, browser() as chromium:
            context = chromium.new_context(
                viewport=viewport, locale="nl-NL", timezone_id="Europe/Amsterdam", is_mobile=True, has_touch=True
            )
            for _, story, kind in [p for p in plays if p[0] == folder]:
                page = context.new_page()  # a new tab: an empty verwijskaart (it lives in the tab's sessionStorage)
                page.set_default_timeout(10000)
                journey = journey_class(page, base, story, organisations)
                try:
                    player = (
                        Volunteer(journey, organisations)
                        if kind == "vrijwilliger"
                        else Regisseur(journey, organisations, kind)
                    )
                    rows.append(player.play())
                except Exception as error:  # a story that cannot be played is a finding, not a crash
                    rows.append(
                        {
                            "verhaal": f"{kind}: {story.get('activiteit', '')}",
                            "gemeente": story["gemeente"],
                            "soort": "fout",
                            "fout": str(error).splitlines()[0][:120],
                        }
                    )
                page.close()
            context.close()
    return rows


def helper_goals(rows: list[dict]) -> list[str]:
    """The issue's goals for the helpers, each as a line that says whether it is met."""
    volunteers = [r for r in rows if r["soort"] == "vrijwilliger"]
    ok = [r for r in volunteers if r.get("klopt") and r["taps"] <= VOLUNTEER_GOAL]
    lines = [
        f"volunteer: a verwijskaart of three, shared by WhatsApp, in <= {VOLUNTEER_GOAL} taps: "
        f"{len(ok)}/{len(volunteers)}"
    ]
    regisseur = [r for r in rows if r["soort"].startswith("regisseur")]
    ok = [r for r in regisseur if r.get("klopt")]
    lines.append(f"regisseur: the list behind a gap or an overlap opens and is right: {len(ok)}/{len(regisseur)}")
    return lines


def print_helpers(name: str, rows: list[dict], medians) -> None:
    """The helpers' rows and medians as plain tables."""
    print(f"\n### {name}: helpers\n")
    print("| verhaal | gemeente | soort | taps | gescrold px | klopt | gevonden |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['verhaal']} | {r['gemeente']} | {r['soort']} | {r.get('taps', '')} | {r.get('gescrold', '-')} "
            f"| {r.get('klopt', '')} | {r.get('gevonden') or r.get('fout', '')} |"
        )
    for r in rows:
        if r.get("stappen"):
            print(f"- {r['gemeente']}, {r['verhaal']}: scrolled px per step: {r['stappen']}")
    print("\n| soort | verhalen | taps (mediaan) | gescrold px (mediaan) |")
    print("|---|---|---|---|")
    for s in medians(rows):
        print(f"| {s['soort']} | {s['verhalen']} | {s['taps']} | {s['gescrold']} |")
