#include "json.h"

#include <git2/oid.h>
#include <stdio.h>
#include <string.h>

#include "series_text.h"

/* Bumped when a key changes meaning or goes away; new keys do not bump it. */
#define JSON_SCHEMA_VERSION 1

/* ---- strings */

/* The length of the valid UTF-8 sequence at p (1 to 4), or 0 when it is not one. */
static size_t utf8_sequence(const unsigned char *p)
{
	unsigned char c = p[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4 : 0;
	}
	return 0;
}

/* Printable ASCII that goes as it is: most of every string. */
static inline bool ascii_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
}

/* The escape of the character at p (len bytes), or NULL when it goes as it is. */
static const char *escape_of(const unsigned char *p, size_t len, char *buf)
{
	unsigned char c = *p;
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\t': return "\\t";
	}
	/* control characters, C0, DEL and C1 (a raw List-Id may hold them), never as they are */
	if (c < 0x20 || c == 0x7F || c == '<' || c == '>' || c == '&') {
		snprintf(buf, 7, "\\u%04x", c);
		return buf;
	}
	if (len == 2 && c == 0xC2 && p[1] < 0xA0) {
		snprintf(buf, 7, "\\u%04x", p[1]);
		return buf;
	}
	/* U+2028 and U+2029 end a line in JavaScript before ES2019 */
	if (len == 3 && c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
		return p[2] == 0xA8 ? "\\u2028" : "\\u2029";
	return NULL;
}

void json_add_string(struct strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	char buf[8];
	strbuf_addch(out, '"');
	while (*p) {
		if (ascii_plain(*p)) {
			p++;
			continue;
		}
		size_t len = utf8_sequence(p);
		/* the facts are clean UTF-8; \ufffd only keeps the output valid if not */
		const char *esc = len ? escape_of(p, len, buf) : "\\ufffd";
		if (esc) {
			/* what needs no escape goes in runs, not byte by byte */
			strbuf_add(out, run, (size_t)(p - run));
			strbuf_addstr(out, esc);
			p += len ? len : 1;
			run = p;
		} else {
			p += len;
		}
	}
	strbuf_add(out, run, (size_t)(p - run));
	strbuf_addch(out, '"');
}

/*
 * ---- the writer: one key or item a line, two blanks a level, so that a
 * golden file's diff shows the value that changed
 */

struct json {
	struct strbuf *out;
	int depth;
	bool need_comma;  /* a value precedes at this level */
	bool after_key;   /* the value goes on the key's line */
};

/* Before any value: the comma after the previous one, the line and its indent. */
static void begin_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->need_comma)
		strbuf_addch(j->out, ',');
	if (j->depth) {
		strbuf_addch(j->out, '\n');
		for (int i = 0; i < j->depth; i++)
			strbuf_addstr(j->out, "  ");
	}
}

static void key(struct json *j, const char *name)
{
	begin_value(j);
	json_add_string(j->out, name);
	strbuf_addstr(j->out, ": ");
	j->after_key = true;
}

/* Opens an object or array: the member name, or NULL for an item of an array. */
static void begin(struct json *j, const char *name, char bracket)
{
	if (name)
		key(j, name);
	begin_value(j);
	strbuf_addch(j->out, bracket);
	j->depth++;
	j->need_comma = false;
}

/* An empty one stays on its opening line: "[]". */
static void end(struct json *j, char bracket)
{
	bool empty = !j->need_comma;
	j->depth--;
	if (!empty) {
		strbuf_addch(j->out, '\n');
		for (int i = 0; i < j->depth; i++)
			strbuf_addstr(j->out, "  ");
	}
	strbuf_addch(j->out, bracket);
	j->need_comma = true;
}

/* A string, or null when value is NULL. */
static void str(struct json *j, const char *name, const char *value)
{
	if (name)
		key(j, name);
	begin_value(j);
	if (value)
		json_add_string(j->out, value);
	else
		strbuf_addstr(j->out, "null");
	j->need_comma = true;
}

/* A member whose value the caller then writes into j->out itself. */
static void raw_begin(struct json *j, const char *name)
{
	key(j, name);
	begin_value(j);
	j->need_comma = true;
}

