"""The transactor's wire format (tb.xactor_wire) on its own: fields in place, no overlap, values
that do not fit refused by name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tb.xactor_wire import (
    CONFIG,
    DESCRIPTOR,
    DESCRIPTOR_BYTES,
    READ_RECORD,
    READ_RECORD_HEADER_BYTES,
    READ_STATUS,
    STATUS_BITS,
    WRITE_STATUS,
    MAILBOX,
    MAILBOX_BYTES,
    HeldFile,
    Mailbox,
    descriptor,
    logged_response,
    read_command,
    read_record_bytes,
    record_bytes,
    write_command,
)

LAYOUTS = {
    "write command": write_command(8, 32), "read command": read_command(8, 32), "config": CONFIG,
    "write status": WRITE_STATUS, "read status": READ_STATUS, "descriptor": DESCRIPTOR,
    "read record header": READ_RECORD,
}


@pytest.mark.parametrize("name", LAYOUTS)
def test_no_two_fields_share_a_bit(name: str) -> None:
    layout = LAYOUTS[name]
    owner: dict[int, str] = {}
    for f in layout.fields.values():
        for bit in range(f.lsb, f.lsb + f.width):
            assert bit not in owner, f"{name}: bit {bit} is in both {owner[bit]} and {f.name}"
            assert bit < layout.width, f"{name}: {f.name} reaches bit {bit}, beyond {layout.width}"
            owner[bit] = f.name


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_field_reads_back_what_was_packed(name: str) -> None:
    layout = LAYOUTS[name]
    values = {n: (0x5A5A5A5A5A5A5A5A >> i) & f.mask for i, (n, f) in enumerate(layout.fields.items())}
    assert layout.unpack(layout.pack(**values)) == values


def test_a_value_wider_than_its_field_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"len=256 does not fit 8 bits \(allowed 0..255\)"):
        write_command(8, 32).pack(len=256)
    with pytest.raises(KeyError, match="no field 'data'"):
        read_command(8, 32).pack(data=1)


def test_the_commands_have_the_widths_the_toplevel_gives_them() -> None:
    # nic_fast_top: WR_CMD_WIDTH = 46 + ID_WIDTH + ADDR_WIDTH, RD_CMD_WIDTH = 44 + ID_WIDTH + ADDR_WIDTH
    for id_width, addr_width in ((8, 32), (4, 32), (8, 40)):
        assert write_command(id_width, addr_width).width == 46 + id_width + addr_width
        assert read_command(id_width, addr_width).width == 44 + id_width + addr_width
    assert WRITE_STATUS.width == READ_STATUS.width == STATUS_BITS


def test_the_fields_of_a_command_follow_the_pacing_streams() -> None:
    wr, rd = write_command(8, 32), read_command(8, 32)
    assert (wr["pace"].lsb, wr["chunks"].lsb, wr["len"].lsb, wr["id"].lsb, wr["addr"].lsb, wr["stream"].lsb) == (
        11, 14, 17, 30, 38, 70)
    assert (rd["pace"].lsb, rd["chunks"].lsb, rd["len"].lsb, rd["id"].lsb, rd["addr"].lsb, rd["stream"].lsb) == (
        11, 13, 15, 28, 36, 68)


def test_a_descriptor_is_big_endian_with_the_address_in_the_upper_half() -> None:
    raw = descriptor(0x000D_1000, 16, 3, 1)
    assert len(raw) == DESCRIPTOR_BYTES
    assert raw[:8] == (0x000D_1000).to_bytes(8, "big")
    assert DESCRIPTOR.unpack(int.from_bytes(raw, "big")) == {"type": 1, "size": 3, "len": 15, "addr": 0x000D_1000}


@pytest.mark.parametrize("address, beats, size, burst_type", [
    (0, 1, 0, 0), ((1 << 64) - 1, 256, 7, 3), (0x000D_1003, 190, 3, 1), (0x8000_0000, 16, 2, 2)])
def test_a_descriptor_packs_every_field_as_the_layout_does(address: int, beats: int, size: int, burst_type: int) -> None:
    packed = DESCRIPTOR.pack(addr=address, len=beats - 1, size=size, type=burst_type)
    assert descriptor(address, beats, size, burst_type) == packed.to_bytes(DESCRIPTOR_BYTES, "big")


@pytest.mark.parametrize("field, args", [
    ("addr", (1 << 64, 1, 0, 0)), ("addr", (-1, 1, 0, 0)), ("len", (0, 257, 0, 0)), ("len", (0, 0, 0, 0)),
    ("size", (0, 1, 8, 0)), ("type", (0, 1, 0, 4))])
def test_a_descriptor_value_that_does_not_fit_is_refused_naming_its_field(field: str, args: tuple) -> None:
    with pytest.raises(ValueError, match=rf"\b{field}\b"):
        descriptor(*args)


def test_a_record_holds_the_descriptor_and_every_beats_data_and_strobes() -> None:
    assert record_bytes(256, 8) == 16 + 256 * 8 + 256
    assert record_bytes(256, 1) == 16 + 256 + 32


def test_a_read_record_is_its_header_and_every_beat() -> None:
    assert READ_RECORD_HEADER_BYTES == 4
    assert read_record_bytes(256, 8) == 4 + 256 * 8
    assert read_record_bytes(256, 1) == 4 + 256


def test_the_response_log_wraps_after_256_responses() -> None:
    log = 0b10 << (2 * 3) | 0b11 << (2 * 255)
    assert logged_response(log, 3) == 2
    assert logged_response(log, 255) == 3
    assert logged_response(log, 256 + 3) == 2


def test_a_held_file_rewritten_shorter_ends_where_the_new_content_ends(tmp_path: Path) -> None:
    path = tmp_path / "stream"
    held = HeldFile(str(path))
    held.rewrite(b"0123456789")
    held.rewrite(b"abc")
    assert path.read_bytes() == b"abc"
    held.rewrite(b"defghij")
    assert path.read_bytes() == b"defghij"
    held.close()


def test_a_held_file_reads_what_another_writer_left_there_since_its_last_read(tmp_path: Path) -> None:
    path = tmp_path / "out"
    path.write_bytes(b"first call")
    held = HeldFile(str(path))
    assert held.read(5) == b"first"
    with open(path, "r+b") as f:  # as the transactor writes it: in place, through its own handle
        f.write(b"other")
    assert held.read(10) == b"other call"
    assert held.read(64) == b"other call", "a file shorter than asked for gives what it holds"
    held.close()


def test_a_held_file_removed_between_calls_is_made_again_at_its_path(tmp_path: Path) -> None:
    path = tmp_path / "stream"
    held = HeldFile(str(path))
    held.rewrite(b"before")
    os.remove(path)
    held.rewrite(b"after")
    assert path.read_bytes() == b"after"
    held.close()


def test_a_held_file_rewritten_at_its_own_length_holds_the_new_content(tmp_path: Path) -> None:
    """A call as long as the last is copied into a mapping of the file: a reader through its own
    handle sees each call's bytes, and a rewrite of another length after it still ends the file there."""
    path = tmp_path / "stream"
    held = HeldFile(str(path))
    with open(path, "w+b") as reader:
        for content in (b"0123456789", b"abcdefghij", b"ABCDEFGHIJ"):
            held.rewrite(content)
            assert os.pread(reader.fileno(), 64, 0) == content
    held.rewrite(b"xyz")
    assert path.read_bytes() == b"xyz"
    held.rewrite(b"0123456789")
    held.rewrite(b"9876543210")
    assert path.read_bytes() == b"9876543210"
    held.close()


