/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-tier-store"

#include "sd-i18n.h"

#include <time.h>

#include "sd-condition-private.h"
#include "sd-error.h"
#include "sd-schema-private.h"
#include "sd-store-private.h"
#include "sd-tier-store-private.h"

/* A customer's figures are in customers (c), their standing — grade, pin, custom tier,
 * RFM scores — in customer_standing (s), one narrow row each (see migration 5).
 *
 * The grade the ladder gives, for the simulator and for unpinning (a recompute works it
 * out with sd_tier_ladder_grade_for (), the same rule): the highest grade whose threshold
 * the figures meet. ?1–?8 are, from grade 4 down to grade 1, the least total paid and the
 * least trade count that reach the grade; the basis a grade does not use, and a
 * switched-off grade, get G_MAXINT64, which nobody reaches (see bind_ladder). Grade 0 is
 * the floor. */
#define GRADE_EXPR \
  "(CASE WHEN c.total_spent_cents >= ?1 OR c.order_count >= ?2 THEN 4" \
  " WHEN c.total_spent_cents >= ?3 OR c.order_count >= ?4 THEN 3" \
  " WHEN c.total_spent_cents >= ?5 OR c.order_count >= ?6 THEN 2" \
  " WHEN c.total_spent_cents >= ?7 OR c.order_count >= ?8 THEN 1" \
  " ELSE 0 END)"

/* A recompute reads each customer's figures and standing once, works out here who changes
 * and to what (Move: a grade and scores computed in C cost nothing beside the reading,
 * where SQL's CASE expressions cost a second for a million customers), and hands the
 * moves to SQL as the table sd_tier_moves (?1): the history and the standing rows are
 * then one statement each that writes only them, in id order. */
typedef struct
{
  gint64 customer_id;
  gint64 custom_tier_id;
  gint8  from_tier;
  gint8  to_tier;
  gint8  rfm_r;
  gint8  rfm_f;
  gint8  rfm_m;
} Move;

#define MOVES_POINTER_TYPE "shopdesk-tier-moves"

#define STANDING_AND_FIGURES \
  "SELECT s.customer_id, s.tier, s.tier_pinned, s.rfm_r, s.rfm_f, s.rfm_m, s.custom_tier_id, " \
  "c.total_spent_cents, c.order_count, c.last_order_at " \
  "FROM customer_standing AS s JOIN customers AS c ON c.id = s.customer_id"
#define OF_IDS " WHERE s.customer_id IN (SELECT id FROM tier_ids)"
#define BY_ID " ORDER BY s.customer_id"

/* ?1 the moves, ?2 now, ?3 cause, ?4 detail. */
#define HISTORY_OF_MOVES \
  "INSERT INTO tier_history (customer_id, from_tier, to_tier, from_custom_tier_id, to_custom_tier_id, " \
  "at, cause, detail) " \
  "SELECT customer_id, from_tier, to_tier, custom_tier_id, custom_tier_id, ?2, ?3, ?4 FROM sd_tier_moves (?1) " \
  "WHERE to_tier <> from_tier"
/* Every customer has a standing row: the insert always meets it and updates it. An
 * upsert, not REPLACE, which would delete the row first. */
#define WRITE_MOVES \
  "INSERT INTO customer_standing (customer_id, tier, rfm_r, rfm_f, rfm_m) " \
  "SELECT customer_id, to_tier, rfm_r, rfm_f, rfm_m FROM sd_tier_moves (?1) WHERE true " \
  "ON CONFLICT (customer_id) DO UPDATE SET tier = excluded.tier, rfm_r = excluded.rfm_r, " \
  "rfm_f = excluded.rfm_f, rfm_m = excluded.rfm_m"

static const char rfm_dimensions[3] = { 'r', 'f', 'm' };

/* G_MESSAGES_DEBUG=sd-tier-store prints where a recompute's time goes, and the process's
 * CPU time, which a busy machine does not inflate. */
typedef struct
{
  gint64  wall;
  clock_t cpu;
} Phase;

static void
phase_start (Phase *phase)
{
  phase->wall = g_get_monotonic_time ();
  phase->cpu = clock ();
}

static void
phase_done (const char *what,
            Phase      *phase)
{
  Phase now;

  phase_start (&now);
  g_debug ("%s: %.3f s (CPU %.3f s)", what, (now.wall - phase->wall) / (double) G_USEC_PER_SEC,
           (double) (now.cpu - phase->cpu) / CLOCKS_PER_SEC);
  *phase = now;
}

/* ---- the moves, as a table ---- */

/* sd_tier_moves (?1): the rows of a GArray of Move bound as a pointer, like SQLite's
 * carray. Eponymous and direct-only: nothing in the schema can name it, and only a
 * pointer bound here gives it rows. */
enum
{
  MOVES_CUSTOMER_ID,
  MOVES_FROM_TIER,
  MOVES_TO_TIER,
  MOVES_RFM_R,
  MOVES_RFM_F,
  MOVES_RFM_M,
  MOVES_CUSTOM_TIER_ID,
  MOVES_SOURCE,   /* hidden: the argument */
};

typedef struct
{
  sqlite3_vtab_cursor  base;
  GArray              *moves;
  guint                i;
} MovesCursor;

