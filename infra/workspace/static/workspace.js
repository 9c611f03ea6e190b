// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // A second click while the first submit is on its way sends nothing (the server's
  // idempotency key already makes a repeat harmless; this only saves a round trip).
  document.querySelectorAll("form[method=post]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent === "1") { event.preventDefault(); return; }
      form.dataset.sent = "1";
    });
  });
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { if (select.value) select.form.submit(); });
  });
  var summary = document.getElementById("error-summary") || document.getElementById("conflict");
  if (summary) { summary.setAttribute("tabindex", "-1"); summary.focus(); }
});
