/*
 * xactor_call_head.vh, xactor_call_body.vh
 *
 * The call control the request transactors (wb_xactor, avmm_xactor)
 * share, included in the body of each: the head after the module's ports,
 * the body after the transactor's own bus logic.  Everything here is the
 * same on both buses; what a bus adds sits between the two includes.
 *
 * The head: the wire format (tb/xactor_wire.py BUS_COMMAND, REQUEST,
 * BUS_STATUS, BusError; the regression checks these localparams against
 * it), the stream reader (xactor_stream.vh), the call's registers and
 * their values in the current cycle (*_now: a new command acts already in
 * the cycle it comes, so CYC / the first request are on the bus then).
 *
 * Command (cmd):
 *   [CMD_SEQ +: 8]        new when it differs from the last one taken;
 *                         a new command starts a call
 *   [CMD_WE]              write call
 *   [CMD_PIPELINED]       pipelined mode (Wishbone only)
 *   [CMD_COUNT +: 32]     requests in the call (at least 1)
 *   [CMD_BURSTS +: 32]    answers that end it
 *   [CMD_TIMEOUT +: 32]   quiet cycles (no request taken, no answer) before
 *                         the call fails with ERR_TIMEOUT
 *   [CMD_DESC +: 128]     request 0's descriptor (below)
 *   [CMD_DATA +: DATA_WIDTH]  request 0's write data
 * Requests 1 .. COUNT-1 come from the stream file STREAM_FILE (a 16-byte
 * descriptor, then DATA_WIDTH/8 bytes of write data), read one at the edge
 * where the request before is taken.  Descriptor: [DESC_ADDR +: 64]
 * address, [DESC_IDLE +: 24] idle cycles before the request (counted
 * where the pin-level master asks its pacing hook), [DESC_CTI +: 3],
 * [DESC_BTE +: 2] (Wishbone), [DESC_END] last word of its burst,
 * [DESC_COUNT +: 12] burstcount (Avalon-MM), [DESC_SEL +: 16] byte lanes.
 *
 * The includer declares parameters DATA_WIDTH, CMD_WIDTH, STREAM_FILE and
 * ANSWER_FILE, ports clk, rst, cmd, ev (output reg [7:0]) and stat
 * (output wire [127:0]); between the head and the body it declares:
 *
 *   assign may_issue      the bus allows a new request in this cycle (the
 *                         head's ready, go and req: the request on the bus)
 *   wire taken            the slave takes the request at this edge
 *   wire answer           an answer comes at this edge
 *   wire answer_unasked   ... though no request is outstanding
 *   wire [DATA_WIDTH-1:0] rdata   the answer's data (read calls)
 *   wire [n:0] answer_code        what the answer file says of it
 *   task bus_start        the bus's own registers, at the edge a call starts
 *   task bus_step         ... and at every edge of a call
 */

localparam STRB = DATA_WIDTH / 8;

localparam CMD_SEQ = 0;
localparam CMD_WE = 8;
/* verilator lint_off UNUSEDPARAM */
localparam CMD_PIPELINED = 9;   // each bus uses its own fields of the shared layout
/* verilator lint_on UNUSEDPARAM */
localparam CMD_COUNT = 10;
localparam CMD_BURSTS = 42;
localparam CMD_TIMEOUT = 74;
localparam CMD_DESC = 106;
localparam CMD_DATA = 234;

localparam DESC_ADDR = 0;
localparam DESC_IDLE = 64;
/* verilator lint_off UNUSEDPARAM */
localparam DESC_CTI = 88;
localparam DESC_BTE = 91;
localparam DESC_END = 93;
localparam DESC_COUNT = 94;
/* verilator lint_on UNUSEDPARAM */
localparam DESC_SEL = 112;

localparam ST_SEQ = 0;
localparam ST_CALLS = 8;
localparam ST_ERR = 24;
localparam ST_ISSUED = 32;
localparam ST_ANSWERED = 64;
localparam ST_CYCLES = 96;

localparam [3:0] ERR_NONE = 4'd0;
localparam [3:0] ERR_NO_REQUEST = 4'd1;
localparam [3:0] ERR_DATA_X = 4'd2;
localparam [3:0] ERR_TIMEOUT = 4'd3;
localparam [3:0] ERR_STREAM = 4'd4;
localparam [3:0] ERR_RESET = 4'd5;
localparam [3:0] ERR_BUSY = 4'd6;

localparam REC_BYTES = STRB;

// stream file and the record read last
integer                  fd;
integer                  fo;            // answer file (0: none)
reg [127:0]              f_desc;
reg [REC_BYTES*8-1:0]    f_rec;

// stream_open, stream_close, stream_read: the reader all transactors share
`include "xactor_stream.vh"

reg [7:0]             seq_reg;
reg [15:0]            calls_reg;
reg [3:0]             err_reg;
reg                   open_reg;
reg                   we_reg;
reg [31:0]            count_reg;
reg [31:0]            expect_reg;      // answers that end the call
reg [31:0]            timeout_reg;
reg [31:0]            issued_reg;      // requests taken
reg [31:0]            answered_reg;
reg [31:0]            cycles_reg;
reg [31:0]            quiet_reg;
reg                   driving_reg;     // the current request on the bus, not taken yet
reg [127:0]           desc_reg;        // the current request: the next one to be taken
reg [DATA_WIDTH-1:0]  data_reg;
reg [23:0]            idle_reg;        // its idle cycles still to go

wire                  cmd_new = cmd[CMD_SEQ +: 8] != seq_reg;
wire                  in_start = cmd_new && !open_reg;
wire                  open_now = open_reg || in_start;
wire                  we_now = in_start ? cmd[CMD_WE] : we_reg;
wire [31:0]           count_now = in_start ? cmd[CMD_COUNT +: 32] : count_reg;
wire [31:0]           expect_now = in_start ? cmd[CMD_BURSTS +: 32] : expect_reg;
wire [31:0]           timeout_now = in_start ? cmd[CMD_TIMEOUT +: 32] : timeout_reg;
wire [31:0]           issued_now = in_start ? 32'd0 : issued_reg;
wire [31:0]           answered_now = in_start ? 32'd0 : answered_reg;
wire [31:0]           quiet_now = in_start ? 32'd0 : quiet_reg;
wire                  driving_now = !in_start && driving_reg;
wire [127:0]          desc_now = in_start ? cmd[CMD_DESC +: 128] : desc_reg;
wire [DATA_WIDTH-1:0] data_now = in_start ? cmd[CMD_DATA +: DATA_WIDTH] : data_reg;
wire [23:0]           idle_now = in_start ? cmd[CMD_DESC + DESC_IDLE +: 24] : idle_reg;

// the pin-level master's decision: a request may go on the bus in this cycle (ready: its idle
// cycles count down; go: it goes); may_issue is the bus's own condition, driven by the includer
wire                  may_issue;
wire                  ready = open_now && !driving_now && issued_now < count_now && may_issue;
wire                  go = ready && idle_now == 24'd0;
wire                  req = open_now && (driving_now || go);
