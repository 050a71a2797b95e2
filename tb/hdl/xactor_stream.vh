/*
 * xactor_stream.vh
 *
 * The stream-file reader of the transactors (axi_xactor_wr, wb_xactor,
 * avmm_xactor), included in the body of each.  A stream file is a
 * sequence of records: 16 bytes of descriptor, then REC_BYTES bytes, each
 * part read as one big-endian number (the layout of the descriptor is the
 * including transactor's).  The includer declares:
 *
 *   parameter STREAM_FILE             the file's name
 *   localparam REC_BYTES              bytes after the descriptor
 *   integer fd                        the open file (0: none)
 *   reg [127:0] f_desc                the descriptor read last
 *   reg [REC_BYTES*8-1:0] f_rec       the rest of the record read last
 *
 * Tasks: stream_open, stream_close, stream_read(ok): ok = 0 when the next
 * record is not there whole.  Icarus reads the file with $fread;
 * Verilator, whose $fread costs a library call per byte, with the DPI-C
 * reader in axi_xactor_stream.c (compiled into the model), which reads a
 * record with two block reads.
 */

`ifdef VERILATOR
import "DPI-C" function int axi_xactor_stream_open(input string path);
import "DPI-C" function void axi_xactor_stream_close(input int h);
import "DPI-C" function int axi_xactor_stream_record(
    input int h, input int rec_bytes, output bit [127:0] desc, output bit [REC_BYTES*8-1:0] rec);
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
