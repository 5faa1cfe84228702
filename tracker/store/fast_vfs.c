/*
 * fast_vfs.c - an optional fast path: the store's SQLite VFS, the default
 * (unix) VFS with the WAL's appends gathered into one write per commit,
 * so that a commit costs a few system calls rather than two per page.
 * See sq_vfs_name() in store_int.h (when it cannot be registered the
 * default VFS serves); test_store_wal pins what a commit promises through
 * it.
 *
 * SQLite writes each WAL frame as two writes, its 24-byte header and then
 * the page.  Here the run of frames a transaction appends is kept in
 * a buffer and written with one call when the commit frame's page arrives,
 * when the buffer is full, or before anything could look at those bytes.
 * The bytes reach the file in the order SQLite wrote them and before its
 * write of the commit frame returns, so what SQLite does next (publishing
 * the commit in the wal-index, where other connections and processes look
 * for it; rewriting checksums; syncing; checkpointing) finds the file as
 * it would without the buffer.  A process killed with bytes still in the
 * buffer is one killed before SQLite wrote them: it had not committed.
 *
 * Flushed first: on the WAL file, every read, sync, truncate, size query,
 * file control, close, and a write anywhere but at the end of the buffer;
 * on the main database file, the wal-index barrier, locks and unmap, and
 * the file's own sync, lock and unlock, in case SQLite ever publishes
 * frames without a commit frame in between.  Only appends at the end of
 * the log go into the buffer; a write over frames already written (SQLite
 * rewrites a page or a checksum of the open transaction in place) goes to
 * the file at once, after the buffer.  A flush that fails where no error
 * can be returned (the barrier) is kept and returned by the WAL file's
 * next call, so it cannot vanish; the commit frame's own flush returns its
 * error to SQLite, which then fails the commit.
 *
 * Other files (journals, temporary files) are the default VFS's own, not
 * wrapped.  The file format, locks and wal-index are the default VFS's, so
 * connections through this VFS and through the default one (the sqlite3
 * shell, other programs) share a database as usual.
 */
#include "tracker/store/store_int.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define VFS_NAME "tracker"
#define WAL_HDR 32     /* the WAL file's header, at offset 0 */
#define FRAME_HDR 24   /* a frame's header, before its page */
#define BUF_MIN (64 * 1024)
#define BUF_CAP (2 * 1024 * 1024) /* a commit of about 500 pages */
#define WRITE_MAX (124 * 1024) /* one write of the unix VFS: under 128 KiB */

enum { F_MAIN, F_WAL };

struct vfile {
	sqlite3_file base;      /* our methods */
	sqlite3_file *real;     /* the default VFS's file, in the same allocation */
	int kind;               /* F_MAIN or F_WAL */
	struct vfile *peer;     /* the main file's WAL and the WAL's main file, while open */
	/* WAL only */
	unsigned char *buf;     /* bytes for [off, off + len) not yet written */
	size_t len, cap;
	sqlite3_int64 off;
	sqlite3_int64 end;      /* the end of the log as this handle wrote it */
	sqlite3_int64 commit_at; /* where the buffered commit frame's page goes, or -1 */
	int err;                /* a failed flush not yet reported */
	/* main only: the file mapped for reading (see main_fetch()) */
	const char *name;       /* valid until close */
	unsigned char *map;     /* map_len bytes of the file, or NULL */
	size_t map_len;
	sqlite3_int64 map_limit; /* PRAGMA mmap_size in force (SQLite's cap applied) */
	sqlite3_int64 map_size;  /* the file's size when last looked at */
	int map_fd;             /* -1 until mapped; -2: mapping failed, use SQLite's */
};

/* Room for struct vfile, rounded so that the real file after it is aligned. */
#define VFILE_SIZE ((sizeof(struct vfile) + 15) & ~(size_t)15)

static sqlite3_vfs tvfs;
static int registered;

static sqlite3_vfs *parent(void)
{
	return (sqlite3_vfs *)tvfs.pAppData;
}

/* ---- The WAL's buffer ------------------------------------------------------ */

/*
 * Writes the buffer out, in pieces: the unix VFS writes at most
 * 128 KiB - 1 bytes per call (it cuts longer writes short and calls that
 * a full disk).
 */
