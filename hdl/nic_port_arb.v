/*
 * nic_port_arb
 *
 * Shares the storage's NIC port between the NIC's own logic (the nic_*
 * port, word wide) and the remote-DMA engine (one byte per access), as
 * the 8390's local and remote DMA share the adapter's local bus.
 *
 * Arbitration: the NIC port always wins.  The engine is granted in every
 * cycle in which nic_en is low; while nic_en stays high the engine waits.
 * The NIC port keeps the timing and rules of nic_shared_ram's NIC port:
 * nic_rdata is the word at nic_addr from before the edge, valid the cycle
 * after nic_en, and held while nic_en is low (engine accesses in between
 * do not disturb it).  An engine write is a NIC-port write, so it wins over
 * a host window write to the same byte in the same cycle.
 *
 * Engine side: byte address dma_addr; the byte travels on lane
 * dma_addr % (DATA_WIDTH/8) of the storage word; dma_rdata is the byte
 * read, the cycle after the grant.
 *
 * Reset is synchronous, active high (it only clears the read-hold state);
 * the registers power on with their reset values (zero).
 */

`timescale 1ns / 1ps
`default_nettype none

module nic_port_arb #(
    parameter DATA_WIDTH = 64,
    parameter RAM_BYTES = 16384
) (
    input  wire                                              clk,
    input  wire                                              rst,

    /*
     * NIC port (priority)
     */
    input  wire                                              nic_en,
    input  wire [DATA_WIDTH/8-1:0]                           nic_we,
    input  wire [$clog2(RAM_BYTES)-$clog2(DATA_WIDTH/8)-1:0] nic_addr,
    input  wire [DATA_WIDTH-1:0]                             nic_wdata,
    output wire [DATA_WIDTH-1:0]                             nic_rdata,

    /*
     * Remote-DMA engine, one byte per access
     */
    input  wire                                              dma_req,
    input  wire                                              dma_we,
    input  wire [$clog2(RAM_BYTES)-1:0]                      dma_addr,
    input  wire [7:0]                                        dma_wdata,
    output wire                                              dma_grant,
    output wire [7:0]                                        dma_rdata,

    /*
     * Storage NIC port
     */
    output wire                                              mem_en,
    output wire [DATA_WIDTH/8-1:0]                           mem_we,
    output wire [$clog2(RAM_BYTES)-$clog2(DATA_WIDTH/8)-1:0] mem_addr,
    output wire [DATA_WIDTH-1:0]                             mem_wdata,
    input  wire [DATA_WIDTH-1:0]                             mem_rdata
);

localparam STRB_WIDTH = DATA_WIDTH / 8;
localparam LANE_BITS = $clog2(STRB_WIDTH);
localparam AW = $clog2(RAM_BYTES);

// (power-on values = reset values: initial block below)
reg                  nic_rd_reg;    // the storage read data belongs to the NIC port
reg [DATA_WIDTH-1:0] nic_hold_reg;  // the NIC port's last read word

initial begin
    nic_rd_reg = 1'b0;
    nic_hold_reg = {DATA_WIDTH{1'b0}};
end

wire [STRB_WIDTH-1:0] dma_lane_mask;
wire [7:0]            dma_byte;

generate
    if (LANE_BITS == 0) begin : g_byte_bus
        assign dma_lane_mask = 1'b1;
        assign dma_byte = mem_rdata;
    end else begin : g_wide_bus
        reg [LANE_BITS-1:0] lane_reg;
        initial begin
            lane_reg = {LANE_BITS{1'b0}};
        end
        always @(posedge clk) begin
            if (dma_grant) begin
                lane_reg <= dma_addr[LANE_BITS-1:0];
            end
        end
        assign dma_lane_mask = {{(STRB_WIDTH - 1){1'b0}}, 1'b1} << dma_addr[LANE_BITS-1:0];
        assign dma_byte = mem_rdata[lane_reg*8 +: 8];
    end
endgenerate

always @(posedge clk) begin
    if (rst) begin
        nic_rd_reg <= 1'b0;
        nic_hold_reg <= {DATA_WIDTH{1'b0}};
    end else begin
        nic_rd_reg <= nic_en;
        if (nic_rd_reg) begin
            nic_hold_reg <= mem_rdata;
        end
    end
end

assign dma_grant = dma_req && !nic_en;
assign dma_rdata = dma_byte;

assign mem_en = nic_en || dma_req;
assign mem_we = nic_en ? nic_we : (dma_we ? dma_lane_mask : {STRB_WIDTH{1'b0}});
assign mem_addr = nic_en ? nic_addr : dma_addr[AW-1:LANE_BITS];
assign mem_wdata = nic_en ? nic_wdata : {STRB_WIDTH{dma_wdata}};

assign nic_rdata = nic_rd_reg ? mem_rdata : nic_hold_reg;

endmodule

`default_nettype wire
