#include "author.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/strbuf.h"

bool author_from_is_list_rewrite(const struct mailbox *from, const char *list_post)
{
	/* " via " with a list name after it, and someone's name before it */
	const char *via = NULL;
	for (const char *p = strstr(from->name, " via "); p; p = strstr(p + 1, " via "))
		via = p;
	if (!via || via == from->name || !via[5])
		return false;
	char *post = address_list_post(list_post);
	bool same = post && !strcasecmp(post, from->addr);
	free(post);
	return same;
}

static void mailbox_copy(struct mailbox *dst, const struct mailbox *src)
{
	dst->name = xstrdup(src->name);
	dst->addr = xstrdup(src->addr);
}

enum author_source author_attribute(const struct mail *mail, const struct inbody_header *inbody,
				    struct mailbox *mb)
{
	struct mailbox header = {0};

	mb->name = mb->addr = NULL;
	if (inbody && inbody->present) {
		mailbox_copy(mb, &inbody->from);
		return AUTHOR_INBODY_FROM;
	}
	if (mailbox_parse(mail->from, &header) < 0)
		return AUTHOR_UNKNOWN;
	if (strstr(header.name, "via B4 Relay") && mailbox_parse(mail->x_original_from, mb) == 0) {
		mailbox_release(&header);
		return AUTHOR_ORIGINAL_FROM;
	}
	if (author_from_is_list_rewrite(&header, mail->list_post) &&
	    mailbox_parse(mail->reply_to, mb) == 0) {
		mailbox_release(&header);
		return AUTHOR_REPLY_TO;
	}
	*mb = header;
	return AUTHOR_HEADER_FROM;
}
