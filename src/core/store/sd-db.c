/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-db"

#include "sd-i18n.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "sd-copy-buffer-private.h"
#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-pg-private.h"
#include "sd-schema-private.h"
#include "sd-store-private.h"
#include "sd-team-store-private.h"

/* 'SDsh': lets us tell our files from any other SQLite database. */
#define SD_APPLICATION_ID 0x53447368

struct _SdDb
{
  gatomicrefcount  ref_count;
  sqlite3         *handle;       /* a shop file's, or NULL */
  SdPgConnection  *pg;           /* a team database's, or NULL */
  char            *path;
  GHashTable      *statements;   /* const char *sql → SdStmt * */
  gboolean         bulk;
  gint64           pending[SD_COUNTER_N];   /* changes to the counters in this transaction */
  SdClockFunc      clock;
  gpointer         clock_data;
  SdCopyBuffer    *held;         /* a team database's bulk load: rows not sent yet, or NULL */
  GError          *held_failure; /* why sending them failed: every later statement fails so */
  GArray          *held_ids;     /* gint64: customer ids drawn for held rows, not used yet */
  guint            held_next;
  gint64           held_drawn;   /* the last id drawn, 0 before any */
  gint64           held_used;    /* the last id used, 0 before any */
};

/* Passwords given for team databases, by URL, for this process only: the connections that
 * jobs open later to the same shop use them too. Never written anywhere. */
static GHashTable *team_passwords;
G_LOCK_DEFINE_STATIC (team_passwords);

static void
remember_team_password (const char *url,
                        const char *password)
{
  G_LOCK (team_passwords);
  if (team_passwords == NULL)
    team_passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (team_passwords, g_strdup (url), g_strdup (password));
  G_UNLOCK (team_passwords);
}

/* A copy of the password remembered for URL, or NULL. */
static char *
team_password (const char *url)
{
  char *password = NULL;

  G_LOCK (team_passwords);
  if (team_passwords != NULL)
    password = g_strdup (g_hash_table_lookup (team_passwords, url));
  G_UNLOCK (team_passwords);
  return password;
}

GPtrArray *
_sd_db_collect_rows (SdDb           *db,
                     SdStmt         *stmt,
                     SdRowReader     read,
                     GDestroyNotify  free_row,
                     const char     *what,
                     GError        **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (free_row);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    g_ptr_array_add (list, read (stmt));
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, what);
      return NULL;
    }
  return g_steal_pointer (&list);
}

gpointer
_sd_db_read_one (SdDb           *db,
                 SdStmt         *stmt,
                 SdRowReader     read,
                 gint64          id,
                 SdNotFoundFunc  not_found,
                 const char     *what,
                 GError        **error)
{
  gpointer row = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sd_stmt_step (stmt);
  if (rc == SD_STMT_ROW)
    row = read (stmt);
  sd_stmt_reset (stmt);
  if (rc == SD_STMT_DONE)
    not_found (id, error);
  else if (rc != SD_STMT_ROW)
    _sd_db_set_error (db, error, rc, what);
  return row;
}

void
sd_db_set_clock (SdDb        *db,
                 SdClockFunc  clock,
                 gpointer     user_data)
{
  g_return_if_fail (db != NULL);
  db->clock = clock;
  db->clock_data = user_data;
}

gint64
sd_db_now (SdDb *db)
{
  g_return_val_if_fail (db != NULL, 0);
  if (db->clock != NULL)
    return db->clock (db->clock_data);
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
_sd_db_count (SdDb      *db,
              SdCounter  counter,
              gint64     delta)
{
  db->pending[counter] += delta;
}

static const char *counter_names[SD_COUNTER_N] = { "customers", "orders" };

gint64
_sd_db_get_count (SdDb      *db,
                  SdCounter  counter)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT value FROM counters WHERE name = ?", NULL);
  gint64 value = 0;

  if (stmt == NULL)
    return db->pending[counter];
  sd_stmt_bind_text (stmt, 1, counter_names[counter]);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    value = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  return value + db->pending[counter];
}

