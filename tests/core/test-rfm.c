/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-tiers.h"

#include "sd-db-private.h"
#include "sd-demo-shop.h"
#include "sd-error.h"
#include "sd-rfm.h"
#include "sd-store-private.h"
#include "sd-tiers.h"

/* 2024-06-01 00:00:00 UTC = 08:00 in Beijing. */
#define NOW  SD_TEST_TIERS_NOW
#define DAY  G_GINT64_CONSTANT (86400)
#define HOUR G_GINT64_CONSTANT (3600)

typedef TierFixture Fixture;

/* A paid order of AMOUNT fen created at AT (UTC seconds). */
static void
add_order_at (Fixture *f,
              gint64   customer_id,
              gint64   amount,
              gint64   at)
{
  tier_fixture_add_order (f, customer_id, amount, 0, at);
}

static SdTierRecomputeStats
recompute (Fixture      *f,
           const gint64 *ids,
           gsize         n_ids)
{
  g_autoptr(GError) error = NULL;
  SdTierRecomputeStats stats = { 0 };

  g_assert_true (sd_tiers_recompute (f->session, ids, n_ids, &stats, &error));
  g_assert_no_error (error);
  return stats;
}

/* The definition: 1 + floor (5 × (how many are less) / n). */
static int
score_by_definition (const gint64 *values,
                     gsize         n,
                     gint64        v)
{
  gsize less = 0;

  for (gsize i = 0; i < n; i++)
    if (values[i] < v)
      less++;
  return 1 + (int) (5 * less / n);
}

