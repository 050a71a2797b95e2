/*
 * axi_probe_shell  (test only)
 *
 * An AXI4 port with nobody behind it: every signal of both the master and
 * the slave side is an input, so a test can drive any sequence on the pins,
 * legal or not, and watch what a passive monitor makes of it. Signal names
 * and widths are those of nic_shared_ram's s_axi port. Nothing is computed.
 */

`timescale 1ns / 1ps
`default_nettype none

/* verilator lint_off UNUSEDSIGNAL */
/* verilator lint_off UNUSEDPARAM */
module axi_probe_shell #(
    // data bus width: 8, 16, 32, 64 or 128
    parameter DATA_WIDTH = 64,
    // AXI address width
    parameter ADDR_WIDTH = 32,
    // AXI ID width
    parameter ID_WIDTH = 8,
    // unused: accepted so that the shell builds with nic_shared_ram's parameter set
    parameter RAM_BYTES = 16384,
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 32'h000D_0000
) (
    input  wire                   clk,
    input  wire                   rst,

    /*
     * master side
     */
    input  wire [ID_WIDTH-1:0]    s_axi_awid,
    input  wire [ADDR_WIDTH-1:0]  s_axi_awaddr,
    input  wire [7:0]             s_axi_awlen,
    input  wire [2:0]             s_axi_awsize,
    input  wire [1:0]             s_axi_awburst,
    input  wire                   s_axi_awvalid,
    input  wire [DATA_WIDTH-1:0]  s_axi_wdata,
    input  wire [DATA_WIDTH/8-1:0] s_axi_wstrb,
    input  wire                   s_axi_wlast,
    input  wire                   s_axi_wvalid,
    input  wire                   s_axi_bready,
    input  wire [ID_WIDTH-1:0]    s_axi_arid,
    input  wire [ADDR_WIDTH-1:0]  s_axi_araddr,
    input  wire [7:0]             s_axi_arlen,
    input  wire [2:0]             s_axi_arsize,
    input  wire [1:0]             s_axi_arburst,
    input  wire                   s_axi_arvalid,
    input  wire                   s_axi_rready,

    /*
     * slave side
     */
    input  wire                   s_axi_awready,
    input  wire                   s_axi_wready,
    input  wire [ID_WIDTH-1:0]    s_axi_bid,
    input  wire [1:0]             s_axi_bresp,
    input  wire                   s_axi_bvalid,
    input  wire                   s_axi_arready,
    input  wire [ID_WIDTH-1:0]    s_axi_rid,
    input  wire [DATA_WIDTH-1:0]  s_axi_rdata,
    input  wire [1:0]             s_axi_rresp,
    input  wire                   s_axi_rlast,
    input  wire                   s_axi_rvalid
);
endmodule
/* verilator lint_on UNUSEDPARAM */
/* verilator lint_on UNUSEDSIGNAL */

`default_nettype wire
