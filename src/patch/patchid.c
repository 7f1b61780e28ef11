#include "patchid.h"

#include <git2.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ascii.h"
#include "../common/strbuf.h"

static pthread_once_t libgit2_once = PTHREAD_ONCE_INIT;

/* Reference-counted by libgit2; the process keeps it to its end. */
static void libgit2_start(void)
{
	git_libgit2_init();
}

/* A copy of text with the CR of every CRLF removed. */
static char *without_cr(const char *text, size_t len, size_t *out_len)
{
	char *copy = xmalloc(len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (!(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))
			copy[n++] = text[i];
	copy[n] = '\0';
	*out_len = n;
	return copy;
}

/* The 40 hex digits of id, a new string: the form the tests compare with git's. */
static char *oid_hex(const git_oid *id)
{
	char *hex = xmalloc(GIT_OID_HEXSZ + 1);
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, id);
	return hex;
}

/* libgit2's patch-id of diff into *out; false when it gives none. */
static bool by_libgit2(const char *diff, size_t len, git_oid *out)
{
	git_diff *parsed = NULL;
	git_diff_patchid_options opts = GIT_DIFF_PATCHID_OPTIONS_INIT;
	char *copy = NULL;
	bool found = false;

	/*
	 * A NUL byte makes no text patch (git apply calls it binary), and
	 * libgit2 1.5 reads past a line that holds one (AddressSanitizer
	 * shows it): such a diff gets no id.
	 */
	if (!diff || !len || memchr(diff, '\0', len))
		return false;
	pthread_once(&libgit2_once, libgit2_start);
	if (memchr(diff, '\r', len))
		diff = copy = without_cr(diff, len, &len);
	found = git_diff_from_buffer(&parsed, diff, len) == 0 && git_diff_num_deltas(parsed) > 0 &&
		git_diff_patchid(out, parsed, &opts) == 0;
	git_diff_free(parsed);
	free(copy);
	return found;
}

char *patchid_by_libgit2(const char *diff, size_t len)
{
	git_oid id;
	return by_libgit2(diff, len, &id) ? oid_hex(&id) : NULL;
}

/*
 * The hand-written patch-id: libgit2's git_diff_patchid on the diffs git
 * format-patch writes, without building a diff object and printing it.
 * Per file, libgit2 hashes its printed patch with every whitespace byte
 * removed: the "diff --git a/P b/P" line, the mode lines, the "---" and
 * "+++" lines (/dev/null where the blob id is zero), then every context,
 * removed and added line with its sign; not the "index" line, the hunk
 * headers or the "\ No newline" lines. The ids of the files are summed as
 * 20-byte numbers, lowest byte first, as git patch-id --stable does.
 * Anything outside that shape declines, and the caller asks libgit2.
 */

struct span {
	const char *s, *e; /* a line without its '\n' */
};

/* The next line from *pos, whose end is end; false at the end. */
static bool next_line(const char **pos, const char *end, struct span *line)
{
	if (*pos >= end)
		return false;
	const char *nl = memchr(*pos, '\n', (size_t)(end - *pos));
	line->s = *pos;
	line->e = nl ? nl : end;
	*pos = nl ? nl + 1 : end;
	return true;
}

static bool has_prefix(const struct span *l, const char *prefix, size_t n)
{
	return (size_t)(l->e - l->s) >= n && !memcmp(l->s, prefix, n);
}
#define HAS(l, lit) has_prefix((l), (lit), sizeof(lit) - 1)

static bool span_is(const char *s, const char *e, const char *text)
{
	size_t n = strlen(text);
	return (size_t)(e - s) == n && !memcmp(s, text, n);
}

static bool same_span(const char *a, const char *ae, const char *b, const char *be)
{
	return ae - a == be - b && !memcmp(a, b, (size_t)(ae - a));
}

/* The bytes libgit2's git__isspace takes for whitespace. */
static const bool whitespace[256] = {
	[' '] = true, ['\t'] = true, ['\n'] = true, ['\f'] = true, ['\r'] = true, ['\v'] = true,
};

