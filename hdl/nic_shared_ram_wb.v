/*
 * nic_shared_ram_wb
 *
 * A NIC's shared RAM behind a Wishbone B4 slave: the same storage
 * (nic_ram_mem), parameters and NIC port as nic_shared_ram, on a pipelined
 * Wishbone port.  One clock domain; rst is synchronous and active high.
 *
 * Hierarchy:
 *   u_mem  nic_ram_mem   storage: the array u_mem.mem
 *
 * Address window: bytes [BASE_ADDR, BASE_ADDR + RAM_BYTES).  s_wb_adr is a
 * byte address; its low log2(DATA_WIDTH/8) bits are not decoded (the bytes
 * of the word are chosen by s_wb_sel, byte granularity).  RAM word index =
 * (adr - BASE_ADDR) / (DATA_WIDTH/8).  BASE_ADDR is aligned to RAM_BYTES.
 *
 * Transfers (pipelined mode): a request is taken at every rising edge with
 * s_wb_cyc && s_wb_stb && !s_wb_stall.  Each request is answered by exactly
 * one s_wb_ack or s_wb_err, in the cycle after it was taken (never both).
 *   - in the window: a write stores the bytes whose SEL bit is set (SEL = 0
 *     stores nothing) and is ACKed; a read is ACKed with the whole word on
 *     s_wb_dat_o.
 *   - outside the window: ERR; a write stores nothing; s_wb_dat_o is 0.
 * s_wb_dat_o is 0 in every cycle without a read ACK: it is never X.
 *
 * Throughput: one transfer per clock while STALL is low.  STALL is high
 *   - from the first clock edge with rst high until the edge after rst falls;
 *   - for one cycle after a transfer tagged classic (CTI 000), End-Of-Burst
 *     (CTI 111) or with a reserved CTI.  That is the cycle of its ACK/ERR:
 *     a standard-mode master, which holds STB until it sees the answer, is
 *     not taken twice, and a pipelined master loses one cycle per burst.
 * Transfers tagged incrementing (CTI 010) or constant address (CTI 001)
 * never stall the next one: registered-feedback bursts, linear (BTE 00) or
 * wrapping at 4, 8 or 16 beats (BTE 01, 10, 11), run at one beat per clock
 * when the master presents each beat's address in the clock after the
 * previous beat was taken (the pipelined form).  The slave serves every
 * beat at the address presented; it does not predict the next address, so
 * every BTE is served, wrapping or not.
 *
 * Latency: request taken -> ACK/ERR (and read data): 1 cycle.
 *   NIC port: nic_rdata 1 cycle after nic_en.
 *
 * Concurrency: the Wishbone port and the NIC port run at the same time.
 * Same address in the same cycle: a NIC write wins over a host write to the
 * same byte; every read returns the data from before the cycle's writes
 * (read-first).  A write is in the RAM on the edge it is taken.
 *
 * CYC low: no request is taken.  A master that negates CYC in the cycle of
 * an answer still sees that answer; the transfer has already happened.
 *
 * NIC port: nic_en enables the access; nic_we are byte write enables
 * (nic_we = 0 is a read); nic_rdata is the word at nic_addr from before
 * the edge, valid the cycle after nic_en and held while nic_en is low.
 *
 * Reset: from the first clock edge with rst high, ACK and ERR are low and
 * STALL high; STALL falls the cycle after rst falls.  RAM contents are
 * kept.  Power-on values equal the reset values, so every output is
 * defined from time 0.  s_wb_ack, s_wb_err and s_wb_stall are registers;
 * s_wb_dat_o is the RAM's read register masked by a registered read-ACK.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_shared_ram_wb #(
    // data bus width: 8, 16, 32, 64 or 128
    parameter DATA_WIDTH = 64,
    // Wishbone address width (byte address)
    parameter ADDR_WIDTH = 32,
    // RAM size in bytes: power of two, at least 2 * DATA_WIDTH/8
    parameter RAM_BYTES = 16384,
    // bus address of the first RAM byte, aligned to RAM_BYTES
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 'h000D_0000
) (
    input  wire                                           clk,
    input  wire                                           rst,

    /*
     * Wishbone B4 slave (pipelined, registered-feedback tags)
     */
    input  wire [ADDR_WIDTH-1:0]                          s_wb_adr,
    input  wire [DATA_WIDTH-1:0]                          s_wb_dat_i,
    output wire [DATA_WIDTH-1:0]                          s_wb_dat_o,
    input  wire                                           s_wb_we,
    input  wire [DATA_WIDTH/8-1:0]                        s_wb_sel,
    input  wire                                           s_wb_stb,
    input  wire                                           s_wb_cyc,
    input  wire [2:0]                                     s_wb_cti,
    input  wire [1:0]                                     s_wb_bte,
    output wire                                           s_wb_ack,
    output wire                                           s_wb_err,
    output wire                                           s_wb_stall,

    /*
     * NIC port: word address, byte write enables, 1-cycle read latency
     */
    input  wire                                           nic_en,
    input  wire [DATA_WIDTH/8-1:0]                        nic_we,
    input  wire [$clog2(RAM_BYTES/(DATA_WIDTH/8))-1:0]    nic_addr,
    input  wire [DATA_WIDTH-1:0]                          nic_wdata,
    output wire [DATA_WIDTH-1:0]                          nic_rdata
);

