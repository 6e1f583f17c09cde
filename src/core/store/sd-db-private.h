/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "sd-db.h"

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

/* Tests only: a database left at an older schema version. */
SdDb         *_sd_db_open_at_version (const char *path,
                                      int         version,
                                      GError    **error);
sqlite3      *_sd_db_get_handle   (SdDb        *db);
/* A cached prepared statement, reset and cleared of bindings. @sql must be a string
 * literal: the cache is keyed by its address. */
sqlite3_stmt *_sd_db_prepare      (SdDb        *db,
                                   const char  *sql,
                                   GError     **error);
gboolean      _sd_db_exec         (SdDb        *db,
                                   const char  *sql,
                                   GError     **error);
gboolean      _sd_db_step_done    (SdDb        *db,
                                   sqlite3_stmt *stmt,
                                   GError     **error);
/* Every row of STMT (prepared and bound), each made by READ, in a list that frees them
 * with FREE_ROW; NULL with an error naming WHAT when a step fails. */
typedef gpointer (*SdRowReader) (sqlite3_stmt *stmt);
GPtrArray    *_sd_db_collect_rows (SdDb        *db,
                                   sqlite3_stmt *stmt,
                                   SdRowReader  read,
                                   GDestroyNotify free_row,
                                   const char  *what,
                                   GError     **error);
/* The one row of STMT (prepared and bound to ID), made by READ; NULL with NOT_FOUND's error
 * when there is none, or with an error naming WHAT when the step fails. */
typedef gboolean (*SdNotFoundFunc) (gint64 id, GError **error);
gpointer      _sd_db_read_one     (SdDb           *db,
                                   sqlite3_stmt   *stmt,
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
void          _sd_bind_text       (sqlite3_stmt *stmt,
                                   int          index,
                                   const char  *text);
char         *_sd_column_dup      (sqlite3_stmt *stmt,
                                   int          column);

G_END_DECLS
