/*
 * axi_xactor_stream.c
 *
 * The transactors' files for Verilator (DPI-C, see xactor_stream.vh, axi_xactor_rd.v and
 * nic_fast_top.v; the formats are defined in tb/xactor_wire.py).  Verilator's $fread makes a
 * library call per byte; this reads a write record with one block read and a read descriptor
 * from a block read ahead, and writes a finished read burst with one block write.  Icarus uses
 * $fread and $fwrite("%u") on the same files.
 *
 * The files stay open between calls.  The testbench rewrites a stream file in place before each
 * call and reads the out file after it, so opening one again only rewinds it: one fstat, which
 * also notices a file removed or replaced since (its descriptor is then closed and the path
 * opened again).  Reads and writes go straight to the file at an offset (pread, pwrite); nothing
 * is buffered across an open, so a reader always sees what the testbench wrote last.
 *
 * The status mailbox (axi_xactor_mailbox_*) is a small file mapped into memory that
 * nic_fast_top copies the transactor's status vectors into whenever they change, so that the
 * testbench, in the same process, reads them from memory instead of through the simulator's
 * value interface.  It holds the vectors' bytes least significant first (this host's order).
 *
 * Handles are small positive integers; 0 means "no file".
 */

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "svdpi.h"

#ifdef __cplusplus /* Verilator's make compiles it as C++; the model calls it with C linkage */
extern "C" {
#endif

#define AXI_XACTOR_STREAMS 16
#define AXI_XACTOR_MAX_RECORD 65536
#define AXI_XACTOR_PATH 512

/* One file: open (fd >= 0) while in use, and kept open after its close for the next open of the
 * same path.  A reader reads ahead into buf (buf_at..buf_len not yet consumed); pos is the file
 * offset of the next read past the buffer, or of the next write. */
struct xactor_file {
    int fd;
    int in_use;
    int writable;
    char path[AXI_XACTOR_PATH];
    off_t pos;
    size_t buf_at;
    size_t buf_len;
    uint8_t buf[AXI_XACTOR_MAX_RECORD];
};

static struct xactor_file files[AXI_XACTOR_STREAMS + 1];
static uint8_t record_buf[AXI_XACTOR_MAX_RECORD];
static int files_ready;

static void files_init(void) {
    if (files_ready) return;
    for (int h = 0; h <= AXI_XACTOR_STREAMS; h++) files[h].fd = -1;
    files_ready = 1;
}

/* A handle on path, rewound: the file kept open from an earlier use when it is still the file the
 * path names, else the path opened again (created when writable); 0 when it cannot be opened. */
static int file_open(const char* path, int writable) {
    files_init();
    if (strlen(path) >= AXI_XACTOR_PATH) return 0;
    int slot = 0;
    for (int h = 1; h <= AXI_XACTOR_STREAMS && slot == 0; h++) {
        struct xactor_file* f = &files[h];
        if (f->fd >= 0 && !f->in_use && f->writable == writable && strcmp(f->path, path) == 0) {
            struct stat st;
            if (fstat(f->fd, &st) == 0 && st.st_nlink > 0) {
                slot = h;
            } else {
                close(f->fd);
                f->fd = -1;
            }
        }
    }
    if (slot == 0) {
        /* a free slot, else one kept open for another path (closed to make room) */
        for (int h = 1; h <= AXI_XACTOR_STREAMS && slot == 0; h++) {
            if (files[h].fd < 0 && !files[h].in_use) slot = h;
        }
        for (int h = 1; h <= AXI_XACTOR_STREAMS && slot == 0; h++) {
            if (!files[h].in_use) {
                close(files[h].fd);
                files[h].fd = -1;
                slot = h;
            }
        }
        if (slot == 0) return 0;
        const int fd = writable ? open(path, O_RDWR | O_CREAT, 0644) : open(path, O_RDONLY);
        if (fd < 0) return 0;
        struct xactor_file* f = &files[slot];
        f->fd = fd;
        f->writable = writable;
        strcpy(f->path, path);
    }
    struct xactor_file* f = &files[slot];
    f->in_use = 1;
    f->pos = 0;
    f->buf_at = f->buf_len = 0;
    return slot;
}

static struct xactor_file* file_of(int h) {
    if (h <= 0 || h > AXI_XACTOR_STREAMS || !files[h].in_use) return NULL;
    return &files[h];
}

/* n bytes from the file's read position into dst; 1 when they were all there, else 0. */
static int file_read(struct xactor_file* f, uint8_t* dst, size_t n) {
    while (n > 0) {
        if (f->buf_at == f->buf_len) {
            const ssize_t got = pread(f->fd, f->buf, sizeof f->buf, f->pos);
            if (got <= 0) return 0;
            f->pos += got;
            f->buf_at = 0;
            f->buf_len = (size_t)got;
        }
        const size_t part = n < f->buf_len - f->buf_at ? n : f->buf_len - f->buf_at;
        memcpy(dst, f->buf + f->buf_at, part);
        f->buf_at += part;
        dst += part;
        n -= part;
    }
    return 1;
}

/* n bytes of src at the file's write position. */
static void file_write(struct xactor_file* f, const uint8_t* src, size_t n) {
    while (n > 0) {
        const ssize_t put = pwrite(f->fd, src, n, f->pos);
        if (put <= 0) return;
        f->pos += put;
        src += put;
        n -= (size_t)put;
    }
}

/* Open the stream file for reading; returns its handle, or 0 when it cannot be opened. */
int axi_xactor_stream_open(const char* path) { return file_open(path, 0); }

void axi_xactor_stream_close(int h) {
    struct xactor_file* f = file_of(h);
    if (f != NULL) f->in_use = 0;  /* the descriptor stays open for the next open of the path */
}

/* n bytes read as one big-endian number into a packed vector (32-bit words, least significant
 * word first), as $fread does. */
static void put_big_endian(svBitVecVal* dst, const uint8_t* src, size_t n) {
    const size_t words = n / 4;
    for (size_t w = 0; w < words; w++) {
        const uint8_t* p = src + n - 4 * w - 4;
        dst[w] = (svBitVecVal)p[0] << 24 | (svBitVecVal)p[1] << 16 | (svBitVecVal)p[2] << 8 | p[3];
    }
    if (n % 4) {
        svBitVecVal top = 0;
        for (size_t i = 0; i < n % 4; i++) top = top << 8 | src[i];
        dst[words] = top;
    }
}

/*
 * Read the next record: its 16-byte descriptor into desc (128 bits) and the rec_bytes that follow
 * into rec.  Returns 1 when the whole record was read, 0 at the end of the file or on a short
 * record, -1 when rec_bytes is larger than this reader's buffer.
 */
int axi_xactor_stream_record(int h, int rec_bytes, svBitVecVal* desc, svBitVecVal* rec) {
    struct xactor_file* const f = file_of(h);
    if (f == NULL || f->writable) return 0;
    if (rec_bytes <= 0 || (size_t)rec_bytes > sizeof record_buf) return -1;
    uint8_t head[16];
    if (!file_read(f, head, sizeof head)) return 0;
    put_big_endian(desc, head, sizeof head);
    if (!file_read(f, record_buf, (size_t)rec_bytes)) return 0;
    put_big_endian(rec, record_buf, (size_t)rec_bytes);
    return 1;
}

/* Read the next 16-byte descriptor into desc (128 bits): 1 when it was there whole, else 0. */
int axi_xactor_stream_desc(int h, svBitVecVal* desc) {
    struct xactor_file* const f = file_of(h);
    if (f == NULL || f->writable) return 0;
    uint8_t head[16];
    if (!file_read(f, head, sizeof head)) return 0;
    put_big_endian(desc, head, sizeof head);
    return 1;
}

/* Open a file to write finished read bursts to from its start, without truncating it (truncating
 * makes ext4 flush the file on close), created when missing; its handle, or 0. Closed with
 * axi_xactor_stream_close. */
int axi_xactor_out_open(const char* path) { return file_open(path, 1); }

/* One finished burst: the 32-bit header, then data_bytes bytes of data, both little-endian as
 * $fwrite("%u") writes them (a packed vector's 32-bit words, least significant first): one
 * write. */
static uint8_t out_buf[4 + AXI_XACTOR_MAX_RECORD];

static void put_little_endian(uint8_t* dst, const svBitVecVal* src, size_t n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(dst, src, n);  /* the words' own bytes are in that order */
#else
    for (size_t i = 0; i < n; i++) dst[i] = (uint8_t)(src[i / 4] >> (8 * (i % 4)));
#endif
}

void axi_xactor_out_write(int h, const svBitVecVal* header, const svBitVecVal* data, int data_bytes) {
    struct xactor_file* const f = file_of(h);
    if (f == NULL || !f->writable || data_bytes < 0 || (size_t)data_bytes > AXI_XACTOR_MAX_RECORD) return;
    put_little_endian(out_buf, header, 4);
    put_little_endian(out_buf + 4, data, (size_t)data_bytes);
    file_write(f, out_buf, 4 + (size_t)data_bytes);
}

/* The status mailbox: what the halves put (before or after it is mapped), and the mapping. */
#define AXI_XACTOR_MAILBOX_MAX 256
static uint8_t mailbox_shadow[AXI_XACTOR_MAILBOX_MAX];
static uint8_t* mailbox;
static size_t mailbox_bytes = AXI_XACTOR_MAILBOX_MAX;

/* Map path (created when missing) as the mailbox, bytes long, holding what was put so far; 1 when
 * it is mapped, else 0 (puts then stay in memory only).  One mailbox per simulation: the first
 * open that succeeds maps it. */
int axi_xactor_mailbox_open(const char* path, int bytes) {
    if (mailbox != NULL) return 1;
    if (bytes <= 0 || bytes > AXI_XACTOR_MAILBOX_MAX) return 0;
    const int fd = open(path, O_RDWR | O_CREAT, 0644);
    if (fd < 0) return 0;
    void* map = MAP_FAILED;
    if (ftruncate(fd, bytes) == 0) map = mmap(NULL, (size_t)bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return 0;
    mailbox_bytes = (size_t)bytes;
    memcpy(map, mailbox_shadow, mailbox_bytes);  /* the snapshots taken before (initial blocks) */
    mailbox = (uint8_t*)map;
    return 1;
}

/* The first bytes bytes of vector v (least significant first) at offset of the mailbox (kept
 * until the mailbox is mapped when it is not yet). */
void axi_xactor_mailbox_put(int offset, const svBitVecVal* v, int bytes) {
    if (offset < 0 || bytes < 0 || (size_t)offset + (size_t)bytes > mailbox_bytes) return;
    put_little_endian(mailbox != NULL ? mailbox + offset : mailbox_shadow + offset, v, (size_t)bytes);
}

#ifdef __cplusplus
}
#endif
