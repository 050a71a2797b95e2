/*
 * nic_shared_ram
 *
 * A NIC's shared RAM: RAM_BYTES of storage behind an AXI4 slave port, plus a
 * word-addressed port for the NIC's own logic.  One clock domain; rst is
 * synchronous and active high.
 *
 * Hierarchy:
 *   u_wr   nic_axi_wr             AW/W/B -> host write port
 *     u_aw   nic_axi_addr_seq       AW skid + beat sequencing
 *       u_decode nic_axi_burst_decode  burst classification (OKAY/SLVERR/DECERR)
 *       u_beat   nic_axi_beat_addr     byte lanes and next address of a beat
 *     u_bq   nic_resp_queue         2-entry B queue
 *   u_rd   nic_axi_rd             AR/R -> host read port
 *     u_ar   nic_axi_addr_seq       (as u_aw, first read launched in the AR cycle)
 *     u_rq   nic_resp_queue         2-entry R queue
 *   u_mem  nic_ram_mem            storage: the array u_mem.mem
 *
 * Address window: bytes [BASE_ADDR, BASE_ADDR + RAM_BYTES).  RAM word index
 * = (addr - BASE_ADDR) / (DATA_WIDTH/8).  BASE_ADDR is aligned to RAM_BYTES.
 *
 * Bursts: INCR and FIXED of 1..256 beats, WRAP of 2/4/8/16 beats with a
 * size-aligned start, narrow transfers (AxSIZE below the bus width) and
 * WSTRB byte enables.  A beat owns the byte lanes from its address up to the
 * end of its size-aligned container; write strobes outside them are
 * ignored, so nothing outside the addressed bytes ever changes.  INCR with
 * an unaligned AxADDR: the first beat runs from AxADDR to the end of its
 * container, later beats are size-aligned.  A burst crossing a 4 KB
 * boundary is not rejected; it is served as addressed if it lies in the
 * window.
 *
 * Responses (decided at the address handshake):
 *   SLVERR  AxSIZE wider than the bus, AxBURST = 2'b11, WRAP with a length
 *           other than 2/4/8/16 beats or a start not aligned to AxSIZE;
 *           also (writes) a WLAST error, see below.
 *   DECERR  any byte of the burst outside the window (INCR: aligned start
 *           to aligned start + (AxLEN+1) << AxSIZE - 1; FIXED: one beat;
 *           WRAP: the wrap container), computed without overflow.
 *   OKAY    otherwise.
 *   SLVERR takes priority over DECERR.  An error burst changes nothing: its
 *   W beats are taken at full rate and dropped; a read returns AxLEN+1
 *   beats with the error in RRESP, RDATA = 0 and RLAST on the last.
 *
 * Write framing is by count: a write burst takes exactly AWLEN+1 W beats.
 * If WLAST is missing on the last beat or set on an earlier one, the beats
 * are still written as addressed (never outside the burst) and BRESP is
 * SLVERR.  W beats are taken only for an accepted AW: beats beyond AWLEN+1
 * wait (WREADY low) and become the first beats of the next write burst;
 * a burst that gets fewer beats waits for them (reads go on meanwhile),
 * and reset ends the wait.
 *
 * Reads: OKAY beats carry the whole addressed RAM word; the lanes of a
 * narrow beat are those of its (address, size).  RDATA is never X.
 *
 * IDs and order: B and R carry the ID of their burst; responses return in
 * request order (per channel).
 *
 * Throughput (VALIDs held high, BREADY/RREADY high): one W beat and one R
 * beat per clock, within a burst and between back-to-back bursts, on both
 * channels at the same time.  The next AW/AR is accepted while a burst is
 * still running; a two-entry B queue keeps B from stalling W; a two-entry
 * R queue with read credit keeps RVALID high every cycle.
 *
 * Latency (no earlier burst pending):
 *   AW handshake -> first W beat accepted: 1 cycle
 *   last W beat  -> BVALID:                1 cycle
 *   AR handshake -> first RVALID:          2 cycles
 *   NIC port: nic_rdata 1 cycle after nic_en.
 *
 * Backpressure: nothing is lost or duplicated when BREADY/RREADY drop or
 * VALIDs drop; B and R payloads are held stable while VALID && !READY.
 *
 * Concurrency: the AXI write path, the AXI read path and the NIC port run
 * at the same time.  Same address in the same cycle: a NIC write wins over
 * a host write to the same byte; every read returns the data from before
 * the cycle's writes (read-first).  A W beat is in the RAM on the edge of
 * its handshake, before its B response is seen.
 *
 * NIC port: nic_en enables the access; nic_we are byte write enables
 * (nic_we = 0 is a read); nic_rdata is the word at nic_addr from before
 * the edge, valid the cycle after nic_en and held while nic_en is low.
 *
 * Reset returns all channel state to idle from any point, including
 * mid-burst: bursts in progress and queued responses are dropped and
 * nothing more is written.  From the first clock edge with rst high,
 * BVALID/RVALID and AWREADY/ARREADY/WREADY are low; AWREADY/ARREADY rise
 * the cycle after rst falls.  RAM contents are kept.
 *
 * Before the first reset (power-on): every register of the design has an
 * initial value equal to its reset value (zero where it has no reset), as
 * an FPGA loads at configuration, and the RAM is zero-filled.  So from
 * time 0, with no reset at all:
 *   - every output is a defined value: AWREADY/WREADY/ARREADY, BVALID and
 *     RVALID low, BID/BRESP/RID/RDATA/RRESP/RLAST and nic_rdata zero;
 *   - no B or R response appears without a request;
 *   - while rst is low, AWREADY/ARREADY rise at the first clock edge and
 *     the port serves requests exactly as after a reset; a reset at any
 *     later time behaves as described above.
 * The synchronous reset is still there for targets that ignore initial
 * values (and to abort bursts in progress).
 *
 * Parameters: an illegal value stops elaboration with a message naming the
 * parameter, its value and what is allowed (see nic_param_error).
 *
 * AxLOCK, AxCACHE and AxPROT are accepted and ignored.  All outputs are
 * registers.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_shared_ram #(
    // data bus width: 8, 16, 32, 64 or 128
    parameter DATA_WIDTH = 64,
    // AXI address width
    parameter ADDR_WIDTH = 32,
    // AXI ID width
    parameter ID_WIDTH = 8,
    // RAM size in bytes: power of two, at least 2 * DATA_WIDTH/8
    parameter RAM_BYTES = 16384,
    // bus address of the first RAM byte, aligned to RAM_BYTES
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 'h000D_0000
) (
    input  wire                                           clk,
    input  wire                                           rst,

    /*
     * AXI4 slave
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

localparam [ADDR_WIDTH-1:0] BASE_OFF_MASK = ~({ADDR_WIDTH{1'b1}} << $clog2(RAM_BYTES));

/*
 * Parameter rules: an illegal value stops elaboration with a message that
 * names the parameter, its value and what is allowed (nic_param_error).
 */
