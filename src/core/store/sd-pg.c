/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-pg"

#include "sd-i18n.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "sd-error.h"
#include "sd-pg-private.h"

#ifdef SD_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

/* USED (optional): a byte a parameter, from $1, set for those the SQL names. */
static char *
translate_params (const char  *sql,
                  int         *out_n_params,
                  GByteArray  *used)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  int largest = 0;
  const char *p = sql;

  while (*p != '\0')
    {
      if (*p == '\'' || *p == '"')
        {
          /* A quoted text or name, its doubled quotes included. */
          char quote = *p;
          const char *end = p + 1;
          while (*end != '\0' && !(*end == quote && end[1] != quote))
            end += *end == quote ? 2 : 1;
          if (*end != '\0')
            end++;
          g_string_append_len (out, p, end - p);
          p = end;
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          const char *end = strchr (p, '\n');
          end = end ? end : p + strlen (p);
          g_string_append_len (out, p, end - p);
          p = end;
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");
          end = end ? end + 2 : p + strlen (p);
          g_string_append_len (out, p, end - p);
          p = end;
        }
      else if (*p == '?')
        {
          int n;
          p++;
          if (g_ascii_isdigit (*p))
            {
              n = 0;
              while (g_ascii_isdigit (*p))
                n = n * 10 + (*p++ - '0');
            }
          else
            n = largest + 1;
          largest = MAX (largest, n);
          g_string_append_printf (out, "$%d", n);
          if (used != NULL && n > 0)
            {
              guint had = used->len;
              if (had < (guint) n)
                {
                  g_byte_array_set_size (used, (guint) n);
                  memset (used->data + had, 0, (guint) n - had);
                }
              used->data[n - 1] = 1;
            }
        }
      else
        g_string_append_c (out, *p++);
    }
  if (out_n_params)
    *out_n_params = largest;
  return g_string_free (out, FALSE);
}

char *
_sd_pg_translate_params (const char *sql,
                         int        *out_n_params)
{
  return translate_params (sql, out_n_params, NULL);
}

gboolean
_sd_pg_is_url (const char *where)
{
  return where != NULL &&
         (g_str_has_prefix (where, "postgresql://") || g_str_has_prefix (where, "postgres://"));
}

#ifdef SD_HAVE_LIBPQ

struct _SdPgConnection
{
  PGconn  *conn;
  char    *error;          /* the server's words for the last error */
  gint64   changes;
  guint    next_name;
};

typedef struct
{
  char  *value;            /* NULL: SQL NULL */
  int    length;
  int    format;           /* 0 text, 1 bytes */
} Param;

struct _SdPgStmt
{
  SdPgConnection *conn;
  char           *name;
  int             n_params;
  Param          *params;
  PGresult       *result;
  int             row;      /* the row stepped to; -1 before the first */
  int             n_rows;
  gboolean        done;
  guchar        **blobs;    /* per column, decoded for the row shown */
  gsize          *blob_lengths;
};

gboolean
_sd_pg_available (void)
{
  return TRUE;
}

/* The SQLite result code the store acts on, for the server's SQLSTATE. */
static int
rc_of_sqlstate (const char *state)
{
  if (state == NULL)
    return SQLITE_IOERR;
  if (g_str_equal (state, "23505"))
    return SQLITE_CONSTRAINT_UNIQUE;
  if (g_str_equal (state, "23503"))
    return SQLITE_CONSTRAINT_FOREIGNKEY;
  if (g_str_equal (state, "23502"))
    return SQLITE_CONSTRAINT_NOTNULL;
  if (g_str_equal (state, "23514"))
    return SQLITE_CONSTRAINT_CHECK;
  if (g_str_has_prefix (state, "23"))
    return SQLITE_CONSTRAINT;
  if (g_str_equal (state, "40001") || g_str_equal (state, "40P01") || g_str_equal (state, "55P03"))
    return SQLITE_BUSY;
  if (g_str_equal (state, "57014"))
    return SQLITE_INTERRUPT;
  if (g_str_has_prefix (state, "08"))
    return SQLITE_IOERR;
  return SQLITE_ERROR;
}