static int flush(struct vfile *w)
{
	size_t done = 0;
	int rc = SQLITE_OK;

	while (done < w->len && rc == SQLITE_OK) {
		size_t n = w->len - done < WRITE_MAX ? w->len - done : WRITE_MAX;
		rc = w->real->pMethods->xWrite(w->real, w->buf + done, (int)n,
					       w->off + (sqlite3_int64)done);
		done += n;
	}
	w->len = 0;
	w->commit_at = -1;
	return rc;
}

/* Flushes where the caller cannot return an error: keeps it for later. */
static void flush_quiet(struct vfile *w)
{
	int rc = flush(w);

	if (rc != SQLITE_OK && !w->err)
		w->err = rc;
}

/* Flushes, and returns a failure kept from an earlier quiet flush. */
static int settle(struct vfile *w)
{
	int rc = flush(w);

	if (w->err) {
		rc = w->err;
		w->err = 0;
	}
	return rc;
}

/* Makes room for n more bytes; 0 when the buffer cannot hold them. */
static int reserve(struct vfile *w, size_t n)
{
	size_t want = w->len + n, cap = w->cap ? w->cap : BUF_MIN;
	unsigned char *nb;

	if (want > BUF_CAP)
		return 0;
	if (want <= w->cap)
		return 1;
	while (cap < want)
		cap *= 2;
	if (cap > BUF_CAP)
		cap = BUF_CAP;
	nb = realloc(w->buf, cap);
	if (!nb)
		return 0;
	w->buf = nb;
	w->cap = cap;
	return 1;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * Appends at the end of the log go to the buffer; the WAL header at 0 starts
 * a new log.  The frame header of a commit frame (its second field, the
 * database size, is not zero) marks the page after it as the transaction's
 * last write: the buffer goes to the file with it.
 */
static int wal_write(sqlite3_file *f, const void *data, int n, sqlite3_int64 off)
{
	struct vfile *w = (struct vfile *)f;
	int rc, append, restart = off == 0 && n == WAL_HDR;

	if (w->err)
		return settle(w);
	append = w->len && off == w->off + (sqlite3_int64)w->len;
	if (!append || !reserve(w, (size_t)n)) {
		if ((rc = flush(w)))
			return rc;
		if (!(restart || off >= w->end) || !reserve(w, (size_t)n)) {
			rc = w->real->pMethods->xWrite(w->real, data, n, off);
			if (rc == SQLITE_OK && off + n > w->end)
				w->end = off + n;
			return rc;
		}
		w->off = off;
	}
	memcpy(w->buf + w->len, data, (size_t)n);
	w->len += (size_t)n;
	w->end = off + n;
	if (n == FRAME_HDR && be32((const unsigned char *)data + 4) != 0) {
		w->commit_at = off + FRAME_HDR;
	} else if (off == w->commit_at) {
		return flush(w);
	}
	return SQLITE_OK;
}

static int wal_read(sqlite3_file *f, void *data, int n, sqlite3_int64 off)
{
	struct vfile *w = (struct vfile *)f;
	int rc = settle(w);

	return rc ? rc : w->real->pMethods->xRead(w->real, data, n, off);
}

static int wal_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct vfile *w = (struct vfile *)f;
	int rc = settle(w);

	if (rc)
		return rc;
	if (size < w->end)
		w->end = size;
	return w->real->pMethods->xTruncate(w->real, size);
}

static int wal_sync(sqlite3_file *f, int flags)
{
	struct vfile *w = (struct vfile *)f;
	int rc = settle(w);

	return rc ? rc : w->real->pMethods->xSync(w->real, flags);
}

static int wal_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	struct vfile *w = (struct vfile *)f;
	int rc = settle(w);

	return rc ? rc : w->real->pMethods->xFileSize(w->real, size);
}

static int wal_file_control(sqlite3_file *f, int op, void *arg)
{
	struct vfile *w = (struct vfile *)f;

	flush_quiet(w);
	return w->real->pMethods->xFileControl(w->real, op, arg);
}

static int wal_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	struct vfile *w = (struct vfile *)f;
	int rc = settle(w);

	*pp = NULL;
	if (rc || w->real->pMethods->iVersion < 3)
		return rc;
	return w->real->pMethods->xFetch(w->real, off, n, pp);
}

