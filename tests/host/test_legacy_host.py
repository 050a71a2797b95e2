"""The legacy host's calls (tb.legacy.host.LegacyNdisHost) at their edges, on buses that are the legacy
NIC's model: the port I/O it does for each call (port, width, value, order), what a failure says and
leaves behind, the register calls on a mapping, the resource query, and the port path of the
immediate shared-memory calls."""

from __future__ import annotations

import asyncio

import pytest

from models.axi import Resp, Transfer
from models.legacy import (
    CTRL_MEMENB,
    CTRL_WTS,
    PORT_RANGE_BYTES,
    RCMD_READ,
    RCMD_WRITE,
    RISR_RDC,
    LegacyConfig,
    LegacyNicModel,
    Off,
)
from models.platform import (
    AddressSpace,
    BusAperture,
    CmResourceType,
    Hal,
    InterfaceType,
    MemoryManager,
    ResourceRange,
    WrapperConfigurationContext,
    isa_io_memory_platform,
    isa_platform,
)
from models.verifier import NdisVerifierError
from tb.legacy.host import LegacyNdisHost
from tb.legacy.remote_dma import RemoteDmaError
from tb.ndis import BusError, CallRecord, NdisStatus, Out, SilentFailure
from tests.host.legacy_model import ModelPorts, ModelWindow, PortIo

CFG = LegacyConfig(ram_bytes=16384, window_bytes=8192, base_addr=0xD0000, port_base=0x300, data_width=16)
FILL = 0xEE
UNMAPPED = CFG.port(0x06)  # a port of the block with no register: the adapter answers DECERR


def run(coro):
    return asyncio.run(coro)


def model() -> LegacyNicModel:
    return LegacyNicModel(CFG, bytes([FILL]) * CFG.ram_bytes)


def memory_host(m: LegacyNicModel, **kwargs) -> tuple[LegacyNdisHost, WrapperConfigurationContext, ModelPorts, ModelWindow]:
    """The host of an adapter whose memory is a window in ISA memory space."""
    hal, ctx = isa_platform(window_base=CFG.base_addr, window_bytes=CFG.window_bytes, port_base=CFG.port_base)
    ports, window = ModelPorts(m), ModelWindow(m)
    return LegacyNdisHost(hal, MemoryManager(), window, ports=ports, **kwargs), ctx, ports, window


def port_host(m: LegacyNicModel, port_bytes: int = PORT_RANGE_BYTES, **kwargs):
    """The host of an adapter whose memory the host reaches through I/O space (remote DMA)."""
    hal, ctx = isa_io_memory_platform(memory_base=CFG.base_addr, memory_bytes=CFG.ram_bytes,
                                      port_base=CFG.port_base, port_bytes=port_bytes)
    ports, window = ModelPorts(m), ModelWindow(m)
    return LegacyNdisHost(hal, MemoryManager(), window, ports=ports, **kwargs), ctx, ports, window


def translated_ports_host(m: LegacyNicModel, io_space: AddressSpace, offset: int):
    """A host whose HAL shows ISA port ``p`` as ``p + offset`` in host ``io_space``."""
    hal = Hal([
        BusAperture(InterfaceType.Isa, 0, AddressSpace.MEMORY, 0, 1 << 24, AddressSpace.MEMORY, 0),
        BusAperture(InterfaceType.Isa, 0, AddressSpace.IO, 0, 1 << 16, io_space, offset),
    ])
    _, ctx = isa_platform(window_base=CFG.base_addr, window_bytes=CFG.window_bytes, port_base=CFG.port_base)
    ports = ModelPorts(m, host_offset=offset)
    return LegacyNdisHost(hal, MemoryManager(), ModelWindow(m), ports=ports), ctx, ports


def memory_only_hal_host(m: LegacyNicModel):
    """A host whose HAL translates no ISA port at all."""
    hal = Hal([BusAperture(InterfaceType.Isa, 0, AddressSpace.MEMORY, 0, 1 << 24, AddressSpace.MEMORY, 0)])
    _, ctx = isa_platform(window_base=CFG.base_addr, window_bytes=CFG.window_bytes, port_base=CFG.port_base)
    ports = ModelPorts(m)
    return LegacyNdisHost(hal, MemoryManager(), ModelWindow(m), ports=ports), ctx, ports


def start_remote(m: LegacyNicModel, command: int, address: int, count: int, word_mode: bool = False) -> None:
    """Program a remote-DMA transfer on the model directly (as the driver would)."""
    m.io_write(CFG.port(Off.CTRL), CTRL_WTS if word_mode else 0, 1)
    m.io_write(CFG.port(Off.RBCR0), count, 2)
    m.io_write(CFG.port(Off.RSAR0), address, 2)
    m.io_write(CFG.port(Off.RCMD), command, 1)


