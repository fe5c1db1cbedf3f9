#!/usr/bin/env bash
# The main job on bundled sample data: installs what is needed, builds, and writes
# visible results to out/demo/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install-deps.sh
bash scripts/build.sh
out="$root/out/demo"; mkdir -p "$out"
./lutbridge version

# 1. Apply bundled LUTs (a .cube and a GPUImage lookup PNG) to the sample photos:
#    <photo>__<lut>.png is the graded photo, <photo>__<lut>_before_after.png the comparison.
echo "==> applying LUTs to samples/photos"
for photo in samples/photos/*.png samples/photos/*.jpg; do
  [ -e "$photo" ] || continue
  name="$(basename "${photo%.*}")"
  for lut in samples/luts/Colour_Correct.cube samples/luts/lookup_amatorka.png; do
    tag="$(basename "${lut%.*}")"
    ./lutbridge apply --lut "$lut" --in "$photo" --out "$out/${name}__${tag}.png" \
      --before-after "$out/${name}__${tag}_before_after.png"
    echo "    $out/${name}__${tag}_before_after.png"
  done
done

# 2. Decompose a LUT into an editable Look, show its sliders, move two of them and apply
#    the edited Look (the .cube carries the Look in a comment, so it reopens with sliders).
echo "==> decomposing samples/luts/lookup_amatorka.png into a Look"
./lutbridge decompose samples/luts/lookup_amatorka.png --out "$out/amatorka.look" --json "$out/amatorka_report.json"
./lutbridge show "$out/amatorka.look"
./lutbridge edit "$out/amatorka.look" --set saturation=0.25 --set strength=0.8 --out "$out/amatorka_edited.cube"
./lutbridge apply --lut "$out/amatorka_edited.cube" --in samples/photos/skimage_chelsea.png \
  --out "$out/skimage_chelsea__amatorka_edited.png" --before-after "$out/skimage_chelsea__amatorka_edited_before_after.png"
echo "    $out/amatorka.look ($(stat -c %s "$out/amatorka.look") bytes), report $out/amatorka_report.json"
echo "    $out/skimage_chelsea__amatorka_edited_before_after.png"

# 3. Distil a Look from a before/after pair that does not line up: samples/pairs holds the
#    coffee photo graded by the Amatorka LUT, then rotated 2°, cropped and rescaled. distil
#    registers it, learns the colours and the Look grades a photo the pair never showed.
echo "==> distilling a Look from a misaligned before/after pair"
./lutbridge distil --before samples/photos/skimage_coffee.png --after samples/pairs/coffee_amatorka_misaligned.jpg \
  --out "$out/coffee_pair.look" --json "$out/coffee_pair_report.json"
./lutbridge bake "$out/coffee_pair.look" --out "$out/coffee_pair.cube"
./lutbridge apply --lut "$out/coffee_pair.cube" --in samples/photos/skimage_chelsea.png \
  --out "$out/skimage_chelsea__coffee_pair.png" --before-after "$out/skimage_chelsea__coffee_pair_before_after.png"
echo "    $out/coffee_pair.look ($(stat -c %s "$out/coffee_pair.look") bytes), report $out/coffee_pair_report.json"
echo "    $out/skimage_chelsea__coffee_pair_before_after.png"

# 3b. An editor's own edit → a Look: a darktable style and a RawTherapee profile (samples/edits)
#     rendered by darktable-cli / rawtherapee-cli on a colour chart and a photo, the Look fitted
#     to what comes back and checked on the rocket photo (held out) against the editor's render.
echo "==> distilling a darktable style and a RawTherapee profile into Looks"
./lutbridge distil --edit samples/edits/velvia_split_tone.dtstyle --check-photo samples/photos/skimage_rocket.jpg \
  --out "$out/velvia_split_tone.look" --json "$out/velvia_split_tone_report.json"
./lutbridge distil --edit samples/edits/warm_curves.pp3 --check-photo samples/photos/skimage_rocket.jpg \
  --out "$out/warm_curves.cube" --json "$out/warm_curves_report.json"
./lutbridge apply --lut "$out/velvia_split_tone.look" --in samples/photos/skimage_rocket.jpg \
  --out "$out/skimage_rocket__velvia_split_tone.jpg" --before-after "$out/skimage_rocket__velvia_split_tone_before_after.png"
echo "    $out/velvia_split_tone.look, $out/warm_curves.cube, $out/skimage_rocket__velvia_split_tone_before_after.png"

# 4. Match: a reference photo → a Look. The reference is made here by grading the bundled
#    coffee photo with the bundled Amatorka LUT; match estimates that grade (not the coffee)
#    and applies it to the cat photo. A style set from a small library (the bundled LUTs and
#    photos) is shown as a labelled contact sheet.
echo "==> matching the cat photo to a graded reference"
./lutbridge apply --lut samples/luts/lookup_amatorka.png --in samples/photos/skimage_coffee.png --out "$out/reference_coffee_amatorka.png"
./lutbridge match --ref "$out/reference_coffee_amatorka.png" --in samples/photos/skimage_chelsea.png \
  --out "$out/matched.look" --graded "$out/skimage_chelsea__matched.png" --json "$out/matched_report.json"
lib="$out/library"; mkdir -p "$lib"
cp samples/luts/* samples/photos/skimage_rocket.jpg "$lib/"
./lutbridge library add "$lib"
./lutbridge match --library "$lib" --ref "$out/reference_coffee_amatorka.png" --in samples/photos/skimage_chelsea.png \
  --k 2 --variants 3 --out "$out/styleset.look" --contact-sheet "$out/styleset_contact_sheet.png" > /dev/null
echo "    $out/skimage_chelsea__matched.png, report $out/matched_report.json, variants $out/styleset_contact_sheet.png"
# 5. Words → Look: a prompt becomes an editable Look in milliseconds (no model), with a preview
#    strip (chart before above, after below), and the Look grades a bundled photo.
echo "==> words → Look"
./lutbridge prompt "warm faded film, teal shadows, a bit more contrast" --out "$out/words.cube" \
  --json "$out/words_report.json" --strip "$out/words_strip.png" --explain
./lutbridge apply --lut "$out/words.cube" --in samples/photos/skimage_coffee.png \
  --out "$out/skimage_coffee__words.png" --before-after "$out/skimage_coffee__words_before_after.png"
./lutbridge prompt "чуть теплее, бирюзовые тени" --out "$out/words_ru.look" --strip "$out/words_ru_strip.png"
./lutbridge prompt "电影感，暖一点" --in samples/photos/skimage_chelsea.png --out "$out/words_zh.cube" --strip "$out/words_zh_strip.png"
./lutbridge apply --lut "$out/words_zh.cube" --in samples/photos/skimage_chelsea.png \
  --out "$out/skimage_chelsea__words_zh.png" --before-after "$out/skimage_chelsea__words_zh_before_after.png"
echo "    $out/words_strip.png, $out/skimage_coffee__words_before_after.png, $out/skimage_chelsea__words_zh_before_after.png"

echo "==> results in $out"
