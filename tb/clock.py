"""The testbench's clock: one period for every toplevel a Python clock drives.

``nic_fast_top`` generates the same period in Verilog under ``+fast_clock`` (its parameter
``CLK_PERIOD_NS``, checked against :data:`CLOCK_PERIOD_NS` by the unit tests).
"""

from __future__ import annotations

from cocotb.clock import Clock
from cocotb.handle import SimHandleBase

CLOCK_PERIOD_NS = 10


def start_clock(clk: SimHandleBase) -> None:
    """Drive ``clk`` with a :data:`CLOCK_PERIOD_NS` clock from cocotb."""
    Clock(clk, CLOCK_PERIOD_NS, unit="ns").start()
