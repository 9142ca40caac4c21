// 推荐标签, progressive enhancement. Without this file the suggestions are plain text under the tags
// field and the "推荐标签" button sends the form back to the server for fresh ones. With it, each
// suggestion becomes a button that adds itself to the tags field, and the refresh button asks the
// JSON endpoint for suggestions without leaving the page (the cover file the author chose stays).
(function () {
  'use strict';
  if (!window.fetch || !document.querySelector || !window.URLSearchParams) return;
  var SEP = /[,，、;；]/;

  function cookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : '';
  }
  function current(input) {
    return input.value
      .split(SEP)
      .map(function (x) {
        return x.trim();
      })
      .filter(Boolean);
  }
  function has(input, tag) {
    var low = tag.toLowerCase();
    return current(input).some(function (x) {
      return x.toLowerCase() === low;
    });
  }

  function enhance(box) {
    if (box.getAttribute('data-enhanced')) return;
    box.setAttribute('data-enhanced', '1');
    var input = document.getElementById(box.getAttribute('data-tag-suggestions'));
    var chips = box.querySelector('[data-tag-chips]');
    var refresh = box.querySelector('[data-suggest-refresh]');
    if (!input || !chips) return;

    function mark(btn) {
      var on = has(input, btn.getAttribute('data-tag'));
      btn.setAttribute('aria-pressed', on ? 'true' : 'false');
      btn.className = on ? 'tag-chip added' : 'tag-chip';
      btn.title = on ? box.getAttribute('data-added') : box.getAttribute('data-add');
    }
    function chip(tag) {
      var btn = document.createElement('button');
      btn.type = 'button';
      btn.setAttribute('data-tag', tag);
      btn.textContent = tag;
      mark(btn);
      return btn;
    }
    function show(tags) {
      while (chips.firstChild) chips.removeChild(chips.firstChild);
      if (!tags.length) {
        var empty = document.createElement('span');
        empty.className = 'hint';
        empty.textContent = chips.getAttribute('data-empty');
        chips.appendChild(empty);
      }
      tags.forEach(function (tag) {
        chips.appendChild(chip(tag));
        chips.appendChild(document.createTextNode(' '));
      });
    }
    var initial = [];
    var spans = chips.querySelectorAll('.tag-chip');
    for (var i = 0; i < spans.length; i++) initial.push(spans[i].getAttribute('data-tag'));
    if (initial.length) show(initial);

    chips.addEventListener('click', function (e) {
      var btn = e.target && e.target.closest ? e.target.closest('button[data-tag]') : null;
      if (!btn) return;
      var tag = btn.getAttribute('data-tag');
      if (!has(input, tag)) {
        var list = current(input);
        list.push(tag);
        input.value = list.join(', ');
      }
      mark(btn);
    });
    input.addEventListener('input', function () {
      var btns = chips.querySelectorAll('button[data-tag]');
      for (var j = 0; j < btns.length; j++) mark(btns[j]);
    });

    if (refresh && input.form)
      refresh.addEventListener('click', function (e) {
        e.preventDefault();
        var form = input.form;
        // The rich-text editor writes the body back into its textarea on input and on submit.
        var field = function (name) {
          var el = form.elements[name];
          return el && typeof el.value === 'string' ? el.value : '';
        };
        var body = new URLSearchParams();
        ['title', 'summary', 'body', 'tags'].forEach(function (name) {
          body.append(name, field(name));
        });
        refresh.disabled = true;
        fetch(box.getAttribute('data-endpoint'), {
          method: 'POST',
          credentials: 'same-origin',
          headers: { accept: 'application/json', 'x-csrf-token': cookie('zx_csrf') },
          body: body,
        })
          .then(function (res) {
            return res.ok ? res.json() : null;
          })
          .then(function (data) {
            if (data && data.tags) show(data.tags);
          })
          .catch(function () {})
          .then(function () {
            refresh.disabled = false;
          });
      });
  }

  var boxes = document.querySelectorAll('[data-tag-suggestions]');
  for (var k = 0; k < boxes.length; k++) enhance(boxes[k]);
})();
