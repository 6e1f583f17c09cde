/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"
#include "sd-test-cli.h"

#include "sd-db-private.h"

/* shopdesk-cli campaign: a draft made, estimated, previewed, confirmed, listed and reported
 * through the CLI as a shop would; usage errors exit 2, refusals 3, failures 1. */

typedef CliFixture Fixture;

#define CLERK "clerk"
#define CLERK_PASSWORD "clerk pass 22"

/* Four customers: 王小明 and 赵敏 tagged 老客, 钱多多 without a number, 李四 with one. */
static const char customers_csv[] =
  "nick,name,phone,province,city,district,address,tags\n"
  "tb_wang,王小明,13812341234,浙江省,杭州市,西湖区,文三路100号,老客\n"
  "tb_li,李四,13900001111,江苏省,南京市,鼓楼区,中山路1号,\n"
  "tb_zhao,赵敏,13700002222,广东省,广州市,天河区,天河路88号,老客\n"
  "tb_qian,钱多多,,浙江省,宁波市,海曙区,中山东路5号,\n";

static void
small_shop (Fixture *f)
{
  g_autofree char *customers = cli_write_file (f, "customers.csv", customers_csv);
  g_auto(Result) r = { 0 };

  RUN (&r, f->db, "import", "customers", customers);
  g_assert_cmpint (r.status, ==, 0);
}

/* What `gateway set` leaves in the shop, written straight in: the keys are not this
 * test's business. */
static void
set_gateway (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = sd_db_open (f->db, &error);

  g_assert_no_error (error);
  g_assert_true (_sd_db_exec (db, "INSERT INTO sms_gateway (id, kind, url, sign_name, template_code, configured_at) "
                                  "VALUES (1, 'aliyun', 'http://127.0.0.1:1/', '小店', 'SMS_1', 1)", &error));
  g_assert_no_error (error);
}

static JsonObject *
json_object_of (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static void
test_draft_to_outbox (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) estimate = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) status = NULL;
  JsonObject *o, *excluded, *messages;
  JsonArray *previews;

  small_shop (f);
  RUN (&r, f->db, "campaign", "create", "老客回馈", "--body", "{name}您好，{coupon}送给您", "--coupon", "满100减10",
       "--audience", "tags:老客,VIP");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "Created the campaign draft “老客回馈” (#1).\n");

  RUN (&r, f->db, "campaign", "estimate", "1", "--json");
  g_assert_cmpint (r.status, ==, 0);
  estimate = parse_json (r.out);
  o = json_object_of (estimate);
  g_assert_cmpint (json_object_get_int_member (o, "audience"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (o, "recipients"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (o, "parts"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (o, "cost_mfen"), ==, 9000);
  excluded = json_object_get_object_member (o, "excluded");
  g_assert_cmpint (json_object_get_int_member (excluded, "no_mobile"), ==, 0);
  /* No gateway: no signature, which the estimate says. */
  g_assert_true (json_object_get_boolean_member (o, "has_errors"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "previews")), ==, 0);

  RUN (&r, f->db, "campaign", "confirm", "1", "--recipients", "2");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "gateway"));

  set_gateway (f);
  RUN (&r, f->db, "campaign", "preview", "1", "--limit", "1", "--json");
  g_assert_cmpint (r.status, ==, 0);
  g_clear_pointer (&estimate, json_node_unref);
  estimate = parse_json (r.out);
  o = json_object_of (estimate);
  g_assert_false (json_object_get_boolean_member (o, "has_errors"));
  previews = json_object_get_array_member (o, "previews");
  g_assert_cmpuint (json_array_get_length (previews), ==, 1);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (previews, 0), "text"),
                                   "【小店】王小明您好，满100减10送给您"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (previews, 0), "phone"), ==,
                   "+8613812341234");

  /* Plain text: the figures and the message. */
  RUN (&r, f->db, "campaign", "preview", "1");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Recipients: 2\n"));
  g_assert_nonnull (strstr (r.out, "【小店】赵敏您好"));
  g_assert_nonnull (strstr (r.out, " characters, 1 part: 【小店】"));

  /* The count the owner confirms must be the count now. */
  RUN (&r, f->db, "campaign", "confirm", "1", "--recipients", "3");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "Estimate again"));
  RUN (&r, f->db, "campaign", "confirm", "1", "--recipients", "2");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "Campaign #1 is Sending: 2 messages queued.\n");

  RUN (&r, f->db, "campaign", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  list = parse_json (r.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (list), 0),
                                                  "state"), ==, "sending");

  RUN (&r, f->db, "campaign", "status", "1", "--json");
  g_assert_cmpint (r.status, ==, 0);
  status = parse_json (r.out);
  messages = json_object_get_object_member (json_object_of (status), "messages");
  g_assert_cmpint (json_object_get_int_member (messages, "queued"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (messages, "excluded"), ==, 0);

  RUN (&r, f->db, "campaign", "report", "1");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "#1 老客回馈 — Sending\n"));

  /* Frozen now. */
  RUN (&r, f->db, "campaign", "delete", "1");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no longer a draft"));
}

