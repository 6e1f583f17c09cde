/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include "sd-cli.h"
#include "sd-customers.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-rfm.h"
#include "sd-tiers.h"
#include "sd-values.h"

/* tiers: the membership ladder, custom tier rules, recomputes and the simulator
 * (sd-tiers.h); rfm: the R × F grid (sd-rfm.h). Refusals come from the core with the
 * permission named and exit 3 through sd_cli_fail(). */

/* ---- the ladder ---- */

static void
add_grade (JsonBuilder        *b,
           const SdTierLadder *ladder,
           int                 grade,
           gint64              customers)
{
  const SdTierGrade *g = &ladder->grades[grade];

  json_builder_begin_object (b);
  sd_json_add_int (b, "grade", grade);
  sd_json_add_string (b, "name", sd_tier_ladder_get_name (ladder, grade));
  sd_json_add_bool (b, "enabled", g->enabled);
  sd_json_add_string (b, "basis", sd_tier_basis_to_string (g->basis));
  sd_json_add_int (b, "threshold", g->threshold);
  sd_json_add_int (b, "discount_permille", g->discount_permille);
  if (customers >= 0)
    sd_json_add_int (b, "customers", customers);
  json_builder_end_object (b);
}

/* "at least ¥1,000.00 paid", "at least 3 trades", "every customer". */
static char *
describe_reach (const SdTierLadder *ladder,
                int                 grade)
{
  const SdTierGrade *g = &ladder->grades[grade];
  g_autofree char *threshold = NULL;

  if (grade == 0)
    return g_strdup (_("every customer"));
  threshold = sd_tier_grade_format_threshold (g);
  if (g->basis == SD_TIER_BASIS_AMOUNT)
    /* TRANSLATORS: how a grade is reached: "at least ¥1,000.00 paid" */
    return g_strdup_printf (_("at least %s paid"), threshold);
  /* TRANSLATORS: how a grade is reached: "at least 3 trades" */
  return g_strdup_printf (_("at least %s"), threshold);
}

static void
print_ladder_row (const SdTierLadder *ladder,
                  int                 grade,
                  const char         *customers)
{
  g_autofree char *name = sd_cli_pad (sd_tier_ladder_get_name (ladder, grade), 20);
  g_autofree char *reach = describe_reach (ladder, grade);
  g_autofree char *reach_col = sd_cli_pad (reach, 28);
  g_autofree char *discount = sd_tier_format_discount (ladder->grades[grade].discount_permille);
  g_autofree char *discount_col = sd_cli_pad (discount, 18);

  g_print ("%d  %s %-4s %s %s %s\n", grade, name, ladder->grades[grade].enabled ? _("on") : _("off"), reach_col,
           discount_col, customers);
}

static void
add_rule (JsonBuilder      *b,
          const SdTierRule *rule,
          gint64            customers)
{
  json_builder_begin_object (b);
  sd_json_add_int (b, "id", rule->id);
  sd_json_add_string (b, "name", rule->name);
  sd_json_add_int (b, "priority", rule->priority);
  sd_json_add_string (b, "condition", rule->condition);
  sd_json_add_bool (b, "enabled", rule->enabled);
  if (customers >= 0)
    sd_json_add_int (b, "customers", customers);
  json_builder_end_object (b);
}

static void
print_rule_row (const SdTierRule *rule,
                gint64            customers)
{
  g_autofree char *name = sd_cli_pad (rule->name, 20);
  g_autofree char *count = sd_format_count (customers);

  g_print ("%4lld  %s %5d  %-4s %10s  %s\n", (long long) rule->id, name, rule->priority,
           rule->enabled ? _("on") : _("off"), count, rule->condition);
}

/* The rules, each with the customers holding its tier; NULL with the exit status. */
static GPtrArray *
read_rules (SdSession  *session,
            GArray    **out_counts,
            gint64     *out_none,
            int        *out_status)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rules = sd_tiers_list_rules (session, &error);

  if (rules == NULL || (*out_counts = sd_tiers_count_rules (session, rules, out_none, &error)) == NULL)
    {
      *out_status = sd_cli_fail (error);
      return NULL;
    }
  return g_steal_pointer (&rules);
}

