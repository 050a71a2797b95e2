"""The legacy NIC's rules without a simulator: the register map, window enable and paging, remote DMA
(models.legacy), and the NDIS port and register calls and port path (tb.legacy.host.LegacyNdisHost) on
buses that are the model itself.
"""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.axi import Resp
from models.legacy import (
    CTRL_MEMENB,
    CTRL_WTS,
    ID_VALUE,
    MAPPED_OFFSETS,
    PORT_RANGE_BYTES,
    RCMD_IDLE,
    RCMD_READ,
    RCMD_WRITE,
    REGISTERS,
    RISR_RDC,
    Access,
    LegacyConfig,
    LegacyNicModel,
    Off,
    port_access,
    register_resets,
)
from models.platform import CmResourceType, MemoryManager, WrapperConfigurationContext, isa_io_memory_platform, isa_platform
from models.verifier import CONTEXT_RULES, IMMEDIATE_PORT_CALLS, PORT_RULES, NdisVerifierError, check_mapped_overlap, check_port_call
from tb.legacy.driver import LegacyDriver
from tb.legacy.host import LegacyNdisHost
from tb.legacy.remote_dma import RemoteDmaError
from tb.ndis import NdisStatus, Out
from tests.host.legacy_model import ModelPorts, ModelWindow

CFG = LegacyConfig(ram_bytes=16384, window_bytes=8192, base_addr=0xD0000, port_base=0x300, data_width=16)


def run(coro):
    return asyncio.run(coro)


def model(cfg: LegacyConfig = CFG, fill: int = 0xEE) -> LegacyNicModel:
    return LegacyNicModel(cfg, bytes([fill]) * cfg.ram_bytes)


def out(m: LegacyNicModel, offset: int, value: int, width: int = 1) -> Resp:
    return m.io_write(m.cfg.port(offset), value, width)


def inp(m: LegacyNicModel, offset: int, width: int = 1) -> int:
    value, resp = m.io_read(m.cfg.port(offset), width)
    assert resp == Resp.OKAY
    return value


def start(m: LegacyNicModel, command: int, address: int, count: int) -> None:
    out(m, Off.RISR, RISR_RDC)
    out(m, Off.RBCR0, count, 2)
    out(m, Off.RSAR0, address, 2)
    out(m, Off.RCMD, command)


# --------------------------------------------------------------------------- configuration


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(ram_bytes=3000), ["ram_bytes", "power of two", "3000"]),
        (dict(ram_bytes=1 << 17, window_bytes=1 << 16), ["ram_bytes=131072", "65536"]),
        (dict(window_bytes=16), ["window_bytes=16", "64", "16384"]),
        (dict(window_bytes=32768), ["window_bytes=32768", "16384"]),
        (dict(base_addr=0xD1000), ["base_addr=0xd1000", "aligned"]),
        (dict(port_base=0x310), ["port_base=0x310", "aligned to 32"]),
        (dict(data_width=24), ["data_width=24"]),
    ],
)
def test_bad_configuration_names_the_value_and_what_is_allowed(kwargs, words):
    with pytest.raises(ValueError) as err:
        LegacyConfig(**{**dict(ram_bytes=16384, window_bytes=8192), **kwargs})
    for w in words:
        assert w in str(err.value)


def test_register_map_is_in_offset_order_with_one_entry_per_offset():
    offsets = [int(r.offset) for r in REGISTERS]
    assert offsets == sorted(set(offsets))
    assert all(0 <= o < PORT_RANGE_BYTES for o in offsets)
    assert MAPPED_OFFSETS == set(offsets)


def test_reset_values_follow_the_configuration():
    resets = register_resets(CFG)
    assert resets[Off.ID] == ID_VALUE
    assert 1 << resets[Off.RAMSZ] == CFG.ram_bytes and 1 << resets[Off.WINSZ] == CFG.window_bytes
    m = model()
    for reg in REGISTERS:
        if reg.access is not Access.DATA:
            assert inp(m, reg.offset) == resets[reg.offset], reg.name


@pytest.mark.parametrize("port, width, words", [(0x301, 2, ["0x0301", "2-byte"]), (0x302, 4, ["4-byte"]), (0x10000, 1, ["0x10000", "0xffff"]), (0x300, 3, ["3"])])
def test_port_access_refuses_what_the_register_bus_cannot_carry(port, width, words):
    with pytest.raises(ValueError) as err:
        port_access(port, width)
    for w in words:
        assert w in str(err.value)


