/*
 * nic_ram_mem
 *
 * Three-port storage: host write, host read, NIC read/write.
 *
 * - One array, mem, of RAM_BYTES / (DATA_WIDTH/8) words.
 * - Reads are registered, 1-cycle latency; read data holds while the port
 *   is not enabled.
 * - Read-during-write returns the old data (read-first) on every port.
 * - Byte write enables on both write ports.  When the host write port and
 *   the NIC port write the same byte in the same cycle, the NIC port wins.
 * - Contents are not reset.  An initial block zero-fills the array (and the
 *   read registers), so simulation never reads X; FPGA synthesis takes it
 *   as the memory's initial contents.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_ram_mem #(
    parameter DATA_WIDTH = 64,
    parameter RAM_BYTES = 16384
) (
    input  wire                                              clk,

    /*
     * Host write port
     */
    input  wire                                              hw_en,
    input  wire [DATA_WIDTH/8-1:0]                           hw_be,
    input  wire [$clog2(RAM_BYTES)-$clog2(DATA_WIDTH/8)-1:0] hw_addr,
    input  wire [DATA_WIDTH-1:0]                             hw_wdata,

    /*
     * Host read port
     */
    input  wire                                              hr_en,
    input  wire [$clog2(RAM_BYTES)-$clog2(DATA_WIDTH/8)-1:0] hr_addr,
    output wire [DATA_WIDTH-1:0]                             hr_rdata,

    /*
     * NIC port
     */
    input  wire                                              nic_en,
    input  wire [DATA_WIDTH/8-1:0]                           nic_we,
    input  wire [$clog2(RAM_BYTES)-$clog2(DATA_WIDTH/8)-1:0] nic_addr,
    input  wire [DATA_WIDTH-1:0]                             nic_wdata,
    output wire [DATA_WIDTH-1:0]                             nic_rdata
);

localparam STRB_WIDTH = DATA_WIDTH / 8;
localparam WORDS = RAM_BYTES / STRB_WIDTH;

reg [DATA_WIDTH-1:0] mem [0:WORDS-1];

reg [DATA_WIDTH-1:0] hr_rdata_reg;
reg [DATA_WIDTH-1:0] nic_rdata_reg;

integer w;
integer b;

initial begin
    for (w = 0; w < WORDS; w = w + 1) begin
        mem[w] = {DATA_WIDTH{1'b0}};
    end
    hr_rdata_reg = {DATA_WIDTH{1'b0}};
    nic_rdata_reg = {DATA_WIDTH{1'b0}};
end

always @(posedge clk) begin
    if (hr_en) begin
        hr_rdata_reg <= mem[hr_addr];
    end
    if (nic_en) begin
        nic_rdata_reg <= mem[nic_addr];
    end

    for (b = 0; b < STRB_WIDTH; b = b + 1) begin
        if (hw_en && hw_be[b]) begin
            mem[hw_addr][b*8 +: 8] <= hw_wdata[b*8 +: 8];
        end
        // later assignment wins: NIC over host on the same byte
        if (nic_en && nic_we[b]) begin
            mem[nic_addr][b*8 +: 8] <= nic_wdata[b*8 +: 8];
        end
    end
end

assign hr_rdata = hr_rdata_reg;
assign nic_rdata = nic_rdata_reg;

endmodule

`default_nettype wire
