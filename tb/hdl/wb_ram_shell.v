/*
 * wb_ram_shell
 *
 * An empty toplevel for simulation only: a Wishbone port with the same
 * s_wb_ names and widths as nic_shared_ram_wb, a clock and a reset, and no
 * logic.  The testbench drives both sides from Python: the host side
 * through its Wishbone master, the slave side through a Wishbone RAM model
 * (tb/wishbone_ram.py), so the host's bus traffic is checked against a
 * slave that shares no code with the RTL.
 *
 * Every port is an input so that either side can drive it through the
 * simulator interface on Icarus and on Verilator alike.  The parameters are
 * those of nic_shared_ram_wb; RAM_BYTES and BASE_ADDR only document the
 * window the model serves.
 */

`timescale 1ns / 1ps
`default_nettype none

// nothing here reads the ports or the window parameters: the testbench does
/* verilator lint_off UNUSED */
module wb_ram_shell #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter RAM_BYTES = 16384,
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 'h000D_0000
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire [ADDR_WIDTH-1:0]   s_wb_adr,
    input  wire [DATA_WIDTH-1:0]   s_wb_dat_i,
    input  wire [DATA_WIDTH-1:0]   s_wb_dat_o,
    input  wire                    s_wb_we,
    input  wire [DATA_WIDTH/8-1:0] s_wb_sel,
    input  wire                    s_wb_stb,
    input  wire                    s_wb_cyc,
    input  wire [2:0]              s_wb_cti,
    input  wire [1:0]              s_wb_bte,
    input  wire                    s_wb_ack,
    input  wire                    s_wb_err,
    input  wire                    s_wb_stall
);

`ifdef NIC_CALL_TRACE
    // the host call in progress, for waveforms (tb/hdl/nic_call_trace.v)
    nic_call_trace u_call_trace ();
`endif

endmodule
/* verilator lint_on UNUSED */

`default_nettype wire