def test_port_access_lanes():
    assert port_access(0x305, 1) == (0x305, 0b0010, 8)
    assert port_access(0x30A, 2) == (0x30A, 0b1100, 16)
    assert port_access(0x308, 4) == (0x308, 0b1111, 0)


# --------------------------------------------------------------------------- register port rules


def test_read_write_registers_keep_their_documented_bits():
    m = model()
    out(m, Off.CTRL, 0xFF)
    out(m, Off.PAGE, 0xFF)
    out(m, Off.RSAR0, 0xFFFF, 2)
    assert inp(m, Off.CTRL) == CTRL_MEMENB | CTRL_WTS
    assert inp(m, Off.PAGE) == CFG.pages - 1
    assert inp(m, Off.RSAR0, 2) == CFG.ram_bytes - 1
    assert out(m, Off.ID, 0x00) == Resp.OKAY and inp(m, Off.ID) == ID_VALUE


@pytest.mark.parametrize("offset", [o for o in range(PORT_RANGE_BYTES) if o not in MAPPED_OFFSETS])
def test_unmapped_offset_is_decerr_and_changes_nothing(offset):
    m = model()
    before = (bytes(m.ram), m.ctrl, m.page, m.rsar, m.rbcr, m.rcmd, m.rdc)
    assert out(m, offset, 0xFF) == Resp.DECERR
    assert m.io_read(CFG.port(offset), 1) == (0, Resp.DECERR)
    assert (bytes(m.ram), m.ctrl, m.page, m.rsar, m.rbcr, m.rcmd, m.rdc) == before


def test_ports_outside_the_block_are_decerr():
    m = model()
    for port in (CFG.port_base - 1, CFG.port_end):
        assert m.io_write(port, 0, 1) == Resp.DECERR
        assert m.io_read(port, 1)[1] == Resp.DECERR


@pytest.mark.parametrize("word_mode", [False, True])
def test_data_port_of_the_wrong_width_is_slverr_and_moves_nothing(word_mode):
    m = model()
    out(m, Off.CTRL, CTRL_WTS if word_mode else 0)
    start(m, RCMD_WRITE, 0x10, 4)
    before = bytes(m.ram)
    wrong = 1 if word_mode else 2
    assert out(m, Off.DATA, 0x12, wrong) == Resp.SLVERR
    assert m.io_read(CFG.port(Off.DATA_HI), 1)[1] == Resp.SLVERR
    assert bytes(m.ram) == before and m.rbcr == 4 and m.rsar == 0x10


# --------------------------------------------------------------------------- window


def test_disabled_window_ignores_writes_and_reads_all_ones():
    m = model()
    m.window_write(CFG.base_addr + 4, b"abc")
    assert bytes(m.ram) == b"\xee" * CFG.ram_bytes
    assert m.window_read(CFG.base_addr + 4, 3) == b"\xff\xff\xff"


def test_a_write_through_page_1_is_invisible_through_page_0():
    m = model()
    out(m, Off.CTRL, CTRL_MEMENB)
    out(m, Off.PAGE, 1)
    m.window_write(CFG.base_addr + 0x10, b"bank1")
    assert m.ram[CFG.window_bytes + 0x10 : CFG.window_bytes + 0x15] == b"bank1"
    out(m, Off.PAGE, 0)
    assert m.window_read(CFG.base_addr + 0x10, 5) == b"\xee" * 5


def test_window_access_outside_the_window_is_refused():
    m = model()
    with pytest.raises(ValueError, match="outside the window"):
        m.window_write(CFG.window_end, b"x")
    with pytest.raises(ValueError, match="run past the window end"):
        m.window_read(CFG.window_end - 2, 3)


# --------------------------------------------------------------------------- remote DMA rules


