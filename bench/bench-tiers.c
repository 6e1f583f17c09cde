/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-tiers"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>

#include "bench-data.h"
#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-demo-shop.h"
#include "sd-rfm.h"
#include "sd-segments.h"
#include "sd-tiers.h"

/*
 * bench-tiers [--customers N] [--orders M] [--shop PATH] [--tmpdir DIR]
 *
 * The tier and RFM benchmark of the product issue (target: a full recompute of 1M
 * customers / 5M orders under 3 s). Without --shop, a demo shop of N customers and M
 * orders (default 1,000,000 / 5,000,000, sd_demo seed BENCH_DEFAULT_SEED) is generated in
 * a temporary directory deleted afterwards (about 1 GB); with --shop PATH the shop there is
 * used, and generated first when the file does not exist yet (and kept).
 *
 * Figures, each the best of a few runs where the run leaves the shop as it found it:
 *  1. a full recompute (tiers and RFM of every customer) that finds nothing to change;
 *  2. a full recompute after a ladder change that moves customers (sd_tiers_set_ladder:
 *     save, recompute, history, audit) — thresholds halved, then back;
 *  3. a full recompute from scratch: every tier unset and every score cleared first, so
 *     that every customer changes and gets a history entry (the first computation on a
 *     shop that predates tiers);
 *  4. the simulator on a changed ladder (counts, movers, 12 months of discount);
 *  5. a recompute of 1,000 customers (what an import or sync of a few orders costs);
 *  6. the RFM grid;
 *  7. what reads the tiers besides: segment counts over tiers and RFM (the builder's live
 *     count), the customer list sorted by tier (a page of 50 at random places, and every
 *     id in that order, as the list loads it).
 * Prints the figure, the target and the ratio to it. Exit status 0 whether targets pass.
 * A shop of an older schema is migrated when it is opened: that time is printed first.
 */

#define TARGET_FULL_S      3.0
#define TARGET_PARTIAL_S   0.5
#define TARGET_SIMULATE_S  3.0
#define TARGET_GRID_S      0.5
#define TARGET_COUNT_S     0.5
#define TARGET_PAGE_S      0.002
#define TARGET_IDS_S       0.5
#define RUNS               3
#define PAGE_ROWS          50
#define PAGE_ANCHORS       20

typedef struct
{
  char       *label;
  double      seconds;
  double      target;
  char       *note;
} Figure;

static GArray *figures;

