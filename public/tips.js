// 打赏 enhancements (progressive: the tip form and the 打赏记录 work without this file).
// After a tip the article page is opened as ?tipped=<id>#tips: the cached page is the same for every
// reader, so the thank-you line is shown here. On the tip page, typing a custom amount selects 自定义,
// and picking a preset afterwards clears it (the server takes a typed amount over the radio, for forms
// sent without this script, so a preset chosen last must not leave one behind).
(function () {
  'use strict';
  if (!document.querySelector) return;
  if (/[?&]tipped=\d+/.test(location.search)) {
    var notice = document.querySelector('[data-tip-notice]');
    if (notice) notice.hidden = false;
  }
  var custom = document.getElementById('f-custom');
  var radio = document.querySelector('.tip-form input[name="amount"][value="custom"]');
  if (custom && radio) {
    custom.addEventListener('input', function () {
      if (custom.value) radio.checked = true;
    });
    var presets = document.querySelectorAll('.tip-form input[name="amount"]');
    for (var i = 0; i < presets.length; i++)
      presets[i].addEventListener('change', function (e) {
        if (e.target !== radio && e.target.checked) custom.value = '';
      });
  }
})();
