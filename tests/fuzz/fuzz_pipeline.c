/*
 * Fuzz target: the whole pipeline over a one-message source. The input is
 * written as the one message of an mboxrd file in a temporary directory
 * and digested as `listdigest --no-cache FILE` does, once in every format
 * of the table (report_format_at), with every section. Every run must
 * succeed, with valid UTF-8 as its output.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/report/report.h"
#include "../../src/run/run.h"
#include "../../src/source/mbox.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[4096], path[4200];

static void remove_files(void)
{
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/fuzz-pipeline-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("fuzz_pipeline: mkdtemp");
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/one.mbox", dir);
	atexit(remove_files);
	setenv("SOURCE_DATE_EPOCH", "1722772800", 1); /* the report's date: no clock */
	run_library_init();
	return 0;
}

/* The message as mboxrd writes it: each ">*From " line gets one more '>'. */
static void write_mbox(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror("fuzz_pipeline: writing the mbox");
		exit(1);
	}
	fputs("From fuzz@example.org Thu Aug  1 12:00:00 2024\n", f);
	size_t line = 0;
	while (line < size) {
		const uint8_t *nl = memchr(data + line, '\n', size - line);
		size_t end = nl ? (size_t)(nl - data) + 1 : size;
		size_t q = line;
		while (q < end && data[q] == '>')
			q++;
		if (end - q >= 5 && !memcmp(data + q, "From ", 5))
			fputc('>', f);
		fwrite(data + line, 1, end - line, f);
		line = end;
	}
	if (!size || data[size - 1] != '\n')
		fputc('\n', f);
	fputc('\n', f);
	if (fclose(f)) {
		perror("fuzz_pipeline: writing the mbox");
		exit(1);
	}
}

/*
 * Valid UTF-8 (no overlong form, surrogate or code point past U+10FFFF)
 * without a control character but tab, CR and LF: nothing a message holds
 * may reach a terminal as an escape sequence. CR is let through for the
 * formats whose standard ends lines with CRLF.
 */
static bool is_text(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		unsigned c = *p;
		size_t n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 4;
		if (n == 4 || (size_t)(end - p) <= n)
			return false; /* not a lead byte, or a sequence cut short */
		uint32_t cp = n ? c & (0x3f >> n) : c;
		for (size_t k = 1; k <= n; k++) {
			if ((p[k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[k] & 0x3f);
		}
		static const uint32_t least[] = {0, 0x80, 0x800, 0x10000};
		if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7f && cp < 0xa0))
			return false;
		p += n + 1;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	write_mbox(data, size);
	for (size_t i = 0; report_format_at(i); i++) {
		struct run_options opts = RUN_OPTIONS_INIT;
		opts.source = path;
		opts.no_cache = true;
		opts.threads = 1;
		opts.format = report_format_at(i);
		opts.mail.from = "Digest Bot <digest@example.org>";
		opts.mail.to = "list@example.org"; /* the input may have no List-Id */
		opts.keep_going = true;             /* nor a readable end */
		struct run_result result = {0};
		struct strbuf out, err;
		strbuf_init(&out, 0);
		strbuf_init(&err, 0);
		if (run_digest(&opts, &out, &result, &err) < 0) {
			fprintf(stderr, "fuzz_pipeline: format %s failed: %s\n", opts.format->name, err.buf);
			abort();
		}
		if (!is_text(out.buf, out.len)) {
			fprintf(stderr, "fuzz_pipeline: format %s wrote bytes that are not text\n",
				opts.format->name);
			abort();
		}
		strbuf_release(&out);
		strbuf_release(&err);
	}
	return 0;
}
