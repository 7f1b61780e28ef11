#include "mail.h"

#include "charset.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

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
	free(mail->from);
	free(mail->x_original_from);
	free(mail->subject);
	free(mail->message_id);
	free(mail->references);
	free(mail->in_reply_to);
	free(mail->list_id);
	free(mail->reply_to);
	free(mail->list_post);
	free(mail->body_owned);
	memset(mail, 0, sizeof(*mail));
}
