#include "series_text.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../common/utf8.h"
#include "../digest/digest.h"
#include "report.h"

#define LORE "https://lore.kernel.org/"

/* Whether public-inbox's mid_escape keeps a byte as it is: A-Za-z0-9-._~!$&'()*+,;=:@ */
static bool id_byte_kept(unsigned char c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return true;
	switch (c) {
	case '-': case '.': case '_': case '~': case '!': case '$': case '&': case '\'':
	case '(': case ')': case '*': case '+': case ',': case ';': case '=': case ':': case '@':
		return true;
	default:
		return false;
	}
}

/* One byte of an id as mid_escape writes it: itself, or %XX. */
static void add_id_byte(struct strbuf *out, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	if (id_byte_kept(c)) {
		strbuf_addch(out, (char)c);
	} else {
		char escaped[3] = {'%', hex[c >> 4], hex[c & 15]};
		strbuf_add(out, escaped, 3);
	}
}

void series_escape_id(struct strbuf *out, const char *id)
{
	/* runs of kept bytes at once: this runs for every link of a page */
	const unsigned char *p = (const unsigned char *)id;
	while (*p) {
		const unsigned char *run = p;
		while (*p && id_byte_kept(*p))
			p++;
		strbuf_add(out, run, (size_t)(p - run));
		if (*p)
			add_id_byte(out, *p++);
	}
}

/* The first label of a List-Id ("Name <kvm.vger.kernel.org>" gives kvm), lower-cased. */
static bool list_label(struct strbuf *out, const char *list_id)
{
	if (!list_id)
		return false;
	const char *start = strchr(list_id, '<');
	start = start ? start + 1 : list_id;
	while (*start == ' ' || *start == '\t')
		start++;
	size_t len = strcspn(start, ".>@ \t");
	if (!len)
		return false;
	/* lower-cased and escaped without a copy: this runs once per link */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)start[i];
		add_id_byte(out, c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c);
	}
	return true;
}

bool series_link(struct strbuf *out, const struct report_run *run, const struct message_facts *m,
		 const char *list_id)
{
	const char *lore_base = run->lore_base;
	size_t mark = out->len;
	const char *message_id = report_message_id(run, m);
	if (!message_id)
		return false;
	if (lore_base) {
		strbuf_addstr(out, lore_base);
		if (!out->len || out->buf[out->len - 1] != '/')
			strbuf_addch(out, '/');
	} else {
		strbuf_addstr(out, LORE);
		if (!list_label(out, facts_list_id(m)) && !list_label(out, list_id)) {
			strbuf_setlen(out, mark);
			return false;
		}
		strbuf_addch(out, '/');
	}
	series_escape_id(out, message_id);
	strbuf_addch(out, '/');
	return true;
}

static void add_reviewers(struct strbuf *out, const struct series_block *b, enum trailer_kind kind)
{
	strbuf_addf(out, "%s: ", report_trailer_name(kind));
	for (size_t p = 0; p < b->reviewer_count[kind]; p++) {
		const struct series_reviewer *r = &series_block_reviewers(b, kind)[p];
		if (p)
			strbuf_addstr(out, ", ");
		strbuf_addf(out, "%s (", r->person);
		if (r->all) {
			strbuf_addstr(out, "all");
		} else {
			for (size_t k = 0; k < r->number_count; k++)
				strbuf_addf(out, "%s%d", k ? "," : "", r->numbers[k]);
		}
		strbuf_addch(out, ')');
		if (r->sender_count) {
			strbuf_addstr(out, " (sent by ");
			for (size_t s = 0; s < r->sender_count; s++)
				strbuf_addf(out, "%s%s", s ? ", " : "",
					    r->senders[s] ? r->senders[s] : DIGEST_NO_ADDRESS_TEXT);
			strbuf_addch(out, ')');
		}
	}
}

static void add_state(struct strbuf *out, const struct series_block *b)
{
	strbuf_addstr(out, SERIES_STATE_PREFIX);
	if (b->state == SERIES_SUPERSEDED) {
		strbuf_addstr(out, "superseded by ");
		report_add_version(out, &b->superseded_by.version);
		strbuf_addstr(out, " (");
		report_add_date(out, b->superseded_by.first_arrival);
		strbuf_addch(out, ')');
	} else {
		strbuf_addstr(out, report_state_name(b->state));
	}
}

/* Hands the line made so far to line(), and empties it for the next. */
static void emit(struct strbuf *text, series_line_fn line, void *ctx, enum series_line kind)
{
	line(ctx, kind, text->buf);
	strbuf_reset(text);
}

