/*
 * axi_burst_xactor
 *
 * Test-only AXI4 master that executes whole bursts handed to it by the
 * testbench: one wide command per burst (address, AxLEN, AxSIZE, AxBURST,
 * ID, the data and strobes of up to MAX_BEATS beats as one vector each), so
 * the testbench wakes once per burst instead of once per clock.  It makes
 * the same cycle-by-cycle decisions as the Python pin-level master
 * tb.axi_master.AxiMaster, so both produce identical bus traffic:
 *
 *   - AW and W are pipelined: the next burst's address is presented while
 *     the current burst's data streams; W beats of a burst may start in the
 *     cycle its AW is presented; with the slave ready, beats go back to back
 *     within and between bursts.  The same holds for AR.
 *   - At most MAX_OUT (cfg input) bursts between address handshake and
 *     response (writes: AW to B; reads: AR to the last R beat).
 *   - Master pacing: each channel may take a stream of decisions, one bit
 *     per opportunity (1 = idle), appended CHUNK bits at a time.  A decision
 *     is consumed exactly where the Python master calls its pacing hook:
 *     AW/AR when a new address could be presented, W when a new beat could
 *     be presented, B/R (READY held low) every cycle of a call.
 *   - Responses are checked: B/R ID against the call's ID, no response
 *     without an outstanding burst, RLAST on exactly the last beat, RDATA
 *     not X.  A channel quiet for more than TIMEOUT (cfg input) cycles ends
 *     the call with a timeout.  Any failure ends the call with an error
 *     code and drops every VALID.
 *
 * Command port (one per direction): a command is new when its sequence
 * number differs from the last one taken; it is taken at the next clock
 * edge.  A command may carry a burst (the start of a call, its last burst,
 * pacing enables) and/or one chunk per pacing stream.  The testbench only
 * sends a burst when a slot is free and a chunk when it fits (the status
 * says both); the transactor reports a misuse as an error.
 *
 * Timing: the AXI outputs are combinational from the state registers and
 * the command inputs, so a command written right after a clock edge drives
 * the bus for the next edge, exactly as the pin-level master's writes do.
 * All state changes at the rising edge of clk.
 *
 * Status: ev changes (at the falling edge after it) at every rising edge
 * at which something the testbench waits for happened, and stat is updated
 * with it (a command taken, a burst slot freed, a read result ready,
 * a call finished, a pacing stream with room for a chunk, an error); the
 * stat vectors say what.
 */

`timescale 1ns / 1ps
`default_nettype none

/*
 * axi_xactor_decisions: one pacing stream.  Holds up to DEPTH decisions;
 * a chunk is appended (bit 0 first) at the edge after in_en; one decision
 * is consumed at each edge with take.  idle is the decision of this cycle,
 * taken from the chunk being appended when the stream is empty.
 */
module axi_xactor_decisions #(
    parameter CHUNK = 64,
    parameter DEPTH = 256,
    parameter LW = 9
) (
    input  wire             clk,
    input  wire             rst,
    input  wire             in_en,
    input  wire [CHUNK-1:0] in_chunk,
    input  wire             take,
    output wire             avail,
    output wire             idle,
    output wire [LW-1:0]    level,
    output wire             room,
    output wire             overflow
);

reg [DEPTH-1:0]       bits_q;
reg [LW-1:0]          level_q;
reg [DEPTH+CHUNK-1:0] merged;

localparam [LW-1:0] CHUNK_L = CHUNK;