static void num(struct json *j, const char *name, long long value)
{
	raw_begin(j, name);
	strbuf_addf(j->out, "%lld", value);
}

static void boolean(struct json *j, const char *name, bool value)
{
	raw_begin(j, name);
	strbuf_addstr(j->out, value ? "true" : "false");
}

static void time_value(struct json *j, const char *name, bool has, int64_t when)
{
	if (!has) {
		str(j, name, NULL);
		return;
	}
	struct strbuf t;
	strbuf_init(&t, 24);
	report_add_iso_time(&t, when);
	str(j, name, t.buf);
	strbuf_release(&t);
}

static void version(struct json *j, const char *name, const struct patch_version *v)
{
	struct strbuf t;
	strbuf_init(&t, 8);
	report_add_version(&t, v);
	str(j, name, t.buf);
	strbuf_release(&t);
}

/* {"name", "address"}: null for no name (or an empty one) and for no address. */
static void person(struct json *j, const char *name, const char *person_name, const char *address)
{
	begin(j, name, '{');
	str(j, "name", person_name && *person_name ? person_name : NULL);
	str(j, "address", address);
	end(j, '}');
}

/* ---- what several sections say of one message */

/* The fallback List-Id of links, the same for every section of a run. */
static const char *link_list_id(const struct report_run *run)
{
	return run->series ? run->series->archive_list_id : run->list_id;
}

static void add_link(struct json *j, const struct report_run *run, const struct message_facts *m)
{
	struct strbuf t;
	strbuf_init(&t, 64);
	if (series_link(&t, run, m, link_list_id(run)))
		str(j, "link", t.buf);
	else
		str(j, "link", NULL);
	strbuf_release(&t);
}

/* "message_id", "arrival", "link": where to find a message. */
static void message_place(struct json *j, const struct report_run *run, const struct message_facts *m)
{
	str(j, "message_id", report_message_id(run, m));
	time_value(j, "arrival", true, m->arrival);
	add_link(j, run, m);
}

/* ---- the sections, in the text's order */

static void write_heading(struct json *j, const struct report_run *run)
{
	begin(j, "listdigest", '{');
	str(j, "version", LISTDIGEST_VERSION);
	num(j, "schema", JSON_SCHEMA_VERSION);
	end(j, '}');

	begin(j, "list", '{');
	str(j, "name", run->list_name);
	str(j, "list_id", run->list_id);
	end(j, '}');

	/* "(none)" names an empty selection in the text: null here */
	begin(j, "selection", '{');
	str(j, "from", strcmp(run->from, "(none)") ? run->from : NULL);
	str(j, "to", strcmp(run->to, "(none)") ? run->to : NULL);
	str(j, "range", run->range);
	time_value(j, "since", run->has_since, run->since);
	time_value(j, "until", run->has_until, run->until);
	time_value(j, "first_arrival", run->has_arrivals, run->first_arrival);
	time_value(j, "last_arrival", run->has_arrivals, run->last_arrival);
	num(j, "messages", (long long)run->digest->messages);
	num(j, "skipped_messages", (long long)run->skipped);
	num(j, "skipped_epochs", (long long)run->skipped_epochs);
	end(j, '}');

	num(j, "top", (long long)run->top);
}

/* Domains and organisations: at most top, as the text. */
static void write_labels(struct json *j, const char *section, const char *label,
			 const struct tally *items, size_t count, size_t top)
{
	begin(j, section, '[');
	for (size_t i = 0; i < count && i < top; i++) {
		begin(j, NULL, '{');
		str(j, label, items[i].name);
		num(j, "count", (long long)items[i].count);
		end(j, '}');
	}
	end(j, ']');
}

static void write_contributors(struct json *j, const struct digest *d, size_t top)
{
	begin(j, "contributors", '[');
	for (size_t i = 0; i < d->contributor_count && i < top; i++) {
		const struct tally *t = &d->contributors[i];
		begin(j, NULL, '{');
		str(j, "name", t->name && *t->name ? t->name : NULL);
		str(j, "address", t->address);
		num(j, "count", (long long)t->count);
		end(j, '}');
	}
	end(j, ']');
}

