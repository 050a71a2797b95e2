#!/usr/bin/env bash
# Static checks of the RTL in hdl/:
#   1. verilator --lint-only -Wall (no -Wno-fatal: any warning fails) on
#      nic_shared_ram for every legal DATA_WIDTH, once with a 1 MiB RAM, and
#      at the corners of the parameter space: BASE_ADDR = 0, the smallest
#      RAM_BYTES (two bus words) at 8 and 128 bits, ADDR_WIDTH 64 (with a
#      window above 4 GiB), ID_WIDTH 1;
#   2. iverilog -g2005 -Wall compiles the sources cleanly (strict Verilog-2005),
#      at every width and at the same corners;
#   3. yosys synthesis of a small RAM at DATA_WIDTH 8 and 64: no latch cells
#      and no warnings.
# The same three checks run on nic_legacy (the legacy adapter's top over the
# same pieces), paged and unpaged, at the widths below.
# The Wishbone and Avalon-MM tops get the same checks (end of the file).
# Prints one line per passed check; exits non-zero on the first failure.
# Tools can be overridden with VERILATOR, IVERILOG and YOSYS.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

VERILATOR=${VERILATOR:-verilator}
IVERILOG=${IVERILOG:-iverilog}
YOSYS=${YOSYS:-yosys}

TOP=nic_shared_ram
SRCS=(
    hdl/nic_shared_ram.v
    hdl/nic_axi_wr.v
    hdl/nic_axi_rd.v
    hdl/nic_axi_addr_seq.v
    hdl/nic_axi_burst_decode.v
    hdl/nic_axi_beat_addr.v
    hdl/nic_resp_queue.v
    hdl/nic_ram_mem.v
    hdl/nic_param_error.v
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "lint FAILED: $1" >&2
    if [[ -n "${2:-}" && -f "$2" ]]; then
        cat "$2" >&2
    fi
    exit 1
}

verilator_lint() {
    local name=$1
    shift
    if ! "$VERILATOR" --lint-only -Wall --top-module "$TOP" --Mdir "$work/obj_dir" \
            "$@" "${SRCS[@]}" >"$work/verilator.log" 2>&1; then
        fail "verilator $name" "$work/verilator.log"
    fi
    echo "lint ok: verilator $name"
}

for dw in 8 16 32 64 128; do
    verilator_lint "DATA_WIDTH=$dw" "-GDATA_WIDTH=$dw"
done
verilator_lint "RAM_BYTES=1048576 BASE_ADDR=32'h00100000" \
    "-GRAM_BYTES=1048576" "-GBASE_ADDR=32'h00100000"
# corners of the parameter space
verilator_lint "BASE_ADDR=0" "-GBASE_ADDR=0"
verilator_lint "DATA_WIDTH=8 RAM_BYTES=2 (smallest) BASE_ADDR=0" "-GDATA_WIDTH=8" "-GRAM_BYTES=2" "-GBASE_ADDR=0"
verilator_lint "DATA_WIDTH=128 RAM_BYTES=32 (smallest)" "-GDATA_WIDTH=128" "-GRAM_BYTES=32" "-GBASE_ADDR=32"
verilator_lint "ADDR_WIDTH=64" "-GADDR_WIDTH=64"
verilator_lint "ADDR_WIDTH=64 BASE_ADDR=64'hffffffffffff0000" "-GADDR_WIDTH=64" "-GBASE_ADDR=64'hffffffffffff0000"
verilator_lint "ID_WIDTH=1" "-GID_WIDTH=1"
verilator_lint "ADDR_WIDTH=5 RAM_BYTES=16 DATA_WIDTH=8 ID_WIDTH=1 (narrowest address)" \
    "-GADDR_WIDTH=5" "-GRAM_BYTES=16" "-GDATA_WIDTH=8" "-GID_WIDTH=1" "-GBASE_ADDR=5'h10"

