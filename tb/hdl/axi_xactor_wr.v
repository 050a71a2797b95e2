/*
 * axi_xactor_wr
 *
 * The write half of the burst transactor (AW, W, B): executes whole write
 * bursts handed to it by the testbench, making the same cycle-by-cycle
 * decisions as the Python pin-level master tb.axi_master.AxiMaster (see
 * axi_burst_xactor for what that guarantees).
 *
 * Commands come through axi_xactor_intake (its header has the layout); the
 * write command adds, after the address, [CMD_STREAM +: 15]: how many more
 * bursts of the call come from the stream file, and [CMD_FILE]: the first
 * one comes from there too (with start only; see Streamed calls).
 * cmd_data/cmd_strb: beat k in [k*DATA_WIDTH +: DATA_WIDTH] / [k*STRB +:
 * STRB].  cfg: [CFG_MAX_OUT +: 8] bursts between AW and B at most,
 * [CFG_TIMEOUT +: 32] quiet cycles before a timeout.
 *
 * Streamed calls: a start command with a stream count N > 0 carries the
 * call's first burst as usual; its other N bursts are read from the file
 * STREAM_FILE (opened at that edge, closed after the last of them), one at
 * every edge with a free slot.  With the file bit [CMD_FILE] (N may then be
 * 0: a one-burst call) the first burst is the file's first record too: the
 * toplevel's command intake (nic_fast_top) reads it into cmd_data/cmd_strb
 * when the command arrives, so it acts at the same edge as one brought in
 * the data vector, and this half skips it in the file; cmd_first_ok = 0
 * says it was not there whole: the call then puts nothing on the bus and
 * ends at that edge with ERR_STREAM (err_id: N + 1).  That is never later than a command could
 * have brought the burst, so the bus traffic is the same as when every
 * burst comes as a command.  The file holds one record per burst: 16 bytes
 * of descriptor (big-endian: [DESC_ADDR +: ADDR_WIDTH] AWADDR, [DESC_LEN
 * +: 8] AWLEN, [DESC_SIZE +: 3] AWSIZE, [DESC_TYPE +: 2] AWBURST), then
 * MAX_BEATS*(DATA_WIDTH+STRB)/8 bytes read as one big-endian number: beat
 * k's strobes at bit MAX_BEATS*DATA_WIDTH + k*STRB, its data at bit
 * k*DATA_WIDTH, zero beyond AWLEN (so the whole record is one read on
 * every simulator).  During a streamed call the testbench is woken only
 * for what it must see: the call's end, an error, a pacing stream with
 * room, and every RLOG/2 responses (so that resp_log never wraps unread).
 * A record that cannot be read whole ends the stream: the bursts already
 * taken finish on the bus as usual, then the call ends with ERR_STREAM
 * (err_id: the number of bursts the file still owed, low bits).  Icarus
 * reads the file with $fread; Verilator, whose $fread costs a library call
 * per byte, with the DPI-C reader in axi_xactor_stream.c (compiled into
 * the model).
 *
 * stat (a snapshot taken with each event, see axi_burst_xactor): the ST_*
 * fields below: last command taken, free slots, calls finished, responses
 * in the call, error code (ERR_*), offending ID (on reset: the beat the
 * current burst had reached), pacing levels AW/W/B, cycles of the call,
 * AW handshakes, bursts whose data is done, beat of the current burst,
 * cycle of the first and of the last W handshake.  resp_log: BRESP of
 * response i at [RESP_BITS*(i % RLOG) +: 2].
 */

