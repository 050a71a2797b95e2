/*
 * nic_fast_top
 *
 * Simulation toplevel around nic_shared_ram (instance u_ram) that serves
 * both host engines from one build:
 *
 *   x_sel = 0  the s_axi_* ports of this module drive the RAM: the
 *              pin-level Python master (or any other AXI master model)
 *              connects to them exactly as to nic_shared_ram itself;
 *   x_sel = 1  the burst transactor u_xactor (axi_burst_xactor) drives it
 *              from its x_wr_* / x_rd_* command ports.
 *
 * The RAM-side AXI signals are u_ram's ports, so one monitor on u_ram
 * records the traffic of either engine.  The RAM's outputs always reach
 * the s_axi_* outputs here too.  x_sel must be set before the first clock
 * edge and held.  Power-on: the RAM and the transactor start in their
 * reset state (initial values), so with x_sel (and the command ports)
 * driven the s_axi_* outputs are defined from time 0, before any reset.
 *
 * Clock: clk drives everything, unless the simulation is started with the
 * plusarg +fast_clock: then a clock generated here (period CLK_PERIOD_NS)
 * does, and clk is ignored.  clk_core is the clock in use; x_fast_clock
 * tells which one it is; x_cycle counts its rising edges.
 *
 * Commands: the transactor sees x_wr_cmd / x_rd_cmd (and the chunks,
 * configuration and burst vectors written before them) as registers taken
 * whenever the command changes, in the same time slot (see the command
 * intake below): a command written after an edge acts at the next edge.
 * A write call through the stream file brings its first burst as the
 * file's first record, which the intake reads when the command arrives.
 *
 * Everything else (rst, the nic_* port) passes through unchanged.  The wide
 * burst vectors x_wr_data, x_wr_strb and x_rd_data, and the transactor's
 * status, are reached through the hierarchy, not as ports (see below).
 *
 * Built with NIC_FAST_NO_PORTS defined (the benchmark's fast-only Verilator
 * build), the module has no ports: the same names are variables inside it,
 * the transactor always drives the RAM (x_sel, clk and the s_axi_* inputs
 * are ignored), the clock under +fast_clock is x_loop_clock, toggled by the
 * simulation loop of that build (sim/verilator_main.cpp), and rst is taken
 * by change as the commands are.
 *
 * u_recorder (axi_port_recorder) watches the RAM's port and writes its
 * handshakes and per-cycle rule breaks to a log for the Python protocol
 * rules, from the first edge after the testbench sets x_log_en to 1.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_fast_top #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter ID_WIDTH = 8,
    parameter RAM_BYTES = 16384,
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 32'h000D_0000,
    parameter MAX_BEATS = 256,
    parameter CHUNK = 64,
    parameter CLK_PERIOD_NS = 10,
    parameter WR_CMD_WIDTH = 46 + ID_WIDTH + ADDR_WIDTH,
    parameter RD_CMD_WIDTH = 44 + ID_WIDTH + ADDR_WIDTH
) (
`ifndef NIC_FAST_NO_PORTS
    input  wire                                           clk,
    input  wire                                           rst,

    /*
     * AXI4 slave, as on nic_shared_ram (used when x_sel = 0)
     */
    input  wire [ID_WIDTH-1:0]                            s_axi_awid,
    input  wire [ADDR_WIDTH-1:0]                          s_axi_awaddr,
    input  wire [7:0]                                     s_axi_awlen,
    input  wire [2:0]                                     s_axi_awsize,
    input  wire [1:0]                                     s_axi_awburst,
    input  wire                                           s_axi_awlock,
    input  wire [3:0]                                     s_axi_awcache,
    input  wire [2:0]                                     s_axi_awprot,
    input  wire                                           s_axi_awvalid,
    output wire                                           s_axi_awready,
    input  wire [DATA_WIDTH-1:0]                          s_axi_wdata,
    input  wire [DATA_WIDTH/8-1:0]                        s_axi_wstrb,
    input  wire                                           s_axi_wlast,
    input  wire                                           s_axi_wvalid,
    output wire                                           s_axi_wready,
    output wire [ID_WIDTH-1:0]                            s_axi_bid,
    output wire [1:0]                                     s_axi_bresp,
    output wire                                           s_axi_bvalid,
    input  wire                                           s_axi_bready,
    input  wire [ID_WIDTH-1:0]                            s_axi_arid,
    input  wire [ADDR_WIDTH-1:0]                          s_axi_araddr,
    input  wire [7:0]                                     s_axi_arlen,
    input  wire [2:0]                                     s_axi_arsize,
    input  wire [1:0]                                     s_axi_arburst,
    input  wire                                           s_axi_arlock,
    input  wire [3:0]                                     s_axi_arcache,
    input  wire [2:0]                                     s_axi_arprot,
    input  wire                                           s_axi_arvalid,
    output wire                                           s_axi_arready,
    output wire [ID_WIDTH-1:0]                            s_axi_rid,
    output wire [DATA_WIDTH-1:0]                          s_axi_rdata,
    output wire [1:0]                                     s_axi_rresp,
    output wire                                           s_axi_rlast,
    output wire                                           s_axi_rvalid,
    input  wire                                           s_axi_rready,

    /*
     * NIC port, as on nic_shared_ram
     */
    input  wire                                           nic_en,
    input  wire [DATA_WIDTH/8-1:0]                        nic_we,
    input  wire [$clog2(RAM_BYTES/(DATA_WIDTH/8))-1:0]    nic_addr,
    input  wire [DATA_WIDTH-1:0]                          nic_wdata,
    output wire [DATA_WIDTH-1:0]                          nic_rdata,

    /*
     * Engine select, clock and the transactor's command ports
     */
    input  wire                                           x_sel,
    output wire                                           clk_core,
    input  wire [WR_CMD_WIDTH-1:0]                        x_wr_cmd,
    input  wire [3*CHUNK-1:0]                             x_wr_chunks,
    input  wire [39:0]                                    x_wr_cfg,
    input  wire [RD_CMD_WIDTH-1:0]                        x_rd_cmd,
    input  wire [2*CHUNK-1:0]                             x_rd_chunks,
    input  wire [39:0]                                    x_rd_cfg
