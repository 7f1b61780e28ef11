#include "facts.h"

#include <stdlib.h>
#include <string.h>

#include "../common/ascii.h"
#include "../common/strbuf.h"
#include "../message/header.h"
#include "body.h"

bool facts_wants_entry(const struct message_facts *facts)
{
	return facts->tag.is_patch &&
	       (patch_tag_is_standalone(&facts->tag) || facts->tag.number <= 1);
}

/* First Message-ID of References, else In-Reply-To, else the message's own. */
static char *thread_root(const struct mail *mail)
{
	char *id = NULL;
	if (mail->references)
		id = header_first_msgid(mail->references);
	if (!id && mail->in_reply_to)
		id = header_first_msgid(mail->in_reply_to);
	if (!id && mail->message_id)
		id = header_first_msgid(mail->message_id);
	return id;
}

void facts_from_mail(struct message_facts *facts, const struct mail *mail)
{
	struct mailbox author;
	struct inbody_header inbody;

	memset(facts, 0, sizeof(*facts));
	facts->present = true;
	inbody_parse(&inbody, mail->body, mail->body_len);
	facts->author_source = author_attribute(mail, &inbody, &author);
	facts->author_name = author.name;
	facts->author_addr = author.addr;
	facts->author_key = author.addr ? ascii_lower(xstrdup(author.addr)) : NULL;
	facts->subject = mail->subject ? header_decode_text(mail->subject) : xstrdup("");
	patch_tag_parse(facts->subject, &facts->tag);
	facts->thread_root = thread_root(mail);
	facts->list_id = mail->list_id ? xstrdup(mail->list_id) : NULL;
	facts->message_id = mail->message_id ? header_message_id(mail->message_id) : NULL;
	if (facts_wants_entry(facts))
		facts->entry_body = body_excerpt(mail->body, mail->body_len, &inbody);
	inbody_release(&inbody);
}

void facts_release(struct message_facts *facts)
{
	free(facts->author_name);
	free(facts->author_addr);
	free(facts->author_key);
	free(facts->subject);
	free(facts->thread_root);
	free(facts->list_id);
	free(facts->message_id);
	free(facts->entry_body);
	free(facts->in_reply_to);
	for (size_t i = 0; i < facts->reference_count; i++)
		free(facts->references[i]);
	free(facts->references);
	free(facts->change_id);
	for (size_t i = 0; i < facts->trailer_count; i++) {
		free(facts->trailers[i].person);
		free(facts->trailers[i].addr);
	}
	free(facts->trailers);
	for (size_t i = 0; i < facts->linked_id_count; i++)
		free(facts->linked_ids[i]);
	free(facts->linked_ids);
	free(facts->patch_id);
	memset(facts, 0, sizeof(*facts));
}