@settings(max_examples=150, deadline=None)
@given(
    word_mode=st.booleans(),
    address=st.integers(0, CFG.ram_bytes - 1),
    count=st.integers(0, 40),
    extra=st.integers(0, 6),
    data=st.binary(min_size=64, max_size=64),
)
def test_no_byte_past_the_count_changes(word_mode, address, count, extra, data):
    """Any number of data-port writes changes exactly the count's bytes (wrapping at the end of
    RAM); then RDC is set, RBCR is 0 and RSAR has advanced by the count."""
    m = model()
    out(m, Off.CTRL, CTRL_WTS if word_mode else 0)
    start(m, RCMD_WRITE, address, count)
    step = 2 if word_mode else 1
    for i in range(0, count + extra, step):
        out(m, Off.DATA, int.from_bytes(data[i : i + step], "little"), step)
    expected = bytearray(b"\xee" * CFG.ram_bytes)
    for i in range(count):
        expected[(address + i) % CFG.ram_bytes] = data[i]
    assert m.ram == expected
    assert m.rbcr == 0 and m.rdc and m.rcmd == RCMD_IDLE
    assert m.rsar == (address + count) % CFG.ram_bytes


def test_odd_count_in_word_mode_moves_the_low_byte_of_the_last_word():
    m = model()
    out(m, Off.CTRL, CTRL_WTS)
    start(m, RCMD_WRITE, 0x100, 3)
    out(m, Off.DATA, 0x2211, 2)
    out(m, Off.DATA, 0x4433, 2)
    assert m.ram[0x100:0x104] == b"\x11\x22\x33\xee"
    start(m, RCMD_READ, 0x100, 3)
    assert inp(m, Off.DATA, 2) == 0x2211
    assert inp(m, Off.DATA, 2) == 0xFF33
    assert inp(m, Off.DATA, 2) == 0xFFFF


def test_remote_address_wraps_to_byte_0():
    m = model()
    start(m, RCMD_WRITE, CFG.ram_bytes - 1, 2)
    out(m, Off.DATA, 0x01)
    out(m, Off.DATA, 0x02)
    assert m.ram[-1] == 0x01 and m.ram[0] == 0x02 and m.rsar == 1


def test_start_with_zero_count_sets_rdc_at_once_and_risr_write_clears_it():
    m = model()
    start(m, RCMD_READ, 0, 0)
    assert m.rdc and m.rcmd == RCMD_IDLE
    assert inp(m, Off.DATA) == 0xFF
    out(m, Off.RISR, RISR_RDC)
    assert not m.rdc


# --------------------------------------------------------------------------- host on model buses


def memory_host(m: LegacyNicModel, **kwargs):
    hal, ctx = isa_platform(window_base=m.cfg.base_addr, window_bytes=m.cfg.window_bytes, port_base=m.cfg.port_base)
    ports, window = ModelPorts(m), ModelWindow(m)
    return LegacyNdisHost(hal, MemoryManager(), window, ports=ports, **kwargs), ctx, ports, window


def port_host(m: LegacyNicModel, **kwargs):
    hal, ctx = isa_io_memory_platform(memory_base=m.cfg.base_addr, memory_bytes=m.cfg.ram_bytes, port_base=m.cfg.port_base)
    ports, window = ModelPorts(m), ModelWindow(m)
    return LegacyNdisHost(hal, MemoryManager(), window, ports=ports, **kwargs), ctx, ports, window


@settings(max_examples=60, deadline=None)
@given(
    page=st.integers(0, CFG.pages - 1),
    offset=st.integers(0, CFG.window_bytes - 1),
    length=st.integers(0, 300),
    word_mode=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_memory_path_and_port_path_leave_the_same_ram(page, offset, length, word_mode, seed):
    import random

    length = min(length, CFG.window_bytes - offset)
    rng = random.Random(seed)
    initial = rng.randbytes(CFG.ram_bytes)
    data = rng.randbytes(length)
    by_memory, by_ports = LegacyNicModel(CFG, initial), LegacyNicModel(CFG, initial)

    host, ctx, _, window = memory_host(by_memory)
    out(by_memory, Off.CTRL, CTRL_MEMENB | (CTRL_WTS if word_mode else 0))
    out(by_memory, Off.PAGE, page)
    run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr + offset, data, length))

    io_host, io_ctx, ports, io_window = port_host(by_ports)
    out(by_ports, Off.CTRL, CTRL_WTS if word_mode else 0)
    device = page * CFG.window_bytes + offset
    run(io_host.NdisImmediateWriteSharedMemory(io_ctx, CFG.base_addr + device, data, length))

    assert by_memory.ram == by_ports.ram
    assert by_ports.ram[device : device + length] == data
    assert io_window.bursts == 0, "the port path used the memory window"
    assert (ports.accesses > 0) == (length > 0)
    back = bytearray(length)
    run(io_host.NdisImmediateReadSharedMemory(io_ctx, CFG.base_addr + device, back, length))
    assert back == data


