#include "html.h"

#include <string.h>

#include "html_escape.h"
#include "html_series.h"
#include "svg.h"
#include "timeline.h"

/*
 * The page's style: one column that fits a phone and stays readable on a
 * desktop, light or dark as the reader's system prefers; the charts take
 * their colours from it. System fonts only: nothing is fetched.
 */
static const char style[] =
	":root{color-scheme:light dark;--fg:#1b1f24;--bg:#ffffff;--muted:#59636e;--line:#d1d9e0;"
	"--code:#f3f5f7;--link:#0b5cc4;--bar:#2a6fdb;--patch:#2a6fdb;--other:#e8833a;"
	"--superseded:#8c959f;--applied:#1f883d;--partly-applied:#7fd18b;--nacked:#cf222e;"
	"--reviewed:#8250df;--partly-reviewed:#c8a8f4;--discussed:#d4a72c;--waiting:#3fb5bd}\n"
	"@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0f1419;--muted:#9198a1;"
	"--line:#30363d;--code:#161b22;--link:#6cb6ff;--bar:#5b9cf2;--patch:#5b9cf2;--other:#f0a35e;"
	"--superseded:#6e7681;--applied:#3fb950;--partly-applied:#2a7a3b;--nacked:#f85149;"
	"--reviewed:#a371f7;--partly-reviewed:#6e4cb0;--discussed:#d29922;--waiting:#2a8f96}}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0 auto;max-width:58rem;padding:1rem;background:var(--bg);color:var(--fg);"
	"font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",sans-serif;overflow-wrap:anywhere}\n"
	"h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}\n"
	"h2{font-size:1.2rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}\n"
	"h3{font-size:1rem;margin:1.25rem 0 .25rem}\n"
	"a{color:var(--link)}\n"
	".meta,.none{color:var(--muted)}\n"
	"figure{margin:0 0 1rem}\n"
	".chart{display:block;width:100%;max-width:32rem;height:auto}\n"
	".chart text{fill:var(--fg);font:15px system-ui,sans-serif}\n"
	".chart .num{fill:var(--muted)}\n"
	".bar,.bar-patch,.key-patch{fill:var(--patch)}\n"
	".bar-other,.key-other{fill:var(--other)}\n"
	".axis{stroke:var(--muted);stroke-width:1}\n"
	"table{border-collapse:collapse;margin:.5rem 0}\n"
	"th,td{text-align:left;vertical-align:top;padding:.2rem .6rem .2rem 0;border-bottom:1px solid var(--line)}\n"
	".n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
	"ul{padding-left:1.25rem}\n"
	"ul.series{margin:.5rem 0 1rem}\n"
	"ul.facts{list-style:none;padding-left:0;margin:0;color:var(--muted)}\n"
	"ul.legend{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}\n"
	".swatch{display:inline-block;width:.8em;height:.8em;margin-right:.35em;vertical-align:-.05em}\n"
	"details{border:1px solid var(--line);border-radius:6px;padding:.4rem .75rem;margin:.5rem 0}\n"
	"details.numbers{border:0;padding:0}\ndetails.numbers summary{font-weight:400;color:var(--muted)}\n"
	"summary{cursor:pointer;font-weight:600}\n"
	"pre{background:var(--code);padding:.75rem;overflow-x:auto;white-space:pre-wrap;"
	"font:13px/1.45 ui-monospace,\"DejaVu Sans Mono\",monospace}\n"
	".state{font-weight:600;color:var(--fg)}\n"
	".st-superseded{--st:var(--superseded)}.st-applied{--st:var(--applied)}"
	".st-partly-applied{--st:var(--partly-applied)}.st-nacked{--st:var(--nacked)}"
	".st-reviewed{--st:var(--reviewed)}.st-partly-reviewed{--st:var(--partly-reviewed)}"
	".st-discussed{--st:var(--discussed)}.st-waiting{--st:var(--waiting)}\n"
	".seg{fill:var(--st)}\n.swatch{background:var(--st)}\n"
	"article.block{border-left:4px solid var(--st,var(--line));padding-left:.75rem;margin:1rem 0}\n";

