/* On a wegwijzer end page: the next walk-in time and its place, by the Amsterdam clock
 * (the page itself is the same every day, so the clock is read here). Without JavaScript the
 * weekly walk-in hours stay. Walk-in hours are [dag, van, tot, vorm, plaats]. */
(function () {
  'use strict';
  if (!window.Tijden) return;
  var now = new Date();
  document.querySelectorAll('.waarom [data-inloop]').forEach(function (item) {
    var uren = JSON.parse(item.getAttribute('data-inloop') || '[]');
    var open = window.Tijden.openNow(uren, now, true);
    var next = open ? null : window.Tijden.nextInloop(uren, now);
    var text = open ? 'Nu open, binnenlopen tot ' + open[2] + ', ' + open[4]
      : next ? 'Volgende inloop: ' + next[0] + ' ' + next[1].replace(/^0/, '') + ', ' + next[4] : '';
    if (!text) return;
    var line = document.createElement('span');
    line.className = 'volgende';
    line.textContent = text;
    var week = item.querySelector('.week');
    if (week) week.hidden = true;
    item.appendChild(line);
  });
})();