def test_port_path_needs_a_port_bus():
    m = model()
    hal, ctx = isa_io_memory_platform(memory_base=CFG.base_addr, memory_bytes=CFG.ram_bytes)
    host = LegacyNdisHost(hal, MemoryManager(), ModelWindow(m))
    with pytest.raises(NdisVerifierError) as err:
        run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr, b"x", 1))
    assert err.value.violation.rule == "io-space-unsupported"


def test_port_path_reports_a_transfer_that_never_completes():
    m = model()

    class DroppingPorts(ModelPorts):
        async def write(self, port, value, width):  # the command never reaches the adapter
            if port == CFG.port(Off.RCMD):
                return Resp.OKAY
            return await super().write(port, value, width)

    io_host, io_ctx, _, _ = port_host(m)
    io_host.ports = DroppingPorts(m)
    with pytest.raises(RemoteDmaError, match="RDC not set"):
        run(io_host.NdisImmediateWriteSharedMemory(io_ctx, CFG.base_addr, b"abc", 3))
    assert bytes(m.ram) == b"\xee" * CFG.ram_bytes


# --------------------------------------------------------------------------- port and register calls


def test_immediate_port_calls_have_ndis_widths():
    m = model()
    host, ctx, _, _ = memory_host(m)
    run(host.NdisImmediateWritePortUshort(ctx, CFG.port(Off.RBCR0), 0xBEEF))
    lo, hi, whole = Out(0), Out(0), Out(0)
    run(host.NdisImmediateReadPortUchar(ctx, CFG.port(Off.RBCR0), lo))
    run(host.NdisImmediateReadPortUchar(ctx, CFG.port(Off.RBCR1), hi))
    run(host.NdisImmediateReadPortUlong(ctx, CFG.port(Off.RSAR0), whole))
    assert (lo.value, hi.value, whole.value) == (0xEF, 0xBE, 0xBEEF0000)


@pytest.mark.parametrize(
    "call, port, value, rule",
    [
        ("NdisImmediateWritePortUshort", 0x305, 1, "port-misaligned"),
        ("NdisImmediateWritePortUchar", 0x320, 1, "port-outside-resources"),
        ("NdisImmediateWritePortUlong", 0x31E, 1, "port-misaligned"),
        ("NdisImmediateWritePortUshort", 0x31E, 1, None),
        ("NdisImmediateWritePortUchar", 0x304, 0x100, "data-too-wide"),
        ("NdisImmediateWritePortUchar", -1, 0, "port-type"),
    ],
)
def test_bad_port_arguments_are_refused_before_any_bus_cycle(call, port, value, rule):
    m = model()
    host, ctx, ports, _ = memory_host(m)
    if rule is None:  # the last USHORT of the range is legal (the port answers DECERR: unmapped)
        with pytest.raises(Exception, match="DECERR"):
            run(getattr(host, call)(ctx, port, value))
        return
    with pytest.raises(NdisVerifierError) as err:
        run(getattr(host, call)(ctx, port, value))
    assert err.value.violation.rule == rule
    assert ports.accesses == 0 and bytes(m.ram) == b"\xee" * CFG.ram_bytes


def test_port_rules_name_the_value_and_what_is_allowed():
    _, ctx = isa_platform(port_base=0x300, port_bytes=32)
    v = check_port_call("NdisImmediateWritePortUshort", ctx, 0x31F, 2)
    assert v.rule == "port-misaligned" and "0x031f" in v.message and "multiple of 2" in v.message
    v = check_port_call("NdisImmediateReadPortUlong", ctx, 0x31C + 32, 4)
    assert v.rule == "port-outside-resources" and "port 0x0300-0x031f" in v.message
    assert set(PORT_RULES) >= {"port-type", "port-misaligned", "data-too-wide", "port-outside-resources", "port-past-end-of-resource"}
    hal, tight = isa_platform(port_base=0x300, port_bytes=3)
    assert check_port_call("x", tight, 0x302, 2).rule == "port-past-end-of-resource"