static pthread_once_t sha1_once = PTHREAD_ONCE_INIT;
static EVP_MD *sha1;

/* Fetched once: OpenSSL 3 looks an algorithm up by name at every fetch. */
static void pack_order_fill(void);

static void sha1_fetch(void)
{
	sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
	pack_order_fill();
}

/*
 * SHA-1 input of one file, whitespace dropped, fed in blocks. OpenSSL's
 * SHA-1 (the SHA or SIMD instructions of the CPU) rather than GLib's
 * plain C: on kvmarm GLib's cost 0.68 G instructions, as much as all the
 * rest of the patch-id.
 */
struct file_hash {
	EVP_MD_CTX *sha1;
	const char *text_end; /* of the diff: the bytes up to it may be read */
	size_t used;
	/* 8 KiB, and room for the 16 bytes a last packing may write past it */
	unsigned char block[8192 + 16];
};
#define HASH_BLOCK 8192

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/*
 * Dropping whitespace one byte at a time cost as much as the SHA-1
 * itself; with SSSE3, 16 bytes at a time: a byte shuffle packs the kept
 * bytes of each half, whose order comes from this table of the 256 masks
 * of kept bytes of 8 (0x80: none).
 */
static unsigned char pack_order[256][8];
static bool have_ssse3;

static void pack_order_fill(void)
{
	for (int mask = 0; mask < 256; mask++) {
		int n = 0;
		for (int i = 0; i < 8; i++)
			if (mask & (1 << i))
				pack_order[mask][n++] = (unsigned char)i;
		while (n < 8)
			pack_order[mask][n++] = 0x80;
	}
	have_ssse3 = __builtin_cpu_supports("ssse3") && __builtin_cpu_supports("popcnt");
}

/*
 * The non-whitespace bytes of [*s, e) to out, 16 at a time while 16 bytes
 * can be read before readable_end (those past e are masked off); returns
 * the new end of out and leaves the rest of the input in *s. Writes at
 * most as many bytes as it reads.
 */
__attribute__((target("ssse3,popcnt"))) static unsigned char *
strip_16s(const char **s, const char *e, const char *readable_end, unsigned char *out)
{
	const __m128i nine = _mm_set1_epi8(9), four = _mm_set1_epi8(4), blank = _mm_set1_epi8(' ');
	const char *p = *s;
	while (p < e && readable_end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* '\t' to '\r' are 9 to 13: c - 9 at most 4, unsigned */
		__m128i ctl = _mm_sub_epi8(v, nine);
		ctl = _mm_cmpeq_epi8(_mm_min_epu8(ctl, four), ctl);
		__m128i space = _mm_or_si128(ctl, _mm_cmpeq_epi8(v, blank));
		unsigned keep = ~(unsigned)_mm_movemask_epi8(space) & 0xffffu;
		size_t n = e - p < 16 ? (size_t)(e - p) : 16;
		if (n < 16)
			keep &= (1u << n) - 1;
		__m128i lo = _mm_shuffle_epi8(v, _mm_loadl_epi64((const void *)pack_order[keep & 255]));
		_mm_storel_epi64((void *)out, lo);
		out += __builtin_popcount(keep & 255);
		__m128i hi = _mm_shuffle_epi8(_mm_srli_si128(v, 8),
					      _mm_loadl_epi64((const void *)pack_order[keep >> 8]));
		_mm_storel_epi64((void *)out, hi);
		out += __builtin_popcount(keep >> 8);
		p += n;
	}
	*s = p;
	return out;
}
#else
static void pack_order_fill(void)
{
}
#endif

static void strip_into(struct file_hash *h, const char *s, const char *e, const char *readable_end)
{
	while (s < e) {
		if (h->used == HASH_BLOCK) {
			EVP_DigestUpdate(h->sha1, h->block, h->used);
			h->used = 0;
		}
		size_t room = HASH_BLOCK - h->used;
		const char *stop = (size_t)(e - s) < room ? e : s + room;
		unsigned char *out = h->block + h->used;
#if defined(__x86_64__) && defined(__GNUC__)
		if (have_ssse3)
			out = strip_16s(&s, stop, stop == e ? readable_end : stop, out);
#endif
		/* every byte is stored; the next overwrites it when it was a blank */
		for (; s < stop; s++) {
			unsigned char c = (unsigned char)*s;
			*out = c;
			out += !whitespace[c];
		}
		h->used = (size_t)(out - h->block);
	}
}

