/*
 * nic_remote_dma
 *
 * NE2000-style remote DMA: the host moves bytes between the adapter's RAM
 * and an I/O data port.  The engine holds the remote start address (RSAR,
 * the current address), the remote byte count (RBCR, the bytes left), the
 * command state and the completion bit RDC.
 *
 * Rules:
 *   - RCMD = 0x01 starts a remote read, 0x02 a remote write, any other
 *     value stops the transfer (RDC unchanged).  Starting with RBCR = 0
 *     sets RDC at once and leaves the engine idle.
 *   - Each data-port access moves one unit: a byte, or with word_mode a
 *     16-bit word whose low half is the byte at the current address and
 *     whose high half is the next byte.  Any start address is allowed.
 *   - Every byte moved advances RSAR by one and lowers RBCR by one.  When
 *     RBCR reaches 0 the engine sets RDC and goes idle.
 *   - Count exhaustion: bytes are moved only while a transfer of the
 *     access's direction is active with RBCR > 0.  Nothing else changes
 *     the RAM: a data-port write then drops its bytes, and a data-port
 *     read returns 0xFF for every byte it did not move.
 *   - Odd count in word mode: the word access that meets RBCR = 1 moves
 *     only its low byte (the high byte of a write is dropped, the high
 *     byte of a read is 0xFF), so no byte past the count changes.
 *   - End of RAM: RSAR keeps log2(RAM_BYTES) bits (higher bits are
 *     ignored on write and read as 0); the address after the last RAM
 *     byte is byte 0.
 *   - RISR: writing a 1 to bit 6 clears RDC; a start in the same write
 *     that sets RDC wins.
 *
 * Register writes arrive as lane enables of the register block's write
 * word: RSAR on lanes 1:0 and RBCR on lanes 3:2 (word 0x08), RCMD on lane
 * 0 and RISR on lane 1 (word 0x0C).  They are taken only between data-port
 * accesses.
 *
 * RAM access: one byte at a time through mem_* (byte address, byte data);
 * an access happens in a cycle with mem_req && mem_grant; read data is on
 * mem_rdata the cycle after.  A byte write takes one granted cycle, a byte
 * read two; port_done pulses for one cycle when the access is finished,
 * with port_rdata valid in that cycle.
 *
 * Reset is synchronous, active high: idle, RSAR = RBCR = 0, RDC = 0.  The
 * registers power on in the same state (initial values), before any reset.
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_remote_dma #(
    // storage size in bytes: power of two, at most 65536
    parameter RAM_BYTES = 16384
) (
    input  wire                         clk,
    input  wire                         rst,

    /*
     * Registers
     */
    input  wire [1:0]                   rsar_we,
    input  wire [1:0]                   rbcr_we,
    input  wire                         rcmd_we,
    input  wire                         risr_we,
    input  wire [31:0]                  reg_wdata,
    output wire [15:0]                  rsar,
    output wire [15:0]                  rbcr,
    output wire [1:0]                   rcmd,
    output wire                         rdc,

    /*
     * Data port
     */
    input  wire                         word_mode,
    input  wire                         port_valid,
    input  wire                         port_write,
    input  wire [15:0]                  port_wdata,
    output wire                         port_done,
    output wire [15:0]                  port_rdata,

    /*
     * RAM, one byte per access
     */
    output wire                         mem_req,
    output wire                         mem_we,
    output wire [$clog2(RAM_BYTES)-1:0] mem_addr,
    output wire [7:0]                   mem_wdata,
    input  wire                         mem_grant,
    input  wire [7:0]                   mem_rdata
);

localparam AW = $clog2(RAM_BYTES);

localparam [1:0] CMD_IDLE = 2'd0;
localparam [1:0] CMD_READ = 2'd1;
localparam [1:0] CMD_WRITE = 2'd2;

localparam RISR_RDC_BIT = 6;

// registers (power-on values = reset values, in the initial block below)
reg [1:0]    cmd_reg;
reg [AW-1:0] addr_reg;
reg [15:0]   count_reg;
reg          rdc_reg;

reg          busy_reg;      // a data-port access is being served
reg          byte_reg;      // which byte of the unit: 0 low, 1 high
reg          wait_reg;      // a RAM read is in flight
reg          done_reg;
reg [15:0]   rdata_reg;

