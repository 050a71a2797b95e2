/*
 * avmm_xactor
 *
 * Bursting Avalon-MM host transactor: executes a whole write or read call
 * handed to it by the testbench, making the same cycle-by-cycle decisions
 * as the Python pin-level master tb.avalon.AvalonMaster, so the bus
 * traffic is the same (tests/sim/bus_engines.py compares the two clock by
 * clock).  The testbench is woken once per call, at its end.
 *
 * Write call: the requests are the words of the call's bursts, in order;
 * each carries its burst's address and burstcount (held for the whole
 * burst) and DESC_END on the burst's last word.  A word goes on the bus
 * (write high) when the one before was taken (waitrequest low); the call
 * ends when every burst's write response (writeresponsevalid) is in.
 * Read call: the requests are the read commands (address, burstcount);
 * the next is presented as soon as the one before is taken; the call ends
 * when every word has come back (readdatavalid).
 *
 * Command: as wb_xactor's (tb/xactor_wire.py BUS_COMMAND): [CMD_SEQ +: 8],
 * [CMD_WE] write call, [CMD_COUNT +: 32] requests, [CMD_BURSTS +: 32]
 * answers that end the call (write: bursts; read: words), [CMD_TIMEOUT +:
 * 32], [CMD_DESC +: 128] and [CMD_DATA +: DATA_WIDTH]: request 0; the
 * others from the stream file (xactor_stream.vh), one at the edge where
 * the request before is taken.  Descriptor: [DESC_ADDR +: 64] address,
 * [DESC_IDLE +: 24] idle cycles (read and write low) before the request,
 * where the pin-level master asks its pacing hook, [DESC_END] last word of
 * its burst, [DESC_COUNT +: 12] burstcount, [DESC_SEL +: 16] byteenable.
 *
 * Answers: each writeresponsevalid (write) or readdatavalid (read) is
 * written to ANSWER_FILE, one line each: "<response> <readdata>" in hex
 * (readdata 0 on a write).  stat, ev and the ERR_* codes: as wb_xactor's;
 * ERR_NO_REQUEST here is a write response with no write burst complete
 * and unanswered, or a read word with no read outstanding.
 */

`timescale 1ns / 1ps
`default_nettype none

module avmm_xactor #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter BURST_WIDTH = 7,
    parameter CMD_WIDTH = 234 + DATA_WIDTH,
    parameter STREAM_FILE = "avmm_xactor.stream",
    parameter ANSWER_FILE = "avmm_xactor.answers"
) (
    input  wire                    clk,
    input  wire                    rst,

    input  wire [CMD_WIDTH-1:0]    cmd,
    output reg  [7:0]              ev,
    output wire [127:0]            stat,

    /*
     * Avalon-MM host
     */
    output wire [ADDR_WIDTH-1:0]   m_avmm_address,
    output wire                    m_avmm_read,
    output wire                    m_avmm_write,
    output wire [DATA_WIDTH-1:0]   m_avmm_writedata,
    output wire [DATA_WIDTH/8-1:0] m_avmm_byteenable,
    output wire [BURST_WIDTH-1:0]  m_avmm_burstcount,
    input  wire                    m_avmm_waitrequest,
    input  wire [DATA_WIDTH-1:0]   m_avmm_readdata,
    input  wire                    m_avmm_readdatavalid,
    input  wire [1:0]              m_avmm_response,
    input  wire                    m_avmm_writeresponsevalid
);

localparam STRB = DATA_WIDTH / 8;

localparam CMD_SEQ = 0;
localparam CMD_WE = 8;
/* verilator lint_off UNUSEDPARAM */
localparam CMD_PIPELINED = 9;   // Wishbone only (wb_xactor): the command layout is shared
/* verilator lint_on UNUSEDPARAM */
localparam CMD_COUNT = 10;
localparam CMD_BURSTS = 42;
localparam CMD_TIMEOUT = 74;
localparam CMD_DESC = 106;
localparam CMD_DATA = 234;

localparam DESC_ADDR = 0;
localparam DESC_IDLE = 64;
/* verilator lint_off UNUSEDPARAM */
localparam DESC_CTI = 88;       // Wishbone only (wb_xactor): the descriptor layout is shared
localparam DESC_BTE = 91;
/* verilator lint_on UNUSEDPARAM */
localparam DESC_END = 93;
localparam DESC_COUNT = 94;
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
reg [31:0]            count_reg;
reg [31:0]            expect_reg;
reg [31:0]            timeout_reg;
reg [31:0]            issued_reg;      // requests taken
reg [31:0]            bursts_reg;      // write bursts whose last word was taken
reg [31:0]            owed_reg;        // read words of taken commands not yet returned
reg [31:0]            answered_reg;
reg [31:0]            cycles_reg;
reg [31:0]            quiet_reg;
reg                   driving_reg;
reg [127:0]           desc_reg;
reg [DATA_WIDTH-1:0]  data_reg;
reg [23:0]            idle_reg;