/* Text of the diff. */
static void hash_add(struct file_hash *h, const char *s, const char *e)
{
	strip_into(h, s, e, h->text_end);
}

static void hash_add_str(struct file_hash *h, const char *s)
{
	strip_into(h, s, s + strlen(s), s + strlen(s));
}

/* Adds the file's SHA-1 to sum, byte 0 first with carry, and restarts. */
static void hash_flush_into(struct file_hash *h, unsigned char sum[20])
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned carry = 0;
	EVP_DigestUpdate(h->sha1, h->block, h->used);
	h->used = 0;
	EVP_DigestFinal_ex(h->sha1, digest, NULL);
	EVP_DigestInit_ex2(h->sha1, sha1, NULL);
	for (int i = 0; i < 20; i++) {
		carry += (unsigned)sum[i] + digest[i];
		sum[i] = (unsigned char)carry;
		carry >>= 8;
	}
}

/* A path git prints unquoted, that libgit2 prints back the same way. */
static bool plain_path(const char *s, const char *e)
{
	if (s == e || *s == '/' || e[-1] == '/')
		return false;
	for (const char *p = s; p < e; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c > '~' || c == '"' || c == '\\' || (c == '/' && p[1] == '/'))
			return false;
	}
	return true;
}

/* A file mode libgit2 prints back as the same digits. */
static bool plain_mode(const char *s, const char *e)
{
	return span_is(s, e, "100644") || span_is(s, e, "100755") || span_is(s, e, "120000");
}

/* An abbreviated blob id: 7 to 40 lower-case hex digits; *zero if all 0. */
static bool blob_id(const char *s, const char *e, bool *zero)
{
	if (e - s < 7 || e - s > 40)
		return false;
	*zero = true;
	for (; s < e; s++) {
		if (!ascii_is_lower_hex(*s))
			return false;
		if (*s != '0')
			*zero = false;
	}
	return true;
}

/* Digits of a hunk header count, into *n; advances *p. */
static bool hunk_number(const char **p, const char *e, long *n)
{
	const char *s = *p;
	*n = 0;
	while (*p < e && **p >= '0' && **p <= '9' && *p - s < 9)
		*n = *n * 10 + (*(*p)++ - '0');
	return *p > s && (*p == e || **p < '0' || **p > '9');
}

/* "@@ -a[,b] +c[,d] @@": the line counts b and d (1 when left out). */
static bool hunk_header(const struct span *l, long *old_lines, long *new_lines)
{
	const char *p = l->s + 4, *e = l->e;
	long start;
	if (!HAS(l, "@@ -") || !hunk_number(&p, e, &start))
		return false;
	*old_lines = 1;
	if (p < e && *p == ',' && (++p, !hunk_number(&p, e, old_lines)))
		return false;
	if (e - p < 2 || memcmp(p, " +", 2))
		return false;
	p += 2;
	if (!hunk_number(&p, e, &start))
		return false;
	*new_lines = 1;
	if (p < e && *p == ',' && (++p, !hunk_number(&p, e, new_lines)))
		return false;
	return e - p >= 3 && !memcmp(p, " @@", 3) && (*old_lines || *new_lines);
}

/*
 * The header of one file, from its "diff --git" line to its first hunk
 * header (left in *pos), hashed as libgit2 prints it.
 */
static bool file_header(const struct span *git_line, const char **pos, const char *end,
			struct file_hash *h)
{
	/* "diff --git a/P b/P" with one plain path P */
	const char *s = git_line->s + 11, *e = git_line->e;
	size_t rest = (size_t)(e - s);
	if (rest < 7 || rest % 2 == 0 || memcmp(s, "a/", 2))
		return false;
	const char *path = s + 2, *path_end = path + (rest - 5) / 2;
	if (memcmp(path_end, " b/", 3) || !same_span(path, path_end, path_end + 3, e) ||
	    !plain_path(path, path_end))
		return false;

