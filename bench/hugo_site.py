"""The peer site: the same organisation files as a minimal Hugo site, searched with Pagefind.

    python bench/hugo_site.py --organisations DIR --out SITE

writes SITE/hugo.toml, SITE/layouts/ and SITE/content/organisaties/<slug>.md (JSON front
matter with the file's fields; the body is the beschrijving in Markdown). Hugo then renders
one page per organisation, with taxonomy pages for fase, rol, doelgroep and gemeente (term
pages list every organisation of the term, like ours), and Pagefind indexes Hugo's output:
only the organisation pages (data-pagefind-body), with the gemeente as a Pagefind filter so a
resident's search within their gemeente can be asked of Pagefind too. SITE/static/zoeken/
is a minimal search page on Pagefind's JS API that shows the top 5 results (as Pagefind's
own UI does at first), for the browser measurements.

The conversion from YAML is not timed: a Hugo user would keep Markdown files.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from datetime import date
from pathlib import Path

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CONFIG = """\
baseURL = "/"
languageCode = "nl"
title = "Sociale kaart (Hugo)"
disableKinds = ["RSS"]
enableRobotsTXT = true

[taxonomies]
  fase = "fases"
  rol = "rollen"
  doelgroep = "doelgroepen"
  gemeente = "gemeenten"
"""

BASEOF = """\
<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title>
{{ with .Params.samenvatting }}<meta name="description" content="{{ . }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "/zoeken/" | relURL }}">Zoeken</a> <a href="{{ "/fases/" | relURL }}">Fasen</a>
<a href="{{ "/rollen/" | relURL }}">Rollen</a> <a href="{{ "/doelgroepen/" | relURL }}">Doelgroepen</a>
<a href="{{ "/gemeenten/" | relURL }}">Gemeenten</a></nav></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<article data-pagefind-body>
<h1>{{ .Title }}</h1>
{{ with .Params.melding }}<p class="melding"><strong>Let op:</strong> {{ .tekst }}</p>{{ end }}
<p class="intro">{{ .Params.samenvatting }}</p>
<div class="tekst">{{ .Content }}</div>
<section><h2>Contact</h2><ul>
{{ with .Params.contact }}
{{ with .telefoon }}<li>Bel <a href="tel:{{ . }}">{{ . }}</a></li>{{ end }}
{{ with .whatsapp }}<li>WhatsApp {{ . }}</li>{{ end }}
{{ with .email }}<li>Mail <a href="mailto:{{ . }}">{{ . }}</a></li>{{ end }}
{{ with .website }}<li>Website <a href="{{ . }}">{{ . }}</a></li>{{ end }}
</ul>{{ with .bereikbaarheid }}<p>Bereikbaar: {{ . }}</p>{{ end }}{{ end }}
</section>
<section><h2>Aanmelden</h2>
{{ with .Params.aanmelden }}<ul>{{ range .manieren }}<li>{{ . }}</li>{{ end }}</ul>
{{ with .uitleg }}<p>{{ . }}</p>{{ end }}
<dl><dt>Kosten</dt><dd>{{ .kosten | default "niet vermeld" }}</dd>{{ with .wachttijd }}<dt>Wachttijd</dt><dd>{{ . }}</dd>{{ end }}</dl>{{ end }}
<p>Talen: {{ delimit (.Params.talen | default (slice "nl")) ", " }}</p>
</section>
<section><h2>Langskomen</h2>
{{ range .Params.locaties }}
<div class="locatie"><h3>{{ .naam }}</h3><p>{{ .adres }}<br>{{ .postcode }} {{ .plaats }}</p>
{{ with .toelichting }}<p>{{ . }}</p>{{ end }}
{{ with .spreekuren }}<table><caption>Spreekuren</caption><tbody>
{{ range . }}<tr><td>{{ .dag }}</td><td>{{ .van }} tot {{ .tot }}</td><td>{{ .vorm }}</td></tr>{{ end }}
</tbody></table>{{ end }}</div>
{{ else }}<p>Geen adres om langs te gaan.</p>{{ end }}
</section>
<section><h2>Welke hulp</h2>
<h3>Fase</h3><ul>{{ range .GetTerms "fases" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<h3>Soort steun</h3><ul>{{ range .GetTerms "rollen" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ with .Params.activiteiten }}<h3>Wat zij doen</h3><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
<h3>Voor wie</h3><ul>{{ range .GetTerms "doelgroepen" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<h3>Waar</h3><ul>{{ range .GetTerms "gemeenten" }}<li><a href="{{ .RelPermalink }}" data-pagefind-filter="gemeente">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ with .Params.werkgebied.wijken }}<p>Wijken: {{ delimit . ", " }}</p>{{ end }}
</section>
{{ with .Params.doorverwijzen }}<section><h2>Voor doorverwijzers</h2><dl>
{{ with .wanneer }}<dt>Wanneer</dt><dd>{{ . }}</dd>{{ end }}
{{ with .meenemen }}<dt>Meenemen</dt><dd><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul></dd>{{ end }}
{{ with .werkwijze }}<dt>Werkwijze</dt><dd>{{ . }}</dd>{{ end }}
</dl></section>{{ end }}
<footer><p>Laatst gecontroleerd: {{ .Params.gecontroleerd }}</p></footer>
</article>
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="kaartjes">
{{ range .Pages }}<li><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Params.samenvatting }}</p></li>
{{ end }}</ul>
{{ end }}
"""

TERMS = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"""