static int
moves_connect (sqlite3             *handle,
               void                *aux,
               int                  argc,
               const char * const  *argv,
               sqlite3_vtab       **out_vtab,
               char               **out_error)
{
  int rc = sqlite3_declare_vtab (handle, "CREATE TABLE x (customer_id, from_tier, to_tier, rfm_r, rfm_f, rfm_m, "
                                         "custom_tier_id, source HIDDEN)");

  if (rc != SQLITE_OK)
    return rc;
  sqlite3_vtab_config (handle, SQLITE_VTAB_DIRECTONLY);
  *out_vtab = sqlite3_malloc (sizeof (sqlite3_vtab));
  if (*out_vtab == NULL)
    return SQLITE_NOMEM;
  memset (*out_vtab, 0, sizeof (sqlite3_vtab));
  return SQLITE_OK;
}

static int
moves_disconnect (sqlite3_vtab *vtab)
{
  sqlite3_free (vtab);
  return SQLITE_OK;
}

/* Only with its argument: sd_tier_moves (?1). */
static int
moves_best_index (sqlite3_vtab       *vtab,
                  sqlite3_index_info *info)
{
  for (int i = 0; i < info->nConstraint; i++)
    if (info->aConstraint[i].iColumn == MOVES_SOURCE && info->aConstraint[i].op == SQLITE_INDEX_CONSTRAINT_EQ)
      {
        if (!info->aConstraint[i].usable)
          return SQLITE_CONSTRAINT;
        info->aConstraintUsage[i].argvIndex = 1;
        info->aConstraintUsage[i].omit = 1;
        info->estimatedCost = 1;
        return SQLITE_OK;
      }
  return SQLITE_CONSTRAINT;
}

static int
moves_open (sqlite3_vtab         *vtab,
            sqlite3_vtab_cursor **out_cursor)
{
  MovesCursor *cursor = sqlite3_malloc (sizeof (MovesCursor));

  if (cursor == NULL)
    return SQLITE_NOMEM;
  memset (cursor, 0, sizeof *cursor);
  *out_cursor = &cursor->base;
  return SQLITE_OK;
}

static int
moves_close (sqlite3_vtab_cursor *cursor)
{
  sqlite3_free (cursor);
  return SQLITE_OK;
}

static int
moves_filter (sqlite3_vtab_cursor  *base,
              int                   index,
              const char           *index_name,
              int                   argc,
              sqlite3_value       **argv)
{
  MovesCursor *cursor = (MovesCursor *) base;

  cursor->moves = argc > 0 ? sqlite3_value_pointer (argv[0], MOVES_POINTER_TYPE) : NULL;
  cursor->i = 0;
  return SQLITE_OK;
}

static int
moves_next (sqlite3_vtab_cursor *base)
{
  ((MovesCursor *) base)->i++;
  return SQLITE_OK;
}

static int
moves_eof (sqlite3_vtab_cursor *base)
{
  MovesCursor *cursor = (MovesCursor *) base;

  return cursor->moves == NULL || cursor->i >= cursor->moves->len;
}

static int
moves_column (sqlite3_vtab_cursor *base,
              sqlite3_context     *context,
              int                  column)
{
  MovesCursor *cursor = (MovesCursor *) base;
  const Move *move = &g_array_index (cursor->moves, Move, cursor->i);
  /* In the order of the columns (MOVES_CUSTOMER_ID …). */
  const gint64 values[] = { move->customer_id, move->from_tier, move->to_tier, move->rfm_r, move->rfm_f, move->rfm_m,
                            move->custom_tier_id };

  if (column >= 0 && column < (int) G_N_ELEMENTS (values))
    sqlite3_result_int64 (context, values[column]);
  else
    sqlite3_result_null (context);
  return SQLITE_OK;
}

static int
moves_rowid (sqlite3_vtab_cursor *base,
             sqlite3_int64       *out_rowid)
{
  *out_rowid = ((MovesCursor *) base)->i;
  return SQLITE_OK;
}

static sqlite3_module moves_module = {
  .iVersion = 0,
  .xConnect = moves_connect,
  .xBestIndex = moves_best_index,
  .xDisconnect = moves_disconnect,
  .xOpen = moves_open,
  .xClose = moves_close,
  .xFilter = moves_filter,
  .xNext = moves_next,
  .xEof = moves_eof,
  .xColumn = moves_column,
  .xRowid = moves_rowid,
};

gboolean
_sd_tier_store_register (SdDb    *db,
                         GError **error)
{
  int rc = sqlite3_create_module (_sd_db_get_handle (db), "sd_tier_moves", &moves_module, NULL);

  if (rc != SQLITE_OK)
    {
      _sd_db_set_error (db, error, rc, _("prepare the tier recompute"));
      return FALSE;
    }
  return TRUE;
}

/* ---- the ladder ---- */

