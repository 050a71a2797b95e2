/*
 * nic_shared_ram_avmm
 *
 * A NIC's shared RAM behind an Avalon-MM slave (agent) with bursts: the same
 * storage (nic_ram_mem), parameters and NIC port as nic_shared_ram, on an
 * Avalon-MM port.  One clock domain; rst is synchronous and active high.
 *
 * Hierarchy:
 *   u_mem  nic_ram_mem   storage: the array u_mem.mem
 *
 * Interface properties: addressUnits = symbols (s_avmm_address is a byte
 * address; its low log2(DATA_WIDTH/8) bits are not decoded), burstcountUnits
 * = words, maximum burst MAX_BURST words (burstcount is log2(MAX_BURST) + 1
 * bits), burstOnBurstBoundariesOnly = false, constantBurstBehavior = false
 * (address and burstcount are taken with the first word of a burst only),
 * readLatency = variable (readdatavalid), maxPendingReadTransactions = 2,
 * writeresponsevalid present (one write response per burst).
 *
 * Address window: bytes [BASE_ADDR, BASE_ADDR + RAM_BYTES).  RAM word index
 * = (address - BASE_ADDR) / (DATA_WIDTH/8).  BASE_ADDR is aligned to
 * RAM_BYTES.
 *
 * Commands: a command is taken at a rising edge with read or write high and
 * waitrequest low; a burst of burstcount words covers the words from
 * address up.  A write burst takes its words one per edge with write high
 * and waitrequest low (the first with the command); byteenable selects the
 * bytes of each word.  A read burst returns its words on readdatavalid, one
 * per clock, the first in the cycle after the command.  A read arriving
 * while a write burst still expects words is ignored (the host broke the
 * protocol); write has priority over read in the same cycle.
 *
 * Responses (decided with the command, the same for every word of it):
 *   SLAVEERROR (10)   burstcount 0 or above MAX_BURST; such a burst still
 *                     takes (write) or returns (read) max(burstcount, 1)
 *                     words, so the host stays in step.
 *   DECODEERROR (11)  any word of the burst outside the window (computed
 *                     without overflow).
 *   OKAY (00)         otherwise.
 *   An error burst changes nothing; its read words carry readdata = 0.
 *   Reads: response with each readdatavalid.  Writes: one response on
 *   writeresponsevalid, in the cycle after the burst's last word.
 * readdata is 0 in every cycle without an OKAY readdatavalid: never X.
 *
 * Throughput and waitrequest: waitrequest depends on registers only.  It is
 * low while no read burst is still fetching words from the RAM; while a read
 * burst is fetching, it is high.  So: write words at one per clock, read
 * words at one per clock, and a read command taken in the clock after the
 * previous read burst fetched its last word, so back-to-back read bursts
 * return their words with no gap.  Reads and writes stay in order: a write
 * taken after a read never changes what that read returns.  A write response
 * and a read word never fall in the same cycle, so response is one signal.
 *
 * Latency: read command -> first readdatavalid: 1 cycle; last write word ->
 * writeresponsevalid: 1 cycle.  NIC port: nic_rdata 1 cycle after nic_en.
 *
 * Concurrency: the Avalon-MM port and the NIC port run at the same time.
 * Same address in the same cycle: a NIC write wins over a host write to the
 * same byte; every read returns the data from before the cycle's writes
 * (read-first).  A write word is in the RAM on the edge it is taken.
 *
 * Reset: from the first clock edge with rst high, waitrequest is high and
 * readdatavalid and writeresponsevalid are low; bursts in progress are
 * dropped; waitrequest falls the cycle after rst falls.  RAM contents are
 * kept.  Power-on values equal the reset values, so every output is
 * defined from time 0.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_shared_ram_avmm #(
    // data bus width: 8, 16, 32, 64 or 128
    parameter DATA_WIDTH = 64,
    // Avalon-MM address width (byte address)
    parameter ADDR_WIDTH = 32,
    // RAM size in bytes: power of two, at least 2 * DATA_WIDTH/8
    parameter RAM_BYTES = 16384,
    // bus address of the first RAM byte, aligned to RAM_BYTES
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 'h000D_0000,
    // longest burst in words: a power of two from 2 to 1024
    parameter MAX_BURST = 64
) (
    input  wire                                           clk,
    input  wire                                           rst,

    /*
     * Avalon-MM slave (agent) with bursts and responses
     */
    input  wire [ADDR_WIDTH-1:0]                          s_avmm_address,
    input  wire                                           s_avmm_read,
    input  wire                                           s_avmm_write,
    input  wire [DATA_WIDTH-1:0]                          s_avmm_writedata,
    input  wire [DATA_WIDTH/8-1:0]                        s_avmm_byteenable,
    input  wire [$clog2(MAX_BURST):0]                     s_avmm_burstcount,
    output wire                                           s_avmm_waitrequest,
    output wire [DATA_WIDTH-1:0]                          s_avmm_readdata,
    output wire                                           s_avmm_readdatavalid,
    output wire [1:0]                                     s_avmm_response,
    output wire                                           s_avmm_writeresponsevalid,

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
localparam BC_WIDTH = $clog2(MAX_BURST) + 1;
// wide enough for a word index plus a burstcount, without overflow
localparam SUM_WIDTH = (NIC_ADDR_WIDTH > BC_WIDTH ? NIC_ADDR_WIDTH : BC_WIDTH) + 1;

