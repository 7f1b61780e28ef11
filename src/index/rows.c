/*
 * The rows of the index: struct message_facts in and out, exactly. Strings
 * are TEXT with their length (SQLite keeps the bytes as given), NULL as
 * SQL NULL. Lists are one BLOB each: per item a varint of its length + 1
 * (0 for NULL) and its bytes, so any byte a message can hold survives.
 *
 * Small, because the index must stay a fraction of the archive: a column
 * that repeats another field of the row holds a small INTEGER saying which
 * (SQLite's columns take any type), the List-Id is an id in the value
 * table, and a long entry body is deflated into a BLOB.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "index.h"
#include "internal.h"

#define ROW_COLUMNS_BUT_BODY \
	"id, arrival, numbers, author_name, author_addr, author_key, subject, thread_root,"\
	" list_id, message_id, blob_id, in_reply_to, refs, change_id, trailers," \
	" linked_ids, patch_id, "
#define ROW_COLUMNS ROW_COLUMNS_BUT_BODY "entry_body"
/* A statement's step reads every column it selects: a long body's overflow pages too. */
#define ROW_COLUMNS_NO_BODY ROW_COLUMNS_BUT_BODY "NULL"

/* Column numbers, in the order of ROW_COLUMNS (the insert adds commit_id after them). */
enum {
	COL_ID, COL_ARRIVAL, COL_NUMBERS, COL_AUTHOR_NAME, COL_AUTHOR_ADDR,
	COL_AUTHOR_KEY, COL_SUBJECT, COL_THREAD_ROOT, COL_LIST_ID,
	COL_MESSAGE_ID, COL_BLOB_ID, COL_IN_REPLY_TO, COL_REFS, COL_CHANGE_ID, COL_TRAILERS,
	COL_LINKED_IDS, COL_PATCH_ID, COL_ENTRY_BODY, COL_COUNT
};

