#include "facts.h"

#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/ascii.h"
#include "../common/strbuf.h"
#include "../common/strmap.h"
#include "../message/header.h"
#include "body.h"
#include "patchid.h"
#include "review.h"

bool facts_wants_entry(const struct message_facts *facts)
{
	return facts_is_patch(facts) && (facts_is_standalone(facts) || facts->tag_number <= 1);
}

static int within(int value, int lowest)
{
	return value < lowest ? lowest : value > PATCH_NUMBER_MAX ? PATCH_NUMBER_MAX : value;
}

void facts_set_tag(struct message_facts *facts, const struct patch_tag *tag)
{
	facts->tag_major = (unsigned)within(tag->version.major, 0);
	facts->tag_minor = (unsigned)within(tag->version.minor, 0);
	facts->tag_number = within(tag->number, -1);
	facts->tag_total = within(tag->total, -1);
	facts->tag_is_patch = tag->is_patch;
}

void facts_read_tag(struct message_facts *facts, const char *subject)
{
	struct patch_tag tag;
	patch_tag_parse(subject, &tag);
	facts_set_tag(facts, &tag);
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

/* A list's count as the facts keep it: a message would need gigabytes to reach the bound. */
static uint32_t narrow_count(size_t count)
{
	return count > UINT32_MAX ? UINT32_MAX : (uint32_t)count;
}

/* The review and the diff: what the life of a series needs, with the ids. */
static void series_facts(struct message_rare *rare, const struct mail *mail)
{
	struct review review;

	review_read(&review, mail->body, mail->body_len);
	/* Only bodies with a "diff --git " line cost a parse. */
	git_oid id;
	if (review.diff && patchid_oid_of_diff(review.diff, review.diff_len, &id)) {
		rare->patch_id = xmalloc(sizeof(id));
		*rare->patch_id = id;
	}
	rare->change_id = review.change_id;
	rare->trailers = review.trailers;
	rare->trailer_count = narrow_count(review.trailer_count);
	rare->linked_ids = review.linked_ids;
	rare->linked_id_count = narrow_count(review.linked_id_count);
	memset(&review, 0, sizeof(review)); /* the facts own them now */
}

struct message_rare *facts_rare_mut(struct message_facts *facts)
{
	if (!facts->rare)
		facts->rare = xcalloc(1, sizeof(*facts->rare));
	return facts->rare;
}

bool message_rare_is_empty(const struct message_rare *rare)
{
	return !rare->subject && !rare->patch_id && !rare->entry_body && !rare->change_id && !rare->trailers &&
	       !rare->trailer_count && !rare->linked_ids && !rare->linked_id_count && !rare->read_error &&
	       !rare->thread_root && !rare->in_reply_to;
}

/* An author the facts own, as facts_set_author made it. */
static void author_free(const struct message_author *author)
{
	if (!author)
		return;
	free(author->name);
	free(author->addr);
	free(author->key);
	free(author->list_id);
	free((struct message_author *)author);
}

/* The facts' own author block, made empty when they have none. */
static struct message_author *author_mut(struct message_facts *facts)
{
	if (!facts->author)
		facts->author = xcalloc(1, sizeof(struct message_author));
	return (struct message_author *)facts->author;
}

/* No block for nothing: one that holds no string goes. */
static void author_trim(struct message_facts *facts)
{
	const struct message_author *a = facts->author;
	if (a && !a->name && !a->addr && !a->key && !a->list_id) {
		author_free(a);
		facts->author = NULL;
	}
}

void facts_set_author(struct message_facts *facts, char *name, char *addr, char *key)
{
	struct message_author *author = author_mut(facts);
	free(author->name);
	free(author->addr);
	free(author->key);
	author->name = name;
	author->addr = addr;
	author->key = key;
	author_trim(facts);
}

void facts_set_list_id(struct message_facts *facts, char *list_id)
{
	struct message_author *author = author_mut(facts);
	free(author->list_id);
	author->list_id = list_id;
	author_trim(facts);
}

static bool same_string(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static uint32_t author_hash(const struct message_author *author)
{
	const char *parts[4] = {author->name, author->addr, author->key, author->list_id};
	uint32_t h = 0x811c9dc5u;
	for (int i = 0; i < 4; i++) {
		/* NULL apart from "" */
		h = (h ^ (parts[i] ? strmap_hash(parts[i]) : 0x5bd1e995u)) * 0x9e3779b1u;
		h ^= h >> 15;
	}
	return h;
}

const struct message_author *message_author_share(struct arena *arena, const struct message_author *author)
{
	uint32_t hash = author_hash(author);
	const struct message_author *found = arena_shared_block(arena, hash);
	if (found && same_string(found->name, author->name) && same_string(found->addr, author->addr) &&
	    same_string(found->key, author->key) && same_string(found->list_id, author->list_id))
		return found;
	struct message_author *copy = arena_calloc(arena, 1, sizeof(*copy));
	/* a lower-case address is its own key: arena_share gives both one copy */
	copy->name = author->name ? (char *)arena_share(arena, author->name) : NULL;
	copy->addr = author->addr ? (char *)arena_share(arena, author->addr) : NULL;
	copy->key = author->key ? (char *)arena_share(arena, author->key) : NULL;
	copy->list_id = author->list_id ? (char *)arena_share(arena, author->list_id) : NULL;
	arena_remember_block(arena, hash, copy);
	return copy;
}

/* The block of ids in arena, pointing to the message-id that arena_share holds already. */
static char *ids_elsewhere(struct arena *arena, const char *message_id, const char *const *references, size_t count)
{
	char *block = arena_bytes(arena, (count + 1) * sizeof(char *));
	memcpy(block, &message_id, sizeof(message_id));
	for (size_t i = 0; i < count; i++)
		memcpy(block + (i + 1) * sizeof(char *), &references[i], sizeof(references[i]));
	return block;
}

void facts_set_ids(struct message_facts *facts, struct arena *arena, const char *message_id,
		   const char *const *references, size_t count)
{
	/* the old block goes last: the new ids may be its own */
	char *old = arena ? NULL : facts->ids;
	facts->ids = NULL;
	facts->ids_elsewhere = false;
	facts->reference_count = 0;
	if (!message_id)
		message_id = "";
	if (count > FACTS_REFERENCES_MAX)
		count = FACTS_REFERENCES_MAX; /* what reads References keeps no more (header_msgids) */
	if (!*message_id && !count) {
		free(old);
		return;
	}
	facts->reference_count = (unsigned)count;
	if (arena && *message_id) {
		/* a load reads the newest first: a third of a list's ids were named by a reply before */
		const char *held = arena_shared(arena, message_id);
		if (held && !count) {
			facts->ids = (char *)held; /* the block is the id alone: the copy held will do */
			return;
		}
		if (held) {
			facts->ids = ids_elsewhere(arena, held, references, count);
			facts->ids_elsewhere = true;
			return;
		}
	}
	size_t id_size = strlen(message_id) + 1, list_size = count * sizeof(char *), size = id_size + list_size;
	for (size_t i = 0; !arena && i < count; i++)
		size += strlen(references[i]) + 1; /* with no arena, the copies follow the list */
	char *block = arena ? arena_bytes(arena, size) : xmalloc(size);
	memcpy(block, message_id, id_size);
	char *list = block + id_size, *copy = list + list_size;
	for (size_t i = 0; i < count; i++) {
		const char *id = references[i];
		if (!arena) {
			size_t len = strlen(id) + 1;
			memcpy(copy, id, len);
			id = copy;
			copy += len;
		}
		memcpy(list + i * sizeof(id), &id, sizeof(id));
	}
	/* an older message that names it, read later, shares it */
	if (arena && *message_id)
		arena_share_known(arena, block);
	facts->ids = block;
	free(old);
}

static bool same_id(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

void facts_set_in_reply_to(struct message_facts *facts, char *id)
{
	if (facts->in_reply_to_from == IN_REPLY_TO_OWN) {
		free(facts->rare->in_reply_to);
		facts->rare->in_reply_to = NULL;
	}
	if (!id)
		facts->in_reply_to_from = IN_REPLY_TO_NONE;
	else if (same_id(id, facts_last_reference(facts)))
		facts->in_reply_to_from = IN_REPLY_TO_LAST_REF;
	else {
		facts->in_reply_to_from = IN_REPLY_TO_OWN;
		facts_rare_mut(facts)->in_reply_to = id;
		return;
	}
	free(id);
}

void facts_set_thread_root(struct message_facts *facts, char *root)
{
	if (facts->thread_root_from == THREAD_ROOT_OWN) {
		free(facts->rare->thread_root);
		facts->rare->thread_root = NULL;
	}
	/* in the order the index's records name them */
	if (!root)
		facts->thread_root_from = THREAD_ROOT_NONE;
	else if (same_id(root, facts_own_message_id(facts)))
		facts->thread_root_from = THREAD_ROOT_MESSAGE_ID;
	else if (same_id(root, facts_first_reference(facts)))
		facts->thread_root_from = THREAD_ROOT_FIRST_REF;
	else if (same_id(root, facts_in_reply_to(facts)))
		facts->thread_root_from = THREAD_ROOT_IN_REPLY_TO;
	else {
		facts->thread_root_from = THREAD_ROOT_OWN;
		facts_rare_mut(facts)->thread_root = root;
		return;
	}
	free(root);
}

void facts_from_mail(struct message_facts *facts, const struct mail *mail)
{
	struct mailbox author;
	struct inbody_header inbody;
	struct message_rare rare = {0};

	memset(facts, 0, sizeof(*facts));
	facts->present = true;
	inbody_parse(&inbody, mail->body, mail->body_len);
	facts->author_source = author_attribute(mail, &inbody, &author);
	char *key = author.addr ? ascii_lower(xstrdup(author.addr)) : NULL;
	facts_set_author(facts, author.name, author.addr, key);
	rare.subject = mail->subject ? header_decode_text(mail->subject) : xstrdup("");
	facts_read_tag(facts, rare.subject);
	if (mail->list_id)
		facts_set_list_id(facts, xstrdup(mail->list_id));
	char *message_id = mail->message_id ? header_message_id(mail->message_id) : NULL;
	size_t reference_count = 0;
	char **references = mail->references ? header_msgids(mail->references, FACTS_REFERENCES_MAX,
							     &reference_count) : NULL;
	facts_set_ids(facts, NULL, message_id, (const char *const *)references, reference_count);
	free(message_id);
	for (size_t i = 0; i < reference_count; i++)
		free(references[i]);
	free(references);
	if (facts_wants_entry(facts))
		rare.entry_body = body_excerpt(mail->body, mail->body_len, &inbody);
	inbody_release(&inbody);
	series_facts(&rare, mail);
	/* the subject is always there: a message read from its mail always has the block */
	*facts_rare_mut(facts) = rare;
	/* after the ids they may be one of */
	facts_set_in_reply_to(facts, mail->in_reply_to ? header_first_msgid(mail->in_reply_to) : NULL);
	facts_set_thread_root(facts, thread_root(mail));
}

void facts_forget_ids(struct message_facts *facts, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		struct message_facts *f = &facts[i];
		f->ids = NULL;
		f->ids_elsewhere = false;
		f->reference_count = 0;
		f->in_reply_to_from = IN_REPLY_TO_NONE;
		f->thread_root_from = THREAD_ROOT_NONE;
		if (f->rare) {
			f->rare->thread_root = NULL;
			f->rare->in_reply_to = NULL;
			f->rare->linked_ids = NULL;
			f->rare->linked_id_count = 0;
		}
	}
}

void facts_release(struct message_facts *facts)
{
	author_free(facts->author);
	free(facts->ids);
	if (facts->rare) {
		/* what series_facts took from a review goes back to be freed as one */
		struct review review = {
			.change_id = facts->rare->change_id,
			.trailers = facts->rare->trailers,
			.trailer_count = facts->rare->trailer_count,
			.linked_ids = facts->rare->linked_ids,
			.linked_id_count = facts->rare->linked_id_count,
		};
		review_release(&review);
		free(facts->rare->subject);
		free(facts->rare->patch_id);
		free(facts->rare->entry_body);
		free(facts->rare->read_error);
		free(facts->rare->thread_root);
		free(facts->rare->in_reply_to);
		free(facts->rare);
	}
	memset(facts, 0, sizeof(*facts));
}