def rule_of(call) -> str:
    with pytest.raises(NdisVerifierError) as err:
        run(call)
    return err.value.violation.rule


# ---------------------------------------------------------------- port I/O: what reaches the ports


@pytest.mark.parametrize("call, data", [("NdisRawReadPortUchar", Out(0)), ("NdisRawWritePortUchar", 0)])
def test_a_raw_port_call_on_a_host_without_a_port_bus_names_the_call(call, data):
    hal, _ = isa_platform()
    host = LegacyNdisHost(hal, MemoryManager(), ModelWindow(model()))
    with pytest.raises(RuntimeError, match=rf"^{call}: this host has no port bus \(LegacyNdisHost\(ports=\.\.\.\)\)$"):
        run(getattr(host, call)(CFG.port(Off.ID), data))


@pytest.mark.parametrize("call, width", [("NdisRawWritePortUchar", 1), ("NdisRawWritePortUshort", 2), ("NdisRawWritePortUlong", 4)])
def test_a_raw_port_write_is_one_out_of_its_width(call, width):
    host, _, ports, _ = memory_host(model())
    run(getattr(host, call)(CFG.port(Off.RSAR0), 0x11))
    assert ports.log == [PortIo(True, CFG.port(Off.RSAR0), width, 0x11, Resp.OKAY)]


@pytest.mark.parametrize("call, width", [("NdisRawReadPortUchar", 1), ("NdisRawReadPortUshort", 2), ("NdisRawReadPortUlong", 4)])
def test_a_raw_port_read_is_one_in_of_its_width_and_stores_the_value(call, width):
    m = model()
    m.io_write(CFG.port(Off.RSAR0), 0x12345678 & 0x3FFF, 2)
    m.io_write(CFG.port(Off.RBCR0), 0x1234, 2)
    host, _, ports, _ = memory_host(m)
    got = Out(0)
    run(getattr(host, call)(CFG.port(Off.RSAR0), got))
    expected = (0x1234_0000 | (0x12345678 & 0x3FFF)) & ((1 << 8 * width) - 1)
    assert got.value == expected
    assert ports.log == [PortIo(False, CFG.port(Off.RSAR0), width, expected, Resp.OKAY)]


def test_every_port_access_is_counted_in_port_calls():
    host, _, _, _ = memory_host(model())
    assert host.port_calls == 0
    run(host.NdisRawWritePortUchar(CFG.port(Off.RBCR0), 1))
    run(host.NdisRawReadPortUshort(CFG.port(Off.RBCR0), Out(0)))
    assert host.port_calls == 2


def test_a_port_access_the_adapter_refuses_is_counted_too():
    host, _, _, _ = memory_host(model())
    with pytest.raises(BusError):
        run(host.NdisRawWritePortUchar(UNMAPPED, 1))
    assert host.port_calls == 1


def test_a_port_write_the_adapter_refuses_raises_naming_the_port_the_response_the_width_and_the_value():
    host, _, _, _ = memory_host(model())
    with pytest.raises(BusError) as err:
        run(host.NdisRawWritePortUshort(UNMAPPED, 0xBEEF))
    assert str(err.value) == "NdisRawWritePortUshort: port 0x0306 answered DECERR to a 2-byte write of 0xbeef"


def test_a_port_read_the_adapter_refuses_raises_naming_the_port_the_response_and_the_width():
    host, _, _, _ = memory_host(model())
    got = Out(7)
    with pytest.raises(BusError) as err:
        run(host.NdisRawReadPortUchar(UNMAPPED, got))
    assert str(err.value) == "NdisRawReadPortUchar: port 0x0306 answered DECERR to a 1-byte read"
    assert got.value == 7


def test_raw_port_calls_need_no_adapter_resource_for_their_port():
    # no context: a port outside the adapter's range is not a verifier matter; the bus answers
    host, _, ports, _ = memory_host(model())
    with pytest.raises(BusError, match="DECERR"):
        run(host.NdisRawReadPortUchar(CFG.port_base + PORT_RANGE_BYTES, Out(0)))
    assert len(ports.log) == 1


@pytest.mark.parametrize(
    "call, port, data, rule",
    [
        ("NdisRawWritePortUshort", 0x305, 1, "port-misaligned"),
        ("NdisRawWritePortUchar", 0x10000, 1, "port-type"),
        ("NdisRawWritePortUchar", 0x304, 0x100, "data-too-wide"),
        ("NdisRawWritePortUlong", 0x304, 1 << 32, "data-too-wide"),
    ],
)
def test_a_bad_raw_port_write_is_refused_before_any_port_access(call, port, data, rule):
    host, _, ports, _ = memory_host(model())
    assert rule_of(getattr(host, call)(port, data)) == rule
    assert ports.log == []


