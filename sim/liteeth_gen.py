"""Generate the LiteEth MAC core of the testbench from its committed YAML config, into build/.

Two generations of the same config, each by LiteEth's own generator (``liteeth.gen``, the
``liteeth_gen`` command) in a child Python:

* ``stock``: exactly what ``liteeth_gen`` writes (``liteeth_core.v``); Verilator builds it;
* ``sim``: the same with LiteX's ``regular_comb=False`` (one combinational block per target), then
  :func:`sim.liteeth_post.for_icarus`; Icarus runs it (``liteeth_core_icarus.v``).

One key of the config is the kit's, not LiteEth's: ``phy_rx_last_be: true`` makes the MII PHY's RX
source set ``last_be = last`` before the MAC's CRC checker, without which LiteEth's default MII core
hands frames with a bad FCS to the host (docs/liteeth.md, "Bad frames").

Both land in ``build/liteeth/<config name>/`` with ``csr.json`` (every CSR and memory region: the
testbench takes its addresses from there). A stamp of the config, the pinned package versions and
the post-processing source makes the next call a no-op until one of them changes. Usage:
``python -m sim.liteeth_gen [CONFIG]`` (the set-up runs it); :func:`ensure` from Python.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from filelock import FileLock

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "tb" / "liteeth" / "liteeth_mii.yml"
BUILD = REPO / "build" / "liteeth"
#: The packages whose versions decide the generated Verilog.
PACKAGES = ("liteeth", "litex", "migen", "liteiclink")
MODULE_NAME = "liteeth_core"


@dataclass(frozen=True)
class GeneratedCore:
    """The generated files of one config."""

    out_dir: Path

    @property
    def stock_verilog(self) -> Path:
        return self.out_dir / "stock" / "gateware" / f"{MODULE_NAME}.v"

    @property
    def icarus_verilog(self) -> Path:
        return self.out_dir / f"{MODULE_NAME}_icarus.v"

    @property
    def csr_json(self) -> Path:
        return self.out_dir / "stock" / "csr.json"

    def verilog_for(self, sim: str) -> Path:
        """The Verilog a simulator runs: the stock output on Verilator, the post-processed one on Icarus."""
        return self.icarus_verilog if sim == "icarus" else self.stock_verilog

    def memories_json(self, sim: str) -> Path:
        """The slot memories of the Verilog ``sim`` runs (:func:`sim.liteeth_post.slot_memories`)."""
        return self.out_dir / f"memories-{'icarus' if sim == 'icarus' else 'stock'}.json"

    def csr(self) -> dict:
        return json.loads(self.csr_json.read_text())


def versions() -> dict[str, str]:
    """The installed versions of :data:`PACKAGES`; a clear error when one is missing."""
    out = {}
    for p in PACKAGES:
        try:
            out[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            raise SystemExit(f"{p} is not installed: run `make setup` (requirements.txt pins it)") from None
    return out


def stamp(config: Path) -> str:
    h = hashlib.sha256(config.read_bytes())
    h.update(json.dumps(versions(), sort_keys=True).encode())
    h.update((REPO / "sim" / "liteeth_post.py").read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()


# Run in the child: LiteEth's generator main, with regular_comb=False handed to LiteX's Verilog
# converter for the `sim` generation. Builder.build passes its keyword arguments down to it.
_CHILD = r"""
import sys
regular_comb = sys.argv[1] == "1"
try:
    from litex.soc.integration import builder as _builder
    from liteeth import gen as _gen
    _build = _builder.Builder.build
except (ImportError, AttributeError) as e:
    sys.exit(f"LiteEth/LiteX changed shape ({e}): liteeth.gen.main and litex Builder.build are needed")
# `phy_rx_last_be: true` in the config (read here; liteeth_gen ignores the key): the MII PHY's RX
# source marks its last byte valid (last_be = last), as LiteEth's own RX last_be stage does, but
# before the CRC checker, whose error is gated by last_be (docs/liteeth.md, "Bad frames").
import yaml
if (yaml.safe_load(open(sys.argv[2])) or {}).get("phy_rx_last_be", False):
    try:
        from liteeth.phy import mii as _mii
        _rx_init = _mii.LiteEthPHYMIIRX.__init__
    except (ImportError, AttributeError) as e:
        sys.exit(f"phy_rx_last_be: liteeth.phy.mii.LiteEthPHYMIIRX is gone ({e})")
    def _rx_init_last_be(self, *args, **kwargs):
        _rx_init(self, *args, **kwargs)
        if not hasattr(self.source, "last_be"):
            sys.exit("phy_rx_last_be: the MII RX source has no last_be field in this LiteEth version")
        self.comb += self.source.last_be.eq(self.source.last)
    _mii.LiteEthPHYMIIRX.__init__ = _rx_init_last_be
