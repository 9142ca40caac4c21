/* Fills ad slots on cached pages (ADR 0008). A page carries empty elements <div data-ad-slot="code" hidden>;
   this asks /ads/slots once for all of them and puts in the server-rendered, escaped ad markup.
   The request counts the impressions; clicks go through the signed /ads/click/ redirect. An HTML ad runs
   in a sandboxed frame whose links we cannot wrap: when such a frame takes the focus (the reader clicked
   into it), its signed data-ping URL is requested once. */
(function () {
  'use strict';
  var slots = document.querySelectorAll('[data-ad-slot]');
  if (!slots.length || !window.fetch) return;
  var codes = [];
  for (var i = 0; i < slots.length; i++) {
    var c = slots[i].getAttribute('data-ad-slot');
    if (c && codes.indexOf(c) < 0) codes.push(c);
  }
  fetch('/ads/slots?positions=' + encodeURIComponent(codes.join(',')), { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then(function (r) {
      return r.ok ? r.json() : null;
    })
    .then(function (data) {
      if (!data || !data.slots) return;
      var filled = 0;
      for (var i = 0; i < slots.length; i++) {
        var el = slots[i];
        var s = data.slots[el.getAttribute('data-ad-slot')];
        if (!s || typeof s.html !== 'string') continue;
        el.innerHTML = s.html;
        el.hidden = false;
        el.classList.add('filled');
        filled++;
      }
      if (document.querySelector('.ad-html[data-ping]')) watchHtmlClicks();
      // The stylesheet's versioned URL is on this script's tag (the layout writes it); a page of an ad
      // feature may have linked it already.
      var tag = document.querySelector('script[data-css]');
      var href = (tag && tag.getAttribute('data-css')) || '/static/ads.css';
      if (filled && !document.querySelector('link[href^="/static/ads.css"]')) {
        var css = document.createElement('link');
        css.rel = 'stylesheet';
        css.href = href;
        document.head.appendChild(css);
      }
    })
    .catch(function () {});

  function watchHtmlClicks() {
    window.addEventListener('blur', function () {
      // The focus moves to the frame only after the window's blur has been dispatched.
      setTimeout(function () {
        var f = document.activeElement;
        if (!f || f.tagName !== 'IFRAME') return;
        var box = f.parentNode;
        if (!box || !box.getAttribute || !box.getAttribute('data-ping') || box.getAttribute('data-pinged')) return;
        box.setAttribute('data-pinged', '1');
        fetch(box.getAttribute('data-ping'), { credentials: 'same-origin', keepalive: true }).catch(function () {});
      }, 0);
    });
  }
})();
