"""`adres` in content/instellingen.yaml: the site's public address when --base-url is not given."""

from __future__ import annotations

import re
import shutil

ADRES = "https://kaart.dijkhaven.example.nl/"


def _content_with(tmp_path, repo, line: str):
    """A copy of the example content whose instellingen.yaml ends with `line`."""
    content = tmp_path / "content"
    shutil.copytree(repo / "content", content)
    settings = content / "instellingen.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    return content


def test_adres_makes_sitemap_absolute_and_robots_name_it(tmp_path, repo, run_build, today):
    content = _content_with(tmp_path, repo, f"adres: {ADRES}")
    result = run_build("build", "--content", content, "--out", tmp_path / "site", "--today", today)
    assert result.returncode == 0, result.stderr
    locs = re.findall(r"<loc>([^<]*)</loc>", (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith(ADRES) for loc in locs)
    assert f"Sitemap: {ADRES}sitemap.xml" in (tmp_path / "site" / "robots.txt").read_text(encoding="utf-8")


def test_base_url_given_wins_over_adres(tmp_path, repo, run_build, today):
    content = _content_with(tmp_path, repo, f"adres: {ADRES}")
    other = "https://elders.example.nl/kaart/"
    result = run_build("build", "--content", content, "--out", tmp_path / "site", "--today", today, "--base-url", other)
    assert result.returncode == 0, result.stderr
    assert f"Sitemap: {other}sitemap.xml" in (tmp_path / "site" / "robots.txt").read_text(encoding="utf-8")


def test_adres_that_is_no_web_address_is_a_dutch_error(tmp_path, repo, run_build, today):
    content = _content_with(tmp_path, repo, "adres: javascript:alert(1)")
    result = run_build("check", "--content", content, "--today", today)
    assert result.returncode == 1
    line = [line for line in result.stdout.splitlines() + result.stderr.splitlines() if "adres" in line][0]
    assert re.match(r".*instellingen\.yaml:\d+:\d+: adres: .*geen geldig webadres", line), line
