/* sitroom situation room.
 * Article and comment text is hostile: every piece of data reaches the DOM through textContent,
 * createTextNode or setAttribute on inert attributes, never through innerHTML. Leaflet's string
 * options that become HTML (tooltips, divIcon html) get DOM elements we built, never strings. */
"use strict";

const TYPES = {
  "Battles": { color: "#d62728", shape: "circle" },
  "Explosions/Remote violence": { color: "#ff7f0e", shape: "triangle" },
  "Violence against civilians": { color: "#9467bd", shape: "diamond" },
  "Protests": { color: "#2ca02c", shape: "square" },
  "Riots": { color: "#8c564b", shape: "square" },
  "Strategic developments": { color: "#1f77b4", shape: "star" },
};
const OTHER = { color: "#7b8794", shape: "circle" };
const SVGNS = "http://www.w3.org/2000/svg";
const DAY = 86400000;

const state = { events: [], shown: [], brush: null, selected: null, control: [], controlDates: [], settings: {} };
let map, markerLayer, controlLayer;

// -- small DOM helpers -------------------------------------------------------------------------
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k === "style") e.style.cssText = v;  // CSSOM, not an inline style attribute: CSP allows it
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const kid of kids) if (kid != null) e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  return e;
}
function svg(tag, attrs) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
const $ = (id) => document.getElementById(id);
const style = (t) => TYPES[t] || OTHER;
const toll = (ev) => (ev.fatalities && ev.fatalities.best) || 0;
const day = (s) => (s ? Date.UTC(+s.slice(0, 4), (+s.slice(5, 7) || 1) - 1, +s.slice(8, 10) || 1) : null);
const iso = (t) => new Date(t).toISOString().slice(0, 10);
function status(msg) { $("status").textContent = msg || ""; }

async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of params || []) url.searchParams.append(k, v);
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  if (!r.ok) throw new Error(`${r.status} ${(await r.text()).slice(0, 200)}`);
  return r.json();
}

// -- filters -----------------------------------------------------------------------------------
function filterParams(withBox = true) {
  const p = [];
  for (const [id, name] of [["f-from", "from"], ["f-to", "to"], ["f-type", "type"], ["f-actor", "actor"],
                            ["f-place", "place"], ["f-q", "q"]]) {
    const v = $(id).value.trim();
    if (v) p.push([name, v]);
  }
  if (withBox && $("f-bbox").checked && map) p.push(["bbox", map.getBounds().toBBoxString()]);
  return p;
}

async function load() {
  status("loading…");
  try {
    const data = await api("/api/events", filterParams());
    state.events = data.events;
    state.brush = null;
    applyBrush();
    status(!data.count ? "No events match this filter."
      : data.count > data.events.length ? `Showing the first ${data.events.length} of ${data.count} events: narrow the filter to see the rest.` : "");
  } catch (e) { status(`Could not load events: ${e.message}`); }
  await loadControl();
}

// -- map ---------------------------------------------------------------------------------------
function shapeSvg(shape, color, r) {
  const s = svg("svg", { width: 2 * r + 2, height: 2 * r + 2, viewBox: `${-r - 1} ${-r - 1} ${2 * r + 2} ${2 * r + 2}` });
  const common = { fill: color, "fill-opacity": "0.8", stroke: "#222", "stroke-width": "1" };
  let node;
  if (shape === "square") node = svg("rect", { x: -r * 0.85, y: -r * 0.85, width: r * 1.7, height: r * 1.7, ...common });
  else if (shape === "triangle") node = svg("polygon", { points: `0,${-r} ${r},${r * 0.8} ${-r},${r * 0.8}`, ...common });
  else if (shape === "diamond") node = svg("polygon", { points: `0,${-r} ${r},0 0,${r} ${-r},0`, ...common });
  else if (shape === "star") {
    const pts = [];
    for (let i = 0; i < 10; i++) {
      const a = Math.PI / 5 * i - Math.PI / 2, rr = i % 2 ? r * 0.45 : r;
      pts.push(`${(rr * Math.cos(a)).toFixed(1)},${(rr * Math.sin(a)).toFixed(1)}`);
    }
    node = svg("polygon", { points: pts.join(" "), ...common });
  } else node = svg("circle", { r, cx: 0, cy: 0, ...common });
  s.append(node);
  return s;
}

