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
// How far a location of each precision may be from its point, in metres: drawn as a halo.
const PRECISION_RADIUS = { near: 5000, admin2: 25000, admin1: 60000, country: 250000 };
const BASEMAP = "/static/vendor/basemap";

const state = { events: [], shown: [], brush: null, selected: null, control: [], controlDates: [], settings: {},
                view: "map", tab: "event", doc: null, sort: { key: "date", dir: "desc" }, group: "type",
                fitted: false, restoring: false };
let map, clusterLayer, haloLayer, selLayer, provinceLayer, labelLayer, controlLayer;
const markerById = new Map();

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
const hasPoint = (ev) => ev.location && ev.location.lat != null && ev.location.lon != null;
const precisionOf = (ev) => (ev.location && ev.location.geo_precision) || "exact";
function status(msg) { $("status").textContent = msg || ""; }

async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of params || []) url.searchParams.append(k, v);
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  if (!r.ok) throw new Error(`${r.status} ${(await r.text()).slice(0, 200)}`);
  return r.json();
}
const fetchJson = (path) => fetch(path).then((r) => { if (!r.ok) throw new Error(`${r.status} ${path}`); return r.json(); });

// -- filters -----------------------------------------------------------------------------------
const FILTER_FIELDS = [["f-from", "from"], ["f-to", "to"], ["f-type", "type"], ["f-actor", "actor"],
                       ["f-place", "place"], ["f-q", "q"]];

function filterParams(withBox = true) {
  const p = [];
  for (const [id, name] of FILTER_FIELDS) {
    const v = $(id).value.trim();
    if (v) p.push([name, v]);
  }
  if (withBox && $("f-bbox").checked && map) p.push(["bbox", map.getBounds().toBBoxString()]);
  return p;
}

// -- state in the URL ----------------------------------------------------------------------------
/* Everything a shared link needs, in the hash: the filter fields, the map box, the selected event,
 * the open article, the main view, the side tab, the table's sort, the trends' grouping and the
 * map's view. The hash is never sent to the server, and every value is read back as plain text. */
function writeHash() {
  if (state.restoring) return;
  const h = new URLSearchParams(filterParams(false));
  if ($("f-bbox").checked) h.set("box", "1");
  if (state.brush) h.set("brush", `${iso(state.brush[0])}/${iso(state.brush[1])}`);
  if (state.selected) h.set("ev", state.selected);
  if (state.doc) h.set("doc", state.doc);
  if (state.view !== "map") h.set("view", state.view);
  if (state.tab !== "event") h.set("tab", state.tab);
  if (state.sort.key !== "date" || state.sort.dir !== "desc") h.set("sort", `${state.sort.key}-${state.sort.dir}`);
  if (state.group !== "type") h.set("group", state.group);
  if (map && state.mapMoved) {
    const c = map.getCenter();
    h.set("map", `${map.getZoom()}/${c.lat.toFixed(4)}/${c.lng.toFixed(4)}`);
  }
  const text = h.toString();
  history.replaceState(null, "", text ? `#${text}` : location.pathname + location.search);
}

