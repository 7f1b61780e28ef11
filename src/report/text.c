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

static void render_patch_list(struct strbuf *out, const struct report_run *run)
{
	const struct digest *d = run->digest;
	for (size_t s = 0; s < d->series_count; s++) {
		report_spill(out, run);
		if (s)
			strbuf_addch(out, '\n');
		for (size_t m = 0; m < d->series[s].count; m++)
			strbuf_addf(out, "%s\n", report_subject(run, &d->facts[d->series[s].members[m]]));
	}
}

static void render_entries(struct strbuf *out, const struct report_run *run)
{
	const struct digest *d = run->digest;
	for (size_t e = 0; e < d->entry_count; e++) {
		const struct message_facts *f = &d->facts[d->entries[e]];
		report_spill(out, run);
		strbuf_addf(out, "New:  %s\n", report_title(run, f));
		strbuf_addf(out, "%s\n", report_subject(run, f));
		strbuf_addstr(out, "Author: ");
		digest_person_text(out, facts_author_name(f), facts_author_addr(f));
		strbuf_addf(out, "\n\n%s\n\n" ENTRY_RULE "\n\n", report_entry_body(run, d->entries[e]));
	}
}

/*
 * A section's heading, then a blank line; one blank line between
 * sections: the heading ends with one, and so does the entries section;
 * every other section ends with its last line. On a terminal
 * (run->color), the heading is in bold.
 */
static void heading(struct strbuf *out, const struct report_run *run, bool *after_blank,
		    const char *title)
{
	if (!*after_blank)
		strbuf_addch(out, '\n');
	*after_blank = false;
	if (run->color)
		strbuf_addf(out, "\033[1m%s\033[m\n\n", title);
	else
		strbuf_addf(out, "%s\n\n", title);
}

static void top_heading(struct strbuf *out, const struct report_run *run, bool *after_blank,
			const char *what)
{
	struct strbuf title;
	strbuf_init(&title, 0);
	report_add_top_heading(&title, run, what);
	heading(out, run, after_blank, title.buf);
	strbuf_release(&title);
}

int report_text_write(struct strbuf *out, const struct report_run *h, struct strbuf *err)
{
	const struct digest *d = h->digest;
	unsigned want = h->sections;
	(void)err;
	bool after_blank = true;

	strbuf_addf(out, "From %s to %s\n", h->from, h->to);
	struct strbuf title;
	strbuf_init(&title, 0);
	report_add_title(&title, h);
	heading(out, h, &after_blank, title.buf);
	strbuf_release(&title);
	after_blank = true; /* the title has no body: heading() ended it with its blank line */

	if (want & SECTION_DOMAINS) {
		top_heading(out, h, &after_blank, "contributor Email domains");
		render_tallies(out, d->domains, d->domain_count, h->top, false);
	}
	if ((want & SECTION_ORGS) && d->has_organisations) {
		top_heading(out, h, &after_blank, "organisations");
		render_tallies(out, d->organisations, d->organisation_count, h->top, false);
	}
	if (want & SECTION_CONTRIBUTORS) {
		top_heading(out, h, &after_blank, "contributors");
		render_tallies(out, d->contributors, d->contributor_count, h->top, true);
	}
	if (want & SECTION_PATCHES) {
		heading(out, h, &after_blank, "===== Patch list in this time period =====");
		render_patch_list(out, h);
	}
	if (want & SECTION_ENTRIES) {
		heading(out, h, &after_blank, "===== Patch Commit Messages ====");
		render_entries(out, h);
		after_blank = true;
	}
	if (!h->series)
		return 0;
	if (want & SECTION_SERIES) {
		heading(out, h, &after_blank, "===== Series status =====");
		report_series_status(out, h);
	}
	if (want & SECTION_WAITING) {
		heading(out, h, &after_blank, "===== Waiting for review =====");
		report_waiting(out, h);
	}
	if (want & SECTION_THREADS) {
		heading(out, h, &after_blank, "===== Busiest threads =====");
		report_threads(out, h);
	}
	return 0;
}