gboolean
_sd_tier_store_load_ladder (SdDb          *db,
                            SdTierLadder  *out_ladder,
                            GError       **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT grade, enabled, basis, threshold, discount_permille, name FROM tier_grades ORDER BY grade", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      int grade = sd_stmt_column_int (stmt, 0);
      SdTierGrade *g;
      SdTierBasis basis = SD_TIER_BASIS_AMOUNT;

      if (grade < 0 || grade >= SD_TIER_N_GRADES)
        continue;
      g = &out_ladder->grades[grade];
      g->enabled = sd_stmt_column_int (stmt, 1) != 0;
      sd_tier_basis_from_string (sd_stmt_column_text (stmt, 2), &basis);
      g->basis = basis;
      g->threshold = sd_stmt_column_int64 (stmt, 3);
      g->discount_permille = sd_stmt_column_int (stmt, 4);
      g_free (g->name);
      g->name = _sd_column_dup (stmt, 5);
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
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
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO tier_grades (grade, enabled, basis, threshold, discount_permille, name) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT (grade) DO UPDATE SET enabled = excluded.enabled, basis = excluded.basis, "
      "threshold = excluded.threshold, discount_permille = excluded.discount_permille, name = excluded.name", error);

  if (stmt == NULL)
    return FALSE;
  for (int grade = 0; grade < SD_TIER_N_GRADES; grade++)
    {
      const SdTierGrade *g = &ladder->grades[grade];

      sd_stmt_bind_int (stmt, 1, grade);
      sd_stmt_bind_int (stmt, 2, g->enabled ? 1 : 0);
      sd_stmt_bind_text (stmt, 3, sd_tier_basis_to_string (g->basis));
      sd_stmt_bind_int64 (stmt, 4, g->threshold);
      sd_stmt_bind_int (stmt, 5, g->discount_permille);
      sd_stmt_bind_text (stmt, 6, g->name ? g->name : "");
      if (!_sd_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Binds GRADE_EXPR's ?1–?8. */
static void
bind_ladder (SdStmt       *stmt,
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
      sd_stmt_bind_int64 (stmt, p, amount);
      sd_stmt_bind_int64 (stmt, p + 1, count);
    }
}

/* ---- recompute ---- */

/* This connection's scratch: the ids asked for, and the customers whose custom tier
 * changes with what it changes to. */
static gboolean
ensure_temp_tables (SdDb    *db,
                    GError **error)
{
  return _sd_db_exec (db,
      "CREATE TEMP TABLE IF NOT EXISTS tier_ids (id INTEGER PRIMARY KEY);"
      "CREATE TEMP TABLE IF NOT EXISTS tier_custom (customer_id INTEGER PRIMARY KEY, tier INTEGER NOT NULL,"
      "  from_id INTEGER NOT NULL, to_id INTEGER NOT NULL);"
      "DELETE FROM tier_ids; DELETE FROM tier_custom;", error);
}

/* The scratch emptied: it is the connection's, and a million rows in it are memory. */
static gboolean
clear_temp_tables (SdDb    *db,
                   GError **error)
{
  return _sd_db_exec (db, "DELETE FROM tier_ids; DELETE FROM tier_custom;", error);
}

static gboolean
fill_ids (SdDb         *db,
          const gint64 *ids,
          gsize         n_ids,
          GError      **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "INSERT INTO tier_ids (id) VALUES (?1) ON CONFLICT DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  for (gsize i = 0; i < n_ids; i++)
    {
      sd_stmt_bind_int64 (stmt, 1, ids[i]);
      if (!_sd_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
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
  SdStmt *stmt;
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
  sd_stmt_bind_int64 (stmt, 1, position);
  rc = sd_stmt_step (stmt);
  if (rc == SD_STMT_ROW)
    *out_value = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_ROW)
    {
      _sd_db_set_error (db, error, rc == SD_STMT_DONE ? SQLITE_CORRUPT : rc, _("rank the customers"));
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

/* The boundaries the last recompute saved; *out_have FALSE when there are none. */
static gboolean
load_cuts (SdDb      *db,
           gint64     cuts[3][4],
           gboolean  *out_have,
           GError   **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT dimension, k, value FROM rfm_cuts", error);
  guint seen = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  memset (cuts, 0, sizeof (gint64) * 12);
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      const char *dimension = sd_stmt_column_text (stmt, 0);
      int k = sd_stmt_column_int (stmt, 1);
      for (int d = 0; d < 3; d++)
        if (dimension && dimension[0] == rfm_dimensions[d] && k >= 1 && k <= 4)
          {
            cuts[d][k - 1] = sd_stmt_column_int64 (stmt, 2);
            seen++;
          }
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
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
  SdStmt *stmt;

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
        sd_stmt_bind_text (stmt, 1, dimension);
        sd_stmt_bind_int (stmt, 2, k);
        sd_stmt_bind_int64 (stmt, 3, cuts[d][k - 1]);
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

/* Binds ?2 now, ?3 cause and ?4 detail of a history statement. */
static void
bind_cause (SdStmt *stmt,
            gint64        now,
            SdTierCause   cause,
            const char   *detail)
{
  sd_stmt_bind_int64 (stmt, 2, now);
  sd_stmt_bind_text (stmt, 3, sd_tier_cause_to_string (cause));
  sd_stmt_bind_text (stmt, 4, detail ? detail : "");
}

/* A team database reads the moves from its session's table tier_moves, which its
 * sd_tier_moves () returns (sd-schema-pg.c): the rows go in by COPY. */
static gboolean
load_team_moves (SdDb    *db,
                 GArray  *moves,
                 GError **error)
{
  SdPgConnection *pg = _sd_db_get_pg (db);
  g_autoptr(GString) rows = g_string_new (NULL);
  int rc;

  if (!_sd_db_exec (db, "CREATE TEMP TABLE IF NOT EXISTS tier_moves (customer_id bigint, from_tier bigint, "
                        "to_tier bigint, rfm_r bigint, rfm_f bigint, rfm_m bigint, custom_tier_id bigint); "
                        "TRUNCATE tier_moves", error))
    return FALSE;
  rc = _sd_pg_copy_begin (pg, "COPY tier_moves FROM STDIN");
  for (guint i = 0; i < moves->len && rc == SQLITE_OK; i++)
    {
      const Move *m = &g_array_index (moves, Move, i);
      g_string_append_printf (rows, "%" G_GINT64_FORMAT "\t%d\t%d\t%d\t%d\t%d\t%" G_GINT64_FORMAT "\n",
                              m->customer_id, m->from_tier, m->to_tier, m->rfm_r, m->rfm_f, m->rfm_m,
                              m->custom_tier_id);
      if (rows->len >= 256 * 1024 || i + 1 == moves->len)
        {
          rc = _sd_pg_copy_put (pg, rows->str, rows->len);
          g_string_truncate (rows, 0);
        }
    }
  if (rc == SQLITE_OK)
    rc = _sd_pg_copy_end (pg);
  else
    _sd_pg_copy_end (pg);
  if (rc != SQLITE_OK)
    {
      _sd_db_set_error (db, error, rc, _("recompute the tiers"));
      return FALSE;
    }
  return TRUE;
}

/* Runs SQL, a literal that reads the moves as sd_tier_moves (?1) (or none when MOVES is
 * NULL) and takes ?2–?4 as bind_cause () binds them when it has them; *out_changes the
 * rows it wrote. */
static gboolean
run_moves (SdDb        *db,
           const char  *sql,
           GArray      *moves,
           gint64       now,
           SdTierCause  cause,
           const char  *detail,
           gint64      *out_changes,
           GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db, sql, error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  if (moves != NULL && _sd_db_is_team (db))
    {
      if (!load_team_moves (db, moves, error))
        return FALSE;
      sd_stmt_bind_text (stmt, 1, "");
    }
  else if (moves != NULL)
    sqlite3_bind_pointer (sd_stmt_get_sqlite (stmt), 1, moves, MOVES_POINTER_TYPE, NULL);
  if (sd_stmt_parameter_count (stmt) >= 4)
    bind_cause (stmt, now, cause, detail);
  ok = _sd_db_step_done (db, stmt, error);
  /* The statement stays cached: it must not keep the pointer. */
  sd_stmt_clear_bindings (stmt);
  if (ok && out_changes)
    *out_changes = _sd_db_changes (db);
  return ok;
}

/* What a recompute scores with: the grade from the ladder, the RFM scores from the quintile
 * boundaries (R as days of the shop's time zone), or the scores kept. */
typedef struct
{
  const SdTierLadder *ladder;
  gboolean            score;
  gint64              cuts[3][4];
  gint64              day_offset;
} Scoring;

/* The move of the customer on STMT's row (STANDING_AND_FIGURES), FALSE when nothing
 * changes. An active customer (a counted order) is scored, the others score 0. */
static gboolean
move_of_row (SdStmt  *stmt,
             const Scoring *scoring,
             Move          *move)
{
  int tier = sd_stmt_column_int (stmt, 1);
  gboolean pinned = sd_stmt_column_int (stmt, 2) != 0;
  int r = sd_stmt_column_int (stmt, 3), f = sd_stmt_column_int (stmt, 4), m = sd_stmt_column_int (stmt, 5);
  gint64 spent = sd_stmt_column_int64 (stmt, 7);
  gint64 count = sd_stmt_column_int64 (stmt, 8);
  gint64 last = sd_stmt_column_int64 (stmt, 9);

  move->customer_id = sd_stmt_column_int64 (stmt, 0);
  move->custom_tier_id = sd_stmt_column_int64 (stmt, 6);
  move->from_tier = (gint8) tier;
  move->to_tier = (gint8) (pinned ? tier : sd_tier_ladder_grade_for (scoring->ladder, spent, count));
  move->rfm_r = (gint8) r;
  move->rfm_f = (gint8) f;
  move->rfm_m = (gint8) m;
  if (scoring->score)
    {
      gboolean active = count > 0;
      move->rfm_r = (gint8) (active ? sd_rfm_score (floor_div (last + scoring->day_offset, 86400), scoring->cuts[0]) : 0);
      move->rfm_f = (gint8) (active ? sd_rfm_score (count, scoring->cuts[1]) : 0);
      move->rfm_m = (gint8) (active ? sd_rfm_score (spent, scoring->cuts[2]) : 0);
    }
  return move->to_tier != tier || move->rfm_r != r || move->rfm_f != f || move->rfm_m != m;
}

/* The customers whose grade or scores change, everyone's (ALL) or tier_ids', in id
 * order. */
static GArray *
find_moves (SdDb           *db,
            gboolean        all,
            const Scoring  *scoring,
            GError        **error)
{
  SdStmt *stmt = _sd_db_prepare (db, all ? STANDING_AND_FIGURES BY_ID : STANDING_AND_FIGURES OF_IDS BY_ID,
                                       error);
  g_autoptr(GArray) moves = g_array_new (FALSE, FALSE, sizeof (Move));
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      Move move;
      if (move_of_row (stmt, scoring, &move))
        g_array_append_val (moves, move);
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, _("recompute the tiers"));
      return NULL;
    }
  return g_steal_pointer (&moves);
}

/* The moves into customer_standing. When a third of the customers or more change grade,
 * the tier index is built again after rather than kept up to date: moving an entry costs
 * 1.5 µs, building 0.5 µs an entry (a million customers). */
static gboolean
write_moves (SdDb    *db,
             GArray  *moves,
             gint64   tier_changes,
             GError **error)
{
  gboolean rebuild = tier_changes > 1000 && tier_changes * 3 > _sd_db_get_count (db, SD_COUNTER_CUSTOMERS);

  if (rebuild && !_sd_db_exec (db, "DROP INDEX customer_standing_tier", error))
    return FALSE;
  if (!run_moves (db, WRITE_MOVES, moves, 0, SD_TIER_CAUSE_RECOMPUTE, NULL, NULL, error))
    return FALSE;
  return !rebuild || _sd_db_exec (db, _sd_schema_standing_index, error);
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
  Scoring scoring = { ladder, TRUE, { { 0 } }, rfm_day_offset };
  g_autoptr(GArray) moves = NULL;
  gboolean all = ids == NULL;
  Phase t;

  phase_start (&t);
  if (!ensure_temp_tables (db, error) ||
      (!all && !fill_ids (db, ids, n_ids, error)) ||
      !rfm_cuts (db, (flags & SD_TIER_RECOMPUTE_KEEP_QUINTILES) != 0, rfm_day_offset, scoring.cuts, &all,
                 &scoring.score, &stats, error))
    return FALSE;
  /* When the quintiles moved, everyone is looked at, whoever was asked for: a grade is a
   * function of the customer's figures and the ladder, so recomputing more is harmless. */
  stats.rfm_full = all;
  phase_done ("RFM quintiles", &t);

  moves = find_moves (db, all, &scoring, error);
  if (moves == NULL)
    return FALSE;
  stats.written = moves->len;
  phase_done ("who changes", &t);

  if (moves->len > 0)
    {
      if (!run_moves (db, HISTORY_OF_MOVES, moves, now, cause, detail, &stats.changed, error))
        return FALSE;
      phase_done ("history", &t);
      if (!write_moves (db, moves, stats.changed, error))
        return FALSE;
      phase_done ("standing", &t);
    }

  if (!recompute_custom (db, all, now, cause, detail, &stats, error))
    return FALSE;
  phase_done ("custom tiers", &t);

  if (!clear_temp_tables (db, error))
    return FALSE;
  if (out_stats)
    *out_stats = stats;
  return TRUE;
}

/* ---- custom tiers ---- */

/* "(CASE WHEN <rule 1> THEN 1 WHEN <rule 2> THEN 2 … ELSE 0 END)": the first enabled rule
 * a customer meets, by priority, over customers and customer_standing by their names.
 * FALSE when there is no enabled rule. */
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
      _sd_condition_compile (condition, "customers", "customer_standing", now, sql, params);
      g_string_append_printf (sql, " THEN ?%u", _sd_sql_params_add_int (params, rule->id));
      used++;
    }
  g_string_append (sql, " ELSE 0 END)");
  return used > 0;
}

/* Runs SQL, built here, with PARAMS bound. */
static gboolean
run_dynamic (SdDb        *db,
             const char  *sql,
             SdSqlParams *params,
             GError     **error)
{
  g_autoptr(SdStmt) stmt = _sd_db_prepare_dynamic (db, sql, _("apply the tier rules"), error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _sd_sql_params_bind (params, stmt);
  rc = sd_stmt_step (stmt);
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, _("apply the tier rules"));
      return FALSE;
    }
  return TRUE;
}

