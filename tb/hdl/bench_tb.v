/*
 * bench_tb
 *
 * Pure Verilog benchmark of nic_shared_ram: the simulator's limit for a
 * host copy, with no Python in the loop.  A lean AXI4 master copies
 * +bytes=N bytes starting +offset=K bytes into the window, planned as the
 * host side plans it (full-width INCR bursts of up to 256 beats, split at
 * 4 KiB boundaries, unaligned head and tail by strobes), AW/W pipelined
 * and back to back; then reads the same range back and compares every
 * byte with what it wrote.  +reps=R repeats the write and the read R
 * times (R = 0: start-up only, for subtracting); +write_only skips the
 * reads.  Prints one line per operation:
 *
 *   BENCH op=write bytes=N offset=K beats=B cycles=C errors=0
 *
 * and finishes with BENCH done errors=E.  The clock is generated here.
 * After a write, every bus word holds a hash of its word address (and the
 * repetition), repeated across its lanes.
 */

`timescale 1ns / 1ps
`default_nettype none

module bench_tb #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter ID_WIDTH = 8,
    parameter RAM_BYTES = 1048576,
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 32'h0010_0000
) ();

localparam NB = DATA_WIDTH / 8;
localparam SIZE = $clog2(NB);
localparam MAX_BEATS = 256;

reg clk = 1'b0;
reg rst = 1'b1;
always #5 clk = ~clk;

/*
 * AXI signals
 */
reg  [ADDR_WIDTH-1:0] awaddr;
reg  [7:0]            awlen;
reg                   awvalid;
wire                  awready;
reg  [DATA_WIDTH-1:0] wdata;
reg  [NB-1:0]         wstrb;
reg                   wlast;
reg                   wvalid;
wire                  wready;
wire [ID_WIDTH-1:0]   bid;
wire [1:0]            bresp;
wire                  bvalid;
reg  [ADDR_WIDTH-1:0] araddr;
reg  [7:0]            arlen;
reg                   arvalid;
wire                  arready;
wire [ID_WIDTH-1:0]   rid;
wire [DATA_WIDTH-1:0] rdata;
wire [1:0]            rresp;
wire                  rlast;
wire                  rvalid;
wire [DATA_WIDTH-1:0] nic_rdata;