`endif
);

`ifdef NIC_FAST_NO_PORTS
/*
 * The fast-only build (NIC_FAST_NO_PORTS defined): the same module without ports.  What are ports
 * above are variables here, with the same names and widths, so the testbench reaches them as it
 * reaches the ports; but x_sel is ignored (the transactor always drives the RAM), as are clk and the
 * s_axi_* inputs (the pin-level engine has nothing to drive): the clock is the one the
 * simulation loop drives under +fast_clock (see Clock below), and there is no clock without it.  A model with top-level inputs
 * re-evaluates their combinational logic at every evaluation (a simulator cannot know which one
 * the testbench changed); without inputs, and with the commands taken by change (see the command
 * intake below), only the clocked logic and the command intake run.
 */
/* verilator lint_off UNUSEDSIGNAL */  // written by the testbench, unused in this build
reg                                           clk;
reg                                           x_sel;
reg  [ID_WIDTH-1:0]                           s_axi_awid;
reg  [ADDR_WIDTH-1:0]                         s_axi_awaddr;
reg  [7:0]                                    s_axi_awlen;
reg  [2:0]                                    s_axi_awsize;
reg  [1:0]                                    s_axi_awburst;
reg                                           s_axi_awlock;
reg  [3:0]                                    s_axi_awcache;
reg  [2:0]                                    s_axi_awprot;
reg                                           s_axi_awvalid;
reg  [DATA_WIDTH-1:0]                         s_axi_wdata;
reg  [DATA_WIDTH/8-1:0]                       s_axi_wstrb;
reg                                           s_axi_wlast;
reg                                           s_axi_wvalid;
reg                                           s_axi_bready;
reg  [ID_WIDTH-1:0]                           s_axi_arid;
reg  [ADDR_WIDTH-1:0]                         s_axi_araddr;
reg  [7:0]                                    s_axi_arlen;
reg  [2:0]                                    s_axi_arsize;
reg  [1:0]                                    s_axi_arburst;
reg                                           s_axi_arlock;
reg  [3:0]                                    s_axi_arcache;
reg  [2:0]                                    s_axi_arprot;
reg                                           s_axi_arvalid;
reg                                           s_axi_rready;
/* verilator lint_on UNUSEDSIGNAL */
reg                                           rst;
wire                                          s_axi_awready;
wire                                          s_axi_wready;
wire [ID_WIDTH-1:0]                           s_axi_bid;
wire [1:0]                                    s_axi_bresp;
wire                                          s_axi_bvalid;
wire                                          s_axi_arready;
wire [ID_WIDTH-1:0]                           s_axi_rid;
wire [DATA_WIDTH-1:0]                         s_axi_rdata;
wire [1:0]                                    s_axi_rresp;
wire                                          s_axi_rlast;
wire                                          s_axi_rvalid;
reg                                           nic_en;
reg  [DATA_WIDTH/8-1:0]                       nic_we;
reg  [$clog2(RAM_BYTES/(DATA_WIDTH/8))-1:0]   nic_addr;
reg  [DATA_WIDTH-1:0]                         nic_wdata;
/* verilator lint_off UNUSEDSIGNAL */  // read by the testbench only
wire [DATA_WIDTH-1:0]                         nic_rdata;
/* verilator lint_on UNUSEDSIGNAL */
wire                                          clk_core;
reg  [WR_CMD_WIDTH-1:0]                       x_wr_cmd;
reg  [3*CHUNK-1:0]                            x_wr_chunks;
reg  [39:0]                                   x_wr_cfg;
reg  [RD_CMD_WIDTH-1:0]                       x_rd_cmd;
reg  [2*CHUNK-1:0]                            x_rd_chunks;
reg  [39:0]                                   x_rd_cfg;