#define HISTORY_OF_CUSTOM \
  "INSERT INTO tier_history (customer_id, from_tier, to_tier, from_custom_tier_id, to_custom_tier_id, " \
  "at, cause, detail) " \
  "SELECT customer_id, tier, tier, from_id, to_id, ?2, ?3, ?4 FROM tier_custom"
#define WRITE_CUSTOM \
  "INSERT INTO customer_standing (customer_id, custom_tier_id) " \
  "SELECT customer_id, to_id FROM tier_custom WHERE true " \
  "ON CONFLICT (customer_id) DO UPDATE SET custom_tier_id = excluded.custom_tier_id"

/* The custom tiers of everyone or of tier_ids, after their grades and scores (which
 * the rules may ask for): who changes into tier_custom, then their history and
 * their standing rows. */
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
  g_autoptr(GString) sql = NULL;
  g_autoptr(SdSqlParams) params = _sd_sql_params_new (1);
  g_autoptr(GError) local = NULL;
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
  sql = g_string_new ("INSERT INTO tier_custom (customer_id, tier, from_id, to_id) "
                      "SELECT customer_id, tier, custom_tier_id, to_id FROM ("
                      " SELECT customer_standing.customer_id, customer_standing.tier, customer_standing.custom_tier_id, ");
  g_string_append_printf (sql, "%s AS to_id FROM " CUSTOMERS_WITH_STANDING "%s) AS figured WHERE to_id <> custom_tier_id",
                          expr->str, all ? "" : " WHERE customers.id IN (SELECT id FROM tier_ids)");
  if (!run_dynamic (db, sql->str, params, error) ||
      !run_moves (db, HISTORY_OF_CUSTOM, NULL, now, cause, detail, &changed, error) ||
      !run_moves (db, WRITE_CUSTOM, NULL, now, cause, detail, NULL, error))
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
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO tier_history (customer_id, from_tier, to_tier, from_custom_tier_id, to_custom_tier_id, "
      "at, cause, detail) SELECT customer_id, tier, tier, custom_tier_id, 0, ?2, ?3, ?4 FROM customer_standing "
      "WHERE custom_tier_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, rule_id);
  sd_stmt_bind_int64 (stmt, 2, now);
  sd_stmt_bind_text (stmt, 3, sd_tier_cause_to_string (cause));
  sd_stmt_bind_text (stmt, 4, detail ? detail : "");
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  stmt = _sd_db_prepare (db, "UPDATE customer_standing SET custom_tier_id = 0 WHERE custom_tier_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, rule_id);
  return _sd_db_step_done (db, stmt, error);
}

static gpointer
rule_from_row (SdStmt *stmt)
{
  SdTierRule *rule = g_new0 (SdTierRule, 1);

  rule->id = sd_stmt_column_int64 (stmt, 0);
  rule->name = _sd_column_dup (stmt, 1);
  rule->priority = sd_stmt_column_int (stmt, 2);
  rule->condition = _sd_column_dup (stmt, 3);
  rule->enabled = sd_stmt_column_int (stmt, 4) != 0;
  rule->created_at = sd_stmt_column_int64 (stmt, 5);
  rule->updated_at = sd_stmt_column_int64 (stmt, 6);
  return rule;
}

GPtrArray *
_sd_tier_store_list_rules (SdDb      *db,
                           gboolean   enabled_only,
                           GError   **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id, name, priority, condition, enabled, created_at, updated_at FROM tier_rules "
      "WHERE enabled = 1 OR ?1 = 0 ORDER BY priority, id", error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int (stmt, 1, enabled_only ? 1 : 0);
  return _sd_db_collect_rows (db, stmt, rule_from_row, (GDestroyNotify) sd_tier_rule_free,
                              _("read the tier rules"), error);
}

SdTierRule *
_sd_tier_store_load_rule (SdDb    *db,
                          gint64   id,
                          GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id, name, priority, condition, enabled, created_at, updated_at FROM tier_rules WHERE id = ?1", error);
  SdTierRule *rule = NULL;

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, id);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    rule = rule_from_row (stmt);
  sd_stmt_reset (stmt);
  if (rule == NULL)
    g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no tier rule #%lld."), (long long) id);
  return rule;
}