for dw in 8 16 32 64 128; do
    if ! "$IVERILOG" -g2005 -Wall -s "$TOP" -P"$TOP.DATA_WIDTH=$dw" \
            -o "$work/iverilog.vvp" "${SRCS[@]}" >"$work/iverilog.log" 2>&1; then
        fail "iverilog DATA_WIDTH=$dw" "$work/iverilog.log"
    fi
    if [[ -s "$work/iverilog.log" ]]; then
        fail "iverilog DATA_WIDTH=$dw: warnings" "$work/iverilog.log"
    fi
    echo "lint ok: iverilog -g2005 DATA_WIDTH=$dw"
done
for corner in "BASE_ADDR=0" "ADDR_WIDTH=64" "ID_WIDTH=1" "DATA_WIDTH=8 RAM_BYTES=2 BASE_ADDR=0"; do
    params=()
    for p in $corner; do params+=("-P$TOP.$p"); done
    if ! "$IVERILOG" -g2005 -Wall -s "$TOP" "${params[@]}" \
            -o "$work/iverilog.vvp" "${SRCS[@]}" >"$work/iverilog.log" 2>&1 || [[ -s "$work/iverilog.log" ]]; then
        fail "iverilog $corner" "$work/iverilog.log"
    fi
    echo "lint ok: iverilog -g2005 $corner"
done

# A small RAM keeps the memory-to-flop mapping of generic synthesis cheap.
for dw in 8 64; do
    log="$work/yosys_$dw.log"
    script="read_verilog -defer ${SRCS[*]};
hierarchy -check -top $TOP -chparam DATA_WIDTH $dw -chparam RAM_BYTES 256;
synth -top $TOP;
select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$_DLATCH* t:\$_SR_* t:\$sr;
stat"
    if ! "$YOSYS" -q -l "$log" -p "$script" >/dev/null 2>&1; then
        { grep -E -i '^(ERROR|warning)|^latch inferred' "$log" || tail -n 20 "$log"; } \
            | head -n 60 >"$work/yosys_err.log"
        fail "yosys synth DATA_WIDTH=$dw" "$work/yosys_err.log"
    fi
    if grep -E -i '^warning|latch inferred|^ERROR' "$log" | grep -v -i '^No latch inferred' >"$work/yosys_warn.log"; then
        fail "yosys synth DATA_WIDTH=$dw: warnings" "$work/yosys_warn.log"
    fi
    echo "lint ok: yosys synth DATA_WIDTH=$dw (no latches)"
done

# ---------------------------------------------------------------- nic_legacy
LEGACY_TOP=nic_legacy
LEGACY_SRCS=(
    "${SRCS[@]}"
    hdl/nic_legacy.v
    hdl/nic_regs.v
    hdl/nic_remote_dma.v
    hdl/nic_port_arb.v
    hdl/nic_window_map.v
)

legacy_lint() {
    local name=$1
    shift
    if ! "$VERILATOR" --lint-only -Wall --top-module "$LEGACY_TOP" --Mdir "$work/obj_dir" \
            "$@" "${LEGACY_SRCS[@]}" >"$work/verilator.log" 2>&1; then
        fail "verilator $LEGACY_TOP $name" "$work/verilator.log"
    fi
    echo "lint ok: verilator $LEGACY_TOP $name"
}

for dw in 8 16 32 64 128; do
    legacy_lint "DATA_WIDTH=$dw" "-GDATA_WIDTH=$dw"
done
legacy_lint "RAM_BYTES=65536 WINDOW_BYTES=256 (256 pages)" "-GRAM_BYTES=65536" "-GWINDOW_BYTES=256"
legacy_lint "RAM_BYTES=WINDOW_BYTES=16384 (unpaged)" "-GRAM_BYTES=16384" "-GWINDOW_BYTES=16384"
legacy_lint "DATA_WIDTH=128 RAM_BYTES=256 WINDOW_BYTES=32" "-GDATA_WIDTH=128" "-GRAM_BYTES=256" "-GWINDOW_BYTES=32"
# corners of the parameter space
legacy_lint "BASE_ADDR=0 PORT_BASE=0" "-GBASE_ADDR=0" "-GPORT_BASE=0"
legacy_lint "DATA_WIDTH=8 RAM_BYTES=WINDOW_BYTES=2 (smallest)" "-GDATA_WIDTH=8" "-GRAM_BYTES=2" "-GWINDOW_BYTES=2"
legacy_lint "DATA_WIDTH=128 RAM_BYTES=WINDOW_BYTES=32 (smallest)" "-GDATA_WIDTH=128" "-GRAM_BYTES=32" "-GWINDOW_BYTES=32" \
    "-GBASE_ADDR=32"
