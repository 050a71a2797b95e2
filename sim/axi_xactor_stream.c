/*
 * axi_xactor_stream.c
 *
 * Reader of the write transactor's stream file for Verilator (DPI-C, see
 * axi_xactor_wr in axi_burst_xactor.v).  It reads a burst record with three
 * block reads, where Verilog's $fread reads it one byte at a time (one
 * getc per byte: about half the host time of a long streamed write).  The
 * record format and the meaning of every field are defined in
 * axi_burst_xactor.v; Icarus reads the same file with $fread.
 *
 * Handles are small positive integers; 0 means "no file".
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "svdpi.h"

#ifdef __cplusplus  /* Verilator's make compiles it as C++; the model calls it with C linkage */
extern "C" {
#endif

#define AXI_XACTOR_STREAMS 16
#define AXI_XACTOR_MAX_RECORD (256 * 128) /* MAX_BEATS 256 at DATA_WIDTH 1024 */

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

/* Copy n big-endian-ordered bytes (last byte least significant) into a packed vector, bit 0 of
 * the vector being bit 0 of the last byte. svBitVecVal words are 32 bits, least significant
 * word first. */
static void put_reversed(svBitVecVal* dst, const uint8_t* src, size_t n) {
    memset(dst, 0, ((n + 3) / 4) * sizeof(svBitVecVal));
    for (size_t i = 0; i < n; i++) {
        const size_t byte = n - 1 - i;
        dst[byte / 4] |= (svBitVecVal)src[i] << (8 * (byte % 4));
    }
}

/*
 * Read the next record.  desc: 128 bits; rec: beat k's data at bits [k*8*beat_bytes +: 8*beat_bytes],
 * its strb_bits strobes at [S + k*strb_bits +: strb_bits] with S = max_beats * 8 * beat_bytes.
 * Returns 1 when a whole record was read, 0 at the end of the file or on a short record, -1 when
 * the record has more beats than max_beats (or S is not a whole number of 32-bit words).
 */
int axi_xactor_stream_record(int h, int max_beats, int beat_bytes, int strb_bits,
                             svBitVecVal* desc, svBitVecVal* rec) {
    if (h <= 0 || h > AXI_XACTOR_STREAMS || streams[h] == NULL) return 0;
    if ((max_beats * beat_bytes) % 4 != 0) return -1;
    svBitVecVal* const data = rec;
    svBitVecVal* const strb = rec + (size_t)max_beats * (size_t)beat_bytes / 4;
    FILE* const f = streams[h];
    uint8_t head[16];
    if (fread(head, 1, sizeof head, f) != sizeof head) return 0;
    put_reversed(desc, head, sizeof head);
    const int beats = head[8] + 1; /* desc[63:56]: AWLEN */
    if (beats > max_beats) return -1;

    const size_t n = (size_t)beats * (size_t)beat_bytes;
    if (n > sizeof record_buf || fread(record_buf, 1, n, f) != n) return 0;
    put_reversed(data, record_buf, n); /* last beat first, each big-endian: the burst reversed */

    const size_t sb = (size_t)(strb_bits + 7) / 8;
    const size_t m = (size_t)beats * sb;
    if (m > sizeof record_buf || fread(record_buf, 1, m, f) != m) return 0;
    if (strb_bits % 8 == 0) {
        put_reversed(strb, record_buf, m);
    } else { /* one byte per beat holds its strb_bits strobes */
        const size_t bits = (size_t)beats * (size_t)strb_bits;
        memset(strb, 0, ((bits + 31) / 32) * sizeof(svBitVecVal));
        for (int j = 0; j < beats; j++) {
            const size_t at = (size_t)(beats - 1 - j) * (size_t)strb_bits;
            const svBitVecVal v = record_buf[j] & ((1u << strb_bits) - 1u);
            strb[at / 32] |= v << (at % 32); /* strb_bits < 8 divides 32: never straddles a word */
        }
    }
    return 1;
}

#ifdef __cplusplus
}
#endif
