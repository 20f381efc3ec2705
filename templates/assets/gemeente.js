/* The resident's gemeente, chosen once: on the home page ("Uw gemeente" above the wegwijzer), on the
 * search page (its gemeente choice) or in the wegwijzer's list of gemeenten. It is remembered in this
 * tab's sessionStorage only (gone when the tab closes; the privacy page says so), and only when the
 * resident chooses: opening a page stores nothing. With a gemeente known, the home page's wegwijzer
 * links (data-wegwijzer: the situation's path) go straight to /wegwijzer/<situatie>/<gemeente>/.
 * The wegwijzer's list itself is the gemeente picker of every page (gemeente-kiezer.js); its links
 * carry data-gemeente, remembered here when tapped or opened with Enter. Without JavaScript none of
 * this runs: the links ask the gemeente. */
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

  var home = document.getElementById('gemeente-home');
  if (home) homeChoice(home);
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-gemeente]');
    if (link) remember(link.getAttribute('data-gemeente'));
  });
  document.addEventListener('change', function (event) {
    if (event.target.id === 'gemeente-keuze') remember(event.target.value);
  });
})();
