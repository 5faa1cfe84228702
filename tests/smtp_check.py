#!/usr/bin/python3
"""smtp_check.py - decodes a message written by tracker/mail/mail.c with
Python's own e-mail parser (policy=email.policy.default), an implementation
independent of ours, and compares it with what tests/test_mail.c meant.

    smtp_check.py message FILE EXPECT_DIR   one .eml file
    smtp_check.py maildir DIR EXPECT_DIR    the only message of a Maildir
                                            (written by aiosmtpd's Mailbox
                                            handler, which adds X-RcptTo)

EXPECT_DIR holds one file per expected value, raw bytes, so nothing needs
quoting: subject, from_name, from_addr, to_name, to_addr, message_id, text,
html (absent: text only), attach.N.name, attach.N.type, attach.N.data for
N = 0.., and for maildir rcpt and mail_from.

Prints one line per check, "PASS what" or "FAIL what: detail", for the C
test to turn into ok/not ok lines; exits 1 when any check failed.
"""
import email
import email.policy
import os
import sys

failed = 0


def check(what, got, want):
    global failed
    if got == want:
        print("PASS %s" % what)
    else:
        failed += 1
        print("FAIL %s: got %r, want %r" % (what, got, want))


def want(d, name, binary=False):
    path = os.path.join(d, name)
    if not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        data = f.read()
    return data if binary else data.decode("utf-8")


def crlf(s):
    # Text parts are sent in canonical form (RFC 2046 4.1.1): CRLF line ends.
    return s.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def check_message(raw, d):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    defects = []
    for part in msg.walk():
        defects += [type(x).__name__ for x in part.defects]
        for k in part.keys():
            defects += ["%s: %s" % (k, type(x).__name__) for x in part[k].defects]
    check("parser found no defects", defects, [])

    check("subject decodes", str(msg["subject"]), want(d, "subject"))
    check("message id", str(msg["message-id"]), want(d, "message_id"))
    for field in ("from", "to"):
        addrs = msg[field].addresses if msg[field] is not None else ()
        check("%s has one address" % field, len(addrs), 1)
        if addrs:
            check("%s display name decodes" % field, addrs[0].display_name,
                  want(d, field + "_name") or "")
            check("%s address" % field, addrs[0].addr_spec, want(d, field + "_addr"))

    html = want(d, "html")
    if html is None:
        check("top type is text/plain", msg.get_content_type(), "text/plain")
    plain = msg.get_body(("plain",))
    check("text body decodes", plain.get_content() if plain else None,
          crlf(want(d, "text")))
    if html is not None:
        body = msg.get_body(("html",))
        check("html body decodes", body.get_content() if body else None, crlf(html))

    atts = list(msg.iter_attachments())
    n = 0
    while want(d, "attach.%d.name" % n) is not None:
        n += 1
    check("attachment count", len(atts), n)
    for i, part in enumerate(atts[:n]):
        check("attachment %d file name" % i, part.get_filename(),
              want(d, "attach.%d.name" % i))
        check("attachment %d type" % i, part.get_content_type(),
              want(d, "attach.%d.type" % i).split(";")[0].strip().lower())
        check("attachment %d bytes" % i, part.get_payload(decode=True),
              want(d, "attach.%d.data" % i, binary=True))
    return msg


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("message", "maildir"):
        sys.stderr.write(__doc__)
        return 2
    mode, path, d = sys.argv[1:]
    if mode == "message":
        with open(path, "rb") as f:
            check_message(f.read(), d)
    else:
        files = [os.path.join(path, sub, f) for sub in ("new", "cur")
                 for f in sorted(os.listdir(os.path.join(path, sub)))]
        check("maildir holds exactly one message", len(files), 1)
        if files:
            with open(files[0], "rb") as f:
                msg = check_message(f.read(), d)
            check("envelope recipient (X-RcptTo)", str(msg["x-rcptto"]), want(d, "rcpt"))
            check("envelope sender (X-MailFrom)", str(msg["x-mailfrom"]),
                  want(d, "mail_from"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