static double
now_s (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

static void
add_figure (const char *label,
            double      seconds,
            double      target,
            char       *note)
{
  Figure f = { g_strdup (label), seconds, target, note };
  g_array_append_val (figures, f);
  g_print ("  %-62s %8.4f s\n", label, seconds);
}

static void
die (GError *error)
{
  g_printerr ("bench-tiers: %s\n", error ? error->message : "failed");
  exit (1);
}

static void
demo_progress_cb (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  static gint64 last;
  gint64 t = g_get_monotonic_time ();

  if (t - last > 5 * G_USEC_PER_SEC || done == total)
    {
      g_printerr ("  generating: %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT "\r", done, total);
      last = t;
    }
}

/* The schema of the file at PATH before ShopDesk opens it (and migrates it); 0 when new. */
static int
schema_on_disk (const char *path)
{
  sqlite3 *raw = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) ||
      sqlite3_open_v2 (path, &raw, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close (raw);
      return 0;
    }
  if (sqlite3_prepare_v2 (raw, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (raw);
  return version;
}

/* The best of RUNS counts of the customers EXPRESSION selects. */
static void
time_count (SdSession  *session,
            const char *expression)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = g_strdup_printf ("Segment count: %s", expression);
  double best = G_MAXDOUBLE;
  gint64 n = 0;

  for (int i = 0; i < RUNS; i++)
    {
      double t = now_s ();
      n = sd_segments_count_expression (session, expression, &error);
      if (n < 0)
        die (error);
      best = MIN (best, now_s () - t);
    }
  add_figure (label, best, TARGET_COUNT_S, g_strdup_printf ("%" G_GINT64_FORMAT " customers", n));
}

/* Pages of 50 sorted by tier, both ways: the first, and after customers drawn at random
 * (the list jumping to a position); each the best of RUNS, the slowest of them. */
static void
time_tier_pages (SdSession *session,
                 gint64     n_customers)
{
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (7);
  double worst = 0;
  guint pages = 0;

  for (int d = 0; d < 2; d++)
    {
      g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();

      query->sort = SD_CUSTOMER_SORT_TIER;
      query->descending = d == 1;
      for (int i = 0; i <= PAGE_ANCHORS; i++)
        {
          g_autoptr(SdCustomerCursor) cursor = NULL;
          g_autoptr(SdCustomer) anchor = NULL;
          double best = G_MAXDOUBLE;

          if (i > 0)
            {
              anchor = sd_customers_get (session, 1 + (gint64) (g_rand_double (rand) * MAX (n_customers, 1)), &error);
              if (anchor == NULL)
                {
                  g_clear_error (&error);   /* a gap in the ids */
                  continue;
                }
              cursor = sd_customers_cursor_after (query, anchor);
            }
          for (int run = 0; run < RUNS; run++)
            {
              g_autoptr(GPtrArray) page = NULL;
              double t = now_s ();

              page = sd_customers_find (session, query, cursor, PAGE_ROWS, &error);
              if (page == NULL)
                die (error);
              best = MIN (best, now_s () - t);
            }
          worst = MAX (worst, best);
          pages++;
        }
    }
  g_rand_free (rand);
  add_figure ("Customer list sorted by tier: page of 50, slowest", worst, TARGET_PAGE_S,
              g_strdup_printf ("%u pages, first and at random places, both ways", pages));
}

/* Every id sorted by tier, as the list loads it to scroll anywhere; best of RUNS. */
static void
time_tier_ids (SdSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  double best = G_MAXDOUBLE;
  guint n = 0;

  query->sort = SD_CUSTOMER_SORT_TIER;
  query->descending = TRUE;
  for (int i = 0; i < RUNS; i++)
    {
      g_autoptr(GArray) ids = NULL;
      double t = now_s ();

      ids = sd_customers_list_ids (session, query, NULL, &error);
      if (ids == NULL)
        die (error);
      best = MIN (best, now_s () - t);
      n = ids->len;
    }
  add_figure ("Customer list sorted by tier: every id in order", best, TARGET_IDS_S,
              g_strdup_printf ("%u ids", n));
}

static SdTierLadder *
halved (const SdTierLadder *ladder)
{
  SdTierLadder *l = sd_tier_ladder_copy (ladder);

  for (int g = 1; g < SD_TIER_N_GRADES; g++)
    if (l->grades[g].basis == SD_TIER_BASIS_AMOUNT)
      l->grades[g].threshold = MAX (l->grades[g].threshold / 2, 1);
  return l;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdTierLadder) ladder = NULL;
  g_autoptr(SdTierLadder) lower = NULL;
  g_autofree char *shop = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *dir = NULL;
  gint customers = 1000000, orders = 5000000;
  gboolean made_dir = FALSE;
  SdDb *db;
  guint failed = 0;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT, &customers, "Customers in a generated shop (1000000)", "N" },
    { "orders", 0, 0, G_OPTION_ARG_INT, &orders, "Orders in a generated shop (5000000)", "M" },
    { "shop", 0, 0, G_OPTION_ARG_FILENAME, &shop, "Use (or make and keep) the shop at PATH", "PATH" },
    { "tmpdir", 0, 0, G_OPTION_ARG_FILENAME, &tmpdir, "Where the temporary shop goes ($TMPDIR)", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the tier and RFM benchmark");

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die (error);
  figures = g_array_new (FALSE, TRUE, sizeof (Figure));

  if (shop == NULL)
    {
      g_autofree char *template = g_build_filename (tmpdir ? tmpdir : g_get_tmp_dir (), "bench-tiers-XXXXXX", NULL);
      dir = g_mkdtemp (g_steal_pointer (&template));
      if (dir == NULL)
        die (NULL);
      made_dir = TRUE;
      shop = g_build_filename (dir, "shop.db", NULL);
    }

  g_print ("ShopDesk tier and RFM benchmark\n");
  {
    int version = schema_on_disk (shop);
    double t = now_s ();

    session = bench_open_shop (shop, &error);
    if (session == NULL)
      die (error);
    if (version > 0 && version < SD_SCHEMA_VERSION)
      g_print ("  opened a shop of schema %d, migrated to %d in %.1f s\n", version, SD_SCHEMA_VERSION, now_s () - t);
  }
  db = sd_session_get_db (session);
  if (_sd_db_get_count (db, SD_COUNTER_CUSTOMERS) == 0)
    {
      double t = now_s ();
      g_print ("Generating %d customers / %d orders (sd_demo seed %d) …\n", customers, orders, BENCH_DEFAULT_SEED);
      if (!sd_demo_shop_fill (session, customers, orders, BENCH_DEFAULT_SEED, BENCH_NOW, demo_progress_cb, NULL,
                              NULL, &error))
        die (error);
      g_printerr ("\n");
      g_print ("  generated in %.1f s (tiers and RFM computed inside)\n", now_s () - t);
    }
  g_print ("Shop: %" G_GINT64_FORMAT " customers, %" G_GINT64_FORMAT " orders\n",
           _sd_db_get_count (db, SD_COUNTER_CUSTOMERS), _sd_db_get_count (db, SD_COUNTER_ORDERS));

  ladder = sd_tiers_get_ladder (session, &error);
  if (ladder == NULL)
    die (error);
  lower = halved (ladder);

  /* Make sure the shop is computed with the saved ladder before timing "nothing changed". */
  if (!sd_tiers_recompute (session, NULL, 0, NULL, &error))
    die (error);

  {
    double best = G_MAXDOUBLE;
    SdTierRecomputeStats stats = { 0 };
    for (int i = 0; i < RUNS; i++)
      {
        double t = now_s ();
        if (!sd_tiers_recompute (session, NULL, 0, &stats, &error))
          die (error);
        best = MIN (best, now_s () - t);
      }
    add_figure ("Full recompute, nothing to change", best, TARGET_FULL_S,
                g_strdup_printf ("%" G_GINT64_FORMAT " scored", stats.rfm_active));
  }

  {
    double down = G_MAXDOUBLE, up = G_MAXDOUBLE;
    SdTierRecomputeStats stats_down = { 0 }, stats_up = { 0 };
    for (int i = 0; i < RUNS - 1; i++)
      {
        double t = now_s ();
        if (!sd_tiers_set_ladder (session, lower, &stats_up, &error))
          die (error);
        up = MIN (up, now_s () - t);
        t = now_s ();
        if (!sd_tiers_set_ladder (session, ladder, &stats_down, &error))
          die (error);
        down = MIN (down, now_s () - t);
      }
    add_figure ("Ladder change + full recompute (amount thresholds halved)", up, TARGET_FULL_S,
                g_strdup_printf ("%" G_GINT64_FORMAT " customers moved", stats_up.changed));
    add_figure ("Ladder change + full recompute (thresholds back)", down, TARGET_FULL_S,
                g_strdup_printf ("%" G_GINT64_FORMAT " customers moved", stats_down.changed));
  }

  {
    double best = G_MAXDOUBLE;
    SdTierRecomputeStats stats = { 0 };
    for (int i = 0; i < RUNS - 1; i++)
      {
        double t;
        /* As a shop from before tiers: nothing computed, no history. */
        if (!sd_db_begin (db, &error) ||
            !_sd_db_exec (db, "UPDATE customer_standing SET tier = -1, rfm_r = 0, rfm_f = 0, rfm_m = 0 "
                              "WHERE tier_pinned = 0;"
                              "DELETE FROM rfm_cuts; DELETE FROM tier_history;", &error) ||
            !sd_db_commit (db, &error))
          die (error);
        t = now_s ();
        if (!sd_tiers_recompute (session, NULL, 0, &stats, &error))
          die (error);
        best = MIN (best, now_s () - t);
      }
    add_figure ("Full recompute from scratch (every customer changes)", best, TARGET_FULL_S,
                g_strdup_printf ("%" G_GINT64_FORMAT " history entries, %" G_GINT64_FORMAT " scored",
                                 stats.changed, stats.rfm_active));
  }

  {
    double best = G_MAXDOUBLE;
    g_autoptr(SdTierSimulation) sim = NULL;
    for (int i = 0; i < RUNS; i++)
      {
        double t = now_s ();
        g_clear_pointer (&sim, sd_tier_simulation_free);
        sim = sd_tiers_simulate (session, lower, &error);
        if (sim == NULL)
          die (error);
        best = MIN (best, now_s () - t);
      }
    add_figure ("Simulate a ladder change (counts, movers, 12 months' discount)", best, TARGET_SIMULATE_S,
                g_strdup_printf ("%u up, %u down", sim->moved_up->len, sim->moved_down->len));
  }

  {
    double best = G_MAXDOUBLE;
    gint64 n = _sd_db_get_count (db, SD_COUNTER_CUSTOMERS);
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    GRand *rand = g_rand_new_with_seed (1);
    SdTierRecomputeStats stats = { 0 };
    for (int i = 0; i < 1000; i++)
      {
        gint64 id = 1 + (gint64) (g_rand_double (rand) * MAX (n, 1));
        g_array_append_val (ids, id);
      }
    g_rand_free (rand);
    for (int i = 0; i < RUNS; i++)
      {
        double t = now_s ();
        if (!sd_tiers_recompute (session, (gint64 *) ids->data, ids->len, &stats, &error))
          die (error);
        best = MIN (best, now_s () - t);
      }
    add_figure ("Recompute 1,000 customers (after an import or sync)", best, TARGET_PARTIAL_S,
                g_strdup (stats.rfm_full ? "quintiles moved: everyone rescored" : "quintiles unchanged"));
  }

  {
    double best = G_MAXDOUBLE;
    SdRfmGrid grid;
    for (int i = 0; i < RUNS; i++)
      {
        double t = now_s ();
        if (!sd_rfm_grid (session, &grid, &error))
          die (error);
        best = MIN (best, now_s () - t);
      }
    add_figure ("RFM grid (R × F counts)", best, TARGET_GRID_S,
                g_strdup_printf ("%" G_GINT64_FORMAT " scored, %" G_GINT64_FORMAT " not", grid.scored, grid.unscored));
  }

  time_count (session, "tier >= 3");
  time_count (session, "tier = 2 and total_spent >= 2000");
  time_count (session, "rfm_group = \"champions\"");
  time_count (session, "rfm_r <= 2 and rfm_f >= 4");
  time_tier_pages (session, _sd_db_get_count (db, SD_COUNTER_CUSTOMERS));
  time_tier_ids (session);

  g_print ("\n%-62s %9s  %-8s %7s  %-6s %s\n", "figure", "measured", "target", "ratio", "result", "");
  for (guint i = 0; i < figures->len; i++)
    {
      Figure *f = &g_array_index (figures, Figure, i);
      gboolean pass = f->seconds < f->target;
      if (!pass)
        failed++;
      g_print ("%-62s %7.3f s  < %-5g s  %6.2fx  %-6s %s\n", f->label, f->seconds, f->target,
               f->seconds / f->target, pass ? "PASS" : "FAIL", f->note ? f->note : "");
      g_free (f->label);
      g_free (f->note);
    }
  g_print ("\n%u of %u targets met\n", figures->len - failed, figures->len);
  g_array_unref (figures);

  g_clear_object (&session);
  if (made_dir)
    {
      g_autofree char *wal = g_strconcat (shop, "-wal", NULL);
      g_autofree char *shm = g_strconcat (shop, "-shm", NULL);
      g_unlink (shop);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return 0;
}
