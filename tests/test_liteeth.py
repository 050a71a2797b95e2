"""LiteEth's MAC, generated from tb/liteeth/, driven by the NDIS host over the classic Wishbone
master, frames checked on MII by cocotbext-eth.

Icarus runs the post-processed generation, Verilator the unmodified one (docs/liteeth.md). The
finding on LiteEth's default generation (bad-FCS frames reach the host) runs on Icarus only: it is
about the generated logic, not the simulator.
"""

from __future__ import annotations

from sim.liteeth_gen import CONFIG, liteeth_config
from sim.runner import run

DEFAULTS_CONFIG = CONFIG.with_name("liteeth_mii_defaults.yml")


def _check(sim: str, module: str, seed: int, waves: bool, config=CONFIG) -> None:
    cfg, env = liteeth_config(sim, waves, config)
    result = run(cfg, module, seed=seed, extra_env=env, run_name=module.rsplit(".", 1)[-1])
    assert result.cases, f"no cocotb test ran; see {result.run_dir / 'sim.log'}"
    assert not result.failed and result.exit_code == 0, f"seed {seed}\n" + result.summary()


def test_liteeth_mac_suite(sim: str, seed: int, waves: bool) -> None:
    """Every slot, sizes 60..1514 and runts, both copy strategies, full RX slots, bad frames."""
    _check(sim, "tests.sim.liteeth", seed, waves)


def test_liteeth_default_generation_lets_bad_fcs_frames_through(seed: int, waves: bool) -> None:
    """Where LiteEth's default MII core goes wrong: its CRC checker never sees last_be."""
    _check("icarus", "tests.sim.liteeth_defaults", seed, waves, DEFAULTS_CONFIG)
