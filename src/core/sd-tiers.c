/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-tiers"

#include "sd-i18n.h"

#include "sd-audit.h"
#include "sd-condition.h"
#include "sd-error.h"
#include "sd-tier-store-private.h"
#include "sd-tiers-private.h"
#include "sd-tiers.h"
#include "sd-values.h"

/* The simulator's window for the discount cost. */
#define SIMULATION_DAYS 365

/* What the default ladder is; migration 4 writes the same. */
static const struct
{
  SdTierBasis basis;
  gint64      threshold;
  int         discount;
} default_grades[SD_TIER_N_GRADES] = {
  { SD_TIER_BASIS_AMOUNT, 0, 1000 },
  { SD_TIER_BASIS_COUNT, 1, 980 },
  { SD_TIER_BASIS_AMOUNT, 100000, 950 },
  { SD_TIER_BASIS_AMOUNT, 500000, 900 },
  { SD_TIER_BASIS_AMOUNT, 2000000, 850 },
};

static const char *default_names[SD_TIER_N_GRADES] = {
  /* Translators: tier grade 0, Taobao's 店铺客户 */
  N_("Shop customer"),
  /* Translators: tier grade 1, Taobao's 普通会员 */
  N_("Member"),
  /* Translators: tier grade 2, Taobao's 高级会员 */
  N_("Senior member"),
  /* Translators: tier grade 3, Taobao's VIP会员 */
  N_("VIP member"),
  /* Translators: tier grade 4, Taobao's 至尊VIP会员 */
  N_("Supreme VIP member"),
};

static const struct
{
  const char *id;
  const char *label;
} causes[] = {
  [SD_TIER_CAUSE_RULE] = { "rule", N_("Tier rules changed") },
  [SD_TIER_CAUSE_IMPORT] = { "import", N_("Import") },
  [SD_TIER_CAUSE_SYNC] = { "sync", N_("Store sync") },
  [SD_TIER_CAUSE_MANUAL] = { "manual", N_("Pinned by hand") },
  [SD_TIER_CAUSE_RECOMPUTE] = { "recompute", N_("Recomputed") },
  [SD_TIER_CAUSE_UNPIN] = { "unpin", N_("Pin removed") },
};

/* ---- values ---- */

static void
grade_clear (SdTierGrade *grade)
{
  g_clear_pointer (&grade->name, g_free);
}

SdTierLadder *
sd_tier_ladder_new_default (void)
{
  SdTierLadder *ladder = g_new0 (SdTierLadder, 1);

  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      ladder->grades[g].enabled = TRUE;
      ladder->grades[g].basis = default_grades[g].basis;
      ladder->grades[g].threshold = default_grades[g].threshold;
      ladder->grades[g].discount_permille = default_grades[g].discount;
      ladder->grades[g].name = g_strdup ("");
    }
  return ladder;
}

SdTierLadder *
sd_tier_ladder_copy (const SdTierLadder *ladder)
{
  SdTierLadder *copy;

  g_return_val_if_fail (ladder != NULL, NULL);
  copy = g_memdup2 (ladder, sizeof *ladder);
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    copy->grades[g].name = g_strdup (ladder->grades[g].name ? ladder->grades[g].name : "");
  return copy;
}

void
sd_tier_ladder_free (SdTierLadder *ladder)
{
  if (ladder == NULL)
    return;
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    grade_clear (&ladder->grades[g]);
  g_free (ladder);
}

G_DEFINE_BOXED_TYPE (SdTierLadder, sd_tier_ladder, sd_tier_ladder_copy, sd_tier_ladder_free)

void
sd_tier_ladder_set_grade (SdTierLadder      *ladder,
                          int                grade,
                          const SdTierGrade *value)
{
  SdTierGrade *g;

  g_return_if_fail (ladder != NULL && value != NULL);
  g_return_if_fail (grade >= 0 && grade < SD_TIER_N_GRADES);
  g = &ladder->grades[grade];
  grade_clear (g);
  *g = *value;
  g->name = g_strdup (value->name ? value->name : "");
}

const char *
sd_tier_grade_default_name (int grade)
{
  g_return_val_if_fail (grade >= 0 && grade < SD_TIER_N_GRADES, "");
  return _(default_names[grade]);
}

