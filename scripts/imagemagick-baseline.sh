#!/usr/bin/env bash
# Baseline for `make bench`: what a seller could do with ImageMagick alone: trim the backdrop,
# resize to the Amazon fill ratio and centre on a 2000x2000 white canvas.
# Usage: imagemagick-baseline.sh IN_DIR OUT_DIR | --ensure
set -euo pipefail
if [[ "${1:-}" == "--ensure" ]]; then
  # `convert -version` must name ImageMagick: some images ship a stand-in called convert.
  if ! convert -version 2>/dev/null | grep -q ImageMagick; then
    echo "installing imagemagick (Debian package) for the baseline" >&2
    (apt-get install -y -qq imagemagick >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq imagemagick >/dev/null))
  fi
  exit 0
fi
in="$1"; out="$2"
mkdir -p "$out"
for f in "$in"/*.jpg; do
  convert "$f" -fuzz 12% -trim +repage -resize 1740x1740 -background white -gravity center \
    -extent 2000x2000 -quality 92 "$out/$(basename "$f")"
done