if not regular_comb:
    def build(self, **kwargs):
        kwargs["regular_comb"] = False
        return _build(self, **kwargs)
    _builder.Builder.build = build
sys.argv = ["liteeth_gen", sys.argv[2], "--output-dir", sys.argv[3], "--name", sys.argv[4]]
_gen.main()
"""


def _generate(config: Path, out: Path, regular_comb: bool) -> None:
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-c", _CHILD, "1" if regular_comb else "0", str(config), str(out), MODULE_NAME]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=out.parent)
    (out.parent / f"{out.name}.log").write_text(p.stdout + p.stderr)
    if p.returncode:
        tail = "\n".join((p.stdout + p.stderr).splitlines()[-15:])
        raise SystemExit(f"liteeth_gen failed on {config} (log: {out.parent / (out.name + '.log')}):\n{tail}")


def ensure(config: Path = CONFIG, build: Path = BUILD, quiet: bool = True) -> GeneratedCore:
    """Generate the core of ``config`` unless the stamped generation is current; return its files."""
    from sim.liteeth_post import for_icarus, slot_memories

    if not config.is_file():
        raise SystemExit(f"LiteEth config {config} does not exist")
    config, build = config.resolve(), build.resolve()
    core = GeneratedCore(build / config.stem)
    core.out_dir.mkdir(parents=True, exist_ok=True)
    stamp_file = core.out_dir / "generated.stamp"
    with FileLock(str(core.out_dir) + ".lock"):
        want = stamp(config)
        if stamp_file.is_file() and stamp_file.read_text() == want and core.icarus_verilog.is_file():
            return core
        stamp_file.unlink(missing_ok=True)
        if not quiet:
            print(f"liteeth_gen: generating {config.relative_to(REPO) if config.is_relative_to(REPO) else config}"
                  f" ({', '.join(f'{k} {v}' for k, v in versions().items())})")
        _generate(config, core.out_dir / "stock", regular_comb=True)
        _generate(config, core.out_dir / "sim", regular_comb=False)
        text, counts = for_icarus((core.out_dir / "sim" / "gateware" / f"{MODULE_NAME}.v").read_text())
        core.icarus_verilog.write_text(text)
        (core.out_dir / "postprocess.json").write_text(json.dumps(counts, indent=1))
        for sim in ("icarus", "verilator"):
            mems = slot_memories(core.verilog_for(sim).read_text())
            core.memories_json(sim).write_text(json.dumps(mems))
        stamp_file.write_text(want)
    return core


#: The test-only toplevel around the generated core.
TOPLEVEL = "liteeth_top"
#: The FDPE cells of the core's reset synchronizers (Xilinx platform), modelled for simulation.
MODELS = (REPO / "tb" / "hdl" / "FDPE.v", REPO / "tb" / "hdl" / "liteeth_top.v")


def liteeth_config(sim: str = "icarus", waves: bool = False, config: Path = CONFIG, build: Path = BUILD):
    """The runner's build of the generated core on ``sim`` (generated first if needed), and the
    environment its testbench reads (``LITEETH_CSR_JSON``, ``LITEETH_MEMORIES``)."""
    from sim.runner import BuildConfig

    core = ensure(config, build)
    cfg = BuildConfig(
        variant=config.stem,
        sim=sim,
        data_width=32,
        waves=waves,
        toplevel=TOPLEVEL,
        base_addr=0,
        extra_sources=tuple(str(p) for p in (core.verilog_for(sim), *MODELS)),
        # The generated core mixes clock domains and names C++ words (`interrupt`): the warnings
        # are upstream's; none of them is fatal.
        verilator_args=("-Wno-lint", "-Wno-style", "-Wno-SYMRSVDWORD", "-CFLAGS", "-O0"),
    )
    env = {"LITEETH_CSR_JSON": str(core.csr_json), "LITEETH_MEMORIES": core.memories_json(sim).read_text()}
    return cfg, env


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("config", nargs="?", type=Path, default=CONFIG)
    a = ap.parse_args(argv)
    ensure(a.config.resolve(), quiet=False)


if __name__ == "__main__":
    main()
