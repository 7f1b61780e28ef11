/*
 * The HTML format's charts, drawn as inline SVG: each has a <title>, and
 * its numbers as text, for screen readers (no role="img", which would
 * hide them). Colours come from the page's
 * CSS through the classes named here, so that they follow its colour scheme.
 */
#ifndef LISTDIGEST_SVG_H
#define LISTDIGEST_SVG_H

#include <stddef.h>

#include "../common/strbuf.h"
#include "timeline.h"

struct svg_bar {
	const char *label;   /* text from a message: escaped here */
	size_t value;
};

/*
 * One horizontal bar (a rect of class "bar") per item, in the given order,
 * each with its label above it and its value after it; kind ("domains")
 * names the chart in its data-chart attribute.
 */
void svg_hbars(struct strbuf *out, const char *kind, const char *title,
	       const struct svg_bar *bars, size_t count);

/*
 * The histogram of a timeline: per bin, a rect of class "bar-patch" under
 * one of class "bar-other", each bin titled with its label and counts.
 */
void svg_timeline(struct strbuf *out, const struct timeline *t);

struct svg_segment {
	const char *label;
	const char *class_name; /* of the segment and its key: a fixed name, never message text */
	size_t value;
};

/* One bar cut into segments (rects of class "seg"), as wide as their values. */
void svg_segments(struct strbuf *out, const char *kind, const char *title,
		  const struct svg_segment *segs, size_t count);

#endif
