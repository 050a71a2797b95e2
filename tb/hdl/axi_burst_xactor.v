/*
 * axi_burst_xactor
 *
 * Test-only AXI4 master that executes whole bursts handed to it by the
 * testbench: one wide command per burst (address, AxLEN, AxSIZE, AxBURST,
 * ID, the data and strobes of up to MAX_BEATS beats as one vector each), so
 * the testbench wakes once per burst instead of once per clock (or once
 * per call: the bursts after a call's first may come from a stream file,
 * and a streamed read's results go back in one; see axi_xactor_wr and
 * axi_xactor_rd).  It makes
 * the same cycle-by-cycle decisions as the Python pin-level master
 * tb.axi_master.AxiMaster, so both produce identical bus traffic:
 *
 *   - AW and W are pipelined: the next burst's address is presented while
 *     the current burst's data streams; W beats of a burst may start in the
 *     cycle its AW is presented; with the slave ready, beats go back to back
 *     within and between bursts.  The same holds for AR.
 *   - At most MAX_OUT (cfg input) bursts between address handshake and
 *     response (writes: AW to B; reads: AR to the last R beat).
 *   - Master pacing: each channel may take a stream of decisions, one bit
 *     per opportunity (1 = idle), appended CHUNK bits at a time.  A decision
 *     is consumed exactly where the Python master calls its pacing hook:
 *     AW/AR when a new address could be presented, W when a new beat could
 *     be presented, B/R (READY held low) every cycle of a call.
 *   - Responses are checked: B/R ID against the call's ID, no response
 *     without an outstanding burst, RLAST on exactly the last beat, RDATA
 *     not X.  A channel quiet for more than TIMEOUT (cfg input) cycles ends
 *     the call with a timeout.  Any failure ends the call with an error
 *     code and drops every VALID.
 *
 * Modules: axi_xactor_wr (AW, W, B) and axi_xactor_rd (AR, R), each
 * taking its commands and pacing decisions through axi_xactor_intake
 * (axi_xactor_decisions: one pacing stream).  The wire format (command,
 * configuration, status and stream-record fields, error codes) is defined
 * in tb/xactor_wire.py; the localparams of these modules name the same
 * fields, and the regression checks them against it.
 *
 * Command port (one per direction): a command is new when its sequence
 * number differs from the last one taken; it is taken at the next clock
 * edge.  A command may carry a burst (the start of a call, its last burst,
 * pacing enables) and/or one chunk per pacing stream.  The testbench only
 * sends a burst when a slot is free and a chunk when it fits (the status
 * says both); the transactor reports a misuse as an error.
 *
 * Timing: the AXI outputs are combinational from the state registers and
 * the command inputs, so a command written right after a clock edge drives
 * the bus for the next edge, exactly as the pin-level master's writes do.
 * All state changes at the rising edge of clk.
 *
 * Status: ev changes (at the falling edge after it) at every rising edge
 * at which something the testbench waits for happened, and stat is updated
 * with it (a command taken, a burst slot freed, a read result ready,
 * a call finished, a pacing stream with room for a chunk, an error); the
 * stat vectors say what.
 */

`timescale 1ns / 1ps
`default_nettype none

/*
 * axi_burst_xactor: both halves on one AXI4 master port.
 */
