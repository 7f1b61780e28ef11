/* The JSON format's string literals: what is escaped, what passes through. */
#include "harness.h"

#include "../../src/common/strbuf.h"
#include "../../src/report/json.h"

void test_json(void);

static void check_string(const char *in, const char *want, const char *what)
{
	struct strbuf out;
	strbuf_init(&out, 0);
	json_add_string(&out, in);
	CHECK_STR(out.buf, want, "json_add_string: %s", what);
	strbuf_release(&out);
}

void test_json(void)
{
	check_string("", "\"\"", "the empty string");
	check_string("plain text, 1.2 ~!", "\"plain text, 1.2 ~!\"", "plain ASCII as it is");
	check_string("a \"quoted\" \\ back", "\"a \\\"quoted\\\" \\\\ back\"", "quote and backslash escaped");
	check_string("l1\nl2\tx", "\"l1\\nl2\\tx\"", "newline and tab as \\n and \\t");
	check_string("\x01\x1f\r\x7f", "\"\\u0001\\u001f\\u000d\\u007f\"",
		     "other C0 controls and DEL as \\u00XX: valid JSON as they are, but not text");
	check_string("a\xC2\x80\xC2\x85\xC2\x9F\xC2\xA0z", "\"a\\u0080\\u0085\\u009f\xC2\xA0z\"",
		     "C1 controls (U+0080 to U+009F) as \\u00XX, U+00A0 as it is");
	check_string("</script><!-- & -->", "\"\\u003c/script\\u003e\\u003c!-- \\u0026 --\\u003e\"",
		     "< > & as \\u003c \\u003e \\u0026: safe inside HTML");
	check_string("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E", "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E\"",
		     "2-, 3- and 4-byte UTF-8 as it is");
	check_string("a\xE2\x80\xA8" "b\xE2\x80\xA9", "\"a\\u2028b\\u2029\"",
		     "U+2028 and U+2029 escaped: they end a line in JavaScript");
	check_string("x\xFFy\xC0\xAF\xED\xA0\x80", "\"x\\ufffdy\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"",
		     "invalid bytes, an overlong form and a surrogate as \\ufffd, byte by byte");
	check_string("cut \xE2\x82", "\"cut \\ufffd\\ufffd\"", "a sequence cut by the end of the string");
}
