"""The test-only HDL in tb/hdl/ agrees with the Python side of the testbench on what they share:
the burst transactor's wire format (tb/xactor_wire.py, field by field, for several ID and address
widths) and the clock period."""

from __future__ import annotations

import ast
import operator
import re
from pathlib import Path

import pytest

from sim.runner import TB_HDL_DIR
from tb import xactor_wire as wire
from tb.clock import CLOCK_PERIOD_NS

WIDTHS = ((8, 32), (4, 32), (1, 40), (8, 64))  # (ID_WIDTH, ADDR_WIDTH)
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.floordiv}


def _source(path: Path) -> str:
    """The file's text with every `include of a file beside it replaced by that file's text, as the
    compiler sees it (the request transactors take their wire format from a shared include)."""
    return re.sub(r'`include\s+"([^"]+)"', lambda m: _source(path.parent / m.group(1)), path.read_text())


def _declarations(path: Path, kind: str = "(?:parameter|localparam)") -> dict[str, str]:
    """Every parameter and localparam (or only those of ``kind``) of the file's module and its
    includes: name -> the text of its value."""
    text = re.sub(r"/\*.*?\*/|//[^\n]*", "", _source(path), flags=re.S)
    found: dict[str, str] = {}
    for name, value in re.findall(rf"\b{kind}\s+(?:\[[^\]]*\]\s*)?(\w+)\s*=\s*([^,;)]+)", text):
        assert name not in found, f"{path.name}: {name} defined twice"
        found[name] = value.strip()
    return found


def _evaluate(expr: str, names: dict[str, str], given: dict[str, int]) -> int | str:
    """The value of a Verilog constant expression of integers, names, + - * / and sized literals."""
    if expr.startswith('"'):
        return expr.strip('"')
    expr = re.sub(r"\d*'[dD](\d+)", r"\1", expr).replace("_", "") if "'" in expr else expr

    def value(node: ast.AST) -> int:
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in given:
                return given[node.id]
            result = _evaluate(names[node.id], names, given)
            assert isinstance(result, int)
            return result
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](value(node.left), value(node.right))
        raise ValueError(f"cannot evaluate {ast.dump(node)} in {expr!r}")

    return value(ast.parse(expr, mode="eval").body)


def _values(path: Path, prefix: str, **given: int) -> dict[str, int]:
    """The localparams whose names start with ``prefix``, evaluated (parameters as ``given``, or their defaults)."""
    names = _declarations(path)
    local = _declarations(path, "localparam")
    return {n: _evaluate(v, names, given) for n, v in local.items() if n.startswith(prefix)}  # type: ignore[misc]


def _parameter(path: Path, name: str, **given: int) -> int | str:
    names = _declarations(path)
    return _evaluate(names[name], names, given)


TOP = TB_HDL_DIR / "axi_burst_xactor.v"
INTAKE = TB_HDL_DIR / "axi_xactor_intake.v"
WR = TB_HDL_DIR / "axi_xactor_wr.v"
RD = TB_HDL_DIR / "axi_xactor_rd.v"


@pytest.mark.parametrize("id_width, addr_width", WIDTHS, ids=lambda w: str(w))
def test_command_fields_are_where_the_python_layout_puts_them(id_width: int, addr_width: int) -> None:
    for streams, layout in ((3, wire.write_command(id_width, addr_width)), (2, wire.read_command(id_width, addr_width))):
        verilog = _values(INTAKE, "CMD_", STREAMS=streams, ID_WIDTH=id_width, ADDR_WIDTH=addr_width)
        python = {k: v for k, v in wire.verilog_names(layout, "CMD_").items() if k not in ("CMD_STREAM", "CMD_FILE")}
        assert verilog == python, f"{streams} pacing streams"
    # the write command's stream count, and the widths the top gives both commands
    wr_width = _parameter(TOP, "WR_CMD_WIDTH", ID_WIDTH=id_width, ADDR_WIDTH=addr_width)
    rd_width = _parameter(TOP, "RD_CMD_WIDTH", ID_WIDTH=id_width, ADDR_WIDTH=addr_width)
    assert wr_width == wire.write_command(id_width, addr_width).width
    assert rd_width == wire.read_command(id_width, addr_width).width
    wr = wire.write_command(id_width, addr_width)
    rd = wire.read_command(id_width, addr_width)
    assert _values(WR, "CMD_", CMD_WIDTH=wr_width) == {"CMD_STREAM": wr["stream"].lsb, "CMD_FILE": wr["file"].lsb}
    # the top's command intake reads a call's first record when the start command has the file bit
    fast_top = TB_HDL_DIR / "nic_fast_top.v"
    assert _values(fast_top, "WR_CMD_", ID_WIDTH=id_width, ADDR_WIDTH=addr_width) == {
        "WR_CMD_START": wr["start"].lsb, "WR_CMD_FILE": wr["file"].lsb}
    assert _parameter(fast_top, "STREAM_FILE") == _parameter(TOP, "WR_STREAM_FILE") == wire.STREAM_FILE
    assert _values(RD, "CMD_", CMD_WIDTH=rd_width) == {"CMD_STREAM": rd["stream"].lsb, "CMD_FILE": rd["file"].lsb}


