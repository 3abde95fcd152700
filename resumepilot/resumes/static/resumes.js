// Resume pages: progress polling, Overleaf counting, import size checks, builder niceties.
// Every page works without this file; it only makes them quicker to use.
(function () {
  "use strict";

  // Error summaries take focus so screen readers and keyboard users land on them.
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) summary.focus();

  // A generation that is still rendering: long-poll its status (the server answers as soon as
  // it finishes, or after 3 s so the elapsed time below stays current), then show the result.
  var progress = document.getElementById("progress");
  if (progress) {
    var url = progress.getAttribute("data-status-url") + "?wait=3";
    var text = document.getElementById("progress-text");
    var started = Date.now();
    var delay = 100;
    var poll = function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (data && data.status !== "processing") {
            text.textContent = data.status === "completed" ? "Ready. Loading your resume…" : "The render failed.";
            window.location.reload();
            return;
          }
          var seconds = Math.round((Date.now() - started) / 1000);
          if (seconds >= 60) {
            text.textContent = "This is taking longer than usual (" + seconds + " s). You can leave this page; the resume keeps rendering and appears in your list.";
          } else if (seconds >= 3) {
            text.textContent = "Still rendering… " + seconds + " s";
          }
          window.setTimeout(poll, delay);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    window.setTimeout(poll, delay);
  }

  // "Open in Overleaf" posts straight to Overleaf; count it here without delaying it.
  document.querySelectorAll("form.res-overleaf").forEach(function (form) {
    form.addEventListener("submit", function () {
      var body = new FormData();
      body.append("csrf_token", form.getAttribute("data-csrf"));
      var countUrl = form.getAttribute("data-count-url");
      if (navigator.sendBeacon) {
        navigator.sendBeacon(countUrl, body);
      } else {
        fetch(countUrl, { method: "POST", body: body, credentials: "same-origin", keepalive: true });
      }
    });
  });

  // Refuse oversize files before uploading them.
  document.querySelectorAll("form.res-import").forEach(function (form) {
    var max = parseInt(form.getAttribute("data-max-bytes"), 10);
    var input = form.querySelector("input[type=file]");
    var error = form.querySelector(".field-error");
    var check = function () {
      var file = input.files && input.files[0];
      var tooBig = file && file.size > max;
      error.hidden = !tooBig;
      error.textContent = tooBig ? file.name + " is larger than " + Math.floor(max / 1000) + " kB; a JSON Resume is usually under 50 kB." : "";
      input.setAttribute("aria-invalid", tooBig ? "true" : "false");
      return !tooBig;
    };
    input.addEventListener("change", check);
    form.addEventListener("submit", function (event) {
      if (!check()) { event.preventDefault(); input.focus(); }
    });
  });

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  // Builder: the role's focus and suggested template follow the role picked.
  var role = document.getElementById("role_type");
  if (role) {
    var touched = false;
    document.querySelectorAll("input[name=template_name]").forEach(function (radio) {
      radio.addEventListener("change", function () { touched = true; });
    });
    role.addEventListener("change", function () {
      var option = role.options[role.selectedIndex];
      var suggested = option.getAttribute("data-template");
      document.getElementById("role-focus").textContent = option.getAttribute("data-focus") +
        " Sections follow this role's order after you save.";
      document.querySelectorAll("[data-suggested]").forEach(function (badge) {
        badge.hidden = badge.getAttribute("data-suggested") !== suggested;
      });
      if (!touched) {
        var radio = document.getElementById("tpl-" + suggested);
        if (radio) radio.checked = true;
      }
    });
  }

  // Builder: warn before leaving with unsaved edits.
  var builder = document.getElementById("builder");
  if (builder) {
    var dirty = false;
    builder.addEventListener("input", function () { dirty = true; });
    builder.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  }
})();
