/* What a row's key says besides its place: the commit of a git message. */
#include "index.h"
#include "internal.h"

int index_row_commit(struct msg_index *idx, int64_t row, git_oid *commit, struct strbuf *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	/* twice a run, for the heading: not worth a statement kept prepared */
	if (sqlite3_prepare_v2(idx->db, "SELECT commit_id FROM message WHERE id = ?", -1, &st,
			       NULL) != SQLITE_OK)
		return index_sql_error(idx, "find a row's commit", err);
	sqlite3_bind_int64(st, 1, row);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const void *id = sqlite3_column_blob(st, 0);
		rc = id && sqlite3_column_bytes(st, 0) == GIT_OID_RAWSZ;
		if (rc)
			git_oid_fromraw(commit, id);
	} else if (step == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = index_sql_error(idx, "find a row's commit", err);
	}
	sqlite3_finalize(st);
	return rc;
}

int index_part_has_unreadable(struct msg_index *idx, uint32_t part, struct strbuf *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(idx->db,
			       "SELECT 1 FROM message WHERE id BETWEEN ? AND ? AND read_error IS NOT NULL "
			       "LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return index_sql_error(idx, "find unreadable messages", err);
	sqlite3_bind_int64(st, 1, index_row_id(part, 0));
	sqlite3_bind_int64(st, 2, index_row_id(part, INDEX_SEQ_MAX));
	int step = sqlite3_step(st);
	rc = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : index_sql_error(idx, "find unreadable messages", err);
	sqlite3_finalize(st);
	return rc;
}
