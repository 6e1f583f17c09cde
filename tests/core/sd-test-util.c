/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-pg-private.h"
#include "sd-session-private.h"
#include "sd-shop.h"
#include "sd-staff.h"

char *
sd_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  return dir;
}

/* Team mode's runs of the store tests: dir → the name of the database made for its shop. */
static GHashTable *team_databases;
G_LOCK_DEFINE_STATIC (team_databases);

gboolean
sd_test_is_team (void)
{
  return g_strcmp0 (g_getenv ("SHOPDESK_TEST_ENGINE"), "postgresql") == 0;
}

/* The server's URL with DATABASE in place of its database. */
static char *
team_url_of (const char *database)
{
  const char *why = NULL;
  const char *base = sd_test_pg_url (&why);
  const char *slash, *query;

  if (base == NULL)
    g_error ("team mode's tests need a PostgreSQL server: %s", why);
  slash = strrchr (base, '/');
  query = strchr (slash, '?');
  return g_strdup_printf ("%.*s/%s%s", (int) (slash - base), base, database, query ? query : "");
}

static void
team_admin (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) admin = _sd_db_open_bare (sd_test_pg_url (NULL), &error);

  g_assert_no_error (error);
  g_assert_true (_sd_db_exec (admin, sql, &error));
  g_assert_no_error (error);
}

char *
sd_test_team_database (const char *path)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, path, -1);
  g_autofree char *database = NULL;
  g_autofree char *sql = NULL;

  hash[16] = '\0';
  database = g_strdup_printf ("t_%d_%s", (int) getpid (), hash);
  /* Apart: CREATE DATABASE refuses to run in the transaction a list of statements makes. */
  sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s", database);
  team_admin (sql);
  g_free (sql);
  sql = g_strdup_printf ("CREATE DATABASE %s", database);
  team_admin (sql);
  G_LOCK (team_databases);
  if (team_databases == NULL)
    team_databases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (team_databases, g_strdup (path), g_strdup (database));
  G_UNLOCK (team_databases);
  return team_url_of (database);
}

/* The team databases made for PATH or for anything under it. */
static void
drop_team_databases (const char *path)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *under = g_strconcat (path, G_DIR_SEPARATOR_S, NULL);
  GHashTableIter iter;
  gpointer key, value;

  G_LOCK (team_databases);
  if (team_databases != NULL)
    {
      g_hash_table_iter_init (&iter, team_databases);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_str_equal (key, path) || g_str_has_prefix (key, under))
          {
            g_ptr_array_add (gone, g_strdup (value));
            g_hash_table_iter_remove (&iter);
          }
    }
  G_UNLOCK (team_databases);
  for (guint i = 0; i < gone->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", (char *) gone->pdata[i]);
      team_admin (sql);
    }
}

char *
sd_test_shop_where (const char *dir,
                    const char *file_name)
{
  g_autofree char *path = g_build_filename (dir, file_name, NULL);

  return sd_test_is_team () ? sd_test_team_database (path) : g_steal_pointer (&path);
}

void
sd_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  drop_team_databases (path);

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          sd_test_remove_tree (child);
        }
    }
  g_remove (path);
}

