/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

#include "sd-change-watch.h"
#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-session.h"

/* The change watch: what one desktop writes to a team shop, another hears within a second,
 * a burst told once, and after the server drops the listening connection the watch is
 * back and hears the next change. A shop file's watch never tells anything. The team
 * tests need a PostgreSQL server (sd_test_pg_url ()); skipped without one. */

typedef struct
{
  char          *dir;
  char          *where;     /* the team database's URL */
  SdDb          *writer;    /* another desktop's connection */
  SdChangeWatch *watch;
  GPtrArray     *told;      /* GStrv a "changed" */
} Fixture;

static void
changed_cb (SdChangeWatch *watch,
            GStrv          tables,
            Fixture       *f)
{
  g_ptr_array_add (f->told, g_strdupv (tables));
}

static void
wait_listening (Fixture  *f,
                gboolean  listening,
                guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (sd_change_watch_get_listening (f->watch) != listening)
    sd_test_iterate_before (deadline);
}

/* Waits until a "changed" names TABLE, within TIMEOUT_MS; how long that took. */
static gint64
wait_told (Fixture    *f,
           const char *table,
           guint       timeout_ms)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + timeout_ms * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      for (guint i = 0; i < f->told->len; i++)
        if (g_strv_contains (g_ptr_array_index (f->told, i), table))
          return (g_get_monotonic_time () - start) / G_TIME_SPAN_MILLISECOND;
      sd_test_iterate_before (deadline);
    }
}

/* Runs the main loop for MS, whatever comes. */
static void
run_for (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < deadline - G_TIME_SPAN_MILLISECOND)
    sd_test_iterate_before (deadline);
}

static void
write_sql (Fixture    *f,
           const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_sd_db_exec (f->writer, sql, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *why = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  f->told = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  if (sd_test_pg_url (&why) == NULL)
    {
      g_test_skip (why);
      return;
    }
  f->dir = sd_test_make_dir ();
  key = g_build_filename (f->dir, "team", NULL);
  f->where = sd_test_team_database (key);
  /* The first open makes the shop, its triggers that tell changes with it. */
  f->writer = sd_db_open (f->where, &error);
  g_assert_no_error (error);
  f->watch = sd_change_watch_new (f->where);
  g_signal_connect (f->watch, "changed", G_CALLBACK (changed_cb), f);
  wait_listening (f, TRUE, 10000);
  g_assert_null (sd_change_watch_get_problem (f->watch));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->watch);
  g_clear_pointer (&f->writer, sd_db_unref);
  if (f->dir != NULL)
    sd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->where);
  g_ptr_array_unref (f->told);
}

static void
test_write_heard (Fixture       *f,
                  gconstpointer  data)
{
  gint64 start;
  gint64 took;

  if (f->watch == NULL)
    return;
  /* Connecting said nothing: nothing changed. */
  run_for (300);
  g_assert_cmpuint (f->told->len, ==, 0);

  start = g_get_monotonic_time ();
  write_sql (f, "INSERT INTO customers (nick, created_at, updated_at) VALUES ('tb_one', 1, 1)");
  wait_told (f, "customers", 1000);
  took = (g_get_monotonic_time () - start) / G_TIME_SPAN_MILLISECOND;
  g_test_message ("heard in %" G_GINT64_FORMAT " ms", took);
  g_assert_cmpint (took, <, 1000);
  /* The customer's standing row, made by a trigger, is the same statement's news. */
  g_assert_cmpuint (f->told->len, ==, 1);
  g_assert_true (g_strv_contains (g_ptr_array_index (f->told, 0), "customer_standing"));
  g_assert_false (g_strv_contains (g_ptr_array_index (f->told, 0), "cases"));

  /* A case and its first event: told by their own names. */
  write_sql (f, "INSERT INTO cases (type, title, created_at, updated_at, deadline_at) "
                "VALUES ('refund', 'Broken cup', 1, 1, 2)");
  write_sql (f, "INSERT INTO case_events (case_id, at, kind) SELECT id, 1, 'opened' FROM cases");
  g_assert_cmpint (wait_told (f, "case_events", 1000), <, 1000);
  g_assert_cmpint (wait_told (f, "cases", 1000), <, 1000);

  /* A table only the store reads tells nobody. */
  g_ptr_array_set_size (f->told, 0);
  write_sql (f, "UPDATE search_meta SET value = value");
  write_sql (f, "INSERT INTO import_runs (kind, fingerprint, file_name, started_at) VALUES ('c', 'f', 'n', 1)");
  run_for (500);
  g_assert_cmpuint (f->told->len, ==, 0);
}

