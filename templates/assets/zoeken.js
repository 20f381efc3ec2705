/* The search page: live search and filters on top of the server-rendered list.
 * State lives in the query string (q, fase, rol, activiteit, doelgroep, gemeente, taal, inloop, open),
 * so reload, back/forward and shared links restore it. Result text is set as text, never as HTML.
 *
 * What is fetched (kaart/search.py): with data-modus="een" the whole map (zoekindex.json). With
 * data-modus="per-gemeente" (large maps) a state with a gemeente gets that gemeente's file and the
 * landelijk one, a few dozen KB; a state without one gets the whole map. The search always runs over
 * exactly the files the state needs, never over whatever else happens to be loaded: the files carry
 * the whole map's statistics (so document weights are the same in every file), but typos, prefixes
 * and compound parts are looked up among the loaded words, so the same URL must mean the same files
 * to give the same order, whatever the resident did before. Within a gemeente the order can differ
 * a little from the whole map's (tests/browser/test_search_shards.py, bench/relevance.py
 * --per-gemeente). A loaded file stays (ticking a second gemeente fetches only that one).
 *
 * Speed: the search itself is in zoektermen.js. Here a result card is built once per organisation
 * (and again only when the minute changes, for the "open now" line); the first FIRST cards go
 * into the page at once and a long list follows in chunks between frames, from rank FULL on as
 * short cards (name and summary) in lists laid out only near the screen; the filter counts are
 * one pass over the results. Performance marks (zoeken:klaar) and measures
 * (zoeken:render, zoeken:render-alles) are for bench/search_speed.py. */
