/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

#include "sd-demo-shop.h"
#include "sd-error.h"
#include "sd-tiers.h"

/* The custom tier simulator (sd_tiers_simulate_rule): its figures are what saving the same
 * change leaves, and it changes nothing — no rule, no customer, no history, no audit. */

/* 2024-06-01 00:00:00 UTC. */
#define NOW G_GINT64_CONSTANT (1717200000)

typedef struct
{
  char      *dir;
  SdSession *session;
  gint64     now;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->session = sd_test_new_temp_shop (&f->dir, NULL);
  f->now = NOW;
  sd_test_set_clock (sd_session_get_db (f->session), &f->now);
  g_assert_true (sd_demo_shop_fill (f->session, 400, 2000, 17, NOW, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  sd_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

/* Every customer's custom tier id, by customer id (1…400). */
static GArray *
custom_tiers (Fixture *f)
{
  GArray *tiers = g_array_new (FALSE, TRUE, sizeof (gint64));

  for (gint64 id = 1; id <= 400; id++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdCustomerTier) tier = sd_tiers_get_customer (f->session, id, &error);
      g_assert_no_error (error);
      g_array_append_val (tiers, tier->custom_tier_id);
    }
  return tiers;
}

/* The ids whose custom tier differs between BEFORE and AFTER, ascending, comma-separated. */
static char *
differences (GArray *before,
             GArray *after)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < before->len; i++)
    if (g_array_index (before, gint64, i) != g_array_index (after, gint64, i))
      g_string_append_printf (out, "%s%u", out->len ? "," : "", i + 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
ids_text (GArray *ids)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static guint
history_length (Fixture *f)
{
  guint n = 0;

  for (gint64 id = 1; id <= 400; id++)
    {
      g_autoptr(GPtrArray) changes = sd_tiers_list_history (f->session, id, NULL);
      n += changes->len;
    }
  return n;
}

/* What the simulation says equals what the store holds after the change: counts per rule
 * (parallel to the listed rules) and the customers who changed. */
static void
assert_simulation_held (Fixture                    *f,
                        const SdTierRuleSimulation *sim,
                        GArray                     *before)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = sd_tiers_list_rules (f->session, &error);
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GArray) after = custom_tiers (f);
  g_autofree char *moved = differences (before, after);
  g_autofree char *said = ids_text (sim->changed);
  gint64 none = -1;
  guint listed = 0;

  g_assert_no_error (error);
  counts = sd_tiers_count_rules (f->session, rules, &none, &error);
  g_assert_no_error (error);
  g_assert_cmpint (none, ==, sim->none_after);
  for (guint i = 0; i < sim->rules->len; i++)
    {
      const SdTierRule *proposed = g_ptr_array_index (sim->rules, i);
      gint64 expected = g_array_index (sim->after, gint64, i);
      gboolean found = FALSE;

      for (guint j = 0; j < rules->len; j++)
        {
          const SdTierRule *rule = g_ptr_array_index (rules, j);
          if (g_str_equal (rule->name, proposed->name))
            {
              g_assert_cmpint (g_array_index (counts, gint64, j), ==, expected);
              found = TRUE;
              listed++;
            }
        }
      if (!found)
        g_assert_cmpint (expected, ==, 0);
    }
  g_assert_cmpuint (listed, ==, rules->len);
  g_assert_cmpstr (said, ==, moved);
}

static void
test_matches_save (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static const struct { const char *name; int priority; const char *condition; } steps[] = {
    { "高价值流失", 0, "total_spent >= 2000 and days_since_last_order > 180" },
    { "回头客", 1, "order_count >= 5" },
    { "浙江老客", -1, "province = \"浙江\" and order_count >= 2" },
    { "退款多", 2, "refund_rate >= 20" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GArray) before = custom_tiers (f);
      guint entries = history_length (f);
      guint audited = sd_test_audit_count (f->session, "tier.rule");
      g_autoptr(GPtrArray) rules_before = sd_tiers_list_rules (f->session, NULL);
      g_autoptr(SdTierRuleSimulation) sim =
        sd_tiers_simulate_rule (f->session, 0, steps[i].name, steps[i].priority, steps[i].condition, TRUE, FALSE,
                                &error);
      g_autoptr(GArray) unchanged = NULL;
      g_autofree char *none_moved = NULL;
      gint64 id;

      g_assert_no_error (error);
      g_test_message ("%s: %u change", steps[i].name, sim->changed->len);
      /* The new rule, id 0, among the others by priority. */
      g_assert_cmpuint (sim->rules->len, ==, rules_before->len + 1);
      g_assert_cmpuint (sim->now->len, ==, sim->rules->len);
      for (guint j = 0; j < sim->rules->len; j++)
        {
          const SdTierRule *rule = g_ptr_array_index (sim->rules, j);
          if (g_str_equal (rule->name, steps[i].name))
            {
              g_assert_cmpint (rule->id, ==, 0);
              g_assert_cmpint (g_array_index (sim->now, gint64, j), ==, 0);
            }
          if (j > 0)
            g_assert_cmpint (((SdTierRule *) g_ptr_array_index (sim->rules, j - 1))->priority, <=, rule->priority);
        }
      /* Nothing changed. */
      unchanged = custom_tiers (f);
      none_moved = differences (before, unchanged);
      g_assert_cmpstr (none_moved, ==, "");
      g_assert_cmpuint (history_length (f), ==, entries);
      g_assert_cmpuint (sd_test_audit_count (f->session, "tier.rule"), ==, audited);
      {
        g_autoptr(GPtrArray) rules = sd_tiers_list_rules (f->session, NULL);
        g_assert_cmpuint (rules->len, ==, rules_before->len);
      }

      id = sd_tiers_add_rule (f->session, steps[i].name, steps[i].priority, steps[i].condition, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);
      assert_simulation_held (f, sim, before);
    }
  /* Some rule moved someone: the test tests something. */
  {
    g_autoptr(GPtrArray) rules = sd_tiers_list_rules (f->session, NULL);
    g_autoptr(GArray) counts = sd_tiers_count_rules (f->session, rules, NULL, &error);
    gint64 held = 0;
    g_assert_no_error (error);
    for (guint i = 0; i < counts->len; i++)
      held += g_array_index (counts, gint64, i);
    g_assert_cmpint (held, >, 20);
  }
}

