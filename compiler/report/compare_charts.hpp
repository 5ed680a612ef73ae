// The part of compare.html's script that draws the plans over network time (docs/compare-page.md,
// "Over time"): cumulative E and messages per minute, one line per plan on shared axes, from each
// plan's "timeline" (the report's, runtime/include/edgecut/runtime/report_keys.hpp), and where the
// plan's battery runs out first. It runs after page::kScript, whose el(), si(), data and ran it uses.
#pragma once

namespace edgecut::compiler::page {

inline constexpr const char* kChartsScript = R"page(
// ---- over time ----
const palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
const timed = ran.filter(plan => plan.timeline);
const timeNotes = document.getElementById("timeline-notes");
// One note per reason, naming its plans: four plans without network time make one line, not four.
const missing = new Map();
for (const plan of ran)
  if (!plan.timeline) missing.set(plan.timeline_missing, (missing.get(plan.timeline_missing) || []).concat([plan.name]));
for (const [why, names] of missing) el("p", {class: "note"}, timeNotes).textContent = `${names.join(", ")}: no curves, ${why}`;

// 0, then steps of `step` up to `max` and one past it.
function stepsTo(max, step) {
  const out = [0];
  while (out[out.length - 1] < max * (1 - 1e-9)) out.push(out.length * step);
  return out;
}
// About `count` ticks of 1, 2 or 5 times a power of ten.
function ticks(max, count) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count, power = Math.pow(10, Math.floor(Math.log10(raw)));
  return stepsTo(max, [1, 2, 5, 10].map(m => m * power).find(s => s >= raw * (1 - 1e-9)));
}

// Seconds in the unit that suits the run's length.
const longest = Math.max(0, ...timed.map(plan => plan.timeline.duration_s));
const [timeUnit, timeScale] = longest > 3 * 86400 ? ["days", 86400] : longest > 3 * 3600 ? ["hours", 3600]
                            : longest > 180 ? ["minutes", 60] : ["seconds", 1];

// Hours and minutes tick as clocks do (24 hours in steps of 3, not 0 to 25 in steps of 5).
function timeTicks(max) {
  const clock = {hours: [1, 2, 3, 6, 12, 24, 48, 72], minutes: [1, 2, 5, 10, 15, 30, 60, 120, 180]}[timeUnit];
  const step = clock && clock.find(s => max / s <= 8);
  return step ? stepsTo(max, step) : ticks(max, 6);
}

// Each bucket's span in seconds: i·w to (i+1)·w, the last cut at the run's end.
function spans(t) {
  return t.messages.map((_, i) => [i * t.bucket_s, Math.min((i + 1) * t.bucket_s, Math.max(t.duration_s, i * t.bucket_s))]);
}

