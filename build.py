"""Sociale kaart: the command line and the build pipeline.

    read YAML + Markdown -> validate -> derive -> render -> write to a temporary folder -> swap

Each file is written as soon as it is rendered; nothing of the site is held in memory.

`python build.py` builds the example site into site/. See `python build.py --help`.
"""

from __future__ import annotations

if __name__ == "__main__":  # before the imports, in the program's own process only
    import sys

    from kaart import startup

    startup.start()
    startup.ask_git_early(sys.argv[1:])

import argparse
import atexit
import json
import os
import sys
import traceback
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from kaart import parallel, startup, stopping
from kaart.gather import gather
from kaart.history import pending_history
from kaart.problems import Problem, UsageError, UserError
from kaart.project import Project
from kaart.read_files import read_yaml_file
from kaart.stopping import stop_if_asked
from kaart.write import PARTNER, PUBLIC, check_output_folder, staged

if TYPE_CHECKING:
    from kaart.render import Options

# The stages after reading (warnings, derive, render) are imported by later_stages(), not here: a
# build imports them while a worker already reads the files (bench/README.md).

REPO = Path(__file__).resolve().parent
TEMPLATES = str(REPO / "templates")
COMMANDS = ("build", "check", "serve", "rapport", "schema", "nieuw")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The reference dates the build can reckon with (a year earlier, months back) without leaving the calendar.
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2999, 12, 31)


def example_date(content_dir: str) -> date | None:
    """The fixed peildatum of an example map (content/instellingen.yaml with voorbeeld: true)."""
    doc, _ = read_yaml_file(os.path.join(content_dir, "instellingen.yaml"))
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    if data.get("voorbeeld") != "true" or not isinstance(data.get("peildatum"), str):
        return None
    try:
        return date.fromisoformat(data["peildatum"])
    except ValueError:
        return None  # validation says what is wrong with it


def reference_date(given: str | None, content_dir: str | None = None) -> date:
    """--today, else SOURCE_DATE_EPOCH, else an example map's peildatum, else today in Europe/Amsterdam."""
    if given:
        try:
            day = date.fromisoformat(given)
        except ValueError:
            raise UsageError(f"--today '{given}' is geen datum; schrijf JJJJ-MM-DD") from None
        return within_range(day, f"--today {given}")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            seconds = int(epoch)
        except ValueError:
            raise UsageError(f"SOURCE_DATE_EPOCH '{epoch}' is geen aantal seconden") from None
        try:
            day = datetime.fromtimestamp(seconds, AMSTERDAM).date()
        except (ValueError, OverflowError, OSError):  # beyond what the calendar or the system can hold
            day = date.max if seconds > 0 else date.min
        return within_range(day, f"SOURCE_DATE_EPOCH {epoch}")
    fixed = example_date(content_dir) if content_dir else None
    return fixed if fixed is not None else datetime.now(AMSTERDAM).date()


def within_range(day: date, what: str) -> date:
    """The reference date, if the build can reckon with it; else a UsageError."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UsageError(f"{what} ligt niet tussen {FIRST_DAY} en {LAST_DAY}; kies een peildatum daartussen")
    return day


def later_stages() -> None:
    """Import the modules of the stages after reading: the warnings, derive and render."""
    import markdown.extensions.sane_lists  # noqa: F401  (kaart/text.py's converter, once for both render processes)

    import kaart.derive
    import kaart.render
    import kaart.warnings  # noqa: F401


def load(args) -> Project:
    """Read and validate the whole project (stage 1 and 2), warnings included."""
    from kaart.warnings import find_warnings

    project = load_without_warnings(args)
    return project.with_warnings(find_warnings(project, getattr(args, "compare", None) or "HEAD"))


def load_without_warnings(args) -> Project:
    """Read and validate the whole project and add its git history (stage 1 and 2); the later stages
    are imported meanwhile, while a worker reads (else after reading)."""
    partners = getattr(args, "partners", None)
    with pending_history(args.organisations) as history:  # git works while the files are read
        try:
            with parallel.while_forked(later_stages):
                project = gather(args.organisations, args.content, reference_date(args.today, args.content), partners)
        finally:
            startup.reading_done()  # the cycle collector on again, if the program's start switched it off
        found = history.result()
    later_stages()
    return project.with_history(found.changed, found.latest)


def build_files(project: Project, options: Options, write, before_render=None) -> list[str]:
    """Derive and render (stage 3 and 4): every output file handed to write(path, bytes); returns the paths.

    before_render() is called once the pages are listed, before the first is rendered."""
    from kaart.derive import derive
    from kaart.render import render_site

    return render_site(project, derive(project), TEMPLATES, options, write, before_render)


def output_folder(args) -> Path:
    """--out (a symbolic link followed to its target), or site/ (site-partners/ for a partner build)."""
    if not args.out:
        return REPO / ("site-partners" if args.partners else "site")
    out = Path(args.out)
    if out.name in ("", ".", ".."):
        raise UsageError(f"--out '{args.out}' eindigt niet op de naam van een map; noem de map zelf, zoals site")
    # The build replaces the folder by renaming: a link itself would be replaced, its target left stale.
    return Path(os.path.realpath(out)) if out.is_symlink() else out


def guard_output(args, out: Path) -> None:
    """Refuse an output folder that overlaps the repository or a source folder."""
    sources = [Path(args.organisations), Path(args.content), Path(TEMPLATES)]
    if args.partners:
        sources.append(Path(args.partners))
    check_output_folder(out, REPO, sources, PARTNER if args.partners else PUBLIC)


def command_build(args) -> int:
    """Build the site and swap it into place; on any error the old output stays as it was."""
    out = output_folder(args)
    guard_output(args, out)
    project = load_without_warnings(args)
    from kaart.render import Options  # imported by now (later_stages)
    from kaart.warnings import find_warnings

    # A second process makes the warnings while this one derives the lists and lists the pages.
    with parallel.Meanwhile(find_warnings, project, "HEAD", size=len(project.organisations)) as warnings:
        project = project.for_render()  # the old one goes, and with it the positions: memory for the render
        options = Options(base_url=public_address(args, project), partner=bool(args.partners))
        with staged(
            out, PARTNER if args.partners else PUBLIC
        ) as write:  # each file to disk as made; swapped at the end
            paths = build_files(project, options, write, before_render=lambda: report(warnings.result(), args))
    print(f"Klaar: {len(project.organisations)} organisaties, {len(paths)} bestanden in {out}", file=sys.stderr)
    return 0


def public_address(args, project) -> str:
    """The site's public address: --base-url, else `adres` from content/instellingen.yaml, else none."""
    return args.base_url or project.settings.adres or ""


