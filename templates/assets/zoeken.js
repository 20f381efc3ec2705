/* The search page: live search and filters on top of the server-rendered list.
 * State lives in the query string (q, fase, rol, activiteit, doelgroep, gemeente, taal, inloop, open),
 * so reload, back/forward and shared links restore it. Result text is set as text, never as HTML. */
(function () {
  'use strict';

  var form = document.getElementById('zoekformulier');
  var input = document.getElementById('q');
  var results = document.getElementById('resultaten');
  var count = document.getElementById('aantal-resultaten');
  var filters = document.getElementById('filters');
  if (!form || !input || !results || !count || !window.lunr || !window.Zoektermen) return;

  var GROUPS = ['fase', 'rol', 'activiteit', 'doelgroep', 'gemeente', 'taal'];
  var FLAGS = ['inloop', 'open'];
  var DOC_KEY = { fase: 'f', rol: 'r', activiteit: 'a', doelgroep: 'd', gemeente: 'g', taal: 't' };
  var root = form.getAttribute('data-root');
  var labels = JSON.parse(form.getAttribute('data-labels'));
  var zoeker = null, docs = [], timer = null;

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
      s.groups[g] = Array.prototype.map.call(form.querySelectorAll('input[name="' + g + '"]:checked'),
        function (box) { return box.value; });
    });
    FLAGS.forEach(function (f) {
      var box = form.querySelector('input[name="' + f + '"]');
      s.flags[f] = !!(box && box.checked);
    });
    return s;
  }

  function writeForm(s) {
    input.value = s.q;
    GROUPS.forEach(function (g) {
      form.querySelectorAll('input[name="' + g + '"]').forEach(function (box) {
        box.checked = s.groups[g].indexOf(box.value) !== -1;
      });
    });
    FLAGS.forEach(function (f) {
      var box = form.querySelector('input[name="' + f + '"]');
      if (box) box.checked = s.flags[f];
    });
  }

  function matchesGroup(doc, group, values) {
    if (!values.length) return true;
    var have = doc[DOC_KEY[group]] || [];
    if (group === 'gemeente' && doc.l) return true;
    if (group === 'doelgroep' && have.indexOf('iedereen') !== -1) return true;
    return values.some(function (v) { return have.indexOf(v) !== -1; });
  }

  function matchesFlag(doc, flag, now) {
    if (flag === 'inloop') return !!doc.i;
    if (flag === 'open') return !!window.Tijden.openNow(doc.h, now, false);
    return true;
  }

  function passes(doc, s, skipGroup, now) {
    for (var i = 0; i < GROUPS.length; i++) {
      if (GROUPS[i] !== skipGroup && !matchesGroup(doc, GROUPS[i], s.groups[GROUPS[i]])) return false;
    }
    for (var j = 0; j < FLAGS.length; j++) {
      if (FLAGS[j] !== skipGroup && s.flags[FLAGS[j]] && !matchesFlag(doc, FLAGS[j], now)) return false;
    }
    return true;
  }

  /* Documents for the query in rank order (all, in default order, for a query without words). */
  function ranked(q) {
    if (!zoeker.hasWords(q)) return docs.slice();
    return zoeker.search(q).map(function (hit) { return docs[hit.doc]; });
  }

  /* Docs naming a chosen doelgroep come before those for everyone (stable). */
  function doelgroepFirst(list, chosen) {
    if (!chosen.length) return list;
    var named = [], everyone = [];
    list.forEach(function (doc) {
      (chosen.some(function (v) { return doc.d.indexOf(v) !== -1; }) ? named : everyone).push(doc);
    });
    return named.concat(everyone);
  }

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

  function card(doc, now) {
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
    var status = window.Tijden.statusText(doc.h, now);
    if (status) detail(list, 'Open', status);
    article.appendChild(list);
    item.appendChild(article);
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

  function updateCounts(base, s, now) {
    GROUPS.concat(FLAGS).forEach(function (group) {
      form.querySelectorAll('input[name="' + group + '"]').forEach(function (box) {
        var target = form.querySelector('[data-aantal-voor="' + box.id + '"]');
        if (!target) return;
        var n = 0;
        base.forEach(function (doc) {
          if (!passes(doc, s, group, now)) return;
          if (FLAGS.indexOf(group) !== -1 ? matchesFlag(doc, group, now) : matchesGroup(doc, group, [box.value])) n++;
        });
        target.textContent = '(' + n + ')';
      });
    });
  }

  function render(s) {
    mark('zoeken:render-start');
    var now = new Date();
    var base = ranked(s.q);
    var shown = doelgroepFirst(base.filter(function (doc) { return passes(doc, s, null, now); }), s.groups.doelgroep);
    var fragment = document.createDocumentFragment();
    if (shown.length) {
      var list = el('ul', null, 'kaartjes');
      shown.forEach(function (doc) { list.appendChild(card(doc, now)); });
      fragment.appendChild(list);
    } else {
      fragment.appendChild(noResults());
    }
    results.replaceChildren(fragment);
    count.textContent = shown.length === 1 ? '1 organisatie gevonden' : shown.length + ' organisaties gevonden';
    updateCounts(base, s, now);
    results.setAttribute('aria-busy', 'false');
    measure('zoeken:render', 'zoeken:render-start');
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
    if (filters) filters.hidden = false;
    form.classList.add('live');
    writeForm(readUrl());
    render(readForm());
    mark('zoeken:klaar');
    document.documentElement.setAttribute('data-zoeken', 'klaar');
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { apply(false); }, 120);
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

  /* Performance marks for bench/search_speed.py (harmless where the API is missing). */
  function mark(name) { if (window.performance && performance.mark) performance.mark(name); }
  function measure(name, from) {
    if (window.performance && performance.measure) { performance.measure(name, from); performance.clearMarks(from); }
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
