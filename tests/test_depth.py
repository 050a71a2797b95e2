"""Verification depth on both simulators and every bus width the regression builds: memory test
sequences, an independent AXI master on the RTL, the host into an independent AXI RAM, faults.

Each case runs one cocotb module (tests/sim/*.py) in one simulator process; a failure lists every
failed cocotb test with its message, the seed, and the command that reproduces it. The 1 MiB
versions of these runs are in `make soak` (sim/soak.py).
"""

from __future__ import annotations

import pytest

from sim.runner import BuildConfig, run
from sim.soak import SHELL_SOURCES, SHELL_TOPLEVEL, one_command

WIDTHS = (8, 32, 64, 128)
MODULES = ("tests.sim.memory_sequences", "tests.sim.peers", "tests.sim.faults")


def _check(cfg: BuildConfig, module: str, seed: int, case: str | None = None) -> None:
    """Run ``module``; on failure list each failed test, its message and how to rerun it alone.

    ``case`` names the soak case that reruns a toplevel `make test-one` cannot build."""
    result = run(cfg, module, seed=seed)
    assert result.cases, f"no cocotb test ran; see {result.run_dir / 'sim.log'}"
    if not result.failed:
        return
    if case is None:
        raise AssertionError(f"seed {seed}\n" + result.summary())
    lines = [f"seed {seed}", f"{module} on {cfg.name}: {len(result.cases) - len(result.failed)}/{len(result.cases)} passed"]
    for c in result.failed:
        lines.append(f"  FAILED {c.name}: {c.message.strip().splitlines()[0] if c.message.strip() else ''}")
        lines.append(f"    reproduce: {one_command(case, cfg.sim, cfg.data_width, seed, c.name)}")
    raise AssertionError("\n".join(lines))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.rsplit(".", 1)[-1])
@pytest.mark.parametrize("data_width", WIDTHS, ids=lambda w: f"dw{w}")
def test_depth_suite(sim: str, data_width: int, module: str, seed: int, waves: bool) -> None:
    """Memory test sequences, the independent AXI master on the RTL, and faults."""
    _check(BuildConfig(sim=sim, data_width=data_width, waves=waves), module, seed)


@pytest.mark.parametrize("data_width", WIDTHS, ids=lambda w: f"dw{w}")
def test_host_into_independent_axi_ram(sim: str, data_width: int, seed: int, waves: bool) -> None:
    """The host side's bursts, checked by cocotbext-axi's AxiRam on the empty shell toplevel."""
    cfg = BuildConfig(
        sim=sim, data_width=data_width, waves=waves, toplevel=SHELL_TOPLEVEL, extra_sources=SHELL_SOURCES
    )
    _check(cfg, "tests.sim.peer_ram", seed, case="peer_ram")
