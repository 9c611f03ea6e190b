/* Percorsi: a card's table on request (components/tables.py, ADR 0029).

   A page draws its charts at once; each chart's AG Grid waits in a store until the reader asks
   for it ("Mostra tabella"), because four grids drawn with four charts were 30 % of a heavy
   page's main-thread time. Which tables are open is kept for the tab (store `tables-open`), so
   a filter or language change that redraws the page leaves them open.
   The CSV is written here from the same store: the text each cell shows (`_text`, numbers by
   Babel, "soppresso" for a suppressed cell, formulas neutralised on the server), one header of
   column names, so the download never needs the grid to be drawn. */
(function () {
  var ns = (window.dash_clientside = window.dash_clientside || {});

  function grid(spec) {
    return {
      type: "AgGrid",
      namespace: "dash_ag_grid",
      props: {
        id: spec.table + "-grid",
        rowData: spec.rowData,
        columnDefs: spec.columnDefs,
        defaultColDef: spec.defaultColDef,
        dashGridOptions: spec.dashGridOptions,
        style: spec.style,
      },
    };
  }

  function quoted(text) {
    return '"' + String(text).replace(/"/g, '""') + '"';
  }

  function csv(spec) {
    var fields = spec.columnDefs.map(function (c) { return c.field; });
    var lines = [spec.columnDefs.map(function (c) { return quoted(c.headerName); }).join(",")];
    spec.rowData.forEach(function (row) {
      lines.push(fields.map(function (f) { return quoted(row._text[f] || ""); }).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  ns.percorsi_tables = {
    toggle: function (clicks, spec, open) {
      var shown = (open || []).indexOf(spec.table) >= 0;
      var ctx = ns.callback_context;
      var clicked = ctx && ctx.triggered && ctx.triggered.some(function (t) {
        return t.prop_id.indexOf("n_clicks") >= 0 && t.value;
      });
      if (clicked) {
        shown = !shown;
        var rest = (open || []).filter(function (id) { return id !== spec.table; });
        ns.set_props("tables-open", { data: shown ? rest.concat([spec.table]) : rest });
      }
      return [
        shown ? grid(spec) : null,
        shown ? spec.labels.hide : spec.labels.show,
        shown ? "true" : "false",
      ];
    },
    download: function (clicks, spec) {
      if (!clicks) { return; }
      var blob = new Blob([csv(spec)], { type: "text/csv;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = spec.table + ".csv";
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    },
  };
})();