def command_check(args) -> int:
    """Validate only: every problem one line, then a summary; exit 1 on errors (or warnings with --strict)."""
    project = load(args)
    report(project.warnings, args)
    count = len(project.warnings)
    if args.strict and count:
        print(f"{count} waarschuwing(en); --strict maakt daar fouten van.", file=sys.stderr)
        return 1
    print(
        f"Geen fouten in {len(project.organisations)} organisaties"
        + (f" ({count} waarschuwing(en))." if count else ".")
    )
    return 0


def command_serve(args) -> int:
    """Build, serve on 127.0.0.1 and rebuild when a source file changes."""
    from kaart.render import Options
    from kaart.serve import serve

    out = output_folder(args)
    guard_output(args, out)
    return serve(args, out, load, build_files, Options(base_url="", partner=bool(args.partners)))


def command_rapport(args) -> int:
    """The regisseur's report on stdout: text, json or html."""
    from kaart.derive import derive
    from kaart.render import make_environment
    from kaart.report import report_data, template_values

    project = load(args)
    derived = derive(project)
    data = report_data(project, derived, args.verouderd_maanden, args.overlap)
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    template = "rapport.txt" if args.format == "text" else "rapport.html"
    env = make_environment(TEMPLATES)
    env.autoescape = args.format == "html"  # the text form is not HTML: "zzp'ers" stays as written
    print(
        env.get_template(template).render(
            **template_values(data, derived),
            links=False,
            partners={},
            site=project.settings,
            vocab=project.vocab,
            orgs=project.organisations,
        ),
        end="",
    )
    return 0


def command_schema(args) -> int:
    """Write organisatie.schema.json and partner.schema.json beside the organisations folder."""
    from kaart.schemafile import outdated_problems, write_schema_files

    outdated = write_schema_files(args.organisations, args.content, check_only=args.check)
    if args.check and outdated:
        raise UserError(outdated_problems(outdated))
    for path in outdated:
        print(f"Geschreven: {os.path.relpath(path)}")
    if not outdated:
        print("Het schema is actueel; er is niets veranderd.")
    return 0


def command_nieuw(args) -> int:
    """Write organisations/<slug>.yaml for a new organisation, with every field and a hint."""
    from kaart.scaffold import create
    from kaart.schemafile import read_vocabulary, schema_folder

    path = create(args.organisations, args.content, args.naam, read_vocabulary(args.content))
    print(f"Nieuw bestand: {path}")
    print("Vul de lege velden in en controleer het bestand daarna met: python build.py check")
    if not (schema_folder(args.organisations) / "organisatie.schema.json").exists():
        print("Tip: maak ook het schema voor uw editor, met: python build.py schema")
    return 0


def report(problems: list[Problem], args) -> None:
    """Print problems one per line, in the chosen format."""
    github = getattr(args, "format", "text") == "github"
    for problem in sorted(problems):
        print(problem.format_github() if github else problem.format())