def test_a_refused_raw_port_read_with_the_verifier_off_leaves_data_alone_and_is_recorded():
    host, _, ports, _ = memory_host(model(), verifier=False)
    got = Out(0x5A)
    run(host.NdisRawReadPortUlong(0x302, got))
    assert got.value == 0x5A and ports.log == []
    assert [(f.call, f.rule) for f in host.failures] == [("NdisRawReadPortUlong", "port-misaligned")]


def test_raw_port_calls_are_not_recorded_as_calls():
    host, _, _, _ = memory_host(model())
    run(host.NdisRawWritePortUchar(CFG.port(Off.RBCR0), 1))
    assert host.calls == []


# ---------------------------------------------------------------- immediate port calls


def test_an_immediate_port_call_records_its_call_the_bus_relative_port_and_the_width():
    host, ctx, _, _ = memory_host(model())
    run(host.NdisImmediateWritePortUshort(ctx, CFG.port(Off.RBCR0), 0x0102))
    run(host.NdisImmediateReadPortUchar(ctx, CFG.port(Off.ID), Out(0)))
    assert host.calls == [CallRecord("NdisImmediateWritePortUshort", CFG.port(Off.RBCR0), 2),
                          CallRecord("NdisImmediateReadPortUchar", CFG.port(Off.ID), 1)]


def test_an_immediate_port_write_goes_to_the_host_port_the_hal_translates_it_to():
    m = model()
    host, ctx, ports = translated_ports_host(m, AddressSpace.IO, 0x1000)
    run(host.NdisImmediateWritePortUchar(ctx, CFG.port(Off.RBCR0), 0x42))
    assert ports.log == [PortIo(True, 0x1000 + CFG.port(Off.RBCR0), 1, 0x42, Resp.OKAY)]
    assert m.register(Off.RBCR0) == 0x42


def test_an_immediate_port_read_comes_from_the_host_port_the_hal_translates_it_to():
    host, ctx, ports = translated_ports_host(model(), AddressSpace.IO, 0x1000)
    got = Out(0)
    run(host.NdisImmediateReadPortUlong(ctx, CFG.port(Off.ID), got))
    assert [(io.port, io.width) for io in ports.log] == [(0x1000 + CFG.port(Off.ID), 4)]
    assert got.value & 0xFF == 0x57


@pytest.mark.parametrize("call", ["NdisImmediateWritePortUchar", "NdisImmediateReadPortUchar"])
def test_an_immediate_port_call_whose_port_translates_to_no_io_range_fails_naming_the_port_and_the_bus(call):
    host, ctx, ports = memory_only_hal_host(model())
    with pytest.raises(NdisVerifierError) as err:
        run(getattr(host, call)(ctx, CFG.port(Off.RBCR0), Out(0) if "Read" in call else 1))
    assert err.value.violation.rule == "translation-failed"
    assert err.value.violation.message == f"{call}: Port=0x030a on Isa bus 0 translates to no I/O range"
    assert ports.log == []


def test_an_immediate_port_call_whose_port_translates_to_memory_space_fails():
    host, ctx, ports = translated_ports_host(model(), AddressSpace.MEMORY, 0)
    with pytest.raises(NdisVerifierError) as err:
        run(host.NdisImmediateWritePortUchar(ctx, CFG.port(Off.RBCR0), 1))
    assert err.value.violation.message.endswith(
        "translates to memory space, which this host does not reach ports through")
    assert ports.log == []


def test_an_untranslatable_immediate_port_read_with_the_verifier_off_leaves_data_alone_and_records_no_call():
    host, ctx, _ = memory_only_hal_host(model())
    host.verifier = False
    got = Out(0x5A)
    run(host.NdisImmediateReadPortUshort(ctx, CFG.port(Off.RBCR0), got))
    assert got.value == 0x5A and host.calls == []
    assert [f.rule for f in host.failures] == ["translation-failed"]


def test_an_immediate_port_call_refused_with_the_verifier_off_makes_no_access():
    host, ctx, ports, _ = memory_host(model(), verifier=False)
    got = Out(0x5A)
    run(host.NdisImmediateReadPortUshort(ctx, CFG.port_base + PORT_RANGE_BYTES, got))
    assert got.value == 0x5A and ports.log == [] and host.calls == []
    assert [f.rule for f in host.failures] == ["port-outside-resources"]


# ---------------------------------------------------------------- string port calls


def test_a_uchar_buffer_goes_out_one_byte_at_a_time_in_order():
    host, _, ports, _ = memory_host(model())
    run(host.NdisRawWritePortBufferUchar(CFG.port(Off.DATA), b"\x01\x02\x03", 3))
    assert [(io.write, io.port, io.width, io.value) for io in ports.log] == [
        (True, CFG.port(Off.DATA), 1, 1), (True, CFG.port(Off.DATA), 1, 2), (True, CFG.port(Off.DATA), 1, 3)]


