"""Elaborate a toplevel of hdl/ with given parameters, on either simulator, and keep what it printed.

Used to prove that illegal parameters are refused at elaboration with a message naming the
parameter, its value and what is allowed (hdl/nic_param_error.v), and that legal corners elaborate.
It runs the simulators' own front ends directly, with no model build:

* Icarus: ``iverilog -g2005 -s TOP -PTOP.NAME=VALUE`` (strict Verilog-2005, as ``make lint``);
* Verilator: ``verilator --lint-only -Wno-fatal --top-module TOP -GNAME=VALUE``: the same
  elaboration as a model build, with warnings not fatal as in the runner's builds, so a refusal
  that is only a warning would not count.

    python -m sim.elaborate --sim verilator --toplevel nic_shared_ram DATA_WIDTH=24
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from sim.runner import REPO, SIMULATORS, hdl_sources, setup_verilator_path


@dataclass(frozen=True)
class Elaboration:
    """The outcome of one elaboration: did it succeed, and what the tool printed."""

    sim: str
    toplevel: str
    parameters: tuple[tuple[str, int], ...]
    ok: bool
    output: str
    command: tuple[str, ...]

    def describe(self) -> str:
        params = " ".join(f"{k}={v}" for k, v in self.parameters)
        verdict = "elaborated" if self.ok else "refused"
        return f"{self.sim} {self.toplevel} {params}: {verdict}\n$ {' '.join(self.command)}\n{self.output}"


def _command(sim: str, toplevel: str, parameters: Mapping[str, int], workdir: Path,
             hdl_dir: Path | None = None) -> list[str]:
    if hdl_dir is None:
        sources = [str(s.relative_to(REPO)) for s in hdl_sources()]
    else:
        sources = [str(s.resolve()) for s in sorted(Path(hdl_dir).glob("*.v"))]
    if sim == "icarus":
        return ["iverilog", "-g2005", "-s", toplevel, "-o", str(workdir / "elab.vvp"),
                *(f"-P{toplevel}.{k}={v}" for k, v in parameters.items()), *sources]
    setup_verilator_path()
    return ["verilator", "--lint-only", "-Wno-fatal", "--top-module", toplevel, "--Mdir", str(workdir / "obj"),
            *(f"-G{k}={v}" for k, v in parameters.items()), *sources]


def elaborate(sim: str, toplevel: str, parameters: Mapping[str, int], timeout: float = 60.0,
              hdl_dir: Path | None = None) -> Elaboration:
    """Elaborate ``toplevel`` (a module of hdl/) with ``parameters`` (integers) on ``sim``;
    ``hdl_dir``: another copy of the RTL to elaborate instead of hdl/ (a mutant's, `make mutants`)."""
    if sim not in SIMULATORS:
        raise ValueError(f"sim={sim!r} is not supported; allowed: {', '.join(SIMULATORS)}")
    with tempfile.TemporaryDirectory(prefix="elab-") as tmp:
        cmd = _command(sim, toplevel, parameters, Path(tmp), hdl_dir)
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    return Elaboration(
        sim=sim,
        toplevel=toplevel,
        parameters=tuple(parameters.items()),
        ok=proc.returncode == 0,
        output=proc.stdout + proc.stderr,
        command=tuple(cmd),
    )


if __name__ == "__main__":  # pragma: no cover - a helper for looking at the messages by hand
    import argparse

    ap = argparse.ArgumentParser(description="Elaborate a toplevel of hdl/ and print what the tool said.")
    ap.add_argument("--sim", default="icarus", choices=SIMULATORS)
    ap.add_argument("--toplevel", default="nic_shared_ram")
    ap.add_argument("params", nargs="*", metavar="NAME=VALUE")
    a = ap.parse_args()
    result = elaborate(a.sim, a.toplevel, {k: int(v, 0) for k, v in (p.split("=", 1) for p in a.params)})
    print(result.describe())
    sys.exit(0 if result.ok else 1)
