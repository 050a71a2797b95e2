/*
 * f_nic_shared_ram_avmm: formal harness around nic_shared_ram_avmm (read by
 * yosys with `read -formal`; not Verilog-2005, never simulated).
 *
 * Host side, assumed (Avalon Interface Specifications, Avalon-MM: transfers
 * with waitrequest, burst transfers): no read or write while rst is high;
 * while waitrequest is high the host holds read, write, address,
 * burstcount, writedata and byteenable.  Everything else is free: address
 * (so bursts off either end of the window), burstcount (0 and counts above
 * MAX_BURST too), byteenable, read and write together, a read in the middle
 * of a write burst (the header says it is ignored), and the NIC port.
 *
 * Agent side, asserted (the specification and the header of
 * hdl/nic_shared_ram_avmm.v), against a record of the bursts the agent
 * took:
 *   - a write burst takes max(burstcount, 1) words; writeresponsevalid
 *     comes exactly once per burst, the cycle after its last word, with its
 *     response; no response without a request;
 *   - a read burst returns max(burstcount, 1) words on readdatavalid, one
 *     per clock, the first in the cycle after the command, back to back
 *     with the next burst's; readdatavalid never without a request;
 *   - response: SLAVEERROR for burstcount 0 or above MAX_BURST, DECODEERROR
 *     exactly for a burst with a word outside the window, OKAY otherwise;
 *     readdata 0 in every cycle without an OKAY readdatavalid;
 *   - waitrequest is high exactly while a read burst still fetches words
 *     (so at most two read commands pending), a write response and a read
 *     word never share a cycle;
 *   - reset: waitrequest high and no valid from the first edge with rst,
 *     waitrequest low the cycle after rst falls.
 * Data, by the usual abstraction: one symbolic byte of the window (f_addr)
 * is tracked.  A word of an OKAY write burst at its word with its byteenable
 * bit set writes it, a NIC write writes it (and wins a same-cycle
 * collision); nothing else may change it.  The RAM holds the tracked value
 * in every cycle (the array is tapped; with F_RAM_ABS, the abstract RAM's byte); an OKAY read word of its word
 * carries the value from before the edge that fetched it, and so does
 * nic_rdata.
 */

