// The recommendation form: show the fields of the chosen way of naming the person.
(function () {
  var form = document.querySelector("[data-recommendation-form]");
  if (!form) {
    return;
  }
  function update() {
    var checked = form.querySelector('input[name="mode"]:checked');
    var mode = checked ? checked.value : "new";
    form.querySelectorAll("[data-mode-panel]").forEach(function (panel) {
      panel.classList.toggle("d-none", panel.getAttribute("data-mode-panel") !== mode);
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "mode") {
      update();
    }
  });
  update();
})();