def test_a_ushort_buffer_goes_out_as_little_endian_words_in_order():
    m = model()
    start_remote(m, RCMD_WRITE, 0x40, 4, word_mode=True)
    host, _, ports, _ = memory_host(m)
    run(host.NdisRawWritePortBufferUshort(CFG.port(Off.DATA), b"\x01\x02\x03\x04", 2))
    assert [(io.width, io.value) for io in ports.log] == [(2, 0x0201), (2, 0x0403)]


def test_a_uchar_buffer_is_filled_from_the_port_in_order():
    m = model()
    m.ram[0x40:0x43] = b"abc"
    start_remote(m, RCMD_READ, 0x40, 3)
    host, _, ports, _ = memory_host(m)
    buf = bytearray(3)
    run(host.NdisRawReadPortBufferUchar(CFG.port(Off.DATA), buf, 3))
    assert buf == b"abc" and [io.width for io in ports.log] == [1, 1, 1]


def test_a_ushort_buffer_is_filled_low_byte_first():
    m = model()
    m.ram[0x40:0x44] = b"\x01\x02\x03\x04"
    start_remote(m, RCMD_READ, 0x40, 4, word_mode=True)
    host, _, ports, _ = memory_host(m)
    buf = bytearray(4)
    run(host.NdisRawReadPortBufferUshort(CFG.port(Off.DATA), buf, 2))
    assert buf == b"\x01\x02\x03\x04" and [io.width for io in ports.log] == [2, 2]


def test_only_the_first_length_elements_of_a_longer_buffer_move():
    m = model()
    start_remote(m, RCMD_READ, 0x40, 2, word_mode=True)
    host, _, ports, _ = memory_host(m)
    buf = bytearray(b"\x00\x00xyz")
    run(host.NdisRawReadPortBufferUshort(CFG.port(Off.DATA), buf, 1))
    assert buf == b"\xee\xeexyz" and len(ports.log) == 1


def test_a_zero_length_buffer_call_makes_no_port_access():
    host, _, ports, _ = memory_host(model())
    run(host.NdisRawWritePortBufferUshort(CFG.port(Off.DATA), b"", 0))
    run(host.NdisRawReadPortBufferUchar(CFG.port(Off.DATA), bytearray(), 0))
    assert ports.log == [] and host.failures == []


@pytest.mark.parametrize("call, width", [("NdisRawWritePortBufferUchar", 1), ("NdisRawWritePortBufferUshort", 2)])
def test_a_length_that_exactly_fills_the_buffer_is_accepted(call, width):
    m = model()
    start_remote(m, RCMD_WRITE, 0x40, 6, word_mode=width == 2)
    host, _, ports, _ = memory_host(m)
    run(getattr(host, call)(CFG.port(Off.DATA), b"abcdef"[: 3 * width], 3))
    assert len(ports.log) == 3


def test_a_length_one_element_past_the_buffer_is_refused_naming_the_bytes_needed_and_held():
    host, _, ports, _ = memory_host(model())
    with pytest.raises(NdisVerifierError) as err:
        run(host.NdisRawWritePortBufferUshort(CFG.port(Off.DATA), b"abcde", 3))
    assert err.value.violation.rule == "length-exceeds-buffer"
    assert err.value.violation.message == (
        "NdisRawWritePortBufferUshort: Length=3 elements of 2 bytes need 6 bytes; the Buffer has 5")
    assert ports.log == []


@pytest.mark.parametrize("length", [-1, True, 1.0, None])
def test_a_length_that_is_not_a_count_is_refused_naming_it(length):
    host, _, ports, _ = memory_host(model())
    with pytest.raises(NdisVerifierError) as err:
        run(host.NdisRawWritePortBufferUshort(CFG.port(Off.DATA), b"abcd", length))
    assert (err.value.violation.call, err.value.violation.rule) == ("NdisRawWritePortBufferUshort", "negative-length")
    assert err.value.violation.message == (
        f"NdisRawWritePortBufferUshort: Length={length!r}; allowed: an int >= 0 (a count of 2-byte elements)")
    assert ports.log == []


@pytest.mark.parametrize("buffer", [b"ab", bytearray(b"ab"), memoryview(b"ab")])
def test_a_write_buffer_may_be_any_bytes_like_object(buffer):
    m = model()
    start_remote(m, RCMD_WRITE, 0x40, 2)
    host, _, _, _ = memory_host(m)
    run(host.NdisRawWritePortBufferUchar(CFG.port(Off.DATA), buffer, 2))
    assert m.ram[0x40:0x42] == b"ab"


def test_a_write_buffer_that_is_not_bytes_like_is_refused_naming_its_type():
    host, _, ports, _ = memory_host(model())
    with pytest.raises(NdisVerifierError) as err:
        run(host.NdisRawWritePortBufferUchar(CFG.port(Off.DATA), [1, 2], 2))
    assert (err.value.violation.call, err.value.violation.rule) == ("NdisRawWritePortBufferUchar", "buffer-type")
    assert err.value.violation.message == (
        "NdisRawWritePortBufferUchar: Buffer is list; allowed: bytes, bytearray or memoryview")
    assert ports.log == []


