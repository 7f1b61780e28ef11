/*
 * The character classes of mail text, in ASCII whatever the locale
 * (<ctype.h> depends on it, and takes an int that a signed char can make
 * negative). Written once, for every module.
 */
#ifndef LISTDIGEST_ASCII_H
#define LISTDIGEST_ASCII_H

#include <stdbool.h>
#include <stddef.h>

/* RFC 5322's WSP: a blank between the words of a line. */
static inline bool ascii_is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* isspace() of the C locale: blank, tab, LF, VT, FF, CR. */
static inline bool ascii_is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* A line that holds nothing but blanks, tabs and carriage returns. */
static inline bool ascii_is_blank_line(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			return false;
	return true;
}

/* A digit of git's hex object names, which are lower case: 0-9, a-f. */
static inline bool ascii_is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* s[0..len) is all ascii_is_lower_hex digits. */
static inline bool ascii_is_lower_hex_span(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!ascii_is_lower_hex(s[i]))
			return false;
	return true;
}

/* Lower-cases the ASCII letters of s in place, up to its NUL; returns s. */
static inline char *ascii_lower(char *s)
{
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	return s;
}

#endif