static gboolean
flush_counts (SdDb    *db,
              GError **error)
{
  for (int c = 0; c < SD_COUNTER_N; c++)
    {
      SdStmt *stmt;

      if (db->pending[c] == 0)
        continue;
      stmt = _sd_db_prepare (db, "UPDATE counters SET value = value + ? WHERE name = ?", error);
      if (stmt == NULL)
        return FALSE;
      sd_stmt_bind_int64 (stmt, 1, db->pending[c]);
      sd_stmt_bind_text (stmt, 2, counter_names[c]);
      if (!_sd_db_step_done (db, stmt, error))
        return FALSE;
      db->pending[c] = 0;
    }
  return TRUE;
}

void
_sd_store_set_bulk (SdDb     *db,
                    gboolean  bulk)
{
  db->bulk = !!bulk;
}

gboolean
_sd_store_get_bulk (SdDb *db)
{
  return db->bulk;
}

static void
statement_free (gpointer data)
{
  sd_stmt_free (data);
}

void
_sd_db_set_error (SdDb        *db,
                  GError     **error,
                  int          rc,
                  const char  *what)
{
  int code = SD_ERROR_IO;
  int primary = rc & 0xff;

  if (primary == SQLITE_CONSTRAINT)
    code = SD_ERROR_CONFLICT;
  else if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    code = SD_ERROR_CORRUPT;

  g_set_error (error, SD_ERROR, code,
               /* Translators: first %s is what was being done, second the database's own words */
               _("Could not %s in the shop database: %s"),
               what, db && db->pg ? _sd_pg_error_message (db->pg)
                     : db && db->handle ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
}

sqlite3 *
_sd_db_get_handle (SdDb *db)
{
  return db->handle;
}

SdPgConnection *
_sd_db_get_pg (SdDb *db)
{
  return db->pg;
}

gboolean
_sd_db_is_team (SdDb *db)
{
  return db->pg != NULL;
}

/* A statement of SQL on DB's engine; FLAGS: SQLite's prepare flags. */
static SdStmt *
prepare (SdDb        *db,
         const char  *sql,
         unsigned     flags,
         const char  *what,
         GError     **error)
{
  SdStmt *stmt = g_new0 (SdStmt, 1);
  int rc;

  if (db->pg != NULL)
    stmt->pg = _sd_pg_prepare (db->pg, sql, &rc);
  else if ((rc = sqlite3_prepare_v3 (db->handle, sql, -1, flags, &stmt->lite, NULL)) != SQLITE_OK)
    g_warning ("prepare failed: %s: %s", sqlite3_errmsg (db->handle), sql);
  if (rc != SQLITE_OK)
    {
      _sd_db_set_error (db, error, rc, what);
      sd_stmt_free (stmt);
      return NULL;
    }
  return stmt;
}

static SdStmt *
prepare_cached (SdDb        *db,
                const char  *sql,
                GError     **error)
{
  SdStmt *stmt = g_hash_table_lookup (db->statements, sql);

  if (stmt != NULL)
    {
      sd_stmt_reset (stmt);
      sd_stmt_clear_bindings (stmt);
      return stmt;
    }
  stmt = prepare (db, sql, SQLITE_PREPARE_PERSISTENT, _("prepare a query"), error);
  if (stmt != NULL)
    g_hash_table_insert (db->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Rows held back are sent before any other statement, which may read them. A failure to
 * send them fails that statement, and every later one with the same words, even those
 * whose caller asks for no error: the transaction is lost, and its commit says why. */
static gboolean
send_held (SdDb    *db,
           GError **error)
{
  const char *table = "";
  int rc;

  if (db->held_failure != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (db->held_failure);
      return FALSE;
    }
  if (db->held == NULL || _sd_copy_buffer_is_empty (db->held))
    return TRUE;
  rc = _sd_copy_buffer_send (db->held, db->pg, &table);
  if (rc == SQLITE_OK)
    return TRUE;
  g_set_error (&db->held_failure, SD_ERROR, (rc & 0xff) == SQLITE_CONSTRAINT ? SD_ERROR_CONFLICT : SD_ERROR_IO,
               /* Translators: %s: a table of the shop database; then the server's own words */
               _("Could not add the imported rows to “%s”: %s"), table, _sd_pg_error_message (db->pg));
  if (error != NULL)
    *error = g_error_copy (db->held_failure);
  return FALSE;
}

SdStmt *
_sd_db_prepare (SdDb        *db,
                const char  *sql,
                GError     **error)
{
  if (!send_held (db, error))
    return NULL;
  return prepare_cached (db, sql, error);
}

SdStmt *
_sd_db_prepare_held (SdDb        *db,
                     const char  *sql,
                     GError     **error)
{
  return prepare_cached (db, sql, error);
}

/* ---- rows held back for COPY (a team database's bulk load) ---- */

#define HELD_IDS      1024
#define HELD_MAX_SIZE (8 << 20)

static void
end_holding (SdDb *db)
{
  g_clear_pointer (&db->held, _sd_copy_buffer_free);
  g_clear_pointer (&db->held_ids, g_array_unref);
  g_clear_error (&db->held_failure);
  db->held_next = 0;
  db->held_drawn = db->held_used = 0;
}

gboolean
_sd_db_hold_rows (SdDb *db)
{
  if (db->pg == NULL)
    return FALSE;
  end_holding (db);
  db->held = _sd_copy_buffer_new ();
  db->held_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return TRUE;
}

SdCopyBuffer *
_sd_db_held_rows (SdDb *db)
{
  return db->held;
}

gboolean
_sd_db_held_rows_check (SdDb    *db,
                        GError **error)
{
  /* Sent in parts, so that memory stays bounded whatever the file's size. */
  if (_sd_copy_buffer_size (db->held) < HELD_MAX_SIZE)
    return TRUE;
  return send_held (db, error);
}

/* Ids for the customers of held rows, drawn from the table's own sequence in blocks: rows
 * that follow refer to a customer by id before it is sent. */
gint64
_sd_db_held_customer_id (SdDb    *db,
                         GError **error)
{
  gint64 id;

  if (db->held_next >= db->held_ids->len)
    {
      SdStmt *stmt = prepare_cached (db, "SELECT nextval (pg_get_serial_sequence ('customers', 'id')) "
                                         "FROM generate_series (1, 1024) ORDER BY 1", error);
      int rc;

      G_STATIC_ASSERT (HELD_IDS == 1024);
      if (stmt == NULL)
        return 0;
      g_array_set_size (db->held_ids, 0);
      db->held_next = 0;
      while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
        {
          gint64 drawn = sd_stmt_column_int64 (stmt, 0);
          g_array_append_val (db->held_ids, drawn);
        }
      sd_stmt_reset (stmt);
      if (rc != SD_STMT_DONE || db->held_ids->len == 0)
        {
          _sd_db_set_error (db, error, rc, _("add a customer"));
          return 0;
        }
      db->held_drawn = g_array_index (db->held_ids, gint64, db->held_ids->len - 1);
    }
  id = g_array_index (db->held_ids, gint64, db->held_next++);
  db->held_used = id;
  return id;
}

/* Sends what is left and gives the sequence back the ids drawn but not used, when nobody
 * drew any after them: the next customer added then follows the last one loaded. Held rows
 * exist only in a transaction, where the table lock below lasts until its end. */
gboolean
_sd_db_send_held_rows (SdDb    *db,
                       GError **error)
{
  gboolean ok = TRUE;

  if (db->held == NULL)
    return TRUE;
  ok = send_held (db, error);
  if (ok && db->held_drawn > 0 && db->held_next < db->held_ids->len)
    {
      SdStmt *stmt = prepare_cached (db,
          "SELECT setval (pg_get_serial_sequence ('customers', 'id'), ?1, false) "
          "WHERE pg_sequence_last_value (pg_get_serial_sequence ('customers', 'id')::regclass) = ?2", error);
      gint64 next = db->held_next > 0 ? db->held_used + 1 : g_array_index (db->held_ids, gint64, 0);

      /* Inserts elsewhere wait while the check and the setval run, so no id drawn meanwhile
       * by another desktop can be handed out again (their nextval comes after the lock). */
      ok = stmt != NULL && _sd_db_exec (db, "LOCK TABLE customers IN SHARE ROW EXCLUSIVE MODE", error);
      if (ok)
        {
          sd_stmt_bind_int64 (stmt, 1, next);
          sd_stmt_bind_int64 (stmt, 2, db->held_drawn);
          ok = _sd_db_step_done (db, stmt, error);
        }
    }
  end_holding (db);
  return ok;
}

gboolean
_sd_db_exec (SdDb        *db,
             const char  *sql,
             GError     **error)
{
  char *message = NULL;
  int rc;

  if (!send_held (db, error))
    return FALSE;
  if (db->pg != NULL)
    {
      rc = _sd_pg_exec (db->pg, sql);
      if (rc != SQLITE_OK)
        message = sqlite3_mprintf ("%s", _sd_pg_error_message (db->pg));
    }
  else
    rc = sqlite3_exec (db->handle, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SD_ERROR, (rc & 0xff) == SQLITE_CORRUPT ? SD_ERROR_CORRUPT : SD_ERROR_IO,
                   _("The shop database refused a change: %s"), message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

int
_sd_db_exec_rc (SdDb       *db,
                const char *sql)
{
  if (!send_held (db, NULL))
    return SQLITE_ERROR;
  if (db->pg != NULL)
    return _sd_pg_exec (db->pg, sql);
  return sqlite3_exec (db->handle, sql, NULL, NULL, NULL);
}

gboolean
_sd_db_step_done (SdDb     *db,
                  SdStmt   *stmt,
                  GError  **error)
{
  int rc = sd_stmt_step (stmt);

  if (rc == SD_STMT_DONE || rc == SD_STMT_ROW)
    {
      sd_stmt_reset (stmt);
      return TRUE;
    }
  _sd_db_set_error (db, error, rc, _("save a change"));
  sd_stmt_reset (stmt);
  return FALSE;
}

gboolean
_sd_db_lock_row (SdDb       *db,
                 const char *team_sql,
                 gint64      id,
                 const char *what,
                 GError    **error)
{
  SdStmt *stmt;
  int rc;

  /* A shop file's writer holds the whole file already (BEGIN IMMEDIATE). */
  if (!_sd_db_is_team (db))
    return TRUE;
  stmt = _sd_db_prepare (db, team_sql, error);
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  rc = sd_stmt_step (stmt);
  sd_stmt_reset (stmt);
  if (rc == SD_STMT_ROW || rc == SD_STMT_DONE)
    return TRUE;
  _sd_db_set_error (db, error, rc, what);
  return FALSE;
}

gint64
_sd_db_query_int (SdDb       *db,
                  const char *sql,
                  gint64      fallback)
{
  SdStmt *stmt = _sd_db_prepare (db, sql, NULL);
  gint64 value = fallback;

  if (stmt == NULL)
    return fallback;
  if (sd_stmt_step (stmt) == SD_STMT_ROW && !sd_stmt_column_is_null (stmt, 0))
    value = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  return value;
}

char *
_sd_column_dup (SdStmt *stmt,
                int     column)
{
  const char *text = sd_stmt_column_text (stmt, column);

  return g_strdup (text ? text : "");
}

SdStmt *
_sd_db_prepare_dynamic (SdDb        *db,
                        const char  *sql,
                        const char  *what,
                        GError     **error)
{
  if (!send_held (db, error))
    return NULL;
  return prepare (db, sql, 0, what, error);
}

gint64
_sd_db_changes (SdDb *db)
{
  return db->pg ? _sd_pg_changes (db->pg) : sqlite3_changes64 (db->handle);
}

gint64
_sd_db_last_insert_id (SdDb *db)
{
  return db->pg ? _sd_pg_last_insert_id (db->pg) : sqlite3_last_insert_rowid (db->handle);
}

char *
sd_db_default_path (void)
{
  const char *env = g_getenv ("SHOPDESK_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "shopdesk", "shop.db", NULL);
}

static SdDb *
db_new (const char *where)
{
  SdDb *db = g_new0 (SdDb, 1);

  g_atomic_ref_count_init (&db->ref_count);
  db->path = g_strdup (where);
  /* Keyed by the address of the SQL literal: hashing the text on every call showed up as
   * 5% of an import. Only static strings may be passed to _sd_db_prepare (). */
  db->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, statement_free);
  return db;
}

static gboolean
read_header (SdDb    *db,
             int     *out_version,
             int     *out_app_id,
             gint64  *out_n_tables,
             GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* The first read of the file: a file that is not SQLite fails here. */
  rc = sqlite3_prepare_v2 (db->handle, "SELECT count(*) FROM sqlite_schema", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CORRUPT,
                   _("“%s” is not a ShopDesk shop database (%s). Choose another file or create a new shop."),
                   db->path, sqlite3_errmsg (db->handle));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  *out_n_tables = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  *out_version = (int) _sd_db_query_int (db, "PRAGMA user_version", 0);
  *out_app_id = (int) _sd_db_query_int (db, "PRAGMA application_id", 0);
  return TRUE;
}

static gboolean
migrate (SdDb    *db,
         int      from,
         int      to,
         GError **error)
{
  if (!sd_db_begin (db, error))
    return FALSE;

  for (int v = from; v < to; v++)
    {
      g_autofree char *bump = NULL;

      if (!_sd_db_exec (db, _sd_schema_migration (v + 1), error))
        {
          g_prefix_error (error, _("Could not update the shop database to version %d: "), v + 1);
          sd_db_rollback (db);
          return FALSE;
        }
      bump = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                              v + 1, SD_APPLICATION_ID);
      if (!_sd_db_exec (db, bump, error))
        {
          sd_db_rollback (db);
          return FALSE;
        }
    }

  return sd_db_commit (db, error);
}

static SdDb *
db_open_at (const char  *path,
            int          target_version,
            GError     **error)
{
  g_autoptr(SdDb) db = db_new (path);
  g_autofree char *dir = g_path_get_dirname (path);
  int version = 0, app_id = 0;
  gint64 n_tables = 0;
  int rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Could not create the folder “%s”: %s"),
                   dir, g_strerror (saved));
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &db->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Could not open the shop database “%s”: %s"),
                   path, db->handle ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_busy_timeout (db->handle, 5000);
  sqlite3_extended_result_codes (db->handle, 1);

  if (!read_header (db, &version, &app_id, &n_tables, error))
    return NULL;

  /* Decide before anything is written: a refused file must stay as it was. */
  if (n_tables > 0 && app_id != SD_APPLICATION_ID)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CORRUPT,
                   _("“%s” is an SQLite database of another program, not a ShopDesk shop. Choose another file."),
                   path);
      return NULL;
    }
  if (version > SD_SCHEMA_VERSION)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_TOO_NEW,
                   _("The shop database “%s” was written by a newer ShopDesk (schema %d; this version knows up to %d). "
                     "Update ShopDesk to open it; the file was left untouched."),
                   path, version, SD_SCHEMA_VERSION);
      return NULL;
    }

  if (!_sd_db_exec (db, "PRAGMA journal_mode = WAL;"
                        "PRAGMA synchronous = NORMAL;"
                        "PRAGMA foreign_keys = ON;"
                        "PRAGMA temp_store = MEMORY;"
                        "PRAGMA cache_size = -65536;"
                        "PRAGMA threads = 2;", error))
    return NULL;

  if (version < target_version && !migrate (db, version, target_version, error))
    return NULL;
  if (!_sd_store_register_functions (db, error))
    return NULL;

  return g_steal_pointer (&db);
}

