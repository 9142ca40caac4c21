// A small rich-text editor for article bodies, no build step. Progressive enhancement: without this
// file the <textarea data-editor> is shown as it is and accepts HTML or plain paragraphs. With it,
// the textarea is hidden and a contenteditable area with a toolbar (bold, italic, heading, list,
// quote, link, picture, page break) writes its HTML back into the textarea. 插入图片 uploads the file
// to the textarea's data-upload URL (JSON {url, width, height}) and inserts the <img>; 分页 inserts
// the page-break marker the server splits pages on (<hr class="pagebreak">). The server sanitizes whatever arrives; the
// cleaning here only keeps the editor tidy and never runs markup from the textarea (it is parsed
// in an inert document first).
(function () {
  'use strict';
  if (!window.DOMParser || !document.execCommand) return;

  var KEEP = {
    P: 1,
    BR: 1,
    H2: 1,
    H3: 1,
    H4: 1,
    UL: 1,
    OL: 1,
    LI: 1,
    A: 1,
    IMG: 1,
    BLOCKQUOTE: 1,
    STRONG: 1,
    B: 1,
    EM: 1,
    I: 1,
    U: 1,
    S: 1,
    SUB: 1,
    SUP: 1,
    HR: 1,
    TABLE: 1,
    THEAD: 1,
    TBODY: 1,
    TR: 1,
    TH: 1,
    TD: 1,
    CAPTION: 1,
    FIGURE: 1,
    FIGCAPTION: 1,
    CODE: 1,
    PRE: 1,
  };
  var DROP = {
    SCRIPT: 1,
    STYLE: 1,
    IFRAME: 1,
    FRAME: 1,
    OBJECT: 1,
    EMBED: 1,
    TEMPLATE: 1,
    SVG: 1,
    MATH: 1,
    LINK: 1,
    META: 1,
    BASE: 1,
    FORM: 1,
    INPUT: 1,
    BUTTON: 1,
    TEXTAREA: 1,
    SELECT: 1,
    NOSCRIPT: 1,
    AUDIO: 1,
    VIDEO: 1,
    SOURCE: 1,
  };
  var ATTRS = { A: ['href', 'title'], IMG: ['src', 'alt', 'width', 'height'], HR: ['class'], TD: ['colspan', 'rowspan'], TH: ['colspan', 'rowspan', 'scope'] };

  function safeUrl(u, forImg) {
    u = (u || '').replace(/[\u0000-\u0020]/g, '');
    if (forImg) return /^\/uploads\//.test(u) ? u : '';
    return /^(https?:\/\/|mailto:|\/(?!\/))/i.test(u) ? u : '';
  }

  function clean(parent) {
    var kids = Array.prototype.slice.call(parent.childNodes);
    for (var i = 0; i < kids.length; i++) {
      var n = kids[i];
      if (n.nodeType === 3) continue;
      if (n.nodeType !== 1) {
        parent.removeChild(n);
        continue;
      }
      var tag = n.tagName.toUpperCase();
      if (DROP[tag]) {
        parent.removeChild(n);
        continue;
      }
      clean(n);
      if (!KEEP[tag]) {
        // Unknown containers (div, span, font…) give way to their content; a div was a paragraph.
        var repl = tag === 'DIV' ? n.ownerDocument.createElement('p') : n.ownerDocument.createDocumentFragment();
        while (n.firstChild) repl.appendChild(n.firstChild);
        parent.replaceChild(repl, n);
        continue;
      }
      var allowed = ATTRS[tag] || [];
      for (var j = n.attributes.length - 1; j >= 0; j--) {
        var name = n.attributes[j].name.toLowerCase();
        if (allowed.indexOf(name) < 0) n.removeAttribute(n.attributes[j].name);
      }
      if (tag === 'A') {
        var href = safeUrl(n.getAttribute('href'), false);
        if (href) n.setAttribute('href', href);
        else n.removeAttribute('href');
      }
      if (tag === 'IMG' && !safeUrl(n.getAttribute('src'), true)) parent.removeChild(n);
      if (tag === 'HR' && n.getAttribute('class') !== 'pagebreak') n.removeAttribute('class');
    }
  }

  function escapeText(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  /** Plain text (typed without the editor) becomes paragraphs, as the server would do. */
  function toHtml(value) {
    if (/<(p|br|h[1-6]|ul|ol|li|blockquote|div|strong|b|em|i|a|img|table)\b[^>]*>/i.test(value)) return value;
    return value
      .replace(/\r\n?/g, '\n')
      .split(/\n\s*\n/)
      .map(function (p) {
        return p.trim();
      })
      .filter(Boolean)
      .map(function (p) {
        return '<p>' + escapeText(p).replace(/\n/g, '<br>') + '</p>';
      })
      .join('');
  }

  /** Parse in an inert document (nothing loads or runs there), clean, return the body. */
  function parse(html) {
    var doc = new DOMParser().parseFromString('<!doctype html><body>' + html, 'text/html');
    clean(doc.body);
    return doc.body;
  }

  function setup(ta) {
    var labels = {};
    try {
      labels = JSON.parse(ta.getAttribute('data-editor') || '{}');
    } catch (e) {
      labels = {};
    }
    var wrap = document.createElement('div');
    wrap.className = 'rte';
    var bar = document.createElement('div');
    bar.className = 'rte-toolbar';
    bar.setAttribute('role', 'toolbar');
    var area = document.createElement('div');
    area.className = 'rte-area article-body';
    area.contentEditable = 'true';
    area.setAttribute('role', 'textbox');
    area.setAttribute('aria-multiline', 'true');
    var label = document.querySelector('label[for="' + ta.id + '"]');
    if (label) area.setAttribute('aria-label', label.textContent);

    var body = parse(toHtml(ta.value));
    while (body.firstChild) {
      area.appendChild(document.importNode(body.firstChild, true));
      body.removeChild(body.firstChild);
    }
    if (!area.firstChild) area.innerHTML = '<p><br></p>';

    function sync() {
      var out = parse(area.innerHTML).innerHTML.trim();
      ta.value = /^(<p>(<br>)?<\/p>)?$/.test(out) ? '' : out;
    }

    function block(tag) {
      var cur = String(document.queryCommandValue('formatBlock') || '').toLowerCase();
      document.execCommand('formatBlock', false, cur === tag ? 'p' : tag);
    }

    function link() {
      var url = window.prompt(labels.linkPrompt || 'URL', 'https://');
      url = safeUrl(url, false);
      if (!url) return;
      var sel = window.getSelection();
      if (sel && !sel.isCollapsed) document.execCommand('createLink', false, url);
      else document.execCommand('insertHTML', false, '<a href="' + escapeText(url) + '">' + escapeText(url) + '</a>');
    }

    function cookie(name) {
      var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
      return m ? decodeURIComponent(m[1]) : '';
    }

    // The caret before the file dialog took the focus: the picture goes there.
    var savedRange = null;
    function saveRange() {
      var sel = window.getSelection();
      savedRange = sel && sel.rangeCount && area.contains(sel.anchorNode) ? sel.getRangeAt(0).cloneRange() : null;
    }
    function restoreRange() {
      area.focus();
      var sel = window.getSelection();
      if (!sel) return;
      sel.removeAllRanges();
      if (savedRange) sel.addRange(savedRange);
      else {
        var r = document.createRange();
        r.selectNodeContents(area);
        r.collapse(false);
        sel.addRange(r);
      }
    }

    var uploadUrl = ta.getAttribute('data-upload');
    var fileInput = null;
    var status = document.createElement('span');
    status.className = 'rte-status';
    status.setAttribute('role', 'status');
    if (uploadUrl && window.fetch && window.FormData) {
      fileInput = document.createElement('input');
      fileInput.type = 'file';
      fileInput.accept = 'image/jpeg,image/png,image/webp,image/gif';
      fileInput.hidden = true;
      fileInput.addEventListener('change', function () {
        var file = fileInput.files && fileInput.files[0];
        if (!file) return;
        var data = new FormData();
        data.append('imageFile', file);
        fileInput.value = '';
        status.textContent = labels.imageUploading || '…';
        fetch(uploadUrl, {
          method: 'POST',
          body: data,
          credentials: 'same-origin',
          headers: { accept: 'application/json', 'x-csrf-token': cookie('zx_csrf') },
        })
          .then(function (r) {
            // A lapsed session is a 401 (or a redirect to the log-in page, followed by fetch); a stale form
            // token is a 403 page: neither is JSON, so say what to do instead of a parser's error.
            var isJson = /json/i.test(r.headers.get('content-type') || '');
            if ((r.redirected && /\/member\/login/.test(r.url || '')) || (r.status === 401 && !isJson)) {
              throw new Error(labels.imageLoginExpired || 'session expired');
            }
            if (!isJson) {
              if (r.status === 403) throw new Error(labels.imagePageExpired || 'page expired');
              throw new Error(labels.imageServerError || labels.imageFailed || 'upload failed');
            }
            return r.json().then(
              function (j) {
                if (!r.ok || !j || !j.url)
                  throw new Error((j && j.error) || (r.status === 401 && labels.imageLoginExpired) || labels.imageFailed || 'upload failed');
                return j;
              },
              function () {
                throw new Error(labels.imageServerError || labels.imageFailed || 'upload failed');
              },
            );
          })
          .then(function (j) {
            status.textContent = '';
            var src = safeUrl(j.url, true);
            if (!src) return;
            restoreRange();
            var w = Number(j.width) || 0;
            var hgt = Number(j.height) || 0;
            document.execCommand(
              'insertHTML',
              false,
              '<img src="' + escapeText(src) + '" alt=""' + (w ? ' width="' + w + '"' : '') + (hgt ? ' height="' + hgt + '"' : '') + '>',
            );
            sync();
          })
          .catch(function (e) {
            status.textContent = (labels.imageFailed || 'upload failed') + (e && e.message && e.message !== labels.imageFailed ? '：' + e.message : '');
          });
      });
    }

    function pagebreak() {
      document.execCommand('insertHTML', false, '<hr class="pagebreak"><p><br></p>');
    }

    var buttons = [
      [
        'bold',
        '<b>B</b>',
        function () {
          document.execCommand('bold');
        },
      ],
      [
        'italic',
        '<i>I</i>',
        function () {
          document.execCommand('italic');
        },
      ],
      [
        'heading',
        'H2',
        function () {
          block('h2');
        },
      ],
      [
        'list',
        '• ' + escapeText(labels.list || 'list'),
        function () {
          document.execCommand('insertUnorderedList');
        },
      ],
      [
        'quote',
        '“ ' + escapeText(labels.quote || 'quote'),
        function () {
          block('blockquote');
        },
      ],
      ['link', escapeText(labels.link || 'link'), link],
    ];
    // data-pagebreak="off": a body that is never split into pages (static pages) gets no 分页 button.
    if (ta.getAttribute('data-pagebreak') !== 'off') buttons.push(['pagebreak', escapeText(labels.pagebreak || 'page break'), pagebreak]);
    if (fileInput)
      buttons.push([
        'image',
        escapeText(labels.image || 'image'),
        function () {
          saveRange();
          fileInput.click();
        },
      ]);
    buttons.forEach(function (b) {
      var btn = document.createElement('button');
      btn.type = 'button';
      btn.className = 'rte-btn rte-' + b[0];
      btn.innerHTML = b[1];
      btn.title = labels[b[0]] || b[0];
      btn.setAttribute('aria-label', labels[b[0]] || b[0]);
      // Keep the selection in the editing area while the button is pressed.
      btn.addEventListener('mousedown', function (e) {
        e.preventDefault();
      });
      btn.addEventListener('click', function () {
        area.focus();
        b[2]();
        sync();
      });
      bar.appendChild(btn);
    });

    area.addEventListener('input', sync);
    area.addEventListener('blur', sync);
    area.addEventListener('paste', function (e) {
      var data = e.clipboardData;
      if (!data) return;
      e.preventDefault();
      var html = data.getData('text/html');
      if (html) document.execCommand('insertHTML', false, parse(html).innerHTML);
      else document.execCommand('insertText', false, data.getData('text/plain'));
      sync();
    });
    if (ta.form) ta.form.addEventListener('submit', sync);

    try {
      document.execCommand('defaultParagraphSeparator', false, 'p');
    } catch (e) {
      /* older browsers */
    }
    if (fileInput) bar.appendChild(fileInput);
    bar.appendChild(status);
    wrap.appendChild(bar);
    wrap.appendChild(area);
    ta.parentNode.insertBefore(wrap, ta);
    sync();
    ta.hidden = true;
    ta.setAttribute('aria-hidden', 'true');
  }

  var tas = document.querySelectorAll('textarea[data-editor]');
  for (var i = 0; i < tas.length; i++) setup(tas[i]);
})();
