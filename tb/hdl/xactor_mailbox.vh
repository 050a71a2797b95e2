/*
 * xactor_mailbox.vh
 *
 * The status mailbox (see nic_fast_top; layout: tb/xactor_wire.py MAILBOX),
 * included in the body of axi_xactor_wr and axi_xactor_rd.  A half whose
 * MAILBOX_AT is not negative copies every status snapshot it takes (the
 * write half its response log too) to that byte offset of the mailbox, in
 * the evaluation that takes it, so the mailbox never holds an older
 * snapshot than the status vector: on Verilator, through
 * axi_xactor_stream.c (the model and the testbench share the process);
 * elsewhere mailbox_put does nothing.  The includer declares
 *
 *   parameter integer MAILBOX_AT   this half's byte offset in the mailbox
 */

`ifdef VERILATOR
import "DPI-C" function void axi_xactor_mailbox_put(input int offset, input bit [511:0] v, input int bytes);
`endif

// The low `bytes` bytes of v at byte `offset` of this half's part of the mailbox.
task mailbox_put;
    input integer offset;
    input [511:0] v;
    input integer bytes;
begin
`ifdef VERILATOR
    if (MAILBOX_AT >= 0) axi_xactor_mailbox_put(MAILBOX_AT + offset, v, bytes);
`endif
end
endtask
