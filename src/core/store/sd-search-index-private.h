/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-db-private.h"

G_BEGIN_DECLS

/* A sorted set of customer ids (ascending, no duplicates). */
typedef struct
{
  gint64 *ids;
  gsize   len;
} SdIdSet;

void      _sd_id_set_free               (SdIdSet     *set);

/* Rebuilds the whole index from the customers and their notes, in the caller's transaction,
 * and empties search_dirty. */
gboolean  _sd_search_index_rebuild      (SdDb          *db,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* A customer changed (or was created or deleted): the index no longer speaks for it. */
gboolean  _sd_search_index_mark_dirty   (SdDb          *db,
                                         gint64         customer_id,
                                         GError       **error);
/* Rebuilds when the dirty list has grown past what a lookup can scan quickly. */
gboolean  _sd_search_index_maybe_rebuild (SdDb         *db,
                                          GCancellable *cancellable,
                                          GError      **error);
/* The ids of every customer whose name, nick, phone, address or notes contain the query
 * (case-insensitive), exactly: no false positives, no misses. NULL with error on failure. */
SdIdSet  *_sd_search_index_lookup       (SdDb          *db,
                                         const char    *query,
                                         GError       **error);
/* TEXT as the index reads it (see sd-search-index.c): case and width folded, white space,
 * punctuation and symbols dropped. A team database folds the same way (sd_fold ()). */
char     *_sd_search_index_fold         (const char    *text);
/* Customers whose postings a lookup cannot trust (dirty, or added since the build), and how
 * many maybe_rebuild tolerates before it rebuilds. */
gint64    _sd_search_index_count_stale  (SdDb          *db);
gint64    _sd_search_index_get_stale_limit (SdDb       *db);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdIdSet, _sd_id_set_free)

G_END_DECLS