def test_a_read_buffer_may_be_a_writable_memoryview():
    m = model()
    start_remote(m, RCMD_READ, 0x40, 2)
    host, _, _, _ = memory_host(m)
    target = bytearray(2)
    run(host.NdisRawReadPortBufferUchar(CFG.port(Off.DATA), memoryview(target), 2))
    assert target == bytes([FILL, FILL])


@pytest.mark.parametrize("call", ["NdisRawReadPortBufferUchar", "NdisRawReadPortBufferUshort"])
@pytest.mark.parametrize("buffer", [b"abcd", memoryview(b"abcd")], ids=["bytes", "read-only memoryview"])
def test_a_read_buffer_that_cannot_be_written_is_refused_naming_its_type(buffer, call):
    host, _, ports, _ = memory_host(model())
    with pytest.raises(NdisVerifierError) as err:
        run(getattr(host, call)(CFG.port(Off.DATA), buffer, 2))
    assert err.value.violation.rule == "buffer-type"
    assert err.value.violation.message == (
        f"{call}: Buffer is {type(buffer).__name__}; allowed: a writable bytearray or memoryview")
    assert ports.log == []


def test_a_buffer_calls_port_is_checked_before_its_buffer():
    host, _, _, _ = memory_host(model())
    assert rule_of(host.NdisRawReadPortBufferUshort(CFG.port(Off.DATA) + 1, b"read-only", 1)) == "port-misaligned"


def test_a_refused_buffer_read_with_the_verifier_off_leaves_the_buffer_alone_and_is_recorded():
    host, _, ports, _ = memory_host(model(), verifier=False)
    buf = bytearray(b"xy")
    run(host.NdisRawReadPortBufferUshort(CFG.port(Off.DATA), buf, 2))
    assert buf == b"xy" and ports.log == []
    assert [(f.call, f.rule) for f in host.failures] == [("NdisRawReadPortBufferUshort", "length-exceeds-buffer")]


# ---------------------------------------------------------------- register calls


def mapped_host(m: LegacyNicModel, length: int = 64, **kwargs):
    """A host with ``length`` bytes of the enabled window mapped; returns it and the VA."""
    m.io_write(CFG.port(Off.CTRL), CTRL_MEMENB, 1)
    host, ctx, _, window = memory_host(m, **kwargs)
    va = Out(0)
    assert run(host.NdisMMapIoSpace(va, ctx, CFG.base_addr, length)) == NdisStatus.SUCCESS
    return host, va.value, window


@pytest.mark.parametrize("call, width", [("NdisWriteRegisterUchar", 1), ("NdisWriteRegisterUshort", 2), ("NdisWriteRegisterUlong", 4)])
def test_a_register_write_stores_its_width_little_endian_and_nothing_more(call, width):
    m = model()
    host, va, _ = mapped_host(m)
    run(getattr(host, call)(va + 8, 0x04030201 & ((1 << 8 * width) - 1)))
    assert m.ram[8 : 8 + width] == bytes([1, 2, 3, 4][:width])
    assert m.ram[8 + width] == FILL and m.ram[7] == FILL


@pytest.mark.parametrize("call, width", [("NdisReadRegisterUchar", 1), ("NdisReadRegisterUshort", 2), ("NdisReadRegisterUlong", 4)])
def test_a_register_read_returns_its_width_little_endian(call, width):
    m = model()
    m.ram[8:13] = b"\x01\x02\x03\x04\x05"
    host, va, _ = mapped_host(m)
    got = Out(0)
    run(getattr(host, call)(va + 8, got))
    assert got.value == 0x0504030201 & ((1 << 8 * width) - 1)


def test_a_register_write_records_its_call_va_width_physical_address_and_bursts():
    host, va, _ = mapped_host(model())
    run(host.NdisWriteRegisterUshort(va + 6, 0xCAFE))
    assert host.calls == [CallRecord("NdisWriteRegisterUshort", va + 6, 2, CFG.base_addr + 6, 1, 1)]


def test_a_register_read_records_its_call_va_width_physical_address_and_bursts():
    host, va, _ = mapped_host(model())
    run(host.NdisReadRegisterUlong(va + 4, Out(0)))
    assert host.calls == [CallRecord("NdisReadRegisterUlong", va + 4, 4, CFG.base_addr + 4, 1, 2)]


class RefusingWindow(ModelWindow):
    """A window whose bus answers every burst with SLVERR."""

    async def write(self, bursts, buffer) -> Transfer:
        self.bursts += len(bursts)
        return Transfer([Resp.SLVERR] * len(bursts))


