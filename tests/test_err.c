/*
 * test_err.c - the shared error struct: every code has a distinct stable
 * name (the dashboard's Vietnamese message table and scripts key on them),
 * and the setters format, position and return the code.
 */
#include <string.h>

#include "notices/err.h"
#include "tests/testhelp.h"

int main(void)
{
	struct err e;
	int c, d, named = 1, distinct = 1, lower = 1;
	const char *p;

	for (c = ERR_OK; c >= ERR_LAST; c--) {
		p = err_code_name(c);
		if (!p || !*p || !strcmp(p, "unknown"))
			named = 0;
		for (; p && *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
				lower = 0;
		for (d = c - 1; d >= ERR_LAST; d--)
			if (!strcmp(err_code_name(c), err_code_name(d)))
				distinct = 0;
	}
	test_cond("every code from ERR_OK to ERR_LAST has a name", named);
	test_cond("no two codes share a name", distinct);
	test_cond("names are lowercase identifiers", lower);
	test_cond("a value that is no code is 'unknown'",
		  !strcmp(err_code_name(1), "unknown") &&
		  !strcmp(err_code_name(ERR_LAST - 1), "unknown"));

	/* Stable: these literals are what programs outside this tree read. */
	test_cond("stable names and numbers: ok io db not_found invalid",
		  ERR_OK == 0 && !strcmp(err_code_name(ERR_OK), "ok") &&
		  ERR_IO == -1 && !strcmp(err_code_name(ERR_IO), "io") &&
		  ERR_DB == -2 && !strcmp(err_code_name(ERR_DB), "db") &&
		  ERR_NOTFOUND == -3 && !strcmp(err_code_name(ERR_NOTFOUND), "not_found") &&
		  ERR_INVAL == -4 && !strcmp(err_code_name(ERR_INVAL), "invalid"));
	test_cond("stable names and numbers: schema state conflict send",
		  ERR_SCHEMA == -5 && !strcmp(err_code_name(ERR_SCHEMA), "schema") &&
		  ERR_BADSTATE == -6 && !strcmp(err_code_name(ERR_BADSTATE), "state") &&
		  ERR_CONFLICT == -7 && !strcmp(err_code_name(ERR_CONFLICT), "conflict") &&
		  ERR_SEND == -8 && !strcmp(err_code_name(ERR_SEND), "send"));
	test_cond("stable names and numbers: encoding corrupt too_big no_text",
		  ERR_ENCODING == -9 && !strcmp(err_code_name(ERR_ENCODING), "encoding") &&
		  ERR_CORRUPT == -10 && !strcmp(err_code_name(ERR_CORRUPT), "corrupt") &&
		  ERR_TOOBIG == -11 && !strcmp(err_code_name(ERR_TOOBIG), "too_big") &&
		  ERR_NOTEXT == -12 && !strcmp(err_code_name(ERR_NOTEXT), "no_text"));
	test_cond("stable names and numbers: unsupported tool parse",
		  ERR_UNSUPPORTED == -13 && !strcmp(err_code_name(ERR_UNSUPPORTED), "unsupported") &&
		  ERR_TOOL == -14 && !strcmp(err_code_name(ERR_TOOL), "tool") &&
		  ERR_PARSE == -15 && !strcmp(err_code_name(ERR_PARSE), "parse"));

	memset(&e, 0x5a, sizeof(e));
	test_cond("err_set returns the code",
		  err_set(&e, ERR_NOTFOUND, "no task %d in '%s'", 42, "tracker.db") == ERR_NOTFOUND);
	test_cond("err_set fills the code and the formatted message, no position",
		  e.code == ERR_NOTFOUND && !strcmp(e.msg, "no task 42 in 'tracker.db'") &&
		  e.line == 0 && e.col == 0);
	test_cond("err_at returns the code and keeps the position",
		  err_at(&e, ERR_ENCODING, 3, 5, "invalid UTF-8 at line %d, byte %d", 3, 5) ==
		  ERR_ENCODING && e.code == ERR_ENCODING && e.line == 3 && e.col == 5 &&
		  !strcmp(e.msg, "invalid UTF-8 at line 3, byte 5"));
	{
		char big[2 * sizeof(e.msg)];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		err_set(&e, ERR_IO, "%s", big);
		test_cond("a message longer than the buffer is cut, NUL-terminated",
			  strlen(e.msg) == sizeof(e.msg) - 1);
	}
	test_cond("a NULL struct still gets the code back",
		  err_set(NULL, ERR_SEND, "ignored") == ERR_SEND &&
		  err_at(NULL, ERR_PARSE, 1, 1, "ignored") == ERR_PARSE);
	return test_report();
}
