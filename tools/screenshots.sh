#!/usr/bin/env bash
# Regenerates docs/screenshots/: the start window, the walk with its evidence card, a hard
# stop, the finish and the printable record, each a real window in a real state captured from
# a virtual X screen. Once at 100% (1280x800) and once at 200% scale (docs/screenshots/2x/).
#   tools/screenshots.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
cd "$root"
bash tools/deps.sh --bench # ImageMagick's import reads the X screen
cmake --build "$build" --target gui_tests >/dev/null

shoot() { # scale, screen size, output folder
  local scale=$1 screen=$2 out=$3
  mkdir -p "$out"
  KC_SCREENSHOT_DIR="$out" GDK_BACKEND=x11 GDK_SCALE="$scale" \
    xvfb-run -a -s "-screen 0 ${screen}x24 -dpi $((96 * scale))" \
    "$build/tests/gui/gui_tests" "[.screenshots]" >/dev/null
  echo "screenshots: $(ls "$out"/*.png | wc -l) pictures at ${scale}x in ${out#"$root"/}"
}

shoot 1 1280x800 "$root/docs/screenshots"
shoot 2 2560x1600 "$root/docs/screenshots/2x"
