/*
 * The value table: strings that most rows repeat (a list's List-Id) are
 * stored once and referred to by id, with a cache of the few met so far.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Beyond this many distinct values (a mixed mbox), new ones stay inline. */
#define VALUE_CACHE_MAX 256

static void remember(struct value_cache *c, const char *value, int64_t id)
{
	c->values = xrealloc(c->values, (c->count + 1) * sizeof(*c->values));
	c->ids = xrealloc(c->ids, (c->count + 1) * sizeof(*c->ids));
	c->values[c->count] = xstrdup(value);
	c->ids[c->count] = id;
	c->count++;
}

int values_id(struct msg_index *idx, const char *value, int64_t *id)
{
	struct value_cache *c = &idx->values;
	int rc = 0;

	for (size_t i = 0; i < c->count; i++)
		if (!strcmp(c->values[i], value)) {
			*id = c->ids[i];
			return 1;
		}
	if (c->count >= VALUE_CACHE_MAX)
		return 0;
	sqlite3_bind_text(idx->value_find, 1, value, (int)strlen(value), SQLITE_STATIC);
	if (sqlite3_step(idx->value_find) == SQLITE_ROW) {
		*id = sqlite3_column_int64(idx->value_find, 0);
		rc = 1;
	}
	sqlite3_reset(idx->value_find);
	if (!rc) {
		sqlite3_bind_text(idx->value_add, 1, value, (int)strlen(value), SQLITE_STATIC);
		if (sqlite3_step(idx->value_add) == SQLITE_DONE) {
			*id = sqlite3_last_insert_rowid(idx->db);
			rc = 1;
		}
		sqlite3_reset(idx->value_add);
	}
	if (rc)
		remember(c, value, *id);
	return rc;
}

const char *values_get(struct msg_index *idx, int64_t id)
{
	struct value_cache *c = &idx->values;
	const char *found = NULL;

	for (size_t i = 0; i < c->count; i++)
		if (c->ids[i] == id)
			return c->values[i];
	sqlite3_bind_int64(idx->value_get, 1, id);
	if (sqlite3_step(idx->value_get) == SQLITE_ROW && sqlite3_column_type(idx->value_get, 0) == SQLITE_TEXT) {
		remember(c, (const char *)sqlite3_column_text(idx->value_get, 0), id);
		found = c->values[c->count - 1];
	}
	sqlite3_reset(idx->value_get);
	return found;
}

void values_forget(struct msg_index *idx)
{
	struct value_cache *c = &idx->values;
	for (size_t i = 0; i < c->count; i++)
		free(c->values[i]);
	free(c->values);
	free(c->ids);
	memset(c, 0, sizeof(*c));
}
