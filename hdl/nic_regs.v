/*
 * nic_regs
 *
 * The legacy adapter's register block: 32 byte-wide I/O ports behind an
 * AXI4-Lite slave (32-bit data).  The AXI4-Lite address is the I/O port
 * number; the block decodes ports [PORT_BASE, PORT_BASE + 32).  Byte lane
 * k of a data word carries port (address & ~3) + k, so a 16-bit port
 * access is two lanes and a 32-bit one is four.
 *
 * Register map (offset from PORT_BASE; reset values in brackets):
 *
 *   0x00 ID     RO  [0x57]  identification
 *   0x01 REV    RO  [0x01]  revision
 *   0x02 RAMSZ  RO          log2(RAM_BYTES)
 *   0x03 WINSZ  RO          log2(WINDOW_BYTES)
 *   0x04 CTRL   RW  [0x00]  bit 0 MEMENB: the memory window decodes;
 *                           bit 1 WTS: the remote-DMA data port moves
 *                           16-bit words (0: bytes); bits 7:2 read 0
 *   0x05 PAGE   RW  [0x00]  bank the window shows; only the low
 *                           log2(RAM_BYTES / WINDOW_BYTES) bits are kept,
 *                           the others read 0
 *   0x08 RSAR0  RW  [0x00]  remote address bits 7:0  } the current address:
 *   0x09 RSAR1  RW  [0x00]  remote address bits 15:8 } it advances as data moves
 *   0x0A RBCR0  RW  [0x00]  remote byte count 7:0    } the remaining count:
 *   0x0B RBCR1  RW  [0x00]  remote byte count 15:8   } it falls as data moves
 *   0x0C RCMD   RW  [0x00]  write 0x01 start a remote read, 0x02 start a
 *                           remote write, anything else stop; reads the
 *                           state (0 idle, 1 read, 2 write)
 *   0x0D RISR   W1C [0x00]  bit 6 RDC: remote DMA complete; write 1 clears
 *   0x10 DATA   --          remote-DMA data port: one byte (WTS = 0) or
 *   0x11                    one 16-bit word at 0x10-0x11 (WTS = 1)
 *   all other offsets are unmapped
 *
 * Responses, decided per access (an error access changes nothing and a
 * read returns RDATA = 0):
 *   DECERR  the port is outside the block, or (write) a set WSTRB lane or
 *           (read) the ARADDR byte is an unmapped offset.
 *   SLVERR  a data-port access of the wrong width: a write whose lanes on
 *           0x10-0x11 are not exactly 0x10 (WTS = 0) or 0x10-0x11
 *           (WTS = 1), or a read at ARADDR offset 0x11.
 *   OKAY    otherwise; writes to read-only lanes are ignored.  A write
 *           with WSTRB = 0 inside the block is OKAY and changes nothing.
 * AXI4-Lite reads carry no size: a read returns the whole 32-bit word of
 * registers (unmapped lanes 0), and a read whose ARADDR is 0x10 moves one
 * data-port unit as CTRL.WTS says, returned in RDATA[15:0]; every byte
 * lane the access did not move reads 0xFF (RDATA[15:8] in byte mode).
 *
 * One access is executed at a time, a write first when both are ready.
 * Latency, counted from the clock edge of the handshake that completes
 * the request (the later of AW and W for a write):
 *   register access            BVALID/RVALID 1 cycle later
 *   data-port write            3 + 1 per byte (word: 5)
 *   data-port read             3 + 2 per byte moved, 1 per byte not
 *                              moved (word: 7)
 * with the NIC port free (the remote DMA waits while nic_en is high).
 * AWREADY, WREADY and ARREADY are high while their request slot is empty;
 * a slot empties when its access executes, so the next request can be
 * taken while the previous response waits for BREADY/RREADY.
 *
 * All AXI outputs are registers.  Reset is synchronous, active high.  Every
 * register powers on with its reset value (initial values), so before any
 * reset the block is idle with the reset register values: no BVALID or
 * RVALID without a request, READYs low at time 0 and high from the first
 * clock edge with rst low.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_regs #(
    // AXI4-Lite address width: I/O port numbers
    parameter PORT_ADDR_WIDTH = 16,
    // first port of the block, aligned to 32
    parameter [PORT_ADDR_WIDTH-1:0] PORT_BASE = 16'h0300,
    // storage size in bytes (power of two)
    parameter RAM_BYTES = 16384,
    // memory window size in bytes (power of two, at most RAM_BYTES)
    parameter WINDOW_BYTES = 8192
) (
    input  wire                       clk,
    input  wire                       rst,

    /*
     * AXI4-Lite slave
     */
    input  wire [PORT_ADDR_WIDTH-1:0] s_axil_awaddr,
    input  wire [2:0]                 s_axil_awprot,
    input  wire                       s_axil_awvalid,
    output wire                       s_axil_awready,
    input  wire [31:0]                s_axil_wdata,
    input  wire [3:0]                 s_axil_wstrb,
    input  wire                       s_axil_wvalid,
    output wire                       s_axil_wready,
    output wire [1:0]                 s_axil_bresp,
    output wire                       s_axil_bvalid,
    input  wire                       s_axil_bready,
    input  wire [PORT_ADDR_WIDTH-1:0] s_axil_araddr,
    input  wire [2:0]                 s_axil_arprot,
    input  wire                       s_axil_arvalid,
    output wire                       s_axil_arready,
    output wire [31:0]                s_axil_rdata,
    output wire [1:0]                 s_axil_rresp,
    output wire                       s_axil_rvalid,
    input  wire                       s_axil_rready,

    /*
     * Window control
     */
    output wire                       win_enable,
    output wire [7:0]                 win_page,

    /*
     * Remote-DMA registers (engine side)
     */
    output wire                       word_mode,
    output wire [1:0]                 rsar_we,
    output wire [1:0]                 rbcr_we,
    output wire                       rcmd_we,
    output wire                       risr_we,
    output wire [31:0]                reg_wdata,
    input  wire [15:0]                rsar,
    input  wire [15:0]                rbcr,
    input  wire [1:0]                 rcmd,
    input  wire                       rdc,

    /*
     * Remote-DMA data port (held until port_done)
     */
    output wire                       port_valid,
    output wire                       port_write,
    output wire [15:0]                port_wdata,
    input  wire                       port_done,
    input  wire [15:0]                port_rdata
);

