/*
 * The rows of the index: one per message, keyed by (part, seq), with its
 * arrival, its facts as one record (record.c; the List-Id as an id of the
 * value table), its entry body (text: deflating the few thousand bodies of
 * an archive cost a cold run more than the two megabytes it saved) and its
 * commit. One record rather than a column per field: a load of the whole
 * archive costs a few SQLite calls a row instead of one a field.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "index.h"
#include "internal.h"
#include "record.h"

/*
 * Loads read these columns, in this order. Not the entry body: a step
 * reads every column it selects, a long body's overflow pages too, and
 * the report reads each body as it writes it (index_load_entry_body).
 */
enum { COL_ID, COL_ARRIVAL, COL_FACTS, COL_READ_ERROR };
#define LOAD_COLUMNS "id, arrival, facts, read_error"

int rows_prepare(struct msg_index *idx)
{
	static const char *const sql[] = {
		"INSERT OR REPLACE INTO message(id, arrival, facts, entry_body, commit_id, read_error) "
		"VALUES(?, ?, ?, ?, ?, ?)",
		"SELECT " LOAD_COLUMNS " FROM message WHERE id = ?",
		"SELECT entry_body FROM message WHERE id = ?",
		"SELECT facts FROM message WHERE id = ?",
		"SELECT id FROM message WHERE commit_id = ?",
		"SELECT id FROM value WHERE value = ?",
		"INSERT INTO value(value) VALUES(?)",
		"SELECT value FROM value WHERE id = ?",
	};
	sqlite3_stmt **st[] = {&idx->add, &idx->load_one, &idx->load_body, &idx->load_record, &idx->find_commit,
			       &idx->value_find, &idx->value_add, &idx->value_get};
	int rc = SQLITE_OK;

	for (size_t i = 0; rc == SQLITE_OK && i < sizeof(sql) / sizeof(*sql); i++)
		rc = sqlite3_prepare_v3(idx->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, st[i], NULL);
	return rc;
}

void rows_finalize(struct msg_index *idx)
{
	sqlite3_finalize(idx->add);
	sqlite3_finalize(idx->load_one);
	sqlite3_finalize(idx->load_body);
	sqlite3_finalize(idx->load_record);
	sqlite3_finalize(idx->find_commit);
	sqlite3_finalize(idx->value_find);
	sqlite3_finalize(idx->value_add);
	sqlite3_finalize(idx->value_get);
	idx->add = idx->load_one = idx->load_body = idx->load_record = idx->find_commit = NULL;
	idx->value_find = idx->value_add = idx->value_get = NULL;
}

/* ---- entry bodies: text, or for a long one a BLOB of its length (varint) and its deflated text */

/*
 * Short bodies stay text: deflating each of the thousands of ordinary
 * ones costs more than it saves. A body this long is rare, and held as
 * text it would weigh on the index and on the memory of a run.
 */
#define DEFLATE_MIN ((size_t)64 << 10)

/* The deflated form of body (len bytes) into out, after its length; false when it does not pay. */
static bool deflate_body(const char *body, size_t len, struct strbuf *out)
{
	uLong room = compressBound((uLong)len);
	strbuf_reset(out);
	record_put_varint(out, len);
	strbuf_grow(out, room);
	uLongf got = room;
	if (compress2((Bytef *)out->buf + out->len, &got, (const Bytef *)body, (uLong)len, 1) != Z_OK ||
	    out->len + got >= len) {
		strbuf_reset(out);
		return false;
	}
	strbuf_setlen(out, out->len + got);
	return true;
}

/* A deflated body's column: its text's length, and where its deflated bytes lie. */
struct deflated_body {
	const unsigned char *data, *end;
	size_t len;
};

