#!/usr/bin/env bash
# Builds the held-out photo set for `lutbridge eval match` (docs/match.md): 12 real photos that the
# match engine was never tuned on, taken from two Debian packages (opencv-doc's sample photos,
# GPL/BSD-licensed desktop photos of mate-backgrounds and lomiri-wallpapers-20.04), scaled to at most
# 768 px on the long side (the size of ../shared/data/photos). Evaluation only: not redistributed.
# Usage: bash scripts/match-heldout-photos.sh OUT_DIR   (needs apt-get download and ImageMagick's convert)
set -euo pipefail
out=${1:?usage: match-heldout-photos.sh OUT_DIR}
command -v convert >/dev/null || { echo "match-heldout-photos: ImageMagick's convert is needed (apt-get install imagemagick)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download opencv-doc mate-backgrounds lomiri-wallpapers-20.04 >/dev/null 2>&1) \
  || { echo "match-heldout-photos: apt-get download failed (run apt-get update first)" >&2; exit 2; }
for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/x"; done
ex=$work/x/usr/share/doc/opencv-doc/examples
bg=$work/x/usr/share/backgrounds
mkdir -p "$out"
take() { convert "$1" -resize '768x768>' -strip "PNG24:$out/$2.png"; }
take "$ex/alphamat/input_images/plant.jpg" ocv_plant
take "$ex/data/building.jpg" ocv_building
take "$ex/data/home.jpg" ocv_home
take "$ex/data/leuvenA.jpg" ocv_leuven
take "$ex/data/messi5.jpg" ocv_football
take "$ex/data/squirrel_cls.jpg" ocv_squirrel
take "$ex/hfs/data/000.jpg" ocv_robin
take "$ex/text/scenetext05.jpg" ocv_shopfront
take "$ex/text/scenetext06.jpg" ocv_brickhouse
take "$bg/Kleiber_by_Lukas_Baubkus.jpg" lomiri_nuthatch
take "$bg/mate/nature/Dune.jpg" mate_dune
take "$bg/mate/nature/Storm.jpg" mate_storm
echo "match-heldout-photos: $(ls "$out" | wc -l) photos in $out"
