/*
 * nic_axi_burst_decode
 *
 * Purely combinational classification of one AXI4 address-channel request
 * (AxADDR, AxLEN, AxSIZE, AxBURST) against the RAM window
 * [BASE_ADDR, BASE_ADDR + RAM_BYTES).
 *
 * resp:
 *   SLVERR (2'b10)  AxSIZE wider than the data bus, AxBURST = 2'b11, or a
 *                   WRAP burst whose length is not 2/4/8/16 beats or whose
 *                   start is not aligned to AxSIZE.
 *   DECERR (2'b11)  otherwise, when any byte of the burst lies outside the
 *                   window.
 *   OKAY   (2'b00)  otherwise.
 *   SLVERR takes priority over DECERR.
 *
 * The byte range of the burst is formed in ADDR_WIDTH+16 bits, so no address
 * or length combination can overflow:
 *   INCR   size-aligned AxADDR .. + (AxLEN+1) << AxSIZE - 1
 *   FIXED  size-aligned AxADDR .. + 1 << AxSIZE - 1
 *   WRAP   the wrap container holding AxADDR
 *
 * step_mask selects which RAM-offset bits change from one beat to the next:
 * none for FIXED, all for INCR, the bits inside the wrap container for WRAP.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_axi_burst_decode #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter RAM_BYTES = 16384,
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 'h000D_0000
) (
    input  wire [ADDR_WIDTH-1:0]        addr,
    input  wire [7:0]                   len,
    input  wire [2:0]                   size,
    input  wire [1:0]                   burst,

    output wire [1:0]                   resp,
    output wire [$clog2(RAM_BYTES)-1:0] step_mask
);

localparam STRB_WIDTH = DATA_WIDTH / 8;
localparam ADDR_LSB = $clog2(STRB_WIDTH);
localparam OFF_WIDTH = $clog2(RAM_BYTES);
localparam EXT_WIDTH = ADDR_WIDTH + 16;

localparam [2:0] MAX_SIZE = ADDR_LSB[2:0];

localparam [1:0] BURST_FIXED = 2'b00;
localparam [1:0] BURST_WRAP = 2'b10;
localparam [1:0] BURST_RSVD = 2'b11;

localparam [1:0] RESP_OKAY = 2'b00;
localparam [1:0] RESP_SLVERR = 2'b10;
localparam [1:0] RESP_DECERR = 2'b11;

localparam [EXT_WIDTH-1:0] EXT_ONE = {{(EXT_WIDTH-1){1'b0}}, 1'b1};
localparam [EXT_WIDTH-1:0] WIN_START = {16'd0, BASE_ADDR};
// the window is aligned to its size: a byte is inside it exactly when its
// address bits above the RAM offset equal the window's
localparam [EXT_WIDTH-1:0] WIN_TAG = WIN_START >> OFF_WIDTH;

wire [EXT_WIDTH-1:0] addr_ext = {16'd0, addr};
wire [EXT_WIDTH-1:0] beats_ext = {{(EXT_WIDTH-8){1'b0}}, len} + EXT_ONE;
wire [EXT_WIDTH-1:0] size_mask = ~({EXT_WIDTH{1'b1}} << size);

// bytes covered from the aligned start, and the alignment of that start
wire [EXT_WIDTH-1:0] span = (burst == BURST_FIXED) ? (EXT_ONE << size) : (beats_ext << size);
wire [EXT_WIDTH-1:0] align_mask = (burst == BURST_WRAP) ? (span - EXT_ONE) : size_mask;
wire [EXT_WIDTH-1:0] range_start = addr_ext & ~align_mask;
wire [EXT_WIDTH-1:0] range_end = range_start + span;

wire wrap_len_ok = (len == 8'd1) || (len == 8'd3) || (len == 8'd7) || (len == 8'd15);
wire wrap_bad = (burst == BURST_WRAP) && (!wrap_len_ok || |(addr_ext & size_mask));

wire slverr = (size > MAX_SIZE) || (burst == BURST_RSVD) || wrap_bad;
// window tags of the first and the last byte (span >= 1: range_end - 1 does not wrap)
wire [EXT_WIDTH-1:0] first_tag = range_start >> OFF_WIDTH;
wire [EXT_WIDTH-1:0] last_tag = (range_end - EXT_ONE) >> OFF_WIDTH;
wire decerr = (first_tag != WIN_TAG) || (last_tag != WIN_TAG);

assign resp = slverr ? RESP_SLVERR : (decerr ? RESP_DECERR : RESP_OKAY);

assign step_mask = (burst == BURST_FIXED) ? {OFF_WIDTH{1'b0}} :
                   (burst == BURST_WRAP)  ? align_mask[OFF_WIDTH-1:0] :
                                            {OFF_WIDTH{1'b1}};

endmodule

`default_nettype wire
