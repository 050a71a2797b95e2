/*
 * nic_call_trace
 *
 * Simulation only: the host call in progress, as ASCII text, for waveform viewers.
 *
 * The testbench writes `ndis_call` when a host call starts (for instance
 * "NdisImmediateWriteSharedMemory 0xd0000 1514"; a call made inside it is appended after
 * " > ") and clears it to zero when the call returns, so a waveform shows which call made each
 * burst. The text is right-aligned with leading zero bytes, as a Verilog string literal is;
 * GTKWave shows it with the ASCII data format (save-file flag @820).
 *
 * A toplevel carries one instance, `u_call_trace`, under `ifdef NIC_CALL_TRACE` (the cocotb
 * builds define it); the module has no ports and drives nothing, so it cannot change the
 * design around it.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_call_trace #(
    // longest text shown, in characters
    parameter TEXT_CHARS = 128
) ();

    /* verilator lint_off UNUSEDSIGNAL */
    reg [8*TEXT_CHARS-1:0] ndis_call = {8*TEXT_CHARS{1'b0}};
    /* verilator lint_on UNUSEDSIGNAL */

endmodule

`default_nettype wire
