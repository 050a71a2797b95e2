/*
 * wb_xactor
 *
 * Wishbone B4 master transactor: executes a whole call of requests (one
 * bus cycle: CYC held from the first request to the last answer) handed
 * to it by the testbench, making the same cycle-by-cycle decisions as the
 * Python pin-level master tb.wishbone.WishboneMaster, so the bus traffic
 * is the same (tests/sim/bus_engines.py compares the two clock by clock).
 * The testbench is woken once per call, at its end.
 *
 * Modes (per call): pipelined (a request per clock, held while STALL is
 * high, answers counted as they come) or standard (one request at a time,
 * held until its ACK or ERR, STALL not looked at; the CTI/BTE tags are the
 * request's, so classic cycles and registered-feedback bursts are both
 * the testbench's choice).
 *
 * Command (cmd; the names are those of tb/xactor_wire.py BUS_COMMAND,
 * which the regression checks these localparams against):
 *   [CMD_SEQ +: 8]        new when it differs from the last one taken;
 *                         a new command starts a call (taken at the next
 *                         edge, but acting already in the cycle it comes:
 *                         CYC and the first request are on the bus then)
 *   [CMD_WE]              write call
 *   [CMD_PIPELINED]       pipelined mode (else standard)
 *   [CMD_COUNT +: 32]     requests in the call (at least 1)
 *   [CMD_BURSTS +: 32]    answers that end it (here: COUNT)
 *   [CMD_TIMEOUT +: 32]   quiet cycles (no request taken, no answer) before
 *                         the call fails with ERR_TIMEOUT
 *   [CMD_DESC +: 128]     request 0's descriptor (below)
 *   [CMD_DATA +: DATA_WIDTH]  request 0's write data
 * Requests 1 .. COUNT-1 come from the stream file STREAM_FILE
 * (xactor_stream.vh: a 16-byte descriptor, then DATA_WIDTH/8 bytes of
 * write data), read one at the edge where the request before is taken.
 * Descriptor: [DESC_ADDR +: 64] ADR, [DESC_IDLE +: 24] pacing: idle cycles
 * (STB low) before the request, counted where the pin-level master asks
 * its pacing hook, [DESC_CTI +: 3] CTI, [DESC_BTE +: 2] BTE, [DESC_SEL +:
 * 16] SEL.
 *
 * Answers: every ACK or ERR is written to ANSWER_FILE (opened when the call
 * starts, closed when it ends), one line each: "<code> <data>" in hex,
 * code 1 for ERR (without ACK), 0 for ACK; data: DAT_I on a read, 0 on a
 * write.
 *
 * stat (updated at every edge of a call): [ST_SEQ +: 8] last command
 * taken, [ST_CALLS +: 16] calls ended, [ST_ERR +: 4] how the last call
 * ended (ERR_*), [ST_ISSUED +: 32] requests taken, [ST_ANSWERED +: 32]
 * answers, [ST_CYCLES +: 32] edges of the call.  ev changes when a call
 * ends.  A call ends when every request is answered, or at the first of:
 * an answer with no request outstanding (ERR_NO_REQUEST), DAT_I with X/Z
 * bits on a read answer (ERR_DATA_X), ERR_TIMEOUT, a record missing from
 * the stream file (ERR_STREAM), reset (ERR_RESET; also a command that
 * arrives at a reset edge ends at once so), a command while a call runs
 * (ERR_BUSY: that command is dropped).
 */

`timescale 1ns / 1ps
`default_nettype none

module wb_xactor #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter CMD_WIDTH = 234 + DATA_WIDTH,
    parameter STREAM_FILE = "wb_xactor.stream",
    parameter ANSWER_FILE = "wb_xactor.answers"
) (
    input  wire                    clk,
    input  wire                    rst,

    input  wire [CMD_WIDTH-1:0]    cmd,
    output reg  [7:0]              ev,
    output wire [127:0]            stat,

    /*
     * Wishbone master
     */
    output wire [ADDR_WIDTH-1:0]   m_wb_adr,
    output wire [DATA_WIDTH-1:0]   m_wb_dat_o,
    input  wire [DATA_WIDTH-1:0]   m_wb_dat_i,
    output wire                    m_wb_we,
    output wire [DATA_WIDTH/8-1:0] m_wb_sel,
    output wire                    m_wb_stb,
    output wire                    m_wb_cyc,
    output wire [2:0]              m_wb_cti,
    output wire [1:0]              m_wb_bte,
    input  wire                    m_wb_ack,
    input  wire                    m_wb_err,
    input  wire                    m_wb_stall
);

localparam STRB = DATA_WIDTH / 8;