initial begin
    clk = 1'b0;
    x_sel = 1'b1;
    {s_axi_awid, s_axi_awaddr, s_axi_awlen, s_axi_awsize, s_axi_awburst, s_axi_awlock, s_axi_awcache,
     s_axi_awprot, s_axi_awvalid, s_axi_wdata, s_axi_wstrb, s_axi_wlast, s_axi_wvalid, s_axi_bready,
     s_axi_arid, s_axi_araddr, s_axi_arlen, s_axi_arsize, s_axi_arburst, s_axi_arlock, s_axi_arcache,
     s_axi_arprot, s_axi_arvalid, s_axi_rready} = 0;
    rst = 1'b0;
    nic_en = 1'b0;
    nic_we = 0;
    nic_addr = 0;
    nic_wdata = 0;
    x_wr_cmd = 0;
    x_wr_chunks = 0;
    x_wr_cfg = 0;
    x_rd_cmd = 0;
    x_rd_chunks = 0;
    x_rd_cfg = 0;
end

// the transactor drives the RAM; no clock from outside (see the clock below); the reset as the
// logic sees it is taken when the testbench changes rst (as the commands are, below)
wire use_xactor = 1'b1;
reg rst_core;

initial rst_core = 1'b0;

always @(rst) rst_core <= rst;
`else
wire use_xactor = x_sel;
wire clk_in = clk;
wire rst_core = rst;
`endif

// The burst vectors and the transactor's status are not ports: the testbench writes a write
// burst's beats into x_wr_data and x_wr_strb, reads a finished read burst from x_rd_data and the
// status (x_*_ev, x_*_stat, x_wr_resp_log, x_cycle, x_fast_clock) through the hierarchy.  A
// simulator copies ports into and out of the model at every evaluation; these are read at most
// once per event.
reg  [MAX_BEATS*DATA_WIDTH-1:0]   x_wr_data;
reg  [MAX_BEATS*DATA_WIDTH/8-1:0] x_wr_strb;
/* verilator lint_off UNUSEDSIGNAL */  // read by the testbench only
wire [MAX_BEATS*DATA_WIDTH-1:0]   x_rd_data;
wire [7:0]                        x_wr_ev;
wire [255:0]                      x_wr_stat;
wire [511:0]                      x_wr_resp_log;
wire [7:0]                        x_rd_ev;
wire [255:0]                      x_rd_stat;
wire                              x_fast_clock;
wire [31:0]                       x_cycle;
/* verilator lint_on UNUSEDSIGNAL */
reg                               x_log_en;