static void
test_burst_told_once (Fixture       *f,
                      gconstpointer  data)
{
  gint64 start;
  guint bursts;
  guint seconds_quarters;

  if (f->watch == NULL)
    return;
  /* 1,000 rows in one statement: one notification, one "changed". */
  write_sql (f, "INSERT INTO customers (nick, created_at, updated_at) "
                "SELECT 'tb_' || g, 1, 1 FROM generate_series (1, 1000) AS g");
  g_assert_cmpint (wait_told (f, "customers", 1000), <, 1000);
  run_for (600);
  g_assert_cmpuint (f->told->len, ==, 1);
  g_assert_cmpint (_sd_db_query_int (f->writer, "SELECT count(*) FROM customers", -1), ==, 1000);

  /* 200 statements of their own over a second or more: gathered, at most one "changed" a
   * quarter of a second (and one more for the last of them). */
  g_ptr_array_set_size (f->told, 0);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 200; i++)
    {
      write_sql (f, "UPDATE customers SET updated_at = updated_at + 1 WHERE nick = 'tb_7'");
      /* Between statements the watch reads what came. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
  seconds_quarters = (guint) ((g_get_monotonic_time () - start) / (250 * G_TIME_SPAN_MILLISECOND));
  run_for (600);
  bursts = f->told->len;
  g_test_message ("200 statements over %u quarter seconds: told %u times", seconds_quarters, bursts);
  g_assert_cmpuint (seconds_quarters, >=, 4);
  g_assert_cmpuint (bursts, >=, 2);
  g_assert_cmpuint (bursts, <=, seconds_quarters + 2);
  g_assert_cmpuint (bursts, <, 200);
  for (guint i = 0; i < bursts; i++)
    g_assert_cmpstr (((GStrv) g_ptr_array_index (f->told, i))[0], ==, "customers");
}

static void
test_reconnects (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *kill = NULL;

  if (f->watch == NULL)
    return;
  /* The server ends the watch's connection (an administrator, a restart). */
  write_sql (f, "SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                "WHERE application_name = 'shopdesk-changes' AND datname = current_database ()");
  wait_listening (f, FALSE, 5000);
  g_assert_nonnull (sd_change_watch_get_problem (f->watch));
  g_test_message ("dropped: %s", sd_change_watch_get_problem (f->watch));

  /* Back within its first wait (half a second), it says everything may have changed. */
  wait_listening (f, TRUE, 5000);
  g_assert_null (sd_change_watch_get_problem (f->watch));
  g_assert_cmpint (wait_told (f, "segments", 1000), <, 1000);
  g_assert_true (g_strv_contains (g_ptr_array_index (f->told, 0), "customers"));
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (f->told, 0)), ==,
                    g_strv_length ((GStrv) sd_change_watch_get_tables ()));

  /* And it hears the next change. */
  run_for (300);
  g_ptr_array_set_size (f->told, 0);
  write_sql (f, "INSERT INTO segments (name, expression, created_at, updated_at) VALUES ('s', '{}', 1, 1)");
  g_assert_cmpint (wait_told (f, "segments", 1000), <, 1000);
  g_assert_cmpuint (f->told->len, ==, 1);
  g_assert_cmpstr (((GStrv) g_ptr_array_index (f->told, 0))[0], ==, "segments");
  g_assert_null (((GStrv) g_ptr_array_index (f->told, 0))[1]);
}

/* A server that is not there: the watch keeps trying, never blocking, and says why. */
static void
test_no_server (void)
{
  g_autoptr(SdChangeWatch) watch = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!sd_db_is_team_url ("postgresql://x"))
    return;
  watch = sd_change_watch_new ("postgresql://shopdesk@127.0.0.1:1/shop?connect_timeout=1");
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_TIME_SPAN_SECOND / 2);
  start = g_get_monotonic_time ();
  while (sd_change_watch_get_problem (watch) == NULL)
    sd_test_iterate_before (start + 5 * G_TIME_SPAN_SECOND);
  g_assert_false (sd_change_watch_get_listening (watch));
  g_test_message ("%s", sd_change_watch_get_problem (watch));
}

/* A shop file has one desktop: its watch tells nothing, whatever is written. */
static void
test_shop_file_silent (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SdSession) owner = sd_test_new_temp_shop (&dir, &path);
  g_autoptr(SdChangeWatch) watch = sd_change_watch_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) customer = sd_customer_new ();
  g_autoptr(GPtrArray) told = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  Fixture f = { .told = told };
  gint64 deadline;

  g_signal_connect (watch, "changed", G_CALLBACK (changed_cb), &f);
  g_free (customer->nick);
  customer->nick = g_strdup ("tb_file");
  g_assert_true (sd_customers_save (owner, customer, NULL, &error));
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 500 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < deadline - G_TIME_SPAN_MILLISECOND)
    sd_test_iterate_before (deadline);
  g_assert_cmpuint (told->len, ==, 0);
  g_assert_false (sd_change_watch_get_listening (watch));
  g_assert_null (sd_change_watch_get_problem (watch));
  g_clear_object (&owner);
  sd_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/change-watch/write-heard", Fixture, NULL, fixture_set_up, test_write_heard, fixture_tear_down);
  g_test_add ("/change-watch/burst-told-once", Fixture, NULL, fixture_set_up, test_burst_told_once,
              fixture_tear_down);
  g_test_add ("/change-watch/reconnects", Fixture, NULL, fixture_set_up, test_reconnects, fixture_tear_down);
  g_test_add_func ("/change-watch/no-server", test_no_server);
  g_test_add_func ("/change-watch/shop-file-silent", test_shop_file_silent);
  return g_test_run ();
}
