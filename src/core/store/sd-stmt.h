/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/*
 * A prepared statement of the shop database, and the calls the store makes on it. The
 * store speaks through these and _sd_db_* (sd-db-private.h) only, so that what differs
 * between the engines — SQLite for a shop on one desktop, PostgreSQL for a team — stays
 * behind this seam: sd-db.c and the statement's engine are the only places that know which
 * one holds the shop.
 *
 * Binding: parameters count from 1, as they are written in the SQL (`?1`, `?2`, or `?` in
 * order). Text is not copied: it must live until the statement has been stepped (every
 * caller binds and steps in one go; _sd_db_prepare () clears old bindings). NULL text binds
 * as the empty string, unless bound with sd_stmt_bind_text_or_null ().
 *
 * Stepping: sd_stmt_step () answers SD_STMT_ROW while there is a row, SD_STMT_DONE at the
 * end, or an error code that _sd_db_set_error () turns into an SD_ERROR. A cached statement
 * (_sd_db_prepare ()) is reset by its next user; one of _sd_db_prepare_dynamic () is freed
 * with sd_stmt_free ().
 *
 * Today every shop is an SQLite file and SdStmt is SQLite's statement itself: these calls
 * cost nothing over SQLite's own.
 */
typedef struct sqlite3_stmt SdStmt;

#define SD_STMT_ROW  SQLITE_ROW
#define SD_STMT_DONE SQLITE_DONE

static inline void
sd_stmt_bind_int64 (SdStmt *stmt,
                    int     index,
                    gint64  value)
{
  sqlite3_bind_int64 (stmt, index, value);
}

static inline void
sd_stmt_bind_int (SdStmt *stmt,
                  int     index,
                  int     value)
{
  sqlite3_bind_int (stmt, index, value);
}

static inline void
sd_stmt_bind_double (SdStmt *stmt,
                     int     index,
                     double  value)
{
  sqlite3_bind_double (stmt, index, value);
}

static inline void
sd_stmt_bind_null (SdStmt *stmt,
                   int     index)
{
  sqlite3_bind_null (stmt, index);
}

static inline void
sd_stmt_bind_text (SdStmt     *stmt,
                   int         index,
                   const char *text)
{
  sqlite3_bind_text (stmt, index, text ? text : "", -1, SQLITE_STATIC);
}

static inline void
sd_stmt_bind_text_or_null (SdStmt     *stmt,
                           int         index,
                           const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

/* LENGTH bytes of text that need not end in a NUL. */
static inline void
sd_stmt_bind_text_len (SdStmt     *stmt,
                       int         index,
                       const char *text,
                       gsize       length)
{
  sqlite3_bind_text (stmt, index, text, (int) length, SQLITE_STATIC);
}

/* Copied now: for text that is gone before the step. LENGTH -1: up to its NUL. */
static inline void
sd_stmt_bind_text_copy (SdStmt     *stmt,
                        int         index,
                        const char *text,
                        gssize      length)
{
  sqlite3_bind_text (stmt, index, text ? text : "", text ? (int) length : 0, SQLITE_TRANSIENT);
}

static inline void
sd_stmt_bind_blob (SdStmt        *stmt,
                   int            index,
                   gconstpointer  data,
                   gsize          length)
{
  sqlite3_bind_blob (stmt, index, data, (int) length, SQLITE_STATIC);
}

static inline int
sd_stmt_step (SdStmt *stmt)
{
  return sqlite3_step (stmt);
}

/* Whether RC, a step's answer, says a unique key already holds the value. */
static inline gboolean
sd_stmt_rc_is_duplicate (int rc)
{
  return rc == SQLITE_CONSTRAINT_UNIQUE;
}

static inline void
sd_stmt_reset (SdStmt *stmt)
{
  sqlite3_reset (stmt);
}

static inline void
sd_stmt_clear_bindings (SdStmt *stmt)
{
  sqlite3_clear_bindings (stmt);
}

static inline gint64
sd_stmt_column_int64 (SdStmt *stmt,
                      int     column)
{
  return sqlite3_column_int64 (stmt, column);
}

static inline int
sd_stmt_column_int (SdStmt *stmt,
                    int     column)
{
  return sqlite3_column_int (stmt, column);
}

static inline double
sd_stmt_column_double (SdStmt *stmt,
                       int     column)
{
  return sqlite3_column_double (stmt, column);
}

/* NULL for SQL NULL; valid until the next step or reset. */
static inline const char *
sd_stmt_column_text (SdStmt *stmt,
                     int     column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static inline gboolean
sd_stmt_column_is_null (SdStmt *stmt,
                        int     column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL;
}

static inline gconstpointer
sd_stmt_column_blob (SdStmt *stmt,
                     int     column,
                     gsize  *out_length)
{
  gconstpointer data = sqlite3_column_blob (stmt, column);

  *out_length = (gsize) sqlite3_column_bytes (stmt, column);
  return data;
}

static inline void
sd_stmt_free (SdStmt *stmt)
{
  sqlite3_finalize (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdStmt, sd_stmt_free)

G_END_DECLS
