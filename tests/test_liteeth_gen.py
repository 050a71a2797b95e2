"""The LiteEth generation glue: the post-processing rules for Icarus (pure text), the slot-memory
manifest, the stamp that regenerates on a config or version change, and the map read from csr.json."""

from __future__ import annotations

import json
import subprocess

import pytest

from models.liteeth import LiteEthMap, LiteEthMapError, liteeth_platform, wire_frame
from models.platform import CmResourceType
from sim import liteeth_gen
from sim.liteeth_post import (
    KICK_SINK,
    KICK_SOURCE,
    PostProcessError,
    blocking_comb,
    comb_blocks,
    for_icarus,
    kick_comb_blocks,
    slot_memories,
)

VERILOG = """module m (input wire clk, input wire [3:0] a, output reg [3:0] y, output reg z);
reg [3:0] q = 4'd0;
always @(*) begin
    y <= 4'd0;
    if ((a <= 4'd3)) begin
        y[1:0] <= a[1:0];
    end else begin
        case (a)
            4'd9: begin
                y <= q;
            end
        endcase
    end
end
always @(*) begin
    z <= 1'd1;
end
always @(posedge clk) begin
    q <= a;
end
endmodule
"""


def test_comb_blocks_are_found_with_their_nested_begin_end() -> None:
    blocks = comb_blocks(VERILOG)
    assert len(blocks) == 2
    assert VERILOG[blocks[0].start : blocks[0].end].rstrip().endswith("end\n    end\nend") or VERILOG[blocks[0].end - 3 : blocks[0].end] == "end"
    assert "z <= 1'd1" in VERILOG[blocks[1].start : blocks[1].end]
    assert "posedge" not in VERILOG[blocks[0].start : blocks[1].end]


def test_blocking_comb_changes_assignments_in_comb_blocks_only() -> None:
    out, n = blocking_comb(VERILOG)
    assert n == 2
    assert "    y = 4'd0;" in out and "y[1:0] = a[1:0];" in out and "y = q;" in out and "z = 1'd1;" in out
    assert "(a <= 4'd3)" in out, "a <= comparison must stay"
    assert "q <= a;" in out, "the clocked block must keep its non-blocking assignment"


def test_kick_makes_every_comb_block_read_a_register_set_at_time_zero() -> None:
    out, n = kick_comb_blocks(VERILOG)
    assert n == 2
    assert out.count(f"{KICK_SINK} = {KICK_SOURCE};") == 2
    assert f"initial {KICK_SOURCE} <= 1'b0;" in out
    assert out.index(f"reg {KICK_SOURCE};") < comb_blocks(out)[0].start


def test_kick_refuses_a_second_pass_and_two_modules() -> None:
    once, _ = kick_comb_blocks(VERILOG)
    with pytest.raises(PostProcessError, match="post-processed twice"):
        kick_comb_blocks(once)
    with pytest.raises(PostProcessError, match="exactly one module"):
        kick_comb_blocks(VERILOG + "\nmodule n (); endmodule\n")


def test_an_unterminated_comb_block_is_reported_with_its_line() -> None:
    with pytest.raises(PostProcessError, match="line 2 has no matching end"):
        comb_blocks("module m ();\nalways @(*) begin\n  x <= 1;\n")


def _icarus_values(tmp_path, text: str) -> str:
    src = tmp_path / "m.v"
    tb = tmp_path / "tb.v"
    src.write_text(text)
    tb.write_text("module tb; reg clk = 0; reg [3:0] a = 4'd2; wire [3:0] y; wire z;\n"
                  "m u (.clk(clk), .a(a), .y(y), .z(z));\n"
                  "initial begin #1 $display(\"y=%b z=%b\", y, z); $finish; end endmodule\n")
    subprocess.run(["iverilog", "-g2012", "-o", str(tmp_path / "sim"), str(src), str(tb)], check=True,
                   capture_output=True)
    return subprocess.run(["vvp", "-n", str(tmp_path / "sim")], check=True, capture_output=True, text=True).stdout