`default_nettype none

module f_nic_shared_ram_avmm #(
    parameter DATA_WIDTH = 32,
    parameter ADDR_WIDTH = 12,
    parameter RAM_BYTES = 64,
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 12'h040,
    parameter MAX_BURST = 4
) (
    input  wire                          clk,
    input  wire                          rst,

    input  wire [ADDR_WIDTH-1:0]         s_avmm_address,
    input  wire                          s_avmm_read,
    input  wire                          s_avmm_write,
    input  wire [DATA_WIDTH-1:0]         s_avmm_writedata,
    input  wire [DATA_WIDTH/8-1:0]       s_avmm_byteenable,
    input  wire [$clog2(MAX_BURST):0]    s_avmm_burstcount,

    input  wire                          nic_en,
    input  wire [DATA_WIDTH/8-1:0]       nic_we,
    input  wire [$clog2(RAM_BYTES/(DATA_WIDTH/8))-1:0] nic_addr,
    input  wire [DATA_WIDTH-1:0]         nic_wdata
);

localparam STRB = DATA_WIDTH / 8;
localparam LSB = $clog2(STRB);
localparam OFF = $clog2(RAM_BYTES);
localparam WORDS = RAM_BYTES / STRB;
localparam WAW = OFF - LSB;
localparam BCW = $clog2(MAX_BURST) + 1;
localparam XW = ADDR_WIDTH + BCW + 2;          // wide enough for any burst end

localparam [1:0] OKAY = 2'b00;
localparam [1:0] SLVERR = 2'b10;
localparam [1:0] DECERR = 2'b11;

wire                  s_avmm_waitrequest;
wire [DATA_WIDTH-1:0] s_avmm_readdata;
wire                  s_avmm_readdatavalid;
wire [1:0]            s_avmm_response;
wire                  s_avmm_writeresponsevalid;
wire [DATA_WIDTH-1:0] nic_rdata;

nic_shared_ram_avmm #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .RAM_BYTES(RAM_BYTES),
    .BASE_ADDR(BASE_ADDR),
    .MAX_BURST(MAX_BURST)
) u_dut (
    .clk(clk), .rst(rst),
    .s_avmm_address(s_avmm_address), .s_avmm_read(s_avmm_read), .s_avmm_write(s_avmm_write),
    .s_avmm_writedata(s_avmm_writedata), .s_avmm_byteenable(s_avmm_byteenable),
    .s_avmm_burstcount(s_avmm_burstcount), .s_avmm_waitrequest(s_avmm_waitrequest),
    .s_avmm_readdata(s_avmm_readdata), .s_avmm_readdatavalid(s_avmm_readdatavalid),
    .s_avmm_response(s_avmm_response), .s_avmm_writeresponsevalid(s_avmm_writeresponsevalid),
    .nic_en(nic_en), .nic_we(nic_we), .nic_addr(nic_addr), .nic_wdata(nic_wdata),
    .nic_rdata(nic_rdata)
);

/*
 * Taps into the RTL (connected by the driver after flattening)
 */
`ifdef F_RAM_ABS
// the abstract RAM (tb/formal/nic_ram_mem_abs.sv): the one byte it stores
(* keep *) wire [$clog2(RAM_BYTES/(DATA_WIDTH/8))-1:0] t_abs_word;  // tap: u_dut.u_mem.abs_word
(* keep *) wire [$clog2(DATA_WIDTH/8):0] t_abs_lane;  // tap: u_dut.u_mem.abs_lane
(* keep *) wire [7:0]    t_abs_byte;       // tap: u_dut.u_mem.abs_byte
`else
(* keep *) wire [RAM_BYTES*8-1:0] t_mem;   // tap-mem: u_dut.u_mem.mem
`endif
(* keep *) wire           t_rst_wait;      // tap: u_dut.rst_wait_reg
(* keep *) wire [BCW-1:0] t_wr_left;       // tap: u_dut.wr_left_reg
(* keep *) wire [1:0]     t_wr_resp;       // tap: u_dut.wr_resp_reg
(* keep *) wire [WAW-1:0] t_wr_word;       // tap: u_dut.wr_word_reg
(* keep *) wire [BCW-1:0] t_rd_left;       // tap: u_dut.rd_left_reg
(* keep *) wire [1:0]     t_rd_resp;       // tap: u_dut.rd_resp_reg
(* keep *) wire [WAW-1:0] t_rd_word;       // tap: u_dut.rd_word_reg
(* keep *) wire           t_rd_data_ok;    // tap: u_dut.rd_data_ok_reg

/*
 * Time and reset
 */
reg f_past = 1'b0;
reg f_rst_q = 1'b1;     // rst in the previous cycle
always @(posedge clk) begin
    f_past <= 1'b1;
    f_rst_q <= rst;
end

always @* begin
    if (!f_past) assume(rst);
end

/*
 * Host-side rules (assumptions)
 */
always @* begin
    if (rst) assume(!s_avmm_read && !s_avmm_write);
end
always @(posedge clk) begin
    if (f_past && !$past(rst) && $past(s_avmm_waitrequest && (s_avmm_read || s_avmm_write))) begin
        assume($stable({s_avmm_read, s_avmm_write, s_avmm_address, s_avmm_burstcount,
                        s_avmm_writedata, s_avmm_byteenable}));
    end
end

/*
 * What a command asks for, by the specification and the header
 */