/* number and total: null for a standalone patch, which has no M/N. */
static void patch_numbers(struct json *j, const struct patch_tag *tag)
{
	if (patch_tag_is_standalone(tag)) {
		str(j, "number", NULL);
		str(j, "total", NULL);
	} else {
		num(j, "number", tag->number);
		num(j, "total", tag->total);
	}
}

static void write_patch_list(struct json *j, const struct report_run *run)
{
	const struct digest *d = run->digest;
	begin(j, "patches", '[');
	for (size_t s = 0; s < d->series_count; s++) {
		report_spill(j->out, run);
		begin(j, NULL, '{');
		begin(j, "members", '[');
		for (size_t m = 0; m < d->series[s].count; m++) {
			const struct message_facts *f = &d->facts[d->series[s].members[m]];
			begin(j, NULL, '{');
			str(j, "subject", report_subject(run, f));
			str(j, "title", report_title(run, f));
			struct patch_tag tag = facts_tag(f);
			version(j, "version", &tag.version);
			patch_numbers(j, &tag);
			person(j, "author", facts_author_name(f), facts_author_addr(f));
			message_place(j, run, f);
			end(j, '}');
		}
		end(j, ']');
		end(j, '}');
	}
	end(j, ']');
}

static void write_entries(struct json *j, const struct report_run *run)
{
	const struct digest *d = run->digest;
	begin(j, "entries", '[');
	for (size_t e = 0; e < d->entry_count; e++) {
		const struct message_facts *f = &d->facts[d->entries[e]];
		report_spill(j->out, run);
		begin(j, NULL, '{');
		str(j, "title", report_title(run, f));
		str(j, "subject", report_subject(run, f));
		person(j, "author", facts_author_name(f), facts_author_addr(f));
		message_place(j, run, f);
		str(j, "body", report_entry_body(run, d->entries[e]));
		end(j, '}');
	}
	end(j, ']');
}

/* {version, first_arrival, patches}: a revision that another names. */
static void revision_ref(struct json *j, const char *name, const struct series_revision_ref *r)
{
	begin(j, name, '{');
	version(j, "version", &r->version);
	time_value(j, "first_arrival", true, r->first_arrival);
	num(j, "patches", r->patches);
	end(j, '}');
}

/* "reviewed_by": [...], one key per kind, in the text's order; a kind without any: []. */
static void write_trailers(struct json *j, const struct series_block *b)
{
	static const char *const keys[TRAILER_KIND_COUNT] = {
		[TRAILER_REVIEWED] = "reviewed_by", [TRAILER_ACKED] = "acked_by",
		[TRAILER_TESTED] = "tested_by", [TRAILER_NACKED] = "nacked_by",
	};
	begin(j, "trailers", '{');
	for (int k = 0; k < TRAILER_KIND_COUNT; k++) {
		begin(j, keys[k], '[');
		for (size_t p = 0; p < b->reviewer_count[k]; p++) {
			const struct series_reviewer *r = &series_block_reviewers(b, k)[p];
			begin(j, NULL, '{');
			str(j, "person", r->person);
			str(j, "address", r->address);
			boolean(j, "all", r->all);
			/* the numbers on one line: [1, 3] */
			if (r->all) {
				str(j, "patches", NULL);
			} else {
				raw_begin(j, "patches");
				strbuf_addch(j->out, '[');
				for (size_t n = 0; n < r->number_count; n++)
					strbuf_addf(j->out, "%s%d", n ? ", " : "", r->numbers[n]);
				strbuf_addch(j->out, ']');
			}
			begin(j, "sent_by", '[');
			for (size_t s = 0; s < r->sender_count; s++)
				str(j, NULL, r->senders[s]);
			end(j, ']');
			end(j, '}');
		}
		end(j, ']');
	}
	end(j, '}');
}

