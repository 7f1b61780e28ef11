/*
 * The table of header fields (fields.h): every field is read, by both
 * parsers, whatever the case of its name, folded or not, and the first of
 * a repeated field counts. The messages are built from the table, so a
 * field added to it is tested here without a line more.
 */
#include "harness.h"

#include <gmime/gmime.h>
#include <stdbool.h>
#include <stdlib.h>

#include "../../src/common/strbuf.h"
#include "../../src/message/fields.h"
#include "../../src/message/mail.h"

void test_fields(void);

static const char *parser_name(enum mail_parser parser)
{
	return parser == MAIL_PARSER_FAST ? "fast path" : "GMime";
}

/* Name as written: the table's spelling, all lower case, or all upper case. */
static void add_name(struct strbuf *sb, const char *name, int spelling)
{
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (spelling == 1 && c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		else if (spelling == 2 && c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		strbuf_addch(sb, c);
	}
}

/* A value that names its field and its copy, so that a mix-up shows. */
static char *expected_value(int field, int copy)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addf(&sb, "<%d.%d@fields.example> copy %d of %s", field, copy, copy, mail_field_names[field].name);
	return strbuf_detach(&sb, NULL);
}

/*
 * Every field of the table, `copies` times over, with an unknown field
 * between the copies. folded: each value is split over three lines, once
 * before a blank and once before a tab, which unfolding must undo.
 */
static char *message_with_every_field(int copies, bool folded, const char *eol)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (int copy = 1; copy <= copies; copy++) {
		for (int f = 0; f < MAIL_FIELD_COUNT; f++) {
			char *value = expected_value(f, copy);
			add_name(&sb, mail_field_names[f].name, (f + copy) % 3);
			strbuf_addstr(&sb, ": ");
			if (folded) {
				/* "<..> copy N" EOL " of" EOL "\tName": the fold keeps the blank and the tab */
				const char *of = strstr(value, " of ");
				strbuf_add(&sb, value, (size_t)(of - value));
				strbuf_addf(&sb, "%s of%s\t%s", eol, eol, of + 4);
			} else {
				strbuf_addstr(&sb, value);
			}
			strbuf_addstr(&sb, eol);
			free(value);
		}
		strbuf_addf(&sb, "X-Between-Copies: %d%s", copy, eol);
	}
	strbuf_addf(&sb, "%sThe body.%s", eol, eol);
	return strbuf_detach(&sb, NULL);
}

static void check_every_field(const char *raw, int copy, bool folded, const char *what)
{
	for (int p = MAIL_PARSER_GMIME; p <= MAIL_PARSER_FAST; p++) {
		enum mail_parser parser = (enum mail_parser)p;
		struct mail m;
		int rc = mail_parse(&m, raw, strlen(raw), parser);
		CHECK(rc == 0 && m.via_fast_path == (parser == MAIL_PARSER_FAST), "%s: %s reads it", what,
		      parser_name(parser));
		for (int f = 0; f < MAIL_FIELD_COUNT; f++) {
			char *want = expected_value(f, copy);
			if (folded) /* the line breaks go, the blank and the tab after them stay */
				strstr(want, " of ")[3] = '\t';
			CHECK_STR(m.field[f], want, "%s: %s reads %s", what, parser_name(parser),
				  mail_field_names[f].name);
			free(want);
		}
		CHECK(m.body_len == strlen("The body.\n") + (raw[strlen(raw) - 2] == '\r') &&
		      !memcmp(m.body, "The body.", 9), "%s: %s finds the body after the fields", what,
		      parser_name(parser));
		mail_release(&m);
	}
}

static void test_every_field(void)
{
	static const char *const eols[] = {"\n", "\r\n"};
	static const char *const plain[] = {"every field, LF", "every field, CRLF"};
	static const char *const folded[] = {"every field folded over three lines, LF",
					     "every field folded over three lines, CRLF"};
	for (int e = 0; e < 2; e++) {
		char *raw = message_with_every_field(1, false, eols[e]);
		check_every_field(raw, 1, false, plain[e]);
		free(raw);
		raw = message_with_every_field(1, true, eols[e]);
		check_every_field(raw, 1, true, folded[e]);
		free(raw);
	}
}

/* Each field twice, the copies apart: both parsers take the first copy. */
static void test_repeated_fields(void)
{
	char *raw = message_with_every_field(2, false, "\n");
	check_every_field(raw, 1, false, "every field repeated");
	free(raw);
	raw = message_with_every_field(3, true, "\n");
	check_every_field(raw, 1, true, "every field three times, folded");
	free(raw);
}

/* The same name in one spelling for all fields, lower then upper case. */
static void test_name_case(void)
{
	for (int spelling = 1; spelling <= 2; spelling++) {
		struct strbuf sb;
		strbuf_init(&sb, 0);
		for (int f = 0; f < MAIL_FIELD_COUNT; f++) {
			char *value = expected_value(f, 1);
			add_name(&sb, mail_field_names[f].name, spelling);
			strbuf_addf(&sb, ":%s\n", value); /* and no blank after the colon */
			free(value);
		}
		strbuf_addstr(&sb, "\nThe body.\n");
		check_every_field(sb.buf, 1, false, spelling == 1 ? "names in lower case" : "names in upper case");
		strbuf_release(&sb);
	}
}

