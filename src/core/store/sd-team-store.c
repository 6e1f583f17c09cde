/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-team-store"

#include "sd-i18n.h"

#include <string.h>

#include "sd-db.h"
#include "sd-error.h"
#include "sd-pg-private.h"
#include "sd-schema-private.h"
#include "sd-team-store-private.h"

/* 'SDsh', as in a shop file's application_id: also the key of the lock that one desktop
 * holds while it makes the shop, so that two starting at once do not both make it. */
#define SD_TEAM_LOCK 1396994920

/* What a COPY sends to the server at a time. */
#define COPY_CHUNK (256 * 1024)
/* Rows a verification reads from the server at a time. */
#define FETCH_ROWS 5000

typedef enum
{
  KIND_INTEGER = 'i',
  KIND_REAL = 'r',
  KIND_TEXT = 't',
  KIND_BLOB = 'b',
} Kind;

typedef struct
{
  char      *name;
  GPtrArray *columns;     /* char * */
  GString   *kinds;       /* a Kind a column */
  GPtrArray *key;         /* columns of the primary key, in its order; all when none */
  gboolean   has_id;      /* an "id" primary key: an identity column on the server */
} Table;

static void
table_free (Table *table)
{
  g_free (table->name);
  g_ptr_array_unref (table->columns);
  g_ptr_array_unref (table->key);
  g_string_free (table->kinds, TRUE);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

/* The search index is SQLite's own structure: a team database searches with pg_trgm. */
static gboolean
is_copied (const char *table)
{
  return !g_str_has_prefix (table, "sqlite_") && !g_str_has_prefix (table, "search_");
}

static Kind
kind_of_type (const char *declared)
{
  g_autofree char *type = g_ascii_strup (declared ? declared : "", -1);

  if (strstr (type, "INT") != NULL)
    return KIND_INTEGER;
  if (strstr (type, "REAL") != NULL || strstr (type, "DOUB") != NULL || strstr (type, "FLOA") != NULL)
    return KIND_REAL;
  if (strstr (type, "BLOB") != NULL)
    return KIND_BLOB;
  return KIND_TEXT;
}

static char *
quote_name (const char *name)
{
  g_autofree char *doubled = NULL;
  g_auto(GStrv) parts = g_strsplit (name, "\"", -1);

  doubled = g_strjoinv ("\"\"", parts);
  return g_strdup_printf ("\"%s\"", doubled);
}

static Table *
read_table (sqlite3     *lite,
            const char  *name,
            GError     **error)
{
  g_autoptr(Table) table = g_new0 (Table, 1);
  g_autofree char *quoted = quote_name (name);
  g_autofree char *sql = g_strdup_printf ("PRAGMA table_info (%s)", quoted);
  sqlite3_stmt *stmt = NULL;
  /* pk: the column's place in the primary key, from 1; 0 when it is not in it. */
  g_autoptr(GArray) pk_of = g_array_new (FALSE, TRUE, sizeof (int));
  int rc, n_keys = 0;

  table->name = g_strdup (name);
  table->columns = g_ptr_array_new_with_free_func (g_free);
  table->key = g_ptr_array_new ();
  table->kinds = g_string_new (NULL);
  if (sqlite3_prepare_v2 (lite, sql, -1, &stmt, NULL) != SQLITE_OK)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int pk = sqlite3_column_int (stmt, 5);
      g_ptr_array_add (table->columns, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_string_append_c (table->kinds, (char) kind_of_type ((const char *) sqlite3_column_text (stmt, 2)));
      g_array_append_val (pk_of, pk);
      n_keys = MAX (n_keys, pk);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    goto fail;

  for (int k = 1; k <= n_keys; k++)
    for (guint c = 0; c < table->columns->len; c++)
      if (g_array_index (pk_of, int, c) == k)
        g_ptr_array_add (table->key, table->columns->pdata[c]);
  if (table->key->len == 0)
    g_ptr_array_extend (table->key, table->columns, NULL, NULL);
  table->has_id = table->key->len == 1 && g_str_equal (table->key->pdata[0], "id");
  return g_steal_pointer (&table);

fail:
  g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Could not read the columns of the table “%s”: %s"),
               name, sqlite3_errmsg (lite));
  return NULL;
}

/* The tables that FROM references through foreign keys, other than itself. */
static GPtrArray *
referenced_tables (sqlite3    *lite,
                   const char *name)
{
  g_autofree char *quoted = quote_name (name);
  g_autofree char *sql = g_strdup_printf ("PRAGMA foreign_key_list (%s)", quoted);
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (lite, sql, -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        const char *target = (const char *) sqlite3_column_text (stmt, 2);
        if (g_strcmp0 (target, name) != 0)
          g_ptr_array_add (list, g_strdup (target));
      }
  sqlite3_finalize (stmt);
  return list;
}

/* Every table of the shop FROM that a team database holds too, each after the tables it
 * references, so that rows go in with their foreign keys checked. */
static GPtrArray *
list_tables (SdDb    *from,
             GError **error)
{
  sqlite3 *lite = _sd_db_get_handle (from);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);
  g_autoptr(GHashTable) placed = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt = NULL;
  gboolean progress = TRUE;

  if (sqlite3_prepare_v2 (lite, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Could not read the tables of the shop: %s"),
                   sqlite3_errmsg (lite));
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      if (is_copied (name))
        g_ptr_array_add (names, g_strdup (name));
    }
  sqlite3_finalize (stmt);

  while (names->len > 0 && progress)
    {
      progress = FALSE;
      for (guint i = 0; i < names->len;)
        {
          const char *name = names->pdata[i];
          g_autoptr(GPtrArray) refs = referenced_tables (lite, name);
          gboolean ready = TRUE;

          for (guint r = 0; r < refs->len && ready; r++)
            ready = g_hash_table_contains (placed, refs->pdata[r]) ||
                    !g_ptr_array_find_with_equal_func (names, refs->pdata[r], g_str_equal, NULL);
          if (!ready)
            {
              i++;
              continue;
            }
          {
            Table *table = read_table (lite, name, error);
            if (table == NULL)
              return NULL;
            g_ptr_array_add (tables, table);
            g_hash_table_add (placed, table->name);
          }
          g_ptr_array_remove_index (names, i);
          progress = TRUE;
        }
    }
  if (names->len > 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CORRUPT,
                   _("The tables of the shop reference each other in a circle (“%s”); it cannot be copied."),
                   (const char *) names->pdata[0]);
      return NULL;
    }
  return g_steal_pointer (&tables);
}

