/*
 * axi_xactor_decisions
 *
 * One pacing stream of the burst transactor: up to DEPTH decisions (1 =
 * idle), one per opportunity of its channel.  A chunk of CHUNK decisions
 * is appended (bit 0 first) at the edge after in_en, if there is room for
 * it (room; otherwise overflow, and the chunk is dropped); one decision is
 * consumed at each edge with take.  idle is the decision of this cycle,
 * taken from the chunk being appended when the stream is empty; avail
 * says whether there is one.
 */

`timescale 1ns / 1ps
`default_nettype none
`include "xactor_edge.vh"

module axi_xactor_decisions #(
    parameter CHUNK = 64,
    parameter DEPTH = 256,
    parameter LW = 9
) (
    input  wire             clk,
    input  wire             rst,
    input  wire             in_en,
    input  wire [CHUNK-1:0] in_chunk,
    input  wire             take,
    output wire             avail,
    output wire             idle,
    output wire [LW-1:0]    level,
    output wire             room,
    output wire             overflow
);

localparam [LW-1:0] CHUNK_L = CHUNK;

reg [DEPTH-1:0]       bits_reg;
reg [LW-1:0]          level_reg;
reg [DEPTH+CHUNK-1:0] merged_next;

assign avail = (level_reg != {LW{1'b0}}) || in_en;
assign idle = (level_reg != {LW{1'b0}}) ? bits_reg[0] : (in_en && in_chunk[0]);
assign level = level_reg;
assign room = level_reg <= DEPTH - CHUNK;
assign overflow = in_en && !room;

initial begin
    bits_reg = {DEPTH{1'b0}};
    level_reg = {LW{1'b0}};
end

// (an event-driven simulator does not wake this process while there is nothing to do: xactor_edge.vh)
`XACTOR_POSEDGE(clk, rst !== 1'b0 || in_en || take) begin
    if (rst) begin
        bits_reg <= {DEPTH{1'b0}};
        level_reg <= {LW{1'b0}};
    end else if (in_en || take) begin
        merged_next = {{CHUNK{1'b0}}, bits_reg};
        if (in_en && room) begin
            merged_next = merged_next | ({{DEPTH{1'b0}}, in_chunk} << level_reg);
        end
        if (take && avail) begin
            merged_next = merged_next >> 1;
        end
        bits_reg <= merged_next[DEPTH-1:0];
        level_reg <= level_reg + ((in_en && room) ? CHUNK_L : {LW{1'b0}})
                               - ((take && avail) ? {{(LW-1){1'b0}}, 1'b1} : {LW{1'b0}});
    end
end

endmodule

`default_nettype wire
