"""The call-trace signal: the host call in progress, as ASCII text in the waveform.

Toplevels built by the runner carry ``u_call_trace.ndis_call`` (``tb/hdl/nic_call_trace.v``),
directly or inside a wrapper. :class:`CallTraceSignal` writes it; an environment hands one to its
host (:attr:`tb.ndis.NdisHost.trace`), which tells it each call's text at the call's start and
clears it at the call's return.
"""

from __future__ import annotations

from cocotb.handle import SimHandleBase


class CallTraceSignal:
    """Writes text into a toplevel's ``ndis_call`` register: right-aligned, zero-padded ASCII (a
    Verilog string); a text longer than the register keeps its first characters."""

    def __init__(self, handle: SimHandleBase) -> None:
        self.handle = handle
        self.chars = len(handle) // 8

    @classmethod
    def find(cls, dut: SimHandleBase) -> "CallTraceSignal | None":
        """The call-trace signal of ``dut`` or of the nic_shared_ram it wraps (``u_ram``), or None
        in a build without one (a lean benchmark build, a design of the user's own)."""
        for scope in (dut, getattr(dut, "u_ram", None)):
            trace = getattr(scope, "u_call_trace", None) if scope is not None else None
            if trace is not None and hasattr(trace, "ndis_call"):
                return cls(trace.ndis_call)
        return None

    @staticmethod
    def encode(text: str, chars: int) -> int:
        raw = text.encode("ascii", "replace")[:chars]
        return int.from_bytes(raw, "big")

    def __call__(self, text: str) -> None:
        self.handle.value = self.encode(text, self.chars)