static void
set_error (SdPgConnection *conn,
           const char     *message)
{
  g_free (conn->error);
  conn->error = g_strstrip (g_strdup (message ? message : ""));
}

/* The SQLite result code of RESULT, an error or a success; the error's words kept. */
static int
rc_of_result (SdPgConnection *conn,
              PGresult       *result)
{
  ExecStatusType status = result ? PQresultStatus (result) : PGRES_FATAL_ERROR;

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return SQLITE_OK;
  set_error (conn, result ? PQresultErrorMessage (result) : PQerrorMessage (conn->conn));
  return rc_of_sqlstate (result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL);
}

SdPgConnection *
_sd_pg_connect (const char  *url,
                const char  *password,
                GError     **error)
{
  SdPgConnection *conn = g_new0 (SdPgConnection, 1);
  /* The URL is expanded in the place of dbname: what comes before it, it may override;
   * what comes after, overrides it. */
  const char *keywords[] = { "connect_timeout", "dbname", password ? "password" : NULL, NULL };
  const char *values[] = { "10", url, password, NULL };

  conn->conn = PQconnectdbParams (keywords, values, 1);
  if (PQstatus (conn->conn) != CONNECTION_OK)
    {
      g_autofree char *words = g_strstrip (g_strdup (PQerrorMessage (conn->conn)));
      /* libpq's hint comes on an indented line of its own: one sentence after the other. */
      g_strdelimit (words, "\n\t", ' ');
      g_set_error (error, SD_ERROR, SD_ERROR_NETWORK,
                   _("Could not connect to the team database: %s"), words);
      _sd_pg_disconnect (conn);
      return NULL;
    }
  /* The shop's words are UTF-8; notices (an index that exists already) are not errors. A
   * statement is planned for its values each time: a plan kept from when a table was small
   * (a new shop filling up) would scan it whole for every row of an import. */
  if (PQsetClientEncoding (conn->conn, "UTF8") != 0 ||
      _sd_pg_exec (conn, "SET client_min_messages = warning; SET plan_cache_mode = force_custom_plan") != SQLITE_OK)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Could not connect to the team database: %s"),
                   conn->error ? conn->error : PQerrorMessage (conn->conn));
      _sd_pg_disconnect (conn);
      return NULL;
    }
  return conn;
}

void
_sd_pg_disconnect (SdPgConnection *conn)
{
  if (conn == NULL)
    return;
  PQfinish (conn->conn);
  g_free (conn->error);
  g_free (conn);
}

static gint64
tuples_changed (PGresult *result)
{
  const char *n = PQcmdTuples (result);

  return n && *n ? g_ascii_strtoll (n, NULL, 10) : 0;
}

int
_sd_pg_exec (SdPgConnection *conn,
             const char     *sql)
{
  PGresult *result = PQexec (conn->conn, sql);
  int rc = rc_of_result (conn, result);

  if (rc == SQLITE_OK)
    conn->changes = tuples_changed (result);
  PQclear (result);
  return rc;
}

gboolean
_sd_pg_in_transaction (SdPgConnection *conn)
{
  return PQtransactionStatus (conn->conn) != PQTRANS_IDLE;
}

const char *
_sd_pg_error_message (SdPgConnection *conn)
{
  return conn->error ? conn->error : PQerrorMessage (conn->conn);
}

gint64
_sd_pg_changes (SdPgConnection *conn)
{
  return conn->changes;
}

gint64
_sd_pg_last_insert_id (SdPgConnection *conn)
{
  PGresult *result = PQexec (conn->conn, "SELECT lastval ()");
  gint64 id = 0;

  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1)
    id = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return id;
}

