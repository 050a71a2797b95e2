/*
 * f_nic_legacy_regs: formal harness around nic_legacy for its AXI4-Lite
 * register port (read by yosys with `read -formal`; never simulated).
 *
 * The memory window's AXI4 port is idle (its VALIDs held low) and the NIC
 * port is free.  The register port's inputs are free, constrained only by the
 * master-side rules of AXI4-Lite (IHI 0022 B1, A3.2.1): VALID low during
 * reset, VALID held until READY with the payload stable.
 *
 * Asserted, from IHI 0022 and the headers of hdl/nic_legacy.v and nic_regs.v:
 *   - BVALID/RVALID held until READY with BRESP/RRESP/RDATA stable;
 *   - a B only for a write whose AW and W were both accepted, an R only for
 *     an accepted AR, one response per request, in order;
 *   - at most one write and one read waiting in the block, one more of each
 *     waiting for its response (the block's one-entry request slots);
 *   - BRESP: DECERR for a port outside [PORT_BASE, PORT_BASE + 32) or a set
 *     WSTRB lane on an unmapped offset; SLVERR for a data-port write of the
 *     wrong width (lanes on 0x10-0x11 other than 0x10 in byte mode,
 *     0x10-0x11 in word mode); OKAY otherwise;
 *   - RRESP: DECERR outside the block or on an unmapped ARADDR offset, SLVERR
 *     at offset 0x11, OKAY otherwise; RDATA = 0 with an error; the word at
 *     offset 0 reads ID, REV, RAMSZ and WINSZ;
 *   - an error write changes no register: CTRL and PAGE read back unchanged;
 *   - reset: BVALID/RVALID low from the first edge with rst high.
 * Covers show each response class on both channels, a data-port read and
 * register writes at the block's full rate (a B every other cycle).
 */

