/*
 * axi_xactor_intake
 *
 * The command port of one half of the burst transactor, and its pacing
 * streams: what the write half (STREAMS = 3: AW, W, B) and the read half
 * (STREAMS = 2: AR, R) take from the testbench in the same way.
 *
 * Command layout (the names are those of tb/xactor_wire.py, which the
 * regression checks these localparams against):
 *   [CMD_SEQ +: 8]           sequence number: the command is new when it
 *                            differs from the last one taken; it is taken
 *                            at the next clock edge
 *   [CMD_START]              start of a call (pace and id are taken)
 *   [CMD_BURST]              the command carries a burst
 *   [CMD_LAST]               it is the last burst of the call
 *   [CMD_PACE +: STREAMS]    pacing on, per stream
 *   [CMD_CHUNKS +: STREAMS]  a chunk of decisions per stream in cmd_chunks
 *   [CMD_LEN +: 8], [CMD_SIZE +: 3], [CMD_TYPE +: 2]  AxLEN, AxSIZE, AxBURST
 *   [CMD_ID +: ID_WIDTH]     the call's ID
 *   [CMD_ADDR +: ADDR_WIDTH] AxADDR
 *   (the write half's stream count follows, see axi_xactor_wr)
 *
 * Guarantees: the decoded fields and the *_now values are combinational
 * from cmd and the registers, so a command written after a clock edge acts
 * for the next edge; pace_now/id_now are the call's (those of a start
 * command in the cycle it arrives); misuse flags what no half can take: a
 * chunk with no room in its stream, or a burst or a last flag outside a
 * call.  room_rise is set when a stream got room for a chunk since the last
 * edge at which the half was busy (a command or an open call).
 */

`timescale 1ns / 1ps
`default_nettype none
`include "xactor_edge.vh"

module axi_xactor_intake #(
    parameter STREAMS = 3,
    parameter ID_WIDTH = 8,
    parameter ADDR_WIDTH = 32,
    parameter CMD_WIDTH = 11 + 2 * STREAMS + 13 + ID_WIDTH + ADDR_WIDTH,
    parameter CHUNK = 64,
    parameter DEPTH = 256,
    parameter LW = 9
) (
    input  wire                       clk,
    input  wire                       rst,

    /*
     * Command port
     */
    input  wire [CMD_WIDTH-1:0]       cmd,
    input  wire [STREAMS*CHUNK-1:0]   cmd_chunks,

    /*
     * The half's state it needs, and decisions consumed
     */
    input  wire                       open_reg,
    input  wire [STREAMS-1:0]         take,

    /*
     * Decoded command
     */
    output wire [7:0]                 seq,
    output wire                       cmd_new,
    output wire                       cmd_start,
    output wire                       cmd_has,
    output wire                       cmd_last,
    output wire                       in_start,
    output wire                       in_burst,
    output wire [7:0]                 cmd_len,
    output wire [2:0]                 cmd_size,
    output wire [1:0]                 cmd_type,
    output wire [ADDR_WIDTH-1:0]      cmd_addr,
    output wire [STREAMS-1:0]         pace_now,
    output wire [ID_WIDTH-1:0]        id_now,
    output wire                       misuse,

    /*
     * Pacing streams
     */
    output wire [STREAMS-1:0]         dec_avail,
    output wire [STREAMS-1:0]         dec_idle,
    output wire [STREAMS*LW-1:0]      dec_level,
    output wire                       room_rise
);

localparam CMD_SEQ = 0;
localparam CMD_START = 8;
localparam CMD_BURST = 9;
localparam CMD_LAST = 10;
localparam CMD_PACE = 11;
localparam CMD_CHUNKS = CMD_PACE + STREAMS;
localparam CMD_LEN = CMD_CHUNKS + STREAMS;
localparam CMD_SIZE = CMD_LEN + 8;
localparam CMD_TYPE = CMD_SIZE + 3;
localparam CMD_ID = CMD_TYPE + 2;
localparam CMD_ADDR = CMD_ID + ID_WIDTH;

reg [7:0]          seq_reg;
reg [STREAMS-1:0]  pace_reg;
reg [ID_WIDTH-1:0] id_reg;
reg [STREAMS-1:0]  room_reg;

wire [7:0]         cmd_seq = cmd[CMD_SEQ +: 8];
wire [STREAMS-1:0] cmd_pace = cmd[CMD_PACE +: STREAMS];
wire [STREAMS-1:0] cmd_chunk_en = cmd[CMD_CHUNKS +: STREAMS];
wire [STREAMS-1:0] dec_room;
wire [STREAMS-1:0] dec_over;

assign seq = seq_reg;
assign cmd_new = cmd_seq != seq_reg;
assign cmd_start = cmd[CMD_START];
assign cmd_has = cmd[CMD_BURST];
assign cmd_last = cmd[CMD_LAST];
assign cmd_len = cmd[CMD_LEN +: 8];
assign cmd_size = cmd[CMD_SIZE +: 3];
assign cmd_type = cmd[CMD_TYPE +: 2];
assign cmd_addr = cmd[CMD_ADDR +: ADDR_WIDTH];
assign in_start = cmd_new && cmd_start;
assign in_burst = cmd_new && cmd_has;
assign pace_now = in_start ? cmd_pace : pace_reg;
assign id_now = in_start ? cmd[CMD_ID +: ID_WIDTH] : id_reg;
assign misuse = |dec_over || (cmd_new && !cmd_start && !open_reg && (cmd_has || cmd_last));
assign room_rise = |(dec_room & ~room_reg);

genvar g;
generate
    for (g = 0; g < STREAMS; g = g + 1) begin : g_dec
        axi_xactor_decisions #(
            .CHUNK(CHUNK),
            .DEPTH(DEPTH),
            .LW(LW)
        ) u_dec (
            .clk(clk),
            .rst(rst),
            .in_en(cmd_new && cmd_chunk_en[g]),
            .in_chunk(cmd_chunks[g*CHUNK +: CHUNK]),
            .take(take[g]),
            .avail(dec_avail[g]),
            .idle(dec_idle[g]),
            .level(dec_level[g*LW +: LW]),
            .room(dec_room[g]),
            .overflow(dec_over[g])
        );
    end
endgenerate

// power-on = reset state (no pacing, every stream has room)
initial begin
    seq_reg = 8'd0;
    pace_reg = {STREAMS{1'b0}};
    id_reg = {ID_WIDTH{1'b0}};
    room_reg = {STREAMS{1'b1}};
end

// (an event-driven simulator does not wake this process while there is nothing to do: xactor_edge.vh)
`XACTOR_POSEDGE(clk, rst !== 1'b0 || cmd_new || (open_reg && dec_room != room_reg)) begin
    if (rst) begin
        seq_reg <= cmd_seq;
        pace_reg <= {STREAMS{1'b0}};
        id_reg <= {ID_WIDTH{1'b0}};
        room_reg <= {STREAMS{1'b1}};
    end else begin
        if (cmd_new) begin
            seq_reg <= cmd_seq;
        end
        if (in_start) begin
            pace_reg <= cmd_pace;
            id_reg <= cmd[CMD_ID +: ID_WIDTH];
        end
        if (cmd_new || open_reg) begin
            room_reg <= dec_room;
        end
    end
end

endmodule

`default_nettype wire