SdPgStmt *
_sd_pg_prepare (SdPgConnection *conn,
                const char     *sql,
                int            *out_rc)
{
  g_autofree char *translated = NULL;
  g_autoptr(GByteArray) used = g_byte_array_new ();
  g_autofree Oid *types = NULL;
  SdPgStmt *stmt = g_new0 (SdPgStmt, 1);
  PGresult *result;
  int rc;

  translated = translate_params (sql, &stmt->n_params, used);
  /* A number the SQL skips (a query built from parts binds ?1–?3 and ?10 on, whichever
   * parts it has) has no type the server could infer: it is text, bound or not. */
  types = g_new0 (Oid, MAX (stmt->n_params, 1));
  for (int i = 0; i < stmt->n_params; i++)
    types[i] = (guint) i < used->len && used->data[i] ? 0 : 25;   /* 25: text */
  stmt->conn = conn;
  stmt->name = g_strdup_printf ("sd%u", ++conn->next_name);
  stmt->params = g_new0 (Param, MAX (stmt->n_params, 1));
  stmt->row = -1;
  result = PQprepare (conn->conn, stmt->name, translated, stmt->n_params, types);
  rc = rc_of_result (conn, result);
  PQclear (result);
  if (rc != SQLITE_OK)
    {
      g_warning ("prepare failed: %s: %s", conn->error, translated);
      g_clear_pointer (&stmt->name, g_free);   /* nothing to deallocate on the server */
      _sd_pg_stmt_free (stmt);
      *out_rc = rc;
      return NULL;
    }
  *out_rc = SQLITE_OK;
  return stmt;
}

static void
drop_row (SdPgStmt *stmt)
{
  if (stmt->blobs == NULL)
    return;
  for (int c = 0; stmt->result && c < PQnfields (stmt->result); c++)
    g_clear_pointer (&stmt->blobs[c], PQfreemem);
}

void
_sd_pg_reset (SdPgStmt *stmt)
{
  drop_row (stmt);
  g_clear_pointer (&stmt->blobs, g_free);
  g_clear_pointer (&stmt->blob_lengths, g_free);
  g_clear_pointer (&stmt->result, PQclear);
  stmt->row = -1;
  stmt->n_rows = 0;
  stmt->done = FALSE;
}

void
_sd_pg_clear_bindings (SdPgStmt *stmt)
{
  for (int i = 0; i < stmt->n_params; i++)
    g_clear_pointer (&stmt->params[i].value, g_free);
}

int
_sd_pg_parameter_count (SdPgStmt *stmt)
{
  return stmt->n_params;
}

void
_sd_pg_stmt_free (SdPgStmt *stmt)
{
  if (stmt == NULL)
    return;
  _sd_pg_reset (stmt);
  _sd_pg_clear_bindings (stmt);
  if (stmt->name != NULL && PQstatus (stmt->conn->conn) == CONNECTION_OK)
    {
      g_autofree char *sql = g_strdup_printf ("DEALLOCATE %s", stmt->name);
      PQclear (PQexec (stmt->conn->conn, sql));
    }
  g_free (stmt->params);
  g_free (stmt->name);
  g_free (stmt);
}

static Param *
param (SdPgStmt *stmt,
       int       index)
{
  /* As SQLite: a number the SQL does not name binds nothing (a statement shared by two
   * callers, one binding more than the other's form uses). */
  if (index < 1 || index > stmt->n_params)
    return NULL;
  g_clear_pointer (&stmt->params[index - 1].value, g_free);
  return &stmt->params[index - 1];
}

void
_sd_pg_bind_int64 (SdPgStmt *stmt,
                   int       index,
                   gint64    value)
{
  Param *p = param (stmt, index);

  if (p == NULL)
    return;
  p->value = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  p->length = 0;
  p->format = 0;
}

void
_sd_pg_bind_double (SdPgStmt *stmt,
                    int       index,
                    double    value)
{
  Param *p = param (stmt, index);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (p == NULL)
    return;
  p->value = g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
  p->length = 0;
  p->format = 0;
}

void
_sd_pg_bind_text (SdPgStmt   *stmt,
                  int         index,
                  const char *text,
                  gssize      length)
{
  Param *p = param (stmt, index);

  if (p == NULL || text == NULL)
    return;
  p->value = length < 0 ? g_strdup (text) : g_strndup (text, (gsize) length);
  p->length = 0;
  p->format = 0;
}