const radius = (ev) => 6 + Math.min(16, 2.2 * Math.sqrt(toll(ev)));

function initMap() {
  map = L.map("map", { worldCopyJump: true, preferCanvas: false }).setView([35, 39], 6);
  if (state.settings.tile_url) {
    L.tileLayer(state.settings.tile_url, { maxZoom: 18, attribution: "tiles: see settings" }).addTo(map);
  }
  fetch("/static/vendor/basemap/countries-50m.geojson").then((r) => r.json()).then((geo) => {
    L.geoJSON(geo, { style: { color: "#7b8794", weight: 1, fillColor: "#f5f1e6", fillOpacity: state.settings.tile_url ? 0 : 1 },
                     interactive: false }).addTo(map).bringToBack();
    $("map").dataset.basemap = "loaded";
  });
  markerLayer = L.layerGroup().addTo(map);
  controlLayer = L.layerGroup().addTo(map);
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Natural Earth");
  addLegend();
  map.on("moveend", () => { if ($("f-bbox").checked) load(); });
}

function addLegend() {
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => {
    const box = el("div", { class: "legend", id: "legend" }, el("strong", { text: "Event type" }));
    for (const [name, st] of Object.entries(TYPES)) box.append(el("div", {}, shapeSvg(st.shape, st.color, 6), name));
    box.append(el("div", { class: "meta", text: "size: reconciled deaths (best)" }));
    return box;
  };
  legend.addTo(map);
}

function drawMarkers() {
  markerLayer.clearLayers();
  const seen = new Map();
  for (const ev of state.shown) {
    const loc = ev.location;
    if (!loc || loc.lat == null || loc.lon == null) continue;
    // Many reports name the same town: fan same-place markers out in a spiral so each can be clicked.
    const key = `${loc.lat},${loc.lon}`, k = seen.get(key) || 0;
    seen.set(key, k + 1);
    const ang = k * 2.39996, dist = 13 * Math.sqrt(k);  // golden-angle spiral: even spacing
    const r = radius(ev), st = style(ev.event_type);
    const holder = el("div", { class: "ev-marker", "data-event-id": ev.event_id, title: label(ev) }, shapeSvg(st.shape, st.color, r));
    const icon = L.divIcon({ className: "ev-icon", html: holder, iconSize: [2 * r + 2, 2 * r + 2],
                             iconAnchor: [r + 1 - dist * Math.cos(ang), r + 1 - dist * Math.sin(ang)] });
    // Small markers above large ones, so a big toll never hides a small event.
    const m = L.marker([loc.lat, loc.lon], { icon, keyboard: true, title: "", riseOnHover: true, zIndexOffset: -Math.round(r * 10) });
    m.on("click", () => openEvent(ev.event_id));
    markerLayer.addLayer(m);
  }
  $("map").dataset.markers = String(markerLayer.getLayers().length);
  if (!state.fitted && markerLayer.getLayers().length) {
    state.fitted = true;
    map.fitBounds(L.featureGroup(markerLayer.getLayers()).getBounds().pad(0.3), { maxZoom: 8, animate: false });
  }
}

function label(ev) {
  const where = ev.location ? ev.location.name : "unknown place";
  return `${ev.date_start || "undated"} · ${ev.sub_event_type} · ${where}` + (toll(ev) ? ` · ${toll(ev)} killed (best)` : "");
}

// -- timeline with a date brush ---------------------------------------------------------------------
const TL = { left: 150, right: 12, top: 8, rowH: 20 };

