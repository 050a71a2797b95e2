/*
 * axi_xactor_rd
 *
 * The read half of the burst transactor (AR, R): executes whole read
 * bursts handed to it by the testbench, making the same cycle-by-cycle
 * decisions as the Python pin-level master (see axi_burst_xactor).
 *
 * Commands come through axi_xactor_intake (its header has the layout); the
 * read command adds, after the address, [CMD_STREAM +: 15]: how many more
 * bursts of the call come from the stream file, and [CMD_FILE]: the call
 * goes through the files even with no more bursts (with start only).
 * cfg as for writes: [CFG_MAX_OUT +: 8] bursts between AR and their last
 * R beat at most, [CFG_TIMEOUT +: 32] quiet cycles before a timeout.
 *
 * stat (a snapshot taken with each event): the ST_* fields below: last
 * command taken, free slots, calls finished, bursts finished in the call,
 * error code (ERR_*), offending ID, offending beat, pacing levels AR/R,
 * offending burst's ARLEN, cycles of the call, AR handshakes, cycle of the
 * first and of the last R handshake, RRESP of the last finished burst
 * (worst beat).  res_data: the beats of the last finished burst, beat k at
 * [k*DATA_WIDTH +: DATA_WIDTH].
 *
 * Streamed calls, as for writes: a start command with a stream count N > 0
 * (or N = 0 and the file bit: a one-burst call) carries the call's first
 * burst; its other N bursts are read from
 * STREAM_FILE (opened at that edge), one 16-byte descriptor per burst in
 * the write stream's format (tb/xactor_wire.py DESCRIPTOR), one at every
 * edge with a free slot, which is never later than a command could have
 * brought it.  Every finished burst of a streamed call, the first
 * included, goes to OUT_FILE (opened at the start without truncating it,
 * created when missing, closed when the call ends, fails or is reset) as
 * one record from the file's start: a 32-bit header, little-endian
 * ([OUT_RESP +: 2]: RRESP, worst beat; [OUT_CALL +: 8]: calls finished
 * before this one; [OUT_INDEX +: 16]: the burst's index in the call, so
 * a record left from an earlier call shows), then res_data as MAX_BEATS*
 * DATA_WIDTH/8 little-endian bytes (beats past ARLEN hold older data).
 * The testbench is then woken only for the call's end, an error, and a
 * pacing stream with room, not at every burst.  A descriptor that cannot
 * be read whole ends the stream: the bursts already taken finish, then
 * the call ends with ERR_STREAM (err_id: bursts the file still owed, low
 * bits).  Icarus uses $fread and $fwrite("%u"); Verilator the DPI-C
 * functions of axi_xactor_stream.c.
 */

