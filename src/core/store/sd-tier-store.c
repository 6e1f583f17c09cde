/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-tier-store"

#include "sd-i18n.h"


#include "sd-condition-private.h"
#include "sd-error.h"
#include "sd-tier-store-private.h"

/* The grade the ladder gives a customers row: the highest grade whose threshold it meets.
 * ?1–?8 are, from grade 4 down to grade 1, the least total paid and the least trade count
 * that reach the grade; the basis a grade does not use, and a switched-off grade, get
 * G_MAXINT64, which nobody reaches (see bind_ladder). Grade 0 is the floor. */
#define GRADE_EXPR \
  "(CASE WHEN total_spent_cents >= ?1 OR order_count >= ?2 THEN 4" \
  " WHEN total_spent_cents >= ?3 OR order_count >= ?4 THEN 3" \
  " WHEN total_spent_cents >= ?5 OR order_count >= ?6 THEN 2" \
  " WHEN total_spent_cents >= ?7 OR order_count >= ?8 THEN 1" \
  " ELSE 0 END)"

/* An RFM score: 1 + how many of the four quintile boundaries lie below the value, for an
 * active customer (one counted order or more); 0 for the others. See sd-rfm.h. The
 * boundaries are ?11–?14 (R), ?15–?18 (F) and ?19–?22 (M). */
#define RFM_SCORE(value, a, b, c, d) \
  "(CASE WHEN order_count > 0 THEN 1" \
  " + CASE WHEN " value " > " a " THEN 1 ELSE 0 END" \
  " + CASE WHEN " value " > " b " THEN 1 ELSE 0 END" \
  " + CASE WHEN " value " > " c " THEN 1 ELSE 0 END" \
  " + CASE WHEN " value " > " d " THEN 1 ELSE 0 END" \
  " ELSE 0 END)"
/* R ranks the day of the last order in the shop's time zone. Its boundaries are bound as
 * the last second of the boundary day (see r_bound), so the row's day need not be
 * computed: day (t) > day_k exactly when t > r_bound (day_k). */
#define R_SCORE RFM_SCORE ("last_order_at", "?11", "?12", "?13", "?14")
#define F_SCORE RFM_SCORE ("order_count", "?15", "?16", "?17", "?18")
#define M_SCORE RFM_SCORE ("total_spent_cents", "?19", "?20", "?21", "?22")

/* A customer whose grade changes; one whose grade or scores change. */
#define TIER_CHANGES "(tier_pinned = 0 AND tier <> " GRADE_EXPR ")"
#define ANY_CHANGES \
  "(" TIER_CHANGES " OR rfm_r <> " R_SCORE " OR rfm_f <> " F_SCORE " OR rfm_m <> " M_SCORE ")"
#define IN_IDS " AND id IN (SELECT id FROM temp.tier_ids)"

/* History first (?30 now, ?31 cause, ?32 detail), from the rows as they are; then one pass
 * that writes each changed customer once (see update_all_sql ()). */
#define HISTORY_INSERT \
  "INSERT INTO tier_history (customer_id, from_tier, to_tier, from_custom_tier_id, to_custom_tier_id, " \
  "at, cause, detail) " \
  "SELECT id, tier, " GRADE_EXPR ", custom_tier_id, custom_tier_id, ?30, ?31, ?32 FROM customers " \
  "WHERE " TIER_CHANGES
#define UPDATE_ALL_HEAD \
  "UPDATE customers SET tier = CASE WHEN tier_pinned = 0 THEN " GRADE_EXPR " ELSE tier END, " \
  "rfm_r = " R_SCORE ", rfm_f = " F_SCORE ", rfm_m = " M_SCORE ", rfm_group = "
#define UPDATE_ALL_TAIL " WHERE " ANY_CHANGES
#define UPDATE_TIERS \
  "UPDATE customers SET tier = " GRADE_EXPR " WHERE " TIER_CHANGES

static const char rfm_dimensions[3] = { 'r', 'f', 'm' };

/* G_MESSAGES_DEBUG=sd-tier-store prints where a recompute's time goes. */
static void
phase_done (const char *what,
            gint64     *since)
{
  gint64 now = g_get_monotonic_time ();

  g_debug ("%s: %.3f s", what, (now - *since) / (double) G_USEC_PER_SEC);
  *since = now;
}

/* ---- the ladder ---- */

gboolean
_sd_tier_store_load_ladder (SdDb          *db,
                            SdTierLadder  *out_ladder,
                            GError       **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT grade, enabled, basis, threshold, discount_permille, name FROM tier_grades ORDER BY grade", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int grade = sqlite3_column_int (stmt, 0);
      SdTierGrade *g;
      SdTierBasis basis = SD_TIER_BASIS_AMOUNT;

      if (grade < 0 || grade >= SD_TIER_N_GRADES)
        continue;
      g = &out_ladder->grades[grade];
      g->enabled = sqlite3_column_int (stmt, 1) != 0;
      sd_tier_basis_from_string ((const char *) sqlite3_column_text (stmt, 2), &basis);
      g->basis = basis;
      g->threshold = sqlite3_column_int64 (stmt, 3);
      g->discount_permille = sqlite3_column_int (stmt, 4);
      g_free (g->name);
      g->name = _sd_column_dup (stmt, 5);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sd_db_set_error (db, error, rc, _("read the tier ladder"));
      return FALSE;
    }
  return TRUE;
}