def test_configuration_fields_match() -> None:
    python = wire.verilog_names(wire.CONFIG, "CFG_")
    assert _values(WR, "CFG_") == python
    assert _values(RD, "CFG_") == python


@pytest.mark.parametrize("path, layout, levels", [
    (WR, wire.WRITE_STATUS, ("ST_LEVEL_AW", "ST_LEVEL_W", "ST_LEVEL_B")),
    (RD, wire.READ_STATUS, ("ST_LEVEL_AR", "ST_LEVEL_R")),
], ids=("write", "read"))
def test_status_fields_match(path: Path, layout: wire.Layout, levels: tuple[str, ...]) -> None:
    verilog = _values(path, "ST_")
    python = wire.verilog_names(layout, "ST_")
    # the Verilog places the pacing levels as one vector (ST_LEVEL_xx +: n*LW), the Python one by one
    assert [python[n] for n in levels] == [python[levels[0]] + i * wire.LEVEL_BITS for i in range(len(levels))]
    assert verilog == {k: v for k, v in python.items() if k not in levels[1:]}
    assert _parameter(path, "STATUS_BITS") == layout.width == wire.STATUS_BITS


def test_stream_records_match() -> None:
    assert _values(WR, "DESC_") == wire.verilog_names(wire.DESCRIPTOR, "DESC_")
    assert _parameter(WR, "RESP_BITS") == wire.RESP_BITS
    assert _parameter(WR, "STREAM_FILE") == _parameter(TOP, "WR_STREAM_FILE") == wire.STREAM_FILE
    assert re.search(rf"\.RLOG\({wire.RESP_LOG}\)", TOP.read_text()), "the top's RLOG is not the log Python reads"


def test_read_stream_files_match() -> None:
    """The read half's descriptors are the write stream's; its out records are the header Python reads."""
    assert _values(RD, "DESC_") == wire.verilog_names(wire.DESCRIPTOR, "DESC_")
    assert _values(RD, "OUT_") == {**wire.verilog_names(wire.READ_RECORD, "OUT_"),
                                   "OUT_HEADER_BYTES": wire.READ_RECORD_HEADER_BYTES}
    assert _parameter(RD, "STREAM_FILE") == _parameter(TOP, "RD_STREAM_FILE") == wire.READ_STREAM_FILE
    assert _parameter(RD, "OUT_FILE") == _parameter(TOP, "RD_OUT_FILE") == wire.READ_OUT_FILE