/* Changing, switching off and deleting a rule, each simulated first. */
static void
test_change_and_delete (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 spenders, repeaters;

  spenders = sd_tiers_add_rule (f->session, "大客户", 5, "total_spent >= 1000", &error);
  g_assert_no_error (error);
  repeaters = sd_tiers_add_rule (f->session, "回头客", 6, "order_count >= 4", &error);
  g_assert_no_error (error);

  /* Moving 回头客 ahead takes the customers who meet both. */
  {
    g_autoptr(GArray) before = custom_tiers (f);
    g_autoptr(SdTierRuleSimulation) sim =
      sd_tiers_simulate_rule (f->session, repeaters, "回头客", 1, "order_count >= 4", TRUE, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpint (((SdTierRule *) g_ptr_array_index (sim->rules, 0))->id, ==, repeaters);
    g_assert_cmpuint (sim->changed->len, >, 0);
    g_assert_true (sd_tiers_update_rule (f->session, repeaters, "回头客", 1, "order_count >= 4", TRUE, &error));
    g_assert_no_error (error);
    assert_simulation_held (f, sim, before);
  }
  /* Switched off. */
  {
    g_autoptr(GArray) before = custom_tiers (f);
    g_autoptr(SdTierRuleSimulation) sim =
      sd_tiers_simulate_rule (f->session, spenders, "大客户", 5, "total_spent >= 1000", FALSE, FALSE, &error);
    g_assert_no_error (error);
    g_assert_true (sd_tiers_update_rule (f->session, spenders, "大客户", 5, "total_spent >= 1000", FALSE, &error));
    g_assert_no_error (error);
    assert_simulation_held (f, sim, before);
  }
  /* Deleted: the rule comes last in the simulation with nobody after. */
  {
    g_autoptr(GArray) before = custom_tiers (f);
    g_autoptr(SdTierRuleSimulation) sim =
      sd_tiers_simulate_rule (f->session, repeaters, NULL, 0, NULL, FALSE, TRUE, &error);
    const SdTierRule *last;
    g_assert_no_error (error);
    last = g_ptr_array_index (sim->rules, sim->rules->len - 1);
    g_assert_cmpint (last->id, ==, repeaters);
    g_assert_cmpint (g_array_index (sim->after, gint64, sim->rules->len - 1), ==, 0);
    g_assert_cmpint (g_array_index (sim->now, gint64, sim->rules->len - 1), >, 0);
    g_assert_cmpuint (sim->changed->len, ==, g_array_index (sim->now, gint64, sim->rules->len - 1));
    g_assert_true (sd_tiers_delete_rule (f->session, repeaters, &error));
    g_assert_no_error (error);
    assert_simulation_held (f, sim, before);
  }
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) viewer = NULL;
  SdTierRuleSimulation *sim;

  g_assert_cmpint (sd_tiers_add_rule (f->session, "大客户", 0, "total_spent >= 1000", &error), >, 0);
  g_assert_no_error (error);

  sim = sd_tiers_simulate_rule (f->session, 0, "坏", 0, "total_spent >=", FALSE, FALSE, &error);
  g_assert_null (sim);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "column"));
  g_clear_error (&error);
  sim = sd_tiers_simulate_rule (f->session, 0, "  ", 0, "tier = 1", TRUE, FALSE, &error);
  g_assert_null (sim);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* The name is taken: the same refusal as saving. */
  sim = sd_tiers_simulate_rule (f->session, 0, "大客户", 0, "tier = 1", TRUE, FALSE, &error);
  g_assert_null (sim);
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  sim = sd_tiers_simulate_rule (f->session, 999, NULL, 0, NULL, FALSE, TRUE, &error);
  g_assert_null (sim);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  viewer = sd_test_staff_session (f->session, "viewer", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  sim = sd_tiers_simulate_rule (viewer, 0, "新", 0, "tier = 1", TRUE, FALSE, &error);
  g_assert_null (sim);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/core/tiers/rule-simulation/matches-save", test_matches_save);
  ADD ("/core/tiers/rule-simulation/change-and-delete", test_change_and_delete);
  ADD ("/core/tiers/rule-simulation/refusals", test_refusals);
#undef ADD
  return g_test_run ();
}