/* A shop in a team database: made on the first open (from the rows a new shop file starts
 * with), else checked for its version, all in one transaction. */
char *
_sd_db_team_password (const char *url)
{
  g_return_val_if_fail (url != NULL, NULL);
  return team_password (url);
}

static gboolean
prepare_team_shop (SdDb    *db,
                   GError **error)
{
  int version;

  if (!_sd_db_exec (db, "BEGIN", error))
    return FALSE;
  version = _sd_team_read_version (db, error);
  if (version > SD_SCHEMA_VERSION)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_TOO_NEW,
                   _("The team database “%s” was written by a newer ShopDesk (schema %d; this version knows up to %d). "
                     "Update ShopDesk to open it; it was left untouched."),
                   db->path, version, SD_SCHEMA_VERSION);
      version = -1;
    }
  else if (version == 0)
    {
      g_autoptr(SdDb) fresh = db_open_at (":memory:", SD_SCHEMA_VERSION, error);
      if (fresh == NULL || !_sd_team_create_from (db, fresh, NULL, NULL, NULL, error))
        version = -1;
    }
  else if (version < SD_SCHEMA_VERSION)
    {
      for (int v = version; v < SD_SCHEMA_VERSION && version > 0; v++)
        {
          g_autofree char *bump = g_strdup_printf ("UPDATE shopdesk_schema SET version = %d", v + 1);
          const char *step = _sd_schema_pg_migration (v + 1);
          if (step == NULL || !_sd_db_exec (db, step, error) || !_sd_db_exec (db, bump, error))
            {
              if (step == NULL)
                g_set_error (error, SD_ERROR, SD_ERROR_CORRUPT,
                             _("The team database “%s” is at schema %d, which this ShopDesk cannot update."),
                             db->path, version);
              g_prefix_error (error, _("Could not update the shop database to version %d: "), v + 1);
              version = -1;
            }
        }
    }
  if (version < 0)
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return sd_db_commit (db, error);
}

