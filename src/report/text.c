#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "series_text.h"

/* The separator under each entry, as the reference draws it. */
#define ENTRY_RULE "----------------------------------------------------------------------"

/* "%7d" counts, then the gap (one blank for domains, two for contributors). */
static void render_tallies(struct strbuf *out, const struct tally *items, size_t count,
			   size_t top, bool people)
{
	for (size_t i = 0; i < count && i < top; i++) {
		strbuf_addf(out, "%7zu%s", items[i].count, people ? "  " : " ");
		if (people)
			digest_person_text(out, items[i].name, items[i].address);
		else
			strbuf_addstr(out, items[i].name ? items[i].name : DIGEST_NO_ADDRESS_TEXT);
		strbuf_addch(out, '\n');
	}
}

static void render_patch_list(struct strbuf *out, const struct digest *d)
{
	strbuf_addstr(out, "===== Patch list in this time period =====\n\n");
	for (size_t s = 0; s < d->series_count; s++) {
		if (s)
			strbuf_addch(out, '\n');
		for (size_t m = 0; m < d->series[s].count; m++)
			strbuf_addf(out, "%s\n", d->facts[d->series[s].members[m]].subject);
	}
}

static void render_entries(struct strbuf *out, const struct digest *d)
{
	strbuf_addstr(out, "===== Patch Commit Messages ====\n\n");
	for (size_t e = 0; e < d->entry_count; e++) {
		const struct message_facts *f = &d->facts[d->entries[e]];
		strbuf_addf(out, "New:  %s\n", f->subject + f->tag.title_offset);
		strbuf_addf(out, "%s\n", f->subject);
		strbuf_addstr(out, "Author: ");
		digest_person_text(out, f->author_name, f->author_addr);
		strbuf_addf(out, "\n\n%s\n\n" ENTRY_RULE "\n\n", f->entry_body ? f->entry_body : "");
	}
}

/*
 * One blank line between sections: the heading ends with one, and so does
 * the entries section; every other section ends with its last line.
 * Returns where the section starts.
 */
static size_t separate(struct strbuf *out, bool *after_blank)
{
	if (!*after_blank)
		strbuf_addch(out, '\n');
	*after_blank = false;
	return out->len;
}

/*
 * On a terminal (run->color), the line at start, a section's heading or
 * the title, is made bold afterwards: each section, here or in
 * series_text.c, writes its heading itself, and stays as it is.
 */
static void bold_line(struct strbuf *out, size_t start, bool color)
{
	if (!color)
		return;
	const char *nl = memchr(out->buf + start, '\n', out->len - start);
	size_t end = nl ? (size_t)(nl - out->buf) : out->len;
	size_t rest_len = out->len - end;
	char *line = xmemdupz(out->buf + start, end - start);
	char *rest = xmemdupz(out->buf + end, rest_len);
	strbuf_setlen(out, start);
	strbuf_addf(out, "\033[1m%s\033[m", line);
	strbuf_add(out, rest, rest_len);
	free(line);
	free(rest);
}

int report_text_write(struct strbuf *out, const struct report_run *h, struct strbuf *err)
{
	const struct digest *d = h->digest;
	unsigned want = h->sections;
	(void)err;
	bool after_blank = true;

	strbuf_addf(out, "From %s to %s\n", h->from, h->to);
	size_t start = out->len;
	report_add_title(out, h);
	strbuf_addstr(out, "\n\n");
	bold_line(out, start, h->color);

	if (want & SECTION_DOMAINS) {
		start = separate(out, &after_blank);
		strbuf_addf(out, "Top %zu contributor Email domains (Based on Email Body)\n\n", h->top);
		render_tallies(out, d->domains, d->domain_count, h->top, false);
		bold_line(out, start, h->color);
	}
	if ((want & SECTION_ORGS) && d->has_organisations) {
		start = separate(out, &after_blank);
		strbuf_addf(out, "Top %zu organisations (Based on Email Body)\n\n", h->top);
		render_tallies(out, d->organisations, d->organisation_count, h->top, false);
		bold_line(out, start, h->color);
	}
	if (want & SECTION_CONTRIBUTORS) {
		start = separate(out, &after_blank);
		strbuf_addf(out, "Top %zu contributors (Based on Email Body)\n\n", h->top);
		render_tallies(out, d->contributors, d->contributor_count, h->top, true);
		bold_line(out, start, h->color);
	}
	if (want & SECTION_PATCHES) {
		start = separate(out, &after_blank);
		render_patch_list(out, d);
		bold_line(out, start, h->color);
	}
	if (want & SECTION_ENTRIES) {
		start = separate(out, &after_blank);
		render_entries(out, d);
		bold_line(out, start, h->color);
		after_blank = true;
	}
	if (!h->series)
		return 0;
	if (want & SECTION_SERIES) {
		start = separate(out, &after_blank);
		report_series_status(out, h->series, h->lore_base);
		bold_line(out, start, h->color);
	}
	if (want & SECTION_WAITING) {
		start = separate(out, &after_blank);
		report_waiting(out, h->series, h->lore_base);
		bold_line(out, start, h->color);
	}
	if (want & SECTION_THREADS) {
		start = separate(out, &after_blank);
		report_threads(out, h->series, h->lore_base);
		bold_line(out, start, h->color);
	}
	return 0;
}