const char *
sd_tier_ladder_get_name (const SdTierLadder *ladder,
                         int                 grade)
{
  g_return_val_if_fail (ladder != NULL, "");
  g_return_val_if_fail (grade >= 0 && grade < SD_TIER_N_GRADES, "");
  if (ladder->grades[grade].name && *ladder->grades[grade].name)
    return ladder->grades[grade].name;
  return sd_tier_grade_default_name (grade);
}

const char *
sd_tier_basis_to_string (SdTierBasis basis)
{
  return basis == SD_TIER_BASIS_COUNT ? "count" : "amount";
}

gboolean
sd_tier_basis_from_string (const char  *id,
                           SdTierBasis *out_basis)
{
  if (g_strcmp0 (id, "amount") == 0)
    *out_basis = SD_TIER_BASIS_AMOUNT;
  else if (g_strcmp0 (id, "count") == 0)
    *out_basis = SD_TIER_BASIS_COUNT;
  else
    return FALSE;
  return TRUE;
}

const char *
sd_tier_cause_to_string (SdTierCause cause)
{
  g_return_val_if_fail ((guint) cause < G_N_ELEMENTS (causes), "");
  return causes[cause].id;
}

gboolean
sd_tier_cause_from_string (const char  *id,
                           SdTierCause *out_cause)
{
  for (guint i = 0; id && i < G_N_ELEMENTS (causes); i++)
    if (g_str_equal (id, causes[i].id))
      {
        *out_cause = i;
        return TRUE;
      }
  return FALSE;
}

const char *
sd_tier_cause_get_label (SdTierCause cause)
{
  g_return_val_if_fail ((guint) cause < G_N_ELEMENTS (causes), "");
  return _(causes[cause].label);
}

SdTierChange *
sd_tier_change_copy (const SdTierChange *change)
{
  SdTierChange *copy;

  g_return_val_if_fail (change != NULL, NULL);
  copy = g_memdup2 (change, sizeof *change);
  copy->detail = g_strdup (change->detail);
  return copy;
}

void
sd_tier_change_free (SdTierChange *change)
{
  if (change == NULL)
    return;
  g_free (change->detail);
  g_free (change);
}

G_DEFINE_BOXED_TYPE (SdTierChange, sd_tier_change, sd_tier_change_copy, sd_tier_change_free)

void
sd_customer_tier_free (SdCustomerTier *tier)
{
  if (tier == NULL)
    return;
  g_free (tier->pin_reason);
  g_free (tier->custom_tier_name);
  g_free (tier);
}

SdTierRule *
sd_tier_rule_copy (const SdTierRule *rule)
{
  SdTierRule *copy = g_memdup2 (rule, sizeof *rule);

  copy->name = g_strdup (rule->name);
  copy->condition = g_strdup (rule->condition);
  return copy;
}

void
sd_tier_rule_free (SdTierRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->name);
  g_free (rule->condition);
  g_free (rule);
}

void
sd_tier_simulation_free (SdTierSimulation *simulation)
{
  if (simulation == NULL)
    return;
  g_clear_pointer (&simulation->moved_up, g_array_unref);
  g_clear_pointer (&simulation->moved_down, g_array_unref);
  g_free (simulation);
}

/* ---- the rules of a ladder ---- */

char *
sd_tier_format_discount (int permille)
{
  g_autofree char *zhe = NULL;
  int off = SD_TIER_MAX_DISCOUNT - permille;

  if (permille >= SD_TIER_MAX_DISCOUNT)
    return g_strdup (_("no discount"));
  /* 950 → "9.5", 985 → "9.85", 900 → "9": 折 are tenths of the price. */
  if (permille % 100 == 0)
    zhe = g_strdup_printf ("%d", permille / 100);
  else if (permille % 10 == 0)
    zhe = g_strdup_printf ("%d.%d", permille / 100, permille / 10 % 10);
  else
    zhe = g_strdup_printf ("%d.%02d", permille / 100, permille % 100);
  /* TRANSLATORS: a member discount: "9.5折" (the price × 0.95), then the share taken off */
  if (off % 10 == 0)
    return g_strdup_printf (_("%s折 (%d%% off)"), zhe, off / 10);
  return g_strdup_printf (_("%s折 (%d.%d%% off)"), zhe, off / 10, off % 10);
}

