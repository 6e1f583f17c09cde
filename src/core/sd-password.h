/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Passwords are kept only as Argon2id hashes (libsodium crypto_pwhash_str with its
 * interactive limits): "$argon2id$v=19$m=65536,t=2,p=1$salt$hash". */
gboolean  sd_password_check_new   (const char  *password,
                                   GError     **error);
char     *sd_password_hash        (const char  *password,
                                   GError     **error);
gboolean  sd_password_verify      (const char  *hash,
                                   const char  *password);

G_END_DECLS
