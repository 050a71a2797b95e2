/*
 * f_nic_shared_ram_wb: formal harness around nic_shared_ram_wb (read by
 * yosys with `read -formal`; not Verilog-2005, never simulated).
 *
 * Master side, assumed (Wishbone B4, pipelined mode): no request while rst
 * is high; a request that sees STALL is presented again, unchanged, while
 * CYC stays high (B4 5.2: the master holds the request until it is taken);
 * an incrementing beat taken is not presented again unchanged at the next
 * edge (RULE 4.40: the next beat of a pipelined incrementing burst is at the
 * next address).  That last rule leaves out the standard-mode (classic)
 * registered-feedback bursts the slave also serves: this harness checks the
 * pipelined mode only.
 * Everything else is free: CYC may fall at any time, CTI and BTE take any
 * value, the address any value (so requests outside the window are
 * explored), and the NIC port is free.
 *
 * Slave side, asserted (B4 3.1.3, 5.2 and the header of
 * hdl/nic_shared_ram_wb.v):
 *   - each request taken is answered by exactly one ACK or ERR in the next
 *     cycle, never both; no answer without a request (nor after reset);
 *   - ERR exactly for a request outside the window, ACK for one inside;
 *   - STALL high from the first edge with rst until the edge after rst
 *     falls, and for one cycle after a transfer not tagged incrementing
 *     (classic, constant address, End-Of-Burst, reserved); never after an
 *     incrementing one (one transfer per clock in a burst);
 *   - DAT_O is 0 in every cycle without a read ACK.
 * Data, by the usual abstraction: one symbolic byte of the window (f_addr)
 * is tracked.  A write taken in the window at its word with its SEL bit set
 * writes it, a NIC write writes it (and wins a same-cycle collision);
 * nothing else may change it (so a write outside the window, or with SEL
 * clear, stores nothing there).  The RAM holds the tracked value in every
 * cycle (the array is tapped; with F_RAM_ABS, the abstract RAM's byte), a read ACK of its word carries the value from
 * before the cycle the read was taken (read-first), and so does nic_rdata.
 */

`default_nettype none

module f_nic_shared_ram_wb #(
    parameter DATA_WIDTH = 32,
    parameter ADDR_WIDTH = 12,
    parameter RAM_BYTES = 64,
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 12'h040
) (
    input  wire                          clk,
    input  wire                          rst,

    input  wire [ADDR_WIDTH-1:0]         s_wb_adr,
    input  wire [DATA_WIDTH-1:0]         s_wb_dat_i,
    input  wire                          s_wb_we,
    input  wire [DATA_WIDTH/8-1:0]       s_wb_sel,
    input  wire                          s_wb_stb,
    input  wire                          s_wb_cyc,
    input  wire [2:0]                    s_wb_cti,
    input  wire [1:0]                    s_wb_bte,

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

wire [DATA_WIDTH-1:0] s_wb_dat_o;
wire                  s_wb_ack;
wire                  s_wb_err;
wire                  s_wb_stall;
wire [DATA_WIDTH-1:0] nic_rdata;

nic_shared_ram_wb #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .RAM_BYTES(RAM_BYTES),
    .BASE_ADDR(BASE_ADDR)
) u_dut (
    .clk(clk), .rst(rst),
    .s_wb_adr(s_wb_adr), .s_wb_dat_i(s_wb_dat_i), .s_wb_dat_o(s_wb_dat_o), .s_wb_we(s_wb_we),
    .s_wb_sel(s_wb_sel), .s_wb_stb(s_wb_stb), .s_wb_cyc(s_wb_cyc), .s_wb_cti(s_wb_cti),
    .s_wb_bte(s_wb_bte), .s_wb_ack(s_wb_ack), .s_wb_err(s_wb_err), .s_wb_stall(s_wb_stall),
    .nic_en(nic_en), .nic_we(nic_we), .nic_addr(nic_addr), .nic_wdata(nic_wdata),
    .nic_rdata(nic_rdata)
);

/*
 * Taps into the RTL (connected by the driver after flattening)
 */
(* keep *) wire           t_burst;         // tap: u_dut.burst_reg
`ifdef F_RAM_ABS
// the abstract RAM (tb/formal/nic_ram_mem_abs.sv): the one byte it stores
(* keep *) wire [$clog2(RAM_BYTES/(DATA_WIDTH/8))-1:0] t_abs_word;  // tap: u_dut.u_mem.abs_word
(* keep *) wire [$clog2(DATA_WIDTH/8):0] t_abs_lane;  // tap: u_dut.u_mem.abs_lane
(* keep *) wire [7:0]    t_abs_byte;       // tap: u_dut.u_mem.abs_byte
`else
(* keep *) wire [RAM_BYTES*8-1:0] t_mem;   // tap-mem: u_dut.u_mem.mem
`endif

/*
 * Time and reset
 */
reg f_past = 1'b0;
always @(posedge clk) f_past <= 1'b1;

always @* begin
    if (!f_past) assume(rst);
end

/*
 * Master-side rules (assumptions)
 */
wire req = s_wb_cyc && s_wb_stb;
always @* begin
    if (rst) assume(!req);