	struct span l, old_mode = {0}, new_mode = {0}, created = {0}, deleted = {0}, minus = {0},
		       plus = {0};
	const char *old_id = NULL, *old_id_end = NULL, *new_id = NULL, *new_id_end = NULL;
	bool index_mode = false, old_zero, new_zero;
	for (;;) {
		const char *line_start = *pos;
		if (!next_line(pos, end, &l))
			return false;
		if (HAS(&l, "@@ -")) {
			*pos = line_start;
			break;
		}
		struct span *slot;
		size_t skip;
		if (HAS(&l, "old mode "))
			slot = &old_mode, skip = 9;
		else if (HAS(&l, "new mode "))
			slot = &new_mode, skip = 9;
		else if (HAS(&l, "new file mode "))
			slot = &created, skip = 14;
		else if (HAS(&l, "deleted file mode "))
			slot = &deleted, skip = 18;
		else if (HAS(&l, "--- "))
			slot = &minus, skip = 4;
		else if (HAS(&l, "+++ "))
			slot = &plus, skip = 4;
		else if (HAS(&l, "index ") && !old_id) {
			const char *dots = memchr(l.s + 6, '.', (size_t)(l.e - l.s - 6));
			if (!dots || dots + 1 >= l.e || dots[1] != '.')
				return false;
			const char *sp = memchr(dots + 2, ' ', (size_t)(l.e - dots - 2));
			old_id = l.s + 6, old_id_end = dots;
			new_id = dots + 2, new_id_end = sp ? sp : l.e;
			if (sp && !plain_mode(sp + 1, l.e))
				return false;
			index_mode = sp != NULL;
			continue;
		} else
			return false;
		if (slot->s || l.s + skip >= l.e)
			return false;
		slot->s = l.s + skip;
		slot->e = l.e;
	}
	if (!old_id || !minus.s || !plus.s || !blob_id(old_id, old_id_end, &old_zero) ||
	    !blob_id(new_id, new_id_end, &new_zero) ||
	    same_span(old_id, old_id_end, new_id, new_id_end))
		return false;
	const char *a_path = minus.s + 2, *b_path = plus.s + 2;
	bool minus_is_a = HAS(&minus, "a/") && same_span(a_path, minus.e, path, path_end);
	bool plus_is_b = HAS(&plus, "b/") && same_span(b_path, plus.e, path, path_end);
	bool minus_null = span_is(minus.s, minus.e, "/dev/null");
	bool plus_null = span_is(plus.s, plus.e, "/dev/null");

	hash_add(h, git_line->s, git_line->e);
	if (created.s) {
		if (deleted.s || old_mode.s || new_mode.s || index_mode || !old_zero || new_zero ||
		    !minus_null || !plus_is_b || !plain_mode(created.s, created.e))
			return false;
		hash_add_str(h, "newfilemode");
		hash_add(h, created.s, created.e);
	} else if (deleted.s) {
		if (old_mode.s || new_mode.s || index_mode || old_zero || !new_zero || !minus_is_a ||
		    !plus_null || !plain_mode(deleted.s, deleted.e))
			return false;
		hash_add_str(h, "deletedfilemode");
		hash_add(h, deleted.s, deleted.e);
	} else {
		if (old_zero || new_zero || !minus_is_a || !plus_is_b)
			return false;
		if (old_mode.s || new_mode.s) {
			if (!old_mode.s || !new_mode.s || index_mode ||
			    !plain_mode(old_mode.s, old_mode.e) || !plain_mode(new_mode.s, new_mode.e) ||
			    same_span(old_mode.s, old_mode.e, new_mode.s, new_mode.e))
				return false;
			hash_add_str(h, "oldmode");
			hash_add(h, old_mode.s, old_mode.e);
			hash_add_str(h, "newmode");
			hash_add(h, new_mode.s, new_mode.e);
		} else if (!index_mode)
			return false;
	}
	hash_add(h, minus.s - 4, minus.e);
	hash_add(h, plus.s - 4, plus.e);
	return true;
}

