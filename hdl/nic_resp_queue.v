/*
 * nic_resp_queue
 *
 * Two-entry queue in front of an AXI response channel (B or R).
 *
 * The output (out_valid, out_data) is a register; a second register catches
 * the entry pushed while the output is stalled.  One entry can be pushed and
 * one popped in the same cycle, so with out_ready held high the queue passes
 * one entry per clock, one cycle after the push.  out_data is only changed
 * when the output is empty or being popped, so it is held stable while
 * out_valid && !out_ready.
 *
 * The caller must not push when the queue is full.  full_next tells, during
 * a cycle, whether the queue will be full in the next cycle given this
 * cycle's push and pop.
 *
 * Reset (synchronous, active high) empties the queue and clears out_data.
 * The same holds at power-on, before any reset (initial values).
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_resp_queue #(
    parameter WIDTH = 10
) (
    input  wire             clk,
    input  wire             rst,

    input  wire             in_valid,
    input  wire [WIDTH-1:0] in_data,

    output wire             out_valid,
    output wire [WIDTH-1:0] out_data,
    input  wire             out_ready,

    output wire             full_next
);

// registers (power-on values in the initial block below: empty, data 0)
reg             out_valid_reg;
reg [WIDTH-1:0] out_data_reg;
reg             skid_valid_reg;
reg [WIDTH-1:0] skid_data_reg;

initial begin
    out_valid_reg = 1'b0;
    out_data_reg = {WIDTH{1'b0}};
    skid_valid_reg = 1'b0;
    skid_data_reg = {WIDTH{1'b0}};
end

reg             out_valid_next;
reg [WIDTH-1:0] out_data_next;
reg             skid_valid_next;
reg [WIDTH-1:0] skid_data_next;

wire pop = out_valid_reg && out_ready;

assign out_valid = out_valid_reg;
assign out_data = out_data_reg;
assign full_next = out_valid_next && skid_valid_next;

always @* begin
    out_valid_next = out_valid_reg;
    out_data_next = out_data_reg;
    skid_valid_next = skid_valid_reg;
    skid_data_next = skid_data_reg;

    if (pop || !out_valid_reg) begin
        if (skid_valid_reg) begin
            out_valid_next = 1'b1;
            out_data_next = skid_data_reg;
            skid_valid_next = in_valid;
            skid_data_next = in_data;
        end else begin
            out_valid_next = in_valid;
            if (in_valid) begin
                out_data_next = in_data;
            end
        end
    end else if (in_valid) begin
        skid_valid_next = 1'b1;
        skid_data_next = in_data;
    end
end

always @(posedge clk) begin
    skid_data_reg <= skid_data_next;

    if (rst) begin
        out_valid_reg <= 1'b0;
        out_data_reg <= {WIDTH{1'b0}};
        skid_valid_reg <= 1'b0;
    end else begin
        out_valid_reg <= out_valid_next;
        out_data_reg <= out_data_next;
        skid_valid_reg <= skid_valid_next;
    end
end

endmodule

`default_nettype wire
