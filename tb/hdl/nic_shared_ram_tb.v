/*
 * nic_shared_ram_tb
 *
 * Self-checking smoke test of nic_shared_ram in plain Verilog (no Python), for flows that
 * run a Verilog testbench directly (the FuseSoC "sim" target). It writes four back-to-back
 * INCR bursts, reads them back, checks every word, checks that a burst outside the window
 * gets DECERR and changes nothing, and that the NIC port reads what the host wrote.
 * Prints "PASS" or "FAIL: ..." and finishes.
 *
 * Stimulus is applied on the falling edge and sampled on the rising edge, so it is
 * race-free on every simulator.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_shared_ram_tb;

    localparam DATA_WIDTH = 32;
    localparam STRB_WIDTH = DATA_WIDTH / 8;
    localparam RAM_BYTES = 4096;
    localparam [31:0] BASE_ADDR = 32'h000D_0000;
    localparam NIC_AW = 10;
    localparam BEATS = 16;
    localparam BURSTS = 4;

    reg clk = 1'b0;
    reg rst = 1'b1;
    always #5 clk = ~clk;

    reg  [7:0]            awid = 8'd0;
    reg  [31:0]           awaddr = 32'd0;
    reg  [7:0]            awlen = 8'd0;
    reg  [2:0]            awsize = 3'd0;
    reg  [1:0]            awburst = 2'd1;
    reg                   awvalid = 1'b0;
    wire                  awready;
    reg  [DATA_WIDTH-1:0] wdata = {DATA_WIDTH{1'b0}};
    reg  [STRB_WIDTH-1:0] wstrb = {STRB_WIDTH{1'b0}};
    reg                   wlast = 1'b0;
    reg                   wvalid = 1'b0;
    wire                  wready;
    wire [7:0]            bid;
    wire [1:0]            bresp;
    wire                  bvalid;
    reg                   bready = 1'b1;
    reg  [7:0]            arid = 8'd0;
    reg  [31:0]           araddr = 32'd0;
    reg  [7:0]            arlen = 8'd0;
    reg  [2:0]            arsize = 3'd0;
    reg  [1:0]            arburst = 2'd1;
    reg                   arvalid = 1'b0;
    wire                  arready;
    wire [7:0]            rid;
    wire [DATA_WIDTH-1:0] rdata;
    wire [1:0]            rresp;
    wire                  rlast;
    wire                  rvalid;
    reg                   rready = 1'b1;
    reg                   nic_en = 1'b0;
    reg  [NIC_AW-1:0]     nic_addr = {NIC_AW{1'b0}};
    wire [DATA_WIDTH-1:0] nic_rdata;

    nic_shared_ram #(
        .DATA_WIDTH(DATA_WIDTH),
        .RAM_BYTES(RAM_BYTES),
        .BASE_ADDR(BASE_ADDR)
    ) dut (
        .clk(clk), .rst(rst),
        .s_axi_awid(awid), .s_axi_awaddr(awaddr), .s_axi_awlen(awlen), .s_axi_awsize(awsize),
        .s_axi_awburst(awburst), .s_axi_awlock(1'b0), .s_axi_awcache(4'd0), .s_axi_awprot(3'd0),
        .s_axi_awvalid(awvalid), .s_axi_awready(awready),
        .s_axi_wdata(wdata), .s_axi_wstrb(wstrb), .s_axi_wlast(wlast), .s_axi_wvalid(wvalid), .s_axi_wready(wready),
        .s_axi_bid(bid), .s_axi_bresp(bresp), .s_axi_bvalid(bvalid), .s_axi_bready(bready),
        .s_axi_arid(arid), .s_axi_araddr(araddr), .s_axi_arlen(arlen), .s_axi_arsize(arsize),
        .s_axi_arburst(arburst), .s_axi_arlock(1'b0), .s_axi_arcache(4'd0), .s_axi_arprot(3'd0),
        .s_axi_arvalid(arvalid), .s_axi_arready(arready),
        .s_axi_rid(rid), .s_axi_rdata(rdata), .s_axi_rresp(rresp), .s_axi_rlast(rlast),
        .s_axi_rvalid(rvalid), .s_axi_rready(rready),
        .nic_en(nic_en), .nic_we({STRB_WIDTH{1'b0}}), .nic_addr(nic_addr),
        .nic_wdata({DATA_WIDTH{1'b0}}), .nic_rdata(nic_rdata)
    );

    integer errors = 0;
    integer i;
    integer k;

    function [DATA_WIDTH-1:0] pattern(input [31:0] addr);
        pattern = addr * 32'h9E37_79B1 ^ 32'h5A5A_0F0F;
    endfunction

    // Write `len` beats from `addr` with the address pattern; return BRESP.
    task write_burst(input [31:0] addr, input [7:0] len, output [1:0] resp);
        integer beat;
        begin
            @(negedge clk);
            awaddr = addr; awlen = len; awsize = 3'd2; awburst = 2'd1; awvalid = 1'b1;
            @(posedge clk); while (!awready) @(posedge clk);
            @(negedge clk); awvalid = 1'b0;
            for (beat = 0; beat <= len; beat = beat + 1) begin
                wdata = pattern(addr + beat * STRB_WIDTH); wstrb = {STRB_WIDTH{1'b1}};
                wlast = (beat == len); wvalid = 1'b1;
                @(posedge clk); while (!wready) @(posedge clk);
                @(negedge clk);
            end
            wvalid = 1'b0; wlast = 1'b0;
            @(posedge clk); while (!bvalid) @(posedge clk);
            resp = bresp;
        end
    endtask

    // Read `len` beats from `addr`; count words that differ from `expect_pattern` (or from 0).
    task read_burst(input [31:0] addr, input [7:0] len, input expect_pattern, output [1:0] resp);
        integer beat;
        begin
            @(negedge clk);
            araddr = addr; arlen = len; arsize = 3'd2; arburst = 2'd1; arvalid = 1'b1;
            @(posedge clk); while (!arready) @(posedge clk);
            @(negedge clk); arvalid = 1'b0;
            for (beat = 0; beat <= len; beat = beat + 1) begin
                @(posedge clk); while (!rvalid) @(posedge clk);
                if (rdata !== (expect_pattern ? pattern(addr + beat * STRB_WIDTH) : {DATA_WIDTH{1'b0}})) begin
                    $display("FAIL: read 0x%08x beat %0d: 0x%08x", addr, beat, rdata);
                    errors = errors + 1;
                end
                if (rlast !== (beat == len)) begin
                    $display("FAIL: RLAST=%b on beat %0d of %0d", rlast, beat, len + 1);
                    errors = errors + 1;
                end
            end
            resp = rresp;
        end
    endtask

    reg [1:0] resp;

    initial begin
        repeat (4) @(posedge clk);
        @(negedge clk) rst = 1'b0;

        for (i = 0; i < BURSTS; i = i + 1) begin
            write_burst(BASE_ADDR + i * BEATS * STRB_WIDTH, BEATS - 1, resp);
            if (resp !== 2'b00) begin $display("FAIL: write burst %0d BRESP=%b", i, resp); errors = errors + 1; end
        end
        for (i = 0; i < BURSTS; i = i + 1) begin
            read_burst(BASE_ADDR + i * BEATS * STRB_WIDTH, BEATS - 1, 1'b1, resp);
            if (resp !== 2'b00) begin $display("FAIL: read burst %0d RRESP=%b", i, resp); errors = errors + 1; end
        end

        // A burst straddling the end of the window: DECERR, nothing written, reads return zeros.
        write_burst(BASE_ADDR + RAM_BYTES - 2 * STRB_WIDTH, 3, resp);
        if (resp !== 2'b11) begin $display("FAIL: straddling write BRESP=%b, expected DECERR", resp); errors = errors + 1; end
        read_burst(BASE_ADDR + RAM_BYTES - 2 * STRB_WIDTH, 1, 1'b0, resp);
        if (resp !== 2'b00) begin $display("FAIL: last two words RRESP=%b", resp); errors = errors + 1; end

        // The NIC port sees the host's words.
        for (k = 0; k < BEATS; k = k + 1) begin
            @(negedge clk); nic_en = 1'b1; nic_addr = k;
            @(negedge clk); nic_en = 1'b0;
            if (nic_rdata !== pattern(BASE_ADDR + k * STRB_WIDTH)) begin
                $display("FAIL: NIC port word %0d: 0x%08x", k, nic_rdata);
                errors = errors + 1;
            end
        end

        if (errors == 0) $display("PASS: nic_shared_ram_tb");
        else $display("FAIL: %0d errors", errors);
        $finish;
    end

    initial begin
        #200000;
        $display("FAIL: timeout");
        $finish;
    end

endmodule

`default_nettype wire
