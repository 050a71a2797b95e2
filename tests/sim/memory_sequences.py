"""Memory test sequences for the shared RAM, the ones UVM's built-in memory sequences run.

* Walking ones and zeros on the data bits: every data bit is the only 1 (and the only 0) of a word,
  written through one door and read through the other; a stuck or bridged data line shows as a
  word whose bits differ from the pattern.
* Address in address over the whole RAM: every word holds its own bus address, written by bursts
  through the host port, then read back through the port and by backdoor. A stuck, swapped or
  aliased address bit makes some word hold another word's address. Words narrower than the address
  take one pass per address slice.
* Front door and back door agree: what the bus writes is what the storage array holds, and what
  is put in the array is what the bus reads, for whole-RAM bursts and for unaligned, narrow and
  byte-wise accesses.
* March C-: {⇕(w0); ⇑(r0,w1); ⇑(r1,w0); ⇓(r0,w1); ⇓(r1,w0); ⇕(r0)} over every word, with the
  read-then-write order kept word by word at the RAM (see :mod:`tb.march`: an engine per bus).

Every sequence runs on every host bus (AXI4, Wishbone, Avalon-MM): ``env.master`` is the bus's engine.

Front-door sweeps use bursts (one Python wakeup per beat) and the backdoor reads the array word by
word, so the cost of each sequence grows with RAM_BYTES / (DATA_WIDTH/8).
"""

from __future__ import annotations

import time
from array import array

import cocotb
from cocotb.triggers import RisingEdge

from models.axi import Burst, BurstType, Resp, plan_bursts
from models.shared_ram import first_mismatch
from tb.env import NicRamEnv
from tb.march import MarchError, march_engine
from tb.ndis import CopyStrategy


async def _env(dut, fill: bool = True) -> NicRamEnv:
    env = await NicRamEnv(dut).start()
    if fill:
        await env.fill_random()
    return env


def _words_to_bytes(words: list[int], nb: int) -> bytes:
    return b"".join(w.to_bytes(nb, "little") for w in words)


async def _front_write(env: NicRamEnv, address: int, data: bytes) -> None:
    xfer = await env.master.write(plan_bursts(address, len(data), env.cfg.bus_bytes), data)
    assert xfer.ok, f"front-door write of {len(data)} bytes at 0x{address:08x}: responses {sorted(set(xfer.resps))}"


async def _front_read(env: NicRamEnv, address: int, length: int) -> bytes:
    xfer = await env.master.read(plan_bursts(address, length, env.cfg.bus_bytes), length)
    assert xfer.ok, f"front-door read of {length} bytes at 0x{address:08x}: responses {sorted(set(xfer.resps))}"
    return xfer.data


def _bit_report(expected: bytes, actual: bytes, address: int, nb: int) -> str:
    """Name the first differing word and the data bits that differ in it."""
    miss = first_mismatch(expected, actual, address)
    if miss is None:
        return "no difference"
    word = (miss.address - address) // nb
    exp = int.from_bytes(expected[word * nb : (word + 1) * nb], "little")
    act = int.from_bytes(actual[word * nb : (word + 1) * nb], "little")
    diff = exp ^ act
    bits = [b for b in range(8 * nb) if diff >> b & 1]
    return (
        f"word 0x{address + word * nb:08x} reads 0x{act:0{2 * nb}x}, expected 0x{exp:0{2 * nb}x} "
        f"(data bits {bits[:8]}{'...' if len(bits) > 8 else ''} differ)"
    )


# ------------------------------------------------------------------------------------------ walking


def _walking_patterns(data_width: int) -> list[int]:
    mask = (1 << data_width) - 1
    return [1 << b for b in range(data_width)] + [mask ^ (1 << b) for b in range(data_width)]


