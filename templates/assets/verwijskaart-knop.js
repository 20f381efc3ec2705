/* The verwijskaart being built while browsing: "Op de verwijskaart" buttons
 * (button[data-verwijskaart=slug], templates/verwijskaart-knop.html) add an organisation, the
 * header link "Verwijskaart (n)" opens it. The list lives in this tab's sessionStorage only: it
 * never leaves the device and is gone when the tab closes (content/privacy.md says so).
 * Buttons can come later (zoeken.js clones result cards), so clicks are handled on the document
 * and new buttons are found by a MutationObserver. window.Verwijskaart is for verwijskaart.js.
 * Only a tap stores: opening a page or a shared link stores nothing. */
(function () {
  'use strict';

  var KEY = 'verwijskaart';
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var teller = document.querySelector('.kaart-teller');
  var melding = null;
  var memory = '';  // when sessionStorage is refused (some private modes), the list lasts this page

  function read() {
    var text = memory;
    try { text = window.sessionStorage.getItem(KEY) || ''; } catch { /* storage refused */ }
    var seen = new Set();
    return text.split(',').filter(function (s) {
      if (!SLUG.test(s) || seen.has(s)) return false;
      seen.add(s);
      return true;
    });
  }

  function write(slugs) {
    memory = slugs.join(',');
    try {
      if (slugs.length) window.sessionStorage.setItem(KEY, memory);
      else window.sessionStorage.removeItem(KEY);
    } catch { /* storage refused: kept in memory for this page */ }
    show(slugs);
    document.dispatchEvent(new CustomEvent('verwijskaart:lijst', { detail: slugs.slice() }));
  }

  /* The buttons under `root` (the document, or an added node) show whether theirs is on the list. */
  function sync(root, slugs) {
    var buttons = root.querySelectorAll ? root.querySelectorAll('button[data-verwijskaart]') : [];
    var all = root.matches && root.matches('button[data-verwijskaart]') ? [root].concat(Array.from(buttons)) : buttons;
    Array.prototype.forEach.call(all, function (button) {
      var on = slugs.indexOf(button.getAttribute('data-verwijskaart')) !== -1;
      button.hidden = false;
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
    });
  }

  function show(slugs) {
    if (teller) {
      var root = teller.getAttribute('data-root') || '';
      var link = teller.querySelector('a');
      teller.querySelector('span').textContent = String(slugs.length);
      link.href = root + 'verwijskaart/' + (slugs.length ? '?lijst=' + slugs.join(',') : '');
      teller.hidden = slugs.length === 0;
    }
    sync(document, slugs);
  }

  /* One polite live region for every button, made now so that a later message is announced. */
  function say(text) {
    if (!melding) return;
    melding.textContent = '';
    window.setTimeout(function () { melding.textContent = text; }, 50);
  }

  /* The list a button changes: the one stored, or the one a page shows (verwijskaart.js: a card
   * opened from a link is stored only when the visitor changes it). */
  var source = null;

  function toggle(slug) {
    var slugs = source ? source() : read();
    var at = slugs.indexOf(slug);
    if (at === -1) slugs.push(slug);
    else slugs.splice(at, 1);
    write(slugs);
    say((at === -1 ? 'Toegevoegd' : 'Van de kaart gehaald') + ' (' + slugs.length + ' op de kaart)');
  }

  /* Beside the button just pressed, the way on to the card: the header link may be far above. */
  function onward(button, slugs) {
    Array.prototype.forEach.call(document.querySelectorAll('.op-kaart-verder'), function (old) { old.remove(); });
    if (!slugs.length || !teller || document.getElementById('verwijskaart')) return;
    var a = document.createElement('a');
    a.className = 'op-kaart-verder';
    a.href = teller.querySelector('a').href;
    a.textContent = 'Naar de verwijskaart (' + slugs.length + ')';
    button.insertAdjacentElement('afterend', a);
  }

  melding = document.createElement('p');
  melding.className = 'visueel-verborgen';
  melding.setAttribute('aria-live', 'polite');
  melding.id = 'verwijskaart-melding';
  document.body.appendChild(melding);

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button[data-verwijskaart]');
    if (!button) return;
    var slug = button.getAttribute('data-verwijskaart');
    if (!SLUG.test(slug)) return;
    toggle(slug);
    onward(button, read());
  });

  window.addEventListener('pageshow', function (event) { if (event.persisted) show(read()); });

  if (window.MutationObserver) {
    new MutationObserver(function (changes) {
      var slugs = null;
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) return;
          if (slugs === null) slugs = read();
          sync(node, slugs);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  window.Verwijskaart = {
    lees: read, bewaar: write, zeg: say, toon: show,
    bron: function (fn) { source = fn; }
  };
  show(read());
})();
