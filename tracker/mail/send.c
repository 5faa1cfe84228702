/*
 * send.c - delivers rendered mails: by SMTP through libcurl's plain upload
 * (CURLOPT_UPLOAD with CURLOPT_READFUNCTION, CURLOPT_MAIL_FROM,
 * CURLOPT_MAIL_RCPT; libcurl does the SMTP dialogue, STARTTLS, AUTH,
 * dot-stuffing and the final "." line), or into an outbox folder.
 *
 * libcurl ownership: curl_easy_setopt() copies every string option, except
 * the CURLOPT_MAIL_RCPT list, which must live until the transfer ends; the
 * easy handle and that list are ours and are freed on the one exit path.
 */
#include "tracker/mail/send.h"
#include "tracker/mail/mail_int.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "notices/util.h"

/* ---- SMTP ---------------------------------------------------------------- */

int mail_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? ERR_OK : ERR_SEND;
}

void mail_global_cleanup(void)
{
	curl_global_cleanup();
}

void mail_smtp_from_env(struct mail_smtp *c)
{
	c->user = getenv("TRACKER_SMTP_USER");
	c->password = getenv("TRACKER_SMTP_PASSWORD");
}

/*
 * smtp:// or smtps://, printable, and no user information: a password in
 * the URL would end up in error messages and logs, so credentials come only
 * from the environment.
 */
static int check_url(const struct mail_smtp *c, struct err *err)
{
	const char *url = c->url, *auth;
	const unsigned char *p;

	if (!url || !*url)
		return err_set(err, ERR_INVAL, "smtp url is missing");
	for (p = (const unsigned char *)url; *p; p++)
		if (mail_is_ctl(*p) || *p == ' ' || *p >= 0x80)
			return err_set(err, ERR_INVAL,
				    "smtp url contains a space, control or non-ASCII character");
	if (strncasecmp(url, "smtp://", 7) && strncasecmp(url, "smtps://", 8))
		return err_set(err, ERR_INVAL, "smtp url '%s' must start with smtp:// or smtps://",
			    url);
	auth = strstr(url, "://") + 3;
	if (memchr(auth, '@', strcspn(auth, "/?#")))
		return err_set(err, ERR_INVAL,
			    "smtp url must not contain credentials: set TRACKER_SMTP_USER "
			    "and TRACKER_SMTP_PASSWORD");
	/* AUTH over a plain connection would show the password to the network */
	if (c->user && *c->user && !c->require_tls && strncasecmp(url, "smtps://", 8))
		return err_set(err, ERR_INVAL,
			    "refusing to send credentials to '%s' without TLS: use smtps:// "
			    "or require STARTTLS", url);
	return 0;
}

struct upload {
	const char *p;
	size_t left;
};

/* CURLOPT_READFUNCTION: hands libcurl the next piece of the message. */
static size_t upload_read(char *buf, size_t size, size_t nitems, void *userdata)
{
	struct upload *u = userdata;
	size_t n = size * nitems;

	if (n > u->left)
		n = u->left;
	if (n) {
		memcpy(buf, u->p, n);
		u->p += n;
		u->left -= n;
	}
	return n;
}

int mail_send_smtp(const struct mail_smtp *c, const char *from_addr,
		   const char *rcpt_addr, const char *msg, size_t len,
		   struct err *err)
{
	CURL *h = NULL;
	struct curl_slist *rcpt = NULL;
	char *from = NULL, *to = NULL;
	char errbuf[CURL_ERROR_SIZE];
	struct upload up;
	long timeout = c->timeout_s > 0 ? c->timeout_s : 60;
	CURLcode cc;
	int rc;

	if ((rc = check_url(c, err)) ||
	    (rc = mail_check_addr("sender address", from_addr, err)) ||
	    (rc = mail_check_addr("recipient address", rcpt_addr, err)))
		return rc;
	if (!msg && len)
		return err_set(err, ERR_INVAL, "message is missing");

