/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

#include "sd-campaigns.h"
#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-error.h"

/* Merging two customers keeps their campaign history: the outbox rows of the one merged
 * away belong to the kept one, one row a campaign, and the reports count the same. */

#define NOW G_GINT64_CONSTANT (1767225600)   /* 2026-01-01 00:00 UTC */
#define DAY 86400

typedef struct
{
  char      *dir;
  SdSession *owner;
  gint64     now;
} Fixture;

G_GNUC_PRINTF (2, 3) static void
exec_printf (Fixture    *f,
             const char *format,
             ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  sd_test_exec (f->owner, sql);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->owner = sd_test_new_temp_shop (&f->dir, NULL);
  f->now = NOW;
  sd_test_set_clock (sd_session_get_db (f->owner), &f->now);
  sd_test_exec (f->owner, "INSERT INTO sms_gateway (id, kind, url, sign_name, template_code, configured_at) "
                          "VALUES (1, 'aliyun', 'http://127.0.0.1:1/', '小店', 'SMS_100', 1)");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->owner);
  sd_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

/* A confirmed campaign to the customers IDS (N of them): one queued row each. */
/* A new draft to the customers IDS (N of them; NULL: everyone), estimated; its id in *OUT_ID. */
static SdCampaignEstimate *
estimated_draft (Fixture      *f,
                 const gint64 *ids,
                 guint         n,
                 gint64       *out_id)
{
  g_autoptr(SdCampaign) c = sd_campaign_new ();
  g_autoptr(GError) error = NULL;
  SdCampaignEstimate *e;

  g_free (c->name);
  c->name = g_strdup ("merge");
  g_free (c->body);
  c->body = g_strdup ("您好");
  if (ids != NULL)
    {
      c->audience_kind = SD_AUDIENCE_CUSTOMERS;
      c->customer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_vals (c->customer_ids, ids, n);
    }
  *out_id = sd_campaigns_create (f->owner, c, &error);
  g_assert_no_error (error);
  e = sd_campaigns_estimate (f->owner, *out_id, 0, NULL, &error);
  g_assert_no_error (error);
  return e;
}

static gint64
confirmed_campaign (Fixture      *f,
                    const gint64 *ids,
                    guint         n)
{
  g_autoptr(SdCampaignEstimate) e = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  e = estimated_draft (f, ids, n, &id);
  g_assert_cmpint (e->recipients, ==, n);
  g_assert_true (sd_campaigns_confirm (f->owner, id, e->recipients, NULL, &error));
  g_assert_no_error (error);
  return id;
}

/* What the send job would have done: CUSTOMER's row of CAMPAIGN in STATE (accepted at NOW,
 * delivered an hour later), with CODE when it failed. */
static void
set_row (Fixture    *f,
         gint64      campaign,
         gint64      customer,
         const char *state,
         const char *code)
{
  gboolean sent = g_str_equal (state, "accepted") || g_str_equal (state, "delivered") ||
                  g_str_equal (state, "failed");

  exec_printf (f, "UPDATE campaign_recipients SET state = '%s', error_code = '%s', accepted_at = %lld, "
                  "finished_at = %lld WHERE campaign_id = %lld AND customer_id = %lld",
               state, code ? code : "", (long long) (sent ? NOW : 0),
               (long long) (g_str_equal (state, "delivered") ? NOW + 3600 : 0),
               (long long) campaign, (long long) customer);
  g_assert_cmpint (_sd_db_changes (sd_session_get_db (f->owner)), ==, 1);
}

static void
add_order (Fixture    *f,
           const char *platform_id,
           gint64      customer,
           gint64      cents,
           gint64      at)
{
  exec_printf (f, "INSERT INTO orders (platform_order_id, customer_id, amount_cents, created_at) "
                  "VALUES ('%s', %lld, %lld, %lld)",
               platform_id, (long long) customer, (long long) cents, (long long) at);
}

static SdCampaignReport *
report_ok (Fixture *f,
           gint64   campaign)
{
  g_autoptr(GError) error = NULL;
  SdCampaignReport *r = sd_campaigns_report (f->owner, campaign, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static void
merge_ok (Fixture *f,
          gint64   keep,
          gint64   other)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_customers_merge (f->owner, keep, other, &error));
  g_assert_no_error (error);
}