initial begin
    x_wr_data = 0;
    x_wr_strb = 0;
    x_log_en = 1'b0;
end

/*
 * Status mailbox (Verilator): the transactor's halves copy every status snapshot they take (and
 * the write half its response log) into MAILBOX_FILE, a file the model maps into memory
 * (axi_xactor_stream.c), where the testbench, in the same process, reads them without a call
 * through the simulator's value interface.  A copy is made in the evaluation that takes the
 * snapshot, so at any callback the mailbox holds what a read of x_wr_stat, x_wr_resp_log and
 * x_rd_stat would return there (the log moves between snapshots, and is read only when one
 * arrives).  Layout (tb/xactor_wire.py MAILBOX): x_wr_stat at byte 0, x_wr_resp_log at 32,
 * x_rd_stat at 96, each least significant byte first.  x_mailbox is 1 when the mailbox is kept
 * (a Verilator build that could map the file).
 */
localparam MAILBOX_FILE = "axi_xactor.mailbox";
localparam MAILBOX_BYTES = 128;
/* verilator lint_off UNUSEDSIGNAL */  // read by the testbench only
reg                               x_mailbox;
/* verilator lint_on UNUSEDSIGNAL */

`ifdef VERILATOR
import "DPI-C" function int axi_xactor_mailbox_open(input string path, input int bytes);

initial x_mailbox = axi_xactor_mailbox_open($sformatf("%s", MAILBOX_FILE), MAILBOX_BYTES) == 1;
`else
initial x_mailbox = 1'b0;
`endif

/*
 * Command intake: what the transactor sees of the command ports, taken whenever a command changes
 * (every command changes its sequence number), with the burst vectors and the chunks the testbench
 * wrote before it (the transactor takes chunks only with a command anyway), and whenever the
 * configuration changes.  The transactor's bus outputs are combinational from these registers, so
 * a command written after a clock edge still acts at the next edge; but a simulator re-evaluates
 * that logic only when a command arrives, not at every evaluation (as it must for logic fed
 * straight from ports or testbench-written variables).
 */
reg [WR_CMD_WIDTH-1:0]           wr_cmd_q;
reg [MAX_BEATS*DATA_WIDTH-1:0]   wr_data_q;
reg [MAX_BEATS*DATA_WIDTH/8-1:0] wr_strb_q;
reg [3*CHUNK-1:0]                wr_chunks_q;
reg [39:0]                       wr_cfg_q;
reg [RD_CMD_WIDTH-1:0]           rd_cmd_q;
reg [2*CHUNK-1:0]                rd_chunks_q;
reg [39:0]                       rd_cfg_q;

initial begin
    wr_cmd_q = 0;
    wr_data_q = 0;
    wr_strb_q = 0;
    wr_chunks_q = 0;
    wr_cfg_q = 0;
    rd_cmd_q = 0;
    rd_chunks_q = 0;
    rd_cfg_q = 0;
end

/*
 * A write call through the stream file (the command's file bit, with start: tb/xactor_wire.py)
 * brings its first burst as the file's first record, not in x_wr_data/x_wr_strb: the intake reads
 * it when the command arrives, so the transactor sees it at the same edge as a burst brought in
 * the vectors (which no longer cross the simulator's interface on that path), and wr_first_ok_q
 * tells the write half whether it was there whole.  The stream reader is the transactors' own
 * (xactor_stream.vh), with a handle of its own; the write half skips the record.
 */
localparam WR_CMD_START = 8;                // the write command's start bit
localparam WR_CMD_FILE = WR_CMD_WIDTH - 1;  // its file bit
localparam STREAM_FILE = "axi_xactor_wr.stream";  // the write half's (axi_burst_xactor WR_STREAM_FILE)
localparam REC_BYTES = MAX_BEATS * (DATA_WIDTH + DATA_WIDTH / 8) / 8;
integer                          fd;
/* verilator lint_off UNUSEDSIGNAL */  // the descriptor repeats the command's fields
reg [127:0]                      f_desc;
/* verilator lint_on UNUSEDSIGNAL */
reg [REC_BYTES*8-1:0]            f_rec;
reg                              first_ok;
reg                              wr_first_ok_q;

`include "xactor_stream.vh"