/* null without --applied-in; else the tree and each applied patch's commit, in full. */
static void write_applied(struct json *j, const struct series_block *b, const struct series_report *r)
{
	if (!b->has_applied) {
		str(j, "applied", NULL);
		return;
	}
	begin(j, "applied", '{');
	str(j, "tree", r->applied_tree ? r->applied_tree : "");
	begin(j, "patches", '[');
	for (size_t a = 0; a < b->applied_count; a++) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), &b->applied[a].commit);
		begin(j, NULL, '{');
		num(j, "number", b->applied[a].number);
		str(j, "commit", hex);
		end(j, '}');
	}
	end(j, ']');
	end(j, '}');
}

static void write_block(struct json *j, const struct report_run *run, const struct series_block *b)
{
	const struct message_facts *h = b->head;
	begin(j, NULL, '{');
	str(j, "subject", report_subject(run, h));
	str(j, "title", report_title(run, h));
	version(j, "version", &b->version);
	num(j, "patches", b->patches);
	person(j, "author", facts_author_name(h), facts_author_addr(h));
	time_value(j, "first_arrival", true, b->first_arrival);
	str(j, "message_id", report_message_id(run, h));
	begin(j, "earlier", '[');
	for (size_t e = 0; e < b->earlier_count; e++)
		revision_ref(j, NULL, &b->earlier[e]);
	end(j, ']');
	num(j, "replies", (long long)b->replies);
	num(j, "repliers", (long long)b->repliers);
	write_trailers(j, b);
	write_applied(j, b, run->series);
	str(j, "state", report_state_name(b->state));
	if (b->state == SERIES_SUPERSEDED)
		revision_ref(j, "superseded_by", &b->superseded_by);
	else
		str(j, "superseded_by", NULL);
	add_link(j, run, h);
	end(j, '}');
}

static void write_series_status(struct json *j, const struct report_run *run)
{
	begin(j, "series", '[');
	for (size_t b = 0; b < run->series->block_count; b++) {
		report_spill(j->out, run);
		write_block(j, run, &run->series->blocks[b]);
	}
	end(j, ']');
}

static void write_waiting(struct json *j, const struct report_run *run)
{
	const struct series_report *r = run->series;
	begin(j, "waiting", '[');
	for (size_t w = 0; w < r->waiting_count; w++) {
		const struct message_facts *h = r->waiting[w].head;
		report_spill(j->out, run);
		begin(j, NULL, '{');
		num(j, "days", (long long)r->waiting[w].days);
		str(j, "subject", report_subject(run, h));
		person(j, "author", facts_author_name(h), facts_author_addr(h));
		message_place(j, run, h);
		end(j, '}');
	}
	end(j, ']');
}

static void write_threads(struct json *j, const struct report_run *run)
{
	const struct series_report *r = run->series;
	begin(j, "threads", '[');
	for (size_t t = 0; t < r->thread_count; t++) {
		const struct series_thread *th = &r->threads[t];
		report_spill(j->out, run);
		begin(j, NULL, '{');
		num(j, "messages", (long long)th->messages);
		num(j, "people", (long long)th->people);
		str(j, "subject", report_subject(run, th->named));
		message_place(j, run, th->named);
		end(j, '}');
	}
	end(j, ']');
}

int report_json_write(struct strbuf *out, const struct report_run *run, struct strbuf *err)
{
	const struct digest *d = run->digest;
	unsigned want = run->sections;
	struct json j = {.out = out};
	(void)err;

	begin(&j, NULL, '{');
	write_heading(&j, run);
	if (want & SECTION_DOMAINS)
		write_labels(&j, "domains", "domain", d->domains, d->domain_count, run->top);
	if ((want & SECTION_ORGS) && d->has_organisations)
		write_labels(&j, "organisations", "organisation", d->organisations,
			     d->organisation_count, run->top);
	if (want & SECTION_CONTRIBUTORS)
		write_contributors(&j, d, run->top);
	if (want & SECTION_PATCHES)
		write_patch_list(&j, run);
	if (want & SECTION_ENTRIES)
		write_entries(&j, run);
	if (run->series) {
		if (want & SECTION_SERIES)
			write_series_status(&j, run);
		if (want & SECTION_WAITING)
			write_waiting(&j, run);
		if (want & SECTION_THREADS)
			write_threads(&j, run);
	}
	end(&j, '}');
	strbuf_addch(out, '\n');
	return 0;
}