char *
sd_tier_grade_format_threshold (const SdTierGrade *grade)
{
  if (grade->basis == SD_TIER_BASIS_AMOUNT)
    return sd_format_money_display (grade->threshold);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld trade", "%lld trades",
                                       (gulong) MIN (grade->threshold, G_MAXLONG)),
                          (long long) grade->threshold);
}

static gboolean
refuse (int     *out_grade,
        int      grade,
        GError **error,
        char    *message)
{
  if (out_grade)
    *out_grade = grade;
  g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT, message);
  g_free (message);
  return FALSE;
}

gboolean
sd_tier_ladder_validate (const SdTierLadder *ladder,
                         int                *out_grade,
                         GError            **error)
{
  const SdTierGrade *floor;

  g_return_val_if_fail (ladder != NULL, FALSE);

  if (out_grade)
    *out_grade = -1;
  floor = &ladder->grades[0];
  if (!floor->enabled)
    return refuse (out_grade, 0, error,
                   g_strdup_printf (_("%s (grade 0) is every customer of the shop and cannot be switched off."),
                                    sd_tier_ladder_get_name (ladder, 0)));
  if (floor->threshold != 0)
    return refuse (out_grade, 0, error,
                   g_strdup_printf (_("%s (grade 0) has no threshold: every customer of the shop holds it. "
                                      "Set its threshold to 0."),
                                    sd_tier_ladder_get_name (ladder, 0)));

  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      const SdTierGrade *grade = &ladder->grades[g];
      const char *name = sd_tier_ladder_get_name (ladder, g);

      if (grade->name && g_utf8_strlen (grade->name, -1) > SD_TIER_NAME_MAX_CHARS)
        return refuse (out_grade, g, error,
                       g_strdup_printf (_("The name of grade %d is too long: at most %d characters."),
                                        g, SD_TIER_NAME_MAX_CHARS));
      if (grade->name && !g_utf8_validate (grade->name, -1, NULL))
        return refuse (out_grade, g, error,
                       g_strdup_printf (_("The name of grade %d is not valid text."), g));
      if ((guint) grade->basis > SD_TIER_BASIS_COUNT)
        return refuse (out_grade, g, error,
                       g_strdup_printf (_("%s (grade %d) must be reached by amount paid or by trade count."),
                                        name, g));
      if (grade->discount_permille < SD_TIER_MIN_DISCOUNT || grade->discount_permille > SD_TIER_MAX_DISCOUNT)
        return refuse (out_grade, g, error,
                       g_strdup_printf (_("The discount of %s (grade %d) is %d‰; it must be between %d‰ (the deepest, "
                                          "30%% off) and %d‰ (no discount)."),
                                        name, g, grade->discount_permille, SD_TIER_MIN_DISCOUNT,
                                        SD_TIER_MAX_DISCOUNT));
      if (g == 0 || !grade->enabled)
        continue;
      if (grade->threshold < 1)
        return refuse (out_grade, g, error,
                       g_strdup_printf (_("%s (grade %d) needs a threshold above 0: with 0 every customer would "
                                          "reach it."),
                                        name, g));

      /* Against the enabled grades below it. */
      for (int below = g - 1; below >= 0; below--)
        {
          const SdTierGrade *lower = &ladder->grades[below];
          const char *lower_name = sd_tier_ladder_get_name (ladder, below);

          if (!lower->enabled)
            continue;
          if (grade->discount_permille > lower->discount_permille)
            return refuse (out_grade, g, error,
                           g_strdup_printf (_("%s (grade %d) gives less discount (%d‰) than %s (grade %d, %d‰): "
                                              "a higher grade’s discount must be the same or deeper."),
                                            name, g, grade->discount_permille,
                                            lower_name, below, lower->discount_permille));
          if (below > 0 && lower->basis == grade->basis && grade->threshold <= lower->threshold)
            {
              g_autofree char *mine = sd_tier_grade_format_threshold (grade);
              g_autofree char *theirs = sd_tier_grade_format_threshold (lower);
              return refuse (out_grade, g, error,
                             g_strdup_printf (_("%s (grade %d) must need more than %s (grade %d): its threshold is "
                                                "%s, theirs %s. Thresholds of the same kind must rise with the grade."),
                                              name, g, lower_name, below, mine, theirs));
            }
        }
    }
  return TRUE;
}

