/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "sd-copy-buffer-private.h"
#include "sd-db.h"
#include "sd-stmt.h"

G_BEGIN_DECLS

typedef enum
{
  SD_COUNTER_CUSTOMERS,
  SD_COUNTER_ORDERS,
  SD_COUNTER_N
} SdCounter;

/* Row counts of the big tables, kept in the counters table: a change is noted with
 * _sd_db_count () and written with the transaction's commit. */
void          _sd_db_count        (SdDb        *db,
                                   SdCounter    counter,
                                   gint64       delta);
gint64        _sd_db_get_count    (SdDb        *db,
                                   SdCounter    counter);

/* Tests of the statement seam only: WHERE, a file or a postgresql:// URL, opened as it is,
 * without a shop's schema. */
SdDb         *_sd_db_open_bare    (const char  *where,
                                   GError     **error);
/* Tests only: a database left at an older schema version. */
SdDb         *_sd_db_open_at_version (const char *path,
                                      int         version,
                                      GError    **error);
/* The SQLite connection itself, for what only SQLite has (its virtual tables and
 * functions, PRAGMAs): the code that uses it is SQLite's side of the seam. */
sqlite3      *_sd_db_get_handle   (SdDb        *db);
/* The team database's connection (PostgreSQL), or NULL for a shop file. */
SdPgConnection *_sd_db_get_pg     (SdDb        *db);
/* A copy of the password this process was given for the team database at URL, or NULL:
 * for a connection of its own beside the shop's (the change watch's). */
char         *_sd_db_team_password (const char *url);
/* Whether DB is a team database on PostgreSQL rather than a shop file. */
gboolean      _sd_db_is_team      (SdDb        *db);
/* A cached prepared statement, reset and cleared of bindings. @sql must be a string
 * literal: the cache is keyed by its address. */
SdStmt       *_sd_db_prepare      (SdDb        *db,
                                   const char  *sql,
                                   GError     **error);
/* The same, without sending the rows held back first: only for a read that cannot meet
 * them (see _sd_db_hold_rows ()). */
SdStmt       *_sd_db_prepare_held (SdDb        *db,
                                   const char  *sql,
                                   GError     **error);
/* A team database's bulk load: from here, the store may hold rows back (in the buffer
 * _sd_db_held_rows () gives, each row followed by _sd_db_held_rows_check ()) and send them with COPY,
 * which is sent before any other statement runs. _sd_db_send_held_rows () ends it;
 * sd_db_rollback () drops what is held. FALSE for a shop file, which holds nothing. */
gboolean      _sd_db_hold_rows    (SdDb        *db);
SdCopyBuffer *_sd_db_held_rows    (SdDb        *db);
/* After a row is held: sends what is held when it has grown large. */
gboolean      _sd_db_held_rows_check (SdDb      *db,
                                      GError   **error);
gint64        _sd_db_held_customer_id (SdDb    *db,
                                       GError **error);
gboolean      _sd_db_send_held_rows (SdDb      *db,
                                     GError   **error);
/* A statement of SQL built at run time, not cached: free it with sd_stmt_free (). */
SdStmt       *_sd_db_prepare_dynamic (SdDb        *db,
                                      const char  *sql,
                                      const char  *what,
                                      GError     **error);
/* Rows the last INSERT, UPDATE or DELETE changed; the id the last INSERT gave its row. */
gint64        _sd_db_changes      (SdDb        *db);
gint64        _sd_db_last_insert_id (SdDb      *db);
gboolean      _sd_db_exec         (SdDb        *db,
                                   const char  *sql,
                                   GError     **error);
/* The same, answering the engine's result code (as SQLite's) for the caller to tell apart;
 * _sd_db_set_error () words it. */
int           _sd_db_exec_rc      (SdDb        *db,
                                   const char  *sql);
/* Holds row ID until the transaction ends, by TEAM_SQL ("SELECT … WHERE id = ? FOR … UPDATE")
 * on a team database; a shop file's writer holds the whole file. WHAT: the error's action. */
gboolean      _sd_db_lock_row     (SdDb        *db,
                                   const char  *team_sql,
                                   gint64       id,
                                   const char  *what,
                                   GError     **error);
gboolean      _sd_db_step_done    (SdDb        *db,
                                   SdStmt      *stmt,
                                   GError     **error);
/* Every row of STMT (prepared and bound), each made by READ, in a list that frees them
 * with FREE_ROW; NULL with an error naming WHAT when a step fails. */
typedef gpointer (*SdRowReader) (SdStmt *stmt);
GPtrArray    *_sd_db_collect_rows (SdDb        *db,
                                   SdStmt      *stmt,
                                   SdRowReader  read,
                                   GDestroyNotify free_row,
                                   const char  *what,
                                   GError     **error);
/* The one row of STMT (prepared and bound to ID), made by READ; NULL with NOT_FOUND's error
 * when there is none, or with an error naming WHAT when the step fails. */
typedef gboolean (*SdNotFoundFunc) (gint64 id, GError **error);
gpointer      _sd_db_read_one     (SdDb           *db,
                                   SdStmt         *stmt,
                                   SdRowReader     read,
                                   gint64          id,
                                   SdNotFoundFunc  not_found,
                                   const char     *what,
                                   GError        **error);
void          _sd_db_set_error    (SdDb        *db,
                                   GError     **error,
                                   int          rc,
                                   const char  *what);
/* Around a bulk load, outside any transaction: TRUE when the shop's file was this
 * connection's alone and the load may write it directly; leave only after TRUE. */
gboolean      _sd_db_enter_solo   (SdDb        *db);
void          _sd_db_leave_solo   (SdDb        *db);
gint64        _sd_db_query_int    (SdDb        *db,
                                   const char  *sql,
                                   gint64       fallback);
/* The column's text, copied; "" for NULL. */
char         *_sd_column_dup      (SdStmt      *stmt,
                                   int          column);

G_END_DECLS
