#!/usr/bin/env bash
# Screenshot of GTKWave showing a waveform with a save file, on a virtual display (Xvfb).
#   sim/screenshot.sh <waves.fst> <save.gtkw> <out.png>
# Needs gtkwave, xvfb-run and ImageMagick's `import` (`bash sim/bootstrap.sh gtkwave screenshot`
# installs them as root). GTKWave runs in a scratch directory on a copy of the waveform, so the
# picture shows the file's name and no path of the machine it was made on.
set -euo pipefail
waves=$(realpath "$1"); save=$(realpath "$2"); out=$(realpath -m "$3")
repo=$(cd "$(dirname "$0")/.." && pwd)
for tool in gtkwave xvfb-run import; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "screenshot: '$tool' is missing; run: sudo apt-get install -y gtkwave xvfb xauth imagemagick" >&2; exit 1; }
done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$waves" "$scratch/$(basename "$waves")"
# the save file names its translate filters relative to the repository root
ln -s "$repo/sim" "$scratch/sim"
cp "$save" "$scratch/view.gtkw"
cat > "$scratch/shot.sh" <<INNER
cd "$scratch"
gtkwave "$(basename "$waves")" view.gtkw >/dev/null 2>&1 &
pid=\$!
sleep 5
import -window root "$out"
kill \$pid
INNER
xvfb-run -a -s "-screen 0 1600x1000x24" bash "$scratch/shot.sh"
echo "screenshot: $out"