`timescale 1ns / 1ps
`default_nettype none
`include "xactor_edge.vh"

module axi_xactor_rd #(
    parameter DATA_WIDTH = 64,
    parameter ADDR_WIDTH = 32,
    parameter ID_WIDTH = 8,
    parameter MAX_BEATS = 256,
    parameter SLOTS = 8,
    parameter CHUNK = 64,
    parameter DEPTH = 256,
    parameter CMD_WIDTH = 44 + ID_WIDTH + ADDR_WIDTH,
    parameter STREAM_FILE = "axi_xactor_rd.stream",
    parameter OUT_FILE = "axi_xactor_rd.out",
    // byte offset of this half's status in the status mailbox (xactor_mailbox.vh); negative: none
    parameter integer MAILBOX_AT = -1
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

// Wire format (tb/xactor_wire.py; the regression checks these against it).
localparam CMD_STREAM = CMD_WIDTH - 16;  // after the intake's fields: bursts that follow in the stream file (15 bits)
localparam CMD_FILE = CMD_WIDTH - 1;     // the call's first burst comes back in the out file too
localparam CFG_MAX_OUT = 0;
localparam CFG_TIMEOUT = 8;
localparam STATUS_BITS = 256;
localparam ST_SEQ = 0;
localparam ST_FREE = 8;
localparam ST_CALLS = 16;
localparam ST_COUNT = 24;
localparam ST_ERR = 40;
localparam ST_ERR_ID = 48;
localparam ST_ERR_BEAT = 56;
localparam ST_LEVEL_AR = 64;
localparam ST_ERR_LEN = 88;
localparam ST_CYCLES = 96;
localparam ST_ADDR_COUNT = 128;
localparam ST_FIRST = 160;
localparam ST_LAST = 192;
localparam ST_RESP = 224;
localparam DESC_TYPE = 51;
localparam DESC_SIZE = 53;
localparam DESC_LEN = 56;
localparam DESC_ADDR = 64;
localparam OUT_RESP = 0;
localparam OUT_CALL = 8;
localparam OUT_INDEX = 16;
localparam OUT_HEADER_BYTES = 4;

localparam [3:0] ERR_NONE = 4'd0;
localparam [3:0] ERR_RID = 4'd1;
localparam [3:0] ERR_NO_BURST = 4'd2;
localparam [3:0] ERR_TIMEOUT = 4'd3;
localparam [3:0] ERR_UNDERRUN = 4'd4;
localparam [3:0] ERR_MISUSE = 4'd5;
localparam [3:0] ERR_RESET = 4'd6;
localparam [3:0] ERR_RLAST = 4'd7;
localparam [3:0] ERR_RDATA_X = 4'd8;
localparam [3:0] ERR_STREAM = 4'd9;

wire [7:0]            max_out = cfg[CFG_MAX_OUT +: 8];
wire [31:0]           timeout = cfg[CFG_TIMEOUT +: 32];

reg [7:0]             ev_reg;         // counts events at the rising edge; ev follows at the falling edge
reg                   open_reg;
reg                   closed_reg;
reg [SW:0]            held_reg;        // bursts held, from the one whose beats arrive
reg [SW-1:0]          head_reg;
reg [SW:0]            ar_ahead_reg;       // AR handshakes done beyond it... counted from it
reg                   ar_valid_reg;
reg [BW-1:0]          r_beat_reg;
reg [1:0]             r_resp_reg;
reg [15:0]            n_cmd_reg;
reg [31:0]            n_ar_reg;
reg [15:0]            n_r_reg;
reg [7:0]             calls_done_reg;
reg [3:0]             err_reg;
reg [ID_WIDTH-1:0]    err_id_reg;
reg [7:0]             err_beat_reg;
reg [7:0]             err_len_reg;
reg [31:0]            cycles_reg;
reg [31:0]            quiet_reg;
reg [31:0]            r_first_reg;
reg [31:0]            r_last_reg;
reg                   r_seen_reg;
reg [1:0]             res_resp_reg;
reg [MAX_BEATS*DATA_WIDTH-1:0] res_next;       // the burst being received, beat by beat (res_data's layout)

// mailbox_put: the status mailbox (nic_fast_top)
`include "xactor_mailbox.vh"

// the stream files of a streamed call
integer               fd;             // descriptors in; 0: none open
integer               fo;             // finished bursts out; 0: none open
reg                   stream_reg;     // the call's further bursts come from the file
reg                   stream_bad_reg; // a descriptor could not be read: the call fails at its end
reg [15:0]            stream_left_reg; // bursts still to read from it
// the descriptor layout is shared with the intake (tb/xactor_wire.py DESCRIPTOR): this half
// reads only the address, length, size and type fields of a streamed burst's record
/* verilator lint_off UNUSEDSIGNAL */
reg [127:0]           f_desc;
/* verilator lint_on UNUSEDSIGNAL */
reg [OUT_HEADER_BYTES*8-1:0] out_header;

`ifdef VERILATOR
// tb/hdl/axi_xactor_stream.c: a descriptor in one block read, a finished burst in one block write
import "DPI-C" function int axi_xactor_stream_open(input string path);
import "DPI-C" function void axi_xactor_stream_close(input int h);
import "DPI-C" function int axi_xactor_stream_desc(input int h, output bit [127:0] desc);
import "DPI-C" function int axi_xactor_out_open(input string path);
import "DPI-C" function void axi_xactor_out_write(
    input int h, input bit [31:0] header, input bit [MAX_BEATS*DATA_WIDTH-1:0] data, input int data_bytes);
`endif