function chart(title, unit, series, marks) {
  const box = el("div", {class: "chart"}, document.getElementById("charts"));
  el("h3", {}, box).textContent = title;
  const width = 640, height = 300, left = 64, right = 16, top = 12, bottom = 40;
  const svg = el("svg", {width, height, class: "timeline"}, box, true);
  const xTicks = timeTicks(longest / timeScale), xMax = xTicks[xTicks.length - 1] * timeScale;
  const yTicks = ticks(Math.max(0, ...series.flatMap(s => s.points.map(p => p[1]))), 5), yMax = yTicks[yTicks.length - 1];
  const px = t => left + (width - left - right) * t / (xMax || 1);
  const py = y => height - bottom - (height - top - bottom) * y / (yMax || 1);
  for (const y of yTicks) {
    el("line", {x1: left, x2: width - right, y1: py(y), y2: py(y), stroke: "#eee"}, svg, true);
    el("text", {x: left - 4, y: py(y) + 4, "text-anchor": "end"}, svg, true).textContent = si(y, unit);
  }
  for (const t of xTicks) {
    el("text", {x: px(t * timeScale), y: height - bottom + 16, "text-anchor": "middle"}, svg, true).textContent = Number(t.toPrecision(6));
  }
  el("text", {x: (left + width - right) / 2, y: height - 4, "text-anchor": "middle"}, svg, true).textContent =
    `network time (${timeUnit})`;
  el("path", {d: `M${left},${top}V${height - bottom}H${width - right}`, stroke: "#333", fill: "none"}, svg, true);
  for (const s of series) {
    const line = el("polyline", Object.assign({points: s.points.map(p => `${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join(" "),
                                               fill: "none", stroke: s.colour, "stroke-width": 2, class: "series",
                                               "data-plan": s.plan}, s.data), svg, true);
    el("title", {}, line, true).textContent = s.plan;
  }
  for (const m of marks || []) {
    // Inside the run: a dashed line at the time; past its end (the usual case), an arrow at the
    // edge, at the height the plan's line ends.
    const inside = m.seconds <= xMax;
    const x = inside ? px(m.seconds) : width - right;
    const mark = el("g", {class: "first-out", "data-plan": m.plan, "data-days": String(m.days), "data-mote": m.mote}, svg, true);
    if (inside) el("line", {x1: x, x2: x, y1: top, y2: height - bottom, stroke: m.colour, "stroke-dasharray": "4 3"}, mark, true);
    else el("path", {d: `M${x - 8},${py(m.value) - 5}L${x},${py(m.value)}L${x - 8},${py(m.value) + 5}Z`,
                     fill: m.colour}, mark, true);
    el("title", {}, mark, true).textContent = `${m.plan}: mote ${m.mote} runs out first, after ${si(m.days, "")} days`;
  }
  const legend = el("div", {class: "note"}, box);
  series.forEach(s => {
    const item = el("span", {class: "key"}, legend);
    el("span", {class: "swatch", style: `background:${s.colour}`}, item);
    item.appendChild(document.createTextNode(s.label || s.plan));
  });
  return svg;
}

if (timed.length > 0) {
  const colourOf = new Map(ran.map((plan, i) => [plan.name, palette[i % palette.length]]));
  // Cumulative E at each bucket's end, from 0 at the start; a report that does not know E over time
  // (a mote's stats are lost) gets no line, and a note.
  const energy = [], marks = [];
  for (const plan of timed) {
    const t = plan.timeline;
    if (t.energy === null) {
      el("p", {class: "note"}, timeNotes).textContent = `${plan.name}: E over time is unknown (a mote's stats are lost)`;
      continue;
    }
    let sum = 0;
    const points = [[0, 0]];
    spans(t).forEach(([, end], i) => { sum += t.energy[i]; points.push([end, sum]); });
    const days = plan.row.lifetime_days, first = plan.row.first_out;
    energy.push({plan: plan.name, colour: colourOf.get(plan.name), points,
                 label: plan.name + (days !== null ? ` (mote ${first} out after ${si(days, "")} days)` : ""),
                 data: {"data-buckets": t.energy.length, "data-total": String(sum)}});
    if (days !== null) marks.push({plan: plan.name, colour: colourOf.get(plan.name), days, mote: first,
                                   seconds: days * 86400, value: sum});
  }
  chart("Cumulative E", "", energy, marks);
  // Messages per minute, a step per bucket.
  const rates = timed.map(plan => {
    const t = plan.timeline;
    const points = [];
    let messages = 0;
    spans(t).forEach(([start, end], i) => {
      const rate = end > start ? t.messages[i] / ((end - start) / 60) : 0;
      points.push([start, rate], [end, rate]);
      messages += t.messages[i];
    });
    return {plan: plan.name, colour: colourOf.get(plan.name), points,
            data: {"data-buckets": t.messages.length, "data-messages": String(messages)}};
  });
  chart("Messages per minute", "", rates, []);
  el("p", {class: "note"}, timeNotes).textContent =
    `buckets of ${timed.map(plan => plan.name + ": " + si(plan.timeline.bucket_s, "s")).join(", ")}; ` +
    "E in the plans' units; a triangle or dashed line marks where a plan's battery runs out first";
}
)page";

}  // namespace edgecut::compiler::page
