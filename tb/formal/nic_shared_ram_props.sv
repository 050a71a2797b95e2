/*
 * f_nic_shared_ram: formal harness around nic_shared_ram (read by yosys with
 * `read -formal`; not Verilog-2005, never simulated).
 *
 * Every input is free, constrained only by the master-side rules of AXI4
 * (IHI 0022 A3.1-A3.3): VALID low during reset, VALID held until READY with
 * the payload stable.  WLAST, WSTRB, the burst fields and the NIC port are
 * otherwise unconstrained, so illegal bursts and wrong WLAST are explored too.
 *
 * The properties keep their own record of the bursts the slave accepted (a
 * queue per direction, filled at the AW/AR handshake and emptied at the B
 * handshake or the R beat with RLAST) and compute from it, by the formulas of
 * IHI 0022 A3.4 and the header of hdl/nic_shared_ram.v, what the slave must
 * answer:
 *   - VALID held until READY with a stable payload on B and R;
 *   - W beats only for an accepted AW; AWLEN+1 beats per burst;
 *   - B only after the last W beat of an accepted burst, BID = AWID, in
 *     order, BRESP = SLVERR for an illegal burst or a WLAST on the wrong beat,
 *     DECERR for a burst leaving the window, OKAY otherwise;
 *   - R: ARLEN+1 beats, RLAST on the last only, RID = ARID, in order, RRESP as
 *     for writes, RDATA = 0 on error bursts;
 *   - no B or R without a request; at most two write bursts waiting for W
 *     data, at most four write bursts and four read bursts outstanding;
 *   - reset: BVALID/RVALID and the READYs low from the first edge with rst,
 *     AWREADY/ARREADY high the cycle after rst falls (nothing pending).
 * Data, by the usual abstraction: one symbolic byte of the window (f_addr) is
 * tracked.  A W beat of an OKAY burst whose lanes include it and whose strobe
 * is set writes it, a NIC-port write to it writes it (and wins a same-cycle
 * collision); nothing else may change it.  A read returns it, so a write
 * that went astray is seen at the next read: an OKAY R beat whose word holds f_addr
 * carries the tracked value in its lane when the byte was not written between
 * the AR handshake and the beat, and nic_rdata carries it the cycle after a
 * NIC read of its word and holds it while nic_en is low.
 *
 * Helper invariants (section "tie-in") relate the property's queues to the
 * RTL's own sequencer and response-queue registers; they are assertions too,
 * so a wrong one fails like any other.  The t_* wires are taps: the formal
 * driver (sim/formal.py) connects each to the register named in its `tap:`
 * comment after flattening the design.
 */

`default_nettype none

// F_RULE: the bus rules and the helper invariants.  Asserted, except in the data part of a
// split bounded check (F_DATA_ONLY): there they are assumed, because the control part (the
// same rules asserted, no data property, same depth) shows that they hold on every trace to
// that depth, and only the data property is asserted.
`ifdef F_DATA_ONLY
`define F_RULE assume
`else
`define F_RULE assert
`endif

