/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "sd-campaigns.h"
#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-segments.h"
#include "sd-sms-settings.h"

#define BIT(p) SD_PERMISSION_BIT (SD_PERMISSION_##p)
#define NOW    G_GINT64_CONSTANT (1767225600)   /* 2026-01-01 00:00 UTC */

typedef struct
{
  char      *dir;
  SdSession *owner;
  gint64     now;
} Fixture;

static gint64
query_int (SdSession  *session,
           const char *sql)
{
  return _sd_db_query_int (sd_session_get_db (session), sql, -1);
}

static void
set_gateway (SdSession *session)
{
  sd_test_exec (session, "INSERT INTO sms_gateway (id, kind, url, sign_name, template_code, configured_at) "
                         "VALUES (1, 'aliyun', 'http://127.0.0.1:1/', '小店', 'SMS_100', 1)");
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->owner = sd_test_new_temp_shop (&f->dir, NULL);
  f->now = NOW;
  sd_test_set_clock (sd_session_get_db (f->owner), &f->now);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->owner);
  sd_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static SdCampaign *
new_draft (const char *name,
           const char *body)
{
  SdCampaign *c = sd_campaign_new ();

  g_free (c->name);
  c->name = g_strdup (name);
  g_free (c->body);
  c->body = g_strdup (body);
  return c;
}