def test_the_status_mailbox_is_where_python_reads_it() -> None:
    """nic_fast_top maps the file Python opens, at the size it expects, and places each half's
    status (the write half's response log after it) where :data:`tb.xactor_wire.MAILBOX` says."""
    fast_top = TB_HDL_DIR / "nic_fast_top.v"
    assert _parameter(fast_top, "MAILBOX_FILE") == wire.MAILBOX_FILE
    assert _parameter(fast_top, "MAILBOX_BYTES") == wire.MAILBOX_BYTES
    text = fast_top.read_text()
    places = {half: int(m.group(1)) for half in ("WR", "RD")
              if (m := re.search(rf"\.{half}_MAILBOX_AT\((\d+)\)", text))}
    status_bytes = wire.STATUS_BITS // 8
    assert places == {"WR": wire.MAILBOX["x_wr_stat"][0], "RD": wire.MAILBOX["x_rd_stat"][0]}, places
    assert wire.MAILBOX["x_wr_stat"][1] == wire.MAILBOX["x_rd_stat"][1] == status_bytes
    assert wire.MAILBOX["x_wr_resp_log"] == (places["WR"] + status_bytes, wire.RESP_LOG * wire.RESP_BITS // 8)
    # the write half puts its log right after its status, as many bytes as the log holds
    assert "mailbox_put(STATUS_BITS / 8, resp_log, 2 * RLOG / 8);" in WR.read_text()


@pytest.mark.parametrize("path, codes", [(WR, wire.WriteError), (RD, wire.ReadError)], ids=("write", "read"))
def test_error_codes_match(path: Path, codes: type) -> None:
    assert _values(path, "ERR_") == {f"ERR_{c.name}": int(c) for c in codes}


def test_pacing_streams_hold_what_python_counts_on() -> None:
    for path in (WR, RD, TB_HDL_DIR / "axi_xactor_decisions.v"):
        assert _parameter(path, "DEPTH") == wire.DEPTH, path.name
    assert wire.LEVEL_BITS == (wire.DEPTH).bit_length()  # $clog2(DEPTH + 1) for a power of two


def test_the_engine_wrappers_verilog_clock_has_the_testbench_period() -> None:
    """Under +fast_clock nic_fast_top makes its own clock; the cycle counts the engines compare
    are only equal to the Python clock's if the periods are."""
    assert _parameter(TB_HDL_DIR / "nic_fast_top.v", "CLK_PERIOD_NS") == CLOCK_PERIOD_NS


# ---------------------------------------------------------------------- Wishbone and Avalon-MM
WB_XACTOR = TB_HDL_DIR / "wb_xactor.v"
AVMM_XACTOR = TB_HDL_DIR / "avmm_xactor.v"
BUS_XACTORS = (WB_XACTOR, AVMM_XACTOR)


@pytest.mark.parametrize("path", BUS_XACTORS, ids=lambda p: p.stem)
@pytest.mark.parametrize("data_width", (8, 32, 64, 128))
def test_bus_command_fields_are_where_the_python_layout_puts_them(path: Path, data_width: int) -> None:
    layout = wire.bus_command(data_width)
    assert _values(path, "CMD_", DATA_WIDTH=data_width) == wire.verilog_names(layout, "CMD_")
    assert _parameter(path, "CMD_WIDTH", DATA_WIDTH=data_width) == layout.width
    top = TB_HDL_DIR / ("wb_fast_top.v" if path == WB_XACTOR else "avmm_fast_top.v")
    assert _values(top, "CMD_WIDTH", DATA_WIDTH=data_width) == {"CMD_WIDTH": layout.width}


@pytest.mark.parametrize("path", BUS_XACTORS, ids=lambda p: p.stem)
def test_bus_requests_status_and_errors_match(path: Path) -> None:
    assert _values(path, "DESC_") == wire.verilog_names(wire.REQUEST, "DESC_")
    assert _values(path, "ST_") == wire.verilog_names(wire.BUS_STATUS, "ST_")
    assert _values(path, "ERR_") == {f"ERR_{c.name}": int(c) for c in wire.BusError}
    assert _parameter(path, "REC_BYTES", DATA_WIDTH=64) == 8  # a record: descriptor, then one data word


@pytest.mark.parametrize("bus, path, top", [("wishbone", WB_XACTOR, "wb_fast_top.v"),
                                            ("avalon", AVMM_XACTOR, "avmm_fast_top.v")], ids=("wishbone", "avalon"))
def test_bus_files_are_where_python_looks(bus: str, path: Path, top: str) -> None:
    stream, answers, log = wire.BUS_FILES[bus]
    assert (_parameter(path, "STREAM_FILE"), _parameter(path, "ANSWER_FILE")) == (stream, answers)
    assert _parameter(TB_HDL_DIR / top, "LOG_FILE") == log
    assert _parameter(TB_HDL_DIR / top, "CLK_PERIOD_NS") == CLOCK_PERIOD_NS
