"""The cocotb suites on both simulators and every bus width the regression builds.

Each case runs one cocotb module (tests/sim/*.py) in one simulator process; a failure lists
every failed cocotb test with its message, the seed, and the command that reproduces it.
"""

from __future__ import annotations

import pytest

from sim.runner import BuildConfig, engine_config, toplevel_config
from tests.harness import regression_engine, run_cocotb
from tests.test_engines import NO_PORTS_WIDTH, PROVED_WIDTHS

WIDTHS = (8, 32, 64, 128)
MODULES = ("tests.sim.ndis_write", "tests.sim.axi_port")
#: The widths at which tests/test_engines.py proves the transactor the same bus master as the
#: pin-level one (handshakes cycle for cycle, RAM, responses, data): there the NDIS suite runs through
#: the fast engine under the Verilog clock, its protocol rules and coverage fed by the port recorder,
#: on the nic_fast_top builds the differential test already made (on Verilator at NO_PORTS_WIDTH,
#: also on the benchmark's build without ports). NIC_ENGINE=pin (make test ENGINE=pin) runs it on
#: nic_shared_ram with the pin-level master, as at the other widths.
FAST_NDIS_WIDTHS = PROVED_WIDTHS


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.rsplit(".", 1)[-1])
@pytest.mark.parametrize("data_width", WIDTHS, ids=lambda w: f"dw{w}")
def test_suite(sim: str, data_width: int, module: str, seed: int, waves: bool) -> None:
    if module == "tests.sim.ndis_write" and data_width in FAST_NDIS_WIDTHS and regression_engine() == "fast":
        run_cocotb(engine_config(sim, data_width, waves=waves), module, seed, env={"NIC_ENGINE": "fast"},
                   plusargs=["+fast_clock"])
        if sim == "verilator" and data_width == NO_PORTS_WIDTH and not waves:
            # ... and on the benchmark's build without ports
            run_cocotb(engine_config(sim, data_width, lean=True, ports=False, speed=False), module, seed,
                       env={"NIC_ENGINE": "fast"}, plusargs=["+fast_clock"], run_name="ndis_write-no-ports")
        return
    run_cocotb(BuildConfig(sim=sim, data_width=data_width, waves=waves), module, seed)


# Every copy scenario again under stalls, on the stall wrapper: the master idles and holds
# BREADY/RREADY, the slave holds AWREADY/WREADY/ARREADY low and BVALID/RVALID back, each channel
# from its own seeded pattern (tests that measure unstalled throughput opt out). Two widths keep
# the added time small; tests/test_verification.py runs the stall mechanics themselves.
STALLS = "random:0.3"
STALL_WIDTHS = (32, 128)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.rsplit(".", 1)[-1])
@pytest.mark.parametrize("data_width", STALL_WIDTHS, ids=lambda w: f"dw{w}")
def test_suite_under_stalls(sim: str, data_width: int, module: str, seed: int, waves: bool) -> None:
    cfg = toplevel_config("nic_stall_wrapper", sim, data_width, waves=waves)
    run_cocotb(cfg, module, seed, env={"NIC_STALLS": STALLS})


#: The 1 MiB window's edges: the last bytes of the window and a burst split at a 4 KiB boundary
#: (each test fills and checks the whole megabyte through the back door). The whole window in one
#: call (131072 beats each way at 64 bits) is `make soak`'s whole_window_1mib case; the refusals of
#: bad calls run at every width on the 16 KiB window.
WINDOW_EDGE_TESTS = ("write_ending_at_window_end", "write_crossing_4k_is_split")


@pytest.mark.parametrize("data_width", (64,), ids=lambda w: f"dw{w}")
def test_1mib_window_edges(sim: str, data_width: int, seed: int, waves: bool) -> None:
    """RAM_BYTES = 1 MiB at BASE_ADDR 1 MiB: writes that end at the window's end and cross 4 KiB
    boundaries land exactly, and nothing else of the megabyte changes."""
    cfg = BuildConfig(sim=sim, data_width=data_width, ram_bytes=1 << 20, base_addr=1 << 20, waves=waves)
    run_cocotb(cfg, "tests.sim.ndis_write", seed, testcase=",".join(WINDOW_EDGE_TESTS), min_cases=4)