initial begin
    fd = 0;
    wr_first_ok_q = 1'b1;
end

always @(x_wr_cmd or x_wr_cfg) begin
    wr_cmd_q <= x_wr_cmd;
    wr_chunks_q <= x_wr_chunks;
    wr_cfg_q <= x_wr_cfg;
    if (x_wr_cmd != wr_cmd_q) begin  // a command, not only the configuration: its burst
        if (x_wr_cmd[WR_CMD_START] && x_wr_cmd[WR_CMD_FILE]) begin
            stream_open;
            stream_read(first_ok);
            stream_close;
            wr_data_q <= f_rec[0 +: MAX_BEATS*DATA_WIDTH];
            wr_strb_q <= f_rec[MAX_BEATS*DATA_WIDTH +: MAX_BEATS*DATA_WIDTH/8];
            wr_first_ok_q <= first_ok;
        end else begin
            wr_data_q <= x_wr_data;
            wr_strb_q <= x_wr_strb;
            wr_first_ok_q <= 1'b1;
        end
    end
end

always @(x_rd_cmd or x_rd_cfg) begin
    rd_cmd_q <= x_rd_cmd;
    rd_chunks_q <= x_rd_chunks;
    rd_cfg_q <= x_rd_cfg;
end

/*
 * Clock: clk, or the one made here under +fast_clock; x_cycle counts its rising edges
 */
