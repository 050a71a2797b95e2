/*
 * axi_ram_shell
 *
 * An empty toplevel for simulation only: an AXI4 slave port with the same
 * s_axi_ names and widths as nic_shared_ram, a clock and a reset, and no
 * logic.  The testbench drives both sides of the port from Python: the host
 * side through its AXI master, the slave side through an independent AXI RAM
 * model (cocotbext-axi's AxiRam).  That lets the host's bus traffic be
 * checked against a slave nobody here wrote.
 *
 * Every port is an input so that either side can drive it through the
 * simulator interface on Icarus and on Verilator alike.  The parameters are
 * those of nic_shared_ram, so one build configuration serves both toplevels;
 * RAM_BYTES and BASE_ADDR only document the window the AXI RAM model serves.
 */

`timescale 1ns / 1ps
`default_nettype none

// nothing here reads the ports or the window parameters: the testbench does
/* verilator lint_off UNUSED */
module axi_ram_shell #(
    // data bus width: 8, 16, 32, 64 or 128
    parameter DATA_WIDTH = 64,
    // AXI address width
    parameter ADDR_WIDTH = 32,
    // AXI ID width
    parameter ID_WIDTH = 8,
    // size of the window the AXI RAM model serves, in bytes
    parameter RAM_BYTES = 16384,
    // bus address of the first byte of that window
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 32'h000D_0000
) (
    input  wire                    clk,
    input  wire                    rst,

    /*
     * AXI4 slave port (driven by the testbench on both sides)
     */
    input  wire [ID_WIDTH-1:0]     s_axi_awid,
    input  wire [ADDR_WIDTH-1:0]   s_axi_awaddr,
    input  wire [7:0]              s_axi_awlen,
    input  wire [2:0]              s_axi_awsize,
    input  wire [1:0]              s_axi_awburst,
    input  wire                    s_axi_awlock,
    input  wire [3:0]              s_axi_awcache,
    input  wire [2:0]              s_axi_awprot,
    input  wire                    s_axi_awvalid,
    input  wire                    s_axi_awready,
    input  wire [DATA_WIDTH-1:0]   s_axi_wdata,
    input  wire [DATA_WIDTH/8-1:0] s_axi_wstrb,
    input  wire                    s_axi_wlast,
    input  wire                    s_axi_wvalid,
    input  wire                    s_axi_wready,
    input  wire [ID_WIDTH-1:0]     s_axi_bid,
    input  wire [1:0]              s_axi_bresp,
    input  wire                    s_axi_bvalid,
    input  wire                    s_axi_bready,
    input  wire [ID_WIDTH-1:0]     s_axi_arid,
    input  wire [ADDR_WIDTH-1:0]   s_axi_araddr,
    input  wire [7:0]              s_axi_arlen,
    input  wire [2:0]              s_axi_arsize,
    input  wire [1:0]              s_axi_arburst,
    input  wire                    s_axi_arlock,
    input  wire [3:0]              s_axi_arcache,
    input  wire [2:0]              s_axi_arprot,
    input  wire                    s_axi_arvalid,
    input  wire                    s_axi_arready,
    input  wire [ID_WIDTH-1:0]     s_axi_rid,
    input  wire [DATA_WIDTH-1:0]   s_axi_rdata,
    input  wire [1:0]              s_axi_rresp,
    input  wire                    s_axi_rlast,
    input  wire                    s_axi_rvalid,
    input  wire                    s_axi_rready
);

`ifdef NIC_CALL_TRACE
    // the host call in progress, for waveforms (tb/hdl/nic_call_trace.v)
    nic_call_trace u_call_trace ();
`endif

endmodule
/* verilator lint_on UNUSED */

`default_nettype wire
