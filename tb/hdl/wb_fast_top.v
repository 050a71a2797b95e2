/*
 * wb_fast_top
 *
 * Simulation toplevel around nic_shared_ram_wb (instance u_ram) that serves
 * both Wishbone host engines from one build, as nic_fast_top does for AXI:
 *
 *   x_sel = 0  the s_wb_* ports of this module drive the RAM: the
 *              pin-level Python master connects to them exactly as to
 *              nic_shared_ram_wb itself;
 *   x_sel = 1  the transactor u_xactor (wb_xactor) drives it from its
 *              command x_cmd.
 *
 * x_sel, x_cmd, x_log_en and x_inject_at are registers of this module (0 from
 * time 0), written by the testbench through the hierarchy; x_ev and x_stat
 * are the transactor's event and status.  x_sel must be set before the
 * first clock edge and held.
 *
 * The port between the selected engine and the RAM is the set of wires
 * p_wb_* (named as the RAM's s_wb_* ports): a protocol monitor watches
 * them under either engine.  x_inject_at (fault injection for tests):
 * when not 0, a spurious ERR is ORed into p_wb_err in the cycle where
 * x_cycle equals it (the engine and the monitors see it, the RAM does not
 * send it), so a test can place it inside a call that runs with no
 * Python wakeup.
 *
 * Clock: clk drives everything, unless the simulation is started with the
 * plusarg +fast_clock: then a clock generated here (period CLK_PERIOD_NS)
 * does, and clk is ignored.  clk_core is the clock in use; x_cycle counts
 * its rising edges.
 *
 * Recorder: from the first edge after the testbench sets x_log_en, every
 * rising edge appends the port as the slave saw it there to LOG_FILE, one
 * line: "<time ns> <rst> <cyc> <stb> <we> <adr> <sel> <cti> <bte> <stall>
 * <ack> <err> <dat_i> <dat_o>" in hex (X/Z bits print as x/z), which
 * tb.bus_protocol.RecordedBusChecker feeds to the same rules.
 */

`timescale 1ns / 1ps
`default_nettype none

module wb_fast_top #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter RAM_BYTES = 16384,
    parameter [ADDR_WIDTH-1:0] BASE_ADDR = 'h000D_0000,
    parameter CLK_PERIOD_NS = 10,
    parameter LOG_FILE = "wb_port.log"
) (
    input  wire                                           clk,
    input  wire                                           rst,

    /*
     * Wishbone slave, as on nic_shared_ram_wb (used when x_sel = 0)
     */
    input  wire [ADDR_WIDTH-1:0]                          s_wb_adr,
    input  wire [DATA_WIDTH-1:0]                          s_wb_dat_i,
    output wire [DATA_WIDTH-1:0]                          s_wb_dat_o,
    input  wire                                           s_wb_we,
    input  wire [DATA_WIDTH/8-1:0]                        s_wb_sel,
    input  wire                                           s_wb_stb,
    input  wire                                           s_wb_cyc,
    input  wire [2:0]                                     s_wb_cti,
    input  wire [1:0]                                     s_wb_bte,
    output wire                                           s_wb_ack,
    output wire                                           s_wb_err,
    output wire                                           s_wb_stall,

    /*
     * NIC port, as on nic_shared_ram_wb
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
 * The port: the selected engine's outputs, the RAM's answers (and the injected ERR)
 */
wire [ADDR_WIDTH-1:0]   t_adr;
wire [DATA_WIDTH-1:0]   t_dat;
wire                    t_we;
wire [DATA_WIDTH/8-1:0] t_sel;
wire                    t_stb;
wire                    t_cyc;
wire [2:0]              t_cti;
wire [1:0]              t_bte;
wire                    r_err;

wire [ADDR_WIDTH-1:0]   p_wb_adr = x_sel ? t_adr : s_wb_adr;
wire [DATA_WIDTH-1:0]   p_wb_dat_i = x_sel ? t_dat : s_wb_dat_i;
wire                    p_wb_we = x_sel ? t_we : s_wb_we;
wire [DATA_WIDTH/8-1:0] p_wb_sel = x_sel ? t_sel : s_wb_sel;
wire                    p_wb_stb = x_sel ? t_stb : s_wb_stb;
wire                    p_wb_cyc = x_sel ? t_cyc : s_wb_cyc;
wire [2:0]              p_wb_cti = x_sel ? t_cti : s_wb_cti;
wire [1:0]              p_wb_bte = x_sel ? t_bte : s_wb_bte;
wire [DATA_WIDTH-1:0]   p_wb_dat_o;
wire                    p_wb_ack;
wire                    p_wb_err = r_err || (x_inject_at != 32'd0 && x_cycle == x_inject_at);
wire                    p_wb_stall;

assign s_wb_dat_o = p_wb_dat_o;
assign s_wb_ack = p_wb_ack;
assign s_wb_err = p_wb_err;
assign s_wb_stall = p_wb_stall;

/*
 * Transactor
 */
wb_xactor #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .CMD_WIDTH(CMD_WIDTH)
) u_xactor (
    .clk(clk_core),
    .rst(rst),
    .cmd(x_cmd),
    .ev(x_ev),
    .stat(x_stat),
    .m_wb_adr(t_adr),
    .m_wb_dat_o(t_dat),
    .m_wb_dat_i(p_wb_dat_o),
    .m_wb_we(t_we),
    .m_wb_sel(t_sel),
    .m_wb_stb(t_stb),
    .m_wb_cyc(t_cyc),
    .m_wb_cti(t_cti),
    .m_wb_bte(t_bte),
    .m_wb_ack(p_wb_ack),
    .m_wb_err(p_wb_err),
    .m_wb_stall(p_wb_stall)
);

/*
 * The RAM, driven by the selected engine
 */
nic_shared_ram_wb #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .RAM_BYTES(RAM_BYTES),
    .BASE_ADDR(BASE_ADDR)
) u_ram (
    .clk(clk_core),
    .rst(rst),
    .s_wb_adr(p_wb_adr),
    .s_wb_dat_i(p_wb_dat_i),
    .s_wb_dat_o(p_wb_dat_o),
    .s_wb_we(p_wb_we),
    .s_wb_sel(p_wb_sel),
    .s_wb_stb(p_wb_stb),
    .s_wb_cyc(p_wb_cyc),
    .s_wb_cti(p_wb_cti),
    .s_wb_bte(p_wb_bte),
    .s_wb_ack(p_wb_ack),
    .s_wb_err(r_err),
    .s_wb_stall(p_wb_stall),
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
        $fwrite(flog, "%0d %h %h %h %h %h %h %h %h %h %h %h %h %h\n", $time, rst, p_wb_cyc, p_wb_stb, p_wb_we,
                p_wb_adr, p_wb_sel, p_wb_cti, p_wb_bte, p_wb_stall, p_wb_ack, p_wb_err, p_wb_dat_i, p_wb_dat_o);
        $fflush(flog);
    end
end

endmodule

`default_nettype wire
