/* The markdown format's escaping: inline text, code fences, link destinations. */
#include "harness.h"

#include "../../src/report/markdown.h"

void test_markdown(void);

static void check_text(const char *in, const char *want, const char *what)
{
	struct strbuf out;
	strbuf_init(&out, 0);
	markdown_add_text(&out, in);
	CHECK_STR(out.buf, want, "markdown text: %s", what);
	strbuf_release(&out);
}

static void check_code(const char *in, const char *want, const char *what)
{
	struct strbuf out;
	strbuf_init(&out, 0);
	markdown_add_code_block(&out, in);
	CHECK_STR(out.buf, want, "markdown code block: %s", what);
	strbuf_release(&out);
}

static void check_link(const char *url, const char *want, const char *what)
{
	struct strbuf out;
	strbuf_init(&out, 0);
	markdown_add_link(&out, url);
	CHECK_STR(out.buf, want, "markdown link: %s", what);
	strbuf_release(&out);
}

void test_markdown(void)
{
	check_text("plain words 42", "plain words 42", "letters, digits and inner spaces stay");
	check_text("<b>*x*</b> [a](b) `c` | ~d~ &amp; \\", "\\<b\\>\\*x\\*\\<\\/b\\> \\[a\\]\\(b\\) \\`c\\` \\| \\~d\\~ \\&amp\\; \\\\",
		   "every ASCII punctuation character is escaped");
	check_text("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
		   "\\!\\\"\\#\\$\\%\\&\\'\\(\\)\\*\\+\\,\\-\\.\\/\\:\\;\\<\\=\\>\\?\\@\\[\\\\\\]\\^\\_\\`\\{\\|\\}\\~",
		   "all 32 of them");
	check_text("Søren — ünïcode", "Søren — ünïcode", "non-ASCII text stays");
	check_text("a\nb\r\nc", "a b  c", "line breaks inside a value become spaces");
	check_text("  x \t", "&#32;&#32;x&#32;&#9;", "spaces and tabs at the ends as character references");
	check_text("   ", "&#32;&#32;&#32;", "a value of spaces alone");
	check_text("", "", "the empty string");
	check_text("a\tb", "a\tb", "an inner tab stays");

	check_code("x = 1;", "```\nx = 1;\n```\n", "three backticks, a newline added");
	check_code("x\n", "```\nx\n```\n", "a body ending in a newline gets no other");
	check_code("", "```\n```\n", "an empty body");
	check_code("``` and ````\n`````", "``````\n``` and ````\n`````\n``````\n",
		   "the fence is one longer than the longest run of backticks");
	check_code("~~~\n", "```\n~~~\n```\n", "tildes do not matter to a backtick fence");

	check_link("https://lore.kernel.org/l/a%22b'c&d-1@x/",
		   "[https\\:\\/\\/lore\\.kernel\\.org\\/l\\/a\\%22b\\'c\\&d\\-1\\@x\\/](https://lore.kernel.org/l/a%22b'c\\&d-1@x/)",
		   "the text escaped, '&' escaped in the destination");
	check_link("http://h/a b(c)<d>|e\\f", "[http\\:\\/\\/h\\/a b\\(c\\)\\<d\\>\\|e\\\\f](http://h/a%20b%28c%29%3Cd%3E%7Ce\\\\f)",
		   "space, parentheses, angle brackets and '|' as %XX in the destination");
}
