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
# The Wishbone and Avalon-MM tops get the same checks, and their test-only engine wrappers
# (tb/hdl/wb_fast_top.v, avmm_fast_top.v with their transactors) the first two (end of the file).
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

# The three checks, for any top. Each takes the top and the name of the array that lists its sources.

# verilator_lint TOP SRCS_ARRAY LABEL [VERILATOR ARGS...]: -Wall, any warning fails.
_verilator_lint() {
    local top=$1 label=$3
    local -n srcs=$2
    shift 3
    if ! "$VERILATOR" --lint-only -Wall --top-module "$top" --Mdir "$work/obj_dir" \
            "$@" "${srcs[@]}" >"$work/verilator.log" 2>&1; then
        fail "verilator $top $label" "$work/verilator.log"
    fi
    echo "lint ok: verilator $top $label"
}

# iverilog_lint TOP SRCS_ARRAY "NAME=VALUE ...": strict Verilog-2005, any warning fails.
_iverilog_lint() {
    local top=$1 params=() p
    local -n srcs=$2
    for p in $3; do params+=("-P$top.$p"); done
    if ! "$IVERILOG" -g2005 -Wall -s "$top" "${params[@]}" \
            -o "$work/iverilog.vvp" "${srcs[@]}" >"$work/iverilog.log" 2>&1 || [[ -s "$work/iverilog.log" ]]; then
        fail "iverilog $top $3" "$work/iverilog.log"
    fi
    echo "lint ok: iverilog -g2005 $top $3"
}