static int wal_close(sqlite3_file *f)
{
	struct vfile *w = (struct vfile *)f;
	int rc = settle(w), rc2;

	if (w->peer)
		w->peer->peer = NULL;
	free(w->buf);
	w->buf = NULL;
	rc2 = w->real->pMethods->xClose(w->real);
	return rc ? rc : rc2;
}

/* ---- What both kinds pass through ------------------------------------------ */

static int pass_lock(sqlite3_file *f, int lock)
{
	struct vfile *v = (struct vfile *)f;

	if (v->kind == F_MAIN && v->peer)
		flush_quiet(v->peer);
	return v->real->pMethods->xLock(v->real, lock);
}

static int pass_unlock(sqlite3_file *f, int lock)
{
	struct vfile *v = (struct vfile *)f;

	if (v->kind == F_MAIN && v->peer)
		flush_quiet(v->peer);
	return v->real->pMethods->xUnlock(v->real, lock);
}

static int pass_check_reserved(sqlite3_file *f, int *out)
{
	struct vfile *v = (struct vfile *)f;

	return v->real->pMethods->xCheckReservedLock(v->real, out);
}

static int pass_sector_size(sqlite3_file *f)
{
	struct vfile *v = (struct vfile *)f;

	return v->real->pMethods->xSectorSize(v->real);
}

static int pass_device(sqlite3_file *f)
{
	struct vfile *v = (struct vfile *)f;

	return v->real->pMethods->xDeviceCharacteristics(v->real);
}

static int pass_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	struct vfile *v = (struct vfile *)f;

	if (v->real->pMethods->iVersion < 3)
		return SQLITE_OK;
	return v->real->pMethods->xUnfetch(v->real, off, p);
}

/* ---- The main database file ------------------------------------------------ */

static void map_release(struct vfile *m)
{
	if (m->map)
		munmap(m->map, m->map_len);
	if (m->map_fd >= 0)
		close(m->map_fd);
	m->map = NULL;
	m->map_fd = -1;
}

static int main_close(sqlite3_file *f)
{
	struct vfile *m = (struct vfile *)f;

	if (m->peer)
		m->peer->peer = NULL;
	m->peer = NULL;
	map_release(m);
	return m->real->pMethods->xClose(m->real);
}

static int main_read(sqlite3_file *f, void *data, int n, sqlite3_int64 off)
{
	struct vfile *m = (struct vfile *)f;

	return m->real->pMethods->xRead(m->real, data, n, off);
}

static int main_write(sqlite3_file *f, const void *data, int n, sqlite3_int64 off)
{
	struct vfile *m = (struct vfile *)f;

	return m->real->pMethods->xWrite(m->real, data, n, off);
}

static int main_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct vfile *m = (struct vfile *)f;

	if (size < m->map_size)
		m->map_size = size;
	return m->real->pMethods->xTruncate(m->real, size);
}

static int main_sync(sqlite3_file *f, int flags)
{
	struct vfile *m = (struct vfile *)f;

	if (m->peer)
		flush_quiet(m->peer);
	return m->real->pMethods->xSync(m->real, flags);
}

static int main_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	struct vfile *m = (struct vfile *)f;

	return m->real->pMethods->xFileSize(m->real, size);
}

static int main_file_control(sqlite3_file *f, int op, void *arg)
{
	struct vfile *m = (struct vfile *)f;
	sqlite3_int64 now = -1;
	int rc = m->real->pMethods->xFileControl(m->real, op, arg);

	/* PRAGMA mmap_size: the limit the default VFS took (it caps it). */
	if (op == SQLITE_FCNTL_MMAP_SIZE && rc == SQLITE_OK &&
	    m->real->pMethods->xFileControl(m->real, op, &now) == SQLITE_OK)
		m->map_limit = now;
	return rc;
}

static int main_shm_map(sqlite3_file *f, int region, int size, int extend,
			void volatile **pp)
{
	struct vfile *m = (struct vfile *)f;

	if (m->real->pMethods->iVersion < 2)
		return SQLITE_IOERR_SHMMAP;
	return m->real->pMethods->xShmMap(m->real, region, size, extend, pp);
}

static int main_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	struct vfile *m = (struct vfile *)f;

	if (m->peer)
		flush_quiet(m->peer);
	if (m->real->pMethods->iVersion < 2)
		return SQLITE_IOERR_SHMLOCK;
	return m->real->pMethods->xShmLock(m->real, offset, n, flags);
}

