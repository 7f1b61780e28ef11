#include "record.h"

#include <stdlib.h>
#include <string.h>

#include "../common/ascii.h"

/*
 * A field: a varint v, then bytes. v = 0: NULL; 1 .. FIELD_CODES - 1: a
 * code (what it means depends on the field: "the same as ..."); else a
 * string of v - FIELD_CODES bytes and a NUL, so that a record copied
 * whole into an arena lends its strings where they lie.
 */
#define FIELD_CODES 8

enum {
	SAME_AS_ADDR_LOWER = 1,   /* author_key: author_addr lower-cased */
	SAME_AS_LAST_REF = 1,     /* in_reply_to */
	SAME_AS_MESSAGE_ID = 1,   /* thread_root */
	SAME_AS_FIRST_REF = 2,    /* thread_root */
	SAME_AS_IN_REPLY_TO = 3,  /* thread_root */
	VALUE_ID = 1,             /* list_id: a varint id of the value table follows */
};

void record_put_varint(struct strbuf *sb, uint64_t v)
{
	do {
		unsigned char byte = v & 0x7f;
		v >>= 7;
		strbuf_addch(sb, (char)(byte | (v ? 0x80 : 0)));
	} while (v);
}

bool record_get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift <= 63; shift += 7) {
		if (*p == end)
			return false;
		unsigned char byte = *(*p)++;
		*v |= (uint64_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80))
			return true;
	}
	return false;
}

static uint64_t zigzag(int64_t v)
{
	/* the sign as all ones or all zeros, without shifting a negative value */
	return ((uint64_t)v << 1) ^ (0 - ((uint64_t)v >> 63));
}

static int64_t unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* ---- encoding */

static void put_code(struct strbuf *sb, int code)
{
	record_put_varint(sb, (uint64_t)code);
}

static void put_field(struct strbuf *sb, const char *s)
{
	if (!s) {
		record_put_varint(sb, 0);
		return;
	}
	size_t len = strlen(s);
	record_put_varint(sb, (uint64_t)len + FIELD_CODES);
	strbuf_add(sb, s, len + 1);
}

/* Kept as its 40 hex digits, as the records have always held it. */
static void put_patch_id(struct strbuf *sb, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	put_field(sb, id ? git_oid_tostr(hex, sizeof(hex), id) : NULL);
}

static void put_list(struct strbuf *sb, char *const *items, size_t count)
{
	record_put_varint(sb, count);
	for (size_t i = 0; i < count; i++)
		put_field(sb, items[i]);
}

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

void record_encode(struct strbuf *out, const struct message_facts *f, int64_t list_id_value)
{
	record_encode_head(out, f);
	record_encode_list_id(out, facts_list_id(f), list_id_value);
	record_encode_tail(out, f);
}

void record_encode_head(struct strbuf *out, const struct message_facts *f)
{
	const char *first_ref = facts_first_reference(f);
	const char *last_ref = facts_last_reference(f);

	struct patch_tag tag = facts_tag(f);
	const char *subject = facts_rare(f)->subject;
	record_put_varint(out, f->present);
	record_put_varint(out, zigzag(f->author_source));
	record_put_varint(out, tag.is_patch);
	record_put_varint(out, zigzag(tag.version.major));
	record_put_varint(out, zigzag(tag.version.minor));
	record_put_varint(out, zigzag(tag.number));
	record_put_varint(out, zigzag(tag.total));
	/* the title's offset: the facts no longer keep it, but find it in the subject (patch_title_offset) */
	record_put_varint(out, subject ? patch_title_offset(subject) : 0);

	put_field(out, facts_author_name(f));
	put_field(out, facts_author_addr(f));
	if (is_lower_of(facts_author_key(f), facts_author_addr(f)))
		put_code(out, SAME_AS_ADDR_LOWER);
	else
		put_field(out, facts_author_key(f));
	put_field(out, facts_rare(f)->subject);
	put_field(out, facts_own_message_id(f));
	record_put_varint(out, f->reference_count);
	for (size_t i = 0; i < f->reference_count; i++)
		put_field(out, facts_reference(f, i));
	const char *in_reply_to = facts_in_reply_to(f);
	if (same(in_reply_to, last_ref))
		put_code(out, SAME_AS_LAST_REF);
	else
		put_field(out, in_reply_to);
	const char *root = facts_thread_root(f);
	if (same(root, facts_own_message_id(f)))
		put_code(out, SAME_AS_MESSAGE_ID);
	else if (same(root, first_ref))
		put_code(out, SAME_AS_FIRST_REF);
	else if (same(root, in_reply_to))
		put_code(out, SAME_AS_IN_REPLY_TO);
	else
		put_field(out, root);
}