static SdDb *
db_open_team (const char  *url,
              GError     **error)
{
  g_autoptr(SdDb) db = db_new (url);
  g_autofree char *password = team_password (url);

  db->pg = _sd_pg_connect (url, password, error);
  if (db->pg == NULL || !prepare_team_shop (db, error))
    return NULL;
  return g_steal_pointer (&db);
}

gboolean
sd_db_check_team_url (const char  *url,
                      GError     **error)
{
  if (_sd_pg_is_url (url))
    return TRUE;
  g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
               _("“%s” is not the address of a PostgreSQL database; it starts with postgresql://."), url);
  return FALSE;
}

SdDb *
sd_db_open_team (const char  *url,
                 const char  *password,
                 GError     **error)
{
  g_return_val_if_fail (url != NULL, NULL);

  if (!sd_db_check_team_url (url, error))
    return NULL;
  sd_db_set_team_password (url, password);
  return db_open_team (url, error);
}

void
sd_db_set_team_password (const char *url,
                         const char *password)
{
  g_return_if_fail (url != NULL);

  if (password != NULL && *password != '\0')
    remember_team_password (url, password);
}

gboolean
sd_db_is_team_url (const char *path)
{
  return _sd_pg_is_url (path);
}

gboolean
sd_db_shop_exists (const char *path)
{
  g_autoptr(SdDb) db = NULL;
  g_autofree char *password = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  if (!_sd_pg_is_url (path))
    return g_file_test (path, G_FILE_TEST_EXISTS);
  password = team_password (path);
  db = db_new (path);
  db->pg = _sd_pg_connect (path, password, NULL);
  /* Named by init, or given its owner on the window's login page. */
  return db->pg != NULL && _sd_team_has_version (db) &&
         _sd_db_query_int (db, "SELECT (SELECT count(*) FROM shop) + (SELECT count(*) FROM staff)", 0) > 0;
}