`ifdef NIC_FAST_NO_PORTS
// Without ports the clock under +fast_clock is x_loop_clock, toggled by the simulation loop
// (sim/verilator_main.cpp) every x_loop_half_period time steps (the 1 ps precision of this file):
// the same edges at the same times as xactor_clock's, without a delay for the simulator to
// schedule at every half period.  x_loop_half_period is 0 without +fast_clock (no clock).
reg        x_loop_clock;
/* verilator lint_off UNUSEDSIGNAL */  // read by the simulation loop only
reg [31:0] x_loop_half_period;
/* verilator lint_on UNUSEDSIGNAL */
reg        fast_clock_q;
reg [31:0] cycle_q;

initial begin
    x_loop_clock = 1'b0;
    fast_clock_q = $test$plusargs("fast_clock") != 0;
    x_loop_half_period = fast_clock_q ? CLK_PERIOD_NS * 500 : 0;
    cycle_q = 32'd0;
end

assign clk_core = x_loop_clock;
assign x_fast_clock = fast_clock_q;
assign x_cycle = cycle_q;

always @(posedge clk_core) begin
    cycle_q <= cycle_q + 32'd1;
end
`else
xactor_clock #(
    .CLK_PERIOD_NS(CLK_PERIOD_NS)
) u_clock (
    .clk(clk_in),
    .clk_core(clk_core),
    .fast_clock(x_fast_clock),
    .cycle(x_cycle)
);
`endif

/*
 * Transactor
 */
wire [ID_WIDTH-1:0]   t_awid;
wire [ADDR_WIDTH-1:0] t_awaddr;
wire [7:0]            t_awlen;
wire [2:0]            t_awsize;
wire [1:0]            t_awburst;
wire                  t_awvalid;
wire [DATA_WIDTH-1:0] t_wdata;
wire [DATA_WIDTH/8-1:0] t_wstrb;
wire                  t_wlast;
wire                  t_wvalid;
wire                  t_bready;
wire [ID_WIDTH-1:0]   t_arid;
wire [ADDR_WIDTH-1:0] t_araddr;
wire [7:0]            t_arlen;
wire [2:0]            t_arsize;
wire [1:0]            t_arburst;
wire                  t_arvalid;
wire                  t_rready;

axi_burst_xactor #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .MAX_BEATS(MAX_BEATS),
    .CHUNK(CHUNK),
    .WR_CMD_WIDTH(WR_CMD_WIDTH),
    .RD_CMD_WIDTH(RD_CMD_WIDTH),
    .WR_MAILBOX_AT(0),
    .RD_MAILBOX_AT(96)
) u_xactor (
    .clk(clk_core),
    .rst(rst_core),
    .wr_cmd(wr_cmd_q),
    .wr_data(wr_data_q),
    .wr_strb(wr_strb_q),
    .wr_chunks(wr_chunks_q),
    .wr_cfg(wr_cfg_q),
    .wr_first_ok(wr_first_ok_q),
    .wr_ev(x_wr_ev),
    .wr_stat(x_wr_stat),
    .wr_resp_log(x_wr_resp_log),
    .rd_cmd(rd_cmd_q),
    .rd_chunks(rd_chunks_q),
    .rd_cfg(rd_cfg_q),
    .rd_ev(x_rd_ev),
    .rd_stat(x_rd_stat),
    .rd_data(x_rd_data),
    .m_axi_awid(t_awid),
    .m_axi_awaddr(t_awaddr),
    .m_axi_awlen(t_awlen),
    .m_axi_awsize(t_awsize),
    .m_axi_awburst(t_awburst),
    .m_axi_awvalid(t_awvalid),
    .m_axi_awready(s_axi_awready),
    .m_axi_wdata(t_wdata),
    .m_axi_wstrb(t_wstrb),
    .m_axi_wlast(t_wlast),
    .m_axi_wvalid(t_wvalid),
    .m_axi_wready(s_axi_wready),
    .m_axi_bid(s_axi_bid),
    .m_axi_bresp(s_axi_bresp),
    .m_axi_bvalid(s_axi_bvalid),
    .m_axi_bready(t_bready),
    .m_axi_arid(t_arid),
    .m_axi_araddr(t_araddr),
    .m_axi_arlen(t_arlen),
    .m_axi_arsize(t_arsize),
    .m_axi_arburst(t_arburst),
    .m_axi_arvalid(t_arvalid),
    .m_axi_arready(s_axi_arready),
    .m_axi_rid(s_axi_rid),
    .m_axi_rdata(s_axi_rdata),
    .m_axi_rresp(s_axi_rresp),
    .m_axi_rlast(s_axi_rlast),
    .m_axi_rvalid(s_axi_rvalid),
    .m_axi_rready(t_rready)
);

/*
 * The RAM's inputs: from the selected engine
 */
wire [ID_WIDTH-1:0] m_awid = use_xactor ? t_awid : s_axi_awid;
wire [ADDR_WIDTH-1:0] m_awaddr = use_xactor ? t_awaddr : s_axi_awaddr;
wire [7:0] m_awlen = use_xactor ? t_awlen : s_axi_awlen;
wire [2:0] m_awsize = use_xactor ? t_awsize : s_axi_awsize;
wire [1:0] m_awburst = use_xactor ? t_awburst : s_axi_awburst;
wire m_awlock = use_xactor ? 1'b0 : s_axi_awlock;
wire [3:0] m_awcache = use_xactor ? 4'd0 : s_axi_awcache;
wire [2:0] m_awprot = use_xactor ? 3'd0 : s_axi_awprot;
wire m_awvalid = use_xactor ? t_awvalid : s_axi_awvalid;
wire [DATA_WIDTH-1:0] m_wdata = use_xactor ? t_wdata : s_axi_wdata;
wire [DATA_WIDTH/8-1:0] m_wstrb = use_xactor ? t_wstrb : s_axi_wstrb;
wire m_wlast = use_xactor ? t_wlast : s_axi_wlast;
wire m_wvalid = use_xactor ? t_wvalid : s_axi_wvalid;
wire m_bready = use_xactor ? t_bready : s_axi_bready;
wire [ID_WIDTH-1:0] m_arid = use_xactor ? t_arid : s_axi_arid;
wire [ADDR_WIDTH-1:0] m_araddr = use_xactor ? t_araddr : s_axi_araddr;
wire [7:0] m_arlen = use_xactor ? t_arlen : s_axi_arlen;
wire [2:0] m_arsize = use_xactor ? t_arsize : s_axi_arsize;
wire [1:0] m_arburst = use_xactor ? t_arburst : s_axi_arburst;
wire m_arlock = use_xactor ? 1'b0 : s_axi_arlock;
wire [3:0] m_arcache = use_xactor ? 4'd0 : s_axi_arcache;
wire [2:0] m_arprot = use_xactor ? 3'd0 : s_axi_arprot;
wire m_arvalid = use_xactor ? t_arvalid : s_axi_arvalid;
wire m_rready = use_xactor ? t_rready : s_axi_rready;

/*
 * The RAM, driven by the selected engine
 */
nic_shared_ram #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .RAM_BYTES(RAM_BYTES),
    .BASE_ADDR(BASE_ADDR)
) u_ram (
    .clk(clk_core),
    .rst(rst_core),
    .s_axi_awid(m_awid),
    .s_axi_awaddr(m_awaddr),
    .s_axi_awlen(m_awlen),
    .s_axi_awsize(m_awsize),
    .s_axi_awburst(m_awburst),
    .s_axi_awlock(m_awlock),
    .s_axi_awcache(m_awcache),
    .s_axi_awprot(m_awprot),
    .s_axi_awvalid(m_awvalid),
    .s_axi_awready(s_axi_awready),
    .s_axi_wdata(m_wdata),
    .s_axi_wstrb(m_wstrb),
    .s_axi_wlast(m_wlast),
    .s_axi_wvalid(m_wvalid),
    .s_axi_wready(s_axi_wready),
    .s_axi_bid(s_axi_bid),
    .s_axi_bresp(s_axi_bresp),
    .s_axi_bvalid(s_axi_bvalid),
    .s_axi_bready(m_bready),
    .s_axi_arid(m_arid),
    .s_axi_araddr(m_araddr),
    .s_axi_arlen(m_arlen),
    .s_axi_arsize(m_arsize),
    .s_axi_arburst(m_arburst),
    .s_axi_arlock(m_arlock),
    .s_axi_arcache(m_arcache),
    .s_axi_arprot(m_arprot),
    .s_axi_arvalid(m_arvalid),
    .s_axi_arready(s_axi_arready),
    .s_axi_rid(s_axi_rid),
    .s_axi_rdata(s_axi_rdata),
    .s_axi_rresp(s_axi_rresp),
    .s_axi_rlast(s_axi_rlast),
    .s_axi_rvalid(s_axi_rvalid),
    .s_axi_rready(m_rready),
    .nic_en(nic_en),
    .nic_we(nic_we),
    .nic_addr(nic_addr),
    .nic_wdata(nic_wdata),
    .nic_rdata(nic_rdata)
);

/*
 * The recorder of the RAM's port (off until the testbench sets x_log_en)
 */
axi_port_recorder #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .MAX_BEATS(MAX_BEATS)
) u_recorder (
    .clk(clk_core),
    .rst(rst_core),
    .en(x_log_en),
    .awid(m_awid),
    .awaddr(m_awaddr),
    .awlen(m_awlen),
    .awsize(m_awsize),
    .awburst(m_awburst),
    .awlock(m_awlock),
    .awcache(m_awcache),
    .awprot(m_awprot),
    .awvalid(m_awvalid),
    .awready(s_axi_awready),
    .wdata(m_wdata),
    .wstrb(m_wstrb),
    .wlast(m_wlast),
    .wvalid(m_wvalid),
    .wready(s_axi_wready),
    .bid(s_axi_bid),
    .bresp(s_axi_bresp),
    .bvalid(s_axi_bvalid),
    .bready(m_bready),
    .arid(m_arid),
    .araddr(m_araddr),
    .arlen(m_arlen),
    .arsize(m_arsize),
    .arburst(m_arburst),
    .arlock(m_arlock),
    .arcache(m_arcache),
    .arprot(m_arprot),
    .arvalid(m_arvalid),
    .arready(s_axi_arready),
    .rid(s_axi_rid),
    .rdata(s_axi_rdata),
    .rresp(s_axi_rresp),
    .rlast(s_axi_rlast),
    .rvalid(s_axi_rvalid),
    .rready(m_rready)
);

endmodule

`default_nettype wire
