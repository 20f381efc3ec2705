/* The referral list narrowed by need, with the query parameters of /zoeken/ (fase, rol, activiteit,
   doelgroep): values of one filter OR-ed, filters AND-ed, doelgroep also fits "iedereen".
   Without JavaScript the whole list of the gemeente shows and the form stays hidden. */
(function () {
  'use strict';
  var form = document.getElementById('verwijsfilter');
  if (!form) return;
  var items = Array.prototype.slice.call(document.querySelectorAll('.verwijzing'));
  var count = document.getElementById('aantal-verwijzingen');
  var FACETS = ['fase', 'rol', 'activiteit', 'doelgroep'];

  function wanted(params) {
    var out = {};
    FACETS.forEach(function (facet) {
      out[facet] = params.getAll(facet).filter(function (v) { return v; });
    });
    return out;
  }

  function fits(item, want) {
    return FACETS.every(function (facet) {
      if (!want[facet].length) return true;
      var have = (item.getAttribute('data-' + facet) || '').split(' ');
      if (facet === 'doelgroep' && have.indexOf('iedereen') !== -1) return true;
      return want[facet].some(function (v) { return have.indexOf(v) !== -1; });
    });
  }

  function apply(params) {
    var want = wanted(params);
    var shown = 0;
    items.forEach(function (item) {
      var ok = fits(item, want);
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
