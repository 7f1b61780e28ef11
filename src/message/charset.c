#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "../common/utf8.h"

enum { LATIN1, LATIN9, CP1252, TABLE_COUNT };

/*
 * The spellings taken, each with the table it means. GMime gives iconv
 * "iso-8859-N" for iso-8859-N, iso8859-N and iso_8859-N, "CP1252" for
 * windows-1252 and windows-cp1252, and the others as they stand, which
 * glibc's iconv knows as aliases of the same charsets. Rarer spellings
 * go to GMime.
 */
static const struct {
	const char *name;
	int table;
} spellings[] = {
	{ "iso-8859-1", LATIN1 }, { "iso8859-1", LATIN1 }, { "iso_8859-1", LATIN1 },
	{ "latin1", LATIN1 },
	{ "iso-8859-15", LATIN9 }, { "iso8859-15", LATIN9 }, { "iso_8859-15", LATIN9 },
	{ "windows-1252", CP1252 }, { "windows-cp1252", CP1252 }, { "cp1252", CP1252 },
};

static const char *const iconv_names[TABLE_COUNT] = { "ISO-8859-1", "ISO-8859-15", "CP1252" };

static struct charset_table tables[TABLE_COUNT];
static bool table_ready[TABLE_COUNT];
static bool initialised;

/*
 * Asks iconv what each byte becomes. A byte iconv rejects (EILSEQ) maps to
 * nothing: GMime's charset filter skips such a byte and goes on.
 */
/*
 * gcc 12's analyzer takes iconv_open's failure value, (iconv_t)-1, for an
 * allocation that leaks; nothing is allocated on that path.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
static bool table_build(struct charset_table *t, const char *from)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return false;
	bool ok = true;
	for (int b = 0; b < 256 && ok; b++) {
		char in = (char)b, out[8];
		char *inp = &in, *outp = out;
		size_t inleft = 1, outleft = sizeof(out);
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &inp, &inleft, &outp, &outleft) == (size_t)-1) {
			if (errno != EILSEQ)
				ok = false;
			t->seq[b].len = 0;
			continue;
		}
		size_t n = (size_t)(outp - out);
		if (n > 3 || (b < 0x80 && (n != 1 || out[0] != (char)b)))
			ok = false; /* the decoder counts on ASCII mapping to itself */
		memset(t->seq[b].bytes, 0, sizeof(t->seq[b].bytes));
		memcpy(t->seq[b].bytes, out, n < 3 ? n : 3);
		t->seq[b].len = (unsigned char)n;
	}
	iconv_close(cd);
	return ok;
}
#pragma GCC diagnostic pop

void charset_tables_init(void)
{
	if (initialised)
		return;
	for (int i = 0; i < TABLE_COUNT; i++)
		table_ready[i] = table_build(&tables[i], iconv_names[i]);
	initialised = true;
}

bool charset_find(const char *name, const struct charset_table **table)
{
	*table = NULL;
	if (utf8_charset_is_compatible(name))
		return true;
	for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		if (strcasecmp(name, spellings[i].name))
			continue;
		if (!initialised || !table_ready[spellings[i].table])
			return false;
		*table = &tables[spellings[i].table];
		return true;
	}
	return false;
}
