/*
 * The header fields a message is read for, declared once. struct mail's
 * members, the fast path's lookup, the GMime path, mail_release and the
 * check that compares both parsers all expand this one list: adding a
 * field is adding a line here.
 *
 * X(ID, member, "Name"): MAIL_FIELD_ID indexes mail->field[], member
 * names it in struct mail, "Name" is matched case-insensitively. Where a
 * field is repeated, the first one counts, in both parsers. Values stay
 * raw (unfolded, not decoded): Date, for one, is for the mbox and Maildir
 * sources to read with g_mime_utils_header_decode_date().
 */
#ifndef LISTDIGEST_FIELDS_H
#define LISTDIGEST_FIELDS_H

#include <stddef.h>

#define MAIL_FIELDS(X) \
	X(FROM, from, "From") \
	X(X_ORIGINAL_FROM, x_original_from, "X-Original-From") \
	X(SUBJECT, subject, "Subject") \
	X(DATE, date, "Date") \
	X(MESSAGE_ID, message_id, "Message-ID") \
	X(REFERENCES, references, "References") \
	X(IN_REPLY_TO, in_reply_to, "In-Reply-To") \
	X(LIST_ID, list_id, "List-Id") \
	X(REPLY_TO, reply_to, "Reply-To") \
	X(LIST_POST, list_post, "List-Post")

enum mail_field {
#define MAIL_FIELD_ENUM(id, member, name) MAIL_FIELD_##id,
	MAIL_FIELDS(MAIL_FIELD_ENUM)
#undef MAIL_FIELD_ENUM
	MAIL_FIELD_COUNT
};

struct mail_field_name {
	const char *name; /* as the standards spell it */
	size_t len;
};

/* Indexed by enum mail_field. */
extern const struct mail_field_name mail_field_names[MAIL_FIELD_COUNT];

#endif