/* The day of AT in Beijing time. */
static gint64
day_of (gint64 at)
{
  gint64 t = at + 8 * HOUR;
  return t / DAY - (t % DAY < 0);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

static void
test_cuts (void)
{
  GRand *rand = g_rand_new_with_seed (42);
  gint64 cuts[4];

  g_assert_false (sd_rfm_cuts_from_sorted (NULL, 0, cuts));
  for (int round = 0; round < 400; round++)
    {
      gsize n = g_rand_int_range (rand, 1, 80);
      /* Few distinct values: many ties. */
      gint32 range = g_rand_int_range (rand, 1, round % 2 ? 6 : 200);
      g_autofree gint64 *values = g_new (gint64, n);
      g_autofree gint64 *sorted = NULL;

      for (gsize i = 0; i < n; i++)
        values[i] = g_rand_int_range (rand, 0, range);
      sorted = g_memdup2 (values, n * sizeof (gint64));
      qsort (sorted, n, sizeof (gint64), compare_gint64);
      g_assert_true (sd_rfm_cuts_from_sorted (sorted, n, cuts));
      for (gsize i = 0; i < n; i++)
        g_assert_cmpint (sd_rfm_score (values[i], cuts), ==, score_by_definition (values, n, values[i]));
    }
  g_rand_free (rand);

  /* Ten distinct values: two in each quintile. */
  {
    const gint64 v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
    g_assert_true (sd_rfm_cuts_from_sorted (v, 10, cuts));
    for (int i = 0; i < 10; i++)
      g_assert_cmpint (sd_rfm_score (v[i], cuts), ==, 1 + i / 2);
  }
  /* One value: everyone scores 1. */
  {
    const gint64 v[] = { 7 };
    g_assert_true (sd_rfm_cuts_from_sorted (v, 1, cuts));
    g_assert_cmpint (sd_rfm_score (7, cuts), ==, 1);
  }
}

static void
test_groups (void)
{
  struct { int r, f; SdRfmGroup group; } cells[] = {
    { 5, 5, SD_RFM_GROUP_CHAMPIONS }, { 5, 4, SD_RFM_GROUP_CHAMPIONS },
    { 4, 5, SD_RFM_GROUP_LOYAL }, { 3, 4, SD_RFM_GROUP_LOYAL },
    { 5, 2, SD_RFM_GROUP_POTENTIAL_LOYALISTS }, { 4, 3, SD_RFM_GROUP_POTENTIAL_LOYALISTS },
    { 5, 1, SD_RFM_GROUP_NEW },
    { 4, 1, SD_RFM_GROUP_PROMISING },
    { 3, 3, SD_RFM_GROUP_NEED_ATTENTION },
    { 3, 1, SD_RFM_GROUP_ABOUT_TO_SLEEP }, { 3, 2, SD_RFM_GROUP_ABOUT_TO_SLEEP },
    { 2, 3, SD_RFM_GROUP_AT_RISK }, { 1, 4, SD_RFM_GROUP_AT_RISK },
    { 1, 5, SD_RFM_GROUP_CANT_LOSE }, { 2, 5, SD_RFM_GROUP_CANT_LOSE },
    { 2, 1, SD_RFM_GROUP_HIBERNATING }, { 2, 2, SD_RFM_GROUP_HIBERNATING },
    { 1, 1, SD_RFM_GROUP_LOST }, { 1, 2, SD_RFM_GROUP_LOST },
    { 0, 3, SD_RFM_GROUP_NONE }, { 3, 6, SD_RFM_GROUP_NONE },
  };
  gboolean seen[SD_RFM_GROUP_N] = { FALSE };

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    g_assert_cmpint (sd_rfm_group_for_scores (cells[i].r, cells[i].f), ==, cells[i].group);
  /* Every one of the eleven groups has cells; ids and labels round-trip. */
  for (int r = 1; r <= 5; r++)
    for (int f = 1; f <= 5; f++)
      seen[sd_rfm_group_for_scores (r, f)] = TRUE;
  g_assert_false (seen[SD_RFM_GROUP_NONE]);
  for (SdRfmGroup g = SD_RFM_GROUP_NONE; g < SD_RFM_GROUP_N; g++)
    {
      SdRfmGroup back = SD_RFM_GROUP_N;
      if (g != SD_RFM_GROUP_NONE)
        g_assert_true (seen[g]);
      g_assert_true (sd_rfm_group_from_string (sd_rfm_group_to_string (g), &back));
      g_assert_cmpint (back, ==, g);
      g_assert_cmpstr (sd_rfm_group_get_label (g), !=, "");
    }
  g_assert_cmpstr (sd_rfm_group_to_string (SD_RFM_GROUP_CANT_LOSE), ==, "cant_lose");
  {
    SdRfmGroup back;
    g_assert_false (sd_rfm_group_from_string ("vip", &back));
  }
}

/* Ten active customers and one without orders. */
static void
test_quintiles_with_ties (Fixture       *f,
                          gconstpointer  data)
{
  /* Order counts 1,1,1,1,1,1,2,2,3,10; totals 100 … 1000 yuan; the last orders on ten
   * days, two customers a day, at different hours of the same Beijing day. */
  const int counts[10] = { 1, 1, 1, 1, 1, 1, 2, 2, 3, 10 };
  const int expected_f[10] = { 1, 1, 1, 1, 1, 1, 4, 4, 5, 5 };
  gint64 ids[10], idle;
  SdTierRecomputeStats stats;

  for (int i = 0; i < 10; i++)
    {
      g_autofree char *nick = g_strdup_printf ("tb_q%d", i);
      ids[i] = sd_test_add_customer (f->session, nick, NULL, NULL);
      for (int k = 0; k < counts[i]; k++)
        {
          /* Customer i's last order: (10 - i / 2) days ago, at 01:00 or 23:00 Beijing
           * (17:00 the day before or 15:00 UTC) — the same local day for 2k and 2k + 1. */
          gint64 day = NOW - (10 - i / 2) * DAY - 8 * HOUR;   /* 00:00 Beijing */
          gint64 at = day + (i % 2 ? 23 : 1) * HOUR - k * 30 * DAY;
          gint64 amount = (i + 1) * 10000 / counts[i];
          if (k == 0)
            amount += (i + 1) * 10000 % counts[i];
          add_order_at (f, ids[i], amount, at);
        }
    }
  idle = sd_test_add_customer (f->session, "tb_idle", NULL, NULL);

  stats = recompute (f, NULL, 0);
  g_assert_cmpint (stats.rfm_active, ==, 10);
  g_assert_true (stats.rfm_full);
  for (int i = 0; i < 10; i++)
    {
      g_autoptr(SdCustomerTier) t = tier_fixture_standing (f, ids[i]);
      g_assert_cmpint (t->trades, ==, counts[i]);
      g_assert_cmpint (t->paid_cents, ==, (i + 1) * 10000);
      /* Same day, same R, whatever the hour: five days, two customers each. */
      g_assert_cmpint (t->rfm_r, ==, 1 + i / 2);
      g_assert_cmpint (t->rfm_f, ==, expected_f[i]);
      g_assert_cmpint (t->rfm_m, ==, 1 + i / 2);
      g_assert_cmpint (t->rfm_group, ==, sd_rfm_group_for_scores (t->rfm_r, t->rfm_f));
    }
  {
    g_autoptr(SdCustomerTier) t = tier_fixture_standing (f, idle);
    g_assert_cmpint (t->rfm_r, ==, 0);
    g_assert_cmpint (t->rfm_f, ==, 0);
    g_assert_cmpint (t->rfm_m, ==, 0);
    g_assert_cmpint (t->rfm_group, ==, SD_RFM_GROUP_NONE);
  }

  /* Time passing changes nothing: the ranks are of days, not of "days ago". */
  f->now += 40 * DAY;
  stats = recompute (f, NULL, 0);
  g_assert_cmpint (stats.written, ==, 0);
  g_assert_cmpint (stats.changed, ==, 0);
}

static void
test_grid (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SdRfmGrid grid;
  gint64 total = 0;

  g_assert_true (sd_demo_shop_fill (f->session, 500, 2500, 3, NOW, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* Demo data arrives scored. */
  g_assert_true (sd_rfm_grid (f->session, &grid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (grid.scored + grid.unscored, ==, 500);
  g_assert_cmpint (grid.scored, >, 0);
  for (int r = 0; r < 5; r++)
    for (int c = 0; c < 5; c++)
      total += grid.cells[r][c];
  g_assert_cmpint (total, ==, grid.scored);
  {
    gint64 in_groups = 0;
    for (SdRfmGroup g = SD_RFM_GROUP_CHAMPIONS; g < SD_RFM_GROUP_N; g++)
      in_groups += grid.groups[g];
    g_assert_cmpint (in_groups, ==, grid.scored);
    g_assert_cmpint (grid.groups[SD_RFM_GROUP_NONE], ==, grid.unscored);
  }
  /* Each quintile of M holds about a fifth (ties aside: totals are rarely equal). */
  {
    gint64 m_counts[6] = { 0 };
    for (gint64 id = 1; id <= 500; id++)
      {
        g_autoptr(SdCustomerTier) t = tier_fixture_standing (f, id);
        m_counts[t->rfm_m]++;
        g_assert_cmpint (t->rfm_group, ==, sd_rfm_group_for_scores (t->rfm_r, t->rfm_f));
        if (t->trades == 0)
          g_assert_cmpint (t->rfm_r, ==, 0);
      }
    for (int m = 1; m <= 5; m++)
      g_assert_cmpint (ABS (m_counts[m] - grid.scored / 5), <=, 2);
  }
  /* Every customer's scores are the definition's, over the active customers' values. */
  {
    GArray *values[3];
    for (int d = 0; d < 3; d++)
      values[d] = g_array_new (FALSE, FALSE, sizeof (gint64));
    for (gint64 id = 1; id <= 500; id++)
      {
        g_autoptr(SdCustomer) c = sd_test_get_customer (f->session, id);
        gint64 v[3] = { day_of (c->last_order_at), c->order_count, c->total_spent_cents };
        if (c->order_count == 0)
          continue;
        for (int d = 0; d < 3; d++)
          g_array_append_val (values[d], v[d]);
      }
    for (gint64 id = 1; id <= 500; id++)
      {
        g_autoptr(SdCustomer) c = sd_test_get_customer (f->session, id);
        g_autoptr(SdCustomerTier) t = tier_fixture_standing (f, id);
        gint64 v[3] = { day_of (c->last_order_at), c->order_count, c->total_spent_cents };
        int got[3] = { t->rfm_r, t->rfm_f, t->rfm_m };
        for (int d = 0; d < 3; d++)
          g_assert_cmpint (got[d], ==, c->order_count == 0 ? 0
                           : score_by_definition ((gint64 *) values[d]->data, values[d]->len, v[d]));
      }
    for (int d = 0; d < 3; d++)
      g_array_unref (values[d]);
  }

  /* A cell lists exactly its customers. */
  for (int r = 1; r <= 5; r++)
    for (int c = 1; c <= 5; c++)
      {
        g_autoptr(GArray) ids = sd_rfm_list_cell (f->session, r, c, &error);
        g_assert_no_error (error);
        g_assert_cmpint (ids->len, ==, grid.cells[r - 1][c - 1]);
        for (guint i = 0; i < ids->len; i++)
          {
            g_autoptr(SdCustomerTier) t = tier_fixture_standing (f, g_array_index (ids, gint64, i));
            g_assert_cmpint (t->rfm_r, ==, r);
            g_assert_cmpint (t->rfm_f, ==, c);
          }
      }
  g_assert_null (sd_rfm_list_cell (f->session, 0, 6, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Reading needs customers.view. */
  {
    g_autoptr(SdSession) nobody = sd_test_staff_session (f->session, "nobody", 0);
    g_assert_false (sd_rfm_grid (nobody, &grid, &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
    g_assert_nonnull (strstr (error->message, "customers.view"));
    g_clear_error (&error);
  }
}

/* A recompute of a few customers gives what a full one gives. */
static void
test_partial_recompute (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (int));
  SdTierRecomputeStats stats;
  gint64 id;

  g_assert_true (sd_demo_shop_fill (f->session, 300, 1500, 5, NOW, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A new customer with an order today: the boundaries may move or not; either way the
   * partial recompute must leave what a full one leaves. */
  for (int round = 0; round < 3; round++)
    {
      g_autofree char *nick = g_strdup_printf ("tb_late%d", round);
      gint64 scores[2][400][3];

      id = sd_test_add_customer (f->session, nick, NULL, NULL);
      add_order_at (f, id, 10000 * (round + 1) * (round + 1), NOW - round * HOUR);
      stats = recompute (f, &id, 1);
      for (gint64 c = 1; c <= id; c++)
        {
          g_autoptr(SdCustomerTier) t = tier_fixture_standing (f, c);
          scores[0][c][0] = t->rfm_r;
          scores[0][c][1] = t->rfm_f;
          scores[0][c][2] = t->rfm_m;
        }
      stats = recompute (f, NULL, 0);
      g_assert_cmpint (stats.written, ==, 0);
      for (gint64 c = 1; c <= id; c++)
        {
          g_autoptr(SdCustomerTier) t = tier_fixture_standing (f, c);
          scores[1][c][0] = t->rfm_r;
          scores[1][c][1] = t->rfm_f;
          scores[1][c][2] = t->rfm_m;
        }
      g_assert_cmpmem (scores[0][1], sizeof (gint64) * 3 * id, scores[1][1], sizeof (gint64) * 3 * id);
    }

  /* The same order again for a customer whose values do not cross a boundary moves no
   * boundary: only that customer is looked at. */
  stats = recompute (f, &id, 1);
  g_assert_false (stats.rfm_full);
  g_assert_cmpint (stats.written, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/core/rfm/cuts", test_cuts);
  g_test_add_func ("/core/rfm/groups", test_groups);
#define ADD(path, func) g_test_add (path, Fixture, NULL, tier_fixture_set_up, func, tier_fixture_tear_down)
  ADD ("/core/rfm/quintiles-with-ties", test_quintiles_with_ties);
  ADD ("/core/rfm/grid", test_grid);
  ADD ("/core/rfm/partial-recompute", test_partial_recompute);
#undef ADD
  return g_test_run ();
}
