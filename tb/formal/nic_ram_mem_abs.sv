/*
 * nic_ram_mem, abstracted for the formal checks (read by yosys with
 * `read -formal` instead of hdl/nic_ram_mem.v when the job defines
 * F_RAM_ABS; never simulated, never synthesized).
 *
 * Same parameters, ports and timing as hdl/nic_ram_mem.v, but it stores one
 * byte only: the byte at word abs_word, lane abs_lane, both symbolic and
 * fixed for the whole trace (the harness ties them to its tracked byte).
 * That byte behaves as in the real RAM: zero at power-on, byte write
 * enables on both write ports, the NIC port wins a same-cycle collision,
 * registered reads with 1-cycle latency, read-first, read data held while
 * the port is not enabled.  Every other byte a read returns is free (any
 * value, chosen anew at each read).
 *
 * Every behaviour of the real RAM is one of this model's, so a property of
 * the bus logic that holds with it holds with the real array.  The real
 * array itself is checked, tracked byte against the whole array, by the
 * Wishbone and Avalon-MM harnesses (same module) and by the induction runs
 * of nic_shared_ram (F_MEM_TAP).  The solver sees 8 bits of RAM state
 * instead of RAM_BYTES * 8, which is what lets the bounded check from reset
 * reach depth 20.
 */

`default_nettype none

module nic_ram_mem #(
    parameter DATA_WIDTH = 64,
    parameter RAM_BYTES = 16384
) (
    input  wire                                              clk,

    input  wire                                              hw_en,
    input  wire [DATA_WIDTH/8-1:0]                           hw_be,
    input  wire [$clog2(RAM_BYTES)-$clog2(DATA_WIDTH/8)-1:0] hw_addr,
    input  wire [DATA_WIDTH-1:0]                             hw_wdata,

    input  wire                                              hr_en,
    input  wire [$clog2(RAM_BYTES)-$clog2(DATA_WIDTH/8)-1:0] hr_addr,
    output wire [DATA_WIDTH-1:0]                             hr_rdata,

    input  wire                                              nic_en,
    input  wire [DATA_WIDTH/8-1:0]                           nic_we,
    input  wire [$clog2(RAM_BYTES)-$clog2(DATA_WIDTH/8)-1:0] nic_addr,
    input  wire [DATA_WIDTH-1:0]                             nic_wdata,
    output wire [DATA_WIDTH-1:0]                             nic_rdata
);

localparam STRB = DATA_WIDTH / 8;
localparam LSB = $clog2(STRB);
localparam WAW = $clog2(RAM_BYTES) - LSB;

(* anyconst *) reg [WAW-1:0] abs_word;
(* anyconst *) reg [LSB:0]   abs_lane;     // one bit wider: LSB may be 0
(* anyseq *)   wire [DATA_WIDTH-1:0] abs_hr_any;
(* anyseq *)   wire [DATA_WIDTH-1:0] abs_nic_any;

reg [7:0]            abs_byte = 8'd0;
reg [DATA_WIDTH-1:0] hr_rdata_reg = {DATA_WIDTH{1'b0}};
reg [DATA_WIDTH-1:0] nic_rdata_reg = {DATA_WIDTH{1'b0}};

always @* assume(abs_lane < STRB);

// a word read from the RAM: free, but the stored byte in its lane at abs_word
function [DATA_WIDTH-1:0] f_word_read;
    input [WAW-1:0] a;
    input [DATA_WIDTH-1:0] any;
    begin
        f_word_read = any;
        if (a == abs_word) f_word_read[abs_lane*8 +: 8] = abs_byte;
    end
endfunction

always @(posedge clk) begin
    if (hr_en) hr_rdata_reg <= f_word_read(hr_addr, abs_hr_any);
    if (nic_en) nic_rdata_reg <= f_word_read(nic_addr, abs_nic_any);
    if (nic_en && nic_we[abs_lane] && nic_addr == abs_word)
        abs_byte <= nic_wdata[abs_lane*8 +: 8];
    else if (hw_en && hw_be[abs_lane] && hw_addr == abs_word)
        abs_byte <= hw_wdata[abs_lane*8 +: 8];
end

assign hr_rdata = hr_rdata_reg;
assign nic_rdata = nic_rdata_reg;

endmodule

`default_nettype wire
