#include "mail.h"

#include "charset.h"
#include "fields.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

const struct mail_field_name mail_field_names[MAIL_FIELD_COUNT] = {
#define MAIL_FIELD_NAME(id, member, name) [MAIL_FIELD_##id] = {name, sizeof(name) - 1},
	MAIL_FIELDS(MAIL_FIELD_NAME)
#undef MAIL_FIELD_NAME
};

void mail_library_init(void)
{
	g_mime_init();
	charset_tables_init();
}

int mail_parse(struct mail *mail, const char *blob, size_t len, enum mail_parser parser)
{
	memset(mail, 0, sizeof(*mail));
	if (parser != MAIL_PARSER_GMIME) {
		if (mail_parse_fast(mail, blob, len) == 0)
			return 0;
		mail_release(mail);
		if (parser == MAIL_PARSER_FAST)
			return -1;
	}
	mail_parse_gmime(mail, blob, len);
	return 0;
}

void mail_release(struct mail *mail)
{
	for (int f = 0; f < MAIL_FIELD_COUNT; f++)
		free(mail->field[f]);
	free(mail->body_owned);
	memset(mail, 0, sizeof(*mail));
}