function timeDomain() {
  const ts = state.events.flatMap((e) => [day(e.date_start), day(e.date_end || e.date_start)]).filter((t) => t != null);
  if (!ts.length) return null;
  const lo = Math.min(...ts), hi = Math.max(...ts), pad = Math.max(DAY, (hi - lo) * 0.03);
  return [lo - pad, hi + pad];
}

function drawTimeline() {
  const box = $("timeline");
  clear(box);
  const width = box.clientWidth || 800, dom = timeDomain();
  const types = [...new Set(state.events.map((e) => e.event_type))].sort();
  const height = TL.top + TL.rowH * Math.max(1, types.length) + 22;
  box.setAttribute("height", height);
  box.style.height = `${height}px`;
  if (!dom) return;
  const x = (t) => TL.left + (t - dom[0]) / (dom[1] - dom[0]) * (width - TL.left - TL.right);
  TL.x = x; TL.inv = (px) => dom[0] + (px - TL.left) / (width - TL.left - TL.right) * (dom[1] - dom[0]);
  types.forEach((t, i) => {
    const y = TL.top + i * TL.rowH + TL.rowH / 2;
    box.append(svg("line", { x1: TL.left, x2: width - TL.right, y1: y, y2: y, stroke: "#e4e7eb" }));
    const lab = svg("text", { x: 4, y: y + 3, class: "row-label" });
    lab.textContent = t;
    box.append(lab);
  });
  drawAxis(box, dom, x, TL.top + TL.rowH * types.length + 14);
  const stack = new Map();
  for (const ev of state.events) {
    const t0 = day(ev.date_start);
    if (t0 == null) continue;
    // Same type, same day: nudge up and down so stacked events stay visible and clickable.
    const key = `${ev.event_type}|${ev.date_start}`, k = stack.get(key) || 0;
    stack.set(key, k + 1);
    const y = TL.top + types.indexOf(ev.event_type) * TL.rowH + TL.rowH / 2 + [0, -5, 5, -8, 8][k % 5], st = style(ev.event_type);
    const t1 = day(ev.date_end || ev.date_start);
    if (t1 > t0) box.append(svg("line", { x1: x(t0), x2: x(t1), y1: y, y2: y, stroke: st.color, "stroke-width": 3, "data-event-id": ev.event_id }));
    const dot = svg("circle", { cx: x(t0), cy: y, r: Math.min(8, 3 + Math.sqrt(toll(ev)) / 2), fill: st.color,
                                 "fill-opacity": 0.75, stroke: "#222", "stroke-width": 0.5, class: "tl-dot", "data-event-id": ev.event_id });
    const tip = svg("title");
    tip.textContent = label(ev);
    dot.append(tip);
    dot.addEventListener("click", (e) => { e.stopPropagation(); openEvent(ev.event_id); });
    box.append(dot);
  }
  if (state.brush) box.append(svg("rect", { class: "brush", x: x(state.brush[0]), y: 0, width: Math.max(1, x(state.brush[1]) - x(state.brush[0])), height }));
  dimOutside();
}

function drawAxis(box, dom, x, y) {
  const span = dom[1] - dom[0], n = 6;
  for (let i = 0; i <= n; i++) {
    const t = dom[0] + span * i / n;
    const txt = svg("text", { x: x(t), y, class: "axis", "text-anchor": i === 0 ? "start" : i === n ? "end" : "middle" });
    txt.textContent = span > 400 * DAY ? iso(t).slice(0, 7) : iso(t);
    box.append(txt);
  }
}

function dimOutside() {
  const ids = new Set(state.shown.map((e) => e.event_id));
  for (const dot of $("timeline").querySelectorAll("[data-event-id]")) dot.classList.toggle("dim", !ids.has(dot.getAttribute("data-event-id")));
}