def test_raw_buffer_calls_check_the_buffer_and_move_elements_in_order():
    m = model()
    host, ctx, ports, _ = memory_host(m)
    start(m, RCMD_WRITE, 0x20, 6)
    out(m, Off.CTRL, CTRL_WTS)
    run(host.NdisRawWritePortBufferUshort(CFG.port(Off.DATA), b"\x01\x02\x03\x04\x05\x06", 3))
    assert m.ram[0x20:0x26] == b"\x01\x02\x03\x04\x05\x06"
    before = ports.accesses
    with pytest.raises(NdisVerifierError) as err:
        run(host.NdisRawWritePortBufferUshort(CFG.port(Off.DATA), b"\x01\x02\x03", 2))
    assert err.value.violation.rule == "length-exceeds-buffer" and "need 4 bytes" in str(err.value)
    with pytest.raises(NdisVerifierError) as err:
        run(host.NdisRawReadPortBufferUchar(CFG.port(Off.DATA), b"read-only", 1))
    assert err.value.violation.rule == "buffer-type"
    assert ports.accesses == before
    start(m, RCMD_READ, 0x20, 6)
    buf = bytearray(6)
    run(host.NdisRawReadPortBufferUshort(CFG.port(Off.DATA), buf, 3))
    assert buf == b"\x01\x02\x03\x04\x05\x06"


def test_register_calls_need_a_live_mapping():
    m = model()
    host, ctx, _, window = memory_host(m)
    out(m, Off.CTRL, CTRL_MEMENB)
    va = Out(0)
    assert run(host.NdisMMapIoSpace(va, ctx, CFG.base_addr, 64)) == NdisStatus.SUCCESS
    run(host.NdisWriteRegisterUshort(va.value + 6, 0xCAFE))
    assert m.ram[6:8] == b"\xfe\xca"
    got = Out(0)
    run(host.NdisReadRegisterUlong(va.value + 4, got))
    assert got.value == 0xCAFEEEEE
    run(host.NdisMUnmapIoSpace(ctx, va.value, 64))
    bursts = window.bursts
    with pytest.raises(NdisVerifierError) as err:
        run(host.NdisWriteRegisterUchar(va.value, 1))
    assert err.value.violation.rule == "not-mapped" and window.bursts == bursts


def test_query_adapter_resources_reports_the_size_it_needs():
    m = model()
    host, ctx, _, _ = memory_host(m)
    status, resources, size = Out(None), Out(None), Out(0)
    run(host.NdisMQueryAdapterResources(status, ctx, resources, size))
    assert status.value == NdisStatus.RESOURCES and resources.value is None
    assert size.value == 8 + 16 * len(ctx.resources)
    run(host.NdisMQueryAdapterResources(status, ctx, resources, size))
    assert status.value == NdisStatus.SUCCESS and resources.value == ctx.resources
    assert [r.type for r in resources.value] == [CmResourceType.Port, CmResourceType.Memory]
    empty = WrapperConfigurationContext(ctx.interface_type, 0, ())
    run(host.NdisMQueryAdapterResources(status, empty, resources, Out(1000)))
    assert status.value == NdisStatus.FAILURE


# --------------------------------------------------------------------------- verifier: when a call is made


def test_immediate_call_after_initialization_is_flagged_and_changes_nothing():
    m = model()
    host, ctx, ports, window = memory_host(m)
    out(m, Off.CTRL, CTRL_MEMENB)
    host.MiniportInitializeDone(ctx)
    with pytest.raises(NdisVerifierError) as err:
        run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr, b"late", 4))
    assert err.value.violation.rule == "after-initialization" and "MiniportInitialize" in str(err.value)
    with pytest.raises(NdisVerifierError):
        run(host.NdisImmediateReadPortUchar(ctx, CFG.port(Off.ID), Out(0)))
    assert window.bursts == 0 and ports.accesses == 0 and bytes(m.ram) == b"\xee" * CFG.ram_bytes


