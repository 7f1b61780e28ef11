/* Mailboxes in address fields (From, Reply-To, X-Original-From, an in-body From). */
#ifndef LISTDIGEST_ADDRESS_H
#define LISTDIGEST_ADDRESS_H

/* A mailbox: display name (may be empty) and addr-spec; NULL fields when absent. */
struct mailbox {
	char *name;
	char *addr;
};

/*
 * Parses the first mailbox of an address list value (unfolded, not
 * decoded) that holds an address with an '@'. Returns 0 and fills mb, or
 * -1 with mb's fields NULL.
 *
 * The address is the text inside <>, or a lone word with an '@' when there
 * are no brackets ("a@b (Name)"). The name is, in the first form, the text
 * before "<" as written, comments in parentheses included ("Name (Org)"),
 * and in the second the text of the comments. It is RFC 2047 decoded,
 * unquoted, white space collapsed, clean UTF-8; a name holding an '@' is
 * no name (""): it is an address, not what someone is called.
 */
int mailbox_parse(const char *value, struct mailbox *mb);

/*
 * The same for a value that must be one mailbox and nothing else: only
 * blanks and comments may follow the address. "X <a@b> Sent: Monday" and
 * "A <a@b>, B <c@d>" fail.
 */
int mailbox_parse_alone(const char *value, struct mailbox *mb);

void mailbox_release(struct mailbox *mb);

/*
 * The list's posting address from a List-Post value (RFC 2369): the
 * address of its first "mailto:" URL, up to any "?", percent-escapes
 * decoded; NULL when there is none ("NO", only web URLs) or it has no '@'.
 */
char *address_list_post(const char *value);

#endif
