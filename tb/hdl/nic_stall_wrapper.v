/*
 * nic_stall_wrapper  (test only: not part of the design in hdl/)
 *
 * nic_shared_ram seen through a slow device: in any cycle the testbench may
 * stall each AXI channel of the slave port, from a pattern it drives on
 * stall_en (seeded random or fixed, one decision per channel per cycle):
 *
 *   stall_en[0]  AW  AWREADY held low   stall_en[3]  B  BVALID held back
 *   stall_en[1]  W   WREADY held low    stall_en[4]  R  RVALID held back
 *   stall_en[2]  AR  ARREADY held low
 *
 * With stall_en = 0 every signal passes straight through, so the wrapper is
 * transparent (same throughput and latency as nic_shared_ram).
 *
 * Guarantees, on both sides of the wrapper:
 *   - Toward the master: a BVALID/RVALID once shown is held until BREADY/
 *     RREADY (a stall request is ignored in the cycle after a shown and
 *     untaken response); BID/BRESP and RID/RDATA/RRESP/RLAST come from
 *     nic_shared_ram, which holds them while its VALID waits, and its
 *     BREADY/RREADY is low while a response is held back.
 *   - Toward nic_shared_ram: an AWVALID/WVALID/ARVALID it has seen is never
 *     withdrawn before its READY (a stall request is ignored in the cycle
 *     after a shown and untaken request); in a stalled cycle both VALID
 *     (toward the RAM) and READY (toward the master) are low, so no
 *     handshake happens on either side.
 * A stall never loses, duplicates or reorders a transfer; it only delays it.
 *
 * stall_en is sampled like any input: the testbench drives it right after a
 * clock edge for the next cycle. The stall gating is combinational from
 * stall_en and the registered outputs of nic_shared_ram. rst clears the
 * wrapper's state together with nic_shared_ram's; the state powers on in
 * that reset state, so with stall_en driven the outputs are defined from
 * time 0, before any reset.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_stall_wrapper #(
    // data bus width: 8, 16, 32, 64 or 128
    parameter DATA_WIDTH = 64,
    // AXI address width
    parameter ADDR_WIDTH = 32,
    // AXI ID width
    parameter ID_WIDTH = 8,
    // RAM size in bytes: power of two, at least 2 * DATA_WIDTH/8
    parameter RAM_BYTES = 16384,
    // bus address of the first RAM byte, aligned to RAM_BYTES
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 32'h000D_0000
) (
    input  wire                                           clk,
    input  wire                                           rst,

    /*
     * Stall pattern: {R, B, AR, W, AW}, 1 = stall that channel this cycle
     */
    input  wire [4:0]                                     stall_en,

    /*
     * AXI4 slave (as nic_shared_ram)
     */
    input  wire [ID_WIDTH-1:0]                            s_axi_awid,
    input  wire [ADDR_WIDTH-1:0]                          s_axi_awaddr,
    input  wire [7:0]                                     s_axi_awlen,
    input  wire [2:0]                                     s_axi_awsize,
    input  wire [1:0]                                     s_axi_awburst,
    input  wire                                           s_axi_awlock,
    input  wire [3:0]                                     s_axi_awcache,
    input  wire [2:0]                                     s_axi_awprot,
    input  wire                                           s_axi_awvalid,
    output wire                                           s_axi_awready,
    input  wire [DATA_WIDTH-1:0]                          s_axi_wdata,
    input  wire [DATA_WIDTH/8-1:0]                        s_axi_wstrb,
    input  wire                                           s_axi_wlast,
    input  wire                                           s_axi_wvalid,
    output wire                                           s_axi_wready,
    output wire [ID_WIDTH-1:0]                            s_axi_bid,
    output wire [1:0]                                     s_axi_bresp,
    output wire                                           s_axi_bvalid,
    input  wire                                           s_axi_bready,
    input  wire [ID_WIDTH-1:0]                            s_axi_arid,
    input  wire [ADDR_WIDTH-1:0]                          s_axi_araddr,
    input  wire [7:0]                                     s_axi_arlen,
    input  wire [2:0]                                     s_axi_arsize,
    input  wire [1:0]                                     s_axi_arburst,
    input  wire                                           s_axi_arlock,
    input  wire [3:0]                                     s_axi_arcache,
    input  wire [2:0]                                     s_axi_arprot,
    input  wire                                           s_axi_arvalid,
    output wire                                           s_axi_arready,
    output wire [ID_WIDTH-1:0]                            s_axi_rid,
    output wire [DATA_WIDTH-1:0]                          s_axi_rdata,
    output wire [1:0]                                     s_axi_rresp,
    output wire                                           s_axi_rlast,
    output wire                                           s_axi_rvalid,
    input  wire                                           s_axi_rready,

    /*
     * NIC port (as nic_shared_ram)
     */
    input  wire                                           nic_en,
    input  wire [DATA_WIDTH/8-1:0]                        nic_we,
    input  wire [$clog2(RAM_BYTES/(DATA_WIDTH/8))-1:0]    nic_addr,
    input  wire [DATA_WIDTH-1:0]                          nic_wdata,
    output wire [DATA_WIDTH-1:0]                          nic_rdata
);

