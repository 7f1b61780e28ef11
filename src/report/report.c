#include "report.h"

#include <string.h>
#include <time.h>

#include "html.h"
#include "json.h"
#include "mail.h"
#include "markdown.h"
#include "text.h"

static const struct {
	const char *name;
	unsigned bits;
} section_names[] = {
	{"domains", SECTION_DOMAINS}, {"orgs", SECTION_ORGS},
	{"contributors", SECTION_CONTRIBUTORS}, {"patches", SECTION_PATCHES},
	{"entries", SECTION_ENTRIES}, {"series", SECTION_SERIES},
	{"waiting", SECTION_WAITING}, {"threads", SECTION_THREADS},
	{"seed", SECTIONS_SEED},
};

unsigned report_sections_parse(const char *list, struct strbuf *err)
{
	unsigned bits = 0;
	const char *p = list;
	for (;;) {
		size_t len = strcspn(p, ",");
		size_t k;
		for (k = 0; k < sizeof(section_names) / sizeof(section_names[0]); k++)
			if (strlen(section_names[k].name) == len && !strncmp(section_names[k].name, p, len))
				break;
		if (k == sizeof(section_names) / sizeof(section_names[0])) {
			strbuf_addf(err, "--sections: unknown section '%.*s' (known: domains, orgs, "
				    "contributors, patches, entries, series, waiting, threads, seed)",
				    (int)len, p);
			return 0;
		}
		bits |= section_names[k].bits;
		if (!p[len])
			return bits;
		p += len + 1;
	}
}

/* One line per format; -o's extensions are matched in this order. */
static const struct report_format formats[] = {
	{"text", NULL, report_text_write},
	{"markdown", ".md", report_markdown_write},
	{"html", ".html", report_html_write},
	{"json", ".json", report_json_write},
	{"mail", ".eml", report_mail_write},
};

#define FORMAT_COUNT (sizeof(formats) / sizeof(formats[0]))

const struct report_format *report_format_at(size_t i)
{
	return i < FORMAT_COUNT ? &formats[i] : NULL;
}

const struct report_format *report_format_named(const char *name)
{
	for (size_t i = 0; i < FORMAT_COUNT; i++)
		if (!strcmp(formats[i].name, name))
			return &formats[i];
	return NULL;
}

const struct report_format *report_format_for_path(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *dot = strrchr(base ? base + 1 : path, '.');
	if (dot && dot[1])
		for (size_t i = 0; i < FORMAT_COUNT; i++)
			if (formats[i].extension && !strcmp(formats[i].extension, dot))
				return &formats[i];
	return &formats[0];
}

void report_format_names(struct strbuf *out)
{
	for (size_t i = 0; i < FORMAT_COUNT; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", formats[i].name);
}

void report_spill(struct strbuf *out, const struct report_run *run)
{
	if (run->sink)
		output_spill(run->sink, out);
}

void report_add_skipped(struct strbuf *out, const struct report_run *run)
{
	if (!run->skipped && !run->skipped_epochs)
		return;
	strbuf_addstr(out, " (");
	if (run->skipped)
		strbuf_addf(out, "%zu message%s", run->skipped, run->skipped == 1 ? "" : "s");
	if (run->skipped && run->skipped_epochs)
		strbuf_addstr(out, " and ");
	if (run->skipped_epochs)
		strbuf_addf(out, "%zu epoch%s", run->skipped_epochs, run->skipped_epochs == 1 ? "" : "s");
	strbuf_addstr(out, " skipped)");
}

void report_add_date(struct strbuf *out, int64_t when)
{
	time_t t = (time_t)when;
	struct tm tm;
	if (!gmtime_r(&t, &tm)) {
		strbuf_addstr(out, "0000-00-00");
		return;
	}
	strbuf_addf(out, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void report_add_iso_time(struct strbuf *out, int64_t when)
{
	time_t t = (time_t)when;
	struct tm tm;
	if (!gmtime_r(&t, &tm)) {
		strbuf_addstr(out, "0000-00-00T00:00:00Z");
		return;
	}
	strbuf_addf(out, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void report_add_version(struct strbuf *out, const struct patch_version *v)
{
	if (v->minor)
		strbuf_addf(out, "v%d.%d", v->major, v->minor);
	else
		strbuf_addf(out, "v%d", v->major);
}

void report_add_patches(struct strbuf *out, int patches)
{
	strbuf_addf(out, "%d %s", patches, patches == 1 ? "patch" : "patches");
}

const char *report_trailer_name(enum trailer_kind kind)
{
	static const char *const names[TRAILER_KIND_COUNT] = {
		"Reviewed-by", "Acked-by", "Tested-by", "Nacked-by",
	};
	return (unsigned)kind < TRAILER_KIND_COUNT ? names[kind] : "";
}

const char *report_state_name(enum series_state state)
{
	static const char *const names[] = {
		[SERIES_SUPERSEDED] = "superseded",
		[SERIES_APPLIED] = "applied",       [SERIES_PARTLY_APPLIED] = "partly applied",
		[SERIES_NACKED] = "nacked",         [SERIES_REVIEWED] = "reviewed",
		[SERIES_PARTLY_REVIEWED] = "partly reviewed", [SERIES_DISCUSSED] = "discussed",
		[SERIES_WAITING] = "waiting",
	};
	return (unsigned)state < sizeof(names) / sizeof(names[0]) ? names[state] : "";
}

void report_add_title(struct strbuf *out, const struct report_run *run)
{
	strbuf_addf(out, "%s mailing list update from %s to %s", run->list_name, run->from, run->to);
	report_add_skipped(out, run);
}

const char *report_entry_body(const struct report_run *run, size_t fact)
{
	const char *body = facts_rare(&run->digest->facts[fact])->entry_body;
	if (!body && run->entry_body)
		body = run->entry_body(run->entry_body_ctx, fact);
	return body ? body : "";
}

void report_add_top_heading(struct strbuf *out, const struct report_run *run, const char *what)
{
	strbuf_addf(out, "Top %zu %s (Based on Email Body)", run->top, what);
}

const char *report_subject(const struct report_run *run, const struct message_facts *f)
{
	return facts_subject(f, &run->reader);
}

const char *report_title(const struct report_run *run, const struct message_facts *f)
{
	const char *subject = report_subject(run, f); /* "" when it could not be read */
	return subject + patch_title_offset(subject);
}

const char *report_message_id(const struct report_run *run, const struct message_facts *f)
{
	return facts_message_id(f, &run->reader);
}
