"""Functional coverage of the Wishbone and Avalon-MM traffic: bins, sampling, merging, the report.

Pure Python. The monitors (:mod:`tb.bus_protocol` with the rules of :mod:`models.wishbone` and
:mod:`models.avalon`) hand every finished burst to :class:`BusCoverage`, which counts it into the
bins of its bus and width and adds the counts to ``bus-coverage.json`` in the run directory;
:func:`write_bus_reports` merges the files of a regression into ``build/results/bus-coverage.txt``
and ``.json``.

Wishbone crosses (per direction):

* ``kind x length``: single End-Of-Burst transfer (1), classic transfer (1), linear incrementing
  burst (2-15, 16, 17-255, 256 beats), wrap-4 and wrap-8 bursts (2-15), wrap-16 (16), constant
  address burst (2-15). Other combinations are not produced by any master here and not binned.
* ``sel shape`` (writes): single transfer with SEL full, partial or none; burst with SEL full.
  (RULE 4.40 keeps SEL constant in a burst; the planner sends partial words alone.)
* ``response``: ACK, ERR.
* ``stalls``: the burst saw STALL (pipelined) or a wait beyond the registered answer (classic) or not.
* ``standard mode``: the bursts of standard-mode (classic) cycles, by the same kinds and lengths:
  CTI 000 transfers, End-Of-Burst singles, and registered-feedback incrementing (linear, wrap-4/8/16)
  and constant address bursts. (A standard-mode burst counts in ``kind x length`` too.)

Avalon-MM crosses (per direction):

* ``burstcount``: 1, 2-15, 16 to max-1, max (the slave's maximum burst).
* ``byteenable shape`` (writes): single word full, partial or none; burst full.
* ``response``: OKAY, SLVERR, DECODEERROR.
* ``waitrequest``: the command waited or not.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence

from .avalon import AvBurstRecord
from .wishbone import WbTransfer

DIRECTIONS = ("write", "read")
FILE_NAME = "bus-coverage.json"


WB_KINDS = (("single", "1"), ("classic", "1"), ("incr-linear", "2-15"), ("incr-linear", "16"),
            ("incr-linear", "17-255"), ("incr-linear", "256"), ("wrap4", "2-15"), ("wrap8", "2-15"),
            ("wrap16", "16"), ("constant", "2-15"))


def wishbone_bins() -> dict[str, list[str]]:
    kinds = WB_KINDS
    return {
        "kind x length": [f"{d} {k} {n}" for d in DIRECTIONS for k, n in kinds],
        "standard mode": [f"{d} {k} {n}" for d in DIRECTIONS for k, n in kinds],
        "sel shape": [f"write {k} {s}" for k, s in (("single", "full"), ("single", "partial"), ("single", "none"),
                                                    ("burst", "full"))],
        "response": [f"{d} {r}" for d in DIRECTIONS for r in ("ACK", "ERR")],
        "stalls": [f"{d} {s}" for d in DIRECTIONS for s in ("no", "yes")],
    }


def avalon_bins(max_burst: int) -> dict[str, list[str]]:
    return {
        "burstcount": [f"{d} {c}" for d in DIRECTIONS for c in _count_classes(max_burst)],
        "byteenable shape": [f"write {k} {s}" for k, s in (("single", "full"), ("single", "partial"),
                                                           ("single", "none"), ("burst", "full"))],
        "response": [f"{d} {r}" for d in DIRECTIONS for r in ("OKAY", "SLVERR", "DECODEERROR")],
        "waitrequest": [f"{d} {w}" for d in DIRECTIONS for w in ("no", "yes")],
    }


def _count_classes(max_burst: int) -> list[str]:
    out = ["1"]
    if max_burst > 2:
        out.append(f"2-{min(15, max_burst - 1)}")
    if max_burst > 16:
        out.append(f"16-{max_burst - 1}")
    out.append(str(max_burst))
    return out


def _count_class(n: int, max_burst: int) -> str:
    if n == 1 or n >= max_burst:
        return str(n) if n <= max_burst else "outside"
    if n < 16:
        return f"2-{min(15, max_burst - 1)}"
    return f"16-{max_burst - 1}"


def _length_class(n: int) -> str:
    return "1" if n == 1 else "2-15" if n < 16 else "16" if n == 16 else "17-255" if n < 256 else "256" if n == 256 else ">256"


def _shape(sels: Sequence[int], full: int) -> str:
    if all(s == full for s in sels):
        return "full"
    if all(s == 0 for s in sels):
        return "none"
    return "partial"


def wishbone_labels(burst: Sequence[WbTransfer], bus_bytes: int) -> list[tuple[str, str]]:
    """The (cross, bin) pairs of one finished Wishbone burst."""
    first = burst[0]
    d = "write" if first.we else "read"
    n = len(burst)
    if n == 1:
        kind = "classic" if first.cti == 0 else "single"
    elif first.cti == 0b001:
        kind = "constant"
    else:
        kind = {0: "incr-linear", 1: "wrap4", 2: "wrap8", 3: "wrap16"}.get(first.bte, "incr-linear")
    out = [("kind x length", f"{d} {kind} {_length_class(n)}"),
           *([("standard mode", f"{d} {kind} {_length_class(n)}")] if first.classic else []),
           ("response", f"{d} {'ERR' if any(t.err for t in burst) else 'ACK'}"),
           ("stalls", f"{d} {'yes' if any(t.stalled for t in burst) else 'no'}")]
    if first.we:
        out.append(("sel shape", f"write {'single' if n == 1 else 'burst'} {_shape([t.sel for t in burst], (1 << bus_bytes) - 1)}"))
    return out


def avalon_labels(rec: AvBurstRecord, bus_bytes: int, max_burst: int) -> list[tuple[str, str]]:
    """The (cross, bin) pairs of one finished Avalon-MM burst."""
    d = "write" if rec.write else "read"
    resp = {0: "OKAY", 1: "RESERVED", 2: "SLVERR", 3: "DECODEERROR"}[rec.response]
    out = [("burstcount", f"{d} {_count_class(rec.burstcount, max_burst)}"),
           ("response", f"{d} {resp}"),
           ("waitrequest", f"{d} {'yes' if rec.waited else 'no'}")]
    if rec.write:
        kind = "single" if rec.burstcount == 1 else "burst"
        out.append(("byteenable shape", f"write {kind} {_shape(rec.byteenables, (1 << bus_bytes) - 1)}"))
    return out


class BusCoverage:
    """Counts the bursts of one port into the bins of ``bus`` at ``bus_bytes`` (``max_burst`` on Avalon)."""

    def __init__(self, bus: str, bus_bytes: int, max_burst: int = 0) -> None:
        if bus not in ("wishbone", "avalon"):
            raise ValueError(f"bus={bus!r}; allowed: wishbone, avalon")
        self.bus, self.bus_bytes, self.max_burst = bus, bus_bytes, max_burst
        self.bins = wishbone_bins() if bus == "wishbone" else avalon_bins(max_burst)
        self.hits: dict[str, Counter] = {name: Counter() for name in self.bins}
        self.bursts = 0

    @property
    def key(self) -> str:
        return f"dw{self.bus_bytes * 8}" + (f"-max{self.max_burst}" if self.bus == "avalon" else "")

    def sample(self, item) -> None:
        """A finished burst: a list of :class:`WbTransfer` (Wishbone) or an :class:`AvBurstRecord`."""
        labels = (wishbone_labels(item, self.bus_bytes) if self.bus == "wishbone"
                  else avalon_labels(item, self.bus_bytes, self.max_burst))
        self.bursts += 1
        for cross, label in labels:
            self.hits[cross][label] += 1

    def save(self, path: Path) -> None:
        """Add the counts to the file at ``path`` (created if missing), then start counting afresh."""
        data = json.loads(path.read_text()) if path.exists() else {}
        entry = data.setdefault(self.bus, {}).setdefault(self.key, {"bursts": 0, "hits": {}})
        entry["bursts"] += self.bursts
        for cross, counter in self.hits.items():
            slot = entry["hits"].setdefault(cross, {})
            for label, n in counter.items():
                slot[label] = slot.get(label, 0) + n
        path.write_text(json.dumps(data, indent=1, sort_keys=True))
        self.hits = {name: Counter() for name in self.bins}
        self.bursts = 0


def merge(paths: Iterable[Path]) -> dict:
    """Sum ``bus-coverage.json`` files: bus -> configuration key -> {bursts, hits}."""
    total: dict = {}
    for path in paths:
        for bus, configs in json.loads(path.read_text()).items():
            for key, entry in configs.items():
                t = total.setdefault(bus, {}).setdefault(key, {"bursts": 0, "hits": {}})
                t["bursts"] += entry["bursts"]
                for cross, counter in entry["hits"].items():
                    slot = t["hits"].setdefault(cross, {})
                    for label, n in counter.items():
                        slot[label] = slot.get(label, 0) + n
    return total


def summary(total: dict) -> dict:
    """Per bus and configuration: covered/total per cross, and the holes."""
    out: dict = {}
    for bus, configs in sorted(total.items()):
        for key, entry in sorted(configs.items()):
            max_burst = int(key.split("max")[1]) if "max" in key else 0
            bins = wishbone_bins() if bus == "wishbone" else avalon_bins(max_burst)
            crosses = {}
            for cross, labels in bins.items():
                hit = entry["hits"].get(cross, {})
                holes = [lb for lb in labels if not hit.get(lb)]
                crosses[cross] = {"covered": len(labels) - len(holes), "total": len(labels), "holes": holes,
                                  "outside": {lb: n for lb, n in hit.items() if lb not in labels}}
            out.setdefault(bus, {})[key] = {"bursts": entry["bursts"], "crosses": crosses}
    return out


def report(total: dict) -> str:
    s = summary(total)
    if not s:
        return "bus coverage: no Wishbone or Avalon-MM burst sampled"
    lines = []
    for bus, configs in s.items():
        covered = sum(c["covered"] for cfg in configs.values() for c in cfg["crosses"].values())
        count = sum(c["total"] for cfg in configs.values() for c in cfg["crosses"].values())
        lines.append(f"{bus} coverage: {covered}/{count} bins over {', '.join(configs)}")
        for key, cfg in configs.items():
            row = ", ".join(f"{name} {c['covered']}/{c['total']}" for name, c in cfg["crosses"].items())
            lines.append(f"  {key} ({cfg['bursts']} bursts): {row}")
            for name, c in cfg["crosses"].items():
                for hole in c["holes"]:
                    lines.append(f"    hole: {name}: {hole}")
    return "\n".join(lines)


def write_bus_reports(paths: Iterable[Path], out_dir: Path) -> tuple[str, Path, Path]:
    total = merge(paths)
    text = report(total)
    out_dir.mkdir(parents=True, exist_ok=True)
    txt, js = out_dir / "bus-coverage.txt", out_dir / "bus-coverage.json"
    txt.write_text(text + "\n")
    js.write_text(json.dumps(summary(total), indent=1))
    return text, txt, js