def test_for_icarus_output_compiles_and_runs_under_icarus(tmp_path) -> None:
    text, counts = for_icarus(VERILOG)
    assert counts == {"blocks": 2, "made_blocking": 2, "kicked": 2}
    out = _icarus_values(tmp_path, text)
    assert "y=0010 z=1" in out, out


def test_without_the_kick_a_block_with_no_inputs_never_runs_under_icarus(tmp_path) -> None:
    """Why the kick is there: z's block reads nothing, so Icarus never runs it and z stays X."""
    text, _ = blocking_comb(VERILOG)
    out = _icarus_values(tmp_path, text)
    assert "z=x" in out, out


def test_slot_memories_are_the_32_bit_arrays_deep_enough_for_a_frame() -> None:
    text = "reg [41:0] storage[0:31];\nreg [31:0] mem[0:382];\nreg [31:0] small[0:15];\nreg [31:0] mem_1[0:382];\n"
    assert slot_memories(text) == [{"name": "mem", "depth": 383}, {"name": "mem_1", "depth": 383}]


def test_the_stamp_follows_the_config(tmp_path) -> None:
    cfg = tmp_path / "c.yml"
    cfg.write_text(liteeth_gen.CONFIG.read_text())
    first = liteeth_gen.stamp(cfg)
    assert liteeth_gen.stamp(cfg) == first
    cfg.write_text(cfg.read_text().replace("nrxslots: 2", "nrxslots: 4"))
    assert liteeth_gen.stamp(cfg) != first


def test_the_stamp_follows_the_pinned_versions(monkeypatch) -> None:
    first = liteeth_gen.stamp(liteeth_gen.CONFIG)
    monkeypatch.setattr(liteeth_gen, "versions", lambda: {"liteeth": "0.0", "litex": "0.0"})
    assert liteeth_gen.stamp(liteeth_gen.CONFIG) != first


def test_the_committed_config_generates_a_core_with_its_map() -> None:
    core = liteeth_gen.ensure()
    assert core.stock_verilog.is_file() and core.icarus_verilog.is_file()
    m = LiteEthMap.from_csr_json(core.csr_json)
    assert (m.rx_slots, m.tx_slots) == (2, 2)
    mems = json.loads(core.memories_json("icarus").read_text())
    assert len(mems) == m.rx_slots + m.tx_slots, mems
    assert all(d["depth"] * 4 >= 1514 for d in mems)


def _map() -> LiteEthMap:
    return LiteEthMap.from_csr_json(liteeth_gen.ensure().csr_json)


def test_the_map_gives_slot_addresses_and_refuses_a_slot_that_does_not_exist() -> None:
    m = _map()
    assert m.tx_slot(1) == m.tx_base + m.slot_size
    with pytest.raises(LiteEthMapError, match=r"TX slot 2 does not exist; allowed: 0\.\.1"):
        m.tx_slot(2)
    with pytest.raises(LiteEthMapError, match="no CSR 'ethmac_nothing'"):
        m.reg("ethmac_nothing")


def test_a_csr_json_without_a_needed_register_is_named() -> None:
    data = json.loads(liteeth_gen.ensure().csr_json.read_text())
    del data["csr_registers"]["ethmac_sram_reader_start"]
    with pytest.raises(LiteEthMapError, match="csr_registers/ethmac_sram_reader_start"):
        LiteEthMap.from_csr_json(data)


def test_the_adapter_resources_are_the_csr_range_then_the_sram() -> None:
    m = _map()
    _, ctx = liteeth_platform(m)
    regs, sram = ctx.memory_ranges()
    assert all(r.type == CmResourceType.Memory for r in (regs, sram))
    assert (regs.start, regs.length) == (m.csr_base, m.csr_size)
    assert sram.start <= min(m.rx_base, m.tx_base) and sram.end >= max(m.rx_base + m.rx_size, m.tx_base + m.tx_size)


def test_short_frames_are_padded_to_60_bytes_on_the_wire() -> None:
    assert wire_frame(b"\x01" * 20) == b"\x01" * 20 + bytes(40)
    assert wire_frame(b"\x01" * 100) == b"\x01" * 100