module f_nic_shared_ram #(
    parameter DATA_WIDTH = 32,
    parameter ADDR_WIDTH = 16,
    parameter ID_WIDTH = 2,
    parameter RAM_BYTES = 256,
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 16'h0100
) (
    input  wire                          clk,
    input  wire                          rst,

    input  wire [ID_WIDTH-1:0]           s_axi_awid,
    input  wire [ADDR_WIDTH-1:0]         s_axi_awaddr,
    input  wire [7:0]                    s_axi_awlen,
    input  wire [2:0]                    s_axi_awsize,
    input  wire [1:0]                    s_axi_awburst,
    input  wire                          s_axi_awvalid,
    input  wire [DATA_WIDTH-1:0]         s_axi_wdata,
    input  wire [DATA_WIDTH/8-1:0]       s_axi_wstrb,
    input  wire                          s_axi_wlast,
    input  wire                          s_axi_wvalid,
    input  wire                          s_axi_bready,
    input  wire [ID_WIDTH-1:0]           s_axi_arid,
    input  wire [ADDR_WIDTH-1:0]         s_axi_araddr,
    input  wire [7:0]                    s_axi_arlen,
    input  wire [2:0]                    s_axi_arsize,
    input  wire [1:0]                    s_axi_arburst,
    input  wire                          s_axi_arvalid,
    input  wire                          s_axi_rready,

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
localparam XW = ADDR_WIDTH + 12;               // wide enough for any burst end

localparam [1:0] OKAY = 2'b00;
localparam [1:0] SLVERR = 2'b10;
localparam [1:0] DECERR = 2'b11;
localparam [1:0] FIXED = 2'b00;
localparam [1:0] INCR = 2'b01;
localparam [1:0] WRAP = 2'b10;

wire                  s_axi_awready;
wire                  s_axi_wready;
wire [ID_WIDTH-1:0]   s_axi_bid;
wire [1:0]            s_axi_bresp;
wire                  s_axi_bvalid;
wire                  s_axi_arready;
wire [ID_WIDTH-1:0]   s_axi_rid;
wire [DATA_WIDTH-1:0] s_axi_rdata;
wire [1:0]            s_axi_rresp;
wire                  s_axi_rlast;
wire                  s_axi_rvalid;
wire [DATA_WIDTH-1:0] nic_rdata;

nic_shared_ram #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .RAM_BYTES(RAM_BYTES),
    .BASE_ADDR(BASE_ADDR)
) u_dut (
    .clk(clk), .rst(rst),
    .s_axi_awid(s_axi_awid), .s_axi_awaddr(s_axi_awaddr), .s_axi_awlen(s_axi_awlen),
    .s_axi_awsize(s_axi_awsize), .s_axi_awburst(s_axi_awburst), .s_axi_awlock(1'b0),
    .s_axi_awcache(4'd0), .s_axi_awprot(3'd0), .s_axi_awvalid(s_axi_awvalid),
    .s_axi_awready(s_axi_awready),
    .s_axi_wdata(s_axi_wdata), .s_axi_wstrb(s_axi_wstrb), .s_axi_wlast(s_axi_wlast),
    .s_axi_wvalid(s_axi_wvalid), .s_axi_wready(s_axi_wready),
    .s_axi_bid(s_axi_bid), .s_axi_bresp(s_axi_bresp), .s_axi_bvalid(s_axi_bvalid),
    .s_axi_bready(s_axi_bready),
    .s_axi_arid(s_axi_arid), .s_axi_araddr(s_axi_araddr), .s_axi_arlen(s_axi_arlen),
    .s_axi_arsize(s_axi_arsize), .s_axi_arburst(s_axi_arburst), .s_axi_arlock(1'b0),
    .s_axi_arcache(4'd0), .s_axi_arprot(3'd0), .s_axi_arvalid(s_axi_arvalid),
    .s_axi_arready(s_axi_arready),
    .s_axi_rid(s_axi_rid), .s_axi_rdata(s_axi_rdata), .s_axi_rresp(s_axi_rresp),
    .s_axi_rlast(s_axi_rlast), .s_axi_rvalid(s_axi_rvalid), .s_axi_rready(s_axi_rready),
    .nic_en(nic_en), .nic_we(nic_we), .nic_addr(nic_addr), .nic_wdata(nic_wdata),
    .nic_rdata(nic_rdata)
);

/*
 * Taps into the RTL (connected by the driver after flattening)
 */
localparam ST = ID_WIDTH + 2 + 3 + OFF + OFF + 8;
(* keep *) wire          t_aw_ready;       // tap: u_dut.u_wr.u_aw.ready_reg
(* keep *) wire          t_aw_cur_valid;   // tap: u_dut.u_wr.u_aw.cur_valid_reg
(* keep *) wire [ST-1:0] t_aw_cur_st;      // tap: u_dut.u_wr.u_aw.cur_st_reg
(* keep *) wire          t_aw_hold_valid;  // tap: u_dut.u_wr.u_aw.hold_valid_reg
(* keep *) wire [ST-1:0] t_aw_hold_st;     // tap: u_dut.u_wr.u_aw.hold_st_reg
(* keep *) wire          t_wlast_err;      // tap: u_dut.u_wr.wlast_err_reg
(* keep *) wire          t_bq_skid_valid;  // tap: u_dut.u_wr.u_bq.skid_valid_reg
(* keep *) wire [ID_WIDTH+1:0] t_bq_skid_data;  // tap: u_dut.u_wr.u_bq.skid_data_reg
(* keep *) wire          t_ar_ready;       // tap: u_dut.u_rd.u_ar.ready_reg
(* keep *) wire          t_ar_cur_valid;   // tap: u_dut.u_rd.u_ar.cur_valid_reg
(* keep *) wire [ST-1:0] t_ar_cur_st;      // tap: u_dut.u_rd.u_ar.cur_st_reg
(* keep *) wire          t_ar_hold_valid;  // tap: u_dut.u_rd.u_ar.hold_valid_reg
(* keep *) wire [ST-1:0] t_ar_hold_st;     // tap: u_dut.u_rd.u_ar.hold_st_reg
(* keep *) wire          t_pend_valid;     // tap: u_dut.u_rd.pend_valid_reg
(* keep *) wire [ID_WIDTH-1:0] t_pend_id;  // tap: u_dut.u_rd.pend_id_reg
(* keep *) wire [1:0]    t_pend_resp;      // tap: u_dut.u_rd.pend_resp_reg
(* keep *) wire          t_pend_last;      // tap: u_dut.u_rd.pend_last_reg
(* keep *) wire          t_rq_skid_valid;  // tap: u_dut.u_rd.u_rq.skid_valid_reg
(* keep *) wire [ID_WIDTH+DATA_WIDTH+2:0] t_rq_skid_data;  // tap: u_dut.u_rd.u_rq.skid_data_reg
(* keep *) wire          t_launch;         // tap: u_dut.u_rd.launch
(* keep *) wire [DATA_WIDTH-1:0] t_hr_rdata;  // tap: u_dut.u_mem.hr_rdata_reg
`ifdef F_MEM_TAP
(* keep *) wire [RAM_BYTES*8-1:0] t_mem;   // tap-mem: u_dut.u_mem.mem
`endif
`ifdef F_RAM_ABS
// the abstract RAM (tb/formal/nic_ram_mem_abs.sv): the one byte it stores
(* keep *) wire [$clog2(RAM_BYTES/(DATA_WIDTH/8))-1:0] t_abs_word;  // tap: u_dut.u_mem.abs_word
(* keep *) wire [$clog2(DATA_WIDTH/8):0] t_abs_lane;  // tap: u_dut.u_mem.abs_lane
(* keep *) wire [7:0]    t_abs_byte;       // tap: u_dut.u_mem.abs_byte
`endif
// the RAM's byte at f_addr is tied to the tracked value: the whole array, or the abstract one
`ifdef F_MEM_TAP
`define F_DATA_TIE
`endif
`ifdef F_RAM_ABS
`define F_DATA_TIE
`endif

/*
 * Burst arithmetic, from IHI 0022 A3.4.1 and the header of nic_shared_ram
 */
function [1:0] f_resp;  // response the header promises for a request
    input [ADDR_WIDTH-1:0] a;
    input [7:0] len;
    input [2:0] size;
    input [1:0] burst;
    reg [XW-1:0] ax, nbytes, span, first, after;
    reg illegal;
    begin
        ax = {{12{1'b0}}, a};
        nbytes = {{(XW-1){1'b0}}, 1'b1} << size;
        illegal = (size > LSB) || (burst == 2'b11) ||
                  (burst == WRAP && !(len == 8'd1 || len == 8'd3 || len == 8'd7 || len == 8'd15)) ||
                  (burst == WRAP && (ax & (nbytes - 1)) != 0);
        // bytes from the first (aligned) address: one beat for FIXED, all beats otherwise
        span = (burst == FIXED) ? nbytes : ({{(XW-8){1'b0}}, len} + 1) << size;
        // WRAP: the wrap container; otherwise the size-aligned start
        first = (burst == WRAP) ? (ax & ~(span - 1)) : (ax & ~(nbytes - 1));
        after = first + span;
        f_resp = illegal ? SLVERR :
                 (first < {{12{1'b0}}, BASE_ADDR} || after > {{12{1'b0}}, BASE_ADDR} + RAM_BYTES) ? DECERR
                                                                                                  : OKAY;
    end
endfunction

function [ADDR_WIDTH-1:0] f_next_addr;  // Address_N+1 from Address_N (legal bursts)
    input [ADDR_WIDTH-1:0] a;
    input [7:0] len;
    input [2:0] size;
    input [1:0] burst;
    reg [ADDR_WIDTH-1:0] nbytes, span;
    begin
        nbytes = {{(ADDR_WIDTH-1){1'b0}}, 1'b1} << size;
        span = ({{(ADDR_WIDTH-8){1'b0}}, len} + 1) << size;
        if (burst == FIXED)
            f_next_addr = a;
        else if (burst == INCR)   // aligned to the size, then one beat on
            f_next_addr = (a & ~(nbytes - 1)) + nbytes;
        else                      // WRAP: stays inside the container of span bytes
            f_next_addr = (a & ~(span - 1)) | ((a + nbytes) & (span - 1));
    end
endfunction

// the beat at bus address ba of size sz carries the byte at bus address fa
// (lanes from ba up to the end of its size-aligned container)
function f_beat_has;
    input [ADDR_WIDTH-1:0] ba;
    input [2:0] sz;
    input [ADDR_WIDTH-1:0] fa;
    reg [ADDR_WIDTH-1:0] lo, hi, lane;
    begin
        lo = ba & (STRB - 1);
        hi = (ba & ~(({{(ADDR_WIDTH-1){1'b0}}, 1'b1} << sz) - 1) & (STRB - 1))
             + ({{(ADDR_WIDTH-1){1'b0}}, 1'b1} << sz) - 1;
        lane = fa & (STRB - 1);
        f_beat_has = (ba >> LSB) == (fa >> LSB) && lane >= lo && lane <= hi;
    end
endfunction

function [ADDR_WIDTH-1:0] f_size_mask;  // the address bits below the size
    input [2:0] size;
    f_size_mask = ({{(ADDR_WIDTH-1){1'b0}}, 1'b1} << size) - 1;
endfunction

// the rest of an OKAY burst from beat n at address a stays where its first beat
// (at a0) put it: INCR beats left fit in the window, WRAP beats in the container
function f_rest_fits;
    input [ADDR_WIDTH-1:0] a;
    input [ADDR_WIDTH-1:0] a0;
    input [7:0] len;
    input [2:0] size;
    input [1:0] burst;
    input [7:0] n;
    reg [XW-1:0] span;
    begin
        span = ({{(XW-8){1'b0}}, len} + 1) << size;
        if (burst == INCR)
            f_rest_fits = ({{12{1'b0}}, a & ~f_size_mask(size)} +
                           (({{(XW-8){1'b0}}, len - n} + 1) << size)) <= {{12{1'b0}}, BASE_ADDR} + RAM_BYTES;
        else if (burst == WRAP)
            f_rest_fits = (({{12{1'b0}}, a} & ~(span - 1)) == ({{12{1'b0}}, a0} & ~(span - 1)));
        else
            f_rest_fits = (a == a0);
    end
endfunction

/*
 * Time and reset
 */
reg f_past = 1'b0;
reg f_past2 = 1'b0;
reg f_rst_q = 1'b1;     // rst in the previous cycle
always @(posedge clk) begin
    f_past <= 1'b1;
    f_past2 <= f_past;
    f_rst_q <= rst;
end

always @* begin
    if (!f_past) assume(rst);
end

/*
 * Master-side rules (assumptions), IHI 0022 A3.1.2, A3.2.1
 */
always @* begin
    if (rst) begin
        assume(!s_axi_awvalid);
        assume(!s_axi_wvalid);
        assume(!s_axi_arvalid);
    end
`ifdef F_WRITE_ONLY
    // write side alone: AXI writes, the NIC port reads them back
    assume(!s_axi_arvalid);
`endif
`ifdef F_READ_ONLY
    // read side alone: the NIC port writes, AXI reads them back
    assume(!s_axi_awvalid && !s_axi_wvalid);
`endif
end

always @(posedge clk) begin
    if (f_past && !$past(rst) && !rst) begin
        if ($past(s_axi_awvalid && !s_axi_awready)) begin
            assume(s_axi_awvalid);
            assume($stable({s_axi_awid, s_axi_awaddr, s_axi_awlen, s_axi_awsize, s_axi_awburst}));
        end
        if ($past(s_axi_wvalid && !s_axi_wready)) begin
            assume(s_axi_wvalid);
            assume($stable({s_axi_wdata, s_axi_wstrb, s_axi_wlast}));
        end
        if ($past(s_axi_arvalid && !s_axi_arready)) begin
            assume(s_axi_arvalid);
            assume($stable({s_axi_arid, s_axi_araddr, s_axi_arlen, s_axi_arsize, s_axi_arburst}));
        end
    end
end

wire aw_hs = s_axi_awvalid && s_axi_awready;
wire w_hs = s_axi_wvalid && s_axi_wready;
wire b_hs = s_axi_bvalid && s_axi_bready;
wire ar_hs = s_axi_arvalid && s_axi_arready;
wire r_hs = s_axi_rvalid && s_axi_rready;

/*
 * Slave-side handshake rules: B and R held until READY, payload stable
 */
always @(posedge clk) begin
    if (f_past && !$past(rst) && !rst) begin
        if ($past(s_axi_bvalid && !s_axi_bready)) begin
            `F_RULE(s_axi_bvalid);
            `F_RULE($stable({s_axi_bid, s_axi_bresp}));
        end
        if ($past(s_axi_rvalid && !s_axi_rready)) begin
            `F_RULE(s_axi_rvalid);
            `F_RULE($stable({s_axi_rid, s_axi_rdata, s_axi_rresp, s_axi_rlast}));
        end
    end
    // reset: everything idle from the first edge with rst high
    if (f_past && $past(rst)) begin
        `F_RULE(!s_axi_bvalid && !s_axi_rvalid);
        `F_RULE(!s_axi_awready && !s_axi_wready && !s_axi_arready);
    end
    // the address channels are ready the cycle after rst falls
    if (f_past2 && $past(rst, 2) && !$past(rst)) begin
        `F_RULE(s_axi_awready && s_axi_arready);
    end
end

/*
 * Write bursts: queue of accepted AWs, oldest first.  Entries [wq_head,
 * wq_wptr) have all their W beats (waiting for B), [wq_wptr, wq_tail) still
 * take W beats; f_wcnt counts the beats taken of the burst at wq_wptr.
 */
reg [ID_WIDTH-1:0]   wq_id    [0:3];
reg [ADDR_WIDTH-1:0] wq_addr  [0:3];
reg [7:0]            wq_len   [0:3];
reg [2:0]            wq_size  [0:3];
reg [1:0]            wq_burst [0:3];
reg [1:0]            wq_resp  [0:3];   // decode result
reg                  wq_lerr  [0:3];   // WLAST on a wrong beat
reg [1:0] wq_head = 0, wq_wptr = 0, wq_tail = 0;
reg [2:0] wq_done = 0, wq_open = 0;    // entries waiting for B, entries taking W
reg [7:0] f_wcnt = 0;
reg       f_wlerr = 0;                 // WLAST error so far in the current burst

wire [1:0] w_resp_cur = wq_resp[wq_wptr];
wire [7:0] w_len_cur = wq_len[wq_wptr];
wire       w_last_cur = (f_wcnt == w_len_cur);
reg  [ADDR_WIDTH-1:0] f_waddr;       // address of beat f_wcnt (from beat 1 on)
wire [ADDR_WIDTH-1:0] w_addr_cur = (f_wcnt == 0) ? wq_addr[wq_wptr] : f_waddr;
wire       w_lerr_now = f_wlerr || (s_axi_wlast != w_last_cur);
wire [1:0] b_exp = wq_lerr[wq_head] ? SLVERR : wq_resp[wq_head];

always @(posedge clk) begin
    if (rst) begin
        wq_head <= 0;
        wq_wptr <= 0;
        wq_tail <= 0;
        wq_done <= 0;
        wq_open <= 0;
        f_wcnt <= 0;
        f_wlerr <= 0;
    end else begin
        if (aw_hs) begin
            wq_id[wq_tail] <= s_axi_awid;
            wq_addr[wq_tail] <= s_axi_awaddr;
            wq_len[wq_tail] <= s_axi_awlen;
            wq_size[wq_tail] <= s_axi_awsize;
            wq_burst[wq_tail] <= s_axi_awburst;
            wq_resp[wq_tail] <= f_resp(s_axi_awaddr, s_axi_awlen, s_axi_awsize, s_axi_awburst);
            wq_lerr[wq_tail] <= 1'b0;
            wq_tail <= wq_tail + 1;
        end
        if (w_hs) begin
            if (w_last_cur) begin
                wq_lerr[wq_wptr] <= w_lerr_now;
                wq_wptr <= wq_wptr + 1;
                f_wcnt <= 0;
                f_wlerr <= 0;
            end else begin
                f_wcnt <= f_wcnt + 1;
                f_wlerr <= w_lerr_now;
            end
            f_waddr <= f_next_addr(w_addr_cur, w_len_cur, wq_size[wq_wptr], wq_burst[wq_wptr]);
        end
        if (b_hs) begin
            wq_head <= wq_head + 1;
        end
        wq_open <= wq_open + aw_hs - (w_hs && w_last_cur);
        wq_done <= wq_done + (w_hs && w_last_cur) - b_hs;
    end
end

always @* begin
    if (!rst) begin
        // W only for an accepted AW; B only after the last W beat of a burst
        if (s_axi_wready) `F_RULE(wq_open != 0);
        if (s_axi_bvalid) begin
            `F_RULE(wq_done != 0);
            `F_RULE(s_axi_bid == wq_id[wq_head]);
            `F_RULE(s_axi_bresp == b_exp);
        end
        // outstanding bursts: two taking data (the sequencer's two slots),
        // four in all (plus the two-entry B queue)
        `F_RULE(wq_open <= 2);
        `F_RULE(wq_done <= 2);
    end
end

/*
 * Read bursts: queue of accepted ARs, oldest first; f_rcnt counts the R beats
 * given of the burst at rq_head.  rq_stale: the tracked byte was written
 * since the burst's AR handshake.
 */
reg [ID_WIDTH-1:0]   rq_id    [0:3];
reg [ADDR_WIDTH-1:0] rq_addr  [0:3];
reg [7:0]            rq_len   [0:3];
reg [2:0]            rq_size  [0:3];
reg [1:0]            rq_burst [0:3];
reg [1:0]            rq_resp  [0:3];
reg                  rq_stale [0:3];
reg [1:0] rq_head = 0, rq_tail = 0;
reg [2:0] rq_count = 0;
reg [7:0] f_rcnt = 0;

wire       r_last_exp = (f_rcnt == rq_len[rq_head]);
reg  [ADDR_WIDTH-1:0] f_raddr;       // address of R beat f_rcnt (from beat 1 on)
wire [ADDR_WIDTH-1:0] r_addr_cur = (f_rcnt == 0) ? rq_addr[rq_head] : f_raddr;

/*
 * The tracked byte
 */
(* anyconst *) reg [ADDR_WIDTH-1:0] f_addr;
wire [OFF-1:0] f_off = f_addr - BASE_ADDR;
wire [WAW-1:0] f_word = f_off[OFF-1:LSB];
wire [LSB:0]   f_lane = f_off & (STRB - 1);  // one bit wider: LSB may be 0
reg  [7:0]     f_byte = 8'd0;               // the RAM starts zero-filled

always @* begin
    assume(f_addr >= BASE_ADDR && {{12{1'b0}}, f_addr} < {{12{1'b0}}, BASE_ADDR} + RAM_BYTES);
end

wire nic_hits = nic_en && nic_addr == f_word && nic_we[f_lane];
wire axi_hits = w_hs && !rst && w_resp_cur == OKAY &&
                f_beat_has(w_addr_cur, wq_size[wq_wptr], f_addr) && s_axi_wstrb[f_lane];
wire f_written = nic_hits || axi_hits;

reg f_by_axi = 1'b0;     // the tracked byte's last write came through AXI
always @(posedge clk) begin
    if (nic_hits) begin
        f_byte <= nic_wdata[f_lane*8 +: 8];
        f_by_axi <= 1'b0;
    end else if (axi_hits) begin
        f_byte <= s_axi_wdata[f_lane*8 +: 8];
        f_by_axi <= 1'b1;
    end
end

`ifdef F_MEM_TAP
// for the induction: the RAM byte is the tracked value at all times
reg [DATA_WIDTH-1:0] f_ram_word;
integer k;
always @* begin
    f_ram_word = 0;
    for (k = 0; k < WORDS; k = k + 1)
        if (f_word == k) f_ram_word = t_mem[k*DATA_WIDTH +: DATA_WIDTH];
end
always @* assert(f_ram_word[f_lane*8 +: 8] == f_byte);
`endif
`ifdef F_RAM_ABS
// the abstract RAM stores the tracked byte, and holds the tracked value at all times
always @* begin
    assume(t_abs_word == f_word && t_abs_lane == f_lane);
    assert(t_abs_byte == f_byte);
end
`endif

// the NIC port reads it back: any other write that changed it is seen here
// (the check picks the byte and the cycle of the read)
reg       f_nic_hit = 1'b0;
reg [7:0] f_nic_byte = 8'd0;
always @(posedge clk) begin
    if (nic_en) begin
        f_nic_hit <= (nic_addr == f_word);
        f_nic_byte <= f_byte;
    end
end
`ifndef F_NO_DATA
always @* begin
    if (f_nic_hit) assert(nic_rdata[f_lane*8 +: 8] == f_nic_byte);
end
`endif

integer i;
always @(posedge clk) begin
    if (rst) begin
        rq_head <= 0;
        rq_tail <= 0;
        rq_count <= 0;
        f_rcnt <= 0;
    end else begin
        if (f_written) begin
            for (i = 0; i < 4; i = i + 1) rq_stale[i] <= 1'b1;
        end
        if (ar_hs) begin
            rq_id[rq_tail] <= s_axi_arid;
            rq_addr[rq_tail] <= s_axi_araddr;
            rq_len[rq_tail] <= s_axi_arlen;
            rq_size[rq_tail] <= s_axi_arsize;
            rq_burst[rq_tail] <= s_axi_arburst;
            rq_resp[rq_tail] <= f_resp(s_axi_araddr, s_axi_arlen, s_axi_arsize, s_axi_arburst);
            rq_stale[rq_tail] <= f_written;
            rq_tail <= rq_tail + 1;
        end
        if (r_hs) begin
            if (r_last_exp) begin
                rq_head <= rq_head + 1;
                f_rcnt <= 0;
            end else begin
                f_rcnt <= f_rcnt + 1;
            end
        end
        if (r_hs) f_raddr <= f_next_addr(r_addr_cur, rq_len[rq_head], rq_size[rq_head], rq_burst[rq_head]);
        rq_count <= rq_count + ar_hs - (r_hs && r_last_exp);
    end
end

always @* begin
    if (!rst) begin
        if (s_axi_rvalid) begin
            `F_RULE(rq_count != 0);
            `F_RULE(s_axi_rid == rq_id[rq_head]);
            `F_RULE(s_axi_rresp == rq_resp[rq_head]);
            `F_RULE(s_axi_rlast == r_last_exp);
            if (rq_resp[rq_head] != OKAY)
                `F_RULE(s_axi_rdata == 0);
`ifndef F_NO_DATA
            else if ((r_addr_cur >> LSB) == (f_addr >> LSB) && !rq_stale[rq_head])
                assert(s_axi_rdata[f_lane*8 +: 8] == f_byte);
`endif
        end
        `F_RULE(rq_count <= 4);
`ifdef F_WRITE_ONLY
        `F_RULE(rq_count == 0 && f_rcnt == 0);
`endif
`ifdef F_READ_ONLY
        `F_RULE(wq_open == 0 && wq_done == 0 && f_wcnt == 0);
`endif
    end
end

/*
 * Tie-in: the property's queues against the RTL's registers (helper
 * invariants for induction; asserted, so checked as well)
 */
function [ST-1:0] f_slot;  // the sequencer slot of a burst, beat n next
    input [ID_WIDTH-1:0] id;
    input [1:0] resp;
    input [7:0] len;
    input [2:0] size;
    input [1:0] burst;
    input [7:0] n;
    input [ADDR_WIDTH-1:0] ba;   // address of beat n
    reg [ADDR_WIDTH-1:0] mask;
    begin
        mask = (burst == FIXED) ? {ADDR_WIDTH{1'b0}} :
               (burst == WRAP) ? ((({{(ADDR_WIDTH-8){1'b0}}, len} + 1) << size) - 1) :
               {ADDR_WIDTH{1'b1}};
        f_slot = {id, resp, size, mask[OFF-1:0], ba[OFF-1:0], len - n};
    end
endfunction

// fields of a slot that matter whatever the burst's class
function [ST-1:0] f_slot_care;
    input [1:0] resp;
    begin
        // id, resp, count always; size, mask and address only for OKAY bursts
        f_slot_care = (resp == OKAY) ? {ST{1'b1}}
                                     : {{(ID_WIDTH + 2){1'b1}}, {(3 + OFF + OFF){1'b0}}, 8'hff};
    end
endfunction

wire [1:0] wq_next = wq_wptr + 1;
wire [ST-1:0] w_cur_exp = f_slot(wq_id[wq_wptr], wq_resp[wq_wptr], wq_len[wq_wptr],
                                 wq_size[wq_wptr], wq_burst[wq_wptr], f_wcnt, w_addr_cur);
wire [ST-1:0] w_hold_exp = f_slot(wq_id[wq_next], wq_resp[wq_next], wq_len[wq_next],
                                  wq_size[wq_next], wq_burst[wq_next], 8'd0, wq_addr[wq_next]);
wire [1:0] wq_head1 = wq_head + 1;
wire [1:0] wq_sum = wq_head + wq_done[1:0] + wq_open[1:0];
wire [1:0] wq_wsum = wq_head + wq_done[1:0];

`ifndef F_NO_TIE
always @* begin
    if (f_past && !rst) begin
        `F_RULE(t_aw_cur_valid == (wq_open != 0));
        `F_RULE(t_aw_hold_valid == (wq_open == 2));
        if (!f_rst_q) `F_RULE(t_aw_ready == !t_aw_hold_valid);
        if (wq_open != 0) `F_RULE(((t_aw_cur_st ^ w_cur_exp) & f_slot_care(wq_resp[wq_wptr])) == 0);
        if (wq_open == 2) `F_RULE(((t_aw_hold_st ^ w_hold_exp) & f_slot_care(wq_resp[wq_next])) == 0);
        // an entry's class is that of its request (entries never change)
        if (wq_open != 0) `F_RULE(wq_resp[wq_wptr] == f_resp(wq_addr[wq_wptr], wq_len[wq_wptr],
                                                             wq_size[wq_wptr], wq_burst[wq_wptr]));
        if (wq_open == 2) `F_RULE(wq_resp[wq_next] == f_resp(wq_addr[wq_next], wq_len[wq_next],
                                                             wq_size[wq_next], wq_burst[wq_next]));
        `F_RULE(t_wlast_err == f_wlerr);
        if (wq_open == 0) `F_RULE(f_wcnt == 0 && !f_wlerr);
        else `F_RULE(f_wcnt <= w_len_cur);
        if (wq_open != 0 && wq_resp[wq_wptr] == OKAY) begin
            `F_RULE((w_addr_cur >> OFF) == (BASE_ADDR >> OFF));
            `F_RULE(f_rest_fits(w_addr_cur, wq_addr[wq_wptr], w_len_cur, wq_size[wq_wptr], wq_burst[wq_wptr], f_wcnt));
        end
        // after the first beat, INCR and WRAP beats are aligned to the size
        if (wq_open != 0 && f_wcnt != 0 && wq_resp[wq_wptr] == OKAY && wq_burst[wq_wptr] != FIXED)
            `F_RULE((w_addr_cur & f_size_mask(wq_size[wq_wptr])) == 0);
        `F_RULE(s_axi_bvalid == (wq_done != 0));
        `F_RULE(t_bq_skid_valid == (wq_done == 2));
        if (wq_done == 2)
            `F_RULE(t_bq_skid_data == {wq_id[wq_head1], wq_lerr[wq_head1] ? SLVERR : wq_resp[wq_head1]});
        `F_RULE(wq_tail == wq_sum);
        `F_RULE(wq_wptr == wq_wsum);
    end
end
`endif

/*
 * Tie-in, read side.  rq_lptr is the burst whose beats the RTL launches
 * (reads from the RAM) and f_lcnt the beats launched of it; both follow the
 * RTL's launch strobe.  Beats launched and not yet given on R sit in the
 * read pipeline (pend, then the R queue's output and skid registers).
 */
reg [1:0] rq_lptr = 0;
reg [2:0] rq_unl = 0;          // bursts accepted and not fully launched
reg [7:0] f_lcnt = 0;
reg [1:0] f_infl = 0;          // beats launched, not yet given on R
reg       f_pl_valid = 0;      // the beat launched in the previous cycle
reg [ID_WIDTH-1:0] f_pl_id;
reg [1:0] f_pl_resp;
reg       f_pl_last;

// the burst being launched: a stored entry, or the request in its AR cycle
wire       l_from_in = (rq_unl == 0);
wire [ID_WIDTH-1:0] l_id = l_from_in ? s_axi_arid : rq_id[rq_lptr];
wire [7:0] l_len = l_from_in ? s_axi_arlen : rq_len[rq_lptr];
wire [1:0] l_resp = l_from_in ? f_resp(s_axi_araddr, s_axi_arlen, s_axi_arsize, s_axi_arburst)
                              : rq_resp[rq_lptr];
wire       l_last = (f_lcnt == l_len);
reg  [ADDR_WIDTH-1:0] f_laddr;       // address of launch beat f_lcnt (from beat 1 on)
wire [ADDR_WIDTH-1:0] l_addr_cur = (f_lcnt == 0) ? (l_from_in ? s_axi_araddr : rq_addr[rq_lptr]) : f_laddr;
wire [2:0] l_size = l_from_in ? s_axi_arsize : rq_size[rq_lptr];
wire [1:0] l_burst = l_from_in ? s_axi_arburst : rq_burst[rq_lptr];

always @(posedge clk) begin
    if (rst) begin
        rq_lptr <= 0;
        rq_unl <= 0;
        f_lcnt <= 0;
        f_infl <= 0;
        f_pl_valid <= 0;
    end else begin
        f_pl_valid <= t_launch;
        if (t_launch) begin
            f_pl_id <= l_id;
            f_pl_resp <= l_resp;
            f_pl_last <= l_last;
            f_laddr <= f_next_addr(l_addr_cur, l_len, l_size, l_burst);
            if (l_last) begin
                rq_lptr <= rq_lptr + 1;
                f_lcnt <= 0;
            end else begin
                f_lcnt <= f_lcnt + 1;
            end
        end
        rq_unl <= rq_unl + ar_hs - (t_launch && l_last);
        f_infl <= f_infl + t_launch - r_hs;
    end
end

// launched beats not yet on R, oldest first: their addresses and bursts
reg [ADDR_WIDTH-1:0] f_ia [0:3];
reg [1:0]            f_ie [0:3];
wire [1:0] l_entry = l_from_in ? rq_tail : rq_lptr;
integer j;
always @(posedge clk) begin
    if (r_hs) begin
        for (j = 0; j < 3; j = j + 1) begin
            f_ia[j] <= f_ia[j + 1];
            f_ie[j] <= f_ie[j + 1];
        end
    end
    if (t_launch) begin
        f_ia[f_infl - r_hs] <= l_addr_cur;
        f_ie[f_infl - r_hs] <= l_entry;
    end
end
wire [1:0] f_infl_top = f_infl - 1;

wire [1:0] rq_l1 = rq_lptr + 1;
wire [ST-1:0] r_cur_exp = f_slot(rq_id[rq_lptr], rq_resp[rq_lptr], rq_len[rq_lptr],
                                 rq_size[rq_lptr], rq_burst[rq_lptr], f_lcnt, l_addr_cur);
wire [ST-1:0] r_hold_exp = f_slot(rq_id[rq_l1], rq_resp[rq_l1], rq_len[rq_l1],
                                  rq_size[rq_l1], rq_burst[rq_l1], 8'd0, rq_addr[rq_l1]);
// the beat after the one on R: same burst, or the first of the next
wire [1:0] rq_h1 = rq_head + 1;
function [1:0] f_resp_of;
    input [1:0] e;
    f_resp_of = rq_resp[e];
endfunction
function [ADDR_WIDTH-1:0] f_next_of;   // next beat address in read burst e
    input [1:0] e;
    input [ADDR_WIDTH-1:0] a;
    f_next_of = f_next_addr(a, rq_len[e], rq_size[e], rq_burst[e]);
endfunction
wire [ID_WIDTH-1:0] r2_id = r_last_exp ? rq_id[rq_h1] : rq_id[rq_head];
wire [1:0] r2_resp = r_last_exp ? rq_resp[rq_h1] : rq_resp[rq_head];
wire       r2_last = r_last_exp ? (rq_len[rq_h1] == 0) : (f_rcnt + 1 == rq_len[rq_head]);
wire [ID_WIDTH-1:0] t_skid_id;
wire [DATA_WIDTH-1:0] t_skid_rdata;
wire [1:0] t_skid_resp;
wire       t_skid_last;
assign {t_skid_id, t_skid_rdata, t_skid_resp, t_skid_last} = t_rq_skid_data;
wire [1:0] rq_sum = rq_lptr + rq_unl[1:0];
wire [2:0] rq_lead = rq_count - rq_unl;      // bursts launched, not all beats given
wire [1:0] rq_lsum = rq_head + rq_lead[1:0];
wire [1:0] rq_h2 = rq_head + 2;
wire [9:0] f_infl_exp =
    (rq_lead >= 1 ? {2'd0, rq_len[rq_head]} + 10'd1 : 10'd0) +
    (rq_lead >= 2 ? {2'd0, rq_len[rq_h1]} + 10'd1 : 10'd0) +
    (rq_lead >= 3 ? {2'd0, rq_len[rq_h2]} + 10'd1 : 10'd0) +
    {2'd0, f_lcnt} - {2'd0, f_rcnt};

`ifndef F_NO_TIE
always @* begin
    if (f_past && !rst) begin
        `F_RULE(t_ar_cur_valid == (rq_unl != 0));
        `F_RULE(t_ar_hold_valid == (rq_unl == 2));
        if (!f_rst_q) `F_RULE(t_ar_ready == !t_ar_hold_valid);
        `F_RULE(rq_unl <= 2);
        `F_RULE(rq_sum == rq_tail);
        `F_RULE(rq_lptr == rq_lsum);
        `F_RULE(rq_unl <= rq_count);
        if (rq_count != 0) `F_RULE(f_rcnt <= rq_len[rq_head]);
        if (rq_unl != 0) begin
            `F_RULE(f_lcnt <= rq_len[rq_lptr]);
            if (f_lcnt != 0 && rq_resp[rq_lptr] == OKAY && rq_burst[rq_lptr] != FIXED)
                `F_RULE((l_addr_cur & f_size_mask(rq_size[rq_lptr])) == 0);
            `F_RULE(((t_ar_cur_st ^ r_cur_exp) & f_slot_care(rq_resp[rq_lptr])) == 0);
        end else begin
            `F_RULE(f_lcnt == 0);
        end
        if (rq_unl != 0) `F_RULE(rq_resp[rq_lptr] == f_resp(rq_addr[rq_lptr], rq_len[rq_lptr],
                                                           rq_size[rq_lptr], rq_burst[rq_lptr]));
        if (rq_unl == 2) `F_RULE(rq_resp[rq_l1] == f_resp(rq_addr[rq_l1], rq_len[rq_l1],
                                                         rq_size[rq_l1], rq_burst[rq_l1]));
        if (rq_unl == 2) `F_RULE(((t_ar_hold_st ^ r_hold_exp) & f_slot_care(rq_resp[rq_l1])) == 0);
        // the pipeline: pend, R output, R skid
        `F_RULE(f_infl == t_pend_valid + s_axi_rvalid + t_rq_skid_valid);
        `F_RULE(t_pend_valid == f_pl_valid);
        if (t_pend_valid) begin
            `F_RULE(t_pend_id == f_pl_id);
            `F_RULE(t_pend_resp == f_pl_resp);
            `F_RULE(t_pend_last == f_pl_last);
        end
        if (t_rq_skid_valid) begin
            `F_RULE(s_axi_rvalid);
            `F_RULE(t_skid_id == r2_id && t_skid_resp == r2_resp && t_skid_last == r2_last);
            if (r2_resp != OKAY) `F_RULE(t_skid_rdata == 0);
        end
        // beats in flight: the rest of each fully launched burst, then those
        // launched of the burst being launched
        `F_RULE({8'd0, f_infl} == f_infl_exp);
        // the beat on R is the oldest launched one; each launched beat follows the one
        // before it in its burst, or starts the next burst
        if (s_axi_rvalid) `F_RULE(f_ie[0] == rq_head);
        if (s_axi_rvalid && rq_resp[rq_head] == OKAY) `F_RULE(r_addr_cur == f_ia[0]);
        for (j = 0; j < 2; j = j + 1) begin
            if (j + 1 < f_infl) begin
                `F_RULE(f_ie[j + 1] == f_ie[j] || f_ie[j + 1] == f_ie[j] + 2'd1);
                if (f_resp_of(f_ie[j + 1]) == OKAY)
                    `F_RULE(f_ia[j + 1] == (f_ie[j + 1] == f_ie[j] ? f_next_of(f_ie[j], f_ia[j])
                                                                : rq_addr[f_ie[j + 1]]));
            end
        end
        for (j = 0; j < 3; j = j + 1) begin
            if (j < f_infl && f_resp_of(f_ie[j]) == OKAY)
                `F_RULE((f_ia[j] >> OFF) == (BASE_ADDR >> OFF));
        end
        if (f_infl != 0 && rq_unl != 0 && f_lcnt != 0) begin
            `F_RULE(f_ie[f_infl_top] == rq_lptr);
            if (rq_resp[rq_lptr] == OKAY) `F_RULE(l_addr_cur == f_next_of(rq_lptr, f_ia[f_infl_top]));
        end
        if (rq_unl != 0 && rq_resp[rq_lptr] == OKAY) begin
            `F_RULE((l_addr_cur >> OFF) == (BASE_ADDR >> OFF));
            `F_RULE(f_rest_fits(l_addr_cur, rq_addr[rq_lptr], rq_len[rq_lptr], rq_size[rq_lptr], rq_burst[rq_lptr],
                               f_lcnt));
        end
`ifdef F_DATA_TIE
        // read data in flight: a beat of a burst that has not seen the tracked byte
        // change carries it (the RAM held it at the launch)
        if (t_pend_valid && f_resp_of(f_ie[f_infl_top]) == OKAY && !rq_stale[f_ie[f_infl_top]] &&
            (f_ia[f_infl_top] >> LSB) == (f_addr >> LSB))
            assert(t_hr_rdata[f_lane*8 +: 8] == f_byte);
        if (t_rq_skid_valid && r2_resp == OKAY && !rq_stale[f_ie[1]] && (f_ia[1] >> LSB) == (f_addr >> LSB))
            assert(t_skid_rdata[f_lane*8 +: 8] == f_byte);
        if (t_rq_skid_valid) `F_RULE(f_ie[1] == (r_last_exp ? rq_h1 : rq_head));
        if (t_pend_valid) `F_RULE(f_ie[f_infl_top] == (rq_unl != 0 && f_lcnt != 0 ? rq_lptr : rq_lptr - 2'd1));
`endif
        `F_RULE(rq_lead <= 3);
        if (rq_count == 0) `F_RULE(f_rcnt == 0);
    end
end
`endif

/*
 * Covers: the check is not vacuous
 */
reg f_w_lastbeat = 1'b0;  // previous cycle took the last W beat of a burst
reg f_r_lastbeat = 1'b0;
always @(posedge clk) begin
    f_w_lastbeat <= !rst && w_hs && w_last_cur;
    f_r_lastbeat <= !rst && r_hs && s_axi_rlast;
end

always @* begin
    if (!rst) begin
`ifndef F_READ_ONLY
        // a write burst of several beats completed with OKAY, and a WRAP one
        cover(b_hs && s_axi_bresp == OKAY && wq_len[wq_head] != 0);
        cover(b_hs && s_axi_bresp == OKAY && wq_burst[wq_head] == WRAP);
        // DECERR for a write burst that leaves the window
        cover(b_hs && s_axi_bresp == DECERR);
        // back to back: a burst's first W beat the cycle after the last of the one before
        cover(f_w_lastbeat && w_hs && f_wcnt == 0 && wq_len[wq_wptr] != 0);
        // an AXI write of the tracked byte, read back through the NIC port
        cover(f_nic_hit && f_by_axi && f_nic_byte != 0 && !f_written);
`endif
`ifndef F_WRITE_ONLY
        // a read burst of several beats, and a WRAP one
        cover(r_hs && s_axi_rlast && s_axi_rresp == OKAY && rq_len[rq_head] != 0);
        cover(r_hs && s_axi_rlast && s_axi_rresp == OKAY && rq_burst[rq_head] == WRAP);
        // DECERR for a read burst that leaves the window
        cover(r_hs && s_axi_rlast && s_axi_rresp == DECERR);
        // back to back on R
        cover(f_r_lastbeat && r_hs && f_rcnt == 0 && rq_len[rq_head] != 0);
        // the tracked byte, written through the NIC port, read back through AXI
        cover(r_hs && rq_resp[rq_head] == OKAY && !rq_stale[rq_head] &&
              (r_addr_cur >> LSB) == (f_addr >> LSB) && f_byte != 0);
`endif
    end
end

endmodule

`default_nettype wire
