/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Taobao TOP request signature (PROTOCOLS.md §1), written for the simulator on its own:
 * every parameter but `sign`, empty names and values dropped, sorted by name in byte order,
 * concatenated name+value; md5 = MD5(secret + s + secret), hmac = HMAC-MD5(secret, s),
 * hmac-sha256 = HMAC-SHA256(secret, s); uppercase hex. @params maps names to values (both
 * UTF-8 strings). Returns NULL for a @sign_method it does not know. */
char *sd_sim_top_sign (GHashTable *params,
                       const char *secret,
                       const char *sign_method);

G_END_DECLS