typedef enum
{
  STEP_PREPARE,
  STEP_COPY,
} Step;

static gboolean
team_error (SdDb        *team,
            int          rc,
            GError     **error,
            Step         step,
            const char  *table)
{
  int code = (rc & 0xff) == SQLITE_CONSTRAINT ? SD_ERROR_CONFLICT : SD_ERROR_IO;
  const char *words = _sd_pg_error_message (_sd_db_get_pg (team));

  if (rc == SQLITE_OK)
    return TRUE;
  if (step == STEP_COPY)
    g_set_error (error, SD_ERROR, code, _("Could not copy the table “%s”: %s"), table, words);
  else
    g_set_error (error, SD_ERROR, code, _("Could not prepare the table “%s”: %s"), table, words);
  return FALSE;
}

static void
append_copy_text (GString    *out,
                  const char *text,
                  gsize       length)
{
  for (gsize i = 0; i < length; i++)
    switch (text[i])
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      case '\t': g_string_append (out, "\\t"); break;
      default: g_string_append_c (out, text[i]); break;
      }
}

/* One value of an SQLite row in COPY's text format. */
static void
append_copy_value (GString      *out,
                   sqlite3_stmt *stmt,
                   int           column)
{
  static const char hex[] = "0123456789abcdef";

  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      g_string_append (out, "\\N");
      break;
    case SQLITE_INTEGER:
      g_string_append_printf (out, "%lld", (long long) sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_FLOAT:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];
        g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, sqlite3_column_double (stmt, column)));
      }
      break;
    case SQLITE_BLOB:
      {
        const guchar *bytes = sqlite3_column_blob (stmt, column);
        int length = sqlite3_column_bytes (stmt, column);
        /* bytea's text form, \x and hex, with its backslash escaped for COPY. */
        g_string_append (out, "\\\\x");
        for (int i = 0; i < length; i++)
          {
            g_string_append_c (out, hex[bytes[i] >> 4]);
            g_string_append_c (out, hex[bytes[i] & 0xf]);
          }
      }
      break;
    default:
      append_copy_text (out, (const char *) sqlite3_column_text (stmt, column),
                        (gsize) sqlite3_column_bytes (stmt, column));
      break;
    }
}

