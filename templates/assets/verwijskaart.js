/* The verwijskaart: a shortlist that lives only in the link (?lijst=slug1,slug2).
 * Nothing is stored and nothing is sent: sharing opens the visitor's own app. */
(function () {
  'use strict';

  var section = document.getElementById('verwijskaart');
  var list = document.getElementById('kaart-lijst');
  var form = document.getElementById('kaart-toevoegen');
  var status = document.getElementById('kaart-status');
  var actions = document.getElementById('kaart-acties');
  if (!section || !list || !form) return;
  var root = section.getAttribute('data-root');
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  /* slug -> card; a Map, because a slug from the link such as 'constructor' would find a
   * property of every plain object's prototype. */
  var cards = new Map();

  function current() {
    var params = new URLSearchParams(window.location.search);
    var slugs = (params.get('lijst') || '').split(',');
    var extra = params.get('toevoegen');
    if (extra) slugs.push(extra);
    var seen = new Set();
    return slugs.filter(function (s) {
      if (!SLUG.test(s) || !cards.has(s) || seen.has(s)) return false;
      seen.add(s);
      return true;
    });
  }

  function setList(slugs, push) {
    var url = window.location.pathname + (slugs.length ? '?lijst=' + slugs.join(',') : '');
    window.history[push ? 'pushState' : 'replaceState'](null, '', url);
    render(slugs);
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function line(parent, label, value) {
    if (!value) return;
    var p = el('p');
    p.appendChild(el('strong', label + ': '));
    p.appendChild(document.createTextNode(value));
    parent.appendChild(p);
  }

  function cardItem(slug, slugs) {
    var data = cards.get(slug);
    var item = el('li', null, 'kaart');
    var heading = el('h3');
    var link = el('a', data.n);
    link.href = root + 'organisaties/' + slug + '/';
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(el('p', data.s));
    line(item, 'Bel', data.tel);
    line(item, 'Inloop', data.inloop.join('; '));
    line(item, 'Adres', data.adres.join('; '));
    line(item, 'Neem mee', data.mee.join(', '));
    var remove = el('button', 'Haal ' + data.n + ' van de kaart', 'weghalen niet-printen');
    remove.type = 'button';
    remove.addEventListener('click', function () {
      setList(slugs.filter(function (s) { return s !== slug; }), true);
      status.textContent = data.n + ' staat niet meer op de kaart.';
    });
    item.appendChild(remove);
    return item;
  }

  function shareLinks() {
    var url = window.location.href;
    var text = 'Hier kunt u terecht met geldzorgen: ' + url;
    document.getElementById('deel-whatsapp').href = 'https://wa.me/?text=' + encodeURIComponent(text);
    document.getElementById('deel-sms').href = 'sms:?&body=' + encodeURIComponent(text);
    document.getElementById('deel-mail').href = 'mailto:?subject=' + encodeURIComponent('Verwijskaart geldzorgen') +
      '&body=' + encodeURIComponent(text);
    var qr = window.qrcode && window.qrcode(0, 'M');
    if (qr) {
      qr.addData(url);
      qr.make();
      document.getElementById('kaart-qr').src = qr.createDataURL(3, 2);
    }
  }

  function render(slugs) {
    list.replaceChildren.apply(list, slugs.map(function (slug) { return cardItem(slug, slugs); }));
    section.hidden = slugs.length === 0;
    actions.hidden = slugs.length === 0;
    form.querySelector('input[name="lijst"]').value = slugs.join(',');
    if (!slugs.length) status.textContent = 'Er staat nog niets op de kaart. Kies hierboven een organisatie.';
    else status.textContent = slugs.length === 1 ? '1 organisatie op de kaart.' : slugs.length + ' organisaties op de kaart.';
    shareLinks();
  }

  function start(data) {
    cards = new Map(Object.keys(data).map(function (slug) { return [slug, data[slug]]; }));
    form.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var slugs = current();
      var chosen = form.querySelector('select').value;
      if (cards.has(chosen) && slugs.indexOf(chosen) === -1) slugs.push(chosen);
      setList(slugs, true);
    });
    document.getElementById('kaart-print').addEventListener('click', function () { window.print(); });
    window.addEventListener('popstate', function () { render(current()); });
    setList(current(), false);
    document.documentElement.setAttribute('data-verwijskaart', 'klaar');
  }

  fetch(section.getAttribute('data-kaarten'))
    .then(function (response) { return response.json(); })
    .then(start)
    .catch(function () { status.textContent = 'De verwijskaart kan nu niet laden. Probeer het later opnieuw.'; });
})();