/* One hunk from its header line at *pos, its lines hashed; *pos after it. */
static bool hunk(const char **pos, const char *end, struct file_hash *h)
{
	struct span l;
	long old_lines, new_lines;
	if (!next_line(pos, end, &l) || !hunk_header(&l, &old_lines, &new_lines))
		return false;
	/* lines hashed in one run: their newlines are whitespace, dropped anyway */
	const char *run = *pos;
	while (old_lines || new_lines) {
		/* libgit2 leaves a hunk whose next line has at most one byte */
		if (end - *pos <= 1 || !next_line(pos, end, &l))
			return false;
		char c = l.s < l.e ? *l.s : '\n';
		if (c == ' ' || c == '\n') {
			if (!old_lines-- || !new_lines--)
				return false;
		} else if (c == '-') {
			if (!old_lines--)
				return false;
		} else if (c == '+') {
			if (!new_lines--)
				return false;
		} else if (c == '\\' && !old_lines) {
			/* "\ No newline at end of file" of the old side: not hashed */
			hash_add(h, run, l.s);
			run = *pos;
		} else
			return false;
	}
	hash_add(h, run, *pos);
	/* its own "\ No newline at end of file" line */
	const char *after = *pos;
	if (next_line(&after, end, &l) && HAS(&l, "\\ "))
		*pos = after;
	return true;
}

/*
 * The patch-id of diff by hand into *out; false when the diff is not of
 * the shape above and libgit2 must decide.
 */
static bool patchid_by_hand(const char *diff, size_t len, git_oid *out)
{
	const char *pos = diff, *end = diff + len;
	unsigned char sum[20] = {0};
	struct file_hash h;
	struct span l;
	size_t files = 0;
	bool ok = true;

	pthread_once(&sha1_once, sha1_fetch);
	if (!sha1)
		return false;
	h.sha1 = EVP_MD_CTX_new();
	h.text_end = end;
	h.used = 0;
	if (!h.sha1 || !EVP_DigestInit_ex2(h.sha1, sha1, NULL)) {
		EVP_MD_CTX_free(h.sha1);
		return false;
	}
	while (ok && next_line(&pos, end, &l)) {
		if (HAS(&l, "@@ -")) {
			ok = false; /* a hunk outside a file: libgit2 refuses the diff */
		} else if (HAS(&l, "diff --git ")) {
			ok = file_header(&l, &pos, end, &h) && hunk(&pos, end, &h);
			while (ok && end - pos >= 4 && !memcmp(pos, "@@ -", 4))
				ok = hunk(&pos, end, &h);
			if (ok)
				hash_flush_into(&h, sum);
			files++;
		}
		/* other lines between and after files, libgit2 skips */
	}
	EVP_MD_CTX_free(h.sha1);
	if (!ok || !files)
		return false;
	return git_oid_fromraw(out, sum) == 0;
}

bool patchid_oid_of_diff(const char *diff, size_t len, git_oid *out)
{
	char *copy = NULL;

	if (!diff || !len || memchr(diff, '\0', len))
		return false;
	if (memchr(diff, '\r', len))
		diff = copy = without_cr(diff, len, &len);
	bool done = patchid_by_hand(diff, len, out) || by_libgit2(diff, len, out);
	free(copy);
	return done;
}

char *patchid_of_diff(const char *diff, size_t len)
{
	git_oid id;
	return patchid_oid_of_diff(diff, len, &id) ? oid_hex(&id) : NULL;
}

int patchid_by_hand_takes(const char *diff, size_t len)
{
	char *copy = NULL;
	git_oid id;
	if (!diff || !len || memchr(diff, '\0', len))
		return 0;
	if (memchr(diff, '\r', len))
		diff = copy = without_cr(diff, len, &len);
	int takes = patchid_by_hand(diff, len, &id);
	free(copy);
	return takes;
}
