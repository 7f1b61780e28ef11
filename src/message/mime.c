/*
 * The GMime path: any message the fast path does not take. GMime finds the
 * header fields and the MIME structure and decodes base64 and
 * quoted-printable and charsets; the field values go through the same
 * unfolding and decoding as the fast path's (header.c).
 */
#include <gmime/gmime.h>
#include <string.h>
#include <strings.h>

#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "header.h"
#include "mail.h"

/* Deeper nesting than this is abuse, not mail: stop looking for text there. */
#define MAX_PART_DEPTH 64

static char *raw_field(GMimeHeaderList *headers, const char *name)
{
	GMimeHeader *h = g_mime_header_list_get_header(headers, name);
	const char *raw = h ? g_mime_header_get_raw_value(h) : NULL;
	return raw ? header_unfold(raw, strlen(raw)) : NULL;
}

static GMimeTextPart *find_text_plain(GMimeObject *obj, int depth)
{
	if (!obj || depth > MAX_PART_DEPTH)
		return NULL;
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++) {
			GMimeTextPart *t = find_text_plain(g_mime_multipart_get_part(mp, i), depth + 1);
			if (t)
				return t;
		}
		return NULL;
	}
	if (!GMIME_IS_TEXT_PART(obj))
		return NULL;
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	if (ct && !g_mime_content_type_is_type(ct, "text", "plain"))
		return NULL;
	GMimeContentDisposition *cd = g_mime_object_get_content_disposition(obj);
	if (cd && g_mime_content_disposition_is_attachment(cd))
		return NULL;
	return GMIME_TEXT_PART(obj);
}

/*
 * The part's content, transfer-decoded and converted to UTF-8. Written out
 * by hand rather than with g_mime_text_part_get_text() so that NUL bytes
 * keep their place (the length is not lost) and an unknown charset leaves
 * the bytes to the UTF-8 cleaner instead of failing.
 */
static void text_part_decode(GMimeTextPart *part, struct mail *mail)
{
	GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(part));
	if (!content)
		return;
	GMimeStream *mem = g_mime_stream_mem_new();
	GMimeStream *filtered = g_mime_stream_filter_new(mem);
	const char *charset = g_mime_text_part_get_charset(part);
	/* no charset: read as UTF-8, as the fast path does */
	if (charset && !utf8_charset_is_compatible(charset)) {
		GMimeFilter *conv = g_mime_filter_charset_new(charset, "UTF-8");
		if (conv) {
			g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), conv);
			g_object_unref(conv);
		}
	}
	g_mime_data_wrapper_write_to_stream(content, filtered);
	g_mime_stream_flush(filtered);
	GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	mail->body_owned = xmemdupz(bytes->data, bytes->len);
	mail->body = mail->body_owned;
	mail->body_len = bytes->len;
	g_object_unref(filtered);
	g_object_unref(mem);
}

void mail_parse_gmime(struct mail *mail, const char *blob, size_t len)
{
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(blob, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);

	mail->body = "";
	if (msg) {
		GMimeHeaderList *headers = g_mime_object_get_header_list(GMIME_OBJECT(msg));
		mail->from = raw_field(headers, "From");
		mail->x_original_from = raw_field(headers, "X-Original-From");
		mail->subject = raw_field(headers, "Subject");
		mail->message_id = raw_field(headers, "Message-ID");
		mail->references = raw_field(headers, "References");
		mail->in_reply_to = raw_field(headers, "In-Reply-To");
		mail->list_id = raw_field(headers, "List-Id");
		GMimeTextPart *text = find_text_plain(g_mime_message_get_mime_part(msg), 0);
		if (text)
			text_part_decode(text, mail);
		g_object_unref(msg);
	}
	g_object_unref(parser);
	g_object_unref(stream);
}