nic_shared_ram #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .RAM_BYTES(RAM_BYTES),
    .BASE_ADDR(BASE_ADDR)
) u_ram (
    .clk(clk),
    .rst(rst),
    .s_axi_awid({ID_WIDTH{1'b0}}),
    .s_axi_awaddr(awaddr),
    .s_axi_awlen(awlen),
    .s_axi_awsize(SIZE[2:0]),
    .s_axi_awburst(2'b01),
    .s_axi_awlock(1'b0),
    .s_axi_awcache(4'd0),
    .s_axi_awprot(3'd0),
    .s_axi_awvalid(awvalid),
    .s_axi_awready(awready),
    .s_axi_wdata(wdata),
    .s_axi_wstrb(wstrb),
    .s_axi_wlast(wlast),
    .s_axi_wvalid(wvalid),
    .s_axi_wready(wready),
    .s_axi_bid(bid),
    .s_axi_bresp(bresp),
    .s_axi_bvalid(bvalid),
    .s_axi_bready(1'b1),
    .s_axi_arid({ID_WIDTH{1'b0}}),
    .s_axi_araddr(araddr),
    .s_axi_arlen(arlen),
    .s_axi_arsize(SIZE[2:0]),
    .s_axi_arburst(2'b01),
    .s_axi_arlock(1'b0),
    .s_axi_arcache(4'd0),
    .s_axi_arprot(3'd0),
    .s_axi_arvalid(arvalid),
    .s_axi_arready(arready),
    .s_axi_rid(rid),
    .s_axi_rdata(rdata),
    .s_axi_rresp(rresp),
    .s_axi_rlast(rlast),
    .s_axi_rvalid(rvalid),
    .s_axi_rready(1'b1),
    .nic_en(1'b0),
    .nic_we({NB{1'b0}}),
    .nic_addr({$clog2(RAM_BYTES / NB){1'b0}}),
    .nic_wdata({DATA_WIDTH{1'b0}}),
    .nic_rdata(nic_rdata)
);

/*
 * The copy: [first, last) in bytes, planned into bursts
 */
integer nbytes;
integer offset;
integer reps;
integer rep;
reg [31:0] first;
reg [31:0] last;
reg [31:0] twist;
integer errors;
reg write_only;

// end of the burst starting at byte address pos (no 4 KiB crossing, at most 256 beats)
function [31:0] burst_end(input [31:0] pos);
    reg [31:0] stop;
    reg [31:0] lim;
    begin
        stop = last;
        lim = (pos | 32'hFFF) + 1;
        if (lim < stop) stop = lim;
        lim = (pos & ~(NB - 1)) + MAX_BEATS * NB;
        if (lim < stop) stop = lim;
        burst_end = stop;
    end
endfunction

// the bytes of the bus word at word address wa (one hash per word, repeated across it: cheap
// enough that the testbench costs little next to the RTL on an event-driven simulator)
function [DATA_WIDTH-1:0] pattern(input [31:0] wa);
    reg [31:0] h;
    begin
        h = ((wa / NB) ^ twist) * 32'h9E3779B1;
        pattern = {(DATA_WIDTH + 31) / 32{h}};
    end
endfunction

// strobes of the beat at word address wa within [first, last)
function [NB-1:0] lanes(input [31:0] wa);
    integer i;
    begin
        if (wa >= first && wa + NB <= last) begin
            lanes = {NB{1'b1}};
        end else begin
            for (i = 0; i < NB; i = i + 1) begin
                lanes[i] = (wa + i >= first) && (wa + i < last);
            end
        end
    end
endfunction

/*
 * Write: AW and W streams, each walking the same plan
 */
reg        wr_go;
reg [31:0] aw_pos;
reg [31:0] w_pos;        // next W beat's word address
reg [31:0] w_burst_end;  // byte end of the burst W is in
reg [31:0] bursts_issued;
reg [31:0] bresps;
reg        wr_done;

always @(posedge clk) begin
    if (!wr_go) begin
        awvalid <= 1'b0;
        wvalid <= 1'b0;
        wr_done <= 1'b0;
        aw_pos <= first;
        w_pos <= first & ~(NB - 1);
        w_burst_end <= burst_end(first);
        bursts_issued <= 0;
        bresps <= 0;
    end else begin
        if (!awvalid || awready) begin
            if (aw_pos < last) begin
                awaddr <= aw_pos;
                awlen <= (burst_end(aw_pos) - (aw_pos & ~(NB - 1)) + NB - 1) / NB - 1;
                awvalid <= 1'b1;
                aw_pos <= burst_end(aw_pos);
                bursts_issued <= bursts_issued + 1;
            end else begin
                awvalid <= 1'b0;
            end
        end
        if (!wvalid || wready) begin
            if (w_pos < last) begin
                wdata <= pattern(w_pos);
                wstrb <= lanes(w_pos);
                wlast <= w_pos + NB >= w_burst_end;
                wvalid <= 1'b1;
                w_pos <= w_pos + NB;
                if (w_pos + NB >= w_burst_end) begin
                    w_burst_end <= burst_end(w_burst_end);
                end
            end else begin
                wvalid <= 1'b0;
            end
        end
        if (bvalid) begin
            bresps <= bresps + 1;
            if (bresp != 2'b00) errors = errors + 1;
            if (bresps + 1 == bursts_issued && aw_pos >= last) wr_done <= 1'b1;
        end
    end
end

/*
 * Read: AR stream, R beats compared with the pattern
 */
reg        rd_go;
reg [31:0] ar_pos;
reg [31:0] r_pos;
reg [31:0] r_bursts;
reg [31:0] ar_bursts;
reg        rd_done;

always @(posedge clk) begin
    if (!rd_go) begin
        arvalid <= 1'b0;
        rd_done <= 1'b0;
        ar_pos <= first;
        r_pos <= first & ~(NB - 1);
        r_bursts <= 0;
        ar_bursts <= 0;
    end else begin
        if (!arvalid || arready) begin
            if (ar_pos < last) begin
                araddr <= ar_pos;
                arlen <= (burst_end(ar_pos) - (ar_pos & ~(NB - 1)) + NB - 1) / NB - 1;
                arvalid <= 1'b1;
                ar_pos <= burst_end(ar_pos);
                ar_bursts <= ar_bursts + 1;
            end else begin
                arvalid <= 1'b0;
            end
        end
        if (rvalid) begin
            if (((rdata ^ pattern(r_pos)) & mask(lanes(r_pos))) != 0 || rresp != 2'b00) begin
                errors = errors + 1;
            end
            r_pos <= r_pos + NB;
            if (rlast) begin
                r_bursts <= r_bursts + 1;
                if (r_bursts + 1 == ar_bursts && ar_pos >= last) rd_done <= 1'b1;
            end
        end
    end
end

function [DATA_WIDTH-1:0] mask(input [NB-1:0] strb);
    integer i;
    begin
        if (&strb) begin
            mask = {DATA_WIDTH{1'b1}};
        end else begin
            for (i = 0; i < NB; i = i + 1) begin
                mask[8*i +: 8] = {8{strb[i]}};
            end
        end
    end
endfunction

/*
 * Sequence
 */
reg [31:0] t0;
reg [31:0] cycle;
always @(posedge clk) cycle <= cycle + 1;

initial begin
    cycle = 0;
    errors = 0;
    twist = 0;
    wr_go = 1'b0;
    rd_go = 1'b0;
    awvalid = 1'b0;
    wvalid = 1'b0;
    arvalid = 1'b0;
    if (!$value$plusargs("bytes=%d", nbytes)) nbytes = 65536;
    if (!$value$plusargs("offset=%d", offset)) offset = 0;
    if (!$value$plusargs("reps=%d", reps)) reps = 1;
    write_only = $test$plusargs("write_only");
    if (offset < 0 || nbytes < 1 || offset + nbytes > RAM_BYTES) begin
        $display("BENCH error: +offset=%0d +bytes=%0d do not fit the %0d-byte window", offset, nbytes, RAM_BYTES);
        $finish;
    end
    first = BASE_ADDR + offset;
    last = first + nbytes;
    repeat (4) @(posedge clk);
    rst = 1'b0;
    @(posedge clk);
    // control changes at the falling edge: no race with the masters sampling at the rising one
    for (rep = 0; rep < reps; rep = rep + 1) begin
        @(negedge clk);
        twist = rep;
        t0 = cycle;
        wr_go = 1'b1;
        @(posedge clk);
        while (!wr_done) @(posedge clk);
        $display("BENCH op=write bytes=%0d offset=%0d beats=%0d cycles=%0d errors=%0d",
                 nbytes, offset, (last - (first & ~(NB - 1)) + NB - 1) / NB, cycle - t0, errors);
        @(negedge clk);
        wr_go = 1'b0;
        @(negedge clk);
        if (!write_only) begin
            t0 = cycle;
            rd_go = 1'b1;
            @(posedge clk);
            while (!rd_done) @(posedge clk);
            $display("BENCH op=read bytes=%0d offset=%0d beats=%0d cycles=%0d errors=%0d",
                     nbytes, offset, (last - (first & ~(NB - 1)) + NB - 1) / NB, cycle - t0, errors);
            @(negedge clk);
            rd_go = 1'b0;
            @(negedge clk);
        end
    end
    $display("BENCH done errors=%0d", errors);
    $finish;
end

endmodule

`default_nettype wire
