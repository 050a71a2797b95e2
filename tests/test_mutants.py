"""The RTL mutator (sim/vmutate.py) and the bookkeeping of `make mutants` (sim/mutants.py), without a simulator."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import mutants as driver
from sim import vmutate
from sim.runner import HDL_DIR

SAMPLE = """\
`timescale 1ns / 1ps
// a comment with a == b and 1'b0
module m #(
    parameter W = 8
) (
    input  wire [W-1:0] a,
    input  wire [W-1:0] b,
    input  wire         clk,
    output wire         eq,
    output reg  [W-1:0] q
);
localparam HALF = W / 2;
wire lt = (a < b) && !clk;
assign eq = (a == b) | lt;
sub #(.N(4)) u_sub (.x(a + b), .y());
always @(posedge clk) begin
    if (a >= 4'd3) begin
        q <= a - 8'h01;
    end else begin
        q[0] <= 1'b1;
    end
    case (a[1:0])
        2'b00: q <= b;
        default: q <= ~b;
    endcase
end
endmodule
"""


def _by_op(ms):
    return sorted((m.operator, m.original, m.replacement) for m in ms)


def test_mutants_are_made_only_where_an_expression_is_evaluated():
    got = _by_op(vmutate.mutants(SAMPLE, "m.v"))
    assert got == sorted([
        ("const", "2", "3"),            # localparam HALF = W / 2
        ("rel", "<", "<="),             # wire lt
        ("log", "&&", "||"),
        ("not", "!", ""),
        ("rel", "==", "!="),            # assign eq
        ("bit", "|", "&"),
        ("arith", "+", "-"),            # port connection .x(a + b)
        ("rel", ">=", ">"),             # if condition
        ("const", "4'd3", "4'd4"),
        ("cond", "a >= 4'd3", "!(a >= 4'd3)"),
        ("arith", "-", "+"),            # q <= a - 8'h01
        ("const", "8'h01", "8'h0"),
        ("const", "1'b1", "1'b0"),      # q[0] <= 1'b1 (the index is left alone)
        ("not", "~", ""),               # default: q <= ~b
    ])


def test_nonblocking_assignment_is_not_mistaken_for_less_or_equal():
    ms = vmutate.mutants("module m; always @(posedge c) if (x <= y) q <= z; endmodule\n", "m.v")
    assert [(m.original, m.replacement) for m in ms if m.operator == "rel"] == [("<=", "<")]


def test_comments_declarations_and_parameter_overrides_are_never_mutated():
    ms = vmutate.mutants(SAMPLE, "m.v")
    comment_end = SAMPLE.index("\n", SAMPLE.index("// a comment"))
    header_end = SAMPLE.index(");\n") + 2
    assert all(m.start > header_end for m in ms)
    assert not any(m.start < comment_end for m in ms)
    assert not any(SAMPLE[m.start:m.end] == "4" and m.operator == "const" for m in ms)  # .N(4)


def test_applying_a_mutant_changes_exactly_its_token():
    src = "module m; assign y = a && b; endmodule\n"
    (m,) = vmutate.mutants(src, "m.v")
    assert vmutate.apply(src, m) == "module m; assign y = a || b; endmodule\n"
    assert "-module m; assign y = a && b; endmodule" in vmutate.diff(src, m)
    assert "+module m; assign y = a || b; endmodule" in vmutate.diff(src, m)


def test_a_mutant_refuses_a_source_it_was_not_made_from():
    (m,) = vmutate.mutants("module m; assign y = a && b; endmodule\n", "m.v")
    with pytest.raises(ValueError, match=m.id):
        vmutate.apply("module m; assign y = a  & b; endmodule\n", m)


def test_mutant_ids_survive_edits_on_other_lines():
    src = "module m;\nassign y = a && b;\nendmodule\n"
    moved = "module m;\nwire z;\n\nassign y = a && b;\nendmodule\n"
    (a,) = vmutate.mutants(src, "hdl/m.v")
    (b,) = vmutate.mutants(moved, "hdl/m.v")
    assert a.id == b.id and a.line == 2 and b.line == 4


def test_mutants_are_listed_in_the_same_order_every_time():
    assert [m.id for m in vmutate.mutants(SAMPLE, "m.v")] == [m.id for m in vmutate.mutants(SAMPLE, "m.v")]


def test_sized_constants_change_by_one_bit_or_by_one():
    got = {m.original: m.replacement for m in vmutate.mutants(
        "module m; assign y = {1'b0, 2'b10, 8'd255, 12'hABC, 5}; endmodule\n", "m.v") if m.operator == "const"}
    assert got == {"1'b0": "1'b1", "2'b10": "2'b11", "8'd255": "8'd0", "12'hABC": "12'hABD", "5": "6"}


def test_instantiated_modules_are_found_with_and_without_parameters():
    assert vmutate.instantiated_modules(SAMPLE) == {"sub"}
    top = (HDL_DIR / "nic_shared_ram.v").read_text()
    assert {"nic_axi_wr", "nic_axi_rd", "nic_ram_mem"} <= vmutate.instantiated_modules(top)


def test_every_hdl_file_gets_mutants_and_belongs_to_a_suite():
    for path in sorted(HDL_DIR.glob("*.v")):
        assert vmutate.mutants(path.read_text(), f"hdl/{path.name}"), path
        assert driver.suite_for(path.stem) in driver.SUITES


def test_the_gated_hierarchy_is_the_shared_ram_and_its_submodules():
    assert driver.hierarchy("nic_shared_ram") == {
        "nic_shared_ram", "nic_axi_wr", "nic_axi_rd", "nic_axi_addr_seq", "nic_axi_burst_decode",
        "nic_axi_beat_addr", "nic_resp_queue", "nic_ram_mem", "nic_param_error",
    }


def test_each_bus_top_runs_its_own_suites():
    for top in ("nic_shared_ram_wb", "nic_shared_ram_avmm"):
        assert driver.suite_for(top) == top
        assert {suite.config.toplevel for suite in driver.SUITES[top]} == {top}


def test_the_sample_takes_the_same_mutants_of_every_file_for_a_seed():
    everything = driver.all_rtl_mutants()
    a = driver.sample_rtl(everything, 3, seed=5)
    assert a == driver.sample_rtl(everything, 3, seed=5)
    assert a != driver.sample_rtl(everything, 3, seed=6)
    files = {m.file for m in everything}
    assert {m.file for m in a} == files and len(a) == 3 * len(files)
    assert driver.sample_rtl(everything, None, seed=5) == everything


def test_the_equivalent_list_needs_a_reason_for_every_entry(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text("# comment\nnic_x-0123abcd  only lint reads this wire\n\n")
    assert driver.read_equivalents(good) == {"nic_x-0123abcd": "only lint reads this wire"}
    bad = tmp_path / "bad.txt"
    bad.write_text("nic_x-0123abcd\n")
    with pytest.raises(SystemExit, match="needs a reason"):
        driver.read_equivalents(bad)


def test_the_committed_equivalent_list_reads():
    driver.read_equivalents()


def test_a_listed_mutant_that_is_killed_or_no_longer_made_is_reported():
    report = driver.Report(mode="sampled", seed=1, jobs=1, results=[
        driver.Result(id="a", kind="rtl", file="hdl/nic_ram_mem.v", status=driver.SURVIVED),
        driver.Result(id="b", kind="rtl", file="hdl/nic_ram_mem.v", status=driver.KILLED),
        driver.Result(id="c", kind="rtl", file="hdl/nic_ram_mem.v", status=driver.SURVIVED),
    ])
    driver.apply_equivalents(report, {"a": "why", "b": "why", "gone": "why"}, {"a", "b", "c"})
    assert [r.status for r in report.results] == [driver.EQUIVALENT, driver.KILLED, driver.SURVIVED]
    assert report.killed_equivalents == ["b"] and report.stale_equivalents == ["gone"]
    assert [r.id for r in driver.open_survivors(report)] == ["c"]


def test_kill_rate_leaves_equivalent_mutants_out(tmp_path: Path):
    results = [driver.Result(id=str(i), kind="python", file="models/axi.py", status=s)
               for i, s in enumerate([driver.KILLED, driver.KILLED, driver.TIMEOUT, driver.SURVIVED, driver.EQUIVALENT])]
    (row,) = driver.per_file(results)
    assert row["kill_rate"] == 75.0 and row["gated"]
    text, js, page = driver.write_reports(driver.Report("sampled", 1, 1, results=results), tmp_path)
    assert "models/axi.py" in text.read_text() and "75.0" in text.read_text()
    assert page.read_text().startswith("<!doctype html>")


def test_the_python_sample_takes_a_share_of_every_file_the_same_way_for_a_seed():
    names = {"models/a.py": [f"a_{i}" for i in range(50)], "tb/b.py": ["b_0", "b_1"]}
    a = driver.sample_python(names, 0.1, seed=3)
    assert a == driver.sample_python(names, 0.1, seed=3)
    assert len([n for n in a if n.startswith("a_")]) == 5 and len([n for n in a if n.startswith("b_")]) == 1
    assert driver.sample_python(names, None, seed=3) is None and driver.sample_python(names, 1.0, seed=3) is None


def test_lint_passes_the_rtl_and_names_what_a_width_mutant_breaks(tmp_path: Path):
    top, cfg = "nic_shared_ram", driver.SUITES["nic_shared_ram"][0].config
    assert driver.lint(top, cfg, HDL_DIR) is None
    hdl = tmp_path / "hdl"
    hdl.mkdir()
    for path in HDL_DIR.glob("*.v"):
        (hdl / path.name).write_text(path.read_text())
    source = (HDL_DIR / "nic_axi_rd.v").read_text()
    (mutant,) = [m for m in vmutate.mutants(source, "hdl/nic_axi_rd.v")
                 if "WORD_AW =" in source.splitlines()[m.line - 1] and m.operator == "arith"]
    (hdl / "nic_axi_rd.v").write_text(vmutate.apply(source, mutant))
    complaint = driver.lint(top, cfg, hdl)
    assert complaint is not None and "beat_word" in complaint


def test_the_rtl_elaborates_at_its_legal_corners_and_refuses_its_illegal_ones():
    assert driver.parameter_corners("nic_shared_ram", HDL_DIR) is None
    assert driver.parameter_corners("nic_legacy", HDL_DIR) is None


def _line_matches(text: str, line: str) -> bool:
    return text.strip() == line[1:] if line.startswith("=") else line in text


def _mutated_copy(tmp_path: Path, file: str, line: str, original: str, then: str = "") -> Path:
    """A copy of hdl/ with the one mutant of ``file`` that replaces ``original`` (followed by
    ``then``) on the line that holds ``line`` (with a leading ``=``: is exactly it, blanks aside)."""
    hdl = tmp_path / "hdl"
    hdl.mkdir()
    for path in HDL_DIR.glob("*.v"):
        (hdl / path.name).write_text(path.read_text())
    source = (HDL_DIR / file).read_text()
    (mutant,) = [m for m in vmutate.mutants(source, f"hdl/{file}")
                 if _line_matches(source.splitlines()[m.line - 1], line) and m.original == original
                 and source[m.end:].lstrip().startswith(then)]
    (hdl / file).write_text(vmutate.apply(source, mutant))
    return hdl


def test_a_weakened_parameter_rule_is_caught_by_the_parameter_refusals(tmp_path: Path):
    # DATA_WIDTH != 8 || ...: a 24-bit bus would be accepted
    hdl = _mutated_copy(tmp_path, "nic_shared_ram.v", "(DATA_WIDTH == 8 ||", "==", then="8 ")
    assert driver.parameter_corners("nic_shared_ram", hdl, sims=("icarus",)) == (
        "icarus: illegal parameters data_width_24 accepted")


def test_a_refusal_that_no_longer_names_its_rule_is_caught(tmp_path: Path):
    # RAM_BYTES >= 2 * STRB_WIDTH || power of two: a one-word RAM passes the rule and is refused
    # only by an error further on, which names neither the parameter nor the value
    hdl = _mutated_copy(tmp_path, "nic_shared_ram.v", "RAM_BYTES >= 2 * STRB_WIDTH", "&&")
    complaint = driver.parameter_corners("nic_shared_ram", hdl, sims=("icarus",))
    assert complaint is not None and complaint.startswith("icarus: illegal parameters ram_bytes_one_word refused without")


def test_a_tightened_parameter_rule_is_caught_by_the_legal_corners(tmp_path: Path):
    # DATA_WIDTH == 129 instead of 128: the widest bus would be refused
    hdl = _mutated_copy(tmp_path, "nic_shared_ram.v", "DATA_WIDTH == 128", "128")
    complaint = driver.parameter_corners("nic_shared_ram", hdl, sims=("icarus",))
    assert complaint == "icarus: legal parameters DATA_WIDTH=128 RAM_BYTES=32 BASE_ADDR=32 refused"


def test_a_refusal_that_no_longer_names_its_limit_is_caught_by_verilators_message(tmp_path: Path):
    # the message of a rule with a limit printed without it: still refused, but not as specified
    hdl = _mutated_copy(tmp_path, "nic_param_error.v", "=if (HAS_LIMIT != 0) begin", "!=")
    complaint = driver.parameter_corners("nic_shared_ram", hdl, sims=("verilator",))
    assert complaint is not None and complaint.startswith("verilator: illegal parameters ram_bytes_one_word refused without")


def test_the_gated_selection_keeps_the_gated_python_files_and_the_shared_ram_hierarchy():
    py = driver.file_filter("python", gated_only=True, globs=None)
    rtl = driver.file_filter("rtl", gated_only=True, globs=None)
    assert all(py(f) for f in driver.GATED_PY) and not py("models/wishbone.py")
    assert rtl("hdl/nic_axi_burst_decode.v") and rtl("hdl/nic_param_error.v")
    assert not rtl("hdl/nic_legacy.v") and not rtl("hdl/nic_shared_ram_wb.v")


def test_file_globs_narrow_the_selection_and_combine_with_the_gated_one():
    assert driver.file_filter("python", gated_only=False, globs=None) is None
    models = driver.file_filter("python", gated_only=False, globs=["models/*"])
    assert models("models/wishbone.py") and not models("tb/ndis.py")
    gated_models = driver.file_filter("python", gated_only=True, globs=["models/*"])
    assert gated_models("models/axi.py") and not gated_models("models/wishbone.py")
    assert not gated_models("tb/ndis.py")


def test_a_python_file_is_selected_in_mutmut_by_its_module_name():
    assert driver.python_module_pattern("models/axi.py") == "models.axi.x*"
    assert driver.python_module_pattern("tb/legacy/host.py") == "tb.legacy.host.x*"


def test_named_mutants_take_no_other_selection():
    with pytest.raises(SystemExit):
        driver.main(["--ids", "nic_axi_rd-c0bb223c", "--gated"])


def test_an_rtl_id_that_is_not_made_is_refused_by_name():
    with pytest.raises(SystemExit, match="no RTL mutant is named nic_axi_rd-00000000"):
        driver.main(["--ids", "nic_axi_rd-00000000"])
