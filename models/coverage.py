"""Functional coverage of the AXI traffic a test puts through the shared RAM.

Pure Python (no simulator): the protocol monitor (:mod:`tb.protocol`) hands every completed burst
to a :class:`CoverageCollector` as a :class:`models.axi.BurstRecord`; the collector sorts it into the bins of
a :class:`CoverageModel` and saves the counts as JSON in the run directory; :func:`merge` and
:func:`report` combine the files of a whole regression.

The bins are a documented set of crosses, not the full product of every dimension (most of which
AXI forbids): each cross lists the legal bins for one bus width and, separately, the combinations
it leaves out and why. A burst is sampled into:

* ``response x type`` (both directions): every burst, legal or not, since an error response is
  the answer to a request the slave refuses. The type includes the reserved AxBURST = 0b11.
* every other cross: only bursts that are legal AXI and got OKAY, i.e. that really moved data.

Dimensions: direction (write, read); burst type (FIXED, INCR, WRAP); length class (1, 2-15, 16,
17-255, 256 beats); size (every AxSIZE up to the bus width; the full width is marked ``=bus``);
start alignment (bus-aligned, size-aligned but not bus-aligned, not aligned to the size); 4 KiB
position of an INCR burst (inside a page, starting at a boundary, ending at one); write strobe
shape; response (OKAY, SLVERR, DECERR); stalls (off, on: the run paced the master or stalled the
slave).

Strobe shape is judged on the byte lanes each beat owns (by AXI's rules for its address, size and
type), taken in beat order as one string of slots: all strobed is ``full``; unstrobed slots only
at the start ``partial-head``, only at the end ``partial-tail``, at both ends ``head-and-tail``;
anything else (a hole, or nothing strobed) ``sparse``. So a narrow or unaligned beat whose own
lanes are all strobed counts as full; its alignment is a dimension of its own.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Mapping

from models.axi import AXI_BOUNDARY, FIXED_MAX_BEATS, WRAP_BEATS, Burst, BurstRecord, BurstType, check_bus_bytes

DIRECTIONS = ("write", "read")
TYPES = ("FIXED", "INCR", "WRAP")
LENGTHS = ("1", "2-15", "16", "17-255", "256")
ALIGNMENTS = ("bus-aligned", "size-aligned", "unaligned")
BOUNDARIES = ("inside", "starts-at-4k", "ends-at-4k")
SHAPES = ("full", "partial-head", "partial-tail", "head-and-tail", "sparse")
RESPONSES = ("OKAY", "SLVERR", "DECERR")
STALLS = ("off", "on")
RESP_NAMES = {0: "OKAY", 1: "EXOKAY", 2: "SLVERR", 3: "DECERR"}
TYPE_NAMES = {0: "FIXED", 1: "INCR", 2: "WRAP", 3: "RESERVED"}
PAGE = AXI_BOUNDARY


# --------------------------------------------------------------------------- classifiers


def length_class(beats: int) -> str:
    """The length class of AxLEN+1 = ``beats`` (1 to 256)."""
    if not 1 <= beats <= 256:
        raise ValueError(f"a burst has 1 to 256 beats, got {beats}")
    if beats == 1:
        return "1"
    if beats < 16:
        return "2-15"
    if beats == 16:
        return "16"
    return "17-255" if beats < 256 else "256"


def size_label(size: int, bus_bytes: int) -> str:
    """``"4B"`` for AxSIZE 2; the full bus width is marked, e.g. ``"8B=bus"`` on a 64-bit bus."""
    return f"{1 << size}B" + ("=bus" if 1 << size == bus_bytes else "")


def alignment(address: int, size: int, bus_bytes: int) -> str:
    if address % bus_bytes == 0:
        return "bus-aligned"
    return "size-aligned" if address % (1 << size) == 0 else "unaligned"


def boundary_positions(address: int, beats: int, size: int) -> list[str]:
    """Where an INCR burst lies against 4 KiB pages; a burst covering a whole page hits two bins,
    a crossing burst (illegal) gives ``"crosses"``."""
    nb = 1 << size
    end = (address & ~(nb - 1)) + beats * nb  # one past the last byte
    if address // PAGE != (end - 1) // PAGE:
        return ["crosses"]
    where = []
    if address % PAGE == 0:
        where.append("starts-at-4k")
    if end % PAGE == 0:
        where.append("ends-at-4k")
    return where or ["inside"]


def lane_masks(burst: Burst, bus_bytes: int) -> list[int]:
    """The byte lanes each beat owns, as WSTRB masks."""
    return [((1 << n) - 1) << first for first, n in burst.lanes(bus_bytes)]


def _slots(masks: Iterable[int], strobes: Iterable[int]) -> str:
    """The strobe of every owned lane, beat by beat, lowest lane first, as a string of 0/1."""
    out = []
    for mask, strobe in zip(masks, strobes):
        lane = 0
        while mask >> lane:
            if mask >> lane & 1:
                out.append("1" if strobe >> lane & 1 else "0")
            lane += 1
    return "".join(out)


_SHAPE_PATTERNS = (
    ("full", re.compile(r"1+")),
    ("partial-head", re.compile(r"0+1+")),
    ("partial-tail", re.compile(r"1+0+")),
    ("head-and-tail", re.compile(r"0+1+0+")),
)


def strobe_shape(masks: Iterable[int], strobes: Iterable[int]) -> str:
    """The shape of a write burst's strobes over the lanes its beats own (see the module doc)."""
    slots = _slots(masks, strobes)
    for name, pattern in _SHAPE_PATTERNS:
        if pattern.fullmatch(slots):
            return name
    return "sparse"