/* The heading's words, also the page's title. */
static void add_title(struct strbuf *out, const struct report_run *run)
{
	struct strbuf title;
	strbuf_init(&title, 128);
	report_add_title(&title, run);
	html_add_escaped(out, title.buf);
	strbuf_release(&title);
}

static void open_page(struct strbuf *out, const struct report_run *run)
{
	/* the policy forbids what the page never needs: a second guard behind the escaping */
	strbuf_addstr(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		      "style-src 'unsafe-inline'\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<meta name=\"color-scheme\" content=\"light dark\">\n"
		      "<meta name=\"referrer\" content=\"no-referrer\">\n"
		      "<meta name=\"generator\" content=\"listdigest\">\n<title>");
	add_title(out, run);
	strbuf_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
}

/* An arrival for people, "2025-07-01 09:30 UTC", and for machines in the attribute. */
static void add_time(struct strbuf *out, int64_t when)
{
	strbuf_addstr(out, "<time datetime=\"");
	report_add_iso_time(out, when);
	strbuf_addstr(out, "\">");
	report_add_date(out, when);
	int64_t minutes = (when % 86400 + 86400) % 86400 / 60;
	strbuf_addf(out, " %02d:%02d UTC</time>", (int)(minutes / 60), (int)(minutes % 60));
}

/* The heading, what was chosen, and when it arrived. */
static void render_heading(struct strbuf *out, const struct report_run *run)
{
	const struct digest *d = run->digest;
	strbuf_addstr(out, "<header>\n<h1>");
	add_title(out, run);
	strbuf_addstr(out, "</h1>\n<p class=\"meta\">From ");
	html_add_escaped(out, run->from);
	strbuf_addstr(out, " to ");
	html_add_escaped(out, run->to);
	strbuf_addf(out, ": %zu %s", d->messages, d->messages == 1 ? "message" : "messages");
	if (run->has_arrivals) {
		strbuf_addstr(out, ", arrived from ");
		add_time(out, run->first_arrival);
		strbuf_addstr(out, " to ");
		add_time(out, run->last_arrival);
	}
	strbuf_addstr(out, ".</p>\n");
	if (run->has_arrivals) {
		struct timeline t;
		timeline_build(&t, d->facts, d->fact_count, run->first_arrival, run->last_arrival);
		strbuf_addstr(out, "<figure>\n");
		svg_timeline(out, &t);
		strbuf_addstr(out, "</figure>\n");
		timeline_release(&t);
	}
	strbuf_addstr(out, "</header>\n");
}

/* A count list: its chart, one bar per line, and the same lines as a table. */
static void render_tallies(struct strbuf *out, const char *id, const char *heading,
			   const struct tally *items, size_t count, size_t top, bool people)
{
	size_t shown = count < top ? count : top;
	strbuf_addf(out, "<section id=\"%s\">\n<h2>%s</h2>\n", id, heading);
	if (!shown) {
		strbuf_addstr(out, "<p class=\"none\">None.</p>\n</section>\n");
		return;
	}
	struct svg_bar *bars = xcalloc(shown, sizeof(*bars));
	struct strbuf *labels = xcalloc(shown, sizeof(*labels));
	for (size_t i = 0; i < shown; i++) {
		strbuf_init(&labels[i], 64);
		if (people)
			digest_person_text(&labels[i], items[i].name, items[i].address);
		else
			strbuf_addstr(&labels[i], items[i].name ? items[i].name : DIGEST_NO_ADDRESS_TEXT);
		bars[i] = (struct svg_bar){labels[i].buf, items[i].count};
	}
	strbuf_addstr(out, "<figure>\n");
	svg_hbars(out, id, heading, bars, shown);
	strbuf_addstr(out, "</figure>\n<details class=\"numbers\">\n<summary>As a table</summary>\n"
		      "<table class=\"counts\">\n<thead><tr><th class=\"n\">Messages</th>");
	strbuf_addf(out, "<th>%s</th></tr></thead>\n<tbody>\n",
		    people ? "Contributor" : !strcmp(id, "domains") ? "Domain" : "Organisation");
	for (size_t i = 0; i < shown; i++) {
		strbuf_addf(out, "<tr><td class=\"n\">%zu</td><td>", items[i].count);
		html_add_escaped(out, labels[i].buf);
		strbuf_addstr(out, "</td></tr>\n");
		strbuf_release(&labels[i]);
	}
	strbuf_addstr(out, "</tbody>\n</table>\n</details>\n</section>\n");
	free(labels);
	free(bars);
}

