/*
 * avmm_ram_shell
 *
 * An empty toplevel for simulation only: an Avalon-MM port with the same
 * s_avmm_ names and widths as nic_shared_ram_avmm, a clock and a reset, and
 * no logic.  The testbench drives both sides from Python: the host side
 * through its Avalon-MM master, the agent side through cocotbext-avalon's
 * memory model (AvalonMMMemoryBFM), an implementation nobody here wrote.
 *
 * Every port is an input so that either side can drive it through the
 * simulator interface on Icarus and on Verilator alike.  The parameters are
 * those of nic_shared_ram_avmm; RAM_BYTES and BASE_ADDR only document the
 * window the model serves.
 */

`timescale 1ns / 1ps
`default_nettype none

// nothing here reads the ports or the window parameters: the testbench does
/* verilator lint_off UNUSED */
module avmm_ram_shell #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter RAM_BYTES = 16384,
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 'h000D_0000,
    parameter MAX_BURST = 64
) (
    input  wire                       clk,
    input  wire                       rst,
    input  wire [ADDR_WIDTH-1:0]      s_avmm_address,
    input  wire                       s_avmm_read,
    input  wire                       s_avmm_write,
    input  wire [DATA_WIDTH-1:0]      s_avmm_writedata,
    input  wire [DATA_WIDTH/8-1:0]    s_avmm_byteenable,
    input  wire [$clog2(MAX_BURST):0] s_avmm_burstcount,
    input  wire                       s_avmm_waitrequest,
    input  wire [DATA_WIDTH-1:0]      s_avmm_readdata,
    input  wire                       s_avmm_readdatavalid,
    input  wire [1:0]                 s_avmm_response,
    input  wire                       s_avmm_writeresponsevalid
);

`ifdef NIC_CALL_TRACE
    // the host call in progress, for waveforms (tb/hdl/nic_call_trace.v)
    nic_call_trace u_call_trace ();
`endif

endmodule
/* verilator lint_on UNUSED */

`default_nettype wire