void record_encode_list_id(struct strbuf *out, const char *list_id, int64_t list_id_value)
{
	if (list_id_value > 0) {
		put_code(out, VALUE_ID);
		record_put_varint(out, (uint64_t)list_id_value);
	} else
		put_field(out, list_id);
}

void record_encode_tail(struct strbuf *out, const struct message_facts *f)
{
	const struct message_rare *rare = facts_rare(f);
	put_field(out, rare->change_id);
	record_put_varint(out, rare->trailer_count);
	for (size_t i = 0; i < rare->trailer_count; i++) {
		record_put_varint(out, (uint64_t)rare->trailers[i].kind);
		put_field(out, rare->trailers[i].person);
		put_field(out, rare->trailers[i].addr);
	}
	put_list(out, rare->linked_ids, rare->linked_id_count);
	put_patch_id(out, rare->patch_id);
}

/* ---- decoding */

/*
 * A record being read; ok turns false at the first byte out of place.
 * With an arena, its strings are copied into it, and those that repeat
 * from message to message (ids, subjects, people) are shared there
 * (arena_share): one copy stands for many. Without, each string is
 * malloc'd.
 */
struct reader {
	const unsigned char *p, *end;
	bool ok;
	struct arena *arena;  /* where the strings and the lists go; NULL: malloc */
	struct strbuf lowered; /* lowered's work, for the author's key */
	struct arena *ids;    /* where the ids go (record_decode_apart); arena when not apart */
};

/* The ids are read into r->ids, the rest into the arena of the rest. */
static struct arena *use_arena(struct reader *r, struct arena *arena)
{
	struct arena *was = r->arena;
	r->arena = arena;
	return was;
}

/*
 * How a string of the record is kept in an arena. KEEP_NONE keeps none:
 * the string where it lies in the record, read before the record goes.
 */
enum keep { KEEP_COPY, KEEP_SHARED, KEEP_NONE };

