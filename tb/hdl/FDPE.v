// Behavioural model of the FDPE flip-flop (D flip-flop, clock enable, asynchronous preset) that
// a Xilinx platform instantiates in generated cores' reset synchronizers. Test-only: the vendor
// library provides the real cell in synthesis.
//
// Guarantees: Q starts at INIT; PRE high sets Q to 1 at once and holds it; otherwise Q takes D on
// a rising edge of C while CE is high.
`timescale 1ns / 1ps
module FDPE #(
    parameter [0:0] INIT = 1'b1
) (
    output reg  Q,
    input  wire C,
    input  wire CE,
    input  wire D,
    input  wire PRE
);

initial Q = INIT;

always @(posedge C or posedge PRE) begin
    if (PRE) begin
        Q <= 1'b1;
    end else if (CE) begin
        Q <= D;
    end
end

endmodule