legacy_lint "ADDR_WIDTH=64" "-GADDR_WIDTH=64"
legacy_lint "ID_WIDTH=1" "-GID_WIDTH=1"
legacy_lint "PORT_ADDR_WIDTH=6 PORT_BASE=6'h20 (narrowest port space)" "-GPORT_ADDR_WIDTH=6" "-GPORT_BASE=6'h20"

for dw in 8 16 64 128; do
    if ! "$IVERILOG" -g2005 -Wall -s "$LEGACY_TOP" -P"$LEGACY_TOP.DATA_WIDTH=$dw" \
            -o "$work/iverilog.vvp" "${LEGACY_SRCS[@]}" >"$work/iverilog.log" 2>&1; then
        fail "iverilog $LEGACY_TOP DATA_WIDTH=$dw" "$work/iverilog.log"
    fi
    if [[ -s "$work/iverilog.log" ]]; then
        fail "iverilog $LEGACY_TOP DATA_WIDTH=$dw: warnings" "$work/iverilog.log"
    fi
    echo "lint ok: iverilog -g2005 $LEGACY_TOP DATA_WIDTH=$dw"
done
for corner in "BASE_ADDR=0 PORT_BASE=0" "ADDR_WIDTH=64" "DATA_WIDTH=8 RAM_BYTES=2 WINDOW_BYTES=2 BASE_ADDR=0" \
              "PORT_ADDR_WIDTH=6 PORT_BASE=32"; do
    params=()
    for p in $corner; do params+=("-P$LEGACY_TOP.$p"); done
    if ! "$IVERILOG" -g2005 -Wall -s "$LEGACY_TOP" "${params[@]}" \
            -o "$work/iverilog.vvp" "${LEGACY_SRCS[@]}" >"$work/iverilog.log" 2>&1 || [[ -s "$work/iverilog.log" ]]; then
        fail "iverilog $LEGACY_TOP $corner" "$work/iverilog.log"
    fi
    echo "lint ok: iverilog -g2005 $LEGACY_TOP $corner"
done

for dw in 8 64; do
    log="$work/yosys_legacy_$dw.log"
    script="read_verilog -defer ${LEGACY_SRCS[*]};
hierarchy -check -top $LEGACY_TOP -chparam DATA_WIDTH $dw -chparam RAM_BYTES 512 -chparam WINDOW_BYTES 256;
synth -top $LEGACY_TOP;
select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$_DLATCH* t:\$_SR_* t:\$sr;
stat"
    if ! "$YOSYS" -q -l "$log" -p "$script" >/dev/null 2>&1; then
        { grep -E -i '^(ERROR|warning)|^latch inferred' "$log" || tail -n 20 "$log"; } \
            | head -n 60 >"$work/yosys_err.log"
        fail "yosys synth $LEGACY_TOP DATA_WIDTH=$dw" "$work/yosys_err.log"
    fi
    if grep -E -i '^warning|latch inferred|^ERROR' "$log" | grep -v -i '^No latch inferred' >"$work/yosys_warn.log"; then
        fail "yosys synth $LEGACY_TOP DATA_WIDTH=$dw: warnings" "$work/yosys_warn.log"
    fi
    echo "lint ok: yosys synth $LEGACY_TOP DATA_WIDTH=$dw (no latches, paged window)"
done