def test_a_register_write_the_bus_refuses_raises_naming_the_call():
    m = model()
    host, va, _ = mapped_host(m)
    host.bus = RefusingWindow(m)
    with pytest.raises(BusError, match=r"^NdisWriteRegisterUshort\(0x[0-9a-f]{8}, Length=2\): the bus answered SLVERR"):
        run(host.NdisWriteRegisterUshort(va, 1))


@pytest.mark.parametrize("register, shown", [("0xd0000", "str '0xd0000'"), (True, "bool True"), (None, "NoneType None")])
def test_a_register_that_is_not_an_address_is_refused_naming_it(register, shown):
    host, _, window = mapped_host(model())
    with pytest.raises(NdisVerifierError) as err:
        run(host.NdisReadRegisterUchar(register, Out(0)))
    assert err.value.violation.rule == "register-type"
    assert err.value.violation.message == f"NdisReadRegisterUchar: Register is {shown}; allowed: a mapped VA (int)"
    assert window.bursts == 0


@pytest.mark.parametrize("call, value", [("NdisWriteRegisterUchar", 0xFF), ("NdisWriteRegisterUshort", 0xFFFF),
                                         ("NdisWriteRegisterUlong", 0xFFFF_FFFF), ("NdisWriteRegisterUshort", 0)])
def test_the_smallest_and_largest_values_of_a_register_width_are_written(call, value):
    m = model()
    host, va, _ = mapped_host(m)
    width = {"Uchar": 1, "Ushort": 2, "Ulong": 4}[call.removeprefix("NdisWriteRegister")]
    run(getattr(host, call)(va, value))
    assert bytes(m.ram[:width]) == value.to_bytes(width, "little")


@pytest.mark.parametrize("data", [0x10000, -1, True, "1"])
def test_register_data_that_does_not_fit_its_width_is_refused_naming_the_range(data):
    host, va, window = mapped_host(model())
    with pytest.raises(NdisVerifierError) as err:
        run(host.NdisWriteRegisterUshort(va, data))
    assert (err.value.violation.call, err.value.violation.rule) == ("NdisWriteRegisterUshort", "data-too-wide")
    assert err.value.violation.message == (
        f"NdisWriteRegisterUshort: Data={data!r} does not fit 2 bytes (allowed 0x0-0xffff)")
    assert window.bursts == 0


def test_a_register_on_the_last_mapped_bytes_is_reached():
    m = model()
    host, va, _ = mapped_host(m, length=64)
    run(host.NdisWriteRegisterUshort(va + 62, 0xABCD))
    assert m.ram[62:64] == b"\xcd\xab"


def test_a_register_that_runs_past_its_mapping_is_refused_naming_the_va_and_the_width():
    host, va, window = mapped_host(model(), length=64)
    with pytest.raises(NdisVerifierError) as err:
        run(host.NdisWriteRegisterUshort(va + 63, 1))
    assert err.value.violation.rule == "not-mapped"
    assert err.value.violation.message.startswith(f"NdisWriteRegisterUshort: Register=0x{va + 63:08x} (2 bytes): ")
    assert window.bursts == 0


def test_a_refused_register_read_with_the_verifier_off_leaves_data_alone_and_is_recorded():
    host, va, window = mapped_host(model(), length=64, verifier=False)
    got = Out(0x5A)
    run(host.NdisReadRegisterUlong(va + 62, got))
    assert got.value == 0x5A and window.bursts == 0 and host.calls == []
    assert [(f.call, f.rule) for f in host.failures] == [("NdisReadRegisterUlong", "not-mapped")]


# ---------------------------------------------------------------- NdisMQueryAdapterResources


def query(host, ctx, offered):
    status, resources, size = Out(None), Out(None), Out(offered)
    run(host.NdisMQueryAdapterResources(status, ctx, resources, size))
    return status.value, resources.value, size.value


def test_a_resource_list_needs_an_eight_byte_header_and_sixteen_bytes_per_resource():
    host, ctx, _, _ = memory_host(model())
    assert len(ctx.resources) == 2
    assert query(host, ctx, 0)[2] == 8 + 16 * 2


def test_a_buffer_of_exactly_the_size_needed_gets_the_list():
    host, ctx, _, _ = memory_host(model())
    assert query(host, ctx, 40) == (NdisStatus.SUCCESS, ctx.resources, 40)


def test_a_buffer_one_byte_short_gets_resources_the_size_needed_and_no_list():
    host, ctx, _, _ = memory_host(model())
    assert query(host, ctx, 39) == (NdisStatus.RESOURCES, None, 40)


def test_an_adapter_without_resources_gets_failure_and_its_buffer_size_is_left_alone():
    host, ctx, _, _ = memory_host(model())
    empty = WrapperConfigurationContext(ctx.interface_type, 0, ())
    assert query(host, empty, 1000) == (NdisStatus.FAILURE, None, 1000)


