/* Everything the digest needs to know of one message, computed in a worker thread. */
#ifndef LISTDIGEST_FACTS_H
#define LISTDIGEST_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "author.h"
#include "subject.h"

struct message_facts {
	bool present;          /* false for a removal commit: not a message */
	enum author_source author_source;
	char *author_name;     /* may be ""; NULL when the author is unknown */
	char *author_addr;     /* as the message wrote it; NULL when unknown */
	char *author_key;      /* the address lower-cased: the contributor; NULL when unknown */
	char *subject;         /* decoded, clean UTF-8, never NULL */
	struct patch_tag tag;
	char *thread_root;     /* series key part; NULL when the message has no ids */
	char *list_id;         /* raw List-Id value, NULL when absent */
	char *entry_body;      /* excerpt, only for messages that get an entry */
};

/* Entries are shown for cover letters, first patches and standalone patches. */
bool facts_wants_entry(const struct message_facts *facts);

void facts_from_mail(struct message_facts *facts, const struct mail *mail);
void facts_release(struct message_facts *facts);

#endif