`timescale 1ns / 1ps
`default_nettype none
`include "xactor_edge.vh"

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
    parameter STREAM_FILE = "axi_xactor_wr.stream",
    // byte offset of this half's status, then its response log, in the status mailbox
    // (xactor_mailbox.vh); negative: none
    parameter integer MAILBOX_AT = -1
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
    input  wire                              cmd_first_ok,
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

// Wire format (tb/xactor_wire.py; the regression checks these against it).
localparam CMD_STREAM = CMD_WIDTH - 16;  // after the intake's fields: bursts that follow in the stream file (15 bits)
localparam CMD_FILE = CMD_WIDTH - 1;     // the call's first burst is the stream file's first record
localparam CFG_MAX_OUT = 0;
localparam CFG_TIMEOUT = 8;
localparam STATUS_BITS = 256;
localparam ST_SEQ = 0;
localparam ST_FREE = 8;
localparam ST_CALLS = 16;
localparam ST_COUNT = 24;
localparam ST_ERR = 40;
localparam ST_ERR_ID = 48;
localparam ST_LEVEL_AW = 64;
localparam ST_CYCLES = 96;
localparam ST_ADDR_COUNT = 128;
localparam ST_DATA_DONE = 160;
localparam ST_BEAT = 176;
localparam ST_FIRST = 184;
localparam ST_LAST = 216;
localparam RESP_BITS = 2;
localparam DESC_TYPE = 51;
localparam DESC_SIZE = 53;
localparam DESC_LEN = 56;
localparam DESC_ADDR = 64;

localparam [3:0] ERR_NONE = 4'd0;
localparam [3:0] ERR_BID = 4'd1;
localparam [3:0] ERR_NO_BURST = 4'd2;
localparam [3:0] ERR_TIMEOUT = 4'd3;
localparam [3:0] ERR_UNDERRUN = 4'd4;
localparam [3:0] ERR_MISUSE = 4'd5;
localparam [3:0] ERR_RESET = 4'd6;
localparam [3:0] ERR_STREAM = 4'd7;

wire [15:0]           cmd_stream = {1'b0, cmd[CMD_STREAM +: 15]};
// a call through the file: further bursts in it, or the first alone (file bit)
wire                  cmd_files = cmd_stream != 16'd0 || cmd[CMD_FILE];
wire [7:0]            max_out = cfg[CFG_MAX_OUT +: 8];
wire [31:0]           timeout = cfg[CFG_TIMEOUT +: 32];

/*
 * State
 */
reg [7:0]             ev_reg;         // counts events at the rising edge; ev follows at the falling edge
reg                   open_reg;
reg                   closed_reg;     // the call's last burst has been taken
reg [SW:0]            held_reg;        // bursts held, from the one whose data streams
reg [SW-1:0]          head_reg;         // slot of that burst
reg [SW:0]            aw_ahead_reg;       // AW handshakes done beyond it
reg                   aw_valid_reg;
reg                   w_valid_reg;
reg [BW-1:0]          w_beat_reg;
reg [15:0]            n_cmd_reg;
reg [31:0]            n_aw_reg;
reg [15:0]            n_w_reg;
reg [15:0]            n_resp_reg;
reg [7:0]             calls_done_reg;
reg [3:0]             err_reg;
reg [ID_WIDTH-1:0]    err_id_reg;
reg [31:0]            cycles_reg;
reg [31:0]            quiet_reg;
reg [31:0]            w_first_reg;
reg [31:0]            w_last_reg;
reg                   w_seen_reg;

reg [ADDR_WIDTH-1:0]  slot_addr [0:SLOTS-1];
reg [7:0]             slot_len  [0:SLOTS-1];
reg [2:0]             slot_size [0:SLOTS-1];
reg [1:0]             slot_type [0:SLOTS-1];

// stream file and the record read last: beat k's data at [k*DATA_WIDTH +: DATA_WIDTH] of f_rec,
// its strobes at [STRB_AT + k*STRB +: STRB] (one vector: one read fills it, and Verilator keeps one
// buffer for it rather than zeroing a temporary at every evaluation)
localparam STRB_AT = MAX_BEATS * DATA_WIDTH;
localparam REC_BYTES = MAX_BEATS * (DATA_WIDTH + STRB) / 8;
reg [MAX_BEATS*(DATA_WIDTH+STRB)-1:0] slot_rec [0:SLOTS-1];
integer               fd;           // 0: no file open
reg                   stream_reg;     // the call's further bursts come from the file
reg                   stream_bad_reg;   // a record could not be read: the call fails at its end
reg [15:0]            stream_left_reg;       // bursts still to read from it
// the descriptor layout is shared with the intake (tb/xactor_wire.py DESCRIPTOR): this half
// reads only the address, length, size and type fields of a streamed burst's record
/* verilator lint_off UNUSEDSIGNAL */
reg [127:0]           f_desc;
/* verilator lint_on UNUSEDSIGNAL */
reg [MAX_BEATS*(DATA_WIDTH+STRB)-1:0] f_rec;

// stream_open, stream_close, stream_read: the reader all transactors share
`include "xactor_stream.vh"
// mailbox_put: the status mailbox (nic_fast_top)
`include "xactor_mailbox.vh"

/*
 * Command intake and pacing streams: AW, W, B
 */
wire [7:0]            seq;
wire                  cmd_new;
wire                  cmd_start;
wire                  cmd_has;
wire                  cmd_last;
wire                  in_start;
wire                  in_burst;
wire [7:0]            cmd_len;
wire [2:0]            cmd_size;
wire [1:0]            cmd_type;
wire [ADDR_WIDTH-1:0] cmd_addr;
wire [2:0]            pace_now;
wire [ID_WIDTH-1:0]   id_now;
wire                  intake_misuse;
wire [2:0]            dec_avail;
wire [2:0]            dec_idle;
wire [3*LW-1:0]       dec_level;
wire                  room_rise;
wire [2:0]            dec_take;

axi_xactor_intake #(
    .STREAMS(3),
    .ID_WIDTH(ID_WIDTH),
    .ADDR_WIDTH(ADDR_WIDTH),
    .CMD_WIDTH(CMD_WIDTH),
    .CHUNK(CHUNK),
    .DEPTH(DEPTH),
    .LW(LW)
) u_intake (
    .clk(clk),
    .rst(rst),
    .cmd(cmd),
    .cmd_chunks(cmd_chunks),
    .open_reg(open_reg),
    .take(dec_take),
    .seq(seq),
    .cmd_new(cmd_new),
    .cmd_start(cmd_start),
    .cmd_has(cmd_has),
    .cmd_last(cmd_last),
    .in_start(in_start),
    .in_burst(in_burst),
    .cmd_len(cmd_len),
    .cmd_size(cmd_size),
    .cmd_type(cmd_type),
    .cmd_addr(cmd_addr),
    .pace_now(pace_now),
    .id_now(id_now),
    .misuse(intake_misuse),
    .dec_avail(dec_avail),
    .dec_idle(dec_idle),
    .dec_level(dec_level),
    .room_rise(room_rise)
);

/*
 * This cycle's decisions (as the pin-level master's drive step)
 */
wire                  first_bad = in_start && cmd[CMD_FILE] && !cmd_first_ok;  // (starts nothing)
wire                  open_now = (open_reg || in_start) && !first_bad;
wire [SW+1:0]         known = {1'b0, held_reg} + {{(SW+1){1'b0}}, in_burst};
wire                  closed_now = closed_reg || (in_burst && cmd_last);
wire [31:0]           outstanding = in_start ? 32'd0 : n_aw_reg - {16'd0, n_resp_reg};

// AW: next address when none is presented
wire                  aw_have = {1'b0, aw_ahead_reg} < known;
wire                  aw_elig = open_now && !aw_valid_reg && (aw_have || !closed_now)
                                && outstanding < {24'd0, max_out};
wire                  aw_paced_idle = pace_now[0] && (dec_idle[0] || !dec_avail[0]);
wire                  aw_go = aw_elig && aw_have && !aw_paced_idle;
wire                  aw_from_in = aw_ahead_reg == held_reg;
wire [SW-1:0]         aw_slot = head_reg + aw_ahead_reg[SW-1:0];

assign m_axi_awvalid = aw_valid_reg || aw_go;
assign m_axi_awaddr  = aw_from_in ? cmd_addr : slot_addr[aw_slot];
assign m_axi_awlen   = aw_from_in ? cmd_len : slot_len[aw_slot];
assign m_axi_awsize  = aw_from_in ? cmd_size : slot_size[aw_slot];
assign m_axi_awburst = aw_from_in ? cmd_type : slot_type[aw_slot];
assign m_axi_awid    = id_now;

// W: next beat once its burst's address is out
wire                  w_elig = open_now && !w_valid_reg && (aw_ahead_reg != {(SW+1){1'b0}} || m_axi_awvalid);
wire                  w_paced_idle = pace_now[1] && (dec_idle[1] || !dec_avail[1]);
wire                  w_go = w_elig && !w_paced_idle;
wire                  w_from_in = held_reg == {(SW+1){1'b0}};
wire [7:0]            w_len = w_from_in ? cmd_len : slot_len[head_reg];

assign m_axi_wvalid = w_valid_reg || w_go;
// A burst is read from the command port only in the cycle it arrives (it is in a slot from the
// next edge on), so only its first beat is ever needed from there.
assign m_axi_wdata  = w_from_in ? cmd_data[DATA_WIDTH-1:0] : slot_rec[head_reg][w_beat_reg*DATA_WIDTH +: DATA_WIDTH];
assign m_axi_wstrb  = w_from_in ? cmd_strb[STRB-1:0] : slot_rec[head_reg][STRB_AT + w_beat_reg*STRB +: STRB];
assign m_axi_wlast  = {{(8-BW){1'b0}}, w_beat_reg} == w_len;

// B: READY held low on an idle decision, one decision per cycle of a call
wire                  b_paced = open_now && pace_now[2];
assign m_axi_bready = !(b_paced && dec_idle[2]);

assign dec_take = {b_paced, w_elig && pace_now[1], aw_elig && pace_now[0]};

wire                  aw_hs = m_axi_awvalid && m_axi_awready;
wire                  w_hs = m_axi_wvalid && m_axi_wready;
wire                  b_hs = m_axi_bready && m_axi_bvalid;

wire                  underrun = (aw_elig && !aw_have)
                                 || |(dec_take & ~dec_avail);
wire                  misuse = (in_burst && held_reg == SLOTS_L) || intake_misuse
                               || (cmd_new && cmd_files
                                   && !(cmd_start && cmd_has && cmd_last == (cmd_stream == 16'd0)));
wire                  stream_now = in_start ? cmd_files : stream_reg;
wire [31:0]           quiet_count = (in_start ? 32'd0 : quiet_reg) + 32'd1;
wire                  timed_out = open_now && !(aw_hs || w_hs || b_hs) && quiet_count > timeout;

// A plain beat: an edge of an open call with no command, where a W beat inside its burst (not the
// last) is taken and nothing else happens: no AW or B handshake, AWVALID as it was, no burst to read
// from the stream file, no underrun, no stream getting room.  The full update below would then only
// advance the beat and the call's counters, so such an edge does just that (the common edge of a
// long write: an event-driven simulator pays for every statement the full update runs).  Verilator
// evaluates this net at every evaluation of the model, whichever branch is taken: there it is 0.
`ifdef VERILATOR
wire                  w_plain = 1'b0;
`else
wire                  w_plain = open_reg && !cmd_new && w_hs && !m_axi_wlast && w_seen_reg
                                && !aw_hs && m_axi_awvalid == aw_valid_reg && !b_hs && !underrun && !room_rise
                                && !(stream_reg && stream_left_reg != 16'd0 && held_reg != SLOTS_L);
`endif


