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

/* The mailmap's name and address; the old strings are freed, unless they live in arena. */
static void apply_mailmap(struct mailmap *mm, struct message_facts *f, struct arena *arena)
{
	char *name, *addr;
	mailmap_resolve(mm, f->author_name, f->author_addr, &name, &addr);
	if (!arena) {
		free(f->author_name);
		free(f->author_addr);
		free(f->author_key);
		f->author_name = name ? name : xstrdup("");
		f->author_addr = addr;
		f->author_key = ascii_lower(xstrdup(addr));
		return;
	}
	/*
	 * Most authors map to themselves: their strings stay where they are
	 * (an arena's strings are never freed one by one, so one may stand
	 * for two). What changed is shared (arena_share): the messages of one
	 * person share a copy, and a lower-case address is its own key.
	 */
	if (!name || !f->author_name || strcmp(name, f->author_name))
		f->author_name = (char *)arena_share(arena, name ? name : "");
	if (strcmp(addr, f->author_addr)) {
		f->author_addr = (char *)arena_share(arena, addr);
		f->author_key = (char *)arena_share(arena, ascii_lower(addr));
	}
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
		if (!f->present || !f->author_addr)
			continue;
		if (id->mailmap)
			apply_mailmap(id->mailmap, f, arena);
	}
	if (arena)
		arena_forget_shared(arena);
}

const char *identity_organisation(const struct identity *id, const struct message_facts *f)
{
	if (!id->orgmap || !f->present || !f->author_addr || !f->author_key)
		return NULL;
	return orgmap_lookup(id->orgmap, f->author_key, f->arrival);
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