generate
    if (!(DATA_WIDTH == 8 || DATA_WIDTH == 16 || DATA_WIDTH == 32 ||
          DATA_WIDTH == 64 || DATA_WIDTH == 128)) begin : g_bad_data_width
        nic_param_error #(
            .TOP("nic_shared_ram"), .NAME("DATA_WIDTH"), .VALUE(DATA_WIDTH),
            .ALLOWED("8, 16, 32, 64 or 128")
        ) DATA_WIDTH_must_be_8_16_32_64_or_128 ();
    end
    if (!(RAM_BYTES >= 2 * STRB_WIDTH && (RAM_BYTES & (RAM_BYTES - 1)) == 0)) begin : g_bad_ram_bytes
        nic_param_error #(
            .TOP("nic_shared_ram"), .NAME("RAM_BYTES"), .VALUE(RAM_BYTES),
            .ALLOWED("a power of two of at least two bus words (2 * DATA_WIDTH/8):"),
            .HAS_LIMIT(1), .LIMIT(2 * STRB_WIDTH)
        ) RAM_BYTES_must_be_a_power_of_two_of_at_least ();
    end
    if (!($clog2(RAM_BYTES) < ADDR_WIDTH)) begin : g_bad_addr_width
        nic_param_error #(
            .TOP("nic_shared_ram"), .NAME("ADDR_WIDTH"), .VALUE(ADDR_WIDTH),
            .ALLOWED("more than log2(RAM_BYTES), at least"),
            .HAS_LIMIT(1), .LIMIT($clog2(RAM_BYTES) + 1)
        ) ADDR_WIDTH_must_be_at_least ();
    end
    if (!(ID_WIDTH >= 1)) begin : g_bad_id_width
        nic_param_error #(
            .TOP("nic_shared_ram"), .NAME("ID_WIDTH"), .VALUE(ID_WIDTH),
            .ALLOWED("at least 1")
        ) ID_WIDTH_must_be_at_least_1 ();
    end
    if ((BASE_ADDR & BASE_OFF_MASK) != {ADDR_WIDTH{1'b0}}) begin : g_bad_base_addr
        nic_param_error #(
            .TOP("nic_shared_ram"), .NAME("BASE_ADDR"), .VALUE(BASE_ADDR),
            .ALLOWED("a multiple of RAM_BYTES ="),
            .HAS_LIMIT(1), .LIMIT(RAM_BYTES)
        ) BASE_ADDR_must_be_a_multiple_of_RAM_BYTES ();
    end
endgenerate

wire                      ram_wr_en;
wire [STRB_WIDTH-1:0]     ram_wr_be;
wire [NIC_ADDR_WIDTH-1:0] ram_wr_addr;
wire [DATA_WIDTH-1:0]     ram_wr_data;
wire                      ram_rd_en;
wire [NIC_ADDR_WIDTH-1:0] ram_rd_addr;
wire [DATA_WIDTH-1:0]     ram_rd_data;

nic_axi_wr #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .RAM_BYTES(RAM_BYTES),
    .BASE_ADDR(BASE_ADDR)
) u_wr (
    .clk(clk),
    .rst(rst),
    .s_axi_awid(s_axi_awid),
    .s_axi_awaddr(s_axi_awaddr),
    .s_axi_awlen(s_axi_awlen),
    .s_axi_awsize(s_axi_awsize),
    .s_axi_awburst(s_axi_awburst),
    .s_axi_awvalid(s_axi_awvalid),
    .s_axi_awready(s_axi_awready),
    .s_axi_wdata(s_axi_wdata),
    .s_axi_wstrb(s_axi_wstrb),
    .s_axi_wlast(s_axi_wlast),
    .s_axi_wvalid(s_axi_wvalid),
    .s_axi_wready(s_axi_wready),
    .s_axi_bid(s_axi_bid),
    .s_axi_bresp(s_axi_bresp),
    .s_axi_bvalid(s_axi_bvalid),
    .s_axi_bready(s_axi_bready),
    .ram_wr_en(ram_wr_en),
    .ram_wr_be(ram_wr_be),
    .ram_wr_addr(ram_wr_addr),
    .ram_wr_data(ram_wr_data)
);

nic_axi_rd #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .RAM_BYTES(RAM_BYTES),
    .BASE_ADDR(BASE_ADDR)
) u_rd (
    .clk(clk),
    .rst(rst),
    .s_axi_arid(s_axi_arid),
    .s_axi_araddr(s_axi_araddr),
    .s_axi_arlen(s_axi_arlen),
    .s_axi_arsize(s_axi_arsize),
    .s_axi_arburst(s_axi_arburst),
    .s_axi_arvalid(s_axi_arvalid),
    .s_axi_arready(s_axi_arready),
    .s_axi_rid(s_axi_rid),
    .s_axi_rdata(s_axi_rdata),
    .s_axi_rresp(s_axi_rresp),
    .s_axi_rlast(s_axi_rlast),
    .s_axi_rvalid(s_axi_rvalid),
    .s_axi_rready(s_axi_rready),
    .ram_rd_en(ram_rd_en),
    .ram_rd_addr(ram_rd_addr),
    .ram_rd_data(ram_rd_data)
);

