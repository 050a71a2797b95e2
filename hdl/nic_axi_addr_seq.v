/*
 * nic_axi_addr_seq
 *
 * One AXI4 address channel (AW or AR) turned into a stream of beats.
 *
 * Holds up to two bursts: the current one, whose beats are being handed
 * out, and one waiting behind it.  The waiting burst becomes current on the
 * clock edge at which the last beat of the current one is taken, so beats
 * of consecutive bursts follow each other with no idle cycle.  The address
 * channel is ready whenever the waiting slot is empty.
 *
 * Every request is classified when it is accepted (nic_axi_burst_decode);
 * the class travels with each beat on beat_resp, and error bursts still
 * produce exactly AxLEN+1 beats.
 *
 * beat_valid is the registered current slot.  With BYPASS != 0 a request
 * accepted while no burst is current is also presented on the beat outputs
 * in its handshake cycle, so its first beat can be taken in that very cycle.
 * beat_valid_next is the value the registered slot takes at the next edge
 * (for callers that register their own ready from it).
 *
 * Reset (synchronous, active high) empties both slots and drops s_ax_ready
 * until the cycle after reset is released.  Power-on (before any reset):
 * both slots empty and s_ax_ready low, as after a reset; s_ax_ready rises
 * at the first clock edge with rst low.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_axi_addr_seq #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter ID_WIDTH = 8,
    parameter RAM_BYTES = 16384,
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 'h000D_0000,
    parameter BYPASS = 0
) (
    input  wire                                              clk,
    input  wire                                              rst,

    /*
     * AXI4 address channel
     */
    input  wire [ID_WIDTH-1:0]                               s_ax_id,
    input  wire [ADDR_WIDTH-1:0]                             s_ax_addr,
    input  wire [7:0]                                        s_ax_len,
    input  wire [2:0]                                        s_ax_size,
    input  wire [1:0]                                        s_ax_burst,
    input  wire                                              s_ax_valid,
    output wire                                              s_ax_ready,

    /*
     * Beats
     */
    output wire                                              beat_valid,
    output wire                                              beat_valid_next,
    output wire [ID_WIDTH-1:0]                               beat_id,
    output wire [$clog2(RAM_BYTES)-$clog2(DATA_WIDTH/8)-1:0] beat_word,
    output wire [DATA_WIDTH/8-1:0]                           beat_lanes,
    output wire [1:0]                                        beat_resp,
    output wire                                              beat_last,
    input  wire                                              beat_ready
);

localparam OFF_WIDTH = $clog2(RAM_BYTES);

// burst state: {id, resp, size, step_mask, addr, beats left - 1}
localparam ST_WIDTH = ID_WIDTH + 2 + 3 + OFF_WIDTH + OFF_WIDTH + 8;

// registers (power-on values in the initial block below: the slots empty)
reg                 ready_reg;
reg                 cur_valid_reg;
reg  [ST_WIDTH-1:0] cur_st_reg;
reg                 hold_valid_reg;
reg  [ST_WIDTH-1:0] hold_st_reg;

initial begin
    ready_reg = 1'b0;
    cur_valid_reg = 1'b0;
    cur_st_reg = {ST_WIDTH{1'b0}};
    hold_valid_reg = 1'b0;
    hold_st_reg = {ST_WIDTH{1'b0}};
end

reg                 ready_next;
reg                 cur_valid_next;
reg  [ST_WIDTH-1:0] cur_st_next;
reg                 hold_valid_next;
reg  [ST_WIDTH-1:0] hold_st_next;

wire [1:0]           in_resp;
wire [OFF_WIDTH-1:0] in_step_mask;

nic_axi_burst_decode #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .RAM_BYTES(RAM_BYTES),
    .BASE_ADDR(BASE_ADDR)
) u_decode (
    .addr(s_ax_addr),
    .len(s_ax_len),
    .size(s_ax_size),
    .burst(s_ax_burst),
    .resp(in_resp),
    .step_mask(in_step_mask)
);

wire [ST_WIDTH-1:0] in_st = {s_ax_id, in_resp, s_ax_size, in_step_mask,
                             s_ax_addr[OFF_WIDTH-1:0], s_ax_len};

wire s_hs = s_ax_valid && ready_reg;
wire bypass = (BYPASS != 0) && !cur_valid_reg && s_hs;

wire [ST_WIDTH-1:0]  head_st = bypass ? in_st : cur_st_reg;
wire [ID_WIDTH-1:0]  head_id;
wire [1:0]           head_resp;
wire [2:0]           head_size;
wire [OFF_WIDTH-1:0] head_step_mask;
wire [OFF_WIDTH-1:0] head_addr;
wire [7:0]           head_cnt;

assign {head_id, head_resp, head_size, head_step_mask, head_addr, head_cnt} = head_st;

wire [OFF_WIDTH-1:0] head_next_addr;

nic_axi_beat_addr #(
    .DATA_WIDTH(DATA_WIDTH),
    .RAM_BYTES(RAM_BYTES)
) u_beat (
    .addr(head_addr),
    .size(head_size),
    .step_mask(head_step_mask),
    .word(beat_word),
    .lanes(beat_lanes),
    .next_addr(head_next_addr)
);

wire head_valid = cur_valid_reg || bypass;
wire head_last = (head_cnt == 8'd0);
wire head_take = head_valid && beat_ready;

wire [ST_WIDTH-1:0] head_adv_st = {head_id, head_resp, head_size, head_step_mask,
                                   head_next_addr, head_cnt - 8'd1};

assign s_ax_ready = ready_reg;

assign beat_valid = head_valid;
assign beat_valid_next = cur_valid_next;
assign beat_id = head_id;
assign beat_resp = head_resp;
assign beat_last = head_last;

always @* begin
    cur_valid_next = 1'b0;
    cur_st_next = cur_st_reg;
    hold_valid_next = hold_valid_reg;
    hold_st_next = hold_st_reg;

    if (head_valid && !(head_take && head_last)) begin
        // head burst continues; a new request waits behind it
        cur_valid_next = 1'b1;
        cur_st_next = head_take ? head_adv_st : head_st;
        if (s_hs && !bypass) begin
            hold_valid_next = 1'b1;
            hold_st_next = in_st;
        end
    end else if (hold_valid_reg) begin
        // head burst done (or none): the waiting one moves up
        cur_valid_next = 1'b1;
        cur_st_next = hold_st_reg;
        hold_valid_next = 1'b0;
    end else if (s_hs && !bypass) begin
        cur_valid_next = 1'b1;
        cur_st_next = in_st;
    end

    ready_next = !hold_valid_next;
end

always @(posedge clk) begin
    cur_st_reg <= cur_st_next;
    hold_st_reg <= hold_st_next;

    if (rst) begin
        ready_reg <= 1'b0;
        cur_valid_reg <= 1'b0;
        hold_valid_reg <= 1'b0;
    end else begin
        ready_reg <= ready_next;
        cur_valid_reg <= cur_valid_next;
        hold_valid_reg <= hold_valid_next;
    end
end

endmodule

`default_nettype wire