/*
 * SQLite calls the barrier between writing the two copies of the
 * wal-index header: the moment a commit becomes visible to readers.
 */
static void main_shm_barrier(sqlite3_file *f)
{
	struct vfile *m = (struct vfile *)f;

	if (m->peer)
		flush_quiet(m->peer);
	if (m->real->pMethods->iVersion >= 2)
		m->real->pMethods->xShmBarrier(m->real);
}

static int main_shm_unmap(sqlite3_file *f, int del)
{
	struct vfile *m = (struct vfile *)f;

	if (m->peer)
		flush_quiet(m->peer);
	if (m->real->pMethods->iVersion < 2)
		return SQLITE_OK;
	return m->real->pMethods->xShmUnmap(m->real, del);
}

/* The file's size, looked at again; 0 when it cannot be. */
static void map_look(struct vfile *m)
{
	struct stat st;

	m->map_size = m->map_fd >= 0 && fstat(m->map_fd, &st) == 0 ? (sqlite3_int64)st.st_size : 0;
}

/*
 * Pages read in place (PRAGMA mmap_size, which the server sets), from one
 * mapping of the file kept as long as the file is open.  The default VFS
 * maps the file too, but SQLite drops its mapping whenever another
 * connection has committed (xUnfetch of everything, at the next read
 * transaction), and the pages a query then touches are mapped again one
 * fault at a time: with the office writing all day, a fifth of a busy
 * server's time went to unmapping and faulting the same pages.  A shared
 * mapping shows the file as it is now, as the default VFS's does; the file
 * only grows while the server runs (no VACUUM), and its size is looked at
 * again when SQLite would have remapped and when a page lies past it.
 */
static int main_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	struct vfile *m = (struct vfile *)f;

	*pp = NULL;
	if (m->map_fd == -2 || !m->name) {
		if (m->real->pMethods->iVersion < 3)
			return SQLITE_OK;
		return m->real->pMethods->xFetch(m->real, off, n, pp);
	}
	if (off < 0 || n <= 0 || off + n > m->map_limit)
		return SQLITE_OK;
	if (!m->map) {
		void *p;
		m->map_fd = open(m->name, O_RDONLY | O_CLOEXEC);
		p = m->map_fd >= 0 ? mmap(NULL, (size_t)m->map_limit, PROT_READ, MAP_SHARED,
					  m->map_fd, 0)
				   : MAP_FAILED;
		if (p == MAP_FAILED) {
			map_release(m);
			m->map_fd = -2;
			return SQLITE_OK;
		}
		m->map = p;
		m->map_len = (size_t)m->map_limit;
		map_look(m);
	}
	if (off + n > m->map_size)
		map_look(m);
	if (off + n <= m->map_size && off + n <= (sqlite3_int64)m->map_len)
		*pp = m->map + off;
	return SQLITE_OK;
}

/* A page given back needs nothing; "everything" (p NULL at 0: the
 * database changed, or is being closed) only has the size looked at. */
static int main_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	struct vfile *m = (struct vfile *)f;

	if (m->map_fd == -2 || !m->name)
		return pass_unfetch(f, off, p);
	if (!p && !off && m->map)
		map_look(m);
	return SQLITE_OK;
}

static const sqlite3_io_methods main_methods = {
	3, main_close, main_read, main_write, main_truncate, main_sync,
	main_file_size, pass_lock, pass_unlock, pass_check_reserved,
	main_file_control, pass_sector_size, pass_device, main_shm_map,
	main_shm_lock, main_shm_barrier, main_shm_unmap, main_fetch, main_unfetch,
};

/* The WAL file has no wal-index of its own: SQLite never calls these. */
static int wal_shm_map(sqlite3_file *f, int region, int size, int extend,
		       void volatile **pp)
{
	(void)f, (void)region, (void)size, (void)extend;
	*pp = NULL;
	return SQLITE_IOERR_SHMMAP;
}

static int wal_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	(void)f, (void)offset, (void)n, (void)flags;
	return SQLITE_IOERR_SHMLOCK;
}

static void wal_shm_barrier(sqlite3_file *f)
{
	(void)f;
}

static int wal_shm_unmap(sqlite3_file *f, int del)
{
	(void)f, (void)del;
	return SQLITE_OK;
}

