/* The search page: live search and filters on top of the server-rendered list.
 * State lives in the query string (q, fase, rol, activiteit, doelgroep, gemeente, taal, inloop, open),
 * so reload, back/forward and shared links restore it. Result text is set as text, never as HTML.
 *
 * Speed: the search itself is in zoektermen.js. Here a result card is built once per organisation
 * (and again only when the minute changes, for the "open now" line); the first FIRST cards go
 * into the page at once and a long list follows in chunks between frames; the filter counts are
 * one pass over the results per filter. Performance marks (zoeken:klaar) and measures
 * (zoeken:render, zoeken:render-alles) are for bench/search_speed.py. */
(function () {
  'use strict';

  var form = document.getElementById('zoekformulier');
  var input = document.getElementById('q');
  var results = document.getElementById('resultaten');
  var count = document.getElementById('aantal-resultaten');
  var filters = document.getElementById('filters');
  if (!form || !input || !results || !count || !window.lunr || !window.Zoektermen || !window.Tijden) return;

  var GROUPS = ['fase', 'rol', 'activiteit', 'doelgroep', 'gemeente', 'taal'];
  var FLAGS = ['inloop', 'open'];
  var DOC_KEY = { fase: 'f', rol: 'r', activiteit: 'a', doelgroep: 'd', gemeente: 'g', taal: 't' };
  var DEBOUNCE = 120, FIRST = 50, CHUNK = 250;
  var root = form.getAttribute('data-root');
  var labels = JSON.parse(form.getAttribute('data-labels'));
  var zoeker = null, docs = [], timer = null, renderToken = 0;
  var boxes = {}, countFor = {};

  function mark(name) { if (window.performance && performance.mark) performance.mark(name); }
  function measure(name, from) {
    if (window.performance && performance.measure) performance.measure(name, from);
  }

  /* --- state <-> URL and form ------------------------------------------------------------- */

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    var s = { q: params.get('q') || '', groups: {}, flags: {} };
    GROUPS.forEach(function (g) { s.groups[g] = params.getAll(g).filter(Boolean); });
    FLAGS.forEach(function (f) { s.flags[f] = params.get(f) === '1'; });
    return s;
  }

  function toUrl(s) {
    var params = new URLSearchParams();
    if (s.q.trim()) params.set('q', s.q.trim());
    GROUPS.forEach(function (g) { s.groups[g].forEach(function (v) { params.append(g, v); }); });
    FLAGS.forEach(function (f) { if (s.flags[f]) params.set(f, '1'); });
    var query = params.toString();
    return window.location.pathname + (query ? '?' + query : '');
  }

  function readForm() {
    var s = { q: input.value, groups: {}, flags: {} };
    GROUPS.forEach(function (g) {
      s.groups[g] = (boxes[g] || []).filter(function (box) { return box.checked; })
        .map(function (box) { return box.value; });
    });
    FLAGS.forEach(function (f) { s.flags[f] = !!(boxes[f] && boxes[f][0] && boxes[f][0].checked); });
    return s;
  }

  function writeForm(s) {
    input.value = s.q;
    GROUPS.forEach(function (g) {
      (boxes[g] || []).forEach(function (box) { box.checked = s.groups[g].indexOf(box.value) !== -1; });
    });
    FLAGS.forEach(function (f) { if (boxes[f] && boxes[f][0]) boxes[f][0].checked = s.flags[f]; });
  }

  /* --- opening hours, memoised per minute (Intl formatting is slow for thousands of cards) -- */

  var minute = -1, statusCache = new Map(), openCache = new Map();

  function clock() {
    var now = new Date(), m = Math.floor(now.getTime() / 60000);
    if (m !== minute) { minute = m; statusCache.clear(); openCache.clear(); cardCache.clear(); }
    return now;
  }

  function statusOf(doc, number, now) {
    if (!doc.h) return '';
    if (!statusCache.has(number)) statusCache.set(number, window.Tijden.statusText(doc.h, now));
    return statusCache.get(number);
  }

  function openNow(doc, number, now) {
    if (!doc.h) return false;
    if (!openCache.has(number)) openCache.set(number, !!window.Tijden.openNow(doc.h, now, false));
    return openCache.get(number);
  }

  /* --- filtering ------------------------------------------------------------------------- */

  function matchesGroup(doc, group, values) {
    if (!values.length) return true;
    if (group === 'gemeente' && doc.l) return true;
    var have = doc[DOC_KEY[group]] || [];
    if (group === 'doelgroep' && have.indexOf('iedereen') !== -1) return true;
    for (var i = 0; i < values.length; i++) if (have.indexOf(values[i]) !== -1) return true;
    return false;
  }

  function matchesFlag(number, flag, now) {
    var doc = docs[number];
    if (flag === 'inloop') return !!doc.i;
    if (flag === 'open') return openNow(doc, number, now);
    return true;
  }

  /* Does a document pass every filter except `skip` (a group or flag name, or null)? */
  function passes(number, s, skip, now) {
    var doc = docs[number];
    for (var i = 0; i < GROUPS.length; i++) {
      if (GROUPS[i] !== skip && !matchesGroup(doc, GROUPS[i], s.groups[GROUPS[i]])) return false;
    }
    for (var j = 0; j < FLAGS.length; j++) {
      if (FLAGS[j] !== skip && s.flags[FLAGS[j]] && !matchesFlag(number, FLAGS[j], now)) return false;
    }
    return true;
  }

  /* Document numbers for the query in rank order (all, in default order, for a query without words). */
  function ranked(q) {
    if (!zoeker.hasWords(q)) return docs.map(function (d, number) { return number; });
    return zoeker.search(q).map(function (hit) { return hit.doc; });
  }

  /* Documents naming a chosen doelgroep come before those for everyone (stable). */
  function doelgroepFirst(list, chosen) {
    if (!chosen.length) return list;
    var named = [], everyone = [];
    list.forEach(function (number) {
      var d = docs[number].d;
      (chosen.some(function (v) { return d.indexOf(v) !== -1; }) ? named : everyone).push(number);
    });
    return named.concat(everyone);
  }

  /* The number next to each filter option: how many results ticking it would give. One pass per
   * filter over the results that pass all the other filters. */
  function updateCounts(base, s, now) {
    GROUPS.concat(FLAGS).forEach(function (group) {
      if (!boxes[group] || !boxes[group].length) return;
      var tally = {}, isFlag = FLAGS.indexOf(group) !== -1, total = 0;
      base.forEach(function (number) {
        if (!passes(number, s, group, now)) return;
        total++;
        if (isFlag) { if (matchesFlag(number, group, now)) tally['1'] = (tally['1'] || 0) + 1; return; }
        var doc = docs[number];
        if (group === 'gemeente' && doc.l) { tally['*'] = (tally['*'] || 0) + 1; return; }
        if (group === 'doelgroep' && doc.d.indexOf('iedereen') !== -1) { tally['*'] = (tally['*'] || 0) + 1; return; }
        (doc[DOC_KEY[group]] || []).forEach(function (v) { tally[v] = (tally[v] || 0) + 1; });
      });
      boxes[group].forEach(function (box) {
        var target = countFor[box.id];
        if (!target) return;
        var n = (tally[box.value] || 0) + (tally['*'] || 0);
        var text = '(' + n + ')';
        if (target.textContent !== text) target.textContent = text;
      });
    });
  }

  /* --- rendering ------------------------------------------------------------------------- */

  var cardCache = new Map();

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function detail(list, term, value) {
    var row = el('div');
    row.appendChild(el('dt', term));
    row.appendChild(el('dd', value));
    list.appendChild(row);
  }

  function card(number, now) {
    var cached = cardCache.get(number);
    if (cached) return cached;
    var doc = docs[number];
    var item = el('li');
    var article = el('article', null, 'kaartje');
    var heading = el('h2');
    var link = el('a', doc.n);
    link.href = root + 'organisaties/' + doc.u + '/';
    heading.appendChild(link);
    article.appendChild(heading);
    if (doc.m && window.Tijden.meldingCurrent(doc.m[1], now)) {
      var note = el('p', null, 'melding');
      note.appendChild(el('strong', 'Let op: '));
      note.appendChild(document.createTextNode(doc.m[0]));
      article.appendChild(note);
    }
    article.appendChild(el('p', doc.s));
    var list = el('dl', null, 'kort');
    detail(list, 'Waar', doc.p);
    detail(list, 'Fase', doc.f.map(function (k) { return labels.fase[k] || k; }).join('; '));
    if (doc.tel) detail(list, 'Telefoon', doc.tel);
    if (doc.i) detail(list, 'Inloop', 'U kunt zonder afspraak langskomen');
    var status = statusOf(doc, number, now);
    if (status) detail(list, 'Open', status);
    article.appendChild(list);
    item.appendChild(article);
    cardCache.set(number, item);
    return item;
  }

  function noResults() {
    var box = el('div', null, 'geen-resultaten');
    box.appendChild(el('p', 'We vinden niets dat past bij uw zoekvraag. Dat is jammer. Probeer een ander woord of minder filters.'));
    var help = el('p', 'U kunt ook altijd de gemeente bellen. Zij denken met u mee: ');
    var tel = document.getElementById('schuldhulp-telefoon');
    if (tel) help.appendChild(tel.cloneNode(true)).removeAttribute('id');
    box.appendChild(help);
    box.appendChild(el('p', 'Of kijk per fase:'));
    var phases = el('ul');
    Object.keys(labels.fase).forEach(function (key) {
      var li = el('li');
      var a = el('a', labels.fase[key]);
      a.href = root + 'fase/' + key + '/';
      li.appendChild(a);
      phases.appendChild(li);
    });
    box.appendChild(phases);
    return box;
  }

  function appendCards(list, numbers, from, to, now) {
    var fragment = document.createDocumentFragment();
    for (var i = from; i < to; i++) fragment.appendChild(card(numbers[i], now));
    list.appendChild(fragment);
  }

  /* The rest of a long list, a chunk per frame, unless a newer render has started. */
  function appendRest(list, numbers, from, token, now) {
    if (from >= numbers.length) {
      results.setAttribute('aria-busy', 'false');
      measure('zoeken:render-alles', 'zoeken:render-start');
      return;
    }
    window.requestAnimationFrame(function () {
      if (token !== renderToken) return;
      var to = Math.min(numbers.length, from + CHUNK);
      appendCards(list, numbers, from, to, now);
      appendRest(list, numbers, to, token, now);
    });
  }

  /* The urgent-help block (issue 4): with a gemeente filter set, only that gemeente's line(s);
   * otherwise, or when none of the chosen gemeenten has a line of its own, every line. */
  function updateUrgent(s) {
    var lines = document.querySelectorAll('.spoed li[data-gemeente]');
    if (!lines.length) return;
    var chosen = s.groups.gemeente;
    var any = Array.prototype.some.call(lines, function (li) {
      return chosen.indexOf(li.getAttribute('data-gemeente')) !== -1;
    });
    Array.prototype.forEach.call(lines, function (li) {
      li.hidden = any && chosen.indexOf(li.getAttribute('data-gemeente')) === -1;
    });
  }

  function render(s) {
    mark('zoeken:render-start');
    updateUrgent(s);
    var token = ++renderToken;
    var now = clock();
    var base = ranked(s.q);
    var shown = doelgroepFirst(base.filter(function (number) { return passes(number, s, null, now); }),
      s.groups.doelgroep);
    count.textContent = shown.length === 1 ? '1 organisatie gevonden' : shown.length + ' organisaties gevonden';
    if (shown.length) {
      var list = el('ul', null, 'kaartjes');
      appendCards(list, shown, 0, Math.min(FIRST, shown.length), now);
      results.replaceChildren(list);
      results.setAttribute('aria-busy', shown.length > FIRST ? 'true' : 'false');
    } else {
      results.replaceChildren(noResults());
      results.setAttribute('aria-busy', 'false');
    }
    updateCounts(base, s, now);
    measure('zoeken:render', 'zoeken:render-start');
    appendRest(list, shown, FIRST, token, now);
  }

  function apply(push) {
    var s = readForm();
    var url = toUrl(s);
    if (url !== window.location.pathname + window.location.search) {
      window.history[push ? 'pushState' : 'replaceState'](null, '', url);
    }
    render(s);
  }

  function start(data) {
    mark('zoeken:index-ontvangen');
    zoeker = window.Zoektermen.Zoeker(window.lunr, data);
    docs = data.docs;
    GROUPS.concat(FLAGS).forEach(function (g) {
      boxes[g] = Array.prototype.slice.call(form.querySelectorAll('input[name="' + g + '"]'));
    });
    Array.prototype.forEach.call(form.querySelectorAll('[data-aantal-voor]'), function (target) {
      countFor[target.getAttribute('data-aantal-voor')] = target;
    });
    if (filters) filters.hidden = false;
    form.classList.add('live');
    writeForm(readUrl());
    render(readForm());
    mark('zoeken:klaar');
    document.documentElement.setAttribute('data-zoeken', 'klaar');
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { apply(false); }, DEBOUNCE);
    });
    form.addEventListener('change', function (event) {
      if (event.target !== input) apply(true);
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clearTimeout(timer);
      apply(true);
    });
    window.addEventListener('popstate', function () {
      writeForm(readUrl());
      render(readForm());
    });
  }

  mark('zoeken:start');
  results.setAttribute('aria-busy', 'true');
  fetch(form.getAttribute('data-index'))
    .then(function (response) {
      if (!response.ok) throw new Error('zoekindex ' + response.status);
      return response.json();
    })
    .then(start)
    .catch(function () {
      results.setAttribute('aria-busy', 'false');
      count.textContent = 'Zoeken lukt nu niet. Hieronder staan alle organisaties.';
    });
})();
