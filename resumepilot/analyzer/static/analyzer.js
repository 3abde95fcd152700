// The analyzer's upload form: refuse a file over the limit before sending it, show progress,
// and move focus to an error summary when the page comes back with one.
(function () {
  "use strict";
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) { summary.focus(); }
  var form = document.querySelector("form[data-max-bytes]");
  if (!form) { return; }
  var input = form.querySelector("input[type=file]");
  var error = form.querySelector(".field-error");
  var progress = form.querySelector(".an-progress");
  var max = parseInt(form.getAttribute("data-max-bytes"), 10);
  form.addEventListener("submit", function (event) {
    var file = input.files && input.files[0];
    if (file && max && file.size > max) {
      event.preventDefault();
      error.textContent = "This file is " + (file.size / 1e6).toFixed(1) + " MB; resumes up to " +
        (max / 1e6).toFixed(1) + " MB can be read. Export it without large images and try again.";
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    error.hidden = true;
    input.removeAttribute("aria-invalid");
    if (progress) { progress.hidden = false; }
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; button.textContent = "Analyzing…"; }
  });
})();
