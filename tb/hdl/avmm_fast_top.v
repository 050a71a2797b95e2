/*
 * avmm_fast_top
 *
 * Simulation toplevel around nic_shared_ram_avmm (instance u_ram) that
 * serves both Avalon-MM host engines from one build, as nic_fast_top does
 * for AXI:
 *
 *   x_sel = 0  the s_avmm_* ports of this module drive the RAM: the
 *              pin-level Python master connects to them exactly as to
 *              nic_shared_ram_avmm itself;
 *   x_sel = 1  the transactor u_xactor (avmm_xactor) drives it from its
 *              command x_cmd.
 *
 * x_sel, x_cmd, x_log_en and x_inject_at are registers of this module (0 from
 * time 0), written by the testbench through the hierarchy; x_ev and x_stat
 * are the transactor's event and status.  x_sel must be set before the
 * first clock edge and held.
 *
 * The port between the selected engine and the RAM is the set of wires
 * p_avmm_* (named as the RAM's s_avmm_* ports): a protocol monitor watches
 * them under either engine.  x_inject_at (fault injection for tests):
 * when not 0, a spurious readdatavalid is ORed into p_avmm_readdatavalid
 * in the cycle where x_cycle equals it (the engine and the monitors see
 * it, the RAM does not send it), so a test can place it inside a call that
 * runs with no Python wakeup.
 *
 * Clock: clk drives everything, unless the simulation is started with the
 * plusarg +fast_clock: then a clock generated here (period CLK_PERIOD_NS)
 * does, and clk is ignored.  clk_core is the clock in use; x_cycle counts
 * its rising edges.
 *
 * Recorder: from the first edge after the testbench sets x_log_en, every
 * rising edge appends the port as the slave saw it there to LOG_FILE, one
 * line: "<time ns> <rst> <read> <write> <address> <burstcount>
 * <byteenable> <writedata> <waitrequest> <readdatavalid>
 * <writeresponsevalid> <response>" in hex (X/Z bits print as x/z), which
 * tb.bus_protocol.RecordedBusChecker feeds to the same rules.
 */

`timescale 1ns / 1ps
`default_nettype none

module avmm_fast_top #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter RAM_BYTES = 16384,
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 'h000D_0000,
    parameter MAX_BURST = 64,
    parameter CLK_PERIOD_NS = 10,
    parameter LOG_FILE = "avmm_port.log"
) (
    input  wire                                           clk,
    input  wire                                           rst,

    /*
     * Avalon-MM slave, as on nic_shared_ram_avmm (used when x_sel = 0)
     */
    input  wire [ADDR_WIDTH-1:0]                          s_avmm_address,
    input  wire                                           s_avmm_read,
    input  wire                                           s_avmm_write,
    input  wire [DATA_WIDTH-1:0]                          s_avmm_writedata,
    input  wire [DATA_WIDTH/8-1:0]                        s_avmm_byteenable,
    input  wire [$clog2(MAX_BURST):0]                     s_avmm_burstcount,
    output wire                                           s_avmm_waitrequest,
    output wire [DATA_WIDTH-1:0]                          s_avmm_readdata,
    output wire                                           s_avmm_readdatavalid,
    output wire [1:0]                                     s_avmm_response,
    output wire                                           s_avmm_writeresponsevalid,

    /*
     * NIC port, as on nic_shared_ram_avmm
     */
    input  wire                                           nic_en,
    input  wire [DATA_WIDTH/8-1:0]                        nic_we,
    input  wire [$clog2(RAM_BYTES/(DATA_WIDTH/8))-1:0]    nic_addr,
    input  wire [DATA_WIDTH-1:0]                          nic_wdata,
    output wire [DATA_WIDTH-1:0]                          nic_rdata,

    output wire                                           clk_core
);