int rows_prepare(struct msg_index *idx)
{
	char add[1024];
	size_t n = (size_t)snprintf(add, sizeof(add),
				    "INSERT OR REPLACE INTO message(" ROW_COLUMNS ", commit_id) VALUES(");
	for (int i = 0; i <= COL_COUNT; i++)
		n += (size_t)snprintf(add + n, sizeof(add) - n, i ? ",?" : "?");
	snprintf(add + n, sizeof(add) - n, ")");

	int rc = sqlite3_prepare_v3(idx->db, add, -1, SQLITE_PREPARE_PERSISTENT, &idx->add, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(idx->db, "SELECT " ROW_COLUMNS " FROM message WHERE id = ?", -1,
					SQLITE_PREPARE_PERSISTENT, &idx->load_one, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(idx->db, "SELECT " ROW_COLUMNS_NO_BODY " FROM message WHERE id = ?", -1,
					SQLITE_PREPARE_PERSISTENT, &idx->load_one_no_body, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(idx->db, "SELECT id FROM message WHERE commit_id = ?", -1,
					SQLITE_PREPARE_PERSISTENT, &idx->find_commit, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(idx->db, "SELECT id FROM value WHERE value = ?", -1,
					SQLITE_PREPARE_PERSISTENT, &idx->value_find, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(idx->db, "INSERT INTO value(value) VALUES(?)", -1,
					SQLITE_PREPARE_PERSISTENT, &idx->value_add, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(idx->db, "SELECT value FROM value WHERE id = ?", -1,
					SQLITE_PREPARE_PERSISTENT, &idx->value_get, NULL);
	return rc;
}

void rows_finalize(struct msg_index *idx)
{
	sqlite3_finalize(idx->add);
	sqlite3_finalize(idx->load_one);
	sqlite3_finalize(idx->load_one_no_body);
	sqlite3_finalize(idx->find_commit);
	sqlite3_finalize(idx->value_find);
	sqlite3_finalize(idx->value_add);
	sqlite3_finalize(idx->value_get);
	idx->add = idx->load_one = idx->load_one_no_body = idx->find_commit = NULL;
	idx->value_find = idx->value_add = idx->value_get = NULL;
}

/* ---- the list encoding */

static void put_varint(struct strbuf *sb, uint64_t v)
{
	do {
		unsigned char byte = v & 0x7f;
		v >>= 7;
		strbuf_addch(sb, (char)(byte | (v ? 0x80 : 0)));
	} while (v);
}

static void put_string(struct strbuf *sb, const char *s)
{
	if (!s) {
		put_varint(sb, 0);
		return;
	}
	size_t len = strlen(s);
	put_varint(sb, (uint64_t)len + 1);
	strbuf_add(sb, s, len);
}

/* A reader of one list BLOB; ok turns false at the first byte out of place. */
struct cursor {
	const unsigned char *p, *end;
	bool ok;
};

static uint64_t get_varint(struct cursor *c)
{
	uint64_t v = 0;
	for (int shift = 0; c->ok; shift += 7) {
		if (c->p == c->end || shift > 63) {
			c->ok = false;
			break;
		}
		unsigned char byte = *c->p++;
		v |= (uint64_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80))
			return v;
	}
	return 0;
}

static void skip_string(struct cursor *c)
{
	uint64_t n = get_varint(c);
	if (c->ok && n > 0) {
		if (n - 1 > (uint64_t)(c->end - c->p))
			c->ok = false;
		else
			c->p += n - 1;
	}
}

static char *get_string(struct cursor *c)
{
	uint64_t n = get_varint(c);
	if (!c->ok || n == 0)
		return NULL;
	if (n - 1 > (uint64_t)(c->end - c->p)) {
		c->ok = false;
		return NULL;
	}
	char *s = xmemdupz(c->p, (size_t)(n - 1));
	c->p += n - 1;
	return s;
}

static struct cursor column_cursor(sqlite3_stmt *st, int col)
{
	const unsigned char *p = sqlite3_column_blob(st, col);
	size_t len = (size_t)sqlite3_column_bytes(st, col);
	return (struct cursor){p, p ? p + len : p, true};
}

/* ---- repeats: what a column holds when it says "the same as ..." */

enum {
	SAME_AS_ADDR_LOWER = 1,   /* author_key: author_addr lower-cased */
	SAME_AS_MESSAGE_ID = 1,   /* thread_root */
	SAME_AS_FIRST_REF = 2,    /* thread_root */
	SAME_AS_IN_REPLY_TO = 3,  /* thread_root */
	SAME_AS_LAST_REF = 1,     /* in_reply_to */
};

/* Bodies shorter than this are not worth deflating. */
#define DEFLATE_MIN 128

static bool same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static bool is_lower_of(const char *key, const char *addr)
{
	if (!key || !addr)
		return false;
	for (; *addr; addr++, key++) {
		char c = *addr >= 'A' && *addr <= 'Z' ? (char)(*addr + 32) : *addr;
		if (*key != c)
			return false;
	}
	return !*key;
}

static char *lower_dup(const char *s)
{
	char *out = xstrdup(s);
	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	return out;
}

/* varint of the length, then the deflated bytes; false when that is no smaller. */
static bool deflate_body(const char *body, struct strbuf *out)
{
	size_t len = strlen(body);
	if (len < DEFLATE_MIN)
		return false;
	uLongf room = compressBound((uLong)len);
	put_varint(out, len);
	strbuf_grow(out, room);
	if (compress2((Bytef *)out->buf + out->len, &room, (const Bytef *)body, (uLong)len, 6) != Z_OK ||
	    out->len + room >= len)
		return false;
	strbuf_setlen(out, out->len + room);
	return true;
}

static char *inflate_body(sqlite3_stmt *st, int col, bool *ok)
{
	struct cursor c = column_cursor(st, col);
	uint64_t len = get_varint(&c);
	if (!c.ok || len > (uint64_t)1 << 31) {
		*ok = false;
		return NULL;
	}
	char *out = xmalloc((size_t)len + 1);
	uLongf got = (uLongf)len;
	if (uncompress((Bytef *)out, &got, c.p, (uLong)(c.end - c.p)) != Z_OK || got != len) {
		free(out);
		*ok = false;
		return NULL;
	}
	out[len] = '\0';
	return out;
}

/*
 * The small numbers of a row, in one BLOB of varints (signed ones
 * zigzagged): a column each would cost a load more than decoding them.
 */
static uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static void encode_numbers(struct strbuf *sb, const struct message_facts *f)
{
	put_varint(sb, f->present);
	put_varint(sb, zigzag(f->author_source));
	put_varint(sb, f->tag.is_patch);
	put_varint(sb, zigzag(f->tag.version.major));
	put_varint(sb, zigzag(f->tag.version.minor));
	put_varint(sb, zigzag(f->tag.number));
	put_varint(sb, zigzag(f->tag.total));
	put_varint(sb, f->tag.title_offset);
}

static bool decode_numbers(sqlite3_stmt *st, struct message_facts *f)
{
	struct cursor c = column_cursor(st, COL_NUMBERS);
	f->present = get_varint(&c) != 0;
	f->author_source = (enum author_source)unzigzag(get_varint(&c));
	f->tag.is_patch = get_varint(&c) != 0;
	f->tag.version.major = (int)unzigzag(get_varint(&c));
	f->tag.version.minor = (int)unzigzag(get_varint(&c));
	f->tag.number = (int)unzigzag(get_varint(&c));
	f->tag.total = (int)unzigzag(get_varint(&c));
	f->tag.title_offset = (size_t)get_varint(&c);
	return c.ok && c.p == c.end;
}

/* ---- writing */

static void bind_string(sqlite3_stmt *st, int col, const char *s)
{
	if (s)
		sqlite3_bind_text(st, col + 1, s, (int)strlen(s), SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col + 1);
}

static void bind_list_blob(sqlite3_stmt *st, int col, struct strbuf *sb)
{
	if (sb->len)
		sqlite3_bind_blob(st, col + 1, sb->buf, (int)sb->len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col + 1);
}

static void encode_strings(struct strbuf *sb, char *const *items, size_t count)
{
	for (size_t i = 0; i < count; i++)
		put_string(sb, items[i]);
}

int index_add(struct msg_index *idx, const struct index_key *key, const struct message_facts *f,
	      struct strbuf *err)
{
	sqlite3_stmt *st = idx->add;
	struct strbuf numbers, refs, trailers, linked, body;
	int rc = 0;

	if (!idx->in_update) {
		strbuf_addf(err, "%s: a row added outside an update", idx->path);
		return -1;
	}
	if (key->part > INDEX_PART_MAX || key->seq < 0 || key->seq > INDEX_SEQ_MAX) {
		strbuf_addf(err, "%s: key (%lu, %lld) out of range", idx->path, (unsigned long)key->part,
			    (long long)key->seq);
		return -1;
	}
	strbuf_init(&refs, 0);
	strbuf_init(&trailers, 0);
	strbuf_init(&linked, 0);
	strbuf_init(&body, 0);
	strbuf_init(&numbers, 0);
	encode_strings(&refs, f->references, f->reference_count);
	encode_strings(&linked, f->linked_ids, f->linked_id_count);
	for (size_t i = 0; i < f->trailer_count; i++) {
		put_varint(&trailers, (uint64_t)f->trailers[i].kind);
		put_string(&trailers, f->trailers[i].person);
		put_string(&trailers, f->trailers[i].addr);
	}

	sqlite3_bind_int64(st, COL_ID + 1, index_row_id(key->part, key->seq));
	/* the commit is the last parameter: the loads never read it */
	if (key->commit)
		sqlite3_bind_blob(st, COL_COUNT + 1, key->commit->id, GIT_OID_RAWSZ, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, COL_COUNT + 1);
	sqlite3_bind_int64(st, COL_ARRIVAL + 1, f->arrival);
	encode_numbers(&numbers, f);
	sqlite3_bind_blob(st, COL_NUMBERS + 1, numbers.buf, (int)numbers.len, SQLITE_STATIC);
	bind_string(st, COL_AUTHOR_NAME, f->author_name);
	bind_string(st, COL_AUTHOR_ADDR, f->author_addr);
	if (is_lower_of(f->author_key, f->author_addr))
		sqlite3_bind_int(st, COL_AUTHOR_KEY + 1, SAME_AS_ADDR_LOWER);
	else
		bind_string(st, COL_AUTHOR_KEY, f->author_key);
	bind_string(st, COL_SUBJECT, f->subject);
	const char *last_ref = f->reference_count ? f->references[f->reference_count - 1] : NULL;
	if (same(f->thread_root, f->message_id))
		sqlite3_bind_int(st, COL_THREAD_ROOT + 1, SAME_AS_MESSAGE_ID);
	else if (same(f->thread_root, f->reference_count ? f->references[0] : NULL))
		sqlite3_bind_int(st, COL_THREAD_ROOT + 1, SAME_AS_FIRST_REF);
	else if (same(f->thread_root, f->in_reply_to))
		sqlite3_bind_int(st, COL_THREAD_ROOT + 1, SAME_AS_IN_REPLY_TO);
	else
		bind_string(st, COL_THREAD_ROOT, f->thread_root);
	int64_t list_id;
	if (f->list_id && values_id(idx, f->list_id, &list_id))
		sqlite3_bind_int64(st, COL_LIST_ID + 1, list_id);
	else
		bind_string(st, COL_LIST_ID, f->list_id);
	bind_string(st, COL_MESSAGE_ID, f->message_id);
	if (f->has_blob_id)
		sqlite3_bind_blob(st, COL_BLOB_ID + 1, f->blob_id.id, GIT_OID_RAWSZ, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, COL_BLOB_ID + 1);
	if (same(f->in_reply_to, last_ref))
		sqlite3_bind_int(st, COL_IN_REPLY_TO + 1, SAME_AS_LAST_REF);
	else
		bind_string(st, COL_IN_REPLY_TO, f->in_reply_to);
	bind_list_blob(st, COL_REFS, &refs);
	bind_string(st, COL_CHANGE_ID, f->change_id);
	bind_list_blob(st, COL_TRAILERS, &trailers);
	bind_list_blob(st, COL_LINKED_IDS, &linked);
	bind_string(st, COL_PATCH_ID, f->patch_id);
	if (f->entry_body && deflate_body(f->entry_body, &body))
		sqlite3_bind_blob(st, COL_ENTRY_BODY + 1, body.buf, (int)body.len, SQLITE_STATIC);
	else
		bind_string(st, COL_ENTRY_BODY, f->entry_body);

	if (sqlite3_step(st) != SQLITE_DONE)
		rc = index_sql_error(idx, "add row", err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	strbuf_release(&refs);
	strbuf_release(&trailers);
	strbuf_release(&linked);
	strbuf_release(&body);
	strbuf_release(&numbers);
	return rc;
}

/* ---- reading */

/* A TEXT column; NULL for SQL NULL (column_text gives "" for an empty string, never NULL). */
static char *column_string(sqlite3_stmt *st, int col)
{
	const unsigned char *text = sqlite3_column_text(st, col);
	return text ? xmemdupz(text, (size_t)sqlite3_column_bytes(st, col)) : NULL;
}

/* Counts the items first, so that the array is allocated once. */
static char **decode_strings(sqlite3_stmt *st, int col, size_t *count, bool *ok)
{
	struct cursor c = column_cursor(st, col);
	size_t n = 0;
	*count = 0;
	for (struct cursor probe = c; probe.ok && probe.p != probe.end; n++)
		skip_string(&probe);
	if (!n)
		return NULL;
	char **items = xcalloc(n, sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = get_string(&c);
	if (!c.ok || c.p != c.end)
		*ok = false;
	*count = n;
	return items;
}

static struct review_trailer *decode_trailers(sqlite3_stmt *st, size_t *count, bool *ok)
{
	struct cursor c = column_cursor(st, COL_TRAILERS);
	struct review_trailer *items = NULL;
	size_t n = 0, alloc = 0;

	while (c.ok && c.p != c.end) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 4;
			items = xrealloc(items, alloc * sizeof(*items));
		}
		uint64_t kind = get_varint(&c);
		if (kind >= TRAILER_KIND_COUNT)
			c.ok = false;
		items[n].kind = (enum trailer_kind)kind;
		items[n].person = get_string(&c);
		items[n].addr = get_string(&c);
		n++;
	}
	if (!c.ok)
		*ok = false;
	*count = n;
	return items;
}

static bool column_oid(sqlite3_stmt *st, int col, git_oid *out)
{
	const void *raw = sqlite3_column_blob(st, col);
	if (!raw || sqlite3_column_bytes(st, col) != GIT_OID_RAWSZ)
		return false;
	git_oid_fromraw(out, raw);
	return true;
}

/* What a column that may repeat another field says: 0 when it holds its own value, -1 for nonsense. */
static int repeat_of(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) != SQLITE_INTEGER)
		return 0;
	int which = sqlite3_column_int(st, col);
	return which > 0 ? which : -1;
}

static char *dup_repeated(const char *field, bool *ok)
{
	if (!field)
		*ok = false; /* a repeat of nothing */
	return field ? xstrdup(field) : NULL;
}

/* One row of a SELECT ROW_COLUMNS into f (against a msg_index, for the value table). */
static bool decode_row(struct msg_index *idx, sqlite3_stmt *st, unsigned flags, struct message_facts *f)
{
	bool ok = true;

	memset(f, 0, sizeof(*f));
	f->arrival = sqlite3_column_int64(st, COL_ARRIVAL);
	ok = decode_numbers(st, f);
	f->author_name = column_string(st, COL_AUTHOR_NAME);
	f->author_addr = column_string(st, COL_AUTHOR_ADDR);
	switch (repeat_of(st, COL_AUTHOR_KEY)) {
	case 0:
		f->author_key = column_string(st, COL_AUTHOR_KEY);
		break;
	case SAME_AS_ADDR_LOWER:
		f->author_key = f->author_addr ? lower_dup(f->author_addr) : NULL;
		ok = ok && f->author_addr;
		break;
	default:
		ok = false;
	}
	f->subject = column_string(st, COL_SUBJECT);
	if (sqlite3_column_type(st, COL_LIST_ID) == SQLITE_INTEGER) {
		const char *value = values_get(idx, sqlite3_column_int64(st, COL_LIST_ID));
		f->list_id = value ? xstrdup(value) : NULL;
		ok = ok && value;
	} else
		f->list_id = column_string(st, COL_LIST_ID);
	f->message_id = column_string(st, COL_MESSAGE_ID);
	f->has_blob_id = column_oid(st, COL_BLOB_ID, &f->blob_id);
	f->references = decode_strings(st, COL_REFS, &f->reference_count, &ok);
	const char *last_ref = f->reference_count ? f->references[f->reference_count - 1] : NULL;
	switch (repeat_of(st, COL_IN_REPLY_TO)) {
	case 0:
		f->in_reply_to = column_string(st, COL_IN_REPLY_TO);
		break;
	case SAME_AS_LAST_REF:
		f->in_reply_to = dup_repeated(last_ref, &ok);
		break;
	default:
		ok = false;
	}
	const char *first_ref = f->reference_count ? f->references[0] : NULL;
	switch (repeat_of(st, COL_THREAD_ROOT)) {
	case 0:
		f->thread_root = column_string(st, COL_THREAD_ROOT);
		break;
	case SAME_AS_MESSAGE_ID:
		f->thread_root = dup_repeated(f->message_id, &ok);
		break;
	case SAME_AS_FIRST_REF:
		f->thread_root = dup_repeated(first_ref, &ok);
		break;
	case SAME_AS_IN_REPLY_TO:
		f->thread_root = dup_repeated(f->in_reply_to, &ok);
		break;
	default:
		ok = false;
	}
	f->change_id = column_string(st, COL_CHANGE_ID);
	f->trailers = decode_trailers(st, &f->trailer_count, &ok);
	f->linked_ids = decode_strings(st, COL_LINKED_IDS, &f->linked_id_count, &ok);
	f->patch_id = column_string(st, COL_PATCH_ID);
	if (!(flags & INDEX_LOAD_ENTRY_BODY))
		;
	else if (sqlite3_column_type(st, COL_ENTRY_BODY) == SQLITE_BLOB)
		f->entry_body = inflate_body(st, COL_ENTRY_BODY, &ok);
	else
		f->entry_body = column_string(st, COL_ENTRY_BODY);
	return ok;
}

static int corrupt_row(struct msg_index *idx, int64_t row, struct strbuf *err)
{
	idx->corrupt = true;
	strbuf_addf(err, "%s: row %lld: a list is malformed", idx->path, (long long)row);
	return -1;
}

int index_load(struct msg_index *idx, const int64_t *rows, size_t count, unsigned flags,
	       struct message_facts *facts, struct strbuf *err)
{
	sqlite3_stmt *st = flags & INDEX_LOAD_ENTRY_BODY ? idx->load_one : idx->load_one_no_body;
	size_t done = 0;
	int rc = 0;

	for (; done < count && !rc; done++) {
		sqlite3_bind_int64(st, 1, rows[done]);
		int step = sqlite3_step(st);
		if (step == SQLITE_ROW) {
			if (!decode_row(idx, st, flags, &facts[done]))
				rc = corrupt_row(idx, rows[done], err);
		} else if (step == SQLITE_DONE) {
			strbuf_addf(err, "%s: no row %lld", idx->path, (long long)rows[done]);
			rc = -1;
		} else
			rc = index_sql_error(idx, "load row", err);
		sqlite3_reset(st);
	}
	if (rc < 0) /* leave nothing half-loaded */
		for (size_t i = 0; i < done; i++)
			facts_release(&facts[i]);
	return rc;
}

int index_load_through(struct msg_index *idx, int64_t end, unsigned flags, struct index_rows *out,
		       struct strbuf *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int step, rc = 0;

	memset(out, 0, sizeof(*out));
	const char *sql = flags & INDEX_LOAD_ENTRY_BODY
				  ? "SELECT " ROW_COLUMNS " FROM message WHERE arrival <= ? ORDER BY id DESC"
				  : "SELECT " ROW_COLUMNS_NO_BODY " FROM message WHERE arrival <= ? ORDER BY id DESC";
	if (sqlite3_prepare_v2(idx->db, sql, -1, &st, NULL) != SQLITE_OK)
		return index_sql_error(idx, "prepare", err);
	sqlite3_bind_int64(st, 1, end);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->count == alloc) {
			alloc = alloc ? alloc * 2 : 1024;
			out->rows = xrealloc(out->rows, alloc * sizeof(*out->rows));
			out->facts = xrealloc(out->facts, alloc * sizeof(*out->facts));
		}
		out->rows[out->count] = sqlite3_column_int64(st, COL_ID);
		bool ok = decode_row(idx, st, flags, &out->facts[out->count]);
		out->count++;
		if (!ok) {
			rc = corrupt_row(idx, out->rows[out->count - 1], err);
			break;
		}
	}
	if (!rc && step != SQLITE_DONE)
		rc = index_sql_error(idx, "load rows", err);
	sqlite3_finalize(st);
	if (rc < 0)
		index_rows_release(out);
	return rc;
}

void index_rows_release(struct index_rows *rows)
{
	for (size_t i = 0; i < rows->count; i++)
		facts_release(&rows->facts[i]);
	free(rows->facts);
	free(rows->rows);
	memset(rows, 0, sizeof(*rows));
}

int index_list(struct msg_index *idx, struct index_listing *out, struct strbuf *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int step, rc = 0;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(idx->db, "SELECT id, arrival FROM message ORDER BY id DESC", -1, &st,
			       NULL) != SQLITE_OK)
		return index_sql_error(idx, "prepare", err);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->count == alloc) {
			alloc = alloc ? alloc * 2 : 1024;
			out->rows = xrealloc(out->rows, alloc * sizeof(*out->rows));
			out->arrival = xrealloc(out->arrival, alloc * sizeof(*out->arrival));
		}
		out->rows[out->count] = sqlite3_column_int64(st, 0);
		out->arrival[out->count] = sqlite3_column_int64(st, 1);
		out->count++;
	}
	if (step != SQLITE_DONE) {
		rc = index_sql_error(idx, "list rows", err);
		index_listing_release(out);
	}
	sqlite3_finalize(st);
	return rc;
}

void index_listing_release(struct index_listing *listing)
{
	free(listing->rows);
	free(listing->arrival);
	memset(listing, 0, sizeof(*listing));
}

int index_find_commit(struct msg_index *idx, const git_oid *commit, int64_t *row, struct strbuf *err)
{
	sqlite3_stmt *st = idx->find_commit;
	int rc;

	sqlite3_bind_blob(st, 1, commit->id, GIT_OID_RAWSZ, SQLITE_STATIC);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*row = sqlite3_column_int64(st, 0);
		rc = 1;
	} else if (step == SQLITE_DONE)
		rc = 0;
	else
		rc = index_sql_error(idx, "find commit", err);
	sqlite3_reset(st);
	return rc;
}