/* Every figure of the report that counts messages, people, orders or money. */
static void
assert_same_report (const SdCampaignReport *a,
                    const SdCampaignReport *b)
{
  for (int i = 0; i < SD_RECIPIENT_STATE_N; i++)
    g_assert_cmpint (a->by_state[i], ==, b->by_state[i]);
  for (int i = 0; i < SD_EXCLUSION_N; i++)
    g_assert_cmpint (a->excluded[i], ==, b->excluded[i]);
  g_assert_cmpint (a->parts_billed, ==, b->parts_billed);
  g_assert_cmpint (a->cost_mfen, ==, b->cost_mfen);
  g_assert_cmpint (a->attribution_start, ==, b->attribution_start);
  g_assert_cmpint (a->recipients, ==, b->recipients);
  g_assert_cmpint (a->recipient_buyers, ==, b->recipient_buyers);
  g_assert_cmpint (a->recipient_orders, ==, b->recipient_orders);
  g_assert_cmpint (a->recipient_revenue_cents, ==, b->recipient_revenue_cents);
  g_assert_cmpint (a->holdout, ==, b->holdout);
  g_assert_cmpint (a->holdout_buyers, ==, b->holdout_buyers);
  g_assert_cmpint (a->holdout_orders, ==, b->holdout_orders);
  g_assert_cmpint (a->holdout_revenue_cents, ==, b->holdout_revenue_cents);
  g_assert_cmpuint (a->days->len, ==, b->days->len);
  for (guint i = 0; i < a->days->len; i++)
    {
      const SdCampaignDay *x = &g_array_index (a->days, SdCampaignDay, i);
      const SdCampaignDay *y = &g_array_index (b->days, SdCampaignDay, i);
      g_assert_cmpint (x->delivered, ==, y->delivered);
      g_assert_cmpint (x->orders, ==, y->orders);
      g_assert_cmpint (x->revenue_cents, ==, y->revenue_cents);
    }
}

/* The customer merged away was sent the campaign (and another was held out): the kept
 * customer holds their rows, and the report counts exactly what it counted before. */
static void
test_recipient_moves (Fixture       *f,
                      gconstpointer  data)
{
  gint64 keep = sd_test_add_customer (f->owner, "keep", "甲", "13800000001");
  gint64 gone = sd_test_add_customer (f->owner, "gone", "乙", "13800000002");
  gint64 held = sd_test_add_customer (f->owner, "held", "丙", "13800000003");
  gint64 held_keep = sd_test_add_customer (f->owner, "held2", "丁", "13800000004");
  const gint64 audience[] = { gone, held };
  g_autoptr(SdCampaignReport) before = NULL;
  g_autoptr(SdCampaignReport) after = NULL;
  gint64 id = confirmed_campaign (f, audience, G_N_ELEMENTS (audience));

  set_row (f, id, gone, "delivered", NULL);
  set_row (f, id, held, "holdout", NULL);
  add_order (f, "gone-after", gone, 10000, NOW + DAY + 60);
  add_order (f, "held-after", held, 5000, NOW + 7200);
  /* Bought before the message: never the campaign's. */
  add_order (f, "keep-before", keep, 3000, NOW - DAY);

  before = report_ok (f, id);
  g_assert_cmpint (before->recipients, ==, 1);
  g_assert_cmpint (before->recipient_buyers, ==, 1);
  g_assert_cmpint (before->recipient_revenue_cents, ==, 10000);
  g_assert_cmpint (before->holdout_buyers, ==, 1);
  g_assert_cmpint (before->holdout_revenue_cents, ==, 5000);

  merge_ok (f, keep, gone);
  merge_ok (f, held_keep, held);

  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT count(*) FROM campaign_recipients WHERE customer_id IS NULL"),
                   ==, 0);
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT customer_id FROM campaign_recipients WHERE state = 'delivered'"), ==, keep);
  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT customer_id FROM campaign_recipients WHERE state = 'holdout'"),
                   ==, held_keep);
  after = report_ok (f, id);
  assert_same_report (before, after);
}

/* Both were in the same campaign: one row is left, the one furthest along; the parts
 * billed for the other stay billed, and the orders of the one person count once. */
