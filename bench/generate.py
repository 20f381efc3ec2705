"""Synthetic regions for the benchmark: N organisation files in the contract's format.

    python bench/generate.py --n 3000 --out bench/work/n3000/organisations [--gemeenten M] [--seed 1]

Deterministic for a seed (one random.Random(seed) drives everything). The organisations are
spread over M gemeenten (default N/60, at least 1), each with its own municipal debt-help
organisation (soort: gemeente); about 3% work landelijk, at most MAX_LANDELIJK. Texts are plain Dutch sentences from a
word bank of the debt-help domain, so the search index sees a realistic vocabulary. Every file
passes `python build.py check --organisations DIR --today 2026-11-26` (warnings for stale
entries and expired meldingen included on purpose: they occur in real maps).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 26)
# A national map lists each national helpline or programme once: a few dozen, not a share
# of every gemeente's local help. So landelijk organisations are about 3% of a small region
# and at most this many in the whole country.
MAX_LANDELIJK = 60

# --- the word bank -------------------------------------------------------------------------

GEMEENTE_HEAD = [
    "Dijk",
    "Veen",
    "Wier",
    "Oost",
    "West",
    "Noord",
    "Zuid",
    "Berg",
    "Hoog",
    "Laag",
    "Groen",
    "Zand",
    "Brug",
    "Heem",
    "Mol",
    "Eik",
    "Lin",
    "Aar",
    "Wou",
    "Haar",
    "Vlie",
    "Rijn",
    "Maas",
    "Schel",
    "Hout",
    "Steen",
    "Beek",
    "Broek",
    "Kerk",
    "Burg",
    "Leeu",
    "Valk",
    "Ooster",
    "Wester",
    "Zee",
    "Duin",
    "Heide",
    "Gras",
    "Klaver",
    "Riet",
]
GEMEENTE_TAIL = [
    "haven",
    "veen",
    "dam",
    "dijk",
    "wijk",
    "hoven",
    "berg",
    "dorp",
    "zand",
    "broek",
    "meer",
    "horst",
    "loo",
    "sum",
    "rade",
    "wolde",
    "kerk",
    "burg",
    "stein",
    "ward",
    "lo",
    "ingen",
    "mond",
    "stad",
    "beek",
    "gouw",
]
GEMEENTE_FORMS = [
    "{}",
    "{}",
    "{}",
    "{}",
    "{}",
    "{}",
    "Nieuw-{}",
    "Oud-{}",
    "{} aan Zee",
    "Den {}",
    "'s-{}",
    "{}erland",
    "Súd{}",
]

STRATEN = [
    "Stationsplein",
    "Kerkstraat",
    "Dorpsstraat",
    "Molenweg",
    "Marktplein",
    "Schoolstraat",
    "Havenkade",
    "Julianalaan",
    "Beatrixstraat",
    "Wilhelminaplein",
    "Raadhuisplein",
    "Lindelaan",
    "Parkweg",
    "Loodsstraat",
    "Vissersdijk",
    "Bibliotheekplein",
    "Zorgpad",
    "Buurthuisweg",
    "Kastanjelaan",
    "Sluisweg",
    "Brinkstraat",
    "Nieuwstraat",
    "Oranjestraat",
    "Prins Hendrikkade",
    "Emmastraat",
]
WIJKEN = [
    "Centrum",
    "Noord",
    "Zuid",
    "Oost",
    "West",
    "Havenkwartier",
    "De Hoven",
    "Binnenstad",
    "Molenwijk",
    "Bloemenbuurt",
    "Schilderswijk",
    "Stationsbuurt",
    "Oude Dorp",
    "Nieuwland",
    "Vogelwijk",
]
LOCATIE_NAMEN = [
    "Bibliotheek {w}",
    "Buurthuis {w}",
    "Wijkcentrum {w}",
    "Gemeentehuis",
    "Kerkgebouw {w}",
    "Het Trefpunt",
    "Ontmoetingscentrum {w}",
    "Servicepunt {w}",
    "Moskee {w}",
    "Huis van de Wijk {w}",
]

# (name pattern, soort, fases, rollen, activiteiten, doelgroepen, trefwoorden, aanmeldwijzen)
ARCHETYPES = [
    (
        "SchuldHulpMaatje {g}",
        "vrijwilligersorganisatie",
        ["voor-aanmelding", "tijdens-traject", "nazorg"],
        ["praktische-steun", "morele-steun"],
        ["overzicht-creeren", "stimuleren", "morele-ondersteuning"],
        ["iedereen"],
        ["maatje", "buddy", "post", "brieven", "rekeningen", "schulden"],
        ["zelf-bellen", "zelf-mailen", "via-doorverwijzer"],
    ),
    (
        "Thuisadministratie {g}",
        "welzijnsorganisatie",
        ["voor-aanmelding", "nazorg"],
        ["praktische-steun"],
        ["overzicht-creeren", "administratieve-vaardigheden"],
        ["iedereen", "ouderen"],
        ["administratie", "papieren", "post", "ordenen", "thuisadministratie"],
        ["zelf-bellen", "via-doorverwijzer"],
    ),
    (
        "Voedselbank {g}",
        "vrijwilligersorganisatie",
        ["voor-aanmelding", "tijdens-traject"],
        ["praktische-steun"],
        ["stabiliseren"],
        ["gezinnen", "iedereen"],
        ["voedselbank", "eten", "boodschappen", "voedselpakket"],
        ["via-doorverwijzer"],
    ),
    (
        "Formulierenbrigade {g}",
        "welzijnsorganisatie",
        ["voor-aanmelding"],
        ["praktische-steun"],
        ["administratieve-vaardigheden", "inzicht-bieden"],
        ["iedereen", "laaggeletterdheid"],
        ["formulieren", "toeslagen", "digid", "belasting", "aanvragen"],
        ["inloop", "zelf-bellen"],
    ),
    (
        "Geldpunt Bibliotheek {g}",
        "bibliotheek",
        ["voor-aanmelding"],
        ["praktische-steun", "morele-steun"],
        ["overzicht-creeren", "stimuleren", "andere-vaardigheden"],
        ["iedereen"],
        ["inloop", "spreekuur", "geldzorgen", "digid", "bibliotheek"],
        ["inloop", "zelf-bellen"],
    ),
    (
        "Sociaal Raadslieden {g}",
        "maatschappelijke-organisatie",
        ["voor-aanmelding", "tijdens-traject"],
        ["praktische-steun", "belangenbehartiging"],
        ["bemiddelen", "inzicht-bieden"],
        ["iedereen"],
        ["rechten", "bezwaar", "toeslagen", "uitkering", "advies"],
        ["zelf-bellen", "inloop", "online-formulier"],
    ),
    (
        "Budgetcoaches {g}",
        "welzijnsorganisatie",
        ["voor-aanmelding", "begeleiding", "nazorg"],
        ["gedragsverandering", "praktische-steun"],
        ["houding", "inzicht-bieden", "stimuleren"],
        ["iedereen", "gezinnen"],
        ["budgetcoach", "budget", "huishoudboekje", "sparen", "uitgaven"],
        ["zelf-bellen", "zelf-mailen"],
    ),
    (
        "Jong en Geld {g}",
        "welzijnsorganisatie",
        ["voor-aanmelding", "begeleiding"],
        ["gedragsverandering", "morele-steun"],
        ["houding", "andere-vaardigheden"],
        ["jongeren"],
        ["jongeren", "studieschuld", "zorgverzekering", "eerste huis", "bijbaan"],
        ["whatsapp", "zelf-mailen"],
    ),
    (
        "Ondernemersloket {g}",
        "overig",
        ["voor-aanmelding", "tijdens-traject"],
        ["praktische-steun", "belangenbehartiging"],
        ["overzicht-creeren", "bemiddelen"],
        ["ondernemers"],
        ["zzp", "ondernemer", "bedrijf", "belastingschuld", "faillissement"],
        ["zelf-bellen", "online-formulier"],
    ),
    (
        "Huurteam {g}",
        "maatschappelijke-organisatie",
        ["voor-aanmelding"],
        ["belangenbehartiging"],
        ["bemiddelen"],
        ["iedereen"],
        ["huur", "huurachterstand", "verhuurder", "ontruiming", "huurtoeslag"],
        ["zelf-bellen", "inloop"],
    ),
    (
        "Energiecoaches {g}",
        "vrijwilligersorganisatie",
        ["voor-aanmelding"],
        ["praktische-steun"],
        ["inzicht-bieden", "andere-vaardigheden"],
        ["iedereen"],
        ["energie", "gas", "stroom", "energierekening", "besparen"],
        ["zelf-bellen", "online-formulier"],
    ),
    (
        "Taalhuis {g}",
        "bibliotheek",
        ["voor-aanmelding"],
        ["praktische-steun", "gedragsverandering"],
        ["andere-vaardigheden", "administratieve-vaardigheden"],
        ["laaggeletterdheid", "nieuwkomers"],
        ["taal", "lezen", "schrijven", "brieven begrijpen", "taalmaatje"],
        ["inloop", "zelf-bellen"],
    ),
    (
        "Diaconie {k} {g}",
        "levensbeschouwelijke-organisatie",
        ["voor-aanmelding", "tijdens-traject"],
        ["praktische-steun", "morele-steun"],
        ["stabiliseren", "morele-ondersteuning"],
        ["levensbeschouwelijk", "iedereen"],
        ["kerk", "noodhulp", "gift", "diaconie"],
        ["zelf-bellen", "zelf-mailen"],
    ),
    (
        "Moskee {k} Geldspreekuur",
        "levensbeschouwelijke-organisatie",
        ["voor-aanmelding"],
        ["morele-steun", "praktische-steun"],
        ["overzicht-creeren", "morele-ondersteuning"],
        ["levensbeschouwelijk", "nieuwkomers"],
        ["moskee", "spreekuur", "arabisch", "turks", "geldzorgen"],
        ["inloop", "zelf-bellen"],
    ),
    (
        "Wijkteam {w} {g}",
        "welzijnsorganisatie",
        ["voor-aanmelding", "tijdens-traject", "begeleiding"],
        ["praktische-steun", "morele-steun", "belangenbehartiging"],
        ["overzicht-creeren", "bemiddelen", "stabiliseren"],
        ["iedereen", "meervoudige-problematiek"],
        ["wijkteam", "hulpverlener", "zorgen", "thuis"],
        ["zelf-bellen", "inloop", "via-doorverwijzer"],
    ),
    (
        "Nazorgmaatjes {g}",
        "vrijwilligersorganisatie",
        ["nazorg", "begeleiding"],
        ["morele-steun", "gedragsverandering"],
        ["stimuleren", "houding", "morele-ondersteuning"],
        ["iedereen"],
        ["nazorg", "maatje", "terugval", "volhouden"],
        ["via-doorverwijzer", "zelf-bellen"],
    ),
    (
        "Ouderenadvies {g}",
        "welzijnsorganisatie",
        ["voor-aanmelding"],
        ["praktische-steun"],
        ["administratieve-vaardigheden", "inzicht-bieden"],
        ["ouderen"],
        ["ouderen", "pensioen", "aow", "huisbezoek"],
        ["zelf-bellen"],
    ),
    (
        "Gezinscoaches {g}",
        "maatschappelijke-organisatie",
        ["tijdens-traject", "begeleiding"],
        ["gedragsverandering", "morele-steun"],
        ["houding", "stimuleren"],
        ["gezinnen"],
        ["gezin", "kinderen", "opvoeding", "kindgebonden budget"],
        ["via-doorverwijzer", "zelf-bellen"],
    ),
    (
        "Nieuw Thuis {g}",
        "vrijwilligersorganisatie",
        ["voor-aanmelding", "tijdens-traject"],
        ["praktische-steun"],
        ["administratieve-vaardigheden", "andere-vaardigheden"],
        ["nieuwkomers"],
        ["statushouder", "nieuwkomer", "inburgering", "brieven"],
        ["via-doorverwijzer", "whatsapp"],
    ),
    (
        "Gokhulp {g}",
        "maatschappelijke-organisatie",
        ["begeleiding", "nazorg"],
        ["gedragsverandering"],
        ["houding", "stimuleren"],
        ["iedereen", "meervoudige-problematiek"],
        ["gokken", "verslaving", "casino", "loterij"],
        ["zelf-bellen", "online-formulier"],
    ),
    (
        "Geldstresscafé {g}",
        "vrijwilligersorganisatie",
        ["voor-aanmelding", "nazorg"],
        ["morele-steun"],
        ["morele-ondersteuning", "stimuleren"],
        ["iedereen"],
        ["geldstress", "koffie", "lotgenoten", "praten"],
        ["inloop"],
    ),
]
GEMEENTE_ARCHETYPE = (
    "Schuldhulp gemeente {g}",
    "gemeente",
    ["voor-aanmelding", "tijdens-traject", "begeleiding"],
    ["praktische-steun", "belangenbehartiging"],
    ["overzicht-creeren", "stabiliseren", "bemiddelen"],
    ["iedereen"],
    ["schuldhulp", "schuldhulpverlening", "schulden", "gemeente", "aanmelden"],
    ["zelf-bellen", "online-formulier", "inloop"],
)
LANDELIJK = [
    ("Geldzorgenlijn {k}", "maatschappelijke-organisatie"),
    ("Landelijke Schuldenwijzer {k}", "overig"),
    ("Stichting Geldvragen {k}", "vrijwilligersorganisatie"),
    ("Hulplijn Ondernemers {k}", "overig"),
]
KERKEN = [
    "Havenkerk",
    "Dorpskerk",
    "Pauluskerk",
    "Ontmoetingskerk",
    "Bethelkerk",
    "Al Fath",
    "Mevlana",
    "El Nour",
    "Ayasofya",
    "Marcuskerk",
    "Sint-Jan",
    "Open Hof",
]
LANDELIJK_K = ["Nederland", "Noord", "Zuid", "Oost", "West", "Plus", "Samen", "Direct"]

SAMENVATTINGEN = [
    "Heeft u {zorg}? {wie} helpt u {hulp}.",
    "{wie} helpt u {hulp}, zodat u weer rust krijgt.",
    "Komt u er niet uit met {ding}? Wij helpen u {hulp}.",
    "Wij helpen u gratis {hulp}. U hoeft niet bang te zijn om het te vragen.",
    "Loop zonder afspraak binnen als u vragen heeft over {ding}. {wie} zoekt samen met u een oplossing.",
    "Voor wie {zorg} heeft: {wie} kijkt met u mee en helpt u {hulp}.",
]
ZORGEN = [
    "geldzorgen",
    "schulden",
    "een huurachterstand",
    "te veel rekeningen",
    "stapels post",
    "een brief van de deurwaarder",
    "een betalingsachterstand",
    "zorgen om uw energierekening",
    "geen overzicht meer",
    "een schuld bij de Belastingdienst",
    "achterstand bij de zorgverzekering",
]
WIE = [
    "Een vrijwilliger",
    "Een getraind maatje",
    "Een budgetcoach",
    "Onze medewerker",
    "Een sociaal raadsman",
    "Een ervaren vrijwilliger",
    "Een coach",
    "Het wijkteam",
]
HULP = [
    "uw post te ordenen",
    "overzicht te krijgen in uw geld",
    "formulieren in te vullen",
    "toeslagen aan te vragen",
    "een regeling te treffen met schuldeisers",
    "met de verhuurder te praten",
    "uw uitgaven bij te houden",
    "een budgetplan te maken",
    "bezwaar te maken",
    "uw administratie op orde te brengen",
    "u aan te melden bij de schuldhulp van de gemeente",
    "te besparen op energie",
]
DINGEN = [
    "uw post",
    "formulieren",
    "de Belastingdienst",
    "toeslagen",
    "uw bank",
    "DigiD",
    "de huur",
    "uw zorgverzekering",
    "de energierekening",
    "het CJIB",
    "een incassobureau",
    "uw uitkering",
]

ZINNEN = [
    "Onze vrijwilligers komen bij u thuis of spreken af in {plek}.",
    "Alles wat u vertelt blijft tussen u en {wie_klein}.",
    "Samen maken we een overzicht van uw inkomsten en uw vaste lasten.",
    "Wij kijken of u recht heeft op {toeslag}.",
    "U krijgt hulp zolang als nodig is, meestal {duur}.",
    "Wij helpen ook met {ding} en met inloggen bij uw bank.",
    "Is er meer nodig, dan brengen wij u in contact met de juiste organisatie.",
    "Wij bellen met {schuldeiser} als u dat zelf moeilijk vindt.",
    "U hoeft zich niet te schamen: iedereen kan in de problemen komen.",
    "Neem uw brieven en bankafschriften mee naar het eerste gesprek.",
    "Heeft u een brief van {schuldeiser} gekregen? Wacht dan niet en neem contact op.",
    "Wij werken samen met de schuldhulp van de gemeente en met {partner}.",
    "Onze hulp is gratis en u zit nergens aan vast.",
    "Wij spreken ook {taal}.",
    "Soms is er een wachtlijst; bel ons dan toch, want met spoed helpen wij sneller.",
    "Na afloop blijven wij nog een tijd meekijken, zodat het goed blijft gaan.",
    "U leert zelf uw {ding_klein} bij te houden met een eenvoudig kasboek.",
    "Bij een dreigende afsluiting van gas, water of stroom helpen wij dezelfde dag.",
    "Wij helpen bij het aanvragen van {toeslag} en bijzondere bijstand.",
    "In een rustig gesprek kijken we wat er nodig is en wie u daarbij kan helpen.",
]
PLEKKEN = ["de bibliotheek", "het buurthuis", "het wijkcentrum", "de kerk", "een rustige ruimte in de wijk"]
WIE_KLEIN = ["uw maatje", "uw coach", "onze vrijwilliger", "de medewerker"]
TOESLAGEN = [
    "huurtoeslag",
    "zorgtoeslag",
    "kindgebonden budget",
    "kwijtschelding van gemeentelijke belastingen",
    "de energietoeslag",
    "bijzondere bijstand",
]
DUREN = ["een half jaar", "drie maanden", "een jaar", "zes tot twaalf maanden"]
SCHULDEISERS = [
    "de deurwaarder",
    "de verhuurder",
    "de energieleverancier",
    "de zorgverzekeraar",
    "de Belastingdienst",
    "het incassobureau",
    "de woningcorporatie",
]
PARTNERS = ["de voedselbank", "het wijkteam", "de sociaal raadslieden", "de bibliotheek", "het maatschappelijk werk"]
TALEN_TEKST = ["Turks en Arabisch", "Engels", "Pools", "Papiaments", "Tigrinya", "Oekraïens", "Somalisch"]
DING_KLEIN = ["uitgaven", "post", "administratie", "rekeningen"]

MEENEMEN = [
    "brieven van schuldeiser",
    "bankafschriften van de laatste drie maanden",
    "identiteitsbewijs",
    "loonstrook of uitkeringsspecificatie",
    "huurcontract",
    "overzicht van vaste lasten",
    "polis zorgverzekering",
    "aanmaningen en incassobrieven",
]
TALEN = ["en", "tr", "ar", "pl", "pap", "so", "ti", "uk", "de", "fr", "es", "fy"]
AREA_CODES = [
    "010",
    "013",
    "015",
    "020",
    "023",
    "024",
    "026",
    "030",
    "033",
    "035",
    "036",
    "038",
    "040",
    "043",
    "045",
    "046",
    "050",
    "053",
    "055",
    "058",
    "070",
    "071",
    "072",
    "073",
    "076",
    "077",
    "078",
    "079",
]
TIJDEN = [
    ("09:00", "12:00"),
    ("09:30", "11:30"),
    ("10:00", "12:00"),
    ("13:00", "15:00"),
    ("13:30", "16:30"),
    ("14:00", "16:00"),
    ("19:00", "21:00"),
    ("10:00", "14:00"),
]
DAGEN = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"]

PLAIN_RE = re.compile(r"^[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 .\-/]*$")
YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


# --- helpers ---------------------------------------------------------------------------------


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M")).lower()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def q(value: str) -> str:
    """A YAML scalar as an editor would write it: plain when safe, else double-quoted."""
    if PLAIN_RE.match(value) and value.lower() not in YAML_WORDS and not value.endswith(" "):
        return value
    return json.dumps(value, ensure_ascii=False)


def flow(values: list[str]) -> str:
    return "[" + ", ".join(q(v) for v in values) + "]"


def gemeente_names(count: int, rng: random.Random) -> list[str]:
    """`count` distinct, pronounceable gemeente names (some with spaces, accents, an apostrophe)."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        base = rng.choice(GEMEENTE_HEAD) + rng.choice(GEMEENTE_TAIL)
        base = base[0] + base[1:].lower()
        name = rng.choice(GEMEENTE_FORMS).format(base)
        if slugify(name) in seen:
            continue
        seen.add(slugify(name))
        names.append(name)
    return names