SdDb *
sd_db_open (const char  *path,
            GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (_sd_pg_is_url (path))
    return db_open_team (path, error);
  return db_open_at (path, SD_SCHEMA_VERSION, error);
}

SdDb *
_sd_db_open_bare (const char  *where,
                  GError     **error)
{
  g_autoptr(SdDb) db = NULL;
  int rc;

  g_return_val_if_fail (where != NULL, NULL);

  db = db_new (where);
  if (_sd_pg_is_url (where))
    {
      g_autofree char *password = team_password (where);
      db->pg = _sd_pg_connect (where, password, error);
      return db->pg ? g_steal_pointer (&db) : NULL;
    }
  rc = sqlite3_open_v2 (where, &db->handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Could not open the shop database “%s”: %s"),
                   where, db->handle ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (db->handle, 1);
  return g_steal_pointer (&db);
}

/* Tests build a database of an older schema to check the migrations that follow. */
SdDb *
_sd_db_open_at_version (const char  *path,
                        int          version,
                        GError     **error)
{
  return db_open_at (path, version, error);
}

SdDb *
sd_db_ref (SdDb *db)
{
  g_return_val_if_fail (db != NULL, NULL);

  g_atomic_ref_count_inc (&db->ref_count);
  return db;
}

void
sd_db_unref (SdDb *db)
{
  g_return_if_fail (db != NULL);

  if (!g_atomic_ref_count_dec (&db->ref_count))
    return;

  end_holding (db);
  g_clear_pointer (&db->statements, g_hash_table_unref);
  if (db->handle != NULL)
    sqlite3_close_v2 (db->handle);
  g_clear_pointer (&db->pg, _sd_pg_disconnect);
  g_free (db->path);
  g_free (db);
}

void
sd_db_set_cache_size (SdDb  *db,
                      guint  mebibytes)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = -%u", MAX (mebibytes, 1u) * 1024);

  g_return_if_fail (db != NULL);
  /* A team database's cache is the server's. */
  if (db->pg != NULL)
    return;
  if (!_sd_db_exec (db, sql, NULL))
    g_warning ("Could not set the cache size to %u MiB", mebibytes);
}