gboolean
_sd_tier_store_save_ladder (SdDb               *db,
                            const SdTierLadder *ladder,
                            GError            **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "INSERT INTO tier_grades (grade, enabled, basis, threshold, discount_permille, name) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT (grade) DO UPDATE SET enabled = excluded.enabled, basis = excluded.basis, "
      "threshold = excluded.threshold, discount_permille = excluded.discount_permille, name = excluded.name", error);

  if (stmt == NULL)
    return FALSE;
  for (int grade = 0; grade < SD_TIER_N_GRADES; grade++)
    {
      const SdTierGrade *g = &ladder->grades[grade];

      sqlite3_bind_int (stmt, 1, grade);
      sqlite3_bind_int (stmt, 2, g->enabled ? 1 : 0);
      _sd_bind_text (stmt, 3, sd_tier_basis_to_string (g->basis));
      sqlite3_bind_int64 (stmt, 4, g->threshold);
      sqlite3_bind_int (stmt, 5, g->discount_permille);
      _sd_bind_text (stmt, 6, g->name ? g->name : "");
      if (!_sd_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Binds GRADE_EXPR's ?1–?8. */
static void
bind_ladder (sqlite3_stmt       *stmt,
             const SdTierLadder *ladder)
{
  for (int grade = SD_TIER_N_GRADES - 1, p = 1; grade >= 1; grade--, p += 2)
    {
      const SdTierGrade *g = &ladder->grades[grade];
      gint64 amount = G_MAXINT64, count = G_MAXINT64;

      if (g->enabled && g->basis == SD_TIER_BASIS_AMOUNT)
        amount = g->threshold;
      else if (g->enabled)
        count = g->threshold;
      sqlite3_bind_int64 (stmt, p, amount);
      sqlite3_bind_int64 (stmt, p + 1, count);
    }
}

/* ---- recompute ---- */

/* This connection's scratch: the ids asked for. */
static gboolean
ensure_temp_tables (SdDb    *db,
                    GError **error)
{
  return _sd_db_exec (db,
      "CREATE TEMP TABLE IF NOT EXISTS tier_ids (id INTEGER PRIMARY KEY);"
      "DELETE FROM temp.tier_ids;", error);
}

static gboolean
fill_ids (SdDb         *db,
          const gint64 *ids,
          gsize         n_ids,
          GError      **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db, "INSERT OR IGNORE INTO temp.tier_ids (id) VALUES (?1)", error);

  if (stmt == NULL)
    return FALSE;
  for (gsize i = 0; i < n_ids; i++)
    {
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (!_sd_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* The group of the new scores, as SQL: "CASE R * 10 + F WHEN 11 THEN 'lost' … ELSE '' END"
 * from sd_rfm_group_for_scores (), so that the map lives in one place. (A lookup in a
 * table of the map, a correlated subquery, makes SQLite's UPDATE take a second pass.) */
static char *
group_case (void)
{
  GString *sql = g_string_new ("(CASE " R_SCORE " * 10 + " F_SCORE);

  for (int r = 1; r <= SD_RFM_SCORES; r++)
    for (int f = 1; f <= SD_RFM_SCORES; f++)
      g_string_append_printf (sql, " WHEN %d THEN '%s'", r * 10 + f,
                              sd_rfm_group_to_string (sd_rfm_group_for_scores (r, f)));
  g_string_append (sql, " ELSE '' END)");
  return g_string_free (sql, FALSE);
}

/* The full UPDATE, of everyone or of temp.tier_ids. Built once and never freed: the
 * statement cache keys statements by the address of their text. */
static const char *
update_all_sql (gboolean of_ids)
{
  static const char *sql[2];
  static gsize ready = 0;

  if (g_once_init_enter (&ready))
    {
      g_autofree char *group = group_case ();
      sql[0] = g_strconcat (UPDATE_ALL_HEAD, group, UPDATE_ALL_TAIL, NULL);
      sql[1] = g_strconcat (UPDATE_ALL_HEAD, group, UPDATE_ALL_TAIL IN_IDS, NULL);
      g_once_init_leave (&ready, 1);
    }
  return sql[of_ids ? 1 : 0];
}

/* Value number POSITION (0-based) in the order of the column's index. One statement a
 * column: the SQL must be a literal. */
static gboolean
nth_value (SdDb         *db,
           int           dimension,
           gint64        position,
           gint64       *out_value,
           GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  switch (dimension)
    {
    case 0:
      stmt = _sd_db_prepare (db, "SELECT last_order_at FROM customers ORDER BY last_order_at LIMIT 1 OFFSET ?1", error);
      break;
    case 1:
      stmt = _sd_db_prepare (db, "SELECT order_count FROM customers ORDER BY order_count LIMIT 1 OFFSET ?1", error);
      break;
    default:
      stmt = _sd_db_prepare (db, "SELECT total_spent_cents FROM customers ORDER BY total_spent_cents LIMIT 1 OFFSET ?1",
                             error);
      break;
    }
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, position);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      _sd_db_set_error (db, error, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, _("rank the customers"));
      return FALSE;
    }
  return TRUE;
}

static gint64
count_where (SdDb       *db,
             int         dimension,
             gboolean    negative)
{
  static const char *sql[3][2] = {
    { "SELECT count(*) FROM customers WHERE last_order_at = 0",
      "SELECT count(*) FROM customers WHERE last_order_at < 0" },
    { "SELECT count(*) FROM customers WHERE order_count = 0",
      "SELECT count(*) FROM customers WHERE order_count < 0" },
    { "SELECT count(*) FROM customers WHERE total_spent_cents = 0",
      "SELECT count(*) FROM customers WHERE total_spent_cents < 0" },
  };

  return _sd_db_query_int (db, sql[dimension][negative ? 1 : 0], 0);
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The quintile boundaries of the active customers now: CUTS[dimension][k], R as days in
 * the shop's time zone.
 *
 * A customer without a counted order has order_count = 0, and so (the aggregates are
 * computed together) total_spent_cents = 0 and last_order_at = 0. The active customers'
 * values of a column are then the column's values, in the order of its index, less that
 * many zeros: the value at position j among them is the column's value at position j
 * before the zeros' place and at j + inactive after it. Each boundary is one index seek
 * and skip (OFFSET), instead of a scan of the customers and a sort. */
static gboolean
compute_cuts (SdDb    *db,
              gint64   day_offset,
              gint64   cuts[3][4],
              gint64  *out_active,
              GError **error)
{
  gint64 total = _sd_db_query_int (db, "SELECT count(*) FROM customers", 0);
  gint64 inactive = count_where (db, 1, FALSE);
  gint64 active = total - inactive;

  memset (cuts, 0, sizeof (gint64) * 12);
  *out_active = MAX (active, 0);
  if (active <= 0)
    return TRUE;
  for (int d = 0; d < 3; d++)
    {
      /* Active customers whose value sorts before the inactive ones' zeros. */
      gint64 before = d == 1 ? 0 : count_where (db, d, TRUE) + count_where (db, d, FALSE) - inactive;

      for (int k = 1; k <= 4; k++)
        {
          gint64 j = (k * active + 4) / 5 - 1;   /* see sd_rfm_cuts_from_sorted () */
          gint64 value = 0;

          if (!nth_value (db, d, j < before ? j : j + inactive, &value, error))
            return FALSE;
          cuts[d][k - 1] = d == 0 ? floor_div (value + day_offset, 86400) : value;
        }
    }
  return TRUE;
}

/* The last second (UTC) of day DAY of the shop's time zone. */
static gint64
r_bound (gint64 day,
         gint64 day_offset)
{
  return (day + 1) * 86400 - day_offset - 1;
}

/* The boundaries the last recompute saved; *out_have FALSE when there are none. */
static gboolean
load_cuts (SdDb      *db,
           gint64     cuts[3][4],
           gboolean  *out_have,
           GError   **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db, "SELECT dimension, k, value FROM rfm_cuts", error);
  guint seen = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  memset (cuts, 0, sizeof (gint64) * 12);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *dimension = (const char *) sqlite3_column_text (stmt, 0);
      int k = sqlite3_column_int (stmt, 1);
      for (int d = 0; d < 3; d++)
        if (dimension && dimension[0] == rfm_dimensions[d] && k >= 1 && k <= 4)
          {
            cuts[d][k - 1] = sqlite3_column_int64 (stmt, 2);
            seen++;
          }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sd_db_set_error (db, error, rc, _("read the RFM quintiles"));
      return FALSE;
    }
  *out_have = seen == 12;
  return TRUE;
}

static gboolean
save_cuts (SdDb    *db,
           gint64   cuts[3][4],
           gboolean have,
           GError **error)
{
  sqlite3_stmt *stmt;

  if (!_sd_db_exec (db, "DELETE FROM rfm_cuts", error))
    return FALSE;
  if (!have)
    return TRUE;
  stmt = _sd_db_prepare (db, "INSERT INTO rfm_cuts (dimension, k, value) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  for (int d = 0; d < 3; d++)
    for (int k = 1; k <= 4; k++)
      {
        char dimension[2] = { rfm_dimensions[d], '\0' };
        _sd_bind_text (stmt, 1, dimension);
        sqlite3_bind_int (stmt, 2, k);
        sqlite3_bind_int64 (stmt, 3, cuts[d][k - 1]);
        if (!_sd_db_step_done (db, stmt, error))
          return FALSE;
      }
  return TRUE;
}

/* The RFM boundaries to score with: the shop's now (saved when they moved: *io_all is
 * then set, since everyone's scores may change), or with KEEP_QUINTILES the saved ones
 * (*out_score FALSE when there are none yet). */
static gboolean
rfm_cuts (SdDb                 *db,
          gboolean              keep_quintiles,
          gint64                day_offset,
          gint64                cuts[3][4],
          gboolean             *io_all,
          gboolean             *out_score,
          SdTierRecomputeStats *stats,
          GError              **error)
{
  gint64 saved[3][4];
  gint64 active = 0;
  gboolean have_saved = FALSE;

  *out_score = TRUE;
  if (!load_cuts (db, saved, &have_saved, error))
    return FALSE;
  if (keep_quintiles && !*io_all)
    {
      memcpy (cuts, saved, sizeof saved);
      *out_score = have_saved;
      return TRUE;
    }
  if (!compute_cuts (db, day_offset, cuts, &active, error))
    return FALSE;
  stats->rfm_active = active;
  /* Everyone's scores stand as long as the boundaries do: a score is a function of the
   * customer's own value and the boundaries alone. */
  if (!have_saved || active == 0 || memcmp (cuts, saved, sizeof saved) != 0)
    {
      *io_all = TRUE;
      if (!save_cuts (db, cuts, active > 0, error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_cuts (sqlite3_stmt *stmt,
           gint64        cuts[3][4],
           gint64        day_offset)
{
  for (int d = 0; d < 3; d++)
    for (int k = 0; k < 4; k++)
      sqlite3_bind_int64 (stmt, 11 + d * 4 + k, d == 0 ? r_bound (cuts[d][k], day_offset) : cuts[d][k]);
}

static gboolean recompute_custom (SdDb                 *db,
                                  gboolean              all,
                                  gint64                now,
                                  SdTierCause           cause,
                                  const char           *detail,
                                  SdTierRecomputeStats *stats,
                                  GError              **error);

gboolean
_sd_tier_store_recompute (SdDb                 *db,
                          const SdTierLadder   *ladder,
                          const gint64         *ids,
                          gsize                 n_ids,
                          SdTierCause           cause,
                          const char           *detail,
                          gint64                now,
                          gint64                rfm_day_offset,
                          SdTierRecomputeFlags  flags,
                          SdTierRecomputeStats *out_stats,
                          GError              **error)
{
  SdTierRecomputeStats stats = { 0 };
  gboolean all = ids == NULL;
  gboolean score = TRUE;
  gint64 cuts[3][4] = { { 0 } };
  gint64 t = g_get_monotonic_time ();
  sqlite3_stmt *stmt;

  if (!ensure_temp_tables (db, error) ||
      (!all && !fill_ids (db, ids, n_ids, error)) ||
      !rfm_cuts (db, (flags & SD_TIER_RECOMPUTE_KEEP_QUINTILES) != 0, rfm_day_offset, cuts, &all, &score,
                 &stats, error))
    return FALSE;
  /* When the quintiles moved, everyone is looked at, whoever was asked for: a grade is a
   * function of the customer's figures and the ladder, so recomputing more is harmless. */
  stats.rfm_full = all;
  phase_done ("RFM quintiles", &t);

  stmt = all ? _sd_db_prepare (db, HISTORY_INSERT, error)
             : _sd_db_prepare (db, HISTORY_INSERT IN_IDS, error);
  if (stmt == NULL)
    return FALSE;
  bind_ladder (stmt, ladder);
  sqlite3_bind_int64 (stmt, 30, now);
  _sd_bind_text (stmt, 31, sd_tier_cause_to_string (cause));
  _sd_bind_text (stmt, 32, detail ? detail : "");
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  stats.changed = sqlite3_changes (_sd_db_get_handle (db));
  phase_done ("history", &t);

  if (score)
    stmt = _sd_db_prepare (db, update_all_sql (!all), error);
  else
    stmt = _sd_db_prepare (db, UPDATE_TIERS IN_IDS, error);
  if (stmt == NULL)
    return FALSE;
  bind_ladder (stmt, ladder);
  if (score)
    bind_cuts (stmt, cuts, rfm_day_offset);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  /* Customers written: those whose grade changed and those whose scores did. */
  stats.written = score ? sqlite3_changes (_sd_db_get_handle (db)) : 0;
  phase_done ("customers", &t);

  if (!recompute_custom (db, all, now, cause, detail, &stats, error))
    return FALSE;
  phase_done ("custom tiers", &t);

  if (ids != NULL && !_sd_db_exec (db, "DELETE FROM temp.tier_ids;", error))
    return FALSE;
  if (out_stats)
    *out_stats = stats;
  return TRUE;
}

/* ---- custom tiers ---- */

/* "(CASE WHEN <rule 1> THEN 1 WHEN <rule 2> THEN 2 … ELSE 0 END)": the first enabled rule
 * a customers row meets, by priority. FALSE when there is no enabled rule. */
static gboolean
custom_case (SdDb        *db,
             gint64       now,
             GString     *sql,
             SdSqlParams *params,
             GError     **error)
{
  g_autoptr(GPtrArray) rules = _sd_tier_store_list_rules (db, TRUE, error);
  guint used = 0;

  if (rules == NULL)
    return FALSE;
  g_string_append (sql, "(CASE");
  for (guint i = 0; i < rules->len; i++)
    {
      SdTierRule *rule = g_ptr_array_index (rules, i);
      g_autoptr(GError) local = NULL;
      g_autoptr(SdCondition) condition = sd_condition_parse (rule->condition, &local);

      if (condition == NULL)
        {
          /* Saved rules were parsed when saved; a condition this version no longer reads
           * is passed over rather than stopping every recompute. */
          g_warning ("Tier rule %" G_GINT64_FORMAT " (%s) is passed over: %s", rule->id, rule->name, local->message);
          continue;
        }
      g_string_append (sql, " WHEN ");
      _sd_condition_compile (condition, "customers", now, sql, params);
      g_string_append_printf (sql, " THEN ?%u", _sd_sql_params_add_int (params, rule->id));
      used++;
    }
  g_string_append (sql, " ELSE 0 END)");
  return used > 0;
}

static gboolean
run_dynamic (SdDb        *db,
             const char  *sql,
             SdSqlParams *params,
             gint64       now,
             SdTierCause  cause,
             const char  *detail,
             gint64      *out_changes,
             GError     **error)
{
  sqlite3 *handle = _sd_db_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _sd_db_set_error (db, error, rc, _("apply the tier rules"));
      return FALSE;
    }
  _sd_sql_params_bind (params, stmt);
  if (sqlite3_bind_parameter_index (stmt, "?1") > 0)
    {
      sqlite3_bind_int64 (stmt, 1, now);
      _sd_bind_text (stmt, 2, sd_tier_cause_to_string (cause));
      _sd_bind_text (stmt, 3, detail ? detail : "");
    }
  rc = sqlite3_step (stmt);
  if (out_changes)
    *out_changes = sqlite3_changes (handle);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _sd_db_set_error (db, error, rc, _("apply the tier rules"));
      return FALSE;
    }
  return TRUE;
}

/* The custom tiers of everyone or of temp.tier_ids, after their grades and scores: the
 * history of the changes first, then the customers. */
static gboolean
recompute_custom (SdDb                 *db,
                  gboolean              all,
                  gint64                now,
                  SdTierCause           cause,
                  const char           *detail,
                  SdTierRecomputeStats *stats,
                  GError              **error)
{
  g_autoptr(GString) expr = g_string_new (NULL);
  g_autoptr(GString) history = NULL;
  g_autoptr(GString) update = NULL;
  /* ?1 now, ?2 cause, ?3 detail; the rules' values after them. */
  g_autoptr(SdSqlParams) params = _sd_sql_params_new (4);
  g_autoptr(GError) local = NULL;
  const char *scope = all ? "" : " AND id IN (SELECT id FROM temp.tier_ids)";
  gint64 changed = 0;

  if (!custom_case (db, now, expr, params, &local))
    {
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return TRUE;   /* no rules on: nobody has a custom tier (switching off cleared them) */
    }
  history = g_string_new ("INSERT INTO tier_history (customer_id, from_tier, to_tier, from_custom_tier_id, "
                          "to_custom_tier_id, at, cause, detail) SELECT id, tier, tier, custom_tier_id, ");
  g_string_append_printf (history, "%s, ?1, ?2, ?3 FROM customers WHERE custom_tier_id <> %s%s",
                          expr->str, expr->str, scope);
  update = g_string_new ("UPDATE customers SET custom_tier_id = ");
  g_string_append_printf (update, "%s WHERE custom_tier_id <> %s%s", expr->str, expr->str, scope);
  if (!run_dynamic (db, history->str, params, now, cause, detail, &changed, error) ||
      !run_dynamic (db, update->str, params, now, cause, detail, NULL, error))
    return FALSE;
  stats->changed += changed;
  return TRUE;
}

gboolean
_sd_tier_store_clear_rule (SdDb        *db,
              gint64       rule_id,
              gint64       now,
              SdTierCause  cause,
              const char  *detail,
              GError     **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "INSERT INTO tier_history (customer_id, from_tier, to_tier, from_custom_tier_id, to_custom_tier_id, "
      "at, cause, detail) SELECT id, tier, tier, custom_tier_id, 0, ?2, ?3, ?4 FROM customers "
      "WHERE custom_tier_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rule_id);
  sqlite3_bind_int64 (stmt, 2, now);
  _sd_bind_text (stmt, 3, sd_tier_cause_to_string (cause));
  _sd_bind_text (stmt, 4, detail ? detail : "");
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  stmt = _sd_db_prepare (db, "UPDATE customers SET custom_tier_id = 0 WHERE custom_tier_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rule_id);
  return _sd_db_step_done (db, stmt, error);
}

static gpointer
rule_from_row (sqlite3_stmt *stmt)
{
  SdTierRule *rule = g_new0 (SdTierRule, 1);

  rule->id = sqlite3_column_int64 (stmt, 0);
  rule->name = _sd_column_dup (stmt, 1);
  rule->priority = sqlite3_column_int (stmt, 2);
  rule->condition = _sd_column_dup (stmt, 3);
  rule->enabled = sqlite3_column_int (stmt, 4) != 0;
  rule->created_at = sqlite3_column_int64 (stmt, 5);
  rule->updated_at = sqlite3_column_int64 (stmt, 6);
  return rule;
}

GPtrArray *
_sd_tier_store_list_rules (SdDb      *db,
                           gboolean   enabled_only,
                           GError   **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT id, name, priority, condition, enabled, created_at, updated_at FROM tier_rules "
      "WHERE enabled = 1 OR ?1 = 0 ORDER BY priority, id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, enabled_only ? 1 : 0);
  return _sd_db_collect_rows (db, stmt, rule_from_row, (GDestroyNotify) sd_tier_rule_free,
                              _("read the tier rules"), error);
}

SdTierRule *
_sd_tier_store_load_rule (SdDb    *db,
                          gint64   id,
                          GError **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT id, name, priority, condition, enabled, created_at, updated_at FROM tier_rules WHERE id = ?1", error);
  SdTierRule *rule = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rule = rule_from_row (stmt);
  sqlite3_reset (stmt);
  if (rule == NULL)
    g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no tier rule #%lld."), (long long) id);
  return rule;
}

gboolean
_sd_tier_store_save_rule (SdDb        *db,
                          SdTierRule  *rule,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sd_db_prepare (db, "SELECT count(*) FROM tier_rules WHERE name = ?1 AND id <> ?2", error);
  if (stmt == NULL)
    return FALSE;
  _sd_bind_text (stmt, 1, rule->name);
  sqlite3_bind_int64 (stmt, 2, rule->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0)
    {
      sqlite3_reset (stmt);
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("There is already a tier rule named “%s”; choose another name."), rule->name);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (rule->id == 0)
    stmt = _sd_db_prepare (db,
        "INSERT INTO tier_rules (name, priority, condition, enabled, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  else
    stmt = _sd_db_prepare (db,
        "UPDATE tier_rules SET name = ?1, priority = ?2, condition = ?3, enabled = ?4, updated_at = ?6 "
        "WHERE id = ?7", error);
  if (stmt == NULL)
    return FALSE;
  _sd_bind_text (stmt, 1, rule->name);
  sqlite3_bind_int (stmt, 2, rule->priority);
  _sd_bind_text (stmt, 3, rule->condition);
  sqlite3_bind_int (stmt, 4, rule->enabled ? 1 : 0);
  sqlite3_bind_int64 (stmt, 5, rule->created_at);
  sqlite3_bind_int64 (stmt, 6, rule->updated_at);
  if (rule->id != 0)
    sqlite3_bind_int64 (stmt, 7, rule->id);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (rule->id == 0)
    rule->id = sqlite3_last_insert_rowid (_sd_db_get_handle (db));
  else if (sqlite3_changes (_sd_db_get_handle (db)) == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no tier rule #%lld."), (long long) rule->id);
      return FALSE;
    }
  return TRUE;
}

gboolean
_sd_tier_store_delete_rule (SdDb        *db,
                            gint64       id,
                            gint64       now,
                            SdTierCause  cause,
                            const char  *detail,
                            GError     **error)
{
  sqlite3_stmt *stmt;

  if (!_sd_tier_store_clear_rule (db, id, now, cause, detail, error))
    return FALSE;
  stmt = _sd_db_prepare (db, "DELETE FROM tier_rules WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (_sd_db_get_handle (db)) == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no tier rule #%lld."), (long long) id);
      return FALSE;
    }
  return TRUE;
}

GHashTable *
_sd_tier_store_count_custom (SdDb    *db,
                             GError **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db, "SELECT custom_tier_id, count(*) FROM customers GROUP BY custom_tier_id",
                                       error);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (counts, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                         g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 1) }, sizeof (gint64)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sd_db_set_error (db, error, rc, _("count the customers in each tier"));
      return NULL;
    }
  return g_steal_pointer (&counts);
}

GArray *
_sd_tier_store_custom_moves (SdDb    *db,
                             gint64   after_id,
                             GError **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT DISTINCT customer_id FROM tier_history "
      "WHERE id > ?1 AND from_custom_tier_id != to_custom_tier_id ORDER BY customer_id", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_array_append_val (ids, (gint64) { sqlite3_column_int64 (stmt, 0) });
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sd_db_set_error (db, error, rc, _("read the tier history"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* ---- pins ---- */

static gboolean
insert_history (SdDb        *db,
                gint64       customer_id,
                int          from_tier,
                int          to_tier,
                gint64       now,
                SdTierCause  cause,
                const char  *detail,
                GError     **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "INSERT INTO tier_history (customer_id, from_tier, to_tier, from_custom_tier_id, to_custom_tier_id, "
      "at, cause, detail) "
      "SELECT id, ?2, ?3, custom_tier_id, custom_tier_id, ?4, ?5, ?6 FROM customers WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int (stmt, 2, from_tier);
  sqlite3_bind_int (stmt, 3, to_tier);
  sqlite3_bind_int64 (stmt, 4, now);
  _sd_bind_text (stmt, 5, sd_tier_cause_to_string (cause));
  _sd_bind_text (stmt, 6, detail ? detail : "");
  return _sd_db_step_done (db, stmt, error);
}

static void
set_not_found (GError **error,
               gint64   customer_id)
{
  g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
               _("There is no customer #%lld; it may have been merged or deleted."),
               (long long) customer_id);
}

gboolean
_sd_tier_store_pin (SdDb        *db,
                    gint64       customer_id,
                    int          grade,
                    const char  *reason,
                    gint64       now,
                    int         *out_from,
                    GError     **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db, "SELECT tier FROM customers WHERE id = ?1", error);
  int from;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      set_not_found (error, customer_id);
      return FALSE;
    }
  from = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  stmt = _sd_db_prepare (db,
      "UPDATE customers SET tier = ?2, tier_pinned = 1, tier_pin_reason = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int (stmt, 2, grade);
  _sd_bind_text (stmt, 3, reason);
  if (!_sd_db_step_done (db, stmt, error) ||
      !insert_history (db, customer_id, from, grade, now, SD_TIER_CAUSE_MANUAL, reason, error))
    return FALSE;
  if (out_from)
    *out_from = from;
  return TRUE;
}

gboolean
_sd_tier_store_unpin (SdDb               *db,
                      const SdTierLadder *ladder,
                      gint64              customer_id,
                      gint64              now,
                      int                *out_from,
                      int                *out_to,
                      GError            **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT tier, tier_pinned, " GRADE_EXPR " FROM customers WHERE id = ?9", error);
  int from, to;
  gboolean pinned;

  if (stmt == NULL)
    return FALSE;
  bind_ladder (stmt, ladder);
  sqlite3_bind_int64 (stmt, 9, customer_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      set_not_found (error, customer_id);
      return FALSE;
    }
  from = sqlite3_column_int (stmt, 0);
  pinned = sqlite3_column_int (stmt, 1) != 0;
  to = sqlite3_column_int (stmt, 2);
  sqlite3_reset (stmt);
  if (!pinned)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("Customer #%lld’s tier is not pinned; there is nothing to unpin."),
                   (long long) customer_id);
      return FALSE;
    }

  stmt = _sd_db_prepare (db,
      "UPDATE customers SET tier = ?2, tier_pinned = 0, tier_pin_reason = '' WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int (stmt, 2, to);
  if (!_sd_db_step_done (db, stmt, error) ||
      !insert_history (db, customer_id, from, to, now, SD_TIER_CAUSE_UNPIN, "", error))
    return FALSE;
  if (out_from)
    *out_from = from;
  if (out_to)
    *out_to = to;
  return TRUE;
}

/* ---- reading ---- */

static gpointer
change_from_row (sqlite3_stmt *stmt)
{
  SdTierChange *change = g_new0 (SdTierChange, 1);
  SdTierCause cause = SD_TIER_CAUSE_RECOMPUTE;

  change->id = sqlite3_column_int64 (stmt, 0);
  change->customer_id = sqlite3_column_int64 (stmt, 8);
  change->from_tier = sqlite3_column_int (stmt, 1);
  change->to_tier = sqlite3_column_int (stmt, 2);
  change->from_custom_tier_id = sqlite3_column_int64 (stmt, 3);
  change->to_custom_tier_id = sqlite3_column_int64 (stmt, 4);
  change->at = sqlite3_column_int64 (stmt, 5);
  sd_tier_cause_from_string ((const char *) sqlite3_column_text (stmt, 6), &cause);
  change->cause = cause;
  change->detail = _sd_column_dup (stmt, 7);
  return change;
}

GPtrArray *
_sd_tier_store_history (SdDb    *db,
                        gint64   customer_id,
                        GError **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT id, from_tier, to_tier, from_custom_tier_id, to_custom_tier_id, at, cause, detail, customer_id "
      "FROM tier_history WHERE customer_id = ?1 ORDER BY at DESC, id DESC", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  return _sd_db_collect_rows (db, stmt, change_from_row, (GDestroyNotify) sd_tier_change_free,
                              _("read the tier history"), error);
}

gboolean
_sd_tier_store_count (SdDb    *db,
                      gint64   out_counts[SD_TIER_N_GRADES],
                      gint64  *out_none,
                      GError **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db, "SELECT tier, count(*) FROM customers GROUP BY tier", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  memset (out_counts, 0, sizeof (gint64) * SD_TIER_N_GRADES);
  if (out_none)
    *out_none = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int tier = sqlite3_column_int (stmt, 0);
      gint64 n = sqlite3_column_int64 (stmt, 1);
      if (tier >= 0 && tier < SD_TIER_N_GRADES)
        out_counts[tier] = n;
      else if (out_none)
        *out_none += n;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sd_db_set_error (db, error, rc, _("count the customers in each tier"));
      return FALSE;
    }
  return TRUE;
}

SdCustomerTier *
_sd_tier_store_customer (SdDb    *db,
                         gint64   customer_id,
                         GError **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT c.tier, c.tier_pinned, c.tier_pin_reason, c.custom_tier_id,"
      "  coalesce ((SELECT r.name FROM tier_rules r WHERE r.id = c.custom_tier_id), ''),"
      "  c.rfm_r, c.rfm_f, c.rfm_m, c.rfm_group, c.total_spent_cents, c.order_count "
      "FROM customers c WHERE c.id = ?1", error);
  SdCustomerTier *tier;
  SdRfmGroup group = SD_RFM_GROUP_NONE;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      set_not_found (error, customer_id);
      return NULL;
    }
  tier = g_new0 (SdCustomerTier, 1);
  tier->customer_id = customer_id;
  tier->tier = sqlite3_column_int (stmt, 0);
  tier->pinned = sqlite3_column_int (stmt, 1) != 0;
  tier->pin_reason = _sd_column_dup (stmt, 2);
  tier->custom_tier_id = sqlite3_column_int64 (stmt, 3);
  tier->custom_tier_name = _sd_column_dup (stmt, 4);
  tier->rfm_r = sqlite3_column_int (stmt, 5);
  tier->rfm_f = sqlite3_column_int (stmt, 6);
  tier->rfm_m = sqlite3_column_int (stmt, 7);
  sd_rfm_group_from_string ((const char *) sqlite3_column_text (stmt, 8), &group);
  tier->rfm_group = group;
  tier->paid_cents = sqlite3_column_int64 (stmt, 9);
  tier->trades = sqlite3_column_int64 (stmt, 10);
  tier->computed_tier = tier->tier;
  sqlite3_reset (stmt);
  return tier;
}

