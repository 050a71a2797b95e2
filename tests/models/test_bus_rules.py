"""Every Wishbone and Avalon-MM protocol rule fires on a trace that breaks it, and a clean trace breaks none.

The traces are edge-by-edge port samples fed to the pure rule engines; ``tests/sim/bus_protocol.py``
breaks the master-side rules again on the RTL's real port.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from models import avalon, wishbone
from models.avalon import AvalonRules, AvSample
from models.wishbone import WbSample, WishboneRules

IDLE = WbSample(rst=0, cyc=0, stb=0, we=0, adr=0, sel=0xF, cti=0, bte=0, stall=0, ack=0, err=0)


def wb(**kw) -> WbSample:
    return replace(IDLE, **kw)


def req(adr: int, cti: int = 0b111, **kw) -> WbSample:
    return wb(cyc=1, stb=1, adr=adr, cti=cti, **kw)


def run_wb(trace: list[WbSample], mode: str = "pipelined") -> list[str]:
    rules = WishboneRules(4, mode)
    for t, s in enumerate(trace):
        rules.step(float(t), s)
    return [v.rule for v in rules.violations]


WB_CLEAN = [
    wb(cyc=1),
    req(0x100, 0b010),  # taken
    req(0x104, 0b010, ack=1),
    req(0x108, 0b111, ack=1),  # last beat, End-Of-Burst
    req(0x200, 0b111, stall=1, ack=1),  # next request stalled (the slave's bubble after End-Of-Burst)
    req(0x200, 0b111, ack=0),  # taken
    wb(cyc=1, ack=1),
    wb(),
    # a standard-mode master holding STB until ACK: the stalled edge is the same transfer
    req(0x300, 0b000),
    req(0x300, 0b000, stall=1, ack=1),
    wb(),
]

WB_BROKEN = {
    "rule-3.20-reset": [wb(rst=1), wb(rst=1, cyc=1, stb=1)],
    "rule-3.25-cyc": [wb(stb=1)],
    "rule-3.35-termination": [wb(cyc=1, ack=1)],
    "rule-3.45-one-termination": [req(0x100), wb(cyc=1, ack=1, err=1)],
    "rule-4.30-end-of-burst": [req(0x100, 0b010), wb(cyc=1, ack=1), wb()],
    "rule-4.35-constant-burst": [req(0x100, 0b001), req(0x104, 0b111, ack=1), wb(cyc=1, ack=1)],
    "rule-4.40-incrementing-burst": [req(0x100, 0b010), req(0x104, 0b111, sel=0x3, ack=1), wb(cyc=1, ack=1)],
    "cti-reserved": [req(0x100, 0b011), wb(cyc=1, ack=1)],
    "pipelined-stall-hold": [req(0x100, stall=1), req(0x104, stall=0)],
    "pipelined-cyc-held": [req(0x100), wb()],
    "x-control": [wb(cyc=None)],
}


#: A standard-mode master: a registered-feedback burst answered a beat per clock (with a master
#: wait state inside it), then a CTI 000 transfer answered in the cycle after it was presented.
WB_CLASSIC_CLEAN = [
    wb(cyc=1),
    req(0x100, 0b010),  # presented
    req(0x100, 0b010, ack=1),  # held until its ACK
    req(0x104, 0b010, ack=1),  # the next beat, answered at once
    wb(cyc=1),  # master wait state
    req(0x108, 0b010, ack=1),
    req(0x10C, 0b111, ack=1),  # End-Of-Burst
    wb(),
    req(0x300, 0b000),
    req(0x300, 0b000, stall=1, ack=1),
    wb(),
]

#: Rules broken by a standard-mode master or by the slave answering one.
WB_CLASSIC_BROKEN = {
    "classic-request-held": [req(0x100, 0b010), req(0x104, 0b010, ack=1), wb()],
    "rule-3.35-termination": [req(0x100), wb(cyc=1, ack=1), wb()],
    "rule-4.30-end-of-burst": [req(0x100, 0b010, ack=1), wb()],
    "rule-4.40-incrementing-burst": [req(0x100, 0b010, ack=1), req(0x108, 0b111, ack=1), wb()],
    "rule-3.45-one-termination": [req(0x100, ack=1, err=1), wb()],
}


def test_clean_wishbone_trace_breaks_no_rule() -> None:
    assert run_wb(WB_CLEAN) == []


def test_clean_classic_wishbone_trace_breaks_no_rule() -> None:
    assert run_wb(WB_CLASSIC_CLEAN, "classic") == []


def test_every_wishbone_rule_has_a_breaking_trace() -> None:
    assert sorted(set(WB_BROKEN) | set(WB_CLASSIC_BROKEN)) == sorted(wishbone.RULES)


@pytest.mark.parametrize("rule", sorted(WB_CLASSIC_BROKEN))
def test_wishbone_classic_rule_fires(rule: str) -> None:
    assert rule in run_wb(WB_CLASSIC_BROKEN[rule], "classic")


def test_a_classic_master_stopping_before_the_answer_breaks_the_hold_rule() -> None:
    assert run_wb([req(0x100), wb(cyc=1), wb()], "classic") == ["classic-request-held"]


def test_classic_listener_gets_whole_bursts_at_their_answers() -> None:
    rules = WishboneRules(4, "classic")
    seen = []
    rules.listeners.append(seen.append)
    for t, s in enumerate(WB_CLASSIC_CLEAN):
        rules.step(float(t), s)
    assert [[x.address for x in burst] for burst in seen] == [[0x100, 0x104, 0x108, 0x10C], [0x300]]
    assert all(x.classic and not x.err and not x.stalled for burst in seen for x in burst)


def test_an_unknown_rule_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="mode='standard'.*allowed: pipelined, classic"):
        WishboneRules(4, "standard")


@pytest.mark.parametrize("rule", sorted(WB_BROKEN))
def test_wishbone_rule_fires(rule: str) -> None:
    assert rule in run_wb(WB_BROKEN[rule])


def test_wishbone_listener_gets_whole_bursts() -> None:
    rules = WishboneRules(4)
    seen = []
    rules.listeners.append(seen.append)
    for t, s in enumerate(WB_CLEAN):
        rules.step(float(t), s)
    assert [[x.address for x in burst] for burst in seen] == [[0x100, 0x104, 0x108], [0x200], [0x300]]
    assert all(not x.err for burst in seen for x in burst)


AV_IDLE = AvSample(rst=0, read=0, write=0, address=0, burstcount=1, byteenable=0xF, writedata=0, waitrequest=0,
                   readdatavalid=0, writeresponsevalid=0, response=0)


def av(**kw) -> AvSample:
    return replace(AV_IDLE, **kw)


def run_av(trace: list[AvSample], pending: int = 2) -> list[str]:
    rules = AvalonRules(4, 16, pending)
    for t, s in enumerate(trace):
        rules.step(float(t), s)
    return [v.rule for v in rules.violations]


AV_CLEAN = [
    av(write=1, address=0x100, burstcount=3, writedata=1),
    av(write=1, address=0x100, burstcount=3, writedata=2, waitrequest=1),
    av(write=1, address=0x100, burstcount=3, writedata=2),
    av(write=1, address=0x100, burstcount=3, writedata=3),
    av(writeresponsevalid=1),
    av(read=1, address=0x200, burstcount=2),
    av(readdatavalid=1),
    av(readdatavalid=1, response=3),
    av(),
]

AV_BROKEN = {
    "waitrequest-hold": [av(read=1, address=0x100, waitrequest=1), av(read=1, address=0x104)],
    "read-and-write": [av(read=1, write=1)],
    "address-alignment": [av(read=1, address=0x102), av(readdatavalid=1)],
    "burstcount-range": [av(read=1, address=0x100, burstcount=17)],
    "burst-boundary": [av(read=1, address=0x138, burstcount=4)],
    "write-burst-interrupted": [av(write=1, address=0x100, burstcount=2), av(read=1, address=0x100)],
    "readdatavalid-unrequested": [av(readdatavalid=1)],
    "writeresponse-unrequested": [av(writeresponsevalid=1)],
    "response-reserved": [av(read=1, address=0x100), av(readdatavalid=1, response=1)],
    "max-pending-reads": [av(read=1, address=0x100), av(read=1, address=0x104), av(read=1, address=0x108)],
    "x-control": [av(read=None)],
}


def test_clean_avalon_trace_breaks_no_rule() -> None:
    assert run_av(AV_CLEAN) == []


def test_every_avalon_rule_has_a_breaking_trace() -> None:
    assert sorted(AV_BROKEN) == sorted(avalon.RULES)


@pytest.mark.parametrize("rule", sorted(AV_BROKEN))
def test_avalon_rule_fires(rule: str) -> None:
    assert rule in run_av(AV_BROKEN[rule])


def test_avalon_listener_gets_bursts_with_their_response() -> None:
    rules = AvalonRules(4, 16, 2)
    seen = []
    rules.listeners.append(seen.append)
    for t, s in enumerate(AV_CLEAN):
        rules.step(float(t), s)
    assert [(r.write, r.address, r.burstcount, r.response, r.waited) for r in seen] == [
        (True, 0x100, 3, 0, False),
        (False, 0x200, 2, 3, False),
    ]
