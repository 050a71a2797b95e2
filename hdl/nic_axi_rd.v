/*
 * nic_axi_rd
 *
 * AXI4 read channels (AR, R) onto the RAM's host read port.
 *
 * Throughput: one R beat per clock within a burst and across back-to-back
 * bursts while RREADY is high.  The next AR is accepted while a burst is
 * running and launches its first RAM read on the cycle after the previous
 * burst's last read.
 *
 * Latency: RVALID for the first beat rises 2 cycles after the AR handshake
 * when no earlier burst is pending (the RAM read is launched in the handshake
 * cycle, the 1-cycle RAM read data is captured into the R register on the
 * next edge).
 *
 * Flow control: reads are launched against credit in a two-entry R queue,
 * counting the read in flight in the RAM and the R beat leaving this cycle.
 * Nothing is lost or duplicated when RREADY drops; R payload is held stable
 * while RVALID && !RREADY.
 *
 * Rules:
 *   - Each burst returns exactly ARLEN+1 beats, RLAST on the last, RID = ARID,
 *     in AR order.
 *   - OKAY beats carry the whole addressed RAM word; for a narrow beat the
 *     master takes the lanes of its (address, size).
 *   - SLVERR/DECERR bursts (see nic_axi_burst_decode) return RDATA = 0.
 *
 * All AXI outputs are registers.  Reset is synchronous, active high.  Every
 * register has a power-on value equal to its reset value (zero where it has
 * none), so the channels are idle from time 0, before any reset.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_axi_rd #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter ID_WIDTH = 8,
    parameter RAM_BYTES = 16384,
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 'h000D_0000
) (
    input  wire                                              clk,
    input  wire                                              rst,

    /*
     * AXI4 read address and data channels
     */
    input  wire [ID_WIDTH-1:0]                               s_axi_arid,
    input  wire [ADDR_WIDTH-1:0]                             s_axi_araddr,
    input  wire [7:0]                                        s_axi_arlen,
    input  wire [2:0]                                        s_axi_arsize,
    input  wire [1:0]                                        s_axi_arburst,
    input  wire                                              s_axi_arvalid,
    output wire                                              s_axi_arready,
    output wire [ID_WIDTH-1:0]                               s_axi_rid,
    output wire [DATA_WIDTH-1:0]                             s_axi_rdata,
    output wire [1:0]                                        s_axi_rresp,
    output wire                                              s_axi_rlast,
    output wire                                              s_axi_rvalid,
    input  wire                                              s_axi_rready,

    /*
     * RAM host read port (1-cycle read latency)
     */
    output wire                                              ram_rd_en,
    output wire [$clog2(RAM_BYTES)-$clog2(DATA_WIDTH/8)-1:0] ram_rd_addr,
    input  wire [DATA_WIDTH-1:0]                             ram_rd_data
);

localparam STRB_WIDTH = DATA_WIDTH / 8;
localparam WORD_AW = $clog2(RAM_BYTES) - $clog2(STRB_WIDTH);

localparam [1:0] RESP_OKAY = 2'b00;

wire                  beat_valid;
wire                  beat_valid_next;
wire [ID_WIDTH-1:0]   beat_id;
wire [WORD_AW-1:0]    beat_word;
wire [STRB_WIDTH-1:0] beat_lanes;
wire [1:0]            beat_resp;
wire                  beat_last;

// read in flight: RAM data for it is valid in the cycle after launch
// (power-on values, initial block below: nothing in flight)
reg                pend_valid_reg;
reg [ID_WIDTH-1:0] pend_id_reg;
reg [1:0]          pend_resp_reg;
reg                pend_last_reg;

initial begin
    pend_valid_reg = 1'b0;
    pend_id_reg = {ID_WIDTH{1'b0}};
    pend_resp_reg = RESP_OKAY;
    pend_last_reg = 1'b0;
end

wire rq_full_next;
wire launch_ok = !rq_full_next;
wire launch = beat_valid && launch_ok;

nic_axi_addr_seq #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .RAM_BYTES(RAM_BYTES),
    .BASE_ADDR(BASE_ADDR),
    .BYPASS(1)
) u_ar (
    .clk(clk),
    .rst(rst),
    .s_ax_id(s_axi_arid),
    .s_ax_addr(s_axi_araddr),
    .s_ax_len(s_axi_arlen),
    .s_ax_size(s_axi_arsize),
    .s_ax_burst(s_axi_arburst),
    .s_ax_valid(s_axi_arvalid),
    .s_ax_ready(s_axi_arready),
    .beat_valid(beat_valid),
    .beat_valid_next(beat_valid_next),
    .beat_id(beat_id),
    .beat_word(beat_word),
    .beat_lanes(beat_lanes),
    .beat_resp(beat_resp),
    .beat_last(beat_last),
    .beat_ready(launch_ok)
);

always @(posedge clk) begin
    pend_id_reg <= beat_id;
    pend_resp_reg <= beat_resp;
    pend_last_reg <= beat_last;

    if (rst) begin
        pend_valid_reg <= 1'b0;
    end else begin
        pend_valid_reg <= launch;
    end
end

wire [DATA_WIDTH-1:0] pend_data = (pend_resp_reg == RESP_OKAY) ? ram_rd_data : {DATA_WIDTH{1'b0}};

// credit: queue entries + read in flight - beat leaving now must stay below 2
nic_resp_queue #(
    .WIDTH(ID_WIDTH + DATA_WIDTH + 3)
) u_rq (
    .clk(clk),
    .rst(rst),
    .in_valid(pend_valid_reg),
    .in_data({pend_id_reg, pend_data, pend_resp_reg, pend_last_reg}),
    .out_valid(s_axi_rvalid),
    .out_data({s_axi_rid, s_axi_rdata, s_axi_rresp, s_axi_rlast}),
    .out_ready(s_axi_rready),
    .full_next(rq_full_next)
);

assign ram_rd_en = launch;
assign ram_rd_addr = beat_word;

// narrow reads return the whole word; the sequencer's registered-slot view
// is only needed on the write side
/* verilator lint_off UNUSED */
wire unused_ok = &{1'b0, beat_valid_next, beat_lanes};
/* verilator lint_on UNUSED */

endmodule

`default_nettype wire
