/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-session.h"

G_BEGIN_DECLS

/*
 * Team mode: one shop shared by several desktops in a PostgreSQL database. A shop file moves
 * there whole, checked table by table.
 */

/* One table of a moved shop, as both sides read it: its rows and the SHA-256 of them in key
 * order. */
typedef struct
{
  char   *table;
  gint64  rows_file;
  gint64  rows_team;
  char   *checksum_file;
  char   *checksum_team;
} SdTeamTableCheck;

void       sd_team_table_check_free (SdTeamTableCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTeamTableCheck, sd_team_table_check_free)

/* Rows of TABLE copied so far, of ROWS_TOTAL. */
typedef void (*SdTeamProgressFunc) (const char *table,
                                    gint64      rows_done,
                                    gint64      rows_total,
                                    gpointer    user_data);

/* Copies the shop SESSION has open (a shop file; the owner only) into the empty PostgreSQL
 * database at URL, then counts and checksums every table on both sides. The team database
 * keeps the shop only when every table matches; the file stays as it was but for the audit
 * entry of the move, and nobody can change it while it is copied. A list of
 * SdTeamTableCheck, in copy order; NULL with an error, the team database left empty. */
GPtrArray *sd_team_move_shop        (SdSession          *session,
                                     const char         *url,
                                     SdTeamProgressFunc  progress,
                                     gpointer            user_data,
                                     GCancellable       *cancellable,
                                     GError            **error);

/* URL without its password, to show or to log. */
char      *sd_team_url_for_display  (const char         *url);

G_END_DECLS
