/* With JavaScript, a wegwijzer choice opens the live, filtered search instead of its
 * pre-rendered page (the href without JavaScript). */
(function () {
  'use strict';
  document.querySelectorAll('a[data-zoeken]').forEach(function (link) {
    link.href = link.getAttribute('data-zoeken');
  });
})();
