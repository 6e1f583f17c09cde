/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Aliyun RPC request signature v1 (PROTOCOLS.md §3). */

/* UTF-8 TEXT percent-encoded: A–Z a–z 0–9 - _ . ~ kept, every other byte %XY uppercase. */
char *sd_aliyun_percent_encode  (const char *text);
/* PARAMS (name → value) sorted by name, pe(name)=pe(value) joined by &; "Signature" left out. */
char *sd_aliyun_canonical_query (GHashTable *params);
/* METHOD&%2F&pe(canonical query). */
char *sd_aliyun_string_to_sign  (const char *method,
                                 GHashTable *params);
/* Base64 (HMAC-SHA1 (SECRET + "&", string to sign)). */
char *sd_aliyun_sign            (const char *method,
                                 GHashTable *params,
                                 const char *secret);

G_END_DECLS