/* The report of a large campaign: every count with its thousands separators, every amount as
 * money, each noun in its plural; --json keeps plain numbers. */
static void
test_report_figures (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) report = NULL;
  JsonObject *o;

  small_shop (f);
  set_gateway (f);
  RUN (&r, f->db, "campaign", "create", "大促", "--body", "{name}您好");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "campaign", "confirm", "1", "--recipients", "3");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "Campaign #1 is Sending: 3 messages queued.\n");

  /* What sending 2,700 more would have left, and 1,234 orders of 王小明 the hour after. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SdDb) db = sd_db_open (f->db, &error);

    g_assert_no_error (error);
    g_assert_true (_sd_db_exec (db,
        "UPDATE campaigns SET started_at = 1767225600 WHERE id = 1;"
        "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2700) "
        "INSERT INTO campaign_recipients (campaign_id, phone, state, error_code, parts, accepted_at, finished_at) "
        "  SELECT 1, '+8613700' || (100000 + i), CASE WHEN i <= 1500 THEN 'delivered' ELSE 'failed' END, "
        "    CASE WHEN i <= 1500 THEN '' ELSE 'isv.MOBILE_NUMBER_ILLEGAL' END, 1, 1767225600, 1767229200 FROM n;"
        "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
        "INSERT INTO campaign_recipients (campaign_id, phone, state, exclusion) "
        "  SELECT 1, '+8613812341234', 'excluded', 'duplicate' FROM n;"
        "UPDATE campaign_recipients SET state = 'delivered', accepted_at = 1767225600, finished_at = 1767229200 "
        "  WHERE campaign_id = 1 AND customer_id = (SELECT id FROM customers WHERE nick = 'tb_wang');"
        "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1234) "
        "INSERT INTO orders (platform_order_id, customer_id, amount_cents, created_at) "
        "  SELECT 'big' || i, (SELECT id FROM customers WHERE nick = 'tb_wang'), 1000, 1767229200 FROM n;",
        &error));
    g_assert_no_error (error);
  }

  RUN (&r, f->db, "campaign", "report", "1");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "       1,501\n"));
  g_assert_nonnull (strstr (r.out, "    excluded: 1,000 — "));
  g_assert_nonnull (strstr (r.out, "    excluded: 1 — "));
  g_assert_nonnull (strstr (r.out, "    failed: 1,200 — isv.MOBILE_NUMBER_ILLEGAL\n"));
  /* 2,701 parts at ¥0.045. */
  g_assert_nonnull (strstr (r.out, "Parts billed: 2,701 (¥121.55)\n"));
  g_assert_nonnull (strstr (r.out, "Recipients: 1,501, 1 bought (0.1%), 1,234 orders, ¥12,340.00\n"));
  g_assert_nonnull (strstr (r.out, "Holdout:    0, 0 bought (0.0%), 0 orders, ¥0.00\n"));

  RUN (&r, f->db, "campaign", "report", "1", "--json");
  g_assert_cmpint (r.status, ==, 0);
  report = parse_json (r.out);
  o = json_object_of (report);
  g_assert_cmpint (json_object_get_int_member (o, "parts_billed"), ==, 2701);
  g_assert_cmpint (json_object_get_int_member (o, "recipient_orders"), ==, 1234);
  g_assert_cmpint (json_object_get_int_member (o, "recipient_revenue_cents"), ==, 1234000);
}

static void
test_usage_and_refusals (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(Result) r = { 0 };

  RUN (&r, f->db, "campaign");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "campaign", "frobnicate");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "campaign", "create", "x");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--body"));
  RUN (&r, f->db, "campaign", "estimate", "abc");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "campaign", "confirm", "1");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "campaign", "create", "x", "--body", "hi", "--audience", "planet:mars");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "not an audience"));
  RUN (&r, f->db, "campaign", "estimate", "42");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no campaign with id 42"));

  cli_add_staff (f->db, "看客", "customers.view", CLERK, CLERK_PASSWORD);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "campaign", "list");
  g_assert_cmpint (r.status, ==, 3);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "campaign", "create", "x", "--body", "hi");
  g_assert_cmpint (r.status, ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, cli_fixture_setup_shop, func, cli_fixture_teardown)
  ADD ("/cli/campaigns/draft-to-outbox", test_draft_to_outbox);
  ADD ("/cli/campaigns/usage-and-refusals", test_usage_and_refusals);
  ADD ("/cli/campaigns/report-figures", test_report_figures);
#undef ADD
  return g_test_run ();
}
