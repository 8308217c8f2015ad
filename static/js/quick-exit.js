// The quick-exit link (templates/components/quick_exit.html): leave the page so that
// "back" does not return to it. Without this file the link still leaves the page.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-quick-exit]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    window.location.replace(link.href);
  });
})();
