/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "sd-pg-private.h"

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
 * A statement is SQLite's (a shop file) or PostgreSQL's (a team database, sd-pg-private.h);
 * for SQLite these calls cost a test of a pointer over SQLite's own.
 */
typedef struct _SdStmt SdStmt;

struct _SdStmt
{
  sqlite3_stmt *lite;    /* SQLite's statement, or NULL */
  SdPgStmt     *pg;      /* PostgreSQL's, or NULL */
};

#define SD_STMT_ROW  SQLITE_ROW
#define SD_STMT_DONE SQLITE_DONE

/* SQLite's own statement, for what only SQLite has (sqlite3_bind_pointer ()). */
static inline sqlite3_stmt *
sd_stmt_get_sqlite (SdStmt *stmt)
{
  return stmt->lite;
}

static inline void
sd_stmt_bind_int64 (SdStmt *stmt,
                    int     index,
                    gint64  value)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_int64 (stmt->lite, index, value);
  else
    _sd_pg_bind_int64 (stmt->pg, index, value);
}

static inline void
sd_stmt_bind_int (SdStmt *stmt,
                  int     index,
                  int     value)
{
  sd_stmt_bind_int64 (stmt, index, value);
}

static inline void
sd_stmt_bind_double (SdStmt *stmt,
                     int     index,
                     double  value)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_double (stmt->lite, index, value);
  else
    _sd_pg_bind_double (stmt->pg, index, value);
}

static inline void
sd_stmt_bind_null (SdStmt *stmt,
                   int     index)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_null (stmt->lite, index);
  else
    _sd_pg_bind_text (stmt->pg, index, NULL, -1);
}

/* LENGTH bytes of text that need not end in a NUL (-1: up to its NUL); not copied. */
static inline void
sd_stmt_bind_text_len (SdStmt     *stmt,
                       int         index,
                       const char *text,
                       gssize      length)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_text (stmt->lite, index, text, (int) length, SQLITE_STATIC);
  else
    _sd_pg_bind_text (stmt->pg, index, text, length);
}

static inline void
sd_stmt_bind_text (SdStmt     *stmt,
                   int         index,
                   const char *text)
{
  sd_stmt_bind_text_len (stmt, index, text ? text : "", -1);
}

static inline void
sd_stmt_bind_text_or_null (SdStmt     *stmt,
                           int         index,
                           const char *text)
{
  if (text == NULL)
    sd_stmt_bind_null (stmt, index);
  else
    sd_stmt_bind_text_len (stmt, index, text, -1);
}

/* Copied now: for text that is gone before the step. LENGTH -1: up to its NUL. */
static inline void
sd_stmt_bind_text_copy (SdStmt     *stmt,
                        int         index,
                        const char *text,
                        gssize      length)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_text (stmt->lite, index, text ? text : "", text ? (int) length : 0, SQLITE_TRANSIENT);
  else
    _sd_pg_bind_text (stmt->pg, index, text ? text : "", text ? length : 0);
}

static inline void
sd_stmt_bind_blob (SdStmt        *stmt,
                   int            index,
                   gconstpointer  data,
                   gsize          length)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_blob (stmt->lite, index, data, (int) length, SQLITE_STATIC);
  else
    _sd_pg_bind_blob (stmt->pg, index, data, length);
}

static inline int
sd_stmt_step (SdStmt *stmt)
{
  if (G_LIKELY (stmt->lite != NULL))
    return sqlite3_step (stmt->lite);
  return _sd_pg_step (stmt->pg);
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
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_reset (stmt->lite);
  else
    _sd_pg_reset (stmt->pg);
}

static inline void
sd_stmt_clear_bindings (SdStmt *stmt)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_clear_bindings (stmt->lite);
  else
    _sd_pg_clear_bindings (stmt->pg);
}

/* The largest parameter number the statement's SQL names. */
static inline int
sd_stmt_parameter_count (SdStmt *stmt)
{
  if (G_LIKELY (stmt->lite != NULL))
    return sqlite3_bind_parameter_count (stmt->lite);
  return _sd_pg_parameter_count (stmt->pg);
}

static inline gint64
sd_stmt_column_int64 (SdStmt *stmt,
                      int     column)
{
  if (G_LIKELY (stmt->lite != NULL))
    return sqlite3_column_int64 (stmt->lite, column);
  return _sd_pg_column_int64 (stmt->pg, column);
}

static inline int
sd_stmt_column_int (SdStmt *stmt,
                    int     column)
{
  return (int) sd_stmt_column_int64 (stmt, column);
}

static inline double
sd_stmt_column_double (SdStmt *stmt,
                       int     column)
{
  if (G_LIKELY (stmt->lite != NULL))
    return sqlite3_column_double (stmt->lite, column);
  return _sd_pg_column_double (stmt->pg, column);
}

/* NULL for SQL NULL; valid until the next step or reset. */
static inline const char *
sd_stmt_column_text (SdStmt *stmt,
                     int     column)
{
  if (G_LIKELY (stmt->lite != NULL))
    return (const char *) sqlite3_column_text (stmt->lite, column);
  return _sd_pg_column_text (stmt->pg, column);
}

static inline gboolean
sd_stmt_column_is_null (SdStmt *stmt,
                        int     column)
{
  if (G_LIKELY (stmt->lite != NULL))
    return sqlite3_column_type (stmt->lite, column) == SQLITE_NULL;
  return _sd_pg_column_is_null (stmt->pg, column);
}

static inline gconstpointer
sd_stmt_column_blob (SdStmt *stmt,
                     int     column,
                     gsize  *out_length)
{
  gconstpointer data;

  if (G_UNLIKELY (stmt->pg != NULL))
    return _sd_pg_column_blob (stmt->pg, column, out_length);
  data = sqlite3_column_blob (stmt->lite, column);
  *out_length = (gsize) sqlite3_column_bytes (stmt->lite, column);
  return data;
}

static inline void
sd_stmt_free (SdStmt *stmt)
{
  if (stmt == NULL)
    return;
  sqlite3_finalize (stmt->lite);
  _sd_pg_stmt_free (stmt->pg);
  g_free (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdStmt, sd_stmt_free)

G_END_DECLS
