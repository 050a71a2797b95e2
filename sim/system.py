"""The system parts (Debian packages) a build needs, and the guard that the set-up provided them.

``sim/bootstrap.sh PART ...`` installs the parts a make target asks for; the Makefile tells the
processes it starts which parts that were in ``$NIC_SETUP_PARTS``. Before a build, the runner calls
:func:`require` with the parts the build needs (:func:`parts_for`): a part the target's set-up did
not check is an error even when this machine happens to have it installed, so a target that forgot
a part fails here, on every machine, and not only on a fresh one. A part that is missing is an
error that names the command to run.

The table below and the ``case`` table of ``sim/bootstrap.sh`` describe the same parts; a unit
test holds them equal.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

#: The variable the Makefile sets to the parts its set-up checked (space-separated).
SETUP_PARTS_ENV = "NIC_SETUP_PARTS"


@dataclass(frozen=True)
class SystemPart:
    """One part of the set-up: what it is for, the Debian packages, and how to see it is present."""

    name: str
    purpose: str
    packages: tuple[str, ...]
    commands: tuple[str, ...] = ()
    files: tuple[str, ...] = ()

    def present(self) -> bool:
        return all(shutil.which(c) for c in self.commands) and all(Path(f).exists() for f in self.files)

    def missing(self) -> list[str]:
        """The commands and files of this part that this machine lacks."""
        return [c for c in self.commands if not shutil.which(c)] + [f for f in self.files if not Path(f).exists()]


PARTS: dict[str, SystemPart] = {
    p.name: p
    for p in (
        SystemPart("icarus", "Icarus Verilog, the simulator", ("iverilog",), commands=("iverilog", "vvp")),
        SystemPart("cxx", "a C++ compiler, make and ccache, to build Verilator models", ("g++", "make", "ccache"),
                   commands=("g++", "make", "ccache")),
        SystemPart("fst", "the lz4 headers that Verilator's FST waveform writer includes", ("liblz4-dev",),
                   files=("/usr/include/lz4.h",)),
        SystemPart("lint", "yosys, for the synthesis check", ("yosys",), commands=("yosys",)),
        SystemPart("gtkwave", "GTKWave, to view waveforms", ("gtkwave",), commands=("gtkwave",)),
        SystemPart("screenshot", "a virtual display and ImageMagick, for GTKWave screenshots",
                   ("xvfb", "xauth", "imagemagick"), commands=("xvfb-run", "xauth", "import")),
    )
}


class SystemPartError(RuntimeError):
    """A build needs a system part that is missing, or that the set-up of its target did not check."""


def parts_for(sim: str, waves: bool) -> tuple[str, ...]:
    """The system parts a simulator build needs (the Python packages come from the virtualenv)."""
    if sim == "icarus":
        return ("icarus",)
    if sim == "verilator":
        return ("cxx", "fst") if waves else ("cxx",)
    raise ValueError(f"unknown simulator {sim!r}")


def setup_parts(environ: dict[str, str] | None = None) -> frozenset[str] | None:
    """The parts the set-up of the running make target checked, or None outside make."""
    value = (os.environ if environ is None else environ).get(SETUP_PARTS_ENV)
    return None if value is None else frozenset(value.split())


def require(parts: Iterable[str], what: str, environ: dict[str, str] | None = None) -> None:
    """Raise :class:`SystemPartError` unless every part is present and, under make, set up.

    ``what`` names the build or tool that needs the parts, for the message."""
    declared = setup_parts(environ)
    for name in parts:
        part = PARTS[name]
        if declared is not None and name not in declared:
            raise SystemPartError(
                f"{what} needs the system part '{name}' ({part.purpose}; Debian: {' '.join(part.packages)}), "
                f"but this make target's set-up checked only [{' '.join(sorted(declared))}]: add '{name}' to "
                f"the bootstrap parts of the target in the Makefile"
            )
        lacking = part.missing()
        if lacking:
            raise SystemPartError(
                f"{what} needs the system part '{name}' ({part.purpose}), which is missing here "
                f"({', '.join(lacking)}); run:  sudo apt-get update && sudo apt-get install -y "
                f"{' '.join(part.packages)}   (or: bash sim/bootstrap.sh {name}, as root)"
            )
