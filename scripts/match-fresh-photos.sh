#!/usr/bin/env bash
# Builds the *fresh* held-out photo set for `lutbridge eval match` (docs/match.md), fixed on
# 2026-12-05 before any tuning of that session: 12 real photos from the same Debian packages as
# scripts/match-heldout-photos.sh but none of its photos (that older set has been run too often to
# stay held out and is now tuning data). opencv-doc's sample photos and mate-backgrounds' nature
# photos, scaled to at most 768 px on the long side. Evaluation only: not redistributed.
# Used with the LUTs of `--offset 1` (the LUTs no tuning run uses).
# Usage: bash scripts/match-fresh-photos.sh OUT_DIR   (needs apt-get download and ImageMagick's convert)
set -euo pipefail
out=${1:?usage: match-fresh-photos.sh OUT_DIR}
command -v convert >/dev/null || { echo "match-fresh-photos: ImageMagick's convert is needed (apt-get install imagemagick)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download opencv-doc mate-backgrounds >/dev/null 2>&1) \
  || { echo "match-fresh-photos: apt-get download failed (run apt-get update first)" >&2; exit 2; }
for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/x"; done
ex=$work/x/usr/share/doc/opencv-doc/examples
bg=$work/x/usr/share/backgrounds/mate/nature
mkdir -p "$out"
take() { convert "$1" -resize '768x768>' -strip "PNG24:$out/$2.png"; }
take "$ex/hfs/data/001.jpg" fresh_lake
take "$ex/hfs/data/002.jpg" fresh_tree
take "$ex/data/aloeL.jpg" fresh_aloe
take "$ex/data/baboon.jpg" fresh_mandrill
take "$ex/data/butterfly.jpg" fresh_butterfly
take "$ex/data/fruits.jpg" fresh_fruits
take "$ex/text/scenetext01.jpg" fresh_street
take "$ex/text/scenetext04.jpg" fresh_generator
take "$bg/Aqua.jpg" fresh_waterdrop
take "$bg/Garden.jpg" fresh_marigold
take "$bg/LadyBird.jpg" fresh_ladybird
take "$bg/TwoWings.jpg" fresh_dandelion
echo "match-fresh-photos: $(ls "$out" | wc -l) photos in $out"
