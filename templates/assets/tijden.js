/* Opening hours in Europe/Amsterdam time, whatever the visitor's clock says.
 * Spreekuren are [dag, van, tot, vorm] with dag "maandag".."zondag" and times "HH:MM".
 * Works in the browser (window.Tijden) and in Node (module.exports) for tests with a fixed clock. */
(function (root) {
  'use strict';

  var DAGEN = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'];
  var WEEKDAY = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
  var format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23'
  });

  /* The Amsterdam wall clock at `now`: {day: 0 (maandag)..6, time: "HH:MM", date: "YYYY-MM-DD"}. */
  function amsterdam(now) {
    var parts = {};
    format.formatToParts(now).forEach(function (p) { parts[p.type] = p.value; });
    return {
      day: WEEKDAY[parts.weekday],
      time: parts.hour + ':' + parts.minute,
      date: parts.year + '-' + parts.month + '-' + parts.day
    };
  }

  /* The spreekuur open at `now`, if any (optionally only walk-in hours). */
  function openNow(uren, now, onlyInloop) {
    var clock = amsterdam(now);
    for (var i = 0; i < (uren || []).length; i++) {
      var u = uren[i];
      if (onlyInloop && u[3] !== 'inloop') continue;
      if (DAGEN.indexOf(u[0]) === clock.day && u[1] <= clock.time && clock.time < u[2]) return u;
    }
    return null;
  }

  /* The next walk-in hour that starts after `now`, within a week: [dag, van, tot, vorm] or null. */
  function nextInloop(uren, now) {
    var clock = amsterdam(now);
    var best = null, bestDistance = Infinity;
    (uren || []).forEach(function (u) {
      if (u[3] !== 'inloop') return;
      var distance = (DAGEN.indexOf(u[0]) - clock.day + 7) % 7;
      if (distance === 0 && u[1] <= clock.time) distance = 7;
      var key = distance * 10000 + Number(u[1].replace(':', ''));
      if (key < bestDistance) { bestDistance = key; best = u; }
    });
    return best;
  }

  /* The line a resident reads: "Nu open, inloop tot 12:00" or "Volgende inloop: dinsdag 9:30". */
  function statusText(uren, now) {
    var open = openNow(uren, now, false);
    if (open) return 'Nu open, ' + (open[3] === 'inloop' ? 'inloop' : 'op afspraak') + ' tot ' + open[2];
    var next = nextInloop(uren, now);
    if (next) return 'Volgende inloop: ' + next[0] + ' ' + next[1].replace(/^0/, '');
    return '';
  }

  /* A melding is shown up to and including its `tot` day (Amsterdam date). */
  function meldingCurrent(tot, now) {
    return amsterdam(now).date <= tot;
  }

  var api = { amsterdam: amsterdam, openNow: openNow, nextInloop: nextInloop, statusText: statusText,
              meldingCurrent: meldingCurrent, DAGEN: DAGEN };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.Tijden = api;
})(typeof self !== 'undefined' ? self : this);