localparam [ADDR_WIDTH-1:0] BASE_OFF_MASK = ~({ADDR_WIDTH{1'b1}} << RAM_BITS);

localparam PARAMS_OK =
    (DATA_WIDTH == 8 || DATA_WIDTH == 16 || DATA_WIDTH == 32 ||
     DATA_WIDTH == 64 || DATA_WIDTH == 128) &&
    (RAM_BYTES >= 2 * STRB_WIDTH) &&
    ((RAM_BYTES & (RAM_BYTES - 1)) == 0) &&
    (RAM_BITS < ADDR_WIDTH) &&
    ((BASE_ADDR & BASE_OFF_MASK) == {ADDR_WIDTH{1'b0}}) &&
    (MAX_BURST >= 2) && (MAX_BURST <= 1024) && ((MAX_BURST & (MAX_BURST - 1)) == 0);

// elaboration fails on an unknown module when the parameters are not legal
generate
    if (!PARAMS_OK) begin : g_bad_params
        nic_shared_ram_avmm_illegal_parameters u_illegal_parameters ();
    end
endgenerate

localparam [1:0] RESP_OKAY   = 2'b00;
localparam [1:0] RESP_SLVERR = 2'b10;
localparam [1:0] RESP_DECERR = 2'b11;

localparam [BC_WIDTH-1:0] BC_ONE = {{(BC_WIDTH-1){1'b0}}, 1'b1};
localparam [BC_WIDTH-1:0] BC_MAX = MAX_BURST[BC_WIDTH-1:0];
localparam [SUM_WIDTH-1:0] SUM_WORDS = WORDS[SUM_WIDTH-1:0];
localparam [NIC_ADDR_WIDTH-1:0] WORD_ONE = {{(NIC_ADDR_WIDTH-1){1'b0}}, 1'b1};

// state: read burst fetching, write burst taking words, outputs
reg                      rst_wait_reg;     // waitrequest from reset
reg [BC_WIDTH-1:0]       rd_left_reg;      // read words still to fetch after this cycle's
reg [NIC_ADDR_WIDTH-1:0] rd_word_reg;
reg [1:0]                rd_resp_reg;      // response of the read burst being fetched
reg [BC_WIDTH-1:0]       wr_left_reg;      // write words still to come
reg [NIC_ADDR_WIDTH-1:0] wr_word_reg;
reg [1:0]                wr_resp_reg;      // response of the write burst taking words
reg                      rdv_reg;
reg                      rd_data_ok_reg;
reg                      wrv_reg;
reg [1:0]                resp_reg;

// power-on values: those of reset, so every output is defined from time 0
initial begin
    rst_wait_reg = 1'b1;
    rd_left_reg = {BC_WIDTH{1'b0}};
    rd_word_reg = {NIC_ADDR_WIDTH{1'b0}};
    rd_resp_reg = RESP_OKAY;
    wr_left_reg = {BC_WIDTH{1'b0}};
    wr_word_reg = {NIC_ADDR_WIDTH{1'b0}};
    wr_resp_reg = RESP_OKAY;
    rdv_reg = 1'b0;
    rd_data_ok_reg = 1'b0;
    wrv_reg = 1'b0;
    resp_reg = RESP_OKAY;
end

wire waitrequest = rst_wait_reg || (rd_left_reg != {BC_WIDTH{1'b0}});
wire wr_in_burst = wr_left_reg != {BC_WIDTH{1'b0}};

// this edge: a write word (first of a burst, or a later one), a read command
wire wr_take  = s_avmm_write && !waitrequest;
wire wr_first = wr_take && !wr_in_burst;
wire wr_next  = wr_take && wr_in_burst;
wire rd_take  = s_avmm_read && !s_avmm_write && !waitrequest && !wr_in_burst;
wire rd_next  = rd_left_reg != {BC_WIDTH{1'b0}};

// the command on the bus, decoded
wire [NIC_ADDR_WIDTH-1:0] cmd_word = s_avmm_address[RAM_BITS-1:LANE_BITS];
wire cmd_in_window = (s_avmm_address & ~BASE_OFF_MASK) == BASE_ADDR;
wire cmd_count_ok = (s_avmm_burstcount != {BC_WIDTH{1'b0}}) && (s_avmm_burstcount <= BC_MAX);
wire [SUM_WIDTH-1:0] cmd_end = {{(SUM_WIDTH-NIC_ADDR_WIDTH){1'b0}}, cmd_word} +
                               {{(SUM_WIDTH-BC_WIDTH){1'b0}}, s_avmm_burstcount};
wire cmd_fits = cmd_end <= SUM_WORDS;
wire [1:0] cmd_resp = !cmd_count_ok ? RESP_SLVERR :
                      (!cmd_in_window || !cmd_fits) ? RESP_DECERR : RESP_OKAY;
// words of the command: max(burstcount, 1)
wire [BC_WIDTH-1:0] cmd_words = cmd_count_ok || (s_avmm_burstcount != {BC_WIDTH{1'b0}}) ?
                                s_avmm_burstcount : BC_ONE;

// the RAM's host ports
wire                      ram_wr_en = wr_first ? (cmd_resp == RESP_OKAY) : (wr_next && wr_resp_reg == RESP_OKAY);
wire [NIC_ADDR_WIDTH-1:0] ram_wr_addr = wr_first ? cmd_word : wr_word_reg;
wire                      ram_rd_en = rd_take ? (cmd_resp == RESP_OKAY) : (rd_next && rd_resp_reg == RESP_OKAY);
wire [NIC_ADDR_WIDTH-1:0] ram_rd_addr = rd_take ? cmd_word : rd_word_reg;
wire [DATA_WIDTH-1:0]     ram_rd_data;

always @(posedge clk) begin
    if (rst) begin
        rst_wait_reg <= 1'b1;
        rd_left_reg <= {BC_WIDTH{1'b0}};
        wr_left_reg <= {BC_WIDTH{1'b0}};
        rdv_reg <= 1'b0;
        rd_data_ok_reg <= 1'b0;
        wrv_reg <= 1'b0;
        resp_reg <= RESP_OKAY;
    end else begin
        rst_wait_reg <= 1'b0;
        rdv_reg <= rd_take || rd_next;
        rd_data_ok_reg <= ram_rd_en;
        wrv_reg <= 1'b0;
        resp_reg <= RESP_OKAY;

        // read burst: the command fetches its first word, later edges the rest
        if (rd_take) begin
            rd_left_reg <= cmd_words - BC_ONE;
            rd_word_reg <= cmd_word + WORD_ONE;
            rd_resp_reg <= cmd_resp;
            resp_reg <= cmd_resp;
        end else if (rd_next) begin
            rd_left_reg <= rd_left_reg - BC_ONE;
            rd_word_reg <= rd_word_reg + WORD_ONE;
            resp_reg <= rd_resp_reg;
        end

        // write burst: the response follows its last word
        if (wr_first) begin
            wr_left_reg <= cmd_words - BC_ONE;
            wr_word_reg <= cmd_word + WORD_ONE;
            wr_resp_reg <= cmd_resp;
            if (cmd_words == BC_ONE) begin
                wrv_reg <= 1'b1;
                resp_reg <= cmd_resp;
            end
        end else if (wr_next) begin
            wr_left_reg <= wr_left_reg - BC_ONE;
            wr_word_reg <= wr_word_reg + WORD_ONE;
            if (wr_left_reg == BC_ONE) begin
                wrv_reg <= 1'b1;
                resp_reg <= wr_resp_reg;
            end
        end
    end
end

nic_ram_mem #(
    .DATA_WIDTH(DATA_WIDTH),
    .RAM_BYTES(RAM_BYTES)
) u_mem (
    .clk(clk),
    .hw_en(ram_wr_en),
    .hw_be(s_avmm_byteenable),
    .hw_addr(ram_wr_addr),
    .hw_wdata(s_avmm_writedata),
    .hr_en(ram_rd_en),
    .hr_addr(ram_rd_addr),
    .hr_rdata(ram_rd_data),
    .nic_en(nic_en),
    .nic_we(nic_we),
    .nic_addr(nic_addr),
    .nic_wdata(nic_wdata),
    .nic_rdata(nic_rdata)
);

assign s_avmm_waitrequest = waitrequest;
assign s_avmm_readdatavalid = rdv_reg;
assign s_avmm_readdata = rd_data_ok_reg ? ram_rd_data : {DATA_WIDTH{1'b0}};
assign s_avmm_writeresponsevalid = wrv_reg;
assign s_avmm_response = resp_reg;

`ifdef NIC_CALL_TRACE
    // Simulation only: the host call in progress as ASCII text, shown in waveforms
    // (tb/hdl/nic_call_trace.v). Absent from synthesis and from builds without the define.
    nic_call_trace u_call_trace ();
`endif

endmodule

`default_nettype wire
