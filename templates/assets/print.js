/* A print button where the browser can print, and the paper map's QR code to the site.
   Without JavaScript the browser's own print menu works; the address stays in plain text. */
(function () {
  'use strict';
  document.querySelectorAll('.print-knop').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
  var image = document.getElementById('papier-qr-beeld');
  if (!image || !window.qrcode) return;
  // Without --base-url the site only knows its address here, in the browser: the site's top.
  var home = document.querySelector('.sitenaam');
  var url = image.getAttribute('data-adres') || (home ? home.href : window.location.href);
  var qr = window.qrcode(0, 'M');
  qr.addData(url);
  qr.make();
  image.src = qr.createDataURL(3, 2);
  image.closest('figure').hidden = false;
  document.querySelectorAll('.papier-adres').forEach(function (span) { span.textContent = url; });
})();
