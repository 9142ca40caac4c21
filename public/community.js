// Community enhancements (progressive: every action works without this file).
// 收藏 toggles in place, 顶 counts in place, 回复 fills the form on the same page. Cached pages are the same for everyone, so the
// per-reader state (has this member favorited the article?) is asked for here.
(function () {
  'use strict';
  if (!window.fetch || !document.querySelector || !window.URLSearchParams || !window.FormData) return;
  function cookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : '';
  }
  function each(sel, fn) {
    var list = document.querySelectorAll(sel);
    for (var i = 0; i < list.length; i++) fn(list[i]);
  }
  // The cookie is the truth: a response (like /favorites/state's) may have replaced the token site.js
  // copied into the forms, so every form gets the cookie's value as it is now.
  function fillTokens() {
    var token = cookie('zx_csrf');
    if (token)
      each('input[name="_csrf"]', function (el) {
        el.value = token;
      });
  }
  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'x-csrf-token': cookie('zx_csrf') },
      body: body,
    });
  }
  var loggedIn = cookie('zx_in') === '1';

  // (site.js hides the comment form's guest-only parts for a logged-in member.)

  function showFavorite(link, st) {
    link.setAttribute('aria-pressed', st.favorited ? 'true' : 'false');
    link.className = link.className.replace(/\s*\bon\b/g, '') + (st.favorited ? ' on' : '');
    var label = link.querySelector('.label');
    link.setAttribute('data-favorited', st.favorited ? '1' : '0');
    if (label) label.textContent = st.favorited ? link.getAttribute('data-on') : link.getAttribute('data-off');
    var n = link.querySelector('.n');
    if (n) n.textContent = String(st.count);
  }

  var fav = document.querySelector('a[data-favorite]');
  if (fav && (loggedIn || !cookie('zx_csrf'))) {
    fetch('/favorites/state?article=' + encodeURIComponent(fav.getAttribute('data-favorite')), {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (st) {
        fillTokens();
        if (st) showFavorite(fav, st);
      })
      .catch(function () {});
  }

  // 收藏 in place; without a token yet the link leads to the page with the form. A guest follows the link
  // too: the server sends it to log in (told why) and back to that page, where one press saves.
  document.addEventListener('click', function (e) {
    var link = e.target && e.target.closest ? e.target.closest('a[data-favorite]') : null;
    if (!link || !cookie('zx_csrf') || !loggedIn) return;
    e.preventDefault();
    var body = new URLSearchParams();
    body.set('article', link.getAttribute('data-favorite'));
    body.set('back', window.location.pathname);
    // Ask for the state wanted (a second click before the answer asks for the same one); unknown state: toggle.
    var was = link.getAttribute('data-favorited');
    if (was === '1' || was === '0') body.set('on', was === '1' ? '0' : '1');
    post('/favorites/toggle', body)
      .then(function (r) {
        // The log-in hint outlived the session: the server's log-in link leads back to the 收藏 page.
        if (r.status === 401) {
          return r.json().then(function (j) {
            window.location.href = j && typeof j.login === 'string' && j.login.charAt(0) === '/' && j.login.charAt(1) !== '/' ? j.login : link.href;
          });
        }
        if (!r.ok) {
          window.location.href = link.href;
          return;
        }
        return r.json().then(function (st) {
          showFavorite(link, st);
        });
      })
      .catch(function () {
        window.location.href = link.href;
      });
  });

  // 顶 in place.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form || !form.matches || e.defaultPrevented || !form.matches('form[data-like]') || !cookie('zx_csrf')) return;
    e.preventDefault();
    fillTokens();
    post(form.action, new URLSearchParams(new FormData(form)))
      .then(function (r) {
        if (!r.ok) {
          form.submit();
          return;
        }
        return r.json().then(function (j) {
          var n = form.querySelector('.n');
          if (n) n.textContent = String(j.likes);
          var btn = form.querySelector('button');
          if (btn) {
            btn.disabled = true;
            btn.className += ' liked';
          }
        });
      })
      .catch(function () {
        form.submit();
      });
  });

  // 回复: answer a comment in the form on this page instead of opening the reply page.
  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a[data-reply], a[data-cancel-reply]') : null;
    var form = document.getElementById('comment-form');
    if (!a || !form) return;
    var parent = form.querySelector('[data-parent-input]');
    var box = form.querySelector('[data-replying]');
    if (!parent || !box) return;
    e.preventDefault();
    var label = box.querySelector('[data-replying-label]');
    var quote = box.querySelector('.q-text');
    if (a.hasAttribute('data-cancel-reply')) {
      parent.value = '';
      box.hidden = true;
      return;
    }
    parent.value = a.getAttribute('data-reply');
    if (label) label.textContent = a.getAttribute('data-reply-label');
    if (quote) quote.textContent = '';
    box.hidden = false;
    var text = form.querySelector('textarea');
    if (text) text.focus();
    form.scrollIntoView({ block: 'nearest' });
  });
})();