void
_sd_pg_bind_blob (SdPgStmt      *stmt,
                  int            index,
                  gconstpointer  data,
                  gsize          length)
{
  Param *p = param (stmt, index);

  if (p == NULL)
    return;
  p->value = g_memdup2 (data ? data : "", MAX (length, 1));
  p->length = (int) length;
  p->format = 1;
}

int
_sd_pg_step (SdPgStmt *stmt)
{
  if (stmt->result == NULL && !stmt->done)
    {
      g_autofree const char **values = g_new0 (const char *, MAX (stmt->n_params, 1));
      g_autofree int *lengths = g_new0 (int, MAX (stmt->n_params, 1));
      g_autofree int *formats = g_new0 (int, MAX (stmt->n_params, 1));
      int rc;

      for (int i = 0; i < stmt->n_params; i++)
        {
          values[i] = stmt->params[i].value;
          lengths[i] = stmt->params[i].length;
          formats[i] = stmt->params[i].format;
        }
      stmt->result = PQexecPrepared (stmt->conn->conn, stmt->name, stmt->n_params, values, lengths, formats, 0);
      rc = rc_of_result (stmt->conn, stmt->result);
      if (rc != SQLITE_OK)
        {
          g_clear_pointer (&stmt->result, PQclear);
          stmt->done = TRUE;
          return rc;
        }
      stmt->conn->changes = tuples_changed (stmt->result);
      stmt->n_rows = PQresultStatus (stmt->result) == PGRES_TUPLES_OK ? PQntuples (stmt->result) : 0;
      stmt->blobs = g_new0 (guchar *, MAX (PQnfields (stmt->result), 1));
      stmt->blob_lengths = g_new0 (gsize, MAX (PQnfields (stmt->result), 1));
    }
  drop_row (stmt);
  if (stmt->result != NULL && stmt->row + 1 < stmt->n_rows)
    {
      stmt->row++;
      return SQLITE_ROW;
    }
  stmt->done = TRUE;
  return SQLITE_DONE;
}

gboolean
_sd_pg_column_is_null (SdPgStmt *stmt,
                       int       column)
{
  return stmt->result == NULL || stmt->row < 0 || PQgetisnull (stmt->result, stmt->row, column);
}

const char *
_sd_pg_column_text (SdPgStmt *stmt,
                    int       column)
{
  if (_sd_pg_column_is_null (stmt, column))
    return NULL;
  return PQgetvalue (stmt->result, stmt->row, column);
}

gint64
_sd_pg_column_int64 (SdPgStmt *stmt,
                     int       column)
{
  const char *text = _sd_pg_column_text (stmt, column);

  if (text == NULL)
    return 0;
  /* A boolean expression comes back as t or f; SQLite's is 1 or 0. */
  if (text[0] == 't' && text[1] == '\0')
    return 1;
  return g_ascii_strtoll (text, NULL, 10);
}

double
_sd_pg_column_double (SdPgStmt *stmt,
                      int       column)
{
  const char *text = _sd_pg_column_text (stmt, column);

  return text ? g_ascii_strtod (text, NULL) : 0.0;
}

gconstpointer
_sd_pg_column_blob (SdPgStmt *stmt,
                    int       column,
                    gsize    *out_length)
{
  const char *text = _sd_pg_column_text (stmt, column);

  *out_length = 0;
  if (text == NULL)
    return NULL;
  /* Text of the bytes ("\x00ff…"), decoded once a row. */
  if (stmt->blobs[column] == NULL)
    {
      size_t length = 0;
      stmt->blobs[column] = PQunescapeBytea ((const unsigned char *) text, &length);
      stmt->blob_lengths[column] = length;
    }
  *out_length = stmt->blob_lengths[column];
  return stmt->blobs[column];
}

int
_sd_pg_copy_begin (SdPgConnection *conn,
                   const char     *sql)
{
  PGresult *result = PQexec (conn->conn, sql);
  int rc = SQLITE_OK;

  if (PQresultStatus (result) != PGRES_COPY_IN)
    rc = rc_of_result (conn, result);
  if (rc == SQLITE_OK && PQresultStatus (result) != PGRES_COPY_IN)
    {
      set_error (conn, "not a COPY FROM STDIN");
      rc = SQLITE_MISUSE;
    }
  PQclear (result);
  return rc;
}