wire                  cmd_new = cmd[CMD_SEQ +: 8] != seq_reg;
wire                  in_start = cmd_new && !open_reg;
wire                  open_now = open_reg || in_start;
wire                  we_now = in_start ? cmd[CMD_WE] : we_reg;
wire [31:0]           count_now = in_start ? cmd[CMD_COUNT +: 32] : count_reg;
wire [31:0]           expect_now = in_start ? cmd[CMD_BURSTS +: 32] : expect_reg;
wire [31:0]           timeout_now = in_start ? cmd[CMD_TIMEOUT +: 32] : timeout_reg;
wire [31:0]           issued_now = in_start ? 32'd0 : issued_reg;
wire [31:0]           bursts_now = in_start ? 32'd0 : bursts_reg;
wire [31:0]           owed_now = in_start ? 32'd0 : owed_reg;
wire [31:0]           answered_now = in_start ? 32'd0 : answered_reg;
wire [31:0]           quiet_now = in_start ? 32'd0 : quiet_reg;
wire                  driving_now = !in_start && driving_reg;
wire [127:0]          desc_now = in_start ? cmd[CMD_DESC +: 128] : desc_reg;
wire [DATA_WIDTH-1:0] data_now = in_start ? cmd[CMD_DATA +: DATA_WIDTH] : data_reg;
wire [23:0]           idle_now = in_start ? cmd[CMD_DESC + DESC_IDLE +: 24] : idle_reg;

wire                  ready = open_now && !driving_now && issued_now < count_now;
wire                  go = ready && idle_now == 24'd0;
wire                  req = open_now && (driving_now || go);
wire                  taken = req && !m_avmm_waitrequest;
wire                  answer = we_now ? m_avmm_writeresponsevalid : m_avmm_readdatavalid;
wire [31:0]           words = {20'd0, desc_now[DESC_COUNT +: 12]};

assign m_avmm_address = desc_now[DESC_ADDR +: ADDR_WIDTH];
assign m_avmm_burstcount = desc_now[DESC_COUNT +: BURST_WIDTH];
assign m_avmm_byteenable = desc_now[DESC_SEL +: STRB];
assign m_avmm_writedata = data_now;
assign m_avmm_write = req && we_now;
assign m_avmm_read = req && !we_now;

assign stat[ST_SEQ +: 8] = seq_reg;
assign stat[ST_CALLS +: 16] = calls_reg;
assign stat[ST_ERR +: 4] = err_reg;
assign stat[ST_ERR + 4 +: 4] = 4'd0;
assign stat[ST_ISSUED +: 32] = issued_reg;
assign stat[ST_ANSWERED +: 32] = answered_reg;
assign stat[ST_CYCLES +: 32] = cycles_reg;

initial begin
    seq_reg = 8'd0;
    calls_reg = 16'd0;
    err_reg = ERR_NONE;
    open_reg = 1'b0;
    we_reg = 1'b0;
    count_reg = 32'd0;
    expect_reg = 32'd0;
    timeout_reg = 32'd0;
    issued_reg = 32'd0;
    bursts_reg = 32'd0;
    owed_reg = 32'd0;
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
                if (we_now ? answered_now >= bursts_now : owed_now == 32'd0) begin
                    err_next = ERR_NO_REQUEST;
                end else if (!we_now && ^m_avmm_readdata === 1'bx) begin
                    err_next = ERR_DATA_X;
                end else begin
                    $fwrite(fo, "%h %h\n", m_avmm_response, we_now ? {DATA_WIDTH{1'b0}} : m_avmm_readdata);
                    answered_next = answered_now + 32'd1;
                end
            end
            answered_reg <= answered_next;
            issued_reg <= issued_now + (taken ? 32'd1 : 32'd0);
            bursts_reg <= bursts_now + ((taken && we_now && desc_now[DESC_END]) ? 32'd1 : 32'd0);
            owed_reg <= owed_now - ((answer && !we_now && owed_now != 32'd0) ? 32'd1 : 32'd0)
                                 + ((taken && !we_now) ? words : 32'd0);
            driving_reg <= req && !taken;
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
