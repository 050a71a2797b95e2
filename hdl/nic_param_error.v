/*
 * nic_param_error
 *
 * Refuses an illegal parameter at elaboration, with a message that names
 * the parameter, its value and what is allowed.  A top instantiates it only
 * inside the generate branch of a failed check, named after the rule:
 *
 *   if (!(DATA_WIDTH == 8 || ...)) begin : g_bad_data_width
 *       nic_param_error #(.TOP("nic_shared_ram"), .NAME("DATA_WIDTH"),
 *           .VALUE(DATA_WIDTH), .ALLOWED("8, 16, 32, 64 or 128"))
 *           DATA_WIDTH_must_be_8_16_32_64_or_128 ();
 *   end
 *
 * Verilog-2005 has no elaboration-time $error, so two constructs make the
 * elaboration fail, one for each kind of elaborator:
 *   - a localparam computed by a constant function that prints the message
 *     ($display) and calls $finish: Verilator evaluates it while
 *     elaborating, prints the message and stops with an error ("can't
 *     determine constant");
 *   - a reference to a generate block that does not exist, made from inside
 *     a generate scope indexed by the value (value_is[V], and limit_is[L]
 *     with a limit): Icarus stops with "Unable to bind ... in
 *     `<top>.<check>.<rule instance>.value_is[V]'", so its message carries
 *     the rule (the instance name) and the value.
 * Icarus shows the value's low 31 bits (a generate index is an integer).
 * Yosys refuses the constant function ("unsupported language construct").
 * Nothing here is elaborated for legal parameters.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_param_error #(
    // the module whose parameter is refused
    parameter TOP = "nic_shared_ram",
    // the parameter
    parameter NAME = "DATA_WIDTH",
    // its value
    parameter [63:0] VALUE = 0,
    // what is allowed, in words; with HAS_LIMIT the limit follows it
    parameter ALLOWED = "8, 16, 32, 64 or 128",
    parameter HAS_LIMIT = 0,
    parameter [63:0] LIMIT = 0
) ();

localparam integer VALUE_INDEX = VALUE[30:0];
localparam integer LIMIT_INDEX = LIMIT[30:0];

function integer refuse;
    input [63:0] value;
    begin
        if (HAS_LIMIT != 0) begin
            $display("%0s: %0s = %0d (0x%0h) is not allowed; allowed: %0s %0d",
                     TOP, NAME, value, value, ALLOWED, LIMIT);
        end else begin
            $display("%0s: %0s = %0d (0x%0h) is not allowed; allowed: %0s",
                     TOP, NAME, value, value, ALLOWED);
        end
        $finish;
        refuse = 0;
    end
endfunction

genvar k;
genvar v;
genvar l;

generate
    for (k = 0; k < 1; k = k + 1) begin : nothing
        wire here = 1'b0;
    end
    for (v = VALUE_INDEX; v == VALUE_INDEX; v = v + 1) begin : value_is
        localparam integer STOP = refuse(VALUE);
        if (HAS_LIMIT != 0) begin : g_limit
            for (l = LIMIT_INDEX; l == LIMIT_INDEX; l = l + 1) begin : limit_is
                wire refused = nothing[l + 1].here;
            end
        end else begin : g_plain
            wire refused = nothing[v + 1].here;
        end
    end
endgenerate

endmodule

`default_nettype wire
