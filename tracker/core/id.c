/*
 * id.c - the one id parser (contract in id.h).
 */
#include "tracker/core/id.h"

#include <stdint.h>

enum id_err id_parse(const char *s, long long *out)
{
	long long v = 0;

	if (!s || !*s)
		return ID_EMPTY;
	if (*s == '0' && (!s[1] || (s[1] >= '0' && s[1] <= '9')))
		return ID_LEADING_ZERO;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return ID_NOT_DIGITS;
		if (v > (INT64_MAX - (*s - '0')) / 10)
			return ID_TOO_BIG;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return ID_OK;
}

const char *id_err_text(enum id_err e)
{
	switch (e) {
	case ID_OK:
		return "";
	case ID_EMPTY:
		return "mã số để trống";
	case ID_NOT_DIGITS:
		return "mã số chỉ gồm các chữ số 0-9, không có dấu, khoảng trắng hay chữ cái";
	case ID_LEADING_ZERO:
		return "mã số là số nguyên dương, không bắt đầu bằng chữ số 0";
	case ID_TOO_BIG:
		return "mã số quá lớn";
	}
	return "mã số không hợp lệ";
}