static gint64
create_ok (SdSession  *session,
           SdCampaign *c)
{
  g_autoptr(GError) error = NULL;
  gint64 id = sd_campaigns_create (session, c, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static SdCampaignEstimate *
estimate_ok (SdSession *session,
             gint64     id,
             guint      limit)
{
  g_autoptr(GError) error = NULL;
  SdCampaignEstimate *e = sd_campaigns_estimate (session, id, limit, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (e);
  return e;
}

/* ---- Drafts ---- */

static void
test_drafts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SdCampaign) c = new_draft ("  双十一预热  ", "{name}您好，全场八折");
  g_autoptr(SdCampaign) got = NULL;
  g_autoptr(SdCampaign) bad = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id, id2;

  g_hash_table_insert (c->custom_fields, g_strdup ("gift"), g_strdup ("小样"));
  c->audience_kind = SD_AUDIENCE_TAGS;
  c->tags = g_strsplit ("老客,VIP", ",", -1);
  c->holdout_percent = 10;
  id = create_ok (f->owner, c);

  got = sd_campaigns_get (f->owner, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->name, ==, "双十一预热");
  g_assert_cmpint (got->state, ==, SD_CAMPAIGN_DRAFT);
  g_assert_cmpstr (got->body, ==, "{name}您好，全场八折");
  g_assert_cmpint (got->audience_kind, ==, SD_AUDIENCE_TAGS);
  g_assert_cmpuint (g_strv_length (got->tags), ==, 2);
  g_assert_cmpstr (got->tags[1], ==, "VIP");
  g_assert_cmpstr (g_hash_table_lookup (got->custom_fields, "gift"), ==, "小样");
  g_assert_cmpint (got->holdout_percent, ==, 10);
  g_assert_cmpuint (got->holdout_seed, !=, 0);
  g_assert_cmpint (got->attribution_days, ==, 7);
  g_assert_cmpint (got->created_at, ==, NOW);
  g_assert_cmpint (got->created_by, ==, sd_session_get_staff_id (f->owner));

  /* Update: hand-picked customers. */
  f->now += 60;
  got->audience_kind = SD_AUDIENCE_CUSTOMERS;
  got->customer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (got->customer_ids, (gint64[]) { 5, 7 }, 2);
  g_assert_true (sd_campaigns_update (f->owner, got, &error));
  g_assert_no_error (error);
  g_clear_pointer (&got, sd_campaign_free);
  got = sd_campaigns_get (f->owner, id, &error);
  g_assert_cmpint (got->audience_kind, ==, SD_AUDIENCE_CUSTOMERS);
  g_assert_cmpuint (got->customer_ids->len, ==, 2);
  g_assert_cmpint (g_array_index (got->customer_ids, gint64, 1), ==, 7);
  g_assert_cmpint (got->updated_at, ==, NOW + 60);

  /* Newest first. */
  f->now += 60;
  id2 = create_ok (f->owner, c);
  list = sd_campaigns_list (f->owner, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((SdCampaign *) list->pdata[0])->id, ==, id2);

  /* What a draft must be. */
  bad = new_draft ("", "x");
  g_assert_cmpint (sd_campaigns_create (f->owner, bad, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_free (bad->name);
  bad->name = g_strdup ("ok");
  bad->holdout_percent = 51;
  g_assert_cmpint (sd_campaigns_create (f->owner, bad, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  bad->holdout_percent = 0;
  bad->audience_kind = SD_AUDIENCE_SEGMENT;
  bad->segment_id = 999;
  g_assert_cmpint (sd_campaigns_create (f->owner, bad, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  bad->audience_kind = SD_AUDIENCE_TAGS;
  g_assert_cmpint (sd_campaigns_create (f->owner, bad, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* Hand-picked: at most SD_CAMPAIGN_CUSTOMERS_MAX; more is a segment's audience. */
  bad->audience_kind = SD_AUDIENCE_CUSTOMERS;
  bad->customer_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_array_set_size (bad->customer_ids, SD_CAMPAIGN_CUSTOMERS_MAX + 1);
  g_assert_cmpint (sd_campaigns_create (f->owner, bad, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "segment"));
  g_clear_error (&error);

  g_assert_true (sd_campaigns_delete (f->owner, id2, &error));
  g_assert_no_error (error);
  g_assert_null (sd_campaigns_get (f->owner, id2, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (sd_test_audit_count (f->owner, "campaign.create"), ==, 2);
  g_assert_cmpuint (sd_test_audit_count (f->owner, "campaign.update"), ==, 1);
  g_assert_cmpuint (sd_test_audit_count (f->owner, "campaign.delete"), ==, 1);
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SdSession) viewer = sd_test_staff_session (f->owner, "viewer", BIT (VIEW_CUSTOMERS));
  g_autoptr(SdSession) composer = sd_test_staff_session (f->owner, "composer",
                                                          BIT (VIEW_CUSTOMERS) | BIT (COMPOSE_CAMPAIGNS));
  g_autoptr(SdCampaign) c = new_draft ("A", "hi");
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_cmpint (sd_campaigns_create (viewer, c, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  id = create_ok (composer, c);
  set_gateway (f->owner);
  sd_test_add_customer (f->owner, "a", "甲", "13800000001");
  /* Composing is not sending. */
  g_assert_false (sd_campaigns_confirm (composer, id, 1, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_null (sd_sms_settings_get (viewer, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  {
    g_autoptr(SdSmsSettings) s = sd_sms_settings_get (composer, &error);
    g_assert_no_error (error);
    g_assert_false (sd_sms_settings_set (composer, s, &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  }
}

/* ---- Audience ---- */

/* The shop of the exclusion tests: one customer for each reason, and two that get it. */
typedef struct
{
  gint64 ok, ok2, blocked, opted_out, optout_number, none, invalid, masked, duplicate, capped, blocked_and_out;
} People;

static void
add_people (Fixture *f,
            People  *p)
{
  g_autofree char *sql = NULL;
  gint64 other;

  p->ok = sd_test_add_customer (f->owner, "ok", "张三", "13800000001");
  p->blocked = sd_test_add_customer (f->owner, "blocked", "李四", "13800000002");
  p->opted_out = sd_test_add_customer (f->owner, "out", "王五", "13800000003");
  p->optout_number = sd_test_add_customer (f->owner, "outnum", "赵六", "13800000004");
  p->none = sd_test_add_customer (f->owner, "none", "钱七", NULL);
  p->invalid = sd_test_add_customer (f->owner, "invalid", "孙八", "12345");
  p->masked = sd_test_add_customer (f->owner, "masked", "周九", "138****0009");
  p->duplicate = sd_test_add_customer (f->owner, "dup", "吴十", "13800000001");
  p->capped = sd_test_add_customer (f->owner, "capped", "郑一", "13800000010");
  p->blocked_and_out = sd_test_add_customer (f->owner, "both", "冯二", "13800000011");
  p->ok2 = sd_test_add_customer (f->owner, "ok2", "", "13800000012");

  sql = g_strdup_printf ("UPDATE customers SET sms_blocked_at = 1 WHERE id IN (%lld, %lld);"
                         "UPDATE customers SET sms_opt_out_at = 1 WHERE id IN (%lld, %lld);",
                         (long long) p->blocked, (long long) p->blocked_and_out,
                         (long long) p->opted_out, (long long) p->blocked_and_out);
  sd_test_exec (f->owner, sql);
  sd_test_exec (f->owner, "INSERT INTO sms_optouts (phone, at, source) VALUES ('+8613800000004', 1, 'reply')");

  /* Another campaign reached the capped number 3 days ago (cap: 1 in 7 days), and the
   * second customer's number 8 days ago (outside the cap). */
  other = query_int (f->owner, "SELECT 0");
  sd_test_exec (f->owner, "INSERT INTO campaigns (name, created_at, updated_at, state) VALUES ('old', 1, 1, 'done')");
  other = query_int (f->owner, "SELECT max (id) FROM campaigns");
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO campaign_recipients (campaign_id, phone, state, accepted_at) VALUES "
                         "(%lld, '+8613800000010', 'delivered', %lld), (%lld, '+8613800000012', 'delivered', %lld)",
                         (long long) other, (long long) (NOW - 3 * 86400),
                         (long long) other, (long long) (NOW - 8 * 86400));
  sd_test_exec (f->owner, sql);
}

static void
test_exclusions (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SdCampaign) c = new_draft ("A", "{name}您好");
  g_autoptr(SdCampaignEstimate) e = NULL;
  People p;
  gint64 id;

  add_people (f, &p);
  set_gateway (f->owner);
  id = create_ok (f->owner, c);
  e = estimate_ok (f->owner, id, 10);

  g_assert_cmpint (e->audience, ==, 11);
  g_assert_cmpint (e->excluded[SD_EXCLUSION_BLOCKED], ==, 2);       /* blocked wins over opted out */
  g_assert_cmpint (e->excluded[SD_EXCLUSION_OPTED_OUT], ==, 2);     /* the customer; the number */
  g_assert_cmpint (e->excluded[SD_EXCLUSION_NO_MOBILE], ==, 1);
  g_assert_cmpint (e->excluded[SD_EXCLUSION_INVALID_MOBILE], ==, 1);
  g_assert_cmpint (e->excluded[SD_EXCLUSION_MASKED_MOBILE], ==, 1);
  g_assert_cmpint (e->excluded[SD_EXCLUSION_DUPLICATE], ==, 1);
  g_assert_cmpint (e->excluded[SD_EXCLUSION_FREQUENCY_CAP], ==, 1);
  g_assert_cmpint (e->holdout, ==, 0);
  g_assert_cmpint (e->recipients, ==, 2);
  g_assert_cmpuint (e->previews->len, ==, 2);
  {
    SdCampaignPreview *first = e->previews->pdata[0];
    SdCampaignPreview *second = e->previews->pdata[1];
    g_assert_cmpint (first->customer_id, ==, p.ok);      /* the first in id order keeps the number */
    g_assert_cmpint (second->customer_id, ==, p.ok2);
    /* The opt-out wording and how it is joined are the template's (sd-sms-template.h). */
    g_assert_true (g_str_has_prefix (first->text, "【小店】张三您好"));
    g_assert_true (g_str_has_suffix (first->text, "拒收请回复R"));
    g_assert_true (g_str_has_prefix (second->text, "【小店】亲您好"));   /* no name: the fallback */
    g_assert_cmpint (first->count.parts, ==, 1);
  }
  g_assert_cmpint (e->parts, ==, 2);
  g_assert_cmpint (e->cost_mfen, ==, 2 * 4500);
  g_assert_false (e->has_errors);

  /* Without a cap, the capped number is a recipient. */
  sd_test_exec (f->owner, "UPDATE sms_settings SET cap_count = 0");
  g_clear_pointer (&e, sd_campaign_estimate_free);
  e = estimate_ok (f->owner, id, 0);
  g_assert_cmpint (e->excluded[SD_EXCLUSION_FREQUENCY_CAP], ==, 0);
  g_assert_cmpint (e->recipients, ==, 3);
  g_assert_cmpuint (e->previews->len, ==, 0);
}

static void
test_audience_kinds (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCampaign) c = new_draft ("A", "hi");
  gint64 ids[6];
  g_autofree char *sql = NULL;
  struct { SdAudienceKind kind; gint64 expect; } cases[] = {
    { SD_AUDIENCE_ALL, 6 }, { SD_AUDIENCE_GRADE, 3 }, { SD_AUDIENCE_TAGS, 2 },
    { SD_AUDIENCE_CUSTOMERS, 2 }, { SD_AUDIENCE_SEGMENT, 1 },
  };

  for (int i = 0; i < 6; i++)
    {
      g_autofree char *nick = g_strdup_printf ("c%d", i);
      g_autofree char *phone = g_strdup_printf ("1390000000%d", i);
      ids[i] = sd_test_add_customer (f->owner, nick, NULL, phone);
    }
  g_assert_true (sd_customers_add_tag (f->owner, ids[0], "老客", &error));
  g_assert_true (sd_customers_add_tag (f->owner, ids[1], "VIP", &error));
  g_assert_true (sd_customers_add_tag (f->owner, ids[1], "老客", &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("UPDATE customer_standing SET tier = 3 WHERE customer_id IN (%lld, %lld, %lld)",
                         (long long) ids[2], (long long) ids[3], (long long) ids[4]);
  sd_test_exec (f->owner, sql);

  c->grade = 3;
  c->tags = g_strsplit ("老客,VIP", ",", -1);
  c->customer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (c->customer_ids, (gint64[]) { ids[5], ids[0], 99999 }, 3);
  c->segment_id = sd_segments_create (f->owner, "VIP", "tag = \"VIP\"", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SdCampaignEstimate) e = NULL;
      c->audience_kind = cases[i].kind;
      e = sd_campaigns_estimate_draft (f->owner, c, 10, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (e->audience, ==, cases[i].expect);
      g_assert_cmpint (e->recipients, ==, cases[i].expect);
    }
}

static void
test_render (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SdSession) nocontact = sd_test_staff_session (f->owner, "c", BIT (VIEW_CUSTOMERS) | BIT (COMPOSE_CAMPAIGNS));
  g_autoptr(SdCampaign) c = new_draft ("A", "{name}，{grade}专享{coupon}，{last_item}补货了，送${gift}");
  g_autoptr(SdCampaignEstimate) e = NULL;
  g_autoptr(SdCampaignEstimate) masked = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 id, alice;

  set_gateway (f->owner);
  alice = sd_test_add_customer (f->owner, "alice", "爱丽丝", "13800000001");
  sql = g_strdup_printf ("UPDATE customer_standing SET tier = 2 WHERE customer_id = %lld;"
                         "INSERT INTO orders (platform_order_id, customer_id, amount_cents, created_at, items) VALUES "
                         "('o1', %lld, 100, 10, '[{\"title\":\"旧毛衣\",\"quantity\":1,\"unit_price_cents\":100}]'),"
                         "('o2', %lld, 100, 20, '[{\"title\":\"羊绒围巾\",\"quantity\":1,\"unit_price_cents\":100},"
                         "{\"title\":\"手套\",\"quantity\":1,\"unit_price_cents\":1}]')",
                         (long long) alice, (long long) alice, (long long) alice);
  sd_test_exec (f->owner, sql);
  g_free (c->coupon);
  c->coupon = g_strdup ("满200减30");
  g_hash_table_insert (c->custom_fields, g_strdup ("gift"), g_strdup ("小样"));
  id = create_ok (f->owner, c);

  e = estimate_ok (f->owner, id, 5);
  g_assert_cmpuint (e->previews->len, ==, 1);
  {
    SdCampaignPreview *p = e->previews->pdata[0];
    g_assert_true (g_str_has_prefix (p->text, "【小店】爱丽丝，高级会员专享满200减30，羊绒围巾补货了，送小样"));
    g_assert_true (g_str_has_suffix (p->text, "拒收请回复R"));
    g_assert_cmpstr (p->phone, ==, "+8613800000001");
    g_assert_cmpstr (p->name, ==, "爱丽丝");
    g_assert_cmpstr (e->longest_text, ==, p->text);
  }
  g_assert_cmpuint (e->lint->len, ==, 0);

  masked = sd_campaigns_estimate (nocontact, id, 5, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (((SdCampaignPreview *) masked->previews->pdata[0])->phone, "00000001"));
}

static void
test_holdout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SdCampaign) c = new_draft ("A", "hi");
  g_autoptr(GError) error = NULL;
  gint64 a, b, holdout;

  set_gateway (f->owner);
  for (int i = 0; i < 400; i++)
    {
      g_autofree char *phone = g_strdup_printf ("137%08d", i);
      sd_test_add_customer (f->owner, NULL, NULL, phone);
    }
  c->holdout_percent = 20;
  c->holdout_seed = 42;
  a = create_ok (f->owner, c);
  b = create_ok (f->owner, c);
  {
    g_autoptr(SdCampaignEstimate) e1 = estimate_ok (f->owner, a, 0);
    g_autoptr(SdCampaignEstimate) e2 = estimate_ok (f->owner, a, 0);
    holdout = e1->holdout;
    g_assert_cmpint (holdout, >, 40);
    g_assert_cmpint (holdout, <, 120);
    g_assert_cmpint (e2->holdout, ==, holdout);
    g_assert_cmpint (e1->recipients + e1->holdout, ==, 400);
    g_assert_true (sd_campaigns_confirm (f->owner, a, e1->recipients, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (sd_campaigns_confirm (f->owner, b, e1->recipients, NULL, &error));
    g_assert_no_error (error);
  }
  /* The same seed held back the same customers. */
  g_assert_cmpint (query_int (f->owner,
      "SELECT count(*) FROM campaign_recipients x JOIN campaign_recipients y ON x.customer_id = y.customer_id "
      "WHERE x.campaign_id < y.campaign_id AND x.state = 'holdout' AND y.state = 'holdout'"), ==, holdout);

  /* Another seed, another split. */
  c->holdout_seed = 43;
  {
    gint64 d = create_ok (f->owner, c);
    g_autoptr(SdCampaignEstimate) e = estimate_ok (f->owner, d, 0);
    g_assert_true (sd_campaigns_confirm (f->owner, d, e->recipients, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (query_int (f->owner,
        "SELECT count(*) FROM campaign_recipients x JOIN campaign_recipients y ON x.customer_id = y.customer_id "
        "WHERE x.campaign_id = 1 AND y.campaign_id = 3 AND x.state = 'holdout' AND y.state = 'holdout'"), <, holdout);
  }
}

/* ---- Confirm ---- */

static void
test_confirm (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SdCampaign) c = new_draft ("A", "{name}您好，{coupon}");
  g_autoptr(SdCampaign) got = NULL;
  g_autoptr(SdCampaignEstimate) e = NULL;
  g_autoptr(GError) error = NULL;
  People p;
  gint64 id;

  add_people (f, &p);
  g_free (c->coupon);
  c->coupon = g_strdup ("券");
  id = create_ok (f->owner, c);
  e = estimate_ok (f->owner, id, 0);
  g_assert_cmpint (e->recipients, ==, 2);

  /* No gateway yet. */
  g_assert_false (sd_campaigns_confirm (f->owner, id, 2, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  set_gateway (f->owner);

  /* The audience changed since the estimate. */
  sd_test_add_customer (f->owner, "late", "晚到", "13800000099");
  g_assert_false (sd_campaigns_confirm (f->owner, id, 2, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->owner, "SELECT count(*) FROM campaign_recipients WHERE campaign_id = 2"), ==, 0);

  f->now += 100;
  g_assert_true (sd_campaigns_confirm (f->owner, id, 3, NULL, &error));
  g_assert_no_error (error);
  got = sd_campaigns_get (f->owner, id, &error);
  g_assert_cmpint (got->state, ==, SD_CAMPAIGN_SENDING);
  g_assert_cmpint (got->confirmed_at, ==, NOW + 100);
  g_assert_cmpint (got->price_per_part_mfen, ==, 4500);
  g_assert_cmpint (query_int (f->owner, "SELECT count(*) FROM campaign_recipients WHERE campaign_id = 2"), ==, 12);
  g_assert_cmpint (query_int (f->owner,
      "SELECT count(*) FROM campaign_recipients WHERE campaign_id = 2 AND state = 'queued' AND parts = 1 "
      "AND queued_at > 0"), ==, 3);
  g_assert_cmpint (query_int (f->owner,
      "SELECT count(*) FROM campaign_recipients WHERE campaign_id = 2 AND state = 'excluded' AND exclusion = 'duplicate'"), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT template_param = '{\"coupon\":\"券\",\"name\":\"张三\"}' "
                                            "FROM campaign_recipients WHERE campaign_id = 2 AND customer_id = %lld",
                                            (long long) p.ok);
    g_assert_cmpint (query_int (f->owner, sql), ==, 1);
  }
  g_assert_cmpuint (sd_test_audit_count (f->owner, "campaign.confirm"), ==, 1);

  /* Frozen: no second confirm, no edit. */
  g_assert_false (sd_campaigns_confirm (f->owner, id, 3, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (sd_campaigns_update (f->owner, got, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
}

static void
test_confirm_refusals (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SdCampaign) c = new_draft ("A", "{who}您好");
  g_autoptr(SdCampaign) got = NULL;
  g_autoptr(SdCampaignEstimate) e = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  set_gateway (f->owner);
  sd_test_add_customer (f->owner, "a", "甲", "13800000001");
  id = create_ok (f->owner, c);
  e = estimate_ok (f->owner, id, 0);
  g_assert_true (e->has_errors);
  g_assert_cmpuint (e->lint->len, >, 0);
  g_assert_cmpint (((SdSmsLintIssue *) e->lint->pdata[0])->kind, ==, SD_SMS_LINT_UNKNOWN_PLACEHOLDER);
  g_assert_false (sd_campaigns_confirm (f->owner, id, 1, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* An empty audience. */
  c->id = id;
  g_free (c->body);
  c->body = g_strdup ("您好");
  c->audience_kind = SD_AUDIENCE_TAGS;
  c->tags = g_strsplit ("nobody", ",", -1);
  g_assert_true (sd_campaigns_update (f->owner, c, &error));
  g_assert_false (sd_campaigns_confirm (f->owner, id, 0, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Scheduled for later. */
  c->audience_kind = SD_AUDIENCE_ALL;
  c->scheduled_at = NOW + 3600;
  g_assert_true (sd_campaigns_update (f->owner, c, &error));
  g_assert_true (sd_campaigns_confirm (f->owner, id, 1, NULL, &error));
  g_assert_no_error (error);
  got = sd_campaigns_get (f->owner, id, &error);
  g_assert_cmpint (got->state, ==, SD_CAMPAIGN_SCHEDULED);

  /* Cancelled: queued rows withdrawn. */
  g_assert_true (sd_campaigns_cancel (f->owner, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->owner, "SELECT count(*) FROM campaign_recipients WHERE state = 'withdrawn'"), ==, 1);
  g_assert_false (sd_campaigns_cancel (f->owner, id, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
}

/* ---- Report ---- */

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SdCampaign) c = new_draft ("A", "hi");
  g_autoptr(SdCampaignReport) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCampaignEstimate) e = NULL;
  gint64 id, *failed;

  set_gateway (f->owner);
  for (int i = 0; i < 200; i++)
    {
      g_autofree char *phone = g_strdup_printf ("137%08d", i);
      sd_test_add_customer (f->owner, NULL, NULL, phone);
    }
  sd_test_add_customer (f->owner, "nophone", NULL, NULL);
  c->holdout_percent = 50;
  c->holdout_seed = 7;
  c->attribution_days = 3;
  id = create_ok (f->owner, c);
  e = estimate_ok (f->owner, id, 0);
  g_assert_true (sd_campaigns_confirm (f->owner, id, e->recipients, NULL, &error));
  g_assert_no_error (error);

  /* The send job's work, by hand: all accepted at NOW, 10 failed, the rest delivered an hour
   * later; half the recipients and a tenth of the holdout buy in the days after. */
  sd_test_exec (f->owner,
      "UPDATE campaign_recipients SET state = 'delivered', accepted_at = 1767225600, finished_at = 1767229200 "
      "WHERE state = 'queued';"
      "UPDATE campaign_recipients SET state = 'failed', error_code = 'MOBILE_NUMBER_ILLEGAL' "
      "WHERE id IN (SELECT id FROM campaign_recipients WHERE state = 'delivered' ORDER BY id LIMIT 10);"
      "INSERT INTO orders (platform_order_id, customer_id, amount_cents, created_at) "
      "  SELECT 'r' || id, customer_id, 10000, 1767225600 + 86400 + 60 FROM campaign_recipients "
      "  WHERE state = 'delivered' AND id % 2 = 0;"
      "INSERT INTO orders (platform_order_id, customer_id, amount_cents, created_at) "
      "  SELECT 'h' || id, customer_id, 5000, 1767225600 + 7200 FROM campaign_recipients "
      "  WHERE state = 'holdout' AND id % 10 = 0;"
      /* Outside the 3 days: not counted. */
      "INSERT INTO orders (platform_order_id, customer_id, amount_cents, created_at) "
      "  SELECT 'late' || id, customer_id, 99999, 1767225600 + 4 * 86400 FROM campaign_recipients "
      "  WHERE state = 'delivered';");

  r = sd_campaigns_report (f->owner, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->by_state[SD_RECIPIENT_EXCLUDED], ==, 1);
  g_assert_cmpint (r->excluded[SD_EXCLUSION_NO_MOBILE], ==, 1);
  g_assert_cmpint (r->by_state[SD_RECIPIENT_FAILED], ==, 10);
  g_assert_cmpint (r->by_state[SD_RECIPIENT_DELIVERED], ==, e->recipients - 10);
  g_assert_cmpint (r->by_state[SD_RECIPIENT_HOLDOUT], ==, e->holdout);
  failed = g_hash_table_lookup (r->failed_by_code, "MOBILE_NUMBER_ILLEGAL");
  g_assert_nonnull (failed);
  g_assert_cmpint (*failed, ==, 10);
  g_assert_cmpint (r->parts_billed, ==, e->recipients);
  g_assert_cmpint (r->cost_mfen, ==, e->recipients * 4500);

  g_assert_cmpint (r->attribution_start, ==, NOW);
  g_assert_cmpint (r->attribution_end, ==, NOW + 3 * 86400);
  g_assert_cmpint (r->recipients, ==, e->recipients - 10);
  g_assert_cmpint (r->holdout, ==, e->holdout);
  g_assert_cmpint (r->recipient_buyers, ==,
                   query_int (f->owner, "SELECT count(*) FROM orders WHERE platform_order_id LIKE 'r%'"));
  g_assert_cmpint (r->recipient_orders, ==, r->recipient_buyers);
  g_assert_cmpint (r->recipient_revenue_cents, ==, r->recipient_buyers * 10000);
  g_assert_cmpint (r->holdout_buyers, ==,
                   query_int (f->owner, "SELECT count(*) FROM orders WHERE platform_order_id LIKE 'h%'"));
  g_assert_cmpfloat_with_epsilon (r->recipient_conversion, (double) r->recipient_buyers / r->recipients, 1e-9);
  g_assert_true (r->has_uplift);
  g_assert_cmpfloat_with_epsilon (r->uplift, r->recipient_conversion - r->holdout_conversion, 1e-9);
  g_assert_cmpfloat (r->uplift_low, <, r->uplift);
  g_assert_cmpfloat (r->uplift_high, >, r->uplift);
  g_assert_cmpfloat (r->uplift_low, >, 0.2);   /* ~50% against ~10% on ~100 each */

  /* Days in shop time (UTC+8): NOW is 08:00 on 1 January, so the day starts at 00:00+08. */
  g_assert_cmpuint (r->days->len, ==, 4);
  g_assert_cmpint (g_array_index (r->days, SdCampaignDay, 0).day, ==, NOW - 8 * 3600);
  g_assert_cmpint (g_array_index (r->days, SdCampaignDay, 0).delivered, ==, e->recipients - 10);
  g_assert_cmpint (g_array_index (r->days, SdCampaignDay, 1).orders, ==, r->recipient_orders);
  g_assert_cmpint (g_array_index (r->days, SdCampaignDay, 1).revenue_cents, ==, r->recipient_revenue_cents);
}

/* ---- Settings ---- */

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SdSmsSettings) s = NULL;
  g_autoptr(SdSmsSettings) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hours = NULL;
  int start, end;

  s = sd_sms_settings_get (f->owner, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->send_start_minute, ==, 480);
  g_assert_cmpint (s->send_end_minute, ==, 1200);
  g_assert_cmpint (s->cap_count, ==, 1);
  g_assert_cmpint (s->cap_days, ==, 7);
  g_assert_cmpstr (s->opt_out_text, ==, "拒收请回复R");
  g_assert_cmpuint (g_strv_length (s->blocked_words), ==, 0);

  g_assert_true (sd_sms_settings_parse_hours ("21:30-07:15", &start, &end));
  g_assert_cmpint (start, ==, 21 * 60 + 30);
  g_assert_cmpint (end, ==, 7 * 60 + 15);
  g_assert_false (sd_sms_settings_parse_hours ("24:00-07:00", &start, &end));
  g_assert_false (sd_sms_settings_parse_hours ("8:00-20:00", &start, &end));
  hours = sd_sms_settings_format_hours (480, 1260);
  g_assert_cmpstr (hours, ==, "08:00-21:00");
  {
    static const struct { const char *text; gint64 mfen; const char *shown; } prices[] = {
      { "0.045", 4500, "0.045" }, { "0.05", 5000, "0.05" }, { "1", 100000, "1.00" },
      { ".00001", 1, "0.00001" }, { "12.3", 1230000, "12.30" },
    };
    gint64 mfen = -1;
    for (guint i = 0; i < G_N_ELEMENTS (prices); i++)
      {
        g_autofree char *shown = sd_sms_settings_format_price (prices[i].mfen);
        g_assert_true (sd_sms_settings_parse_price (prices[i].text, &mfen));
        g_assert_cmpint (mfen, ==, prices[i].mfen);
        g_assert_cmpstr (shown, ==, prices[i].shown);
      }
    g_assert_false (sd_sms_settings_parse_price ("0.000001", &mfen));
    g_assert_false (sd_sms_settings_parse_price ("-1", &mfen));
    g_assert_false (sd_sms_settings_parse_price ("¥1", &mfen));
    g_assert_false (sd_sms_settings_parse_price ("1.0x", &mfen));
    g_assert_false (sd_sms_settings_parse_price ("", &mfen));
  }

  s->send_start_minute = 21 * 60 + 30;
  s->send_end_minute = 7 * 60 + 15;
  s->cap_count = 2;
  s->cap_days = 30;
  g_strfreev (s->blocked_words);
  s->blocked_words = g_strsplit ("发票, 代开 ", ",", -1);
  g_free (s->test_phone);
  s->test_phone = g_strdup ("138 0000 0001");
  s->price_per_part_mfen = 3800;
  g_assert_true (sd_sms_settings_set (f->owner, s, &error));
  g_assert_no_error (error);
  again = sd_sms_settings_get (f->owner, &error);
  g_assert_cmpint (again->send_start_minute, ==, 21 * 60 + 30);
  g_assert_cmpint (again->cap_days, ==, 30);
  g_assert_cmpuint (g_strv_length (again->blocked_words), ==, 2);
  g_assert_cmpstr (again->blocked_words[1], ==, "代开");
  g_assert_cmpstr (again->test_phone, ==, "+8613800000001");
  g_assert_cmpint (again->price_per_part_mfen, ==, 3800);
  g_assert_cmpuint (sd_test_audit_count (f->owner, "sms.settings"), ==, 1);

  again->send_end_minute = again->send_start_minute;
  g_assert_false (sd_sms_settings_set (f->owner, again, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  again->send_end_minute = 1200;
  g_free (again->test_phone);
  again->test_phone = g_strdup ("12345");
  g_assert_false (sd_sms_settings_set (f->owner, again, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_free (again->test_phone);
  again->test_phone = g_strdup ("");
  g_free (again->opt_out_text);
  again->opt_out_text = g_strdup ("  ");
  g_assert_false (sd_sms_settings_set (f->owner, again, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
}

/* ---- Dispatching ---- */

/* Sets campaign ID's state and times as a confirm (and a send) would leave them. */
static void
set_sending_state (SdSession  *session,
                   gint64      id,
                   const char *state,
                   gint64      scheduled_at,
                   gint64      confirmed_at)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE campaigns SET state = '%s', scheduled_at = %lld, "
                                          "confirmed_at = %lld WHERE id = %lld", state, (long long) scheduled_at,
                                          (long long) confirmed_at, (long long) id);

  sd_test_exec (session, sql);
}

static gint64
next_due_ok (SdSession *session,
             gint64     now)
{
  g_autoptr(GError) error = NULL;
  gint64 id = -1;

  g_assert_true (sd_campaigns_next_due (session, now, &id, &error));
  g_assert_no_error (error);
  return id;
}

static void
test_next_due (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SdCampaign) c = new_draft ("早场", "{name}您好");
  g_autoptr(SdSession) writer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 later, paused, early, sending, id = -1;

  later = create_ok (f->owner, c);
  paused = create_ok (f->owner, c);
  early = create_ok (f->owner, c);
  sending = create_ok (f->owner, c);
  /* Drafts are never due, whatever their time. */
  g_assert_cmpint (next_due_ok (f->owner, NOW), ==, 0);

  /* Scheduled in two minutes: not yet; at its time and after: it. */
  set_sending_state (f->owner, later, "scheduled", NOW + 120, NOW - 600);
  g_assert_cmpint (next_due_ok (f->owner, NOW), ==, 0);
  g_assert_cmpint (next_due_ok (f->owner, NOW + 119), ==, 0);
  g_assert_cmpint (next_due_ok (f->owner, NOW + 120), ==, later);
  g_assert_cmpint (next_due_ok (f->owner, NOW + 3600), ==, later);

  /* Paused, even past its time: never. */
  set_sending_state (f->owner, paused, "paused", NOW - 60, NOW - 900);
  g_assert_cmpint (next_due_ok (f->owner, NOW), ==, 0);

  /* One left sending (a quit, a crash, the sending hours): it, at any time. */
  set_sending_state (f->owner, sending, "sending", 0, NOW - 300);
  g_assert_cmpint (next_due_ok (f->owner, NOW), ==, sending);

  /* The one due longest first: scheduled for an hour ago beats sent at once 5 minutes
   * ago; at NOW + 120 the one 'later' is due too, but after those. */
  set_sending_state (f->owner, early, "scheduled", NOW - 3600, NOW - 7200);
  g_assert_cmpint (next_due_ok (f->owner, NOW + 200), ==, early);
  set_sending_state (f->owner, early, "done", NOW - 3600, NOW - 7200);
  g_assert_cmpint (next_due_ok (f->owner, NOW + 200), ==, sending);
  set_sending_state (f->owner, sending, "cancelled", 0, NOW - 300);
  g_assert_cmpint (next_due_ok (f->owner, NOW + 200), ==, later);

  /* Deciding what to send is sending's: campaigns.send. */
  writer = sd_test_staff_session (f->owner, "writer", BIT (COMPOSE_CAMPAIGNS));
  g_assert_false (sd_campaigns_next_due (writer, NOW + 200, &id, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_assert_cmpint (id, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/campaigns/drafts", test_drafts);
  ADD ("/campaigns/permissions", test_permissions);
  ADD ("/campaigns/exclusions", test_exclusions);
  ADD ("/campaigns/audience-kinds", test_audience_kinds);
  ADD ("/campaigns/render", test_render);
  ADD ("/campaigns/holdout", test_holdout);
  ADD ("/campaigns/confirm", test_confirm);
  ADD ("/campaigns/confirm-refusals", test_confirm_refusals);
  ADD ("/campaigns/report", test_report);
  ADD ("/campaigns/settings", test_settings);
  ADD ("/campaigns/next-due", test_next_due);
#undef ADD
  return g_test_run ();
}
