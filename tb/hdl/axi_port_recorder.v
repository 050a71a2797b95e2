/*
 * axi_port_recorder
 *
 * A passive monitor of one AXI4 port, for the runs where the clock is made
 * in Verilog (nic_fast_top with +fast_clock) and a Python sampler would see
 * post-edge values.  It judges, at every rising edge, the rules that need
 * every cycle (a VALID that falls before its READY, a payload that changes
 * while VALID waits, X/Z on VALID, READY or a control signal while VALID
 * is high: the same judgement as models/axi_protocol.py's step()), and
 * records the handshakes as a few text lines per burst, which the Python
 * rules (models.axi_port_log) read after each host call:
 *
 *   Z <t>                                  reset seen (first edge of it)
 *   V <t> <ch> <code>                      a per-cycle rule broken; code
 *                                          0 valid-dropped, 1 payload-
 *                                          changed, 2 VALID is X/Z, 3 READY
 *                                          or a control signal is X/Z
 *   B <t> <id> <resp>                      a B handshake
 *   R <t> <id> <beats> <last> <resp>       R beats of one ID up to RLAST
 *                                          (or MAX_BEATS beats, or a beat
 *                                          of another ID); resp: the worst
 *   A <t> <ch> <id> <addr> <len> <size> <burst>    an AW (ch 2) or AR (4)
 *   W <t> <beats> <last> <strobes> <strb>  W beats up to WLAST (or
 *                                          MAX_BEATS beats): the strobes of
 *                                          the beats before the last, beat
 *                                          k at [k*NB +: NB], then the last
 *                                          beat's strobes
 *
 * All numbers are hex but <t> ($time: ns, decimal) and <ch>
 * (channel: 0 B, 1 R, 2 AW, 3 W, 4 AR, the order in which one edge is
 * judged).  The lines of one edge come in that order.  A burst line is
 * written at the edge of its last beat, so the Python rules see its beats
 * at that time.  Nothing is recorded while en is low; the file LOG_FILE
 * (in the working directory) is opened at the first edge with en high and
 * flushed at every edge that wrote to it.
 */

`timescale 1ns / 1ps
`default_nettype none
`include "xactor_edge.vh"

module axi_port_recorder #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter ID_WIDTH = 8,
    parameter MAX_BEATS = 256,
    parameter LOG_FILE = "axi_port.log"
) (
    input  wire                        clk,
    input  wire                        rst,
    input  wire                        en,

    input  wire [ID_WIDTH-1:0]         awid,
    input  wire [ADDR_WIDTH-1:0]       awaddr,
    input  wire [7:0]                  awlen,
    input  wire [2:0]                  awsize,
    input  wire [1:0]                  awburst,
    input  wire                        awlock,
    input  wire [3:0]                  awcache,
    input  wire [2:0]                  awprot,
    input  wire                        awvalid,
    input  wire                        awready,
    input  wire [DATA_WIDTH-1:0]       wdata,
    input  wire [DATA_WIDTH/8-1:0]     wstrb,
    input  wire                        wlast,
    input  wire                        wvalid,
    input  wire                        wready,
    input  wire [ID_WIDTH-1:0]         bid,
    input  wire [1:0]                  bresp,
    input  wire                        bvalid,
    input  wire                        bready,
    input  wire [ID_WIDTH-1:0]         arid,
    input  wire [ADDR_WIDTH-1:0]       araddr,
    input  wire [7:0]                  arlen,
    input  wire [2:0]                  arsize,
    input  wire [1:0]                  arburst,
    input  wire                        arlock,
    input  wire [3:0]                  arcache,
    input  wire [2:0]                  arprot,
    input  wire                        arvalid,
    input  wire                        arready,
    input  wire [ID_WIDTH-1:0]         rid,
    input  wire [DATA_WIDTH-1:0]       rdata,
    input  wire [1:0]                  rresp,
    input  wire                        rlast,
    input  wire                        rvalid,
    input  wire                        rready
);

localparam NB = DATA_WIDTH / 8;
localparam CH_B = 0, CH_R = 1, CH_AW = 2, CH_W = 3, CH_AR = 4;
localparam AX_W = ID_WIDTH + ADDR_WIDTH + 8 + 3 + 2 + 1 + 4 + 3;

// Each channel's control signals (must be known while VALID is high) and whole payload.
wire [ID_WIDTH+1:0]        b_ctrl  = {bid, bresp};
wire [ID_WIDTH+2:0]        r_ctrl  = {rid, rresp, rlast};
wire [AX_W-1:0]            aw_ctrl = {awid, awaddr, awlen, awsize, awburst, awlock, awcache, awprot};
wire [NB:0]                w_ctrl  = {wstrb, wlast};
wire [AX_W-1:0]            ar_ctrl = {arid, araddr, arlen, arsize, arburst, arlock, arcache, arprot};
// The R and W payloads with their data.  Under Icarus they are put together where a waiting VALID
// is compared, not as nets, which an event-driven simulator re-evaluates at every beat, recording or
// not; Verilator is faster with the nets.
`ifdef VERILATOR
wire [ID_WIDTH+2+DATA_WIDTH:0] r_pay = {r_ctrl, rdata};
wire [NB+DATA_WIDTH:0]     w_pay   = {w_ctrl, wdata};
`else
reg  [ID_WIDTH+2+DATA_WIDTH:0] r_pay;
reg  [NB+DATA_WIDTH:0]     w_pay;
`endif

