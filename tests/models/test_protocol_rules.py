"""The protocol rule engine on hand-made samples (no simulator): edges of each rule."""

from __future__ import annotations

import pytest

from models.axi import BurstRecord
from models.axi_protocol import CHANNELS, RULES, AxiProtocolRules

NB = 4  # a 32-bit bus
CH = {spec.name: i for i, spec in enumerate(CHANNELS)}
WIDTH = {"awid": 8, "awaddr": 32, "awlen": 8, "awsize": 3, "awburst": 2, "wstrb": NB, "wlast": 1, "wdata": 8 * NB,
         "bid": 8, "bresp": 2, "rid": 8, "rresp": 2, "rlast": 1, "rdata": 8 * NB}
WIDTH.update({k.replace("aw", "ar"): v for k, v in WIDTH.items() if k.startswith("aw")})


class Bus:
    """Feeds one channel at a time to the engine, an edge every 10 ns."""

    def __init__(self) -> None:
        self.rules = AxiProtocolRules(NB)
        self.records: list[BurstRecord] = []
        self.rules.listeners.append(self.records.append)
        self.t = 0.0

    def edge(self, **channels: tuple) -> None:
        """``AW=(valid, ready, {signal: int})`` etc.; channels not given have VALID low."""
        self.t += 10
        for spec in CHANNELS:
            if spec.name not in channels:
                self.rules.step(self.t, CH[spec.name], "0", None, None)
                continue
            valid, ready, values = channels[spec.name]
            names = spec.control + spec.data
            payload = tuple(
                v if isinstance(v := values.get(n, 0), str) else format(v, f"0{WIDTH[n]}b") for n in names
            )
            self.rules.step(self.t, CH[spec.name], valid, ready, payload)

    def rules_seen(self) -> list[tuple[str, str]]:
        return [(v.channel, v.rule) for v in self.rules.violations]


def aw(addr=0x100, beats=1, size=2, burst=1, axid=0):
    return dict(awid=axid, awaddr=addr, awlen=beats - 1, awsize=size, awburst=burst)


def ar(addr=0x100, beats=1, size=2, burst=1, axid=0):
    return dict(arid=axid, araddr=addr, arlen=beats - 1, arsize=size, arburst=burst)


def test_every_rule_has_a_description():
    assert all(RULES.values())
    assert len(RULES) == 15


def test_waiting_with_a_stable_payload_is_legal_and_a_change_is_not():
    bus = Bus()
    for _ in range(3):
        bus.edge(AW=("1", "0", aw()))
    assert bus.rules_seen() == []
    bus.edge(AW=("1", "0", aw(addr=0x104)))
    assert bus.rules_seen() == [("AW", "payload-changed")]
    assert "AWADDR changed" in bus.rules.violations[0].detail


def test_valid_may_drop_after_its_handshake_but_not_before():
    bus = Bus()
    bus.edge(AR=("1", "1", ar()))
    bus.edge()
    assert bus.rules_seen() == []
    bus.edge(AR=("1", "0", ar()))
    bus.edge()
    assert bus.rules_seen() == [("AR", "valid-dropped")]
    assert bus.rules.violations[0].time_ns == bus.t


@pytest.mark.parametrize("addr, beats, size, crosses", [
    (0xFF0, 4, 2, False),   # ends exactly at the boundary
    (0xFF0, 5, 2, True),
    (0xFFF, 1, 2, False),   # one unaligned beat owns up to the end of its container
    (0xFFF, 2, 2, True),
    (0x1C00, 256, 2, False),  # 1 KiB up to the boundary
    (0x1C04, 256, 2, True),
])
def test_4k_crossing_counts_from_the_aligned_start(addr, beats, size, crosses):
    bus = Bus()
    bus.edge(AW=("1", "1", aw(addr=addr, beats=beats, size=size)))
    assert ("AW", "4k-crossing") in bus.rules_seen() if crosses else bus.rules_seen() == []


def test_w_beats_before_their_address_are_judged_when_it_comes():
    bus = Bus()
    bus.edge(W=("1", "1", dict(wstrb=0xF, wlast=0)))
    bus.edge(W=("1", "1", dict(wstrb=0xF, wlast=0)))  # WLAST missing on beat 1 of a 2-beat burst
    assert bus.rules_seen() == []
    bus.edge(AW=("1", "1", aw(beats=2)))
    assert bus.rules_seen() == [("W", "wlast")]
    assert bus.rules.violations[0].time_ns == 20, "reported at the beat's own edge"


def test_write_record_carries_strobes_and_response():
    bus = Bus()
    bus.edge(AW=("1", "1", aw(addr=0x101, beats=2, size=0, axid=3)))
    bus.edge(W=("1", "1", dict(wstrb=0b10, wlast=0)))
    bus.edge(W=("1", "1", dict(wstrb=0b100, wlast=1)))
    bus.edge(B=("1", "1", dict(bid=3, bresp=2)))
    assert bus.rules_seen() == []
    (rec,) = bus.records
    assert (rec.direction, rec.axid, rec.address, rec.beats, rec.size, rec.resp, rec.strobes) == (
        "write", 3, 0x101, 2, 0, 2, (0b10, 0b100))


def test_reads_of_different_ids_may_interleave_but_not_within_an_id():
    bus = Bus()
    bus.edge(AR=("1", "1", ar(beats=2, axid=1)))
    bus.edge(AR=("1", "1", ar(beats=1, axid=2)))
    bus.edge(R=("1", "1", dict(rid=1, rlast=0)))
    bus.edge(R=("1", "1", dict(rid=2, rlast=1, rresp=3)))
    bus.edge(R=("1", "1", dict(rid=1, rlast=1)))
    assert bus.rules_seen() == []
    assert [(r.axid, r.resp) for r in bus.records] == [(2, 3), (1, 0)]
    bus.edge(R=("1", "1", dict(rid=1, rlast=1)))
    assert bus.rules_seen() == [("R", "orphan-response")]


def test_x_on_data_is_allowed_on_control_it_is_not():
    bus = Bus()
    bus.edge(W=("1", "0", dict(wstrb=0xF, wlast=1, wdata="x" * 32)))
    assert bus.rules_seen() == []
    bus.edge(W=("1", "0", dict(wstrb="xxzz", wlast=1, wdata="x" * 32)))
    assert [r for _, r in bus.rules_seen()] == ["x-control", "payload-changed"]
    assert "WSTRB='xxzz'" in bus.rules.violations[0].detail
    bus = Bus()
    bus.edge(B=("z", "1", {}))
    assert bus.rules_seen() == [("B", "x-control")]


def test_reset_drops_outstanding_state():
    bus = Bus()
    bus.edge(AW=("1", "1", aw(beats=4, axid=5)))
    bus.edge(W=("1", "1", dict(wstrb=0xF, wlast=0)))
    bus.edge(AR=("1", "0", ar()))
    bus.rules.reset()
    assert bus.rules.outstanding == {"write": 0, "read": 0}
    bus.edge()  # VALID low after reset: not a drop
    bus.edge(B=("1", "1", dict(bid=5)))
    assert bus.rules_seen() == [("B", "orphan-response")]


def test_bus_width_is_checked():
    with pytest.raises(ValueError, match="power of two from 1 to 128, got 3"):
        AxiProtocolRules(3)
