/*
 * secret.h - random secrets and their digests: session tokens, feed tokens,
 * CSRF tokens and password hashes.
 *
 * Secrets come from the kernel (getrandom) and are stored only as SHA-256
 * digests (libcrypto), so the database alone lets nobody in; passwords go
 * through libcrypt's yescrypt, which is slow and salted by design.
 */
#ifndef TRACKER_SECRET_H
#define TRACKER_SECRET_H

#include <stddef.h>

#define SECRET_SHA256_LEN 32

/* Fills buf with n random bytes from the kernel.  0, or -1 (errno set). */
int secret_random(void *buf, size_t n);

/*
 * A new token of `nbytes` random bytes written as unpadded base64url into
 * out (at least 4 * nbytes / 3 + 2 bytes; 32 bytes give 43 characters).
 * 0, or -1 when the kernel gives no randomness.
 */
int secret_token(size_t nbytes, char *out, size_t cap);

/* Writes n bytes as unpadded base64url (RFC 4648 5) into out, which holds
 * at least (4 * n + 2) / 3 + 1 bytes; returns the length written. */
size_t secret_b64url(const unsigned char *data, size_t n, char *out);

/* out = SHA-256 of data[0..n). */
void secret_sha256(const void *data, size_t n, unsigned char out[SECRET_SHA256_LEN]);

/* 1 when a and b (n bytes each) are equal, in time independent of where
 * they differ. */
int secret_equal(const void *a, const void *b, size_t n);

/*
 * A new password hash (yescrypt, random salt) in a malloc'd string the
 * caller frees, or NULL when libcrypt fails.
 */
char *secret_hash_password(const char *password);

/* 1 when `password` matches `hash` (made by secret_hash_password()). */
int secret_check_password(const char *password, const char *hash);

#endif