@pytest.mark.parametrize("offered", [-1, True, 40.0, None])
def test_a_buffer_size_that_is_not_a_byte_count_is_refused_naming_it(offered):
    host, ctx, _, _ = memory_host(model())
    with pytest.raises(NdisVerifierError) as err:
        query(host, ctx, offered)
    assert (err.value.violation.call, err.value.violation.rule) == ("NdisMQueryAdapterResources", "buffer-size-type")
    assert err.value.violation.message == (
        f"NdisMQueryAdapterResources: *BufferSize={offered!r}; allowed: an int >= 0 (bytes)")


def test_a_refused_buffer_size_with_the_verifier_off_gets_failure_and_is_recorded():
    host, ctx, _, _ = memory_host(model(), verifier=False)
    assert query(host, ctx, -1) == (NdisStatus.FAILURE, None, -1)
    assert [f.rule for f in host.failures] == ["buffer-size-type"]


# ---------------------------------------------------------------- the port path


def test_the_port_path_records_the_call_with_its_own_port_accesses_and_no_physical_address():
    m = model()
    host, ctx, ports, _ = port_host(m)
    run(host.NdisRawReadPortUchar(CFG.port(Off.ID), Out(0)))
    run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr + 0x40, b"abc", 3))
    assert host.calls == [CallRecord("NdisImmediateWriteSharedMemory", CFG.base_addr + 0x40, 3, None, 0, len(ports.log) - 1)]
    assert m.ram[0x40:0x43] == b"abc"


def test_the_port_path_reads_exactly_length_bytes_into_the_buffer():
    m = model()
    m.ram[0x40:0x43] = b"abc"
    host, ctx, _, _ = port_host(m)
    buf = bytearray(b"-----")
    run(host.NdisImmediateReadSharedMemory(ctx, CFG.base_addr + 0x40, buf, 3))
    assert buf == b"abc--"


def test_the_port_path_goes_through_a_port_range_of_exactly_the_adapters_size():
    m = model()
    host, ctx, _, _ = port_host(m, port_bytes=PORT_RANGE_BYTES)
    run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr, b"z", 1))
    assert m.ram[0] == ord("z")


def test_the_port_path_refuses_an_adapter_whose_port_range_is_one_port_short():
    m = model()
    host, ctx, ports, _ = port_host(m, port_bytes=PORT_RANGE_BYTES - 1)
    with pytest.raises(NdisVerifierError) as err:
        run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr, b"z", 1))
    assert (err.value.violation.call, err.value.violation.rule) == ("NdisImmediateWriteSharedMemory", "no-port-range")
    assert err.value.violation.message == (
        "NdisImmediateWriteSharedMemory: device memory is in I/O space but the adapter has no 32-port range to reach it")
    assert ports.log == []


def test_the_port_path_uses_the_first_port_range_large_enough():
    m = model()
    hal, base_ctx = isa_io_memory_platform(memory_base=CFG.base_addr, memory_bytes=CFG.ram_bytes, port_base=CFG.port_base)
    small = ResourceRange(CmResourceType.Port, 0x200, 8)
    ctx = WrapperConfigurationContext(base_ctx.interface_type, 0, (small, *base_ctx.resources))
    ports = ModelPorts(m)
    host = LegacyNdisHost(hal, MemoryManager(), ModelWindow(m), ports=ports)
    run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr, b"z", 1))
    assert m.ram[0] == ord("z")
    assert {io.port & ~(PORT_RANGE_BYTES - 1) for io in ports.log} == {CFG.port_base}


def test_the_port_path_fails_when_the_port_range_does_not_translate():
    m = model()
    hal = Hal([BusAperture(InterfaceType.Isa, 0, AddressSpace.MEMORY, CFG.base_addr, CFG.ram_bytes, AddressSpace.IO, 0)])
    _, ctx = isa_io_memory_platform(memory_base=CFG.base_addr, memory_bytes=CFG.ram_bytes, port_base=CFG.port_base)
    ports = ModelPorts(m)
    host = LegacyNdisHost(hal, MemoryManager(), ModelWindow(m), ports=ports, verifier=False)
    run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr, b"z", 1))
    assert host.failures == [SilentFailure("NdisImmediateWriteSharedMemory", "translation-failed",
                                           "NdisImmediateWriteSharedMemory: Port=0x0300 on Isa bus 0 translates to no I/O range")]
    assert ports.log == [] and host.calls == [] and m.ram[0] == FILL


class NeverCompletes(ModelPorts):
    """Ports whose remote-DMA command never reaches the adapter: RDC is never set."""

    async def write(self, port: int, value: int, width: int) -> Resp:
        if port == CFG.port(Off.RCMD):
            return Resp.OKAY
        return await super().write(port, value, width)


def risr_polls(ports: ModelPorts) -> int:
    return sum(1 for io in ports.log if not io.write and io.port == CFG.port(Off.RISR))