static int
run_show (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— the membership ladder, custom tiers and how many customers hold each"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdTierLadder) ladder = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GArray) rule_counts = NULL;
  gint64 counts[SD_TIER_N_GRADES], none = 0, no_rule = 0;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 0, _("tiers show takes no arguments."), &argc, &argv,
                             &session, &status))
    return status;
  ladder = sd_tiers_get_ladder (session, &error);
  if (ladder == NULL || !sd_tiers_count (session, counts, &none, &error))
    return sd_cli_fail (error);
  rules = read_rules (session, &rule_counts, &no_rule, &status);
  if (rules == NULL)
    return status;

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "grades");
      json_builder_begin_array (b);
      for (int g = 0; g < SD_TIER_N_GRADES; g++)
        add_grade (b, ladder, g, counts[g]);
      json_builder_end_array (b);
      sd_json_add_int (b, "not_computed", none);
      json_builder_set_member_name (b, "rules");
      json_builder_begin_array (b);
      for (guint i = 0; i < rules->len; i++)
        add_rule (b, g_ptr_array_index (rules, i), g_array_index (rule_counts, gint64, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      sd_cli_print_json (b);
      return SD_CLI_OK;
    }

  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      g_autofree char *n = sd_format_count (counts[g]);
      print_ladder_row (ladder, g, n);
    }
  if (none > 0)
    {
      g_autofree char *n = sd_format_count (none);
      g_print (_("%s customers have no tier yet: tiers recompute gives them one.\n"), n);
    }
  if (rules->len > 0)
    {
      g_print ("\n%s\n", _("Custom tiers, by priority:"));
      for (guint i = 0; i < rules->len; i++)
        print_rule_row (g_ptr_array_index (rules, i), g_array_index (rule_counts, gint64, i));
    }
  return SD_CLI_OK;
}

/* What set-grade and simulate change in a grade. */
typedef struct
{
  gint64    threshold_amount;   /* -1: as it is */
  gint64    threshold_count;
  gint      discount;           /* -1 */
  char     *name;               /* NULL */
  gboolean  enable;
  gboolean  disable;
} GradeChange;

