/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"
#include "sd-test-cli.h"

/* shopdesk-cli cases and quick-replies, the real binary on a shop made by init: open,
 * list --json, update, close, show with the history, deadlines; the errors a person
 * reads for a bad type and a bad state move; a refusal; quick replies added, listed and
 * removed. */

typedef CliFixture Fixture;

#define AGENT "agent"
#define AGENT_PASSWORD "agent pass 22"

static const char customers_csv[] =
  "nick,name,phone\n"
  "tb_wang,王小明,13812341234\n"
  "tb_li,李四,13900001111\n";

static const char orders_csv[] =
  "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,订单付款时间,宝贝标题,购买数量,单价,退款金额\n"
  "O1,tb_wang,300.00,交易成功,2024-03-01 10:00:00,2024-03-01 10:01:00,羊毛围巾,3,100.00,\n"
  "O2,tb_li,88.00,交易成功,2024-02-01 09:00:00,2024-02-01 09:05:00,袜子,4,22.00,\n";

static void
small_shop (Fixture *f)
{
  g_autofree char *customers = cli_write_file (f, "customers.csv", customers_csv);
  g_autofree char *orders = cli_write_file (f, "orders.csv", orders_csv);
  g_auto(Result) r = { 0 };

  RUN (&r, f->db, "import", "customers", customers);
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "import", "orders", orders);
  g_assert_cmpint (r.status, ==, 0);
}

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) opened = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonArray *array;
  JsonArray *events;
  JsonObject *c;

  small_shop (f);

  RUN (&r, f->db, "cases", "open", "--type", "complaint", "--customer", "1", "--order", "1",
       "--title", "买家投诉发错颜色", "--note", "买家发来照片", "--json");
  g_assert_cmpint (r.status, ==, 0);
  opened = parse_json (r.out);
  c = object_of (opened);
  g_assert_cmpint (json_object_get_int_member (c, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (c, "type"), ==, "complaint");
  g_assert_cmpstr (json_object_get_string_member (c, "state"), ==, "new");
  g_assert_cmpstr (json_object_get_string_member (c, "order_ref"), ==, "O1");
  g_assert_cmpstr (json_object_get_string_member (c, "customer_nick"), ==, "tb_wang");
  g_assert_false (json_object_get_boolean_member (c, "overdue"));

  RUN (&r, f->db, "cases", "open", "--type", "refund", "--customer", "2", "--title", "退款未到账");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Opened case #2 (Refund), due ");

  /* Both listed; the complaint (24 h) is due before the refund (48 h). */
  RUN (&r, f->db, "cases", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  list = parse_json (r.out);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "id"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1), "id"), ==, 2);

  RUN (&r, f->db, "cases", "update", "1", "--state", "waiting_buyer", "--handler", SD_TEST_OWNER,
       "--note", "等买家寄回");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Updated case #1: Waiting for the buyer");

  /* A refused move names both states. */
  RUN (&r, f->db, "cases", "update", "1", "--state", "new");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "“waiting_buyer”");
  assert_contains (r.err, "“new”");

  RUN (&r, f->db, "cases", "close", "1", "--note", "已补发");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Closed case #1.");

  RUN (&r, f->db, "cases", "list", "--state", "open");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "退款未到账");
  assert_not_contains (r.out, "买家投诉发错颜色");

  RUN (&r, f->db, "cases", "show", "1", "--json");
  g_assert_cmpint (r.status, ==, 0);
  shown = parse_json (r.out);
  c = object_of (shown);
  g_assert_cmpstr (json_object_get_string_member (c, "state"), ==, "closed");
  g_assert_false (json_object_get_null_member (c, "closed_at"));
  events = json_object_get_array_member (c, "events");
  /* opened, assigned + state + note, state + note */
  g_assert_cmpuint (json_array_get_length (events), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0), "kind"), ==, "opened");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 5), "text"), ==, "已补发");

  RUN (&r, f->db, "cases", "show", "1");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Case #1: 买家投诉发错颜色");
  assert_contains (r.out, "noted: 等买家寄回");
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) list = NULL;
  JsonArray *array;

  small_shop (f);
  RUN (&r, f->db, "cases", "open", "--type", "complaint", "--customer", "1", "--title", "Scarf 50% faded");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "cases", "open", "--type", "complaint", "--customer", "2", "--title", "Socks 500 missing");
  g_assert_cmpint (r.status, ==, 0);

  /* Words in any case, from the title and the customer; % is a plain character. */
  RUN (&r, f->db, "cases", "list", "--search", "SCARF tb_wang", "--json");
  g_assert_cmpint (r.status, ==, 0);
  list = parse_json (r.out);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "id"), ==, 1);

  RUN (&r, f->db, "cases", "list", "--search", "50%");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Scarf 50% faded");
  assert_not_contains (r.out, "Socks 500 missing");

  RUN (&r, f->db, "cases", "list", "--search", "李四");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Socks 500 missing");
  assert_not_contains (r.out, "Scarf 50% faded");

  RUN (&r, f->db, "cases", "list", "--search", "scarf socks");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "No cases match.");
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_auto(Result) r = { 0 };

  small_shop (f);

  /* An unknown type lists the valid ones, before any login. */
  RUN (&r, f->db, "cases", "open", "--type", "bogus", "--customer", "1", "--title", "x");
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "Unknown case type “bogus”");
  assert_contains (r.err, "return_exchange");
  assert_contains (r.err, "signed_not_received");
  g_assert_cmpstr (r.out, ==, "");

  /* Another customer's order. */
  RUN (&r, f->db, "cases", "open", "--type", "refund", "--customer", "1", "--order", "2", "--title", "x");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "belongs to another customer");

  RUN (&r, f->db, "cases", "show", "42");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "There is no case #42");

  /* An account without cases.handle is refused with exit 3. */
  cli_add_staff (f->db, "客服", "conversations.own", AGENT, AGENT_PASSWORD);
  RUN_AS (&r, f->db, AGENT, AGENT_PASSWORD, "cases", "open", "--type", "refund", "--customer", "1",
          "--title", "x");
  g_assert_cmpint (r.status, ==, 3);
  assert_contains (r.err, "cases.handle");
}

