/* A field at the top of a page that lists many gemeenten (templates/gemeente-snel.html): the
   name typed opens that gemeente's page, so nobody scrolls past a long text or fifty links. */
(function () {
  'use strict';
  var form = document.getElementById('gemeente-snel');
  if (!form) return;
  var field = document.getElementById('gemeente-snel-naam');
  var message = document.getElementById('gemeente-snel-melding');
  var fold = function (text) {
    return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  };
  var options = Array.prototype.map.call(form.querySelectorAll('datalist option'), function (option) {
    return { naam: fold(option.value), slug: option.getAttribute('data-slug') };
  });
  form.hidden = false;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var typed = fold(field.value);
    var exact = options.filter(function (o) { return o.naam === typed; });
    var start = options.filter(function (o) { return typed && o.naam.indexOf(typed) === 0; });
    var found = exact.length === 1 ? exact[0] : start.length === 1 ? start[0] : null;
    if (found) {
      window.location.href = found.slug + '/';
      return;
    }
    message.textContent = (typed && start.length ? 'Meer gemeenten beginnen zo: typ de hele naam. '
      : 'Deze gemeente staat niet op de kaart. ') + message.getAttribute('data-verder');
  });
})();