int
sd_tier_ladder_grade_for (const SdTierLadder *ladder,
                          gint64              paid_cents,
                          gint64              trades)
{
  g_return_val_if_fail (ladder != NULL, 0);

  for (int g = SD_TIER_N_GRADES - 1; g >= 1; g--)
    {
      const SdTierGrade *grade = &ladder->grades[g];
      gint64 value = grade->basis == SD_TIER_BASIS_COUNT ? trades : paid_cents;

      if (grade->enabled && value >= grade->threshold)
        return g;
    }
  return 0;
}

/* ---- the shop's ladder ---- */

static gboolean
load_ladder (SdDb          *db,
             SdTierLadder **out_ladder,
             GError       **error)
{
  g_autoptr(SdTierLadder) ladder = sd_tier_ladder_new_default ();

  if (!_sd_tier_store_load_ladder (db, ladder, error))
    return FALSE;
  *out_ladder = g_steal_pointer (&ladder);
  return TRUE;
}

static gint64
rfm_day_offset (gint64 now)
{
  GTimeZone *zone = sd_shop_time_zone ();
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, now);

  return g_time_zone_get_offset (zone, MAX (interval, 0));
}

gboolean
_sd_tiers_recompute (SdDb                 *db,
                     const gint64         *ids,
                     gsize                 n_ids,
                     SdTierCause           cause,
                     const char           *detail,
                     SdTierRecomputeFlags  flags,
                     SdTierRecomputeStats *out_stats,
                     GError              **error)
{
  g_autoptr(SdTierLadder) ladder = NULL;
  gint64 now = sd_db_now (db);

  g_return_val_if_fail (sd_db_in_transaction (db), FALSE);

  if (ids != NULL && n_ids == 0 && (flags & SD_TIER_RECOMPUTE_KEEP_QUINTILES))
    {
      if (out_stats)
        memset (out_stats, 0, sizeof *out_stats);
      return TRUE;
    }
  return load_ladder (db, &ladder, error) &&
         _sd_tier_store_recompute (db, ladder, ids, n_ids, cause, detail, now, rfm_day_offset (now),
                                   flags, out_stats, error);
}

SdTierLadder *
sd_tiers_get_ladder (SdSession  *session,
                     GError    **error)
{
  SdTierLadder *ladder = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error) ||
      !load_ladder (sd_session_get_db (session), &ladder, error))
    return NULL;
  return ladder;
}

/* "0 on, amount ≥ 0, 1000‰; 1 on, count ≥ 1, 980‰; …": the ladder for the audit log. */
static char *
describe_ladder (const SdTierLadder *ladder)
{
  GString *text = g_string_new (NULL);

  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      const SdTierGrade *grade = &ladder->grades[g];
      g_string_append_printf (text, "%s%d %s, %s >= %" G_GINT64_FORMAT ", %d permille%s%s%s",
                              g ? "; " : "", g, grade->enabled ? "on" : "off",
                              sd_tier_basis_to_string (grade->basis), grade->threshold,
                              grade->discount_permille,
                              grade->name && *grade->name ? ", \"" : "",
                              grade->name && *grade->name ? grade->name : "",
                              grade->name && *grade->name ? "\"" : "");
    }
  return g_string_free (text, FALSE);
}

static gboolean
save_ladder (SdSession            *session,
             const SdTierLadder   *ladder,
             SdTierRecomputeStats *out_stats,
             GError              **error)
{
  SdDb *db = sd_session_get_db (session);
  g_autofree char *detail = NULL;

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_TIERS, error) ||
      !sd_tier_ladder_validate (ladder, NULL, error))
    return FALSE;
  detail = describe_ladder (ladder);
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_tier_store_save_ladder (db, ladder, error) ||
      !_sd_tiers_recompute (db, NULL, 0, SD_TIER_CAUSE_RULE, "ladder",
                           SD_TIER_RECOMPUTE_DEFAULT, out_stats, error) ||
      !sd_audit_append (session, SD_AUDIT_TIER_LADDER, "tiers", "ladder", detail, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return sd_db_commit (db, error);
}

gboolean
sd_tiers_set_ladder (SdSession            *session,
                     const SdTierLadder   *ladder,
                     SdTierRecomputeStats *out_stats,
                     GError              **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (ladder != NULL, FALSE);

  return save_ladder (session, ladder, out_stats, error);
}