function initBrush() {
  const box = $("timeline");
  let start = null, rect = null;
  const px = (e) => e.clientX - box.getBoundingClientRect().left;
  box.addEventListener("mousedown", (e) => {
    if (!TL.x) return;
    start = px(e);
    rect = svg("rect", { class: "brush", x: start, y: 0, width: 1, height: box.getAttribute("height") });
    for (const old of box.querySelectorAll(".brush")) old.remove();
    box.append(rect);
  });
  window.addEventListener("mousemove", (e) => {
    if (start == null) return;
    const cur = px(e);
    rect.setAttribute("x", Math.min(start, cur));
    rect.setAttribute("width", Math.max(1, Math.abs(cur - start)));
  });
  window.addEventListener("mouseup", (e) => {
    if (start == null) return;
    const a = Math.min(start, px(e)), b = Math.max(start, px(e));
    start = null;
    if (b - a < 4) { rect.remove(); return; }  // a click, not a drag
    state.brush = [TL.inv(a), TL.inv(b)];
    applyBrush();
  });
  $("brush-clear").addEventListener("click", () => { state.brush = null; applyBrush(); });
}

function applyBrush() {
  const b = state.brush;
  state.shown = b ? state.events.filter((ev) => {
    const t0 = day(ev.date_start), t1 = day(ev.date_end || ev.date_start);
    return t0 != null && t1 >= b[0] - DAY + 1 && t0 <= b[1];
  }) : state.events.slice();
  $("brush-label").textContent = b ? `${iso(b[0])} to ${iso(b[1])}` : "";
  $("brush-clear").hidden = !b;
  drawMarkers();
  drawTimeline();
  drawList();
}

function drawList() {
  const list = clear($("event-list"));
  $("count").textContent = `${state.shown.length} shown of ${state.events.length}`;
  for (const ev of state.shown) {
    const li = el("li", { "data-event-id": ev.event_id, onclick: () => openEvent(ev.event_id) },
      el("span", { class: "swatch", style: `background:${style(ev.event_type).color}` }), label(ev));
    if (ev.event_id === state.selected) li.classList.add("sel");
    list.append(li);
  }
}

// -- event panel -------------------------------------------------------------------------------
function showTab(name) {
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("on", b.dataset.tab === name);
  for (const s of document.querySelectorAll(".tab")) s.classList.toggle("on", s.id === `tab-${name}`);
}

async function openEvent(id) {
  state.selected = id;
  for (const m of document.querySelectorAll(".ev-marker")) m.parentElement.classList.toggle("sel", m.getAttribute("data-event-id") === id);
  for (const li of document.querySelectorAll("#event-list li")) li.classList.toggle("sel", li.getAttribute("data-event-id") === id);
  showTab("event");
  try { renderEvent(await api(`/api/events/${encodeURIComponent(id)}`)); }
  catch (e) { status(`Could not load event: ${e.message}`); }
}

function renderEvent(ev) {
  const panel = clear($("event-panel"));
  $("tab-event").classList.add("filled");
  const loc = ev.location || {};
  const where = [loc.name, loc.sub_location && `(${loc.sub_location})`, loc.admin1 && loc.admin1 !== loc.name ? loc.admin1 : null, loc.country].filter(Boolean).join(", ");
  const when = ev.date_end && ev.date_end !== ev.date_start ? `${ev.date_start} to ${ev.date_end}` : ev.date_start || "undated";
  panel.append(
    el("h2", { text: ev.sub_event_type }),
    el("dl", { class: "facts" },
      el("dt", { text: "What" }), el("dd", { text: `${ev.event_type}: ${ev.sub_event_type}` }),
      el("dt", { text: "When" }), el("dd", { text: `${when}${ev.time_precision ? ` (${ev.time_precision})` : ""}` }),
      el("dt", { text: "Where" }), el("dd", { text: `${where || "unknown"}${loc.geo_precision ? ` [${loc.geo_precision}]` : ""}` }),
      el("dt", { text: "Who" }), el("dd", { text: [ev.actor1, ev.actor2].filter(Boolean).join(" vs ") || "unidentified" })),
  );
  panel.append(claimsSection(ev), reportsSection(ev));
  if (ev.merge_reasons && ev.merge_reasons.length) {
    panel.append(el("h3", { text: "Why these reports are one event" }),
                 el("ul", {}, ...ev.merge_reasons.map((r) => el("li", { text: r }))));
  }
  if (state.settings.writable) panel.append(overrideForm(ev));
  panel.append(el("p", { class: "meta", text: `id ${ev.event_id}` }));
}

