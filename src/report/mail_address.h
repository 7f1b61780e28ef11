/*
 * The mail format's addresses: --mail-from, --mail-to, $EMAIL and the
 * posting address a List-Id names. Checked before anything is written,
 * since a header made from them must hold one address and nothing else.
 */
#ifndef LISTDIGEST_MAIL_ADDRESS_H
#define LISTDIGEST_MAIL_ADDRESS_H

#include "../common/strbuf.h"

struct mail_address {
	char *name;   /* the display name as UTF-8 text; NULL when none */
	char *addr;   /* the addr-spec, "local@domain", printable ASCII */
};

/*
 * Parses "Name <local@domain>", "\"Doe, Jane\" <local@domain>" or
 * "local@domain". Refuses control characters (CR and LF above all: a
 * header must not become two), more or less than one address, and an
 * address that is not a plain dot-atom local part @ a domain of letters,
 * digits, '-' and '_' labels. Returns 0, or -1 with "<why>" in err.
 */
int mail_address_parse(struct mail_address *out, const char *value, struct strbuf *err);

/*
 * The posting address of a list from its List-Id, the first label @ the
 * rest ("Name <kvm.vger.kernel.org>" gives kvm@vger.kernel.org), as RFC
 * 2919 builds a List-Id from it. Returns 0, or -1 with "<why>" in err.
 */
int mail_address_from_list_id(struct mail_address *out, const char *list_id, struct strbuf *err);

/* The domain of addr: what follows its '@'. */
const char *mail_address_domain(const struct mail_address *a);

void mail_address_release(struct mail_address *a);

#endif
