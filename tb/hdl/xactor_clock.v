/*
 * xactor_clock
 *
 * The clock of the engine wrappers (nic_fast_top, wb_fast_top,
 * avmm_fast_top): clk drives everything, unless the simulation is started
 * with the plusarg +fast_clock: then a clock generated here (period
 * CLK_PERIOD_NS) does, and clk is ignored.  clk_core is the clock in use,
 * fast_clock tells which one it is, cycle counts its rising edges (from 0
 * at time 0).
 */

`timescale 1ns / 1ps
`default_nettype none

module xactor_clock #(
    parameter CLK_PERIOD_NS = 10
) (
    input  wire        clk,
    output wire        clk_core,
    output reg         fast_clock,
    output reg  [31:0] cycle
);

reg gen_clk;

initial begin
    fast_clock = 1'b0;
    gen_clk = 1'b0;
    cycle = 32'd0;
    if ($test$plusargs("fast_clock")) begin
        fast_clock = 1'b1;
        forever begin
            #(CLK_PERIOD_NS / 2.0) gen_clk = ~gen_clk;
        end
    end
end

assign clk_core = fast_clock ? gen_clk : clk;

always @(posedge clk_core) begin
    cycle <= cycle + 32'd1;
end

endmodule

`default_nettype wire