module axi_burst_xactor #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter ID_WIDTH = 8,
    parameter MAX_BEATS = 256,
    parameter CHUNK = 64,
    parameter WR_CMD_WIDTH = 46 + ID_WIDTH + ADDR_WIDTH,
    parameter RD_CMD_WIDTH = 44 + ID_WIDTH + ADDR_WIDTH,
    parameter WR_STREAM_FILE = "axi_xactor_wr.stream",
    parameter RD_STREAM_FILE = "axi_xactor_rd.stream",
    parameter RD_OUT_FILE = "axi_xactor_rd.out",
    // byte offsets of the halves' status in the status mailbox (xactor_mailbox.vh); negative: none
    parameter integer WR_MAILBOX_AT = -1,
    parameter integer RD_MAILBOX_AT = -1
) (
    input  wire                              clk,
    input  wire                              rst,

    /*
     * Write commands and status
     */
    input  wire [WR_CMD_WIDTH-1:0]           wr_cmd,
    input  wire [MAX_BEATS*DATA_WIDTH-1:0]   wr_data,
    input  wire [MAX_BEATS*DATA_WIDTH/8-1:0] wr_strb,
    input  wire [3*CHUNK-1:0]                wr_chunks,
    input  wire [39:0]                       wr_cfg,
    input  wire                              wr_first_ok,  // a first burst from the stream file was read whole
    output wire [7:0]                        wr_ev,
    output wire [255:0]                      wr_stat,
    output wire [511:0]                      wr_resp_log,

    /*
     * Read commands and status
     */
    input  wire [RD_CMD_WIDTH-1:0]           rd_cmd,
    input  wire [2*CHUNK-1:0]                rd_chunks,
    input  wire [39:0]                       rd_cfg,
    output wire [7:0]                        rd_ev,
    output wire [255:0]                      rd_stat,
    output wire [MAX_BEATS*DATA_WIDTH-1:0]   rd_data,

    /*
     * AXI4 master
     */
    output wire [ID_WIDTH-1:0]               m_axi_awid,
    output wire [ADDR_WIDTH-1:0]             m_axi_awaddr,
    output wire [7:0]                        m_axi_awlen,
    output wire [2:0]                        m_axi_awsize,
    output wire [1:0]                        m_axi_awburst,
    output wire                              m_axi_awvalid,
    input  wire                              m_axi_awready,
    output wire [DATA_WIDTH-1:0]             m_axi_wdata,
    output wire [DATA_WIDTH/8-1:0]           m_axi_wstrb,
    output wire                              m_axi_wlast,
    output wire                              m_axi_wvalid,
    input  wire                              m_axi_wready,
    input  wire [ID_WIDTH-1:0]               m_axi_bid,
    input  wire [1:0]                        m_axi_bresp,
    input  wire                              m_axi_bvalid,
    output wire                              m_axi_bready,
    output wire [ID_WIDTH-1:0]               m_axi_arid,
    output wire [ADDR_WIDTH-1:0]             m_axi_araddr,
    output wire [7:0]                        m_axi_arlen,
    output wire [2:0]                        m_axi_arsize,
    output wire [1:0]                        m_axi_arburst,
    output wire                              m_axi_arvalid,
    input  wire                              m_axi_arready,
    input  wire [ID_WIDTH-1:0]               m_axi_rid,
    input  wire [DATA_WIDTH-1:0]             m_axi_rdata,
    input  wire [1:0]                        m_axi_rresp,
    input  wire                              m_axi_rlast,
    input  wire                              m_axi_rvalid,
    output wire                              m_axi_rready
);

axi_xactor_wr #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .MAX_BEATS(MAX_BEATS),
    .CHUNK(CHUNK),
    .RLOG(256),
    .CMD_WIDTH(WR_CMD_WIDTH),
    .STREAM_FILE(WR_STREAM_FILE),
    .MAILBOX_AT(WR_MAILBOX_AT)
) u_wr (
    .clk(clk),
    .rst(rst),
    .cmd(wr_cmd),
    .cmd_data(wr_data),
    .cmd_strb(wr_strb),
    .cmd_chunks(wr_chunks),
    .cfg(wr_cfg),
    .cmd_first_ok(wr_first_ok),
    .ev(wr_ev),
    .stat(wr_stat),
    .resp_log(wr_resp_log),
    .m_axi_awid(m_axi_awid),
    .m_axi_awaddr(m_axi_awaddr),
    .m_axi_awlen(m_axi_awlen),
    .m_axi_awsize(m_axi_awsize),
    .m_axi_awburst(m_axi_awburst),
    .m_axi_awvalid(m_axi_awvalid),
    .m_axi_awready(m_axi_awready),
    .m_axi_wdata(m_axi_wdata),
    .m_axi_wstrb(m_axi_wstrb),
    .m_axi_wlast(m_axi_wlast),
    .m_axi_wvalid(m_axi_wvalid),
    .m_axi_wready(m_axi_wready),
    .m_axi_bid(m_axi_bid),
    .m_axi_bresp(m_axi_bresp),
    .m_axi_bvalid(m_axi_bvalid),
    .m_axi_bready(m_axi_bready)
);

axi_xactor_rd #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .MAX_BEATS(MAX_BEATS),
    .CHUNK(CHUNK),
    .CMD_WIDTH(RD_CMD_WIDTH),
    .STREAM_FILE(RD_STREAM_FILE),
    .OUT_FILE(RD_OUT_FILE),
    .MAILBOX_AT(RD_MAILBOX_AT)
) u_rd (
    .clk(clk),
    .rst(rst),
    .cmd(rd_cmd),
    .cmd_chunks(rd_chunks),
    .cfg(rd_cfg),
    .ev(rd_ev),
    .stat(rd_stat),
    .res_data(rd_data),
    .m_axi_arid(m_axi_arid),
    .m_axi_araddr(m_axi_araddr),
    .m_axi_arlen(m_axi_arlen),
    .m_axi_arsize(m_axi_arsize),
    .m_axi_arburst(m_axi_arburst),
    .m_axi_arvalid(m_axi_arvalid),
    .m_axi_arready(m_axi_arready),
    .m_axi_rid(m_axi_rid),
    .m_axi_rdata(m_axi_rdata),
    .m_axi_rresp(m_axi_rresp),
    .m_axi_rlast(m_axi_rlast),
    .m_axi_rvalid(m_axi_rvalid),
    .m_axi_rready(m_axi_rready)
);

endmodule

`default_nettype wire
