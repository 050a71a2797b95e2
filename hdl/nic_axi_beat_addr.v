/*
 * nic_axi_beat_addr
 *
 * Purely combinational per-beat address arithmetic on a RAM byte offset.
 *
 * lanes      byte lanes owned by the beat at (addr, size): from addr up to
 *            the end of its size-aligned container.  Writes are masked
 *            with this, so strobes outside the beat never change memory.
 * word       RAM word index of the beat.
 * next_addr  address of the following beat: the size-aligned address plus
 *            1 << size, with only the bits in step_mask taking the new value
 *            (step_mask from nic_axi_burst_decode gives FIXED, INCR and WRAP).
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_axi_beat_addr #(
    parameter DATA_WIDTH = 64,
    parameter RAM_BYTES = 16384
) (
    input  wire [$clog2(RAM_BYTES)-1:0]                      addr,
    input  wire [2:0]                                        size,
    input  wire [$clog2(RAM_BYTES)-1:0]                      step_mask,

    output wire [$clog2(RAM_BYTES)-$clog2(DATA_WIDTH/8)-1:0] word,
    output wire [DATA_WIDTH/8-1:0]                           lanes,
    output wire [$clog2(RAM_BYTES)-1:0]                      next_addr
);

localparam STRB_WIDTH = DATA_WIDTH / 8;
localparam ADDR_LSB = $clog2(STRB_WIDTH);
localparam OFF_WIDTH = $clog2(RAM_BYTES);

localparam [OFF_WIDTH-1:0] OFF_ONES = {OFF_WIDTH{1'b1}};
localparam [STRB_WIDTH-1:0] LANE_ONES = {STRB_WIDTH{1'b1}};

wire [OFF_WIDTH-1:0] lane_first = addr & ~(OFF_ONES << ADDR_LSB);
wire [OFF_WIDTH-1:0] lane_last = lane_first | ~(OFF_ONES << size);

wire [OFF_WIDTH-1:0] step = (OFF_ONES << size) & ~(OFF_ONES << size << 1);
wire [OFF_WIDTH-1:0] stepped = (addr & (OFF_ONES << size)) + step;

assign word = addr[OFF_WIDTH-1:ADDR_LSB];
assign lanes = (LANE_ONES << lane_first) & ~(LANE_ONES << lane_last << 1);
assign next_addr = (addr & ~step_mask) | (stepped & step_mask);

endmodule

`default_nettype wire
