/*
 * Fuzz target: an mbox. The bytes are split into messages in both
 * variants (mboxrd, mboxo) and each message is unquoted; every part must
 * lie inside the buffer, in order. Then the same bytes go through a file,
 * as the source opens it: mapped, or streamed through gzip when they
 * start with its magic bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/source/mbox.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[4096];

static void remove_file(void)
{
	unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *tmp = getenv("TMPDIR");
	snprintf(path, sizeof(path), "%s/fuzz-mbox-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		perror("fuzz_mbox: mkstemp");
		exit(1);
	}
	close(fd);
	atexit(remove_file);
	return 0;
}

static size_t split_and_unquote(const char *buf, size_t len, enum mbox_variant variant)
{
	struct mbox_part *parts;
	size_t count, end = 0;
	mbox_split(buf, len, variant, &parts, &count);
	struct strbuf msg;
	strbuf_init(&msg, 0);
	for (size_t i = 0; i < count; i++) {
		if (parts[i].off < end || parts[i].off > len || parts[i].len > len - parts[i].off)
			abort();
		end = parts[i].off + parts[i].len;
		strbuf_reset(&msg);
		mbox_unquote(&msg, buf + parts[i].off, parts[i].len, variant);
		if (msg.len > parts[i].len)
			abort(); /* unquoting only takes bytes away */
	}
	strbuf_release(&msg);
	free(parts);
	return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	split_and_unquote(buf, size, MBOX_RD);
	split_and_unquote(buf, size, MBOX_O);

	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		perror("fuzz_mbox: writing the temporary file");
		exit(1);
	}
	struct mbox_file mf;
	struct strbuf err;
	strbuf_init(&err, 0);
	if (!mbox_file_open(&mf, path, &err)) {
		if (!mf.gzip && (mf.size != size || (size && memcmp(mf.data, data, size))))
			abort(); /* a plain file reads as its bytes */
		/* as the source does: an empty file has no mapping */
		split_and_unquote(mf.data ? mf.data : "", mf.size, MBOX_RD);
		mbox_file_close(&mf);
	}
	strbuf_release(&err);
	return 0;
}
