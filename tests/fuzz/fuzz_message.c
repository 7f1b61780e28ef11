/*
 * Fuzz target: a raw message through everything that reads it, as the
 * readers do: the automatic choice, then each parser on its own (headers,
 * RFC 2047, MIME, transfer encodings, charsets), and the facts of each
 * (author, subject tag, ids, entry excerpt, trailers, links, patch-id);
 * also the Date a file source reads as its arrival.
 */
#include <stddef.h>
#include <stdint.h>

#include "../../src/message/mail.h"
#include "../../src/patch/facts.h"
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

static void parse_and_read(const char *blob, size_t len, enum mail_parser parser)
{
	struct mail mail;
	struct message_facts facts;
	if (mail_parse(&mail, blob, len, parser) < 0)
		return; /* the fast path declined: GMime takes it, below */
	facts_from_mail(&facts, &mail);
	facts_release(&facts);
	mail_release(&mail);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *blob = (const char *)data;
	parse_and_read(blob, size, MAIL_PARSER_AUTO);
	parse_and_read(blob, size, MAIL_PARSER_FAST);
	parse_and_read(blob, size, MAIL_PARSER_GMIME);
	(void)arrival_from_header(blob, size);
	return 0;
}
