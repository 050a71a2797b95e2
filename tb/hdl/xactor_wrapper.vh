/*
 * xactor_wrapper.vh
 *
 * What the request transactors' wrappers (wb_fast_top, avmm_fast_top)
 * share, included in the body of each after its ports: the registers the
 * testbench writes through the hierarchy (x_sel, x_cmd, x_log_en,
 * x_inject_at; 0 from time 0), the transactor's event and status (x_ev,
 * x_stat), the clock (xactor_clock: clk_core, x_cycle) and the port
 * recorder's file flog (opened at the recorder's first enabled edge).
 * The includer declares parameters DATA_WIDTH and CLK_PERIOD_NS and ports
 * clk and clk_core.
 */

localparam CMD_WIDTH = 234 + DATA_WIDTH;

reg                  x_sel;
reg [CMD_WIDTH-1:0]  x_cmd;
reg                  x_log_en;
reg [31:0]           x_inject_at;
wire [31:0]          x_cycle;
/* verilator lint_off UNUSEDSIGNAL */
wire [7:0]           x_ev;            // read by the testbench through the hierarchy
wire [127:0]         x_stat;
/* verilator lint_on UNUSEDSIGNAL */
integer              flog;

initial begin
    x_sel = 1'b0;
    x_cmd = {CMD_WIDTH{1'b0}};
    x_log_en = 1'b0;
    x_inject_at = 32'd0;
    flog = 0;
end

/*
 * Clock: clk, or the one made here under +fast_clock; x_cycle counts its rising edges
 */
/* verilator lint_off PINCONNECTEMPTY */
xactor_clock #(
    .CLK_PERIOD_NS(CLK_PERIOD_NS)
) u_clock (
    .clk(clk),
    .clk_core(clk_core),
    .fast_clock(),
    .cycle(x_cycle)
);
/* verilator lint_on PINCONNECTEMPTY */