static bool deflated_body_at(sqlite3_stmt *st, int col, struct deflated_body *d)
{
	uint64_t len;
	d->data = sqlite3_column_blob(st, col);
	if (!d->data)
		return false;
	d->end = d->data + sqlite3_column_bytes(st, col);
	if (!record_get_varint(&d->data, d->end, &len) || len > (uint64_t)1 << 31)
		return false;
	d->len = (size_t)len;
	return true;
}

/* Inflates d into out[0..d->len], NUL-terminated. */
static bool deflated_body_inflate(const struct deflated_body *d, char *out)
{
	uLongf got = (uLongf)d->len;
	if (uncompress((Bytef *)out, &got, d->data, (uLong)(d->end - d->data)) != Z_OK || got != d->len)
		return false;
	out[d->len] = '\0';
	return true;
}

/* ---- writing */

void index_row_encode(struct index_ready_row *out, const struct message_facts *f)
{
	memset(out, 0, sizeof(*out));
	strbuf_init(&out->record, 256);
	strbuf_init(&out->body, 0);
	record_encode_head(&out->record, f);
	out->list_id_at = out->record.len;
	record_encode_tail(&out->record, f);
	out->list_id = facts_list_id(f) ? xstrdup(facts_list_id(f)) : NULL;
	const struct message_rare *rare = facts_rare(f);
	if (rare->entry_body) {
		size_t len = strlen(rare->entry_body);
		out->has_body = true;
		out->body_deflated = len >= DEFLATE_MIN && deflate_body(rare->entry_body, len, &out->body);
		if (!out->body_deflated)
			strbuf_add(&out->body, rare->entry_body, len);
	}
	out->read_error = rare->read_error ? xstrdup(rare->read_error) : NULL;
	out->arrival = f->arrival;
}

void index_ready_row_release(struct index_ready_row *row)
{
	strbuf_release(&row->record);
	strbuf_release(&row->body);
	free(row->list_id);
	free(row->read_error);
	memset(row, 0, sizeof(*row));
}

int index_put(struct msg_index *idx, const struct index_key *key, const struct index_ready_row *row,
	      struct strbuf *err)
{
	sqlite3_stmt *st = idx->add;
	struct strbuf record;
	int64_t list_id_value = 0;
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
	if (row->list_id && !values_id(idx, row->list_id, &list_id_value))
		list_id_value = 0;
	strbuf_init(&record, row->record.len + 16);
	strbuf_add(&record, row->record.buf, row->list_id_at);
	record_encode_list_id(&record, row->list_id, list_id_value);
	strbuf_add(&record, row->record.buf + row->list_id_at, row->record.len - row->list_id_at);