const char *
sd_db_get_path (SdDb *db)
{
  return db->path;
}

int
sd_db_get_schema_version (SdDb *db)
{
  if (db->pg != NULL)
    return (int) _sd_db_query_int (db, "SELECT version FROM shopdesk_schema", 0);
  return (int) _sd_db_query_int (db, "PRAGMA user_version", 0);
}

gboolean
sd_db_begin (SdDb    *db,
             GError **error)
{
  /* IMMEDIATE: take the write lock now, so a busy shop waits here instead of failing
   * half-way through a job. */
  return _sd_db_exec (db, db->pg ? "BEGIN" : "BEGIN IMMEDIATE", error);
}

/* A bulk load into a shop nobody else has open writes its pages once, straight into the
 * file behind a rollback journal (which keeps only the pages that held something before),
 * instead of into the WAL and then again into the file at the checkpoint: 2.5 s of the 14
 * a million customers took. Leaving WAL needs the file to itself: with another connection
 * open, here or in another process, the mode stays WAL and the load goes on in it. The
 * journal is synced before the file is written (FULL): a kill or a power cut at any
 * moment rolls the load back at the next open. */
gboolean
_sd_db_enter_solo (SdDb *db)
{
  sqlite3_stmt *stmt = NULL;
  gboolean solo = FALSE;

  if (db->pg != NULL || !sqlite3_get_autocommit (db->handle) ||
      sqlite3_prepare_v2 (db->handle, "PRAGMA journal_mode = DELETE", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    solo = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "delete") == 0;
  sqlite3_finalize (stmt);
  if (solo)
    sqlite3_exec (db->handle, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  g_debug ("bulk load %s", solo ? "alone, behind a rollback journal" : "in WAL beside other connections");
  return solo;
}

void
_sd_db_leave_solo (SdDb *db)
{
  g_return_if_fail (db->handle != NULL);
  sqlite3_exec (db->handle, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", NULL, NULL, NULL);
}

gboolean
sd_db_commit (SdDb    *db,
              GError **error)
{
  return flush_counts (db, error) && _sd_db_exec (db, "COMMIT", error);
}

void
sd_db_rollback (SdDb *db)
{
  memset (db->pending, 0, sizeof db->pending);
  /* What was held back goes with the rest of the transaction. */
  end_holding (db);
  if (sd_db_in_transaction (db))
    _sd_db_exec (db, "ROLLBACK", NULL);
}

gboolean
sd_db_in_transaction (SdDb *db)
{
  if (db->pg != NULL)
    return _sd_pg_in_transaction (db->pg);
  return !sqlite3_get_autocommit (db->handle);
}

gboolean
sd_db_integrity_check (SdDb    *db,
                       char   **out_report,
                       GError **error)
{
  g_autoptr(GString) report = g_string_new (NULL);
  gboolean ok = TRUE;
  SdStmt *stmt;

  /* A team database's server keeps its pages and foreign keys whole itself. */
  if (db->pg != NULL)
    {
      g_string_append (report, "ok");
      goto counters;
    }
  stmt = _sd_db_prepare (db, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  while (sd_stmt_step (stmt) == SD_STMT_ROW)
    {
      const char *line = sd_stmt_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        ok = FALSE;
      if (report->len)
        g_string_append_c (report, '\n');
      g_string_append (report, line);
    }
  sd_stmt_reset (stmt);

  stmt = _sd_db_prepare (db, "PRAGMA foreign_key_check", error);
  if (stmt == NULL)
    return FALSE;
  while (sd_stmt_step (stmt) == SD_STMT_ROW)
    {
      ok = FALSE;
      g_string_append_printf (report, "\nforeign key: %s row %lld → %s",
                              sd_stmt_column_text (stmt, 0),
                              (long long) sd_stmt_column_int64 (stmt, 1),
                              sd_stmt_column_text (stmt, 2));
    }
  sd_stmt_reset (stmt);

counters:
  for (int c = 0; c < SD_COUNTER_N; c++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", counter_names[c]);
      g_autoptr(SdStmt) count = _sd_db_prepare_dynamic (db, sql, _("check the shop database"), NULL);
      gint64 real = -1, kept = _sd_db_get_count (db, c);

      if (count != NULL && sd_stmt_step (count) == SD_STMT_ROW)
        real = sd_stmt_column_int64 (count, 0);
      if (real != kept)
        {
          ok = FALSE;
          g_string_append_printf (report, "\ncounter %s: %" G_GINT64_FORMAT " kept, %" G_GINT64_FORMAT " rows",
                                  counter_names[c], kept, real);
        }
    }

  if (out_report)
    *out_report = g_string_free (g_steal_pointer (&report), FALSE);
  return ok;
}