gboolean
_sd_tier_store_save_rule (SdDb        *db,
                          SdTierRule  *rule,
                          GError     **error)
{
  SdStmt *stmt;
  int rc;

  stmt = _sd_db_prepare (db, "SELECT count(*) FROM tier_rules WHERE name = ?1 AND id <> ?2", error);
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, rule->name);
  sd_stmt_bind_int64 (stmt, 2, rule->id);
  rc = sd_stmt_step (stmt);
  if (rc == SD_STMT_ROW && sd_stmt_column_int64 (stmt, 0) > 0)
    {
      sd_stmt_reset (stmt);
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("There is already a tier rule named “%s”; choose another name."), rule->name);
      return FALSE;
    }
  sd_stmt_reset (stmt);

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
  sd_stmt_bind_text (stmt, 1, rule->name);
  sd_stmt_bind_int (stmt, 2, rule->priority);
  sd_stmt_bind_text (stmt, 3, rule->condition);
  sd_stmt_bind_int (stmt, 4, rule->enabled ? 1 : 0);
  sd_stmt_bind_int64 (stmt, 5, rule->created_at);
  sd_stmt_bind_int64 (stmt, 6, rule->updated_at);
  if (rule->id != 0)
    sd_stmt_bind_int64 (stmt, 7, rule->id);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (rule->id == 0)
    rule->id = _sd_db_last_insert_id (db);
  else if (_sd_db_changes (db) == 0)
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
  SdStmt *stmt;

  if (!_sd_tier_store_clear_rule (db, id, now, cause, detail, error))
    return FALSE;
  stmt = _sd_db_prepare (db, "DELETE FROM tier_rules WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (_sd_db_changes (db) == 0)
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
  /* Counted here, not by GROUP BY: with no index on the column SQLite would sort a
   * million records for a handful of groups, 57 MB held in the window at login. */
  SdStmt *stmt = _sd_db_prepare (db, "SELECT custom_tier_id FROM customer_standing", error);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  gint64 last_id = G_MININT64, *last_count = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      gint64 id = sd_stmt_column_int64 (stmt, 0);
      if (last_count == NULL || id != last_id)
        {
          last_id = id;
          last_count = g_hash_table_lookup (counts, &id);
          if (last_count == NULL)
            {
              last_count = g_new0 (gint64, 1);
              g_hash_table_insert (counts, g_memdup2 (&id, sizeof id), last_count);
            }
        }
      (*last_count)++;
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
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
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT DISTINCT customer_id FROM tier_history "
      "WHERE id > ?1 AND from_custom_tier_id != to_custom_tier_id ORDER BY customer_id", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, after_id);
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    g_array_append_val (ids, (gint64) { sd_stmt_column_int64 (stmt, 0) });
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
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
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO tier_history (customer_id, from_tier, to_tier, from_custom_tier_id, to_custom_tier_id, "
      "at, cause, detail) "
      "SELECT customer_id, ?2, ?3, custom_tier_id, custom_tier_id, ?4, ?5, ?6 FROM customer_standing "
      "WHERE customer_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  sd_stmt_bind_int (stmt, 2, from_tier);
  sd_stmt_bind_int (stmt, 3, to_tier);
  sd_stmt_bind_int64 (stmt, 4, now);
  sd_stmt_bind_text (stmt, 5, sd_tier_cause_to_string (cause));
  sd_stmt_bind_text (stmt, 6, detail ? detail : "");
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
  SdStmt *stmt = _sd_db_prepare (db, "SELECT tier FROM customer_standing WHERE customer_id = ?1", error);
  int from;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  if (sd_stmt_step (stmt) != SD_STMT_ROW)
    {
      sd_stmt_reset (stmt);
      set_not_found (error, customer_id);
      return FALSE;
    }
  from = sd_stmt_column_int (stmt, 0);
  sd_stmt_reset (stmt);

  stmt = _sd_db_prepare (db,
      "UPDATE customer_standing SET tier = ?2, tier_pinned = 1, tier_pin_reason = ?3 WHERE customer_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  sd_stmt_bind_int (stmt, 2, grade);
  sd_stmt_bind_text (stmt, 3, reason);
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
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT s.tier, s.tier_pinned, " GRADE_EXPR " FROM customer_standing AS s "
      "JOIN customers AS c ON c.id = s.customer_id WHERE s.customer_id = ?9", error);
  int from, to;
  gboolean pinned;

  if (stmt == NULL)
    return FALSE;
  bind_ladder (stmt, ladder);
  sd_stmt_bind_int64 (stmt, 9, customer_id);
  if (sd_stmt_step (stmt) != SD_STMT_ROW)
    {
      sd_stmt_reset (stmt);
      set_not_found (error, customer_id);
      return FALSE;
    }
  from = sd_stmt_column_int (stmt, 0);
  pinned = sd_stmt_column_int (stmt, 1) != 0;
  to = sd_stmt_column_int (stmt, 2);
  sd_stmt_reset (stmt);
  if (!pinned)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("Customer #%lld’s tier is not pinned; there is nothing to unpin."),
                   (long long) customer_id);
      return FALSE;
    }

  stmt = _sd_db_prepare (db,
      "UPDATE customer_standing SET tier = ?2, tier_pinned = 0, tier_pin_reason = '' WHERE customer_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  sd_stmt_bind_int (stmt, 2, to);
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
change_from_row (SdStmt *stmt)
{
  SdTierChange *change = g_new0 (SdTierChange, 1);
  SdTierCause cause = SD_TIER_CAUSE_RECOMPUTE;

  change->id = sd_stmt_column_int64 (stmt, 0);
  change->customer_id = sd_stmt_column_int64 (stmt, 8);
  change->from_tier = sd_stmt_column_int (stmt, 1);
  change->to_tier = sd_stmt_column_int (stmt, 2);
  change->from_custom_tier_id = sd_stmt_column_int64 (stmt, 3);
  change->to_custom_tier_id = sd_stmt_column_int64 (stmt, 4);
  change->at = sd_stmt_column_int64 (stmt, 5);
  sd_tier_cause_from_string (sd_stmt_column_text (stmt, 6), &cause);
  change->cause = cause;
  change->detail = _sd_column_dup (stmt, 7);
  return change;
}

GPtrArray *
_sd_tier_store_history (SdDb    *db,
                        gint64   customer_id,
                        GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id, from_tier, to_tier, from_custom_tier_id, to_custom_tier_id, at, cause, detail, customer_id "
      "FROM tier_history WHERE customer_id = ?1 ORDER BY at DESC, id DESC", error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  return _sd_db_collect_rows (db, stmt, change_from_row, (GDestroyNotify) sd_tier_change_free,
                              _("read the tier history"), error);
}

gboolean
_sd_tier_store_count (SdDb    *db,
                      gint64   out_counts[SD_TIER_N_GRADES],
                      gint64  *out_none,
                      GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT tier, count(*) FROM customer_standing GROUP BY tier", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  memset (out_counts, 0, sizeof (gint64) * SD_TIER_N_GRADES);
  if (out_none)
    *out_none = 0;
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      int tier = sd_stmt_column_int (stmt, 0);
      gint64 n = sd_stmt_column_int64 (stmt, 1);
      if (tier >= 0 && tier < SD_TIER_N_GRADES)
        out_counts[tier] = n;
      else if (out_none)
        *out_none += n;
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
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
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT s.tier, s.tier_pinned, s.tier_pin_reason, s.custom_tier_id,"
      "  coalesce ((SELECT r.name FROM tier_rules r WHERE r.id = s.custom_tier_id), ''),"
      "  s.rfm_r, s.rfm_f, s.rfm_m, c.total_spent_cents, c.order_count "
      "FROM customer_standing AS s JOIN customers AS c ON c.id = s.customer_id WHERE s.customer_id = ?1", error);
  SdCustomerTier *tier;

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  if (sd_stmt_step (stmt) != SD_STMT_ROW)
    {
      sd_stmt_reset (stmt);
      set_not_found (error, customer_id);
      return NULL;
    }
  tier = g_new0 (SdCustomerTier, 1);
  tier->customer_id = customer_id;
  tier->tier = sd_stmt_column_int (stmt, 0);
  tier->pinned = sd_stmt_column_int (stmt, 1) != 0;
  tier->pin_reason = _sd_column_dup (stmt, 2);
  tier->custom_tier_id = sd_stmt_column_int64 (stmt, 3);
  tier->custom_tier_name = _sd_column_dup (stmt, 4);
  tier->rfm_r = sd_stmt_column_int (stmt, 5);
  tier->rfm_f = sd_stmt_column_int (stmt, 6);
  tier->rfm_m = sd_stmt_column_int (stmt, 7);
  tier->rfm_group = sd_rfm_group_for_scores (tier->rfm_r, tier->rfm_f);
  tier->paid_cents = sd_stmt_column_int64 (stmt, 8);
  tier->trades = sd_stmt_column_int64 (stmt, 9);
  tier->computed_tier = tier->tier;
  sd_stmt_reset (stmt);
  return tier;
}