@cocotb.test()
async def walking_ones_and_zeros_reach_every_data_bit(dut) -> None:
    """Each data bit alone high, then alone low, lands in the array and comes back through the bus.

    The 2 x DATA_WIDTH patterns go to consecutive words at the bottom, in the middle and at the top
    of the RAM: front-door write then back-door read, and back-door write then front-door read."""
    env = await _env(dut)
    nb, dw = env.cfg.bus_bytes, env.cfg.data_width
    words = env.cfg.ram_bytes // nb
    patterns = _walking_patterns(dw)
    chunk = min(len(patterns), words)
    groups = [patterns[i : i + chunk] for i in range(0, len(patterns), chunk)]
    starts = sorted({0, words // 2 - chunk // 2, words - chunk})
    for start in starts:
        address = env.cfg.base_addr + start * nb
        for group in groups:
            data = _words_to_bytes(group, nb)
            await _front_write(env, address, data)
            back = env.backdoor.read(address, len(data))
            assert back == data, f"front-door write, back-door read: {_bit_report(data, back, address, nb)}"
            # The other way round, with each pattern moved to the next word.
            moved = _words_to_bytes(group[1:] + group[:1], nb)
            env.backdoor.write(address, moved)
            await RisingEdge(dut.clk)
            front = await _front_read(env, address, len(moved))
            assert front == moved, f"back-door write, front-door read: {_bit_report(moved, front, address, nb)}"
            env.model.write(address, moved)
    env.checker.check_all()


# -------------------------------------------------------------------------------- address in address


def address_passes(ram_bytes: int, bus_bytes: int) -> int:
    """How many passes it takes to store every varying address bit in words of ``bus_bytes``."""
    if bus_bytes >= 4:
        return 1
    bits = max(1, (ram_bytes - 1).bit_length())
    return -(-bits // (8 * bus_bytes))


def address_image(base: int, ram_bytes: int, bus_bytes: int, pass_no: int) -> bytes:
    """The whole RAM with every word holding (a slice of) its own bus address.

    Words of 4 bytes or more hold the 32-bit address, then its complement, repeated; narrower words
    hold bits [8 * bus_bytes * pass_no, 8 * bus_bytes * (pass_no + 1)) of it."""
    addrs = range(base, base + ram_bytes, bus_bytes)
    if bus_bytes >= 4:
        reps = bus_bytes // 4
        out = array("I", bytes(4 * reps * len(addrs)))
        for k in range(reps):
            out[k::reps] = array("I", addrs) if k % 2 == 0 else array("I", (~a & 0xFFFFFFFF for a in addrs))
        return out.tobytes()
    shift = 8 * bus_bytes * pass_no
    mask = (1 << (8 * bus_bytes)) - 1
    return array("B" if bus_bytes == 1 else "H", ((a >> shift) & mask for a in addrs)).tobytes()


def _alias_report(image: bytes, actual: bytes, base: int, nb: int) -> str:
    miss = first_mismatch(image, actual, base)
    if miss is None:
        return "no difference"
    word = (miss.address - base) // nb
    got = actual[word * nb : (word + 1) * nb]
    note = ""
    if nb >= 4:
        note = f" (the pattern of word 0x{int.from_bytes(got[:4], 'little'):08x})"
    return f"word 0x{base + word * nb:08x} holds {got.hex()}{note}, expected {image[word * nb:(word + 1) * nb].hex()}"


@cocotb.test()
async def every_word_holds_its_own_address(dut) -> None:
    """Address in address over the whole RAM: no two bus addresses share a word, none is lost.

    The whole RAM is written by bursts through the host port, each word with its own address; the
    back door must then see every word at its place (the port decodes addresses as the array is
    laid out) and a front-door read must return the same image (no aliasing)."""
    env = await _env(dut, fill=False)
    nb, base, size = env.cfg.bus_bytes, env.cfg.base_addr, env.cfg.ram_bytes
    for p in range(address_passes(size, nb)):
        image = address_image(base, size, nb, p)
        t0 = time.perf_counter()
        await _front_write(env, base, image)
        back = env.backdoor.read_all()
        assert back == image, f"pass {p}, front-door write, back-door read: {_alias_report(image, back, base, nb)}"
        front = await _front_read(env, base, size)
        assert front == image, f"pass {p}, front-door read: {_alias_report(image, front, base, nb)}"
        env.log.info("address pass %d: %d words in %.2f s", p, size // nb, time.perf_counter() - t0)


# ------------------------------------------------------------------------- front door vs back door


@cocotb.test()
async def front_door_writes_are_what_the_back_door_reads(dut) -> None:
    """Whole-RAM bursts, then unaligned burst and byte-wise NDIS writes: the array holds every byte."""
    env = await _env(dut)
    nb, base, size = env.cfg.bus_bytes, env.cfg.base_addr, env.cfg.ram_bytes
    data = env.random_bytes(size)
    await _front_write(env, base, data)
    back = env.backdoor.read_all()
    assert back == data, f"whole-RAM burst write: {_bit_report(data, back, base, nb)}"
    env.model.write(base, data)
    for i in range(16):
        strategy = CopyStrategy.BYTEWISE if i % 2 else CopyStrategy.BURST
        env.host.strategy = strategy
        length = env.rng.randrange(1, 24 if strategy is CopyStrategy.BYTEWISE else 300)
        address = base + env.rng.randrange(0, size - length + 1)
        chunk = env.random_bytes(length)
        await env.host.NdisImmediateWriteSharedMemory(env.ctx, address, chunk, length)
        env.model.write(address, chunk)
        back = env.backdoor.read(address, length)
        assert back == chunk, f"{strategy.value} write of {length} bytes at 0x{address:08x}: {first_mismatch(chunk, back, address)}"
    env.checker.check_all()


@cocotb.test()
async def back_door_writes_are_what_the_front_door_reads(dut) -> None:
    """Whole RAM put in the array by backdoor reads back through bursts; narrow reads take their lanes."""
    env = await _env(dut, fill=False)
    nb, base, size = env.cfg.bus_bytes, env.cfg.base_addr, env.cfg.ram_bytes
    data = env.random_bytes(size)
    env.backdoor.write(base, data)
    env.model.write(base, data)
    await RisingEdge(dut.clk)
    front = await _front_read(env, base, size)
    assert front == data, f"whole-RAM burst read: {_bit_report(data, front, base, nb)}"
    for _ in range(24):
        size_log2 = env.rng.randrange(nb.bit_length())
        beats = env.rng.randrange(1, 17)
        span = beats << size_log2
        address = base + env.rng.randrange(0, size - span)
        if (address & 0xFFF) + span > 0x1000:
            address -= address & 0xFFF  # stay inside one 4 KiB page
        burst = Burst.covering(address, beats, size_log2, BurstType.INCR)
        xfer = await env.master.read([burst])
        assert xfer.resps == [Resp.OKAY], f"{burst}: {xfer.resps}"
        expected = env.model.read(burst.address, burst.length)
        assert xfer.data == expected, f"narrow read {burst}: {first_mismatch(expected, xfer.data, burst.address)}"
    env.checker.check_all()


# ------------------------------------------------------------------------------------------- March C-


@cocotb.test()
async def march_c_minus_over_the_whole_ram(dut) -> None:
    """March C- with solid backgrounds over every word: no stuck bit, transition or coupling fault
    between words, and no address decoder fault (each element keeps its per-word order at the RAM)."""
    env = await _env(dut, fill=False)
    nb, base, size = env.cfg.bus_bytes, env.cfg.base_addr, env.cfg.ram_bytes
    words = size // nb
    zero, one = 0, (1 << (8 * nb)) - 1
    engine = march_engine(dut, dut.clk, base, nb)
    up, down = list(range(words)), list(range(words - 1, -1, -1))
    t0 = time.perf_counter()
    await _front_write(env, base, bytes(size))  # ⇕(w0)
    elements = (
        ("M1 ⇑(r0,w1)", up, zero, one),
        ("M2 ⇑(r1,w0)", up, one, zero),
        ("M3 ⇓(r0,w1)", down, zero, one),
        ("M4 ⇓(r1,w0)", down, one, zero),
    )
    for name, order, expect, write in elements:
        res = await engine.element(name, order, expect, write)
        if res.mismatch_count:
            raise MarchError(f"{name}: {res.mismatch_count} word(s) read wrong; first: " + "; ".join(res.mismatches))
        env.log.info("%s: %d words in %d cycles", name, res.words, res.cycles)
    final = await _front_read(env, base, size)  # ⇕(r0)
    assert final == bytes(size), f"M5 ⇕(r0): {_bit_report(bytes(size), final, base, nb)}"
    env.log.info("March C- over %d words: %.2f s", words, time.perf_counter() - t0)


@cocotb.test()
async def a_march_element_reports_the_word_that_reads_wrong(dut) -> None:
    """The March engine of the toplevel's bus is not blind: one word flipped behind its back is the
    one mismatch it reports, by address; the element's writes still land on every word."""
    env = await _env(dut, fill=False)
    nb, base = env.cfg.bus_bytes, env.cfg.base_addr
    words = list(range(8, 24))
    await _front_write(env, base, bytes(32 * nb))
    flipped = base + 13 * nb
    env.backdoor.write(flipped, b"\x01" + bytes(nb - 1))
    await RisingEdge(dut.clk)
    one = (1 << (8 * nb)) - 1
    res = await march_engine(dut, dut.clk, base, nb).element("r0,w1", words, 0, one)
    wanted = f"word 0x{flipped:08x}: read 0x{1:0{2 * nb}x}"
    assert res.mismatch_count == 1 and wanted in res.mismatches[0], res.mismatches
    await RisingEdge(dut.clk)
    back = env.backdoor.read(base, 32 * nb)
    assert back == bytes(8 * nb) + b"\xff" * (16 * nb) + bytes(8 * nb), _bit_report(
        bytes(8 * nb) + b"\xff" * (16 * nb) + bytes(8 * nb), back, base, nb)