integer fd;
reg     wrote;
reg     in_reset;
reg [4:0] pending;
reg [ID_WIDTH+1:0]          b_held;
reg [ID_WIDTH+2+DATA_WIDTH:0] r_held;
reg [AX_W-1:0]              aw_held;
reg [NB+DATA_WIDTH:0]       w_held;
reg [AX_W-1:0]              ar_held;

// the open runs of W and R beats
reg [MAX_BEATS*NB-1:0]      w_strobes;
reg [8:0]                   w_beats;
reg [8:0]                   r_beats;
reg [ID_WIDTH-1:0]          r_id;
reg [1:0]                   r_worst;

initial begin
    fd = 0;
    wrote = 1'b0;
    in_reset = 1'b0;
    pending = 5'd0;
    b_held = 0;
    r_held = 0;
    aw_held = 0;
    w_held = 0;
    ar_held = 0;
    w_strobes = 0;
    w_beats = 9'd0;
    r_beats = 9'd0;
    r_id = 0;
    r_worst = 2'd0;
end

// VALID/READY judgement shared by every channel (each channel below skips the call in the two
// cases where it could only conclude take or idle: a handshake that did not wait, VALID low with
// nothing pending; a task call per channel per edge was about a quarter of Icarus's cost of the
// checks): take when the handshake
// happened with known control signals (the caller then records it), hold when
// VALID waits (the caller then keeps the payload to compare at the next edge).
task judge;
    input integer ch;
    input         valid;
    input         ready;
    input         ctrl_x;
    input         changed;
    output        take;
    output        hold;
    begin
        take = 1'b0;
        hold = 1'b0;
        if (valid === 1'b0) begin
            if (pending[ch]) begin
                $fwrite(fd, "V %0d %0d 0\n", $time, ch);
                wrote = 1'b1;
                pending[ch] = 1'b0;
            end
        end else if (valid !== 1'b1) begin
            $fwrite(fd, "V %0d %0d 2\n", $time, ch);
            wrote = 1'b1;
        end else begin
            if (ctrl_x || (ready !== 1'b0 && ready !== 1'b1)) begin
                $fwrite(fd, "V %0d %0d 3\n", $time, ch);
                wrote = 1'b1;
            end
            if (pending[ch] && changed) begin
                $fwrite(fd, "V %0d %0d 1\n", $time, ch);
                wrote = 1'b1;
            end
            if (ready === 1'b1) begin
                pending[ch] = 1'b0;
                take = !ctrl_x;
            end else begin
                pending[ch] = 1'b1;
                hold = 1'b1;
            end
        end
    end
endtask

task end_r_run;
    input last;
    begin
        $fwrite(fd, "R %0d %h %h %0d %h\n", $time, r_id, r_beats, last, r_worst);
        wrote = 1'b1;
        r_beats = 9'd0;
        r_worst = 2'd0;
    end
endtask

reg take;
reg hold;

// (an event-driven simulator does not wake this process while en is low: xactor_edge.vh)
`XACTOR_POSEDGE(clk, en) begin
    if (en) begin
        if (fd == 0) begin
            fd = $fopen(LOG_FILE, "w");
        end
        wrote = 1'b0;
        if (rst !== 1'b0) begin
            if (!in_reset) begin
                $fwrite(fd, "Z %0d\n", $time);
                wrote = 1'b1;
            end
            in_reset = 1'b1;
            pending = 5'd0;
            w_beats = 9'd0;
            r_beats = 9'd0;
            r_worst = 2'd0;
        end else if (pending == 5'd0 && {bvalid, rvalid, awvalid, wvalid, arvalid} === 5'd0) begin
            // every channel idle, nothing waiting: no rule to judge, nothing to record (the
            // common edge between and around calls: Icarus skips the five judgements below)
            in_reset = 1'b0;
        end else begin
            in_reset = 1'b0;
            // B
            if (bvalid === 1'b1 && bready === 1'b1 && !pending[CH_B] && !(^b_ctrl === 1'bx)) begin
                take = 1'b1;  // the common case: a handshake that did not wait
                hold = 1'b0;
            end else if (bvalid === 1'b0 && !pending[CH_B]) begin
                take = 1'b0;  // idle
                hold = 1'b0;
            end else begin
                judge(CH_B, bvalid, bready, ^b_ctrl === 1'bx, b_ctrl !== b_held, take, hold);
            end
            if (hold) b_held = b_ctrl;
            if (take) begin
                $fwrite(fd, "B %0d %h %h\n", $time, bid, bresp);
                wrote = 1'b1;
            end
            // R
            if (rvalid === 1'b1 && rready === 1'b1 && !pending[CH_R] && !(^r_ctrl === 1'bx)) begin
                take = 1'b1;  // the common case: a handshake that did not wait
                hold = 1'b0;
            end else if (rvalid === 1'b0 && !pending[CH_R]) begin
                take = 1'b0;  // idle
                hold = 1'b0;
            end else begin
`ifndef VERILATOR
                r_pay = {r_ctrl, rdata};
`endif
                judge(CH_R, rvalid, rready, ^r_ctrl === 1'bx, r_pay !== r_held, take, hold);
            end
            if (hold) r_held = r_pay;
            if (take) begin
                if (r_beats != 9'd0 && rid != r_id) begin
                    end_r_run(1'b0);
                end
                r_id = rid;
                r_beats = r_beats + 9'd1;
                if (rresp > r_worst) r_worst = rresp;
                if (rlast) begin
                    end_r_run(1'b1);
                end else if (r_beats == MAX_BEATS) begin
                    end_r_run(1'b0);
                end
            end
            // AW
            if (awvalid === 1'b1 && awready === 1'b1 && !pending[CH_AW] && !(^aw_ctrl === 1'bx)) begin
                take = 1'b1;  // the common case: a handshake that did not wait
                hold = 1'b0;
            end else if (awvalid === 1'b0 && !pending[CH_AW]) begin
                take = 1'b0;  // idle
                hold = 1'b0;
            end else begin
                judge(CH_AW, awvalid, awready, ^aw_ctrl === 1'bx, aw_ctrl !== aw_held, take, hold);
            end
            if (hold) aw_held = aw_ctrl;
            if (take) begin
                $fwrite(fd, "A %0d %0d %h %h %h %h %h\n", $time, CH_AW, awid, awaddr, awlen, awsize, awburst);
                wrote = 1'b1;
            end
            // W
            if (wvalid === 1'b1 && wready === 1'b1 && !pending[CH_W] && !(^w_ctrl === 1'bx)) begin
                take = 1'b1;  // the common case: a handshake that did not wait
                hold = 1'b0;
            end else if (wvalid === 1'b0 && !pending[CH_W]) begin
                take = 1'b0;  // idle
                hold = 1'b0;
            end else begin
`ifndef VERILATOR
                w_pay = {w_ctrl, wdata};
`endif
                judge(CH_W, wvalid, wready, ^w_ctrl === 1'bx, w_pay !== w_held, take, hold);
            end
            if (hold) w_held = w_pay;
            if (take) begin
                if (wlast || w_beats == MAX_BEATS - 1) begin
                    $fwrite(fd, "W %0d %h %0d %h %h\n", $time, w_beats + 9'd1, wlast, w_strobes, wstrb);
                    wrote = 1'b1;
                    w_beats = 9'd0;
                end else begin
                    w_strobes[w_beats*NB +: NB] = wstrb;
                    w_beats = w_beats + 9'd1;
                end
            end
            // AR
            if (arvalid === 1'b1 && arready === 1'b1 && !pending[CH_AR] && !(^ar_ctrl === 1'bx)) begin
                take = 1'b1;  // the common case: a handshake that did not wait
                hold = 1'b0;
            end else if (arvalid === 1'b0 && !pending[CH_AR]) begin
                take = 1'b0;  // idle
                hold = 1'b0;
            end else begin
                judge(CH_AR, arvalid, arready, ^ar_ctrl === 1'bx, ar_ctrl !== ar_held, take, hold);
            end
            if (hold) ar_held = ar_ctrl;
            if (take) begin
                $fwrite(fd, "A %0d %0d %h %h %h %h %h\n", $time, CH_AR, arid, araddr, arlen, arsize, arburst);
                wrote = 1'b1;
            end
        end
        if (wrote) begin
            $fflush(fd);
        end
    end
end

endmodule

`default_nettype wire
