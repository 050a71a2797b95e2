"""The host reports each NDIS call to its trace while the call runs (the waveform's call row)."""

from __future__ import annotations

import asyncio

import pytest

from models.verifier import NdisVerifierError
from tb.ndis import NdisHost, Out, call_text
from tests.host.model_bus import isa_host


class Recorder:
    """A trace that keeps every text it was told."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, text: str) -> None:
        self.texts.append(text)


def test_a_write_shows_its_name_address_and_length_while_its_bursts_run():
    host, ctx, _, bus = isa_host()
    shown: list[tuple[str, int]] = []
    host.trace = lambda text: shown.append((text, len(bus.bursts)))
    asyncio.run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0000, bytes(1514), 1514))
    assert shown == [("NdisImmediateWriteSharedMemory 0xd0000 1514", 0), ("", len(bus.bursts))]
    assert bus.bursts


def test_a_read_is_shown_under_its_own_name():
    host, ctx, _, bus = isa_host()
    rec = Recorder()
    host.trace = rec
    asyncio.run(host.NdisImmediateReadSharedMemory(ctx, 0xD0010, bytearray(16), 16))
    assert rec.texts == ["NdisImmediateReadSharedMemory 0xd0010 16", ""]


def test_the_mapped_path_shows_each_call_with_its_virtual_address():
    host, ctx, _, bus = isa_host()
    rec = Recorder()
    host.trace = rec
    va = Out[int]()

    async def calls() -> None:
        await host.NdisMMapIoSpace(va, ctx, 0xD0000, 4096)
        await host.NdisMoveToMappedMemory(va.value + 8, b"abcd", 4)
        await host.NdisMUnmapIoSpace(ctx, va.value, 4096)

    asyncio.run(calls())
    assert rec.texts[0] == "NdisMMapIoSpace 0xd0000 4096" and rec.texts[1] == ""
    assert rec.texts[2] == f"NdisMoveToMappedMemory 0x{va.value + 8:x} 4" and rec.texts[3] == ""
    assert rec.texts[4] == f"NdisMUnmapIoSpace 0x{va.value:x} 4096" and rec.texts[5] == ""


def test_a_refused_call_is_cleared_from_the_trace_too():
    host, ctx, _, bus = isa_host()
    rec = Recorder()
    host.trace = rec
    with pytest.raises(NdisVerifierError):
        asyncio.run(host.NdisImmediateWriteSharedMemory(ctx, 0xC0000, b"x" * 8, 8))
    assert rec.texts == ["NdisImmediateWriteSharedMemory 0xc0000 8", ""]


def test_a_call_made_inside_another_shows_both_until_it_returns():
    class Nested(NdisHost):
        async def NdisOuterCall(self, ctx, SharedMemoryAddress: int, Length: int) -> None:
            await self.NdisImmediateWriteSharedMemory(ctx, SharedMemoryAddress, bytes(Length), Length)

    _, ctx, _, bus = isa_host()
    plain, *_ = isa_host()
    host = Nested(plain.hal, plain.mm, bus)
    rec = Recorder()
    host.trace = rec
    asyncio.run(host.NdisOuterCall(ctx, 0xD0100, 32))
    assert rec.texts == [
        "NdisOuterCall 0xd0100 32",
        "NdisOuterCall 0xd0100 32 > NdisImmediateWriteSharedMemory 0xd0100 32",
        "NdisOuterCall 0xd0100 32",
        "",
    ]


def test_without_a_trace_the_calls_run_as_before():
    host, ctx, ram, _ = isa_host()
    asyncio.run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0000, b"\x5a" * 4, 4))
    assert ram.read(0xD0000, 4) == b"\x5a" * 4 and host._trace_stack == []


def test_the_text_shows_lengths_in_decimal_and_the_other_integers_in_hex():
    assert call_text("NdisRawWritePortBufferUshort", {"Port": 0x310, "Buffer": b"..", "Length": 757}) == (
        "NdisRawWritePortBufferUshort 0x310 757"
    )
    assert call_text("NdisWriteRegisterUlong", {"Register": 0x1000, "Data": 255, "flag": True}) == (
        "NdisWriteRegisterUlong 0x1000 0xff"
    )


def test_a_call_a_subclass_takes_over_unchanged_is_shown_once():
    class Reuses(NdisHost):
        NdisImmediateWriteSharedMemory = NdisHost.NdisImmediateWriteSharedMemory

    plain, ctx, _, bus = isa_host()
    host = Reuses(plain.hal, plain.mm, bus)
    rec = Recorder()
    host.trace = rec
    asyncio.run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0000, b"ab", 2))
    assert rec.texts == ["NdisImmediateWriteSharedMemory 0xd0000 2", ""]


def test_only_the_ndis_calls_are_shown_not_the_coroutines_they_run_on():
    class Helped(NdisHost):
        async def _helper(self, ctx, address: int) -> None:
            await self.NdisImmediateWriteSharedMemory(ctx, address, b"ab", 2)

        async def NdisOuterCall(self, ctx, SharedMemoryAddress: int) -> None:
            await self._helper(ctx, SharedMemoryAddress)

    plain, ctx, _, bus = isa_host()
    host = Helped(plain.hal, plain.mm, bus)
    rec = Recorder()
    host.trace = rec
    asyncio.run(host.NdisOuterCall(ctx, 0xD0000))
    assert rec.texts == [
        "NdisOuterCall 0xd0000",
        "NdisOuterCall 0xd0000 > NdisImmediateWriteSharedMemory 0xd0000 2",
        "NdisOuterCall 0xd0000",
        "",
    ]