@pytest.mark.parametrize("call", sorted(IMMEDIATE_PORT_CALLS))
def test_every_immediate_port_call_is_flagged_after_initialization(call):
    m = model()
    host, ctx, ports, _ = memory_host(m)
    last = Out(0) if "Read" in call else 0
    run(getattr(host, call)(ctx, CFG.port(Off.RSAR0), last))  # allowed during initialization
    host.MiniportInitializeDone(ctx)
    before = ports.accesses
    with pytest.raises(NdisVerifierError) as err:
        run(getattr(host, call)(ctx, CFG.port(Off.RSAR0), last))
    assert err.value.violation.rule == "after-initialization" and ports.accesses == before


def test_after_initialization_with_the_verifier_off_is_a_warning_and_the_call_runs():
    m = model()
    host, ctx, _, _ = memory_host(m, verifier=False)
    out(m, Off.CTRL, CTRL_MEMENB)
    host.MiniportInitializeDone(ctx)
    run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr, b"late", 4))
    assert m.ram[:4] == b"late"
    assert [w.rule for w in host.warnings] == ["after-initialization"]


def test_immediate_call_on_a_mapped_range_is_a_recorded_warning():
    m = model()
    host, ctx, _, _ = memory_host(m)
    out(m, Off.CTRL, CTRL_MEMENB)
    va = Out(0)
    run(host.NdisMMapIoSpace(va, ctx, CFG.base_addr + 0x100, 0x100))
    run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr + 0x80, b"y" * 0x40, 0x40))  # below the mapping
    assert host.warnings == []
    run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr + 0x1F0, b"z" * 0x20, 0x20))  # overlaps it
    assert [w.rule for w in host.warnings] == ["immediate-on-mapped-range"]
    assert "0x000d0100-0x000d01ff" in host.warnings[0].message
    assert m.ram[0x1F0:0x210] == b"z" * 0x20, "the warned call did not go ahead"
    run(host.NdisMUnmapIoSpace(ctx, va.value, 0x100))
    run(host.NdisImmediateWriteSharedMemory(ctx, CFG.base_addr + 0x1F0, b"w", 1))
    assert len(host.warnings) == 1, "a warning after the range was unmapped"
    assert set(CONTEXT_RULES) == {"after-initialization", "immediate-on-mapped-range"}
    assert check_mapped_overlap("c", 0x10, 0, [(0x10, 4)]) is None


# --------------------------------------------------------------------------- driver idioms


def test_driver_initialize_finds_its_resources_and_ends_initialization():
    m = model()
    host, ctx, _, _ = memory_host(m)
    drv = LegacyDriver(host, ctx)
    run(drv.initialize(word_mode=True, page=1))
    assert drv.port_base == CFG.port_base and (drv.ram_bytes, drv.window_bytes) == (CFG.ram_bytes, CFG.window_bytes)
    assert m.ctrl == CTRL_WTS and m.page == 1
    assert ctx.initialization_finished and drv.window_va is not None
    with pytest.raises(ValueError, match=r"page 2 does not exist: the adapter has banks 0\.\.1"):
        run(drv.set_page(2))


def test_paged_transmit_copy_lands_in_bank_0_and_restores_the_page():
    m = model()
    host, ctx, _, _ = memory_host(m)
    drv = LegacyDriver(host, ctx)
    run(drv.initialize(window_enabled=True, page=1))
    run(drv.transmit_copy_paged(b"frame"))
    assert m.ram[:5] == b"frame" and m.page == 1
    assert m.ram[CFG.window_bytes : CFG.window_bytes + 5] == b"\xee" * 5


def test_enable_copy_disable_leaves_the_window_off():
    m = model()
    host, ctx, _, _ = memory_host(m)
    drv = LegacyDriver(host, ctx)
    run(drv.initialize(window_enabled=False))
    run(drv.copy_to_window(0x10, b"ultra"))
    assert m.ram[0x10:0x15] == b"ultra" and not m.memenb
    assert run(drv.copy_from_window(0x10, 5)) == b"ultra" and not m.memenb


def test_driver_refuses_an_adapter_with_the_wrong_identification():
    m = model()
    host, ctx, _, _ = memory_host(m)

    class Foreign(ModelPorts):
        async def read(self, port, width):
            value, resp = await super().read(port, width)
            return (0x00 if port == CFG.port(Off.ID) else value), resp

    host.ports = Foreign(m)
    with pytest.raises(Exception, match="not the adapter's identification 0x57"):
        run(LegacyDriver(host, ctx).initialize())