(function () {
  'use strict';

  /* This script is the first deferred one: it starts fetching the search files the URL asks for as
   * soon as the page is parsed, while the other scripts run and the page is laid out, and does the
   * rest when they have run. Where the files are: data-index, data-modus, data-shards,
   * data-landelijk on its own script element; data-gemeenten lists the gemeente slugs that have a
   * file, so a slug the map does not know is never fetched (it is no filter, as on the page). */
  var script = document.currentScript;
  if (!script || !window.fetch || !window.URLSearchParams) return;
  var perGemeente = script.getAttribute('data-modus') === 'per-gemeente';
  var known = new Set((script.getAttribute('data-gemeenten') || '').split(' ').filter(Boolean));
  var GROUPS = ['fase', 'rol', 'activiteit', 'doelgroep', 'gemeente', 'taal'];
  var FLAGS = ['inloop', 'open'];
  var DOC_KEY = { fase: 'f', rol: 'r', activiteit: 'a', doelgroep: 'd', gemeente: 'g', taal: 't' };
  var DEBOUNCE = 120, FIRST = 50, CHUNK = 250, FULL = 200, GROUP = 500, SHORT_HEIGHT = 140, FRAME_MS = 8;
  var files = new Map(), pending = new Map();  // loaded search files by key ('*', 'landelijk', 'g:<slug>')

  function mark(name) { if (window.performance && performance.mark) performance.mark(name); }
  function measure(name, from) {
    if (window.performance && performance.measure) performance.measure(name, from);
  }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    var s = { q: params.get('q') || '', groups: {}, flags: {} };
    GROUPS.forEach(function (g) { s.groups[g] = params.getAll(g).filter(Boolean); });
    FLAGS.forEach(function (f) { s.flags[f] = params.get(f) === '1'; });
    return s;
  }

  /* --- which search files a state needs, and loading them ---------------------------------- */

  /* Keys of the files a state needs, from the state alone: the whole map ('*'), or, per gemeente,
   * the landelijk file and the file of each chosen gemeente the map knows (sorted, once each). */
  function needed(s) {
    var chosen = perGemeente ? s.groups.gemeente.filter(function (g, i, all) {
      return known.has(g) && all.indexOf(g) === i;
    }).sort() : [];
    if (!chosen.length) return ['*'];
    return ['landelijk'].concat(chosen.map(function (g) { return 'g:' + g; }));
  }

  function urlOf(key) {
    if (key === '*') return script.getAttribute('data-index');
    if (key === 'landelijk') return script.getAttribute('data-landelijk');
    return script.getAttribute('data-shards') + encodeURIComponent(key.slice(2)) + '.json';
  }

  function fetchFile(key) {
    if (!pending.has(key)) {
      pending.set(key, fetch(urlOf(key)).then(function (response) {
        if (!response.ok) throw new Error('zoekindex ' + response.status);
        return response.json();
      }).then(function (data) { files.set(key, data); }, function (error) {
        pending.delete(key);
        throw error;
      }));
    }
    return pending.get(key);
  }

  mark('zoeken:start');
  needed(readUrl()).forEach(function (key) { fetchFile(key).catch(function () {}); });  // a head start

  var form, input, results, count, filters, root, labels;
  var zoeker = null, zoekerKey = '', wholeMap = null, docs = [], timer = null, renderToken = 0, showToken = 0;
  var initial = [];
  var boxes = {}, countFor = {};

  /* --- state <-> URL and form ------------------------------------------------------------- */

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

  function statusOf(doc, now) {
    if (!doc.h) return '';
    if (!statusCache.has(doc.o)) statusCache.set(doc.o, window.Tijden.statusText(doc.h, now));
    return statusCache.get(doc.o);
  }

  function openNow(doc, now) {
    if (!doc.h) return false;
    if (!openCache.has(doc.o)) openCache.set(doc.o, !!window.Tijden.openNow(doc.h, now, false));
    return openCache.get(doc.o);
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
    if (flag === 'open') return openNow(doc, now);
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

  /* The number next to each filter option: how many results ticking it would give, counted over the
   * results that pass every other filter. One pass over the results: a result that fails no filter
   * counts for every filter, one that fails exactly one filter counts only for that one. */
  function updateCounts(base, s, now) {
    var names = GROUPS.concat(FLAGS).filter(function (g) { return boxes[g] && boxes[g].length; });
    var tallies = {};
    names.forEach(function (g) { tallies[g] = {}; });
    function add(tally, key) { tally[key] = (tally[key] || 0) + 1; }
    function count(group, number) {
      var tally = tallies[group], doc = docs[number];
      if (FLAGS.indexOf(group) !== -1) { if (matchesFlag(number, group, now)) add(tally, '1'); return; }
      if (group === 'gemeente' && doc.l) { add(tally, '*'); return; }
      if (group === 'doelgroep' && doc.d.indexOf('iedereen') !== -1) { add(tally, '*'); return; }
      var values = doc[DOC_KEY[group]] || [];
      for (var i = 0; i < values.length; i++) add(tally, values[i]);
    }
    base.forEach(function (number) {
      var doc = docs[number], failed = null, fails = 0, i;
      for (i = 0; i < GROUPS.length && fails < 2; i++) {
        if (!matchesGroup(doc, GROUPS[i], s.groups[GROUPS[i]])) { fails++; failed = GROUPS[i]; }
      }
      for (i = 0; i < FLAGS.length && fails < 2; i++) {
        if (s.flags[FLAGS[i]] && !matchesFlag(number, FLAGS[i], now)) { fails++; failed = FLAGS[i]; }
      }
      if (fails === 1) { if (tallies[failed]) count(failed, number); return; }
      if (fails === 0) names.forEach(function (g) { count(g, number); });
    });
    names.forEach(function (group) {
      var tally = tallies[group];
      boxes[group].forEach(function (box) {
        var target = countFor[box.id];
        if (!target) return;
        var n = (tally[box.value] || 0) + (tally['*'] || 0);
        var text = group === 'gemeente' && !inView(box.value) ? '' : '(' + n + ')';
        if (target.textContent !== text) target.textContent = text;
      });
    });
  }

  /* --- rendering ------------------------------------------------------------------------- */

  var cardCache = new Map(), shortCache = new Map();

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

  /* A card with the organisation's name as a link to its page: how both kinds of card begin. */
  function cardWithName(doc) {
    var article = el('article', null, 'kaartje');
    var heading = el('h2');
    var link = el('a', doc.n);
    link.href = root + 'organisaties/' + doc.u + '/';
    heading.appendChild(link);
    article.appendChild(heading);
    return article;
  }

  function card(number, now) {
    var doc = docs[number];
    var cached = cardCache.get(doc.o);
    if (cached) return cached;
    var item = el('li');
    var article = cardWithName(doc);
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
    var status = statusOf(doc, now);
    if (status) detail(list, 'Open', status);
    article.appendChild(list);
    item.appendChild(article);
    cardCache.set(doc.o, item);
    return item;
  }

  /* A result far down a long list (rank FULL and later, as on the whole map): name and summary.
   * A tenth of the page's work per result: thousands of full cards made every keystroke slow. */
  function shortCard(number) {
    var doc = docs[number];
    var cached = shortCache.get(doc.o);
    if (cached) return cached;
    var item = el('li');
    var article = cardWithName(doc);
    article.appendChild(el('p', doc.s));
    item.appendChild(article);
    shortCache.set(doc.o, item);
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
    for (var i = from; i < to; i++) fragment.appendChild(i < FULL ? card(numbers[i], now) : shortCard(numbers[i]));
    list.appendChild(fragment);
  }

  /* The rest of a long list, a chunk per frame, unless a newer render has started: full cards up to
   * rank FULL, then short cards in lists of GROUP that the browser lays out only when they are near
   * the screen (content-visibility), so that 20,000 results cost a few ms to add and to remove. */
  function appendRest(list, numbers, from, token, now) {
    if (from >= numbers.length) {
      results.setAttribute('aria-busy', 'false');
      measure('zoeken:render-alles', 'zoeken:render-start');
      return;
    }
    window.requestAnimationFrame(function () {
      if (token !== renderToken) return;
      var to;
      if (from < FULL) {
        to = Math.min(numbers.length, from + CHUNK, FULL);
        appendCards(list, numbers, from, to, now);
      } else {  // as many lists as fit in a few ms: they cost little until they are seen
        var started = window.performance.now();
        to = from;
        while (to < numbers.length && window.performance.now() - started < FRAME_MS) {
          var end = Math.min(numbers.length, to + GROUP), group = el('ul', null, 'kaartjes');
          group.style.contentVisibility = 'auto';
          group.style.containIntrinsicSize = 'auto ' + (end - to) * SHORT_HEIGHT + 'px';
          appendCards(group, numbers, to, end, now);
          results.appendChild(group);
          to = end;
        }
      }
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
    use(needed(s));
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

  /* --- the searcher over the files a state needs ------------------------------------------- */

  /* Search exactly the files of `keys` (loaded): a new searcher when they change. The whole map's
   * is kept (the slowest to make, and going back to it is common); a gemeente's is quick to make.
   * Throws when a file is not in the format zoektermen.js reads (an old file from a cache). */
  function use(keys) {
    var key = keys.join(' ');
    if (key === zoekerKey) return;
    var made = key === '*' && wholeMap ? wholeMap : window.Zoektermen.Zoeker(window.lunr,
      key === '*' ? files.get('*') : keys.map(function (k) { return files.get(k); }));
    if (key === '*') wholeMap = made;
    zoeker = made;
    zoekerKey = key;
    docs = made.docs;
    renderToken++;  // a long list still being appended belonged to the old documents
    if (document.documentElement.getAttribute('data-zoeken') === 'klaar') {
      setTimeout(function () { made.prepare(); }, 0);  // the token set for typos
    }
  }

  /* Are the organisations of a gemeente in the files searched now (so its count is known)? */
  function inView(slug) {
    return zoekerKey === '*' || zoekerKey.split(' ').indexOf('g:' + slug) !== -1;
  }

  /* Show a state: at once when its files are loaded, else when they are, unless the resident has
   * moved on by then (the newest state wins; a late file changes nothing on the page). */
  function show(s) {
    var token = ++showToken;
    var missing = needed(s).filter(function (key) { return !files.has(key); });
    if (!missing.length) {
      render(s);
      return Promise.resolve();
    }
    results.setAttribute('aria-busy', 'true');
    return Promise.all(missing.map(fetchFile)).then(function () {
      if (token === showToken) render(s);
    }, function (error) {
      if (token === showToken) throw error;
    });
  }

  /* Search does not work (a file did not load, or is in an old format): the page as it came from
   * the server, which works without JavaScript, with a message that says what is below. */
  function failed() {
    renderToken++;
    showToken++;
    results.replaceChildren.apply(results, initial);
    results.setAttribute('aria-busy', 'false');
    count.textContent = perGemeente
      ? 'Zoeken lukt nu niet. Kies hieronder uw gemeente: daar staan de organisaties die u helpen.'
      : 'Zoeken lukt nu niet. Hieronder staan alle organisaties.';
  }

  function apply(push) {
    var s = readForm();
    var url = toUrl(s);
    if (url !== window.location.pathname + window.location.search) {
      window.history[push ? 'pushState' : 'replaceState'](null, '', url);
    }
    show(s).catch(failed);
  }

  function listen() {
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
      show(readForm()).catch(failed);
    });
  }

  /* The rest, once the document and the deferred scripts (lunr, zoektermen, tijden) are there. */
  function main() {
    form = document.getElementById('zoekformulier');
    input = document.getElementById('q');
    results = document.getElementById('resultaten');
    count = document.getElementById('aantal-resultaten');
    filters = document.getElementById('filters');
    if (!form || !input || !results || !count || !window.lunr || !window.Zoektermen || !window.Tijden) return;
    root = form.getAttribute('data-root');
    initial = Array.prototype.slice.call(results.childNodes);  // for failed(): kept, not copied
    labels = JSON.parse(form.getAttribute('data-labels'));
    results.setAttribute('aria-busy', 'true');
    GROUPS.concat(FLAGS).forEach(function (g) {
      boxes[g] = Array.prototype.slice.call(form.querySelectorAll('input[name="' + g + '"]'));
    });
    writeForm(readUrl());
    var first = readForm();  // what the page can show: a gemeente it does not know is no filter
    Promise.all(needed(first).map(fetchFile))
      .then(function () {
        mark('zoeken:index-ontvangen');
        use(needed(first));  // before the filters show: a file in an old format fails here
        Array.prototype.forEach.call(form.querySelectorAll('[data-aantal-voor]'), function (target) {
          countFor[target.getAttribute('data-aantal-voor')] = target;
        });
        if (filters) filters.hidden = false;
        form.classList.add('live');
        render(first);
        mark('zoeken:klaar');
        document.documentElement.setAttribute('data-zoeken', 'klaar');
        listen();
        var searcher = zoeker;
        setTimeout(function () { searcher.prepare(); }, 0);  // the token set for typos, before the next keystroke
      })
      .catch(failed);
  }

  /* Start when the document is parsed and the other deferred scripts have run (tijden.js is the
   * last of them): at DOMContentLoaded, or at once if that has passed (or at load, to be sure). */
  var started = false;
  function start() {
    if (started) return;
    started = true;
    main();
  }
  if (document.readyState !== 'loading' && window.Tijden) start();
  else {
    document.addEventListener('DOMContentLoaded', start);
    window.addEventListener('load', start);
  }
})();