localparam CMD_SEQ = 0;
localparam CMD_WE = 8;
localparam CMD_PIPELINED = 9;
localparam CMD_COUNT = 10;
localparam CMD_BURSTS = 42;
localparam CMD_TIMEOUT = 74;
localparam CMD_DESC = 106;
localparam CMD_DATA = 234;

localparam DESC_ADDR = 0;
localparam DESC_IDLE = 64;
localparam DESC_CTI = 88;
localparam DESC_BTE = 91;
/* verilator lint_off UNUSEDPARAM */
localparam DESC_END = 93;    // Avalon-MM fields (avmm_xactor): the descriptor layout is shared
localparam DESC_COUNT = 94;
/* verilator lint_on UNUSEDPARAM */
localparam DESC_SEL = 112;

localparam ST_SEQ = 0;
localparam ST_CALLS = 8;
localparam ST_ERR = 24;
localparam ST_ISSUED = 32;
localparam ST_ANSWERED = 64;
localparam ST_CYCLES = 96;

localparam [3:0] ERR_NONE = 4'd0;
localparam [3:0] ERR_NO_REQUEST = 4'd1;
localparam [3:0] ERR_DATA_X = 4'd2;
localparam [3:0] ERR_TIMEOUT = 4'd3;
localparam [3:0] ERR_STREAM = 4'd4;
localparam [3:0] ERR_RESET = 4'd5;
localparam [3:0] ERR_BUSY = 4'd6;

localparam REC_BYTES = STRB;

// stream file and the record read last
integer                  fd;
integer                  fo;            // answer file (0: none)
reg [127:0]              f_desc;
reg [REC_BYTES*8-1:0]    f_rec;