gboolean
sd_tiers_set_grade (SdSession            *session,
                    int                   grade,
                    const SdTierGrade    *value,
                    SdTierRecomputeStats *out_stats,
                    GError              **error)
{
  g_autoptr(SdTierLadder) ladder = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_TIERS, error))
    return FALSE;
  if (grade < 0 || grade >= SD_TIER_N_GRADES)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("There is no grade %d: grades run from 0 to %d."), grade, SD_TIER_N_GRADES - 1);
      return FALSE;
    }
  if (!load_ladder (sd_session_get_db (session), &ladder, error))
    return FALSE;
  sd_tier_ladder_set_grade (ladder, grade, value);
  return save_ladder (session, ladder, out_stats, error);
}

gboolean
sd_tiers_count (SdSession  *session,
                gint64      out_counts[SD_TIER_N_GRADES],
                gint64     *out_none,
                GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (out_counts != NULL, FALSE);

  return sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error) &&
         _sd_tier_store_count (sd_session_get_db (session), out_counts, out_none, error);
}

SdCustomerTier *
sd_tiers_get_customer (SdSession  *session,
                       gint64      customer_id,
                       GError    **error)
{
  SdDb *db;
  g_autoptr(SdTierLadder) ladder = NULL;
  g_autoptr(SdCustomerTier) tier = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return NULL;
  db = sd_session_get_db (session);
  if (!load_ladder (db, &ladder, error) ||
      (tier = _sd_tier_store_customer (db, customer_id, error)) == NULL)
    return NULL;
  tier->computed_tier = sd_tier_ladder_grade_for (ladder, tier->paid_cents, tier->trades);
  return g_steal_pointer (&tier);
}

static gboolean
check_grade (int      grade,
             GError **error)
{
  if (grade >= 0 && grade < SD_TIER_N_GRADES)
    return TRUE;
  g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
               _("There is no grade %d: grades run from 0 to %d."), grade, SD_TIER_N_GRADES - 1);
  return FALSE;
}

gboolean
sd_tiers_pin (SdSession  *session,
              gint64      customer_id,
              int         grade,
              const char *reason,
              GError    **error)
{
  SdDb *db;
  g_autofree char *why = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  int from = SD_TIER_NONE;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_TIERS, error) ||
      !check_grade (grade, error))
    return FALSE;
  why = g_strstrip (g_strdup (reason ? reason : ""));
  if (*why == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("Say why this customer’s tier is set by hand: a pin needs a reason."));
      return FALSE;
    }
  if (!g_utf8_validate (why, -1, NULL) || g_utf8_strlen (why, -1) > SD_TIER_REASON_MAX_CHARS)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The reason is too long: at most %d characters."), SD_TIER_REASON_MAX_CHARS);
      return FALSE;
    }

  db = sd_session_get_db (session);
  object = g_strdup_printf ("%" G_GINT64_FORMAT, customer_id);
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_tier_store_pin (db, customer_id, grade, why, sd_db_now (db), &from, error))
    goto fail;
  detail = g_strdup_printf ("grade %d -> %d pinned: %s", from, grade, why);
  if (!sd_audit_append (session, SD_AUDIT_TIER_PIN, "customer", object, detail, error))
    goto fail;
  return sd_db_commit (db, error);

fail:
  sd_db_rollback (db);
  return FALSE;
}

gboolean
sd_tiers_unpin (SdSession  *session,
                gint64      customer_id,
                GError    **error)
{
  SdDb *db;
  g_autoptr(SdTierLadder) ladder = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  int from = SD_TIER_NONE, to = SD_TIER_NONE;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_TIERS, error))
    return FALSE;
  db = sd_session_get_db (session);
  object = g_strdup_printf ("%" G_GINT64_FORMAT, customer_id);
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!load_ladder (db, &ladder, error) ||
      !_sd_tier_store_unpin (db, ladder, customer_id, sd_db_now (db), &from, &to, error))
    goto fail;
  detail = g_strdup_printf ("grade %d -> %d unpinned", from, to);
  if (!sd_audit_append (session, SD_AUDIT_TIER_UNPIN, "customer", object, detail, error))
    goto fail;
  return sd_db_commit (db, error);

fail:
  sd_db_rollback (db);
  return FALSE;
}

GPtrArray *
sd_tiers_list_history (SdSession  *session,
                       gint64      customer_id,
                       GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return NULL;
  return _sd_tier_store_history (sd_session_get_db (session), customer_id, error);
}