static void
grade_change_clear (GradeChange *change)
{
  g_clear_pointer (&change->name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GradeChange, grade_change_clear)

static void
add_grade_options (GOptionContext *context,
                   GradeChange    *change)
{
  GOptionEntry entries[] = {
    { "threshold-amount", 0, 0, G_OPTION_ARG_INT64, &change->threshold_amount,
      N_("Reached by total paid, at least FEN (100000 = ¥1,000)"), "FEN" },
    { "threshold-count", 0, 0, G_OPTION_ARG_INT64, &change->threshold_count,
      N_("Reached by trade count, at least N trades"), "N" },
    { "discount", 0, 0, G_OPTION_ARG_INT, &change->discount,
      N_("The grade's discount in per-mille, 700–1000 (950 = 9.5折)"), "PERMILLE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &change->name, N_("The grade's name (\"\" for the built-in one)"),
      "NAME" },
    { "enable", 0, 0, G_OPTION_ARG_NONE, &change->enable, N_("Switch the grade on"), NULL },
    { "disable", 0, 0, G_OPTION_ARG_NONE, &change->disable, N_("Switch the grade off"), NULL },
    { NULL }
  };

  change->threshold_amount = change->threshold_count = -1;
  change->discount = -1;
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/* The grade number in TEXT and the options' checks; FALSE with the usage status. */
static gboolean
check_grade_change (const char        *command,
                    const char        *text,
                    const GradeChange *change,
                    int               *out_grade,
                    int               *out_status)
{
  char *end = NULL;
  gint64 grade = g_ascii_strtoll (text, &end, 10);

  if (end == text || *end != '\0' || grade < 0 || grade >= SD_TIER_N_GRADES)
    {
      *out_status = sd_cli_usage (_("%s: “%s” is not a grade: grades are 0 to 4."), command, text);
      return FALSE;
    }
  if (change->threshold_amount >= 0 && change->threshold_count >= 0)
    {
      *out_status = sd_cli_usage (_("%s: a grade is reached by amount or by trade count: give "
                                    "--threshold-amount or --threshold-count, not both."), command);
      return FALSE;
    }
  if (change->enable && change->disable)
    {
      *out_status = sd_cli_usage (_("%s: --enable and --disable contradict each other."), command);
      return FALSE;
    }
  if (change->threshold_amount < 0 && change->threshold_count < 0 && change->discount < 0 &&
      change->name == NULL && !change->enable && !change->disable)
    {
      *out_status = sd_cli_usage (_("%s: nothing to change: give --threshold-amount, --threshold-count, "
                                    "--discount, --name, --enable or --disable."), command);
      return FALSE;
    }
  *out_grade = (int) grade;
  return TRUE;
}

/* The ladder with the change made to GRADE; NULL with the exit status. */
static SdTierLadder *
changed_ladder (SdSession         *session,
                int                grade,
                const GradeChange *change,
                int               *out_status)
{
  GError *error = NULL;
  g_autoptr(SdTierLadder) ladder = sd_tiers_get_ladder (session, &error);
  SdTierGrade *g;

  if (ladder == NULL)
    {
      *out_status = sd_cli_fail (error);
      return NULL;
    }
  g = &ladder->grades[grade];
  if (change->threshold_amount >= 0)
    {
      g->basis = SD_TIER_BASIS_AMOUNT;
      g->threshold = change->threshold_amount;
    }
  if (change->threshold_count >= 0)
    {
      g->basis = SD_TIER_BASIS_COUNT;
      g->threshold = change->threshold_count;
    }
  if (change->discount >= 0)
    g->discount_permille = change->discount;
  if (change->name != NULL)
    {
      g_free (g->name);
      g->name = g_strdup (change->name);
    }
  if (change->enable || change->disable)
    g->enabled = change->enable;
  return g_steal_pointer (&ladder);
}

static int
run_set_grade (const SdCliGlobals *globals,
               int                 argc,
               char              **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("GRADE [options] — change a grade of the ladder and recompute every customer"));
  g_auto(GradeChange) change = { 0 };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdTierLadder) ladder = NULL;
  SdTierRecomputeStats stats = { 0 };
  GError *error = NULL;
  int status = SD_CLI_OK, grade;

  add_grade_options (context, &change);
  if (!sd_cli_begin_command (NULL, context, NULL, 1, _("tiers set-grade needs the grade to change, 0 to 4."),
                             &argc, &argv, NULL, &status) ||
      !check_grade_change ("tiers set-grade", argv[1], &change, &grade, &status))
    return status;
  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  ladder = changed_ladder (session, grade, &change, &status);
  if (ladder == NULL)
    return status;
  if (!sd_tiers_set_grade (session, grade, &ladder->grades[grade], &stats, &error))
    return sd_cli_fail (error);
  {
    g_autofree char *n = sd_format_count (stats.changed);
    g_print (_("Saved grade %d (%s); %s customers changed grade.\n"), grade, sd_tier_ladder_get_name (ladder, grade),
             n);
  }
  return SD_CLI_OK;
}

/* ---- the simulator ---- */

static void
add_ids (JsonBuilder  *b,
         const char   *key,
         const GArray *ids)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_int_value (b, g_array_index (ids, gint64, i));
  json_builder_end_array (b);
}

static void
print_simulation_json (const SdTierLadder     *proposed,
                       const SdTierSimulation *sim)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "grades");
  json_builder_begin_array (b);
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      json_builder_begin_object (b);
      sd_json_add_int (b, "grade", g);
      sd_json_add_string (b, "name", sd_tier_ladder_get_name (proposed, g));
      sd_json_add_int (b, "now", sim->now[g]);
      sd_json_add_int (b, "after", sim->after[g]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  sd_json_add_int (b, "not_computed_now", sim->now_none);
  sd_json_add_int (b, "pinned", sim->pinned);
  add_ids (b, "moved_up", sim->moved_up);
  add_ids (b, "moved_down", sim->moved_down);
  sd_json_add_iso_time (b, "discount_since", sim->since);
  sd_json_add_iso_time (b, "discount_until", sim->until);
  sd_json_add_int (b, "discount_now_cents", sim->discount_now_cents);
  sd_json_add_int (b, "discount_after_cents", sim->discount_after_cents);
  json_builder_end_object (b);
  sd_cli_print_json (b);
}

/* A difference with its sign: "+1,234", "−56", "0". */
static char *
format_delta (gint64 delta)
{
  g_autofree char *n = sd_format_count (ABS (delta));

  /* ASCII: "%10s" pads bytes, and a wider minus would shift the column. */
  return g_strdup_printf ("%s%s", delta > 0 ? "+" : delta < 0 ? "-" : "", n);
}