// x_sel, x_cmd, x_log_en, x_inject_at, x_ev, x_stat, the clock and x_cycle, the recorder's file
`include "xactor_wrapper.vh"

/*
 * The port: the selected engine's outputs, the RAM's answers (and the injected readdatavalid)
 */
localparam BW = $clog2(MAX_BURST) + 1;

wire [ADDR_WIDTH-1:0]   t_address;
wire                    t_read;
wire                    t_write;
wire [DATA_WIDTH-1:0]   t_writedata;
wire [DATA_WIDTH/8-1:0] t_byteenable;
wire [BW-1:0]           t_burstcount;
wire                    r_readdatavalid;

wire [ADDR_WIDTH-1:0]   p_avmm_address = x_sel ? t_address : s_avmm_address;
wire                    p_avmm_read = x_sel ? t_read : s_avmm_read;
wire                    p_avmm_write = x_sel ? t_write : s_avmm_write;
wire [DATA_WIDTH-1:0]   p_avmm_writedata = x_sel ? t_writedata : s_avmm_writedata;
wire [DATA_WIDTH/8-1:0] p_avmm_byteenable = x_sel ? t_byteenable : s_avmm_byteenable;
wire [BW-1:0]           p_avmm_burstcount = x_sel ? t_burstcount : s_avmm_burstcount;
wire                    p_avmm_waitrequest;
wire [DATA_WIDTH-1:0]   p_avmm_readdata;
wire                    p_avmm_readdatavalid = r_readdatavalid || (x_inject_at != 32'd0 && x_cycle == x_inject_at);
wire [1:0]              p_avmm_response;
wire                    p_avmm_writeresponsevalid;

assign s_avmm_waitrequest = p_avmm_waitrequest;
assign s_avmm_readdata = p_avmm_readdata;
assign s_avmm_readdatavalid = p_avmm_readdatavalid;
assign s_avmm_response = p_avmm_response;
assign s_avmm_writeresponsevalid = p_avmm_writeresponsevalid;

/*
 * Transactor
 */
avmm_xactor #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .BURST_WIDTH(BW),
    .CMD_WIDTH(CMD_WIDTH)
) u_xactor (
    .clk(clk_core),
    .rst(rst),
    .cmd(x_cmd),
    .ev(x_ev),
    .stat(x_stat),
    .m_avmm_address(t_address),
    .m_avmm_read(t_read),
    .m_avmm_write(t_write),
    .m_avmm_writedata(t_writedata),
    .m_avmm_byteenable(t_byteenable),
    .m_avmm_burstcount(t_burstcount),
    .m_avmm_waitrequest(p_avmm_waitrequest),
    .m_avmm_readdata(p_avmm_readdata),
    .m_avmm_readdatavalid(p_avmm_readdatavalid),
    .m_avmm_response(p_avmm_response),
    .m_avmm_writeresponsevalid(p_avmm_writeresponsevalid)
);

/*
 * The RAM, driven by the selected engine
 */
nic_shared_ram_avmm #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .RAM_BYTES(RAM_BYTES),
    .BASE_ADDR(BASE_ADDR),
    .MAX_BURST(MAX_BURST)
) u_ram (
    .clk(clk_core),
    .rst(rst),
    .s_avmm_address(p_avmm_address),
    .s_avmm_read(p_avmm_read),
    .s_avmm_write(p_avmm_write),
    .s_avmm_writedata(p_avmm_writedata),
    .s_avmm_byteenable(p_avmm_byteenable),
    .s_avmm_burstcount(p_avmm_burstcount),
    .s_avmm_waitrequest(p_avmm_waitrequest),
    .s_avmm_readdata(p_avmm_readdata),
    .s_avmm_readdatavalid(r_readdatavalid),
    .s_avmm_response(p_avmm_response),
    .s_avmm_writeresponsevalid(p_avmm_writeresponsevalid),
    .nic_en(nic_en),
    .nic_we(nic_we),
    .nic_addr(nic_addr),
    .nic_wdata(nic_wdata),
    .nic_rdata(nic_rdata)
);

/*
 * The recorder of the port (off until the testbench sets x_log_en)
 */
always @(posedge clk_core) begin
    if (x_log_en) begin
        if (flog == 0) begin
            flog = $fopen(LOG_FILE, "w");
        end
        $fwrite(flog, "%0d %h %h %h %h %h %h %h %h %h %h %h\n", $time, rst, p_avmm_read, p_avmm_write,
                p_avmm_address, p_avmm_burstcount, p_avmm_byteenable, p_avmm_writedata, p_avmm_waitrequest,
                p_avmm_readdatavalid, p_avmm_writeresponsevalid, p_avmm_response);
        $fflush(flog);
    end
end

endmodule

`default_nettype wire