static const sqlite3_io_methods wal_methods = {
	3, wal_close, wal_read, wal_write, wal_truncate, wal_sync, wal_file_size,
	pass_lock, pass_unlock, pass_check_reserved, wal_file_control,
	pass_sector_size, pass_device, wal_shm_map, wal_shm_lock, wal_shm_barrier,
	wal_shm_unmap, wal_fetch, pass_unfetch,
};

/* ---- The VFS ---------------------------------------------------------------- */

static int vfs_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
		    int *out_flags)
{
	struct vfile *v = (struct vfile *)f;
	int kind, rc;

	(void)vfs;
	if (flags & SQLITE_OPEN_MAIN_DB)
		kind = F_MAIN;
	else if (flags & SQLITE_OPEN_WAL)
		kind = F_WAL;
	else /* the default VFS's file itself, in our allocation */
		return parent()->xOpen(parent(), name, f, flags, out_flags);
	memset(v, 0, VFILE_SIZE);
	v->real = (sqlite3_file *)((char *)v + VFILE_SIZE);
	v->kind = kind;
	v->commit_at = -1;
	rc = parent()->xOpen(parent(), name, v->real, flags, out_flags);
	if (rc != SQLITE_OK) {
		if (v->real->pMethods)
			v->real->pMethods->xClose(v->real);
		v->base.pMethods = NULL;
		return rc;
	}
	if (kind == F_WAL) {
		sqlite3_file *db = sqlite3_database_file_object(name);
		v->base.pMethods = &wal_methods;
		if (db && db->pMethods == &main_methods) {
			v->peer = (struct vfile *)db;
			v->peer->peer = v;
		}
	} else {
		v->base.pMethods = &main_methods;
		v->name = name;
		v->map_fd = -1;
	}
	return SQLITE_OK;
}

static int vfs_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return parent()->xDelete(parent(), name, sync_dir);
}

static int vfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return parent()->xAccess(parent(), name, flags, out);
}

static int vfs_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return parent()->xFullPathname(parent(), name, n, out);
}

static void *vfs_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return parent()->xDlOpen(parent(), name);
}

static void vfs_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	parent()->xDlError(parent(), n, msg);
}

static void (*vfs_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return parent()->xDlSym(parent(), h, sym);
}

static void vfs_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	parent()->xDlClose(parent(), h);
}

static int vfs_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return parent()->xRandomness(parent(), n, out);
}

static int vfs_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return parent()->xSleep(parent(), us);
}

static int vfs_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return parent()->xCurrentTime(parent(), out);
}

static int vfs_last_error(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	return parent()->xGetLastError ? parent()->xGetLastError(parent(), n, msg) : 0;
}

static int vfs_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	double d;
	int rc;

	(void)vfs;
	if (parent()->iVersion >= 2 && parent()->xCurrentTimeInt64)
		return parent()->xCurrentTimeInt64(parent(), out);
	rc = parent()->xCurrentTime(parent(), &d);
	*out = (sqlite3_int64)(d * 86400000.0);
	return rc;
}

static void register_once(void)
{
	sqlite3_vfs *p = sqlite3_vfs_find(NULL);

	if (!p)
		return;
	tvfs.iVersion = 2;
	tvfs.szOsFile = (int)VFILE_SIZE + p->szOsFile;
	tvfs.mxPathname = p->mxPathname;
	tvfs.zName = VFS_NAME;
	tvfs.pAppData = p;
	tvfs.xOpen = vfs_open;
	tvfs.xDelete = vfs_delete;
	tvfs.xAccess = vfs_access;
	tvfs.xFullPathname = vfs_full_pathname;
	tvfs.xDlOpen = vfs_dlopen;
	tvfs.xDlError = vfs_dlerror;
	tvfs.xDlSym = vfs_dlsym;
	tvfs.xDlClose = vfs_dlclose;
	tvfs.xRandomness = vfs_randomness;
	tvfs.xSleep = vfs_sleep;
	tvfs.xCurrentTime = vfs_current_time;
	tvfs.xGetLastError = vfs_last_error;
	tvfs.xCurrentTimeInt64 = vfs_current_time64;
	registered = sqlite3_vfs_register(&tvfs, 0) == SQLITE_OK;
}

const char *sq_vfs_name(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, register_once);
	return registered ? VFS_NAME : NULL;
}