def test_the_port_path_polls_for_completion_sixteen_times_by_default():
    m = model()
    host, ctx, _, _ = port_host(m)
    host.ports = ports = NeverCompletes(m)
    with pytest.raises(RemoteDmaError, match="after 16 polls"):
        run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr, b"z", 1))
    assert risr_polls(ports) == 16


def test_the_port_path_polls_for_completion_as_often_as_rdc_polls_says():
    m = model()
    host, ctx, _, _ = port_host(m, rdc_polls=3)
    host.ports = ports = NeverCompletes(m)
    with pytest.raises(RemoteDmaError, match="after 3 polls"):
        run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr, b"z", 1))
    assert risr_polls(ports) == 3


def test_the_port_path_acknowledges_completion():
    m = model()
    host, ctx, _, _ = port_host(m)
    run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr, b"z", 1))
    assert m.register(Off.RISR) & RISR_RDC == 0


# ---------------------------------------------------------------- every call names itself

_WIDTHS = ("Uchar", "Ushort", "Ulong")
CALLS_AND_BAD_ARGUMENTS = (
    [(f"NdisImmediate{d}Port{w}", "ctx", 0x10000) for d in ("Read", "Write") for w in _WIDTHS]
    + [(f"NdisRaw{d}Port{w}", None, 0x10000) for d in ("Read", "Write") for w in _WIDTHS]
    + [(f"NdisRaw{d}PortBuffer{w}", None, 0x10000) for d in ("Read", "Write") for w in _WIDTHS[:2]]
    + [(f"Ndis{d}Register{w}", None, "0x0") for d in ("Read", "Write") for w in _WIDTHS]
)


@pytest.mark.parametrize("call, ctx, bad", CALLS_AND_BAD_ARGUMENTS, ids=[c[0] for c in CALLS_AND_BAD_ARGUMENTS])
def test_a_refused_call_is_recorded_under_its_own_name(call, ctx, bad):
    host, adapter, ports, _ = memory_host(model(), verifier=False)
    args = [adapter] if ctx else []
    args.append(bad)
    args += [bytearray(2), 1] if "Buffer" in call else [Out(0) if "Read" in call else 0]
    run(getattr(host, call)(*args))
    assert [f.call for f in host.failures] == [call]
    assert host.failures[0].message.startswith(f"{call}: ") and ports.log == []


IMMEDIATE_PORT_CALLS = [f"NdisImmediate{d}Port{w}" for d in ("Read", "Write") for w in _WIDTHS]


@pytest.mark.parametrize("call", IMMEDIATE_PORT_CALLS)
def test_a_late_immediate_port_call_is_flagged_under_its_own_name(call):
    host, ctx, _, _ = memory_host(model(), verifier=False)
    host.MiniportInitializeDone(ctx)
    run(getattr(host, call)(ctx, CFG.port(Off.RSAR0), Out(0) if "Read" in call else 0))
    assert [(w.call, w.rule) for w in host.warnings] == [(call, "after-initialization")]


@pytest.mark.parametrize("call", ["NdisImmediateReadPortUshort", "NdisImmediateWritePortUshort"])
def test_an_immediate_port_call_the_adapter_refuses_raises_naming_the_call(call):
    host, ctx, _, _ = memory_host(model())
    with pytest.raises(BusError) as err:
        run(getattr(host, call)(ctx, UNMAPPED, Out(0) if "Read" in call else 0))
    assert str(err.value).startswith(f"{call}: port 0x0306 answered DECERR to a 2-byte ")


@pytest.mark.parametrize("call", ["NdisRawReadPortBufferUchar", "NdisRawReadPortBufferUshort",
                                  "NdisRawWritePortBufferUchar", "NdisRawWritePortBufferUshort"])
def test_a_buffer_call_the_adapter_refuses_raises_naming_the_call(call):
    host, _, _, _ = memory_host(model())
    with pytest.raises(BusError) as err:
        run(getattr(host, call)(UNMAPPED, bytearray(4), 1))
    assert str(err.value).startswith(f"{call}: port 0x0306 answered DECERR to a ")


def test_without_a_port_bus_the_port_path_fails_naming_the_call_the_address_and_the_device_address():
    m = model()
    hal, ctx = isa_io_memory_platform(memory_base=CFG.base_addr, memory_bytes=CFG.ram_bytes, port_base=CFG.port_base)
    host = LegacyNdisHost(hal, MemoryManager(), ModelWindow(m), verifier=False)
    run(host.NdisImmediateReadSharedMemory(ctx, CFG.base_addr + 0x10, bytearray(2), 2))
    assert host.failures == [SilentFailure(
        "NdisImmediateReadSharedMemory", "io-space-unsupported",
        "NdisImmediateReadSharedMemory: SharedMemoryAddress=0x000d0010 translates to I/O space (device address 0x10) "
        "and this host has no port bus to reach it")]
