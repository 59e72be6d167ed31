// The "add a row" button of the repeating sections: copy the empty row and number it.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-formset-add]");
  if (!button) {
    return;
  }
  var prefix = button.getAttribute("data-formset-add");
  var box = document.querySelector('[data-formset="' + prefix + '"]');
  var total = box.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
  var index = parseInt(total.value, 10);
  var html = box.querySelector("template[data-formset-empty]").innerHTML.replace(/__prefix__/g, String(index));
  box.querySelector("[data-formset-rows]").insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  var first = box.querySelectorAll("[data-formset-row]")[index].querySelector("input:not([type=hidden]), select");
  if (first) {
    first.focus();
  }
});