static void
print_simulation (const SdTierLadder     *proposed,
                  const SdTierSimulation *sim)
{
  g_autofree char *up = sd_format_count (sim->moved_up->len);
  g_autofree char *down = sd_format_count (sim->moved_down->len);
  g_autofree char *cost_now = sd_format_money_display (sim->discount_now_cents);
  g_autofree char *cost_after = sd_format_money_display (sim->discount_after_cents);

  g_print ("%s\n", _("Grade                       now      after     change"));
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      g_autofree char *name = sd_cli_pad (sd_tier_ladder_get_name (proposed, g), 20);
      g_autofree char *now = sd_format_count (sim->now[g]);
      g_autofree char *after = sd_format_count (sim->after[g]);
      g_autofree char *delta = format_delta (sim->after[g] - sim->now[g]);
      g_print ("%d  %s %10s %10s %10s\n", g, name, now, after, delta);
    }
  if (sim->now_none > 0)
    {
      g_autofree char *n = sd_format_count (sim->now_none);
      g_print (_("%s customers have no tier yet; the change gives them one.\n"), n);
    }
  if (sim->pinned > 0)
    {
      g_autofree char *n = sd_format_count (sim->pinned);
      g_print (_("%s pinned customers keep their tier.\n"), n);
    }
  g_print (_("%s customers move up, %s move down (--list up|down shows them).\n"), up, down);
  /* TRANSLATORS: the member discount given over the orders of the last 12 months */
  g_print (_("Discount over the last 12 months: %s now, %s after.\n"), cost_now, cost_after);
  g_print ("%s\n", _("Nothing was changed: tiers set-grade saves it."));
}

/* Prints up to LIMIT of the customers IDS names, as `customers list` does. */
static int
print_customers (SdSession    *session,
                 const GArray *ids,
                 gint64        limit,
                 gboolean      json)
{
  GError *error = NULL;
  guint n = (guint) MIN ((gint64) ids->len, limit);
  g_autoptr(GPtrArray) customers = sd_customers_get_many (session, (const gint64 *) ids->data, n, &error);

  if (customers == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      sd_cli_print_json_array (customers, sd_cli_json_add_customer);
      return SD_CLI_OK;
    }
  for (guint i = 0; i < customers->len; i++)
    sd_cli_print_customer_row (g_ptr_array_index (customers, i));
  if (ids->len > n)
    {
      g_autofree char *more = sd_format_count (ids->len - n);
      g_printerr (_("… and %s more (--limit N shows more).\n"), more);
    }
  return SD_CLI_OK;
}

static int
run_simulate (const SdCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("GRADE [options] — what a change of the ladder would do, changing nothing"));
  g_auto(GradeChange) change = { 0 };
  g_autofree char *list = NULL;
  gint64 limit = 50;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_STRING, &list, N_("List the customers who would move up or down"), "up|down" },
    { "limit", 0, 0, G_OPTION_ARG_INT64, &limit, N_("With --list: at most N customers (default 50)"), "N" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdTierLadder) ladder = NULL;
  g_autoptr(SdTierSimulation) sim = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK, grade;

  add_grade_options (context, &change);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _("The options are those of tiers set-grade. Shows the customers "
                                               "in each grade now and after, who moves, and the discount given "
                                               "over the last 12 months of orders now and after."));
  if (!sd_cli_begin_command (NULL, context, &json, 1, _("tiers simulate needs the grade to change, 0 to 4."),
                             &argc, &argv, NULL, &status) ||
      !check_grade_change ("tiers simulate", argv[1], &change, &grade, &status))
    return status;
  if (list != NULL && !g_str_equal (list, "up") && !g_str_equal (list, "down"))
    return sd_cli_usage (_("--list takes up or down."));
  if (limit < 1 || limit > 100000)
    return sd_cli_usage (_("--limit takes 1 to 100,000."));
  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  ladder = changed_ladder (session, grade, &change, &status);
  if (ladder == NULL)
    return status;
  sim = sd_tiers_simulate (session, ladder, &error);
  if (sim == NULL)
    return sd_cli_fail (error);

  if (list != NULL)
    return print_customers (session, g_str_equal (list, "up") ? sim->moved_up : sim->moved_down, limit, json);
  if (json)
    print_simulation_json (ladder, sim);
  else
    print_simulation (ladder, sim);
  return SD_CLI_OK;
}

/* ---- recompute and history ---- */

