/*
 * nic_axi_wr
 *
 * AXI4 write channels (AW, W, B) onto the RAM's host write port.
 *
 * Throughput: one W beat per clock within a burst and across back-to-back
 * bursts.  The next AW is accepted while a burst is running and starts on
 * the edge at which the previous burst's last beat is taken.  WREADY only
 * drops for lack of a burst or when the two-entry B queue is full, so with
 * BREADY high W never stalls.
 *
 * Latency: the first W beat of a burst can be taken the cycle after its AW
 * handshake (when no earlier burst is pending); BVALID rises the cycle after
 * the last W beat.  A beat is written to the RAM on the clock edge of its
 * W handshake, so the data is in the RAM before B is seen.
 *
 * Rules:
 *   - A beat writes only the byte lanes of its own (address, size) and only
 *     where WSTRB is set.
 *   - Framing is by count: a burst takes exactly AWLEN+1 W beats.  WLAST is
 *     checked; if it is missing on the last beat or set on an earlier one,
 *     the beats are still written as addressed and B is SLVERR.
 *   - SLVERR/DECERR bursts (see nic_axi_burst_decode) take their W beats at
 *     full rate and write nothing.
 *   - B responses carry AWID and come back in AW order.  Priority of BRESP:
 *     SLVERR (decode or WLAST) over DECERR over OKAY.
 *
 * All AXI outputs are registers.  Reset is synchronous, active high; a W
 * beat presented while rst is high is not written.  Every register has a
 * power-on value equal to its reset value, so the channels are idle from
 * time 0, before any reset.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_axi_wr #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter ID_WIDTH = 8,
    parameter RAM_BYTES = 16384,
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 'h000D_0000
) (
    input  wire                                              clk,
    input  wire                                              rst,

    /*
     * AXI4 write address, data and response channels
     */
    input  wire [ID_WIDTH-1:0]                               s_axi_awid,
    input  wire [ADDR_WIDTH-1:0]                             s_axi_awaddr,
    input  wire [7:0]                                        s_axi_awlen,
    input  wire [2:0]                                        s_axi_awsize,
    input  wire [1:0]                                        s_axi_awburst,
    input  wire                                              s_axi_awvalid,
    output wire                                              s_axi_awready,
    input  wire [DATA_WIDTH-1:0]                             s_axi_wdata,
    input  wire [DATA_WIDTH/8-1:0]                           s_axi_wstrb,
    input  wire                                              s_axi_wlast,
    input  wire                                              s_axi_wvalid,
    output wire                                              s_axi_wready,
    output wire [ID_WIDTH-1:0]                               s_axi_bid,
    output wire [1:0]                                        s_axi_bresp,
    output wire                                              s_axi_bvalid,
    input  wire                                              s_axi_bready,

    /*
     * RAM host write port
     */
    output wire                                              ram_wr_en,
    output wire [DATA_WIDTH/8-1:0]                           ram_wr_be,
    output wire [$clog2(RAM_BYTES)-$clog2(DATA_WIDTH/8)-1:0] ram_wr_addr,
    output wire [DATA_WIDTH-1:0]                             ram_wr_data
);

localparam STRB_WIDTH = DATA_WIDTH / 8;
localparam WORD_AW = $clog2(RAM_BYTES) - $clog2(STRB_WIDTH);

localparam [1:0] RESP_OKAY = 2'b00;
localparam [1:0] RESP_SLVERR = 2'b10;

wire                  beat_valid;
wire                  beat_valid_next;
wire [ID_WIDTH-1:0]   beat_id;
wire [WORD_AW-1:0]    beat_word;
wire [STRB_WIDTH-1:0] beat_lanes;
wire [1:0]            beat_resp;
wire                  beat_last;

// (power-on values = reset values: initial block below)
reg wready_reg;
reg wlast_err_reg;

initial begin
    wready_reg = 1'b0;
    wlast_err_reg = 1'b0;
end

wire w_hs = s_axi_wvalid && wready_reg;

nic_axi_addr_seq #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .RAM_BYTES(RAM_BYTES),
    .BASE_ADDR(BASE_ADDR),
    .BYPASS(0)
) u_aw (
    .clk(clk),
    .rst(rst),
    .s_ax_id(s_axi_awid),
    .s_ax_addr(s_axi_awaddr),
    .s_ax_len(s_axi_awlen),
    .s_ax_size(s_axi_awsize),
    .s_ax_burst(s_axi_awburst),
    .s_ax_valid(s_axi_awvalid),
    .s_ax_ready(s_axi_awready),
    .beat_valid(beat_valid),
    .beat_valid_next(beat_valid_next),
    .beat_id(beat_id),
    .beat_word(beat_word),
    .beat_lanes(beat_lanes),
    .beat_resp(beat_resp),
    .beat_last(beat_last),
    .beat_ready(w_hs)
);

// WLAST must be set on the last beat and on no other
wire wlast_err = wlast_err_reg || (s_axi_wlast != beat_last);
wire [1:0] b_resp = wlast_err ? RESP_SLVERR : beat_resp;

wire b_full_next;

nic_resp_queue #(
    .WIDTH(ID_WIDTH + 2)
) u_bq (
    .clk(clk),
    .rst(rst),
    .in_valid(w_hs && beat_last),
    .in_data({beat_id, b_resp}),
    .out_valid(s_axi_bvalid),
    .out_data({s_axi_bid, s_axi_bresp}),
    .out_ready(s_axi_bready),
    .full_next(b_full_next)
);

always @(posedge clk) begin
    if (rst) begin
        wready_reg <= 1'b0;
        wlast_err_reg <= 1'b0;
    end else begin
        wready_reg <= beat_valid_next && !b_full_next;
        if (w_hs) begin
            wlast_err_reg <= !beat_last && wlast_err;
        end
    end
end

assign s_axi_wready = wready_reg;

assign ram_wr_en = w_hs && !rst && (beat_resp == RESP_OKAY);
assign ram_wr_be = s_axi_wstrb & beat_lanes;
assign ram_wr_addr = beat_word;
assign ram_wr_data = s_axi_wdata;

// wready_reg is only set while a burst is current
/* verilator lint_off UNUSED */
wire unused_ok = &{1'b0, beat_valid};
/* verilator lint_on UNUSED */

endmodule

`default_nettype wire
