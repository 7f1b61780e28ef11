/*
 * The index's database: where it lives, opening it safely, its schema, the
 * update transactions and the parts' state. The rows are in rows.c.
 *
 * Safety, beside SQLite's own (WAL, transactions): a corrupt or outdated
 * file must be deleted and made again, which is only safe when no other
 * process has it open. Every process holds a shared flock on <path>.lock
 * while it has the database open, and a rebuild takes it exclusively.
 */
#include "index.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "internal.h"

/* Bump when the tables change: an older file is then rebuilt. */
/* Also raised when the facts a message gives change: an index made before is then rebuilt. */
#define SCHEMA_VERSION 6
/* How long a run waits for another's update, or for its turn to rebuild. */
#define WAIT_MS (10 * 60 * 1000)
/*
 * The most of the file an update maps: its writes read pages at random,
 * which a mapping serves without a pread copy of each. A mapped page
 * counts in the process's memory once touched, so the mapping is bounded
 * (an archive's index may be many times this size), and a digest's reads
 * drop it (index_read_begin): they hold their own rows at their peak.
 */
#define MMAP_SIZE "33554432"

/* SQLite's page cache, in KiB when negative: its default, and for a digest's reads (index_read_begin). */
#define DEFAULT_CACHE_SIZE "-2000"
#define READ_CACHE_SIZE "-256"

/* The index of rows by commit; dropped and made again around a bulk update (see below). */
#define COMMIT_INDEX_SQL \
	"CREATE INDEX message_commit ON message(commit_id) WHERE commit_id IS NOT NULL;"