/* ---- the simulator ---- */

#define SIMULATED_GRADE "(CASE WHEN tier_pinned = 1 THEN tier ELSE " GRADE_EXPR " END)"

/* Counts and movers in one scan, counted here: a GROUP BY would sort a million rows. */
static gboolean
simulate_counts (SdDb               *db,
                 const SdTierLadder *proposed,
                 SdTierSimulation   *sim,
                 GError            **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT id, tier, tier_pinned, " GRADE_EXPR " FROM customers", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_ladder (stmt, proposed);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      int now = sqlite3_column_int (stmt, 1);
      gboolean pinned = sqlite3_column_int (stmt, 2) != 0;
      int after = pinned ? now : sqlite3_column_int (stmt, 3);

      if (now >= 0 && now < SD_TIER_N_GRADES)
        sim->now[now]++;
      else
        sim->now_none++;
      if (after >= 0 && after < SD_TIER_N_GRADES)
        sim->after[after]++;
      if (pinned)
        sim->pinned++;
      else if (after > now)
        g_array_append_val (sim->moved_up, id);
      else if (after < now)
        g_array_append_val (sim->moved_down, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sd_db_set_error (db, error, rc, _("count the customers in each tier"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
simulate_discounts (SdDb               *db,
                    const SdTierLadder *proposed,
                    SdTierSimulation   *sim,
                    GError            **error)
{
  SdTierLadder current = { 0 };
  sqlite3_stmt *stmt;
  gint64 paid_now[SD_TIER_N_GRADES] = { 0 }, paid_after[SD_TIER_N_GRADES] = { 0 };
  int rc;

  if (!_sd_tier_store_load_ladder (db, &current, error))
    return FALSE;
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    g_free (current.grades[g].name);

  stmt = _sd_db_prepare (db,
      "SELECT c.tier, c.next_tier, sum (o.amount_cents - o.refund_cents) "
      "FROM (SELECT id, tier, " SIMULATED_GRADE " AS next_tier FROM customers) AS c "
      "JOIN orders AS o ON o.customer_id = c.id "
      "WHERE o.created_at >= ?9 AND o.created_at < ?10 AND o.counted = 1 "
      "GROUP BY c.tier, c.next_tier", error);
  if (stmt == NULL)
    return FALSE;
  bind_ladder (stmt, proposed);
  sqlite3_bind_int64 (stmt, 9, sim->since);
  sqlite3_bind_int64 (stmt, 10, sim->until);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int now = sqlite3_column_int (stmt, 0);
      int after = sqlite3_column_int (stmt, 1);
      gint64 paid = sqlite3_column_int64 (stmt, 2);

      if (now >= 0 && now < SD_TIER_N_GRADES)
        paid_now[now] += paid;
      if (after >= 0 && after < SD_TIER_N_GRADES)
        paid_after[after] += paid;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sd_db_set_error (db, error, rc, _("add up the discounts"));
      return FALSE;
    }
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      sim->discount_now_cents += paid_now[g] * (1000 - current.grades[g].discount_permille) / 1000;
      sim->discount_after_cents += paid_after[g] * (1000 - proposed->grades[g].discount_permille) / 1000;
    }
  return TRUE;
}

SdTierSimulation *
_sd_tier_store_simulate (SdDb               *db,
                         const SdTierLadder *proposed,
                         gint64              since,
                         gint64              until,
                         GError            **error)
{
  g_autoptr(SdTierSimulation) sim = g_new0 (SdTierSimulation, 1);

  sim->moved_up = g_array_new (FALSE, FALSE, sizeof (gint64));
  sim->moved_down = g_array_new (FALSE, FALSE, sizeof (gint64));
  sim->since = since;
  sim->until = until;
  if (!simulate_counts (db, proposed, sim, error) ||
      !simulate_discounts (db, proposed, sim, error))
    return NULL;
  return g_steal_pointer (&sim);
}

/* ---- RFM ---- */

gboolean
_sd_rfm_store_grid (SdDb       *db,
                    SdRfmGrid  *out_grid,
                    GError    **error)
{
  /* Counted here: a GROUP BY would sort a million rows. */
  sqlite3_stmt *stmt = _sd_db_prepare (db, "SELECT rfm_r, rfm_f FROM customers", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  memset (out_grid, 0, sizeof *out_grid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int r = sqlite3_column_int (stmt, 0);
      int f = sqlite3_column_int (stmt, 1);

      if (r >= 1 && r <= SD_RFM_SCORES && f >= 1 && f <= SD_RFM_SCORES)
        out_grid->cells[r - 1][f - 1]++;
      else
        out_grid->unscored++;
    }
  for (int r = 1; r <= SD_RFM_SCORES; r++)
    for (int f = 1; f <= SD_RFM_SCORES; f++)
      {
        out_grid->groups[sd_rfm_group_for_scores (r, f)] += out_grid->cells[r - 1][f - 1];
        out_grid->scored += out_grid->cells[r - 1][f - 1];
      }
  out_grid->groups[SD_RFM_GROUP_NONE] = out_grid->unscored;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sd_db_set_error (db, error, rc, _("count the customers in each RFM cell"));
      return FALSE;
    }
  return TRUE;
}

GArray *
_sd_rfm_store_cell_ids (SdDb    *db,
                        int      r,
                        int      f,
                        GError **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT id FROM customers WHERE rfm_r = ?1 AND rfm_f = ?2 ORDER BY id", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, r);
  sqlite3_bind_int (stmt, 2, f);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sd_db_set_error (db, error, rc, _("list the customers in an RFM cell"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}
