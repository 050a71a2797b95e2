#!/usr/bin/env bash
# Screenshot of GTKWave showing a waveform with a save file, on a virtual display (Xvfb).
#   sim/screenshot.sh <waves.fst> <save.gtkw> <out.png>
# Needs gtkwave, xvfb-run and ImageMagick's `import` (Debian: gtkwave xvfb imagemagick).
set -euo pipefail
waves=$1; save=$2; out=$3
for tool in gtkwave xvfb-run import; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "screenshot: '$tool' is missing; run: sudo apt-get install -y gtkwave xvfb imagemagick" >&2; exit 1; }
done
inner=$(mktemp)
trap 'rm -f "$inner"' EXIT
cat > "$inner" <<INNER
gtkwave "$waves" "$save" >/dev/null 2>&1 &
pid=\$!
sleep 4
import -window root "$out"
kill \$pid
INNER
xvfb-run -a -s "-screen 0 1600x1000x24" bash "$inner"
echo "screenshot: $out"
