/*
 * xactor_edge.vh
 *
 * The head of a clocked process whose body does nothing at an edge where
 * the condition `wake` is low:
 *
 *   `XACTOR_POSEDGE(clk, wake) begin ... end
 *   `XACTOR_NEGEDGE(clk, wake) begin ... end
 *
 * Under Verilator this is `always @(posedge clk)` (or negedge): its
 * schedule is static, so a process that waits for a condition only costs
 * more.  Under an event-driven simulator (Icarus) it is
 * `always wait (wake) @(posedge clk)`: the process sleeps while wake is low
 * and is not woken by the clock at all, which costs nothing, where an
 * `always @(posedge clk) if (...)` is woken and runs its test at every edge.
 * Both run the body at exactly the same edges, given that (1) the body does
 * nothing at an edge where wake is low (wake may be high at an edge where
 * the body does nothing: it is only a bound), and (2) wake does not rise in
 * the same evaluation as the clock edge itself: it rises through the
 * design's nonblocking updates, or through a testbench write applied after
 * the edge's processes ran (cocotb applies a write made after an edge
 * trigger in the ReadWrite phase that follows) or between edges; under a
 * clock made in Verilog a testbench write never lands on the edge.  (A
 * Python clock written in the same ReadWrite batch as a command would break
 * it; the regression never writes both at once.)  After the body has run,
 * wake is evaluated before that edge's nonblocking updates; if it is high
 * then, the body runs at the next edge and tests its own conditions, as
 * always.  wake must not depend on signals that change at every edge while
 * the process is idle (a sleeping process is woken to re-evaluate wake
 * whenever one of its operands changes).  Where wake includes the reset,
 * it is `rst !== 1'b0`, so that a reset still unknown at the first edge
 * wakes the process as a known one would.
 */

`ifndef XACTOR_EDGE_VH
`define XACTOR_EDGE_VH

`ifdef VERILATOR
`define XACTOR_POSEDGE(clk, wake) always @(posedge clk)
`define XACTOR_NEGEDGE(clk, wake) always @(negedge clk)
`else
`define XACTOR_POSEDGE(clk, wake) always wait (wake) @(posedge clk)
`define XACTOR_NEGEDGE(clk, wake) always wait (wake) @(negedge clk)
`endif

`endif