localparam STRB_WIDTH = DATA_WIDTH / 8;
localparam WORDS = RAM_BYTES / STRB_WIDTH;
localparam NIC_ADDR_WIDTH = $clog2(WORDS);
localparam LANE_BITS = $clog2(STRB_WIDTH);
localparam RAM_BITS = $clog2(RAM_BYTES);

localparam [ADDR_WIDTH-1:0] BASE_OFF_MASK = ~({ADDR_WIDTH{1'b1}} << RAM_BITS);

localparam PARAMS_OK =
    (DATA_WIDTH == 8 || DATA_WIDTH == 16 || DATA_WIDTH == 32 ||
     DATA_WIDTH == 64 || DATA_WIDTH == 128) &&
    (RAM_BYTES >= 2 * STRB_WIDTH) &&
    ((RAM_BYTES & (RAM_BYTES - 1)) == 0) &&
    (RAM_BITS < ADDR_WIDTH) &&
    ((BASE_ADDR & BASE_OFF_MASK) == {ADDR_WIDTH{1'b0}});

// elaboration fails on an unknown module when the parameters are not legal
generate
    if (!PARAMS_OK) begin : g_bad_params
        nic_shared_ram_wb_illegal_parameters u_illegal_parameters ();
    end
endgenerate

// CTI encodings that let the next transfer follow without a stall
localparam [2:0] CTI_CONSTANT     = 3'b001;
localparam [2:0] CTI_INCREMENTING = 3'b010;

reg ack_reg;
reg err_reg;
reg stall_reg;
reg rd_ack_reg;

// power-on values: those of reset, so every output is defined from time 0
initial begin
    ack_reg = 1'b0;
    err_reg = 1'b0;
    stall_reg = 1'b1;
    rd_ack_reg = 1'b0;
end

// a request is taken at this edge
wire take = s_wb_cyc && s_wb_stb && !stall_reg;
// its address lies in the window (the low lane bits are not decoded)
wire in_window = (s_wb_adr & ~BASE_OFF_MASK) == BASE_ADDR;
// its tag lets the next transfer follow at once
wire burst_tag = (s_wb_cti == CTI_INCREMENTING) || (s_wb_cti == CTI_CONSTANT);

wire [NIC_ADDR_WIDTH-1:0] word = s_wb_adr[RAM_BITS-1:LANE_BITS];

wire [DATA_WIDTH-1:0] ram_rd_data;

always @(posedge clk) begin
    if (rst) begin
        ack_reg <= 1'b0;
        err_reg <= 1'b0;
        stall_reg <= 1'b1;
        rd_ack_reg <= 1'b0;
    end else begin
        ack_reg <= take && in_window;
        err_reg <= take && !in_window;
        rd_ack_reg <= take && in_window && !s_wb_we;
        // one stall cycle after a classic or End-Of-Burst transfer
        stall_reg <= take && !burst_tag;
    end
end

nic_ram_mem #(
    .DATA_WIDTH(DATA_WIDTH),
    .RAM_BYTES(RAM_BYTES)
) u_mem (
    .clk(clk),
    .hw_en(take && in_window && s_wb_we),
    .hw_be(s_wb_sel),
    .hw_addr(word),
    .hw_wdata(s_wb_dat_i),
    .hr_en(take && in_window && !s_wb_we),
    .hr_addr(word),
    .hr_rdata(ram_rd_data),
    .nic_en(nic_en),
    .nic_we(nic_we),
    .nic_addr(nic_addr),
    .nic_wdata(nic_wdata),
    .nic_rdata(nic_rdata)
);

assign s_wb_ack = ack_reg;
assign s_wb_err = err_reg;
assign s_wb_stall = stall_reg;
assign s_wb_dat_o = rd_ack_reg ? ram_rd_data : {DATA_WIDTH{1'b0}};

// the burst type extension does not change what the slave does (see header)
/* verilator lint_off UNUSED */
wire unused_ok = &{1'b0, s_wb_bte};
/* verilator lint_on UNUSED */

`ifdef NIC_CALL_TRACE
    // Simulation only: the host call in progress as ASCII text, shown in waveforms
    // (tb/hdl/nic_call_trace.v). Absent from synthesis and from builds without the define.
    nic_call_trace u_call_trace ();
`endif

endmodule

`default_nettype wire
