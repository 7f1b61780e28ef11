/* The message-ids that the web links of a text point to. */
#ifndef LISTDIGEST_LINKS_H
#define LISTDIGEST_LINKS_H

#include <stddef.h>

/* More links than this in one body are not followed: a hostile body cannot make a million ids. */
#define LINKS_MAX 64

/*
 * Appends to *ids (growing it, *count ids so far, at most LINKS_MAX) the
 * message-id of each http:// or https:// URL of text that ends in one and
 * is given as an earlier revision, in order, each once: its line, or the
 * line above, names a version as a word ("v2", "V3", "v8.1") or says
 * "version", "previous", "prior", "earlier" or "resend" (any case). A URL
 * given as a reference ("[3] https://...") names a series the patches
 * depend on, not one they revise. A URL ends in a message-id when its last path
 * component, percent-decoded, holds an '@': public-inbox's /LIST/ID/,
 * lore's /r/ID and /all/ID. Also public-inbox's pages of a message,
 * /ID/T/, /ID/t/, /ID/raw and the thread's mbox, name it. The URL ends at
 * white space, '<', '>' or '"'; its query, fragment, the punctuation of
 * the sentence around it (".,;:!?)]}'*") and one trailing '/' are not part
 * of the id. The ids are clean UTF-8, as the messages' own ids are.
 */
void links_collect(const char *text, size_t len, char ***ids, size_t *count);

#endif
