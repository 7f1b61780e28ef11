/*
 * Fuzz target: dates. The command line's forms (date.c: date_parse and
 * the orgmap's date_parse_day) and a message's Date field as a file
 * source reads it for its arrival (arrival.c, through GMime), with the
 * input both as a whole header block and as one Date value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/date.h"
#include "../../src/common/strbuf.h"
#include "../../src/message/mail.h"
#include "../../src/source/arrival.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	mail_library_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const int64_t now = 1722772800; /* 2024-08-04 12:00 UTC */
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';

	int64_t when;
	(void)date_parse(&when, text, now);
	(void)date_parse_day(&when, text, size);

	/* the input as a header block, then as the value of its Date field */
	int64_t t = arrival_from_header(text, size);
	struct strbuf msg;
	strbuf_init(&msg, size + 16);
	strbuf_addstr(&msg, "Date: ");
	strbuf_add(&msg, text, size);
	strbuf_addstr(&msg, "\n\n");
	t ^= arrival_from_header(msg.buf, msg.len);
	strbuf_reset(&msg);
	arrival_label(t, &msg);
	strbuf_release(&msg);
	free(text);
	return 0;
}
