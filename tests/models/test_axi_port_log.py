"""The Verilog port recorder's log, read into the protocol rules (no simulator): the same verdicts
and the same bursts for coverage as the rules sampling every edge themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.axi import BurstRecord
from models.axi_port_log import PortLogError, PortLogReader
from models.axi_protocol import CHANNELS, AxiProtocolRules

NB = 4
CH = {spec.name: i for i, spec in enumerate(CHANNELS)}
WIDTH = {"awid": 8, "awaddr": 32, "awlen": 8, "awsize": 3, "awburst": 2, "wstrb": NB, "wlast": 1, "wdata": 8 * NB,
         "bid": 8, "bresp": 2, "rid": 8, "rresp": 2, "rlast": 1, "rdata": 8 * NB}
WIDTH.update({k.replace("aw", "ar"): v for k, v in WIDTH.items() if k.startswith("aw")})
FULL = (1 << NB) - 1


def addr(ch: str, address: int, beats: int, size: int = 2, burst: int = 1, axid: int = 0) -> tuple:
    return (ch, axid, address, beats - 1, size, burst)


def sampled(events: list[tuple]) -> AxiProtocolRules:
    """The reference: every handshake at its own edge, through ``step``."""
    rules = with_records()
    t = 0
    for ev in events:
        t += 10
        kind = ev[0]
        if kind in ("AW", "AR"):
            p = kind.lower()
            values = dict(zip((f"{p}id", f"{p}addr", f"{p}len", f"{p}size", f"{p}burst"), ev[1:]))
        elif kind == "W":
            values = {"wstrb": ev[1], "wlast": int(ev[2]), "wdata": 0}
        elif kind == "B":
            values = {"bid": ev[1], "bresp": ev[2]}
        else:
            values = {"rid": ev[1], "rresp": ev[2], "rlast": int(ev[3]), "rdata": 0}
        spec = CHANNELS[CH[kind]]
        payload = tuple(format(values[n], f"0{WIDTH[n]}b") for n in spec.control + spec.data)
        for ch in range(len(CHANNELS)):
            if ch == CH[kind]:
                rules.step(t, ch, "1", "1", payload)
            else:
                rules.step(t, ch, "0", None, None)
    return rules


def log_lines(events: list[tuple]) -> list[str]:
    """What the recorder writes for the same traffic: W and R beats as runs, at their last beat."""
    lines: list[str] = []
    w: list[int] = []
    r: list = []  # [id, beats, worst]
    t = 0
    for ev in events:
        t += 10
        kind = ev[0]
        if kind in ("AW", "AR"):
            axid, address, axlen, size, burst = ev[1:]
            lines.append(f"A {t} {CH[kind]} {axid:02x} {address:08x} {axlen:02x} {size:x} {burst:x}")
        elif kind == "B":
            lines.append(f"B {t} {ev[1]:02x} {ev[2]:x}")
        elif kind == "W":
            w.append(ev[1])
            if ev[2]:
                before = sum(s << (k * NB) for k, s in enumerate(w[:-1]))
                lines.append(f"W {t} {len(w):03x} 1 {before:0512x} {w[-1]:x}")
                w = []
        else:
            rid, rresp, last = ev[1:]
            if r and r[0] != rid:
                lines.append(f"R {t} {r[0]:02x} {r[1]:03x} 0 {r[2]:x}")
                r = []
            r = [rid, (r[1] if r else 0) + 1, max(rresp, r[2] if r else 0)]
            if last:
                lines.append(f"R {t} {r[0]:02x} {r[1]:03x} 1 {r[2]:x}")
                r = []
    assert not w and not r, "a scenario must end its W and R runs"
    return lines


def with_records() -> AxiProtocolRules:
    """Rules whose finished bursts collect in ``rules.records``."""
    rules = AxiProtocolRules(NB)
    rules.records: list[BurstRecord] = []
    rules.listeners.append(rules.records.append)
    return rules


def recorded(events: list[tuple], tmp_path: Path) -> AxiProtocolRules:
    path = tmp_path / "axi_port.log"
    path.write_text("".join(line + "\n" for line in log_lines(events)))
    rules = with_records()
    reader = PortLogReader(path, rules)
    assert reader.poll() == len(log_lines(events))
    return rules


def verdicts(rules: AxiProtocolRules) -> list[tuple[str, str]]:
    return [(v.channel, v.rule) for v in rules.violations]


def bursts(rules: AxiProtocolRules) -> list[tuple]:
    return [(r.direction, r.axid, r.address, r.beats, r.size, r.burst, r.resp, r.strobes, r.start_ns)
            for r in rules.records]


def ws(strobes: list[int], last_at_end: bool = True) -> list[tuple]:
    return [("W", s, last_at_end and k == len(strobes) - 1) for k, s in enumerate(strobes)]


SCENARIOS = {
    "legal full-width write and read": [addr("AW", 0x100, 4), *ws([FULL] * 4), ("B", 0, 0),
                                        addr("AR", 0x200, 3), ("R", 0, 0, False), ("R", 0, 2, False), ("R", 0, 0, True)],
    "W before its AW": [*ws([FULL, 0x3]), addr("AW", 0x40, 2), ("B", 0, 0)],
    "narrow INCR with a strobe off its lane": [addr("AW", 0x101, 3, size=0), *ws([0x2, 0x8, 0x8]), ("B", 0, 0)],
    "WRAP with sparse legal strobes": [addr("AW", 0x108, 4, burst=2), *ws([0x1, 0x4, 0x0, 0xF]), ("B", 0, 1)],
    "early WLAST": [addr("AW", 0x100, 4), *ws([FULL, FULL]), ("B", 0, 0)],
    "B before the last W beat, then an orphan B": [addr("AW", 0x100, 2), ("W", FULL, False), ("B", 0, 0),
                                                   ("W", FULL, True), ("B", 0, 0), ("B", 3, 0)],
    "illegal address fields": [addr("AW", 0xFF8, 4), *ws([FULL] * 4), ("B", 0, 0), addr("AR", 0x101, 3, burst=2),
                               ("R", 0, 2, False), ("R", 0, 2, False), ("R", 0, 2, True), addr("AR", 0, 1, size=3),
                               ("R", 0, 2, True)],
    "an orphan R and interleaved read IDs": [("R", 5, 0, True), addr("AR", 0x100, 2, axid=1),
                                             addr("AR", 0x200, 2, axid=2), ("R", 1, 0, False), ("R", 2, 0, False),
                                             ("R", 1, 0, True), ("R", 2, 3, True)],
    "RLAST late": [addr("AR", 0x100, 2), ("R", 0, 0, False), ("R", 0, 0, False), ("R", 0, 0, True)],
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_log_gives_the_verdicts_and_bursts_of_sampling_every_edge(name: str, tmp_path: Path) -> None:
    reference, from_log = sampled(SCENARIOS[name]), recorded(SCENARIOS[name], tmp_path)
    assert verdicts(from_log) == verdicts(reference)
    assert bursts(from_log) == bursts(reference)
    assert from_log.handshakes == reference.handshakes
    assert from_log.outstanding == reference.outstanding


def test_the_scenarios_break_the_rules_they_are_about(tmp_path: Path) -> None:
    seen = {name: {rule for _, rule in verdicts(recorded(events, tmp_path))} for name, events in SCENARIOS.items()}
    assert seen["legal full-width write and read"] == set()
    assert seen["W before its AW"] == set()
    assert seen["narrow INCR with a strobe off its lane"] == {"wstrb-lanes"}
    assert seen["WRAP with sparse legal strobes"] == set()
    assert seen["early WLAST"] == {"wlast", "beat-count"}
    assert seen["B before the last W beat, then an orphan B"] == {"b-before-wlast", "orphan-response"}
    assert seen["illegal address fields"] == {"4k-crossing", "wrap-unaligned", "wrap-length", "size-too-wide"}
    assert seen["an orphan R and interleaved read IDs"] == {"orphan-response"}
    assert seen["RLAST late"] == {"rlast", "beat-count"}


def test_per_cycle_breaks_and_reset_come_from_the_recorder(tmp_path: Path) -> None:
    path = tmp_path / "axi_port.log"
    path.write_text("A 10 2 00 00000100 01 2 1\nV 20 4 1\nV 30 2 0\nV 40 3 3\nZ 50\n")
    rules = AxiProtocolRules(NB)
    PortLogReader(path, rules).poll()
    assert [(v.time_ns, v.channel, v.rule) for v in rules.violations] == [
        (20, "AR", "payload-changed"), (30, "AW", "valid-dropped"), (40, "W", "x-control")]
    assert "ARVALID was high and ARREADY low" in rules.violations[0].detail
    assert rules.outstanding == {"write": 0, "read": 0}, "the reset record drops the AW outstanding"


def test_a_line_cut_short_waits_for_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "axi_port.log"
    path.write_text("A 10 2 00 00000100 00 2 1\nW 20 001 1 0")
    rules = AxiProtocolRules(NB)
    reader = PortLogReader(path, rules)
    assert reader.poll() == 1 and rules.outstanding["write"] == 1
    with open(path, "a") as f:
        f.write(" f\nB 30 00 0\n")
    assert reader.poll() == 2 and rules.outstanding["write"] == 0 and rules.violations == []


def test_a_reader_at_the_end_skips_earlier_records(tmp_path: Path) -> None:
    path = tmp_path / "axi_port.log"
    path.write_text("B 10 07 0\n")
    rules = AxiProtocolRules(NB)
    reader = PortLogReader.at_end(path, rules)
    assert reader.poll() == 0 and rules.violations == []


@pytest.mark.parametrize("line", ["Q 10", "B 10", "V 10 2 9", "A ten 2 0 0 0 0 0"])
def test_a_line_not_in_the_recorders_format_is_refused_naming_it(line: str, tmp_path: Path) -> None:
    path = tmp_path / "axi_port.log"
    path.write_text(line + "\n")
    with pytest.raises(PortLogError, match="is not a record of the port recorder") as info:
        PortLogReader(path, AxiProtocolRules(NB)).poll()
    assert repr(line) in str(info.value)
