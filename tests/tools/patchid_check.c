/*
 * patchid-check MESSAGE...: for each raw message file, writes its decoded
 * text body to MESSAGE.body and prints "PATCH-ID MESSAGE" (PATCH-ID is "-"
 * when the message has none), the patch-id that facts_from_mail gives. The
 * tests compare it with `git patch-id --stable` of MESSAGE.body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/strbuf.h"
#include "../../src/message/mail.h"
#include "../../src/patch/facts.h"

static int read_all(const char *path, struct strbuf *out)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n;
	if (!f)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(out, buf, n);
	int rc = ferror(f) ? -1 : 0;
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	int status = 0;
	mail_library_init();
	for (int i = 1; i < argc; i++) {
		struct strbuf raw, path;
		struct mail mail;
		struct message_facts facts;
		strbuf_init(&raw, 0);
		strbuf_init(&path, 0);
		if (read_all(argv[i], &raw) < 0) {
			fprintf(stderr, "patchid-check: cannot read %s\n", argv[i]);
			status = 1;
			strbuf_release(&raw);
			strbuf_release(&path);
			continue;
		}
		mail_parse(&mail, raw.buf, raw.len, MAIL_PARSER_AUTO);
		facts_from_mail(&facts, &mail);
		strbuf_addf(&path, "%s.body", argv[i]);
		FILE *body = fopen(path.buf, "wb");
		if (!body || fwrite(mail.body, 1, mail.body_len, body) != mail.body_len || fclose(body)) {
			fprintf(stderr, "patchid-check: cannot write %s\n", path.buf);
			status = 1;
		}
		printf("%s %s\n", facts.patch_id ? facts.patch_id : "-", argv[i]);
		facts_release(&facts);
		mail_release(&mail);
		strbuf_release(&raw);
		strbuf_release(&path);
	}
	return status;
}