static char *
column_list (Table *table)
{
  GString *list = g_string_new (NULL);

  for (guint c = 0; c < table->columns->len; c++)
    {
      g_autofree char *quoted = quote_name (table->columns->pdata[c]);
      if (c > 0)
        g_string_append (list, ", ");
      g_string_append (list, quoted);
    }
  return g_string_free (list, FALSE);
}

static gint64
count_rows (sqlite3    *lite,
            const char *quoted)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", quoted);
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;

  if (sqlite3_prepare_v2 (lite, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gboolean
copy_table (SdDb                *team,
            SdDb                *from,
            Table               *table,
            SdTeamProgressFunc   progress,
            gpointer             user_data,
            GCancellable        *cancellable,
            GError             **error)
{
  SdPgConnection *pg = _sd_db_get_pg (team);
  sqlite3 *lite = _sd_db_get_handle (from);
  g_autofree char *quoted = quote_name (table->name);
  g_autofree char *columns = column_list (table);
  g_autofree char *copy = g_strdup_printf ("COPY %s (%s) FROM STDIN", quoted, columns);
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM %s", columns, quoted);
  g_autofree char *triggers_off = g_strdup_printf ("ALTER TABLE %s DISABLE TRIGGER USER", quoted);
  g_autofree char *triggers_on = g_strdup_printf ("ALTER TABLE %s ENABLE TRIGGER USER", quoted);
  g_autoptr(GString) buffer = g_string_sized_new (COPY_CHUNK + 4096);
  sqlite3_stmt *stmt = NULL;
  gint64 total = count_rows (lite, quoted), done = 0;
  int n_columns = (int) table->columns->len;
  int rc;

  /* The rows come with what triggers would make of them (a customer's standing row). */
  if (!team_error (team, _sd_pg_exec (pg, triggers_off), error, STEP_PREPARE, table->name))
    return FALSE;
  if (sqlite3_prepare_v2 (lite, select, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Could not read the table “%s”: %s"),
                   table->name, sqlite3_errmsg (lite));
      return FALSE;
    }
  rc = _sd_pg_copy_begin (pg, copy);
  if (rc != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return team_error (team, rc, error, STEP_COPY, table->name);
    }
  while (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (buffer, '\t');
          append_copy_value (buffer, stmt, c);
        }
      g_string_append_c (buffer, '\n');
      done++;
      if (buffer->len >= COPY_CHUNK)
        {
          rc = _sd_pg_copy_put (pg, buffer->str, buffer->len);
          g_string_truncate (buffer, 0);
          if (progress)
            progress (table->name, done, total, user_data);
          if (g_cancellable_is_cancelled (cancellable))
            break;
        }
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_OK)
    rc = _sd_pg_copy_put (pg, buffer->str, buffer->len);
  /* Ended even after a failure: the connection must leave COPY's state. */
  {
    int end_rc = _sd_pg_copy_end (pg);
    rc = rc != SQLITE_OK ? rc : end_rc;
  }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!team_error (team, rc, error, STEP_COPY, table->name) ||
      !team_error (team, _sd_pg_exec (pg, triggers_on), error, STEP_PREPARE, table->name))
    return FALSE;
  if (progress)
    progress (table->name, done, total, user_data);

  if (table->has_id)
    {
      /* The next id drawn on the server follows the highest copied. */
      g_autofree char *literal = g_strdup_printf ("'%s'", quoted);
      g_autofree char *sql = g_strdup_printf ("SELECT setval (pg_get_serial_sequence (%s, 'id'), "
                                              "coalesce (max (id), 0) + 1, false) FROM %s",
                                              literal, quoted);
      return team_error (team, _sd_pg_exec (pg, sql), error, STEP_PREPARE, table->name);
    }
  return TRUE;
}