localparam STALL_AW = 0;
localparam STALL_W  = 1;
localparam STALL_AR = 2;
localparam STALL_B  = 3;
localparam STALL_R  = 4;

// the RAM side of the gated handshakes
wire ram_awvalid, ram_awready;
wire ram_wvalid,  ram_wready;
wire ram_arvalid, ram_arready;
wire ram_bvalid,  ram_bready;
wire ram_rvalid,  ram_rready;

// a VALID was shown last cycle and not taken: it must stay visible this cycle
reg aw_shown, w_shown, ar_shown, b_shown, r_shown;

// power-on = reset state: nothing shown, so the outputs are defined before the first reset
initial begin
    aw_shown = 1'b0;
    w_shown  = 1'b0;
    ar_shown = 1'b0;
    b_shown  = 1'b0;
    r_shown  = 1'b0;
end

always @(posedge clk) begin
    if (rst) begin
        aw_shown <= 1'b0;
        w_shown  <= 1'b0;
        ar_shown <= 1'b0;
        b_shown  <= 1'b0;
        r_shown  <= 1'b0;
    end else begin
        aw_shown <= ram_awvalid && !ram_awready;
        w_shown  <= ram_wvalid && !ram_wready;
        ar_shown <= ram_arvalid && !ram_arready;
        b_shown  <= s_axi_bvalid && !s_axi_bready;
        r_shown  <= s_axi_rvalid && !s_axi_rready;
    end
end

wire aw_stall = stall_en[STALL_AW] && !aw_shown;
wire w_stall  = stall_en[STALL_W]  && !w_shown;
wire ar_stall = stall_en[STALL_AR] && !ar_shown;
wire b_stall  = stall_en[STALL_B]  && !b_shown;
wire r_stall  = stall_en[STALL_R]  && !r_shown;

// requests: hide VALID from the RAM and READY from the master
assign ram_awvalid   = s_axi_awvalid && !aw_stall;
assign s_axi_awready = ram_awready   && !aw_stall;
assign ram_wvalid    = s_axi_wvalid  && !w_stall;
assign s_axi_wready  = ram_wready    && !w_stall;
assign ram_arvalid   = s_axi_arvalid && !ar_stall;
assign s_axi_arready = ram_arready   && !ar_stall;

// responses: hide VALID from the master and READY from the RAM
assign s_axi_bvalid  = ram_bvalid    && !b_stall;
assign ram_bready    = s_axi_bready  && !b_stall;
assign s_axi_rvalid  = ram_rvalid    && !r_stall;
assign ram_rready    = s_axi_rready  && !r_stall;

nic_shared_ram #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .RAM_BYTES(RAM_BYTES),
    .BASE_ADDR(BASE_ADDR)
) u_ram (
    .clk(clk),
    .rst(rst),
    .s_axi_awid(s_axi_awid),
    .s_axi_awaddr(s_axi_awaddr),
    .s_axi_awlen(s_axi_awlen),
    .s_axi_awsize(s_axi_awsize),
    .s_axi_awburst(s_axi_awburst),
    .s_axi_awlock(s_axi_awlock),
    .s_axi_awcache(s_axi_awcache),
    .s_axi_awprot(s_axi_awprot),
    .s_axi_awvalid(ram_awvalid),
    .s_axi_awready(ram_awready),
    .s_axi_wdata(s_axi_wdata),
    .s_axi_wstrb(s_axi_wstrb),
    .s_axi_wlast(s_axi_wlast),
    .s_axi_wvalid(ram_wvalid),
    .s_axi_wready(ram_wready),
    .s_axi_bid(s_axi_bid),
    .s_axi_bresp(s_axi_bresp),
    .s_axi_bvalid(ram_bvalid),
    .s_axi_bready(ram_bready),
    .s_axi_arid(s_axi_arid),
    .s_axi_araddr(s_axi_araddr),
    .s_axi_arlen(s_axi_arlen),
    .s_axi_arsize(s_axi_arsize),
    .s_axi_arburst(s_axi_arburst),
    .s_axi_arlock(s_axi_arlock),
    .s_axi_arcache(s_axi_arcache),
    .s_axi_arprot(s_axi_arprot),
    .s_axi_arvalid(ram_arvalid),
    .s_axi_arready(ram_arready),
    .s_axi_rid(s_axi_rid),
    .s_axi_rdata(s_axi_rdata),
    .s_axi_rresp(s_axi_rresp),
    .s_axi_rlast(s_axi_rlast),
    .s_axi_rvalid(ram_rvalid),
    .s_axi_rready(ram_rready),
    .nic_en(nic_en),
    .nic_we(nic_we),
    .nic_addr(nic_addr),
    .nic_wdata(nic_wdata),
    .nic_rdata(nic_rdata)
);

endmodule

`default_nettype wire
