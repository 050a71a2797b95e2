/*
 * nic_legacy
 *
 * A legacy ISA-style NIC around the shared RAM: a paged memory window with
 * an enable (WD8003 MEMENB, 3c503 bank select), an I/O register block and
 * NE2000-style remote DMA through a data port.  The window, the remote DMA
 * and the NIC port all reach the same storage.  One clock domain; rst is
 * synchronous and active high.
 *
 * Hierarchy:
 *   u_wr   nic_axi_wr       AW/W/B of the memory window (as nic_shared_ram,
 *                           sized to WINDOW_BYTES)
 *   u_rd   nic_axi_rd       AR/R of the memory window
 *   u_win  nic_window_map   MEMENB gate and page -> storage address
 *   u_regs nic_regs         AXI4-Lite register block on the I/O ports
 *   u_dma  nic_remote_dma   remote DMA: RSAR, RBCR, RCMD, RDC, data port
 *   u_arb  nic_port_arb     NIC port shared by the NIC logic and u_dma
 *   u_mem  nic_ram_mem      storage: the array u_mem.mem (RAM_BYTES)
 *
 * Memory window: bus bytes [BASE_ADDR, BASE_ADDR + WINDOW_BYTES), AXI4 with
 * every rule of nic_shared_ram (bursts, responses, throughput, latency)
 * for that window.  Window byte o shows storage byte PAGE * WINDOW_BYTES + o.
 * With CTRL.MEMENB = 0 (the reset state) the window ignores writes and
 * reads return all ones, with OKAY responses: an ISA bus does not signal
 * errors.  A burst outside the window still gets DECERR.
 *
 * I/O registers: ports [PORT_BASE, PORT_BASE + 32) on the AXI4-Lite port
 * (s_axil_*, 32-bit data, address = port number):
 *
 *   offset name   access  reset  meaning
 *   0x00   ID     RO      0x57   identification
 *   0x01   REV    RO      0x01   revision
 *   0x02   RAMSZ  RO      n      RAM_BYTES = 2**n
 *   0x03   WINSZ  RO      m      WINDOW_BYTES = 2**m
 *   0x04   CTRL   RW      0x00   bit 0 MEMENB, bit 1 WTS (word data port)
 *   0x05   PAGE   RW      0x00   window bank (n - m bits kept)
 *   0x08   RSAR0  RW      0x00   remote address 7:0   (current)
 *   0x09   RSAR1  RW      0x00   remote address 15:8  (current)
 *   0x0A   RBCR0  RW      0x00   remote byte count 7:0  (remaining)
 *   0x0B   RBCR1  RW      0x00   remote byte count 15:8 (remaining)
 *   0x0C   RCMD   RW      0x00   0x01 remote read, 0x02 remote write,
 *                                other: stop; reads 0 idle/1 read/2 write
 *   0x0D   RISR   W1C     0x00   bit 6 RDC (remote DMA complete)
 *   0x10   DATA   RW      -      data port: a byte, or 0x10-0x11 a word
 *   other  -      -       -      unmapped: DECERR
 *
 * Register responses, remote-DMA rules (count exhaustion, odd count in
 * word mode, wrap at the end of RAM): see nic_regs and nic_remote_dma.
 *
 * Storage ports: the window's write and read paths use the storage's host
 * ports; the NIC port is shared by the NIC's logic (nic_*, always first)
 * and the remote-DMA engine, which takes the cycles in which nic_en is low.
 * Same-byte conflicts resolve as in nic_shared_ram: a NIC-port write (NIC
 * logic or remote DMA) wins over a window write; reads are read-first.
 *
 * NIC port: word address over the whole RAM, byte write enables, nic_rdata
 * valid the cycle after nic_en and held while nic_en is low.
 *
 * Reset: channel state as nic_shared_ram; registers to their reset values
 * (window disabled, page 0, remote DMA idle).  RAM contents are kept.
 *
 * Before the first reset (power-on): as nic_shared_ram, every register has
 * an initial value equal to its reset value (zero where it has no reset)
 * and the RAM is zero-filled.  From time 0, with no reset at all: every
 * output of both slave ports is defined (READYs, BVALID, RVALID low, the
 * response payloads zero), no response appears without a request, the
 * registers read their reset values (window disabled, page 0, remote DMA
 * idle, RDC clear), and while rst is low both ports serve requests from
 * the first clock edge exactly as after a reset.
 *
 * Parameters: an illegal value stops elaboration with a message naming the
 * parameter, its value and what is allowed (see nic_param_error).
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_legacy #(
    // window data bus width: 8, 16, 32, 64 or 128
    parameter DATA_WIDTH = 16,
    // AXI address width
    parameter ADDR_WIDTH = 32,
    // AXI ID width
    parameter ID_WIDTH = 8,
    // storage size in bytes: power of two, at most 65536 (16-bit RSAR)
    parameter RAM_BYTES = 16384,
    // window size in bytes: power of two, RAM_BYTES / 256 .. RAM_BYTES,
    // at least 2 * DATA_WIDTH/8
    parameter WINDOW_BYTES = 8192,
    // bus address of the first window byte, aligned to WINDOW_BYTES
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 'h000D_0000,
    // I/O port address width of the register port: at least 6
    parameter PORT_ADDR_WIDTH = 16,
    // first I/O port of the register block, aligned to 32
    parameter [PORT_ADDR_WIDTH-1:0] PORT_BASE = 16'h0300
) (
    input  wire                                           clk,
    input  wire                                           rst,

    /*
     * AXI4 slave: the memory window
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
     * AXI4-Lite slave: the I/O port range
     */
    input  wire [PORT_ADDR_WIDTH-1:0]                     s_axil_awaddr,
    input  wire [2:0]                                     s_axil_awprot,
    input  wire                                           s_axil_awvalid,
    output wire                                           s_axil_awready,
    input  wire [31:0]                                    s_axil_wdata,
    input  wire [3:0]                                     s_axil_wstrb,
    input  wire                                           s_axil_wvalid,
    output wire                                           s_axil_wready,
    output wire [1:0]                                     s_axil_bresp,
    output wire                                           s_axil_bvalid,
    input  wire                                           s_axil_bready,
    input  wire [PORT_ADDR_WIDTH-1:0]                     s_axil_araddr,
    input  wire [2:0]                                     s_axil_arprot,
    input  wire                                           s_axil_arvalid,
    output wire                                           s_axil_arready,
    output wire [31:0]                                    s_axil_rdata,
    output wire [1:0]                                     s_axil_rresp,
    output wire                                           s_axil_rvalid,
    input  wire                                           s_axil_rready,

    /*
     * NIC port: word address over the whole RAM, byte write enables
     */
    input  wire                                           nic_en,
    input  wire [DATA_WIDTH/8-1:0]                        nic_we,
    input  wire [$clog2(RAM_BYTES/(DATA_WIDTH/8))-1:0]    nic_addr,
    input  wire [DATA_WIDTH-1:0]                          nic_wdata,
    output wire [DATA_WIDTH-1:0]                          nic_rdata
);