/* Apart from reading it: a statement naming a table is refused where there is none. */
gboolean
_sd_team_has_version (SdDb *team)
{
  return _sd_db_query_int (team, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema () "
                                 "AND tablename = 'shopdesk_schema'", 0) > 0;
}

int
_sd_team_read_version (SdDb    *team,
                       GError **error)
{
  g_autoptr(SdStmt) lock = NULL;
  gint64 n_tables, version;

  lock = _sd_db_prepare_dynamic (team, "SELECT pg_advisory_xact_lock (" G_STRINGIFY (SD_TEAM_LOCK) ")",
                                 _("open the team database"), error);
  if (lock == NULL || sd_stmt_step (lock) != SD_STMT_ROW)
    {
      if (error && *error == NULL)
        _sd_db_set_error (team, error, SQLITE_BUSY, _("open the team database"));
      return -1;
    }
  n_tables = _sd_db_query_int (team, "SELECT count(*) FROM information_schema.tables "
                                     "WHERE table_schema = current_schema ()", 0);
  if (n_tables == 0)
    return 0;
  if (!_sd_team_has_version (team))
    version = -1;
  else
    version = _sd_db_query_int (team, "SELECT version FROM shopdesk_schema", -1);
  if (version <= 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CORRUPT,
                   _("The database “%s” holds tables of another program, not a ShopDesk shop. "
                     "Give ShopDesk an empty database of its own."),
                   sd_db_get_path (team));
      return -1;
    }
  return (int) version;
}

gboolean
_sd_team_create_from (SdDb               *team,
                      SdDb               *from,
                      SdTeamProgressFunc  progress,
                      gpointer            user_data,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autoptr(GPtrArray) tables = list_tables (from, error);
  g_autofree char *version = NULL;

  if (tables == NULL)
    return FALSE;
  if (!_sd_db_exec (team, "CREATE EXTENSION IF NOT EXISTS pg_trgm", error) ||
      !_sd_db_exec (team, _sd_schema_pg_compat, error) ||
      !_sd_db_exec (team, _sd_schema_pg_structure, error) ||
      !_sd_db_exec (team, _sd_schema_pg_search, error))
    {
      g_prefix_error (error, _("Could not make the shop in the team database: "));
      return FALSE;
    }
  for (guint t = 0; t < tables->len; t++)
    if (!copy_table (team, from, tables->pdata[t], progress, user_data, cancellable, error))
      return FALSE;
  /* After the copy: the other desktops hear of changes from here on, not of the move. */
  if (!_sd_db_exec (team, _sd_schema_pg_notify, error))
    {
      g_prefix_error (error, _("Could not make the shop in the team database: "));
      return FALSE;
    }
  version = g_strdup_printf ("CREATE TABLE shopdesk_schema (version bigint NOT NULL); "
                             "INSERT INTO shopdesk_schema (version) VALUES (%d)", sd_db_get_schema_version (from));
  return _sd_db_exec (team, version, error);
}

/* Hashes one value as read by SdStmt, the same on both engines. */
static void
digest_value (GChecksum *sum,
              SdStmt    *stmt,
              int        column,
              Kind       kind)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *bytes = NULL;
  gsize length = 0;
  guint32 framed;

  if (sd_stmt_column_is_null (stmt, column))
    {
      g_checksum_update (sum, (const guchar *) "N", 1);
      return;
    }
  switch (kind)
    {
    case KIND_INTEGER:
      g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, sd_stmt_column_int64 (stmt, column));
      bytes = buffer;
      length = strlen (buffer);
      break;
    case KIND_REAL:
      bytes = g_ascii_dtostr (buffer, sizeof buffer, sd_stmt_column_double (stmt, column));
      length = strlen (buffer);
      break;
    case KIND_BLOB:
      bytes = sd_stmt_column_blob (stmt, column, &length);
      break;
    default:
      bytes = sd_stmt_column_text (stmt, column);
      length = bytes ? strlen (bytes) : 0;
      break;
    }
  framed = GUINT32_TO_LE ((guint32) length);
  g_checksum_update (sum, (const guchar *) &kind, 1);
  g_checksum_update (sum, (const guchar *) &framed, sizeof framed);
  if (length > 0)
    g_checksum_update (sum, (const guchar *) bytes, length);
}

