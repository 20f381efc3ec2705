/* The resident's gemeente, chosen once: on the home page ("Uw gemeente" above the wegwijzer), on the
 * search page (its gemeente choice) or in the wegwijzer's list of gemeenten. It is remembered in this
 * tab's sessionStorage only (gone when the tab closes; the privacy page says so), and only when the
 * resident chooses: opening a page stores nothing. With a gemeente known, the home page's wegwijzer
 * links (data-wegwijzer: the situation's path) go straight to /wegwijzer/<situatie>/<gemeente>/.
 * On the wegwijzer's list of many gemeenten, a field narrows the list as the resident types, with a
 * live count; Enter opens the one gemeente left. Without JavaScript none of this runs: the links ask the gemeente, the list has its
 * letter links. */
(function () {
  'use strict';
  var KEY = 'kaart-gemeente';

  function remembered() {
    try { return window.sessionStorage.getItem(KEY) || ''; } catch { return ''; }
  }

  function remember(slug) {
    try {
      if (slug) window.sessionStorage.setItem(KEY, slug);
      else window.sessionStorage.removeItem(KEY);
    } catch { /* storage refused (some private modes): the choice lasts this page */ }
  }

  /* NFKD, drop marks, lower case, anything but letters and digits a space: "'s-Gravenhage" -> " s gravenhage". */
  function plain(text) {
    return String(text).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ');
  }

  /* The home page: the choice above the wegwijzer, and the links it sends straight to the gemeente. */
  function homeChoice(choice) {
    var links = document.querySelectorAll('a[data-wegwijzer]');
    var line = document.querySelector('.spoedregel a[data-wegwijzer]'), ask = line ? line.textContent : '';
    function apply(slug) {
      Array.prototype.forEach.call(links, function (a) {
        a.setAttribute('href', a.getAttribute('data-wegwijzer') + (slug ? slug + '/' : ''));
      });
      // The urgent line no longer asks the gemeente: it opens that gemeente's number.
      if (line) line.textContent = slug ? 'Zie het nummer voor ' + choice.options[choice.selectedIndex].text + ' en bel vandaag' : ask;
    }
    var known = remembered();
    var found = Array.prototype.some.call(choice.options, function (o) { return o.value === known; });
    choice.value = found ? known : '';
    apply(choice.value);
    choice.parentNode.hidden = false;
    choice.addEventListener('change', function () {
      remember(choice.value);
      apply(choice.value);
    });
  }

  /* The wegwijzer's list of gemeenten: typing narrows it (the letter links then step aside). */
  function listFilter(box) {
    var field = box.querySelector('input'), count = document.getElementById('gemeente-aantal');
    var nav = box.closest('nav'), letters = nav.querySelectorAll('.letters, .letters-uitleg');
    var groups = nav.querySelectorAll('.lettergroep');
    var items = Array.prototype.map.call(nav.querySelectorAll('.lettergroep li'), function (li) {
      return { li: li, name: plain(li.textContent).trim() };
    });
    function update() {
      var typed = plain(field.value).trim(), shown = 0;
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
    /* Enter opens the gemeente when one is left (or one has exactly the typed name): typing the
     * name is then the whole step, as in a search field. */
    function only() {
      var typed = plain(field.value).trim(), left = items.filter(function (item) { return !item.li.hidden; });
      var exact = left.filter(function (item) { return item.name === typed; });
      return typed && left.length === 1 ? left[0] : exact.length === 1 ? exact[0] : null;
    }
    field.addEventListener('input', update);
    field.addEventListener('keydown', function (event) {
      var item = event.key === 'Enter' ? only() : null;
      if (!item) return;
      event.preventDefault();
      var link = item.li.querySelector('a');
      remember(link.getAttribute('data-gemeente'));
      window.location.href = link.href;
    });
    box.hidden = false;
    update();
  }

  var home = document.getElementById('gemeente-home');
  if (home) homeChoice(home);
  var filter = document.querySelector('.gemeente-filter');
  if (filter) listFilter(filter);
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-gemeente]');
    if (link) remember(link.getAttribute('data-gemeente'));
  });
  document.addEventListener('change', function (event) {
    if (event.target.id === 'gemeente-keuze') remember(event.target.value);
  });
})();
