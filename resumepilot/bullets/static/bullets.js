// Bullets library: every button works in place (the server sends back the answer's card), and
// pointing at or focusing a bullet highlights the words of the answer it was written from.
// Without this script every button is a plain form post.
(function () {
  "use strict";

  var live = document.getElementById("bl-live");

  function announce(text) {
    if (!live || !text) return;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function updateChosen() {
    var chosen = document.getElementById("bl-chosen");
    if (chosen) chosen.textContent = document.querySelectorAll(".bl-item.is-selected").length;
    document.querySelectorAll(".bl-group").forEach(function (group) {
      var count = group.querySelector("[data-group-chosen]");
      if (count) count.textContent = group.querySelectorAll(".bl-item.is-selected").length;
    });
  }

  // Source spans are offsets in code points (Python's str); JS strings count UTF-16 units,
  // so slice an array of code points or emoji would shift the highlight.
  function highlight(card, item) {
    var box = card.querySelector("[data-transcript]");
    if (!box) return;
    var full = box.getAttribute("data-full");
    if (full === null) { full = box.textContent; box.setAttribute("data-full", full); }
    var chars = Array.from(full);
    box.textContent = "";
    card.querySelectorAll(".bl-item.is-source").forEach(function (n) { n.classList.remove("is-source"); });
    if (!item) { box.textContent = full; return; }
    var start = parseInt(item.getAttribute("data-start"), 10);
    var end = parseInt(item.getAttribute("data-end"), 10);
    if (isNaN(start) || isNaN(end) || end <= start) { box.textContent = full; return; }
    item.classList.add("is-source");
    box.appendChild(document.createTextNode(chars.slice(0, start).join("")));
    var mark = document.createElement("mark");
    mark.textContent = chars.slice(start, end).join("");
    box.appendChild(mark);
    box.appendChild(document.createTextNode(chars.slice(end).join("")));
  }

  function wire(card) {
    card.querySelectorAll(".bl-item[data-start]").forEach(function (item) {
      item.addEventListener("mouseenter", function () { highlight(card, item); });
      item.addEventListener("focusin", function () { highlight(card, item); });
    });
    card.querySelectorAll(".bl-items").forEach(function (list) {
      list.addEventListener("mouseleave", function () { highlight(card, null); });
    });
  }

  function focusAfter(card, key, action) {
    var id = key ? key.split(":")[0] : "";
    var wanted = {
      save: id + ":edit", delete: null, added: id + ":add",
      up: id + ":up", down: id + ":down"
    };
    var target = key;
    if (Object.prototype.hasOwnProperty.call(wanted, action)) target = wanted[action];
    var node = target && card.querySelector('[data-key="' + target + '"]');
    if (node && node.disabled) {
      // Moved to the top or bottom: the other arrow is the useful next step.
      node = card.querySelector('[data-key="' + id + (action === "up" ? ":down" : ":up") + '"]');
    }
    if (!node || node.disabled) node = card.querySelector(".bl-item button:not([disabled])");
    if (!node) node = card.querySelector("h3");
    node.focus();
  }

  function submit(form, submitter) {
    var card = form.closest(".bl-answer");
    if (submitter && submitter.getAttribute("data-confirm") &&
        !window.confirm(submitter.getAttribute("data-confirm"))) return;
    var data = new FormData(form);
    if (submitter && submitter.name) data.set(submitter.name, submitter.value);
    var key = submitter ? submitter.getAttribute("data-key") : null;
    var action = submitter && submitter.name === "action" ? submitter.value : (key || "").split(":")[1];
    card.setAttribute("aria-busy", "true");
    // getAttribute: form.action would be the button named "action", not the URL.
    fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin",
                         headers: { "X-Fragment": "answer" } })
      .then(function (response) {
        var type = response.headers.get("content-type") || "";
        return response.text().then(function (body) { return { type: type, body: body }; });
      })
      .then(function (r) {
        card.removeAttribute("aria-busy");
        if (r.type.indexOf("text/html") === -1) {
          var message = "That did not work. Reload the page and try again.";
          try { message = JSON.parse(r.body).error.message || message; } catch (e) { /* keep */ }
          announce(message);
          window.alert(message);
          return;
        }
        var holder = document.createElement("template");
        holder.innerHTML = r.body.trim(); // our own server-rendered, escaped card
        var fresh = holder.content.firstElementChild;
        card.replaceWith(fresh);
        wire(fresh);
        updateChosen();
        var status = fresh.querySelector(".bl-card-status");
        announce(status ? status.textContent.trim() : "");
        focusAfter(fresh, key, action);
      })
      .catch(function () {
        card.removeAttribute("aria-busy");
        announce("Could not reach ResumePilot. Nothing was changed; try again.");
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-bl-form")) return;
    event.preventDefault();
    submit(form, event.submitter);
  });

  document.querySelectorAll(".bl-answer").forEach(wire);
})();
