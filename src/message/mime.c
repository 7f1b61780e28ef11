/*
 * The GMime path: any message the fast path does not take. GMime finds the
 * header fields and the MIME structure and decodes base64 and
 * quoted-printable and charsets; the field values go through the same
 * unfolding and decoding as the fast path's (header.c).
 */
#include <gmime/gmime.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "header.h"
#include "mail.h"

/* The first field of that name, as the fast path takes it. */
static char *raw_field(GMimeHeaderList *headers, const char *name)
{
	GMimeHeader *h = g_mime_header_list_get_header(headers, name);
	const char *raw = h ? g_mime_header_get_raw_value(h) : NULL;
	return raw ? header_unfold(raw, strlen(raw)) : NULL;
}

static bool is_body_text(GMimeObject *obj)
{
	if (!GMIME_IS_TEXT_PART(obj))
		return false;
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	if (ct && !g_mime_content_type_is_type(ct, "text", "plain"))
		return false;
	GMimeContentDisposition *cd = g_mime_object_get_content_disposition(obj);
	return !(cd && g_mime_content_disposition_is_attachment(cd));
}

/*
 * The first text/plain part that is not an attachment, depth first. An
 * explicit stack rather than recursion: nesting depth is the sender's
 * choice, and thousands of levels must not exhaust the thread's stack.
 */
static GMimeTextPart *find_text_plain(GMimeObject *root)
{
	GPtrArray *stack = g_ptr_array_new();
	GMimeTextPart *found = NULL;

	if (root)
		g_ptr_array_add(stack, root);
	while (stack->len && !found) {
		GMimeObject *obj = g_ptr_array_remove_index(stack, stack->len - 1);
		if (GMIME_IS_MULTIPART(obj)) {
			GMimeMultipart *mp = GMIME_MULTIPART(obj);
			/* children pushed last first, so the first is looked at first */
			for (int i = g_mime_multipart_get_count(mp) - 1; i >= 0; i--)
				g_ptr_array_add(stack, g_mime_multipart_get_part(mp, i));
		} else if (is_body_text(obj)) {
			found = GMIME_TEXT_PART(obj);
		}
	}
	g_ptr_array_free(stack, TRUE);
	return found;
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

/* Where the header block ends: after its empty line (LF or CRLF), or len. */
static size_t header_block_end(const char *blob, size_t len)
{
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(blob + pos, '\n', len - pos);
		if (!nl)
			break;
		size_t line_len = (size_t)(nl - (blob + pos));
		pos += line_len + 1;
		if (line_len == 0 || (line_len == 1 && blob[pos - 2] == '\r'))
			return pos;
	}
	return len;
}

/*
 * GMime keeps a header value as a C string, cut at its first NUL byte;
 * header_unfold, which the fast path uses, drops NUL bytes and keeps the
 * rest. So a header block holding NUL bytes reaches GMime without them
 * (a copy, which *copy owns), and both paths read the same values.
 */
static const char *without_header_nuls(const char *blob, size_t *len, char **copy)
{
	size_t end = header_block_end(blob, *len);
	*copy = NULL;
	if (!memchr(blob, '\0', end))
		return blob;
	char *out = xmalloc(*len);
	size_t n = 0;
	for (size_t i = 0; i < end; i++)
		if (blob[i])
			out[n++] = blob[i];
	memcpy(out + n, blob + end, *len - end);
	*len = n + (*len - end);
	*copy = out;
	return out;
}

void mail_parse_gmime(struct mail *mail, const char *blob, size_t len)
{
	char *copy;
	blob = without_header_nuls(blob, &len, &copy);
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(blob, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);

	mail->body = "";
	if (msg) {
		GMimeHeaderList *headers = g_mime_object_get_header_list(GMIME_OBJECT(msg));
		for (int f = 0; f < MAIL_FIELD_COUNT; f++)
			mail->field[f] = raw_field(headers, mail_field_names[f].name);
		GMimeTextPart *text = find_text_plain(g_mime_message_get_mime_part(msg));
		if (text)
			text_part_decode(text, mail);
		g_object_unref(msg);
	}
	g_object_unref(parser);
	g_object_unref(stream);
	free(copy); /* the mail holds copies of what it keeps: body_owned, its fields */
}