initial begin
    cmd_reg = CMD_IDLE;
    addr_reg = {AW{1'b0}};
    count_reg = 16'd0;
    rdc_reg = 1'b0;
    busy_reg = 1'b0;
    byte_reg = 1'b0;
    wait_reg = 1'b0;
    done_reg = 1'b0;
    rdata_reg = 16'hFFFF;
end

wire [15:0] rsar_wide;

generate
    if (AW < 16) begin : g_narrow
        assign rsar_wide = {{(16 - AW){1'b0}}, addr_reg};
    end else begin : g_full
        assign rsar_wide = addr_reg;
    end
endgenerate

wire [15:0] rsar_merged = {rsar_we[1] ? reg_wdata[15:8] : rsar_wide[15:8],
                           rsar_we[0] ? reg_wdata[7:0] : rsar_wide[7:0]};
// address bits above the RAM are dropped
wire [AW-1:0] rsar_in = rsar_merged[AW-1:0];

wire [15:0] rbcr_in = {rbcr_we[1] ? reg_wdata[31:24] : count_reg[15:8],
                       rbcr_we[0] ? reg_wdata[23:16] : count_reg[7:0]};
wire [7:0]  rcmd_in = reg_wdata[7:0];
wire        rdc_clear = risr_we && reg_wdata[8 + RISR_RDC_BIT];

wire        last_byte = !word_mode || byte_reg;
wire        dir_active = port_write ? (cmd_reg == CMD_WRITE) : (cmd_reg == CMD_READ);
wire        moving = dir_active && (count_reg != 16'd0);
wire        step = busy_reg && !wait_reg && moving && mem_grant;
wire        skip = busy_reg && !wait_reg && !moving;

always @(posedge clk) begin
    done_reg <= 1'b0;

    if (rst) begin
        cmd_reg <= CMD_IDLE;
        addr_reg <= {AW{1'b0}};
        count_reg <= 16'd0;
        rdc_reg <= 1'b0;
        busy_reg <= 1'b0;
        byte_reg <= 1'b0;
        wait_reg <= 1'b0;
        rdata_reg <= 16'hFFFF;
    end else if (!busy_reg) begin
        addr_reg <= rsar_in;
        count_reg <= rbcr_in;
        if (rdc_clear) begin
            rdc_reg <= 1'b0;
        end
        if (rcmd_we) begin
            if ((rcmd_in == 8'h01 || rcmd_in == 8'h02) && rbcr_in == 16'd0) begin
                cmd_reg <= CMD_IDLE;
                rdc_reg <= 1'b1;
            end else if (rcmd_in == 8'h01) begin
                cmd_reg <= CMD_READ;
            end else if (rcmd_in == 8'h02) begin
                cmd_reg <= CMD_WRITE;
            end else begin
                cmd_reg <= CMD_IDLE;
            end
        end
        if (port_valid && !done_reg) begin
            busy_reg <= 1'b1;
            byte_reg <= 1'b0;
            rdata_reg <= 16'hFFFF;
        end
    end else if (wait_reg) begin
        // the byte read in the previous cycle
        wait_reg <= 1'b0;
        if (byte_reg) begin
            rdata_reg[15:8] <= mem_rdata;
        end else begin
            rdata_reg[7:0] <= mem_rdata;
        end
        if (last_byte) begin
            busy_reg <= 1'b0;
            done_reg <= 1'b1;
        end else begin
            byte_reg <= 1'b1;
        end
    end else if (step || skip) begin
        if (step) begin
            addr_reg <= addr_reg + 1'b1;
            count_reg <= count_reg - 16'd1;
            if (count_reg == 16'd1) begin
                cmd_reg <= CMD_IDLE;
                rdc_reg <= 1'b1;
            end
        end
        if (step && !port_write) begin
            wait_reg <= 1'b1;
        end else if (last_byte) begin
            busy_reg <= 1'b0;
            done_reg <= 1'b1;
        end else begin
            byte_reg <= 1'b1;
        end
    end
end

assign rsar = rsar_wide;

// register bits the engine does not keep
/* verilator lint_off UNUSED */
wire unused_ok = &{1'b0, rsar_merged, reg_wdata};
/* verilator lint_on UNUSED */
assign rbcr = count_reg;
assign rcmd = cmd_reg;
assign rdc = rdc_reg;

assign port_done = done_reg;
assign port_rdata = rdata_reg;

assign mem_req = busy_reg && !wait_reg && moving;
assign mem_we = port_write;
assign mem_addr = addr_reg;
assign mem_wdata = byte_reg ? port_wdata[15:8] : port_wdata[7:0];

endmodule

`default_nettype wire
