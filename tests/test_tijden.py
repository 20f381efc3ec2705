"""Opening hours and meldingen in Europe/Amsterdam time: templates/assets/tijden.js in Node.

The browser file runs unchanged in Node (it exports its functions through module.exports) with a
fixed clock: every `now` is a Date made from a UTC instant, and every expected value was worked
out by hand from the Dutch clock rules (CET = UTC+1 in winter, CEST = UTC+2 in summer; summer time
runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October).

Calendar used below: 2026-12-01 is a Tuesday, 2026-12-03 a Thursday, 2026-12-05 a Saturday,
2026-07-07 a Tuesday, 2026-10-25 and 2027-03-28 are the last Sundays of October and March,
2027-01-04 is a Monday.

Each case also runs with the machine in three other time zones: the visitor's own clock setting
must not matter. Node is required: on CI a missing node fails (tests/support.require).
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from support import NODE_HINT, REPO, node_path, require

pytestmark = pytest.mark.node

TIJDEN = REPO / "templates" / "assets" / "tijden.js"
MACHINE_ZONES = ("UTC", "America/New_York", "Asia/Tokyo", "Europe/Amsterdam")

# Runs [function name, args, now as an ISO UTC instant] cases, `now` in the place of the
# argument "$now" (or last); prints the results as JSON.
NODE_SCRIPT = r"""
const T = require(process.argv[1]);
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = cases.map(([fn, args, iso]) => {
  const now = new Date(iso);
  if (isNaN(now.getTime())) throw new Error('bad instant ' + iso);
  const at = args.indexOf('$now');
  const call = at === -1 ? [...args, now] : args.map(a => (a === '$now' ? now : a));
  const value = T[fn](...call);
  return value === undefined ? '(undefined)' : value;
});
process.stdout.write(JSON.stringify(out));
"""


def run(cases: list[tuple[str, list, str]]) -> dict[str, list]:
    """Each case's result, per machine time zone."""
    node = node_path()
    require("Node.js", node is not None, NODE_HINT)
    results = {}
    for zone in MACHINE_ZONES:
        env = {**os.environ, "TZ": zone}
        done = subprocess.run(
            [node, "-e", NODE_SCRIPT, str(TIJDEN)],
            input=json.dumps(cases),
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        assert done.returncode == 0, f"node failed (TZ={zone}):\n{done.stderr[-3000:]}"
        results[zone] = json.loads(done.stdout)
    return results


def check(cases: list[tuple[str, str, list, object]]) -> None:
    """cases: (description, function, args, now as ISO UTC, expected)."""
    results = run([(fn, args, now) for _, fn, args, now, _ in cases])
    failures = []
    for zone, values in results.items():
        for (what, fn, args, now, expected), got in zip(cases, values):
            if got != expected:
                failures.append(f"[TZ={zone}] {what}: {fn}(..., {now}) = {got!r}, expected {expected!r}")
    assert not failures, "\n".join(failures)


# A realistic week: walk in on maandag 13:00-16:00, dinsdag 09:30-12:00 and donderdag 09:30-12:00,
# by appointment on woensdag 14:00-16:00.
WEEK = [
    ["maandag", "13:00", "16:00", "inloop"],
    ["dinsdag", "09:30", "12:00", "inloop"],
    ["woensdag", "14:00", "16:00", "op-afspraak"],
    ["donderdag", "09:30", "12:00", "inloop"],
]
DINSDAG_INLOOP = ["dinsdag", "09:30", "12:00", "inloop"]
DONDERDAG_INLOOP = ["donderdag", "09:30", "12:00", "inloop"]
MAANDAG_INLOOP = ["maandag", "13:00", "16:00", "inloop"]


def test_amsterdam_wall_clock():
    check(
        [
            (
                "winter: UTC+1",
                "amsterdam",
                [],
                "2026-12-01T08:30:00Z",
                {"day": 1, "time": "09:30", "date": "2026-12-01"},
            ),
            (
                "summer: UTC+2",
                "amsterdam",
                [],
                "2026-07-07T07:30:00Z",
                {"day": 1, "time": "09:30", "date": "2026-07-07"},
            ),
            (
                "23:30 UTC on a winter Thursday is 00:30 on Friday",
                "amsterdam",
                [],
                "2026-12-03T23:30:00Z",
                {"day": 4, "time": "00:30", "date": "2026-12-04"},
            ),
            (
                "22:30 UTC on a summer Tuesday is 00:30 on Wednesday",
                "amsterdam",
                [],
                "2026-07-07T22:30:00Z",
                {"day": 2, "time": "00:30", "date": "2026-07-08"},
            ),
            (
                "23:30 UTC on Sunday is Monday in Amsterdam",
                "amsterdam",
                [],
                "2026-12-06T23:30:00Z",
                {"day": 0, "time": "00:30", "date": "2026-12-07"},
            ),
            (
                "midnight is 00:00, not 24:00",
                "amsterdam",
                [],
                "2026-12-03T23:00:00Z",
                {"day": 4, "time": "00:00", "date": "2026-12-04"},
            ),
            (
                "October change: 00:59 UTC is still 02:59 summer time",
                "amsterdam",
                [],
                "2026-10-25T00:59:00Z",
                {"day": 6, "time": "02:59", "date": "2026-10-25"},
            ),
            (
                "October change: 01:00 UTC is 02:00 winter time",
                "amsterdam",
                [],
                "2026-10-25T01:00:00Z",
                {"day": 6, "time": "02:00", "date": "2026-10-25"},
            ),
            (
                "March change: 00:59 UTC is 01:59 winter time",
                "amsterdam",
                [],
                "2027-03-28T00:59:00Z",
                {"day": 6, "time": "01:59", "date": "2027-03-28"},
            ),
            (
                "March change: 01:00 UTC is 03:00 summer time",
                "amsterdam",
                [],
                "2027-03-28T01:00:00Z",
                {"day": 6, "time": "03:00", "date": "2027-03-28"},
            ),
        ]
    )


def test_open_during_a_spreekuur_and_closed_exactly_at_tot():
    check(
        [
            ("one minute before van", "openNow", [WEEK, "$now", False], "2026-12-01T08:29:00Z", None),
            ("exactly at van", "openNow", [WEEK, "$now", False], "2026-12-01T08:30:00Z", DINSDAG_INLOOP),
            ("in the middle", "openNow", [WEEK, "$now", False], "2026-12-01T10:00:00Z", DINSDAG_INLOOP),
            ("one minute before tot", "openNow", [WEEK, "$now", False], "2026-12-01T10:59:00Z", DINSDAG_INLOOP),
            ("exactly at tot: closed", "openNow", [WEEK, "$now", False], "2026-12-01T11:00:00Z", None),
            ("the same hours on another day: closed", "openNow", [WEEK, "$now", False], "2026-12-02T09:00:00Z", None),
            (
                "by appointment counts as open",
                "openNow",
                [WEEK, "$now", False],
                "2026-12-02T13:30:00Z",
                ["woensdag", "14:00", "16:00", "op-afspraak"],
            ),
            ("but not as a walk-in hour", "openNow", [WEEK, "$now", True], "2026-12-02T13:30:00Z", None),
            ("no spreekuren", "openNow", [[], "$now", False], "2026-12-01T10:00:00Z", None),
        ]
    )


def test_status_text_while_open():
    check(
        [
            ("walk-in", "statusText", [WEEK], "2026-12-01T10:59:00Z", "Nu open, inloop tot 12:00"),
            ("by appointment", "statusText", [WEEK], "2026-12-02T13:30:00Z", "Nu open, op afspraak tot 16:00"),
            (
                "closed at tot: the next walk-in is donderdag",
                "statusText",
                [WEEK],
                "2026-12-01T11:00:00Z",
                "Volgende inloop: donderdag 9:30",
            ),
        ]
    )


def test_next_inloop_later_today_tomorrow_and_after_the_weekend():
    check(
        [
            ("later today", "nextInloop", [WEEK], "2026-12-01T07:00:00Z", DINSDAG_INLOOP),
            ("later today, as text", "statusText", [WEEK], "2026-12-01T07:00:00Z", "Volgende inloop: dinsdag 9:30"),
            ("Monday before 13:00: later today", "nextInloop", [WEEK], "2026-11-30T11:59:00Z", MAANDAG_INLOOP),
            (
                "tomorrow",
                "nextInloop",
                [[DINSDAG_INLOOP, ["woensdag", "10:00", "11:00", "inloop"]]],
                "2026-12-01T11:30:00Z",
                ["woensdag", "10:00", "11:00", "inloop"],
            ),
            (
                "after today's, skipping an appointment-only day",
                "nextInloop",
                [WEEK],
                "2026-12-01T11:30:00Z",
                DONDERDAG_INLOOP,
            ),
            ("Saturday wraps to Monday", "nextInloop", [WEEK], "2026-12-05T09:00:00Z", MAANDAG_INLOOP),
            (
                "Saturday wraps to Monday, as text",
                "statusText",
                [WEEK],
                "2026-12-05T09:00:00Z",
                "Volgende inloop: maandag 13:00",
            ),
            ("Sunday evening wraps to Monday", "nextInloop", [WEEK], "2026-12-06T20:00:00Z", MAANDAG_INLOOP),
            (
                "a zondag hour on Saturday is tomorrow",
                "nextInloop",
                [[MAANDAG_INLOOP, ["zondag", "12:00", "14:00", "inloop"]]],
                "2026-12-05T09:00:00Z",
                ["zondag", "12:00", "14:00", "inloop"],
            ),
            (
                "only today's, already over: next week",
                "nextInloop",
                [[DINSDAG_INLOOP]],
                "2026-12-01T12:00:00Z",
                DINSDAG_INLOOP,
            ),
            (
                "two on one day: the earliest still ahead",
                "nextInloop",
                [[["donderdag", "13:00", "15:00", "inloop"], DONDERDAG_INLOOP]],
                "2026-12-03T07:00:00Z",
                DONDERDAG_INLOOP,
            ),
            (
                "two on one day: the first is over",
                "nextInloop",
                [[["donderdag", "13:00", "15:00", "inloop"], DONDERDAG_INLOOP]],
                "2026-12-03T09:00:00Z",
                ["donderdag", "13:00", "15:00", "inloop"],
            ),
            (
                "appointments only: no next inloop",
                "nextInloop",
                [[["woensdag", "14:00", "16:00", "op-afspraak"]]],
                "2026-12-01T07:00:00Z",
                None,
            ),
            (
                "appointments only, closed: no text",
                "statusText",
                [[["woensdag", "14:00", "16:00", "op-afspraak"]]],
                "2026-12-01T07:00:00Z",
                "",
            ),
        ]
    )


def test_midnight_in_amsterdam_is_not_midnight_in_utc():
    late = [["donderdag", "23:45", "23:59", "inloop"], ["vrijdag", "09:30", "12:00", "inloop"]]
    night = [["vrijdag", "00:00", "01:00", "inloop"]]
    check(
        [
            # 23:30 UTC on Thursday 3 December is 00:30 on Friday in Amsterdam: Thursday's 23:45 is past.
            (
                "winter: Thursday 23:30 UTC is Friday",
                "nextInloop",
                [late],
                "2026-12-03T23:30:00Z",
                ["vrijdag", "09:30", "12:00", "inloop"],
            ),
            (
                "winter: Thursday 22:30 UTC is still Thursday 23:30",
                "nextInloop",
                [late],
                "2026-12-03T22:30:00Z",
                ["donderdag", "23:45", "23:59", "inloop"],
            ),
            (
                "winter: a Friday-night hour is open at Thursday 23:30 UTC",
                "openNow",
                [night, "$now", False],
                "2026-12-03T23:30:00Z",
                night[0],
            ),
            ("winter: and not at Thursday 22:30 UTC", "openNow", [night, "$now", False], "2026-12-03T22:30:00Z", None),
            # Summer: 22:30 UTC on Thursday 9 July is 00:30 on Friday.
            (
                "summer: Thursday 22:30 UTC is Friday",
                "openNow",
                [night, "$now", False],
                "2026-07-09T22:30:00Z",
                night[0],
            ),
            (
                "summer: Thursday 21:30 UTC is still Thursday",
                "nextInloop",
                [late],
                "2026-07-09T21:30:00Z",
                ["donderdag", "23:45", "23:59", "inloop"],
            ),
            # Sunday 23:30 UTC in winter is Monday 00:30: the Monday hour is later *today*, not tomorrow.
            (
                "Sunday night UTC is Monday: Monday's inloop is today",
                "statusText",
                [WEEK],
                "2026-12-06T23:30:00Z",
                "Volgende inloop: maandag 13:00",
            ),
            (
                "Monday 00:30 Amsterdam: the Monday hour is not open yet",
                "openNow",
                [WEEK, "$now", False],
                "2026-12-06T23:30:00Z",
                None,
            ),
        ]
    )


def test_daylight_saving_changes():
    sunday = [["zondag", "09:30", "12:00", "inloop"]]
    saturday = [["zaterdag", "09:30", "12:00", "inloop"]]
    monday = [["maandag", "09:30", "12:00", "inloop"]]
    night = [["zondag", "02:00", "03:00", "inloop"]]
    check(
        [
            # October 2026: Saturday 24 in summer time (09:30 = 07:30 UTC), Sunday 25 in winter time
            # (09:30 = 08:30 UTC).
            (
                "Sat 24 Oct (CEST): open at 07:30 UTC",
                "openNow",
                [saturday, "$now", False],
                "2026-10-24T07:30:00Z",
                saturday[0],
            ),
            (
                "Sat 24 Oct (CEST): closed at 07:29 UTC",
                "openNow",
                [saturday, "$now", False],
                "2026-10-24T07:29:00Z",
                None,
            ),
            (
                "Sat 24 Oct (CEST): closed at 10:00 UTC (12:00)",
                "openNow",
                [saturday, "$now", False],
                "2026-10-24T10:00:00Z",
                None,
            ),
            (
                "Sun 25 Oct (CET): closed at 07:30 UTC (08:30)",
                "openNow",
                [sunday, "$now", False],
                "2026-10-25T07:30:00Z",
                None,
            ),
            ("Sun 25 Oct (CET): closed at 08:29 UTC", "openNow", [sunday, "$now", False], "2026-10-25T08:29:00Z", None),
            (
                "Sun 25 Oct (CET): open at 08:30 UTC",
                "openNow",
                [sunday, "$now", False],
                "2026-10-25T08:30:00Z",
                sunday[0],
            ),
            (
                "Sun 25 Oct (CET): open at 10:59 UTC (11:59)",
                "openNow",
                [sunday, "$now", False],
                "2026-10-25T10:59:00Z",
                sunday[0],
            ),
            (
                "Sun 25 Oct (CET): closed at 11:00 UTC (12:00)",
                "openNow",
                [sunday, "$now", False],
                "2026-10-25T11:00:00Z",
                None,
            ),
            # The hour from 02:00 to 03:00 happens twice that night.
            ("Sun 25 Oct 00:30 UTC is 02:30 CEST", "openNow", [night, "$now", False], "2026-10-25T00:30:00Z", night[0]),
            ("Sun 25 Oct 01:30 UTC is 02:30 CET", "openNow", [night, "$now", False], "2026-10-25T01:30:00Z", night[0]),
            (
                "Sun 25 Oct 02:00 UTC is 03:00 CET: closed",
                "openNow",
                [night, "$now", False],
                "2026-10-25T02:00:00Z",
                None,
            ),
            # March 2027: Saturday 27 in winter time, Sunday 28 from 01:00 UTC and Monday 29 in summer time.
            (
                "Sat 27 Mar (CET): closed at 07:30 UTC (08:30)",
                "openNow",
                [saturday, "$now", False],
                "2027-03-27T07:30:00Z",
                None,
            ),
            (
                "Sat 27 Mar (CET): open at 08:30 UTC",
                "openNow",
                [saturday, "$now", False],
                "2027-03-27T08:30:00Z",
                saturday[0],
            ),
            (
                "Sun 28 Mar (CEST): open at 07:30 UTC",
                "openNow",
                [sunday, "$now", False],
                "2027-03-28T07:30:00Z",
                sunday[0],
            ),
            (
                "Sun 28 Mar (CEST): closed at 07:29 UTC",
                "openNow",
                [sunday, "$now", False],
                "2027-03-28T07:29:00Z",
                None,
            ),
            (
                "Sun 28 Mar (CEST): closed at 10:00 UTC (12:00)",
                "openNow",
                [sunday, "$now", False],
                "2027-03-28T10:00:00Z",
                None,
            ),
            (
                "Sun 28 Mar (CEST): open at 09:59 UTC (11:59)",
                "openNow",
                [sunday, "$now", False],
                "2027-03-28T09:59:00Z",
                sunday[0],
            ),
            (
                "Mon 29 Mar (CEST): open at 07:30 UTC",
                "openNow",
                [monday, "$now", False],
                "2027-03-29T07:30:00Z",
                monday[0],
            ),
            (
                "Mon 29 Mar (CEST): open at 08:30 UTC too (10:30)",
                "openNow",
                [monday, "$now", False],
                "2027-03-29T08:30:00Z",
                monday[0],
            ),
            (
                "Sun 28 Mar 00:30 UTC (01:30 CET): the next inloop is today 09:30",
                "statusText",
                [sunday],
                "2027-03-28T00:30:00Z",
                "Volgende inloop: zondag 9:30",
            ),
            ("Sun 28 Mar 07:30 UTC: open", "statusText", [sunday], "2027-03-28T07:30:00Z", "Nu open, inloop tot 12:00"),
        ]
    )


def test_melding_current_until_and_including_tot_in_amsterdam():
    check(
        [
            ("winter: the day before", "meldingCurrent", ["2027-01-04"], "2027-01-03T12:00:00Z", True),
            ("winter: the first minute of the tot day", "meldingCurrent", ["2027-01-04"], "2027-01-03T23:00:00Z", True),
            ("winter: noon on the tot day", "meldingCurrent", ["2027-01-04"], "2027-01-04T11:00:00Z", True),
            (
                "winter: 22:30 UTC on the tot day is 23:30 there: still shown",
                "meldingCurrent",
                ["2027-01-04"],
                "2027-01-04T22:30:00Z",
                True,
            ),
            ("winter: the last minute of the tot day", "meldingCurrent", ["2027-01-04"], "2027-01-04T22:59:00Z", True),
            (
                "winter: 23:00 UTC on the tot day is the next day there: hidden",
                "meldingCurrent",
                ["2027-01-04"],
                "2027-01-04T23:00:00Z",
                False,
            ),
            ("winter: the day after", "meldingCurrent", ["2027-01-04"], "2027-01-05T09:00:00Z", False),
            ("summer: the last minute of the tot day", "meldingCurrent", ["2026-08-15"], "2026-08-15T21:59:00Z", True),
            (
                "summer: 22:30 UTC on the tot day is the next day there: hidden",
                "meldingCurrent",
                ["2026-08-15"],
                "2026-08-15T22:30:00Z",
                False,
            ),
            (
                "summer: 22:00 UTC on the tot day is 00:00 the next day",
                "meldingCurrent",
                ["2026-08-15"],
                "2026-08-15T22:00:00Z",
                False,
            ),
            (
                "a later year is not 'before' by string accident",
                "meldingCurrent",
                ["2027-01-04"],
                "2026-12-31T23:30:00Z",
                True,
            ),
            ("an earlier tot long ago", "meldingCurrent", ["2025-12-31"], "2026-01-01T10:00:00Z", False),
        ]
    )
