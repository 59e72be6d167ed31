/* Meetings pages: print button, confirmations, default invitations. Loaded as a file so
   that the strict CSP (script-src 'self') holds. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // New or edited meeting: a plenary or liaison meeting invites every unit; a
  // special-topic meeting starts from none, so that staff tick the units concerned.
  var form = document.querySelector("form[data-meeting-form]");
  var kind = form && form.querySelector("select[name=kind]");
  if (kind) {
    kind.addEventListener("change", function () {
      var all = kind.value === "plenary" || kind.value === "liaison";
      form.querySelectorAll("input[name=invited_units]").forEach(function (box) {
        box.checked = all;
      });
    });
  }
})();
