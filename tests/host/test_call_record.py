"""The engine comparisons' record of a run: every call's results, and where two traces part."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from models.axi import Resp
from tb.call_record import CallRecorder, first_difference


@dataclass
class Xfer:
    resps: list[Resp]
    cycles: int
    data: bytes = b""


class FakeEngine:
    """An engine that answers every call at once and remembers the arguments it was given."""

    bus_bytes = 4

    def __init__(self) -> None:
        self.args: list[tuple] = []

    async def write(self, bursts, *args, **kwargs) -> Xfer:
        self.args.append(("write", args, kwargs))
        return Xfer([Resp.OKAY] * len(bursts), 7)

    async def write_beats(self, bursts, *args, **kwargs) -> Xfer:
        self.args.append(("write_beats", args, kwargs))
        return Xfer([Resp.SLVERR] * len(bursts), 3)

    async def read(self, bursts, *args, **kwargs) -> Xfer:
        self.args.append(("read", args, kwargs))
        return Xfer([Resp.DECERR], 5, b"\x01\xab")


def test_each_call_is_kept_with_its_kind_bursts_responses_cycles_and_read_data():
    engine = FakeEngine()
    rec = CallRecorder(engine)
    asyncio.run(rec.write(["b0", "b1"], b"data"))
    asyncio.run(rec.write_beats(["b0"], print, axid=3))
    asyncio.run(rec.read(["b0"], 2))
    assert rec.calls == [
        {"kind": "write", "bursts": 2, "resps": [int(Resp.OKAY)] * 2, "cycles": 7, "data": ""},
        {"kind": "write", "bursts": 1, "resps": [int(Resp.SLVERR)], "cycles": 3, "data": ""},
        {"kind": "read", "bursts": 1, "resps": [int(Resp.DECERR)], "cycles": 5, "data": "01ab"},
    ]
    assert rec.bus_bytes == 4


def test_the_arguments_reach_the_engine_unchanged():
    engine = FakeEngine()
    rec = CallRecorder(engine)
    asyncio.run(rec.write(["b0"], b"xy", 5))
    asyncio.run(rec.read(["b0"], 2, axid=1))
    assert engine.args == [("write", (b"xy", 5), {}), ("read", (2,), {"axid": 1})]


def test_the_first_difference_names_its_index_and_both_items():
    assert first_difference([(0, "a"), (1, "b")], [(0, "a"), (2, "b")], "handshake") == \
        "handshake 1: pin (1, 'b') / fast (2, 'b')"


def test_a_trace_that_stops_early_is_told_by_its_length():
    assert first_difference([1, 2, 3], [1, 2]) == "pin recorded 3 events, fast 2"
