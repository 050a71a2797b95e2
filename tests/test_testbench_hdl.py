"""The test-only HDL in tb/hdl/ agrees with the Python side of the testbench on what they share."""

from __future__ import annotations

import re

from sim.runner import TB_HDL_DIR
from tb.clock import CLOCK_PERIOD_NS


def verilog_parameter(path, name: str) -> int:
    """The default value of ``parameter``/``localparam`` ``name`` in a Verilog file (a plain integer)."""
    found = re.findall(rf"\b(?:parameter|localparam)\s+(?:integer\s+)?{name}\s*=\s*(\d+)\s*[,;]?", path.read_text())
    assert len(found) == 1, f"{path.name}: {len(found)} definitions of {name}"
    return int(found[0])


def test_the_engine_wrappers_verilog_clock_has_the_testbench_period():
    """Under +fast_clock nic_fast_top makes its own clock; the cycle counts the engines compare
    are only equal to the Python clock's if the periods are."""
    assert verilog_parameter(TB_HDL_DIR / "nic_fast_top.v", "CLK_PERIOD_NS") == CLOCK_PERIOD_NS
