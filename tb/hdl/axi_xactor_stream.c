/*
 * axi_xactor_stream.c
 *
 * Reader of the write transactor's stream file for Verilator (DPI-C, see
 * axi_xactor_wr in axi_xactor_wr.v; the format is defined in tb/xactor_wire.py).
 * Verilator's $fread makes a library call per byte; this reads a record
 * with two block reads.  Icarus reads the same file with $fread.
 *
 * Handles are small positive integers; 0 means "no file".
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "svdpi.h"

#ifdef __cplusplus /* Verilator's make compiles it as C++; the model calls it with C linkage */
extern "C" {
#endif

#define AXI_XACTOR_STREAMS 16
#define AXI_XACTOR_MAX_RECORD 65536

static FILE* streams[AXI_XACTOR_STREAMS + 1];
static uint8_t record_buf[AXI_XACTOR_MAX_RECORD];

/* Open the stream file for reading; returns its handle, or 0 when it cannot be opened. */
int axi_xactor_stream_open(const char* path) {
    for (int h = 1; h <= AXI_XACTOR_STREAMS; h++) {
        if (streams[h] == NULL) {
            streams[h] = fopen(path, "rb");
            return streams[h] ? h : 0;
        }
    }
    return 0;
}

void axi_xactor_stream_close(int h) {
    if (h > 0 && h <= AXI_XACTOR_STREAMS && streams[h] != NULL) {
        fclose(streams[h]);
        streams[h] = NULL;
    }
}

/* n bytes read as one big-endian number into a packed vector (32-bit words, least significant
 * word first), as $fread does. */
static void put_big_endian(svBitVecVal* dst, const uint8_t* src, size_t n) {
    memset(dst, 0, ((n + 3) / 4) * sizeof(svBitVecVal));
    for (size_t i = 0; i < n; i++) {
        const size_t byte = n - 1 - i;
        dst[byte / 4] |= (svBitVecVal)src[i] << (8 * (byte % 4));
    }
}

/*
 * Read the next record: its 16-byte descriptor into desc (128 bits) and the rec_bytes that follow
 * into rec.  Returns 1 when the whole record was read, 0 at the end of the file or on a short
 * record, -1 when rec_bytes is larger than this reader's buffer.
 */
int axi_xactor_stream_record(int h, int rec_bytes, svBitVecVal* desc, svBitVecVal* rec) {
    if (h <= 0 || h > AXI_XACTOR_STREAMS || streams[h] == NULL) return 0;
    if (rec_bytes <= 0 || (size_t)rec_bytes > sizeof record_buf) return -1;
    FILE* const f = streams[h];
    uint8_t head[16];
    if (fread(head, 1, sizeof head, f) != sizeof head) return 0;
    put_big_endian(desc, head, sizeof head);
    if (fread(record_buf, 1, (size_t)rec_bytes, f) != (size_t)rec_bytes) return 0;
    put_big_endian(rec, record_buf, (size_t)rec_bytes);
    return 1;
}

#ifdef __cplusplus
}
#endif
