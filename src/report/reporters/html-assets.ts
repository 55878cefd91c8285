// The HTML report's only style and script, inlined: the file opens offline and loads nothing.

export const STYLE = `
:root { --fg: #1b1f24; --muted: #5b6570; --line: #d8dee4; --bg: #ffffff; --soft: #f5f7f9;
  --pass: #1a7f37; --fail: #c62828; --warn: #9a6700; --sim: #fff4ce; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header, main { max-width: 1200px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 15px; margin: 16px 0 6px; }
.muted { color: var(--muted); }
.banner { padding: 10px 14px; border-radius: 6px; margin: 10px 0; font-weight: 600; }
.banner.sim { background: var(--sim); border: 1px solid #e7c65b; }
.banner.ok { background: #dafbe1; border: 1px solid #7fd28f; }
.banner.bad { background: #ffebe9; border: 1px solid #f19c9c; }
.banner.none { background: var(--soft); border: 1px solid var(--line); font-weight: 400; }
.banner ul { margin: 6px 0 0; padding-left: 20px; font-weight: 400; }
nav { position: sticky; top: 0; background: var(--bg); border-bottom: 1px solid var(--line); padding: 6px 0; z-index: 2; }
nav a { margin-right: 14px; color: #0969da; text-decoration: none; }
.decisions { display: grid; gap: 8px; margin: 8px 0; }
.decision { border: 1px solid var(--line); border-left: 4px solid #0969da; border-radius: 6px; padding: 6px 12px; }
.decision.regressed { border-left-color: var(--fail); }
.decision h3 { margin: 2px 0 4px; } .decision ul { margin: 0; padding-left: 18px; } .decision li { margin: 2px 0; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
.pass { color: var(--pass); font-weight: 600; } .fail { color: var(--fail); font-weight: 600; } .err { color: var(--warn); font-weight: 600; }
.better { color: var(--pass); } .worse { color: var(--fail); } .inconclusive { color: var(--warn); } .equivalent { color: var(--muted); }
.banner.open { background: #fff8c5; border: 1px solid #d4a72c; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.chart-card { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
.chart-card figcaption { font-weight: 600; margin-bottom: 2px; }
svg.chart .grid { stroke: #eef1f4; } svg.chart .axis { stroke: #8c959f; }
svg.chart .tick, svg.chart .axis-title { font-size: 10px; fill: var(--muted); }
svg.chart .label { font-size: 10px; fill: var(--fg); }
svg.chart .interval, svg.chart .cap { stroke-width: 2; opacity: 0.7; }
.legend span { display: inline-block; margin-right: 12px; } .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; }
details.suite { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; padding: 4px 10px; }
details.suite > summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
table.cases td { max-width: 420px; }
pre.out { white-space: pre-wrap; word-break: break-word; margin: 2px 0; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: 4px 6px; border-radius: 4px; max-height: 240px; overflow: auto; }
.reasons { color: var(--muted); font-size: 12px; margin: 2px 0 0; padding-left: 16px; }
.filters { margin: 8px 0; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
.filters input[type=search] { padding: 4px 8px; min-width: 240px; }
.tag.regressed { background: #ffebe9; border-color: #f19c9c; color: var(--fail); }
.tag { display: inline-block; font-size: 11px; background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 0 6px; margin-left: 4px; }
footer { max-width: 1200px; margin: 30px auto; padding: 0 20px; color: var(--muted); font-size: 12px; }
@media print { nav, .filters { display: none; } details.suite { break-inside: avoid; } }
`;

/** Case filters only; the report is complete without script. Reads and writes no HTML, only classes and `hidden`. */
export const SCRIPT = `
(function () {
  "use strict";
  var only = document.getElementById("only-interesting");
  var search = document.getElementById("case-search");
  if (!only || !search) return;
  function apply() {
    var text = search.value.trim().toLowerCase();
    var rows = document.querySelectorAll("tr.case");
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var hide = (only.checked && !row.classList.contains("interesting")) ||
        (text !== "" && row.textContent.toLowerCase().indexOf(text) < 0);
      row.hidden = hide;
      if (!hide) shown++;
    }
    var count = document.getElementById("case-count");
    if (count) count.textContent = shown + " of " + rows.length + " shown";
    if (text !== "") {
      var open = document.querySelectorAll("details.suite");
      for (var j = 0; j < open.length; j++) open[j].open = true;
    }
  }
  only.addEventListener("change", apply);
  search.addEventListener("input", apply);
  apply();
})();
`;
