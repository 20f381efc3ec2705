/* The verwijskaart page: the list being built (window.Verwijskaart, verwijskaart-knop.js: this
 * tab's sessionStorage) shown as cards to print or share. The link carries the list
 * (?lijst=slug1,slug2, in order) and the gemeente chosen (&gemeente=slug): a shared link opens the
 * same card on another phone. Organisations are added by searching with the site's own search
 * (zoektermen.js over the same files as /zoeken/); the add buttons are "Op de verwijskaart"
 * buttons, so one handler (verwijskaart-knop.js) adds from every page. Nothing is sent: sharing
 * opens the visitor's own app. */
(function () {
  'use strict';

  var script = document.currentScript;
  var section = document.getElementById('verwijskaart');
  var list = document.getElementById('kaart-lijst');
  var form = document.getElementById('kaart-toevoegen');
  var input = document.getElementById('kaart-q');
  var found = document.getElementById('kaart-zoekresultaten');
  var foundCount = document.getElementById('kaart-zoek-aantal');
  var status = document.getElementById('kaart-status');
  var actions = document.getElementById('kaart-acties');
  var choice = document.getElementById('kaart-gemeente');
  var urgent = document.getElementById('kaart-spoed');
  var qrBox = document.getElementById('kaart-qr');
  var qrButton = document.getElementById('kaart-qr-knop');
  var qrUrl = '';  // the link the QR code shown was made for
  if (!section || !list || !form || !qrBox || !qrButton || !window.URLSearchParams) return;
  var store = window.Verwijskaart;
  var root = section.getAttribute('data-root');
  var spoed = JSON.parse(section.getAttribute('data-spoed') || '{}');
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var SHOWN = 8, DEBOUNCE = 150;
  /* slug -> card; a Map, because a slug from the link such as 'constructor' would find a
   * property of every plain object's prototype. */
  var cards = new Map();
  var slugs = [];
  var gemeente = '';
  var entry = 'replace';  // how the next change of the list enters the browser's history

  function known(list) {
    var seen = new Set();
    return list.filter(function (s) {
      if (!SLUG.test(s) || !cards.has(s) || seen.has(s)) return false;
      seen.add(s);
      return true;
    });
  }

  /* The list and gemeente of the link, or null when the link names no list. */
  function fromUrl() {
    var params = new URLSearchParams(window.location.search);
    var g = params.get('gemeente') || '';
    gemeente = SLUG.test(g) && Object.prototype.hasOwnProperty.call(spoed, g) ? g : '';
    if (!params.has('lijst') && !params.has('toevoegen')) return null;
    var wanted = (params.get('lijst') || '').split(',');
    if (params.get('toevoegen')) wanted.push(params.get('toevoegen'));
    return known(wanted);
  }

  function link() {
    var parts = [];
    if (slugs.length) parts.push('lijst=' + slugs.join(','));
    if (gemeente) parts.push('gemeente=' + gemeente);
    return window.location.pathname + (parts.length ? '?' + parts.join('&') : '');
  }

  /* Every change of the list goes through the store, so the header count and the buttons follow. */
  function change(next, how) {
    entry = how;
    if (store) store.bewaar(next);
    else show(next);
  }

  function show(next) {
    slugs = known(next);
    var url = link();
    if (url !== window.location.pathname + window.location.search) {
      window.history[entry === 'push' ? 'pushState' : 'replaceState'](null, '', url);
    }
    entry = 'push';
    render();
    if (store) store.toon(slugs);  // the header count and the buttons follow the card shown
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function line(parent, label, value, href) {
    if (!value) return;
    var p = el('p');
    p.appendChild(el('strong', label + ': '));
    if (href) {
      var a = el('a', value);
      a.href = href;
      p.appendChild(a);
    } else {
      p.appendChild(document.createTextNode(value));
    }
    parent.appendChild(p);
  }

  function cardItem(slug) {
    var data = cards.get(slug);
    var item = el('li', null, 'kaart');
    var heading = el('h3');
    var a = el('a', data.n);
    a.href = root + 'organisaties/' + slug + '/';
    heading.appendChild(a);
    item.appendChild(heading);
    item.appendChild(el('p', data.s));
    line(item, 'Bel', data.tel, data.th);
    line(item, 'Inloop', data.inloop.join('; '));
    line(item, 'Adres', data.adres.join('; '));
    line(item, 'Neem mee', data.mee.join(', '));
    var remove = el('button', 'Haal ' + data.n + ' van de kaart', 'weghalen niet-printen');
    remove.type = 'button';
    remove.addEventListener('click', function () {
      change(slugs.filter(function (s) { return s !== slug; }), 'push');
      status.textContent = data.n + ' staat niet meer op de kaart.';
    });
    item.appendChild(remove);
    return item;
  }

  /* The gemeente whose urgent number the card gives: the one chosen, else the only gemeente its
   * local organisations serve; '' (the settings' number) for several gemeenten or only landelijke. */
  function urgentGemeente() {
    if (gemeente) return gemeente;
    var served = new Set();
    slugs.forEach(function (slug) {
      (cards.get(slug).g || []).forEach(function (g) { served.add(g); });
    });
    var only = served.size === 1 ? Array.from(served)[0] : '';
    return Object.prototype.hasOwnProperty.call(spoed, only) ? only : '';
  }

  function showUrgent() {
    var number = spoed[urgentGemeente()] || spoed[''];
    if (!urgent || !number) return;
    var a = el('a', number.tel);
    a.href = number.th;
    urgent.replaceChildren(document.createTextNode(number.naam ? 'Spoed in ' + number.naam + '? Bel ' : 'Spoed? Bel '),
      a, document.createTextNode('.'));
  }

  function shareLinks() {
    var url = window.location.href;
    var text = 'Hier kunt u terecht met geldzorgen: ' + url;
    document.getElementById('deel-whatsapp').href = 'https://wa.me/?text=' + encodeURIComponent(text);
    document.getElementById('deel-sms').href = 'sms:?&body=' + encodeURIComponent(text);
    document.getElementById('deel-mail').href = 'mailto:?subject=' + encodeURIComponent('Verwijskaart geldzorgen') +
      '&body=' + encodeURIComponent(text);
    if (!qrBox.hidden) drawQr();
  }

  /* The QR code of the card's link, made only when it is shown or printed: making it is one long
   * task (bench/README.md), too long for every page load. An inline SVG is laid out at once, so it
   * is on the paper even when made in 'beforeprint'. */
  function drawQr() {
    var url = window.location.href;
    if (qrUrl === url || !window.qrcode) return;
    var qr = window.qrcode(0, 'M');
    qr.addData(url);
    qr.make();
    qrBox.replaceChildren(qrSvg(qr));
    qrUrl = url;
  }

  /* The modules as one SVG path, a run of dark modules per rectangle, with a quiet zone of two.
   * (The library's createSvgTag writes attributes SVG has not got, cx and cy on a rect, and a
   * fixed id.) */
  function qrSvg(qr) {
    var NS = 'http://www.w3.org/2000/svg', QUIET = 2, n = qr.getModuleCount(), d = '';
    for (var r = 0; r < n; r++) {
      for (var c = 0; c < n; c++) {
        if (!qr.isDark(r, c)) continue;
        var start = c;
        while (c + 1 < n && qr.isDark(r, c + 1)) c++;
        d += 'M' + (start + QUIET) + ' ' + (r + QUIET) + 'h' + (c + 1 - start) + 'v1h-' + (c + 1 - start) + 'z';
      }
    }
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + (n + 2 * QUIET) + ' ' + (n + 2 * QUIET));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'QR-code: scan deze code om de kaart op uw telefoon te openen');
    var path = document.createElementNS(NS, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
    return svg;
  }

  function toggleQr() {
    if (qrBox.hidden) drawQr();
    qrBox.hidden = !qrBox.hidden;
    qrButton.textContent = qrBox.hidden ? 'Toon QR-code' : 'Verberg QR-code';
  }

  function render() {
    list.replaceChildren.apply(list, slugs.map(cardItem));
    section.hidden = slugs.length === 0;
    actions.hidden = slugs.length === 0;
    document.getElementById('kaart-gedeeld').hidden = slugs.length === 0;
    if (!slugs.length) status.textContent = 'Er staat nog niets op de kaart. Zoek hierboven een organisatie.';
    else status.textContent = slugs.length === 1 ? '1 organisatie op de kaart.' : slugs.length + ' organisaties op de kaart.';
    if (choice) choice.value = gemeente;
    showUrgent();
    shareLinks();
  }

  /* --- adding by searching: the site's own search files and ranking (zoektermen.js) -------- */

  var files = new Map(), zoeker = null, zoekerKey = '', timer = 0, searchToken = 0;

  /* The files a search needs: the gemeente's and the landelijk one where the map has a file per
   * gemeente and one is chosen, else the whole map (as zoeken.js). */
  function needed() {
    if (script && script.getAttribute('data-modus') === 'per-gemeente' && gemeente) {
      return ['landelijk', 'g:' + gemeente];
    }
    return ['*'];
  }

  function urlOf(key) {
    if (key === '*') return script.getAttribute('data-index');
    if (key === 'landelijk') return script.getAttribute('data-landelijk');
    return script.getAttribute('data-shards') + encodeURIComponent(key.slice(2)) + '.json';
  }

  function load(keys) {
    return Promise.all(keys.map(function (key) {
      if (!files.has(key)) {
        files.set(key, fetch(urlOf(key)).then(function (response) {
          if (!response.ok) throw new Error('zoekindex ' + response.status);
          return response.json();
        }).catch(function (error) { files.delete(key); throw error; }));
      }
      return files.get(key);
    })).then(function (data) {
      var key = keys.join(' ');
      if (key !== zoekerKey) {
        zoeker = window.Zoektermen.Zoeker(window.lunr, keys.length === 1 ? data[0] : data);
        zoekerKey = key;
      }
      return zoeker;
    });
  }

  function resultItem(doc) {
    var item = el('li');
    var text = el('span', null, 'kaart-zoek-tekst');
    text.appendChild(el('strong', doc.n));
    text.appendChild(el('span', doc.p, 'kaart-zoek-plaats'));
    item.appendChild(text);
    var button = el('button', 'Toevoegen', 'op-kaart');
    button.type = 'button';
    button.setAttribute('data-verwijskaart', doc.u);
    button.setAttribute('aria-pressed', slugs.indexOf(doc.u) === -1 ? 'false' : 'true');
    button.setAttribute('aria-label', 'Toevoegen: ' + doc.n);
    item.appendChild(button);
    return item;
  }

  function search() {
    var text = input.value.trim();
    var token = ++searchToken;
    if (!text) {
      found.replaceChildren();
      foundCount.textContent = '';
      return;
    }
    load(needed()).then(function (z) {
      if (token !== searchToken) return;
      var hits = z.search(text).map(function (hit) { return z.docs[hit.doc]; }).filter(function (doc) {
        return !gemeente || doc.l || (doc.g || []).indexOf(gemeente) !== -1;
      });
      found.replaceChildren.apply(found, hits.slice(0, SHOWN).map(resultItem));
      foundCount.textContent = !hits.length ? 'Geen organisatie gevonden. Probeer een ander woord.'
        : hits.length === 1 ? '1 organisatie gevonden.'
          : hits.length + ' organisaties gevonden' + (hits.length > SHOWN ? ', de beste ' + SHOWN + ' staan hieronder.' : '.');
    }).catch(function () {
      if (token === searchToken) foundCount.textContent = 'Zoeken lukt nu niet. Probeer het later opnieuw.';
    });
  }

  function start(data) {
    cards = new Map(Object.keys(data).map(function (slug) { return [slug, data[slug]]; }));
    var wanted = fromUrl();
    /* A link with a list opens that card (it becomes the list being built when the visitor
     * changes it); without one, the list built while browsing. */
    if (wanted === null) wanted = store ? known(store.lees()) : [];
    document.addEventListener('verwijskaart:lijst', function (event) { show(event.detail); });
    if (store) store.bron(function () { return slugs.slice(); });
    form.hidden = false;
    if (choice) {
      choice.parentNode.hidden = false;
      choice.addEventListener('change', function () {
        gemeente = choice.value;
        entry = 'replace';
        show(slugs);
        if (input.value.trim()) search();
      });
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      search();
    });
    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DEBOUNCE);
    });
    /* Added from the results: the card below is what matters now, and the field is ready for the
     * next one (verwijskaart-knop.js has added it and says so). */
    found.addEventListener('click', function (event) {
      var button = event.target.closest('button[data-verwijskaart]');
      if (!button || button.getAttribute('aria-pressed') === 'true') return;
      var byKeyboard = event.detail === 0;  // a tap must not open the phone's keyboard over the card
      window.setTimeout(function () {
        input.value = '';
        searchToken++;
        found.replaceChildren();
        foundCount.textContent = '';
        if (byKeyboard) input.focus();
      }, 0);
    });
    input.addEventListener('focus', function () { if (window.Zoektermen && window.lunr) load(needed()).catch(function () {}); });
    qrButton.addEventListener('click', toggleQr);
    document.getElementById('kaart-print').addEventListener('click', function () {
      drawQr();
      window.print();
    });
    /* Printed another way (the browser's menu, Ctrl+P): 'beforeprint', and the print media query
     * for browsers that lack that event. */
    window.addEventListener('beforeprint', drawQr);
    if (window.matchMedia) {
      var printing = window.matchMedia('print');
      var onPrint = function (query) { if (query.matches) drawQr(); };
      if (printing.addEventListener) printing.addEventListener('change', onPrint);
      else if (printing.addListener) printing.addListener(onPrint);
    }
    document.getElementById('kaart-wissen').addEventListener('click', function () {
      change([], 'push');
      status.textContent = 'De lijst is gewist. Er staat niets meer op de kaart.';
      input.focus();
    });
    window.addEventListener('popstate', function () {
      var back = fromUrl();
      change(back === null ? (store ? known(store.lees()) : []) : back, 'none');
    });
    entry = 'replace';
    show(wanted);  // opening a card stores nothing; a change does (the whole card shown)
    document.documentElement.setAttribute('data-verwijskaart', 'klaar');
  }

  fetch(section.getAttribute('data-kaarten'))
    .then(function (response) { return response.json(); })
    .then(start)
    .catch(function () { status.textContent = 'De verwijskaart kan nu niet laden. Probeer het later opnieuw.'; });
})();
