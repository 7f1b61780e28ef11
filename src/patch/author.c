#include "author.h"

#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"

const char *body_first_line(const char *body, size_t len, size_t *line_len)
{
	size_t pos = 0;
	while (pos < len) {
		const char *nl = memchr(body + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - body) : len;
		for (size_t i = pos; i < end; i++) {
			char c = body[i];
			if (c != ' ' && c != '\t' && c != '\r') {
				*line_len = end - pos;
				return body + pos;
			}
		}
		pos = end + 1;
	}
	return NULL;
}

/* "From: Name <addr>" opening the body, as git send-email writes it. */
static int inbody_from(const struct mail *mail, struct mailbox *mb)
{
	size_t len;
	const char *line = body_first_line(mail->body, mail->body_len, &len);
	if (!line || len < 5 || memcmp(line, "From:", 5))
		return -1;
	char *value = xmemdupz(line + 5, len - 5);
	int rc = mailbox_parse(value, mb);
	free(value);
	return rc;
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s + 32);
}

enum author_source author_attribute(const struct mail *mail, struct mailbox *mb)
{
	enum author_source source = AUTHOR_UNKNOWN;
	struct mailbox header = {0};

	mb->name = mb->addr = NULL;
	if (inbody_from(mail, mb) == 0) {
		source = AUTHOR_INBODY_FROM;
	} else if (mailbox_parse(mail->from, &header) == 0) {
		if (strstr(header.name, "via B4 Relay") &&
		    mailbox_parse(mail->x_original_from, mb) == 0) {
			source = AUTHOR_ORIGINAL_FROM;
			mailbox_release(&header);
		} else {
			*mb = header;
			source = AUTHOR_HEADER_FROM;
		}
	}
	if (source != AUTHOR_UNKNOWN)
		lower_ascii(mb->addr);
	return source;
}