# yosys_synth TOP SRCS_ARRAY "NAME VALUE ..." LABEL: generic synthesis with no latch cell and no warning.
# A small RAM keeps the memory-to-flop mapping of generic synthesis cheap.
_yosys_synth() {
    local top=$1 chparams="" label=$4 log="$work/yosys.log"
    local -n srcs=$2
    local -a pairs=($3)
    local i
    for ((i = 0; i < ${#pairs[@]}; i += 2)); do chparams+=" -chparam ${pairs[i]} ${pairs[i+1]}"; done
    local script="read_verilog -defer ${srcs[*]};
hierarchy -check -top $top$chparams;
synth -top $top;
select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$_DLATCH* t:\$_SR_* t:\$sr;
stat"
    if ! "$YOSYS" -q -l "$log" -p "$script" >/dev/null 2>&1; then
        { grep -E -i '^(ERROR|warning)|^latch inferred' "$log" || tail -n 20 "$log"; } \
            | head -n 60 >"$work/yosys_err.log"
        fail "yosys synth $top $label" "$work/yosys_err.log"
    fi
    if grep -E -i '^warning|latch inferred|^ERROR' "$log" | grep -v -i '^No latch inferred' >"$work/yosys_warn.log"; then
        fail "yosys synth $top $label: warnings" "$work/yosys_warn.log"
    fi
    echo "lint ok: yosys synth $top $label (no latches)"
}

# Every check runs in its own scratch folder, LINT_JOBS at once (default: one per core); each
# prints its verdict when all have finished, in the order they were started, and lint fails if
# any of them did.
LINT_JOBS=${LINT_JOBS:-$(nproc)}
job_dirs=()
check() {
    local dir="$work/check${#job_dirs[@]}"
    mkdir -p "$dir"
    while (( $(jobs -rp | wc -l) >= LINT_JOBS )); do
        wait -n || true  # a check's verdict is in its folder
    done
    ( work=$dir; "$@"; ) >"$dir/out" 2>&1 && echo 0 >"$dir/rc" || echo 1 >"$dir/rc" &
    job_dirs+=("$dir")
}
verilator_lint() { check _verilator_lint "$@"; }
iverilog_lint() { check _iverilog_lint "$@"; }
yosys_synth() { check _yosys_synth "$@"; }

# ---------------------------------------------------------------- nic_shared_ram
for dw in 8 16 32 64 128; do
    verilator_lint $TOP SRCS "DATA_WIDTH=$dw" "-GDATA_WIDTH=$dw"
done
verilator_lint $TOP SRCS "RAM_BYTES=1048576 BASE_ADDR=32'h00100000" "-GRAM_BYTES=1048576" "-GBASE_ADDR=32'h00100000"
# corners of the parameter space
verilator_lint $TOP SRCS "BASE_ADDR=0" "-GBASE_ADDR=0"
verilator_lint $TOP SRCS "DATA_WIDTH=8 RAM_BYTES=2 (smallest) BASE_ADDR=0" "-GDATA_WIDTH=8" "-GRAM_BYTES=2" "-GBASE_ADDR=0"
verilator_lint $TOP SRCS "DATA_WIDTH=128 RAM_BYTES=32 (smallest)" "-GDATA_WIDTH=128" "-GRAM_BYTES=32" "-GBASE_ADDR=32"
verilator_lint $TOP SRCS "ADDR_WIDTH=64" "-GADDR_WIDTH=64"
verilator_lint $TOP SRCS "ADDR_WIDTH=64 BASE_ADDR=64'hffffffffffff0000" "-GADDR_WIDTH=64" "-GBASE_ADDR=64'hffffffffffff0000"
verilator_lint $TOP SRCS "ID_WIDTH=1" "-GID_WIDTH=1"
verilator_lint $TOP SRCS "ADDR_WIDTH=5 RAM_BYTES=16 DATA_WIDTH=8 ID_WIDTH=1 (narrowest address)" \
    "-GADDR_WIDTH=5" "-GRAM_BYTES=16" "-GDATA_WIDTH=8" "-GID_WIDTH=1" "-GBASE_ADDR=5'h10"

for dw in 8 16 32 64 128; do
    iverilog_lint $TOP SRCS "DATA_WIDTH=$dw"
done
for corner in "BASE_ADDR=0" "ADDR_WIDTH=64" "ID_WIDTH=1" "DATA_WIDTH=8 RAM_BYTES=2 BASE_ADDR=0"; do
    iverilog_lint $TOP SRCS "$corner"
done

for dw in 8 64; do
    yosys_synth $TOP SRCS "DATA_WIDTH $dw RAM_BYTES 256" "DATA_WIDTH=$dw"
done

# ---------------------------------------------------------------- nic_legacy
# The legacy adapter's top over the same pieces, paged and unpaged.
LEGACY_TOP=nic_legacy
LEGACY_SRCS=(
    "${SRCS[@]}"
    hdl/nic_legacy.v
    hdl/nic_regs.v
    hdl/nic_remote_dma.v
    hdl/nic_port_arb.v
    hdl/nic_window_map.v
)

for dw in 8 16 32 64 128; do
    verilator_lint $LEGACY_TOP LEGACY_SRCS "DATA_WIDTH=$dw" "-GDATA_WIDTH=$dw"
done
verilator_lint $LEGACY_TOP LEGACY_SRCS "RAM_BYTES=65536 WINDOW_BYTES=256 (256 pages)" "-GRAM_BYTES=65536" "-GWINDOW_BYTES=256"
verilator_lint $LEGACY_TOP LEGACY_SRCS "RAM_BYTES=WINDOW_BYTES=16384 (unpaged)" "-GRAM_BYTES=16384" "-GWINDOW_BYTES=16384"
verilator_lint $LEGACY_TOP LEGACY_SRCS "DATA_WIDTH=128 RAM_BYTES=256 WINDOW_BYTES=32" \
    "-GDATA_WIDTH=128" "-GRAM_BYTES=256" "-GWINDOW_BYTES=32"
# corners of the parameter space
verilator_lint $LEGACY_TOP LEGACY_SRCS "BASE_ADDR=0 PORT_BASE=0" "-GBASE_ADDR=0" "-GPORT_BASE=0"
verilator_lint $LEGACY_TOP LEGACY_SRCS "DATA_WIDTH=8 RAM_BYTES=WINDOW_BYTES=2 (smallest)" \
    "-GDATA_WIDTH=8" "-GRAM_BYTES=2" "-GWINDOW_BYTES=2"
verilator_lint $LEGACY_TOP LEGACY_SRCS "DATA_WIDTH=128 RAM_BYTES=WINDOW_BYTES=32 (smallest)" \
    "-GDATA_WIDTH=128" "-GRAM_BYTES=32" "-GWINDOW_BYTES=32" "-GBASE_ADDR=32"
verilator_lint $LEGACY_TOP LEGACY_SRCS "ADDR_WIDTH=64" "-GADDR_WIDTH=64"
verilator_lint $LEGACY_TOP LEGACY_SRCS "ID_WIDTH=1" "-GID_WIDTH=1"
verilator_lint $LEGACY_TOP LEGACY_SRCS "PORT_ADDR_WIDTH=6 PORT_BASE=6'h20 (narrowest port space)" \
    "-GPORT_ADDR_WIDTH=6" "-GPORT_BASE=6'h20"

for dw in 8 16 64 128; do
    iverilog_lint $LEGACY_TOP LEGACY_SRCS "DATA_WIDTH=$dw"
done
for corner in "BASE_ADDR=0 PORT_BASE=0" "ADDR_WIDTH=64" "DATA_WIDTH=8 RAM_BYTES=2 WINDOW_BYTES=2 BASE_ADDR=0" \
              "PORT_ADDR_WIDTH=6 PORT_BASE=32"; do
    iverilog_lint $LEGACY_TOP LEGACY_SRCS "$corner"
done

for dw in 8 64; do
    yosys_synth $LEGACY_TOP LEGACY_SRCS "DATA_WIDTH $dw RAM_BYTES 512 WINDOW_BYTES 256" "DATA_WIDTH=$dw, paged window"
done

# ---------------------------------------------------------------- the other host buses
# nic_shared_ram_wb (Wishbone B4) and nic_shared_ram_avmm (Avalon-MM): the same three checks, at
# every width and at the corners (BASE_ADDR 0, the smallest RAM of two bus words, a 64-bit
# address with the window above 4 GiB).
for BUS_TOP in nic_shared_ram_wb nic_shared_ram_avmm; do
    BUS_SRCS=(hdl/$BUS_TOP.v hdl/nic_ram_mem.v)
    for dw in 8 16 32 64 128; do
        verilator_lint $BUS_TOP BUS_SRCS "DATA_WIDTH=$dw" "-GDATA_WIDTH=$dw"
    done
    verilator_lint $BUS_TOP BUS_SRCS "BASE_ADDR=0 RAM_BYTES=2 DATA_WIDTH=8" "-GDATA_WIDTH=8" "-GRAM_BYTES=2" "-GBASE_ADDR=32'h0"
    verilator_lint $BUS_TOP BUS_SRCS "BASE_ADDR=0 RAM_BYTES=32 DATA_WIDTH=128" "-GDATA_WIDTH=128" "-GRAM_BYTES=32" "-GBASE_ADDR=32'h0"
    verilator_lint $BUS_TOP BUS_SRCS "RAM_BYTES=1048576 BASE_ADDR=32'h00100000" "-GRAM_BYTES=1048576" "-GBASE_ADDR=32'h00100000"
    verilator_lint $BUS_TOP BUS_SRCS "ADDR_WIDTH=64 BASE_ADDR=64'h100000000" "-GADDR_WIDTH=64" "-GBASE_ADDR=64'h100000000"
    if [[ $BUS_TOP == nic_shared_ram_avmm ]]; then
        verilator_lint $BUS_TOP BUS_SRCS "MAX_BURST=2" "-GMAX_BURST=2"
        verilator_lint $BUS_TOP BUS_SRCS "MAX_BURST=1024 DATA_WIDTH=8 RAM_BYTES=2" \
            "-GMAX_BURST=1024" "-GDATA_WIDTH=8" "-GRAM_BYTES=2" "-GBASE_ADDR=32'h0"
    fi
    for dw in 8 32 128; do
        iverilog_lint $BUS_TOP BUS_SRCS "DATA_WIDTH=$dw"
    done
    for dw in 8 64; do
        yosys_synth $BUS_TOP BUS_SRCS "DATA_WIDTH $dw RAM_BYTES 256" "DATA_WIDTH=$dw"
    done
done

# ---------------------------------------------------------------- the engine wrappers (test-only)
# nic_fast_top, wb_fast_top and avmm_fast_top with their transactors: verilator -Wall (with --timing for the
# Verilog clock; BLKSEQ allowed: the transactors compute a call's next state in blocking temporaries
# and call the stream reader's tasks at the clock edge) and strict Verilog-2005 under Icarus.
for FAST_TOP in nic_fast_top wb_fast_top avmm_fast_top; do
    case $FAST_TOP in
        nic_fast_top)
            FAST_SRCS=(-Itb/hdl tb/hdl/nic_fast_top.v tb/hdl/axi_burst_xactor.v tb/hdl/axi_xactor_intake.v
                       tb/hdl/axi_xactor_decisions.v tb/hdl/axi_xactor_wr.v tb/hdl/axi_xactor_rd.v
                       tb/hdl/axi_port_recorder.v tb/hdl/xactor_clock.v "${SRCS[@]}") ;;
        *)
            BUS_TOP=$([[ $FAST_TOP == wb_fast_top ]] && echo nic_shared_ram_wb || echo nic_shared_ram_avmm)
            FAST_SRCS=(-Itb/hdl tb/hdl/$FAST_TOP.v tb/hdl/${FAST_TOP%_fast_top}_xactor.v tb/hdl/xactor_clock.v
                       hdl/$BUS_TOP.v hdl/nic_ram_mem.v) ;;
    esac
    for dw in 8 32 64 128; do
        verilator_lint $FAST_TOP FAST_SRCS "DATA_WIDTH=$dw" --timing -Wno-BLKSEQ "-GDATA_WIDTH=$dw"
    done
    verilator_lint $FAST_TOP FAST_SRCS "ADDR_WIDTH=64 BASE_ADDR=64'h100000000" --timing -Wno-BLKSEQ \
        "-GADDR_WIDTH=64" "-GBASE_ADDR=64'h100000000"
    for dw in 8 64 128; do
        iverilog_lint $FAST_TOP FAST_SRCS "DATA_WIDTH=$dw"
    done
    if [[ $FAST_TOP == nic_fast_top ]]; then
        # the benchmark's fast-only build: nic_fast_top without ports (NIC_FAST_NO_PORTS)
        NOPORT_SRCS=(-DNIC_FAST_NO_PORTS "${FAST_SRCS[@]}")
        for dw in 32 64; do
            verilator_lint $FAST_TOP NOPORT_SRCS "NIC_FAST_NO_PORTS DATA_WIDTH=$dw" --timing -Wno-BLKSEQ "-GDATA_WIDTH=$dw"
        done
        iverilog_lint $FAST_TOP NOPORT_SRCS "DATA_WIDTH=64"
    fi
done

wait
failed=0
for dir in "${job_dirs[@]}"; do
    cat "$dir/out"
    [[ $(cat "$dir/rc" 2>/dev/null) == 0 ]] || failed=$((failed + 1))
done
if (( failed )); then
    echo "lint FAILED: $failed of ${#job_dirs[@]} checks" >&2
    exit 1
fi
echo "lint ok: all ${#job_dirs[@]} checks"