static void
digest_row (GChecksum *sum,
            SdStmt    *stmt,
            Table     *table)
{
  for (guint c = 0; c < table->columns->len; c++)
    digest_value (sum, stmt, (int) c, (Kind) table->kinds->str[c]);
}

/* SELECT of TABLE's rows in key order; text keys in byte order on both engines. */
static char *
ordered_select (Table    *table,
                gboolean  pg)
{
  g_autofree char *columns = column_list (table);
  g_autofree char *quoted = quote_name (table->name);
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "SELECT %s FROM %s ORDER BY ", columns, quoted);
  for (guint k = 0; k < table->key->len; k++)
    {
      g_autofree char *key = quote_name (table->key->pdata[k]);
      guint c;
      g_ptr_array_find (table->columns, table->key->pdata[k], &c);
      g_string_append_printf (sql, "%s%s%s", k > 0 ? ", " : "", key,
                              pg && table->kinds->str[c] == KIND_TEXT ? " COLLATE \"C\"" : "");
    }
  return g_string_free (sql, FALSE);
}

static gboolean
digest_lite (SdDb     *from,
             Table    *table,
             gint64   *out_rows,
             char    **out_digest,
             GError  **error)
{
  g_autofree char *sql = ordered_select (table, FALSE);
  g_autoptr(SdStmt) stmt = _sd_db_prepare_dynamic (from, sql, _("check the copy"), error);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gint64 rows = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      digest_row (sum, stmt, table);
      rows++;
    }
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (from, error, rc, _("check the copy"));
      return FALSE;
    }
  *out_rows = rows;
  *out_digest = g_strdup (g_checksum_get_string (sum));
  return TRUE;
}

/* The server's rows through a cursor, a few thousand at a time: a table of millions would
 * not fit in one result. */
static gboolean
digest_team (SdDb     *team,
             Table    *table,
             gint64   *out_rows,
             char    **out_digest,
             GError  **error)
{
  g_autofree char *select = ordered_select (table, TRUE);
  g_autofree char *declare = g_strdup_printf ("DECLARE sd_verify NO SCROLL CURSOR FOR %s", select);
  g_autoptr(SdStmt) fetch = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gint64 rows = 0;
  gboolean more = TRUE;

  if (!_sd_db_exec (team, declare, error))
    return FALSE;
  fetch = _sd_db_prepare_dynamic (team, "FETCH " G_STRINGIFY (FETCH_ROWS) " FROM sd_verify",
                                  _("check the copy"), error);
  if (fetch == NULL)
    return FALSE;
  while (more)
    {
      gint64 in_batch = 0;
      int rc;

      sd_stmt_reset (fetch);
      while ((rc = sd_stmt_step (fetch)) == SD_STMT_ROW)
        {
          digest_row (sum, fetch, table);
          in_batch++;
        }
      if (rc != SD_STMT_DONE)
        {
          _sd_db_set_error (team, error, rc, _("check the copy"));
          return FALSE;
        }
      rows += in_batch;
      more = in_batch == FETCH_ROWS;
    }
  *out_rows = rows;
  *out_digest = g_strdup (g_checksum_get_string (sum));
  return _sd_db_exec (team, "CLOSE sd_verify", error);
}

GPtrArray *
_sd_team_verify (SdDb    *team,
                 SdDb    *from,
                 GError **error)
{
  g_autoptr(GPtrArray) tables = list_tables (from, error);
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_team_table_check_free);

  if (tables == NULL)
    return NULL;
  for (guint t = 0; t < tables->len; t++)
    {
      Table *table = tables->pdata[t];
      SdTeamTableCheck *check = g_new0 (SdTeamTableCheck, 1);

      check->table = g_strdup (table->name);
      g_ptr_array_add (checks, check);
      if (!digest_lite (from, table, &check->rows_file, &check->checksum_file, error) ||
          !digest_team (team, table, &check->rows_team, &check->checksum_team, error))
        return NULL;
    }
  return g_steal_pointer (&checks);
}
