#include "header.h"

#include <gmime/gmime.h>
#include <string.h>

#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "rfc2047.h"

static int is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

char *header_unfold(const char *raw, size_t len)
{
	struct strbuf sb;
	size_t i = 0;

	/* leading blanks go, also when the value starts on a folded line */
	while (i < len && (is_wsp(raw[i]) || raw[i] == '\r' || raw[i] == '\n'))
		i++;
	strbuf_init(&sb, len - i);
	/* Copy the runs between line ends: folds and the final break vanish. */
	while (i < len) {
		const char *nl = memchr(raw + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - raw) : len;
		size_t run_end = end;
		if (nl && run_end > i && raw[run_end - 1] == '\r')
			run_end--; /* the CR of a CRLF goes with its LF */
		/* NUL bytes go here: later steps see C strings */
		for (const char *run = raw + i, *stop = raw + run_end; run < stop;) {
			const char *nul = memchr(run, '\0', (size_t)(stop - run));
			const char *piece_end = nul ? nul : stop;
			strbuf_add(&sb, run, (size_t)(piece_end - run));
			run = nul ? nul + 1 : stop;
		}
		i = end + 1;
	}
	return strbuf_detach(&sb, NULL);
}

/*
 * Raw 8-bit bytes in a header are meant as UTF-8 where they are valid
 * UTF-8; otherwise they are most likely Latin-1 (as GMime also guesses).
 */
static char *header_to_utf8(const char *value)
{
	if (g_utf8_validate(value, -1, NULL))
		return NULL;
	return g_convert(value, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
}

char *header_decode_text(const char *unfolded)
{
	struct strbuf decoded;
	char *utf8 = header_to_utf8(unfolded);
	strbuf_init(&decoded, strlen(unfolded));
	rfc2047_decode(&decoded, utf8 ? utf8 : unfolded, RFC2047_TEXT);
	g_free(utf8);
	char *clean = utf8_clean_dup(decoded.buf, decoded.len);
	strbuf_release(&decoded);
	/* An encoded newline must not break the one-line layout of a subject. */
	for (char *p = clean; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return clean;
}

char *header_first_msgid(const char *value)
{
	const char *open = strchr(value, '<');
	if (!open)
		return NULL;
	const char *close = strchr(open + 1, '>');
	if (!close || close == open + 1)
		return NULL;
	return utf8_clean_dup(open + 1, (size_t)(close - open - 1));
}

/*
 * A display name as shown: runs of white space folded to one blank,
 * trimmed, and one pair of surrounding quotes gone (GMime has already
 * unquoted a proper quoted-string; these are quotes that were inside an
 * encoded word, or doubled).
 */
static char *name_tidy(const char *name)
{
	struct strbuf sb;
	int pending_space = 0;

	strbuf_init(&sb, strlen(name));
	for (const char *p = name; *p; p++) {
		if (is_wsp(*p) || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f') {
			pending_space = sb.len > 0;
			continue;
		}
		if (pending_space)
			strbuf_addch(&sb, ' ');
		pending_space = 0;
		strbuf_addch(&sb, *p);
	}
	const char *start = sb.buf;
	size_t len = sb.len;
	if (len >= 2 && start[0] == '"' && start[len - 1] == '"') {
		start++;
		len -= 2;
		while (len && *start == ' ') {
			start++;
			len--;
		}
		while (len && start[len - 1] == ' ')
			len--;
	}
	char *clean = utf8_clean_dup(start, len);
	strbuf_release(&sb);
	return clean;
}

static InternetAddressMailbox *first_mailbox(InternetAddressList *list, int depth)
{
	int n = list ? internet_address_list_length(list) : 0;
	for (int i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia))
			return INTERNET_ADDRESS_MAILBOX(ia);
		if (INTERNET_ADDRESS_IS_GROUP(ia) && depth < 8) {
			InternetAddressMailbox *mb = first_mailbox(
				internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)),
				depth + 1);
			if (mb)
				return mb;
		}
	}
	return NULL;
}

int mailbox_parse(const char *value, struct mailbox *mb)
{
	mb->name = NULL;
	mb->addr = NULL;
	if (!value)
		return -1;

	/* GMime parses the address; the encoded words are decoded here first. */
	struct strbuf decoded;
	char *utf8 = header_to_utf8(value);
	strbuf_init(&decoded, strlen(value));
	rfc2047_decode(&decoded, utf8 ? utf8 : value, RFC2047_ADDRESS);
	g_free(utf8);
	InternetAddressList *list = internet_address_list_parse(NULL, decoded.buf);
	strbuf_release(&decoded);
	InternetAddressMailbox *box = first_mailbox(list, 0);
	const char *addr = box ? internet_address_mailbox_get_addr(box) : NULL;
	if (!addr || !strchr(addr, '@')) {
		if (list)
			g_object_unref(list);
		return -1;
	}
	const char *name = internet_address_get_name(INTERNET_ADDRESS(box));
	mb->addr = utf8_clean_dup(addr, strlen(addr));
	mb->name = name_tidy(name ? name : "");
	g_object_unref(list);
	return 0;
}

void mailbox_release(struct mailbox *mb)
{
	free(mb->name);
	free(mb->addr);
	mb->name = NULL;
	mb->addr = NULL;
}