static void
test_both_recipients (Fixture       *f,
                      gconstpointer  data)
{
  gint64 keep = sd_test_add_customer (f->owner, "keep", "甲", "13800000001");
  gint64 gone = sd_test_add_customer (f->owner, "gone", "乙", "13800000002");
  const gint64 both[] = { keep, gone };
  gint64 kept_failed = confirmed_campaign (f, both, 2);
  gint64 kept_delivered = confirmed_campaign (f, both, 2);
  gint64 holdout_queued = confirmed_campaign (f, both, 2);
  g_autoptr(SdCampaignReport) a_before = NULL;
  g_autoptr(SdCampaignReport) a_after = NULL;
  g_autoptr(SdCampaignReport) b_after = NULL;
  gint64 gone_row;

  /* A: the kept customer's message failed, the other's was delivered. */
  set_row (f, kept_failed, keep, "failed", "isv.MOBILE_NUMBER_ILLEGAL");
  set_row (f, kept_failed, gone, "delivered", NULL);
  gone_row =
    sd_test_query_int (f->owner, "SELECT id FROM campaign_recipients WHERE campaign_id = %lld AND customer_id = %lld",
                       (long long) kept_failed, (long long) gone);
  /* B: the kept customer's was delivered, the other's only accepted. */
  set_row (f, kept_delivered, keep, "delivered", NULL);
  set_row (f, kept_delivered, gone, "accepted", NULL);
  /* C: one held out, the other still queued. */
  set_row (f, holdout_queued, keep, "holdout", NULL);
  add_order (f, "gone-after", gone, 10000, NOW + DAY);
  add_order (f, "keep-after", keep, 2000, NOW + 2 * DAY);

  a_before = report_ok (f, kept_failed);
  g_assert_cmpint (a_before->parts_billed, ==, 2);
  g_assert_cmpint (a_before->recipients, ==, 1);

  merge_ok (f, keep, gone);

  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT count(*) FROM campaign_recipients WHERE customer_id IS NULL"),
                   ==, 0);
  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT count(*) FROM campaign_recipients"), ==, 3);
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT count(DISTINCT campaign_id) FROM campaign_recipients WHERE customer_id = %lld",
                       (long long) keep),
    ==, 3);
  /* A: the delivered row, now the kept customer's, with the failed one's billed part. */
  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT id FROM campaign_recipients WHERE campaign_id = %lld",
                                      (long long) kept_failed),
                   ==, gone_row);
  g_assert_cmpint (sd_test_query_int (f->owner,
                                      "SELECT state = 'delivered' AND parts = 2 FROM campaign_recipients "
                                      "WHERE campaign_id = %lld",
                                      (long long) kept_failed),
                   ==, 1);
  g_assert_cmpint (sd_test_query_int (f->owner,
                                      "SELECT state = 'delivered' FROM campaign_recipients WHERE campaign_id = %lld",
                                      (long long) kept_delivered),
                   ==, 1);
  g_assert_cmpint (sd_test_query_int (f->owner,
                                      "SELECT state = 'queued' FROM campaign_recipients WHERE campaign_id = %lld",
                                      (long long) holdout_queued),
                   ==, 1);

  a_after = report_ok (f, kept_failed);
  g_assert_cmpint (a_after->parts_billed, ==, a_before->parts_billed);
  g_assert_cmpint (a_after->cost_mfen, ==, a_before->cost_mfen);
  g_assert_cmpint (a_after->by_state[SD_RECIPIENT_DELIVERED], ==, 1);
  g_assert_cmpint (a_after->by_state[SD_RECIPIENT_FAILED], ==, 0);
  /* One person who bought twice after the message. */
  g_assert_cmpint (a_after->recipients, ==, 1);
  g_assert_cmpint (a_after->recipient_buyers, ==, 1);
  g_assert_cmpint (a_after->recipient_orders, ==, 2);
  g_assert_cmpint (a_after->recipient_revenue_cents, ==, 12000);
  b_after = report_ok (f, kept_delivered);
  g_assert_cmpint (b_after->recipients, ==, 1);
  g_assert_cmpint (b_after->recipient_orders, ==, 2);
  g_assert_cmpint (b_after->parts_billed, ==, 2);
}

