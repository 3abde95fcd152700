// Cover letter pages: focus an error summary when the page comes back with one.
(function () {
  "use strict";
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) { summary.focus(); }
})();