void series_block_lines(const struct series_block *b, const struct series_report *r,
			series_line_fn line, void *ctx)
{
	const struct message_facts *h = b->head;
	struct strbuf text;
	strbuf_init(&text, 128);
	report_add_version(&text, &b->version);
	strbuf_addstr(&text, ", ");
	report_add_patches(&text, b->patches);
	strbuf_addstr(&text, ", by ");
	digest_person_text(&text, facts_author_name(h), facts_author_addr(h));
	strbuf_addstr(&text, ", ");
	report_add_date(&text, b->first_arrival);
	emit(&text, line, ctx, SERIES_LINE_REVISION);
	if (b->earlier_count) {
		strbuf_addstr(&text, "earlier: ");
		for (size_t e = 0; e < b->earlier_count; e++) {
			if (e)
				strbuf_addstr(&text, ", ");
			report_add_version(&text, &b->earlier[e].version);
			strbuf_addch(&text, ' ');
			report_add_date(&text, b->earlier[e].first_arrival);
			strbuf_addstr(&text, " (");
			report_add_patches(&text, b->earlier[e].patches);
			strbuf_addch(&text, ')');
		}
		emit(&text, line, ctx, SERIES_LINE_EARLIER);
	}
	if (b->replies) {
		strbuf_addf(&text, "replies: %u from %u %s", (unsigned)b->replies, (unsigned)b->repliers,
			    b->repliers == 1 ? "person" : "people");
		emit(&text, line, ctx, SERIES_LINE_REPLIES);
	}
	for (int k = 0; k < TRAILER_KIND_COUNT; k++) {
		if (!b->reviewer_count[k])
			continue;
		add_reviewers(&text, b, (enum trailer_kind)k);
		emit(&text, line, ctx, SERIES_LINE_TRAILERS);
	}
	if (b->has_applied && b->applied_count) {
		strbuf_addf(&text, "applied: %u of %d in %s: ", (unsigned)b->applied_count, b->patches,
			    r->applied_tree ? r->applied_tree : "");
		for (size_t a = 0; a < b->applied_count; a++) {
			char hex[10];
			git_oid_tostr(hex, sizeof(hex), &b->applied[a].commit);
			strbuf_addf(&text, "%s%s (%d)", a ? ", " : "", hex, b->applied[a].number);
		}
		emit(&text, line, ctx, SERIES_LINE_APPLIED);
	}
	add_state(&text, b);
	emit(&text, line, ctx, SERIES_LINE_STATE);
	strbuf_release(&text);
}

/* "  " and the link, as a line; nothing when there is no link. */
static void add_link_line(struct strbuf *out, const char *indent, const struct message_facts *m,
			  const struct series_report *r, const struct report_run *run)
{
	size_t mark = out->len;
	strbuf_addstr(out, indent);
	if (series_link(out, run, m, r->archive_list_id))
		strbuf_addch(out, '\n');
	else
		strbuf_setlen(out, mark);
}

static void text_line(void *ctx, enum series_line kind, const char *text)
{
	(void)kind;
	strbuf_addf(ctx, "  %s\n", text);
}

static void render_block(struct strbuf *out, const struct series_block *b,
			 const struct series_report *r, const struct report_run *run)
{
	strbuf_addf(out, "%s\n", report_subject(run, b->head));
	series_block_lines(b, r, text_line, out);
	add_link_line(out, "  ", b->head, r, run);
}

void report_series_status(struct strbuf *out, const struct report_run *run)
{
	const struct series_report *r = run->series;
	for (size_t b = 0; b < r->block_count; b++) {
		report_spill(out, run);
		if (b)
			strbuf_addch(out, '\n');
		render_block(out, &r->blocks[b], r, run);
	}
}

void report_waiting(struct strbuf *out, const struct report_run *run)
{
	const struct series_report *r = run->series;
	for (size_t w = 0; w < r->waiting_count; w++) {
		const struct series_waiting *item = &r->waiting[w];
		report_spill(out, run);
		strbuf_addf(out, "%5d %-4s  %s\n", (int)item->days, item->days == 1 ? "day" : "days",
			    report_subject(run, item->head));
		add_link_line(out, "            ", item->head, r, run);
	}
}

void report_threads(struct strbuf *out, const struct report_run *run)
{
	const struct series_report *r = run->series;
	for (size_t t = 0; t < r->thread_count; t++) {
		const struct series_thread *th = &r->threads[t];
		report_spill(out, run);
		strbuf_addf(out, "%5d %-8s %4d %-6s  %s\n", (int)th->messages,
			    th->messages == 1 ? "message" : "messages", (int)th->people,
			    th->people == 1 ? "person" : "people", report_subject(run, th->named));
		add_link_line(out, "                            ", th->named, r, run);
	}
}