static int
run_recompute (const SdCliGlobals *globals,
               int                 argc,
               char              **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— recompute every customer's tier and RFM scores now"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  SdTierRecomputeStats stats = { 0 };
  GError *error = NULL;
  int status = SD_CLI_OK;
  gint64 start;

  if (!sd_cli_begin_command (globals, context, &json, 0, _("tiers recompute takes no arguments."), &argc, &argv,
                             &session, &status))
    return status;
  start = g_get_monotonic_time ();
  if (!sd_tiers_recompute (session, NULL, 0, &stats, &error))
    return sd_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      sd_json_add_int (b, "changed", stats.changed);
      sd_json_add_int (b, "scored", stats.rfm_active);
      sd_json_add_int (b, "written", stats.written);
      json_builder_end_object (b);
      sd_cli_print_json (b);
      return SD_CLI_OK;
    }
  {
    g_autofree char *changed = sd_format_count (stats.changed);
    g_autofree char *scored = sd_format_count (stats.rfm_active);
    g_print (_("Recomputed in %.1f s: %s customers changed tier; %s active customers have RFM scores.\n"),
             (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, changed, scored);
  }
  return SD_CLI_OK;
}

static const char *
grade_name (const SdTierLadder *ladder,
            int                 tier)
{
  /* TRANSLATORS: the tier of a customer whose tier was never computed */
  return tier >= 0 && tier < SD_TIER_N_GRADES ? sd_tier_ladder_get_name (ladder, tier) : _("none");
}

/* The custom tier a history entry names: the rule's name, "none" or "#ID" for a rule gone. */
static char *
custom_name (GPtrArray *rules,
             gint64     id)
{
  if (id == 0)
    return g_strdup (_("none"));
  for (guint i = 0; i < rules->len; i++)
    {
      const SdTierRule *rule = g_ptr_array_index (rules, i);
      if (rule->id == id)
        return g_strdup (rule->name);
    }
  return g_strdup_printf ("#%lld", (long long) id);
}

static void
add_change (JsonBuilder        *b,
            const SdTierChange *change)
{
  json_builder_begin_object (b);
  sd_json_add_iso_time (b, "at", change->at);
  sd_json_add_int (b, "from_tier", change->from_tier);
  sd_json_add_int (b, "to_tier", change->to_tier);
  sd_json_add_int (b, "from_custom_tier_id", change->from_custom_tier_id);
  sd_json_add_int (b, "to_custom_tier_id", change->to_custom_tier_id);
  sd_json_add_string (b, "cause", sd_tier_cause_to_string (change->cause));
  sd_json_add_string (b, "detail", change->detail);
  json_builder_end_object (b);
}

static void
print_change (const SdTierLadder *ladder,
              GPtrArray          *rules,
              const SdTierChange *change)
{
  g_autofree char *when = sd_cli_format_time (change->at);
  g_autofree char *cause = sd_cli_pad (sd_tier_cause_get_label (change->cause), 16);

  if (change->from_tier != change->to_tier)
    g_print ("%s  %s %s → %s", when, cause, grade_name (ladder, change->from_tier),
             grade_name (ladder, change->to_tier));
  else
    {
      g_autofree char *from = custom_name (rules, change->from_custom_tier_id);
      g_autofree char *to = custom_name (rules, change->to_custom_tier_id);
      /* TRANSLATORS: a change of custom tier: "custom tier 高价值流失 → none" */
      g_print (_("%s  %s custom tier %s → %s"), when, cause, from, to);
    }
  if (change->detail && *change->detail)
    g_print ("  (%s)", change->detail);
  g_print ("\n");
}

static int
run_history (const SdCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CUSTOMER_ID — a customer's tier changes, newest first"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdTierLadder) ladder = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  GError *error = NULL;
  gint64 id;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (NULL, context, &json, 1, _("tiers history needs one customer id (a number)."), &argc,
                             &argv, NULL, &status))
    return status;
  if (!sd_cli_parse_id (argv[1], &id))
    return sd_cli_usage (_("tiers history needs one customer id (a number)."));
  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if ((ladder = sd_tiers_get_ladder (session, &error)) == NULL ||
      (rules = sd_tiers_list_rules (session, &error)) == NULL ||
      (changes = sd_tiers_list_history (session, id, &error)) == NULL)
    return sd_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_array (b);
      for (guint i = 0; i < changes->len; i++)
        add_change (b, g_ptr_array_index (changes, i));
      json_builder_end_array (b);
      sd_cli_print_json (b);
      return SD_CLI_OK;
    }
  for (guint i = 0; i < changes->len; i++)
    print_change (ladder, rules, g_ptr_array_index (changes, i));
  if (changes->len == 0)
    g_printerr (_("Customer #%lld has no tier changes yet.\n"), (long long) id);
  return SD_CLI_OK;
}