gboolean
sd_tiers_recompute (SdSession            *session,
                    const gint64         *ids,
                    gsize                 n_ids,
                    SdTierRecomputeStats *out_stats,
                    GError              **error)
{
  SdDb *db;
  SdTierRecomputeStats stats = { 0 };
  g_autofree char *detail = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_TIERS, error))
    return FALSE;
  db = sd_session_get_db (session);
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_tiers_recompute (db, ids, n_ids, SD_TIER_CAUSE_RECOMPUTE, "", SD_TIER_RECOMPUTE_DEFAULT,
                            &stats, error))
    goto fail;
  if (ids == NULL)
    detail = g_strdup_printf ("all customers: %" G_GINT64_FORMAT " tiers changed, %" G_GINT64_FORMAT
                              " customers written", stats.changed, stats.written);
  else
    detail = g_strdup_printf ("%" G_GSIZE_FORMAT " customers: %" G_GINT64_FORMAT " tiers changed, %"
                              G_GINT64_FORMAT " customers written", n_ids, stats.changed, stats.written);
  if (!sd_audit_append (session, SD_AUDIT_TIER_RECOMPUTE, "tiers", "", detail, error))
    goto fail;
  {
    gint64 t = g_get_monotonic_time ();
    if (!sd_db_commit (db, error))
      return FALSE;
    g_debug ("commit: %.3f s", (g_get_monotonic_time () - t) / (double) G_USEC_PER_SEC);
  }
  if (out_stats)
    *out_stats = stats;
  return TRUE;

fail:
  sd_db_rollback (db);
  return FALSE;
}

/* ---- custom tier rules ---- */

GPtrArray *
sd_tiers_list_rules (SdSession  *session,
                     GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return NULL;
  return _sd_tier_store_list_rules (sd_session_get_db (session), FALSE, error);
}

/* Checks and normalises what a rule is made of: *out_name trimmed, *out_condition the
 * canonical text. */
static gboolean
check_rule (const char  *name,
            const char  *condition,
            char       **out_name,
            char       **out_condition,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autoptr(SdCondition) parsed = NULL;

  if (*trimmed == '\0' || !g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("A tier rule needs a name."));
      return FALSE;
    }
  if (g_utf8_strlen (trimmed, -1) > SD_TIER_RULE_NAME_MAX_CHARS)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The rule’s name is too long: at most %d characters."), SD_TIER_RULE_NAME_MAX_CHARS);
      return FALSE;
    }
  parsed = sd_condition_parse (condition ? condition : "", error);
  if (parsed == NULL)
    return FALSE;
  *out_name = g_steal_pointer (&trimmed);
  *out_condition = sd_condition_to_string (parsed);
  return TRUE;
}

/* Saves the rule and gives every customer the custom tier the rules now give them, inside
 * the caller's transaction. */
static gboolean
apply_rule (SdDb        *db,
            SdTierRule  *rule,
            GError     **error)
{
  /* A rule switched off keeps nobody in its tier; the recompute gives them the next. */
  return _sd_tier_store_save_rule (db, rule, error) &&
         (rule->enabled ||
          _sd_tier_store_clear_rule (db, rule->id, sd_db_now (db), SD_TIER_CAUSE_RULE, rule->name, error)) &&
         _sd_tiers_recompute (db, NULL, 0, SD_TIER_CAUSE_RULE, rule->name, SD_TIER_RECOMPUTE_DEFAULT, NULL, error);
}

/* The rule gone and every customer's custom tier recomputed, inside the caller's
 * transaction. */
static gboolean
apply_delete_rule (SdDb             *db,
                   const SdTierRule *rule,
                   GError          **error)
{
  return _sd_tier_store_delete_rule (db, rule->id, sd_db_now (db), SD_TIER_CAUSE_RULE, rule->name, error) &&
         _sd_tiers_recompute (db, NULL, 0, SD_TIER_CAUSE_RULE, rule->name, SD_TIER_RECOMPUTE_DEFAULT, NULL, error);
}