`default_nettype none

module f_nic_legacy_regs #(
    parameter DATA_WIDTH = 16,
    parameter RAM_BYTES = 256,
    parameter WINDOW_BYTES = 128,
    parameter PORT_ADDR_WIDTH = 8,
    parameter [PORT_ADDR_WIDTH-1:0] PORT_BASE = 8'h60
) (
    input  wire                       clk,
    input  wire                       rst,

    input  wire [PORT_ADDR_WIDTH-1:0] s_axil_awaddr,
    input  wire                       s_axil_awvalid,
    input  wire [31:0]                s_axil_wdata,
    input  wire [3:0]                 s_axil_wstrb,
    input  wire                       s_axil_wvalid,
    input  wire                       s_axil_bready,
    input  wire [PORT_ADDR_WIDTH-1:0] s_axil_araddr,
    input  wire                       s_axil_arvalid,
    input  wire                       s_axil_rready,

    input  wire                       nic_en,
    input  wire [DATA_WIDTH/8-1:0]    nic_we,
    input  wire [$clog2(RAM_BYTES/(DATA_WIDTH/8))-1:0] nic_addr,
    input  wire [DATA_WIDTH-1:0]      nic_wdata
);

localparam STRB = DATA_WIDTH / 8;
localparam [1:0] OKAY = 2'b00;
localparam [1:0] SLVERR = 2'b10;
localparam [1:0] DECERR = 2'b11;
// offsets that hold a register (header of nic_legacy): 0x00-0x05, 0x08-0x0D, 0x10-0x11
localparam [31:0] F_MAPPED = 32'h0003_3F3F;

wire        s_axil_awready;
wire        s_axil_wready;
wire [1:0]  s_axil_bresp;
wire        s_axil_bvalid;
wire        s_axil_arready;
wire [31:0] s_axil_rdata;
wire [1:0]  s_axil_rresp;
wire        s_axil_rvalid;

nic_legacy #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(16),
    .ID_WIDTH(1),
    .RAM_BYTES(RAM_BYTES),
    .WINDOW_BYTES(WINDOW_BYTES),
    .BASE_ADDR(16'h0000),
    .PORT_ADDR_WIDTH(PORT_ADDR_WIDTH),
    .PORT_BASE(PORT_BASE)
) u_dut (
    .clk(clk), .rst(rst),
    .s_axi_awid(1'b0), .s_axi_awaddr(16'd0), .s_axi_awlen(8'd0), .s_axi_awsize(3'd0),
    .s_axi_awburst(2'b01), .s_axi_awlock(1'b0), .s_axi_awcache(4'd0), .s_axi_awprot(3'd0),
    .s_axi_awvalid(1'b0), .s_axi_awready(),
    .s_axi_wdata({DATA_WIDTH{1'b0}}), .s_axi_wstrb({STRB{1'b0}}), .s_axi_wlast(1'b0),
    .s_axi_wvalid(1'b0), .s_axi_wready(),
    .s_axi_bid(), .s_axi_bresp(), .s_axi_bvalid(), .s_axi_bready(1'b1),
    .s_axi_arid(1'b0), .s_axi_araddr(16'd0), .s_axi_arlen(8'd0), .s_axi_arsize(3'd0),
    .s_axi_arburst(2'b01), .s_axi_arlock(1'b0), .s_axi_arcache(4'd0), .s_axi_arprot(3'd0),
    .s_axi_arvalid(1'b0), .s_axi_arready(),
    .s_axi_rid(), .s_axi_rdata(), .s_axi_rresp(), .s_axi_rlast(), .s_axi_rvalid(),
    .s_axi_rready(1'b1),
    .s_axil_awaddr(s_axil_awaddr), .s_axil_awprot(3'd0), .s_axil_awvalid(s_axil_awvalid),
    .s_axil_awready(s_axil_awready),
    .s_axil_wdata(s_axil_wdata), .s_axil_wstrb(s_axil_wstrb), .s_axil_wvalid(s_axil_wvalid),
    .s_axil_wready(s_axil_wready),
    .s_axil_bresp(s_axil_bresp), .s_axil_bvalid(s_axil_bvalid), .s_axil_bready(s_axil_bready),
    .s_axil_araddr(s_axil_araddr), .s_axil_arprot(3'd0), .s_axil_arvalid(s_axil_arvalid),
    .s_axil_arready(s_axil_arready),
    .s_axil_rdata(s_axil_rdata), .s_axil_rresp(s_axil_rresp), .s_axil_rvalid(s_axil_rvalid),
    .s_axil_rready(s_axil_rready),
    .nic_en(nic_en), .nic_we(nic_we), .nic_addr(nic_addr), .nic_wdata(nic_wdata), .nic_rdata()
);

/*
 * Taps into the RTL (connected by the driver after flattening)
 */
(* keep *) wire [1:0] t_ctrl;          // tap: u_dut.u_regs.ctrl_reg
(* keep *) wire [7:0] t_page;          // tap: u_dut.u_regs.page_reg
(* keep *) wire       t_aw_full;       // tap: u_dut.u_regs.aw_full_reg
(* keep *) wire       t_w_full;        // tap: u_dut.u_regs.w_full_reg
(* keep *) wire       t_ar_full;       // tap: u_dut.u_regs.ar_full_reg
(* keep *) wire       t_port_busy;     // tap: u_dut.u_regs.port_busy_reg
(* keep *) wire       t_port_write;    // tap: u_dut.u_regs.port_write_reg
(* keep *) wire [PORT_ADDR_WIDTH-1:0] t_aw_addr;  // tap: u_dut.u_regs.aw_addr_reg
(* keep *) wire [3:0] t_w_strb;        // tap: u_dut.u_regs.w_strb_reg
(* keep *) wire [PORT_ADDR_WIDTH-1:0] t_ar_addr;  // tap: u_dut.u_regs.ar_addr_reg

/*
 * Time and reset
 */
reg f_past = 1'b0;
always @(posedge clk) f_past <= 1'b1;
always @* if (!f_past) assume(rst);

/*
 * Master-side rules (assumptions)
 */
always @* begin
    if (rst) begin
        assume(!s_axil_awvalid);
        assume(!s_axil_wvalid);
        assume(!s_axil_arvalid);
    end
end

always @(posedge clk) begin
    if (f_past && !$past(rst) && !rst) begin
        if ($past(s_axil_awvalid && !s_axil_awready)) begin
            assume(s_axil_awvalid);
            assume($stable(s_axil_awaddr));
        end
        if ($past(s_axil_wvalid && !s_axil_wready)) begin
            assume(s_axil_wvalid);
            assume($stable({s_axil_wdata, s_axil_wstrb}));
        end
        if ($past(s_axil_arvalid && !s_axil_arready)) begin
            assume(s_axil_arvalid);
            assume($stable(s_axil_araddr));
        end
    end
end

wire aw_hs = s_axil_awvalid && s_axil_awready;
wire w_hs = s_axil_wvalid && s_axil_wready;
wire b_hs = s_axil_bvalid && s_axil_bready;
wire ar_hs = s_axil_arvalid && s_axil_arready;
wire r_hs = s_axil_rvalid && s_axil_rready;

/*
 * Slave-side handshake rules
 */
always @(posedge clk) begin
    if (f_past && !$past(rst) && !rst) begin
        if ($past(s_axil_bvalid && !s_axil_bready)) begin
            assert(s_axil_bvalid);
            assert($stable(s_axil_bresp));
        end
        if ($past(s_axil_rvalid && !s_axil_rready)) begin
            assert(s_axil_rvalid);
            assert($stable({s_axil_rresp, s_axil_rdata}));
        end
    end
    if (f_past && $past(rst)) begin
        assert(!s_axil_bvalid && !s_axil_rvalid);
    end
end

/*
 * Expected responses, from the register map
 */
function [1:0] f_wr_resp;
    input [PORT_ADDR_WIDTH-1:0] a;
    input [3:0] strb;
    input word_mode;
    reg [31:0] lanes;
    reg [1:0] port_lanes;
    begin
        lanes = {28'd0, strb} << {a[4:2], 2'b00};
        port_lanes = lanes[17:16];
        if ((a >> 5) != (PORT_BASE >> 5) || (lanes & ~F_MAPPED) != 0)
            f_wr_resp = DECERR;
        else if (port_lanes != 2'b00 && port_lanes != (word_mode ? 2'b11 : 2'b01))
            f_wr_resp = SLVERR;
        else
            f_wr_resp = OKAY;
    end
endfunction

function [1:0] f_rd_resp;
    input [PORT_ADDR_WIDTH-1:0] a;
    begin
        if ((a >> 5) != (PORT_BASE >> 5) || !F_MAPPED[a[4:0]])
            f_rd_resp = DECERR;
        else if (a[4:0] == 5'h11)
            f_rd_resp = SLVERR;
        else
            f_rd_resp = OKAY;
    end
endfunction

/*
 * Writes: the accepted AW addresses and W beats, in order; a write is
 * complete when both are in, and answered by one B.
 */
reg [PORT_ADDR_WIDTH-1:0] awq [0:3];
reg [3:0]                 wq_strb [0:3];
reg [1:0] awq_head = 0, awq_tail = 0, wq_head = 0, wq_tail = 0;
reg [2:0] aw_cnt = 0, w_cnt = 0;      // accepted, not yet answered

always @(posedge clk) begin
    if (rst) begin
        awq_head <= 0; awq_tail <= 0; wq_head <= 0; wq_tail <= 0;
        aw_cnt <= 0; w_cnt <= 0;
    end else begin
        if (aw_hs) begin
            awq[awq_tail] <= s_axil_awaddr;
            awq_tail <= awq_tail + 1;
        end
        if (w_hs) begin
            wq_strb[wq_tail] <= s_axil_wstrb;
            wq_tail <= wq_tail + 1;
        end
        if (b_hs) begin
            awq_head <= awq_head + 1;
            wq_head <= wq_head + 1;
        end
        aw_cnt <= aw_cnt + aw_hs - b_hs;
        w_cnt <= w_cnt + w_hs - b_hs;
    end
end

// the word mode in force when the write executed: CTRL.WTS can only change by a
// register write, and writes execute one at a time in order, so it is the
// current one while a B waits (a write to CTRL answers with OKAY whatever WTS)
wire [1:0] b_exp = f_wr_resp(awq[awq_head], wq_strb[wq_head], t_ctrl[1]);

always @* begin
    if (!rst) begin
        if (s_axil_bvalid) begin
            assert(aw_cnt != 0 && w_cnt != 0);
            assert(s_axil_bresp == b_exp);
        end
        assert(aw_cnt <= 2 && w_cnt <= 2);
    end
end

/*
 * Reads: accepted AR addresses in order, each answered by one R.
 */
reg [PORT_ADDR_WIDTH-1:0] arq [0:3];
reg [1:0] arq_head = 0, arq_tail = 0;
reg [2:0] ar_cnt = 0;

always @(posedge clk) begin
    if (rst) begin
        arq_head <= 0; arq_tail <= 0; ar_cnt <= 0;
    end else begin
        if (ar_hs) begin
            arq[arq_tail] <= s_axil_araddr;
            arq_tail <= arq_tail + 1;
        end
        if (r_hs) arq_head <= arq_head + 1;
        ar_cnt <= ar_cnt + ar_hs - r_hs;
    end
end

wire [PORT_ADDR_WIDTH-1:0] r_addr = arq[arq_head];
wire [1:0] r_exp = f_rd_resp(r_addr);
localparam [7:0] F_RAMSZ = $clog2(RAM_BYTES);
localparam [7:0] F_WINSZ = $clog2(WINDOW_BYTES);

always @* begin
    if (!rst) begin
        if (s_axil_rvalid) begin
            assert(ar_cnt != 0);
            assert(s_axil_rresp == r_exp);
            if (r_exp != OKAY) assert(s_axil_rdata == 32'd0);
            if (r_exp == OKAY && r_addr[4:2] == 3'd0)
                assert(s_axil_rdata == {F_WINSZ, F_RAMSZ, 8'h01, 8'h57});
        end
        assert(ar_cnt <= 2);
    end
end

/*
 * An error write changes no register: CTRL and PAGE only change on the
 * clock edge of an OKAY B-to-be (the write's execution); checked through
 * the registers' values.
 */
reg [1:0] f_ctrl_q;
reg [7:0] f_page_q;
always @(posedge clk) begin
    f_ctrl_q <= t_ctrl;
    f_page_q <= t_page;
end
always @(posedge clk) begin
    if (f_past && !$past(rst) && !rst && (t_ctrl != f_ctrl_q || t_page != f_page_q)) begin
        // a change needs an OKAY write that hit CTRL or PAGE; its B follows
        assert(s_axil_bvalid && s_axil_bresp == OKAY);
    end
end

/*
 * Tie-in (helper invariants, asserted)
 */
wire [1:0] awq_last = awq_tail - 1;
wire [1:0] wq_last = wq_tail - 1;
wire [1:0] arq_last = arq_tail - 1;
always @* begin
    if (f_past && !rst) begin
        // a slot stays full while its data-port access runs
        assert(aw_cnt == t_aw_full + s_axil_bvalid);
        assert(w_cnt == t_w_full + s_axil_bvalid);
        assert(ar_cnt == t_ar_full + s_axil_rvalid);
        if (t_port_busy && t_port_write) assert(t_aw_full && t_w_full && !s_axil_bvalid);
        if (t_port_busy && !t_port_write) assert(t_ar_full && !s_axil_rvalid);
        assert(awq_tail == awq_head + aw_cnt[1:0]);
        assert(wq_tail == wq_head + w_cnt[1:0]);
        assert(arq_tail == arq_head + ar_cnt[1:0]);
        // a full request slot holds the latest request of its channel
        if (t_aw_full) assert(t_aw_addr == awq[awq_last]);
        if (t_w_full) assert(t_w_strb == wq_strb[wq_last]);
        if (t_ar_full) assert(t_ar_addr == arq[arq_last]);
        // a running data-port access is a legal one at offset 0x10
        if (t_port_busy && !t_port_write)
            assert(f_rd_resp(t_ar_addr) == OKAY && t_ar_addr[4:0] == 5'h10);
        if (t_port_busy && t_port_write)
            assert(f_wr_resp(t_aw_addr, t_w_strb, t_ctrl[1]) == OKAY && t_aw_addr[4:2] == 3'd4 &&
                   t_w_strb[1:0] != 2'b00);
    end
end

/*
 * Covers
 */
reg [1:0] f_b_prev = 2'b00;   // OKAY B handshakes in the last two cycles
always @(posedge clk) f_b_prev <= {f_b_prev[0], !rst && b_hs && s_axil_bresp == OKAY};
always @* begin
    if (!rst) begin
        cover(b_hs && s_axil_bresp == OKAY);
        cover(b_hs && s_axil_bresp == SLVERR);
        cover(b_hs && s_axil_bresp == DECERR);
        cover(r_hs && s_axil_rresp == OKAY && r_addr[4:0] == 5'h04);
        cover(r_hs && s_axil_rresp == SLVERR);
        cover(r_hs && s_axil_rresp == DECERR);
        cover(r_hs && s_axil_rresp == OKAY && r_addr[4:0] == 5'h10);   // a data-port read
        // register writes at the block's full rate: one executes per response, so a
        // B every other cycle (BVALID falls for a cycle after each handshake)
        cover(f_b_prev == 2'b10 && b_hs && s_axil_bresp == OKAY);
        cover(t_ctrl[0]);                                                // the window enabled
    end
end

endmodule

`default_nettype wire
