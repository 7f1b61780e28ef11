#include "svg.h"

#include <inttypes.h>

#include "html_escape.h"

/* The drawing's width in user units; the page scales it to the column. */
#define WIDTH 480
/* Characters of a label kept on one line of that width. */
#define LABEL_CHARS 56

/*
 * A coordinate in hundredths of a unit, written as a decimal: integer
 * arithmetic, so the same bytes come out on every machine.
 */
static void add_coord(struct strbuf *out, uint64_t hundredths)
{
	strbuf_addf(out, "%" PRIu64, hundredths / 100);
	if (hundredths % 100)
		strbuf_addf(out, ".%02" PRIu64, hundredths % 100);
}

static void open_svg(struct strbuf *out, const char *css_class, const char *kind, int height,
		     const char *title)
{
	strbuf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart %s\" data-chart=\"%s\" "
		    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n<title>",
		    css_class, kind, WIDTH, height, WIDTH, height);
	html_add_escaped(out, title);
	strbuf_addstr(out, "</title>\n");
}

/* Rows of a label line and a bar line; the value follows the bar. */
#define ROW 38
#define BAR_SPACE 400 /* the longest bar; what is left holds its value */

void svg_hbars(struct strbuf *out, const char *kind, const char *title,
	       const struct svg_bar *bars, size_t count)
{
	size_t most = 0;
	for (size_t i = 0; i < count; i++)
		if (bars[i].value > most)
			most = bars[i].value;
	open_svg(out, "hbars", kind, (int)(count * ROW) + 4, title);
	for (size_t i = 0; i < count; i++) {
		size_t y = i * ROW;
		/* at least a sliver, so that no line is without its bar */
		uint64_t w = most ? (uint64_t)bars[i].value * BAR_SPACE * 100 / most : 0;
		if (w < 100)
			w = 100;
		strbuf_addstr(out, "<g><title>");
		html_add_escaped(out, bars[i].label);
		strbuf_addf(out, ": %zu</title><text class=\"label\" x=\"0\" y=\"%zu\">", bars[i].value, y + 15);
		html_add_escaped_cut(out, bars[i].label, LABEL_CHARS);
		strbuf_addf(out, "</text><rect class=\"bar\" x=\"0\" y=\"%zu\" width=\"", y + 21);
		add_coord(out, w);
		strbuf_addstr(out, "\" height=\"13\"/><text class=\"num\" x=\"");
		add_coord(out, w + 500);
		strbuf_addf(out, "\" y=\"%zu\">%zu</text></g>\n", y + 33, bars[i].value);
	}
	strbuf_addstr(out, "</svg>\n");
}

/* The plot of the histogram: left of it the counts, under it the first and last bins. */
#define PLOT_LEFT 40
#define PLOT_RIGHT 476
#define PLOT_TOP 26
#define PLOT_BOTTOM 176
#define TIMELINE_HEIGHT 196

/* A bin's rect of count messages, standing on base (hundredths, from the top). */
static void add_column_part(struct strbuf *out, const char *css_class, uint64_t x, uint64_t w,
			    uint64_t base, uint64_t h)
{
	strbuf_addf(out, "<rect class=\"%s\" x=\"", css_class);
	add_coord(out, x);
	strbuf_addstr(out, "\" y=\"");
	add_coord(out, base - h);
	strbuf_addstr(out, "\" width=\"");
	add_coord(out, w);
	strbuf_addstr(out, "\" height=\"");
	add_coord(out, h);
	strbuf_addstr(out, "\"/>");
}

