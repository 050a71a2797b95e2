"""AXI4 protocol checker: a passive monitor of both sides of an AXI4 port.

:class:`AxiProtocolChecker` samples the port at every rising clock edge (the values the slave saw
at that edge, as the master samples them) and hands each channel to
:class:`models.axi_protocol.AxiProtocolRules`, the pure rule engine (the rules and what each one
means are listed there and in :data:`models.axi_protocol.RULES`). A broken rule is a
:class:`~models.axi_protocol.BrokenRule` naming the simulation time, the channel and the rule; the
checker's task raises :class:`AxiProtocolViolation` at once, and cocotb fails a test whose
background task raised. A test that breaks the protocol on purpose declares it with
``with checker.expect("wrap-length"): ...``: the named rules are then recorded instead of raised,
and must have fired by the end of the block.

Every completed burst is passed to the listeners (:meth:`AxiProtocolChecker.add_listener`) as a
:class:`models.axi.BurstRecord`; that is what functional coverage samples.

:class:`RecordedProtocolChecker` applies the same rules to a port watched by the Verilog recorder
(``tb/hdl/axi_port_recorder.v``): under a clock made in Verilog, where sampling from Python would
see post-edge values, the recorder judges the per-cycle rules and logs the handshakes, and the
checker reads the log after every call of the bus engine.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import cocotb
from cocotb.handle import SimHandleBase
from cocotb.simtime import get_sim_time
from cocotb.task import Task
from cocotb.triggers import Event, RisingEdge

from models.axi import BurstRecord
from models.axi_port_log import PortLogReader
from models.axi_protocol import CHANNELS, RULES, AxiProtocolRules, BrokenRule

#: The file the Verilog port recorder writes (LOG_FILE of tb/hdl/axi_port_recorder.v), in the run directory.
PORT_LOG = "axi_port.log"


class AxiProtocolViolation(AssertionError):
    """The AXI port broke a protocol rule the test did not declare as expected."""

    def __init__(self, violations: Sequence[BrokenRule]) -> None:
        self.violations = list(violations)
        super().__init__("AXI protocol violation: " + "; ".join(str(v) for v in violations))


def _reader(handle: SimHandleBase) -> Callable[[], str]:
    """A fast reader of a signal's binary string.

    The checker reads a dozen signals every clock; going to the simulator interface for the
    binary string skips building a LogicArray for every read.
    """
    raw = getattr(handle, "_handle", None)
    getter = getattr(raw, "get_signal_val_binstr", None)
    if getter is not None:
        return getter
    return lambda: str(handle.value)


class ProtocolVerdicts:
    """What every protocol checker shares, whatever the bus: the rule engine, the listeners,
    ``expect`` and the verdict on each new violation (raised, or recorded when expected or not
    raising). A checker calls :meth:`_init_verdicts` with its bus's name, rule engine, rule names
    and violation exception, and feeds :meth:`_report` with the engine's new violations."""

    def _init_verdicts(
        self,
        label: str,
        rules: Any,
        rule_names: Sequence[str],
        violation: Callable[[list[Any]], AssertionError],
        raise_on_violation: bool,
        log: logging.Logger,
    ) -> None:
        self.label = label
        self.rules = rules
        self.rule_names = tuple(rule_names)
        self._violation = violation
        self.raise_on_violation = raise_on_violation
        self.log = log
        self._expected: list[frozenset[str]] = []
        self.expected_seen: list[Any] = []
        self.unexpected: list[Any] = []
        self._on_stop: list[Callable[[], None]] = []
        self._task: Task | None = None

    @property
    def violations(self) -> list[Any]:
        return self.rules.violations

    def add_listener(self, listener: Callable[[Any], None]) -> None:
        """Call ``listener`` with every completed burst."""
        self.rules.listeners.append(listener)

    def on_stop(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when the checker's task ends (the test is over, or a violation ended it)."""
        self._on_stop.append(callback)

    @property
    def task(self) -> Task | None:
        return self._task

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def _catch_up(self) -> None:
        """Judge whatever the port did that this checker has not judged yet (nothing, for a sampler)."""

    @contextmanager
    def expect(self, *rules: str) -> Iterator[None]:
        """Allow violations of ``rules`` inside the block; each must have fired when it ends."""
        unknown = [r for r in rules if r not in self.rule_names]
        if unknown or not rules:
            raise ValueError(f"unknown {self.label} protocol rule(s) {unknown or '(none given)'}; "
                             f"allowed: {', '.join(self.rule_names)}")
        allowed = frozenset(rules)
        before = len(self.expected_seen)
        self._expected.append(allowed)
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            try:
                if not failed:
                    self._catch_up()
            finally:
                self._expected.remove(allowed)
            if not failed:
                seen = {v.rule for v in self.expected_seen[before:]}
                missing = sorted(allowed - seen)
                if missing:
                    raise AssertionError(
                        f"expected protocol violation(s) {', '.join(missing)} did not occur on the {self.label} port "
                        f"(seen: {', '.join(sorted(seen)) or 'none'})"
                    )

    def _allowed(self, rule: str) -> bool:
        return any(rule in allowed for allowed in self._expected)

    def _report(self, new: list[Any]) -> None:
        bad = []
        for v in new:
            if self._allowed(v.rule):
                self.expected_seen.append(v)
                self.log.info("expected %s protocol violation: %s", self.label, v)
            else:
                self.unexpected.append(v)
                self.log.error("%s protocol violation: %s", self.label, v)
                bad.append(v)
        if bad and self.raise_on_violation:
            raise self._violation(bad)


class AxiProtocolChecker(ProtocolVerdicts):
    """Watches ``<prefix>_*`` of an AXI4 port at every rising edge of ``clock`` and enforces :data:`RULES`.

    ``reset`` (active high) suspends checking. By default an unexpected violation raises
    :class:`AxiProtocolViolation` from the checker's task, which fails the running test; with
    ``raise_on_violation=False`` violations are only recorded (and logged).
    """

    def __init__(
        self,
        entity: SimHandleBase,
        prefix: str,
        clock: SimHandleBase,
        *,
        reset: SimHandleBase | None = None,
        bus_bytes: int | None = None,
        raise_on_violation: bool = True,
        log: logging.Logger | None = None,
    ) -> None:
        self.clock = clock
        self.reset = reset

        def sig(name: str) -> SimHandleBase:
            return getattr(entity, f"{prefix}_{name}")

        if bus_bytes is None:
            bus_bytes = len(sig("wdata")) // 8
        self._init_verdicts("AXI", AxiProtocolRules(bus_bytes), RULES, AxiProtocolViolation, raise_on_violation,
                            log or logging.getLogger("cocotb.tb.protocol"))
        self._readers = []
        for ch, spec in enumerate(CHANNELS):
            optional = [n for n in spec.optional if hasattr(entity, f"{prefix}_{n}")]
            self.rules.use_optional(ch, optional)
            control = [_reader(sig(n)) for n in spec.control + tuple(optional)]
            data = [_reader(sig(n)) for n in spec.data]
            self._readers.append((_reader(sig(spec.valid)), _reader(sig(spec.ready)), control, control + data))
        self._reset_reader = _reader(reset) if reset is not None else None

    def start(self) -> "AxiProtocolChecker":
        if self._task is None:
            self._task = cocotb.start_soon(self._run(), name="axi protocol checker")
        return self

    def _sample(self, now: float | None = None) -> None:
        """Judge the port as it is now (called at a rising edge)."""
        rules = self.rules
        pending = rules.pending
        for ch, (valid, ready, control, payload) in enumerate(self._readers):
            v = valid()
            if v == "0":
                if pending[ch]:
                    rules.step(now or get_sim_time("ns"), ch, v, None, None)
                continue
            if now is None:
                now = get_sim_time("ns")
            r = ready()
            # WDATA/RDATA matter only to the stability rule: skip them on a handshake that did not wait
            readers = payload if pending[ch] or r != "1" else control
            rules.step(now, ch, v, r, tuple([read() for read in readers]))
        if rules.new:
            self._report(rules.take_new())

    async def _run(self) -> None:
        reset = self._reset_reader
        edge = RisingEdge(self.clock)
        last = period = None
        try:
            while True:
                await edge
                now = get_sim_time("ns")
                if last is not None:
                    period = now - last
                last = now
                if reset is not None and reset() != "0":
                    self.rules.reset()
                    continue
                self._sample(now)
        finally:
            # A test that ends on a rising edge may end before this task saw that edge: judge it
            # now (the values are still those of the edge), so its last handshake is not lost.
            now = get_sim_time("ns")
            if (
                period is not None
                and now == last + period
                and self.clock.value == 1
                and (reset is None or reset() == "0")
            ):
                try:
                    self._sample(now)
                finally:
                    for callback in self._on_stop:
                        callback()
            else:
                for callback in self._on_stop:
                    callback()


class RecordedVerdicts(ProtocolVerdicts):
    """What every checker fed from a Verilog port recorder shares, whatever the bus (the recorder
    runs under the clock made in Verilog, where a Python sampler would see post-edge values).

    :meth:`start` opens the log (:meth:`_open_log`) and switches the recorder on (``enable``);
    :meth:`poll` hands what the recorder wrote since the last poll to the rules
    (:meth:`_read_log`) and raises the bus's violation on an unexpected one. Nothing runs between
    polls: the engine polls after every call, so a violation fails the call that caused it;
    ``expect`` blocks poll when they end, and the test's end polls once more (a violation then goes
    to the log, as ``violation_type`` tells it apart) and calls the ``on_stop`` callbacks.
    """

    enable: SimHandleBase
    #: The exception :meth:`poll` raises for an unexpected violation.
    violation_type: type[AssertionError] = AssertionError

    def _open_log(self) -> None:
        """Get ready to read the log from what this test's traffic will write."""
        raise NotImplementedError

    def _read_log(self) -> None:
        """Feed the rules with what the recorder wrote since the last call."""
        raise NotImplementedError

    def start(self) -> "RecordedVerdicts":
        if self._task is None:
            self._open_log()
            self.enable.value = 1
            self._task = cocotb.start_soon(self._run(), name=f"{self.label.lower()} port recorder checker")
        return self

    def poll(self) -> None:
        """Judge what the recorder wrote since the last poll."""
        self._read_log()
        if self.rules.new:
            self._report(self.rules.take_new())

    def _catch_up(self) -> None:
        self.poll()

    async def _run(self) -> None:
        try:
            await Event().wait()  # nothing to do between polls: ends with the test
        finally:
            try:
                self.poll()
            except self.violation_type as exc:  # the test is over: its log keeps the verdict
                self.log.error("after the last call: %s", exc)
            finally:
                for callback in self._on_stop:
                    callback()


class RecordedProtocolChecker(RecordedVerdicts):
    """The same rules, verdicts and coverage as :class:`AxiProtocolChecker`, for a port that a
    Verilog recorder watches (``tb/hdl/axi_port_recorder.v``, in ``nic_fast_top`` under the clock
    made in Verilog): the recorder judges the per-cycle rules and logs the handshakes, which
    :meth:`poll` reads (:class:`RecordedVerdicts`; ``enable`` is the toplevel's ``x_log_en``) and
    raises :class:`AxiProtocolViolation` on an unexpected violation.
    """

    violation_type = AxiProtocolViolation

    def __init__(
        self,
        enable: SimHandleBase,
        bus_bytes: int,
        *,
        path: Path | None = None,
        raise_on_violation: bool = True,
        log: logging.Logger | None = None,
    ) -> None:
        self._init_verdicts("AXI", AxiProtocolRules(bus_bytes), RULES, AxiProtocolViolation, raise_on_violation,
                            log or logging.getLogger("cocotb.tb.protocol"))
        self.enable = enable
        self.path = (path or Path(PORT_LOG)).absolute()
        self.reader: PortLogReader | None = None

    def _open_log(self) -> None:
        self.reader = PortLogReader.at_end(self.path, self.rules)

    def _read_log(self) -> None:
        if self.reader is not None:
            self.reader.poll()
