/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SD_SCHEMA_VERSION 9

/* One open shop database: a connection owned by one thread at a time. Long jobs open
 * their own with sd_db_open() on the same path. */
typedef struct _SdDb SdDb;

char       *sd_db_default_path    (void);
/* PATH: a shop file, or a team database's postgresql:// (or postgres://) URL, made into a
 * shop at the first open. */
SdDb       *sd_db_open            (const char  *path,
                                   GError     **error);
/* The team database at URL with PASSWORD (NULL or "": none beyond the URL's own, ~/.pgpass
 * or $PGPASSWORD), which later opens of URL in this process use too. */
SdDb       *sd_db_open_team       (const char  *url,
                                   const char  *password,
                                   GError     **error);
/* Keeps PASSWORD (NULL or "": nothing to keep) for the team database at URL: later opens of
 * URL in this process use it (a job's own connections, a shop moved there, then opened). */
void        sd_db_set_team_password (const char *url,
                                     const char *password);
/* Whether PATH names a team database on a PostgreSQL server rather than a shop file. */
gboolean    sd_db_is_team_url     (const char  *path);
/* TRUE when URL is a team database's address, else FALSE with an error that says so. */
gboolean    sd_db_check_team_url  (const char  *url,
                                   GError     **error);
/* Whether there is a shop at PATH already: a file, or a team database holding a shop with
 * its name or its owner set (FALSE too when the server cannot be reached: opening says
 * why). */
gboolean    sd_db_shop_exists     (const char  *path);
SdDb       *sd_db_ref             (SdDb        *db);
void        sd_db_unref           (SdDb        *db);
const char *sd_db_get_path        (SdDb        *db);
/* The page cache of this connection (64 MiB at open): a window keeps its own small, so
 * that two connections on a million customers stay within its memory budget. */
void        sd_db_set_cache_size  (SdDb        *db,
                                   guint        mebibytes);
int         sd_db_get_schema_version (SdDb     *db);

gboolean    sd_db_begin           (SdDb        *db,
                                   GError     **error);
gboolean    sd_db_commit          (SdDb        *db,
                                   GError     **error);
void        sd_db_rollback        (SdDb        *db);
gboolean    sd_db_in_transaction  (SdDb        *db);
/* The time the shop's rules see (lockouts, audit entries), UTC seconds: the real clock,
 * or a test's. */
typedef gint64 (*SdClockFunc) (gpointer user_data);
void        sd_db_set_clock       (SdDb        *db,
                                   SdClockFunc  clock,
                                   gpointer     user_data);
gint64      sd_db_now             (SdDb        *db);

gboolean    sd_db_integrity_check (SdDb        *db,
                                   char       **out_report,
                                   GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdDb, sd_db_unref)

G_END_DECLS