assign avail = (level_q != {LW{1'b0}}) || in_en;
assign idle = (level_q != {LW{1'b0}}) ? bits_q[0] : (in_en && in_chunk[0]);
assign level = level_q;
assign room = level_q <= DEPTH - CHUNK;
assign overflow = in_en && !room;

initial begin
    bits_q = {DEPTH{1'b0}};
    level_q = {LW{1'b0}};
end

always @(posedge clk) begin
    if (rst) begin
        bits_q <= {DEPTH{1'b0}};
        level_q <= {LW{1'b0}};
    end else if (in_en || take) begin
        merged = {{CHUNK{1'b0}}, bits_q};
        if (in_en && room) begin
            merged = merged | ({{DEPTH{1'b0}}, in_chunk} << level_q);
        end
        if (take && avail) begin
            merged = merged >> 1;
        end
        bits_q <= merged[DEPTH-1:0];
        level_q <= level_q + ((in_en && room) ? CHUNK_L : {LW{1'b0}})
                           - ((take && avail) ? {{(LW-1){1'b0}}, 1'b1} : {LW{1'b0}});
    end
end

endmodule

/*
 * axi_xactor_wr: the write half (AW, W, B).
 *
 * cmd layout: [7:0] seq, [8] start of call, [9] carries a burst, [10] last
 * burst of the call, [13:11] pacing on for AW/W/B (with start), [16:14]
 * chunk present for AW/W/B, [24:17] AWLEN, [27:25] AWSIZE, [29:28]
 * AWBURST, [30 +: ID_WIDTH] AWID (with start: the call's ID), then AWADDR,
 * then 16 bits: how many more bursts of the call come from the stream file
 * (with start only; see below).
 * data/strb: beat k in [k*DATA_WIDTH +: DATA_WIDTH] / [k*STRB +: STRB].
 * cfg: [7:0] MAX_OUT, [39:8] TIMEOUT.
 *
 * Streamed calls: a start command with a stream count N > 0 carries the
 * call's first burst as usual; its other N bursts are read from the file
 * STREAM_FILE (opened at that edge, closed after the last of them), one at
 * every edge with a free slot.  That is never later than a command could
 * have brought the burst, so the bus traffic is the same as when every
 * burst comes as a command.  The file holds one record per burst: 16 bytes
 * of descriptor (big-endian: [127:64] AWADDR, [63:56] AWLEN, [55:53]
 * AWSIZE, [52:51] AWBURST), then MAX_BEATS*(DATA_WIDTH+STRB)/8 bytes read
 * as one big-endian number: beat k's strobes at bit MAX_BEATS*DATA_WIDTH +
 * k*STRB, its data at bit k*DATA_WIDTH, zero beyond AWLEN (so the whole
 * record is one read on every simulator).  During a streamed call the
 * testbench is woken only for what it must see: the call's end, an error,
 * a pacing stream with room, and every RLOG/2 responses (so that resp_log
 * never wraps unread).  A record that cannot be read whole ends the stream:
 * the bursts already taken finish on the bus as usual, then the call ends
 * with ERR_STREAM (err_id: the number of bursts the file still owed, low
 * bits).  Icarus reads the file with $fread; Verilator, whose $fread costs
 * a library call per byte, with the DPI-C reader in axi_xactor_stream.c
 * (compiled into the model).
 *
 * stat: [7:0] last seq taken, [15:8] free slots, [23:16] calls finished,
 * [39:24] responses in the call, [43:40] error, [55:48] offending ID (on
 * reset: the beat the current burst had reached),
 * [64 +: 3*LW] pacing levels AW/W/B, [127:96] cycles of the call,
 * [159:128] AW handshakes, [175:160] bursts whose data is done, [183:176]
 * beat of the current burst, [215:184] cycle of the first W handshake,
 * [247:216] cycle of the last one.  resp_log: BRESP of response i at
 * [2*(i % RLOG) +: 2].
 */
module axi_xactor_wr #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter ID_WIDTH = 8,
    parameter MAX_BEATS = 256,
    parameter SLOTS = 4,
    parameter CHUNK = 64,
    parameter DEPTH = 256,
    parameter RLOG = 256,
    parameter CMD_WIDTH = 46 + ID_WIDTH + ADDR_WIDTH,
    parameter STREAM_FILE = "axi_xactor_wr.stream"
) (
    input  wire                              clk,
    input  wire                              rst,

    /*
     * Commands and status
     */
    input  wire [CMD_WIDTH-1:0]              cmd,
    input  wire [MAX_BEATS*DATA_WIDTH-1:0]   cmd_data,
    input  wire [MAX_BEATS*DATA_WIDTH/8-1:0] cmd_strb,
    input  wire [3*CHUNK-1:0]                cmd_chunks,
    input  wire [39:0]                       cfg,
    output reg  [7:0]                        ev,
    output reg  [255:0]                      stat,
    output reg  [2*RLOG-1:0]                 resp_log,

    /*
     * AXI4 master: AW, W, B
     */
    output wire [ID_WIDTH-1:0]               m_axi_awid,
    output wire [ADDR_WIDTH-1:0]             m_axi_awaddr,
    output wire [7:0]                        m_axi_awlen,
    output wire [2:0]                        m_axi_awsize,
    output wire [1:0]                        m_axi_awburst,
    output wire                              m_axi_awvalid,
    input  wire                              m_axi_awready,
    output wire [DATA_WIDTH-1:0]             m_axi_wdata,
    output wire [DATA_WIDTH/8-1:0]           m_axi_wstrb,
    output wire                              m_axi_wlast,
    output wire                              m_axi_wvalid,
    input  wire                              m_axi_wready,
    input  wire [ID_WIDTH-1:0]               m_axi_bid,
    input  wire [1:0]                        m_axi_bresp,
    input  wire                              m_axi_bvalid,
    output wire                              m_axi_bready
);

localparam STRB = DATA_WIDTH / 8;
localparam BW = $clog2(MAX_BEATS);
localparam SW = $clog2(SLOTS);
localparam LW = $clog2(DEPTH + 1);
localparam RW = $clog2(RLOG);
localparam [SW:0] SLOTS_L = SLOTS;

localparam [3:0] ERR_NONE = 4'd0;
localparam [3:0] ERR_BID = 4'd1;
localparam [3:0] ERR_NO_BURST = 4'd2;
localparam [3:0] ERR_TIMEOUT = 4'd3;
localparam [3:0] ERR_UNDERRUN = 4'd4;
localparam [3:0] ERR_MISUSE = 4'd5;
localparam [3:0] ERR_RESET = 4'd6;
localparam [3:0] ERR_STREAM = 4'd7;

/*
 * Command fields
 */
wire [7:0]            cmd_seq = cmd[7:0];
wire                  cmd_start = cmd[8];
wire                  cmd_has = cmd[9];
wire                  cmd_last = cmd[10];
wire [2:0]            cmd_pace = cmd[13:11];
wire [2:0]            cmd_chunk_en = cmd[16:14];
wire [7:0]            cmd_len = cmd[24:17];
wire [2:0]            cmd_size = cmd[27:25];
wire [1:0]            cmd_type = cmd[29:28];
wire [ID_WIDTH-1:0]   cmd_id = cmd[30 +: ID_WIDTH];
wire [ADDR_WIDTH-1:0] cmd_addr = cmd[30 + ID_WIDTH +: ADDR_WIDTH];
wire [15:0]           cmd_stream = cmd[30 + ID_WIDTH + ADDR_WIDTH +: 16];
wire [7:0]            max_out = cfg[7:0];
wire [31:0]           timeout = cfg[39:8];

/*
 * State
 */
reg [7:0]             seq_q;
reg [7:0]             ev_q;         // counts events at the rising edge; ev follows at the falling edge
reg                   open_q;
reg [2:0]             pace_q;
reg [ID_WIDTH-1:0]    id_q;
reg                   closed_q;     // the call's last burst has been taken
reg [SW:0]            q_cnt;        // bursts held, from the one whose data streams
reg [SW-1:0]          q_rd;         // slot of that burst
reg [SW:0]            aw_rel;       // AW handshakes done beyond it
reg                   aw_valid_q;
reg                   w_valid_q;
reg [BW-1:0]          w_beat;
reg [15:0]            n_cmd;
reg [31:0]            n_aw;
reg [15:0]            n_w;
reg [15:0]            n_resp;
reg [7:0]             calls_done;
reg [3:0]             err;
reg [ID_WIDTH-1:0]    err_id;
reg [31:0]            cycles;
reg [31:0]            quiet;
reg [31:0]            w_first;
reg [31:0]            w_last_cyc;
reg                   w_seen;
reg [2:0]             room_q;

reg [ADDR_WIDTH-1:0]  s_addr [0:SLOTS-1];
reg [7:0]             s_len  [0:SLOTS-1];
reg [2:0]             s_size [0:SLOTS-1];
reg [1:0]             s_type [0:SLOTS-1];
reg [DATA_WIDTH-1:0]  s_data [0:SLOTS*MAX_BEATS-1];
reg [STRB-1:0]        s_strb [0:SLOTS*MAX_BEATS-1];

// stream file and the record read last: beat k's data at [k*DATA_WIDTH +: DATA_WIDTH] of f_rec,
// its strobes at [STRB_AT + k*STRB +: STRB] (one vector: one read fills it, and Verilator keeps one
// buffer for it rather than zeroing a temporary at every evaluation)
localparam STRB_AT = MAX_BEATS * DATA_WIDTH;
localparam REC_BYTES = MAX_BEATS * (DATA_WIDTH + STRB) / 8;
integer               fd;           // 0: no file open
reg                   stream_q;     // the call's further bursts come from the file
reg                   stream_bad;   // a record could not be read: the call fails at its end
reg [15:0]            s_left;       // bursts still to read from it
reg [127:0]           f_desc;
reg [MAX_BEATS*(DATA_WIDTH+STRB)-1:0] f_rec;

`ifdef VERILATOR
// $fread costs a library call per byte here; tb/hdl/axi_xactor_stream.c reads a record in two.
import "DPI-C" function int axi_xactor_stream_open(input string path);
import "DPI-C" function void axi_xactor_stream_close(input int h);
import "DPI-C" function int axi_xactor_stream_record(
    input int h, input int rec_bytes, output bit [127:0] desc, output bit [MAX_BEATS*(DATA_WIDTH+STRB)-1:0] rec);
`endif

task stream_open;
begin
`ifdef VERILATOR
    fd = axi_xactor_stream_open($sformatf("%s", STREAM_FILE));
`else
    fd = $fopen(STREAM_FILE, "rb");
`endif
end
endtask

task stream_close;
begin
    if (fd != 0) begin
`ifdef VERILATOR
        axi_xactor_stream_close(fd);
`else
        $fclose(fd);
`endif
    end
    fd = 0;
end
endtask

// Read the next record into f_desc and f_rec; ok = 0 when it is not there whole.
task stream_read;
    output ok;
    integer got;
begin
`ifdef VERILATOR
    got = (fd == 0) ? 0 : axi_xactor_stream_record(fd, REC_BYTES, f_desc, f_rec);
    ok = got == 1;
`else
    got = (fd == 0) ? 0 : $fread(f_desc, fd);
    ok = got == 16;
    if (ok) begin
        got = $fread(f_rec, fd);
        ok = got == REC_BYTES;
    end
`endif
end
endtask

/*
 * Pacing streams: AW, W, B
 */
wire [2:0]    dec_avail;
wire [2:0]    dec_idle;
wire [3*LW-1:0] dec_level;
wire [2:0]    dec_room;
wire [2:0]    dec_over;
wire [2:0]    dec_take;

wire                  cmd_new = cmd_seq != seq_q;

genvar g;
generate
    for (g = 0; g < 3; g = g + 1) begin : g_dec
        axi_xactor_decisions #(
            .CHUNK(CHUNK),
            .DEPTH(DEPTH),
            .LW(LW)
        ) u_dec (
            .clk(clk),
            .rst(rst),
            .in_en(cmd_new && cmd_chunk_en[g]),
            .in_chunk(cmd_chunks[g*CHUNK +: CHUNK]),
            .take(dec_take[g]),
            .avail(dec_avail[g]),
            .idle(dec_idle[g]),
            .level(dec_level[g*LW +: LW]),
            .room(dec_room[g]),
            .overflow(dec_over[g])
        );
    end
endgenerate

/*
 * This cycle's decisions (as the pin-level master's drive step)
 */
wire                  in_start = cmd_new && cmd_start;
wire                  in_burst = cmd_new && cmd_has;
wire                  open_e = open_q || in_start;
wire [2:0]            pace_e = in_start ? cmd_pace : pace_q;
wire [ID_WIDTH-1:0]   id_e = in_start ? cmd_id : id_q;
wire [SW+1:0]         known = {1'b0, q_cnt} + {{(SW+1){1'b0}}, in_burst};
wire                  closed_e = closed_q || (in_burst && cmd_last);
wire [31:0]           outstanding = in_start ? 32'd0 : n_aw - {16'd0, n_resp};

// AW: next address when none is presented
wire                  aw_have = {1'b0, aw_rel} < known;
wire                  aw_elig = open_e && !aw_valid_q && (aw_have || !closed_e)
                                && outstanding < {24'd0, max_out};
wire                  aw_paced_idle = pace_e[0] && (dec_idle[0] || !dec_avail[0]);
wire                  aw_go = aw_elig && aw_have && !aw_paced_idle;
wire                  aw_from_in = aw_rel == q_cnt;
wire [SW-1:0]         aw_slot = q_rd + aw_rel[SW-1:0];

assign m_axi_awvalid = aw_valid_q || aw_go;
assign m_axi_awaddr  = aw_from_in ? cmd_addr : s_addr[aw_slot];
assign m_axi_awlen   = aw_from_in ? cmd_len : s_len[aw_slot];
assign m_axi_awsize  = aw_from_in ? cmd_size : s_size[aw_slot];
assign m_axi_awburst = aw_from_in ? cmd_type : s_type[aw_slot];
assign m_axi_awid    = id_e;

// W: next beat once its burst's address is out
wire                  w_elig = open_e && !w_valid_q && (aw_rel != {(SW+1){1'b0}} || m_axi_awvalid);
wire                  w_paced_idle = pace_e[1] && (dec_idle[1] || !dec_avail[1]);
wire                  w_go = w_elig && !w_paced_idle;
wire                  w_from_in = q_cnt == {(SW+1){1'b0}};
wire [7:0]            w_len = w_from_in ? cmd_len : s_len[q_rd];

assign m_axi_wvalid = w_valid_q || w_go;
// A burst is read from the command port only in the cycle it arrives (it is in a slot from the
// next edge on), so only its first beat is ever needed from there.
assign m_axi_wdata  = w_from_in ? cmd_data[DATA_WIDTH-1:0] : s_data[{q_rd, w_beat}];
assign m_axi_wstrb  = w_from_in ? cmd_strb[STRB-1:0] : s_strb[{q_rd, w_beat}];
assign m_axi_wlast  = {{(8-BW){1'b0}}, w_beat} == w_len;

// B: READY held low on an idle decision, one decision per cycle of a call
wire                  b_paced = open_e && pace_e[2];
assign m_axi_bready = !(b_paced && dec_idle[2]);

assign dec_take = {b_paced, w_elig && pace_e[1], aw_elig && pace_e[0]};

wire                  aw_hs = m_axi_awvalid && m_axi_awready;
wire                  w_hs = m_axi_wvalid && m_axi_wready;
wire                  b_hs = m_axi_bready && m_axi_bvalid;

wire                  underrun = (aw_elig && !aw_have)
                                 || |(dec_take & ~dec_avail);
wire                  misuse = (in_burst && q_cnt == SLOTS_L) || |dec_over
                               || (cmd_new && !cmd_start && !open_q && (cmd_has || cmd_last))
                               || (cmd_new && cmd_stream != 16'd0 && !(cmd_start && cmd_has && !cmd_last));
wire                  stream_e = in_start ? cmd_stream != 16'd0 : stream_q;


/*
 * Edge: take the command, sample the handshakes, update the state
 */
integer k;
reg [SW:0]  q_cnt_n;
reg [SW:0]  aw_rel_n;
reg [15:0]  n_resp_n;
reg [31:0]  n_aw_n;
reg [15:0]  n_cmd_n;
reg         evp;
reg [3:0]   err_n;
reg [SW-1:0] wr_slot;
reg [SW-1:0] q_rd_n;
reg [15:0]  s_left_n;
reg         f_ok;

always @(posedge clk) begin
    if (rst) begin
        seq_q <= cmd_seq;
        open_q <= 1'b0;
        pace_q <= 3'd0;
        id_q <= {ID_WIDTH{1'b0}};
        closed_q <= 1'b0;
        q_cnt <= {(SW+1){1'b0}};
        q_rd <= {SW{1'b0}};
        aw_rel <= {(SW+1){1'b0}};
        aw_valid_q <= 1'b0;
        w_valid_q <= 1'b0;
        w_beat <= {BW{1'b0}};
        quiet <= 32'd0;
        room_q <= 3'b111;
        ev_q <= ev_q + 8'd1;  // (a new stat snapshot)
        stream_q <= 1'b0;
        stream_bad <= 1'b0;
        s_left <= 16'd0;
        stream_close;
        if (open_q) begin
            // the call ends; its progress stays readable (err_id: the beat reached)
            err <= ERR_RESET;
            err_id <= w_beat;
            cycles <= cycles + 32'd1;
        end
    end else if (cmd_new || open_q) begin
        // (without a command or an open call nothing here can change: skip it, which matters
        // to an event-driven simulator)
        evp = 1'b0;
        err_n = ERR_NONE;
        q_cnt_n = q_cnt;
        aw_rel_n = aw_rel;
        n_resp_n = n_resp;
        n_aw_n = n_aw;
        n_cmd_n = n_cmd;
        q_rd_n = q_rd;
        s_left_n = s_left;

        if (cmd_new) begin
            seq_q <= cmd_seq;
            evp = 1'b1;
        end
        if (in_start) begin
            open_q <= 1'b1;
            pace_q <= cmd_pace;
            id_q <= cmd_id;
            err <= ERR_NONE;
            n_aw_n = 32'd0;
            n_resp_n = 16'd0;
            n_cmd_n = 16'd0;
            n_w <= 16'd0;
            cycles <= 32'd0;
            quiet <= 32'd0;
            w_seen <= 1'b0;
            w_first <= 32'd0;
            w_last_cyc <= 32'd0;
            stream_q <= cmd_stream != 16'd0;
            stream_bad <= 1'b0;
            s_left_n = 16'd0;
            if (cmd_stream != 16'd0 && !misuse) begin
                s_left_n = cmd_stream;
                stream_close;
                stream_open;
            end
        end
        if (in_burst && q_cnt != SLOTS_L) begin
            wr_slot = q_rd + q_cnt[SW-1:0];
            s_addr[wr_slot] <= cmd_addr;
            s_len[wr_slot] <= cmd_len;
            s_size[wr_slot] <= cmd_size;
            s_type[wr_slot] <= cmd_type;
            for (k = 0; k <= cmd_len; k = k + 1) begin
                s_data[{wr_slot, k[BW-1:0]}] <= cmd_data[k*DATA_WIDTH +: DATA_WIDTH];
                s_strb[{wr_slot, k[BW-1:0]}] <= cmd_strb[k*STRB +: STRB];
            end
            q_cnt_n = q_cnt_n + 1'b1;
            n_cmd_n = n_cmd_n + 16'd1;
            if (cmd_last) begin
                closed_q <= 1'b1;
            end
        end

        // AW
        aw_valid_q <= m_axi_awvalid && !aw_hs;
        if (aw_hs) begin
            aw_rel_n = aw_rel_n + 1'b1;
            n_aw_n = n_aw_n + 32'd1;
        end

        // W
        w_valid_q <= m_axi_wvalid && !w_hs;
        if (w_hs) begin
            if (!w_seen || in_start) begin
                w_first <= in_start ? 32'd0 : cycles;
            end
            w_seen <= 1'b1;
            w_last_cyc <= in_start ? 32'd0 : cycles;
            if (m_axi_wlast) begin
                w_beat <= {BW{1'b0}};
                q_rd_n = q_rd_n + 1'b1;
                q_cnt_n = q_cnt_n - 1'b1;
                aw_rel_n = aw_rel_n - 1'b1;
                n_w <= (in_start ? 16'd0 : n_w) + 16'd1;
                if (!stream_e) begin
                    evp = 1'b1;  // a slot the testbench may fill
                end
            end else begin
                w_beat <= w_beat + 1'b1;
            end
        end

        // B
        if (b_hs && open_e) begin
            if ({16'd0, n_resp_n} >= n_aw_n) begin
                err_n = ERR_NO_BURST;
                err_id <= m_axi_bid;
            end else if (m_axi_bid != id_e) begin
                err_n = ERR_BID;
                err_id <= m_axi_bid;
            end
            resp_log[2*n_resp_n[RW-1:0] +: 2] <= m_axi_bresp;
            n_resp_n = n_resp_n + 16'd1;
            if (stream_e && n_resp_n[RW-2:0] == {(RW-1){1'b0}}) begin
                evp = 1'b1;  // half the log is new: the testbench drains it
            end
        end

        // the next burst from the stream file, into the slot freed (or free) at this edge
        if (open_e && stream_e && s_left_n != 16'd0 && q_cnt_n != SLOTS_L && err_n == ERR_NONE) begin
            wr_slot = q_rd_n + q_cnt_n[SW-1:0];
            stream_read(f_ok);
            if (!f_ok) begin
                // no more bursts: let those on the bus finish, then fail the call
                stream_bad <= 1'b1;
                err_id <= s_left_n[ID_WIDTH-1:0];
                s_left_n = 16'd0;
                closed_q <= 1'b1;
                stream_close;
            end else begin
                s_addr[wr_slot] <= f_desc[64 +: ADDR_WIDTH];
                s_len[wr_slot] <= f_desc[63:56];
                s_size[wr_slot] <= f_desc[55:53];
                s_type[wr_slot] <= f_desc[52:51];
                for (k = 0; k <= {24'd0, f_desc[63:56]}; k = k + 1) begin
                    s_data[{wr_slot, k[BW-1:0]}] <= f_rec[k*DATA_WIDTH +: DATA_WIDTH];
                    s_strb[{wr_slot, k[BW-1:0]}] <= f_rec[STRB_AT + k*STRB +: STRB];
                end
                q_cnt_n = q_cnt_n + 1'b1;
                n_cmd_n = n_cmd_n + 16'd1;
                s_left_n = s_left_n - 16'd1;
                if (s_left_n == 16'd0) begin
                    closed_q <= 1'b1;
                    stream_close;
                end
            end
        end

        if (open_e) begin
            cycles <= (in_start ? 32'd0 : cycles) + 32'd1;
            if (aw_hs || w_hs || b_hs) begin
                quiet <= 32'd0;
            end else begin
                quiet <= (in_start ? 32'd0 : quiet) + 32'd1;
                if ((in_start ? 32'd0 : quiet) + 32'd1 > timeout) begin
                    err_n = ERR_TIMEOUT;
                end
            end
        end
        if (err_n == ERR_NONE && open_e && underrun) begin
            err_n = ERR_UNDERRUN;
        end
        if (err_n == ERR_NONE && misuse) begin
            err_n = ERR_MISUSE;
        end

        room_q <= dec_room;
        if (|(dec_room & ~room_q)) begin
            evp = 1'b1;
        end

        n_aw <= n_aw_n;
        n_resp <= n_resp_n;
        n_cmd <= n_cmd_n;
        q_cnt <= q_cnt_n;
        q_rd <= q_rd_n;
        aw_rel <= aw_rel_n;
        s_left <= s_left_n;

        if (err_n != ERR_NONE) begin
            // end the call: drop every VALID and every queued burst
            err <= err_n;
            stream_q <= 1'b0;
            stream_bad <= 1'b0;
            s_left <= 16'd0;
            stream_close;
            open_q <= 1'b0;
            closed_q <= 1'b0;
            q_cnt <= {(SW+1){1'b0}};
            aw_rel <= {(SW+1){1'b0}};
            aw_valid_q <= 1'b0;
            w_valid_q <= 1'b0;
            w_beat <= {BW{1'b0}};
            evp = 1'b1;
        end else if (open_e && closed_e && b_hs && n_resp_n == n_cmd_n) begin
            // the call's last response: the call is over
            open_q <= 1'b0;
            closed_q <= 1'b0;
            stream_q <= 1'b0;
            stream_bad <= 1'b0;
            if (stream_bad) begin
                err <= ERR_STREAM;
            end
            calls_done <= calls_done + 8'd1;
            evp = 1'b1;
        end

        if (evp) begin
            ev_q <= ev_q + 8'd1;
        end
    end
end

// ev moves half a cycle after the state it reports: a testbench woken by it reads settled
// state on every simulator, and its next command still arrives before the next rising edge
always @(negedge clk) begin
    if (ev != ev_q) begin
        // stat is a snapshot taken with each event: it is only read when ev moves
        stat <= {8'd0, w_last_cyc, w_first, {(8-BW){1'b0}}, w_beat, n_w, n_aw, cycles,
                 {(32-3*LW){1'b0}}, dec_level, 8'd0,
                 {(8-ID_WIDTH){1'b0}}, err_id, 4'd0, err, n_resp, calls_done,
                 {{(7-SW){1'b0}}, (SLOTS_L - q_cnt)}, seq_q};
    end
    ev <= ev_q;
end

initial begin
    ev = 8'd0;
    ev_q = 8'd0;
    stat = {240'd0, {{(7-SW){1'b0}}, SLOTS_L}, 8'd0};  // idle: every slot free
    seq_q = 8'd0;
    calls_done = 8'd0;
    err = ERR_NONE;
    err_id = {ID_WIDTH{1'b0}};
    cycles = 32'd0;
    n_cmd = 16'd0;
    n_aw = 32'd0;
    n_w = 16'd0;
    n_resp = 16'd0;
    quiet = 32'd0;
    w_first = 32'd0;
    w_last_cyc = 32'd0;
    w_seen = 1'b0;
    resp_log = {(2*RLOG){1'b0}};
    fd = 0;
    stream_q = 1'b0;
    stream_bad = 1'b0;
    s_left = 16'd0;
end

endmodule

/*
 * axi_xactor_rd: the read half (AR, R).
 *
 * cmd layout: [7:0] seq, [8] start of call, [9] carries a burst, [10] last
 * burst of the call, [12:11] pacing on for AR/R (with start), [14:13]
 * chunk present for AR/R, [22:15] ARLEN, [25:23] ARSIZE, [27:26] ARBURST,
 * [28 +: ID_WIDTH] ARID, then ARADDR.  cfg as for writes.
 *
 * stat: [7:0] last seq taken, [15:8] free slots, [23:16] calls finished,
 * [39:24] bursts finished in the call, [43:40] error, [55:48] offending ID,
 * [63:56] offending beat, [64 +: 2*LW] pacing levels AR/R, [95:88]
 * offending burst's ARLEN, [127:96] cycles of the call, [159:128] AR
 * handshakes, [191:160] cycle of the first R handshake, [223:192] cycle of
 * the last one, [225:224] RRESP of the last finished burst (worst beat).
 * res_data: the beats of the last finished burst, beat k at
 * [k*DATA_WIDTH +: DATA_WIDTH].
 */
module axi_xactor_rd #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter ID_WIDTH = 8,
    parameter MAX_BEATS = 256,
    parameter SLOTS = 8,
    parameter CHUNK = 64,
    parameter DEPTH = 256,
    parameter CMD_WIDTH = 28 + ID_WIDTH + ADDR_WIDTH
) (
    input  wire                              clk,
    input  wire                              rst,

    /*
     * Commands and status
     */
    input  wire [CMD_WIDTH-1:0]              cmd,
    input  wire [2*CHUNK-1:0]                cmd_chunks,
    input  wire [39:0]                       cfg,
    output reg  [7:0]                        ev,
    output reg  [255:0]                      stat,
    output reg  [MAX_BEATS*DATA_WIDTH-1:0]   res_data,

    /*
     * AXI4 master: AR, R
     */
    output wire [ID_WIDTH-1:0]               m_axi_arid,
    output wire [ADDR_WIDTH-1:0]             m_axi_araddr,
    output wire [7:0]                        m_axi_arlen,
    output wire [2:0]                        m_axi_arsize,
    output wire [1:0]                        m_axi_arburst,
    output wire                              m_axi_arvalid,
    input  wire                              m_axi_arready,
    input  wire [ID_WIDTH-1:0]               m_axi_rid,
    input  wire [DATA_WIDTH-1:0]             m_axi_rdata,
    input  wire [1:0]                        m_axi_rresp,
    input  wire                              m_axi_rlast,
    input  wire                              m_axi_rvalid,
    output wire                              m_axi_rready
);

localparam BW = $clog2(MAX_BEATS);
localparam SW = $clog2(SLOTS);
localparam LW = $clog2(DEPTH + 1);
localparam [SW:0] SLOTS_L = SLOTS;

localparam [3:0] ERR_NONE = 4'd0;
localparam [3:0] ERR_RID = 4'd1;
localparam [3:0] ERR_NO_BURST = 4'd2;
localparam [3:0] ERR_TIMEOUT = 4'd3;
localparam [3:0] ERR_UNDERRUN = 4'd4;
localparam [3:0] ERR_MISUSE = 4'd5;
localparam [3:0] ERR_RESET = 4'd6;
localparam [3:0] ERR_RLAST = 4'd7;
localparam [3:0] ERR_RDATA_X = 4'd8;

wire [7:0]            cmd_seq = cmd[7:0];
wire                  cmd_start = cmd[8];
wire                  cmd_has = cmd[9];
wire                  cmd_last = cmd[10];
wire [1:0]            cmd_pace = cmd[12:11];
wire [1:0]            cmd_chunk_en = cmd[14:13];
wire [7:0]            cmd_len = cmd[22:15];
wire [2:0]            cmd_size = cmd[25:23];
wire [1:0]            cmd_type = cmd[27:26];
wire [ID_WIDTH-1:0]   cmd_id = cmd[28 +: ID_WIDTH];
wire [ADDR_WIDTH-1:0] cmd_addr = cmd[28 + ID_WIDTH +: ADDR_WIDTH];
wire [7:0]            max_out = cfg[7:0];
wire [31:0]           timeout = cfg[39:8];

reg [7:0]             seq_q;
reg [7:0]             ev_q;         // counts events at the rising edge; ev follows at the falling edge
reg                   open_q;
reg [1:0]             pace_q;
reg [ID_WIDTH-1:0]    id_q;
reg                   closed_q;
reg [SW:0]            q_cnt;        // bursts held, from the one whose beats arrive
reg [SW-1:0]          q_rd;
reg [SW:0]            ar_rel;       // AR handshakes done beyond it... counted from it
reg                   ar_valid_q;
reg [BW-1:0]          r_beat;
reg [1:0]             r_resp_q;
reg [15:0]            n_cmd;
reg [31:0]            n_ar;
reg [15:0]            n_r;
reg [7:0]             calls_done;
reg [3:0]             err;
reg [ID_WIDTH-1:0]    err_id;
reg [7:0]             err_beat;
reg [7:0]             err_len;
reg [31:0]            cycles;
reg [31:0]            quiet;
reg [31:0]            r_first;
reg [31:0]            r_last_cyc;
reg                   r_seen;
reg [1:0]             res_resp;
reg [1:0]             room_q;
reg [DATA_WIDTH-1:0]  r_mem [0:MAX_BEATS-1];   // beats of the burst being received
reg [MAX_BEATS*DATA_WIDTH-1:0] fin;

reg [ADDR_WIDTH-1:0]  s_addr [0:SLOTS-1];
reg [7:0]             s_len  [0:SLOTS-1];
reg [2:0]             s_size [0:SLOTS-1];
reg [1:0]             s_type [0:SLOTS-1];

wire [1:0]      dec_avail;
wire [1:0]      dec_idle;
wire [2*LW-1:0] dec_level;
wire [1:0]      dec_room;
wire [1:0]      dec_over;
wire [1:0]      dec_take;

wire                  cmd_new = cmd_seq != seq_q;

genvar g;
generate
    for (g = 0; g < 2; g = g + 1) begin : g_dec
        axi_xactor_decisions #(
            .CHUNK(CHUNK),
            .DEPTH(DEPTH),
            .LW(LW)
        ) u_dec (
            .clk(clk),
            .rst(rst),
            .in_en(cmd_new && cmd_chunk_en[g]),
            .in_chunk(cmd_chunks[g*CHUNK +: CHUNK]),
            .take(dec_take[g]),
            .avail(dec_avail[g]),
            .idle(dec_idle[g]),
            .level(dec_level[g*LW +: LW]),
            .room(dec_room[g]),
            .overflow(dec_over[g])
        );
    end
endgenerate

wire                  in_start = cmd_new && cmd_start;
wire                  in_burst = cmd_new && cmd_has;
wire                  open_e = open_q || in_start;
wire [1:0]            pace_e = in_start ? cmd_pace : pace_q;
wire [ID_WIDTH-1:0]   id_e = in_start ? cmd_id : id_q;
wire [SW+1:0]         known = {1'b0, q_cnt} + {{(SW+1){1'b0}}, in_burst};
wire                  closed_e = closed_q || (in_burst && cmd_last);

// AR: at most MAX_OUT bursts between AR and their last beat
wire                  ar_have = {1'b0, ar_rel} < known;
wire                  ar_elig = open_e && !ar_valid_q && (ar_have || !closed_e)
                                && {{(7-SW){1'b0}}, ar_rel} < max_out;
wire                  ar_paced_idle = pace_e[0] && (dec_idle[0] || !dec_avail[0]);
wire                  ar_go = ar_elig && ar_have && !ar_paced_idle;
wire                  ar_from_in = ar_rel == q_cnt;
wire [SW-1:0]         ar_slot = q_rd + ar_rel[SW-1:0];

assign m_axi_arvalid = ar_valid_q || ar_go;
assign m_axi_araddr  = ar_from_in ? cmd_addr : s_addr[ar_slot];
assign m_axi_arlen   = ar_from_in ? cmd_len : s_len[ar_slot];
assign m_axi_arsize  = ar_from_in ? cmd_size : s_size[ar_slot];
assign m_axi_arburst = ar_from_in ? cmd_type : s_type[ar_slot];
assign m_axi_arid    = id_e;

wire                  r_paced = open_e && pace_e[1];
assign m_axi_rready = !(r_paced && dec_idle[1]);
assign dec_take = {r_paced, ar_elig && pace_e[0]};

wire                  ar_hs = m_axi_arvalid && m_axi_arready;
wire                  r_hs = m_axi_rready && m_axi_rvalid;
wire                  r_is_last = {{(8-BW){1'b0}}, r_beat} == s_len[q_rd];

wire                  underrun = (ar_elig && !ar_have) || |(dec_take & ~dec_avail);
wire                  misuse = (in_burst && q_cnt == SLOTS_L) || |dec_over
                               || (cmd_new && !cmd_start && !open_q && (cmd_has || cmd_last));


integer k;
reg [SW:0]  q_cnt_n;
reg [SW:0]  ar_rel_n;
reg [15:0]  n_cmd_n;
reg [15:0]  n_r_n;
reg         evp;
reg [3:0]   err_n;
reg [SW-1:0] wr_slot;
reg [1:0]   resp_n;

always @(posedge clk) begin
    if (rst) begin
        seq_q <= cmd_seq;
        open_q <= 1'b0;
        pace_q <= 2'd0;
        id_q <= {ID_WIDTH{1'b0}};
        closed_q <= 1'b0;
        q_cnt <= {(SW+1){1'b0}};
        q_rd <= {SW{1'b0}};
        ar_rel <= {(SW+1){1'b0}};
        ar_valid_q <= 1'b0;
        r_beat <= {BW{1'b0}};
        r_resp_q <= 2'd0;
        quiet <= 32'd0;
        room_q <= 2'b11;
        ev_q <= ev_q + 8'd1;  // (a new stat snapshot)
        if (open_q) begin
            // the call ends; its progress stays readable
            err <= ERR_RESET;
            err_beat <= {{(8-BW){1'b0}}, r_beat};
            cycles <= cycles + 32'd1;
        end
    end else if (cmd_new || open_q) begin
        // (without a command or an open call nothing here can change: skip it, which matters
        // to an event-driven simulator)
        evp = 1'b0;
        err_n = ERR_NONE;
        q_cnt_n = q_cnt;
        ar_rel_n = ar_rel;
        n_cmd_n = n_cmd;
        n_r_n = n_r;

        if (cmd_new) begin
            seq_q <= cmd_seq;
            evp = 1'b1;
        end
        if (in_start) begin
            open_q <= 1'b1;
            pace_q <= cmd_pace;
            id_q <= cmd_id;
            err <= ERR_NONE;
            n_cmd_n = 16'd0;
            n_r_n = 16'd0;
            n_ar <= 32'd0;
            cycles <= 32'd0;
            quiet <= 32'd0;
            r_seen <= 1'b0;
            r_first <= 32'd0;
            r_last_cyc <= 32'd0;
        end
        if (in_burst && q_cnt != SLOTS_L) begin
            wr_slot = q_rd + q_cnt[SW-1:0];
            s_addr[wr_slot] <= cmd_addr;
            s_len[wr_slot] <= cmd_len;
            s_size[wr_slot] <= cmd_size;
            s_type[wr_slot] <= cmd_type;
            q_cnt_n = q_cnt_n + 1'b1;
            n_cmd_n = n_cmd_n + 16'd1;
            if (cmd_last) begin
                closed_q <= 1'b1;
            end
        end

        ar_valid_q <= m_axi_arvalid && !ar_hs;
        if (ar_hs) begin
            ar_rel_n = ar_rel_n + 1'b1;
            n_ar <= (in_start ? 32'd0 : n_ar) + 32'd1;
        end

        if (r_hs && open_e) begin
            if (!r_seen || in_start) begin
                r_first <= in_start ? 32'd0 : cycles;
            end
            r_seen <= 1'b1;
            r_last_cyc <= in_start ? 32'd0 : cycles;
            resp_n = (m_axi_rresp > r_resp_q) ? m_axi_rresp : r_resp_q;
            if (ar_rel_n == {(SW+1){1'b0}}) begin
                err_n = ERR_NO_BURST;
                err_id <= m_axi_rid;
            end else if (m_axi_rid != id_e) begin
                err_n = ERR_RID;
                err_id <= m_axi_rid;
            end else if ((^m_axi_rdata) === 1'bx) begin
                err_n = ERR_RDATA_X;
                err_beat <= {{(8-BW){1'b0}}, r_beat};
                err_len <= s_len[q_rd];
            end else if (m_axi_rlast != r_is_last) begin
                err_n = ERR_RLAST;
                err_beat <= {{(8-BW){1'b0}}, r_beat};
                err_len <= s_len[q_rd];
            end else begin
                r_mem[r_beat] <= m_axi_rdata;
                if (m_axi_rlast) begin
                    // the whole burst, once: res_data is only read by the testbench, after
                    // this edge, so a blocking update here saves a wide copy every cycle
                    // (beats past the last keep older bytes: only the burst's own beats are read)
                    for (k = 0; k <= r_beat; k = k + 1) begin
                        fin[k*DATA_WIDTH +: DATA_WIDTH] = (k == r_beat) ? m_axi_rdata : r_mem[k];
                    end
                    res_data = fin;
                    res_resp <= resp_n;
                    r_resp_q <= 2'd0;
                    r_beat <= {BW{1'b0}};
                    q_rd <= q_rd + 1'b1;
                    q_cnt_n = q_cnt_n - 1'b1;
                    ar_rel_n = ar_rel_n - 1'b1;
                    n_r_n = n_r_n + 16'd1;
                    evp = 1'b1;
                end else begin
                    r_resp_q <= resp_n;
                    r_beat <= r_beat + 1'b1;
                end
            end
        end

        if (open_e) begin
            cycles <= (in_start ? 32'd0 : cycles) + 32'd1;
            if (ar_hs || r_hs) begin
                quiet <= 32'd0;
            end else begin
                quiet <= (in_start ? 32'd0 : quiet) + 32'd1;
                if ((in_start ? 32'd0 : quiet) + 32'd1 > timeout) begin
                    err_n = ERR_TIMEOUT;
                    err_beat <= {{(8-BW){1'b0}}, r_beat};
                end
            end
        end
        if (err_n == ERR_NONE && open_e && underrun) begin
            err_n = ERR_UNDERRUN;
        end
        if (err_n == ERR_NONE && misuse) begin
            err_n = ERR_MISUSE;
        end

        room_q <= dec_room;
        if (|(dec_room & ~room_q)) begin
            evp = 1'b1;
        end

        n_cmd <= n_cmd_n;
        n_r <= n_r_n;
        q_cnt <= q_cnt_n;
        ar_rel <= ar_rel_n;

        if (err_n != ERR_NONE) begin
            err <= err_n;
            open_q <= 1'b0;
            closed_q <= 1'b0;
            q_cnt <= {(SW+1){1'b0}};
            ar_rel <= {(SW+1){1'b0}};
            ar_valid_q <= 1'b0;
            r_beat <= {BW{1'b0}};
            r_resp_q <= 2'd0;
            evp = 1'b1;
        end else if (open_e && closed_e && r_hs && m_axi_rlast && n_r_n == n_cmd_n) begin
            open_q <= 1'b0;
            closed_q <= 1'b0;
            calls_done <= calls_done + 8'd1;
            evp = 1'b1;
        end

        if (evp) begin
            ev_q <= ev_q + 8'd1;
        end
    end
end

// ev moves half a cycle after the state it reports: a testbench woken by it reads settled
// state on every simulator, and its next command still arrives before the next rising edge
always @(negedge clk) begin
    if (ev != ev_q) begin
        stat <= {30'd0, res_resp, r_last_cyc, r_first, n_ar, cycles,
                 err_len, {(24-2*LW){1'b0}}, dec_level,
                 err_beat, {(8-ID_WIDTH){1'b0}}, err_id, 4'd0, err, n_r, calls_done,
                 {{(7-SW){1'b0}}, (SLOTS_L - q_cnt)}, seq_q};
    end
    ev <= ev_q;
end

initial begin
    ev = 8'd0;
    ev_q = 8'd0;
    stat = {240'd0, {{(7-SW){1'b0}}, SLOTS_L}, 8'd0};  // idle: every slot free
    seq_q = 8'd0;
    calls_done = 8'd0;
    err = ERR_NONE;
    err_id = {ID_WIDTH{1'b0}};
    err_beat = 8'd0;
    err_len = 8'd0;
    cycles = 32'd0;
    n_cmd = 16'd0;
    n_ar = 32'd0;
    n_r = 16'd0;
    quiet = 32'd0;
    r_first = 32'd0;
    r_last_cyc = 32'd0;
    r_seen = 1'b0;
    res_resp = 2'd0;
    res_data = 0;
    fin = 0;
end

endmodule

/*
 * axi_burst_xactor: both halves on one AXI4 master port.
 */
module axi_burst_xactor #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter ID_WIDTH = 8,
    parameter MAX_BEATS = 256,
    parameter CHUNK = 64,
    parameter WR_CMD_WIDTH = 46 + ID_WIDTH + ADDR_WIDTH,
    parameter RD_CMD_WIDTH = 28 + ID_WIDTH + ADDR_WIDTH,
    parameter WR_STREAM_FILE = "axi_xactor_wr.stream"
) (
    input  wire                              clk,
    input  wire                              rst,

    /*
     * Write commands and status
     */
    input  wire [WR_CMD_WIDTH-1:0]           wr_cmd,
    input  wire [MAX_BEATS*DATA_WIDTH-1:0]   wr_data,
    input  wire [MAX_BEATS*DATA_WIDTH/8-1:0] wr_strb,
    input  wire [3*CHUNK-1:0]                wr_chunks,
    input  wire [39:0]                       wr_cfg,
    output wire [7:0]                        wr_ev,
    output wire [255:0]                      wr_stat,
    output wire [511:0]                      wr_resp_log,

    /*
     * Read commands and status
     */
    input  wire [RD_CMD_WIDTH-1:0]           rd_cmd,
    input  wire [2*CHUNK-1:0]                rd_chunks,
    input  wire [39:0]                       rd_cfg,
    output wire [7:0]                        rd_ev,
    output wire [255:0]                      rd_stat,
    output wire [MAX_BEATS*DATA_WIDTH-1:0]   rd_data,

    /*
     * AXI4 master
     */
    output wire [ID_WIDTH-1:0]               m_axi_awid,
    output wire [ADDR_WIDTH-1:0]             m_axi_awaddr,
    output wire [7:0]                        m_axi_awlen,
    output wire [2:0]                        m_axi_awsize,
    output wire [1:0]                        m_axi_awburst,
    output wire                              m_axi_awvalid,
    input  wire                              m_axi_awready,
    output wire [DATA_WIDTH-1:0]             m_axi_wdata,
    output wire [DATA_WIDTH/8-1:0]           m_axi_wstrb,
    output wire                              m_axi_wlast,
    output wire                              m_axi_wvalid,
    input  wire                              m_axi_wready,
    input  wire [ID_WIDTH-1:0]               m_axi_bid,
    input  wire [1:0]                        m_axi_bresp,
    input  wire                              m_axi_bvalid,
    output wire                              m_axi_bready,
    output wire [ID_WIDTH-1:0]               m_axi_arid,
    output wire [ADDR_WIDTH-1:0]             m_axi_araddr,
    output wire [7:0]                        m_axi_arlen,
    output wire [2:0]                        m_axi_arsize,
    output wire [1:0]                        m_axi_arburst,
    output wire                              m_axi_arvalid,
    input  wire                              m_axi_arready,
    input  wire [ID_WIDTH-1:0]               m_axi_rid,
    input  wire [DATA_WIDTH-1:0]             m_axi_rdata,
    input  wire [1:0]                        m_axi_rresp,
    input  wire                              m_axi_rlast,
    input  wire                              m_axi_rvalid,
    output wire                              m_axi_rready
);

axi_xactor_wr #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .MAX_BEATS(MAX_BEATS),
    .CHUNK(CHUNK),
    .RLOG(256),
    .CMD_WIDTH(WR_CMD_WIDTH),
    .STREAM_FILE(WR_STREAM_FILE)
) u_wr (
    .clk(clk),
    .rst(rst),
    .cmd(wr_cmd),
    .cmd_data(wr_data),
    .cmd_strb(wr_strb),
    .cmd_chunks(wr_chunks),
    .cfg(wr_cfg),
    .ev(wr_ev),
    .stat(wr_stat),
    .resp_log(wr_resp_log),
    .m_axi_awid(m_axi_awid),
    .m_axi_awaddr(m_axi_awaddr),
    .m_axi_awlen(m_axi_awlen),
    .m_axi_awsize(m_axi_awsize),
    .m_axi_awburst(m_axi_awburst),
    .m_axi_awvalid(m_axi_awvalid),
    .m_axi_awready(m_axi_awready),
    .m_axi_wdata(m_axi_wdata),
    .m_axi_wstrb(m_axi_wstrb),
    .m_axi_wlast(m_axi_wlast),
    .m_axi_wvalid(m_axi_wvalid),
    .m_axi_wready(m_axi_wready),
    .m_axi_bid(m_axi_bid),
    .m_axi_bresp(m_axi_bresp),
    .m_axi_bvalid(m_axi_bvalid),
    .m_axi_bready(m_axi_bready)
);

axi_xactor_rd #(
    .DATA_WIDTH(DATA_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .ID_WIDTH(ID_WIDTH),
    .MAX_BEATS(MAX_BEATS),
    .CHUNK(CHUNK),
    .CMD_WIDTH(RD_CMD_WIDTH)
) u_rd (
    .clk(clk),
    .rst(rst),
    .cmd(rd_cmd),
    .cmd_chunks(rd_chunks),
    .cfg(rd_cfg),
    .ev(rd_ev),
    .stat(rd_stat),
    .res_data(rd_data),
    .m_axi_arid(m_axi_arid),
    .m_axi_araddr(m_axi_araddr),
    .m_axi_arlen(m_axi_arlen),
    .m_axi_arsize(m_axi_arsize),
    .m_axi_arburst(m_axi_arburst),
    .m_axi_arvalid(m_axi_arvalid),
    .m_axi_arready(m_axi_arready),
    .m_axi_rid(m_axi_rid),
    .m_axi_rdata(m_axi_rdata),
    .m_axi_rresp(m_axi_rresp),
    .m_axi_rlast(m_axi_rlast),
    .m_axi_rvalid(m_axi_rvalid),
    .m_axi_rready(m_axi_rready)
);

endmodule

`default_nettype wire