end
always @(posedge clk) begin
    if (f_past && !$past(rst) && $past(req && s_wb_stall) && s_wb_cyc) begin
        assume(s_wb_stb);
        assume($stable({s_wb_adr, s_wb_dat_i, s_wb_we, s_wb_sel, s_wb_cti, s_wb_bte}));
    end
    // pipelined mode: an incrementing beat taken at the last edge is not presented again
    if (f_past && !$past(rst) && $past(req && !s_wb_stall && s_wb_cti == 3'b010) && req)
        assume(!$stable({s_wb_adr, s_wb_we, s_wb_sel, s_wb_cti, s_wb_bte}));
end

/*
 * The request taken at this edge, by the B4 rules
 */
wire take = req && !s_wb_stall;
wire in_window = (s_wb_adr >> OFF) == (BASE_ADDR >> OFF);
wire tag_burst = (s_wb_cti == 3'b010);

reg f_taken = 1'b0;         // a request was taken at the last edge
reg f_taken_in = 1'b0;      // ... in the window
reg f_taken_rd = 1'b0;      // ... and it was a read
reg f_taken_cont = 1'b0;    // ... tagged incrementing or constant address
reg f_rst_q = 1'b1;
always @(posedge clk) begin
    f_taken <= !rst && take;
    f_taken_in <= in_window;
    f_taken_rd <= !s_wb_we;
    f_taken_cont <= tag_burst;
    f_rst_q <= rst;
end

always @(posedge clk) begin
    if (f_past) begin
        // reset: no answer, STALL high from the first edge with rst
        if ($past(rst)) begin
            assert(!s_wb_ack && !s_wb_err);
            assert(s_wb_stall);
        end else begin
            // one answer per request, in the next cycle: ACK in the window, ERR outside
            assert(s_wb_ack == (f_taken && f_taken_in));
            assert(s_wb_err == (f_taken && !f_taken_in));
            // STALL only the cycle after a transfer not tagged incrementing
            // (and the cycle after rst falls is no longer stalled)
            assert(s_wb_stall == (f_taken && !f_taken_cont));
        end
    end
end

always @* begin
    // helper invariant: in pipelined mode the slave never enters a classic burst
    assert(!t_burst);
    assert(!(s_wb_ack && s_wb_err));
    if (!(s_wb_ack && f_taken_rd)) assert(s_wb_dat_o == 0);
end

/*
 * The tracked byte
 */
(* anyconst *) reg [ADDR_WIDTH-1:0] f_addr;
wire [OFF-1:0] f_off = f_addr - BASE_ADDR;
wire [WAW-1:0] f_word = f_off[OFF-1:LSB];
wire [LSB:0]   f_lane = f_off & (STRB - 1);  // one bit wider: LSB may be 0
reg  [7:0]     f_byte = 8'd0;               // the RAM starts zero-filled
reg  [7:0]     f_byte_q = 8'd0;             // its value before the last edge
reg            f_by_wb = 1'b0;              // its last write came through Wishbone
reg            f_by_wb_q = 1'b0;

always @* begin
    assume((f_addr >> OFF) == (BASE_ADDR >> OFF));
end

wire nic_hits = nic_en && nic_addr == f_word && nic_we[f_lane];
wire wb_word = in_window && (s_wb_adr[OFF-1:0] >> LSB) == f_word;
wire wb_hits = take && !rst && s_wb_we && wb_word && s_wb_sel[f_lane];

always @(posedge clk) begin
    f_byte_q <= f_byte;
    f_by_wb_q <= f_by_wb;
    if (nic_hits) begin
        f_byte <= nic_wdata[f_lane*8 +: 8];
        f_by_wb <= 1'b0;
    end else if (wb_hits) begin
        f_byte <= s_wb_dat_i[f_lane*8 +: 8];
        f_by_wb <= 1'b1;
    end
end

`ifdef F_RAM_ABS
// the abstract RAM stores the tracked byte, and holds the tracked value at all times
always @* begin
    assume(t_abs_word == f_word && t_abs_lane == f_lane);
    assert(t_abs_byte == f_byte);
end
`else
// the RAM array holds the tracked value at all times
reg [DATA_WIDTH-1:0] f_ram_word;
integer k;
always @* begin
    f_ram_word = 0;
    for (k = 0; k < WORDS; k = k + 1)
        if (f_word == k) f_ram_word = t_mem[k*DATA_WIDTH +: DATA_WIDTH];
end
always @* assert(f_ram_word[f_lane*8 +: 8] == f_byte);
`endif

// a read ACK of the tracked word carries the value from before the read was taken
reg f_rd_hit = 1'b0;
always @(posedge clk) f_rd_hit <= !rst && take && !s_wb_we && wb_word;
always @* begin
    if (s_wb_ack && f_rd_hit) assert(s_wb_dat_o[f_lane*8 +: 8] == f_byte_q);
end

// the NIC port: nic_rdata is the word from before the edge of its nic_en, held after
reg       f_nic_hit = 1'b0;
reg [7:0] f_nic_byte = 8'd0;
always @(posedge clk) begin
    if (nic_en) begin
        f_nic_hit <= (nic_addr == f_word);
        f_nic_byte <= f_byte;
    end
end
always @* begin
    if (f_nic_hit) assert(nic_rdata[f_lane*8 +: 8] == f_nic_byte);
end

/*
 * Covers: the check is not vacuous
 */
reg [2:0] f_run = 3'd0;       // requests taken on consecutive edges
always @(posedge clk) f_run <= (!rst && take) ? (f_run == 3'd7 ? 3'd7 : f_run + 3'd1) : 3'd0;

always @* begin
    if (!rst) begin
        // a Wishbone write of the tracked byte, read back through Wishbone
        cover(s_wb_ack && f_rd_hit && f_byte_q != 0 && f_by_wb_q);
        // a NIC write of the tracked byte, read back through Wishbone
        cover(s_wb_ack && f_rd_hit && f_byte_q != 0 && !f_by_wb_q);
        // a Wishbone write of the tracked byte, read back through the NIC port
        cover(f_nic_hit && f_nic_byte != 0 && f_by_wb);
        // ERR for a request outside the window
        cover(s_wb_err);
        // four transfers of a burst on consecutive edges, the last answered
        cover(f_run >= 3'd4 && s_wb_ack);
    end
end

endmodule

`default_nettype wire
