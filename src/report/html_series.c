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

void html_linked_subject(struct strbuf *out, const struct report_run *run, const struct message_facts *m,
			 const char *list_id)
{
	struct strbuf link;
	strbuf_init(&link, 128);
	bool linked = series_link(&link, run, m, list_id);
	const char *subject = report_subject(run, m); /* the link read it too: the same message */
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

struct html_line_ctx {
	struct strbuf *out;
	enum series_state state;
};

/* A line of the block as a list item; the state's value also in its colour. */
static void html_line(void *ctx, enum series_line kind, const char *text)
{
	struct html_line_ctx *c = ctx;
	strbuf_addstr(c->out, "<li>");
	if (kind == SERIES_LINE_STATE) {
		strbuf_addf(c->out, "%s<span class=\"state %s\">", SERIES_STATE_PREFIX,
			    state_class(c->state));
		html_add_escaped(c->out, text + SERIES_STATE_PREFIX_LEN);
		strbuf_addstr(c->out, "</span>");
	} else {
		html_add_escaped(c->out, text);
	}
	strbuf_addstr(c->out, "</li>\n");
}

static void render_block(struct strbuf *out, const struct series_block *b,
			 const struct series_report *r, const struct report_run *run)
{
	const struct message_facts *h = b->head;
	strbuf_addf(out, "<article class=\"block %s\">\n<h3>", state_class(b->state));
	html_linked_subject(out, run, h, r->archive_list_id);
	strbuf_addstr(out, "</h3>\n<ul class=\"facts\">\n");
	struct html_line_ctx ctx = {out, b->state};
	series_block_lines(b, r, html_line, &ctx);
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

void html_series_status(struct strbuf *out, const struct report_run *run)
{
	const struct series_report *r = run->series;
	strbuf_addstr(out, "<section id=\"series\">\n<h2>Series status</h2>\n");
	if (!r->block_count)
		strbuf_addstr(out, "<p class=\"none\">None.</p>\n");
	else
		render_states(out, r);
	for (size_t b = 0; b < r->block_count; b++) {
		report_spill(out, run);
		render_block(out, &r->blocks[b], r, run);
	}
	strbuf_addstr(out, "</section>\n");
}

void html_waiting(struct strbuf *out, const struct report_run *run)
{
	const struct series_report *r = run->series;
	strbuf_addstr(out, "<section id=\"waiting\">\n<h2>Waiting for review</h2>\n");
	if (!r->waiting_count) {
		strbuf_addstr(out, "<p class=\"none\">None.</p>\n</section>\n");
		return;
	}
	strbuf_addstr(out, "<table class=\"list\">\n<thead><tr><th class=\"n\">Days</th><th>Series</th></tr></thead>\n<tbody>\n");
	for (size_t w = 0; w < r->waiting_count; w++) {
		const struct series_waiting *item = &r->waiting[w];
		report_spill(out, run);
		strbuf_addf(out, "<tr><td class=\"n\">%d</td><td>", (int)item->days);
		html_linked_subject(out, run, item->head, r->archive_list_id);
		strbuf_addstr(out, "</td></tr>\n");
	}
	strbuf_addstr(out, "</tbody>\n</table>\n</section>\n");
}

void html_threads(struct strbuf *out, const struct report_run *run)
{
	const struct series_report *r = run->series;
	strbuf_addstr(out, "<section id=\"threads\">\n<h2>Busiest threads</h2>\n");
	if (!r->thread_count) {
		strbuf_addstr(out, "<p class=\"none\">None.</p>\n</section>\n");
		return;
	}
	strbuf_addstr(out, "<table class=\"list\">\n<thead><tr><th class=\"n\">Messages</th>"
		      "<th class=\"n\">People</th><th>Thread</th></tr></thead>\n<tbody>\n");
	for (size_t t = 0; t < r->thread_count; t++) {
		const struct series_thread *th = &r->threads[t];
		report_spill(out, run);
		strbuf_addf(out, "<tr><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td>", th->messages,
			    th->people);
		html_linked_subject(out, run, th->named, r->archive_list_id);
		strbuf_addstr(out, "</td></tr>\n");
	}
	strbuf_addstr(out, "</tbody>\n</table>\n</section>\n");
}
