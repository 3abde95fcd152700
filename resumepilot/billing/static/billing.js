// Shows the payment-problem banner on pages that do not render it themselves.
(function () {
  "use strict";
  var slot = document.getElementById("billing-banner");
  if (!slot || !window.fetch) return;
  fetch("/billing/alert", { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.status === 200 ? r.json() : null; })
    .then(function (alert) {
      if (!alert) return;
      var text = document.createElement("p");
      text.textContent = alert.message;
      var link = document.createElement("a");
      link.className = "button button-small";
      link.href = /^(https?:\/\/|\/)/.test(alert.fix_url) ? alert.fix_url : "/billing";
      link.textContent = alert.fix_label;
      slot.className = "billing-banner billing-banner-" + alert.kind;
      slot.setAttribute("role", "alert");
      slot.appendChild(text);
      slot.appendChild(link);
      slot.hidden = false;
    })
    .catch(function () { /* a banner is a nicety; the billing page still shows the problem */ });
})();