// (the descriptor file only when there are descriptors to read: a one-burst call has none)
task files_open;
    input descriptors;
begin
`ifdef VERILATOR
    fd = descriptors ? axi_xactor_stream_open($sformatf("%s", STREAM_FILE)) : 0;
    fo = axi_xactor_out_open($sformatf("%s", OUT_FILE));
`else
    fd = descriptors ? $fopen(STREAM_FILE, "rb") : 0;
    // rewritten in place: truncating a file makes some file systems (ext4) flush it on close
    fo = $fopen(OUT_FILE, "r+b");
    if (fo == 0) fo = $fopen(OUT_FILE, "wb");
`endif
end
endtask

task files_close;
begin
`ifdef VERILATOR
    if (fd != 0) axi_xactor_stream_close(fd);
    if (fo != 0) axi_xactor_stream_close(fo);
`else
    if (fd != 0) $fclose(fd);
    if (fo != 0) $fclose(fo);
`endif
    fd = 0;
    fo = 0;
end
endtask

// Read the next descriptor into f_desc; ok = 0 when it is not there whole.
task desc_read;
    output ok;
    integer got;
begin
`ifdef VERILATOR
    got = (fd == 0) ? 0 : axi_xactor_stream_desc(fd, f_desc);
    ok = got == 1;
`else
    got = (fd == 0) ? 0 : $fread(f_desc, fd);
    ok = got == 16;
`endif
end
endtask

// A finished burst to the out file: the header, then res_data.
task out_write;
    input [1:0] resp;
    input [15:0] index;
begin
    out_header = 32'd0;
    out_header[OUT_RESP +: 2] = resp;
    out_header[OUT_CALL +: 8] = calls_done_reg;
    out_header[OUT_INDEX +: 16] = index;
    if (fo != 0) begin
`ifdef VERILATOR
        axi_xactor_out_write(fo, out_header, res_data, MAX_BEATS * DATA_WIDTH / 8);
`else
        $fwrite(fo, "%u", out_header);
        $fwrite(fo, "%u", res_data);
`endif
    end
end
endtask

reg [ADDR_WIDTH-1:0]  slot_addr [0:SLOTS-1];
reg [7:0]             slot_len  [0:SLOTS-1];
reg [2:0]             slot_size [0:SLOTS-1];
reg [1:0]             slot_type [0:SLOTS-1];

/*
 * Command intake and pacing streams: AR, R
 */
wire [7:0]            seq;
wire                  cmd_new;
wire                  cmd_last;
wire                  cmd_start;
wire                  cmd_has;
wire                  in_start;
wire                  in_burst;
wire [7:0]            cmd_len;
wire [2:0]            cmd_size;
wire [1:0]            cmd_type;
wire [ADDR_WIDTH-1:0] cmd_addr;
wire [1:0]            pace_now;
wire [ID_WIDTH-1:0]   id_now;
wire                  intake_misuse;
wire [1:0]            dec_avail;
wire [1:0]            dec_idle;
wire [2*LW-1:0]       dec_level;
wire                  room_rise;
wire [1:0]            dec_take;

axi_xactor_intake #(
    .STREAMS(2),
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

wire                  open_now = open_reg || in_start;
wire [SW+1:0]         known = {1'b0, held_reg} + {{(SW+1){1'b0}}, in_burst};
wire                  closed_now = closed_reg || (in_burst && cmd_last);