static gboolean
save_rule (SdSession   *session,
           SdTierRule  *rule,
           const char  *what,
           GError     **error)
{
  SdDb *db = sd_session_get_db (session);
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;

  if (!sd_db_begin (db, error))
    return FALSE;
  if (!apply_rule (db, rule, error))
    goto fail;
  object = g_strdup_printf ("%" G_GINT64_FORMAT, rule->id);
  detail = g_strdup_printf ("%s \"%s\", priority %d, %s: %s", what, rule->name, rule->priority,
                            rule->enabled ? "on" : "off", rule->condition);
  if (!sd_audit_append (session, SD_AUDIT_TIER_RULE, "tier_rule", object, detail, error))
    goto fail;
  return sd_db_commit (db, error);

fail:
  sd_db_rollback (db);
  return FALSE;
}

gint64
sd_tiers_add_rule (SdSession   *session,
                   const char  *name,
                   int          priority,
                   const char  *condition,
                   GError     **error)
{
  g_autoptr(SdTierRule) rule = g_new0 (SdTierRule, 1);

  g_return_val_if_fail (SD_IS_SESSION (session), 0);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_TIERS, error) ||
      !check_rule (name, condition, &rule->name, &rule->condition, error))
    return 0;
  rule->priority = priority;
  rule->enabled = TRUE;
  rule->created_at = rule->updated_at = sd_db_now (sd_session_get_db (session));
  if (!save_rule (session, rule, "added", error))
    return 0;
  return rule->id;
}

gboolean
sd_tiers_update_rule (SdSession   *session,
                      gint64       id,
                      const char  *name,
                      int          priority,
                      const char  *condition,
                      gboolean     enabled,
                      GError     **error)
{
  g_autoptr(SdTierRule) rule = NULL;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_TIERS, error))
    return FALSE;
  db = sd_session_get_db (session);
  rule = _sd_tier_store_load_rule (db, id, error);
  if (rule == NULL)
    return FALSE;
  g_clear_pointer (&rule->name, g_free);
  g_clear_pointer (&rule->condition, g_free);
  if (!check_rule (name, condition, &rule->name, &rule->condition, error))
    return FALSE;
  rule->priority = priority;
  rule->enabled = enabled;
  rule->updated_at = sd_db_now (db);
  return save_rule (session, rule, "changed", error);
}

gboolean
sd_tiers_delete_rule (SdSession  *session,
                      gint64      id,
                      GError    **error)
{
  g_autoptr(SdTierRule) rule = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_TIERS, error))
    return FALSE;
  db = sd_session_get_db (session);
  if (!sd_db_begin (db, error))
    return FALSE;
  rule = _sd_tier_store_load_rule (db, id, error);
  if (rule == NULL)
    goto fail;
  object = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  detail = g_strdup_printf ("deleted \"%s\": %s", rule->name, rule->condition);
  if (!apply_delete_rule (db, rule, error) ||
      !sd_audit_append (session, SD_AUDIT_TIER_RULE, "tier_rule", object, detail, error))
    goto fail;
  return sd_db_commit (db, error);

fail:
  sd_db_rollback (db);
  return FALSE;
}

SdTierSimulation *
sd_tiers_simulate (SdSession          *session,
                   const SdTierLadder *proposed,
                   GError            **error)
{
  SdDb *db;
  gint64 now;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (proposed != NULL, NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error) ||
      !sd_tier_ladder_validate (proposed, NULL, error))
    return NULL;
  db = sd_session_get_db (session);
  now = sd_db_now (db);
  return _sd_tier_store_simulate (db, proposed, now - SIMULATION_DAYS * (gint64) 86400, now + 1, error);
}

void
sd_tier_rule_simulation_free (SdTierRuleSimulation *simulation)
{
  if (simulation == NULL)
    return;
  g_clear_pointer (&simulation->rules, g_ptr_array_unref);
  g_clear_pointer (&simulation->now, g_array_unref);
  g_clear_pointer (&simulation->after, g_array_unref);
  g_clear_pointer (&simulation->changed, g_array_unref);
  g_free (simulation);
}

static gint64
count_of (GHashTable *counts,
          gint64      rule_id)
{
  gint64 *n = g_hash_table_lookup (counts, &rule_id);

  return n ? *n : 0;
}

/* The rule as it would be: the stored one (ID) or a new one, with the proposed settings
 * unless it is to go. */