	sqlite3_bind_int64(st, 1, index_row_id(key->part, key->seq));
	sqlite3_bind_int64(st, 2, row->arrival);
	sqlite3_bind_blob(st, 3, record.buf, (int)record.len, SQLITE_STATIC);
	if (row->has_body && row->body_deflated)
		sqlite3_bind_blob(st, 4, row->body.buf, (int)row->body.len, SQLITE_STATIC);
	else if (row->has_body)
		sqlite3_bind_text(st, 4, row->body.buf, (int)row->body.len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	if (key->commit)
		sqlite3_bind_blob(st, 5, key->commit->id, GIT_OID_RAWSZ, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	if (row->read_error)
		sqlite3_bind_text(st, 6, row->read_error, (int)strlen(row->read_error), SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 6);

	if (sqlite3_step(st) != SQLITE_DONE)
		rc = index_sql_error(idx, "add row", err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	strbuf_release(&record);
	return rc;
}

int index_add(struct msg_index *idx, const struct index_key *key, const struct message_facts *f,
	      struct strbuf *err)
{
	struct index_ready_row row;
	index_row_encode(&row, f);
	int rc = index_put(idx, key, &row, err);
	index_ready_row_release(&row);
	return rc;
}

/* ---- reading */

static char *column_dup(sqlite3_stmt *st, int col, struct arena *arena)
{
	const void *text = sqlite3_column_text(st, col);
	size_t len = (size_t)sqlite3_column_bytes(st, col);
	return arena ? arena_memdupz(arena, text, len) : xmemdupz(text, len);
}

/*
 * One row of a SELECT LOAD_COLUMNS into f, its strings in arena (see
 * record_decode_in) or malloc'd when arena is NULL. False when it does not
 * decode.
 */
static bool decode_row(struct msg_index *idx, sqlite3_stmt *st, struct message_facts *f, struct arena *arena,
		       struct arena *ids_arena)
{
	int64_t list_id_value;
	bool ok = record_decode_apart(sqlite3_column_blob(st, COL_FACTS),
				      (size_t)sqlite3_column_bytes(st, COL_FACTS), f, &list_id_value, arena, ids_arena,
				      (idx->skip_patch_ids ? RECORD_SKIP_PATCH_ID : RECORD_SKIP_NONE) |
						 (idx->skip_subjects ? RECORD_SKIP_SUBJECT : RECORD_SKIP_NONE));

	f->arrival = sqlite3_column_int64(st, COL_ARRIVAL);
	if (sqlite3_column_type(st, COL_READ_ERROR) == SQLITE_TEXT) {
		/* the record of an unreadable message has no rare block: the row's gets one */
		if (!f->rare)
			f->rare = arena ? arena_calloc(arena, 1, sizeof(*f->rare)) : xcalloc(1, sizeof(*f->rare));
		f->rare->read_error = column_dup(st, COL_READ_ERROR, arena);
	}
	if (list_id_value > 0) {
		const char *value = values_get(idx, list_id_value);
		if (value && arena) {
			/* shared with the author, as a record that holds its List-Id is (message_author_share) */
			struct message_author with = f->author ? *f->author : (struct message_author){0};
			with.list_id = (char *)value;
			f->author = message_author_share(arena, &with);
		} else if (value) {
			facts_set_list_id(f, xstrdup(value));
		}
		ok = ok && value;
	}
	return ok;
}

static int corrupt_row(struct msg_index *idx, int64_t row, struct strbuf *err)
{
	idx->corrupt = true;
	strbuf_addf(err, "%s: row %lld does not decode", idx->path, (long long)row);
	return -1;
}

/* Steps st, a lookup of one row by its id: 1 at the row; else -1 with err (no such row, or SQLite's error). */
static int step_to_row(struct msg_index *idx, sqlite3_stmt *st, int64_t row, const char *what,
		       struct strbuf *err)
{
	sqlite3_bind_int64(st, 1, row);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		return 1;
	if (step == SQLITE_DONE) {
		strbuf_addf(err, "%s: no row %lld", idx->path, (long long)row);
		return -1;
	}
	return index_sql_error(idx, what, err);
}

int index_load(struct msg_index *idx, const int64_t *rows, size_t count, struct message_facts *facts,
	       struct strbuf *err)
{
	return index_load_into(idx, rows, count, facts, NULL, err);
}

int index_load_into(struct msg_index *idx, const int64_t *rows, size_t count, struct message_facts *facts,
		    struct arena *arena, struct strbuf *err)
{
	return index_load_apart(idx, rows, count, facts, arena, arena, err);
}

int index_load_apart(struct msg_index *idx, const int64_t *rows, size_t count, struct message_facts *facts,
		     struct arena *arena, struct arena *ids_arena, struct strbuf *err)
{
	sqlite3_stmt *st = idx->load_one;
	size_t done = 0;
	int rc = 0;

	for (; done < count && !rc; done++) {
		if (step_to_row(idx, st, rows[done], "load row", err) < 0)
			rc = -1;
		else if (!decode_row(idx, st, &facts[done], arena, ids_arena))
			rc = corrupt_row(idx, rows[done], err);
		sqlite3_reset(st);
	}
	if (rc < 0) { /* leave nothing half-loaded */
		index_facts_release(facts, done, arena);
		if (ids_arena && ids_arena != arena)
			arena_release(ids_arena);
	} else if (arena) {
		arena_forget_shared(arena);
		if (ids_arena)
			arena_forget_shared(ids_arena);
	}
	return rc;
}

int index_load_subject_and_id(struct msg_index *idx, int64_t row, struct strbuf *subject,
			      struct strbuf *message_id, struct strbuf *err)
{
	sqlite3_stmt *st = idx->load_record;
	const char *subject_found, *id_found;

	strbuf_reset(subject);
	strbuf_reset(message_id);
	int rc = step_to_row(idx, st, row, "load a subject", err);
	if (rc == 1) {
		if (record_subject_and_id(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0),
					  &subject_found, &id_found)) {
			if (subject_found)
				strbuf_addstr(subject, subject_found);
			if (id_found)
				strbuf_addstr(message_id, id_found);
			rc = id_found != NULL;
		} else {
			rc = corrupt_row(idx, row, err);
		}
	}
	sqlite3_reset(st);
	return rc;
}

int index_load_patch(struct msg_index *idx, int64_t row, struct strbuf *subject, git_oid *patch_id,
		     struct strbuf *err)
{
	sqlite3_stmt *st = idx->load_record;
	struct message_facts f;
	int64_t list_id_value;

	strbuf_reset(subject);
	int rc = step_to_row(idx, st, row, "load a patch", err);
	if (rc == 1) {
		/* one record whole, as rare as the patches looked for: no reader of its own */
		if (record_decode(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), &f,
				  &list_id_value)) {
			const struct message_rare *rare = facts_rare(&f);
			if (rare->subject)
				strbuf_addstr(subject, rare->subject);
			rc = rare->patch_id != NULL;
			if (rare->patch_id)
				*patch_id = *rare->patch_id;
		} else {
			rc = corrupt_row(idx, row, err);
		}
		facts_release(&f);
	}
	sqlite3_reset(st);
	return rc;
}

int index_load_entry_body(struct msg_index *idx, int64_t row, struct strbuf *body, struct strbuf *err)
{
	sqlite3_stmt *st = idx->load_body;
	struct deflated_body d;
	int rc;

	strbuf_reset(body);
	rc = step_to_row(idx, st, row, "load an entry body", err);
	if (rc == 1) {
		switch (sqlite3_column_type(st, 0)) {
		case SQLITE_NULL:
			rc = 0;
			break;
		case SQLITE_TEXT:
			strbuf_add(body, sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
			break;
		case SQLITE_BLOB:
			if (deflated_body_at(st, 0, &d)) {
				strbuf_grow(body, d.len + 1);
				if (deflated_body_inflate(&d, body->buf)) {
					strbuf_setlen(body, d.len);
					break;
				}
			}
			/* fall through */
		default:
			strbuf_reset(body);
			rc = corrupt_row(idx, row, err);
		}
	}
	sqlite3_reset(st);
	return rc;
}

int index_load_through(struct msg_index *idx, int64_t end, struct index_rows *out, struct strbuf *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int step, rc = 0;

	memset(out, 0, sizeof(*out));
	const char *sql = "SELECT " LOAD_COLUMNS " FROM message WHERE arrival <= ? ORDER BY id DESC";
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
		bool ok = decode_row(idx, st, &out->facts[out->count], &out->arena, &out->ids);
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
	else {
		arena_forget_shared(&out->arena);
		arena_forget_shared(&out->ids);
	}
	return rc;
}

void index_facts_release(struct message_facts *facts, size_t count, struct arena *arena)
{
	for (size_t i = 0; i < count; i++) {
		if (!arena) {
			facts_release(&facts[i]);
			continue;
		}
		memset(&facts[i], 0, sizeof(facts[i]));
	}
	if (arena)
		arena_release(arena);
}

void index_rows_release(struct index_rows *rows)
{
	index_facts_release(rows->facts, rows->count, &rows->arena);
	arena_release(&rows->ids);
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
