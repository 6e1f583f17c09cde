/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Secrets of the shop's connections in the Secret Service (libsecret), under the schema
 * io.github.shopdesk.ShopDesk.Secret: attributes "ref" (kept in the database) and "kind"
 * ("app_secret", "session_key", "access_token", …). Never in the database, a log or an
 * error message. */

/* A new reference: random, so that two shops on one desktop never share secrets. */
char     *_sd_secrets_new_ref (void);
/* FALSE with an error when no Secret Service answers (a bare server, CI); the message says
 * so without the value. */
gboolean  _sd_secrets_store   (const char  *ref,
                               const char  *kind,
                               const char  *label,
                               const char  *value,
                               GError     **error);
/* A secret's text: g_autoptr(SdSecret) wipes it when freed. */
typedef char SdSecret;

/* The secret, or NULL (not stored, or no Secret Service). */
SdSecret *_sd_secrets_lookup  (const char  *ref,
                               const char  *kind);
void      _sd_secrets_clear   (const char  *ref);
/* Wipes and frees a secret. */
void      _sd_secrets_free    (SdSecret    *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSecret, _sd_secrets_free)

G_END_DECLS