	up.p = msg;
	up.left = len;
	from = xasprintf("<%s>", from_addr);
	to = xasprintf("<%s>", rcpt_addr);
	if (!(h = curl_easy_init()) || !(rcpt = curl_slist_append(NULL, to))) {
		rc = err_set(err, ERR_SEND, "cannot set up libcurl for '%s'", c->url);
		goto out;
	}
	errbuf[0] = '\0';
	cc = curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	if (!cc)
		cc = curl_easy_setopt(h, CURLOPT_URL, c->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	if (!cc)
		cc = curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	if (!cc)
		cc = curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
	if (!cc)
		cc = curl_easy_setopt(h, CURLOPT_USE_SSL,
				      (long)(c->require_tls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
	if (!cc && c->user && *c->user) {
		cc = curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
		if (!cc)
			cc = curl_easy_setopt(h, CURLOPT_PASSWORD, c->password ? c->password : "");
	}
	if (!cc)
		cc = curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	if (!cc)
		cc = curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	if (!cc)
		cc = curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	if (!cc)
		cc = curl_easy_setopt(h, CURLOPT_READFUNCTION, upload_read);
	if (!cc)
		cc = curl_easy_setopt(h, CURLOPT_READDATA, &up);
	if (!cc)
		cc = curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	if (!cc)
		cc = curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout);
	if (!cc)
		cc = curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout < 30 ? timeout : 30L);
	/* no SIGALRM for name resolution timeouts: we may run inside a server */
	if (!cc)
		cc = curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	if (cc) {
		rc = err_set(err, ERR_SEND, "cannot configure the transfer to '%s': %s", c->url,
			  curl_easy_strerror(cc));
		goto out;
	}

	/* CURLE_OK means the server answered 250 to the end of DATA; libcurl
	 * turns any other reply into an error. */
	cc = curl_easy_perform(h);
	if (cc) {
		long code = 0;
		size_t n = strlen(errbuf);

		while (n && (errbuf[n - 1] == '\n' || errbuf[n - 1] == '\r'))
			errbuf[--n] = '\0';
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
		if (code)
			rc = err_set(err, ERR_SEND, "cannot send mail via '%s': %s (server replied %ld)",
				  c->url, n ? errbuf : curl_easy_strerror(cc), code);
		else
			rc = err_set(err, ERR_SEND, "cannot send mail via '%s': %s", c->url,
				  n ? errbuf : curl_easy_strerror(cc));
	}
out:
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	free(from);
	free(to);
	return rc;
}

/* ---- Outbox --------------------------------------------------------------- */

/* Creates dir and its missing parents (mode 0700: mail is not for every
 * user of the machine), and checks that dir is a directory. */
static int make_dirs(const char *dir, struct err *err)
{
	struct stat st;
	char *p = NULL, *s;
	int rc = 0;

	if (stat(dir, &st) && errno == ENOENT) {
		p = xstrdup(dir);
		for (s = p + 1;; s++) {
			char c = *s;

			if (c != '/' && c != '\0')
				continue;
			*s = '\0';
			if (mkdir(p, 0700) && errno != EEXIST) {
				rc = err_set(err, ERR_IO, "cannot create outbox directory '%s': %s",
					  p, strerror(errno));
				goto out;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	if (stat(dir, &st))
		rc = err_set(err, ERR_IO, "cannot open outbox '%s': %s", dir, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		rc = err_set(err, ERR_IO, "outbox '%s' is not a directory", dir);
out:
	free(p);
	return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The rename is durable only once the directory itself is synced. */
static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

int mail_write_outbox(const char *dir, const char *name, const char *msg, size_t len,
		      int *existed, struct err *err)
{
	char *path = NULL, *tmp = NULL;
	const unsigned char *p;
	struct stat st;
	int fd = -1, rc = 0, ignored;

	if (!existed)
		existed = &ignored;
	*existed = 0;
	if (!dir || !*dir)
		return err_set(err, ERR_INVAL, "outbox directory is missing");
	if (!name || !*name || strlen(name) > 200)
		return err_set(err, ERR_INVAL, "outbox file name must be 1 to 200 bytes");
	for (p = (const unsigned char *)name; *p; p++)
		if (mail_is_ctl(*p))
			return err_set(err, ERR_INVAL,
				    "outbox file name contains a control character");
	/* no '/' and no leading '.': the name cannot leave dir, and cannot
	 * collide with our hidden temporary files */
	if (strchr(name, '/') || name[0] == '.')
		return err_set(err, ERR_INVAL,
			    "outbox file name '%s' must not contain '/' or start with '.'", name);
	if (!msg && len)
		return err_set(err, ERR_INVAL, "message is missing");

	if ((rc = make_dirs(dir, err)))
		goto out;
	path = xasprintf("%s/%s.eml", dir, name);
	if (lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			rc = err_set(err, ERR_IO, "'%s' exists and is not a file", path);
		else
			*existed = 1;
		goto out;
	}
	if (errno != ENOENT) {
		rc = err_set(err, ERR_IO, "cannot check '%s': %s", path, strerror(errno));
		goto out;
	}

	tmp = xasprintf("%s/.%s.XXXXXX", dir, name);
	if ((fd = mkstemp(tmp)) < 0) {
		rc = err_set(err, ERR_IO, "cannot create a file in outbox '%s': %s", dir,
			  strerror(errno));
		free(tmp);
		tmp = NULL; /* nothing to remove */
		goto out;
	}
	if (write_all(fd, msg, len) || fsync(fd)) {
		rc = err_set(err, ERR_IO, "cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd)) {
		fd = -1;
		rc = err_set(err, ERR_IO, "cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	/*
	 * Two deliveries racing past the check above both rename here; that is
	 * harmless, because a message is always rendered to the same bytes, and
	 * a reader sees either no file or a whole one, never a partial write.
	 */
	if (rename(tmp, path)) {
		rc = err_set(err, ERR_IO, "cannot rename '%s' to '%s': %s", tmp, path,
			  strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	if (sync_dir(dir))
		rc = err_set(err, ERR_IO, "cannot sync outbox '%s': %s", dir, strerror(errno));
out:
	if (fd >= 0)
		close(fd);
	if (tmp)
		unlink(tmp);
	free(tmp);
	free(path);
	return rc;
}
