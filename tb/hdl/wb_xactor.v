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
 * Command, stream file, answer file, stat, ev and the ERR_* codes: the
 * call control both request transactors share (xactor_call_head.vh,
 * xactor_call_body.vh; the names are those of tb/xactor_wire.py).  A
 * call is one bus cycle: CYC is high from the edge its command comes (the
 * first request on the bus then) to its last answer; it ends when every
 * request is answered (CMD_BURSTS = CMD_COUNT).  A request's descriptor
 * carries ADR, SEL, CTI, BTE and its idle cycles (STB low) before it,
 * counted where the pin-level master asks its pacing hook.  The answer
 * file has one line per ACK or ERR: "<code> <data>" in hex, code 1 for ERR
 * (without ACK), 0 for ACK; data: DAT_I on a read, 0 on a write.
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

// the wire format, the stream reader, the call's registers and their values in this cycle
`include "xactor_call_head.vh"

reg                   pipe_reg;

wire                  pipe_now = in_start ? cmd[CMD_PIPELINED] : pipe_reg;

// the pin-level master's decisions on Wishbone: standard mode waits for each answer
assign                may_issue = pipe_now || issued_now == answered_now;
wire                  answer = m_wb_ack || m_wb_err;
wire                  taken = req && (pipe_now ? !m_wb_stall : answer);
wire                  answer_unasked = answered_now >= issued_now + ((pipe_now || !req) ? 32'd0 : 32'd1);
wire [DATA_WIDTH-1:0] rdata = m_wb_dat_i;
wire                  answer_code = m_wb_err && !m_wb_ack;

assign m_wb_cyc = open_now;
assign m_wb_stb = req;
assign m_wb_we = open_now && we_now;
assign m_wb_adr = desc_now[DESC_ADDR +: ADDR_WIDTH];
assign m_wb_sel = desc_now[DESC_SEL +: STRB];
assign m_wb_cti = desc_now[DESC_CTI +: 3];
assign m_wb_bte = desc_now[DESC_BTE +: 2];
assign m_wb_dat_o = we_now ? data_now : {DATA_WIDTH{1'b0}};

initial begin
    pipe_reg = 1'b0;
end

task bus_start;
begin
    pipe_reg <= cmd[CMD_PIPELINED];
end
endtask

task bus_step;
begin
end
endtask

// command intake, answers, counters, status and the end of a call
`include "xactor_call_body.vh"

endmodule

`default_nettype wire
