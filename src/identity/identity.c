#include "identity.h"

#include <stdlib.h>
#include <string.h>

#include "../common/ascii.h"

int identity_load(struct identity *id, const struct identity_options *opts, struct strbuf *err)
{
	memset(id, 0, sizeof(*id));
	if (opts->mailmap_path && mailmap_load(&id->mailmap, opts->mailmap_path, err) < 0)
		return -1;
	if (opts->orgmap_path && orgmap_load(&id->orgmap, opts->orgmap_path, err) < 0) {
		identity_release(id);
		return -1;
	}
	return 0;
}

void identity_release(struct identity *id)
{
	mailmap_free(id->mailmap);
	orgmap_free(id->orgmap);
	memset(id, 0, sizeof(*id));
}

bool identity_has_organisations(const struct identity *id)
{
	return id->orgmap != NULL;
}

/* The mailmap's name and address; the old author is freed, unless it lives in arena. */
static void apply_mailmap(struct mailmap *mm, struct message_facts *f, struct arena *arena)
{
	char *name, *addr;
	mailmap_resolve(mm, facts_author_name(f), facts_author_addr(f), &name, &addr);
	if (!arena) {
		facts_set_author(f, name ? name : xstrdup(""), addr, ascii_lower(xstrdup(addr)));
		return;
	}
	/*
	 * Most authors map to themselves: their author stays (an arena's
	 * authors are shared, and never changed). A changed one is shared
	 * (message_author_share): the messages of one person share a copy.
	 */
	struct message_author mapped = *f->author;
	char *key = NULL;
	bool changed = false;
	if (!name || !mapped.name || strcmp(name, mapped.name)) {
		mapped.name = name ? name : (char *)"";
		changed = true;
	}
	if (strcmp(addr, mapped.addr)) {
		mapped.addr = addr;
		mapped.key = key = ascii_lower(xstrdup(addr));
		changed = true;
	}
	if (changed)
		f->author = message_author_share(arena, &mapped);
	free(key);
	free(name);
	free(addr);
}

void identity_apply(const struct identity *id, struct message_facts *facts, size_t count)
{
	identity_apply_in(id, facts, count, NULL);
}

void identity_apply_in(const struct identity *id, struct message_facts *facts, size_t count,
		       struct arena *arena)
{
	for (size_t i = 0; i < count; i++) {
		struct message_facts *f = &facts[i];
		if (!f->present || !facts_author_addr(f))
			continue;
		if (id->mailmap)
			apply_mailmap(id->mailmap, f, arena);
	}
	if (arena)
		arena_forget_shared(arena);
}

const char *identity_organisation(const struct identity *id, const struct message_facts *f)
{
	if (!id->orgmap || !f->present || !facts_author_addr(f) || !facts_author_key(f))
		return NULL;
	return orgmap_lookup(id->orgmap, facts_author_key(f), f->arrival);
}

char *identity_canonical_addr(const struct identity *id, const char *name, const char *addr)
{
	char *out_name = NULL, *out_addr = NULL;
	if (!id->mailmap)
		return ascii_lower(xstrdup(addr));
	mailmap_resolve(id->mailmap, name, addr, &out_name, &out_addr);
	free(out_name);
	return ascii_lower(out_addr);
}
