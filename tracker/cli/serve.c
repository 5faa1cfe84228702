/*
 * cli/serve.c - the dashboard's accounts (users) and the server (serve),
 * with its daily schedule of reminders.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>

#include "tracker/cli/cli.h"
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include "tracker/mail/deliver.h"
#include "tracker/mail/mail.h"
#include "tracker/mail/send.h"
#include "tracker/schedule.h"
#include "tracker/wording.h"
#include "tracker/core/secret.h"
#include "web/web.h"
#include "tracker/store/users.h"

/* ---- Users ------------------------------------------------------------- */

static const char users_usage[] =
	"usage: tracker users add LOGIN --role office|unit|viewer [--unit UNIT] [--password-stdin]\n"
	"       tracker users passwd LOGIN [--password-stdin]\n"
	"       tracker users list [--json]\n"
	"       tracker users disable|enable|remove LOGIN\n"
	"\n"
	"Dashboard accounts.  office: everything; unit: reads all and acts on its\n"
	"own unit's work; viewer: reads only.  Without --password-stdin a random\n"
	"password is made and printed once; passwords are stored hashed (yescrypt).\n"
	"disable ends the account's sessions at once and refuses its logins until\n"
	"enable; remove deletes it (its sessions end, its work's history stays).\n";

/* One line from stdin, without its newline; NULL when there is none. */
static char *read_password_line(void)
{
	char buf[1024];
	size_t n;

	if (!fgets(buf, sizeof(buf), stdin))
		return NULL;
	n = strcspn(buf, "\r\n");
	buf[n] = 0;
	return xstrdup(buf);
}

/* A random password people can type: 16 base64url characters, 96 bits. */
static char *random_password(void)
{
	char buf[STORE_TOKEN_LEN];

	if (secret_token(12, buf, sizeof(buf)))
		return NULL;
	return xstrdup(buf);
}

