#!/usr/bin/env bash
# Builds the *second fresh* held-out photo set for `lutbridge eval match` (docs/match.md), fixed on
# 2026-12-06 before any tuning of that session looked at a number: the 22 real photographs among
# the wallpapers of Debian's lomiri-wallpapers-16.04 (Ubuntu community photos) and plasma-workspace-wallpapers
# (the illustrations and abstract renders left out), none of them in any other set or any learned
# prior. Split alternately (`take SOURCE NAME HALF`) into OUT_DIR/a and OUT_DIR/b (11 photos each), so that the 12 held-out
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
mkdir -p "$out/a" "$out/b"
take() { convert "$1" -resize '768x768>' -strip "PNG24:$out/$3/$2.png"; }
take "$bg/Bridge_by_Sander_Klootwijk.jpg" fresh2_bridge a
take "$wp/BytheWater/contents/images/2560x1600.jpg" fresh2_bythewater b
take "$wp/ColdRipple/contents/images/2560x1600.jpg" fresh2_coldripple a
take "$wp/ColorfulCups/contents/images/2560x1600.jpg" fresh2_cups b
take "$wp/DarkestHour/contents/images/2560x1600.jpg" fresh2_darkesthour a
take "$bg/Dragonfly_by_Bolly.jpg" fresh2_dragonfly b
take "$wp/EveningGlow/contents/images/2560x1600.jpg" fresh2_eveningglow a
take "$wp/FallenLeaf/contents/images/2560x1600.jpg" fresh2_fallenleaf b
take "$wp/Grey/contents/images/2560x1600.jpg" fresh2_grey a
take "$wp/Kite/contents/images/2560x1600.jpg" fresh2_kite b
take "$wp/OneStandsOut/contents/images/2560x1600.jpg" fresh2_moss a
take "$wp/Path/contents/images/2560x1600.jpg" fresh2_path b
take "$bg/Picture_0B_by_freespace.jpg" fresh2_fig a
take "$bg/Picture_1A_by_freespace.jpg" fresh2_brushes b
take "$bg/Wine_by_Jakkub_Mede.jpg" fresh2_wine a
take "$bg/aitzgorri_by_Aitzol_Berasategi.jpg" fresh2_aitzgorri b
take "$bg/free_by_Peter_Nerlich.jpg" fresh2_free a
take "$bg/friends_by_Aitzol_Berasategi.jpg" fresh2_friends b
take "$bg/life_by_Aitzol_Berasategi.jpg" fresh2_creek a
take "$bg/picosdeeuropa_by_Aitzol_Berasategi.jpg" fresh2_picos b
take "$bg/seeding_by_Clements_Engelhardt.jpg" fresh2_seeding a
take "$bg/sunset_by_Aitzol_Berasategi.jpg" fresh2_sunset b
echo "match-fresh2-photos: $(ls "$out/a" | wc -l) + $(ls "$out/b" | wc -l) photos in $out/a and $out/b"