/* Whoever was kept out of SMS stays out: the shop's block, and a number that refused. */
static void
test_block_carries (Fixture       *f,
                    gconstpointer  data)
{
  gint64 keep = sd_test_add_customer (f->owner, "keep", "甲", "13800000001");
  gint64 blocked = sd_test_add_customer (f->owner, "blocked", "乙", "13800000002");
  gint64 keep2 = sd_test_add_customer (f->owner, "keep2", "丙", "13800000003");
  gint64 refused = sd_test_add_customer (f->owner, "refused", "丁", "13800000004");
  const gint64 audience[] = { keep, keep2 };
  g_autoptr(SdCustomer) preview = NULL;
  g_autoptr(SdCustomer) got = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  exec_printf (f, "UPDATE customers SET sms_blocked_at = %lld WHERE id = %lld", (long long) (NOW - DAY),
               (long long) blocked);
  sd_test_exec (f->owner, "INSERT INTO sms_optouts (phone, at, source) VALUES ('+8613800000004', 1, 'reply')");
  id = confirmed_campaign (f, audience, 2);

  merge_ok (f, keep, blocked);
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT sms_blocked_at FROM customers WHERE id = %lld", (long long) keep), ==,
    NOW - DAY);
  /* Its queued message never leaves. */
  g_assert_cmpint (sd_test_query_int (f->owner,
                                      "SELECT state = 'withdrawn' AND error_code = 'blocked' FROM campaign_recipients "
                                      "WHERE campaign_id = %lld AND customer_id = %lld",
                                      (long long) id, (long long) keep),
                   ==, 1);

  /* The kept customer keeps their own number; the other's refused marketing SMS. */
  preview = sd_customers_preview_merge (f->owner, keep2, refused, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preview->phone, ==, "+8613800000003");
  g_assert_cmpint (preview->sms_opt_out_at, >, 0);
  merge_ok (f, keep2, refused);
  got = sd_test_get_customer (f->owner, keep2);
  g_assert_cmpint (got->sms_opt_out_at, ==, NOW);
  g_assert_cmpstr (got->sms_opt_out_reason, !=, "");
  g_assert_cmpint (
    sd_test_query_int (f->owner,
                       "SELECT state = 'withdrawn' AND error_code = 'opted_out' FROM campaign_recipients "
                       "WHERE campaign_id = %lld AND customer_id = %lld",
                       (long long) id, (long long) keep2),
    ==, 1);

  /* Neither is in a new campaign's audience. */
  {
    gint64 next;
    g_autoptr(SdCampaignEstimate) e = estimated_draft (f, NULL, 0, &next);

    g_assert_cmpint (e->audience, ==, 2);
    g_assert_cmpint (e->recipients, ==, 0);
    g_assert_cmpint (e->excluded[SD_EXCLUSION_BLOCKED], ==, 1);
    g_assert_cmpint (e->excluded[SD_EXCLUSION_OPTED_OUT], ==, 1);
  }
}

/* A merge that fails leaves the outbox as it was: it is one transaction. */
static void
test_failed_merge_keeps_rows (Fixture       *f,
                              gconstpointer  data)
{
  gint64 keep = sd_test_add_customer (f->owner, "keep", "甲", "13800000001");
  gint64 gone = sd_test_add_customer (f->owner, "gone", "乙", "13800000002");
  const gint64 both[] = { keep, gone };
  g_autoptr(GError) error = NULL;
  gint64 id = confirmed_campaign (f, both, 2);

  set_row (f, id, gone, "delivered", NULL);
  exec_printf (f, "UPDATE customers SET sms_blocked_at = 1 WHERE id = %lld", (long long) gone);
  /* The other record's delete fails, after the outbox rows have moved. */
  if (sd_test_is_team ())
    sd_test_exec (f->owner, "CREATE FUNCTION refuse () RETURNS trigger LANGUAGE plpgsql AS "
                            "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$; "
                            "CREATE TRIGGER refuse_merge BEFORE DELETE ON customers "
                            "FOR EACH ROW EXECUTE FUNCTION refuse ()");
  else
    sd_test_exec (f->owner, "CREATE TEMP TRIGGER refuse_merge BEFORE DELETE ON main.customers "
                            "BEGIN SELECT RAISE (ABORT, 'refused by the test'); END");
  g_assert_false (sd_customers_merge (f->owner, keep, gone, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  sd_test_exec (f->owner, sd_test_is_team () ? "DROP TRIGGER refuse_merge ON customers" : "DROP TRIGGER temp.refuse_merge");

  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT count(*) FROM campaign_recipients WHERE campaign_id = %lld", (long long) id),
    ==, 2);
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT customer_id FROM campaign_recipients WHERE state = 'delivered'"), ==, gone);
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT sms_blocked_at FROM customers WHERE id = %lld", (long long) keep), ==, 0);

  /* And the same merge, allowed, goes through. */
  merge_ok (f, keep, gone);
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT count(*) FROM campaign_recipients WHERE campaign_id = %lld", (long long) id),
    ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/campaign-merge/recipient-moves", test_recipient_moves);
  ADD ("/campaign-merge/both-recipients", test_both_recipients);
  ADD ("/campaign-merge/block-carries", test_block_carries);
  ADD ("/campaign-merge/failed-merge-keeps-rows", test_failed_merge_keeps_rows);
#undef ADD
  return g_test_run ();
}
