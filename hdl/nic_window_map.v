/*
 * nic_window_map
 *
 * Places the host memory window on the storage: window enable (MEMENB)
 * and bank select (page).
 *
 * - The window is WINDOW_BYTES; the storage is RAM_BYTES, a whole number
 *   of windows (banks).  Window word w of page p is storage word
 *   p * WINDOW_WORDS + w.  Page bits above log2(RAM_BYTES/WINDOW_BYTES)
 *   are ignored.
 * - win_enable low: writes do not reach the storage and reads return all
 *   ones, as an ISA card that does not decode leaves the bus floating.
 *   The AXI response is not changed (OKAY for an in-window burst).
 * - Enable and page are taken per RAM access: at the W beat of a write,
 *   at the launch of a read.
 *
 * Zero added latency on writes; the read data path adds a 2:1 mux.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_window_map #(
    parameter DATA_WIDTH = 64,
    parameter RAM_BYTES = 16384,
    parameter WINDOW_BYTES = 8192
) (
    input  wire                                                 clk,
    input  wire                                                 rst,

    input  wire                                                 win_enable,
    input  wire [7:0]                                           win_page,

    /*
     * Window side (window word addresses)
     */
    input  wire                                                 wr_en,
    input  wire [DATA_WIDTH/8-1:0]                              wr_be,
    input  wire [$clog2(WINDOW_BYTES)-$clog2(DATA_WIDTH/8)-1:0] wr_addr,
    input  wire [DATA_WIDTH-1:0]                                wr_data,
    input  wire                                                 rd_en,
    input  wire [$clog2(WINDOW_BYTES)-$clog2(DATA_WIDTH/8)-1:0] rd_addr,
    output wire [DATA_WIDTH-1:0]                                rd_data,

    /*
     * Storage side (storage word addresses)
     */
    output wire                                                 ram_wr_en,
    output wire [DATA_WIDTH/8-1:0]                              ram_wr_be,
    output wire [$clog2(RAM_BYTES)-$clog2(DATA_WIDTH/8)-1:0]    ram_wr_addr,
    output wire [DATA_WIDTH-1:0]                                ram_wr_data,
    output wire                                                 ram_rd_en,
    output wire [$clog2(RAM_BYTES)-$clog2(DATA_WIDTH/8)-1:0]    ram_rd_addr,
    input  wire [DATA_WIDTH-1:0]                                ram_rd_data
);

localparam PAGE_BITS = $clog2(RAM_BYTES / WINDOW_BYTES);

reg rd_open_reg;  // the read in flight was launched with the window enabled

initial begin
    rd_open_reg = 1'b0;
end

generate
    if (PAGE_BITS == 0) begin : g_unpaged
        assign ram_wr_addr = wr_addr;
        assign ram_rd_addr = rd_addr;
        /* verilator lint_off UNUSED */
        wire unused_page = &{1'b0, win_page};
        /* verilator lint_on UNUSED */
    end else begin : g_paged
        assign ram_wr_addr = {win_page[PAGE_BITS-1:0], wr_addr};
        assign ram_rd_addr = {win_page[PAGE_BITS-1:0], rd_addr};
        if (PAGE_BITS < 8) begin : g_high_page_bits
            /* verilator lint_off UNUSED */
            wire unused_page = &{1'b0, win_page[7:PAGE_BITS]};
            /* verilator lint_on UNUSED */
        end
    end
endgenerate

always @(posedge clk) begin
    if (rst) begin
        rd_open_reg <= 1'b0;
    end else begin
        rd_open_reg <= win_enable;
    end
end

assign ram_wr_en = wr_en && win_enable;
assign ram_wr_be = wr_be;
assign ram_wr_data = wr_data;
assign ram_rd_en = rd_en && win_enable;
assign rd_data = rd_open_reg ? ram_rd_data : {DATA_WIDTH{1'b1}};

endmodule

`default_nettype wire
