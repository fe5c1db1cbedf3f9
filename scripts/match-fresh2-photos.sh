#!/usr/bin/env bash
# Builds the *second fresh* held-out photo set for `lutbridge eval match` (docs/match.md), fixed on
# 2026-12-06 before any tuning of that session looked at a number: the 22 real photographs among
# the wallpapers of Debian's lomiri-wallpapers-16.04 (Ubuntu community photos) and plasma-workspace-wallpapers
# (the illustrations and abstract renders left out), none of them in any other set or any learned
# prior. Split alternately into OUT_DIR/a and OUT_DIR/b (11 photos each), so that the 12 held-out
# LUTs of `--offset 1` run twice, on different content: 24 cases. Scaled to at most 768 px on the
# long side. Evaluation only: not redistributed.
# Usage: bash scripts/match-fresh2-photos.sh OUT_DIR   (needs apt-get download and ImageMagick's convert)
set -euo pipefail
out=${1:?usage: match-fresh2-photos.sh OUT_DIR}
command -v convert >/dev/null || { echo "match-fresh2-photos: ImageMagick's convert is needed (apt-get install imagemagick)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download lomiri-wallpapers-16.04 plasma-workspace-wallpapers >/dev/null 2>&1) \
  || { echo "match-fresh2-photos: apt-get download failed (run apt-get update first)" >&2; exit 2; }
for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/x"; done
bg=$work/x/usr/share/backgrounds
wp=$work/x/usr/share/wallpapers
photos=(
  "$bg/Bridge_by_Sander_Klootwijk.jpg" "$wp/BytheWater/contents/images/2560x1600.jpg"
  "$wp/ColdRipple/contents/images/2560x1600.jpg" "$wp/ColorfulCups/contents/images/2560x1600.jpg"
  "$wp/DarkestHour/contents/images/2560x1600.jpg" "$bg/Dragonfly_by_Bolly.jpg"
  "$wp/EveningGlow/contents/images/2560x1600.jpg" "$wp/FallenLeaf/contents/images/2560x1600.jpg"
  "$wp/Grey/contents/images/2560x1600.jpg" "$wp/Kite/contents/images/2560x1600.jpg"
  "$wp/OneStandsOut/contents/images/2560x1600.jpg" "$wp/Path/contents/images/2560x1600.jpg"
  "$bg/Picture_0B_by_freespace.jpg" "$bg/Picture_1A_by_freespace.jpg"
  "$bg/Wine_by_Jakkub_Mede.jpg" "$bg/aitzgorri_by_Aitzol_Berasategi.jpg"
  "$bg/free_by_Peter_Nerlich.jpg" "$bg/friends_by_Aitzol_Berasategi.jpg"
  "$bg/life_by_Aitzol_Berasategi.jpg" "$bg/picosdeeuropa_by_Aitzol_Berasategi.jpg"
  "$bg/seeding_by_Clements_Engelhardt.jpg" "$bg/sunset_by_Aitzol_Berasategi.jpg"
)
mkdir -p "$out/a" "$out/b"
i=0
for f in "${photos[@]}"; do
  name=$(basename "$f" .jpg)
  [[ $name == 2560x1600 ]] && name=$(basename "$(dirname "$(dirname "$(dirname "$f")")")")
  half=$([[ $((i % 2)) == 0 ]] && echo a || echo b)
  convert "$f" -resize '768x768>' -strip "PNG24:$out/$half/fresh2_$(echo "$name" | tr 'A-Z' 'a-z').png"
  i=$((i + 1))
done
echo "match-fresh2-photos: $(ls "$out/a" | wc -l) + $(ls "$out/b" | wc -l) photos in $out/a and $out/b"