/*
 * Edge: take the command, sample the handshakes, update the state
 */
reg [SW:0]  held_next;
reg [SW:0]  aw_ahead_next;
reg [15:0]  n_resp_next;
reg [31:0]  n_aw_next;
reg [15:0]  n_cmd_next;
reg         event_next;
reg [3:0]   err_next;
reg [SW-1:0] fill_slot;
reg [SW-1:0] head_next;
reg [15:0]  stream_left_next;
reg         f_ok;
reg [STATUS_BITS-1:0] stat_next;

// (an event-driven simulator does not wake this process while no call is open: xactor_edge.vh)
`XACTOR_POSEDGE(clk, rst !== 1'b0 || cmd_new || open_reg) begin
    if (rst) begin
        open_reg <= 1'b0;
        closed_reg <= 1'b0;
        held_reg <= {(SW+1){1'b0}};
        head_reg <= {SW{1'b0}};
        aw_ahead_reg <= {(SW+1){1'b0}};
        aw_valid_reg <= 1'b0;
        w_valid_reg <= 1'b0;
        w_beat_reg <= {BW{1'b0}};
        ev_reg <= ev_reg + 8'd1;  // (a new stat snapshot)
        stream_reg <= 1'b0;
        stream_bad_reg <= 1'b0;
        stream_left_reg <= 16'd0;
        stream_close;
        quiet_reg <= 32'd0;
        if (open_reg) begin
            // the call ends; its progress stays readable (err_id: the beat reached)
            err_reg <= ERR_RESET;
            err_id_reg <= w_beat_reg;
            cycles_reg <= cycles_reg + 32'd1;
        end
    end else if (w_plain) begin
        // (what the full update below does at such an edge)
        w_beat_reg <= w_beat_reg + 1'b1;
        w_valid_reg <= 1'b0;
        w_last_reg <= cycles_reg;
        cycles_reg <= cycles_reg + 32'd1;
        quiet_reg <= 32'd0;
    end else if (cmd_new || open_reg) begin
        // (without a command or an open call nothing here can change: skip it, which matters
        // to an event-driven simulator)
        event_next = 1'b0;
        err_next = ERR_NONE;
        held_next = held_reg;
        aw_ahead_next = aw_ahead_reg;
        n_resp_next = n_resp_reg;
        n_aw_next = n_aw_reg;
        n_cmd_next = n_cmd_reg;
        head_next = head_reg;
        stream_left_next = stream_left_reg;

        // a command taken wakes the testbench only when it may send another: not after an
        // unpaced call's last burst, nor after its streamed start (the rest comes from the file);
        // the call's end always wakes it (a paced call refills its decisions at these wakeups)
        if (cmd_new && !(cmd_has && (cmd_last || cmd_stream != 16'd0) && pace_now == 0)) begin
            event_next = 1'b1;
        end
        if (in_start) begin
            open_reg <= 1'b1;
            err_reg <= ERR_NONE;
            n_aw_next = 32'd0;
            n_resp_next = 16'd0;
            n_cmd_next = 16'd0;
            stream_reg <= cmd_files;
            stream_bad_reg <= 1'b0;
            stream_left_next = 16'd0;
            if (cmd_files && !misuse && !first_bad) begin
                stream_left_next = cmd_stream;
                if (cmd_stream != 16'd0) begin
                    stream_close;
                    stream_open;
                    if (cmd[CMD_FILE]) begin
                        stream_read(f_ok);  // the first record: the command brought it (cmd_data)
                    end
                end
            end
        end
        if (in_burst && held_reg != SLOTS_L) begin
            fill_slot = head_reg + held_reg[SW-1:0];
            slot_addr[fill_slot] <= cmd_addr;
            slot_len[fill_slot] <= cmd_len;
            slot_size[fill_slot] <= cmd_size;
            slot_type[fill_slot] <= cmd_type;
            slot_rec[fill_slot] <= {cmd_strb, cmd_data};
            held_next = held_next + 1'b1;
            n_cmd_next = n_cmd_next + 16'd1;
            if (cmd_last) begin
                closed_reg <= 1'b1;
            end
        end

        // AW
        aw_valid_reg <= m_axi_awvalid && !aw_hs;
        if (aw_hs) begin
            aw_ahead_next = aw_ahead_next + 1'b1;
            n_aw_next = n_aw_next + 32'd1;
        end

        // W
        w_valid_reg <= m_axi_wvalid && !w_hs;
        if (w_hs) begin
            if (m_axi_wlast) begin
                w_beat_reg <= {BW{1'b0}};
                head_next = head_next + 1'b1;
                held_next = held_next - 1'b1;
                aw_ahead_next = aw_ahead_next - 1'b1;
                if (!stream_now && !closed_now) begin
                    event_next = 1'b1;  // a slot the testbench may fill
                end
            end else begin
                w_beat_reg <= w_beat_reg + 1'b1;
            end
        end

        // B
        if (b_hs && open_now) begin
            if ({16'd0, n_resp_next} >= n_aw_next) begin
                err_next = ERR_NO_BURST;
                err_id_reg <= m_axi_bid;
            end else if (m_axi_bid != id_now) begin
                err_next = ERR_BID;
                err_id_reg <= m_axi_bid;
            end
            resp_log[RESP_BITS*n_resp_next[RW-1:0] +: 2] <= m_axi_bresp;
            n_resp_next = n_resp_next + 16'd1;
            if (stream_now && n_resp_next[RW-2:0] == {(RW-1){1'b0}}) begin
                event_next = 1'b1;  // half the log is new: the testbench drains it
            end
        end

        // the next burst from the stream file, into the slot freed (or free) at this edge
        if (open_now && stream_now && stream_left_next != 16'd0 && held_next != SLOTS_L && err_next == ERR_NONE) begin
            fill_slot = head_next + held_next[SW-1:0];
            stream_read(f_ok);
            if (!f_ok) begin
                // no more bursts: let those on the bus finish, then fail the call
                stream_bad_reg <= 1'b1;
                err_id_reg <= stream_left_next[ID_WIDTH-1:0];
                stream_left_next = 16'd0;
                closed_reg <= 1'b1;
                stream_close;
            end else begin
                slot_addr[fill_slot] <= f_desc[DESC_ADDR +: ADDR_WIDTH];
                slot_len[fill_slot] <= f_desc[DESC_LEN +: 8];
                slot_size[fill_slot] <= f_desc[DESC_SIZE +: 3];
                slot_type[fill_slot] <= f_desc[DESC_TYPE +: 2];
                slot_rec[fill_slot] <= f_rec;
                held_next = held_next + 1'b1;
                n_cmd_next = n_cmd_next + 16'd1;
                stream_left_next = stream_left_next - 16'd1;
                if (stream_left_next == 16'd0) begin
                    closed_reg <= 1'b1;
                    stream_close;
                end
            end
        end

        if (first_bad) begin
            // the first record was not there: no burst of the call went out
            err_next = ERR_STREAM;
            err_id_reg <= cmd_stream[ID_WIDTH-1:0] + 1'b1;
        end
        if (timed_out) begin
            err_next = ERR_TIMEOUT;
        end
        if (err_next == ERR_NONE && open_now && underrun) begin
            err_next = ERR_UNDERRUN;
        end
        if (err_next == ERR_NONE && misuse) begin
            err_next = ERR_MISUSE;
        end

        if (room_rise) begin
            event_next = 1'b1;
        end

        n_aw_reg <= n_aw_next;
        n_resp_reg <= n_resp_next;
        n_cmd_reg <= n_cmd_next;
        held_reg <= held_next;
        head_reg <= head_next;
        aw_ahead_reg <= aw_ahead_next;
        stream_left_reg <= stream_left_next;

        if (err_next != ERR_NONE) begin
            // end the call: drop every VALID and every queued burst
            err_reg <= err_next;
            stream_reg <= 1'b0;
            stream_bad_reg <= 1'b0;
            stream_left_reg <= 16'd0;
            stream_close;
            open_reg <= 1'b0;
            closed_reg <= 1'b0;
            held_reg <= {(SW+1){1'b0}};
            aw_ahead_reg <= {(SW+1){1'b0}};
            aw_valid_reg <= 1'b0;
            w_valid_reg <= 1'b0;
            w_beat_reg <= {BW{1'b0}};
            event_next = 1'b1;
        end else if (open_now && closed_now && b_hs && n_resp_next == n_cmd_next) begin
            // the call's last response: the call is over
            open_reg <= 1'b0;
            closed_reg <= 1'b0;
            stream_reg <= 1'b0;
            stream_bad_reg <= 1'b0;
            if (stream_bad_reg) begin
                err_reg <= ERR_STREAM;
            end
            calls_done_reg <= calls_done_reg + 8'd1;
            event_next = 1'b1;
        end

        if (event_next) begin
            ev_reg <= ev_reg + 8'd1;
        end

        // The call's counters: cycles, quiet cycles (for the timeout), the cycles of the first and
        // last W handshakes, bursts whose data is done.  They start from zero with each call (a
        // start command in this cycle counts as the call's first).
        if (in_start) begin
            n_w_reg <= 16'd0;
            w_seen_reg <= 1'b0;
            w_first_reg <= 32'd0;
            w_last_reg <= 32'd0;
        end
        if (w_hs) begin
            if (!w_seen_reg || in_start) begin
                w_first_reg <= in_start ? 32'd0 : cycles_reg;
            end
            w_seen_reg <= 1'b1;
            w_last_reg <= in_start ? 32'd0 : cycles_reg;
            if (m_axi_wlast) begin
                n_w_reg <= (in_start ? 16'd0 : n_w_reg) + 16'd1;
            end
        end
        if (open_now) begin
            cycles_reg <= (in_start ? 32'd0 : cycles_reg) + 32'd1;
            quiet_reg <= (aw_hs || w_hs || b_hs) ? 32'd0 : quiet_count;
        end
    end
end

// ev moves half a cycle after the state it reports: a testbench woken by it reads settled
// state on every simulator, and its next command still arrives before the next rising edge
`XACTOR_NEGEDGE(clk, ev != ev_reg) begin
    if (ev != ev_reg) begin
        // stat is a snapshot taken with each event: it is only read when ev moves
        stat_next = {STATUS_BITS{1'b0}};
        stat_next[ST_SEQ +: 8] = seq;
        stat_next[ST_FREE +: SW+1] = SLOTS_L - held_reg;
        stat_next[ST_CALLS +: 8] = calls_done_reg;
        stat_next[ST_COUNT +: 16] = n_resp_reg;
        stat_next[ST_ERR +: 4] = err_reg;
        stat_next[ST_ERR_ID +: ID_WIDTH] = err_id_reg;
        stat_next[ST_LEVEL_AW +: 3*LW] = dec_level;
        stat_next[ST_CYCLES +: 32] = cycles_reg;
        stat_next[ST_ADDR_COUNT +: 32] = n_aw_reg;
        stat_next[ST_DATA_DONE +: 16] = n_w_reg;
        stat_next[ST_BEAT +: BW] = w_beat_reg;
        stat_next[ST_FIRST +: 32] = w_first_reg;
        stat_next[ST_LAST +: 32] = w_last_reg;
        stat <= stat_next;
        mailbox_put(0, {{(512-STATUS_BITS){1'b0}}, stat_next}, STATUS_BITS / 8);
        mailbox_put(STATUS_BITS / 8, resp_log, 2 * RLOG / 8);
    end
    ev <= ev_reg;
end

initial begin
    ev = 8'd0;
    ev_reg = 8'd0;
    stat = {STATUS_BITS{1'b0}};
    stat[ST_FREE +: SW+1] = SLOTS_L;  // idle: every slot free
    calls_done_reg = 8'd0;
    err_reg = ERR_NONE;
    err_id_reg = {ID_WIDTH{1'b0}};
    cycles_reg = 32'd0;
    n_cmd_reg = 16'd0;
    n_aw_reg = 32'd0;
    n_w_reg = 16'd0;
    n_resp_reg = 16'd0;
    quiet_reg = 32'd0;
    w_first_reg = 32'd0;
    w_last_reg = 32'd0;
    w_seen_reg = 1'b0;
    resp_log = {(2*RLOG){1'b0}};
    fd = 0;
    stream_reg = 1'b0;
    stream_bad_reg = 1'b0;
    stream_left_reg = 16'd0;
    // power-on = reset state: no call open, AWVALID/WVALID low
    open_reg = 1'b0;
    closed_reg = 1'b0;
    held_reg = {(SW+1){1'b0}};
    head_reg = {SW{1'b0}};
    aw_ahead_reg = {(SW+1){1'b0}};
    aw_valid_reg = 1'b0;
    w_valid_reg = 1'b0;
    w_beat_reg = {BW{1'b0}};
    mailbox_put(0, {{(512-STATUS_BITS){1'b0}}, stat}, STATUS_BITS / 8);
    mailbox_put(STATUS_BITS / 8, resp_log, 2 * RLOG / 8);
end

endmodule

`default_nettype wire
