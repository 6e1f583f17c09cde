/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * PostgreSQL's side of the statement seam (sd-stmt.h), for a shop that a team shares on a
 * PostgreSQL server. The store's SQL is written once, with SQLite's parameters (`?`, `?N`);
 * here they become PostgreSQL's `$N`, statements are prepared on the server, values go as
 * text (blobs as bytes), and the server's errors come back as the SQLite result codes the
 * store already tells apart (a unique key held: SQLITE_CONSTRAINT_UNIQUE; a serialization
 * failure or deadlock: SQLITE_BUSY), with the server's message kept for the error shown.
 */

typedef struct _SdPgConnection SdPgConnection;
typedef struct _SdPgStmt       SdPgStmt;

/* Whether this build has PostgreSQL's client library (libpq). */
gboolean         _sd_pg_available        (void);
/* Whether WHERE names a PostgreSQL database (postgresql:// or postgres://) rather than a
 * shop file. */
gboolean         _sd_pg_is_url           (const char      *where);

/* PASSWORD (NULL: the URL's, ~/.pgpass's or $PGPASSWORD's) is the server's to check. A
 * server that does not answer is given up after 10 s unless the URL says otherwise. */
SdPgConnection  *_sd_pg_connect          (const char      *url,
                                          const char      *password,
                                          GError         **error);
void             _sd_pg_disconnect       (SdPgConnection  *conn);
/* Runs SQL, one or more statements without parameters; an SQLite result code. */
int              _sd_pg_exec             (SdPgConnection  *conn,
                                          const char      *sql);
gboolean         _sd_pg_in_transaction   (SdPgConnection  *conn);
/* The server's words for the last error of CONN. */
const char      *_sd_pg_error_message    (SdPgConnection  *conn);
/* Rows the last statement of CONN changed; the id the last INSERT drew from a sequence. */
gint64           _sd_pg_changes          (SdPgConnection  *conn);
gint64           _sd_pg_last_insert_id   (SdPgConnection  *conn);

/* NULL with *out_rc set when the server refuses the SQL. */
SdPgStmt        *_sd_pg_prepare          (SdPgConnection  *conn,
                                          const char      *sql,
                                          int             *out_rc);
void             _sd_pg_stmt_free        (SdPgStmt        *stmt);
void             _sd_pg_bind_int64       (SdPgStmt        *stmt,
                                          int              index,
                                          gint64           value);
void             _sd_pg_bind_double      (SdPgStmt        *stmt,
                                          int              index,
                                          double           value);
/* TEXT is copied; NULL binds SQL NULL. */
void             _sd_pg_bind_text        (SdPgStmt        *stmt,
                                          int              index,
                                          const char      *text,
                                          gssize           length);
void             _sd_pg_bind_blob        (SdPgStmt        *stmt,
                                          int              index,
                                          gconstpointer    data,
                                          gsize            length);
void             _sd_pg_clear_bindings   (SdPgStmt        *stmt);
int              _sd_pg_parameter_count  (SdPgStmt        *stmt);
int              _sd_pg_step             (SdPgStmt        *stmt);
void             _sd_pg_reset            (SdPgStmt        *stmt);
gboolean         _sd_pg_column_is_null   (SdPgStmt        *stmt,
                                          int              column);
const char      *_sd_pg_column_text      (SdPgStmt        *stmt,
                                          int              column);
gint64           _sd_pg_column_int64     (SdPgStmt        *stmt,
                                          int              column);
double           _sd_pg_column_double    (SdPgStmt        *stmt,
                                          int              column);
gconstpointer    _sd_pg_column_blob      (SdPgStmt        *stmt,
                                          int              column,
                                          gsize           *out_length);

/* COPY … FROM STDIN: SQL starts it, rows go in as COPY's text format (sd_pg_copy_put ()
 * takes any pieces of it), and end finishes it: SQLite result codes, the server's words
 * kept as for any error. */
int              _sd_pg_copy_begin       (SdPgConnection  *conn,
                                          const char      *sql);
int              _sd_pg_copy_put         (SdPgConnection  *conn,
                                          const char      *data,
                                          gsize            length);
int              _sd_pg_copy_end         (SdPgConnection  *conn);

/* SQL with SQLite's parameters (`?`, `?N`) written as PostgreSQL's `$N`, the way SQLite
 * numbers them: `?N` is N, a bare `?` one more than the largest number before it. Quoted
 * text, quoted names and comments are left as they are. *OUT_N_PARAMS: the largest number. */
char            *_sd_pg_translate_params (const char      *sql,
                                          int             *out_n_params);

G_END_DECLS