localparam STRB_WIDTH = DATA_WIDTH / 8;
localparam RAM_WORD_AW = $clog2(RAM_BYTES / STRB_WIDTH);
localparam WIN_WORD_AW = $clog2(WINDOW_BYTES / STRB_WIDTH);
localparam RAM_AW = $clog2(RAM_BYTES);

localparam [ADDR_WIDTH-1:0] BASE_OFF_MASK = ~({ADDR_WIDTH{1'b1}} << $clog2(WINDOW_BYTES));

/*
 * Parameter rules: an illegal value stops elaboration with a message that
 * names the parameter, its value and what is allowed (nic_param_error).
 */
generate
    if (!(DATA_WIDTH == 8 || DATA_WIDTH == 16 || DATA_WIDTH == 32 ||
          DATA_WIDTH == 64 || DATA_WIDTH == 128)) begin : g_bad_data_width
        nic_param_error #(
            .TOP("nic_legacy"), .NAME("DATA_WIDTH"), .VALUE(DATA_WIDTH),
            .ALLOWED("8, 16, 32, 64 or 128")
        ) DATA_WIDTH_must_be_8_16_32_64_or_128 ();
    end
    if (!((RAM_BYTES & (RAM_BYTES - 1)) == 0 && RAM_BYTES > 0 && RAM_BYTES <= 65536)) begin : g_bad_ram_bytes
        nic_param_error #(
            .TOP("nic_legacy"), .NAME("RAM_BYTES"), .VALUE(RAM_BYTES),
            .ALLOWED("a power of two of at most"),
            .HAS_LIMIT(1), .LIMIT(65536)
        ) RAM_BYTES_must_be_a_power_of_two_of_at_most ();
    end
    if (!(WINDOW_BYTES >= 2 * STRB_WIDTH && (WINDOW_BYTES & (WINDOW_BYTES - 1)) == 0)) begin : g_bad_window_bytes
        nic_param_error #(
            .TOP("nic_legacy"), .NAME("WINDOW_BYTES"), .VALUE(WINDOW_BYTES),
            .ALLOWED("a power of two of at least two bus words (2 * DATA_WIDTH/8):"),
            .HAS_LIMIT(1), .LIMIT(2 * STRB_WIDTH)
        ) WINDOW_BYTES_must_be_a_power_of_two_of_at_least ();
    end
    if (!(WINDOW_BYTES <= RAM_BYTES)) begin : g_bad_window_max
        nic_param_error #(
            .TOP("nic_legacy"), .NAME("WINDOW_BYTES"), .VALUE(WINDOW_BYTES),
            .ALLOWED("at most RAM_BYTES ="),
            .HAS_LIMIT(1), .LIMIT(RAM_BYTES)
        ) WINDOW_BYTES_must_be_at_most_RAM_BYTES ();
    end
    if (!(RAM_BYTES / WINDOW_BYTES <= 256)) begin : g_bad_window_min
        nic_param_error #(
            .TOP("nic_legacy"), .NAME("WINDOW_BYTES"), .VALUE(WINDOW_BYTES),
            .ALLOWED("at least RAM_BYTES / 256 (256 pages at most) ="),
            .HAS_LIMIT(1), .LIMIT(RAM_BYTES / 256)
        ) WINDOW_BYTES_must_be_at_least_RAM_BYTES_over_256 ();
    end
    if (!($clog2(WINDOW_BYTES) < ADDR_WIDTH)) begin : g_bad_addr_width
        nic_param_error #(
            .TOP("nic_legacy"), .NAME("ADDR_WIDTH"), .VALUE(ADDR_WIDTH),
            .ALLOWED("more than log2(WINDOW_BYTES), at least"),
            .HAS_LIMIT(1), .LIMIT($clog2(WINDOW_BYTES) + 1)
        ) ADDR_WIDTH_must_be_at_least ();
    end
    if (!(ID_WIDTH >= 1)) begin : g_bad_id_width
        nic_param_error #(
            .TOP("nic_legacy"), .NAME("ID_WIDTH"), .VALUE(ID_WIDTH),
            .ALLOWED("at least 1")
        ) ID_WIDTH_must_be_at_least_1 ();
    end
    if (!(PORT_ADDR_WIDTH >= 6)) begin : g_bad_port_addr_width
        nic_param_error #(
            .TOP("nic_legacy"), .NAME("PORT_ADDR_WIDTH"), .VALUE(PORT_ADDR_WIDTH),
            .ALLOWED("at least 6 (the 32 ports are part of a larger I/O space)")
        ) PORT_ADDR_WIDTH_must_be_at_least_6 ();
    end
    if (!(PORT_BASE[4:0] == 5'd0)) begin : g_bad_port_base
        nic_param_error #(
            .TOP("nic_legacy"), .NAME("PORT_BASE"), .VALUE(PORT_BASE),
            .ALLOWED("a multiple of"),
            .HAS_LIMIT(1), .LIMIT(32)
        ) PORT_BASE_must_be_a_multiple_of_32 ();
    end
    if (!((BASE_ADDR & BASE_OFF_MASK) == {ADDR_WIDTH{1'b0}})) begin : g_bad_base_addr
        nic_param_error #(
            .TOP("nic_legacy"), .NAME("BASE_ADDR"), .VALUE(BASE_ADDR),
            .ALLOWED("a multiple of WINDOW_BYTES ="),
            .HAS_LIMIT(1), .LIMIT(WINDOW_BYTES)
        ) BASE_ADDR_must_be_a_multiple_of_WINDOW_BYTES ();
    end
endgenerate

// window front-ends -> window map
wire                   win_wr_en;
wire [STRB_WIDTH-1:0]  win_wr_be;
wire [WIN_WORD_AW-1:0] win_wr_addr;
wire [DATA_WIDTH-1:0]  win_wr_data;
wire                   win_rd_en;
wire [WIN_WORD_AW-1:0] win_rd_addr;
wire [DATA_WIDTH-1:0]  win_rd_data;

// window map -> storage host ports
wire                   ram_wr_en;
wire [STRB_WIDTH-1:0]  ram_wr_be;
wire [RAM_WORD_AW-1:0] ram_wr_addr;
wire [DATA_WIDTH-1:0]  ram_wr_data;
wire                   ram_rd_en;
wire [RAM_WORD_AW-1:0] ram_rd_addr;
wire [DATA_WIDTH-1:0]  ram_rd_data;

// arbiter -> storage NIC port
wire                   mem_nic_en;
wire [STRB_WIDTH-1:0]  mem_nic_we;
wire [RAM_WORD_AW-1:0] mem_nic_addr;
wire [DATA_WIDTH-1:0]  mem_nic_wdata;
wire [DATA_WIDTH-1:0]  mem_nic_rdata;

// register block <-> window map and engine
wire        win_enable;
wire [7:0]  win_page;
wire        word_mode;
wire [1:0]  rsar_we;
wire [1:0]  rbcr_we;
wire        rcmd_we;
wire        risr_we;
wire [31:0] reg_wdata;
wire [15:0] rsar;
wire [15:0] rbcr;
wire [1:0]  rcmd;
wire        rdc;
wire        port_valid;
wire        port_write;
wire [15:0] port_wdata;
wire        port_done;
wire [15:0] port_rdata;

// engine <-> arbiter
wire              dma_req;
wire              dma_we;
wire [RAM_AW-1:0] dma_addr;
wire [7:0]        dma_wdata;
wire              dma_grant;
wire [7:0]        dma_rdata;

nic_axi_wr #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .RAM_BYTES(WINDOW_BYTES),
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
    .ram_wr_en(win_wr_en),
    .ram_wr_be(win_wr_be),
    .ram_wr_addr(win_wr_addr),
    .ram_wr_data(win_wr_data)
);

nic_axi_rd #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .RAM_BYTES(WINDOW_BYTES),
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
    .ram_rd_en(win_rd_en),
    .ram_rd_addr(win_rd_addr),
    .ram_rd_data(win_rd_data)
);

nic_window_map #(
    .DATA_WIDTH(DATA_WIDTH),
    .RAM_BYTES(RAM_BYTES),
    .WINDOW_BYTES(WINDOW_BYTES)
) u_win (
    .clk(clk),
    .rst(rst),
    .win_enable(win_enable),
    .win_page(win_page),
    .wr_en(win_wr_en),
    .wr_be(win_wr_be),
    .wr_addr(win_wr_addr),
    .wr_data(win_wr_data),
    .rd_en(win_rd_en),
    .rd_addr(win_rd_addr),
    .rd_data(win_rd_data),
    .ram_wr_en(ram_wr_en),
    .ram_wr_be(ram_wr_be),
    .ram_wr_addr(ram_wr_addr),
    .ram_wr_data(ram_wr_data),
    .ram_rd_en(ram_rd_en),
    .ram_rd_addr(ram_rd_addr),
    .ram_rd_data(ram_rd_data)
);

nic_regs #(
    .PORT_ADDR_WIDTH(PORT_ADDR_WIDTH),
    .PORT_BASE(PORT_BASE),
    .RAM_BYTES(RAM_BYTES),
    .WINDOW_BYTES(WINDOW_BYTES)
) u_regs (
    .clk(clk),
    .rst(rst),
    .s_axil_awaddr(s_axil_awaddr),
    .s_axil_awprot(s_axil_awprot),
    .s_axil_awvalid(s_axil_awvalid),
    .s_axil_awready(s_axil_awready),
    .s_axil_wdata(s_axil_wdata),
    .s_axil_wstrb(s_axil_wstrb),
    .s_axil_wvalid(s_axil_wvalid),
    .s_axil_wready(s_axil_wready),
    .s_axil_bresp(s_axil_bresp),
    .s_axil_bvalid(s_axil_bvalid),
    .s_axil_bready(s_axil_bready),
    .s_axil_araddr(s_axil_araddr),
    .s_axil_arprot(s_axil_arprot),
    .s_axil_arvalid(s_axil_arvalid),
    .s_axil_arready(s_axil_arready),
    .s_axil_rdata(s_axil_rdata),
    .s_axil_rresp(s_axil_rresp),
    .s_axil_rvalid(s_axil_rvalid),
    .s_axil_rready(s_axil_rready),
    .win_enable(win_enable),
    .win_page(win_page),
    .word_mode(word_mode),
    .rsar_we(rsar_we),
    .rbcr_we(rbcr_we),
    .rcmd_we(rcmd_we),
    .risr_we(risr_we),
    .reg_wdata(reg_wdata),
    .rsar(rsar),
    .rbcr(rbcr),
    .rcmd(rcmd),
    .rdc(rdc),
    .port_valid(port_valid),
    .port_write(port_write),
    .port_wdata(port_wdata),
    .port_done(port_done),
    .port_rdata(port_rdata)
);