static SdTierRule *
proposed_rule (SdDb        *db,
               gint64       id,
               const char  *name,
               int          priority,
               const char  *condition,
               gboolean     enabled,
               gboolean     remove,
               GError     **error)
{
  g_autoptr(SdTierRule) rule = NULL;

  if (id != 0)
    rule = _sd_tier_store_load_rule (db, id, error);
  else
    {
      rule = g_new0 (SdTierRule, 1);
      rule->created_at = sd_db_now (db);
    }
  if (rule == NULL || remove)
    return g_steal_pointer (&rule);
  g_clear_pointer (&rule->name, g_free);
  g_clear_pointer (&rule->condition, g_free);
  if (!check_rule (name, condition, &rule->name, &rule->condition, error))
    return NULL;
  rule->priority = priority;
  rule->enabled = enabled;
  rule->updated_at = sd_db_now (db);
  return g_steal_pointer (&rule);
}

static SdTierRuleSimulation *
rule_simulation_new (GPtrArray        *rules,
                     const SdTierRule *removed,
                     gint64            new_id,
                     GHashTable       *before,
                     GHashTable       *after,
                     GArray           *changed)
{
  SdTierRuleSimulation *simulation = g_new0 (SdTierRuleSimulation, 1);

  simulation->rules = rules;
  if (removed != NULL)
    g_ptr_array_add (rules, sd_tier_rule_copy (removed));
  simulation->now = g_array_sized_new (FALSE, FALSE, sizeof (gint64), rules->len);
  simulation->after = g_array_sized_new (FALSE, FALSE, sizeof (gint64), rules->len);
  for (guint i = 0; i < rules->len; i++)
    {
      SdTierRule *rule = g_ptr_array_index (rules, i);
      gboolean is_new = new_id != 0 && rule->id == new_id;
      gboolean gone = removed != NULL && rule->id == removed->id;

      g_array_append_val (simulation->now, (gint64) { is_new ? 0 : count_of (before, rule->id) });
      g_array_append_val (simulation->after, (gint64) { gone ? 0 : count_of (after, rule->id) });
      if (is_new)
        rule->id = 0;
    }
  simulation->none_now = count_of (before, 0);
  simulation->none_after = count_of (after, 0);
  simulation->changed = changed;
  return simulation;
}

SdTierRuleSimulation *
sd_tiers_simulate_rule (SdSession   *session,
                        gint64       id,
                        const char  *name,
                        int          priority,
                        const char  *condition,
                        gboolean     enabled,
                        gboolean     remove,
                        GError     **error)
{
  g_autoptr(SdTierRule) rule = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  GArray *changed = NULL;
  gint64 last_entry;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (!remove || id != 0, NULL);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_TIERS, error))
    return NULL;
  db = sd_session_get_db (session);
  /* The change is made for real inside a transaction that is then rolled back: the
   * figures are exactly what saving would leave. */
  if (!sd_db_begin (db, error))
    return NULL;
  rule = proposed_rule (db, id, name, priority, condition, enabled, remove, error);
  if (rule == NULL || (before = _sd_tier_store_count_custom (db, error)) == NULL)
    goto fail;
  last_entry = _sd_db_query_int (db, "SELECT coalesce (max (id), 0) FROM tier_history", 0);
  if (!(remove ? apply_delete_rule (db, rule, error) : apply_rule (db, rule, error)) ||
      (after = _sd_tier_store_count_custom (db, error)) == NULL ||
      (rules = _sd_tier_store_list_rules (db, FALSE, error)) == NULL ||
      (changed = _sd_tier_store_custom_moves (db, last_entry, error)) == NULL)
    goto fail;
  sd_db_rollback (db);
  return rule_simulation_new (g_steal_pointer (&rules), remove ? rule : NULL, id == 0 ? rule->id : 0,
                              before, after, changed);

fail:
  sd_db_rollback (db);
  return NULL;
}

GArray *
sd_tiers_count_rules (SdSession  *session,
                      GPtrArray  *rules,
                      gint64     *out_none,
                      GError    **error)
{
  g_autoptr(GHashTable) counts = NULL;
  GArray *result;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (rules != NULL, NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error) ||
      (counts = _sd_tier_store_count_custom (sd_session_get_db (session), error)) == NULL)
    return NULL;
  result = g_array_sized_new (FALSE, FALSE, sizeof (gint64), rules->len);
  for (guint i = 0; i < rules->len; i++)
    g_array_append_val (result, (gint64) { count_of (counts, ((SdTierRule *) g_ptr_array_index (rules, i))->id) });
  if (out_none)
    *out_none = count_of (counts, 0);
  return result;
}