/*
 * Names that look like a field's (the same length and first letter, one
 * letter more or less, a first byte with the same low five bits as the
 * field's, the name as a suffix) are other fields: nothing of the table
 * is read from them.
 */
static void test_near_names(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (int f = 0; f < MAIL_FIELD_COUNT; f++) {
		const char *name = mail_field_names[f].name;
		size_t len = mail_field_names[f].len;
		strbuf_add(&sb, name, len - 1);
		strbuf_addstr(&sb, "Q: last letter changed\n");
		strbuf_addf(&sb, "%sx: one letter more\n", name);
		strbuf_add(&sb, name, len - 1);
		strbuf_addstr(&sb, ": one letter less\n");
		/* 'M' and '-', 'F' and '&': the lookup's first key alike, the names not */
		strbuf_addf(&sb, "%c%s: a first byte with the same low five bits\n", (name[0] & 31) | 0x20, name + 1);
		strbuf_addf(&sb, "X-%s: the name as a suffix\n", name);
	}
	strbuf_addstr(&sb, "Received: by mx.example (the length and first letter of Reply-To)\n\nbody\n");
	for (int p = MAIL_PARSER_GMIME; p <= MAIL_PARSER_FAST; p++) {
		struct mail m;
		int rc = mail_parse(&m, sb.buf, sb.len, (enum mail_parser)p);
		CHECK(rc == 0 && m.via_fast_path == (p == MAIL_PARSER_FAST), "near names: %s reads the message",
		      parser_name((enum mail_parser)p));
		for (int f = 0; f < MAIL_FIELD_COUNT; f++)
			CHECK_STR(m.field[f], NULL, "near names, %s: %s is not read from another field",
				  parser_name((enum mail_parser)p), mail_field_names[f].name);
		mail_release(&m);
	}
	strbuf_release(&sb);
}

/* Date stays raw, for the sources that read arrival from it. */
static void test_date_raw(void)
{
	const char *raw = "From: Ann <ann@example.org>\n"
			  "Date: Mon, 4 Mar 2024\n"
			  " 10:15:02 +0200 (CEST)\n"
			  "Subject: x\n"
			  "\n"
			  "body\n";
	for (int p = MAIL_PARSER_GMIME; p <= MAIL_PARSER_FAST; p++) {
		struct mail m;
		mail_parse(&m, raw, strlen(raw), (enum mail_parser)p);
		CHECK_STR(m.date, "Mon, 4 Mar 2024 10:15:02 +0200 (CEST)", "%s: Date unfolded, comment kept",
			  parser_name((enum mail_parser)p));
		GDateTime *when = m.date ? g_mime_utils_header_decode_date(m.date) : NULL;
		CHECK(when && g_date_time_to_unix(when) == 1709540102,
		      "%s: the raw Date decodes to its time (%lld)", parser_name((enum mail_parser)p),
		      when ? (long long)g_date_time_to_unix(when) : -1LL);
		if (when)
			g_date_time_unref(when);
		mail_release(&m);
		CHECK(!m.date, "mail_release clears Date");
	}
}

/* A message with none of the fields: all of them NULL, in both parsers. */
static void test_absent_fields(void)
{
	const char *raw = "To: list@example.org\nX-Mailer: none\n\nbody\n";
	for (int p = MAIL_PARSER_GMIME; p <= MAIL_PARSER_FAST; p++) {
		struct mail m;
		int rc = mail_parse(&m, raw, strlen(raw), (enum mail_parser)p);
		int present = 0;
		for (int f = 0; f < MAIL_FIELD_COUNT; f++)
			present += m.field[f] != NULL;
		CHECK(rc == 0 && present == 0, "%s: no field of the table, none read (%d)",
		      parser_name((enum mail_parser)p), present);
		mail_release(&m);
	}
}

/* The names are the table's, by index, and the named members are its slots. */
static void test_table(void)
{
	struct mail m;
	memset(&m, 0, sizeof(m));
	CHECK(MAIL_FIELD_COUNT >= 10, "the table holds %d fields", MAIL_FIELD_COUNT);
	CHECK(!strcmp(mail_field_names[MAIL_FIELD_DATE].name, "Date") && mail_field_names[MAIL_FIELD_DATE].len == 4,
	      "MAIL_FIELD_DATE names Date");
	CHECK(!strcmp(mail_field_names[MAIL_FIELD_MESSAGE_ID].name, "Message-ID"), "MAIL_FIELD_MESSAGE_ID names Message-ID");
	CHECK(&m.field[MAIL_FIELD_IN_REPLY_TO] == &m.in_reply_to && &m.field[MAIL_FIELD_REFERENCES] == &m.references,
	      "mail->field[] and the named members are the same slots");
	bool lengths = true;
	for (int f = 0; f < MAIL_FIELD_COUNT; f++)
		lengths = lengths && strlen(mail_field_names[f].name) == mail_field_names[f].len;
	CHECK(lengths, "every name's length is its own");
}

void test_fields(void)
{
	mail_library_init();
	test_table();
	test_every_field();
	test_repeated_fields();
	test_name_case();
	test_near_names();
	test_date_raw();
	test_absent_fields();
}
