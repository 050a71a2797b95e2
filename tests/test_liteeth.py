"""LiteEth's MAC, generated from tb/liteeth/liteeth_mii.yml, driven by the NDIS host over the
classic Wishbone master, frames checked on MII by cocotbext-eth (tests/sim/liteeth.py).

Icarus runs the post-processed generation, Verilator the stock one (docs/liteeth.md)."""

from __future__ import annotations

from sim.liteeth_gen import liteeth_config
from sim.runner import run


def test_liteeth_mac_suite(sim: str, seed: int, waves: bool) -> None:
    cfg, env = liteeth_config(sim, waves)
    result = run(cfg, "tests.sim.liteeth", seed=seed, extra_env=env, run_name="liteeth")
    assert result.cases, f"no cocotb test ran; see {result.run_dir / 'sim.log'}"
    assert not result.failed and result.exit_code == 0, f"seed {seed}\n" + result.summary()