/* Each series a list of its subjects, each linked to its lore page. */
static void render_patch_list(struct strbuf *out, const struct report_run *run)
{
	const struct digest *d = run->digest;
	strbuf_addstr(out, "<section id=\"patches\">\n<h2>Patch list in this time period</h2>\n");
	if (!d->series_count)
		strbuf_addstr(out, "<p class=\"none\">None.</p>\n");
	for (size_t s = 0; s < d->series_count; s++) {
		report_spill(out, run);
		strbuf_addstr(out, "<ul class=\"series\">\n");
		for (size_t m = 0; m < d->series[s].count; m++) {
			const struct message_facts *f = &d->facts[d->series[s].members[m]];
			strbuf_addstr(out, "<li>");
			html_linked_subject(out, run, f, run->list_id);
			strbuf_addstr(out, "</li>\n");
		}
		strbuf_addstr(out, "</ul>\n");
	}
	strbuf_addstr(out, "</section>\n");
}

/* One <details> per entry: the title to open it by, the body in <pre>. */
static void render_entries(struct strbuf *out, const struct report_run *run)
{
	const struct digest *d = run->digest;
	strbuf_addstr(out, "<section id=\"entries\">\n<h2>Patch Commit Messages</h2>\n");
	if (!d->entry_count)
		strbuf_addstr(out, "<p class=\"none\">None.</p>\n");
	for (size_t e = 0; e < d->entry_count; e++) {
		const struct message_facts *f = &d->facts[d->entries[e]];
		report_spill(out, run);
		strbuf_addstr(out, "<details class=\"entry\">\n<summary>New: ");
		html_add_escaped(out, report_title(run, f));
		strbuf_addstr(out, "</summary>\n<p>");
		html_linked_subject(out, run, f, run->list_id);
		strbuf_addstr(out, "<br>\nAuthor: ");
		html_person(out, facts_author_name(f), facts_author_addr(f));
		/* the parser drops a newline right after <pre>: this one, not the body's */
		strbuf_addstr(out, "</p>\n<pre>\n");
		html_add_escaped(out, report_entry_body(run, d->entries[e]));
		strbuf_addstr(out, "</pre>\n</details>\n");
	}
	strbuf_addstr(out, "</section>\n");
}

int report_html_write(struct strbuf *out, const struct report_run *run, struct strbuf *err)
{
	const struct digest *d = run->digest;
	unsigned want = run->sections;
	struct strbuf heading;
	(void)err;

	strbuf_init(&heading, 64);
	open_page(out, run);
	render_heading(out, run);
	strbuf_addstr(out, "<main>\n");
	if (want & SECTION_DOMAINS) {
		report_add_top_heading(&heading, run, "contributor Email domains");
		render_tallies(out, "domains", heading.buf, d->domains, d->domain_count, run->top, false);
	}
	if ((want & SECTION_ORGS) && d->has_organisations) {
		strbuf_reset(&heading);
		report_add_top_heading(&heading, run, "organisations");
		render_tallies(out, "orgs", heading.buf, d->organisations, d->organisation_count,
			       run->top, false);
	}
	if (want & SECTION_CONTRIBUTORS) {
		strbuf_reset(&heading);
		report_add_top_heading(&heading, run, "contributors");
		render_tallies(out, "contributors", heading.buf, d->contributors, d->contributor_count,
			       run->top, true);
	}
	strbuf_release(&heading);
	if (want & SECTION_PATCHES)
		render_patch_list(out, run);
	if (want & SECTION_ENTRIES)
		render_entries(out, run);
	if (run->series) {
		if (want & SECTION_SERIES)
			html_series_status(out, run);
		if (want & SECTION_WAITING)
			html_waiting(out, run);
		if (want & SECTION_THREADS)
			html_threads(out, run);
	}
	strbuf_addstr(out, "</main>\n</body>\n</html>\n");
	return 0;
}
