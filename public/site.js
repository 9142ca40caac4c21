// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  function cookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : '';
  }
  // Cached pages cannot carry a per-visitor CSRF token: copy it from the cookie into their forms. A
  // first-time visitor who has only seen cached pages has no cookie yet: make one here (a random
  // double-submit token; the server checks only that the field matches the cookie).
  var token = cookie('zx_csrf');
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token) && window.crypto && window.crypto.getRandomValues) {
    var bytes = new Uint8Array(24);
    window.crypto.getRandomValues(bytes);
    var abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    token = '';
    for (var b = 0; b < bytes.length; b++) token += abc.charAt(bytes[b] & 63);
    document.cookie = 'zx_csrf=' + token + '; path=/; max-age=31536000; SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');
    if (cookie('zx_csrf') !== token) token = '';
  }
  if (token) {
    var inputs = document.querySelectorAll('input[name="_csrf"]');
    for (var i = 0; i < inputs.length; i++) if (!inputs[i].value) inputs[i].value = token;
  }
  // Confirmation for destructive buttons. A form about to be sent carries the cookie's token as it is
  // now: a response that set the cookie after the page loaded (another script's request) may have
  // replaced the one copied above.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    // The button pressed may ask on its own (a bulk 删除 next to harmless actions in one form).
    var button = e.submitter;
    var msg = (button && button.getAttribute && button.getAttribute('data-confirm')) || (form && form.getAttribute && form.getAttribute('data-confirm'));
    if (msg && !window.confirm(msg)) {
      e.preventDefault();
      return;
    }
    var now = cookie('zx_csrf');
    if (now && form && form.querySelectorAll) {
      var fields = form.querySelectorAll('input[name="_csrf"]');
      for (var j = 0; j < fields.length; j++) fields[j].value = now;
    }
  });
  // A link that acts as a button (收藏, role="button") is pressed by Space as well as Enter, as a button is.
  document.addEventListener('keydown', function (e) {
    var el = e.target;
    if ((e.key === ' ' || e.key === 'Spacebar') && el && el.tagName === 'A' && el.getAttribute('role') === 'button') {
      e.preventDefault();
      el.click();
    }
  });
  // Parts of cached pages meant for guests only ("log in to ..."), hidden for a logged-in member.
  if (cookie('zx_in') === '1') {
    var guestOnly = document.querySelectorAll('[data-guest-only]');
    for (var g = 0; g < guestOnly.length; g++) guestOnly[g].hidden = true;
  }
  // The header's 登录 and 注册 lead back to this page afterwards (on the phone site, the log-in page then
  // takes the phone layout). Not from the member pages themselves: they have their own way back.
  if (!/^\/member\//.test(location.pathname)) {
    var entry = document.querySelectorAll('[data-member-bar] a[href="/member/login"], [data-member-bar] a[href="/member/register"]');
    for (var n = 0; n < entry.length; n++) entry[n].href = entry[n].getAttribute('href') + '?next=' + encodeURIComponent(location.pathname + location.search);
  }
  // Logged in? (a hint cookie set at log-in avoids a request per page view for guests)
  if (cookie('zx_in') === '1') {
    var bar = document.querySelector('[data-member-bar]');
    if (bar && window.fetch) {
      fetch('/member/me.json', { credentials: 'same-origin' })
        .then(function (r) {
          return r.ok ? r.json() : null;
        })
        .then(function (me) {
          if (!me || !me.username) {
            // The hint outlived the session (me.json clears it): guests' parts are shown again.
            var hidden = document.querySelectorAll('[data-guest-only]');
            for (var h = 0; h < hidden.length; h++) hidden[h].hidden = false;
            // …and members' parts (the comment box of a members-only site) go, so the page asks to log in.
            var memberOnly = document.querySelectorAll('[data-member-only]');
            for (var m = 0; m < memberOnly.length; m++) memberOnly[m].hidden = true;
            return;
          }
          // name | 站内信（n） | 管理后台 | 退出, labelled by the page (data-*), so every string stays in src/strings.
          bar.textContent = '';
          bar.className += ' signed-in';
          var sep = function () {
            bar.appendChild(document.createTextNode(' | '));
          };
          var link = function (href, text) {
            var a = document.createElement('a');
            a.href = href;
            a.textContent = text;
            bar.appendChild(a);
            return a;
          };
          link('/member/', me.username);
          var inbox = bar.getAttribute('data-inbox');
          if (inbox) {
            sep();
            var unread = Number(me.unread) || 0;
            var label = unread > 0 ? (bar.getAttribute('data-inbox-unread') || inbox).replace('{n}', String(unread)) : inbox;
            var box = link('/member/notifications/', label);
            if (unread > 0) box.className = 'has-unread';
          }
          // Staff get 管理后台, except in the phone header, which has no room (the console is a desktop layout).
          if (me.isStaff && !document.body.classList.contains('mobile')) {
            sep();
            link('/admin/', bar.getAttribute('data-admin') || '');
          }
          var logout = bar.getAttribute('data-logout');
          if (logout) {
            sep();
            var form = document.createElement('form');
            form.method = 'post';
            form.action = '/member/logout';
            form.className = 'member-bar-logout';
            var field = document.createElement('input');
            field.type = 'hidden';
            field.name = '_csrf';
            field.value = cookie('zx_csrf');
            var button = document.createElement('button');
            button.type = 'submit';
            button.textContent = logout;
            form.appendChild(field);
            form.appendChild(button);
            bar.appendChild(form);
          }
        })
        .catch(function () {});
    }
  }
})();
