#!/usr/bin/env python3
"""mail_check.py MAIL TEXT [key=value...]: checks a mail that listdigest wrote.

MAIL is the mail, TEXT the `-f text` output of the same run. Python's
email package (policy=default) parses the mail; it must have no defects,
and:
  - every byte is ASCII, header lines are at most 78 characters and body
    lines at most 76, no line starts with "From " (an mbox would mangle
    it) and none is a lone "." (sendmail without -i stops there);
  - MIME-Version is 1.0; the text part is text/plain, UTF-8,
    quoted-printable, and decodes to TEXT byte for byte;
  - Subject decodes to TEXT's second line;
  - Date parses, is +0000 and equals date=EPOCH (when given);
  - Message-ID is one <left@right> whose right side is the From domain;
  - From and To hold one address each, equal to from=, from_name=, to=,
    to_name= when given (the name decoded by RFC 2047's rules);
  - html=FILE: the mail is multipart/alternative of the text part, then a
    text/html part that decodes to FILE byte for byte.
Every encoded word is at most 75 characters. Prints the Message-ID;
exits 1 with the reasons otherwise.
"""
import email
import email.header
import email.policy
import email.utils
import re
import sys


def strict_name(raw, header):
    """The display name of a header, decoded by RFC 2047's rules.

    Python's policy parser puts a blank between two adjacent encoded words
    of a phrase, which RFC 2047 6.2 says to drop; the older decode_header
    follows the RFC.
    """
    value = email.message_from_bytes(raw, policy=email.policy.compat32)[header]
    decoded = str(email.header.make_header(email.header.decode_header(value)))
    return email.utils.parseaddr(decoded)[0]


def main():
    mail_path, text_path = sys.argv[1:3]
    want = dict(a.split('=', 1) for a in sys.argv[3:])
    raw = open(mail_path, 'rb').read()
    text = open(text_path, 'rb').read()
    problems = []

    def check(cond, what):
        if not cond:
            problems.append(what)

    try:
        raw.decode('ascii')
    except UnicodeDecodeError as e:
        problems.append('a byte that is not ASCII at %d' % e.start)
    head, sep, body = raw.partition(b'\n\n')
    check(sep, 'no blank line after the headers')
    for n, line in enumerate(head.split(b'\n'), 1):
        check(len(line) <= 78, 'header line %d has %d characters: %r' % (n, len(line), line[:100]))
        for word in re.findall(rb'=\?[^?\s]+\?[QqBb]\?[^?\s]*\?=', line):
            check(len(word) <= 75, 'encoded word of %d characters: %r' % (len(word), word))
    for n, line in enumerate(body.split(b'\n'), 1):
        check(len(line) <= 76, 'body line %d has %d characters: %r' % (n, len(line), line[:100]))
    for n, line in enumerate(raw.split(b'\n'), 1):
        check(not line.startswith(b'From '), 'line %d starts with "From "' % n)
        check(line != b'.', 'line %d is a lone "."' % n)

    msg = email.message_from_bytes(raw, policy=email.policy.default)
    check(not msg.defects, 'message defects: %r' % msg.defects)
    for name in ('From', 'To', 'Subject', 'Date', 'Message-ID', 'MIME-Version'):
        values = msg.get_all(name) or []
        check(len(values) == 1, '%d %s headers' % (len(values), name))
    for name, value in msg.items():
        check(not getattr(value, 'defects', None), '%s: defects %r' % (name, getattr(value, 'defects', None)))
    check(str(msg['MIME-Version']) == '1.0', 'MIME-Version %r' % msg['MIME-Version'])

    lines = text.split(b'\n')
    subject = lines[1].decode('utf-8') if len(lines) > 1 else None
    check(str(msg['Subject']) == subject, 'Subject %r, the text says %r' % (str(msg['Subject']), subject))

    date = msg['Date']
    if date is not None and date.datetime is not None:
        check(date.datetime.utcoffset() is not None and date.datetime.utcoffset().total_seconds() == 0,
              'Date %r is not +0000' % str(date))
        if 'date' in want:
            check(int(date.datetime.timestamp()) == int(want['date']),
                  'Date %r is not %s' % (str(date), want['date']))
    else:
        problems.append('Date %r does not parse' % date)

    def one_address(name):
        header = msg[name]
        addrs = header.addresses if header is not None else ()
        check(len(addrs) == 1, '%s holds %d addresses: %r' % (name, len(addrs), str(header)))
        return addrs[0] if addrs else None

    sender = one_address('From')
    to = one_address('To')
    for key, addr in (('from', sender), ('to', to)):
        if addr is None:
            continue
        if key in want:
            check(addr.addr_spec == want[key], '%s address %r, expected %r' % (key, addr.addr_spec, want[key]))
        if key + '_name' in want:
            name = strict_name(raw, key.capitalize())
            check(name == want[key + '_name'], '%s name %r, expected %r' % (key, name, want[key + '_name']))

    mid = str(msg['Message-ID'] or '')
    m = re.fullmatch(r'<([!#-\'*+/-9=?A-Z^-~.-]+)@([A-Za-z0-9.-]+)>', mid)
    check(m, 'Message-ID %r is not one <left@right>' % mid)
    if m and sender is not None:
        check(m.group(2) == sender.domain, 'Message-ID domain %r, From domain %r' % (m.group(2), sender.domain))

    def check_part(part, ctype, want_bytes, what):
        check(part.get_content_type() == ctype, '%s: Content-Type %s' % (what, part.get_content_type()))
        check((part.get_content_charset() or '').lower() == 'utf-8', '%s: charset %r' % (what, part.get_content_charset()))
        check(part['Content-Transfer-Encoding'] == 'quoted-printable',
              '%s: Content-Transfer-Encoding %r' % (what, part['Content-Transfer-Encoding']))
        got = part.get_payload(decode=True)
        if got != want_bytes:
            at = next((i for i, (a, b) in enumerate(zip(got, want_bytes)) if a != b), min(len(got), len(want_bytes)))
            problems.append('%s: decoded body differs at byte %d (%d vs %d bytes): %r vs %r'
                            % (what, at, len(got), len(want_bytes), got[at:at + 60], want_bytes[at:at + 60]))

    if 'html' in want:
        html = open(want['html'], 'rb').read()
        check(msg.get_content_type() == 'multipart/alternative', 'Content-Type %s' % msg.get_content_type())
        parts = list(msg.iter_parts()) if msg.is_multipart() else []
        check(len(parts) == 2, '%d parts' % len(parts))
        if len(parts) == 2:
            check_part(parts[0], 'text/plain', text, 'text part')
            check_part(parts[1], 'text/html', html, 'html part')
    else:
        check(not msg.is_multipart(), 'multipart without --mail-html')
        check_part(msg, 'text/plain', text, 'body')

    if problems:
        sys.exit('\n'.join(problems[:20]))
    print(mid)


main()
