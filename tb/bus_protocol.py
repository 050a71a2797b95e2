"""A passive protocol monitor for the Wishbone and Avalon-MM ports, like :mod:`tb.protocol` for AXI.

:class:`BusProtocolChecker` samples a port at every rising clock edge (the values the slave saw at
that edge), turns the pins into the sample a pure rule engine takes (:class:`models.wishbone.WishboneRules`,
:class:`models.avalon.AvalonRules`) and fails the test at the first broken rule: its task raises
:class:`BusProtocolViolation`, and cocotb fails a test whose background task raised. A test that
breaks the protocol on purpose says so with ``with checker.expect("rule-3.25-cyc"): ...``; the named
rules are then recorded instead of raised, and must have fired by the end of the block.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Mapping, Sequence

import cocotb
from cocotb.handle import SimHandleBase
from cocotb.simtime import get_sim_time
from cocotb.triggers import RisingEdge

from tb.protocol import ProtocolVerdicts


class BusProtocolViolation(AssertionError):
    """The port broke a protocol rule the test did not declare as expected."""

    def __init__(self, bus: str, violations: Sequence[Any]) -> None:
        self.violations = list(violations)
        super().__init__(f"{bus} protocol violation: " + "; ".join(str(v) for v in violations))


def int_reader(handle: SimHandleBase) -> Callable[[], int | None]:
    """A reader of a signal as an int, or None when any bit is X or Z."""
    raw = getattr(handle, "_handle", None)
    getter = getattr(raw, "get_signal_val_binstr", None)
    if getter is None:
        def getter() -> str:
            return str(handle.value)

    def read() -> int | None:
        bits = getter()
        return int(bits, 2) if bits.isdigit() else None

    return read


class BusProtocolChecker(ProtocolVerdicts):
    """Watch a port at every rising edge of ``clock`` and feed ``rules`` one sample per edge.

    ``sample`` builds the rules' sample from the pins (see :func:`int_reader`); ``rules`` has
    ``step(time_ns, sample)``, ``new``/``take_new()``, ``violations`` and ``listeners``; ``names``
    are the rule names :meth:`expect` accepts. Its verdicts and ``expect`` are :class:`tb.protocol.ProtocolVerdicts`'s."""

    def __init__(
        self,
        bus: str,
        clock: SimHandleBase,
        rules: Any,
        sample: Callable[[], Any],
        names: Mapping[str, str],
        *,
        raise_on_violation: bool = True,
        log: logging.Logger | None = None,
    ) -> None:
        self.bus = bus
        self.clock = clock
        self._sample = sample
        self._init_verdicts(bus, rules, names, lambda bad: BusProtocolViolation(bus, bad), raise_on_violation,
                            log or logging.getLogger(f"cocotb.tb.{bus.lower()}_protocol"))

    def start(self) -> "BusProtocolChecker":
        if self._task is None:
            self._task = cocotb.start_soon(self._run(), name=f"{self.bus} protocol checker")
        return self

    async def _run(self) -> None:
        edge = RisingEdge(self.clock)
        last = period = None
        try:
            while True:
                await edge
                now = get_sim_time("ns")
                if last is not None:
                    period = now - last
                last = now
                self.rules.step(now, self._sample())
                if self.rules.new:
                    self._report(self.rules.take_new())
        finally:
            # A test that ends on a rising edge may end before this task saw that edge: judge it
            # now (the values are still those of the edge), so its last answer is not lost.
            try:
                now = get_sim_time("ns")
                if period is not None and now == last + period and self.clock.value == 1:
                    self.rules.step(now, self._sample())
                    if self.rules.new:
                        self._report(self.rules.take_new())
            finally:
                for callback in self._on_stop:
                    callback()