// stream_open, stream_close, stream_read: the reader all transactors share
`include "xactor_stream.vh"

reg [7:0]             seq_reg;
reg [15:0]            calls_reg;
reg [3:0]             err_reg;
reg                   open_reg;
reg                   we_reg;
reg                   pipe_reg;
reg [31:0]            count_reg;
reg [31:0]            expect_reg;      // answers that end the call
reg [31:0]            timeout_reg;
reg [31:0]            issued_reg;
reg [31:0]            answered_reg;
reg [31:0]            cycles_reg;
reg [31:0]            quiet_reg;
reg                   driving_reg;     // STB high with the current request, not taken yet
reg [127:0]           desc_reg;        // the current request: the next one to be taken
reg [DATA_WIDTH-1:0]  data_reg;
reg [23:0]            idle_reg;        // its idle cycles still to go

wire                  cmd_new = cmd[CMD_SEQ +: 8] != seq_reg;
wire                  in_start = cmd_new && !open_reg;
wire                  open_now = open_reg || in_start;
wire                  we_now = in_start ? cmd[CMD_WE] : we_reg;
wire                  pipe_now = in_start ? cmd[CMD_PIPELINED] : pipe_reg;
wire [31:0]           count_now = in_start ? cmd[CMD_COUNT +: 32] : count_reg;
wire [31:0]           expect_now = in_start ? cmd[CMD_BURSTS +: 32] : expect_reg;
wire [31:0]           issued_now = in_start ? 32'd0 : issued_reg;
wire [31:0]           answered_now = in_start ? 32'd0 : answered_reg;
wire                  driving_now = !in_start && driving_reg;
wire [127:0]          desc_now = in_start ? cmd[CMD_DESC +: 128] : desc_reg;
wire [DATA_WIDTH-1:0] data_now = in_start ? cmd[CMD_DATA +: DATA_WIDTH] : data_reg;
wire [23:0]           idle_now = in_start ? cmd[CMD_DESC + DESC_IDLE +: 24] : idle_reg;
wire [31:0]           quiet_now = in_start ? 32'd0 : quiet_reg;
wire [31:0]           timeout_now = in_start ? cmd[CMD_TIMEOUT +: 32] : timeout_reg;

// the pin-level master's decision: a request may go on the bus in this cycle
wire                  ready = open_now && !driving_now && issued_now < count_now
                              && (pipe_now || issued_now == answered_now);
wire                  go = ready && idle_now == 24'd0;
wire                  stb = open_now && (driving_now || go);
wire                  answer = m_wb_ack || m_wb_err;
wire                  taken = stb && (pipe_now ? !m_wb_stall : answer);

assign m_wb_cyc = open_now;
assign m_wb_stb = stb;
assign m_wb_we = open_now && we_now;
assign m_wb_adr = desc_now[DESC_ADDR +: ADDR_WIDTH];
assign m_wb_sel = desc_now[DESC_SEL +: STRB];
assign m_wb_cti = desc_now[DESC_CTI +: 3];
assign m_wb_bte = desc_now[DESC_BTE +: 2];
assign m_wb_dat_o = we_now ? data_now : {DATA_WIDTH{1'b0}};

assign stat[ST_SEQ +: 8] = seq_reg;
assign stat[ST_CALLS +: 16] = calls_reg;
assign stat[ST_ERR +: 4] = err_reg;
assign stat[ST_ERR + 4 +: 4] = 4'd0;
assign stat[ST_ISSUED +: 32] = issued_reg;
assign stat[ST_ANSWERED +: 32] = answered_reg;
assign stat[ST_CYCLES +: 32] = cycles_reg;

// power-on = reset state: no call
initial begin
    seq_reg = 8'd0;
    calls_reg = 16'd0;
    err_reg = ERR_NONE;
    open_reg = 1'b0;
    we_reg = 1'b0;
    pipe_reg = 1'b0;
    count_reg = 32'd0;
    expect_reg = 32'd0;
    timeout_reg = 32'd0;
    issued_reg = 32'd0;
    answered_reg = 32'd0;
    cycles_reg = 32'd0;
    quiet_reg = 32'd0;
    driving_reg = 1'b0;
    desc_reg = 128'd0;
    data_reg = {DATA_WIDTH{1'b0}};
    idle_reg = 24'd0;
    ev = 8'd0;
    fd = 0;
    fo = 0;
end

reg [3:0]  err_next;
reg [31:0] answered_next;
reg        f_ok;

task end_call;
    input [3:0] code;
begin
    err_reg <= code;
    open_reg <= 1'b0;
    driving_reg <= 1'b0;
    calls_reg <= calls_reg + 16'd1;
    ev <= ev + 8'd1;
    stream_close;
    if (fo != 0) begin
        $fclose(fo);
    end
    fo = 0;
end
endtask

always @(posedge clk) begin
    if (rst) begin
        seq_reg <= cmd[CMD_SEQ +: 8];
        if (open_reg || cmd_new) begin  // a call running, or one that would start here
            end_call(ERR_RESET);
        end
    end else begin
        err_next = ERR_NONE;
        answered_next = answered_now;
        if (cmd_new) begin
            seq_reg <= cmd[CMD_SEQ +: 8];
        end
        if (cmd_new && open_reg) begin
            err_next = ERR_BUSY;
        end
        if (in_start) begin
            we_reg <= cmd[CMD_WE];
            pipe_reg <= cmd[CMD_PIPELINED];
            count_reg <= cmd[CMD_COUNT +: 32];
            expect_reg <= cmd[CMD_BURSTS +: 32];
            timeout_reg <= cmd[CMD_TIMEOUT +: 32];
            open_reg <= 1'b1;
            stream_close;
            if (cmd[CMD_COUNT +: 32] > 32'd1) begin
                stream_open;
            end
            if (fo != 0) begin
                $fclose(fo);
            end
            fo = $fopen(ANSWER_FILE, "w");
        end
        if (open_now) begin
            cycles_reg <= (in_start ? 32'd0 : cycles_reg) + 32'd1;
            quiet_reg <= quiet_now + 32'd1;
            if (answer) begin
                quiet_reg <= 32'd0;
                if (answered_now >= issued_now + ((pipe_now || !stb) ? 32'd0 : 32'd1)) begin
                    err_next = ERR_NO_REQUEST;
                end else if (!we_now && ^m_wb_dat_i === 1'bx) begin
                    err_next = ERR_DATA_X;
                end else begin
                    $fwrite(fo, "%h %h\n", m_wb_err && !m_wb_ack, we_now ? {DATA_WIDTH{1'b0}} : m_wb_dat_i);
                    answered_next = answered_now + 32'd1;
                end
            end
            answered_reg <= answered_next;
            issued_reg <= issued_now + (taken ? 32'd1 : 32'd0);
            driving_reg <= stb && !taken;
            desc_reg <= desc_now;
            data_reg <= data_now;
            idle_reg <= (ready && idle_now != 24'd0) ? idle_now - 24'd1 : idle_now;
            if (taken) begin
                quiet_reg <= 32'd0;
                if (issued_now + 32'd1 < count_now) begin
                    stream_read(f_ok);
                    if (f_ok) begin
                        desc_reg <= f_desc;
                        data_reg <= f_rec[DATA_WIDTH-1:0];
                        idle_reg <= f_desc[DESC_IDLE +: 24];
                    end else if (err_next == ERR_NONE) begin
                        err_next = ERR_STREAM;
                    end
                end
            end
            if (err_next == ERR_NONE && !answer && !taken && quiet_now + 32'd1 > timeout_now) begin
                err_next = ERR_TIMEOUT;
            end
            if (err_next != ERR_NONE || answered_next == expect_now) begin
                end_call(err_next);
            end
        end else if (err_next != ERR_NONE) begin
            err_reg <= err_next;
        end
    end
end

endmodule

`default_nettype wire
