// 文章管理 and the 审核 queue: the 全选 box in the table header ticks or clears every row's checkbox of the batch form.
// Progressive enhancement: the box is hidden in the HTML and shown here; without this file each row
// is ticked by hand.
(function () {
  'use strict';
  var boxes = document.querySelectorAll('input[data-select-all]');
  for (var i = 0; i < boxes.length; i++) wire(boxes[i]);

  function wire(all) {
    var name = all.getAttribute('data-select-all');
    var table = all.closest('table');
    if (!table) return;
    function rows() {
      return table.querySelectorAll('tbody input[type="checkbox"][name="' + name + '"]');
    }
    function refresh() {
      var list = rows();
      var ticked = 0;
      for (var j = 0; j < list.length; j++) if (list[j].checked) ticked++;
      all.checked = list.length > 0 && ticked === list.length;
      all.indeterminate = ticked > 0 && ticked < list.length;
    }
    all.hidden = false;
    all.addEventListener('change', function () {
      var list = rows();
      for (var j = 0; j < list.length; j++) list[j].checked = all.checked;
      all.indeterminate = false;
    });
    table.addEventListener('change', function (e) {
      if (e.target !== all) refresh();
    });
    refresh();
  }
})();
