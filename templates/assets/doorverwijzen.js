/* The referral list narrowed by need, with the query parameters of /zoeken/ and its filter rule
   (filters.js, loaded before this script) for the filters the list's items carry as data-<filter>
   (fase, rol, activiteit, doelgroep). Without JavaScript the whole list of the gemeente shows and
   the form stays hidden. */
(function () {
  'use strict';

  /* The filters the items carry, of the rule's: data-fase and so on (read from the first item). */
  function carried(rule, attribute) {
    return rule.GROUPS.filter(function (group) { return attribute('data-' + group) !== null; });
  }

  /* An item as the rule reads an organisation: its keys per carried filter, under the rule's names. */
  function docOf(rule, groups, attribute) {
    var doc = {};
    groups.forEach(function (group) {
      doc[rule.DOC_KEY[group]] = attribute('data-' + group).split(' ').filter(Boolean);
    });
    return doc;
  }

  /* The state the query asks for: the values of each carried filter. */
  function wanted(groups, params) {
    var out = { groups: {} };
    groups.forEach(function (group) {
      out.groups[group] = params.getAll(group).filter(function (v) { return v; });
    });
    return out;
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = { carried: carried, docOf: docOf, wanted: wanted };
    return;
  }

  var rule = window.Filters;
  var form = document.getElementById('verwijsfilter');
  var items = Array.prototype.slice.call(document.querySelectorAll('.verwijzing'));
  if (!rule || !form) return;
  var count = document.getElementById('aantal-verwijzingen');
  var groups = items.length ? carried(rule, function (name) { return items[0].getAttribute(name); }) : [];
  var docs = items.map(function (item) {
    return docOf(rule, groups, function (name) { return item.getAttribute(name); });
  });

  function apply(params) {
    var state = wanted(groups, params);
    var shown = 0;
    items.forEach(function (item, number) {
      var ok = rule.matchesFilters(docs[number], state);
      item.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = shown === 1 ? '1 organisatie' : shown === 0
      ? 'Geen organisaties bij deze keuze. Kies bij een van de vragen \'Alles\'.' : shown + ' organisaties';
  }

  function fromForm() {
    var params = new URLSearchParams();
    form.querySelectorAll('select').forEach(function (select) {
      if (select.value) params.append(select.name, select.value);
    });
    return params;
  }

  var start = new URLSearchParams(window.location.search);
  form.querySelectorAll('select').forEach(function (select) {
    var values = start.getAll(select.name);
    if (values.length) select.value = values[0];
  });
  form.hidden = false;
  apply(start);
  form.addEventListener('change', function () {
    var params = fromForm();
    var query = params.toString();
    window.history.replaceState(null, '', query ? '?' + query : window.location.pathname);
    apply(params);
  });
  form.addEventListener('submit', function (event) { event.preventDefault(); });
})();
