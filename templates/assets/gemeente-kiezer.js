/* The one way to pick a gemeente from a long list (templates/gemeente-kiezer.html): a field that
 * narrows the list as one types, with a live count; Enter opens the one gemeente left (or the one
 * with exactly the typed name), so typing the name is the whole step. The letter links step aside
 * while a name is typed. Without JavaScript the list has its letter links and this does not run. */
(function () {
  'use strict';
  var box = document.querySelector('.gemeentekiezer .gemeente-filter');
  if (!box) return;
  var picker = box.closest('.gemeentekiezer');
  var field = box.querySelector('input'), count = document.getElementById('gemeente-aantal');
  var letters = picker.querySelectorAll('.letters, .letters-uitleg');
  var groups = picker.querySelectorAll('.lettergroep');

  /* NFKD, drop marks, lower case, anything but letters and digits one space: "'s-Gravenhage" -> "s gravenhage". */
  function plain(text) {
    return String(text).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  }

  var items = Array.prototype.map.call(picker.querySelectorAll('li[data-naam]'), function (li) {
    return { li: li, name: plain(li.getAttribute('data-naam')) };
  });

  function update() {
    var typed = plain(field.value), shown = 0;
    items.forEach(function (item) {
      var fits = !typed || item.name.indexOf(typed) !== -1;
      item.li.hidden = !fits;
      if (fits) shown++;
    });
    Array.prototype.forEach.call(groups, function (group) {
      group.hidden = !group.querySelector('li:not([hidden])');
    });
    Array.prototype.forEach.call(letters, function (el) { el.hidden = Boolean(typed); });
    count.textContent = !typed ? ''
      : shown === 0 ? 'Geen gemeente gevonden. Kijk of de naam goed geschreven is.'
      : shown === 1 ? '1 gemeente gevonden. Druk op Enter om verder te gaan.' : shown + ' gemeenten gevonden';
  }

  /* The gemeente Enter opens: the one left, or the one whose whole name was typed ("Epe" among Epe and Nederweert-Epe). */
  function only() {
    var typed = plain(field.value), left = items.filter(function (item) { return !item.li.hidden; });
    var exact = left.filter(function (item) { return item.name === typed; });
    return typed && left.length === 1 ? left[0] : exact.length === 1 ? exact[0] : null;
  }

  field.addEventListener('input', update);
  field.addEventListener('keydown', function (event) {
    var item = event.key === 'Enter' ? only() : null;
    if (!item) return;
    event.preventDefault();
    item.li.querySelector('a').click();  // a click, so what listens to the link (gemeente.js remembers it) hears it
  });
  box.hidden = false;
  update();
})();