static char *keep(struct reader *r, const char *s, size_t len, enum keep how)
{
	if (how == KEEP_NONE)
		return (char *)s;
	if (!r->arena)
		return xmemdupz(s, len);
	/* the arena's strings are never changed: one copy may stand for many */
	return how == KEEP_SHARED ? (char *)arena_share(r->arena, s) : arena_memdupz(r->arena, s, len);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/*
 * The author and List-Id, whose strings are the record's (KEEP_NONE) or
 * lowered's: in an arena, one shared with the rows before it that have
 * the same (message_author_share), so that a person's strings are not
 * copied again; else copies that the facts own (facts_set_author). None
 * when all four are NULL.
 */
static void keep_author(struct reader *r, struct message_facts *f, const struct message_author *author)
{
	if (!r->arena) {
		facts_set_author(f, dup_or_null(author->name), dup_or_null(author->addr),
				 dup_or_null(author->key));
		facts_set_list_id(f, dup_or_null(author->list_id));
		return;
	}
	bool none = !author->name && !author->addr && !author->key && !author->list_id;
	f->author = none ? NULL : message_author_share(r->arena, author);
}

static void *zalloc(struct reader *r, size_t n, size_t size)
{
	return r->arena ? arena_calloc(r->arena, n, size) : xcalloc(n, size);
}

static uint64_t get_varint(struct reader *r)
{
	/* most are one byte: a code, a flag, a short length */
	if (r->ok && r->p < r->end && !(*r->p & 0x80))
		return *r->p++;
	uint64_t v = 0;
	if (r->ok && !record_get_varint(&r->p, r->end, &v))
		r->ok = false;
	return r->ok ? v : 0;
}

/* A field: its string (NULL for NULL), or its code in *code (0 when none). */
static char *get_field(struct reader *r, int *code, enum keep how)
{
	uint64_t v = get_varint(r);
	*code = 0;
	if (!r->ok || v == 0)
		return NULL;
	if (v < FIELD_CODES) {
		*code = (int)v;
		return NULL;
	}
	v -= FIELD_CODES;
	if (v >= (uint64_t)(r->end - r->p) || r->p[v] != '\0') {
		r->ok = false;
		return NULL;
	}
	char *s = keep(r, (const char *)r->p, (size_t)v, how);
	r->p += v + 1;
	return s;
}

/* A field that may hold no code. */
static char *get_plain(struct reader *r, enum keep how)
{
	int code;
	char *s = get_field(r, &code, how);
	if (code)
		r->ok = false;
	return s;
}

/* s lower-cased: s itself when it is lower case already, else in the reader's buffer until the next. */
static char *lowered(struct reader *r, char *s)
{
	if (!s) {
		r->ok = false;
		return NULL;
	}
	if (is_lower_of(s, s))
		return s;
	strbuf_reset(&r->lowered);
	strbuf_addstr(&r->lowered, s);
	ascii_lower(r->lowered.buf);
	return r->lowered.buf;
}

/*
 * The count of a list of at most max items; 0, not ok, when it is beyond
 * either that or the bytes left: each item takes a byte at least.
 */
static uint64_t get_count(struct reader *r, uint64_t max)
{
	uint64_t n = get_varint(r);
	if (r->ok && (n > (uint64_t)(r->end - r->p) || n > max))
		r->ok = false;
	return r->ok ? n : 0;
}

/* A list of at most max ids (the facts' bound for it). */
static char **get_list(struct reader *r, uint32_t *count, uint32_t max)
{
	uint64_t n = get_count(r, max);
	*count = 0;
	if (n == 0)
		return NULL;
	char **items = zalloc(r, (size_t)n, sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = get_plain(r, KEEP_SHARED); /* message-ids: each names a message of the archive */
	*count = (uint32_t)n;
	return items;
}

/*
 * The message-id and References, into the facts' block of ids
 * (facts_set_ids): in an arena, the references shared, so that a reply's
 * point to the message-id of the message it names, read before it.
 */
static void get_ids(struct reader *r, struct message_facts *f)
{
	const char *message_id = get_plain(r, KEEP_NONE);
	uint64_t n = get_count(r, FACTS_REFERENCES_MAX);
	if (!r->ok)
		return;
	const char *references[FACTS_REFERENCES_MAX];
	for (size_t i = 0; i < n; i++) {
		references[i] = get_plain(r, r->arena ? KEEP_SHARED : KEEP_NONE);
		if (!references[i])
			r->ok = false;
	}
	if (r->ok)
		facts_set_ids(f, r->arena, message_id, references, (size_t)n);
}

/*
 * A patch-id: 40 lower-case hex digits in the record, 20 bytes in memory
 * (21 fewer a patch than the hex). Anything else is no record of ours.
 */
static git_oid *get_patch_id(struct reader *r, bool keep_it)
{
	uint64_t v = get_varint(r);
	if (!r->ok || v == 0)
		return NULL;
	git_oid id;
	const char *hex = (const char *)r->p;
	if (v != FIELD_CODES + GIT_OID_HEXSZ || (uint64_t)(r->end - r->p) <= GIT_OID_HEXSZ ||
	    hex[GIT_OID_HEXSZ] != '\0' || !ascii_is_lower_hex_span(hex, GIT_OID_HEXSZ) ||
	    git_oid_fromstrn(&id, hex, GIT_OID_HEXSZ) < 0) {
		r->ok = false;
		return NULL;
	}
	r->p += GIT_OID_HEXSZ + 1;
	if (!keep_it)
		return NULL;
	if (r->arena)
		return arena_memdup(r->arena, &id, sizeof(id));
	git_oid *out = xmalloc(sizeof(*out));
	*out = id;
	return out;
}

static bool get_bool(struct reader *r)
{
	uint64_t v = get_varint(r);
	if (v > 1)
		r->ok = false;
	return v == 1;
}

static int get_int(struct reader *r)
{
	return (int)unzigzag(get_varint(r));
}

/*
 * The fields a record opens with, through its author: the tag's, and the
 * author (its strings the record's, or r's lowered). The subject is next.
 */
static void get_opening(struct reader *r, struct message_facts *f, struct message_author *author)
{
	int code;

	f->present = get_bool(r);
	int author_source = get_int(r);
	if (author_source < AUTHOR_UNKNOWN || author_source > AUTHOR_HEADER_FROM)
		r->ok = false; /* the facts keep the codes in 3 bits */
	else
		f->author_source = (enum author_source)author_source;
	struct patch_tag tag;
	tag.is_patch = get_bool(r);
	tag.version.major = get_int(r);
	tag.version.minor = get_int(r);
	tag.number = get_int(r);
	tag.total = get_int(r);
	/* what patch_tag_parse never gives is no record of ours; a number beyond its bound is cut to it, as it is */
	if (tag.version.major < 0 || tag.version.minor < 0 || tag.number < -1 || tag.total < -1)
		r->ok = false;
	else
		facts_set_tag(f, &tag);
	if (get_varint(r) > UINT32_MAX)
		r->ok = false; /* the title's offset, which the facts find in the subject again */
	author->name = get_plain(r, KEEP_NONE);
	author->addr = get_plain(r, KEEP_NONE);
	author->key = get_field(r, &code, KEEP_NONE);
	if (code == SAME_AS_ADDR_LOWER)
		author->key = lowered(r, author->addr);
	else if (code)
		r->ok = false;
}

bool record_subject_and_id(const void *data, size_t len, const char **subject, const char **message_id)
{
	struct reader r = {data, data ? (const unsigned char *)data + len : NULL, data != NULL, NULL, {0}, NULL};
	struct message_facts f = {0};
	struct message_author author;

	strbuf_init(&r.lowered, 0);
	get_opening(&r, &f, &author);
	*subject = get_plain(&r, KEEP_NONE);
	*message_id = get_plain(&r, KEEP_NONE);
	strbuf_release(&r.lowered);
	return r.ok;
}

bool record_decode(const void *data, size_t len, struct message_facts *f, int64_t *list_id_value)
{
	return record_decode_in(data, len, f, list_id_value, NULL);
}

bool record_decode_in(const void *data, size_t len, struct message_facts *f, int64_t *list_id_value,
		      struct arena *arena)
{
	return record_decode_skipping(data, len, f, list_id_value, arena, RECORD_SKIP_NONE);
}

bool record_decode_skipping(const void *data, size_t len, struct message_facts *f,
			    int64_t *list_id_value, struct arena *arena, enum record_skip skip)
{
	return record_decode_apart(data, len, f, list_id_value, arena, arena, skip);
}

bool record_decode_apart(const void *data, size_t len, struct message_facts *f, int64_t *list_id_value,
			 struct arena *arena, struct arena *ids_arena, enum record_skip skip)
{
	/* no data reads as a record cut short: the end is the start, not NULL + len */
	struct reader r = {data, data ? (const unsigned char *)data + len : NULL, data != NULL, arena, {0},
			   arena ? (ids_arena ? ids_arena : arena) : NULL};
	int code;

	strbuf_init(&r.lowered, 0);
	memset(f, 0, sizeof(*f));
	*list_id_value = 0;
	struct message_author author = {0};
	get_opening(&r, f, &author);
	struct message_rare rare = {0};
	/* a thread's replies share theirs; one left out is read as it is shown (record_subject_and_id) */
	char *subject = get_plain(&r, skip & RECORD_SKIP_SUBJECT ? KEEP_NONE : KEEP_SHARED);
	rare.subject = skip & RECORD_SKIP_SUBJECT ? NULL : subject;
	struct arena *rest = use_arena(&r, r.ids);
	get_ids(&r, f);
	const char *first_ref = facts_first_reference(f);
	const char *last_ref = facts_last_reference(f);
	/* a code names an id the message holds, and must name one that is there */
	char *own_in_reply_to = get_field(&r, &code, KEEP_SHARED);
	if (code == SAME_AS_LAST_REF && last_ref)
		f->in_reply_to_from = IN_REPLY_TO_LAST_REF;
	else if (code)
		r.ok = false;
	else if (own_in_reply_to)
		f->in_reply_to_from = IN_REPLY_TO_OWN;
	const char *in_reply_to = code ? last_ref : own_in_reply_to;
	char *own_root = get_field(&r, &code, KEEP_SHARED);
	if (code == SAME_AS_MESSAGE_ID && facts_own_message_id(f))
		f->thread_root_from = THREAD_ROOT_MESSAGE_ID;
	else if (code == SAME_AS_FIRST_REF && first_ref)
		f->thread_root_from = THREAD_ROOT_FIRST_REF;
	else if (code == SAME_AS_IN_REPLY_TO && in_reply_to)
		f->thread_root_from = THREAD_ROOT_IN_REPLY_TO;
	else if (code)
		r.ok = false;
	else if (own_root)
		f->thread_root_from = THREAD_ROOT_OWN;
	use_arena(&r, rest);
	/* the author's strings are the record's still: kept with the List-Id, shared as one */
	author.list_id = get_field(&r, &code, KEEP_NONE);
	keep_author(&r, f, &author);
	if (code == VALUE_ID) {
		uint64_t id = get_varint(&r);
		if (id == 0 || id > INT64_MAX)
			r.ok = false;
		else
			*list_id_value = (int64_t)id;
	} else if (code)
		r.ok = false;
	rare.thread_root = own_root;
	rare.in_reply_to = own_in_reply_to;
	rare.change_id = get_plain(&r, KEEP_COPY);
	uint64_t n = get_varint(&r);
	if (n > (uint64_t)(r.end - r.p) || n > UINT32_MAX) /* three bytes an item at least */
		r.ok = false;
	else if (n) {
		rare.trailers = zalloc(&r, (size_t)n, sizeof(*rare.trailers));
		rare.trailer_count = (uint32_t)n;
		for (size_t i = 0; i < n; i++) {
			uint64_t kind = get_varint(&r);
			if (kind >= TRAILER_KIND_COUNT)
				r.ok = false;
			rare.trailers[i].kind = (enum trailer_kind)kind;
			rare.trailers[i].person = get_plain(&r, KEEP_SHARED);
			rare.trailers[i].addr = get_plain(&r, KEEP_SHARED);
		}
	}
	use_arena(&r, r.ids);
	rare.linked_ids = get_list(&r, &rare.linked_id_count, UINT32_MAX);
	use_arena(&r, rest);
	rare.patch_id = get_patch_id(&r, !(skip & RECORD_SKIP_PATCH_ID));
	/*
	 * a block only for the few that have one of them, unless the subjects
	 * are kept; facts_release frees it when not in an arena
	 */
	if (!message_rare_is_empty(&rare)) {
		f->rare = zalloc(&r, 1, sizeof(*f->rare));
		*f->rare = rare;
	}
	strbuf_release(&r.lowered);
	return r.ok && r.p == r.end;
}
