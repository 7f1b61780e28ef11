#include "html_series.h"

#include <string.h>

#include "../digest/digest.h"
#include "html_escape.h"
#include "report.h"
#include "series_text.h"
#include "svg.h"

/* The class of each state: its colour in the chart, its key and its block. */
static const char *state_class(enum series_state state)
{
	static const char *const names[] = {
		[SERIES_SUPERSEDED] = "st-superseded",
		[SERIES_APPLIED] = "st-applied",       [SERIES_PARTLY_APPLIED] = "st-partly-applied",
		[SERIES_NACKED] = "st-nacked",         [SERIES_REVIEWED] = "st-reviewed",
		[SERIES_PARTLY_REVIEWED] = "st-partly-reviewed", [SERIES_DISCUSSED] = "st-discussed",
		[SERIES_WAITING] = "st-waiting",
	};
	return (unsigned)state < sizeof(names) / sizeof(names[0]) ? names[state] : "st-other";
}
#define STATE_COUNT (SERIES_WAITING + 1)

void html_linked_subject(struct strbuf *out, const char *subject, const struct message_facts *m,
			 const char *list_id, const char *lore_base)
{
	struct strbuf link;
	strbuf_init(&link, 128);
	bool linked = series_link(&link, m, list_id, lore_base);
	if (linked) {
		/* percent-escaped already; escaped again for the attribute (' and & stay in it) */
		strbuf_addstr(out, "<a href=\"");
		html_add_escaped(out, link.buf);
		strbuf_addstr(out, "\">");
	}
	html_add_escaped(out, subject);
	if (linked)
		strbuf_addstr(out, "</a>");
	strbuf_release(&link);
}

void html_person(struct strbuf *out, const char *name, const char *address)
{
	struct strbuf text;
	strbuf_init(&text, 64);
	digest_person_text(&text, name, address);
	html_add_escaped(out, text.buf);
	strbuf_release(&text);
}

static void add_reviewers(struct strbuf *out, const struct series_block *b, enum trailer_kind kind)
{
	if (!b->reviewer_count[kind])
		return;
	strbuf_addf(out, "<li>%s: ", report_trailer_name(kind));
	for (size_t p = 0; p < b->reviewer_count[kind]; p++) {
		const struct series_reviewer *r = &b->reviewers[kind][p];
		if (p)
			strbuf_addstr(out, ", ");
		html_add_escaped(out, r->person);
		strbuf_addstr(out, " (");
		if (r->all) {
			strbuf_addstr(out, "all");
		} else {
			for (size_t k = 0; k < r->number_count; k++)
				strbuf_addf(out, "%s%d", k ? "," : "", r->numbers[k]);
		}
		strbuf_addch(out, ')');
		if (r->sender_count) {
			strbuf_addstr(out, " (sent by ");
			for (size_t s = 0; s < r->sender_count; s++) {
				if (s)
					strbuf_addstr(out, ", ");
				html_add_escaped(out, r->senders[s] ? r->senders[s] : DIGEST_NO_ADDRESS_TEXT);
			}
			strbuf_addch(out, ')');
		}
	}
	strbuf_addstr(out, "</li>\n");
}

static void add_state(struct strbuf *out, const struct series_block *b)
{
	strbuf_addf(out, "<li>state: <span class=\"state %s\">", state_class(b->state));
	if (b->state == SERIES_SUPERSEDED) {
		strbuf_addstr(out, "superseded by ");
		report_add_version(out, &b->superseded_by.version);
		strbuf_addstr(out, " (");
		report_add_date(out, b->superseded_by.first_arrival);
		strbuf_addch(out, ')');
	} else {
		strbuf_addstr(out, report_state_name(b->state));
	}
	strbuf_addstr(out, "</span></li>\n");
}

static void render_block(struct strbuf *out, const struct series_block *b,
			 const struct series_report *r, const char *lore_base)
{
	const struct message_facts *h = b->head;
	strbuf_addf(out, "<article class=\"block %s\">\n<h3>", state_class(b->state));
	html_linked_subject(out, h->subject, h, r->archive_list_id, lore_base);
	strbuf_addstr(out, "</h3>\n<ul class=\"facts\">\n<li>");
	report_add_version(out, &b->version);
	strbuf_addstr(out, ", ");
	report_add_patches(out, b->patches);
	strbuf_addstr(out, ", by ");
	html_person(out, h->author_name, h->author_addr);
	strbuf_addstr(out, ", ");
	report_add_date(out, b->first_arrival);
	strbuf_addstr(out, "</li>\n");
	if (b->earlier_count) {
		strbuf_addstr(out, "<li>earlier: ");
		for (size_t e = 0; e < b->earlier_count; e++) {
			if (e)
				strbuf_addstr(out, ", ");
			report_add_version(out, &b->earlier[e].version);
			strbuf_addch(out, ' ');
			report_add_date(out, b->earlier[e].first_arrival);
			strbuf_addstr(out, " (");
			report_add_patches(out, b->earlier[e].patches);
			strbuf_addch(out, ')');
		}
		strbuf_addstr(out, "</li>\n");
	}
	if (b->replies)
		strbuf_addf(out, "<li>replies: %zu from %zu %s</li>\n", b->replies, b->repliers,
			    b->repliers == 1 ? "person" : "people");
	for (int k = 0; k < TRAILER_KIND_COUNT; k++)
		add_reviewers(out, b, (enum trailer_kind)k);
	if (b->has_applied && b->applied_count) {
		strbuf_addf(out, "<li>applied: %zu of %d in ", b->applied_count, b->patches);
		html_add_escaped(out, r->applied_tree ? r->applied_tree : "");
		strbuf_addstr(out, ": <code>");
		for (size_t a = 0; a < b->applied_count; a++) {
			char hex[10];
			git_oid_tostr(hex, sizeof(hex), &b->applied[a].commit);
			strbuf_addf(out, "%s%s (%d)", a ? ", " : "", hex, b->applied[a].number);
		}
		strbuf_addstr(out, "</code></li>\n");
	}
	add_state(out, b);
	strbuf_addstr(out, "</ul>\n</article>\n");
}