/* ---- custom tier rules ---- */

/* The rule NAME_OR_ID names (its id or its name); NULL with the exit status. */
static SdTierRule *
lookup_rule (SdSession  *session,
             const char *name_or_id,
             int        *out_status)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rules = sd_tiers_list_rules (session, &error);
  gint64 id = 0;

  if (rules == NULL)
    {
      *out_status = sd_cli_fail (error);
      return NULL;
    }
  sd_cli_parse_id (name_or_id, &id);
  for (guint i = 0; i < rules->len; i++)
    {
      const SdTierRule *rule = g_ptr_array_index (rules, i);
      if (rule->id == id || g_strcmp0 (rule->name, name_or_id) == 0)
        return sd_tier_rule_copy (rule);
    }
  g_set_error (&error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no tier rule “%s”."), name_or_id);
  *out_status = sd_cli_fail (error);
  return NULL;
}

static void
print_rule_simulation (const SdTierRuleSimulation *sim,
                       gboolean                    json)
{
  g_autofree char *changed = sd_format_count (sim->changed->len);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rules");
      json_builder_begin_array (b);
      for (guint i = 0; i < sim->rules->len; i++)
        {
          const SdTierRule *rule = g_ptr_array_index (sim->rules, i);
          json_builder_begin_object (b);
          sd_json_add_int (b, "id", rule->id);
          sd_json_add_string (b, "name", rule->name);
          sd_json_add_int (b, "now", g_array_index (sim->now, gint64, i));
          sd_json_add_int (b, "after", g_array_index (sim->after, gint64, i));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      sd_json_add_int (b, "none_now", sim->none_now);
      sd_json_add_int (b, "none_after", sim->none_after);
      add_ids (b, "changed", sim->changed);
      json_builder_end_object (b);
      sd_cli_print_json (b);
      return;
    }
  g_print ("%s\n", _("Custom tier                now      after"));
  for (guint i = 0; i < sim->rules->len; i++)
    {
      const SdTierRule *rule = g_ptr_array_index (sim->rules, i);
      g_autofree char *name = sd_cli_pad (rule->name, 20);
      g_autofree char *now = sd_format_count (g_array_index (sim->now, gint64, i));
      g_autofree char *after = sd_format_count (g_array_index (sim->after, gint64, i));
      g_print ("%s %10s %10s\n", name, now, after);
    }
  {
    g_autofree char *name = sd_cli_pad (_("(none)"), 20);
    g_autofree char *now = sd_format_count (sim->none_now);
    g_autofree char *after = sd_format_count (sim->none_after);
    g_print ("%s %10s %10s\n", name, now, after);
  }
  g_print (_("%s customers would change custom tier. Nothing was changed (without --dry-run it is saved).\n"),
           changed);
}

/* add and set: the rule's settings; simulated with DRY_RUN, else saved. */
static int
save_rule (SdSession  *session,
           gint64      id,
           const char *name,
           int         priority,
           const char *condition,
           gboolean    enabled,
           gboolean    dry_run,
           gboolean    json)
{
  GError *error = NULL;

  if (dry_run)
    {
      g_autoptr(SdTierRuleSimulation) sim =
        sd_tiers_simulate_rule (session, id, name, priority, condition, enabled, FALSE, &error);
      if (sim == NULL)
        return sd_cli_fail (error);
      print_rule_simulation (sim, json);
      return SD_CLI_OK;
    }
  if (id == 0)
    {
      id = sd_tiers_add_rule (session, name, priority, condition, &error);
      if (id == 0)
        return sd_cli_fail (error);
      g_print (_("Added the custom tier “%s” (#%lld); every customer's custom tier is recomputed.\n"), name,
               (long long) id);
      return SD_CLI_OK;
    }
  if (!sd_tiers_update_rule (session, id, name, priority, condition, enabled, &error))
    return sd_cli_fail (error);
  g_print (_("Saved the custom tier “%s” (#%lld); every customer's custom tier is recomputed.\n"), name,
           (long long) id);
  return SD_CLI_OK;
}