static const char schema_sql[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
	/* per part: the newest commit indexed (git) and/or a stamp (files) */
	"CREATE TABLE part(part INTEGER PRIMARY KEY, commit_id BLOB, stamp TEXT);"
	/*
	 * One row per message. id = part << 40 | seq, so that rowid order is the
	 * messages' order and a part is a range of ids, without another index.
	 * facts: the record of the message's facts (record.h); entry_body: TEXT,
	 * after the columns every load reads;
	 * read_error: why the source could not read the message, NULL when it did.
	 */
	"CREATE TABLE message(id INTEGER PRIMARY KEY, arrival INTEGER NOT NULL, facts BLOB NOT NULL,"
	" read_error TEXT, entry_body, commit_id BLOB);"
	COMMIT_INDEX_SQL
	/* the few messages the source could not read, read again by every update */
	"CREATE INDEX message_unreadable ON message(id) WHERE read_error IS NOT NULL;"
	/* strings most rows repeat, stored once (see values.c) */
	"CREATE TABLE value(id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE);";

static bool is_corruption(int rc);

int index_sql_error(struct msg_index *idx, const char *what, struct strbuf *err)
{
	if (is_corruption(sqlite3_extended_errcode(idx->db)))
		idx->corrupt = true;
	strbuf_addf(err, "%s: %s: %s", idx->path, what, sqlite3_errmsg(idx->db));
	/* "disk I/O error" alone does not say that the disk is full, or a limit reached */
	int errnum = (sqlite3_extended_errcode(idx->db) & 0xff) == SQLITE_IOERR ? sqlite3_system_errno(idx->db) : 0;
	if (errnum)
		strbuf_addf(err, " (%s)", strerror(errnum));
	return -1;
}

int index_file_path(const struct index_options *opts, const char *source_id, struct strbuf *out,
		    struct strbuf *err)
{
	if (cache_dir_resolve(opts->cache_dir, out, err) < 0)
		return -1;
	strbuf_addch(out, '/');
	cache_file_name(opts->name, source_id, out);
	return 0;
}

const char *index_path(const struct msg_index *idx)
{
	return idx->path;
}

bool index_is_in_memory(const struct msg_index *idx)
{
	return idx->in_memory;
}

/* ---- opening */

enum open_result {
	OPEN_OK,
	OPEN_BROKEN,   /* not a database, or not ours: rebuild it */
	OPEN_FAILED,   /* cannot be opened or written: go in memory */
	/*
	 * SQLite said busy where it does not wait (two runs that find one new
	 * file at once, one of them turning it to WAL): look again shortly.
	 */
	OPEN_BUSY,
};

static bool is_corruption(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT;
}

static enum open_result sql_failure(sqlite3 *db, int rc, struct strbuf *why)
{
	strbuf_addstr(why, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	if ((rc & 0xff) == SQLITE_BUSY)
		return OPEN_BUSY;
	return is_corruption(rc) ? OPEN_BROKEN : OPEN_FAILED;
}

/* A file of our version that lacks our tables is broken too (SQLITE_ERROR: "no such table"). */
static enum open_result schema_failure(sqlite3 *db, int rc, struct strbuf *why)
{
	enum open_result res = sql_failure(db, rc, why);
	return (rc & 0xff) == SQLITE_ERROR ? OPEN_BROKEN : res;
}

static int read_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* The source a file was made for, so that two sources whose hashes meet never share one. */
static int read_source_id(sqlite3 *db, char **out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'source'", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	*out = NULL;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);
		*out = xstrdup(v ? (const char *)v : "");
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return rc;
}

static int create_schema(sqlite3 *db, const char *source_id)
{
	int rc = sqlite3_exec(db, schema_sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_stmt *st;
	rc = sqlite3_prepare_v2(db, "INSERT INTO meta VALUES('source', ?)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, source_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", SCHEMA_VERSION);
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/*
 * A new file gets the schema; a file of ours is checked: its schema version
 * and its source. Under the write lock, so that two runs that find the
 * same new file do not both make the tables.
 */
static enum open_result check_schema(sqlite3 *db, const char *source_id, struct strbuf *why)
{
	int64_t version = 0, tables = 0;
	char *stored = NULL;
	int rc;

	if ((rc = read_int(db, "PRAGMA user_version", &version)) != SQLITE_OK)
		return sql_failure(db, rc, why);
	if (version == SCHEMA_VERSION) {
		/* the common case: no write lock taken */
		if ((rc = read_source_id(db, &stored)) != SQLITE_OK)
			return schema_failure(db, rc, why);
		bool same = stored && !strcmp(stored, source_id);
		free(stored);
		if (same)
			return OPEN_OK;
		strbuf_addstr(why, "it was made for another source");
		return OPEN_BROKEN;
	}
	if ((rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK)
		return sql_failure(db, rc, why);
	enum open_result res = OPEN_OK;
	if ((rc = read_int(db, "PRAGMA user_version", &version)) != SQLITE_OK ||
	    (rc = read_int(db, "SELECT count(*) FROM sqlite_master", &tables)) != SQLITE_OK)
		res = sql_failure(db, rc, why);
	else if (version == 0 && tables == 0) {
		if ((rc = create_schema(db, source_id)) != SQLITE_OK)
			res = sql_failure(db, rc, why);
	} else if (version == 0) {
		strbuf_addstr(why, "it is not a listdigest index");
		res = OPEN_BROKEN;
	} else if (version != SCHEMA_VERSION) {
		strbuf_addf(why, "its schema version is %lld, this listdigest's is %d", (long long)version,
			    SCHEMA_VERSION);
		res = OPEN_BROKEN;
	}
	if (res == OPEN_OK) {
		if ((rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
			res = sql_failure(db, rc, why);
	}
	if (res != OPEN_OK)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	if (res == OPEN_OK && version == SCHEMA_VERSION) /* another run made it meanwhile */
		return check_schema(db, source_id, why);
	return res;
}

static void close_db(struct msg_index *idx)
{
	rows_finalize(idx);
	values_forget(idx);
	sqlite3_close(idx->db);
	idx->db = NULL;
}

/* Opens idx->path as it is and makes it ready; idx->db is NULL unless OPEN_OK. */
static enum open_result try_open(struct msg_index *idx, const char *source_id, struct strbuf *why)
{
	/* NOMUTEX: a msg_index is used by one thread at a time; SQLite's locking per call costs a third of a load */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(idx->path, &idx->db, flags, NULL);
	enum open_result res = OPEN_OK;

	if (rc != SQLITE_OK) {
		res = sql_failure(idx->db, rc, why);
		goto out;
	}
	sqlite3_extended_result_codes(idx->db, 1);
	sqlite3_busy_timeout(idx->db, WAIT_MS);
	if (!idx->in_memory) {
		/*
		 * Statement journals in memory: each INSERT OR REPLACE keeps one,
		 * which past 64 KB went to a temporary file, so that a cold update
		 * wrote the pages of its long rows there some 90,000 times.
		 */
		rc = sqlite3_exec(idx->db, "PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
		/* WAL: readers never block the writer; NORMAL: a crash may lose the last commit, never the file */
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(idx->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(idx->db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(idx->db, "PRAGMA mmap_size=" MMAP_SIZE, NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			res = sql_failure(idx->db, rc, why);
			goto out;
		}
	}
	if (sqlite3_db_readonly(idx->db, "main") == 1) {
		strbuf_addstr(why, "the file is read-only");
		res = OPEN_FAILED;
		goto out;
	}
	res = check_schema(idx->db, source_id, why);
	if (res == OPEN_OK && (rc = rows_prepare(idx)) != SQLITE_OK)
		res = schema_failure(idx->db, rc, why);
out:
	if (res != OPEN_OK && idx->db)
		close_db(idx);
	return res;
}

static void warn(FILE *to, const char *fmt, const char *a, const char *b)
{
	fprintf(to, "listdigest: warning: ");
	fprintf(to, fmt, a, b);
	fputc('\n', to);
	fflush(to);
}

static int lock(int fd, int how)
{
	int rc;
	while ((rc = flock(fd, how)) < 0 && errno == EINTR)
		;
	return rc;
}

/* Deletes the database and what SQLite keeps beside it; only under the exclusive lock. */
static int remove_database(const char *path, struct strbuf *why)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	struct strbuf name;
	int rc = 0;

	strbuf_init(&name, 0);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "%s%s", path, suffixes[i]);
		if (unlink(name.buf) < 0 && errno != ENOENT) {
			strbuf_addf(why, "%s: %s", name.buf, strerror(errno));
			rc = -1;
			break;
		}
	}
	strbuf_release(&name);
	return rc;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Opens the file, rebuilding it when it is broken, or in any case when
 * force gives a reason. Returns 0, or -1 with why (then the caller goes in
 * memory).
 */
static int open_file(struct msg_index *idx, const char *force, struct strbuf *why)
{
	const char *source_id = idx->source_id;
	struct strbuf lock_path;
	int64_t deadline = now_ms() + WAIT_MS;
	int rc = -1;

	strbuf_init(&lock_path, 0);
	strbuf_addf(&lock_path, "%s.lock", idx->path);
	idx->lock_fd = open(lock_path.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (idx->lock_fd < 0) {
		strbuf_addf(why, "%s", strerror(errno));
		goto out;
	}
	for (;;) {
		struct strbuf broken;
		strbuf_init(&broken, 0);
		if (lock(idx->lock_fd, LOCK_SH) < 0) {
			strbuf_addf(why, "%s: %s", lock_path.buf, strerror(errno));
			strbuf_release(&broken);
			goto out;
		}
		enum open_result res = force ? OPEN_BROKEN : try_open(idx, source_id, &broken);
		if (res == OPEN_BROKEN && lock(idx->lock_fd, LOCK_EX | LOCK_NB) == 0) {
			/* ours alone now: look again (another run may have rebuilt it), then rebuild */
			strbuf_reset(&broken);
			if (force)
				strbuf_addstr(&broken, force);
			else
				res = try_open(idx, source_id, &broken);
			if (res == OPEN_BROKEN) {
				warn(idx->warnings, "%s: rebuilding the index: %s", idx->path, broken.buf);
				strbuf_reset(&broken);
				res = remove_database(idx->path, &broken) < 0 ? OPEN_FAILED
									     : try_open(idx, source_id, &broken);
			}
			if (res == OPEN_OK && lock(idx->lock_fd, LOCK_SH) < 0) {
				strbuf_addf(&broken, "%s: %s", lock_path.buf, strerror(errno));
				close_db(idx);
				res = OPEN_FAILED;
			}
			if (res == OPEN_BROKEN) /* broken even when new: give up on the file */
				res = OPEN_FAILED;
		}
		if (res == OPEN_OK || res == OPEN_FAILED) {
			if (res == OPEN_OK)
				rc = 0;
			else
				strbuf_add(why, broken.buf, broken.len);
			strbuf_release(&broken);
			goto out;
		}
		/*
		 * Broken, and another process has it open: wait for it to close,
		 * then rebuild. Busy: look again once the other run is done with it.
		 */
		if (now_ms() > deadline) {
			strbuf_addf(why, "%s (and another process keeps it open)", force ? force : broken.buf);
			strbuf_release(&broken);
			goto out;
		}
		strbuf_release(&broken);
		lock(idx->lock_fd, LOCK_UN);
		usleep(100 * 1000);
	}
out:
	if (rc < 0 && idx->lock_fd >= 0) {
		close(idx->lock_fd);
		idx->lock_fd = -1;
	}
	strbuf_release(&lock_path);
	return rc;
}

static int open_memory(struct msg_index *idx, struct strbuf *err)
{
	const char *source_id = idx->source_id;
	struct strbuf why;
	strbuf_init(&why, 0);
	free(idx->path);
	idx->path = xstrdup(":memory:");
	idx->in_memory = true;
	int rc = try_open(idx, source_id, &why) == OPEN_OK ? 0 : -1;
	if (rc < 0)
		strbuf_addf(err, "in-memory index: %s", why.buf);
	strbuf_release(&why);
	return rc;
}

int index_open(struct msg_index **out, const struct index_options *opts, const char *source_id,
	       struct strbuf *err)
{
	struct msg_index *idx = xcalloc(1, sizeof(*idx));
	struct strbuf path, why;
	int rc = 0;

	idx->lock_fd = -1;
	idx->source_id = xstrdup(source_id);
	idx->warnings = opts->warnings ? opts->warnings : stderr;
	idx->skip_patch_ids = opts->skip_patch_ids;
	idx->skip_subjects = opts->skip_subjects;
	strbuf_init(&path, 0);
	strbuf_init(&why, 0);
	if (opts->no_cache)
		rc = open_memory(idx, err);
	else if (index_file_path(opts, source_id, &path, &why) < 0) {
		warn(idx->warnings, "%s%s; using an in-memory index", why.buf, "");
		rc = open_memory(idx, err);
	} else {
		char *slash = strrchr(path.buf, '/');
		*slash = '\0';
		int made = cache_dir_create(path.buf, &why);
		*slash = '/';
		idx->path = strbuf_detach(&path, NULL);
		if (made < 0) {
			warn(idx->warnings, "%s%s; using an in-memory index", why.buf, "");
			rc = open_memory(idx, err);
		} else if (open_file(idx, NULL, &why) < 0) {
			warn(idx->warnings, "%s: %s; using an in-memory index", idx->path, why.buf);
			rc = open_memory(idx, err);
		}
	}
	strbuf_release(&path);
	strbuf_release(&why);
	if (rc < 0) {
		index_close(idx);
		idx = NULL;
	}
	*out = idx;
	return rc;
}

void index_close(struct msg_index *idx)
{
	if (!idx)
		return;
	if (idx->db) {
		index_read_end(idx);
		index_update_abort(idx);
		close_db(idx);
	}
	if (idx->lock_fd >= 0)
		close(idx->lock_fd); /* drops the flock */
	free(idx->path);
	free(idx->source_id);
	free(idx);
}

bool index_is_corrupt(const struct msg_index *idx)
{
	return idx->corrupt;
}

int index_rebuild(struct msg_index *idx, const char *why, struct strbuf *err)
{
	struct strbuf failed;
	int rc = 0;

	index_read_end(idx);
	index_update_abort(idx);
	close_db(idx);
	idx->corrupt = false;
	if (idx->lock_fd >= 0) { /* drops our shared lock: the rebuild needs it alone */
		close(idx->lock_fd);
		idx->lock_fd = -1;
	}
	if (idx->in_memory)
		return open_memory(idx, err);
	strbuf_init(&failed, 0);
	if (open_file(idx, why, &failed) < 0) {
		warn(idx->warnings, "%s: %s; using an in-memory index", idx->path, failed.buf);
		rc = open_memory(idx, err);
	}
	strbuf_release(&failed);
	return rc;
}

/* ---- updates */

int index_update_begin(struct msg_index *idx, struct strbuf *err)
{
	if (idx->in_update) {
		strbuf_addf(err, "%s: an update is already under way", idx->path);
		return -1;
	}
	/* IMMEDIATE: the write lock now, waiting (busy timeout) for another run's update */
	if (sqlite3_exec(idx->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return index_sql_error(idx, "begin update", err);
	idx->in_update = true;
	return 0;
}

int index_update_commit(struct msg_index *idx, struct strbuf *err)
{
	if (!idx->in_update) {
		strbuf_addf(err, "%s: no update to commit", idx->path);
		return -1;
	}
	if (sqlite3_exec(idx->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		index_sql_error(idx, "commit update", err);
		index_update_abort(idx);
		return -1;
	}
	idx->in_update = false;
	return 0;
}

/*
 * Commit ids are random: adding a million rows to their index touched a
 * random page each, past what SQLite's cache holds, and each came back
 * from the WAL and went to it again (a quarter of a cold update's time
 * for 1,000,000 messages, growing faster than the messages). Made again
 * after the rows, the index is built from sorted keys instead.
 */
int index_bulk_begin(struct msg_index *idx, struct strbuf *err)
{
	if (!idx->in_update) {
		strbuf_addf(err, "%s: a bulk update outside an update", idx->path);
		return -1;
	}
	if (sqlite3_exec(idx->db, "DROP INDEX message_commit", NULL, NULL, NULL) != SQLITE_OK)
		return index_sql_error(idx, "drop the index of commits", err);
	return 0;
}

int index_bulk_end(struct msg_index *idx, struct strbuf *err)
{
	if (sqlite3_exec(idx->db, COMMIT_INDEX_SQL, NULL, NULL, NULL) != SQLITE_OK)
		return index_sql_error(idx, "make the index of commits", err);
	return 0;
}

void index_update_abort(struct msg_index *idx)
{
	if (!sqlite3_get_autocommit(idx->db)) {
		sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
		values_forget(idx); /* the ids it gave are gone */
	}
	idx->in_update = false;
}

int index_read_begin(struct msg_index *idx, struct strbuf *err)
{
	if (idx->in_update || idx->in_read) {
		strbuf_addf(err, "%s: a transaction is already under way", idx->path);
		return -1;
	}
	/*
	 * The digest's reads go through SQLite's small page cache, not the
	 * update's mapping: the mapped pages of a scanned index would add up to
	 * 32 MB to the rows the digest holds at its peak (a 2.1 GB mbox's run
	 * took 173 MB, not 141), and measured no faster (a warm week 0.06 s
	 * against 0.07 s, a warm full digest of 1,000,000 messages the same).
	 * Setting it unmaps what the update touched.
	 */
	if (sqlite3_exec(idx->db, "PRAGMA mmap_size=0", NULL, NULL, NULL) != SQLITE_OK)
		return index_sql_error(idx, "stop mapping the index", err);
	/*
	 * A small page cache: the loads read each page once, in order, and the
	 * lookups of single rows descend through a few upper pages, which stay.
	 * The default 2 MB would be memory the process first touches, a page
	 * fault each 4 KB: a warm week's digest made 450 fewer, with the same
	 * speed for a million messages.
	 */
	if (sqlite3_exec(idx->db, "PRAGMA cache_size=" READ_CACHE_SIZE, NULL, NULL, NULL) != SQLITE_OK)
		return index_sql_error(idx, "size the page cache", err);
	if (sqlite3_exec(idx->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return index_sql_error(idx, "begin reading", err);
	idx->in_read = true;
	return 0;
}

void index_read_end(struct msg_index *idx)
{
	if (!idx->in_read)
		return;
	if (!sqlite3_get_autocommit(idx->db))
		sqlite3_exec(idx->db, "COMMIT", NULL, NULL, NULL);
	/* an update that follows writes at random: SQLite's default cache again */
	sqlite3_exec(idx->db, "PRAGMA cache_size=" DEFAULT_CACHE_SIZE, NULL, NULL, NULL);
	idx->in_read = false;
}

/* ---- parts */

int64_t index_row_id(uint32_t part, int64_t seq)
{
	return (int64_t)part << 40 | seq;
}

uint32_t index_row_part(int64_t row)
{
	return (uint32_t)(row >> 40);
}

int64_t index_row_seq(int64_t row)
{
	return row & INDEX_SEQ_MAX;
}

static int prepare(struct msg_index *idx, const char *sql, sqlite3_stmt **st, struct strbuf *err)
{
	if (sqlite3_prepare_v2(idx->db, sql, -1, st, NULL) != SQLITE_OK)
		return index_sql_error(idx, "prepare", err);
	return 0;
}

static int check_part(const struct msg_index *idx, uint32_t part, struct strbuf *err)
{
	if (part <= INDEX_PART_MAX)
		return 0;
	strbuf_addf(err, "%s: part %lu is beyond the largest, %lu", idx->path, (unsigned long)part,
		    (unsigned long)INDEX_PART_MAX);
	return -1;
}

void index_part_state_release(struct index_part_state *state)
{
	free(state->stamp);
	memset(state, 0, sizeof(*state));
}

int index_part_get(struct msg_index *idx, uint32_t part, struct index_part_state *out,
		   struct strbuf *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (prepare(idx, "SELECT commit_id, stamp FROM part WHERE part = ?", &st, err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, part);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const void *commit = sqlite3_column_blob(st, 0);
		if (commit && sqlite3_column_bytes(st, 0) == GIT_OID_RAWSZ) {
			git_oid_fromraw(&out->commit, commit);
			out->has_commit = true;
		}
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			out->stamp = xmemdupz(sqlite3_column_text(st, 1), (size_t)sqlite3_column_bytes(st, 1));
		rc = 1;
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = index_sql_error(idx, "read part state", err);
	sqlite3_finalize(st);
	return rc;
}

int index_part_set(struct msg_index *idx, uint32_t part, const struct index_part_state *state,
		   struct strbuf *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (check_part(idx, part, err) < 0 ||
	    prepare(idx, "INSERT OR REPLACE INTO part VALUES(?, ?, ?)", &st, err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, part);
	if (state->has_commit)
		sqlite3_bind_blob(st, 2, state->commit.id, GIT_OID_RAWSZ, SQLITE_STATIC);
	if (state->stamp)
		sqlite3_bind_text(st, 3, state->stamp, (int)strlen(state->stamp), SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = index_sql_error(idx, "write part state", err);
	sqlite3_finalize(st);
	return rc;
}

int index_part_clear(struct msg_index *idx, uint32_t part, struct strbuf *err)
{
	sqlite3_stmt *rows, *state;
	int rc = 0;

	if (check_part(idx, part, err) < 0)
		return -1;
	if (prepare(idx, "DELETE FROM message WHERE id BETWEEN ? AND ?", &rows, err) < 0)
		return -1;
	if (prepare(idx, "DELETE FROM part WHERE part = ?", &state, err) < 0) {
		sqlite3_finalize(rows);
		return -1;
	}
	sqlite3_bind_int64(rows, 1, index_row_id(part, 0));
	sqlite3_bind_int64(rows, 2, index_row_id(part, INDEX_SEQ_MAX));
	sqlite3_bind_int64(state, 1, part);
	if (sqlite3_step(rows) != SQLITE_DONE || sqlite3_step(state) != SQLITE_DONE)
		rc = index_sql_error(idx, "clear part", err);
	sqlite3_finalize(rows);
	sqlite3_finalize(state);
	return rc;
}

int index_part_next_seq(struct msg_index *idx, uint32_t part, int64_t *out, struct strbuf *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (check_part(idx, part, err) < 0 ||
	    prepare(idx, "SELECT max(id) FROM message WHERE id BETWEEN ? AND ?", &st, err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, index_row_id(part, 0));
	sqlite3_bind_int64(st, 2, index_row_id(part, INDEX_SEQ_MAX));
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = index_sql_error(idx, "next seq", err);
	else if (sqlite3_column_type(st, 0) == SQLITE_NULL)
		*out = 0;
	else
		*out = index_row_seq(sqlite3_column_int64(st, 0)) + 1;
	sqlite3_finalize(st);
	return rc;
}

static void add_part(uint32_t **parts, size_t *count, size_t *alloc, uint32_t part)
{
	for (size_t i = 0; i < *count; i++)
		if ((*parts)[i] == part)
			return;
	if (*count == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 8;
		*parts = xrealloc(*parts, *alloc * sizeof(**parts));
	}
	(*parts)[(*count)++] = part;
}

static int compare_parts(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

int index_parts(struct msg_index *idx, uint32_t **parts, size_t *count, struct strbuf *err)
{
	sqlite3_stmt *states, *first;
	size_t alloc = 0;
	int rc = 0;

	*parts = NULL;
	*count = 0;
	if (prepare(idx, "SELECT part FROM part", &states, err) < 0)
		return -1;
	if (prepare(idx, "SELECT min(id) FROM message WHERE id >= ?", &first, err) < 0) {
		sqlite3_finalize(states);
		return -1;
	}
	int step;
	while ((step = sqlite3_step(states)) == SQLITE_ROW)
		add_part(parts, count, &alloc, (uint32_t)sqlite3_column_int64(states, 0));
	if (step != SQLITE_DONE)
		rc = index_sql_error(idx, "list parts", err);
	/* the parts that have rows: one jump per part along the ids */
	for (int64_t from = 0; !rc;) {
		sqlite3_bind_int64(first, 1, from);
		if (sqlite3_step(first) != SQLITE_ROW) {
			rc = index_sql_error(idx, "list parts", err);
			break;
		}
		bool none = sqlite3_column_type(first, 0) == SQLITE_NULL;
		int64_t id = sqlite3_column_int64(first, 0);
		sqlite3_reset(first);
		if (none)
			break;
		add_part(parts, count, &alloc, index_row_part(id));
		from = index_row_id(index_row_part(id) + 1, 0);
	}
	sqlite3_finalize(states);
	sqlite3_finalize(first);
	if (rc < 0) {
		free(*parts);
		*parts = NULL;
		*count = 0;
		return -1;
	}
	if (*count)
		qsort(*parts, *count, sizeof(**parts), compare_parts);
	return 0;
}