def phone(rng: random.Random, mobile: bool = False) -> str:
    if mobile:
        digits = str(rng.randrange(1, 6)) + "".join(str(rng.randrange(10)) for _ in range(7))
        return f"06 {digits[0:2]} {digits[2:4]} {digits[4:6]} {digits[6:8]}"
    area = rng.choice(AREA_CODES)
    first = str(rng.randrange(2, 10))
    rest = "".join(str(rng.randrange(10)) for _ in range(6))
    return f"{area} {first}{rest[0:2]} {rest[2:4]} {rest[4:6]}"


def postcode(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRTVWXZ"
    return f"{rng.randrange(1000, 10000)} {rng.choice(letters)}{rng.choice(letters)}"


def fill(template: str, rng: random.Random, wie: str) -> str:
    return template.format(
        zorg=rng.choice(ZORGEN),
        wie=wie,
        hulp=rng.choice(HULP),
        ding=rng.choice(DINGEN),
        plek=rng.choice(PLEKKEN),
        wie_klein=rng.choice(WIE_KLEIN),
        toeslag=rng.choice(TOESLAGEN),
        duur=rng.choice(DUREN),
        schuldeiser=rng.choice(SCHULDEISERS),
        partner=rng.choice(PARTNERS),
        taal=rng.choice(TALEN_TEKST),
        ding_klein=rng.choice(DING_KLEIN),
    )


def block(text: str, indent: str = "  ") -> str:
    return "\n".join(indent + line if line else "" for line in text.split("\n"))


# --- one organisation --------------------------------------------------------------------------


def organisation(
    rng: random.Random, naam: str, soort: str, archetype: tuple | None, gemeenten: list[str], landelijk: bool
) -> str:
    """The YAML text of one organisation file."""
    if archetype is None:
        fases = rng.sample(["voor-aanmelding", "tijdens-traject", "begeleiding", "nazorg"], rng.randint(1, 2))
        rollen = rng.sample(["praktische-steun", "morele-steun", "belangenbehartiging"], rng.randint(1, 2))
        activiteiten = rng.sample(["inzicht-bieden", "overzicht-creeren", "bemiddelen"], 2)
        doelgroepen, trefwoorden = ["iedereen"], ["hulplijn", "telefoon", "chat", "advies", "landelijk"]
        manieren = ["zelf-bellen", "online-formulier", "whatsapp"]
    else:
        _, _, fases, rollen, activiteiten, doelgroepen, trefwoorden, manieren = archetype
        fases = [f for f in fases if rng.random() < 0.85] or fases[:1]
        activiteiten = [a for a in activiteiten if rng.random() < 0.8]
        trefwoorden = rng.sample(trefwoorden, rng.randint(2, len(trefwoorden)))
    wie = rng.choice(WIE)
    samenvatting = fill(rng.choice(SAMENVATTINGEN), rng, wie)
    zinnen = [fill(t, rng, wie) for t in rng.sample(ZINNEN, rng.randint(3, 7))]
    paragraphs = [" ".join(zinnen[: len(zinnen) // 2]), " ".join(zinnen[len(zinnen) // 2 :])]
    if rng.random() < 0.3:
        paragraphs[1] = "**" + zinnen[-1] + "**"
        paragraphs[0] = " ".join(zinnen[:-1])
    if rng.random() < 0.25:
        paragraphs.append("Wat wij doen:\n\n" + "\n".join(f"- {h[0].upper()}{h[1:]}" for h in rng.sample(HULP, 3)))
    beschrijving = "\n\n".join(paragraphs)

    lines = [
        f"naam: {q(naam)}",
        f"soort: {soort}",
        "samenvatting: >-",
        block(samenvatting),
        "beschrijving: |",
        block(beschrijving),
        "werkgebied:",
    ]
    if landelijk:
        lines.append("  landelijk: true")
    else:
        lines.append(f"  gemeenten: {flow(gemeenten)}")
        if len(gemeenten) == 1 and rng.random() < 0.3:
            lines.append(f"  wijken: {flow(rng.sample(WIJKEN, rng.randint(1, 3)))}")
    lines += [f"fases: {flow(fases)}", f"rollen: {flow(rollen)}"]
    if activiteiten:
        lines.append(f"activiteiten: {flow(activiteiten)}")
    lines += [
        f"doelgroepen: {flow(doelgroepen)}",
        f"trefwoorden: {flow(trefwoorden)}",
        "aanmelden:",
        f"  manieren: {flow(manieren)}",
    ]
    if rng.random() < 0.8:
        lines.append(f"  uitleg: {q(fill('Bel of mail ons. {wie} belt u binnen een week terug.', rng, wie))}")
    lines.append("  kosten: gratis" if rng.random() < 0.85 else "  kosten: een kleine eigen bijdrage")
    if rng.random() < 0.5:
        lines.append(f"  wachttijd: {rng.choice(['ongeveer twee weken', 'meestal binnen een week', 'geen wachttijd'])}")
    if rng.random() < 0.4:
        lines.append(f"talen: {flow(['nl'] + rng.sample(TALEN, rng.randint(1, 3)))}")
    host = slugify(naam)[:40].strip("-") + ".example.nl"
    lines += ["contact:", f"  telefoon: {q(phone(rng))}", f"  email: info@{host}", f"  website: https://www.{host}"]
    if "whatsapp" in manieren:
        lines.append(f"  whatsapp: {q(phone(rng, mobile=True))}")
    if rng.random() < 0.7:
        lines.append(
            f"  bereikbaarheid: Op werkdagen van {rng.choice(['8.30', '9.00', '10.00'])} tot "
            f"{rng.choice(['12.00', '16.00', '17.00'])} uur"
        )
    if not landelijk and rng.random() < 0.75:
        lines.append("locaties:")
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
            wijk = rng.choice(WIJKEN)
            plaats = rng.choice(gemeenten)
            lines += [
                f"  - naam: {q(rng.choice(LOCATIE_NAMEN).format(w=wijk))}",
                f"    adres: {q(rng.choice(STRATEN) + ' ' + str(rng.randint(1, 250)))}",
                f"    postcode: {postcode(rng)}",
                f"    plaats: {q(plaats)}",
            ]
            if rng.random() < 0.8:
                lines.append(f"    rolstoeltoegankelijk: {'true' if rng.random() < 0.8 else 'false'}")
            if rng.random() < 0.3:
                lines.append(
                    f"    toelichting: {q('De ingang is aan de ' + rng.choice(['achterkant', 'zijkant', 'voorkant']) + ', naast de fietsenstalling.')}"
                )
            uren = rng.choice([0, 1, 1, 2, 3])
            if uren:
                lines.append("    spreekuren:")
                for dag in sorted(rng.sample(DAGEN, uren), key=DAGEN.index):
                    van, tot = rng.choice(TIJDEN)
                    vorm = "inloop" if rng.random() < 0.6 else "op-afspraak"
                    lines += [
                        f"      - dag: {dag}",
                        f'        van: "{van}"',
                        f'        tot: "{tot}"',
                        f"        vorm: {vorm}",
                    ]
    if rng.random() < 0.6:
        lines += [
            "doorverwijzen:",
            f"  wanneer: {q('Als iemand ' + rng.choice(ZORGEN) + ' heeft en er zelf niet uitkomt.')}",
            f"  meenemen: {flow(rng.sample(MEENEMEN, rng.randint(1, 4)))}",
            f"  werkwijze: {q('Bel de coördinator; wij plannen binnen een week een kennismaking, samen met u.')}",
            f"  terugkoppeling: {'true' if rng.random() < 0.7 else 'false'}",
        ]
    if rng.random() < 0.5:
        lines += [
            "samenwerking:",
            f"  relatie: {rng.choice(['subsidie', 'opdracht', 'convenant', 'geen'])}",
            f"  financiering: {flow(rng.sample(['gemeente', 'provincie', 'rijk', 'fondsen', 'donaties'], 2))}",
            f"  vrijwilligers: {rng.randint(0, 120)}",
        ]
    if rng.random() < 0.05:
        tot = TODAY + timedelta(days=rng.randint(-20, 60))
        lines += [
            "melding:",
            f"  tekst: {q('Van 21 december tot en met 4 januari is er geen inloopspreekuur.')}",
            f"  tot: {tot.isoformat()}",
        ]
    checked = TODAY - timedelta(days=int(rng.triangular(0, 500, 60)))
    lines.append(f"gecontroleerd: {checked.isoformat()}")
    return "\n".join(lines) + "\n"


def generate(
    n: int,
    out: str | os.PathLike,
    gemeenten: int | None = None,
    seed: int = 1,
    stories: str | os.PathLike | None = None,
) -> list[str]:
    """Write n organisation files into `out` (emptied first); returns the gemeente names.
    With `stories`, also the journey benchmark's answer key there (see write_stories)."""
    rng = random.Random(seed)
    m = max(1, gemeenten if gemeenten else round(n / 60))
    names = gemeente_names(m, rng)
    weights = [rng.uniform(0.4, 2.0) for _ in names]
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    used: set[str] = set()
    made: list[tuple[str, str, list[str]]] = []  # (slug, archetype name pattern, gemeenten)

    def write(naam: str, text: str, kind: str = "", region: list[str] | None = None) -> None:
        slug = slugify(naam)[:70].strip("-")
        base, k = slug, 2
        while slug in used:
            slug, k = f"{base}-{k}", k + 1
        used.add(slug)
        made.append((slug, kind, region or []))
        (out / f"{slug}.yaml").write_text(text, encoding="utf-8")

    count = landelijk = 0
    for g in names[: min(m, n)]:  # each gemeente's own debt help first
        write(
            GEMEENTE_ARCHETYPE[0].format(g=g),
            organisation(rng, GEMEENTE_ARCHETYPE[0].format(g=g), "gemeente", GEMEENTE_ARCHETYPE, [g], False),
            GEMEENTE_ARCHETYPE[0],
            [g],
        )
        count += 1
    while count < n:
        if rng.random() < 0.03 and landelijk < MAX_LANDELIJK:
            landelijk += 1
            naam, soort = rng.choice(LANDELIJK)
            naam = naam.format(k=rng.choice(LANDELIJK_K))
            write(naam, organisation(rng, naam, soort, None, [], True))
        else:
            archetype = rng.choice(ARCHETYPES)
            home = rng.choices(range(len(names)), weights)[0]
            region = [names[home]]
            if rng.random() < 0.2 and len(names) > 1:
                region += [names[(home + step) % len(names)] for step in range(1, rng.randint(2, 3))]
                region = list(dict.fromkeys(region))
            naam = archetype[0].format(g=names[home], k=rng.choice(KERKEN), w=rng.choice(WIJKEN))
            write(naam, organisation(rng, naam, archetype[1], archetype, region, False), archetype[0], region)
        count += 1
    if stories:
        write_stories(stories, made, names, seed)
    return names


# What a resident of the archetype's clients types, in their own words (the journey benchmark).
STORY_WORDS = {
    "Huurteam {g}": "ik kan mijn huur niet betalen",
    "Voedselbank {g}": "geen geld voor eten",
    "Formulierenbrigade {g}": "hulp met formulieren voor toeslagen",
    "Gokhulp {g}": "ik gok te veel",
    "Energiecoaches {g}": "energierekening te hoog",
    "Jong en Geld {g}": "studieschuld jongeren",
    "Ondernemersloket {g}": "zzp schulden bedrijf",
    "Taalhuis {g}": "ik kan brieven niet lezen",
    "Thuisadministratie {g}": "papieren op orde",
    "Ouderenadvies {g}": "hulp voor ouderen met aow",
}
URGENT_WORDS = [
    "mijn stroom wordt afgesloten",
    "brief van de deurwaarder",
    "we moeten ons huis uit",
    "beslag op mijn loon",
    "gas afgesloten",
]
# Wegwijzer choices of the repository's content/wegwijzer.yaml, "situatie/antwoord" where it asks one more question.
STORY_CHOICES = [
    "geldzorgen/meteen-hulp",
    "post-overzicht/vaste-helper",
    "hulp-gemeente",
    "iemand-naast-me",
    "na-de-schuldhulp",
    "ondernemer",
    "jonger-dan-27",
    "zonder-afspraak",
]


def write_stories(path: str | os.PathLike, made: list[tuple[str, str, list[str]]], names: list[str], seed: int) -> None:
    """The journey benchmark's stories with their answer key, in bench/verhalen-voorbeeld.yaml's format."""
    rng = random.Random(seed + 1)
    by_kind: dict[tuple[str, str], list[str]] = {}
    for slug, kind, region in made:
        for g in region:
            by_kind.setdefault((kind, g), []).append(slug)
    stories = []
    for words in URGENT_WORDS:
        g = rng.choice(names)
        stories.append({"gemeente": g, "typ": words, "urgent": True, "goed": by_kind[(GEMEENTE_ARCHETYPE[0], g)]})
    g = rng.choice(names)
    stories.append({"gemeente": g, "keuze": "spoed", "urgent": True, "goed": by_kind[(GEMEENTE_ARCHETYPE[0], g)]})
    for kind, words in STORY_WORDS.items():
        places = [g for g in names if (kind, g) in by_kind]
        if places:
            g = rng.choice(places)
            stories.append({"gemeente": g, "typ": words, "goed": sorted(by_kind[(kind, g)])})
    g = rng.choice(names)
    stories.append(
        {"gemeente": g, "keuze": "brief-afsluiting", "urgent": True, "goed": by_kind[(GEMEENTE_ARCHETYPE[0], g)]}
    )
    for choice in STORY_CHOICES:
        g = rng.choice(names)
        keuze, _, antwoord = choice.partition("/")
        story = {"gemeente": g, "keuze": keuze, **({"antwoord": antwoord} if antwoord else {})}
        if keuze == "hulp-gemeente":
            story["goed"] = by_kind[(GEMEENTE_ARCHETYPE[0], g)]
        stories.append(story)
    header = "# Generated by bench/generate.py: residents' stories and their right answers (journey benchmark).\n"
    Path(path).write_text(
        header + json.dumps({"verhalen": stories}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Genereer een synthetische regio voor de benchmark.")
    parser.add_argument("--n", type=int, default=300, help="aantal organisaties")
    parser.add_argument("--gemeenten", type=int, help="aantal gemeenten (standaard n/60)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="map voor de organisatiebestanden (wordt leeggemaakt)")
    parser.add_argument("--verhalen", help="schrijf ook de verhalen voor bench/journeys.py met de goede antwoorden")
    args = parser.parse_args(argv)
    names = generate(args.n, args.out, args.gemeenten, args.seed, args.verhalen)
    print(f"{args.n} organisaties in {len(names)} gemeenten in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
