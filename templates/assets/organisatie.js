/* On an organisation page: "Nu open" or the next walk-in hour in Amsterdam time,
 * and a melding hidden from the day after its `tot` date. */
(function () {
  'use strict';
  var now = new Date();
  var status = document.getElementById('open-status');
  if (status && window.Tijden) {
    var text = window.Tijden.statusText(JSON.parse(status.getAttribute('data-uren') || '[]'), now);
    if (text) {
      status.textContent = text;
      status.hidden = false;
    }
  }
  document.querySelectorAll('.melding[data-tot]').forEach(function (note) {
    if (window.Tijden && !window.Tijden.meldingCurrent(note.getAttribute('data-tot'), now)) note.hidden = true;
  });
})();
