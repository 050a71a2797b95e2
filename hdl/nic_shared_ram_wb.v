/*
 * nic_shared_ram_wb
 *
 * A NIC's shared RAM behind a Wishbone B4 slave: the same storage
 * (nic_ram_mem), parameters and NIC port as nic_shared_ram, on a pipelined
 * Wishbone port that also serves standard-mode (classic) cycles and their
 * registered-feedback bursts.  One clock domain; rst is synchronous and
 * active high.
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
 * s_wb_cyc && s_wb_stb && !s_wb_stall (but see classic bursts below).  Each
 * request is answered by exactly one s_wb_ack or s_wb_err, in the cycle
 * after it was taken (never both).
 *   - in the window: a write stores the bytes whose SEL bit is set (SEL = 0
 *     stores nothing) and is ACKed; a read is ACKed with the whole word on
 *     s_wb_dat_o.
 *   - outside the window: ERR; a write stores nothing; s_wb_dat_o is 0.
 * s_wb_dat_o is 0 in every cycle without a read ACK: it is never X.
 *
 * Throughput: one transfer per clock while STALL is low.  STALL is high
 *   - from the first clock edge with rst high until the edge after rst falls;
 *   - for one cycle after a transfer tagged classic (CTI 000), constant
 *     address (CTI 001), End-Of-Burst (CTI 111) or with a reserved CTI.
 *     That is the cycle of its ACK/ERR: a standard-mode master, which holds
 *     STB until it sees the answer, is not taken twice, and a pipelined
 *     master loses one cycle after each such transfer.
 * Transfers tagged incrementing (CTI 010) never stall the next one.
 *
 * Registered-feedback incrementing bursts (CTI 010 on every beat but the
 * last, End-Of-Burst 111 on the last; BTE linear 00 or wrapping at 4, 8 or
 * 16 words 01, 10, 11; the next address as Table 4-3 of Wishbone B4 gives
 * it) run at one beat per clock in both modes:
 *   - pipelined: the master presents each beat's address in the clock
 *     after the previous beat was taken; every beat is served at the
 *     address presented.
 *   - classic (standard mode, STB held until the answer, STALL not looked
 *     at): the first beat is taken and answered in the next cycle.  At the
 *     edge of that answer the bus still shows the same beat (a pipelined
 *     master would show the next address there, RULE 4.40), so the slave
 *     knows it is a held classic beat, prepares the answer of the next beat
 *     at the next address by BTE (read data, ACK, or ERR outside the window)
 *     and asserts it in the following cycle: ACK stays high for the
 *     consecutive beats.  A write beat of the burst is stored at the edge of
 *     its ACK, with the data and SEL on the bus there, at the address the
 *     slave computed.  The burst ends at the edge that completes a beat not
 *     tagged incrementing (the End-Of-Burst beat), or when CYC falls.  The
 *     master may insert wait states by negating STB: the prepared answer is
 *     held and ACK/ERR/DAT_O show it only while STB is high (inside a
 *     classic burst ACK, ERR and DAT_O are gated by CYC && STB).
 * Constant address bursts (CTI 001) are served one beat per two clocks in
 * both modes (a held classic beat and a pipelined repeat look the same).
 *
 * Latency: request taken -> ACK/ERR (and read data): 1 cycle.
 *   NIC port: nic_rdata 1 cycle after nic_en.
 *
 * Concurrency: the Wishbone port and the NIC port run at the same time.
 * Same address in the same cycle: a NIC write wins over a host write to the
 * same byte; every read returns the data from before the cycle's writes
 * (read-first).  A write is in the RAM on the edge it is taken.  Inside a
 * classic burst a beat after the first is read from the RAM at the edge
 * that completed the beat before it, and written at the edge of its own
 * ACK (see above).
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
 * defined from time 0.  s_wb_stall is a register; s_wb_ack and s_wb_err
 * are registers (gated by CYC && STB inside a classic burst, see above);
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

// the CTI that lets the next transfer follow without a stall
localparam [2:0] CTI_INCREMENTING = 3'b010;

reg ack_reg;
reg err_reg;
reg stall_reg;
reg rd_ack_reg;
// classic burst: the answer in this cycle is for the beat on the bus now, at beat_adr_reg
reg burst_reg;
reg [ADDR_WIDTH-1:0] beat_adr_reg;
// the request taken at the previous edge (answered in this cycle unless burst_reg)
reg [ADDR_WIDTH-1:0] last_adr_reg;
reg last_we_reg;
reg [STRB_WIDTH-1:0] last_sel_reg;
reg [2:0] last_cti_reg;
reg [1:0] last_bte_reg;

// power-on values: those of reset, so every output is defined from time 0
initial begin
    ack_reg = 1'b0;
    err_reg = 1'b0;
    stall_reg = 1'b1;
    rd_ack_reg = 1'b0;
    burst_reg = 1'b0;
    beat_adr_reg = {ADDR_WIDTH{1'b0}};
    last_adr_reg = {ADDR_WIDTH{1'b0}};
    last_we_reg = 1'b0;
    last_sel_reg = {STRB_WIDTH{1'b0}};
    last_cti_reg = 3'b000;
    last_bte_reg = 2'b00;
end

wire req = s_wb_cyc && s_wb_stb;
wire incrementing = s_wb_cti == CTI_INCREMENTING;
// a standard-mode master holds the incrementing beat answered in this cycle: it is the same
// transfer (a pipelined master's next beat would be at the next address, RULE 4.40)
wire hold = !burst_reg && (ack_reg || err_reg) && req && incrementing &&
            s_wb_adr == last_adr_reg && s_wb_we == last_we_reg && s_wb_sel == last_sel_reg &&
            s_wb_cti == last_cti_reg && s_wb_bte == last_bte_reg;
// a request is taken at this edge
wire take = req && !stall_reg && !burst_reg && !hold;
// the classic burst goes on: the beat answered now is tagged incrementing, so the next beat's
// answer is prepared at the next address (the held beat's, or the beat in progress')
wire go_on = hold || (burst_reg && req && incrementing);
// the master inserts a wait state inside a classic burst: the prepared answer waits
wire wait_state = burst_reg && s_wb_cyc && !s_wb_stb;

// its address lies in the window (the low lane bits are not decoded)
wire in_window = (s_wb_adr & ~BASE_OFF_MASK) == BASE_ADDR;

// the next address of an incrementing burst: one word up, wrapping within 4, 8 or 16 words by BTE
wire [ADDR_WIDTH-1:0] from_adr = burst_reg ? beat_adr_reg : s_wb_adr;
wire [ADDR_WIDTH-1:0] from_word = from_adr >> LANE_BITS;
wire [ADDR_WIDTH-1:0] inc_word = from_word + {{(ADDR_WIDTH-1){1'b0}}, 1'b1};
reg [ADDR_WIDTH-1:0] wrap_mask;
always @(*) begin
    case (s_wb_bte)
        2'b01: wrap_mask = {{(ADDR_WIDTH-2){1'b0}}, 2'b11};
        2'b10: wrap_mask = {{(ADDR_WIDTH-3){1'b0}}, 3'b111};
        2'b11: wrap_mask = {{(ADDR_WIDTH-4){1'b0}}, 4'b1111};
        default: wrap_mask = {ADDR_WIDTH{1'b1}};
    endcase
end
wire [ADDR_WIDTH-1:0] next_word = (from_word & ~wrap_mask) | (inc_word & wrap_mask);
wire [ADDR_WIDTH-1:0] next_adr = next_word << LANE_BITS;
wire next_in_window = (next_adr & ~BASE_OFF_MASK) == BASE_ADDR;

wire [NIC_ADDR_WIDTH-1:0] word = s_wb_adr[RAM_BITS-1:LANE_BITS];
wire [NIC_ADDR_WIDTH-1:0] beat_word = beat_adr_reg[RAM_BITS-1:LANE_BITS];
wire [NIC_ADDR_WIDTH-1:0] next_ram_word = next_adr[RAM_BITS-1:LANE_BITS];

// a classic-burst write beat completes at this edge (its answer was prepared in the window)
wire beat_write = burst_reg && ack_reg && req && s_wb_we;

wire [DATA_WIDTH-1:0] ram_rd_data;

always @(posedge clk) begin
    if (rst) begin
        ack_reg <= 1'b0;
        err_reg <= 1'b0;
        stall_reg <= 1'b1;
        rd_ack_reg <= 1'b0;
        burst_reg <= 1'b0;
    end else if (take) begin
        ack_reg <= in_window;
        err_reg <= !in_window;
        rd_ack_reg <= in_window && !s_wb_we;
        // one stall cycle after any transfer not tagged incrementing
        stall_reg <= !incrementing;
        burst_reg <= 1'b0;
    end else if (go_on) begin
        ack_reg <= next_in_window;
        err_reg <= !next_in_window;
        rd_ack_reg <= next_in_window && !s_wb_we;
        stall_reg <= 1'b0;
        burst_reg <= 1'b1;
    end else if (wait_state) begin
        stall_reg <= 1'b0;
    end else begin
        ack_reg <= 1'b0;
        err_reg <= 1'b0;
        rd_ack_reg <= 1'b0;
        stall_reg <= 1'b0;
        burst_reg <= 1'b0;
    end
end

always @(posedge clk) begin
    if (take) begin
        last_adr_reg <= s_wb_adr;
        last_we_reg <= s_wb_we;
        last_sel_reg <= s_wb_sel;
        last_cti_reg <= s_wb_cti;
        last_bte_reg <= s_wb_bte;
    end
    if (go_on) begin
        beat_adr_reg <= next_adr;
    end
end

nic_ram_mem #(
    .DATA_WIDTH(DATA_WIDTH),
    .RAM_BYTES(RAM_BYTES)
) u_mem (
    .clk(clk),
    .hw_en((take && in_window && s_wb_we) || beat_write),
    .hw_be(s_wb_sel),
    .hw_addr(burst_reg ? beat_word : word),
    .hw_wdata(s_wb_dat_i),
    .hr_en((take && in_window && !s_wb_we) || (go_on && next_in_window && !s_wb_we)),
    .hr_addr(take ? word : next_ram_word),
    .hr_rdata(ram_rd_data),
    .nic_en(nic_en),
    .nic_we(nic_we),
    .nic_addr(nic_addr),
    .nic_wdata(nic_wdata),
    .nic_rdata(nic_rdata)
);

// inside a classic burst the prepared answer shows only while the master requests (a master
// wait state sees none); everywhere else the answer is the register
wire answer_shown = !burst_reg || req;
assign s_wb_ack = ack_reg && answer_shown;
assign s_wb_err = err_reg && answer_shown;
assign s_wb_stall = stall_reg;
assign s_wb_dat_o = (rd_ack_reg && answer_shown) ? ram_rd_data : {DATA_WIDTH{1'b0}};

`ifdef NIC_CALL_TRACE
    // Simulation only: the host call in progress as ASCII text, shown in waveforms
    // (tb/hdl/nic_call_trace.v). Absent from synthesis and from builds without the define.
    nic_call_trace u_call_trace ();
`endif

endmodule

`default_nettype wire