localparam [7:0] ID_VALUE = 8'h57;
localparam [7:0] REV_VALUE = 8'h01;
localparam integer RAM_LOG2 = $clog2(RAM_BYTES);
localparam integer WINDOW_LOG2 = $clog2(WINDOW_BYTES);
localparam [7:0] RAMSZ_VALUE = RAM_LOG2[7:0];
localparam [7:0] WINSZ_VALUE = WINDOW_LOG2[7:0];
localparam integer PAGE_BITS = RAM_LOG2 - WINDOW_LOG2;
localparam [8:0] PAGE_MASK_WIDE = (9'd1 << PAGE_BITS) - 9'd1;
localparam [7:0] PAGE_MASK = PAGE_MASK_WIDE[7:0];

// offsets that hold a register, one bit per offset 0x00..0x1F
localparam [31:0] MAPPED = 32'h0003_3F3F;

localparam [1:0] RESP_OKAY = 2'b00;
localparam [1:0] RESP_SLVERR = 2'b10;
localparam [1:0] RESP_DECERR = 2'b11;

localparam [4:0] OFF_DATA = 5'h10;
localparam [4:0] OFF_DATA_HI = 5'h11;

// registers (power-on values = reset values, zero where none: initial block below)
reg                       awready_reg;
reg                       aw_full_reg;
reg [PORT_ADDR_WIDTH-1:0] aw_addr_reg;
reg                       wready_reg;
reg                       w_full_reg;
reg [31:0]                w_data_reg;
reg [3:0]                 w_strb_reg;
reg                       bvalid_reg;
reg [1:0]                 bresp_reg;
reg                       arready_reg;
reg                       ar_full_reg;
reg [PORT_ADDR_WIDTH-1:0] ar_addr_reg;
reg                       rvalid_reg;
reg [1:0]                 rresp_reg;
reg [31:0]                rdata_reg;

reg                       port_busy_reg;
reg                       port_write_reg;

reg [1:0]                 ctrl_reg;
reg [7:0]                 page_reg;

initial begin
    awready_reg = 1'b0;
    aw_full_reg = 1'b0;
    aw_addr_reg = {PORT_ADDR_WIDTH{1'b0}};
    wready_reg = 1'b0;
    w_full_reg = 1'b0;
    w_data_reg = 32'd0;
    w_strb_reg = 4'd0;
    bvalid_reg = 1'b0;
    bresp_reg = RESP_OKAY;
    arready_reg = 1'b0;
    ar_full_reg = 1'b0;
    ar_addr_reg = {PORT_ADDR_WIDTH{1'b0}};
    rvalid_reg = 1'b0;
    rresp_reg = RESP_OKAY;
    rdata_reg = 32'd0;
    port_busy_reg = 1'b0;
    port_write_reg = 1'b0;
    ctrl_reg = 2'b00;
    page_reg = 8'd0;
end

wire aw_hs = s_axil_awvalid && awready_reg;
wire w_hs = s_axil_wvalid && wready_reg;
wire ar_hs = s_axil_arvalid && arready_reg;

// one access executes at a time; a write goes first
wire wr_go = aw_full_reg && w_full_reg && !bvalid_reg && !port_busy_reg;
wire rd_go = ar_full_reg && !rvalid_reg && !port_busy_reg && !wr_go;

/*
 * Write decode
 */
wire        wr_in_range = (aw_addr_reg[PORT_ADDR_WIDTH-1:5] == PORT_BASE[PORT_ADDR_WIDTH-1:5]);
wire [31:0] wr_lanes = {28'd0, w_strb_reg} << {aw_addr_reg[4:2], 2'b00};
wire        wr_unmapped = |(wr_lanes & ~MAPPED);
wire [1:0]  wr_port_lanes = wr_lanes[17:16];
wire        wr_port = |wr_port_lanes;
wire        wr_port_ok = ctrl_reg[1] ? (wr_port_lanes == 2'b11) : (wr_port_lanes == 2'b01);
wire [1:0]  wr_resp = (!wr_in_range || wr_unmapped) ? RESP_DECERR :
                      (wr_port && !wr_port_ok)      ? RESP_SLVERR : RESP_OKAY;
wire        wr_ok = wr_go && (wr_resp == RESP_OKAY);
wire        wr_port_start = wr_ok && wr_port;
wire        wr_apply = wr_ok && !wr_port;

/*
 * Read decode
 */
wire       rd_in_range = (ar_addr_reg[PORT_ADDR_WIDTH-1:5] == PORT_BASE[PORT_ADDR_WIDTH-1:5]);
wire [4:0] rd_off = ar_addr_reg[4:0];
wire [1:0] rd_resp = (!rd_in_range || !MAPPED[rd_off]) ? RESP_DECERR :
                     (rd_off == OFF_DATA_HI)           ? RESP_SLVERR : RESP_OKAY;
wire       rd_port_start = rd_go && (rd_resp == RESP_OKAY) && (rd_off == OFF_DATA);

reg [31:0] rd_word;
always @* begin
    case (rd_off[4:2])
        3'd0:    rd_word = {WINSZ_VALUE, RAMSZ_VALUE, REV_VALUE, ID_VALUE};
        3'd1:    rd_word = {16'd0, page_reg, 6'd0, ctrl_reg};
        3'd2:    rd_word = {rbcr, rsar};
        3'd3:    rd_word = {16'd0, 1'b0, rdc, 6'd0, 6'd0, rcmd};
        default: rd_word = 32'd0;
    endcase
end

wire port_finish = port_busy_reg && port_done;
wire wr_done = (wr_go && !wr_port_start) || (port_finish && port_write_reg);
wire rd_done = (rd_go && !rd_port_start) || (port_finish && !port_write_reg);

wire aw_full_next = (aw_full_reg && !wr_done) || aw_hs;
wire w_full_next = (w_full_reg && !wr_done) || w_hs;
wire ar_full_next = (ar_full_reg && !rd_done) || ar_hs;

/*
 * Channels
 */
always @(posedge clk) begin
    if (aw_hs) begin
        aw_addr_reg <= s_axil_awaddr;
    end
    if (w_hs) begin
        w_data_reg <= s_axil_wdata;
        w_strb_reg <= s_axil_wstrb;
    end
    if (ar_hs) begin
        ar_addr_reg <= s_axil_araddr;
    end
    if (wr_go) begin
        bresp_reg <= wr_resp;
    end else if (port_finish && port_write_reg) begin
        bresp_reg <= RESP_OKAY;
    end
    if (rd_go && !rd_port_start) begin
        rresp_reg <= rd_resp;
        rdata_reg <= (rd_resp == RESP_OKAY) ? rd_word : 32'd0;
    end else if (port_finish && !port_write_reg) begin
        rresp_reg <= RESP_OKAY;
        rdata_reg <= {16'd0, port_rdata};
    end
    if (wr_port_start || rd_port_start) begin
        port_write_reg <= wr_port_start;
    end

    if (rst) begin
        aw_full_reg <= 1'b0;
        w_full_reg <= 1'b0;
        ar_full_reg <= 1'b0;
        awready_reg <= 1'b0;
        wready_reg <= 1'b0;
        arready_reg <= 1'b0;
        bvalid_reg <= 1'b0;
        rvalid_reg <= 1'b0;
        port_busy_reg <= 1'b0;
        port_write_reg <= 1'b0;
        bresp_reg <= RESP_OKAY;
        rresp_reg <= RESP_OKAY;
        rdata_reg <= 32'd0;
    end else begin
        aw_full_reg <= aw_full_next;
        w_full_reg <= w_full_next;
        ar_full_reg <= ar_full_next;
        awready_reg <= !aw_full_next;
        wready_reg <= !w_full_next;
        arready_reg <= !ar_full_next;
        if (wr_done) begin
            bvalid_reg <= 1'b1;
        end else if (s_axil_bready) begin
            bvalid_reg <= 1'b0;
        end
        if (rd_done) begin
            rvalid_reg <= 1'b1;
        end else if (s_axil_rready) begin
            rvalid_reg <= 1'b0;
        end
        if (wr_port_start || rd_port_start) begin
            port_busy_reg <= 1'b1;
        end else if (port_done) begin
            port_busy_reg <= 1'b0;
        end
    end
end

/*
 * Registers of this block; lane (offset % 4) of the data word carries each
 */
always @(posedge clk) begin
    if (rst) begin
        ctrl_reg <= 2'b00;
        page_reg <= 8'd0;
    end else if (wr_apply) begin
        if (wr_lanes[5'h04]) begin
            ctrl_reg <= w_data_reg[1:0];
        end
        if (wr_lanes[5'h05]) begin
            page_reg <= w_data_reg[15:8] & PAGE_MASK;
        end
    end
end

assign s_axil_awready = awready_reg;
assign s_axil_wready = wready_reg;
assign s_axil_bresp = bresp_reg;
assign s_axil_bvalid = bvalid_reg;
assign s_axil_arready = arready_reg;
assign s_axil_rdata = rdata_reg;
assign s_axil_rresp = rresp_reg;
assign s_axil_rvalid = rvalid_reg;

assign win_enable = ctrl_reg[0];
assign win_page = page_reg;
assign word_mode = ctrl_reg[1];

// engine registers: RSAR on lanes 1:0 and RBCR on lanes 3:2 of word 0x08,
// RCMD on lane 0 and RISR on lane 1 of word 0x0C
assign rsar_we = wr_apply ? wr_lanes[5'h09:5'h08] : 2'b00;
assign rbcr_we = wr_apply ? wr_lanes[5'h0B:5'h0A] : 2'b00;
assign rcmd_we = wr_apply && wr_lanes[5'h0C];
assign risr_we = wr_apply && wr_lanes[5'h0D];
assign reg_wdata = w_data_reg;

assign port_valid = port_busy_reg;
assign port_write = port_write_reg;
assign port_wdata = w_data_reg[15:0];

// protection attributes do not change the behaviour
/* verilator lint_off UNUSED */
wire unused_ok = &{1'b0, s_axil_awprot, s_axil_arprot, aw_addr_reg[1:0]};
/* verilator lint_on UNUSED */

endmodule

`default_nettype wire