def _cut(path: Path) -> None:
    path.write_bytes(b"cut")  # (truncated and rewritten through another handle)


def _replace(path: Path) -> None:
    new = path.with_name("new")
    new.write_bytes(b"9999999999")
    os.replace(new, path)


@pytest.mark.parametrize("change", [_cut, _replace], ids=["cut by another writer", "replaced"])
def test_a_held_file_changed_between_calls_is_written_whole_at_its_path(tmp_path: Path, change) -> None:
    """After two rewrites of one length (the second through the mapping), another hand cuts or
    replaces the file; the next rewrite of that length still leaves exactly its bytes at the path."""
    path = tmp_path / "stream"
    held = HeldFile(str(path))
    held.rewrite(b"0123456789")
    held.rewrite(b"abcdefghij")
    change(path)
    held.rewrite(b"ABCDEFGHIJ")
    assert path.read_bytes() == b"ABCDEFGHIJ"
    held.close()


def test_the_mailbox_reads_each_vector_least_significant_byte_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert sorted((at, at + size) for at, size in MAILBOX.values())[-1][1] == MAILBOX_BYTES
    raw = bytearray(MAILBOX_BYTES)
    at, size = MAILBOX["x_rd_stat"]
    raw[at : at + size] = (0x1234 | 7 << 200).to_bytes(size, "little")
    Path("axi_xactor.mailbox").write_bytes(raw)
    box = Mailbox()
    read = box.reader("x_rd_stat")
    assert read() == 0x1234 | 7 << 200 and box.reader("x_wr_stat")() == 0
    with open("axi_xactor.mailbox", "r+b") as f:  # as the model writes it: in place
        f.seek(at)
        f.write((5).to_bytes(size, "little"))
    assert read() == 5, "a reader returns the vector as it is now, not as it was when it was made"
    with pytest.raises(ValueError, match="vector='x_cycle'; the mailbox holds x_wr_stat, x_wr_resp_log, x_rd_stat"):
        box.reader("x_cycle")
    box.close()


def test_a_file_of_another_size_is_refused_as_a_mailbox(tmp_path: Path) -> None:
    path = tmp_path / "axi_xactor.mailbox"
    path.write_bytes(bytes(64))
    with pytest.raises(ValueError, match=f"holds 64 bytes; a status mailbox holds {MAILBOX_BYTES}"):
        Mailbox(str(path))
