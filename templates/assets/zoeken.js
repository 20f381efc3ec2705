/* The search page: live search and filters on top of the server-rendered list.
 * State lives in the query string (q, fase, rol, activiteit, doelgroep, gemeente, taal, inloop, open,
 * meer), so reload, back/forward and shared links restore it. Result text is set as text, never as HTML.
 *
 * What is fetched (kaart/search_files.py): with data-modus="een" the whole map (zoekindex.json). With
 * data-modus="per-gemeente" (large maps) a state with a gemeente gets that gemeente's file and the
 * landelijk one, a few dozen KB; a state without one gets only the landelijk file, and the page asks
 * for the gemeente (a resident on a phone need not download megabytes to find help in their town):
 * the whole map only when asked for (overal=1, "Zoek in alle gemeenten"). A gemeente the resident
 * chose before in this tab (gemeente.js keeps it in sessionStorage) counts as chosen when the URL
 * names none and does not ask for all: it is put in the URL, and the page says so. The search always runs over
 * exactly the files the state needs, never over whatever else happens to be loaded: the files carry
 * the whole map's statistics (so document weights are the same in every file), but typos, prefixes
 * and compound parts are looked up among the loaded words, so the same URL must mean the same files
 * to give the same order, whatever the resident did before. A loaded file stays (ticking a second
 * gemeente fetches only that one).
 *
 * What a resident sees first: the best TOP results, then "Toon meer" (meer=1 shows them all).
 * Results that match only common words of the query ("hulp" in "hulp bij brieven") come after the
 * ones that match a specific word; a query with an urgent word (SPOEDWOORDEN in kaart/search_terms.py)
 * puts the gemeente's own debt help first. A result card is the one of templates/macros.html,
 * cloned from its <template> and filled in; it is made once per organisation (and again only when
 * the minute changes, for the walk-in line). A long list (meer=1) goes into the page in chunks
 * between frames, from rank FULL on as short cards (name and summary) in lists laid out only near
 * the screen. Performance marks (zoeken:klaar) and measures (zoeken:render, zoeken:render-alles)
 * are for bench/search_speed.py.
 *
 * The filter rule (which organisations a state's filters keep) is filters.js's, shared with the
 * referral list; it runs before this script. */