nic_remote_dma #(
    .RAM_BYTES(RAM_BYTES)
) u_dma (
    .clk(clk),
    .rst(rst),
    .rsar_we(rsar_we),
    .rbcr_we(rbcr_we),
    .rcmd_we(rcmd_we),
    .risr_we(risr_we),
    .reg_wdata(reg_wdata),
    .rsar(rsar),
    .rbcr(rbcr),
    .rcmd(rcmd),
    .rdc(rdc),
    .word_mode(word_mode),
    .port_valid(port_valid),
    .port_write(port_write),
    .port_wdata(port_wdata),
    .port_done(port_done),
    .port_rdata(port_rdata),
    .mem_req(dma_req),
    .mem_we(dma_we),
    .mem_addr(dma_addr),
    .mem_wdata(dma_wdata),
    .mem_grant(dma_grant),
    .mem_rdata(dma_rdata)
);

nic_port_arb #(
    .DATA_WIDTH(DATA_WIDTH),
    .RAM_BYTES(RAM_BYTES)
) u_arb (
    .clk(clk),
    .rst(rst),
    .nic_en(nic_en),
    .nic_we(nic_we),
    .nic_addr(nic_addr),
    .nic_wdata(nic_wdata),
    .nic_rdata(nic_rdata),
    .dma_req(dma_req),
    .dma_we(dma_we),
    .dma_addr(dma_addr),
    .dma_wdata(dma_wdata),
    .dma_grant(dma_grant),
    .dma_rdata(dma_rdata),
    .mem_en(mem_nic_en),
    .mem_we(mem_nic_we),
    .mem_addr(mem_nic_addr),
    .mem_wdata(mem_nic_wdata),
    .mem_rdata(mem_nic_rdata)
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
    .nic_en(mem_nic_en),
    .nic_we(mem_nic_we),
    .nic_addr(mem_nic_addr),
    .nic_wdata(mem_nic_wdata),
    .nic_rdata(mem_nic_rdata)
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
