/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An exact string → id map for millions of keys, far leaner than a GHashTable of
 * allocated keys: one arena for the strings, one flat open-addressed table. */
typedef struct _SdKeyIndex SdKeyIndex;

SdKeyIndex *sd_key_index_new     (gsize        expected);
void        sd_key_index_free    (SdKeyIndex  *index);
gint64      sd_key_index_lookup  (SdKeyIndex  *index,
                                  const char  *key,
                                  gsize        len);
/* Keeps the first id given for a key. */
void        sd_key_index_insert  (SdKeyIndex  *index,
                                  const char  *key,
                                  gsize        len,
                                  gint64       id);
gsize       sd_key_index_size    (SdKeyIndex  *index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdKeyIndex, sd_key_index_free)

G_END_DECLS
