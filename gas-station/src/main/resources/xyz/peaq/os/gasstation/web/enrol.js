// The enrolment page's countdown and copy button. Without JavaScript the page still shows the
// seconds left at load time and the expiry time, and the URI can be selected by hand.
(function () {
  'use strict';
  var left = document.getElementById('expires-in');
  if (left) {
    // Counted from the server's clock at render, so a wrong client clock does not matter.
    var remaining = Number(left.getAttribute('data-expires-at')) - Number(left.getAttribute('data-now'));
    var loaded = Date.now();
    var tick = function () {
      var ms = remaining - (Date.now() - loaded);
      if (ms <= 0) {
        left.textContent = '0';
        var p = left.parentNode;
        p.textContent = 'This QR code has expired: start the setup again for a new one.';
        p.className = 'expiry error';
        var form = document.getElementById('confirm');
        if (form) {
          form.hidden = true;
        }
        return;
      }
      left.textContent = String(Math.ceil(ms / 1000));
      setTimeout(tick, 250);
    };
    tick();
  }
  var copy = document.getElementById('copy');
  var uri = document.getElementById('otpauth-uri');
  if (copy && uri) {
    uri.addEventListener('focus', function () { uri.select(); });
    if (navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener('click', function () {
        navigator.clipboard.writeText(uri.value).then(function () { copy.textContent = 'Copied'; });
      });
    }
  }
})();
