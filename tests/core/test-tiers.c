/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-tiers.h"

#include <glib/gstdio.h>

#include "sd-db-private.h"
#include "sd-customers.h"
#include "sd-demo-shop.h"
#include "sd-error.h"
#include "sd-import.h"
#include "sd-segments.h"
#include "sd-store-private.h"
#include "sd-tiers.h"

/* 2024-06-01 00:00:00 UTC: the shop's "now" in every test. */
#define NOW  SD_TEST_TIERS_NOW
#define DAY  G_GINT64_CONSTANT (86400)
#define YUAN G_GINT64_CONSTANT (100)

typedef TierFixture Fixture;

/* An order of AMOUNT fen with REFUND given back, created AGO days before now. */
static void
add_order (Fixture *f,
           gint64   customer_id,
           gint64   amount,
           gint64   refund,
           gint64   ago)
{
  tier_fixture_add_order (f, customer_id, amount, refund, f->now - ago * DAY);
}

static gint64
add_customer (Fixture    *f,
              const char *nick)
{
  return sd_test_add_customer (f->session, nick, NULL, NULL);
}

static void
recompute (Fixture              *f,
           SdTierRecomputeStats *stats)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_tiers_recompute (f->session, NULL, 0, stats, &error));
  g_assert_no_error (error);
}

static int
tier_of (Fixture *f,
         gint64   id)
{
  g_autoptr(SdCustomerTier) tier = tier_fixture_standing (f, id);
  return tier->tier;
}

static SdTierLadder *
ladder_of (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SdTierLadder *ladder = sd_tiers_get_ladder (f->session, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ladder);
  return ladder;
}

static void
set_ladder (Fixture            *f,
            const SdTierLadder *ladder)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_tiers_set_ladder (f->session, ladder, NULL, &error));
  g_assert_no_error (error);
}

