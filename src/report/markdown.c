#include "markdown.h"

#include <string.h>

#include "series_text.h"

/* ---- escaping */

static bool is_ascii_punct(unsigned char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
	       (c >= '{' && c <= '~');
}

/* The whitespace a renderer trims at the ends of a heading, a cell or a line. */
static bool is_trimmed_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

void markdown_add_text(struct strbuf *out, const char *s)
{
	size_t len = strlen(s);
	size_t start = 0, end = len;
	while (start < end && is_trimmed_space((unsigned char)s[start]))
		start++;
	while (end > start && is_trimmed_space((unsigned char)s[end - 1]))
		end--;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i < start || i >= end)
			strbuf_addf(out, "&#%u;", c);
		else if (c == '\n' || c == '\r')
			strbuf_addch(out, ' '); /* a line break would end the line's block */
		else if (is_ascii_punct(c)) {
			strbuf_addch(out, '\\');
			strbuf_addch(out, (char)c);
		} else
			strbuf_addch(out, (char)c);
	}
}

static void add_person(struct strbuf *out, const char *name, const char *address)
{
	struct strbuf person;
	strbuf_init(&person, 64);
	digest_person_text(&person, name, address);
	markdown_add_text(out, person.buf);
	strbuf_release(&person);
}

void markdown_add_code_block(struct strbuf *out, const char *body)
{
	size_t longest = 0, run = 0;
	for (const char *p = body; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t fence = longest < 3 ? 3 : longest + 1;
	for (size_t i = 0; i < fence; i++)
		strbuf_addch(out, '`');
	strbuf_addch(out, '\n');
	strbuf_addstr(out, body);
	if (*body && body[strlen(body) - 1] != '\n')
		strbuf_addch(out, '\n');
	for (size_t i = 0; i < fence; i++)
		strbuf_addch(out, '`');
	strbuf_addch(out, '\n');
}

/*
 * A link destination: what would end it or break its line or table cell
 * (space, parentheses, angle brackets, '|', controls) as %XX, and '&' and
 * '\' escaped so that no entity or escape is read in it.
 */
static void add_destination(struct strbuf *out, const char *url)
{
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= ' ' || *p == 0x7f || strchr("()<>|", *p))
			strbuf_addf(out, "%%%02X", *p);
		else if (*p == '&' || *p == '\\') {
			strbuf_addch(out, '\\');
			strbuf_addch(out, (char)*p);
		} else
			strbuf_addch(out, (char)*p);
	}
}

void markdown_add_link(struct strbuf *out, const char *url)
{
	strbuf_addch(out, '[');
	markdown_add_text(out, url);
	strbuf_addstr(out, "](");
	add_destination(out, url);
	strbuf_addch(out, ')');
}

/* A message's lore link as a markdown link; false and nothing when it has none. */
static bool add_lore_link(struct strbuf *out, const struct message_facts *m,
			  const struct series_report *r, const struct report_run *run)
{
	struct strbuf url;
	strbuf_init(&url, 128);
	bool linked = series_link(&url, run, m, r->archive_list_id);
	if (linked)
		markdown_add_link(out, url.buf);
	strbuf_release(&url);
	return linked;
}

/* ---- blocks: each ends with its last line; add_block_gap puts one blank line between */

static void add_block_gap(struct strbuf *out)
{
	strbuf_addch(out, '\n');
}

static void add_section_heading(struct strbuf *out, const char *title)
{
	add_block_gap(out);
	strbuf_addf(out, "## %s\n", title);
}

/* A count list as a table: the count right-aligned, then the line's label. */
static void add_tally_table(struct strbuf *out, const char *what, const struct tally *items,
			    size_t count, size_t top, bool people)
{
	add_block_gap(out);
	strbuf_addf(out, "| Messages | %s |\n| ---: | --- |\n", what);
	for (size_t i = 0; i < count && i < top; i++) {
		strbuf_addf(out, "| %zu | ", items[i].count);
		if (people)
			add_person(out, items[i].name, items[i].address);
		else
			markdown_add_text(out, items[i].name ? items[i].name : DIGEST_NO_ADDRESS_TEXT);
		strbuf_addstr(out, " |\n");
	}
}

static void add_tally_section(struct strbuf *out, const struct report_run *h, const char *title,
			      const char *what, const struct tally *items, size_t count, bool people)
{
	struct strbuf heading;
	strbuf_init(&heading, 64);
	report_add_top_heading(&heading, h, title);
	add_section_heading(out, heading.buf);
	strbuf_release(&heading);
	add_tally_table(out, what, items, count, h->top, people);
}

/* One list item per series, its subjects on lines of their own (hard breaks). */
static void add_patch_list(struct strbuf *out, const struct report_run *run)
{
	const struct digest *d = run->digest;
	add_section_heading(out, "Patch list in this time period");
	for (size_t s = 0; s < d->series_count; s++) {
		report_spill(out, run);
		if (!s)
			add_block_gap(out);
		strbuf_addstr(out, "- ");
		for (size_t m = 0; m < d->series[s].count; m++) {
			if (m)
				strbuf_addstr(out, "\\\n  ");
			markdown_add_text(out, report_subject(run, &d->facts[d->series[s].members[m]]));
		}
		strbuf_addch(out, '\n');
	}
}