def strobes_for_shape(masks: list[int], shape: str) -> list[int]:
    """WSTRB per beat giving ``shape`` over the owned lanes ``masks`` (the inverse of :func:`strobe_shape`).

    ``partial-head``/``partial-tail`` need two owned lanes in the burst, ``head-and-tail`` and
    ``sparse`` three.
    """
    if shape not in SHAPES:
        raise ValueError(f"strobe shape {shape!r} is not one of {', '.join(SHAPES)}")
    positions = [
        (beat, lane) for beat, mask in enumerate(masks) for lane in range(mask.bit_length()) if mask >> lane & 1
    ]
    need = {"full": 1, "partial-head": 2, "partial-tail": 2, "head-and-tail": 3, "sparse": 3}[shape]
    if len(positions) < need:
        raise ValueError(f"a {shape} strobe needs {need} owned byte lanes, the burst has {len(positions)}")
    off = {
        "full": set(),
        "partial-head": {0},
        "partial-tail": {len(positions) - 1},
        "head-and-tail": {0, len(positions) - 1},
        "sparse": {len(positions) // 2},
    }[shape]
    strobes = [0] * len(masks)
    for i, (beat, lane) in enumerate(positions):
        if i not in off:
            strobes[beat] |= 1 << lane
    return strobes


def is_legal(record: BurstRecord, bus_bytes: int) -> bool:
    """True when the request is legal AXI4 (the protocol checker's address rules)."""
    if record.burst not in (0, 1, 2) or 1 << record.size > bus_bytes:
        return False
    if record.burst == BurstType.WRAP:
        return record.beats in WRAP_BEATS and record.address % (1 << record.size) == 0
    if record.burst == BurstType.FIXED:
        return record.beats <= FIXED_MAX_BEATS
    return boundary_positions(record.address, record.beats, record.size) != ["crosses"]


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Cross:
    """One cross: its dimensions, its legal bins, and what it leaves out (pattern, reason)."""

    name: str
    dims: tuple[str, ...]
    bins: tuple[tuple[str, ...], ...]
    excluded: tuple[tuple[str, str], ...] = ()

    def label(self, values: tuple[str, ...]) -> str:
        return " / ".join(values)

    @cached_property
    def bin_set(self) -> frozenset[tuple[str, ...]]:
        """The legal bins, for membership tests."""
        return frozenset(self.bins)


class CoverageModel:
    """The crosses and their legal bins for one bus width (``bus_bytes`` = DATA_WIDTH/8)."""

    def __init__(self, bus_bytes: int) -> None:
        log2 = check_bus_bytes(bus_bytes)
        self.bus_bytes = bus_bytes
        self.sizes = tuple(size_label(s, bus_bytes) for s in range(log2 + 1))
        narrow = bus_bytes > 1
        lengths = {"FIXED": LENGTHS[:3], "INCR": LENGTHS, "WRAP": ("2-15", "16")}
        aligns = {
            "FIXED": ALIGNMENTS if narrow else ALIGNMENTS[:1],
            "INCR": ALIGNMENTS if narrow else ALIGNMENTS[:1],
            "WRAP": ALIGNMENTS[:2] if narrow else ALIGNMENTS[:1],
        }
        resp_types = {"OKAY": TYPES, "SLVERR": TYPES + ("RESERVED",), "DECERR": TYPES}
        d = DIRECTIONS
        crosses = [
            Cross(
                "type x length", ("direction", "type", "length"),
                tuple((x, t, n) for x in d for t in TYPES for n in lengths[t]),
                (("FIXED / 17-255, 256", "AXI4 limits FIXED bursts to 16 beats"),
                 ("WRAP / 1, 17-255, 256", "a WRAP burst has 2, 4, 8 or 16 beats")),
            ),
            Cross(
                "type x size", ("direction", "type", "size"),
                tuple((x, t, s) for x in d for t in TYPES for s in self.sizes),
                (("sizes above the bus width", "AXI forbids AxSIZE wider than the bus (SLVERR, see response x type)"),),
            ),
            Cross(
                "type x alignment", ("direction", "type", "alignment"),
                tuple((x, t, a) for x in d for t in TYPES for a in aligns[t]),
                (("WRAP / unaligned", "a WRAP burst must start aligned to its size"),)
                + (() if narrow else (("size-aligned, unaligned", "on an 8-bit bus every address is bus-aligned"),)),
            ),
            Cross(
                "INCR x 4 KiB", ("direction", "position"),
                tuple((x, p) for x in d for p in BOUNDARIES),
                (("crosses", "an AXI burst must not cross a 4 KiB boundary (the checker's 4k-crossing rule)"),
                 ("FIXED, WRAP", "cannot cross: a FIXED burst stays on one address, a WRAP burst in its container")),
            ),
            Cross(
                "type x strobe shape", ("type", "shape"),
                tuple((t, s) for t in TYPES for s in SHAPES),
                (("reads", "strobes exist on writes only"),),
            ),
            Cross(
                "response x type", ("direction", "response", "type"),
                tuple((x, r, t) for x in d for r in RESPONSES for t in resp_types[r]),
                (("OKAY, DECERR / RESERVED", "a reserved burst type always gets SLVERR"),
                 ("EXOKAY", "no exclusive access is ever made"),
                 ("note", "SLVERR answers only requests that break AXI (reserved type, size wider than the bus, "
                          "illegal WRAP, misplaced WLAST): reached by tests that send them on purpose")),
            ),
            Cross(
                "stalls x type", ("direction", "stalls", "type"),
                tuple((x, st, t) for x in d for st in STALLS for t in TYPES),
            ),
        ]
        self.crosses: dict[str, Cross] = {c.name: c for c in crosses}

    @property
    def total(self) -> int:
        return sum(len(c.bins) for c in self.crosses.values())

    def sample(self, record: BurstRecord, stalls: bool) -> list[tuple[str, tuple[str, ...]]]:
        """The (cross, bin) pairs a burst hits; a pair may lie outside the legal bins."""
        x = record.direction
        kind = TYPE_NAMES[record.burst]
        hits: list[tuple[str, tuple[str, ...]]] = [("response x type", (x, RESP_NAMES[record.resp], kind))]
        if record.resp != 0 or not is_legal(record, self.bus_bytes):
            return hits
        nb = self.bus_bytes
        hits += [
            ("type x length", (x, kind, length_class(record.beats))),
            ("type x size", (x, kind, size_label(record.size, nb))),
            ("type x alignment", (x, kind, alignment(record.address, record.size, nb))),
            ("stalls x type", (x, STALLS[bool(stalls)], kind)),
        ]
        if record.burst == BurstType.INCR:
            hits += [("INCR x 4 KiB", (x, p)) for p in boundary_positions(record.address, record.beats, record.size)]
        if x == "write" and record.strobes:
            full = (1 << nb) - 1
            if (record.burst == BurstType.INCR and 1 << record.size == nb and record.address % nb == 0
                    and record.strobes.count(full) == len(record.strobes)):
                shape = "full"  # every beat owns every lane and strobes them all (most bursts of a copy)
            else:
                burst = Burst(record.address, record.beats, record.size, BurstType(record.burst))
                shape = strobe_shape(lane_masks(burst, nb), record.strobes)
            hits.append(("type x strobe shape", (kind, shape)))
        return hits


# --------------------------------------------------------------------------- counting and files


@dataclass
class CoverageCounts:
    """Hit counts of one bus width: ``hits[cross][label]``, plus samples outside every legal bin."""

    bus_bytes: int
    hits: dict[str, Counter] = field(default_factory=dict)
    outside: Counter = field(default_factory=Counter)
    bursts: int = 0

    def add(self, other: "CoverageCounts") -> None:
        if other.bus_bytes != self.bus_bytes:
            raise ValueError(f"cannot add coverage of a {other.bus_bytes}-byte bus to a {self.bus_bytes}-byte one")
        for name, counter in other.hits.items():
            self.hits.setdefault(name, Counter()).update(counter)
        self.outside.update(other.outside)
        self.bursts += other.bursts

    def to_json(self) -> dict:
        return {
            "bus_bytes": self.bus_bytes,
            "bursts": self.bursts,
            "hits": {name: dict(counter) for name, counter in self.hits.items()},
            "outside": dict(self.outside),
        }

    @classmethod
    def from_json(cls, data: Mapping) -> "CoverageCounts":
        return cls(
            bus_bytes=int(data["bus_bytes"]),
            hits={name: Counter(c) for name, c in data.get("hits", {}).items()},
            outside=Counter(data.get("outside", {})),
            bursts=int(data.get("bursts", 0)),
        )


class CoverageCollector:
    """Samples bursts into a :class:`CoverageModel`; ``stalls`` says whether this run stalls."""

    def __init__(self, bus_bytes: int, stalls: bool = False) -> None:
        self.model = CoverageModel(bus_bytes)
        self.stalls = stalls
        self.counts = CoverageCounts(bus_bytes)  # everything sampled
        self._unsaved = CoverageCounts(bus_bytes)  # sampled since the last save

    def sample(self, record: BurstRecord) -> None:
        for counts in (self.counts, self._unsaved):
            counts.bursts += 1
        crosses = self.model.crosses
        for name, values in self.model.sample(record, self.stalls):
            cross = crosses[name]
            label = cross.label(values)
            legal = values in cross.bin_set
            for counts in (self.counts, self._unsaved):
                if legal:
                    counter = counts.hits.get(name)
                    if counter is None:
                        counter = counts.hits[name] = Counter()
                    counter[label] += 1
                else:
                    counts.outside[f"{name}: {label}"] += 1

    def holes(self) -> dict[str, list[str]]:
        """Per cross, the legal bins not hit yet."""
        out = {}
        for name, cross in self.model.crosses.items():
            hit = self.counts.hits.get(name, Counter())
            missing = [cross.label(b) for b in cross.bins if not hit[cross.label(b)]]
            if missing:
                out[name] = missing
        return out

    def save(self, path: Path) -> None:
        """Add what was sampled since the last save to the file at ``path`` (created if missing)."""
        on_file = load_file(path)
        key = str(self.model.bus_bytes)
        merged = on_file.get(key) or CoverageCounts(self.model.bus_bytes)
        merged.add(self._unsaved)
        on_file[key] = merged
        write_file(path, on_file)
        self._unsaved = CoverageCounts(self.model.bus_bytes)


def load_file(path: Path) -> dict[str, CoverageCounts]:
    """A coverage file: counts per bus width (key: bus bytes as a string)."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text())
    return {key: CoverageCounts.from_json(value) for key, value in data.get("widths", {}).items()}


def write_file(path: Path, counts: Mapping[str, CoverageCounts]) -> None:
    data = {"widths": {key: c.to_json() for key, c in sorted(counts.items(), key=lambda kv: int(kv[0]))}}
    path.write_text(json.dumps(data, indent=1, sort_keys=True))


def merge(paths: Iterable[Path]) -> dict[int, CoverageCounts]:
    """Sum coverage files into counts per bus width."""
    total: dict[int, CoverageCounts] = {}
    for path in paths:
        for key, counts in load_file(path).items():
            total.setdefault(int(key), CoverageCounts(int(key))).add(counts)
    return total


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class CrossResult:
    width_bits: int
    cross: str
    covered: int
    total: int
    holes: tuple[str, ...]


def results(counts: Mapping[int, CoverageCounts]) -> list[CrossResult]:
    out = []
    for bus_bytes in sorted(counts):
        model = CoverageModel(bus_bytes)
        c = counts[bus_bytes]
        for name, cross in model.crosses.items():
            hit = c.hits.get(name, Counter())
            labels = [cross.label(b) for b in cross.bins]
            holes = tuple(lb for lb in labels if hit[lb] <= 0)
            out.append(CrossResult(bus_bytes * 8, name, len(labels) - len(holes), len(labels), holes))
    return out


def _hits(cross: Cross, counter: Counter) -> dict[str, int]:
    return {cross.label(b): counter[cross.label(b)] for b in cross.bins}


def summary(counts: Mapping[int, CoverageCounts]) -> dict:
    """The merged coverage as a JSON-able dict: per width and cross, covered/total, holes, hits."""
    res = results(counts)
    widths = {}
    for bus_bytes, c in sorted(counts.items()):
        model = CoverageModel(bus_bytes)
        rows = [r for r in res if r.width_bits == bus_bytes * 8]
        widths[f"dw{bus_bytes * 8}"] = {
            "bursts": c.bursts,
            "covered": sum(r.covered for r in rows),
            "total": sum(r.total for r in rows),
            "crosses": {
                r.cross: {
                    "covered": r.covered,
                    "total": r.total,
                    "holes": list(r.holes),
                    "hits": _hits(model.crosses[r.cross], c.hits.get(r.cross, Counter())),
                    "excluded": [{"bins": p, "why": why} for p, why in model.crosses[r.cross].excluded],
                }
                for r in rows
            },
            "outside": dict(c.outside),
        }
    covered = sum(w["covered"] for w in widths.values())
    total = sum(w["total"] for w in widths.values())
    return {"covered": covered, "total": total, "percent": round(100.0 * covered / total, 2) if total else 0.0,
            "widths": widths}


def report(counts: Mapping[int, CoverageCounts]) -> str:
    """A text summary: covered/total per cross and width, every hole, and what is excluded and why."""
    s = summary(counts)
    if not s["widths"]:
        return "functional coverage: no burst sampled"
    lines = [f"functional coverage: {s['covered']}/{s['total']} bins ({s['percent']:.1f}%) over "
             f"{', '.join(s['widths'])}"]
    names = list(CoverageModel(8).crosses)
    width_names = list(s["widths"])
    lines.append(f"  {'cross':<22}" + "".join(f"{w:>12}" for w in width_names))
    for name in names:
        row = f"  {name:<22}"
        for w in width_names:
            c = s["widths"][w]["crosses"][name]
            row += f"{c['covered']:>7}/{c['total']:<4}"
        lines.append(row)
    holes = [(w, name, h) for w in width_names for name in names for h in s["widths"][w]["crosses"][name]["holes"]]
    if holes:
        lines.append(f"  holes ({len(holes)}):")
        lines += [f"    {w} {name}: {h}" for w, name, h in holes]
    else:
        lines.append("  holes: none")
    outside = [(w, k, n) for w in width_names for k, n in s["widths"][w]["outside"].items() if n]
    if outside:
        lines.append("  sampled outside the legal bins (requests that break AXI on purpose):")
        lines += [f"    {w} {k}: {n}" for w, k, n in outside]
    lines.append("  excluded (not legal AXI, or not possible on this bus):")
    seen = set()
    for w in width_names:
        for name in names:
            for ex in s["widths"][w]["crosses"][name]["excluded"]:
                key = (name, ex["bins"], ex["why"])
                if key not in seen:
                    seen.add(key)
                    lines.append(f"    {name}: {ex['bins']}: {ex['why']}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- directed closure


@dataclass(frozen=True)
class DirectedBurst:
    """One burst of the directed coverage closure.

    ``shape`` is the strobe shape of a write; ``expect`` names the protocol rules the request
    breaks on purpose (the bursts that earn SLVERR).
    """

    direction: str
    burst: Burst
    shape: str = "full"
    expect: tuple[str, ...] = ()

    @property
    def legal(self) -> bool:
        return not self.expect


def directed_bursts(bus_bytes: int, base: int, ram_bytes: int) -> list[DirectedBurst]:
    """Bursts that between them hit every bin of :class:`CoverageModel` for this bus width
    (run them once with stalls and once without for the stall bins).

    The window is ``[base, base + ram_bytes)``; it needs at least 8 KiB, and room for a 4 KiB
    page after its first. Addresses past the window end get DECERR.
    """
    log2 = check_bus_bytes(bus_bytes)
    if ram_bytes < 2 * PAGE:
        raise ValueError(f"the directed bursts need a window of at least {2 * PAGE} bytes, got {ram_bytes}")
    nb, full = bus_bytes, log2
    page = base + PAGE
    out: list[DirectedBurst] = []
    T = BurstType

    def add(direction: str, address: int, beats: int, size: int, kind: BurstType, shape: str = "full",
            expect: tuple[str, ...] = ()) -> None:
        out.append(DirectedBurst(direction, Burst(address, beats, size, kind), shape, expect))

    for d in DIRECTIONS:
        # type x length, full width, bus aligned
        for beats in (1, 5, 16):
            add(d, base + 0x100, beats, full, T.FIXED)
        add(d, page, 256, full, T.INCR)  # a 4 KiB page start (and a whole page on a 128-bit bus)
        for beats in (1, 5, 16, 100):
            add(d, page + 0x40, beats, full, T.INCR)
        for beats in (4, 16):
            add(d, base + 0x200 + nb, beats, full, T.WRAP)
        # type x size
        for size in range(log2 + 1):
            add(d, base + 0x400, 3, size, T.FIXED)
            add(d, base + 0x400, 3, size, T.INCR)
            add(d, base + 0x400, 4, size, T.WRAP)
        # type x alignment: size-aligned but not bus-aligned, and not size-aligned
        if nb > 1:
            for kind in (T.FIXED, T.INCR, T.WRAP):
                add(d, base + 0x401, 4, 0, kind)
            for kind in (T.FIXED, T.INCR):
                add(d, base + 0x401, 3, 1, kind)
        # INCR x 4 KiB: ends at a boundary
        add(d, base + 2 * PAGE - 4 * nb, 4, full, T.INCR)
        # response x type: DECERR past the window, SLVERR for requests that break AXI
        for kind in (T.FIXED, T.INCR, T.WRAP):
            add(d, base + ram_bytes + 0x100, 4, full, kind)
        if full < 7:
            add(d, base + 0x600, 2, full + 1, T.FIXED, expect=("size-too-wide",))
            add(d, base + 0x600, 2, full + 1, T.INCR, expect=("size-too-wide",))
        add(d, base + 0x600, 3, full, T.WRAP, expect=("wrap-length",))
        add(d, base + 0x600, 2, full, T.RESERVED, expect=("burst-reserved",))
    # type x strobe shape (writes)
    for kind in (T.FIXED, T.INCR, T.WRAP):
        for shape in SHAPES:
            add("write", base + 0x800, 4, full, kind, shape)
    return out


def write_reports(paths: Iterable[Path], out_dir: Path) -> tuple[str, Path, Path]:
    """Merge the coverage files ``paths``; write ``coverage.txt`` and ``coverage.json`` into ``out_dir``.

    Returns the text summary and the two files."""
    counts = merge(paths)
    text = report(counts)
    out_dir.mkdir(parents=True, exist_ok=True)
    txt, js = out_dir / "coverage.txt", out_dir / "coverage.json"
    txt.write_text(text + "\n")
    js.write_text(json.dumps(summary(counts), indent=1))
    return text, txt, js
