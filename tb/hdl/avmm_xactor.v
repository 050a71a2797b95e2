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
 * Command, stream file, answer file, stat, ev and the ERR_* codes: the
 * call control both request transactors share (xactor_call_head.vh,
 * xactor_call_body.vh; the names are those of tb/xactor_wire.py).
 * Here a write call's answers are its write bursts, a read call's its
 * words; a request's descriptor carries its burst's address, burstcount
 * (DESC_COUNT), byteenable (DESC_SEL), DESC_END on a burst's last word,
 * and its idle cycles (read and write low) before it, where the pin-level
 * master asks its pacing hook.  The answer file has one line per
 * writeresponsevalid (write) or readdatavalid (read): "<response>
 * <readdata>" in hex (readdata 0 on a write).  ERR_NO_REQUEST here is a
 * write response with no write burst complete and unanswered, or a read
 * word with no read outstanding.
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

// the wire format, the stream reader, the call's registers and their values in this cycle
`include "xactor_call_head.vh"

reg [31:0]            bursts_reg;      // write bursts whose last word was taken
reg [31:0]            owed_reg;        // read words of taken commands not yet returned

wire [31:0]           bursts_now = in_start ? 32'd0 : bursts_reg;
wire [31:0]           owed_now = in_start ? 32'd0 : owed_reg;

// the pin-level master's decisions on Avalon-MM: the next request as soon as the one before is taken
assign                may_issue = 1'b1;
wire                  taken = req && !m_avmm_waitrequest;
wire                  answer = we_now ? m_avmm_writeresponsevalid : m_avmm_readdatavalid;
wire                  answer_unasked = we_now ? answered_now >= bursts_now : owed_now == 32'd0;
wire [DATA_WIDTH-1:0] rdata = m_avmm_readdata;
wire [1:0]            answer_code = m_avmm_response;
wire [31:0]           words = {20'd0, desc_now[DESC_COUNT +: 12]};

assign m_avmm_address = desc_now[DESC_ADDR +: ADDR_WIDTH];
assign m_avmm_burstcount = desc_now[DESC_COUNT +: BURST_WIDTH];
assign m_avmm_byteenable = desc_now[DESC_SEL +: STRB];
assign m_avmm_writedata = data_now;
assign m_avmm_write = req && we_now;
assign m_avmm_read = req && !we_now;

initial begin
    bursts_reg = 32'd0;
    owed_reg = 32'd0;
end

task bus_start;
begin
end
endtask

task bus_step;
begin
    bursts_reg <= bursts_now + ((taken && we_now && desc_now[DESC_END]) ? 32'd1 : 32'd0);
    owed_reg <= owed_now - ((answer && !we_now && owed_now != 32'd0) ? 32'd1 : 32'd0)
                         + ((taken && !we_now) ? words : 32'd0);
end
endtask

// command intake, answers, counters, status and the end of a call
`include "xactor_call_body.vh"

endmodule

`default_nettype wire