static int
run_rules_list (const SdCliGlobals *globals,
                int                 argc,
                char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the custom tiers, by priority"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GArray) counts = NULL;
  gint64 none = 0;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 0, _("tiers rules list takes no arguments."), &argc, &argv,
                             &session, &status))
    return status;
  rules = read_rules (session, &counts, &none, &status);
  if (rules == NULL)
    return status;
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_array (b);
      for (guint i = 0; i < rules->len; i++)
        add_rule (b, g_ptr_array_index (rules, i), g_array_index (counts, gint64, i));
      json_builder_end_array (b);
      sd_cli_print_json (b);
      return SD_CLI_OK;
    }
  for (guint i = 0; i < rules->len; i++)
    print_rule_row (g_ptr_array_index (rules, i), g_array_index (counts, gint64, i));
  if (rules->len == 0)
    g_printerr (_("No custom tiers yet: add one with tiers rules add NAME --where EXPR.\n"));
  return SD_CLI_OK;
}

static int
run_rules_add_or_set (const SdCliGlobals *globals,
                      int                 argc,
                      char              **argv,
                      gboolean            add)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (add ? _("NAME --where EXPR [--priority N] — add a custom tier")
                              : _("RULE [options] — change a custom tier (RULE: its id or name)"));
  g_autofree char *where = NULL;
  g_autofree char *name = NULL;
  g_autofree char *canonical = NULL;
  gint priority = G_MININT;
  gboolean enable = FALSE, disable = FALSE, dry_run = FALSE, json = FALSE;
  GOptionEntry entries[] = {
    { "where", 0, 0, G_OPTION_ARG_STRING, &where, N_("The condition its customers meet"), "EXPR" },
    { "priority", 0, 0, G_OPTION_ARG_INT, &priority, N_("Lower goes first (default 0)"), "N" },
    { "name", 0, add ? G_OPTION_FLAG_HIDDEN : 0, G_OPTION_ARG_STRING, &name, N_("A new name"), "NAME" },
    { "enable", 0, add ? G_OPTION_FLAG_HIDDEN : 0, G_OPTION_ARG_NONE, &enable, N_("Switch the rule on"), NULL },
    { "disable", 0, add ? G_OPTION_FLAG_HIDDEN : 0, G_OPTION_ARG_NONE, &disable, N_("Switch the rule off"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Show what it would do (customers per custom tier now and after) and change nothing"), NULL },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdTierRule) rule = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, &json, 1,
                             add ? _("tiers rules add needs the custom tier's name and --where EXPR.")
                                 : _("tiers rules set needs one rule: its id or name."),
                             &argc, &argv, NULL, &status))
    return status;
  if (add && where == NULL)
    return sd_cli_usage (_("tiers rules add needs --where EXPR: the condition its customers meet."));
  if (enable && disable)
    return sd_cli_usage (_("--enable and --disable contradict each other."));
  if (where != NULL && !(canonical = sd_cli_check_where (where, &status)))
    return status;
  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (add)
    return save_rule (session, 0, argv[1], priority == G_MININT ? 0 : priority, canonical, TRUE, dry_run, json);

  rule = lookup_rule (session, argv[1], &status);
  if (rule == NULL)
    return status;
  return save_rule (session, rule->id, name ? name : rule->name, priority == G_MININT ? rule->priority : priority,
                    canonical ? canonical : rule->condition, enable ? TRUE : disable ? FALSE : rule->enabled,
                    dry_run, json);
}

static int
run_rules_delete (const SdCliGlobals *globals,
                  int                 argc,
                  char              **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("RULE — delete a custom tier (its customers lose it)"));
  gboolean dry_run = FALSE, json = FALSE;
  GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Show what it would do and change nothing"), NULL },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdTierRule) rule = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (globals, context, &json, 1, _("tiers rules delete needs one rule: its id or name."),
                             &argc, &argv, &session, &status))
    return status;
  rule = lookup_rule (session, argv[1], &status);
  if (rule == NULL)
    return status;
  if (dry_run)
    {
      g_autoptr(SdTierRuleSimulation) sim =
        sd_tiers_simulate_rule (session, rule->id, NULL, 0, NULL, FALSE, TRUE, &error);
      if (sim == NULL)
        return sd_cli_fail (error);
      print_rule_simulation (sim, json);
      return SD_CLI_OK;
    }
  if (!sd_tiers_delete_rule (session, rule->id, &error))
    return sd_cli_fail (error);
  g_print (_("Deleted the custom tier “%s”; its customers have the next rule they meet, or none.\n"), rule->name);
  return SD_CLI_OK;
}

