// Interviews: the chat answers without a page reload, and the start form shows the job title
// field only for "Other". Without this script both pages work as plain forms.
(function () {
  "use strict";

  var LABELS = { skip: "Skipped this question", rephrase: "Asked for a rephrase",
                 back: "Went back", finish: "Finished the interview" };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text; // never innerHTML: answers may hold markup
    return node;
  }

  // Start form: the free title matters only for the role "other".
  var role = document.getElementById("role");
  var titleField = document.getElementById("title-field");
  if (role && titleField) {
    var sync = function () { titleField.hidden = role.value !== "other"; };
    role.addEventListener("change", function () {
      sync();
      if (role.value === "other") document.getElementById("title").focus();
    });
    sync();
  }

  // "I work here now" means there is no end date to type.
  var current = document.querySelector('input[name="current"]');
  var end = document.getElementById("end");
  if (current && end) {
    var syncEnd = function () { end.disabled = current.checked; if (current.checked) end.value = ""; };
    current.addEventListener("change", syncEnd);
    syncEnd();
  }

  var form = document.getElementById("iv-form");
  if (!form) {
    // Just finished here: put the focus on the summary, as a screen reader user expects.
    var done = document.querySelector("#iv-done h2");
    if (done && window.sessionStorage && sessionStorage.getItem("iv-finished")) {
      sessionStorage.removeItem("iv-finished");
      done.setAttribute("tabindex", "-1");
      done.focus();
    }
    return;
  }
  var log = document.getElementById("iv-log");
  var turns = document.getElementById("iv-turns");
  var textarea = document.getElementById("answer");
  var turnInput = document.getElementById("iv-turn-number");
  var typing = document.getElementById("iv-typing");
  var errorBox = document.getElementById("answer-error");
  var counter = document.getElementById("answer-count");
  var notices = document.getElementById("iv-notices");
  var answers = document.getElementById("iv-answers");
  var max = parseInt(form.getAttribute("data-max"), 10) || 5000;
  var busy = false;

  var thinking = document.getElementById("iv-thinking");

  function scrollToEnd() { log.scrollTop = log.scrollHeight; }
  scrollToEnd();
  // The answer box is where every visit continues (autofocus alone is skipped after a reload).
  if (document.activeElement !== textarea) textarea.focus();

  function updateCounter() {
    var n = Array.from(textarea.value).length;
    if (n < max * 0.8) { counter.textContent = ""; counter.classList.remove("over"); return; }
    counter.textContent = n.toLocaleString() + " / " + max.toLocaleString() + " characters" +
      (n > max ? ": only the first " + max.toLocaleString() + " will be kept" : "");
    counter.classList.toggle("over", n > max);
  }
  textarea.addEventListener("input", updateCounter);
  updateCounter();

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
    if (message) textarea.setAttribute("aria-invalid", "true");
    else textarea.removeAttribute("aria-invalid");
  }

  function setBusy(on) {
    busy = on;
    form.setAttribute("aria-busy", on ? "true" : "false");
    typing.hidden = !on;
    if (thinking) thinking.textContent = on ? "The interviewer is thinking…" : "";
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = on; });
    if (on) scrollToEnd();
  }

  function addTurn(turn) {
    if (document.getElementById("turn-" + turn.turn_number)) return;
    var li = el("li", "iv-turn is-new iv-" + turn.speaker + (turn.command ? " iv-command" : ""));
    li.id = "turn-" + turn.turn_number;
    li.appendChild(el("span", "iv-who", turn.speaker === "ai" ? "Interviewer" : "You"));
    var p = el("p", "iv-msg");
    if (turn.command) p.appendChild(el("em", "", LABELS[turn.command] || turn.message));
    else p.textContent = turn.message;
    li.appendChild(p);
    turns.appendChild(li);
  }

  function showNotices(list) {
    notices.textContent = "";
    (list || []).forEach(function (text) { notices.appendChild(el("p", "notice notice-info", text)); });
  }

  function showAnswer(answer) {
    if (!answer) return;
    var empty = document.getElementById("iv-no-answers");
    if (empty) empty.remove();
    var box = answers.querySelector('[data-answer-id="' + answer.id + '"]');
    if (!box) {
      box = el("section", "iv-answer");
      box.setAttribute("data-answer-id", answer.id);
      answers.appendChild(box);
    }
    box.textContent = "";
    box.classList.add("is-new");
    box.appendChild(el("h3", "", answer.question));
    if (answer.bullets.length) {
      var ul = el("ul");
      answer.bullets.forEach(function (b) { ul.appendChild(el("li", "", b.text)); });
      box.appendChild(ul);
    } else {
      box.appendChild(el("p", "muted small", "No bullets from this answer yet."));
    }
  }

  function showProgress(iv) {
    var bar = document.getElementById("iv-progress-bar");
    var label = document.getElementById("iv-progress-label");
    bar.max = iv.progress.topics;
    bar.value = iv.status === "completed" ? iv.progress.topics : iv.progress.topic;
    label.textContent = "Topic " + iv.progress.topic + " of " + iv.progress.topics;
  }

  function finished() {
    // The server renders the finished interview (summary, links); load it fresh.
    try { sessionStorage.setItem("iv-finished", "1"); } catch (e) { /* private mode */ }
    window.location.replace(window.location.pathname);
  }

  function send(command) {
    if (busy) return;
    var text = textarea.value;
    if (!command && !text.trim()) {
      showError("Type an answer first, or choose Skip to move on to another question.");
      textarea.focus();
      return;
    }
    showError("");
    var data = new FormData(form);
    data.set("command", command || "");
    setBusy(true);
    fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin",
                         headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { ok: response.ok, status: response.status, body: body };
        });
      })
      .then(function (r) {
        setBusy(false);
        if (!r.ok) {
          var err = r.body.error || {};
          var message = err.fields ? Object.values(err.fields)[0] : err.message;
          showError(message || "Something went wrong. Your answer is still here; please try again.");
          if (r.status === 409) {
            var link = el("a", "", " Reload to see the latest.");
            link.href = window.location.pathname;
            errorBox.appendChild(link);
          }
          textarea.focus();
          return;
        }
        var result = r.body;
        result.new_turns.forEach(addTurn);
        showAnswer(result.answer);
        showNotices(result.notices);
        showProgress(result.interview);
        scrollToEnd();
        if (!result.question || result.interview.next_turn_number === null) { finished(); return; }
        turnInput.value = result.interview.next_turn_number;
        textarea.value = "";
        updateCounter();
        textarea.focus();
      })
      .catch(function () {
        setBusy(false);
        // The same turn number goes with a retry, so a resend is never stored twice.
        showError("Could not reach ResumePilot. Your answer is still here; try again.");
        textarea.focus();
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = event.submitter;
    send(button && button.name === "command" ? button.value : "");
  });
  textarea.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send("");
    }
  });
})();