int cmd_users(struct cli_global *g, int argc, char **argv)
{
	int help = 0, npos = 0, rc, from_stdin = 0, json = 0;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	const char *role_s = NULL, *unit = NULL;
	char *password = NULL;
	struct store *s = NULL;
	struct err err;
	struct store_user *v = NULL;
	size_t n = 0, i;
	enum store_role role;
	const struct cli_opt defs[] = {
		{"--role", 1, &role_s, NULL},
		{"--unit", 1, &unit, NULL},
		{"--password-stdin", 0, NULL, &from_stdin},
		{"--json", 0, NULL, &json},
		{NULL, 0, NULL, NULL},
	};

	if ((rc = cli_parse_opts(g, "users", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help || !npos) {
		fputs(users_usage, help ? stdout : stderr);
		rc = help ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (!strcmp(pos[0], "list")) {
		if (npos != 1) {
			cli_errorf("users list: tham số thừa '%s'", pos[1]);
			rc = EXIT_USAGE;
			goto out;
		}
		if ((rc = cli_prepare(g, &s)))
			goto out;
		if (store_user_list(s, &v, &n, &err)) {
			rc = cli_store_fail(&err);
			goto out;
		}
		if (json) {
			cJSON *arr = cJSON_CreateArray();
			for (i = 0; i < n; i++) {
				cJSON *o = cJSON_CreateObject();
				cJSON_AddStringToObject(o, "login", v[i].login);
				cJSON_AddStringToObject(o, "role", store_role_name(v[i].role));
				if (v[i].unit) cJSON_AddStringToObject(o, "unit", v[i].unit);
				else cJSON_AddNullToObject(o, "unit");
				cJSON_AddStringToObject(o, "created_at", v[i].created_at);
				cJSON_AddBoolToObject(o, "disabled", v[i].disabled);
				cJSON_AddItemToArray(arr, o);
			}
			cli_print_json(&arr);
		} else {
			for (i = 0; i < n; i++)
				printf("%-20s %-7s %s%s\n", v[i].login, store_role_name(v[i].role),
				       v[i].unit ? v[i].unit : "", v[i].disabled ? " (disabled)" : "");
		}
		goto out;
	}
	if (!strcmp(pos[0], "disable") || !strcmp(pos[0], "enable") || !strcmp(pos[0], "remove")) {
		if (npos != 2) {
			cli_errorf("users %s: cần đúng một tên đăng nhập LOGIN", pos[0]);
			rc = EXIT_USAGE;
			goto out;
		}
		if ((rc = cli_prepare(g, &s)))
			goto out;
		if (!strcmp(pos[0], "remove") ? store_user_remove(s, pos[1], &err)
					      : store_user_set_disabled(s, pos[1], pos[0][0] == 'd', &err)) {
			rc = cli_store_fail(&err);
			goto out;
		}
		printf("%s: %s\n", pos[1], !strcmp(pos[0], "remove") ? "removed, sessions ended"
					   : pos[0][0] == 'd' ? "disabled, sessions ended" : "enabled");
		goto out;
	}
	if (strcmp(pos[0], "add") && strcmp(pos[0], "passwd")) {
		cli_errorf("users: không có lệnh con '%s' (add, passwd, list, disable, enable, remove)",
			   pos[0]);
		rc = EXIT_USAGE;
		goto out;
	}
	if (npos != 2) {
		cli_errorf("users %s: cần đúng một tên đăng nhập LOGIN", pos[0]);
		rc = EXIT_USAGE;
		goto out;
	}
	if (!strcmp(pos[0], "add")) {
		if (!role_s || store_role_parse(role_s, &role)) {
			cli_errorf("users add: --role phải là office, unit hoặc viewer");
			rc = EXIT_USAGE;
			goto out;
		}
	}
	password = from_stdin ? read_password_line() : random_password();
	if (!password) {
		cli_errorf("users %s: không có mật khẩu %s", pos[0], from_stdin ? "trên đầu vào chuẩn" : "(không lấy được số ngẫu nhiên)");
		rc = EXIT_DATAERR;
		goto out;
	}
	/* A unit account names its unit as the directory spells it. */
	g->units_asked = 1;
	if ((rc = cli_prepare(g, &s)))
		goto out;
	if (!strcmp(pos[0], "add") ? store_user_add(s, pos[1], role, unit, password, NULL, &err)
				    : store_user_passwd(s, pos[1], password, &err)) {
		rc = cli_store_fail(&err);
		goto out;
	}
	if (from_stdin)
		printf("%s: %s\n", pos[1], !strcmp(pos[0], "add") ? "added" : "password changed");
	else
		printf("%s: password %s (shown once)\n", pos[1], password);
out:
	for (i = 0; i < n; i++)
		store_user_release(&v[i]);
	free(v);
	if (password) {
		memset(password, 0, strlen(password));
		free(password);
	}
	free(pos);
	return rc;
}

/* ---- Serve ------------------------------------------------------------- */

static const char serve_usage[] =
	"usage: tracker serve [--listen ADDR:PORT] [--threads N] [--base-url URL]\n"
	"                     [--tls-cert PEM --tls-key PEM] [--body-limit BYTES]\n"
	"                     [--per-address N]\n"
	"                     [--remind-at HH:MM | --no-schedule]\n"
	"                     [--smtp URL [--starttls] | --outbox DIR] [--from ADDR]\n"
	"                     [--today YYYY-MM-DD] [--quiet] [--no-cache] [--behind-proxy]\n"
	"\n"
	"Serves the dashboard and the JSON API (default " TRACKER_LISTEN_DEFAULT ") until\n"
	"SIGTERM or SIGINT, then finishes the requests in flight and stops.  The\n"
	"first start with no users creates the office account 'vanphong' and\n"
	"prints its password once: on stdout when that is a terminal, else into\n"
	"the file DB.password that only this user can read.  An access log line\n"
	"per request goes to stderr.  At start and then every day at --remind-at (default 07:00,\n"
	"Vietnam time) it runs the reminders (as `tracker remind`) and the weekly\n"
	"overdue mail (once per week), with the mail options of `remind`.\n"
	"--per-address caps the connections of one client address (default 32 of\n"
	"512; with --behind-proxy, 512).\n"
	"--behind-proxy: behind a reverse proxy on this machine, the client's\n"
	"address and scheme are taken from X-Forwarded-For and X-Forwarded-Proto\n"
	"of requests from loopback.\n"
	"--today fixes the date (tests).  --no-cache builds every answer afresh\n"
	"instead of keeping recent ones (benchmarks of the queries themselves).\n";

/* The schedule's report of each run, one line on stderr. */
static void log_schedule_run(const struct schedule_run *r, void *arg)
{
	char day[11];

	(void)arg;
	ymd_format(r->today, day);
	if (r->failed) {
		fprintf(stderr, "tracker: schedule %s: failed: %s\n", day, r->msg);
		return;
	}
	fprintf(stderr, "tracker: schedule %s: %ld reminder(s) decided, %ld weekly mail(s)"
		" queued, %ld mail(s) delivered, %ld failed (retried next run)\n", day,
		r->remind.decided, r->weekly.unit_mails + r->weekly.office_mails,
		r->remind.delivery.sent, r->remind.delivery.failed);
	cli_print_dirmail("schedule", &r->remind.bad, r->remind.held);
}

static int parse_listen(const char *s, char *host, size_t cap, unsigned *port)
{
	const char *colon = strrchr(s, ':');
	char *end;
	unsigned long p;

	if (!colon || (size_t)(colon - s) >= cap || colon == s)
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = 0;
	errno = 0;
	p = strtoul(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || p > 65535)
		return -1;
	*port = (unsigned)p;
	return 0;
}

/*
 * Where the first password goes when stdout is not a terminal (a service:
 * stdout is the journal, which others may read): a file beside the
 * database that only this user can read, made anew (never through a file
 * or link already there).  0, or -1 with errno.
 */
static int write_password_file(const char *path, const char *password)
{
	int fd, rc = 0;
	size_t n = strlen(password);

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (write(fd, password, n) != (ssize_t)n || write(fd, "\n", 1) != 1)
		rc = -1;
	if (close(fd))
		rc = -1;
	return rc;
}

/* The first start: an office account, so someone can log in at all. */
static int first_user(struct cli_global *g, struct store *s)
{
	struct err err;
	char *password, *path = NULL;
	long n;
	int rc = 0;

	if (store_user_count(s, &n, &err))
		return cli_store_fail(&err);
	if (n)
		return 0;
	if (!(password = random_password())) {
		cli_errorf("serve: không lấy được số ngẫu nhiên cho mật khẩu đầu tiên");
		return EXIT_SOFTWARE;
	}
	if (!isatty(STDOUT_FILENO)) {
		size_t len = strlen(cli_db_path(g)) + sizeof(".password");
		path = xmalloc(len);
		snprintf(path, len, "%s.password", cli_db_path(g));
		if (write_password_file(path, password)) {
			cli_errorf("serve: không ghi được mật khẩu đầu tiên vào '%s': %s", path,
				   strerror(errno));
			rc = EXIT_IOERR;
			goto out;
		}
	}
	if (store_user_add(s, "vanphong", STORE_ROLE_OFFICE, NULL, password, NULL, &err)) {
		rc = cli_store_fail(&err);
		if (path)
			unlink(path);
	} else if (path) {
		fprintf(stderr, "tracker: created the office account 'vanphong'; its password is in"
			" '%s' (readable by this user only; delete it once read, change it with"
			" 'tracker users passwd vanphong')\n", path);
	} else {
		printf("tracker: created the office account: login 'vanphong', password '%s'\n"
		       "tracker: (shown once; change it with 'tracker users passwd vanphong')\n",
		       password);
		fflush(stdout);
	}
out:
	free(path);
	memset(password, 0, strlen(password));
	free(password);
	return rc;
}

int cmd_serve(struct cli_global *g, int argc, char **argv)
{
	int help = 0, npos = 0, rc, quiet = 0, sig, no_schedule = 0, hh = 7, mm = 0, curl = 0;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	const char *listen = TRACKER_LISTEN_DEFAULT, *threads = NULL, *today = NULL,
		   *body_limit = NULL, *remind_at = NULL, *per_address = NULL;
	char *office_email = NULL, *office_name = NULL;
	struct web_conf conf;
	struct web_server *srv = NULL;
	struct err werr;
	struct schedule_conf sconf;
	struct schedule *sched = NULL;
	struct cli_mail_opts mo;
	struct store *s = NULL;
	char host[64];
	sigset_t set;
	const struct cli_opt defs[] = {
		{"--listen", 1, &listen, NULL},
		{"--threads", 1, &threads, NULL},
		CLI_MAIL_OPTS(mo),
		{"--remind-at", 1, &remind_at, NULL},
		{"--no-schedule", 0, NULL, &no_schedule},
		{"--tls-cert", 1, &conf.tls_cert, NULL},
		{"--tls-key", 1, &conf.tls_key, NULL},
		{"--body-limit", 1, &body_limit, NULL},
		{"--per-address", 1, &per_address, NULL},
		{"--today", 1, &today, NULL},
		{"--quiet", 0, NULL, &quiet},
		{"--no-cache", 0, NULL, &conf.no_cache},
		{"--behind-proxy", 0, NULL, &conf.behind_proxy},
		{NULL, 0, NULL, NULL},
	};

	memset(&conf, 0, sizeof(conf));
	memset(&mo, 0, sizeof(mo));
	memset(&sconf, 0, sizeof(sconf));
	if ((rc = cli_parse_opts(g, "serve", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(serve_usage, stdout);
		goto out;
	}
	if (npos) {
		cli_errorf("serve: tham số thừa '%s'", pos[0]);
		rc = EXIT_USAGE;
		goto out;
	}
	if (parse_listen(listen, host, sizeof(host), &conf.port)) {
		cli_errorf("serve: --listen '%s' không có dạng ADDR:PORT", listen);
		rc = EXIT_USAGE;
		goto out;
	}
	if (threads) {
		long t = strtol(threads, NULL, 10);
		if (t < 1 || t > 64) {
			cli_errorf("serve: --threads phải từ 1 đến 64");
			rc = EXIT_USAGE;
			goto out;
		}
		conf.threads = (unsigned)t;
	}
	/* Behind a proxy every client has the proxy's address. */
	if (per_address) {
		long p = strtol(per_address, NULL, 10);
		if (p < 1 || p > 512) {
			cli_errorf("serve: --per-address phải từ 1 đến 512 kết nối");
			rc = EXIT_USAGE;
			goto out;
		}
		conf.per_ip_limit = (unsigned)p;
	}
	if (body_limit) {
		long long b = strtoll(body_limit, NULL, 10);
		if (b < 1024) {
			cli_errorf("serve: --body-limit phải từ 1024 byte trở lên");
			rc = EXIT_USAGE;
			goto out;
		}
		conf.body_limit = (size_t)b;
	}
	if (remind_at && (sscanf(remind_at, "%d:%d", &hh, &mm) != 2 || hh < 0 || hh > 23 ||
			  mm < 0 || mm > 59)) {
		cli_errorf("serve: --remind-at '%s' không có dạng HH:MM", remind_at);
		rc = EXIT_USAGE;
		goto out;
	}
	if (today && (rc = cli_today_opt("serve", today, &conf.today)))
		goto out;
	if ((rc = cli_prepare(g, &s)))
		goto out;
	if ((rc = first_user(g, s)) ||
	    (rc = cli_mail_setup(g, s, &mo, conf.today, &sconf.mail, &sconf.deliver, &office_email,
			     &office_name)))
		goto out;
	/* Each server thread opens its own store. */
	store_close(&g->store);
	s = NULL;
	if (mo.base_url || getenv("TRACKER_BASE_URL"))
		conf.base_url = sconf.mail.base_url;
	conf.db_path = cli_db_path(g);
	conf.units = g->units;
	conf.host = host;
	conf.quiet = quiet;
	/* Block the stop signals before the threads start, so they inherit
	 * the mask and only sigwait() below sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (web_start(&conf, &srv, &werr)) {
		cli_errorf("serve: %s", werr.msg);
		rc = EXIT_IOERR;
		goto out;
	}
	fprintf(stderr, "tracker: serving on %s://%s:%u/ (database %s)\n",
		conf.tls_cert ? "https" : "http", host, web_port(srv), conf.db_path);
	if (!no_schedule) {
		if (mail_global_init()) {
			cli_errorf("serve: không khởi động được libcurl");
			rc = EXIT_SOFTWARE;
			goto stop;
		}
		curl = 1;
		sconf.db_path = conf.db_path;
		sconf.mail.base_url = web_base_url(srv); /* links in mail: this server */
		remind_rules_default(&sconf.rules);
		sconf.hour = hh;
		sconf.minute = mm;
		sconf.fixed_today = conf.today;
		sconf.on_run = log_schedule_run;
		if (schedule_start(&sconf, &sched)) {
			cli_errorf("serve: không khởi động được lịch nhắc việc");
			rc = EXIT_SOFTWARE;
			goto stop;
		}
		fprintf(stderr, "tracker: reminders and the weekly mail run now and daily at %02d:%02d"
			" (UTC+7), mail %s %s\n", hh, mm, sconf.deliver.smtp_url ? "to" : "into",
			sconf.deliver.smtp_url ? sconf.deliver.smtp_url
					       : sconf.deliver.outbox ? sconf.deliver.outbox : "outbox");
	}
	sigwait(&set, &sig);
	fprintf(stderr, "tracker: %s: finishing requests in flight, then stopping\n",
		sig == SIGINT ? "SIGINT" : "SIGTERM");
stop:
	web_stop(&srv, 5);
	schedule_stop(&sched);
	if (curl)
		mail_global_cleanup();
	fprintf(stderr, "tracker: stopped\n");
out:
	free(office_email);
	free(office_name);
	free(pos);
	return rc;
}