/* The bar of the states of the blocks, and its key with the counts. */
static void render_states(struct strbuf *out, const struct series_report *r)
{
	size_t counts[STATE_COUNT] = {0};
	for (size_t b = 0; b < r->block_count; b++)
		if ((unsigned)r->blocks[b].state < STATE_COUNT)
			counts[r->blocks[b].state]++;
	struct svg_segment segs[STATE_COUNT];
	size_t n = 0;
	for (int s = 0; s < STATE_COUNT; s++)
		if (counts[s])
			segs[n++] = (struct svg_segment){report_state_name((enum series_state)s),
							 state_class((enum series_state)s), counts[s]};
	struct strbuf title;
	strbuf_init(&title, 64);
	strbuf_addf(&title, "Series states of %zu %s", r->block_count,
		    r->block_count == 1 ? "revision" : "revisions");
	strbuf_addstr(out, "<figure>\n");
	svg_segments(out, "states", title.buf, segs, n);
	strbuf_addstr(out, "<figcaption><ul class=\"legend\">\n");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(out, "<li><span class=\"swatch %s\"></span>%s: %zu</li>\n", segs[i].class_name,
			    segs[i].label, segs[i].value);
	strbuf_addstr(out, "</ul></figcaption>\n</figure>\n");
	strbuf_release(&title);
}

void html_series_status(struct strbuf *out, const struct series_report *r, const char *lore_base)
{
	strbuf_addstr(out, "<section id=\"series\">\n<h2>Series status</h2>\n");
	if (!r->block_count)
		strbuf_addstr(out, "<p class=\"none\">None.</p>\n");
	else
		render_states(out, r);
	for (size_t b = 0; b < r->block_count; b++)
		render_block(out, &r->blocks[b], r, lore_base);
	strbuf_addstr(out, "</section>\n");
}

void html_waiting(struct strbuf *out, const struct series_report *r, const char *lore_base)
{
	strbuf_addstr(out, "<section id=\"waiting\">\n<h2>Waiting for review</h2>\n");
	if (!r->waiting_count) {
		strbuf_addstr(out, "<p class=\"none\">None.</p>\n</section>\n");
		return;
	}
	strbuf_addstr(out, "<table class=\"list\">\n<thead><tr><th class=\"n\">Days</th><th>Series</th></tr></thead>\n<tbody>\n");
	for (size_t w = 0; w < r->waiting_count; w++) {
		const struct series_waiting *item = &r->waiting[w];
		strbuf_addf(out, "<tr><td class=\"n\">%d</td><td>", (int)item->days);
		html_linked_subject(out, item->head->subject, item->head, r->archive_list_id, lore_base);
		strbuf_addstr(out, "</td></tr>\n");
	}
	strbuf_addstr(out, "</tbody>\n</table>\n</section>\n");
}

void html_threads(struct strbuf *out, const struct series_report *r, const char *lore_base)
{
	strbuf_addstr(out, "<section id=\"threads\">\n<h2>Busiest threads</h2>\n");
	if (!r->thread_count) {
		strbuf_addstr(out, "<p class=\"none\">None.</p>\n</section>\n");
		return;
	}
	strbuf_addstr(out, "<table class=\"list\">\n<thead><tr><th class=\"n\">Messages</th>"
		      "<th class=\"n\">People</th><th>Thread</th></tr></thead>\n<tbody>\n");
	for (size_t t = 0; t < r->thread_count; t++) {
		const struct series_thread *th = &r->threads[t];
		strbuf_addf(out, "<tr><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td>", th->messages,
			    th->people);
		html_linked_subject(out, th->named->subject, th->named, r->archive_list_id, lore_base);
		strbuf_addstr(out, "</td></tr>\n");
	}
	strbuf_addstr(out, "</tbody>\n</table>\n</section>\n");
}