def parser() -> argparse.ArgumentParser:
    """The command line (README.md, Commands)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--organisations",
        default="organisations",
        metavar="MAP",
        help="map met de organisatiebestanden (standaard: organisations)",
    )
    common.add_argument(
        "--content",
        default="content",
        metavar="MAP",
        help="map met instellingen, vocabulaire en pagina's (standaard: content)",
    )
    common.add_argument("--today", metavar="JJJJ-MM-DD", help="peildatum (standaard: vandaag, of SOURCE_DATE_EPOCH)")
    main = argparse.ArgumentParser(prog="build.py", description="Bouw de sociale kaart.")
    commands = main.add_subparsers(dest="command")
    build = commands.add_parser("build", parents=[common], help="bouw de site")
    check = commands.add_parser("check", parents=[common], help="controleer alleen")
    serve = commands.add_parser("serve", parents=[common], help="bouw, toon op 127.0.0.1, bouw opnieuw bij wijzigingen")
    for sub in (build, serve):
        sub.add_argument("--out", metavar="MAP", help="uitvoermap (standaard: site/ of site-partners/)")
        sub.add_argument("--partners", metavar="MAP", help="map met partnerbestanden (partnerversie)")
    build.add_argument("--base-url", metavar="URL", help="volledig openbaar adres, bijv. https://kaart.example.nl/")
    serve.add_argument("--port", type=int, default=8000, help="poort (standaard 8000)")
    for sub in (build, check):
        sub.add_argument("--format", choices=("text", "github"), default="text", help="vorm van de foutregels")
    check.add_argument("--strict", action="store_true", help="waarschuwingen tellen als fouten")
    check.add_argument(
        "--compare",
        metavar="GIT-VERSIE",
        help="meld organisaties die verdwenen zijn sinds deze git-versie, bijv. origin/main (standaard: HEAD)",
    )
    rapport = commands.add_parser(
        "rapport", parents=[common], help="overzicht voor de gemeente: gaten, overlap, verouderd"
    )
    rapport.add_argument("--format", choices=("text", "json", "html"), default="text", help="vorm (standaard text)")
    rapport.add_argument(
        "--verouderd-maanden", type=int, metavar="N", help="verouderd na N maanden (standaard uit instellingen)"
    )
    rapport.add_argument(
        "--overlap", type=int, metavar="N", help="overlap vanaf N organisaties (standaard uit instellingen)"
    )
    check.add_argument("--partners", metavar="MAP", help="controleer ook deze partnermap")
    schema_command = commands.add_parser(
        "schema", parents=[common], help="schrijf organisatie.schema.json en partner.schema.json voor uw editor"
    )
    schema_command.add_argument(
        "--check", action="store_true", help="schrijf niets; meld een fout als het schema niet meer klopt"
    )
    schema_command.add_argument("--format", choices=("text", "github"), default="text", help="vorm van de foutregels")
    nieuw = commands.add_parser("nieuw", parents=[common], help="maak een nieuw organisatiebestand om in te vullen")
    nieuw.add_argument("naam", help="naam van de organisatie, tussen aanhalingstekens")
    return main


def main(argv: list[str] | None = None) -> int:
    """Run one command; user errors become Dutch lines and exit 1, never a traceback."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")
    stopping.install()  # from the start: a worker may be forked while reading
    args = parser().parse_args(argv)
    run = {
        "build": command_build,
        "check": command_check,
        "serve": command_serve,
        "rapport": command_rapport,
        "schema": command_schema,
        "nieuw": command_nieuw,
    }[args.command]
    try:
        code = run(args)
        stop_if_asked()  # a stop whose interrupt a finaliser swallowed still ends the command as stopped
        return code
    except UserError as error:
        report(error.problems, args)
        errors = [p for p in error.problems if not p.warning]
        files = len({p.path for p in errors})
        after = "" if args.command == "check" else "; er is niets geschreven"
        print(f"{len(errors)} fout(en) in {files} bestand(en){after}.", file=sys.stderr)
        return 1
    except UsageError as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception:  # an internal bug: show it, it is ours to fix
        traceback.print_exc()
        print("build.py: interne fout; meld dit met de regels hierboven. Er is niets geschreven.", file=sys.stderr)
        return 3


def end_process(code: int) -> None:
    """Exit with `code` right after the exit handlers (workers stopped, multiprocessing's clean-up),
    skipping the interpreter's teardown: freeing every object one by one does nothing for a
    finished command and costs ~0.04 s at 300 organisations (bench/README.md).

    Only for the script's own process: a caller of main() (a test, serve's rebuild) goes on.
    Where that is not safe (another thread still runs, the output cannot be flushed), Python
    exits as usual and reports what it reports."""
    threading = sys.modules.get("threading")
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if (
        run_exit_handlers is None
        or (threading is not None and threading.active_count() > 1)
        # A profiler, debugger or `python -i` does its own work once the script is done.
        or sys.getprofile() is not None
        or sys.gettrace() is not None
        or sys.flags.inspect
    ):
        sys.exit(code)
    streams = [stream for stream in (sys.stdout, sys.stderr) if stream is not None]  # None: started without it
    try:
        for stream in streams:
            stream.flush()
        run_exit_handlers()
        for stream in streams:
            stream.flush()
    except (OSError, ValueError):  # a closed pipe: Python's own exit reports it, with its exit status
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    end_process(main())