(function () {
  'use strict';

  var rule = window.Filters;
  if (!rule) return;
  var GROUPS = rule.GROUPS, matchesGroup = rule.matchesGroup;
  var FLAGS = ['inloop', 'open'];

  /* This script is the first deferred one after filters.js: it starts fetching the search files the
   * URL asks for as soon as the page is parsed, while the other scripts run and the page is laid
   * out, and does the rest when they have run. Where the files are: data-index, data-modus,
   * data-shards, data-landelijk on its own script element; data-gemeenten lists the gemeente slugs
   * that have a file, so a slug the map does not know is never fetched (it is no filter, as on the
   * page). */
  var script = document.currentScript;
  if (!script || !window.fetch || !window.URLSearchParams) return;
  var perGemeente = script.getAttribute('data-modus') === 'per-gemeente';
  var known = new Set((script.getAttribute('data-gemeenten') || '').split(' ').filter(Boolean));
  var REMEMBERED = 'kaart-gemeente';  // gemeente.js's sessionStorage key (it writes, this script only reads)
  var DEBOUNCE = 120, TOP = 10, FIRST = 50, CHUNK = 250, FULL = 200, GROUP = 500, SHORT_HEIGHT = 140, FRAME_MS = 8;
  var files = new Map(), pending = new Map();  // loaded search files by key ('*', 'landelijk', 'g:<slug>')

  function mark(name) { if (window.performance && performance.mark) performance.mark(name); }
  function measure(name, from) {
    if (window.performance && performance.measure) performance.measure(name, from);
  }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    var s = { q: params.get('q') || '', groups: {}, flags: {}, meer: params.get('meer') === '1',
      overal: params.get('overal') === '1' };
    GROUPS.forEach(function (g) { s.groups[g] = params.getAll(g).filter(Boolean); });
    FLAGS.forEach(function (f) { s.flags[f] = params.get(f) === '1'; });
    return s;
  }

  /* --- which search files a state needs, and loading them ---------------------------------- */

  /* The chosen gemeenten that have a file (sorted, once each); none on a map of one file. */
  function chosenIn(s) {
    return perGemeente ? s.groups.gemeente.filter(function (g, i, all) {
      return known.has(g) && all.indexOf(g) === i;
    }).sort() : [];
  }

  /* What a state searches: 'een' (the map's one file), 'gemeente' (chosen ones and the landelijke),
   * 'landelijk' (no gemeente chosen: only the landelijke) or 'overal' (all gemeenten, asked for). */
  function scopeOf(s) {
    if (!perGemeente) return 'een';
    if (chosenIn(s).length) return 'gemeente';
    return s.overal ? 'overal' : 'landelijk';
  }

  /* Keys of the files a state needs, from the state alone: the whole map ('*'); or, per gemeente,
   * the landelijk file and the file of each chosen gemeente, or the landelijk file alone. */
  function needed(s) {
    var scope = scopeOf(s);
    if (scope === 'een' || scope === 'overal') return ['*'];
    return ['landelijk'].concat(chosenIn(s).map(function (g) { return 'g:' + g; }));
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

  /* The gemeente remembered in this tab, if the URL names none the map knows and does not ask for all. */
  var fromMemory = '';
  (function () {
    var s = readUrl();
    if (!perGemeente || s.overal || chosenIn(s).length) return;
    var slug;
    try { slug = window.sessionStorage.getItem(REMEMBERED) || ''; } catch { return; }  // storage refused
    if (!known.has(slug)) return;
    s.groups.gemeente = s.groups.gemeente.concat([slug]);
    window.history.replaceState(null, '', toUrl(s));
    fromMemory = slug;
  })();

  mark('zoeken:start');
  needed(readUrl()).forEach(function (key) { fetchFile(key).catch(function () {}); });  // a head start

  var form, filterForm, input, results, count, filters, root, labels, sjabloon, heading, more, activeCount;
  var gemeenteKeuze = null;  // the gemeente choice beside the search field (null on a map of one gemeente)
  var ask = null, askText = null, overalLink = null;  // with a file per gemeente: the line below that choice
  var urgent = null, urgentHome = null, spoed = new Set(), spoedzinnen = null, siteTitle = '';
  var zoeker = null, zoekerKey = '', wholeMap = null, docs = [], timer = null, renderToken = 0, showToken = 0;
  var initial = [];
  var boxes = {}, countFor = {};

  /* --- state <-> URL and form ------------------------------------------------------------- */

  function toUrl(s) {
    var params = new URLSearchParams();
    if (s.q.trim()) params.set('q', s.q.trim());
    GROUPS.forEach(function (g) { s.groups[g].forEach(function (v) { params.append(g, v); }); });
    FLAGS.forEach(function (f) { if (s.flags[f]) params.set(f, '1'); });
    if (scopeOf(s) === 'overal') params.set('overal', '1');
    if (s.meer) params.set('meer', '1');
    var query = params.toString();
    return window.location.pathname + (query ? '?' + query : '');
  }

  /* The state the form shows; `meer` (all results) and `overal` (all gemeenten, while none is chosen)
   * are kept from the URL, as the form has no field for them. */
  function readForm() {
    var url = readUrl();
    var s = { q: input.value, groups: {}, flags: {}, meer: url.meer, overal: url.overal };
    GROUPS.forEach(function (g) {
      s.groups[g] = (boxes[g] || []).filter(function (box) { return box.checked; })
        .map(function (box) { return box.value; });
    });
    FLAGS.forEach(function (f) { s.flags[f] = !!(boxes[f] && boxes[f][0] && boxes[f][0].checked); });
    if (chosenIn(s).length) s.overal = false;
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

  function openNow(doc, now) {
    if (!doc.h) return false;
    if (!openCache.has(doc.o)) openCache.set(doc.o, !!window.Tijden.openNow(doc.h, now, false));
    return openCache.get(doc.o);
  }

  /* --- filtering ------------------------------------------------------------------------- */

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
      if (group === 'doelgroep' && rule.forEveryone(doc)) { add(tally, '*'); return; }
      var values = doc[rule.DOC_KEY[group]] || [];
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

  /* A copy of the card of templates/macros.html with its name and link filled in. */
  function blankCard(doc) {
    var article = sjabloon.content.firstElementChild.cloneNode(true);
    var link = article.querySelector('[data-veld="naam"]');
    link.textContent = doc.n;
    link.href = root + 'organisaties/' + doc.u + '/';
    var knop = article.querySelector('[data-verwijskaart]');  /* assets/verwijskaart-knop.js handles it */
    if (knop) {
      knop.setAttribute('data-verwijskaart', doc.u);
      knop.setAttribute('aria-label', 'Op de verwijskaart: ' + doc.n);
    }
    return article;
  }

  function fill(article, name, text) {
    var node = article.querySelector('[data-veld="' + name + '"]');
    if (node) node.textContent = text;
    return node;
  }

  function drop(article, part) {
    var node = article.querySelector('[data-deel="' + part + '"]');
    if (node) node.remove();
  }

  /* The walk-in line: open now, or the next walk-in hour, with its place. Without hours: ''. */
  function walkIn(doc, now) {
    if (!doc.h) return '';
    if (!statusCache.has(doc.o)) {
      var text = window.Tijden.statusText(doc.h, now);
      var hour = window.Tijden.openNow(doc.h, now, false) || window.Tijden.nextInloop(doc.h, now);
      var place = hour && doc.lo && doc.lo[hour[4]];
      if (text && place) text += ' in ' + place[0] + ', ' + place[1];
      statusCache.set(doc.o, text);
    }
    return statusCache.get(doc.o);
  }

  /* The place of the route link: where the next walk-in is, else the first place. */
  function routePlace(doc, now) {
    if (!doc.lo || !doc.lo.length) return null;
    var hour = doc.h && (window.Tijden.openNow(doc.h, now, false) || window.Tijden.nextInloop(doc.h, now));
    return doc.lo[hour ? hour[4] : 0] || doc.lo[0];
  }

  function card(number, now) {
    var doc = docs[number];
    var cached = cardCache.get(doc.o);
    if (cached) return cached;
    var item = el('li');
    var article = blankCard(doc);
    if (doc.m && window.Tijden.meldingCurrent(doc.m[1], now)) fill(article, 'melding', doc.m[0]);
    else drop(article, 'melding');
    fill(article, 'samenvatting', doc.s);
    if (!doc.k) drop(article, 'gratis');
    fill(article, 'plaats', doc.p);
    var status = walkIn(doc, now);
    if (status) fill(article, 'inloop', status); else drop(article, 'inloop');
    if (doc.tel && doc.th) {
      fill(article, 'tel', 'Bel ' + doc.tel).href = doc.th;
    } else drop(article, 'bel');
    var place = routePlace(doc, now);
    if (place) {
      var route = fill(article, 'route', ' naar ' + place[0]).parentNode;
      route.href = route.href.replace(encodeURIComponent('{adres}'), encodeURIComponent(place[3] || place[1] + ', ' + place[2]));
    } else drop(article, 'route');
    if (!doc.th && !place) drop(article, 'acties');
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
    var article = blankCard(doc);
    fill(article, 'samenvatting', doc.s);
    ['melding', 'acties'].forEach(function (part) { drop(article, part); });
    var facts = article.querySelector('.feiten');
    if (facts) facts.remove();
    item.appendChild(article);
    shortCache.set(doc.o, item);
    return item;
  }

  function noResults(s) {
    var box = el('div', null, 'geen-resultaten');
    box.appendChild(el('p', scopeOf(s) === 'landelijk'
      ? 'Bij de hulp voor heel Nederland vinden we niets dat past. Kies hierboven uw gemeente, of zoek in alle gemeenten.'
      : 'We vinden niets dat past bij uw zoekvraag. Dat is jammer. Probeer een ander woord of minder filters.'));
    var help = el('p', 'U kunt ook altijd de gemeente bellen. Zij denken met u mee: ');
    var tel = document.getElementById('schuldhulp-telefoon');
    if (tel) help.appendChild(tel.cloneNode(true)).removeAttribute('id');
    box.appendChild(help);
    box.appendChild(el('p', 'Of kijk waar u nu staat:'));
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

  /* Where the cards of a shown list go: the good matches in one list, then (after a line that says
   * so) the others in a second one; from rank FULL on, lists of GROUP made by appendRest. */
  function Lists(good) {
    this.good = good;
    this.first = el('ul', null, 'kaartjes');
    this.second = null;
  }
  Lists.prototype.forRank = function (i) {
    if (i < this.good || !this.good || this.good >= FULL) return this.first;
    if (!this.second) {
      results.appendChild(el('p', 'Deze passen minder goed bij uw vraag:', 'minder-goed'));
      this.second = results.appendChild(el('ul', null, 'kaartjes'));
    }
    return this.second;
  };

  function appendCards(lists, numbers, from, to, now) {
    for (var i = from; i < to; i++) {
      lists.forRank(i).appendChild(i < FULL ? card(numbers[i], now) : shortCard(numbers[i]));
    }
  }

  /* The rest of a long list, a chunk per frame, unless a newer render has started: full cards up to
   * rank FULL, then short cards in lists of GROUP that the browser lays out only when they are near
   * the screen (content-visibility), so that 20,000 results cost a few ms to add and to remove. */
  function appendRest(lists, numbers, from, token, now) {
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
        appendCards(lists, numbers, from, to, now);
      } else {  // as many lists as fit in a few ms: they cost little until they are seen
        var started = window.performance.now();
        to = from;
        while (to < numbers.length && window.performance.now() - started < FRAME_MS) {
          var end = Math.min(numbers.length, to + GROUP), group = el('ul', null, 'kaartjes');
          group.style.contentVisibility = 'auto';
          group.style.containIntrinsicSize = 'auto ' + (end - to) * SHORT_HEIGHT + 'px';
          var fragment = document.createDocumentFragment();
          for (var i = to; i < end; i++) fragment.appendChild(shortCard(numbers[i]));
          group.appendChild(fragment);
          results.appendChild(group);
          to = end;
        }
      }
      appendRest(lists, numbers, to, token, now);
    });
  }

  /* The urgent-help block (issue 4): with a gemeente filter set, only that gemeente's line(s);
   * otherwise, or when none of the chosen gemeenten has a line of its own, every line. A query with
   * an urgent word and no gemeente chosen brings the block up, above the results. */
  function updateUrgent(s, isUrgent) {
    var lines = document.querySelectorAll('.spoed li[data-gemeente]');
    var chosen = s.groups.gemeente;
    var any = Array.prototype.some.call(lines, function (li) {
      return chosen.indexOf(li.getAttribute('data-gemeente')) !== -1;
    });
    Array.prototype.forEach.call(lines, function (li) {
      li.hidden = any && chosen.indexOf(li.getAttribute('data-gemeente')) === -1;
    });
    if (!urgent) return;
    var up = isUrgent && !ownDebtHelp(s).length;
    urgent.classList.toggle('spoed-boven', up);  // short above the results: the heading and the numbers
    if (up && urgent.nextElementSibling !== count) count.parentNode.insertBefore(urgent, count);
    if (!up && urgent.parentNode !== urgentHome.parent) urgentHome.parent.insertBefore(urgent, urgentHome.next);
  }

  /* Does the query say something urgent (a cut-off, an eviction, a bailiff, seizure)? Its words or
   * a phrase of several ("we moeten ons huis uit"), a verb form, a synonym or a part of a compound
   * ("gasafsluiting") against the index's lists. */
  function isUrgent(q) {
    if (!spoed.size || !zoeker.hasWords(q)) return false;
    if (window.Zoektermen.urgentText(q, spoed, spoedzinnen, zoeker.stem)) return true;
    return zoeker.analyse(q).some(function (word) {
      return spoed.has(word.stem) || word.variants.some(function (v) {
        return v.kind !== 'typo' && v.kind !== 'prefix' && v.terms.some(function (t) { return spoed.has(t); });
      });
    });
  }

  /* The municipality's own debt help for the gemeente(n) chosen, or for the map's only gemeente. */
  function ownDebtHelp(s) {
    var only = (boxes.gemeente || []).length === 1 ? [boxes.gemeente[0].value] : [];
    var chosen = s.groups.gemeente.length ? s.groups.gemeente : only;
    if (!chosen.length) return [];
    var own = [];
    docs.forEach(function (doc, number) {
      if (doc.gm && doc.g.some(function (g) { return chosen.indexOf(g) !== -1; })) own.push(number);
    });
    return own;
  }

  /* A word is common when more than half of the map has it (idf below log 2, BM25's idf at n/2);
   * a result matches well when its score for the query's other words is at least WELL times the best
   * shown result's: not one that matches only "hulp", or only a synonym in passing. */
  var COMMON_IDF = Math.log(2), WELL = 0.1;

  /* The results in the order shown, how many of them match well, and whether those come first as
   * one block (`apart`): the good ones first, then the others, each in rank order. An urgent query
   * puts the gemeente's own debt help before everything. With a doelgroep chosen, the ones that name
   * it come before the ones for iedereen above all (the contract), so the good ones are then no block. */
  function ordered(s, now) {
    var base = ranked(s.q);
    var list = base.filter(function (number) { return passes(number, s, null, now); }), good = list.length;
    if (zoeker.hasWords(s.q) && list.length) {
      var analysed = zoeker.analyse(s.q).filter(function (w) { return w.variants.length; });
      var specific = analysed.filter(function (w) { return w.idf >= COMMON_IDF; });
      var asked = specific.length ? specific : analysed;
      var scores = new Map();
      zoeker.search(asked.map(function (w) { return w.word; }).join(' ')).forEach(function (hit) {
        scores.set(hit.doc, hit.score);
      });
      var best = 0;
      list.forEach(function (number) { best = Math.max(best, scores.get(number) || 0); });
      var well = function (number) { return best > 0 && (scores.get(number) || 0) >= WELL * best; };
      var first = list.filter(well);
      list = first.concat(list.filter(function (number) { return !well(number); }));
      good = first.length;
    }
    var urgentQuery = zoeker.hasWords(s.q) && isUrgent(s.q);
    if (urgentQuery) {
      var own = ownDebtHelp(s).filter(function (number) { return passes(number, s, null, now); });
      if (own.length) {
        var notOwn = function (number) { return own.indexOf(number) === -1; };
        good = own.length + list.slice(0, good).filter(notOwn).length;
        list = own.concat(list.filter(notOwn));
      }
    }
    var sorted = doelgroepFirst(list, s.groups.doelgroep);
    var apart = sorted.every(function (number, i) { return number === list[i]; });
    return { base: base, list: sorted, good: good, apart: apart, urgent: urgentQuery };
  }

  /* The count, and with a file per gemeente where it searched: only the landelijke, or all gemeenten. */
  function countText(s, total, good) {
    var n = total === 1 ? '1 organisatie' : total + ' organisaties';
    var scope = scopeOf(s), found = zoeker.hasWords(s.q) ? ' gevonden' : '';
    var where = scope === 'landelijk' ? (total === 1 ? ' die in heel Nederland helpt' : ' die in heel Nederland helpen')
      : scope === 'overal' ? ' in alle gemeenten' : '';
    if (!found || !total || good >= total || !good) return n + found + where;
    return n + found + where + ': ' + good + (good === 1 ? ' past goed, ' : ' passen goed, ') + (total - good) + ' andere';
  }

  /* The heading says what was asked: "Hulp bij: huur, in Wierdam"; the page title follows. */
  function updateHeading(s) {
    var asked = s.q.trim();
    var picked = [];
    GROUPS.concat(FLAGS).forEach(function (g) {
      if (g === 'gemeente') return;
      (boxes[g] || []).forEach(function (box) { if (box.checked) picked.push(labelOf(box)); });
    });
    var places = (boxes.gemeente || []).filter(function (box) { return box.checked; }).map(labelOf);
    var what = [asked].concat(picked).filter(Boolean).join(', ');
    var where = places.length ? places.join(' of ') : scopeOf(s) === 'overal' ? 'alle gemeenten' : '';
    var text = what ? 'Hulp bij: ' + what + (where ? ', in ' + where : '')
      : where ? 'Hulp in ' + where : heading.getAttribute('data-kop');
    if (heading.textContent !== text) heading.textContent = text;
    document.title = text + siteTitle;
  }

  function labelOf(box) {
    var label = filterForm.querySelector('label[for="' + box.id + '"]');
    return label ? label.firstChild.textContent.trim() : box.value;
  }

  /* How many filters are ticked, on the control that folds them. */
  function updateActive() {
    var n = 0;
    GROUPS.concat(FLAGS).forEach(function (g) { (boxes[g] || []).forEach(function (box) { if (box.checked) n++; }); });
    activeCount.textContent = n ? '(' + n + ' gekozen)' : '';
  }

  function render(s) {
    mark('zoeken:render-start');
    use(needed(s));
    var token = ++renderToken;
    var now = clock();
    var shown = ordered(s, now);
    updateUrgent(s, shown.urgent);
    updateHeading(s);
    updateAsk(s);
    updateActive();
    var list = shown.list;
    count.textContent = countText(s, list.length, shown.good);
    var limit = s.meer ? list.length : Math.min(TOP, list.length);
    var lists = new Lists(shown.apart ? shown.good : 0);
    results.replaceChildren(lists.first);
    if (list.length) {
      appendCards(lists, list, 0, Math.min(FIRST, limit), now);
      results.setAttribute('aria-busy', limit > FIRST ? 'true' : 'false');
    } else {
      results.replaceChildren(noResults(s));
      results.setAttribute('aria-busy', 'false');
    }
    updateMore(s, list.length, limit);
    updateCounts(shown.base, s, now);
    measure('zoeken:render', 'zoeken:render-start');
    appendRest(lists, list.slice(0, limit), Math.min(FIRST, limit), token, now);
  }

  /* With a file per gemeente, the line below the gemeente choice: without a gemeente it asks for one
   * (and the choice stands out); with one from this tab's memory it says so; "Zoek in alle gemeenten"
   * unless that is what is searched. The empty option says what it means in this state. */
  function updateAsk(s) {
    if (!ask) return;
    var scope = scopeOf(s), chosen = chosenIn(s);
    if (fromMemory && (chosen.length !== 1 || chosen[0] !== fromMemory)) fromMemory = '';
    var text = scope === 'landelijk' ? 'Kies uw gemeente. Dan ziet u de hulp bij u in de buurt.'
      : scope === 'overal' ? 'U zoekt in alle gemeenten.'
      : fromMemory ? 'U koos eerder ' + nameOf(fromMemory) + '. Wilt u een andere gemeente? Kies die hierboven.' : '';
    if (askText.textContent !== text) askText.textContent = text;
    overalLink.hidden = scope === 'overal';
    overalLink.href = toUrl({ q: s.q, groups: Object.assign({}, s.groups, { gemeente: [] }), flags: s.flags,
      meer: false, overal: true });
    ask.hidden = false;
    gemeenteKeuze.parentNode.classList.toggle('vraagt', scope === 'landelijk');
    if (scope === 'landelijk') gemeenteKeuze.setAttribute('aria-describedby', askText.id);
    else gemeenteKeuze.removeAttribute('aria-describedby');
    gemeenteKeuze.options[0].textContent = scope === 'overal' ? 'Alle gemeenten' : 'Kies uw gemeente';
  }

  function nameOf(slug) {
    var box = (boxes.gemeente || []).filter(function (b) { return b.value === slug; })[0];
    return box ? labelOf(box) : slug;
  }

  /* "Toon meer": a link to the same search with meer=1, while there are more than shown. */
  function updateMore(s, total, limit) {
    more.hidden = limit >= total;
    if (more.hidden) return;
    var link = more.querySelector('a');
    link.href = toUrl({ q: s.q, groups: s.groups, flags: s.flags, meer: true });
    link.textContent = 'Toon meer (nog ' + (total - limit) + ')';
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
    spoed = new Set(files.get(keys[0]).spoed || []);
    spoedzinnen = files.get(keys[0]).spoedzinnen || null;
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
    updateAsk(s);
    if (missing.indexOf('*') !== -1) count.textContent = 'Even geduld. We laden de hulp in alle gemeenten.';
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
    if (more) more.hidden = true;
    count.textContent = perGemeente
      ? 'Zoeken lukt nu niet. Kies hieronder uw gemeente: daar staan de organisaties die u helpen.'
      : 'Zoeken lukt nu niet. Hieronder staan alle organisaties.';
  }

  /* Show the form's state and put it in the URL; a new query shows the best TOP again (a filter
   * narrows what the resident chose to see: all of it, or the best TOP). */
  function apply(push) {
    var s = readForm();
    if (s.q.trim() !== readUrl().q.trim()) s.meer = false;
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
    filterForm.addEventListener('change', function () { apply(true); });
    filterForm.addEventListener('submit', function (event) { event.preventDefault(); });
    more.querySelector('a').addEventListener('click', function (event) {
      event.preventDefault();
      var s = readForm();
      s.meer = true;
      window.history.pushState(null, '', toUrl(s));
      var seen = results.querySelectorAll('li').length;
      show(s).then(function () {  // on to the first result that was not shown yet
        var next = results.querySelectorAll('li')[seen];
        var link = next && next.querySelector('a');
        if (link) link.focus();
      }).catch(failed);
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clearTimeout(timer);
      apply(true);
    });
    window.addEventListener('popstate', function () {
      writeForm(readUrl());
      syncGemeente();
      show(readForm()).catch(failed);
    });
    if (overalLink) {
      overalLink.addEventListener('click', function (event) {
        event.preventDefault();
        boxes.gemeente.forEach(function (box) { box.checked = false; });
        syncGemeente();
        var s = readForm();
        s.overal = true;
        s.meer = false;
        window.history.pushState(null, '', toUrl(s));
        document.getElementById('uitslag').focus();  // the link goes away; the count says what happens
        show(s).catch(failed);
      });
    }
    if (gemeenteKeuze) {
      gemeenteKeuze.addEventListener('change', function () {
        boxes.gemeente.forEach(function (box) { box.checked = box.value === gemeenteKeuze.value; });
        apply(true);
      });
      filterForm.addEventListener('change', syncGemeente);
    }
  }

  /* The gemeente choice beside the search field shows the one gemeente ticked in the filters. */
  function syncGemeente() {
    if (!gemeenteKeuze) return;
    var ticked = boxes.gemeente.filter(function (box) { return box.checked; });
    gemeenteKeuze.value = ticked.length === 1 ? ticked[0].value : '';
  }

  /* The rest, once the document and the deferred scripts (lunr, zoektermen, tijden) are there. */
  function main() {
    form = document.getElementById('zoekformulier');
    input = document.getElementById('q');
    results = document.getElementById('resultaten');
    count = document.getElementById('aantal-resultaten');
    filters = document.getElementById('filters');
    filterForm = document.getElementById('filterformulier');
    sjabloon = document.getElementById('kaartje-sjabloon');
    heading = document.getElementById('zoekkop');
    more = document.getElementById('meer');
    activeCount = document.getElementById('filters-gekozen');
    if (!form || !input || !results || !count || !filters || !filterForm || !sjabloon || !heading || !more ||
        !activeCount || !window.lunr || !window.Zoektermen || !window.Tijden) return;
    root = form.getAttribute('data-root');
    urgent = document.querySelector('main .spoed');
    if (urgent) urgentHome = { parent: urgent.parentNode, next: urgent.nextSibling };
    siteTitle = document.title.slice(document.title.indexOf(' | '));
    initial = Array.prototype.slice.call(results.childNodes);  // for failed(): kept, not copied
    labels = JSON.parse(form.getAttribute('data-labels'));
    results.setAttribute('aria-busy', 'true');
    GROUPS.concat(FLAGS).forEach(function (g) {
      boxes[g] = Array.prototype.slice.call(filterForm.querySelectorAll('input[name="' + g + '"]'));
    });
    writeForm(readUrl());
    gemeenteKeuze = document.getElementById('gemeente-keuze');
    if (gemeenteKeuze) gemeenteKeuze.parentNode.hidden = false;
    syncGemeente();
    var first = readForm();  // what the page can show: a gemeente it does not know is no filter
    ask = gemeenteKeuze && document.getElementById('gemeente-vraag');
    askText = document.getElementById('gemeente-vraag-tekst');
    overalLink = document.getElementById('overal');
    if (!askText || !overalLink) ask = null;
    updateAsk(first);
    Promise.all(needed(first).map(fetchFile))
      .then(function () {
        mark('zoeken:index-ontvangen');
        use(needed(first));  // before the filters show: a file in an old format fails here
        Array.prototype.forEach.call(filterForm.querySelectorAll('[data-aantal-voor]'), function (target) {
          countFor[target.getAttribute('data-aantal-voor')] = target;
        });
        filters.hidden = false;
        // Folded on a phone, where the results must come first; open beside them on a wide screen.
        filters.open = window.matchMedia('(min-width: 60rem)').matches;
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