static GPtrArray *
history_of (Fixture *f,
            gint64   id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *history = sd_tiers_list_history (f->session, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (history);
  return history;
}

static void
set_grade (SdTierLadder *ladder,
           int           grade,
           gboolean      enabled,
           SdTierBasis   basis,
           gint64        threshold,
           int           discount)
{
  ladder->grades[grade].enabled = enabled;
  ladder->grades[grade].basis = basis;
  ladder->grades[grade].threshold = threshold;
  ladder->grades[grade].discount_permille = discount;
}

/* ---- the ladder ---- */

static void
test_default_ladder (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SdTierLadder) saved = ladder_of (f);
  g_autoptr(SdTierLadder) builtin = sd_tier_ladder_new_default ();
  g_autoptr(GError) error = NULL;

  /* What migration 4 writes is what the code calls the default. */
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      g_assert_cmpint (saved->grades[g].enabled, ==, builtin->grades[g].enabled);
      g_assert_cmpint (saved->grades[g].basis, ==, builtin->grades[g].basis);
      g_assert_cmpint (saved->grades[g].threshold, ==, builtin->grades[g].threshold);
      g_assert_cmpint (saved->grades[g].discount_permille, ==, builtin->grades[g].discount_permille);
      g_assert_cmpstr (saved->grades[g].name, ==, "");
      g_assert_cmpstr (sd_tier_ladder_get_name (saved, g), ==, sd_tier_grade_default_name (g));
    }
  g_assert_true (sd_tier_ladder_validate (saved, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (saved->grades[4].discount_permille, <, saved->grades[1].discount_permille);

  /* A name of the shop's own replaces the built-in one. */
  g_free (saved->grades[3].name);
  saved->grades[3].name = g_strdup ("金卡");
  set_ladder (f, saved);
  {
    g_autoptr(SdTierLadder) again = ladder_of (f);
    g_assert_cmpstr (sd_tier_ladder_get_name (again, 3), ==, "金卡");
    g_assert_cmpstr (sd_tier_ladder_get_name (again, 2), ==, sd_tier_grade_default_name (2));
  }
}

static void
assert_invalid (const SdTierLadder *ladder,
                int                 grade,
                const char         *fragment)
{
  g_autoptr(GError) error = NULL;
  int at = -2;

  g_assert_false (sd_tier_ladder_validate (ladder, &at, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", error->message, fragment);
  g_assert_cmpint (at, ==, grade);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SdTierLadder) base = sd_tier_ladder_new_default ();
  g_autoptr(GError) error = NULL;

  {
    /* Thresholds of the same basis that do not rise. */
    g_autoptr(SdTierLadder) l = sd_tier_ladder_copy (base);
    set_grade (l, 3, TRUE, SD_TIER_BASIS_AMOUNT, 100000, 900);   /* = grade 2's */
    assert_invalid (l, 3, "must rise with the grade");
    assert_invalid (l, 3, "¥1,000.00");
    set_grade (l, 3, TRUE, SD_TIER_BASIS_AMOUNT, 99999, 900);
    assert_invalid (l, 3, "must rise");
    /* Grade 4 below grade 2, with grade 3 of the other basis between them. */
    set_grade (l, 3, TRUE, SD_TIER_BASIS_COUNT, 10, 900);
    set_grade (l, 4, TRUE, SD_TIER_BASIS_AMOUNT, 50000, 850);
    assert_invalid (l, 4, "grade 2");
    /* Trade counts too. */
    set_grade (l, 4, TRUE, SD_TIER_BASIS_COUNT, 10, 850);
    assert_invalid (l, 4, "10 trades");
  }
  {
    /* Bases that differ are not compared; a switched-off grade is not either. */
    g_autoptr(SdTierLadder) l = sd_tier_ladder_copy (base);
    set_grade (l, 2, TRUE, SD_TIER_BASIS_COUNT, 3, 950);
    set_grade (l, 3, TRUE, SD_TIER_BASIS_AMOUNT, 100, 900);
    g_assert_true (sd_tier_ladder_validate (l, NULL, &error));
    set_grade (l, 4, FALSE, SD_TIER_BASIS_AMOUNT, 1, 1000);
    g_assert_true (sd_tier_ladder_validate (l, NULL, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(SdTierLadder) l = sd_tier_ladder_copy (base);
    set_grade (l, 4, TRUE, SD_TIER_BASIS_AMOUNT, 2000000, 690);
    assert_invalid (l, 4, "700‰");
    set_grade (l, 4, TRUE, SD_TIER_BASIS_AMOUNT, 2000000, 1001);
    assert_invalid (l, 4, "1001‰");
    /* 7折 is the deepest allowed. */
    set_grade (l, 4, TRUE, SD_TIER_BASIS_AMOUNT, 2000000, 700);
    g_assert_true (sd_tier_ladder_validate (l, NULL, NULL));
    /* A higher grade with less discount than one below it. */
    set_grade (l, 3, TRUE, SD_TIER_BASIS_AMOUNT, 500000, 960);
    assert_invalid (l, 3, "less discount");
    /* The same discount is allowed. */
    set_grade (l, 3, TRUE, SD_TIER_BASIS_AMOUNT, 500000, 950);
    g_assert_true (sd_tier_ladder_validate (l, NULL, NULL));
  }
  {
    g_autoptr(SdTierLadder) l = sd_tier_ladder_copy (base);
    l->grades[0].enabled = FALSE;
    assert_invalid (l, 0, "cannot be switched off");
    l->grades[0].enabled = TRUE;
    l->grades[0].threshold = 5;
    assert_invalid (l, 0, "threshold to 0");
    l->grades[0].threshold = 0;
    set_grade (l, 2, TRUE, SD_TIER_BASIS_AMOUNT, 0, 950);
    assert_invalid (l, 2, "above 0");
    set_grade (l, 2, TRUE, SD_TIER_BASIS_AMOUNT, 100000, 950);
    g_free (l->grades[2].name);
    l->grades[2].name = g_strdup ("一个非常非常非常非常非常长的等级名字");
    assert_invalid (l, 2, "too long");
  }
  {
    /* An invalid ladder is not saved. */
    g_autoptr(SdTierLadder) l = sd_tier_ladder_copy (base);
    g_autoptr(SdTierLadder) after = NULL;
    set_grade (l, 2, TRUE, SD_TIER_BASIS_AMOUNT, 100000, 650);
    g_assert_false (sd_tiers_set_ladder (f->session, l, NULL, &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    after = ladder_of (f);
    g_assert_cmpint (after->grades[2].discount_permille, ==, 950);
    g_assert_cmpuint (sd_test_audit_count (f->session, SD_AUDIT_TIER_LADDER), ==, 0);
  }
  {
    SdTierGrade grade = { TRUE, SD_TIER_BASIS_AMOUNT, 1, 990, (char *) "" };
    g_assert_false (sd_tiers_set_grade (f->session, 5, &grade, NULL, &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
    g_clear_error (&error);
  }
}

/* ---- grades ---- */

static void
test_threshold_edges (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SdTierLadder) ladder = ladder_of (f);
  gint64 exact = add_customer (f, "tb_exact");
  gint64 below = add_customer (f, "tb_below");
  gint64 nothing = add_customer (f, "tb_nothing");
  gint64 refunded = add_customer (f, "tb_refunded");
  gint64 returned = add_customer (f, "tb_returned");
  gint64 top = add_customer (f, "tb_top");

  /* Grade 2 needs ¥1,000.00 (100000 fen) by default. */
  g_assert_cmpint (ladder->grades[2].basis, ==, SD_TIER_BASIS_AMOUNT);
  g_assert_cmpint (ladder->grades[2].threshold, ==, 100000);
  g_assert_cmpint (tier_of (f, exact), ==, SD_TIER_NONE);

  add_order (f, exact, 60000, 0, 10);
  add_order (f, exact, 40000, 0, 5);
  add_order (f, below, 99999, 0, 3);
  /* 1200 yuan paid, 200.01 yuan given back: 999.99 yuan. */
  add_order (f, refunded, 120000, 20001, 2);
  /* A full refund: the trade does not count at all. */
  add_order (f, returned, 150000, 150000, 2);
  add_order (f, top, 2000000, 0, 1);
  recompute (f, NULL);

  g_assert_cmpint (tier_of (f, exact), ==, 2);
  g_assert_cmpint (tier_of (f, below), ==, 1);
  g_assert_cmpint (tier_of (f, nothing), ==, 0);
  g_assert_cmpint (tier_of (f, refunded), ==, 1);
  g_assert_cmpint (tier_of (f, returned), ==, 0);
  g_assert_cmpint (tier_of (f, top), ==, 4);
  {
    g_autoptr(SdCustomerTier) t = tier_fixture_standing (f, refunded);
    g_assert_cmpint (t->paid_cents, ==, 99999);
    g_assert_cmpint (t->trades, ==, 1);
    g_assert_cmpint (t->computed_tier, ==, 1);
    g_assert_false (t->pinned);
  }
  /* The C definition agrees. */
  g_assert_cmpint (sd_tier_ladder_grade_for (ladder, 100000, 2), ==, 2);
  g_assert_cmpint (sd_tier_ladder_grade_for (ladder, 99999, 1), ==, 1);
  g_assert_cmpint (sd_tier_ladder_grade_for (ladder, 0, 0), ==, 0);

  /* One more fen lifts the one below. */
  add_order (f, below, 1, 0, 0);
  recompute (f, NULL);
  g_assert_cmpint (tier_of (f, below), ==, 2);
}

static void
test_amount_vs_count (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SdTierLadder) ladder = sd_tier_ladder_new_default ();
  gint64 frequent = add_customer (f, "tb_frequent");
  gint64 big = add_customer (f, "tb_big");
  gint64 both = add_customer (f, "tb_both");
  gint64 once = add_customer (f, "tb_once");

  /* 1: 1 trade; 2: ¥500; 3: 5 trades; 4: ¥3,000. */
  set_grade (ladder, 1, TRUE, SD_TIER_BASIS_COUNT, 1, 980);
  set_grade (ladder, 2, TRUE, SD_TIER_BASIS_AMOUNT, 500 * YUAN, 950);
  set_grade (ladder, 3, TRUE, SD_TIER_BASIS_COUNT, 5, 900);
  set_grade (ladder, 4, TRUE, SD_TIER_BASIS_AMOUNT, 3000 * YUAN, 850);
  set_ladder (f, ladder);

  for (int i = 0; i < 5; i++)
    add_order (f, frequent, 10 * YUAN, 0, i + 1);
  add_order (f, big, 800 * YUAN, 0, 1);
  for (int i = 0; i < 4; i++)
    add_order (f, both, 1000 * YUAN, 0, i + 1);
  add_order (f, once, 20 * YUAN, 0, 1);
  /* A fully refunded trade is not a trade. */
  add_order (f, once, 20 * YUAN, 20 * YUAN, 1);
  recompute (f, NULL);

  /* Five trades of ¥10: grade 3 without grade 2's ¥500 — the highest grade met counts. */
  g_assert_cmpint (tier_of (f, frequent), ==, 3);
  g_assert_cmpint (tier_of (f, big), ==, 2);
  g_assert_cmpint (tier_of (f, both), ==, 4);
  g_assert_cmpint (tier_of (f, once), ==, 1);

  /* A switched-off grade is skipped: its customers fall to the next one down. */
  ladder->grades[3].enabled = FALSE;
  set_ladder (f, ladder);
  g_assert_cmpint (tier_of (f, frequent), ==, 1);
  g_assert_cmpint (sd_tier_ladder_grade_for (ladder, 50 * YUAN, 5), ==, 1);

  /* Counted per grade: the grade counts. */
  {
    gint64 counts[SD_TIER_N_GRADES], none = -1;
    g_autoptr(GError) error = NULL;
    g_assert_true (sd_tiers_count (f->session, counts, &none, &error));
    g_assert_cmpint (none, ==, 0);
    g_assert_cmpint (counts[0], ==, 0);
    g_assert_cmpint (counts[1], ==, 2);
    g_assert_cmpint (counts[2], ==, 1);
    g_assert_cmpint (counts[3], ==, 0);
    g_assert_cmpint (counts[4], ==, 1);
  }
}

/* ---- pins and history ---- */

static void
test_pins (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_customer (f, "tb_friend");
  gint64 other = add_customer (f, "tb_other");
  guint pins_before = sd_test_audit_count (f->session, SD_AUDIT_TIER_PIN);

  add_order (f, id, 50 * YUAN, 0, 3);
  add_order (f, other, 50 * YUAN, 0, 3);
  recompute (f, NULL);
  g_assert_cmpint (tier_of (f, id), ==, 1);

  /* A reason is required, a grade must exist. */
  g_assert_false (sd_tiers_pin (f->session, id, 4, "  ", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (sd_tiers_pin (f->session, id, 5, "老板朋友", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (sd_tiers_pin (f->session, 99999, 4, "老板朋友", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sd_tiers_unpin (f->session, id, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpuint (sd_test_audit_count (f->session, SD_AUDIT_TIER_PIN), ==, pins_before);

  g_assert_true (sd_tiers_pin (f->session, id, 4, "老板朋友", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SdCustomerTier) t = tier_fixture_standing (f, id);
    g_assert_cmpint (t->tier, ==, 4);
    g_assert_true (t->pinned);
    g_assert_cmpstr (t->pin_reason, ==, "老板朋友");
    g_assert_cmpint (t->computed_tier, ==, 1);
  }
  g_assert_cmpuint (sd_test_audit_count (f->session, SD_AUDIT_TIER_PIN), ==, pins_before + 1);
  {
    SdAuditFilter filter = { 0, 0, NULL, SD_AUDIT_TIER_PIN, 1 };
    g_autoptr(GPtrArray) entries = sd_test_audit_list (f->session, &filter);
    SdAuditEntry *entry = g_ptr_array_index (entries, 0);
    g_autofree char *object = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    g_assert_cmpstr (entry->object_kind, ==, "customer");
    g_assert_cmpstr (entry->object_id, ==, object);
    g_assert_nonnull (strstr (entry->detail, "老板朋友"));
  }

  /* It survives a full recompute, one of it alone, and a new ladder. */
  recompute (f, NULL);
  g_assert_cmpint (tier_of (f, id), ==, 4);
  g_assert_true (sd_tiers_recompute (f->session, &id, 1, NULL, &error));
  g_assert_cmpint (tier_of (f, id), ==, 4);
  {
    g_autoptr(SdTierLadder) ladder = ladder_of (f);
    set_grade (ladder, 1, TRUE, SD_TIER_BASIS_AMOUNT, 10 * YUAN, 990);
    set_grade (ladder, 2, TRUE, SD_TIER_BASIS_AMOUNT, 40 * YUAN, 950);
    set_ladder (f, ladder);
  }
  g_assert_cmpint (tier_of (f, id), ==, 4);
  g_assert_cmpint (tier_of (f, other), ==, 2);

  /* Unpinned: the ladder's grade, at once. */
  g_assert_true (sd_tiers_unpin (f->session, id, &error));
  g_assert_no_error (error);
  {
    g_autoptr(SdCustomerTier) t = tier_fixture_standing (f, id);
    g_assert_cmpint (t->tier, ==, 2);
    g_assert_false (t->pinned);
    g_assert_cmpstr (t->pin_reason, ==, "");
  }
  g_assert_cmpuint (sd_test_audit_count (f->session, SD_AUDIT_TIER_UNPIN), ==, 1);

  /* A pin to grade 0 holds a big spender down just the same. */
  add_order (f, other, 5000000, 0, 1);
  g_assert_true (sd_tiers_pin (f->session, other, 0, "黄牛账号", &error));
  recompute (f, NULL);
  g_assert_cmpint (tier_of (f, other), ==, 0);
}

static void
test_history_causes (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  SdTierRecomputeStats stats = { 0 };
  gint64 id = add_customer (f, "tb_story");
  SdTierChange *c;

  /* Recompute: none → 0. */
  recompute (f, &stats);
  g_assert_cmpint (stats.changed, ==, 1);
  /* Nothing changes, nothing is written. */
  f->now += 60;
  recompute (f, &stats);
  g_assert_cmpint (stats.changed, ==, 0);

  /* An order, recomputed: 0 → 1. */
  f->now += 60;
  add_order (f, id, 50 * YUAN, 0, 0);
  recompute (f, NULL);
  /* The ladder changes: 1 → 2 (rule). */
  f->now += 60;
  {
    g_autoptr(SdTierLadder) ladder = ladder_of (f);
    set_grade (ladder, 2, TRUE, SD_TIER_BASIS_AMOUNT, 40 * YUAN, 950);
    set_ladder (f, ladder);
  }
  /* Pinned (manual), unpinned (unpin). */
  f->now += 60;
  g_assert_true (sd_tiers_pin (f->session, id, 3, "大客户", &error));
  f->now += 60;
  g_assert_true (sd_tiers_unpin (f->session, id, &error));
  g_assert_no_error (error);

  history = history_of (f, id);
  g_assert_cmpuint (history->len, ==, 5);
  /* Newest first. */
  c = g_ptr_array_index (history, 0);
  g_assert_cmpint (c->cause, ==, SD_TIER_CAUSE_UNPIN);
  g_assert_cmpint (c->from_tier, ==, 3);
  g_assert_cmpint (c->to_tier, ==, 2);
  g_assert_cmpint (c->at, ==, f->now);
  c = g_ptr_array_index (history, 1);
  g_assert_cmpint (c->cause, ==, SD_TIER_CAUSE_MANUAL);
  g_assert_cmpint (c->from_tier, ==, 2);
  g_assert_cmpint (c->to_tier, ==, 3);
  g_assert_cmpstr (c->detail, ==, "大客户");
  c = g_ptr_array_index (history, 2);
  g_assert_cmpint (c->cause, ==, SD_TIER_CAUSE_RULE);
  g_assert_cmpint (c->from_tier, ==, 1);
  g_assert_cmpint (c->to_tier, ==, 2);
  c = g_ptr_array_index (history, 3);
  g_assert_cmpint (c->cause, ==, SD_TIER_CAUSE_RECOMPUTE);
  g_assert_cmpint (c->from_tier, ==, 0);
  g_assert_cmpint (c->to_tier, ==, 1);
  c = g_ptr_array_index (history, 4);
  g_assert_cmpint (c->from_tier, ==, SD_TIER_NONE);
  g_assert_cmpint (c->to_tier, ==, 0);
  g_assert_cmpint (c->at, ==, NOW);
  for (guint i = 1; i < history->len; i++)
    g_assert_cmpint (((SdTierChange *) g_ptr_array_index (history, i - 1))->at, >,
                     ((SdTierChange *) g_ptr_array_index (history, i))->at);

  /* The ids and labels of the causes. */
  for (SdTierCause cause = SD_TIER_CAUSE_RULE; cause <= SD_TIER_CAUSE_UNPIN; cause++)
    {
      SdTierCause back = -1;
      g_assert_true (sd_tier_cause_from_string (sd_tier_cause_to_string (cause), &back));
      g_assert_cmpint (back, ==, cause);
      g_assert_cmpstr (sd_tier_cause_get_label (cause), !=, "");
    }
  g_assert_cmpuint (sd_test_audit_count (f->session, SD_AUDIT_TIER_RECOMPUTE), ==, 3);
  g_assert_cmpuint (sd_test_audit_count (f->session, SD_AUDIT_TIER_LADDER), ==, 1);
}

static char *
write_text (Fixture    *f,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
import_file (Fixture      *f,
             const char   *path,
             SdImportKind  kind,
             guint         batch_size)
{
  g_autoptr(GError) error = NULL;
  SdImportOptions options = { kind, SD_ENCODING_AUTO, SD_IMPORT_SKIP_BAD_ROWS, NULL, batch_size, NULL };
  g_autoptr(SdImportResult) result = sd_import_file (f->session, path, &options, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->errors->len, ==, 0);
}

static gint64
find_nick (Fixture    *f,
           const char *nick)
{
  gint64 id = _sd_store_find_customer_by_nick (f->db, "taobao", nick);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_import_recomputes (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *first = write_text (f, "orders-1.csv",
      "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,退款状态,宝贝总数量,联系手机\n"
      "2001,tb_a,1200.00,交易成功,2024-05-01 12:00:00,,1,\n"
      "2002,tb_b,30.00,交易成功,2024-05-02 12:00:00,,1,\n"
      "2003,tb_c,30.00,交易关闭,2024-05-03 12:00:00,,1,\n");
  g_autofree char *second = write_text (f, "orders-2.csv",
      "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,退款状态,宝贝总数量,联系手机\n"
      "2004,tb_b,5000.00,交易成功,2024-05-20 12:00:00,,1,\n"
      "2005,tb_d,10.00,交易成功,2024-05-21 12:00:00,,1,\n"
      "2006,tb_e,10.00,交易成功,2024-05-22 12:00:00,,1,\n");
  g_autofree char *customers = write_text (f, "customers.csv",
      "客户昵称,姓名\n"
      "tb_new,新客\n");
  g_autoptr(GPtrArray) history = NULL;
  gint64 a, b, c;

  /* Into an empty shop: the bulk path, everyone recomputed. */
  import_file (f, first, SD_IMPORT_ORDERS, 0);
  a = find_nick (f, "tb_a");
  b = find_nick (f, "tb_b");
  c = find_nick (f, "tb_c");
  g_assert_cmpint (tier_of (f, a), ==, 2);
  g_assert_cmpint (tier_of (f, b), ==, 1);
  g_assert_cmpint (tier_of (f, c), ==, 0);
  history = history_of (f, a);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpint (((SdTierChange *) g_ptr_array_index (history, 0))->cause, ==, SD_TIER_CAUSE_IMPORT);
  g_assert_nonnull (strstr (((SdTierChange *) g_ptr_array_index (history, 0))->detail, "orders-1.csv"));
  {
    g_autoptr(SdCustomerTier) t = tier_fixture_standing (f, a);
    g_assert_cmpint (t->rfm_r, >=, 1);
    g_clear_pointer (&history, g_ptr_array_unref);
  }

  /* Into a shop with orders, in batches of one: only the touched customers change, and
   * the RFM scores end up as a full recompute would leave them. */
  import_file (f, second, SD_IMPORT_ORDERS, 1);
  g_assert_cmpint (tier_of (f, b), ==, 3);
  g_assert_cmpint (tier_of (f, find_nick (f, "tb_d")), ==, 1);
  history = history_of (f, b);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpint (((SdTierChange *) g_ptr_array_index (history, 0))->from_tier, ==, 1);
  g_assert_cmpint (((SdTierChange *) g_ptr_array_index (history, 0))->to_tier, ==, 3);
  g_clear_pointer (&history, g_ptr_array_unref);
  {
    SdTierRecomputeStats stats = { 0 };
    recompute (f, &stats);
    g_assert_cmpint (stats.changed, ==, 0);
    g_assert_cmpint (stats.written, ==, 0);
  }

  /* A customer file: the new customer stands on grade 0. */
  import_file (f, customers, SD_IMPORT_CUSTOMERS, 0);
  g_assert_cmpint (tier_of (f, find_nick (f, "tb_new")), ==, 0);
}

/* ---- the simulator ---- */

static void
assert_counts_equal_stored (Fixture          *f,
                            const gint64      expected[SD_TIER_N_GRADES])
{
  gint64 counts[SD_TIER_N_GRADES], none = -1;
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_tiers_count (f->session, counts, &none, &error));
  g_assert_cmpint (none, ==, 0);
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    g_assert_cmpint (counts[g], ==, expected[g]);
}

static void
test_simulator (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdTierLadder) proposed = sd_tier_ladder_new_default ();
  g_autoptr(SdTierSimulation) sim = NULL;
  gint64 ids[6];
  gint64 counts_before[SD_TIER_N_GRADES];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *nick = g_strdup_printf ("tb_sim%u", i);
      ids[i] = add_customer (f, nick);
    }
  add_order (f, ids[0], 100 * YUAN, 0, 10);     /* 1 → 2 */
  add_order (f, ids[1], 1500 * YUAN, 0, 10);    /* 2 → 3 */
  add_order (f, ids[2], 6000 * YUAN, 0, 400);   /* 3 → 3, an order older than a year */
  add_order (f, ids[3], 30000 * YUAN, 0, 20);   /* 4, pinned to 1 */
  add_order (f, ids[4], 900 * YUAN, 0, 30);     /* 1 → 1 */
  /* ids[5]: no order, 0 → 0 */
  recompute (f, NULL);
  g_assert_true (sd_tiers_pin (f->session, ids[3], 1, "测试", &error));
  g_assert_true (sd_tiers_count (f->session, counts_before, NULL, &error));

  /* 2: ¥100; 3: ¥1,500; 4: ¥50,000, deeper discounts. */
  set_grade (proposed, 2, TRUE, SD_TIER_BASIS_AMOUNT, 100 * YUAN, 900);
  set_grade (proposed, 3, TRUE, SD_TIER_BASIS_AMOUNT, 1500 * YUAN, 800);
  set_grade (proposed, 4, TRUE, SD_TIER_BASIS_AMOUNT, 50000 * YUAN, 700);
  sim = sd_tiers_simulate (f->session, proposed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sim);

  /* Nothing changed. */
  assert_counts_equal_stored (f, counts_before);
  g_assert_cmpuint (sd_test_audit_count (f->session, SD_AUDIT_TIER_LADDER), ==, 0);

  g_assert_cmpint (sim->now_none, ==, 0);
  g_assert_cmpint (sim->now[0], ==, 1);
  g_assert_cmpint (sim->now[1], ==, 3);   /* ids 0, 4 and the pinned 3 */
  g_assert_cmpint (sim->now[2], ==, 1);
  g_assert_cmpint (sim->now[3], ==, 1);
  g_assert_cmpint (sim->now[4], ==, 0);
  g_assert_cmpint (sim->after[0], ==, 1);
  g_assert_cmpint (sim->after[1], ==, 1);
  g_assert_cmpint (sim->after[2], ==, 2);
  g_assert_cmpint (sim->after[3], ==, 2);
  g_assert_cmpint (sim->after[4], ==, 0);
  g_assert_cmpint (sim->pinned, ==, 1);
  g_assert_cmpuint (sim->moved_up->len, ==, 3);
  g_assert_cmpint (g_array_index (sim->moved_up, gint64, 0), ==, ids[0]);
  g_assert_cmpint (g_array_index (sim->moved_up, gint64, 1), ==, ids[1]);
  g_assert_cmpint (g_array_index (sim->moved_up, gint64, 2), ==, ids[4]);
  g_assert_cmpuint (sim->moved_down->len, ==, 0);

  /* Over the last 365 days (ids[2]'s order is older): now ¥100 at 1 (2%), ¥1,500 at 2
   * (5%), ¥30,000 at the pinned 1 (2%), ¥900 at 1 (2%); after ¥100 at 2 (10%), ¥1,500 at
   * 3 (20%), ¥30,000 at 1 (2%), ¥900 at 2 (10%). */
  g_assert_cmpint (sim->until - sim->since, ==, 365 * DAY + 1);
  g_assert_cmpint (sim->discount_now_cents, ==, (100 + 30000 + 900) * YUAN * 20 / 1000 + 1500 * YUAN * 50 / 1000);
  g_assert_cmpint (sim->discount_after_cents, ==,
                   30000 * YUAN * 20 / 1000 + (100 + 900) * YUAN * 100 / 1000 + 1500 * YUAN * 200 / 1000);

  /* What a recompute with the ladder does is what the simulator said. */
  set_ladder (f, proposed);
  assert_counts_equal_stored (f, sim->after);
}

/* On generated data: the simulator, the recompute and the C definition agree. */
static void
test_simulator_matches_recompute (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (7);

  g_assert_true (sd_demo_shop_fill (f->session, 600, 3000, 11, NOW, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    gint64 counts[SD_TIER_N_GRADES], none = -1;
    g_assert_true (sd_tiers_count (f->session, counts, &none, &error));
    g_assert_cmpint (none, ==, 0);
  }
  for (int round = 0; round < 8; round++)
    {
      g_autoptr(SdTierLadder) ladder = sd_tier_ladder_new_default ();
      g_autoptr(SdTierSimulation) sim = NULL;
      gint64 amount = 0, count = 0;
      int discount = 1000;
      gint64 moved = 0;
      SdTierRecomputeStats stats = { 0 };

      for (int g = 1; g < SD_TIER_N_GRADES; g++)
        {
          SdTierBasis basis = g_rand_boolean (rand) ? SD_TIER_BASIS_COUNT : SD_TIER_BASIS_AMOUNT;
          gint64 threshold;
          discount -= g_rand_int_range (rand, 0, 60);
          if (basis == SD_TIER_BASIS_COUNT)
            threshold = count += g_rand_int_range (rand, 1, 4);
          else
            threshold = amount += g_rand_int_range (rand, 1, 200000);
          set_grade (ladder, g, g_rand_int_range (rand, 0, 5) > 0, basis, threshold, discount);
        }
      if (round == 3)
        {
          gint64 id = g_rand_int_range (rand, 1, 600);
          g_assert_true (sd_tiers_pin (f->session, id, 4, "抽查", &error));
        }
      sim = sd_tiers_simulate (f->session, ladder, &error);
      g_assert_no_error (error);
      moved = sim->moved_up->len + sim->moved_down->len;
      g_assert_true (sd_tiers_set_ladder (f->session, ladder, &stats, &error));
      g_assert_no_error (error);
      assert_counts_equal_stored (f, sim->after);
      g_assert_cmpint (stats.changed, ==, moved);

      /* Every customer as the C definition says (pinned ones aside). */
      for (gint64 id = 1; id <= 600; id += 7)
        {
          g_autoptr(SdCustomerTier) t = tier_fixture_standing (f, id);
          if (!t->pinned)
            g_assert_cmpint (t->tier, ==, sd_tier_ladder_grade_for (ladder, t->paid_cents, t->trades));
          g_assert_cmpint (t->computed_tier, ==, sd_tier_ladder_grade_for (ladder, t->paid_cents, t->trades));
        }
    }
  g_rand_free (rand);
}

/* ---- custom tier rules ---- */

static gint64
custom_of (Fixture *f,
           gint64   id)
{
  g_autoptr(SdCustomerTier) tier = tier_fixture_standing (f, id);
  return tier->custom_tier_id;
}

static void
test_rules (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) viewer = sd_test_staff_session (f->session, "viewer",
                                                       SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  gint64 lapsed = add_customer (f, "tb_lapsed");
  gint64 big = add_customer (f, "tb_big");
  gint64 loyal = add_customer (f, "tb_loyal");
  gint64 plain = add_customer (f, "tb_plain");
  gint64 r_lapsed, r_big, r_loyal, r_vip;

  add_order (f, lapsed, 3000 * YUAN, 0, 200);
  add_order (f, big, 3000 * YUAN, 0, 10);
  add_order (f, loyal, 50 * YUAN, 0, 10);
  add_order (f, plain, 50 * YUAN, 0, 10);
  g_assert_true (sd_customers_add_tag (f->session, loyal, "老客", &error));
  recompute (f, NULL);

  /* What is refused. */
  g_assert_cmpint (sd_tiers_add_rule (f->session, "坏规则", 1, "total_spent >= ", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "column"));
  g_clear_error (&error);
  g_assert_cmpint (sd_tiers_add_rule (f->session, "  ", 1, "order_count >= 1", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (sd_tiers_add_rule (viewer, "大客户", 1, "order_count >= 1", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "tiers.manage"));
  g_clear_error (&error);

  /* First match by priority. */
  r_big = sd_tiers_add_rule (f->session, "大客户", 20, "total_spent >= 2000", &error);
  r_lapsed = sd_tiers_add_rule (f->session, "流失大客户", 10,
                                "total_spent >= 2000 and days_since_last_order > 180", &error);
  r_loyal = sd_tiers_add_rule (f->session, "老客", 30, "tag = \"老客\"", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r_big, >, 0);
  g_assert_cmpint (sd_tiers_add_rule (f->session, "大客户", 5, "order_count >= 1", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_cmpint (custom_of (f, lapsed), ==, r_lapsed);
  g_assert_cmpint (custom_of (f, big), ==, r_big);
  g_assert_cmpint (custom_of (f, loyal), ==, r_loyal);
  g_assert_cmpint (custom_of (f, plain), ==, 0);
  {
    g_autoptr(SdCustomerTier) t = tier_fixture_standing (f, lapsed);
    g_assert_cmpstr (t->custom_tier_name, ==, "流失大客户");
    g_assert_cmpint (t->tier, ==, 2);   /* the grade stands beside it */
  }
  {
    g_autoptr(GPtrArray) rules = sd_tiers_list_rules (viewer, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rules->len, ==, 3);
    g_assert_cmpstr (((SdTierRule *) g_ptr_array_index (rules, 0))->name, ==, "流失大客户");
    /* Kept in the canonical text. */
    g_assert_cmpstr (((SdTierRule *) g_ptr_array_index (rules, 2))->condition, ==, "tag = \"老客\"");
  }

  /* Priorities swapped: the broader rule now wins. */
  g_assert_true (sd_tiers_update_rule (f->session, r_big, "大客户", 1, "total_spent >= 2000", TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (custom_of (f, lapsed), ==, r_big);
  {
    g_autoptr(GPtrArray) history = history_of (f, lapsed);
    SdTierChange *c = g_ptr_array_index (history, 0);
    g_assert_cmpint (c->cause, ==, SD_TIER_CAUSE_RULE);
    g_assert_cmpint (c->from_custom_tier_id, ==, r_lapsed);
    g_assert_cmpint (c->to_custom_tier_id, ==, r_big);
    g_assert_cmpint (c->from_tier, ==, c->to_tier);
  }

  /* Switched off: its customers fall to the next rule that holds, or to none. */
  g_assert_true (sd_tiers_update_rule (f->session, r_big, "大客户", 1, "total_spent >= 2000", FALSE, &error));
  g_assert_cmpint (custom_of (f, lapsed), ==, r_lapsed);
  g_assert_cmpint (custom_of (f, big), ==, 0);

  /* Rules may ask for the grade, computed before them. */
  r_vip = sd_tiers_add_rule (f->session, "高等级", 40, "tier >= 2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (custom_of (f, big), ==, r_vip);

  /* A recompute keeps them; a new order moves a customer into a rule. */
  add_order (f, plain, 5000 * YUAN, 0, 0);
  g_assert_true (sd_tiers_recompute (f->session, &plain, 1, NULL, &error));
  g_assert_cmpint (custom_of (f, plain), ==, r_vip);

  /* Deleted: nobody keeps it. */
  g_assert_true (sd_tiers_delete_rule (f->session, r_lapsed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (custom_of (f, lapsed), ==, r_vip);
  g_assert_false (sd_tiers_delete_rule (f->session, r_lapsed, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (sd_tiers_delete_rule (f->session, r_vip, &error));
  g_assert_true (sd_tiers_delete_rule (f->session, r_loyal, &error));
  g_assert_cmpint (custom_of (f, lapsed), ==, 0);
  g_assert_cmpint (custom_of (f, loyal), ==, 0);
  g_assert_cmpint (custom_of (f, plain), ==, 0);
  g_assert_cmpuint (sd_test_audit_count (f->session, SD_AUDIT_TIER_RULE), ==, 9);
}

/* ---- permissions ---- */

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) viewer = sd_test_staff_session (f->session, "viewer",
                                                       SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  g_autoptr(SdSession) nobody = sd_test_staff_session (f->session, "nobody", 0);
  g_autoptr(SdSession) marketer = sd_test_staff_session (f->session, "marketer",
                                                         SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS) |
                                                         SD_PERMISSION_BIT (SD_PERMISSION_MANAGE_TIERS));
  g_autoptr(SdTierLadder) ladder = sd_tier_ladder_new_default ();
  gint64 id = add_customer (f, "tb_guarded");
  guint denied_before = sd_test_audit_count (f->session, SD_AUDIT_DENIED);
  SdTierGrade grade = { TRUE, SD_TIER_BASIS_AMOUNT, 200000, 950, (char *) "" };

#define ASSERT_REFUSED(call, permission) \
  G_STMT_START { \
    g_assert_false (call); \
    g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED); \
    if (strstr (error->message, permission) == NULL) \
      g_error ("“%s” does not name %s", error->message, permission); \
    g_clear_error (&error); \
  } G_STMT_END

  /* Reading needs customers.view only. */
  {
    g_autoptr(SdTierLadder) seen = sd_tiers_get_ladder (viewer, &error);
    g_autoptr(GPtrArray) history = sd_tiers_list_history (viewer, id, &error);
    g_autoptr(SdTierSimulation) sim = sd_tiers_simulate (viewer, ladder, &error);
    g_assert_no_error (error);
    g_assert_nonnull (seen);
    g_assert_nonnull (history);
    g_assert_nonnull (sim);
  }
  ASSERT_REFUSED (sd_tiers_get_ladder (nobody, &error) != NULL, "customers.view");
  ASSERT_REFUSED (sd_tiers_get_customer (nobody, id, &error) != NULL, "customers.view");
  ASSERT_REFUSED (sd_tiers_list_history (nobody, id, &error) != NULL, "customers.view");
  {
    gint64 counts[SD_TIER_N_GRADES];
    ASSERT_REFUSED (sd_tiers_count (nobody, counts, NULL, &error), "customers.view");
  }

  /* Changing needs tiers.manage. */
  ASSERT_REFUSED (sd_tiers_set_ladder (viewer, ladder, NULL, &error), "tiers.manage");
  ASSERT_REFUSED (sd_tiers_set_grade (viewer, 2, &grade, NULL, &error), "tiers.manage");
  ASSERT_REFUSED (sd_tiers_pin (viewer, id, 4, "想升级", &error), "tiers.manage");
  ASSERT_REFUSED (sd_tiers_unpin (viewer, id, &error), "tiers.manage");
  ASSERT_REFUSED (sd_tiers_recompute (viewer, NULL, 0, NULL, &error), "tiers.manage");
  g_assert_cmpuint (sd_test_audit_count (f->session, SD_AUDIT_DENIED), ==, denied_before + 9);
  g_assert_cmpint (tier_of (f, id), ==, SD_TIER_NONE);

  /* A role with tiers.manage may; every change is audited under its name. */
  g_assert_true (sd_tiers_set_grade (marketer, 2, &grade, NULL, &error));
  g_assert_true (sd_tiers_pin (marketer, id, 3, "活动赠送", &error));
  g_assert_true (sd_tiers_unpin (marketer, id, &error));
  g_assert_no_error (error);
  {
    SdAuditFilter filter = { 0, 0, "marketer", "tier.", 0 };
    g_autoptr(GPtrArray) entries = sd_test_audit_list (f->session, &filter);
    g_assert_cmpuint (entries->len, ==, 3);
    g_assert_cmpstr (((SdAuditEntry *) g_ptr_array_index (entries, 0))->action, ==, SD_AUDIT_TIER_UNPIN);
    g_assert_cmpstr (((SdAuditEntry *) g_ptr_array_index (entries, 1))->action, ==, SD_AUDIT_TIER_PIN);
    g_assert_cmpstr (((SdAuditEntry *) g_ptr_array_index (entries, 2))->action, ==, SD_AUDIT_TIER_LADDER);
    g_assert_nonnull (strstr (((SdAuditEntry *) g_ptr_array_index (entries, 2))->detail, "2 on, amount >= 200000"));
  }
#undef ASSERT_REFUSED
}

/* ---- the standing rows ---- */

static gint64
count_sql (Fixture    *f,
           const char *sql)
{
  return _sd_db_query_int (f->db, sql, -1);
}

/* Every customer has one standing row, made with the customer (not computed yet) and
 * gone with them, their history too; a merge keeps the kept customer's. */
static void
test_standing_follows_customers (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomerTier) gone = NULL;
  gint64 counts[SD_TIER_N_GRADES], none = 0;
  gint64 keep = add_customer (f, "tb_keep");
  gint64 other = add_customer (f, "tb_other");
  gint64 leaving = add_customer (f, "tb_leaving");
  g_autofree char *history_of_other = g_strdup_printf ("SELECT count(*) FROM tier_history WHERE customer_id = %lld",
                                                      (long long) other);
  g_autofree char *history_of_leaving = g_strdup_printf ("SELECT count(*) FROM tier_history WHERE customer_id = %lld",
                                                        (long long) leaving);

  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM customer_standing"), ==, 3);
  g_assert_cmpint (tier_of (f, keep), ==, SD_TIER_NONE);
  g_assert_true (sd_tiers_count (f->session, counts, &none, &error));
  g_assert_no_error (error);
  g_assert_cmpint (none, ==, 3);

  add_order (f, keep, 30000, 0, 10);
  add_order (f, other, 90000, 0, 20);
  add_order (f, leaving, 500000, 0, 30);
  recompute (f, NULL);
  g_assert_cmpint (tier_of (f, keep), ==, 1);
  g_assert_cmpint (tier_of (f, leaving), ==, 3);
  g_assert_cmpint (count_sql (f, history_of_leaving), ==, 1);

  /* ¥300 + ¥900 = ¥1,200: the kept customer is grade 2 now; the other's row and history
   * went with them. */
  g_assert_true (sd_customers_merge (f->session, keep, other, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tier_of (f, keep), ==, 2);
  g_assert_cmpint (count_sql (f, history_of_other), ==, 0);

  g_assert_true (sd_customers_delete (f->session, leaving, &error));
  g_assert_no_error (error);
  gone = sd_tiers_get_customer (f->session, leaving, &error);
  g_assert_null (gone);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_sql (f, history_of_leaving), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM customer_standing"), ==, 1);
  g_assert_true (sd_tiers_count (f->session, counts, &none, &error));
  g_assert_cmpint (none, ==, 0);
  g_assert_cmpint (counts[2], ==, 1);
  g_assert_cmpint (counts[3], ==, 0);
}

/* A page of the list sorted by tier: ids of the customers, in order. */
static GArray *
tier_pages (Fixture                *f,
            const SdCustomerQuery  *query,
            guint                   page_size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(SdCustomerCursor) cursor = NULL;

  for (;;)
    {
      g_autoptr(GPtrArray) page = sd_customers_find (f->session, query, cursor, page_size, &error);
      SdCustomer *last;

      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++)
        g_array_append_val (ids, ((SdCustomer *) g_ptr_array_index (page, i))->id);
      if (page->len < page_size)
        break;
      last = g_ptr_array_index (page, page->len - 1);
      g_clear_pointer (&cursor, sd_customer_cursor_free);
      cursor = sd_customers_cursor_after (query, last);
    }
  return g_steal_pointer (&ids);
}

static int
compare_tier_then_id (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  GHashTable *tiers = user_data;
  gint64 ia = *(const gint64 *) a, ib = *(const gint64 *) b;
  int ta = GPOINTER_TO_INT (g_hash_table_lookup (tiers, &ia));
  int tb = GPOINTER_TO_INT (g_hash_table_lookup (tiers, &ib));

  if (ta != tb)
    return ta < tb ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

static void
assert_same_ids (GArray *a,
                 GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (g_array_index (a, gint64, i), ==, g_array_index (b, gint64, i));
}

/* The list sorted by tier, both ways, paged with ties across pages, the tier each row
 * shows, and the same order from the list of every id: with the grades in
 * customer_standing, through its index. */
static void
test_sort_by_tier (Fixture       *f,
                   gconstpointer  data)
{
  /* Yuan paid by each customer; 0 without an order. The last one is never computed. */
  static const gint64 paid[] = { 1200, 30, 0, 6000, 30, 1500, 25000, 0, 30, 1000, 5000, 30 };
  g_autoptr(GHashTable) tiers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  gint64 pinned = 0;

  for (guint i = 0; i < G_N_ELEMENTS (paid); i++)
    {
      g_autofree char *nick = g_strdup_printf ("tb_sort_%u", i);
      gint64 id = add_customer (f, nick);

      if (paid[i] > 0)
        add_order (f, id, paid[i] * YUAN, 0, 1 + i);
      g_array_append_val (expected, id);
      if (i == 2)
        pinned = id;
    }
  recompute (f, NULL);
  g_assert_true (sd_tiers_pin (f->session, pinned, 4, "老板的朋友", &error));
  g_assert_no_error (error);
  {
    /* A customer added after the recompute: not computed yet, first in the order. */
    gint64 id = add_customer (f, "tb_sort_late");
    g_array_append_val (expected, id);
  }
  for (guint i = 0; i < expected->len; i++)
    {
      gint64 id = g_array_index (expected, gint64, i);
      g_hash_table_insert (tiers, g_memdup2 (&id, sizeof id), GINT_TO_POINTER (tier_of (f, id)));
    }
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (tiers, &pinned)), ==, 4);
  g_array_sort_with_data (expected, compare_tier_then_id, tiers);

  for (int descending = 0; descending < 2; descending++)
    {
      g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
      g_autoptr(GArray) paged = NULL;
      g_autoptr(GArray) listed = NULL;
      g_autoptr(GPtrArray) shown = NULL;
      g_autoptr(GArray) want = g_array_copy (expected);

      if (descending)
        for (guint i = 0, j = want->len - 1; i < j; i++, j--)
          {
            gint64 t = g_array_index (want, gint64, i);
            g_array_index (want, gint64, i) = g_array_index (want, gint64, j);
            g_array_index (want, gint64, j) = t;
          }
      query->sort = SD_CUSTOMER_SORT_TIER;
      query->descending = descending;
      paged = tier_pages (f, query, 3);
      assert_same_ids (paged, want);
      listed = sd_customers_list_ids (f->session, query, NULL, &error);
      g_assert_no_error (error);
      assert_same_ids (listed, want);
      shown = sd_customers_get_many (f->session, (gint64 *) want->data, want->len, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < shown->len; i++)
        {
          SdCustomer *c = g_ptr_array_index (shown, i);
          g_assert_cmpint (c->tier, ==, GPOINTER_TO_INT (g_hash_table_lookup (tiers, &c->id)));
          g_assert_cmpint (c->tier_pinned, ==, c->id == pinned);
        }
    }

  {
    /* Narrowed by a figure and by a condition on the grade: the same order, fewer rows. */
    g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
    g_autoptr(GArray) paged = NULL;
    g_autoptr(GArray) listed = NULL;
    g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (gint64));

    query->sort = SD_CUSTOMER_SORT_TIER;
    query->min_orders = 1;
    query->condition = sd_condition_parse ("tier <= 2", &error);
    g_assert_no_error (error);
    for (guint i = 0; i < expected->len; i++)
      {
        gint64 id = g_array_index (expected, gint64, i);
        int tier = GPOINTER_TO_INT (g_hash_table_lookup (tiers, &id));
        g_autoptr(SdCustomer) c = sd_test_get_customer (f->session, id);
        if (tier >= 0 && tier <= 2 && c->order_count >= 1)
          g_array_append_val (want, id);
      }
    g_assert_cmpuint (want->len, >, 3);
    paged = tier_pages (f, query, 2);
    assert_same_ids (paged, want);
    listed = sd_customers_list_ids (f->session, query, NULL, &error);
    g_assert_no_error (error);
    assert_same_ids (listed, want);
    g_assert_cmpint (sd_customers_count (f->session, query, &error), ==, want->len);
  }
}

/* A recompute that moves most customers (here a first one, of a shop from before tiers)
 * takes the path that builds the tier index again: every grade is the ladder's, the index
 * is there and serves the counts, and the file is sound. */
static void
test_mass_recompute (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdTierLadder) ladder = ladder_of (f);
  g_autoptr(SdTierLadder) lower = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(SdCustomerQuery) all = sd_customer_query_new ();
  SdTierRecomputeStats stats = { 0 };
  gint64 counts[SD_TIER_N_GRADES] = { 0 }, expected[SD_TIER_N_GRADES] = { 0 }, none = -1;
  g_autofree char *report = NULL;

  g_assert_true (sd_demo_shop_fill (f->session, 3000, 9000, 7, NOW, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sd_db_begin (f->db, &error));
  g_assert_true (_sd_db_exec (f->db, "UPDATE customer_standing SET tier = -1, rfm_r = 0, rfm_f = 0, rfm_m = 0;"
                                     "DELETE FROM rfm_cuts; DELETE FROM tier_history;", &error));
  g_assert_true (sd_db_commit (f->db, &error));
  g_assert_no_error (error);

  recompute (f, &stats);
  g_assert_cmpint (stats.changed, ==, 3000);
  g_assert_cmpint (stats.written, ==, 3000);
  g_assert_true (stats.rfm_full);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM tier_history WHERE from_tier = -1 AND cause = 'recompute'"), ==,
                   3000);
  g_assert_true (sd_test_has_index (f->db, "customer_standing_tier"));

  ids = sd_customers_list_ids (f->session, all, NULL, &error);
  g_assert_no_error (error);
  customers = sd_customers_get_many (f->session, (gint64 *) ids->data, ids->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < customers->len; i++)
    {
      SdCustomer *c = g_ptr_array_index (customers, i);
      int grade = sd_tier_ladder_grade_for (ladder, c->total_spent_cents, c->order_count);
      g_assert_cmpint (c->tier, ==, grade);
      g_assert_cmpint (c->rfm_group == SD_RFM_GROUP_NONE, ==, c->order_count == 0);
      expected[grade]++;
    }
  g_assert_true (sd_tiers_count (f->session, counts, &none, &error));
  g_assert_no_error (error);
  g_assert_cmpint (none, ==, 0);
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    g_assert_cmpint (counts[g], ==, expected[g]);

  /* Everyone with an order up to grade 4 by trades: most move, the other way. */
  lower = sd_tier_ladder_copy (ladder);
  set_grade (lower, 2, FALSE, SD_TIER_BASIS_AMOUNT, 100000, 950);
  set_grade (lower, 3, FALSE, SD_TIER_BASIS_AMOUNT, 500000, 900);
  set_grade (lower, 4, TRUE, SD_TIER_BASIS_COUNT, 1, 850);
  set_grade (lower, 1, FALSE, SD_TIER_BASIS_COUNT, 1, 980);
  g_assert_true (sd_tiers_set_ladder (f->session, lower, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.changed * 3, >, 3000);
  g_assert_true (sd_tiers_count (f->session, counts, &none, &error));
  g_assert_cmpint (counts[4], ==, count_sql (f, "SELECT count(*) FROM customers WHERE order_count >= 1"));
  g_assert_cmpint (counts[0], ==, count_sql (f, "SELECT count(*) FROM customers WHERE order_count = 0"));
  g_assert_true (sd_test_has_index (f->db, "customer_standing_tier"));
  g_assert_cmpint (sd_segments_count_expression (f->session, "tier = 4", &error), ==, counts[4]);
  g_assert_no_error (error);

  g_assert_true (sd_db_integrity_check (f->db, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report, ==, "ok");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, tier_fixture_set_up, func, tier_fixture_tear_down)
  ADD ("/core/tiers/default-ladder", test_default_ladder);
  ADD ("/core/tiers/validation", test_validation);
  ADD ("/core/tiers/threshold-edges", test_threshold_edges);
  ADD ("/core/tiers/amount-vs-count", test_amount_vs_count);
  ADD ("/core/tiers/pins", test_pins);
  ADD ("/core/tiers/history-causes", test_history_causes);
  ADD ("/core/tiers/import-recomputes", test_import_recomputes);
  ADD ("/core/tiers/simulator", test_simulator);
  ADD ("/core/tiers/simulator-matches-recompute", test_simulator_matches_recompute);
  ADD ("/core/tiers/rules", test_rules);
  ADD ("/core/tiers/permissions", test_permissions);
  ADD ("/core/tiers/standing-follows-customers", test_standing_follows_customers);
  ADD ("/core/tiers/sort-by-tier", test_sort_by_tier);
  ADD ("/core/tiers/mass-recompute", test_mass_recompute);
#undef ADD
  return g_test_run ();
}