# ---------------------------------------------------------------- the other host buses
# nic_shared_ram_wb (Wishbone B4) and nic_shared_ram_avmm (Avalon-MM): the same three checks, at
# every width and at the corners (BASE_ADDR 0, the smallest RAM of two bus words, a 64-bit
# address with the window above 4 GiB).
for BUS_TOP in nic_shared_ram_wb nic_shared_ram_avmm; do
    [[ -f hdl/$BUS_TOP.v ]] || continue
    BUS_SRCS=(hdl/$BUS_TOP.v hdl/nic_ram_mem.v)
    bus_lint() {
        local name=$1
        shift
        if ! "$VERILATOR" --lint-only -Wall --top-module "$BUS_TOP" --Mdir "$work/obj_dir" \
                "$@" "${BUS_SRCS[@]}" >"$work/verilator.log" 2>&1; then
            fail "verilator $BUS_TOP $name" "$work/verilator.log"
        fi
        echo "lint ok: verilator $BUS_TOP $name"
    }
    for dw in 8 16 32 64 128; do
        bus_lint "DATA_WIDTH=$dw" "-GDATA_WIDTH=$dw"
    done
    bus_lint "BASE_ADDR=0 RAM_BYTES=2 DATA_WIDTH=8" "-GDATA_WIDTH=8" "-GRAM_BYTES=2" "-GBASE_ADDR=32'h0"
    bus_lint "BASE_ADDR=0 RAM_BYTES=32 DATA_WIDTH=128" "-GDATA_WIDTH=128" "-GRAM_BYTES=32" "-GBASE_ADDR=32'h0"
    bus_lint "RAM_BYTES=1048576 BASE_ADDR=32'h00100000" "-GRAM_BYTES=1048576" "-GBASE_ADDR=32'h00100000"
    bus_lint "ADDR_WIDTH=64 BASE_ADDR=64'h100000000" "-GADDR_WIDTH=64" "-GBASE_ADDR=64'h100000000"
    if [[ $BUS_TOP == nic_shared_ram_avmm ]]; then
        bus_lint "MAX_BURST=2" "-GMAX_BURST=2"
        bus_lint "MAX_BURST=1024 DATA_WIDTH=8 RAM_BYTES=2" "-GMAX_BURST=1024" "-GDATA_WIDTH=8" "-GRAM_BYTES=2" "-GBASE_ADDR=32'h0"
    fi
    for dw in 8 32 128; do
        if ! "$IVERILOG" -g2005 -Wall -s "$BUS_TOP" -P"$BUS_TOP.DATA_WIDTH=$dw" \
                -o "$work/iverilog.vvp" "${BUS_SRCS[@]}" >"$work/iverilog.log" 2>&1; then
            fail "iverilog $BUS_TOP DATA_WIDTH=$dw" "$work/iverilog.log"
        fi
        if [[ -s "$work/iverilog.log" ]]; then
            fail "iverilog $BUS_TOP DATA_WIDTH=$dw: warnings" "$work/iverilog.log"
        fi
        echo "lint ok: iverilog -g2005 $BUS_TOP DATA_WIDTH=$dw"
    done
    for dw in 8 64; do
        log="$work/yosys_${BUS_TOP}_$dw.log"
        script="read_verilog -defer ${BUS_SRCS[*]};
hierarchy -check -top $BUS_TOP -chparam DATA_WIDTH $dw -chparam RAM_BYTES 256;
synth -top $BUS_TOP;
select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$_DLATCH* t:\$_SR_* t:\$sr;
stat"
        if ! "$YOSYS" -q -l "$log" -p "$script" >/dev/null 2>&1; then
            { grep -E -i '^(ERROR|warning)|^latch inferred' "$log" || tail -n 20 "$log"; } \
                | head -n 60 >"$work/yosys_err.log"
            fail "yosys synth $BUS_TOP DATA_WIDTH=$dw" "$work/yosys_err.log"
        fi
        if grep -E -i '^warning|latch inferred|^ERROR' "$log" | grep -v -i '^No latch inferred' >"$work/yosys_warn.log"; then
            fail "yosys synth $BUS_TOP DATA_WIDTH=$dw: warnings" "$work/yosys_warn.log"
        fi
        echo "lint ok: yosys synth $BUS_TOP DATA_WIDTH=$dw (no latches)"
    done
done