int
_sd_pg_copy_put (SdPgConnection *conn,
                 const char     *data,
                 gsize           length)
{
  if (length == 0)
    return SQLITE_OK;
  if (PQputCopyData (conn->conn, data, (int) length) != 1)
    {
      set_error (conn, PQerrorMessage (conn->conn));
      return SQLITE_IOERR;
    }
  return SQLITE_OK;
}

int
_sd_pg_copy_end (SdPgConnection *conn)
{
  PGresult *result;
  int rc = SQLITE_OK;

  if (PQputCopyEnd (conn->conn, NULL) != 1)
    {
      set_error (conn, PQerrorMessage (conn->conn));
      rc = SQLITE_IOERR;
    }
  /* The COPY's own result, then the end of the command. */
  while ((result = PQgetResult (conn->conn)) != NULL)
    {
      int this_rc = rc_of_result (conn, result);
      if (this_rc == SQLITE_OK)
        conn->changes = tuples_changed (result);
      else if (rc == SQLITE_OK)
        rc = this_rc;
      PQclear (result);
    }
  return rc;
}

#else /* !SD_HAVE_LIBPQ */

struct _SdPgConnection { int unused; };
struct _SdPgStmt { int unused; };

gboolean
_sd_pg_available (void)
{
  return FALSE;
}

SdPgConnection *
_sd_pg_connect (const char  *url,
                const char  *password,
                GError     **error)
{
  g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                       _("This ShopDesk was built without PostgreSQL’s client library, so it cannot open a team database."));
  return NULL;
}

void _sd_pg_disconnect (SdPgConnection *conn) { }
int _sd_pg_exec (SdPgConnection *conn, const char *sql) { return SQLITE_ERROR; }
gboolean _sd_pg_in_transaction (SdPgConnection *conn) { return FALSE; }
const char *_sd_pg_error_message (SdPgConnection *conn) { return ""; }
gint64 _sd_pg_changes (SdPgConnection *conn) { return 0; }
gint64 _sd_pg_last_insert_id (SdPgConnection *conn) { return 0; }
SdPgStmt *_sd_pg_prepare (SdPgConnection *conn, const char *sql, int *out_rc) { *out_rc = SQLITE_ERROR; return NULL; }
void _sd_pg_stmt_free (SdPgStmt *stmt) { }
void _sd_pg_bind_int64 (SdPgStmt *stmt, int index, gint64 value) { }
void _sd_pg_bind_double (SdPgStmt *stmt, int index, double value) { }
void _sd_pg_bind_text (SdPgStmt *stmt, int index, const char *text, gssize length) { }
void _sd_pg_bind_blob (SdPgStmt *stmt, int index, gconstpointer data, gsize length) { }
void _sd_pg_clear_bindings (SdPgStmt *stmt) { }
int _sd_pg_parameter_count (SdPgStmt *stmt) { return 0; }
int _sd_pg_step (SdPgStmt *stmt) { return SQLITE_ERROR; }
void _sd_pg_reset (SdPgStmt *stmt) { }
gboolean _sd_pg_column_is_null (SdPgStmt *stmt, int column) { return TRUE; }
const char *_sd_pg_column_text (SdPgStmt *stmt, int column) { return NULL; }
gint64 _sd_pg_column_int64 (SdPgStmt *stmt, int column) { return 0; }
double _sd_pg_column_double (SdPgStmt *stmt, int column) { return 0; }
gconstpointer _sd_pg_column_blob (SdPgStmt *stmt, int column, gsize *out_length) { *out_length = 0; return NULL; }
int _sd_pg_copy_begin (SdPgConnection *conn, const char *sql) { return SQLITE_ERROR; }
int _sd_pg_copy_put (SdPgConnection *conn, const char *data, gsize length) { return SQLITE_ERROR; }
int _sd_pg_copy_end (SdPgConnection *conn) { return SQLITE_ERROR; }

#endif
