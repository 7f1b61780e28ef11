/*
 * similarity: git's "similarity index" of renamed files, for pairs of
 * contents built here (short and long lines, CRLF, repeated lines, added
 * lines, a change too large to be a rename), against what `git show -M`
 * prints for the same pair.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../src/common/strbuf.h"
#include "../../src/series/similarity.h"

void test_similarity(void);

/* Writes K.old, K.new and K.git (git's number, empty when no rename) in $1. */
static const char build_pairs[] =
	"set -e\n"
	"cd \"$1\"\n"
	"export HOME=\"$PWD\" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C\n"
	"gen() { awk -v n=\"$2\" -v w=\"$3\" -v cr=\"$4\" -v skip=\"$5\" -v tag=\"$6\" 'BEGIN {\n"
	"	for (i = 1; i <= n; i++) {\n"
	"		s = (i % skip == 0) ? tag \" changed line \" i : \"line \" i\n"
	"		if (w == \"long\") s = s \" \" sprintf(\"%090d\", i)\n"
	"		if (w == \"same\" && i <= n / 2) s = \"the same line\"\n"
	"		printf \"%s%s\\n\", s, cr\n"
	"	} }' > \"$1\"; }\n"
	"gen 1.old 20 short \"\" 1000 x;   gen 1.new 20 short \"\" 15 x\n"
	"gen 2.old 30 long \"\" 1000 x;    gen 2.new 30 long \"\" 10 x\n"
	"gen 3.old 20 short \"\\r\" 1000 x; gen 3.new 20 short \"\\r\" 9 x\n"
	"gen 4.old 40 short \"\" 1000 x;   gen 4.new 40 short \"\" 3 x\n"
	"gen 5.old 30 short \"\" 1000 x;   gen 5.new 40 short \"\" 1000 x\n"
	"gen 6.old 40 same \"\" 1000 x;    gen 6.new 30 same \"\" 7 x\n"
	"git init -q sim && cd sim\n"
	"git config user.name T && git config user.email t@example.org\n"
	"for k in 1 2 3 4 5 6; do\n"
	"	cp ../$k.old old.txt && git add old.txt && git commit -qm \"old $k\"\n"
	"	git rm -q old.txt && cp ../$k.new new.txt && git add new.txt && git commit -qm \"new $k\"\n"
	"	git show -M --format= HEAD | sed -n 's/^similarity index \\([0-9]*\\)%$/\\1/p' > ../$k.git\n"
	"	git rm -q new.txt && git commit -qm \"clean $k\"\n"
	"done\n";

static char *read_all(const char *dir, const char *name, size_t *len)
{
	struct strbuf path, data;
	char buf[4096];
	size_t n;
	strbuf_init(&path, 64);
	strbuf_init(&data, 1024);
	strbuf_addf(&path, "%s/%s", dir, name);
	FILE *f = fopen(path.buf, "rb");
	strbuf_release(&path);
	if (!f) {
		strbuf_release(&data);
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&data, buf, n);
	fclose(f);
	*len = data.len;
	return strbuf_detach(&data, NULL);
}

void test_similarity(void)
{
	const char *base = getenv("BUILD_DIR");
	char dir[600];
	snprintf(dir, sizeof(dir), "%s/unit-similarity.XXXXXX", base && *base ? base : "/tmp");
	if (base && *base)
		mkdir(base, 0700);
	if (!mkdtemp(dir)) {
		CHECK(0, "similarity: mkdtemp %s", dir);
		return;
	}
	struct strbuf cmd;
	strbuf_init(&cmd, 256);
	strbuf_addf(&cmd, "%s/pairs.sh", dir);
	FILE *f = fopen(cmd.buf, "w");
	if (f) {
		fputs(build_pairs, f);
		fclose(f);
	}
	strbuf_reset(&cmd);
	strbuf_addf(&cmd, "sh '%s/pairs.sh' '%s' >'%s/pairs.log' 2>&1", dir, dir, dir);
	int rc = system(cmd.buf);
	strbuf_release(&cmd);
	CHECK(f && rc == 0, "similarity: pairs renamed by git (%s/pairs.log)", dir);
	if (!f || rc)
		return;

	int renamed = 0;
	for (int k = 1; k <= 6; k++) {
		char name[16];
		size_t old_len, new_len, git_len;
		snprintf(name, sizeof(name), "%d.old", k);
		char *old = read_all(dir, name, &old_len);
		snprintf(name, sizeof(name), "%d.new", k);
		char *new = read_all(dir, name, &new_len);
		snprintf(name, sizeof(name), "%d.git", k);
		char *git = read_all(dir, name, &git_len);
		if (!old || !new || !git) {
			CHECK(0, "similarity: pair %d was written", k);
		} else {
			int ours = similarity_index(old, old_len, new, new_len);
			if (git_len) {
				renamed++;
				CHECK(ours == atoi(git), "similarity: pair %d: %d%%, as git says (%d%%)", k, ours,
				      atoi(git));
			} else {
				CHECK(ours < 50, "similarity: pair %d: %d%%, under 50%% where git sees no rename", k,
				      ours);
			}
		}
		free(old);
		free(new);
		free(git);
	}
	CHECK(renamed == 5, "similarity: git renamed 5 pairs of 6");
	const char same[] = "a\nb\n";
	CHECK(similarity_index(same, 4, same, 4) == 100, "similarity: equal contents are 100%%");
	CHECK(similarity_index(same, 4, "", 0) == 0, "similarity: an empty new content is 0%%");
}
