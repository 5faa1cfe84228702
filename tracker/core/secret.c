/*
 * secret.c - random tokens, SHA-256 digests and password hashes.
 */
#include "tracker/core/secret.h"

#include <crypt.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

int secret_random(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n) {
		ssize_t got = getrandom(p, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

static const char b64url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t secret_b64url(const unsigned char *data, size_t n, char *out)
{
	size_t i, o = 0;
	unsigned v = 0;
	int bits = 0;

	for (i = 0; i < n; i++) {
		v = (v << 8) | data[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			out[o++] = b64url[(v >> bits) & 63];
		}
	}
	if (bits)
		out[o++] = b64url[(v << (6 - bits)) & 63];
	out[o] = 0;
	return o;
}

int secret_token(size_t nbytes, char *out, size_t cap)
{
	unsigned char raw[64];

	if (nbytes > sizeof(raw) || cap < (nbytes * 4 + 2) / 3 + 1)
		return -1;
	if (secret_random(raw, nbytes))
		return -1;
	secret_b64url(raw, nbytes, out);
	memset(raw, 0, sizeof(raw));
	return 0;
}

void secret_sha256(const void *data, size_t n, unsigned char out[SECRET_SHA256_LEN])
{
	unsigned int len = SECRET_SHA256_LEN;

	if (!EVP_Digest(data, n, out, &len, EVP_sha256(), NULL))
		abort(); /* only fails when libcrypto cannot allocate */
}

int secret_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

char *secret_hash_password(const char *password)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *cd = NULL;
	char *out = NULL;
	const char *h;

	/* NULL random bytes: libcrypt draws them from the kernel itself. */
	if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof(salt)))
		goto out;
	cd = calloc(1, sizeof(*cd));
	if (!cd)
		goto out;
	h = crypt_r(password, salt, cd);
	if (h && h[0] == '$')
		out = strdup(h);
out:
	if (cd) {
		memset(cd, 0, sizeof(*cd));
		free(cd);
	}
	return out;
}

int secret_check_password(const char *password, const char *hash)
{
	struct crypt_data *cd = calloc(1, sizeof(*cd));
	const char *h;
	size_t n = strlen(hash);
	int ok = 0;

	if (!cd)
		return 0;
	h = crypt_r(password, hash, cd);
	ok = h && h[0] == '$' && strlen(h) == n && secret_equal(h, hash, n);
	memset(cd, 0, sizeof(*cd));
	free(cd);
	return ok;
}
