"""Verification depth on both simulators and every bus width the regression builds: memory test
sequences, an independent AXI master on the RTL, the host into an independent AXI RAM, faults.

Each case runs one cocotb module (tests/sim/*.py) in one simulator process; a failure lists every
failed cocotb test with its message, the seed, and the command that reproduces it. The 1 MiB
versions of these runs are in `make soak` (sim/soak.py).
"""

from __future__ import annotations

import pytest

from sim.runner import BuildConfig, toplevel_config
from tests.harness import run_cocotb

WIDTHS = (8, 32, 64, 128)
MODULES = ("tests.sim.memory_sequences", "tests.sim.peers", "tests.sim.faults")


#: (width, module) pairs. The memory test sequences touch every word of the RAM several times
#: (March C- alone is ten single-word accesses a word): at 8 bits that is 16384 words and 40 s per
#: simulator, for bit-level behaviour the 32 and 128-bit runs already cover. The 8 and 64-bit runs
#: are `make soak`'s memory_sequences case; the 8-bit bus itself stays here through peers and faults.
MEMORY_WIDTHS = (32, 128)
DEPTH_RUNS = [(w, m) for w in WIDTHS for m in MODULES if w in MEMORY_WIDTHS or not m.endswith("memory_sequences")]
#: The host into cocotbext-axi's RAM at the narrowest and the widest bus (the shell is a build of
#: its own per width); `make soak`'s peer_ram case runs every width.
PEER_RAM_WIDTHS = (8, 128)


@pytest.mark.parametrize(("data_width", "module"), DEPTH_RUNS,
                         ids=[f"dw{w}-{m.rsplit('.', 1)[-1]}" for w, m in DEPTH_RUNS])
def test_depth_suite(sim: str, data_width: int, module: str, seed: int, waves: bool) -> None:
    """Memory test sequences, the independent AXI master on the RTL, and faults."""
    run_cocotb(BuildConfig(sim=sim, data_width=data_width, waves=waves), module, seed)


@pytest.mark.parametrize("data_width", PEER_RAM_WIDTHS, ids=lambda w: f"dw{w}")
def test_host_into_independent_axi_ram(sim: str, data_width: int, seed: int, waves: bool) -> None:
    """The host side's bursts, checked by cocotbext-axi's AxiRam on the empty shell toplevel."""
    run_cocotb(toplevel_config("axi_ram_shell", sim, data_width, waves=waves), "tests.sim.peer_ram", seed)