HOME = """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p>{{ len (where site.RegularPages "Section" "organisaties") }} organisaties.</p>
<ul>{{ range site.Taxonomies.fases }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></li>{{ end }}</ul>
{{ end }}
"""

SEARCH_PAGE = """\
<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Zoeken</title></head>
<body>
<h1>Zoeken</h1>
<form id="zoekformulier" role="search"><label for="q">Waar zoekt u hulp bij?</label>
<input type="search" id="q" name="q" autocomplete="off"><button type="submit">Zoeken</button></form>
<p id="aantal-resultaten" aria-live="polite"></p>
<div id="resultaten"></div>
<script type="module">
const params = new URLSearchParams(location.search);
const gemeente = params.get("gemeente");
const form = document.getElementById("zoekformulier");
const input = document.getElementById("q");
const results = document.getElementById("resultaten");
const count = document.getElementById("aantal-resultaten");
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.options({ excerptLength: 20 });
await pagefind.init();
document.documentElement.setAttribute("data-zoeken", "klaar");
async function run(q) {
  const options = gemeente ? { filters: { gemeente: { any: [gemeente, "Heel Nederland"] } } } : {};
  const search = await pagefind.search(q, options);
  const data = await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
  const list = document.createElement("ul");
  for (const item of data) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = item.url;
    a.textContent = item.meta.title;
    const p = document.createElement("p");
    p.textContent = item.excerpt.replace(/<[^>]+>/g, "");
    li.append(a, p);
    list.append(li);
  }
  results.replaceChildren(list);
  count.textContent = search.results.length + " organisaties gevonden";
}
form.addEventListener("submit", (event) => { event.preventDefault(); run(input.value); });
if (params.get("q")) { input.value = params.get("q"); await run(input.value); }
document.documentElement.setAttribute("data-eerste", "klaar");
</script>
</body>
</html>
"""


def _plain(value):
    """YAML values to JSON-able ones (dates as YYYY-MM-DD)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_site(organisations: str | os.PathLike, out: str | os.PathLike) -> int:
    """Write the Hugo site for every organisation file; returns how many."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    pages = out / "content" / "organisaties"
    pages.mkdir(parents=True)
    layouts = out / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (out / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    (layouts / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(LIST, encoding="utf-8")
    (layouts / "terms.html").write_text(TERMS, encoding="utf-8")
    (out / "layouts" / "index.html").write_text(HOME, encoding="utf-8")
    (out / "static" / "zoeken").mkdir(parents=True)
    (out / "static" / "zoeken" / "index.html").write_text(SEARCH_PAGE, encoding="utf-8")
    (out / "content" / "organisaties" / "_index.md").write_text('{"title": "Alle organisaties"}\n', encoding="utf-8")
    count = 0
    for path in sorted(Path(organisations).glob("*.yaml")):
        with open(path, encoding="utf-8") as handle:
            data = _plain(yaml.load(handle, Loader=Loader))
        werkgebied = data.get("werkgebied", {})
        front = {
            "title": data["naam"],
            "fases": data.get("fases", []),
            "rollen": data.get("rollen", []),
            "doelgroepen": data.get("doelgroepen", []),
            "gemeenten": ["Heel Nederland"] if werkgebied.get("landelijk") else werkgebied.get("gemeenten", []),
        }
        front.update({k: v for k, v in data.items() if k not in ("naam", "beschrijving")})
        body = data.get("beschrijving") or ""
        text = json.dumps(front, ensure_ascii=False, indent=1) + "\n\n" + body
        (pages / f"{path.stem}.md").write_text(text, encoding="utf-8")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Schrijf de Hugo-site voor de benchmark.")
    parser.add_argument("--organisations", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    count = write_site(args.organisations, args.out)
    print(f"{count} pagina's in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