static int
run_rules (const SdCliGlobals *globals,
           int                 argc,
           char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("tiers rules needs a command: list, add, set or delete."));
  if (g_str_equal (argv[1], "list"))
    return run_rules_list (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "add"))
    return run_rules_add_or_set (globals, argc - 1, argv + 1, TRUE);
  if (g_str_equal (argv[1], "set"))
    return run_rules_add_or_set (globals, argc - 1, argv + 1, FALSE);
  if (g_str_equal (argv[1], "delete"))
    return run_rules_delete (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown tiers rules command “%s”."), argv[1]);
}

int
sd_cli_tiers (const SdCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("tiers needs a command: show, set-grade, simulate, recompute, history or rules."));
  if (g_str_equal (argv[1], "show"))
    return run_show (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "set-grade"))
    return run_set_grade (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "simulate"))
    return run_simulate (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "recompute"))
    return run_recompute (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "history"))
    return run_history (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "rules"))
    return run_rules (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown tiers command “%s”."), argv[1]);
}

/* ---- rfm ---- */

static void
print_grid_json (const SdRfmGrid *grid)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cells");
  json_builder_begin_array (b);
  for (int r = SD_RFM_SCORES; r >= 1; r--)
    for (int f = 1; f <= SD_RFM_SCORES; f++)
      {
        json_builder_begin_object (b);
        sd_json_add_int (b, "r", r);
        sd_json_add_int (b, "f", f);
        sd_json_add_string (b, "group", sd_rfm_group_to_string (sd_rfm_group_for_scores (r, f)));
        sd_json_add_int (b, "customers", grid->cells[r - 1][f - 1]);
        json_builder_end_object (b);
      }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  for (int g = SD_RFM_GROUP_NONE + 1; g < SD_RFM_GROUP_N; g++)
    {
      json_builder_begin_object (b);
      sd_json_add_string (b, "group", sd_rfm_group_to_string (g));
      sd_json_add_string (b, "label", sd_rfm_group_get_label (g));
      sd_json_add_int (b, "customers", grid->groups[g]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  sd_json_add_int (b, "scored", grid->scored);
  sd_json_add_int (b, "unscored", grid->unscored);
  json_builder_end_object (b);
  sd_cli_print_json (b);
}

static void
print_grid (const SdRfmGrid *grid)
{
  g_autofree char *scored = sd_format_count (grid->scored);
  g_autofree char *unscored = sd_format_count (grid->unscored);

  /* TRANSLATORS: the header of the R × F grid: recency scores down, frequency scores across */
  g_print ("%s\n", _("R \\ F        1         2         3         4         5"));
  for (int r = SD_RFM_SCORES; r >= 1; r--)
    {
      g_print ("%d ", r);
      for (int f = 1; f <= SD_RFM_SCORES; f++)
        {
          g_autofree char *n = sd_format_count (grid->cells[r - 1][f - 1]);
          g_print (" %9s", n);
        }
      g_print ("\n");
    }
  g_print ("\n");
  for (int g = SD_RFM_GROUP_NONE + 1; g < SD_RFM_GROUP_N; g++)
    {
      g_autofree char *label = sd_cli_pad (sd_rfm_group_get_label (g), 24);
      g_autofree char *n = sd_format_count (grid->groups[g]);
      g_print ("%s %10s\n", label, n);
    }
  g_print (_("%s customers scored (5 = most recent, most frequent); %s without a counted order are not.\n"),
           scored, unscored);
}

static int
run_grid (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— customers by recency (R) and frequency (F) score, and by RFM group"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  SdRfmGrid grid;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 0, _("rfm grid takes no arguments."), &argc, &argv, &session,
                             &status))
    return status;
  if (!sd_rfm_grid (session, &grid, &error))
    return sd_cli_fail (error);
  if (json)
    print_grid_json (&grid);
  else
    print_grid (&grid);
  return SD_CLI_OK;
}

int
sd_cli_rfm (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("rfm needs a command: grid."));
  if (g_str_equal (argv[1], "grid"))
    return run_grid (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown rfm command “%s”."), argv[1]);
}
