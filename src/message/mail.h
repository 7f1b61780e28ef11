/* One email, read from a raw blob: the header fields the digest needs and its text body. */
#ifndef LISTDIGEST_MAIL_H
#define LISTDIGEST_MAIL_H

#include <stdbool.h>
#include <stddef.h>

struct mail {
	/* Raw field values, unfolded but not decoded; NULL when absent. */
	char *from;
	char *x_original_from;
	char *subject;
	char *message_id;
	char *references;
	char *in_reply_to;
	char *list_id;
	char *reply_to;
	char *list_post;

	/*
	 * The decoded text body: the first text/plain part that is not an
	 * attachment, in UTF-8 (possibly invalid: cleaning is the reader's
	 * job). It points into the blob for the fast path, into body_owned
	 * otherwise.
	 */
	const char *body;
	size_t body_len;
	char *body_owned;

	bool via_fast_path;
};

enum mail_parser {
	MAIL_PARSER_AUTO,   /* fast path where it applies, GMime otherwise */
	MAIL_PARSER_GMIME,  /* always GMime */
	MAIL_PARSER_FAST,   /* fast path only; fails where it does not apply */
};

/* Once per process, before any thread parses mail. */
void mail_library_init(void);

/*
 * Parses a raw message. Never fails for AUTO and GMIME: whatever cannot be
 * read is left NULL/empty. Returns -1 only for FAST on a message the fast
 * path does not handle. The blob must outlive the mail.
 */
int mail_parse(struct mail *mail, const char *blob, size_t len, enum mail_parser parser);
void mail_release(struct mail *mail);

/* The two parsers, for mail.c and for the test that compares them. */
int mail_parse_fast(struct mail *mail, const char *blob, size_t len);
void mail_parse_gmime(struct mail *mail, const char *blob, size_t len);

#endif
