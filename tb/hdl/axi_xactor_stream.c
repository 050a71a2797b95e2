/*
 * axi_xactor_stream.c
 *
 * The transactor's stream files for Verilator (DPI-C, see axi_xactor_wr.v
 * and axi_xactor_rd.v; the formats are defined in tb/xactor_wire.py).
 * Verilator's $fread makes a library call per byte; this reads a write
 * record with two block reads and a read descriptor with one, and writes a
 * finished read burst with two block writes.  Icarus uses $fread and
 * $fwrite("%u") on the same files.
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

/* Read the next 16-byte descriptor into desc (128 bits): 1 when it was there whole, else 0. */
int axi_xactor_stream_desc(int h, svBitVecVal* desc) {
    if (h <= 0 || h > AXI_XACTOR_STREAMS || streams[h] == NULL) return 0;
    uint8_t head[16];
    if (fread(head, 1, sizeof head, streams[h]) != sizeof head) return 0;
    put_big_endian(desc, head, sizeof head);
    return 1;
}

/* Open a file to write finished read bursts to from its start, without truncating it (truncating
 * makes ext4 flush the file on close), created when missing; its handle, or 0. Closed with
 * axi_xactor_stream_close. */
int axi_xactor_out_open(const char* path) {
    for (int h = 1; h <= AXI_XACTOR_STREAMS; h++) {
        if (streams[h] == NULL) {
            streams[h] = fopen(path, "r+b");
            if (streams[h] == NULL) streams[h] = fopen(path, "wb");
            return streams[h] ? h : 0;
        }
    }
    return 0;
}

/* One finished burst: the 32-bit header, then data_bytes bytes of data, both little-endian as
 * $fwrite("%u") writes them (a packed vector's 32-bit words, least significant first). */
static uint8_t out_buf[AXI_XACTOR_MAX_RECORD];

static void put_little_endian(FILE* f, const svBitVecVal* src, size_t n) {
    for (size_t done = 0; done < n; done += sizeof out_buf) {
        const size_t part = n - done < sizeof out_buf ? n - done : sizeof out_buf;
        for (size_t i = 0; i < part; i++) {
            const size_t byte = done + i;
            out_buf[i] = (uint8_t)(src[byte / 4] >> (8 * (byte % 4)));
        }
        fwrite(out_buf, 1, part, f);
    }
}

void axi_xactor_out_write(int h, const svBitVecVal* header, const svBitVecVal* data, int data_bytes) {
    if (h <= 0 || h > AXI_XACTOR_STREAMS || streams[h] == NULL || data_bytes < 0) return;
    put_little_endian(streams[h], header, 4);
    put_little_endian(streams[h], data, (size_t)data_bytes);
}

#ifdef __cplusplus
}
#endif
