#!/usr/bin/env bash
# How the web app's offline assets were obtained (run once; the results are committed).
# Everything comes from the npm registry; nothing is fetched at run time.
#   leaflet@1.9.4          BSD-2-Clause   map widget (dist/ copied as is)
#   world-atlas@2.0.2      ISC            Natural Earth 4.1.0 admin-0 countries 1:50m as TopoJSON
#                                         (Natural Earth data is public domain)
#   topojson-client@3.1.0  ISC            used here only, to convert TopoJSON -> GeoJSON once
#   leaflet.markercluster@1.5.3  MIT     marker clustering (dist/ copied as is)
# The admin-1 provinces and populated places come from scripts/build_basemap.py (see its docstring).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/sitroom/web/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent leaflet@1.9.4 world-atlas@2.0.2 topojson-client@3.1.0 leaflet.markercluster@1.5.3 >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done

rm -rf "$DEST/leaflet" && mkdir -p "$DEST/leaflet" "$DEST/basemap"
cp -r leaflet-1.9.4/package/dist/leaflet.js leaflet-1.9.4/package/dist/leaflet.css \
      leaflet-1.9.4/package/dist/images leaflet-1.9.4/package/LICENSE "$DEST/leaflet/"
MC=leaflet.markercluster-1.5.3/package
rm -rf "$DEST/markercluster" && mkdir -p "$DEST/markercluster"
cp $MC/dist/leaflet.markercluster.js $MC/dist/MarkerCluster.css $MC/dist/MarkerCluster.Default.css \
   $MC/MIT-LICENCE.txt "$DEST/markercluster/"
printf 'Leaflet.markercluster 1.5.3 (npm: leaflet.markercluster@1.5.3), MIT, see MIT-LICENCE.txt.\nFiles copied unchanged from the package'"'"'s dist/.\n' > "$DEST/markercluster/NOTICE"

# Countries as GeoJSON, coordinates rounded to 3 decimals (~100 m: plenty for a 1:50m outline).
cat > conv.js <<'JS'
const tc = require('./topojson-client-3.1.0/package/dist/topojson-client.js');
const fs = require('fs');
const topo = JSON.parse(fs.readFileSync(process.argv[2]));
const fc = tc.feature(topo, topo.objects.countries);
const r = x => Array.isArray(x) ? x.map(r) : Math.round(x * 1000) / 1000;
fc.features.forEach(f => {
  if (f.geometry) f.geometry.coordinates = r(f.geometry.coordinates);
  f.properties = {name: f.properties.name}; delete f.id;
});
fs.writeFileSync(process.argv[3], JSON.stringify(fc));
JS
node conv.js world-atlas-2.0.2/package/countries-50m.json "$DEST/basemap/countries-50m.geojson"
cp world-atlas-2.0.2/package/LICENSE "$DEST/basemap/LICENSE.world-atlas"
# basemap/NOTICE (committed) credits Natural Earth and names every source of basemap/.
echo "vendored into $DEST"