static void
test_deadlines (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) hours = NULL;

  RUN (&r, f->db, "cases", "deadlines");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "complaint");

  RUN (&r, f->db, "cases", "deadlines", "--set", "complaint", "12", "--json");
  g_assert_cmpint (r.status, ==, 0);
  hours = parse_json (r.out);
  g_assert_cmpint (json_object_get_int_member (object_of (hours), "complaint"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (object_of (hours), "refund"), ==, 48);

  RUN (&r, f->db, "cases", "deadlines", "--set", "complaint", "0");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "cases", "deadlines", "--set", "nope", "5");
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "Unknown case type “nope”");
}

static void
test_quick_replies (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) list = NULL;
  JsonArray *array;

  RUN (&r, f->db, "quick-replies", "add", "您好{name}，有什么可以帮您？", "--shortcut", "hi", "--scope", "shop",
       "--group", "问候");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Added quick reply #1");
  RUN (&r, f->db, "quick-replies", "add", "重复", "--shortcut", "HI", "--scope", "shop");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "already used");
  RUN (&r, f->db, "quick-replies", "add", "亲，已为您加急", "--shortcut", "rush");
  g_assert_cmpint (r.status, ==, 0);

  RUN (&r, f->db, "quick-replies", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  list = parse_json (r.out);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "shortcut"), ==, "rush");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "scope"), ==, "personal");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "group"), ==, "问候");

  RUN (&r, f->db, "quick-replies", "list", "加急");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "/rush");
  assert_not_contains (r.out, "/hi");

  RUN (&r, f->db, "quick-replies", "remove", "1");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "quick-replies", "list");
  assert_not_contains (r.out, "/hi");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, cli_fixture_setup_shop, func, cli_fixture_teardown)
  ADD ("/cli/cases/round-trip", test_round_trip);
  ADD ("/cli/cases/search", test_search);
  ADD ("/cli/cases/errors", test_errors);
  ADD ("/cli/cases/deadlines", test_deadlines);
  ADD ("/cli/quick-replies", test_quick_replies);
#undef ADD

  return g_test_run ();
}
