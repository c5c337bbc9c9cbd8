// Keyboard navigation on lists and tables ("j"/"k" or arrows move, Enter opens the chosen
// row's link, "/" searches). No article text is ever inserted as markup: the server escapes
// it and this script only moves focus.
(function () {
  "use strict";
  function rows() {
    var list = document.querySelector(".keyed");
    return list ? Array.prototype.slice.call(list.querySelectorAll(":scope > li, :scope > tbody > tr")) : [];
  }
  var at = -1;
  function select(i) {
    var all = rows();
    if (!all.length) return;
    if (at >= 0 && all[at]) all[at].classList.remove("selected");
    at = Math.max(0, Math.min(all.length - 1, i));
    all[at].classList.add("selected");
    var link = all[at].querySelector("a");
    if (link) link.focus({ preventScroll: false });
  }
  document.addEventListener("keydown", function (e) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName);
    if (e.key === "/" && !typing) {
      var box = document.querySelector(".filters input[name=q], header .quick input");
      if (box) { e.preventDefault(); box.focus(); }
      return;
    }
    if (typing || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "j" || e.key === "ArrowDown") { if (rows().length) { e.preventDefault(); select(at + 1); } }
    else if (e.key === "k" || e.key === "ArrowUp") { if (rows().length) { e.preventDefault(); select(at - 1); } }
  });
})();