// AR: at most MAX_OUT bursts between AR and their last beat
wire                  ar_have = {1'b0, ar_ahead_reg} < known;
wire                  ar_elig = open_now && !ar_valid_reg && (ar_have || !closed_now)
                                && {{(7-SW){1'b0}}, ar_ahead_reg} < max_out;
wire                  ar_paced_idle = pace_now[0] && (dec_idle[0] || !dec_avail[0]);
wire                  ar_go = ar_elig && ar_have && !ar_paced_idle;
wire                  ar_from_in = ar_ahead_reg == held_reg;
wire [SW-1:0]         ar_slot = head_reg + ar_ahead_reg[SW-1:0];

assign m_axi_arvalid = ar_valid_reg || ar_go;
assign m_axi_araddr  = ar_from_in ? cmd_addr : slot_addr[ar_slot];
assign m_axi_arlen   = ar_from_in ? cmd_len : slot_len[ar_slot];
assign m_axi_arsize  = ar_from_in ? cmd_size : slot_size[ar_slot];
assign m_axi_arburst = ar_from_in ? cmd_type : slot_type[ar_slot];
assign m_axi_arid    = id_now;

wire                  r_paced = open_now && pace_now[1];
assign m_axi_rready = !(r_paced && dec_idle[1]);
assign dec_take = {r_paced, ar_elig && pace_now[0]};

wire                  ar_hs = m_axi_arvalid && m_axi_arready;
wire                  r_hs = m_axi_rready && m_axi_rvalid;
wire                  r_is_last = {{(8-BW){1'b0}}, r_beat_reg} == slot_len[head_reg];

wire                  underrun = (ar_elig && !ar_have) || |(dec_take & ~dec_avail);
wire [15:0]           cmd_stream = {1'b0, cmd[CMD_STREAM +: 15]};
// a call through the files: further bursts in the stream file, or the first alone (file bit)
wire                  cmd_files = cmd_stream != 16'd0 || cmd[CMD_FILE];
wire                  misuse = (in_burst && held_reg == SLOTS_L) || intake_misuse
                               || (cmd_new && cmd_files
                                   && !(cmd_start && cmd_has && cmd_last == (cmd_stream == 16'd0)));
wire                  stream_now = in_start ? cmd_files : stream_reg;
wire [31:0]           quiet_count = (in_start ? 32'd0 : quiet_reg) + 32'd1;
wire                  timed_out = open_now && !(ar_hs || r_hs) && quiet_count > timeout;

// A plain beat: an edge of an open call with no command, where an R beat inside its burst (not the
// last, as RLAST says) is taken and passes every check (an outstanding burst, the call's ID, RDATA
// known, RRESP no worse than the burst's so far), and nothing else happens: no AR handshake, ARVALID
// as it was, no descriptor to read, no underrun, no stream getting room.  The full update below
// would then only keep the beat and advance the beat and the call's counters, so such an edge does
// just that (the common edge of a long read: an event-driven simulator pays for every statement
// the full update runs).  Verilator evaluates this net at every evaluation of the model, whichever
// branch is taken: there it is 0.
`ifdef VERILATOR
wire                  r_plain = 1'b0;
`else
wire                  rdata_known = (^m_axi_rdata) !== 1'bx;
wire                  r_plain = open_reg && !cmd_new && r_hs && !m_axi_rlast && !r_is_last && r_seen_reg
                                && ar_ahead_reg != {(SW+1){1'b0}} && m_axi_rid == id_now && rdata_known
                                && m_axi_rresp <= r_resp_reg
                                && !ar_hs && m_axi_arvalid == ar_valid_reg && !underrun && !room_rise
                                && !(stream_reg && stream_left_reg != 16'd0 && held_reg != SLOTS_L);
`endif


reg [SW:0]  held_next;
reg [SW-1:0] head_next;
reg [15:0]  stream_left_next;
reg         f_ok;
reg [SW:0]  ar_ahead_next;
reg [15:0]  n_cmd_next;
reg [15:0]  n_r_next;
reg         event_next;
reg [3:0]   err_next;
reg [SW-1:0] fill_slot;
reg [1:0]   resp_next;
reg [STATUS_BITS-1:0] stat_next;

// (an event-driven simulator does not wake this process while no call is open: xactor_edge.vh)
`XACTOR_POSEDGE(clk, rst !== 1'b0 || cmd_new || open_reg) begin
    if (rst) begin
        open_reg <= 1'b0;
        closed_reg <= 1'b0;
        held_reg <= {(SW+1){1'b0}};
        head_reg <= {SW{1'b0}};
        ar_ahead_reg <= {(SW+1){1'b0}};
        ar_valid_reg <= 1'b0;
        r_beat_reg <= {BW{1'b0}};
        r_resp_reg <= 2'd0;
        ev_reg <= ev_reg + 8'd1;  // (a new stat snapshot)
        stream_reg <= 1'b0;
        stream_bad_reg <= 1'b0;
        stream_left_reg <= 16'd0;
        files_close;
        quiet_reg <= 32'd0;
        if (open_reg) begin
            // the call ends; its progress stays readable
            err_reg <= ERR_RESET;
            err_beat_reg <= {{(8-BW){1'b0}}, r_beat_reg};
            cycles_reg <= cycles_reg + 32'd1;
        end
    end else if (r_plain) begin
        // (what the full update below does at such an edge)
        res_next[r_beat_reg*DATA_WIDTH +: DATA_WIDTH] = m_axi_rdata;
        r_beat_reg <= r_beat_reg + 1'b1;
        r_last_reg <= cycles_reg;
        cycles_reg <= cycles_reg + 32'd1;
        quiet_reg <= 32'd0;
    end else if (cmd_new || open_reg) begin
        // (without a command or an open call nothing here can change: skip it, which matters
        // to an event-driven simulator)
        event_next = 1'b0;
        err_next = ERR_NONE;
        held_next = held_reg;
        head_next = head_reg;
        stream_left_next = stream_left_reg;
        ar_ahead_next = ar_ahead_reg;
        n_cmd_next = n_cmd_reg;
        n_r_next = n_r_reg;

        // a command taken wakes the testbench only when it may send another: not after an
        // unpaced call's last burst, nor after its streamed start (the rest comes from the file);
        // the call's end always wakes it (a paced call refills its decisions at these wakeups)
        if (cmd_new && !(cmd_has && (cmd_last || cmd_stream != 16'd0) && pace_now == 0)) begin
            event_next = 1'b1;
        end
        if (in_start) begin
            open_reg <= 1'b1;
            err_reg <= ERR_NONE;
            n_cmd_next = 16'd0;
            n_r_next = 16'd0;
            stream_reg <= cmd_files;
            stream_bad_reg <= 1'b0;
            stream_left_next = 16'd0;
            if (cmd_files && !misuse) begin
                stream_left_next = cmd_stream;
                files_close;
                files_open(cmd_stream != 16'd0);
            end
        end
        if (in_burst && held_reg != SLOTS_L) begin
            fill_slot = head_reg + held_reg[SW-1:0];
            slot_addr[fill_slot] <= cmd_addr;
            slot_len[fill_slot] <= cmd_len;
            slot_size[fill_slot] <= cmd_size;
            slot_type[fill_slot] <= cmd_type;
            held_next = held_next + 1'b1;
            n_cmd_next = n_cmd_next + 16'd1;
            if (cmd_last) begin
                closed_reg <= 1'b1;
            end
        end

        ar_valid_reg <= m_axi_arvalid && !ar_hs;
        if (ar_hs) begin
            ar_ahead_next = ar_ahead_next + 1'b1;
        end

        if (r_hs && open_now) begin
            resp_next = (m_axi_rresp > r_resp_reg) ? m_axi_rresp : r_resp_reg;
            if (ar_ahead_next == {(SW+1){1'b0}}) begin
                err_next = ERR_NO_BURST;
                err_id_reg <= m_axi_rid;
            end else if (m_axi_rid != id_now) begin
                err_next = ERR_RID;
                err_id_reg <= m_axi_rid;
            end else if ((^m_axi_rdata) === 1'bx) begin
                err_next = ERR_RDATA_X;
                err_beat_reg <= {{(8-BW){1'b0}}, r_beat_reg};
                err_len_reg <= slot_len[head_reg];
            end else if (m_axi_rlast != r_is_last) begin
                err_next = ERR_RLAST;
                err_beat_reg <= {{(8-BW){1'b0}}, r_beat_reg};
                err_len_reg <= slot_len[head_reg];
            end else begin
                res_next[r_beat_reg*DATA_WIDTH +: DATA_WIDTH] = m_axi_rdata;
                if (m_axi_rlast) begin
                    // the whole burst, once: res_data is only read by the testbench, after
                    // this edge, so a blocking update here saves a wide copy every cycle
                    // (beats past the last keep older bytes: only the burst's own beats are read)
                    res_data = res_next;
                    res_resp_reg <= resp_next;
                    r_resp_reg <= 2'd0;
                    r_beat_reg <= {BW{1'b0}};
                    head_next = head_next + 1'b1;
                    held_next = held_next - 1'b1;
                    ar_ahead_next = ar_ahead_next - 1'b1;
                    n_r_next = n_r_next + 16'd1;
                    if (stream_now) begin
                        out_write(resp_next, n_r_next - 16'd1);
                    end else begin
                        event_next = 1'b1;  // a burst to collect, a slot the testbench may fill
                    end
                end else begin
                    r_resp_reg <= resp_next;
                    r_beat_reg <= r_beat_reg + 1'b1;
                end
            end
        end

        // the next burst from the stream file, into the slot freed (or free) at this edge
        if (open_now && stream_now && stream_left_next != 16'd0 && held_next != SLOTS_L && err_next == ERR_NONE) begin
            fill_slot = head_next + held_next[SW-1:0];
            desc_read(f_ok);
            if (!f_ok) begin
                // no more bursts: let those on the bus finish, then fail the call
                stream_bad_reg <= 1'b1;
                err_id_reg <= stream_left_next[ID_WIDTH-1:0];
                stream_left_next = 16'd0;
                closed_reg <= 1'b1;
            end else begin
                slot_addr[fill_slot] <= f_desc[DESC_ADDR +: ADDR_WIDTH];
                slot_len[fill_slot] <= f_desc[DESC_LEN +: 8];
                slot_size[fill_slot] <= f_desc[DESC_SIZE +: 3];
                slot_type[fill_slot] <= f_desc[DESC_TYPE +: 2];
                held_next = held_next + 1'b1;
                n_cmd_next = n_cmd_next + 16'd1;
                stream_left_next = stream_left_next - 16'd1;
                if (stream_left_next == 16'd0) begin
                    closed_reg <= 1'b1;
                end
            end
        end

        if (timed_out) begin
            err_next = ERR_TIMEOUT;
            err_beat_reg <= {{(8-BW){1'b0}}, r_beat_reg};
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

        n_cmd_reg <= n_cmd_next;
        n_r_reg <= n_r_next;
        held_reg <= held_next;
        head_reg <= head_next;
        ar_ahead_reg <= ar_ahead_next;
        stream_left_reg <= stream_left_next;

        if (err_next != ERR_NONE) begin
            err_reg <= err_next;
            stream_reg <= 1'b0;
            stream_bad_reg <= 1'b0;
            stream_left_reg <= 16'd0;
            files_close;
            open_reg <= 1'b0;
            closed_reg <= 1'b0;
            held_reg <= {(SW+1){1'b0}};
            ar_ahead_reg <= {(SW+1){1'b0}};
            ar_valid_reg <= 1'b0;
            r_beat_reg <= {BW{1'b0}};
            r_resp_reg <= 2'd0;
            event_next = 1'b1;
        end else if (open_now && closed_now && r_hs && m_axi_rlast && n_r_next == n_cmd_next) begin
            // the call's last beat: the call is over (its out file complete and closed)
            open_reg <= 1'b0;
            closed_reg <= 1'b0;
            stream_reg <= 1'b0;
            stream_bad_reg <= 1'b0;
            if (stream_bad_reg) begin
                err_reg <= ERR_STREAM;
            end
            files_close;
            calls_done_reg <= calls_done_reg + 8'd1;
            event_next = 1'b1;
        end

        if (event_next) begin
            ev_reg <= ev_reg + 8'd1;
        end

        // The call's counters: cycles, quiet cycles (for the timeout), AR handshakes, the cycles of
        // the first and last R handshakes.  They start from zero with each call (a start command in
        // this cycle counts as the call's first).
        if (in_start) begin
            n_ar_reg <= 32'd0;
            r_seen_reg <= 1'b0;
            r_first_reg <= 32'd0;
            r_last_reg <= 32'd0;
        end
        if (ar_hs) begin
            n_ar_reg <= (in_start ? 32'd0 : n_ar_reg) + 32'd1;
        end
        if (r_hs && open_now) begin
            if (!r_seen_reg || in_start) begin
                r_first_reg <= in_start ? 32'd0 : cycles_reg;
            end
            r_seen_reg <= 1'b1;
            r_last_reg <= in_start ? 32'd0 : cycles_reg;
        end
        if (open_now) begin
            cycles_reg <= (in_start ? 32'd0 : cycles_reg) + 32'd1;
            quiet_reg <= (ar_hs || r_hs) ? 32'd0 : quiet_count;
        end
    end
end

// ev moves half a cycle after the state it reports: a testbench woken by it reads settled
// state on every simulator, and its next command still arrives before the next rising edge
`XACTOR_NEGEDGE(clk, ev != ev_reg) begin
    if (ev != ev_reg) begin
        stat_next = {STATUS_BITS{1'b0}};
        stat_next[ST_SEQ +: 8] = seq;
        stat_next[ST_FREE +: SW+1] = SLOTS_L - held_reg;
        stat_next[ST_CALLS +: 8] = calls_done_reg;
        stat_next[ST_COUNT +: 16] = n_r_reg;
        stat_next[ST_ERR +: 4] = err_reg;
        stat_next[ST_ERR_ID +: ID_WIDTH] = err_id_reg;
        stat_next[ST_ERR_BEAT +: 8] = err_beat_reg;
        stat_next[ST_LEVEL_AR +: 2*LW] = dec_level;
        stat_next[ST_ERR_LEN +: 8] = err_len_reg;
        stat_next[ST_CYCLES +: 32] = cycles_reg;
        stat_next[ST_ADDR_COUNT +: 32] = n_ar_reg;
        stat_next[ST_FIRST +: 32] = r_first_reg;
        stat_next[ST_LAST +: 32] = r_last_reg;
        stat_next[ST_RESP +: 2] = res_resp_reg;
        stat <= stat_next;
        mailbox_put(0, {{(512-STATUS_BITS){1'b0}}, stat_next}, STATUS_BITS / 8);
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
    err_beat_reg = 8'd0;
    err_len_reg = 8'd0;
    cycles_reg = 32'd0;
    n_cmd_reg = 16'd0;
    n_ar_reg = 32'd0;
    n_r_reg = 16'd0;
    quiet_reg = 32'd0;
    r_first_reg = 32'd0;
    r_last_reg = 32'd0;
    r_seen_reg = 1'b0;
    res_resp_reg = 2'd0;
    res_data = 0;
    res_next = 0;
    fd = 0;
    fo = 0;
    stream_reg = 1'b0;
    stream_bad_reg = 1'b0;
    stream_left_reg = 16'd0;
    f_desc = 128'd0;
    out_header = 32'd0;
    // power-on = reset state: no call open, ARVALID low
    open_reg = 1'b0;
    closed_reg = 1'b0;
    held_reg = {(SW+1){1'b0}};
    head_reg = {SW{1'b0}};
    ar_ahead_reg = {(SW+1){1'b0}};
    ar_valid_reg = 1'b0;
    r_beat_reg = {BW{1'b0}};
    r_resp_reg = 2'd0;
    mailbox_put(0, {{(512-STATUS_BITS){1'b0}}, stat}, STATUS_BITS / 8);
end

endmodule

`default_nettype wire
