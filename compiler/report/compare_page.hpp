// The fixed parts of compare.html (compare_html.cpp fills in the title and the data). The script
// draws, from the data element "compare-data": one network map per plan (motes at their positions,
// coloured on one energy scale shared by every plan, a density grid past kGridAbove motes), and
// the table, sortable, with SI units; compare_charts.hpp's draws the plans over time.
// docs/compare-page.md says what each part shows.
#pragma once

namespace edgecut::compiler::page {

inline constexpr const char* kHead = R"page(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
)page";

inline constexpr const char* kStyle = R"page(
body { font: 14px/1.4 system-ui, sans-serif; margin: 20px; color: #222; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 24px 0 8px; }
.note { color: #666; font-size: 12px; }
.maps { display: flex; flex-wrap: wrap; gap: 16px; }
.map { border: 1px solid #ccc; border-radius: 4px; padding: 8px; }
.map h3 { font-size: 14px; margin: 0 0 4px; }
table { border-collapse: collapse; }
th, td { padding: 4px 10px; text-align: right; border-bottom: 1px solid #eee; }
th:first-child, td:first-child { text-align: left; }
th { cursor: pointer; user-select: none; background: #f6f6f6; }
th.sorted-up::after { content: " \25B2"; }
th.sorted-down::after { content: " \25BC"; }
tr.failed td { color: #b00; }
.legend text, .map text, .chart text { font-size: 11px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.chart { border: 1px solid #ccc; border-radius: 4px; padding: 8px; }
.chart h3 { font-size: 14px; margin: 0 0 4px; }
.key { margin-right: 14px; white-space: nowrap; }
.swatch { display: inline-block; width: 12px; height: 3px; margin: 0 4px 3px 0; vertical-align: middle; }
)page";

inline constexpr const char* kBody = R"page(<h1 id="title"></h1>
<p class="note" id="subtitle"></p>
<h2>Plans</h2>
<table id="plans"><thead></thead><tbody></tbody></table>
<p class="note">E = energy.instruction &#183; operations + transmit, in the plans' own units; joules under
the plan's radio. Click a column to sort.</p>
<h2>Over time</h2>
<div class="charts" id="charts"></div>
<div id="timeline-notes"></div>
<h2>Network maps</h2>
<div id="legend"></div>
<div class="maps" id="maps"></div>
)page";

inline constexpr const char* kScript = R"page(
"use strict";
const data = JSON.parse(document.getElementById("compare-data").textContent);
const SVG = "http://www.w3.org/2000/svg";
const kGridAbove = 1500;  // past this many motes a map shows a density grid, not every mote
const kGridCells = 48;
const kMapSize = 420;

function el(tag, attributes, parent, ns) {
  const node = ns ? document.createElementNS(SVG, tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
  if (parent) parent.appendChild(node);
  return node;
}

// 4290000 -> "4.29 M", 0.0013 with unit "J" -> "1.3 mJ".
function si(value, unit) {
  if (value === null || value === undefined) return "?";
  if (value === 0) return "0" + (unit ? " " + unit : "");
  const prefixes = [[1e9, "G"], [1e6, "M"], [1e3, "k"], [1, ""], [1e-3, "m"], [1e-6, "\u00b5"], [1e-9, "n"]];
  const magnitude = Math.abs(value);
  let [scale, prefix] = prefixes[prefixes.length - 1];
  for (const [s, p] of prefixes) if (magnitude >= s) { scale = s; prefix = p; break; }
  if (!unit && scale < 1) { scale = 1; prefix = ""; }
  const shown = Number((value / scale).toPrecision(3)).toString();
  return shown + (prefix || unit ? " " + prefix + (unit || "") : "");
}

// Viridis-like: low energy dark blue, high yellow.
const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
function colour(fraction) {
  const f = Math.min(1, Math.max(0, fraction)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(f));
  const t = f - i;
  const c = stops[i].map((v, k) => Math.round(v + (stops[i + 1][k] - v) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

document.getElementById("title").textContent = "edgecut compare: " + data.program;
const ran = data.plans.filter(plan => plan.status === "ran");
document.getElementById("subtitle").textContent =
  `${data.plans.length} plan${data.plans.length === 1 ? "" : "s"}, ${ran.length} ran; best (lowest E) first`;

// ---- the table ----
const columns = [
  ["plan", "plan", null], ["energy", "E", ""], ["instructions", "instructions", ""],
  ["transmit", "transmit", ""], ["messages", "messages", ""], ["integers", "integers", ""],
  ["bytes", "bytes", "B"], ["operations", "operations", ""], ["joules", "joules", "J"],
  ["energy_per_hour", "E/h", ""], ["lifetime_days", "lifetime (days)", ""], ["first_out", "first out", null],
  ["same_output", "same output", null], ["status", "status", null]];
const table = document.getElementById("plans");
const headRow = el("tr", {}, table.tHead);
const body = table.tBodies[0];
function cellValue(plan, key) {
  if (key === "plan") return plan.name;
  if (key === "status") return plan.status;
  if (!plan.row) return null;
  if (key === "same_output") return plan.row.same_output === null ? "" : plan.row.same_output ? "yes" : "differs";
  if (key === "first_out") return plan.row.first_out === null ? "" : "mote " + plan.row.first_out;
  return plan.row[key];
}
for (const plan of data.plans) {
  const row = el("tr", {"data-plan": plan.name, "data-energy": plan.row ? String(plan.row.energy) : ""}, body);
  if (plan.status !== "ran" || (plan.row && plan.row.same_output === false)) row.className = "failed";
  for (const [key, , unit] of columns) {
    const value = cellValue(plan, key);
    const cell = el("td", {"data-key": key}, row);
    cell.dataset.value = value === null || value === undefined ? "" : String(value);
    // No radio, no joules: "-" (unknown values are "?", as in compare's table).
    cell.textContent = unit === null ? (value === null ? "" : value)
                     : (key === "joules" || key === "lifetime_days") && plan.row && !plan.row.has_radio ? "-"
                     : si(value, unit);
    if (key === "status" && plan.failure) cell.title = plan.failure;
  }
}
columns.forEach(([key, label], index) => {
  const th = el("th", {"data-key": key}, headRow);
  th.textContent = label;
  th.addEventListener("click", () => {
    const up = !th.classList.contains("sorted-up");
    for (const other of headRow.children) other.classList.remove("sorted-up", "sorted-down");
    th.classList.add(up ? "sorted-up" : "sorted-down");
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = a.cells[index].dataset.value, y = b.cells[index].dataset.value;
      const nx = parseFloat(x), ny = parseFloat(y);
      const order = isNaN(nx) || isNaN(ny) ? x.localeCompare(y) : nx - ny;
      return up ? order : -order;
    });
    for (const row of rows) body.appendChild(row);
  });
});

// ---- the maps: one energy scale for every plan ----
let maxEnergy = 0, maxJoules = 0, maxBytes = 0;
for (const plan of ran) for (const m of plan.motes || []) {
  maxEnergy = Math.max(maxEnergy, m[3]);
  if (m[4] !== null) maxJoules = Math.max(maxJoules, m[4]);
  maxBytes = Math.max(maxBytes, m[5]);
}

const legend = el("svg", {width: 720, height: 46, class: "legend"}, document.getElementById("legend"), true);
const gradient = el("linearGradient", {id: "scale"}, el("defs", {}, legend, true), true);
stops.forEach((stop, i) => el("stop", {offset: i / (stops.length - 1), "stop-color": `rgb(${stop})`}, gradient, true));
el("rect", {x: 10, y: 6, width: 300, height: 12, fill: "url(#scale)"}, legend, true);
const legendText = (x, y, text, anchor) => {
  el("text", {x, y, "text-anchor": anchor || "start"}, legend, true).textContent = text;
};
legendText(10, 32, "0");
legendText(310, 32, si(maxEnergy, "") + " E" + (maxJoules > 0 ? " / " + si(maxJoules, "J") : ""), "end");
legendText(320, 16, "a mote's energy (its E; joules under the radio)");
legendText(10, 44, "\u25a0 base   \u25c6 cluster head   ring: ran program code   line: bytes sent to the next hop");

function drawMap(plan) {
  const box = el("div", {class: "map"}, document.getElementById("maps"));
  el("h3", {}, box).textContent = plan.name;
  if (plan.status !== "ran" || !plan.motes) {
    el("p", {class: "note"}, box).textContent =
      plan.status !== "ran" ? `${plan.status}: ${plan.failure || ""}` : `no map: ${plan.map_missing}`;
    return;
  }
  const motes = plan.motes;
  const svg = el("svg", {width: kMapSize, height: kMapSize, class: "network", "data-plan": plan.name,
                         "data-motes": motes.length}, box, true);
  // All at one point (a network without positions): lay the motes out in a square, in id order.
  let xs = motes.map(m => m[1]).concat([plan.base[0]]), ys = motes.map(m => m[2]).concat([plan.base[1]]);
  let minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
  let positions = motes.map(m => [m[1], m[2]]);
  let base = plan.base;
  if (maxX - minX === 0 && maxY - minY === 0) {
    const side = Math.ceil(Math.sqrt(motes.length + 1));
    positions = motes.map((m, i) => [(i + 1) % side, Math.floor((i + 1) / side)]);
    base = [0, 0];
    minX = 0; minY = 0; maxX = side - 1; maxY = Math.max(1, Math.floor(motes.length / side));
    el("p", {class: "note"}, box).textContent = "the network gives no positions: motes in id order";
  }
  const margin = 16, span = kMapSize - 2 * margin;
  const scale = span / Math.max(maxX - minX, maxY - minY, 1e-9);
  const px = x => margin + (x - minX) * scale, py = y => margin + (y - minY) * scale;
  const where = new Map();
  motes.forEach((m, i) => where.set(m[0], positions[i]));
  const routes = new Map(plan.routes);
  const grid = motes.length > kGridAbove;
  svg.setAttribute("data-mode", grid ? "grid" : "motes");
  if (grid) {
    const cells = new Map();
    const cell = span / kGridCells;
    motes.forEach((m, i) => {
      const cx = Math.min(kGridCells - 1, Math.floor((px(positions[i][0]) - margin) / cell));
      const cy = Math.min(kGridCells - 1, Math.floor((py(positions[i][1]) - margin) / cell));
      const key = cx * kGridCells + cy;
      const c = cells.get(key) || {n: 0, e: 0};
      c.n++; c.e += m[3];
      cells.set(key, c);
    });
    let most = 0;
    for (const c of cells.values()) most = Math.max(most, c.n);
    for (const [key, c] of cells) {
      const r = el("rect", {x: margin + Math.floor(key / kGridCells) * cell, y: margin + (key % kGridCells) * cell,
                            width: cell, height: cell, fill: colour(c.e / c.n / (maxEnergy || 1)),
                            "fill-opacity": 0.6 + 0.4 * c.n / most, class: "cell"}, svg, true);
      el("title", {}, r, true).textContent = `${c.n} motes, mean E ${si(c.e / c.n, "")}`;
    }
    el("p", {class: "note"}, box).textContent =
      `${motes.length} motes in a ${kGridCells}\u00d7${kGridCells} grid: colour the cell's mean E, ` +
      "opacity how many motes";
  } else {
    for (const m of motes) {
      if (maxBytes <= 0 || m[5] <= 0) continue;
      const to = routes.has(m[0]) ? routes.get(m[0]) : 0;
      const [x2, y2] = to === 0 ? base : (where.get(to) || base);
      const [x1, y1] = where.get(m[0]);
      el("line", {x1: px(x1), y1: py(y1), x2: px(x2), y2: py(y2), stroke: "#999", "stroke-opacity": 0.6,
                  "stroke-width": (0.5 + 5 * m[5] / maxBytes).toFixed(2), class: "link"}, svg, true);
    }
    const radius = motes.length > 200 ? 3 : 7;
    for (const m of motes) {
      const [x, y] = where.get(m[0]);
      const fill = colour(m[3] / (maxEnergy || 1));
      let shape;
      if (m[7]) {
        const r = radius + 2;
        shape = el("polygon", {points: `${px(x)},${py(y) - r} ${px(x) + r},${py(y)} ${px(x)},${py(y) + r} ` +
                                        `${px(x) - r},${py(y)}`, fill, class: "mote head"}, svg, true);
      } else {
        shape = el("circle", {cx: px(x), cy: py(y), r: radius, fill, class: "mote"}, svg, true);
      }
      if (m[6]) { shape.setAttribute("stroke", "#000"); shape.setAttribute("stroke-width", 1.5); }
      el("title", {}, shape, true).textContent =
        `mote ${m[0]}: E ${si(m[3], "")}` + (m[4] !== null ? `, ${si(m[4], "J")}` : "") +
        `, ${m[5]} bytes sent` + (m[6] ? ", ran program code" : "") + (m[7] ? ", cluster head" : "");
    }
  }
  const b = el("rect", {x: px(base[0]) - 6, y: py(base[1]) - 6, width: 12, height: 12, fill: "#000",
                        class: "base"}, svg, true);
  el("title", {}, b, true).textContent = "the base";
}
for (const plan of data.plans) drawMap(plan);
)page";

}  // namespace edgecut::compiler::page