nic_ram_mem #(
    .DATA_WIDTH(DATA_WIDTH),
    .RAM_BYTES(RAM_BYTES)
) u_mem (
    .clk(clk),
    .hw_en(ram_wr_en),
    .hw_be(ram_wr_be),
    .hw_addr(ram_wr_addr),
    .hw_wdata(ram_wr_data),
    .hr_en(ram_rd_en),
    .hr_addr(ram_rd_addr),
    .hr_rdata(ram_rd_data),
    .nic_en(nic_en),
    .nic_we(nic_we),
    .nic_addr(nic_addr),
    .nic_wdata(nic_wdata),
    .nic_rdata(nic_rdata)
);

// protection, cache and lock attributes do not change the behaviour
/* verilator lint_off UNUSED */
wire unused_ok = &{1'b0,
                   s_axi_awlock, s_axi_awcache, s_axi_awprot,
                   s_axi_arlock, s_axi_arcache, s_axi_arprot};
/* verilator lint_on UNUSED */

`ifdef NIC_CALL_TRACE
    // Simulation only: the host call in progress as ASCII text, shown in waveforms
    // (tb/hdl/nic_call_trace.v). Absent from synthesis and from builds without the define.
    nic_call_trace u_call_trace ();
`endif

endmodule

`default_nettype wire
