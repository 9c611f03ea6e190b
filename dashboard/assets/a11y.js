/* Percorsi: accessible names for Dash 4 controls that render without one (axe: button-name,
   aria-input-field-name, aria-hidden-focus). A control `X` is named by the element `X-label`
   that the shell and pages already show beside it; nothing here changes what is displayed.
   A card's "Mostra tabella" and "Scarica CSV" buttons, the same words on every card, are
   described by the card's title, so a screen reader says which chart they belong to. */
(function () {
  function labelFor(el) {
    var host = el.closest("[id]");
    while (host) {
      var label = document.getElementById(host.id + "-label");
      if (label) { return label; }
      host = host.parentElement ? host.parentElement.closest("[id]") : null;
    }
    return null;
  }
  function name(el) {
    if (el.getAttribute("aria-label")) { return; }
    var label = labelFor(el);
    if (!label) { return; }
    var current = el.getAttribute("aria-labelledby") || (el.id || "");
    if ((" " + current + " ").indexOf(" " + label.id + " ") >= 0) { return; }
    // the visible label first, then what the control already names itself by (its values)
    el.setAttribute("aria-labelledby", (label.id + " " + current).trim());
  }
  var titles = 0;
  function describe(card) {
    var title = card.querySelector(".card-header h2");
    if (!title) { return; }
    if (!title.id) { titles += 1; title.id = "card-title-" + titles; }
    card.querySelectorAll("button[id*='table-toggle'], button[id*='csv-button']").forEach(
      function (el) { el.setAttribute("aria-describedby", title.id); }
    );
  }
  function fix() {
    document.querySelectorAll(".chart-card").forEach(describe);
    document.querySelectorAll("button[id], [role=slider], [role=combobox]").forEach(function (el) {
      name(el);
    });
    document.querySelectorAll("[aria-hidden=true] input, input[aria-hidden=true]").forEach(
      function (el) { el.setAttribute("tabindex", "-1"); }
    );
    document.querySelectorAll(".dash-dropdown-focus-target").forEach(function (el) {
      el.setAttribute("tabindex", "-1");
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fix(); });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
