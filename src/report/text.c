#include "text.h"

/* The separator under each entry, as the reference draws it. */
#define ENTRY_RULE "----------------------------------------------------------------------"

/* "%7d" counts, then the gap (one blank for domains, two for contributors). */
static void render_tallies(struct strbuf *out, const struct tally *items, size_t count,
			   size_t top, const char *gap)
{
	for (size_t i = 0; i < count && i < top; i++)
		strbuf_addf(out, "%7zu%s%s\n", items[i].count, gap, items[i].label);
}

void report_text(struct strbuf *out, const struct report_header *h, const struct digest *d)
{
	struct strbuf author;

	strbuf_addf(out, "From %s to %s\n", h->from, h->to);
	strbuf_addf(out, "%s mailing list update from %s to %s\n\n", h->list_name, h->from, h->to);

	strbuf_addf(out, "Top %zu contributor Email domains (Based on Email Body)\n\n", h->top);
	render_tallies(out, d->domains, d->domain_count, h->top, " ");
	if (d->has_organisations) {
		strbuf_addf(out, "\nTop %zu organisations (Based on Email Body)\n\n", h->top);
		render_tallies(out, d->organisations, d->organisation_count, h->top, " ");
	}
	strbuf_addf(out, "\nTop %zu contributors (Based on Email Body)\n\n", h->top);
	render_tallies(out, d->contributors, d->contributor_count, h->top, "  ");

	strbuf_addstr(out, "\n===== Patch list in this time period =====\n\n");
	for (size_t s = 0; s < d->series_count; s++) {
		if (s)
			strbuf_addch(out, '\n');
		for (size_t m = 0; m < d->series[s].count; m++)
			strbuf_addf(out, "%s\n", d->facts[d->series[s].members[m]].subject);
	}

	strbuf_addstr(out, "\n===== Patch Commit Messages ====\n\n");
	strbuf_init(&author, 0);
	for (size_t e = 0; e < d->entry_count; e++) {
		const struct message_facts *f = &d->facts[d->entries[e]];
		strbuf_addf(out, "New:  %s\n", f->subject + f->tag.title_offset);
		strbuf_addf(out, "%s\n", f->subject);
		strbuf_reset(&author);
		digest_author_label(&author, f->author_name, f->author_addr);
		strbuf_addf(out, "Author: %s\n\n", author.buf);
		strbuf_addf(out, "%s\n\n" ENTRY_RULE "\n\n", f->entry_body ? f->entry_body : "");
	}
	strbuf_release(&author);
}