function claimsSection(ev) {
  const box = el("div", { id: "claims" }, el("h3", { text: "Casualty claims" }));
  if (!ev.claims_table.length) { box.append(el("p", { class: "meta", text: "No figures reported." })); return box; }
  // One row per claim, the figures drawn to one scale: who says 26 and who says 38 read side by side.
  for (const row of ev.claims_table) {
    const top = Math.max(...row.claims.map((c) => c.count), 1);
    const table = el("table", { class: "claims" },
      el("tr", {}, el("th", { text: "claimant" }), el("th", { text: row.kind }), el("th", { text: "their words" })));
    for (const c of row.claims) {
      const bar = el("div", { class: "bar-fill" });
      bar.style.width = `${Math.max(2, 100 * c.count / top)}%`;
      table.append(el("tr", {},
        el("td", {}, el("strong", { text: c.claimant }),
           el("div", { class: "meta", text: `${c.claimant_kind}${c.outlet ? ` · in ${c.outlet}` : ""}` }),
           c.about_enemy ? el("div", { class: "enemy", text: "a party's figure for its enemy's losses" }) : null),
        el("td", { class: "num" }, `${c.qualifier && c.qualifier !== "exact" ? `${c.qualifier} ` : ""}${c.count}`,
           el("div", { class: "bar" }, bar), el("div", { class: "meta", text: c.victims || "" })),
        el("td", { class: "quote", text: c.quote ? `“${c.quote}”` : "" })));
    }
    box.append(el("div", { class: "claims-wrap" }, table));
  }
  const f = ev.fatalities || {};
  if (f.best != null || f.low != null) box.append(reconBox("deaths", f, f.method, "recon"));
  // Other kinds of figure (wounded, abducted...) reconciled the same way, when the resolver gives them.
  for (const [kind, r] of Object.entries(f.by_kind || {})) {
    if (kind !== "killed" && (r.best != null || r.low != null)) box.append(reconBox(kind, r, null, null));
  }
  return box;
}

function reconBox(what, r, method, id) {
  const why = Array.isArray(r.reasoning) ? r.reasoning.join(" ") : (r.reasoning || "");
  const range = r.low === r.high ? `${r.low}` : `${r.low} to ${r.high}`;
  const attrs = id ? { class: "recon", id } : { class: "recon" };
  return el("div", attrs, el("strong", { text: `Reconciled ${what}: ${range} (best ${r.best})` }),
            el("div", { class: "meta", text: why }), method ? el("div", { class: "meta", text: `Method: ${method}` }) : null);
}

function reportsSection(ev) {
  const list = el("ul", { class: "reports" });
  for (const r of ev.reports) {
    const docId = ev.documents[r.doc];
    list.append(el("li", {},
      el("div", { class: "meta" }, `${r.outlet || "unknown outlet"} · ${r.published || "undated"} · `,
         docId ? el("button", { type: "button", class: "link", onclick: () => openDocument(docId, ev.event_id) }, r.doc) : r.doc),
      el("div", { class: "quote", text: `“${r.quote}”` })));
  }
  return el("div", {}, el("h3", { text: `Reports (${ev.reports.length})` }), list);
}

