#include "mail.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "mail_address.h"
#include "mail_encode.h"
#include "text.h"

/*
 * Quoted-printable never writes "=_" (a '=' is always followed by two hex
 * digits or a line end), so no line of a part can be this delimiter.
 */
#define BOUNDARY "=_listdigest_alternative"

#define RANDOM_BYTES 8

/* Random bytes: getrandom, else /dev/urandom; false when neither gives them. */
static bool fill_random(unsigned char *buf, size_t len)
{
	ssize_t got;
	do
		got = getrandom(buf, len, GRND_NONBLOCK);
	while (got < 0 && errno == EINTR);
	if (got == (ssize_t)len)
		return true;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	got = read(fd, buf, len);
	close(fd);
	return got == (ssize_t)len;
}

/*
 * <YYYYMMDDHHMMSS.PID.RANDOM@from-domain>: unique even for two runs with
 * the same SOURCE_DATE_EPOCH, since the clock here is the real one and
 * 64 random bits differ.
 */
static void add_message_id(struct strbuf *out, const struct mail_address *from)
{
	struct timespec ts;
	struct tm tm;
	unsigned char rnd[RANDOM_BYTES];
	static unsigned counter; /* for a machine without randomness: a second mail differs */

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strbuf_addf(out, "Message-ID: <%04d%02d%02d%02d%02d%02d.%ld.", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long)getpid());
	if (fill_random(rnd, sizeof(rnd))) {
		for (size_t i = 0; i < sizeof(rnd); i++)
			strbuf_addf(out, "%02x", rnd[i]);
	} else {
		strbuf_addf(out, "%09ld.%u", (long)ts.tv_nsec, counter++);
	}
	strbuf_addf(out, "@%s>\n", mail_address_domain(from));
}

/* One MIME entity: quoted-printable UTF-8 of the given type. */
static void add_part(struct strbuf *out, const char *type, const struct strbuf *body)
{
	strbuf_addf(out, "Content-Type: %s; charset=UTF-8\n", type);
	strbuf_addstr(out, "Content-Transfer-Encoding: quoted-printable\n\n");
	mail_add_quoted_printable(out, body->buf, body->len);
}

/* Parses an option's address, its errors named after the option. */
static int parse_option_address(struct mail_address *a, const char *option, const char *value,
				struct strbuf *err)
{
	struct strbuf why;
	strbuf_init(&why, 0);
	int rc = mail_address_parse(a, value, &why);
	if (rc < 0)
		strbuf_addf(err, "%s: %s", option, why.buf);
	strbuf_release(&why);
	return rc;
}

/* From as given (the options checked it), To as given or the list's. */
static int resolve_addresses(const struct report_run *run, struct mail_address *from,
			     struct mail_address *to, struct strbuf *err)
{
	if (!run->mail.from || !*run->mail.from) {
		strbuf_addstr(err, "--mail-from: no sender: give --mail-from ADDR or set EMAIL");
		return -1;
	}
	if (parse_option_address(from, "--mail-from", run->mail.from, err) < 0)
		return -1;
	if (run->mail.to)
		return parse_option_address(to, "--mail-to", run->mail.to, err);
	if (!run->list_id) {
		strbuf_addstr(err, "--mail-to: the selection has no List-Id to take the list's "
				   "address from; give --mail-to ADDR");
		return -1;
	}
	struct strbuf why;
	strbuf_init(&why, 0);
	int rc = mail_address_from_list_id(to, run->list_id, &why);
	if (rc < 0)
		strbuf_addf(err, "--mail-to: %s", why.buf);
	strbuf_release(&why);
	return rc;
}

/* The text's second line, "<NAME> mailing list update from <A> to <B>". */
static char *subject_of(const struct report_run *run)
{
	struct strbuf subject;
	strbuf_init(&subject, 0);
	report_add_title(&subject, run);
	return strbuf_detach(&subject, NULL);
}

int report_mail_write(struct strbuf *out, const struct report_run *run, struct strbuf *err)
{
	struct mail_address from = {0}, to = {0};
	struct strbuf text, html;
	int rc = -1;

	strbuf_init(&text, 0);
	strbuf_init(&html, 0);
	if (resolve_addresses(run, &from, &to, err) < 0)
		goto out;
	/*
	 * The body is the text as a file has it: never bold. Its parts are
	 * encoded whole, so none of them goes to the sink as it is made.
	 */
	struct report_run plain = *run;
	plain.color = false;
	plain.sink = NULL;
	if (report_text_write(&text, &plain, err) < 0)
		goto out;
	if (run->mail.html) {
		const struct report_format *format = report_format_named("html");
		if (!format) {
			strbuf_addstr(err, "--mail-html: the html format is not built");
			goto out;
		}
		if (format->write(&html, &plain, err) < 0)
			goto out;
	}

	mail_add_address_header(out, "From", &from);
	mail_add_address_header(out, "To", &to);
	char *subject = subject_of(run);
	mail_add_text_header(out, "Subject", subject);
	free(subject);
	mail_add_date_header(out, "Date", run->now);
	add_message_id(out, &from);
	strbuf_addstr(out, "MIME-Version: 1.0\n");
	if (!run->mail.html) {
		add_part(out, "text/plain", &text);
	} else {
		strbuf_addstr(out, "Content-Type: multipart/alternative; boundary=\"" BOUNDARY "\"\n\n");
		strbuf_addstr(out, "--" BOUNDARY "\n");
		add_part(out, "text/plain", &text);
		/* the line end before a delimiter is the delimiter's, not the part's */
		strbuf_addstr(out, "\n--" BOUNDARY "\n");
		add_part(out, "text/html", &html);
		strbuf_addstr(out, "\n--" BOUNDARY "--\n");
	}
	rc = 0;
out:
	mail_address_release(&from);
	mail_address_release(&to);
	strbuf_release(&text);
	strbuf_release(&html);
	return rc;
}