/* ---- the simulator ---- */

#define SIMULATED_GRADE "(CASE WHEN s.tier_pinned = 1 THEN s.tier ELSE " GRADE_EXPR " END)"

/* Counts and movers in one scan, counted here: a GROUP BY would sort a million rows. */
static gboolean
simulate_counts (SdDb               *db,
                 const SdTierLadder *proposed,
                 SdTierSimulation   *sim,
                 GError            **error)
{
  /* The recompute's own reading and rule, so that the figures are what it would leave. */
  SdStmt *stmt = _sd_db_prepare (db, STANDING_AND_FIGURES BY_ID, error);
  Scoring scoring = { proposed, FALSE, { { 0 } }, 0 };
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      Move move;
      gint64 id = sd_stmt_column_int64 (stmt, 0);
      int now = sd_stmt_column_int (stmt, 1);
      gboolean pinned = sd_stmt_column_int (stmt, 2) != 0;
      int after;

      move_of_row (stmt, &scoring, &move);
      after = move.to_tier;

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
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
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
  SdStmt *stmt;
  gint64 paid_now[SD_TIER_N_GRADES] = { 0 }, paid_after[SD_TIER_N_GRADES] = { 0 };
  int rc;

  if (!_sd_tier_store_load_ladder (db, &current, error))
    return FALSE;
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    g_free (current.grades[g].name);

  stmt = _sd_db_prepare (db,
      "SELECT c.tier, c.next_tier, sum (o.amount_cents - o.refund_cents) "
      "FROM (SELECT s.customer_id AS id, s.tier, " SIMULATED_GRADE " AS next_tier FROM customer_standing AS s "
      "      JOIN customers AS c ON c.id = s.customer_id) AS c "
      "JOIN orders AS o ON o.customer_id = c.id "
      "WHERE o.created_at >= ?9 AND o.created_at < ?10 AND o.counted = 1 "
      "GROUP BY c.tier, c.next_tier", error);
  if (stmt == NULL)
    return FALSE;
  bind_ladder (stmt, proposed);
  sd_stmt_bind_int64 (stmt, 9, sim->since);
  sd_stmt_bind_int64 (stmt, 10, sim->until);
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      int now = sd_stmt_column_int (stmt, 0);
      int after = sd_stmt_column_int (stmt, 1);
      gint64 paid = sd_stmt_column_int64 (stmt, 2);

      if (now >= 0 && now < SD_TIER_N_GRADES)
        paid_now[now] += paid;
      if (after >= 0 && after < SD_TIER_N_GRADES)
        paid_after[after] += paid;
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
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
  SdStmt *stmt = _sd_db_prepare (db, "SELECT rfm_r, rfm_f FROM customer_standing", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  memset (out_grid, 0, sizeof *out_grid);
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      int r = sd_stmt_column_int (stmt, 0);
      int f = sd_stmt_column_int (stmt, 1);

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
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
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
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT customer_id FROM customer_standing WHERE rfm_r = ?1 AND rfm_f = ?2 ORDER BY customer_id", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int (stmt, 1, r);
  sd_stmt_bind_int (stmt, 2, f);
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      gint64 id = sd_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, _("list the customers in an RFM cell"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}