function overrideForm(ev) {
  const other = el("input", { type: "text", placeholder: "other event id", size: 18 });
  const out = el("span", { class: "meta" });
  const send = async (action) => {
    const body = { action, a: ev.event_id, b: action === "merge" ? other.value.trim() : null, note: "from the situation room" };
    const r = await fetch("/api/overrides", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const data = await r.json().catch(() => ({}));
    // Applied at once (the server re-resolves): name the events the reports are in now.
    out.textContent = r.ok ? `recorded as override ${data.override.seq} and applied: now ${(data.now || []).join(", ")}`
                           : `refused (${r.status}): ${data.detail || ""}`;
  };
  return el("div", {}, el("h3", { text: "Analyst override" }), other,
    el("button", { type: "button", onclick: () => send("merge") }, "Merge with"),
    el("button", { type: "button", onclick: () => send("split") }, "Split report out"), out);
}

// -- article panel ---------------------------------------------------------------------------------
async function openDocument(docId, eventId) {
  showTab("document");
  let doc;
  try { doc = await api(`/api/documents/${encodeURIComponent(docId)}`); }
  catch (e) { status(`Could not load article: ${e.message}`); return; }
  const panel = clear($("document-panel"));
  $("tab-document").classList.add("filled");
  panel.append(el("h2", { text: doc.title || doc.name }),
    el("p", { class: "meta", text: `${doc.outlet || "unknown outlet"} · ${doc.published || "undated"}${doc.published_source ? ` (${doc.published_source})` : ""} · ${doc.name}` }));
  const text = el("div", { class: "text", id: "doc-text" });
  for (const seg of doc.segments) {
    if (!seg.event_ids.length) { text.append(document.createTextNode(seg.text)); continue; }
    const mark = el("mark", { "data-event-ids": seg.event_ids.join(" "), title: "event sentence: click to open", text: seg.text,
                              onclick: () => openEvent(seg.event_ids[0]) });
    if (seg.event_ids.includes(eventId)) mark.classList.add("current");
    text.append(mark);
  }
  panel.append(text);
  for (const cut of doc.cuts) {
    panel.append(el("div", { class: "cut" }, el("strong", { text: `Cut from the article: ${cut.reason} (${cut.text.length} characters, never used as evidence)` }),
                    el("pre", { text: cut.text })));
  }
  const cur = text.querySelector("mark.current");
  if (cur) cur.scrollIntoView({ block: "center" });
}

// -- territorial control ------------------------------------------------------------------------------
async function loadControl() {
  try { state.control = (await api("/api/control", filterParams(false))).places; }
  catch (e) { state.control = []; }
  const dates = [...new Set(state.control.flatMap((p) => p.changes.map((c) => c.date)))].sort();
  state.controlDates = dates;
  const slider = $("control-slider");
  slider.max = String(Math.max(0, dates.length - 1));
  slider.value = slider.max;
  drawControl();
}

function holderAt(p, date) {
  let holder = p.changes.length ? p.changes[0].from || "unknown" : "unknown", since = null, eventId = null;
  for (const c of p.changes) if (c.date <= date) { holder = c.holder; since = c.date; eventId = c.event_id; }
  return { holder, since, eventId };
}

const PALETTE = ["#e12d39", "#0b69a3", "#27ab83", "#f0b429", "#8719e0", "#3e4c59", "#c65d21", "#ff8cba"];
function colorOf(name) {
  let h = 0;
  for (const ch of String(name)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

function drawControl() {
  const date = state.controlDates[+$("control-slider").value];
  $("control-date").textContent = date ? `as of ${date}` : "no changes of control in this filter";
  const list = clear($("control-list"));
  controlLayer.clearLayers();
  if (!date) return;
  for (const p of state.control) {
    const h = holderAt(p, date);
    const li = el("li", {}, el("span", { class: "swatch", style: `background:${colorOf(h.holder)}` }),
      el("strong", { text: p.place }), ` held by ${h.holder}` + (h.since ? ` since ${h.since}` : " (before the first reported change)"));
    if (h.eventId) li.append(" ", el("button", { type: "button", class: "link", onclick: () => openEvent(h.eventId) }, "event"));
    list.append(li);
    if (p.lat != null && p.lon != null && $("tab-control").classList.contains("on")) {
      const box = el("div", { class: "ctl-marker", title: `${p.place}: ${h.holder}` }, shapeSvg("square", colorOf(h.holder), 9));
      controlLayer.addLayer(L.marker([p.lat, p.lon], { icon: L.divIcon({ className: "ctl-icon", html: box, iconSize: [20, 20] }), interactive: false }));
    }
  }
}

// -- briefing ------------------------------------------------------------------------------------
async function loadBriefing() {
  const out = clear($("briefing"));
  out.append(el("p", { class: "meta", text: "writing…" }));
  const params = filterParams(false);
  if (state.brush) {
    params.splice(0, params.length, ...params.filter(([k]) => k !== "from" && k !== "to"));
    params.push(["from", iso(state.brush[0])], ["to", iso(state.brush[1])]);
  }
  try {
    const data = await api("/api/briefing", params);
    renderMarkdown(data.markdown, clear(out));
    const url = new URL("/api/briefing", location.origin);
    for (const [k, v] of params) url.searchParams.append(k, v);
    url.searchParams.set("format", "markdown");
    $("brief-md").setAttribute("href", url.pathname + url.search);
  } catch (e) { clear(out).append(el("p", { text: `Could not write the briefing: ${e.message}` })); }
}

/* A deliberately small Markdown renderer for what brief.py writes: headings, nested "-" lists,
 * paragraphs and backslash escapes. It builds DOM nodes with text only, so no markup in the
 * source (escaped or not) can become HTML. */
function renderMarkdown(md, into) {
  // Backslash escapes, then the three entities brief.py writes for HTML's characters (&amp; last).
  const unescape = (s) => s.replace(/\\([\\`*_{}\[\]<>()#+\-.!|~&])/g, "$1")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  let ul = null, sub = null;
  for (const raw of md.split("\n")) {
    const h = raw.match(/^(#{1,3}) (.*)$/), li = raw.match(/^- (.*)$/), li2 = raw.match(/^ {2,}- (.*)$/);
    if (h) { into.append(el(`h${h[1].length}`, { text: unescape(h[2]) })); ul = sub = null; }
    else if (li) { if (!ul) { ul = el("ul"); into.append(ul); } const item = el("li", { text: unescape(li[1]) }); ul.append(item); sub = null; ul.last = item; }
    else if (li2 && ul) { if (!sub) { sub = el("ul"); ul.last.append(sub); } sub.append(el("li", { text: unescape(li2[1]) })); }
    else if (raw.trim()) { into.append(el("p", { text: unescape(raw) })); ul = sub = null; }
    else { ul = sub = null; }
  }
}

// -- start -----------------------------------------------------------------------------------------
async function fillChoices() {
  const [actors, places] = await Promise.all([api("/api/actors"), api("/api/places")]);
  for (const a of actors.actors) $("actors-list").append(el("option", { value: a.name }));
  for (const p of places.places) if (p.name) $("places-list").append(el("option", { value: p.name }));
  const sel = $("f-type");
  for (const [t, subs] of Object.entries(SUBTYPES)) {
    const g = el("optgroup", { label: t });
    g.append(el("option", { value: t, text: `${t} (all)` }), ...subs.map((s) => el("option", { value: s, text: s })));
    sel.append(g);
  }
}
const SUBTYPES = {
  "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
  "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
  "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
  "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
  "Riots": ["Violent demonstration", "Mob violence"],
  "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other"],
};

async function main() {
  try { state.settings = await api("/api/settings"); } catch (e) { state.settings = {}; }
  initMap();
  initBrush();
  $("filters").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  $("reset").addEventListener("click", () => { $("filters").reset(); load(); });
  for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => { showTab(b.dataset.tab); drawControl(); });
  $("control-slider").addEventListener("input", drawControl);
  $("brief-btn").addEventListener("click", loadBriefing);
  window.addEventListener("resize", drawTimeline);
  fillChoices().catch(() => {});
  await load();
  document.body.dataset.ready = "1";
}
main();
