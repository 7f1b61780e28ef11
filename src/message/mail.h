/* One email, read from a raw blob: the header fields the digest needs and its text body. */
#ifndef LISTDIGEST_MAIL_H
#define LISTDIGEST_MAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "fields.h"

struct mail {
	/*
	 * Raw field values (fields.h), unfolded but not decoded; owned, NULL
	 * when absent. By name (mail->subject) or by index
	 * (mail->field[MAIL_FIELD_SUBJECT]), for code that goes over them all.
	 */
	union {
		char *field[MAIL_FIELD_COUNT];
		struct {
#define MAIL_FIELD_MEMBER(id, member, name) char *member;
			MAIL_FIELDS(MAIL_FIELD_MEMBER)
#undef MAIL_FIELD_MEMBER
		};
	};

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

/* Each named member is the field[] slot of its index. */
#define MAIL_FIELD_AT_ITS_INDEX(id, member, name) \
	_Static_assert(offsetof(struct mail, member) == \
			       offsetof(struct mail, field) + MAIL_FIELD_##id * sizeof(char *), \
		       "struct mail: " #member " is not field[MAIL_FIELD_" #id "]");
MAIL_FIELDS(MAIL_FIELD_AT_ITS_INDEX)
#undef MAIL_FIELD_AT_ITS_INDEX

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