function [1:0] f_resp;
    input [ADDR_WIDTH-1:0] a;
    input [BCW-1:0] bc;
    reg [XW-1:0] first, after;
    begin
        first = {{(XW-ADDR_WIDTH){1'b0}}, a} & ~(STRB - 1);
        after = first + ({{(XW-BCW){1'b0}}, bc} * STRB);
        f_resp = (bc == 0 || bc > MAX_BURST) ? SLVERR :
                 (first < BASE_ADDR || after > {{(XW-ADDR_WIDTH){1'b0}}, BASE_ADDR} + RAM_BYTES) ? DECERR
                                                                                               : OKAY;
    end
endfunction

wire [BCW-1:0] cmd_words = (s_avmm_burstcount == 0) ? 1 : s_avmm_burstcount;
wire [1:0]     cmd_resp = f_resp(s_avmm_address, s_avmm_burstcount);
wire [WAW-1:0] cmd_word = s_avmm_address[OFF-1:LSB];

/*
 * The record: the write burst taking words, the read words still to return
 */
reg [BCW-1:0] f_wr_left = 0;       // words still to come of the write burst
reg [1:0]     f_wr_resp = OKAY;
reg [WAW-1:0] f_wr_word = 0;       // the word its next word writes
reg [BCW:0]   f_rd_left = 0;       // read words still to return
reg [1:0]     f_rd_resp = OKAY;    // response of the burst returning words
reg [WAW-1:0] f_rd_word = 0;       // the word returned next

wire wr_take  = !rst && s_avmm_write && !s_avmm_waitrequest;
wire wr_first = wr_take && f_wr_left == 0;
wire wr_next  = wr_take && f_wr_left != 0;
wire wr_last  = wr_first ? (cmd_words == 1) : (wr_next && f_wr_left == 1);
wire rd_cmd   = !rst && s_avmm_read && !s_avmm_write && !s_avmm_waitrequest && f_wr_left == 0;
wire rdv      = s_avmm_readdatavalid;

reg f_wr_done = 1'b0;              // the last edge took the last word of a write burst
reg [1:0] f_wr_done_resp = OKAY;
always @(posedge clk) begin
    if (rst) begin
        f_wr_left <= 0;
        f_rd_left <= 0;
        f_wr_done <= 1'b0;
    end else begin
        f_wr_done <= wr_last;
        f_wr_done_resp <= wr_first ? cmd_resp : f_wr_resp;
        if (wr_first) begin
            f_wr_left <= cmd_words - 1;
            f_wr_resp <= cmd_resp;
            f_wr_word <= cmd_word + 1;
        end else if (wr_next) begin
            f_wr_left <= f_wr_left - 1;
            f_wr_word <= f_wr_word + 1;
        end
        // a command may be taken while the last word of the burst before returns
        // (anything else is a waitrequest failure, asserted below)
        f_rd_left <= f_rd_left - rdv + (rd_cmd ? cmd_words : 0);
        if (rd_cmd) begin
            f_rd_resp <= cmd_resp;
            f_rd_word <= cmd_word;
        end else if (rdv) begin
            f_rd_word <= f_rd_word + 1;
        end
    end
end

always @(posedge clk) begin
    if (f_past) begin
        if ($past(rst)) begin
            // reset: nothing valid, waitrequest high from the first edge with rst
            assert(s_avmm_waitrequest);
            assert(!rdv && !s_avmm_writeresponsevalid);
        end else begin
            // one write response per burst, the cycle after its last word
            assert(s_avmm_writeresponsevalid == f_wr_done);
            if (f_wr_done) assert(s_avmm_response == f_wr_done_resp);
        end
    end
end

always @* begin
    if (f_past && !rst) begin
        // read words: one per clock from the cycle after the command, none without one
        assert(rdv == (f_rd_left != 0));
        if (rdv) assert(s_avmm_response == f_rd_resp);
        if (!rdv || f_rd_resp != OKAY) assert(s_avmm_readdata == 0);
        // waitrequest exactly while a read burst fetches (the first cycle after reset
        // excepted: it is high then, see the reset rule)
        if (!f_rst_q) assert(s_avmm_waitrequest == (f_rd_left > 1));
        assert(!(rdv && s_avmm_writeresponsevalid));
        // a burst has at most 2**BCW - 1 words (SLAVEERROR bursts above MAX_BURST too)
        assert(f_wr_left < (1 << BCW) - 1);
        assert(f_rd_left < (1 << BCW));
    end
end

/*
 * Tie-in: the record against the RTL's registers (helper invariants for the
 * induction; asserted, so checked as well)
 */
always @* begin
    if (f_past && !rst) begin
        assert(t_rst_wait == f_rst_q);
        assert(t_wr_left == f_wr_left);
        if (f_wr_left != 0) begin
            assert(t_wr_resp == f_wr_resp);
            if (f_wr_resp == OKAY) assert(t_wr_word == f_wr_word);
        end
        assert(t_rd_left == (f_rd_left == 0 ? 0 : f_rd_left - 1));
        if (f_rd_left > 1) begin
            assert(t_rd_resp == f_rd_resp);
            if (f_rd_resp == OKAY) assert(t_rd_word == f_rd_word + 1);
        end
        assert(t_rd_data_ok == (rdv && f_rd_resp == OKAY));
        // an OKAY write burst stays in the window
        if (f_wr_left != 0 && f_wr_resp == OKAY) assert({1'b0, f_wr_word} + f_wr_left <= WORDS);
        if (f_rd_left != 0 && f_rd_resp == OKAY) assert({1'b0, f_rd_word} + f_rd_left <= WORDS);
    end
end

/*
 * The tracked byte
 */
(* anyconst *) reg [ADDR_WIDTH-1:0] f_addr;
wire [OFF-1:0] f_off = f_addr - BASE_ADDR;
wire [WAW-1:0] f_word = f_off[OFF-1:LSB];
wire [LSB:0]   f_lane = f_off & (STRB - 1);  // one bit wider: LSB may be 0
reg  [7:0]     f_byte = 8'd0;               // the RAM starts zero-filled
reg  [7:0]     f_byte_q = 8'd0;             // its value before the last edge
reg            f_by_avmm = 1'b0;            // its last write came through Avalon-MM

always @* begin
    assume((f_addr >> OFF) == (BASE_ADDR >> OFF));
end

wire nic_hits = nic_en && nic_addr == f_word && nic_we[f_lane];
wire av_hits = s_avmm_byteenable[f_lane] &&
               ((wr_first && cmd_resp == OKAY && cmd_word == f_word) ||
                (wr_next && f_wr_resp == OKAY && f_wr_word == f_word));

always @(posedge clk) begin
    f_byte_q <= f_byte;
    if (nic_hits) begin
        f_byte <= nic_wdata[f_lane*8 +: 8];
        f_by_avmm <= 1'b0;
    end else if (av_hits) begin
        f_byte <= s_avmm_writedata[f_lane*8 +: 8];
        f_by_avmm <= 1'b1;
    end
end

`ifdef F_RAM_ABS
// the abstract RAM stores the tracked byte, and holds the tracked value at all times
always @* begin
    assume(t_abs_word == f_word && t_abs_lane == f_lane);
    assert(t_abs_byte == f_byte);
end
`else
// the RAM array holds the tracked value at all times
reg [DATA_WIDTH-1:0] f_ram_word;
integer k;
always @* begin
    f_ram_word = 0;
    for (k = 0; k < WORDS; k = k + 1)
        if (f_word == k) f_ram_word = t_mem[k*DATA_WIDTH +: DATA_WIDTH];
end
always @* assert(f_ram_word[f_lane*8 +: 8] == f_byte);
`endif

// an OKAY read word of the tracked word: the value before the edge that fetched it
always @* begin
    if (f_past && !rst && rdv && f_rd_resp == OKAY && f_rd_word == f_word)
        assert(s_avmm_readdata[f_lane*8 +: 8] == f_byte_q);
end

// the NIC port: nic_rdata is the word from before the edge of its nic_en, held after
reg       f_nic_hit = 1'b0;
reg [7:0] f_nic_byte = 8'd0;
always @(posedge clk) begin
    if (nic_en) begin
        f_nic_hit <= (nic_addr == f_word);
        f_nic_byte <= f_byte;
    end
end
always @* begin
    if (f_nic_hit) assert(nic_rdata[f_lane*8 +: 8] == f_nic_byte);
end

/*
 * Covers: the check is not vacuous
 */
reg f_rdv_q = 1'b0;
reg [BCW:0] f_rd_left_q = 0;
reg f_wr_long = 1'b0;             // the write burst ending now had several words
always @(posedge clk) begin
    f_rdv_q <= !rst && rdv;
    f_rd_left_q <= f_rd_left;
    f_wr_long <= wr_next && wr_last;
end

always @* begin
    if (f_past && !rst) begin
        // a write burst of several words answered OKAY
        cover(s_avmm_writeresponsevalid && s_avmm_response == OKAY && f_wr_long);
        // DECODEERROR and SLAVEERROR write bursts
        cover(s_avmm_writeresponsevalid && s_avmm_response == DECERR);
        cover(s_avmm_writeresponsevalid && s_avmm_response == SLVERR);
        // a read burst of several words, its last one OKAY
        cover(rdv && f_rd_left == 1 && f_rd_resp == OKAY && f_rdv_q && f_rd_left_q == 2);
        // a DECODEERROR read burst
        cover(rdv && f_rd_resp == DECERR);
        // read bursts back to back: a first word the cycle after the last of the one before
        cover(rdv && f_rdv_q && f_rd_left_q == 1 && f_rd_left > 1);
        // the tracked byte: written through Avalon-MM and read back through it
        cover(rdv && f_rd_resp == OKAY && f_rd_word == f_word && f_byte_q != 0 && f_by_avmm);
    end
end

endmodule

`default_nettype wire