SdSession *
sd_test_new_shop (const char *path)
{
  g_autoptr(GError) error = NULL;
  SdSession *session = sd_shop_create (path, "测试小店", SD_TEST_OWNER, SD_TEST_PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

SdSession *
sd_test_new_temp_shop (char **dir,
                       char **path)
{
  g_autofree char *shop = NULL;

  *dir = sd_test_make_dir ();
  shop = sd_test_shop_where (*dir, "shop.db");
  if (path != NULL)
    *path = g_strdup (shop);
  return sd_test_new_shop (shop);
}

SdSession *
sd_test_login_owner (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = sd_db_open (path, &error);
  SdSession *session;

  g_assert_no_error (error);
  session = sd_session_login (db, SD_TEST_OWNER, SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  return session;
}

SdSession *
sd_test_staff_session (SdSession       *owner,
                       const char      *login,
                       SdPermissionSet  permissions)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *role_name = g_strdup_printf ("role of %s", login);
  g_autofree char *sql = NULL;
  SdDb *db = sd_session_get_db (owner);
  gint64 role_id, staff_id;
  SdSession *session;

  role_id = sd_roles_create (owner, role_name, permissions, &error);
  g_assert_no_error (error);
  staff_id = sd_staff_add (owner, login, login, 1, role_id, SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  /* The first-login change is tested on its own; here it would only cost two more hashes. */
  sql = g_strdup_printf ("UPDATE staff SET must_change_password = 0 WHERE id = %" G_GINT64_FORMAT, staff_id);
  g_assert_true (_sd_db_exec (db, sql, &error));
  g_assert_no_error (error);
  session = _sd_session_new_for (db, staff_id, &error);
  g_assert_no_error (error);
  return session;
}

static gint64
read_clock (gpointer user_data)
{
  return *(gint64 *) user_data;
}

void
sd_test_set_clock (SdDb   *db,
                   gint64 *now)
{
  sd_db_set_clock (db, read_clock, now);
}

SdCustomer *
sd_test_new_customer (const char *nick,
                      const char *name,
                      const char *phone)
{
  SdCustomer *c = sd_customer_new ();

  sd_customer_set_text (&c->nick, nick);
  sd_customer_set_text (&c->name, name);
  sd_customer_set_text (&c->phone, phone);
  return c;
}

gint64
sd_test_save_customer (SdSession  *session,
                       SdCustomer *c)
{
  g_autoptr(GError) error = NULL;
  const char *field = NULL;

  g_assert_true (sd_customers_save (session, c, &field, &error));
  g_assert_no_error (error);
  g_assert_null (field);
  g_assert_cmpint (c->id, >, 0);
  return c->id;
}

gint64
sd_test_add_customer (SdSession  *session,
                      const char *nick,
                      const char *name,
                      const char *phone)
{
  g_autoptr(SdCustomer) c = sd_test_new_customer (nick, name, phone);

  return sd_test_save_customer (session, c);
}

SdCustomer *
sd_test_get_customer (SdSession *session,
                      gint64     id)
{
  g_autoptr(GError) error = NULL;
  SdCustomer *c = sd_customers_get (session, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

gint64
sd_test_count_customers (SdSession *session)
{
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  g_autoptr(GError) error = NULL;
  gint64 n = sd_customers_count (session, q, &error);

  g_assert_no_error (error);
  return n;
}

GPtrArray *
sd_test_audit_list (SdSession           *session,
                    const SdAuditFilter *filter)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = sd_audit_list (session, filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

guint
sd_test_audit_count (SdSession  *session,
                     const char *action)
{
  SdAuditFilter filter = { .action = action };
  g_autoptr(GPtrArray) entries = sd_test_audit_list (session, &filter);

  return entries->len;
}

void
sd_test_exec (SdSession  *session,
              const char *sql)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = _sd_db_exec (sd_session_get_db (session), sql, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

/* A statement of SQL, which must prepare, on SESSION's shop (a file or a team database);
 * the caller frees it. */
static SdStmt *
prepare_fresh (SdSession  *session,
               const char *sql)
{
  g_autoptr(GError) error = NULL;
  SdStmt *stmt = _sd_db_prepare_dynamic (sd_session_get_db (session), sql, "test", &error);

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  return stmt;
}

gint64
sd_test_query_int (SdSession  *session,
                   const char *format,
                   ...)
{
  g_autofree char *sql = NULL;
  g_autoptr(SdStmt) stmt = NULL;
  gint64 value = -1;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  stmt = prepare_fresh (session, sql);
  if (sd_stmt_step (stmt) == SD_STMT_ROW && !sd_stmt_column_is_null (stmt, 0))
    value = sd_stmt_column_int64 (stmt, 0);
  return value;
}

char *
sd_test_query_text (SdSession  *session,
                    const char *format,
                    ...)
{
  g_autofree char *sql = NULL;
  g_autoptr(SdStmt) stmt = NULL;
  char *value = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  stmt = prepare_fresh (session, sql);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    value = g_strdup (sd_stmt_column_text (stmt, 0));
  return value;
}

/* TEAM_WHERE and FILE_WHERE: a catalogue and the test of its rows, ending with the column
 * compared to NAME. */
static gboolean
has_object (SdDb       *db,
            const char *team_where,
            const char *file_where,
            const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s = '%s'",
                                          _sd_db_is_team (db) ? team_where : file_where, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStmt) stmt = _sd_db_prepare_dynamic (db, sql, "test", &error);

  g_assert_no_error (error);
  g_assert_cmpint (sd_stmt_step (stmt), ==, SD_STMT_ROW);
  return sd_stmt_column_int64 (stmt, 0) > 0;
}

gboolean
sd_test_has_index (SdDb       *db,
                   const char *name)
{
  return has_object (db, "pg_indexes WHERE indexname", "sqlite_schema WHERE type = 'index' AND name", name);
}

gint64
sd_test_raw_exec (const char *where,
                  const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = _sd_db_open_bare (where, &error);

  g_assert_no_error (error);
  if (!_sd_db_exec (db, sql, &error))
    g_error ("%s: %s", sql, error->message);
  return _sd_db_changes (db);
}

const char *
sd_test_unguard_audit_sql (void)
{
  return sd_test_is_team ()
    ? "DROP TRIGGER audit_log_no_update ON audit_log; DROP TRIGGER audit_log_no_delete ON audit_log;"
    : "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";
}

char *
sd_test_copy_shop (const char *from,
                   const char *dir,
                   const char *file_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, file_name, NULL);

  if (sd_test_is_team ())
    {
      g_autofree char *url = sd_test_team_database (path);
      g_autofree char *database = g_path_get_basename (url);
      g_autofree char *template = g_path_get_basename (from);
      g_autofree char *sql = g_strdup_printf ("DROP DATABASE %s; CREATE DATABASE %s TEMPLATE %s",
                                              database, database, template);
      g_auto(GStrv) steps = g_strsplit (sql, "; ", -1);

      for (guint i = 0; steps[i] != NULL; i++)
        team_admin (steps[i]);
      return g_steal_pointer (&url);
    }
  {
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (from, &contents, &length, &error));
    g_assert_true (g_file_set_contents (path, contents, (gssize) length, &error));
    g_assert_no_error (error);
  }
  return g_steal_pointer (&path);
}

char *
sd_test_rows_text (SdDb       *db,
                   const char *except)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (int));
  GString *out = g_string_new (NULL);
  g_autoptr(SdStmt) list = _sd_db_prepare_dynamic (db, _sd_db_is_team (db)
      ? "SELECT table_name, count(*) FROM information_schema.columns WHERE table_schema = 'public' "
        "GROUP BY table_name ORDER BY table_name COLLATE \"C\""
      : "SELECT t.name, (SELECT count(*) FROM pragma_table_info (t.name)) FROM sqlite_schema AS t "
        "WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' ORDER BY t.name", "test", &error);

  g_assert_no_error (error);
  while (sd_stmt_step (list) == SD_STMT_ROW)
    {
      int width = sd_stmt_column_int (list, 1);
      if (g_strcmp0 (sd_stmt_column_text (list, 0), except) == 0)
        continue;
      g_ptr_array_add (tables, g_strdup (sd_stmt_column_text (list, 0)));
      g_array_append_val (widths, width);
    }
  g_assert_cmpuint (tables->len, >, 5);

  for (guint i = 0; i < tables->len; i++)
    {
      int width = g_array_index (widths, int, i);
      g_autoptr(GString) sql = g_string_new (NULL);
      g_autoptr(SdStmt) rows = NULL;

      /* Every column in the order: the rows' order on disk is the engine's. */
      g_string_printf (sql, "SELECT * FROM \"%s\" ORDER BY ", (char *) tables->pdata[i]);
      for (int c = 1; c <= width; c++)
        g_string_append_printf (sql, "%s%d", c > 1 ? ", " : "", c);
      rows = _sd_db_prepare_dynamic (db, sql->str, "test", &error);
      g_assert_no_error (error);
      g_string_append_printf (out, "[%s]\n", (char *) tables->pdata[i]);
      while (sd_stmt_step (rows) == SD_STMT_ROW)
        {
          for (int c = 0; c < width; c++)
            {
              const char *text = sd_stmt_column_is_null (rows, c) ? "∅" : sd_stmt_column_text (rows, c);
              g_string_append_c (out, c ? '|' : ' ');
              g_string_append (out, text ? text : "");
            }
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

char *
sd_test_schema_text (SdDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStmt) stmt = _sd_db_prepare_dynamic (db, _sd_db_is_team (db)
      ? "SELECT string_agg (table_name || '.' || column_name || ' ' || data_type, ';' "
        "ORDER BY table_name, ordinal_position) FROM information_schema.columns WHERE table_schema = 'public'"
      : "SELECT group_concat (sql, ';') FROM sqlite_schema", "test", &error);
  char *text;

  g_assert_no_error (error);
  g_assert_cmpint (sd_stmt_step (stmt), ==, SD_STMT_ROW);
  text = g_strdup (sd_stmt_column_text (stmt, 0));
  g_assert_nonnull (text);
  return text;
}

gboolean
sd_test_has_trigger (SdDb       *db,
                     const char *name)
{
  /* A team database's bulk load switches its trigger off and on rather than dropping it. */
  return has_object (db, "pg_trigger WHERE tgenabled <> 'D' AND tgname",
                     "sqlite_schema WHERE type = 'trigger' AND name", name);
}

static gboolean
expired_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
sd_test_iterate_before (gint64 deadline)
{
  gint64 left = deadline - g_get_monotonic_time ();
  gboolean expired = FALSE;
  guint id;

  g_assert_cmpint (left, >, 0);
  id = g_timeout_add ((guint) (left / G_TIME_SPAN_MILLISECOND) + 1, expired_cb, &expired);
  g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
}

void
sd_test_store_result_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

void
sd_test_wait_result (GAsyncResult **result,
                     guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (*result == NULL)
    sd_test_iterate_before (deadline);
}

SdSession *
sd_test_agent_session (SdSession  *owner,
                       const char *login,
                       gint64      department)
{
  g_autoptr(GError) error = NULL;
  SdSession *session = sd_test_staff_session (owner, login, SD_PERMISSION_BIT (SD_PERMISSION_CONVERSATIONS_OWN));

  g_assert_true (sd_staff_set_department (owner, sd_session_get_staff_id (session), department, &error));
  g_assert_no_error (error);
  return session;
}

static char *pg_dir;
static char *pg_url;
static char *pg_why;

static void
stop_own_pg_server (void)
{
  const char *argv[] = { "bash", g_getenv ("SHOPDESK_PG_TEST_SERVER"), "stop", pg_dir, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);
}

static void
start_own_pg_server (void)
{
  const char *script = g_getenv ("SHOPDESK_PG_TEST_SERVER");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (script == NULL)
    {
      pg_why = g_strdup ("no $SHOPDESK_TEST_PG and no $SHOPDESK_PG_TEST_SERVER to start a server with");
      return;
    }
  pg_dir = g_dir_make_tmp ("shopdesk-pg-XXXXXX", &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { "bash", script, "start", pg_dir, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  }
  g_assert_no_error (error);
  if (g_spawn_check_wait_status (status, NULL))
    {
      pg_url = g_strstrip (g_steal_pointer (&out));
      atexit (stop_own_pg_server);
      return;
    }
  pg_why = g_strdup_printf ("no PostgreSQL server could start here: %s", g_strstrip (err));
  stop_own_pg_server ();
}

const char *
sd_test_pg_url (const char **out_why)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      const char *given = g_getenv ("SHOPDESK_TEST_PG");
      if (!_sd_pg_available ())
        pg_why = g_strdup ("this build has no libpq (meson option postgresql)");
      else if (given != NULL && *given != '\0')
        pg_url = g_strdup (given);
      else
        start_own_pg_server ();
      g_once_init_leave (&once, 1);
    }
  if (out_why)
    *out_why = pg_why;
  return pg_url;
}