void svg_timeline(struct strbuf *out, const struct timeline *t)
{
	const char *unit = timeline_unit_name(t->unit);
	struct strbuf text;
	strbuf_init(&text, 64);
	size_t patches = 0, other = 0;
	for (size_t i = 0; i < t->count; i++) {
		patches += t->bins[i].patches;
		other += t->bins[i].other;
	}
	strbuf_addf(&text, "Messages per %s: %zu %s and %zu other %s", unit, patches,
		    patches == 1 ? "patch" : "patches", other, other == 1 ? "message" : "messages");
	open_svg(out, "timeline", "timeline", TIMELINE_HEIGHT, text.buf);
	strbuf_reset(&text);
	timeline_add_label(&text, t, 0);
	if (t->count > 1) {
		strbuf_addstr(&text, " to ");
		timeline_add_label(&text, t, t->count - 1);
		strbuf_addf(&text, ", at most %zu in one %s", t->most, unit);
	} else {
		strbuf_addf(&text, ": %zu %s", t->most, t->most == 1 ? "message" : "messages");
	}
	strbuf_addstr(out, "<desc>");
	html_add_escaped(out, text.buf);
	strbuf_addstr(out, "</desc>\n");

	/* the key */
	strbuf_addstr(out, "<rect class=\"key-patch\" x=\"40\" y=\"4\" width=\"12\" height=\"12\"/>"
		      "<text x=\"56\" y=\"15\">patches</text>"
		      "<rect class=\"key-other\" x=\"130\" y=\"4\" width=\"12\" height=\"12\"/>"
		      "<text x=\"146\" y=\"15\">other mail</text>\n");
	/* the axes: the largest count at the top, 0 at the baseline */
	strbuf_addf(out, "<text class=\"num\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%zu</text>"
		    "<text class=\"num\" x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>\n",
		    PLOT_LEFT - 4, PLOT_TOP + 10, t->most, PLOT_LEFT - 4, PLOT_BOTTOM);
	strbuf_addf(out, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n",
		    PLOT_LEFT, PLOT_BOTTOM, PLOT_RIGHT, PLOT_BOTTOM);

	uint64_t span = (uint64_t)(PLOT_RIGHT - PLOT_LEFT) * 100;
	uint64_t height = (uint64_t)(PLOT_BOTTOM - PLOT_TOP) * 100;
	uint64_t base = (uint64_t)PLOT_BOTTOM * 100;
	for (size_t i = 0; i < t->count; i++) {
		const struct timeline_bin *b = &t->bins[i];
		if (!b->patches && !b->other)
			continue;
		uint64_t x = PLOT_LEFT * 100 + span * i / t->count;
		uint64_t w = span * (i + 1) / t->count - span * i / t->count;
		if (w > 300)
			w -= 100; /* a gap between bars wide enough to show one */
		uint64_t hp = height * b->patches / t->most;
		uint64_t ho = height * (b->patches + b->other) / t->most - hp;
		strbuf_reset(&text);
		timeline_add_label(&text, t, i);
		strbuf_addf(&text, ": %zu %s (%zu %s, %zu other)", b->patches + b->other,
			    b->patches + b->other == 1 ? "message" : "messages", b->patches,
			    b->patches == 1 ? "patch" : "patches", b->other);
		strbuf_addstr(out, "<g><title>");
		html_add_escaped(out, text.buf);
		strbuf_addstr(out, "</title>");
		if (hp)
			add_column_part(out, "bar-patch", x, w, base, hp);
		if (ho)
			add_column_part(out, "bar-other", x, w, base - hp, ho);
		strbuf_addstr(out, "</g>\n");
	}
	strbuf_reset(&text);
	timeline_add_label(&text, t, 0);
	strbuf_addf(out, "<text x=\"%d\" y=\"%d\">", PLOT_LEFT, TIMELINE_HEIGHT - 4);
	html_add_escaped(out, text.buf);
	strbuf_addstr(out, "</text>");
	if (t->count > 1) {
		strbuf_reset(&text);
		timeline_add_label(&text, t, t->count - 1);
		strbuf_addf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", PLOT_RIGHT,
			    TIMELINE_HEIGHT - 4);
		html_add_escaped(out, text.buf);
		strbuf_addstr(out, "</text>");
	}
	strbuf_addstr(out, "\n</svg>\n");
	strbuf_release(&text);
}

#define SEGMENTS_HEIGHT 28

void svg_segments(struct strbuf *out, const char *kind, const char *title,
		  const struct svg_segment *segs, size_t count)
{
	uint64_t total = 0, done = 0;
	for (size_t i = 0; i < count; i++)
		total += segs[i].value;
	open_svg(out, "segments", kind, SEGMENTS_HEIGHT, title);
	uint64_t span = (uint64_t)WIDTH * 100;
	for (size_t i = 0; i < count && total; i++) {
		uint64_t x = span * done / total;
		done += segs[i].value;
		uint64_t w = span * done / total - x;
		strbuf_addstr(out, "<g><title>");
		html_add_escaped(out, segs[i].label);
		strbuf_addf(out, ": %zu</title><rect class=\"seg %s\" x=\"", segs[i].value, segs[i].class_name);
		add_coord(out, x);
		strbuf_addstr(out, "\" y=\"0\" width=\"");
		add_coord(out, w);
		strbuf_addf(out, "\" height=\"%d\"/></g>\n", SEGMENTS_HEIGHT);
	}
	strbuf_addstr(out, "</svg>\n");
}