static void add_entries(struct strbuf *out, const struct report_run *run)
{
	const struct digest *d = run->digest;
	add_section_heading(out, "Patch Commit Messages");
	for (size_t e = 0; e < d->entry_count; e++) {
		const struct message_facts *f = &d->facts[d->entries[e]];
		report_spill(out, run);
		add_block_gap(out);
		strbuf_addstr(out, "### New: ");
		markdown_add_text(out, report_title(run, f));
		strbuf_addch(out, '\n');
		add_block_gap(out);
		markdown_add_text(out, report_subject(run, f));
		strbuf_addstr(out, "\\\nAuthor: ");
		add_person(out, facts_author_name(f), facts_author_addr(f));
		strbuf_addch(out, '\n');
		add_block_gap(out);
		markdown_add_code_block(out, report_entry_body(run, d->entries[e]));
	}
}

/* ---- the life of series: each line of a text block is a list item here */

static void markdown_line(void *ctx, enum series_line kind, const char *text)
{
	(void)kind;
	strbuf_addstr(ctx, "- ");
	markdown_add_text(ctx, text);
	strbuf_addch(ctx, '\n');
}

static void add_block(struct strbuf *out, const struct series_block *b, const struct series_report *r,
		      const struct report_run *run)
{
	const struct message_facts *h = b->head;
	add_block_gap(out);
	strbuf_addstr(out, "### ");
	markdown_add_text(out, report_subject(run, h));
	strbuf_addch(out, '\n');
	add_block_gap(out);
	series_block_lines(b, r, markdown_line, out);
	size_t mark = out->len;
	strbuf_addstr(out, "- ");
	if (add_lore_link(out, h, r, run))
		strbuf_addch(out, '\n');
	else
		strbuf_setlen(out, mark);
}

static void add_series_status(struct strbuf *out, const struct report_run *run)
{
	const struct series_report *r = run->series;
	add_section_heading(out, "Series status");
	for (size_t b = 0; b < r->block_count; b++) {
		report_spill(out, run);
		add_block(out, &r->blocks[b], r, run);
	}
}

static void add_waiting(struct strbuf *out, const struct report_run *run)
{
	const struct series_report *r = run->series;
	add_section_heading(out, "Waiting for review");
	add_block_gap(out);
	strbuf_addstr(out, "| Days | Series | Link |\n| ---: | --- | --- |\n");
	for (size_t w = 0; w < r->waiting_count; w++) {
		const struct series_waiting *item = &r->waiting[w];
		report_spill(out, run);
		strbuf_addf(out, "| %d | ", (int)item->days);
		markdown_add_text(out, report_subject(run, item->head));
		strbuf_addstr(out, " | ");
		add_lore_link(out, item->head, r, run);
		strbuf_addstr(out, " |\n");
	}
}

static void add_threads(struct strbuf *out, const struct report_run *run)
{
	const struct series_report *r = run->series;
	add_section_heading(out, "Busiest threads");
	add_block_gap(out);
	strbuf_addstr(out, "| Messages | People | Thread | Link |\n| ---: | ---: | --- | --- |\n");
	for (size_t t = 0; t < r->thread_count; t++) {
		const struct series_thread *th = &r->threads[t];
		report_spill(out, run);
		strbuf_addf(out, "| %d | %d | ", (int)th->messages, (int)th->people);
		markdown_add_text(out, report_subject(run, th->named));
		strbuf_addstr(out, " | ");
		add_lore_link(out, th->named, r, run);
		strbuf_addstr(out, " |\n");
	}
}

/* ---- the report: the text format's sections, in its order */

int report_markdown_write(struct strbuf *out, const struct report_run *h, struct strbuf *err)
{
	const struct digest *d = h->digest;
	unsigned want = h->sections;
	(void)err;

	strbuf_addstr(out, "# ");
	struct strbuf title;
	strbuf_init(&title, 128);
	report_add_title(&title, h);
	markdown_add_text(out, title.buf);
	strbuf_release(&title);
	strbuf_addch(out, '\n');

	if (want & SECTION_DOMAINS)
		add_tally_section(out, h, "contributor Email domains", "Domain", d->domains,
				  d->domain_count, false);
	if ((want & SECTION_ORGS) && d->has_organisations)
		add_tally_section(out, h, "organisations", "Organisation", d->organisations,
				  d->organisation_count, false);
	if (want & SECTION_CONTRIBUTORS)
		add_tally_section(out, h, "contributors", "Contributor", d->contributors,
				  d->contributor_count, true);
	if (want & SECTION_PATCHES)
		add_patch_list(out, h);
	if (want & SECTION_ENTRIES)
		add_entries(out, h);
	if (!h->series)
		return 0;
	if (want & SECTION_SERIES)
		add_series_status(out, h);
	if (want & SECTION_WAITING)
		add_waiting(out, h);
	if (want & SECTION_THREADS)
		add_threads(out, h);
	return 0;
}
