"""The log of an AXI4 port written by the Verilog recorder, read into the protocol rules.

``tb/hdl/axi_port_recorder.v`` watches a port at every rising edge where no Python sampler can
(under a clock made in Verilog), judges there the rules that need every cycle and writes the
handshakes as a few text lines per burst (its header gives the format). :class:`PortLogReader`
reads the lines written since it last looked and hands each to
:class:`models.axi_protocol.AxiProtocolRules`, which then judges every other rule and passes each
finished burst to its listeners (coverage), exactly as when it samples the port itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from models.axi_protocol import CHANNELS, AxiProtocolRules

#: The recorder's codes for the per-cycle rules: (rule, what was seen).
RECORDED_RULES: dict[int, tuple[str, str]] = {
    0: ("valid-dropped", "{valid} fell before {ready} ({driver})"),
    1: ("payload-changed", "the payload changed while {valid} was high and {ready} low ({driver})"),
    2: ("x-control", "{valid} is X or Z ({driver})"),
    3: ("x-control", "{ready} or a control signal is X or Z while {valid} is high"),
}


class PortLogError(ValueError):
    """A line of the recorder's log that does not have the recorder's format."""


def _strobes(vector: int, beats: int, bus_bytes: int) -> list[int]:
    """Beat k's WSTRB from bits ``[k * bus_bytes +: bus_bytes]`` of ``vector``."""
    if bus_bytes % 8 == 0:
        step = bus_bytes // 8
        raw = vector.to_bytes(max((vector.bit_length() + 7) // 8, beats * step), "little")
        if step == 1:
            return list(raw[:beats])
        return [int.from_bytes(raw[k : k + step], "little") for k in range(0, beats * step, step)]
    mask = (1 << bus_bytes) - 1
    return [(vector >> (k * bus_bytes)) & mask for k in range(beats)]


@dataclass
class PortLogReader:
    """Feeds ``rules`` from the recorder's log file at ``path``, from byte ``offset`` on.

    :meth:`poll` reads every whole line written since the last call; a line cut short by a
    simulator that has not flushed yet is kept for the next call.
    """

    path: Path
    rules: AxiProtocolRules
    offset: int = 0
    lines: int = 0
    _partial: str = field(default="", repr=False)

    @classmethod
    def at_end(cls, path: Path, rules: AxiProtocolRules) -> "PortLogReader":
        """A reader that skips what the file already holds (earlier tests of the same simulation)."""
        return cls(path, rules, path.stat().st_size if path.exists() else 0)

    def poll(self) -> int:
        """Hand every new whole line to the rules; return how many there were."""
        if not self.path.exists():
            return 0
        with open(self.path, "r", encoding="ascii") as f:
            f.seek(self.offset)
            text = f.read()
            self.offset = f.tell()
        if not text:
            return 0
        text = self._partial + text
        lines = text.split("\n")
        self._partial = lines.pop()
        for line in lines:
            self.feed(line)
        self.lines += len(lines)
        return len(lines)

    def feed(self, line: str) -> None:
        """Hand one line of the log to the rules."""
        parts = line.split()
        try:
            kind, t = parts[0], float(parts[1])
            rules = self.rules
            if kind == "W":
                beats, last = int(parts[2], 16), parts[3] == "1"
                strobes = _strobes(int(parts[4], 16), beats - 1, rules.bus_bytes)
                strobes.append(int(parts[5], 16))
                rules.recorded_w(t, strobes, last)
            elif kind == "R":
                rules.recorded_r(t, int(parts[2], 16), int(parts[3], 16), parts[4] == "1", int(parts[5], 16))
            elif kind == "A":
                ch = int(parts[2])
                axid, address, axlen, size, burst = (int(p, 16) for p in parts[3:8])
                rules.recorded_address(t, ch, axid, address, axlen, size, burst)
            elif kind == "B":
                rules.recorded_b(t, int(parts[2], 16), int(parts[3], 16))
            elif kind == "V":
                ch, code = int(parts[2]), int(parts[3])
                rule, text = RECORDED_RULES[code]
                spec = CHANNELS[ch]
                rules.recorded_break(t, ch, rule, text.format(valid=spec.valid.upper(), ready=spec.ready.upper(),
                                                              driver=spec.driver) + " (Verilog port recorder)")
            elif kind == "Z":
                rules.reset()
            else:
                raise PortLogError(f"unknown record kind {kind!r}")
        except (IndexError, KeyError, ValueError) as exc:
            raise PortLogError(f"{self.path}: line {line!r} is not a record of the port recorder "
                               f"(kinds Z, V, B, R, A, W; see tb/hdl/axi_port_recorder.v): {exc}") from exc
