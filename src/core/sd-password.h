/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Passwords are kept only as Argon2id hashes (libsodium crypto_pwhash_str, 19 MiB and 2
 * passes): "$argon2id$v=19$m=19456,t=2,p=1$salt$hash". A hash of other limits (older
 * shops: 64 MiB) still verifies; sd_password_needs_rehash () tells a login to replace it. */
gboolean  sd_password_check_new   (const char  *password,
                                   GError     **error);
char     *sd_password_hash        (const char  *password,
                                   GError     **error);
gboolean  sd_password_verify      (const char  *hash,
                                   const char  *password);
gboolean  sd_password_needs_rehash (const char *hash);

G_END_DECLS