function readHash() {
  return new URLSearchParams(location.hash.replace(/^#/, ""));
}

/* Puts the hash's values into the form and the state (no drawing, no loading). */
function applyHash(h) {
  for (const [id, name] of FILTER_FIELDS) {
    const v = h.get(name) || "";
    const field = $(id);
    if (field.tagName === "SELECT" && v && ![...field.options].some((o) => o.value === v)) {
      field.append(el("option", { value: v, text: v }));  // a type the list does not know yet
    }
    field.value = v;
  }
  $("f-bbox").checked = h.get("box") === "1";
  const b = (h.get("brush") || "").split("/").map(day);
  state.hashBrush = b.length === 2 && b.every(Number.isFinite) && b[0] <= b[1] ? b : null;  // drawn once events load
  state.selected = h.get("ev") || null;
  state.doc = h.get("doc") || null;
  state.view = ["map", "table", "trends"].includes(h.get("view")) ? h.get("view") : "map";
  state.tab = ["event", "document", "control", "briefing"].includes(h.get("tab")) ? h.get("tab") : "event";
  const [key, dir] = (h.get("sort") || "date-desc").split("-");
  state.sort = { key: SORTS[key] ? key : "date", dir: dir === "asc" ? "asc" : "desc" };
  state.group = h.get("group") === "admin1" ? "admin1" : "type";
  const m = (h.get("map") || "").split("/").map(Number);
  state.mapView = m.length === 3 && m.every(Number.isFinite) ? m : null;
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
  // Leaflet.markercluster needs a finite maxZoom: at 13 a town's events spread out (spiderfy).
  map = L.map("map", { worldCopyJump: true, preferCanvas: false, maxZoom: 13, minZoom: 2 }).setView([35, 39], 6);
  for (const [name, z] of [["countries", 250], ["provinces", 300], ["halos", 380], ["labels", 450], ["control", 650]]) {
    map.createPane(name).style.zIndex = String(z);
  }
  map.getPane("labels").style.pointerEvents = "none";
  map.getPane("control").style.pointerEvents = "none";
  if (state.settings.tile_url) {
    L.tileLayer(state.settings.tile_url, { maxZoom: 18, attribution: "tiles: see settings" }).addTo(map);
  }
  fetchJson(`${BASEMAP}/countries-50m.geojson`).then((geo) => {
    L.geoJSON(geo, { pane: "countries", style: { color: "#7b8794", weight: 1, fillColor: "#f5f1e6", fillOpacity: state.settings.tile_url ? 0 : 1 },
                     interactive: false }).addTo(map);
    $("map").dataset.basemap = "loaded";
  });
  provinceLayer = L.layerGroup().addTo(map);
  labelLayer = L.layerGroup().addTo(map);
  haloLayer = L.layerGroup().addTo(map);
  selLayer = L.layerGroup().addTo(map);
  clusterLayer = L.markerClusterGroup({
    maxClusterRadius: 36, showCoverageOnHover: false, spiderfyOnMaxZoom: true, zoomToBoundsOnClick: true,
    iconCreateFunction: clusterIcon, chunkedLoading: false,
  }).addTo(map);
  clusterLayer.on("animationend spiderfied unspiderfied", () => markSelected());
  controlLayer = L.layerGroup().addTo(map);
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Natural Earth");
  L.control.scale({ position: "bottomright", imperial: false, maxWidth: 160 }).addTo(map);
  addLegend();
  basemapIndex().then(drawBasemap);
  map.on("moveend", () => {
    const c = map.getCenter();
    $("map").dataset.center = `${c.lat.toFixed(5)},${c.lng.toFixed(5)}`;
    $("map").dataset.zoom = String(map.getZoom());
    drawBasemap();
    if (state.userMove && !state.autoMove) { state.mapMoved = true; writeHash(); }
    if ($("f-bbox").checked && !state.autoMove) load();
  });
  // Only moves an analyst makes (drag, wheel, zoom buttons) go into the URL, not our own fitting.
  for (const ev of ["dragstart", "zoomstart"]) map.on(ev, () => { if (!state.autoMove) state.userMove = true; });
}

function addLegend() {
  const legend = L.control({ position: "topright" });
  legend.onAdd = () => {
    const box = el("div", { class: "legend", id: "legend" }, el("strong", { text: "Event type" }));
    for (const [name, st] of Object.entries(TYPES)) box.append(el("div", {}, shapeSvg(st.shape, st.color, 6), name));
    box.append(el("div", { class: "meta", text: "size: reconciled deaths (best)" }),
               el("div", { class: "meta" }, el("span", { class: "halo-key" }), "dashed ring: located only to a district, province or country"),
               el("div", { class: "meta" }, el("span", { class: "cluster-key", text: "12" }), "a cluster of events: click to zoom in"));
    return box;
  };
  legend.addTo(map);
}

// -- basemap: provinces and populated places, loaded for what is in view ---------------------------
const basemap = { index: null, places: null, countries: new Map(), tiles: new Map() };

async function basemapIndex() {
  try {
    const [admin1, places] = await Promise.all([fetchJson(`${BASEMAP}/admin1/index.json`), fetchJson(`${BASEMAP}/places/index.json`)]);
    basemap.index = admin1;
    basemap.places = { tile: places.tile, tiles: new Set(places.tiles) };
  } catch (e) { status(`Could not load the basemap index: ${e.message}`); }
}

const boxesMeet = (a, b) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

function viewBox() {
  const b = map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
}

/* The countries (by their provinces' box) and the place tiles in view, fetched once each. */
function drawBasemap() {
  if (!basemap.index || !map) return;
  const box = viewBox(), zoom = map.getZoom();
  if (zoom >= 5) {  // provinces: from a region's scale on (a world view would fetch every country)
    for (const [code, bb] of Object.entries(basemap.index)) {
      if (boxesMeet(bb, box) && !basemap.countries.has(code)) basemap.countries.set(code, loadCountry(code));
    }
  }
  provinceLayer.eachLayer((lay) => lay.setStyle({ weight: zoom >= 7 ? 1.2 : 0.8 }));
  const t = basemap.places.tile, need = [];
  if (zoom < 3) { drawLabels([]); return; }
  for (let tx = Math.floor(box[0] / t); tx <= Math.floor(box[2] / t); tx++) {
    for (let ty = Math.floor(box[1] / t); ty <= Math.floor(box[3] / t); ty++) {
      const key = `${tx}_${ty}`;
      if (!basemap.places.tiles.has(key)) continue;
      if (!basemap.tiles.has(key)) basemap.tiles.set(key, fetchJson(`${BASEMAP}/places/${key}.json`).catch(() => []));
      need.push(basemap.tiles.get(key));
    }
  }
  Promise.all(need).then((tiles) => drawLabels(tiles.flat()));
}

async function loadCountry(code) {
  try {
    const geo = await fetchJson(`${BASEMAP}/admin1/${code}.json`);
    const layer = L.geoJSON(geo, { pane: "provinces", interactive: false,
      style: { className: "admin1", color: "#6b7785", weight: 0.8, dashArray: "4 3", fill: false } });
    provinceLayer.addLayer(layer);
    $("map").dataset.admin1 = String(document.querySelectorAll("#map path.admin1").length);
    drawBasemapLabels();
    return geo;
  } catch (e) { return null; }
}

let placeRows = [];
function drawLabels(rows) { placeRows = rows; drawBasemapLabels(); }

/* Place names (biggest first) and, from zoom 6, province names; a label that would overlap one
 * already drawn is left out, so the map stays readable at every zoom. */
function drawBasemapLabels() {
  labelLayer.clearLayers();
  const zoom = map.getZoom(), bounds = map.getBounds(), taken = [];
  const free = (p, w) => {
    for (const q of taken) if (Math.abs(q.x - p.x) < (q.w + w) / 2 + 6 && Math.abs(q.y - p.y) < 16) return false;
    return true;
  };
  const put = (lat, lon, name, cls, withDot) => {
    const ll = L.latLng(lat, lon);
    if (!bounds.contains(ll)) return;
    const p = map.latLngToContainerPoint(ll), w = 7 * name.length;
    if (!free(p, w)) return;
    taken.push({ x: p.x, y: p.y, w });
    const box = el("div", { class: cls }, withDot ? el("span", { class: "dot" }) : null, el("span", { class: "name", text: name }));
    labelLayer.addLayer(L.marker(ll, { pane: "labels", interactive: false, keyboard: false,
      icon: L.divIcon({ className: "label-icon", html: box, iconSize: null, iconAnchor: withDot ? [3, 3] : [w / 2, 7] }) }));
  };
  for (const [lon, lat, name, minZoom] of placeRows) if (name && minZoom <= zoom + 1.5) put(lat, lon, name, "place-label", true);
  if (zoom >= 6) {
    for (const lay of provinceLayer.getLayers()) {
      lay.eachLayer((f) => {
        const p = f.feature.properties;
        if (p.name && p.lat != null) put(p.lat, p.lon, p.name, "prov-label", false);
      });
    }
  }
  $("map").dataset.places = String(document.querySelectorAll("#map .place-label").length);
}

/* The province (of those loaded) whose outline holds the point, for an event located to a province. */
function provinceAt(lat, lon) {
  const inRing = (ring) => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
  const inPoly = (poly) => inRing(poly[0]) && !poly.slice(1).some(inRing);
  let hit = null;
  provinceLayer.eachLayer((lay) => lay.eachLayer((f) => {
    const g = f.feature.geometry, polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    if (!hit && polys.some(inPoly)) hit = f.feature;
  }));
  return hit;
}

// -- events on the map: clusters, precision halos ----------------------------------------------------
function clusterIcon(cluster) {
  const kids = cluster.getAllChildMarkers(), n = kids.length, byType = new Map();
  for (const m of kids) byType.set(m.options.evType, (byType.get(m.options.evType) || 0) + 1);
  const top = [...byType.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const size = Math.round(24 + Math.min(22, 6 * Math.log10(n) * 2));
  const box = el("div", { class: "ev-cluster", "data-count": String(n), title: `${n} events: click to zoom in` },
                 el("span", { text: String(n) }));
  box.style.width = box.style.height = `${size}px`;
  box.style.borderColor = style(top).color;
  return L.divIcon({ className: "ev-cluster-icon", html: box, iconSize: [size, size] });
}

/* For tests and the curious: how many located events are in view, and whether each is drawn
 * (alone or inside a cluster). */
function clusterCheck() {
  const b = map.getBounds();
  let inView = 0, drawn = 0;
  for (const m of markerById.values()) {
    if (!b.contains(m.getLatLng())) continue;
    inView += 1;
    if (clusterLayer.getVisibleParent(m)) drawn += 1;
  }
  return { inView, drawn };
}

function drawMarkers() {
  clusterLayer.clearLayers();
  haloLayer.clearLayers();
  markerById.clear();
  const markers = [], halos = new Map();
  for (const ev of state.shown) {
    if (!hasPoint(ev)) continue;
    const loc = ev.location, r = radius(ev), st = style(ev.event_type), prec = precisionOf(ev);
    const holder = el("div", { class: `ev-marker prec-${prec}`, "data-event-id": ev.event_id, "data-precision": prec,
                               title: label(ev) }, shapeSvg(st.shape, st.color, r));
    const icon = L.divIcon({ className: "ev-icon", html: holder, iconSize: [2 * r + 2, 2 * r + 2] });
    // Small markers above large ones, so a big toll never hides a small event.
    const m = L.marker([loc.lat, loc.lon], { icon, keyboard: true, title: "", riseOnHover: true,
                                             zIndexOffset: -Math.round(r * 10), evType: ev.event_type });
    m.on("click", () => openEvent(ev.event_id));
    markers.push(m);
    markerById.set(ev.event_id, m);
    // An event known only to a province is drawn as a ring of that size, once per place and precision.
    if (PRECISION_RADIUS[prec] || prec !== "exact") {
      const key = `${loc.lat},${loc.lon},${prec}`;
      if (!halos.has(key)) halos.set(key, { loc, prec, n: 0 });
      halos.get(key).n += 1;
    }
  }
  clusterLayer.addLayers(markers);
  for (const h of halos.values()) {
    const c = L.circle([h.loc.lat, h.loc.lon], { radius: PRECISION_RADIUS[h.prec] || 25000, pane: "halos", interactive: false,
      className: `halo halo-${h.prec}`, color: "#3e4c59", weight: 1, dashArray: "5 4", fill: true, fillOpacity: 0.04 });
    haloLayer.addLayer(c);
  }
  $("map").dataset.markers = String(markers.length);
  $("map").dataset.halos = String(halos.size);
  if (!state.fitted && markers.length && !state.mapView) {
    state.fitted = true;
    autoMove(() => map.fitBounds(coreBounds(markers.map((m) => m.getLatLng())).pad(0.15), { maxZoom: 8, animate: false }));
  }
  markSelected();
}

/* The box of most events: a few outliers (a report datelined in Washington) do not zoom the map out
 * to the whole world. The 3rd to 97th percentile of latitudes and longitudes, once there are 30. */
function coreBounds(lls) {
  if (lls.length < 30) return L.latLngBounds(lls);
  const q = (xs, f) => xs[Math.min(xs.length - 1, Math.max(0, Math.round(f * (xs.length - 1))))];
  const lat = lls.map((p) => p.lat).sort((a, b) => a - b), lon = lls.map((p) => p.lng).sort((a, b) => a - b);
  return L.latLngBounds([q(lat, 0.03), q(lon, 0.03)], [q(lat, 0.97), q(lon, 0.97)]);
}

function autoMove(fn) {
  state.autoMove = true;
  try { fn(); } finally { setTimeout(() => { state.autoMove = false; }, 0); }
}

function markSelected() {
  for (const m of document.querySelectorAll(".ev-marker")) m.parentElement.classList.toggle("sel", m.getAttribute("data-event-id") === state.selected);
}

/* The selected event: its precision drawn large (the province outline for a province-level event),
 * the map panned and zoomed until its marker is out of any cluster. */
function focusEvent(ev) {
  selLayer.clearLayers();
  if (!ev || !hasPoint(ev)) return;
  const ll = L.latLng(ev.location.lat, ev.location.lon), prec = precisionOf(ev);
  if (prec !== "exact") {
    selLayer.addLayer(L.circle(ll, { radius: PRECISION_RADIUS[prec] || 25000, pane: "halos", interactive: false,
      className: "sel-halo", color: "#c81e1e", weight: 2, dashArray: "6 4", fillOpacity: 0.06 }));
  }
  if (prec === "admin1") {
    const prov = provinceAt(ll.lat, ll.lng);
    if (prov) selLayer.addLayer(L.geoJSON(prov, { pane: "halos", interactive: false,
      style: { className: "sel-province", color: "#c81e1e", weight: 2, fill: true, fillOpacity: 0.05 } }));
  }
  const m = markerById.get(ev.event_id);
  autoMove(() => {
    if (map.getZoom() < 7) map.setView(ll, 8, { animate: false });
    if (m) clusterLayer.zoomToShowLayer(m, () => { autoMove(() => map.panTo(ll, { animate: false })); markSelected(); });
    else map.panTo(ll, { animate: false });
  });
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
  $("shown-count").textContent = `${state.shown.length} events`;
  drawMarkers();
  drawTimeline();
  drawList();
  drawTable();
  drawTrends();
  writeHash();
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

// -- main views: map, table, trends ------------------------------------------------------------------
function showView(name) {
  state.view = name;
  for (const b of document.querySelectorAll("#views button[data-view]")) {
    b.classList.toggle("on", b.dataset.view === name);
    b.setAttribute("aria-selected", String(b.dataset.view === name));
  }
  for (const s of document.querySelectorAll(".view")) s.classList.toggle("on", s.id === `view-${name}`);
  if (name === "map" && map) { map.invalidateSize(); drawTimeline(); }
  if (name === "trends") drawTrends();
  writeHash();
}

// -- the events table ----------------------------------------------------------------------------------
const SORTS = {
  date: { label: "Date", get: (e) => e.date_start || "" },
  type: { label: "Type", get: (e) => `${e.event_type} ${e.sub_event_type}` },
  place: { label: "Place", get: (e) => (e.location ? `${e.location.name || ""} ${e.location.admin1 || ""}` : "").toLowerCase() },
  actors: { label: "Actors", get: (e) => [e.actor1, e.actor2].filter(Boolean).join(" vs ").toLowerCase(), nosort: true },
  deaths: { label: "Deaths (best)", get: (e) => (e.fatalities && e.fatalities.best != null ? e.fatalities.best : -1), num: true },
  reports: { label: "Reports", get: (e) => e.n_reports || 0, num: true },
};

function sortedShown() {
  const { key, dir } = state.sort, get = SORTS[key].get, sign = dir === "asc" ? 1 : -1;
  return state.shown.slice().sort((a, b) => {
    const x = get(a), y = get(b);
    // Undated events and unknown tolls go last whichever way the column is sorted.
    const ex = x === "" || x === -1, ey = y === "" || y === -1;
    if (ex !== ey) return ex ? 1 : -1;
    const c = SORTS[key].num ? x - y : String(x).localeCompare(String(y));
    return c * sign || (a.event_id < b.event_id ? -1 : 1);
  });
}

function drawTable() {
  const table = clear($("event-table"));
  const head = el("tr");
  for (const [key, s] of Object.entries(SORTS)) {
    const on = state.sort.key === key;
    const th = el("th", { "data-sort": key, scope: "col", class: s.num ? "num" : "" }, s.label, on ? (state.sort.dir === "asc" ? " ▲" : " ▼") : "");
    if (on) th.setAttribute("aria-sort", state.sort.dir === "asc" ? "ascending" : "descending");
    if (!s.nosort) {
      th.classList.add("sortable");
      th.addEventListener("click", () => {
        state.sort = { key, dir: on && state.sort.dir === "desc" ? "asc" : on ? "desc" : (s.num || key === "date" ? "desc" : "asc") };
        drawTable();
        writeHash();
      });
    }
    head.append(th);
  }
  table.append(el("thead", {}, head));
  const body = el("tbody");
  for (const ev of sortedShown()) {
    const loc = ev.location || {}, f = ev.fatalities || {};
    const when = ev.date_end && ev.date_end !== ev.date_start ? `${ev.date_start} to ${ev.date_end}` : ev.date_start || "undated";
    const tr = el("tr", { "data-event-id": ev.event_id, tabindex: "0", onclick: () => openEvent(ev.event_id),
                          onkeydown: (e) => { if (e.key === "Enter") openEvent(ev.event_id); } },
      el("td", { text: when }),
      el("td", {}, el("span", { class: "swatch", style: `background:${style(ev.event_type).color}` }), ev.sub_event_type,
         el("div", { class: "meta", text: ev.event_type })),
      el("td", {}, loc.name || "unknown", el("div", { class: "meta", text: [loc.admin1 !== loc.name ? loc.admin1 : null, loc.country, loc.geo_precision && loc.geo_precision !== "exact" ? `(${loc.geo_precision})` : null].filter(Boolean).join(", ") })),
      el("td", { text: [ev.actor1, ev.actor2].filter(Boolean).join(" vs ") || "unidentified" }),
      el("td", { class: "num deaths", "data-value": f.best != null ? String(f.best) : "",
                 text: f.best != null ? (f.low !== f.high && f.low != null ? `${f.best} (${f.low}–${f.high})` : String(f.best)) : "" }),
      el("td", { class: "num reports", "data-value": String(ev.n_reports || 0), text: String(ev.n_reports || 0) }));
    if (ev.event_id === state.selected) tr.classList.add("sel");
    body.append(tr);
  }
  table.append(body);
}

// -- trends: weekly events and deaths, by type or by province --------------------------------------------
const GROUP_COLORS = ["#0b69a3", "#e12d39", "#27ab83", "#f0b429", "#8719e0", "#c65d21", "#3e4c59", "#ff8cba", "#2cb1bc", "#9aa5b1"];
const TOP_PROVINCES = 8;

/* Monday of the (UTC) week of an ISO date. */
function weekOf(date) {
  const t = day(date);
  return iso(t - ((new Date(t).getUTCDay() + 6) % 7) * DAY);
}

function trendGroups(events) {
  if (state.group === "type") {
    const names = [...new Set(events.map((e) => e.event_type))].sort();
    return { of: (e) => e.event_type, names, color: (g) => style(g).color };
  }
  const count = new Map();
  for (const e of events) {
    const a = (e.location && e.location.admin1) || "unknown";
    count.set(a, (count.get(a) || 0) + 1);
  }
  const top = [...count.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP_PROVINCES).map((x) => x[0]);
  const names = [...top, ...(count.size > top.length ? ["other provinces"] : [])];
  const of = (e) => { const a = (e.location && e.location.admin1) || "unknown"; return top.includes(a) ? a : "other provinces"; };
  return { of, names, color: (g) => GROUP_COLORS[names.indexOf(g) % GROUP_COLORS.length] };
}

function drawTrends() {
  const box = $("trends");
  if (!box || !$("view-trends").classList.contains("on")) { if (box) box.dataset.stale = "1"; return; }
  clear(box);
  delete box.dataset.stale;
  for (const b of document.querySelectorAll("#trend-group button")) b.classList.toggle("on", b.dataset.group === state.group);
  const dated = state.shown.filter((e) => e.date_start), undated = state.shown.length - dated.length;
  const groups = trendGroups(dated);
  const weeks = new Map();  // week -> group -> {events, deaths}
  for (const e of dated) {
    const w = weekOf(e.date_start), g = groups.of(e);
    if (!weeks.has(w)) weeks.set(w, new Map());
    const cell = weeks.get(w).get(g) || { events: 0, deaths: 0 };
    cell.events += 1;
    cell.deaths += toll(e);
    weeks.get(w).set(g, cell);
  }
  const legend = el("div", { class: "trend-legend" });
  const totals = new Map(groups.names.map((g) => [g, { events: 0, deaths: 0 }]));
  for (const m of weeks.values()) for (const [g, c] of m) { totals.get(g).events += c.events; totals.get(g).deaths += c.deaths; }
  for (const g of groups.names) {
    const t = totals.get(g);
    legend.append(el("span", { class: "item", "data-group": g, "data-events": String(t.events), "data-deaths": String(t.deaths) },
      el("span", { class: "swatch", style: `background:${groups.color(g)}` }), `${g}: ${t.events} events, ${t.deaths} deaths`));
  }
  box.append(el("p", { class: "meta", text: `${dated.length} dated events in ${weeks.size} weeks with events` +
    (undated ? `; ${undated} undated events are not drawn.` : ".") + " Deaths: each event's reconciled toll (best)." }), legend);
  if (!weeks.size) { box.append(el("p", { class: "empty", text: "No dated events in this filter." })); return; }
  // Every week from the first to the last, the empty ones too, so gaps read as quiet weeks.
  const first = day(weekOf(dated.reduce((a, e) => (e.date_start < a ? e.date_start : a), dated[0].date_start)));
  const last = day(weekOf(dated.reduce((a, e) => (e.date_start > a ? e.date_start : a), dated[0].date_start)));
  const allWeeks = [];
  for (let t = first; t <= last; t += 7 * DAY) allWeeks.push(iso(t));
  for (const [metric, title] of [["events", "Events per week"], ["deaths", "Reconciled deaths per week (best)"]]) {
    box.append(el("h3", { text: title }), trendChart(metric, allWeeks, weeks, groups));
  }
}

function trendChart(metric, allWeeks, weeks, groups) {
  const width = Math.max(400, ($("trends").clientWidth || 800) - 10), height = 190, pad = { l: 44, r: 8, t: 8, b: 22 };
  const totalOf = (w) => { let s = 0; for (const c of (weeks.get(w) || new Map()).values()) s += c[metric]; return s; };
  const top = Math.max(1, ...allWeeks.map(totalOf));
  const chart = svg("svg", { class: "trend-chart", "data-metric": metric, width, height, viewBox: `0 0 ${width} ${height}`,
                             role: "img", "aria-label": `${metric} per week by ${state.group === "type" ? "event type" : "province"}` });
  const bw = (width - pad.l - pad.r) / allWeeks.length, y = (v) => pad.t + (height - pad.t - pad.b) * (1 - v / top);
  for (const frac of [0, 0.5, 1]) {
    const v = Math.round(top * frac), yy = y(v);
    chart.append(svg("line", { x1: pad.l, x2: width - pad.r, y1: yy, y2: yy, class: "grid" }));
    const t = svg("text", { x: pad.l - 4, y: yy + 3, class: "axis", "text-anchor": "end" });
    t.textContent = String(v);
    chart.append(t);
  }
  let grand = 0;
  allWeeks.forEach((w, i) => {
    const cells = weeks.get(w) || new Map(), total = totalOf(w);
    grand += total;
    const col = svg("g", { class: "week", "data-week": w, "data-value": String(total) });
    let acc = 0;
    for (const g of groups.names) {
      const c = cells.get(g);
      if (!c || !c[metric]) continue;
      const h = y(acc) - y(acc + c[metric]);
      const r = svg("rect", { x: pad.l + i * bw, y: y(acc + c[metric]), width: Math.max(1, bw - (bw > 3 ? 1 : 0)), height: Math.max(0.5, h),
                              fill: groups.color(g), class: "bar", "data-week": w, "data-group": g, "data-value": String(c[metric]) });
      const tip = svg("title");
      tip.textContent = `week of ${w} · ${g}: ${c[metric]} ${metric} (week total ${total})`;
      r.append(tip);
      col.append(r);
      acc += c[metric];
    }
    chart.append(col);
  });
  chart.setAttribute("data-total", String(grand));
  // Dates under the axis: about six, at week starts.
  const step = Math.max(1, Math.round(allWeeks.length / 6));
  for (let i = 0; i < allWeeks.length; i += step) {
    if (pad.l + i * bw > width - 70) break;  // no clipped date at the right edge
    const t = svg("text", { x: pad.l + i * bw, y: height - 6, class: "axis" });
    t.textContent = allWeeks[i];
    chart.append(t);
  }
  return chart;
}

// -- export what is on screen ------------------------------------------------------------------------
const CSV_COLUMNS = [
  ["event_id", (e) => e.event_id], ["date_start", (e) => e.date_start], ["date_end", (e) => e.date_end],
  ["time_precision", (e) => e.time_precision], ["event_type", (e) => e.event_type], ["sub_event_type", (e) => e.sub_event_type],
  ["actor1", (e) => e.actor1], ["actor2", (e) => e.actor2], ["place", (e) => e.location && e.location.name],
  ["admin1", (e) => e.location && e.location.admin1], ["country", (e) => e.location && e.location.country],
  ["latitude", (e) => e.location && e.location.lat], ["longitude", (e) => e.location && e.location.lon],
  ["geo_precision", (e) => e.location && e.location.geo_precision],
  ["fatalities_low", (e) => e.fatalities && e.fatalities.low], ["fatalities_best", (e) => e.fatalities && e.fatalities.best],
  ["fatalities_high", (e) => e.fatalities && e.fatalities.high], ["n_reports", (e) => e.n_reports],
  ["n_claims", (e) => e.n_claims], ["outlets", (e) => (e.outlets || []).join("; ")],
];

/* One CSV cell, quoted. Text that a spreadsheet would run as a formula (= + - @, or a tab or
 * carriage return first) gets a leading apostrophe; numbers are written as numbers. */
function csvCell(v) {
  if (v == null) return "";
  if (typeof v === "number") return String(v);
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

function toCsv(events) {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(",")];
  for (const e of events) lines.push(CSV_COLUMNS.map(([, get]) => csvCell(get(e))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function toGeoJson(events) {
  return JSON.stringify({ type: "FeatureCollection", features: events.map((e) => {
    const { location, ...props } = e;
    return { type: "Feature", id: e.event_id,
             geometry: hasPoint(e) ? { type: "Point", coordinates: [location.lon, location.lat] } : null,
             properties: { ...props, location } };
  }) }, null, 1);
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function exportName(ext) {
  const parts = filterParams(false).map(([k, v]) => `${k}-${v}`.replace(/[^A-Za-z0-9-]+/g, "_").slice(0, 40));
  return `sitroom-events${parts.length ? `-${parts.join("-")}` : ""}.${ext}`;
}

// -- event panel -------------------------------------------------------------------------------
function showTab(name) {
  state.tab = name;
  for (const b of document.querySelectorAll("#tabs button")) {
    b.classList.toggle("on", b.dataset.tab === name);
    b.setAttribute("aria-selected", String(b.dataset.tab === name));
  }
  for (const s of document.querySelectorAll(".tab")) s.classList.toggle("on", s.id === `tab-${name}`);
  drawControl();
  writeHash();
}

/* Opens an event: the side panel shows it, its row and marker are marked, the map goes to it.
 * ``tab``: the side tab to leave open (a restored link may name the article or the briefing). */
async function openEvent(id, tab = "event") {
  state.selected = id;
  markSelected();
  for (const li of document.querySelectorAll("#event-list li, #event-table tr[data-event-id]")) {
    li.classList.toggle("sel", li.getAttribute("data-event-id") === id);
  }
  showTab(tab);
  focusEvent(state.events.find((e) => e.event_id === id));
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
        el("td", { class: "quote", dir: "auto", text: c.quote ? `“${c.quote}”` : "" })));
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
      el("div", { class: "quote", dir: "auto", text: `“${r.quote}”` })));
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
  state.doc = docId;
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
/* Works with both shapes of /api/control: places with their ``changes`` (then the slider picks the
 * date), and places that say ``holder_at``, ``last_evidence``, ``confidence``, ``stale`` themselves. */
async function loadControl() {
  try { state.control = (await api("/api/control", filterParams(false))).places || []; }
  catch (e) { state.control = []; }
  const dates = [...new Set(state.control.flatMap((p) => (p.changes || []).map((c) => c.date)))].sort();
  state.controlDates = dates;
  const slider = $("control-slider");
  slider.max = String(Math.max(0, dates.length - 1));
  slider.value = slider.max;
  slider.disabled = !dates.length;
  assignHolderColors();
  drawControl();
}

function holderAt(p, date) {
  const changes = p.changes || [];
  if (!changes.length || !date) {
    const ev = p.last_evidence || {};
    return { holder: p.holder_at || "unknown", since: ev.date || null, eventId: ev.event_id || null };
  }
  let holder = changes[0].from || "unknown", since = null, eventId = null;
  for (const c of changes) if (c.date <= date) { holder = c.holder || "unknown"; since = c.date; eventId = c.event_id; }
  return { holder, since, eventId };
}

// Distinct colours, handed out in order of how many places a holder has: no two holders share one.
const PALETTE = ["#e12d39", "#0b69a3", "#27ab83", "#f0b429", "#8719e0", "#3e4c59", "#c65d21", "#ff8cba", "#2cb1bc", "#6b4f2a"];
const holderColors = new Map();
function assignHolderColors() {
  holderColors.clear();
  const count = new Map();
  for (const p of state.control) {
    const names = new Set([p.holder_at, ...(p.changes || []).flatMap((c) => [c.holder, c.from])].filter(Boolean));
    for (const n of names) count.set(n, (count.get(n) || 0) + 1);
  }
  [...count.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).forEach(([name], i) => {
    holderColors.set(name, i < PALETTE.length ? PALETTE[i] : `hsl(${Math.round((i * 137.508) % 360)}, 65%, 45%)`);
  });
}
const colorOf = (name) => holderColors.get(name) || "#9aa5b1";

function controlSvg(color, stale, n) {
  const s = svg("svg", { width: 20, height: 20, viewBox: "-10 -10 20 20" });
  let fill = color;
  if (stale) {  // old evidence: hatched and faded, the holder's colour in stripes
    const pat = svg("pattern", { id: `hatch-${n}`, width: 4, height: 4, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    pat.append(svg("rect", { width: 4, height: 4, fill: "#fff" }), svg("rect", { width: 2, height: 4, fill: color }));
    const defs = svg("defs");
    defs.append(pat);
    s.append(defs);
    fill = `url(#hatch-${n})`;
  }
  s.append(svg("rect", { x: -8, y: -8, width: 16, height: 16, fill, stroke: color, "stroke-width": 2, "stroke-dasharray": stale ? "3 2" : "none" }));
  return s;
}

function drawControl() {
  if (!controlLayer) return;
  const date = state.controlDates[+$("control-slider").value];
  const anyPlace = state.control.length > 0;
  $("control-date").textContent = date ? `as of ${date}` : anyPlace ? "latest evidence" : "no changes of control in this filter";
  const list = clear($("control-list"));
  const legendBox = clear($("control-legend"));
  controlLayer.clearLayers();
  if (!anyPlace) return;
  const onMap = $("tab-control").classList.contains("on"), used = new Map();
  state.control.forEach((p, n) => {
    const h = holderAt(p, date), stale = p.stale === true;
    used.set(h.holder, (used.get(h.holder) || 0) + 1);
    const li = el("li", { "data-holder": h.holder, class: stale ? "stale" : "", "data-place": p.place || "",
                          "data-precision": p.precision || "", "data-event-id": h.eventId || "" },
      el("span", { class: "swatch", style: `background:${colorOf(h.holder)}` }),
      el("strong", { text: p.place || p.name || "unnamed place" }), ` held by ${h.holder}` + (h.since ? ` since ${h.since}` : " (before the first reported change)"),
      p.confidence != null ? el("span", { class: "meta", text: ` · confidence ${p.confidence.level ?? p.confidence}` }) : null,
      stale ? el("span", { class: "meta", text: " · stale: no recent evidence" }) : null);
    if (h.eventId) li.append(" ", el("button", { type: "button", class: "link", onclick: () => openEvent(h.eventId, "control") }, "evidence"));
    if (p.last_evidence && p.last_evidence.quote) li.append(el("div", { class: "quote", dir: "auto", text: `“${p.last_evidence.quote}”` }));
    list.append(li);
    if (p.lat != null && p.lon != null && onMap) {
      const box = el("div", { class: `ctl-marker${stale ? " stale" : ""}`, "data-holder": h.holder,
                              title: `${p.place || ""}: ${h.holder}${stale ? " (stale)" : ""}` }, controlSvg(colorOf(h.holder), stale, n));
      controlLayer.addLayer(L.marker([p.lat, p.lon], { pane: "control", icon: L.divIcon({ className: "ctl-icon", html: box, iconSize: [20, 20] }), interactive: false }));
    }
  });
  for (const [holder, k] of [...used.entries()].sort((a, b) => b[1] - a[1])) {
    legendBox.append(el("div", { class: "item", "data-holder": holder, "data-color": colorOf(holder) },
      el("span", { class: "swatch", style: `background:${colorOf(holder)}` }), `${holder} (${k})`));
  }
  legendBox.append(el("div", { class: "meta" }, el("span", { class: "swatch hatched" }), "hatched: stale (no recent evidence)"));
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
    // The head (figures and what matters most) reads first; the chronology and lists are folded.
    renderMarkdown(data.head ?? data.markdown, clear(out));
    if (data.chronology) {
      const fold = el("details", { class: "chronology" });
      fold.append(el("summary", { text: "Chronology, control, contradictions and sources" }));
      renderMarkdown(data.chronology, fold);
      out.append(fold);
    }
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

const SUBTYPES = {
  "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
  "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
  "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
  "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
  "Riots": ["Violent demonstration", "Mob violence"],
  "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other"],
};

// -- start -----------------------------------------------------------------------------------------
async function fillChoices() {
  const sel = $("f-type");
  for (const [t, subs] of Object.entries(SUBTYPES)) {
    const g = el("optgroup", { label: t });
    g.append(el("option", { value: t, text: `${t} (all)` }), ...subs.map((s) => el("option", { value: s, text: s })));
    sel.append(g);
  }
  try {
    const [actors, places] = await Promise.all([api("/api/actors"), api("/api/places")]);
    for (const a of actors.actors) $("actors-list").append(el("option", { value: a.name }));
    for (const p of places.places) if (p.name) $("places-list").append(el("option", { value: p.name }));
  } catch (e) { /* the lists only help typing */ }
}

async function load() {
  status("loading…");
  try {
    const data = await api("/api/events", filterParams());
    state.events = data.events;
    // a new filter clears the brush; a restored URL's brush is drawn over the events it filters
    state.brush = state.restoring ? state.hashBrush : null;
    applyBrush();
    status(!data.count ? "No events match this filter."
      : data.count > data.events.length ? `Showing the first ${data.events.length} of ${data.count} events: narrow the filter to see the rest.` : "");
  } catch (e) { status(`Could not load events: ${e.message}`); }
  writeHash();
  await loadControl();
}

/* The whole page from the URL's hash: filters, view, tab, sort, map, then the event and article. */
async function restore() {
  state.restoring = true;
  try {
    applyHash(readHash());
    state.fitted = false;
    state.mapMoved = !!state.mapView;
    if (state.mapView) autoMove(() => map.setView([state.mapView[1], state.mapView[2]], state.mapView[0], { animate: false }));
    showView(state.view);
    showTab(state.tab);
    await load();
    if (state.selected) await openEvent(state.selected, state.tab);
    else clearEventPanel();
    if (state.doc && state.tab === "document") await openDocument(state.doc, state.selected);
    if (state.tab === "briefing") await loadBriefing();
  } finally {
    state.restoring = false;
  }
  writeHash();
}

function clearEventPanel() {
  clear($("event-panel"));
  $("tab-event").classList.remove("filled");
  selLayer.clearLayers();
}

/* Reset: the filter emptied, the selection, tabs, sort and map view back to their defaults, the URL
 * without state. (The form's own reset() is shadowed by the button named "reset", so fields are
 * cleared one by one.) */
async function resetAll() {
  for (const [id] of FILTER_FIELDS) $(id).value = "";
  $("f-bbox").checked = false;
  Object.assign(state, { brush: null, selected: null, doc: null, sort: { key: "date", dir: "desc" }, group: "type",
                         mapMoved: false, mapView: null, fitted: false, userMove: false });
  clearEventPanel();
  clear($("document-panel"));
  $("tab-document").classList.remove("filled");
  history.replaceState(null, "", location.pathname + location.search);
  showView("map");
  showTab("event");
  await load();
}

async function main() {
  try { state.settings = await api("/api/settings"); } catch (e) { state.settings = {}; }
  initMap();
  initBrush();
  await fillChoices();
  $("filters").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  $("reset").addEventListener("click", () => { resetAll(); });
  for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => showTab(b.dataset.tab));
  for (const b of document.querySelectorAll("#views button[data-view]")) b.addEventListener("click", () => showView(b.dataset.view));
  for (const b of document.querySelectorAll("#trend-group button")) {
    b.addEventListener("click", () => { state.group = b.dataset.group; drawTrends(); writeHash(); });
  }
  $("export-csv").addEventListener("click", () => download(exportName("csv"), "text/csv;charset=utf-8", toCsv(sortedShown())));
  $("export-geojson").addEventListener("click", () => download(exportName("geojson"), "application/geo+json", toGeoJson(sortedShown())));
  $("control-slider").addEventListener("input", drawControl);
  $("brief-btn").addEventListener("click", loadBriefing);
  window.addEventListener("resize", () => { drawTimeline(); drawTrends(); });
  // A link pasted over this one (or the hash edited by hand) is applied at once.
  window.addEventListener("hashchange", () => { restore(); });
  await restore();
  document.body.dataset.ready = "1";
}
main();
