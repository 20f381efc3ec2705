/* A print button where the browser can print; without JavaScript the browser's own menu works. */
(function () {
  'use strict';
  document.querySelectorAll('.print-knop').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
})();
