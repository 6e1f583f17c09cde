/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-db-private.h"
#include "sd-team.h"

G_BEGIN_DECLS

/*
 * A shop in a team database (PostgreSQL): made from the rows of an SQLite shop — a new
 * shop's from a fresh one in memory, a moved shop's from its file — and checked against
 * them table by table.
 */


/* Whether TEAM holds the record of a shop's version. */
gboolean    _sd_team_has_version     (SdDb         *team);
/* The schema version of the shop in TEAM, which must be in a transaction: 0 when the
 * database holds no tables at all (a new team database), -1 with an error when it holds
 * tables that are not a ShopDesk shop's. Waits for any other desktop making the shop. */
int         _sd_team_read_version    (SdDb         *team,
                                      GError      **error);
/* Makes the shop in the empty team database TEAM (in its transaction) from the rows of
 * FROM, an SQLite shop at the current schema version read in one snapshot: the structure,
 * every row but the search index's (a team database searches with pg_trgm) and the version. */
gboolean    _sd_team_create_from     (SdDb         *team,
                                      SdDb         *from,
                                      SdTeamProgressFunc progress,
                                      gpointer      user_data,
                                      GCancellable *cancellable,
                                      GError      **error);
/* Counts and checksums every copied table on both sides; a list of SdTeamTableCheck. */
GPtrArray  *_sd_team_verify          (SdDb         *team,
                                      SdDb         *from,
                                      GError      **error);

G_END_DECLS
