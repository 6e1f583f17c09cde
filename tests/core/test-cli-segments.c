/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"
#include "sd-test-cli.h"

/* shopdesk-cli segments: saving, listing, counting, showing, exporting and deleting
 * segments; --where errors with a caret under the column; hostile values kept as text;
 * refusals and masking from the core. */

/* Every test works on a shop made by `init`, in a directory of its own (sd-test-cli.h). */
typedef CliFixture Fixture;

#define HOSTILE "x'; DROP TABLE customers; --"
#define HOSTILE_TAG "x' OR '1'='1"
#define CLERK "clerk"
#define CLERK_PASSWORD "clerk pass 22"

/* Four customers, ids 1 to 4 in this order. */
static const char customers_csv[] =
  "nick,name,phone,province,city,district,address,tags\n"
  "tb_wang,王小明,13812341234,浙江省,杭州市,西湖区,文三路100号,老客\n"
  "tb_li,李四,13900001111,江苏省,南京市,鼓楼区,中山路1号,\n"
  "tb_zhao,赵敏,13700002222,广东省,广州市,天河区,天河路88号,老客\n"
  "tb_qian,钱多多,,浙江省,宁波市,海曙区,中山东路5号,\n";

/* tb_wang spends 600.00 in two orders, tb_li 88.00, tb_zhao 520.00; tb_qian never orders. */
static const char orders_csv[] =
  "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,订单付款时间,宝贝标题,购买数量,单价,退款金额\n"
  "O1,tb_wang,300.00,交易成功,2024-03-01 10:00:00,2024-03-01 10:01:00,羊毛围巾,3,100.00,\n"
  "O2,tb_wang,300.00,交易成功,2024-04-01 10:00:00,2024-04-01 10:01:00,手套,3,100.00,\n"
  "O3,tb_li,88.00,交易成功,2024-02-01 09:00:00,2024-02-01 09:05:00,袜子,4,22.00,\n"
  "O4,tb_zhao,520.00,交易成功,2024-05-01 09:00:00,2024-05-01 09:05:00,大衣,1,520.00,\n";

#define VIP_WHERE "total_spent >= 500 and tag = \"老客\""

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
  RUN (&r, f->db, "customers", "count", "--min-spent", "500");
  g_assert_cmpstr (r.out, ==, "2\n");
}

/* The nicks in a JSON array of customers, comma-separated, in its order. */
static char *
nicks_of (JsonArray *array)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (out, "%s%s", i ? "," : "",
                            json_object_get_string_member (json_array_get_object_element (array, i), "nick"));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *json_file = cli_fixture_file (f, "vip.json");
  g_autofree char *csv_file = cli_fixture_file (f, "vip.csv");
  g_auto(Result) r = { 0 };

  small_shop (f);

  /* No segments yet. */
  RUN (&r, f->db, "segments", "list");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "No segments yet");

  /* Created in the canonical form: keywords in lower case, one space around operators. */
  RUN (&r, f->db, "segments", "create", "高价值老客", "--where", "TOTAL_SPENT>=500  AND tag=\"老客\"");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "高价值老客");
  assert_contains (r.out, "#1");
  assert_contains (r.out, VIP_WHERE);
  RUN (&r, f->db, "segments", "create", "回头客", "--where", "order_count >= 2");
  g_assert_cmpint (r.status, ==, 0);
  /* A name is taken once. */
  RUN (&r, f->db, "segments", "create", "高价值老客", "--where", "order_count >= 1");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "高价值老客");

  /* Listed by name with counts. */
  RUN (&r, f->db, "segments", "list");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines (r.out), ==, 2);
  assert_contains (r.out, "高价值老客");
  assert_contains (r.out, VIP_WHERE);
  assert_contains (r.out, "回头客");
  assert_contains (r.out, "order_count >= 2");
  RUN (&r, f->db, "segments", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonArray *array = json_node_get_array (root);
    gboolean seen_vip = FALSE, seen_repeat = FALSE;

    g_assert_cmpuint (json_array_get_length (array), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *s = json_array_get_object_element (array, i);
        const char *name = json_object_get_string_member (s, "name");
        g_assert_true (json_object_has_member (s, "id"));
        g_assert_true (json_object_has_member (s, "created_at"));
        if (g_str_equal (name, "高价值老客"))
          {
            seen_vip = TRUE;
            g_assert_cmpint (json_object_get_int_member (s, "id"), ==, 1);
            g_assert_cmpstr (json_object_get_string_member (s, "expression"), ==, VIP_WHERE);
            g_assert_cmpint (json_object_get_int_member (s, "count"), ==, 2);
          }
        else
          {
            seen_repeat = TRUE;
            g_assert_cmpstr (name, ==, "回头客");
            g_assert_cmpint (json_object_get_int_member (s, "count"), ==, 1);
          }
      }
    g_assert_true (seen_vip && seen_repeat);
  }

  /* Counted by name, by id, and for a condition not saved. */
  RUN (&r, f->db, "segments", "count", "高价值老客");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "2\n");
  RUN (&r, f->db, "segments", "count", "1");
  g_assert_cmpstr (r.out, ==, "2\n");
  RUN (&r, f->db, "segments", "count", "回头客");
  g_assert_cmpstr (r.out, ==, "1\n");
  RUN (&r, f->db, "segments", "count", "--where", "province = \"浙江\"");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "2\n");
  RUN (&r, f->db, "segments", "count", "--where", "not (tag = \"老客\") or total_spent < 100.5");
  g_assert_cmpstr (r.out, ==, "2\n");
  RUN (&r, f->db, "segments", "count", "--where", "total_spent = 520");
  g_assert_cmpstr (r.out, ==, "1\n");
  RUN (&r, f->db, "segments", "count", "--where", "total_spent = 519.99");
  g_assert_cmpstr (r.out, ==, "0\n");
  RUN (&r, f->db, "segments", "count", "没有这个");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "没有这个");

  /* Shown with its customers, as customers list prints them. */
  RUN (&r, f->db, "segments", "show", "高价值老客");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Segment #1: 高价值老客");
  assert_contains (r.out, VIP_WHERE);
  assert_contains (r.out, "Customers: 2");
  assert_contains (r.out, "tb_wang");
  assert_contains (r.out, "王小明");
  assert_contains (r.out, "138 1234 1234");
  assert_contains (r.out, "¥600.00");
  assert_contains (r.out, "tb_zhao");
  assert_not_contains (r.out, "tb_li");
  assert_not_contains (r.out, "tb_qian");
  {
    /* The very line customers list prints for tb_wang. */
    g_auto(Result) list = { 0 };
    g_auto(GStrv) lines = NULL;
    RUN (&list, f->db, "customers", "list", "--limit", "1");
    lines = g_strsplit (list.out, "\n", -1);
    assert_contains (lines[0], "tb_wang");
    assert_contains (r.out, lines[0]);
  }
  RUN (&r, f->db, "segments", "show", "高价值老客", "--limit", "1");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "tb_wang");
  assert_not_contains (r.out, "tb_zhao");
  assert_contains (r.out, "1 more");
  RUN (&r, f->db, "segments", "show", "高价值老客", "--limit", "0");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "segments", "show", "1", "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonObject *s = json_node_get_object (root);
    JsonArray *customers = json_object_get_array_member (s, "customers");
    g_autofree char *nicks = nicks_of (customers);
    JsonObject *wang = json_array_get_object_element (customers, 0);

    g_assert_cmpstr (json_object_get_string_member (s, "name"), ==, "高价值老客");
    g_assert_cmpstr (json_object_get_string_member (s, "expression"), ==, VIP_WHERE);
    g_assert_cmpint (json_object_get_int_member (s, "count"), ==, 2);
    g_assert_cmpstr (nicks, ==, "tb_wang,tb_zhao");
    g_assert_cmpint (json_object_get_int_member (wang, "total_spent_cents"), ==, 60000);
    g_assert_cmpstr (json_object_get_string_member (wang, "phone"), ==, "+8613812341234");
    g_assert_false (json_object_get_boolean_member (wang, "contact_masked"));
  }

  /* Exported: CSV to standard output, JSON and CSV to files. */
  RUN (&r, f->db, "segments", "export", "高价值老客");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "tb_wang");
  assert_contains (r.out, "tb_zhao");
  assert_not_contains (r.out, "tb_li");
  assert_not_contains (r.out, "tb_qian");
  g_assert_cmpuint (count_lines (r.out), ==, 3);
  RUN (&r, f->db, "segments", "export", "高价值老客", "--format", "json", "-o", json_file);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "Exported 2 customers");
  {
    g_autofree char *text = cli_read_file (json_file);
    g_autoptr(JsonNode) root = parse_json (text);
    g_autofree char *nicks = nicks_of (json_node_get_array (root));
    g_assert_cmpstr (nicks, ==, "tb_wang,tb_zhao");
  }
  RUN (&r, f->db, "segments", "export", "回头客", "-o", csv_file);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autofree char *text = cli_read_file (csv_file);
    assert_contains (text, "tb_wang");
    assert_not_contains (text, "tb_zhao");
  }
  RUN (&r, f->db, "segments", "export", "高价值老客", "--format", "xml");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");

  /* Tagged in bulk, and untagged. */
  RUN (&r, f->db, "segments", "tag", "高价值老客", "大客户");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "2 customers");
  RUN (&r, f->db, "customers", "count", "--tag", "大客户");
  g_assert_cmpstr (r.out, ==, "2\n");
  RUN (&r, f->db, "segments", "tag", "高价值老客", "大客户", "--remove");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "customers", "count", "--tag", "大客户");
  g_assert_cmpstr (r.out, ==, "0\n");

  /* Renamed: the old name is gone. */
  RUN (&r, f->db, "segments", "rename", "高价值老客", "VIP");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "segments", "count", "VIP");
  g_assert_cmpstr (r.out, ==, "2\n");
  RUN (&r, f->db, "segments", "count", "高价值老客");
  g_assert_cmpint (r.status, ==, 1);

  /* Deleted: the segment goes, its customers stay. */
  RUN (&r, f->db, "segments", "delete", "VIP");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "VIP");
  RUN (&r, f->db, "segments", "show", "VIP");
  g_assert_cmpint (r.status, ==, 1);
  RUN (&r, f->db, "segments", "delete", "VIP");
  g_assert_cmpint (r.status, ==, 1);
  RUN (&r, f->db, "segments", "list");
  g_assert_cmpuint (count_lines (r.out), ==, 1);
  assert_not_contains (r.out, "VIP");
  RUN (&r, f->db, "customers", "count");
  g_assert_cmpstr (r.out, ==, "4\n");

  /* Every change is in the audit log. */
  RUN (&r, f->db, "audit", "list", "--action", "segment.create");
  g_assert_cmpuint (count_lines (r.out), >=, 2);
  RUN (&r, f->db, "audit", "list", "--action", "segment.delete");
  assert_contains (r.out, VIP_WHERE);
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_auto(Result) r = { 0 };

  RUN (&r, f->db, "segments");
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "create, list, count, show, export");
  RUN (&r, f->db, "segments", "frobnicate");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "segments", "create", "无条件");
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "--where");
  RUN (&r, f->db, "segments", "create", "--where", "tier >= 1");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "segments", "count");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "segments", "count", "某个", "--where", "tier >= 1");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "segments", "list", "extra");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "segments", "rename", "one");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "segments", "tag", "one");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "--help");
  assert_contains (r.out, "segments create NAME --where EXPR");
}

/* A --where that does not parse: exit 2, the expression echoed and a caret under the
 * column the parser names, in terminal columns. */
static void
assert_where_error (Fixture    *f,
                    const char *expression,
                    guint       column,
                    guint       caret_offset,
                    const char *message)
{
  g_autofree char *spaces = g_strnfill (2 + caret_offset, ' ');
  g_autofree char *shown = g_strdelimit (g_strdup (expression), "\t", ' ');
  g_autofree char *echo = g_strdup_printf ("\n  %s\n", shown);
  g_autofree char *caret = g_strdup_printf ("\n%s^ at column %u: %s", spaces, column, message);
  g_auto(Result) r = { 0 };

  RUN (&r, f->db, "segments", "count", "--where", expression);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, echo);
  assert_contains (r.err, caret);

  RUN (&r, f->db, "segments", "create", "坏的", "--where", expression);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, caret);
}

static void
test_where_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Result) r = { 0 };

  small_shop (f);

  assert_where_error (f, "total_spent >= 500 and dayz <= 90", 24, 23, "unknown field “dayz”");
  {
    RUN (&r, f->db, "segments", "count", "--where", "total_spent >= 500 and dayz <= 90");
    assert_contains (r.err, "total_spent, order_count, avg_order, days_since_last_order");
    assert_contains (r.err, "rfm_group");
  }
  /* Wide characters before the error take two columns each. */
  assert_where_error (f, "province = \"浙江\" and cty = \"杭州市\"", 21, 22, "unknown field “cty”");
  /* The expression stops too soon: the caret just past its end. */
  assert_where_error (f, "total_spent >=", 15, 14, "a value is missing after “>=”");
  assert_where_error (f, "tag = \"老客\" and", 15, 16, "a condition is missing");
  /* Not a word of SQL. */
  assert_where_error (f, "tag = \"a\" or 1=1", 14, 13, "expected a field");
  assert_where_error (f, "tag = 'a'", 7, 6, "");
  /* An operator a text field does not take. */
  assert_where_error (f, "tag > \"老客\"", 5, 4, "“tag” can only be compared with = or !=");
  /* A tab is shown as one space, so the caret stays under its column. */
  assert_where_error (f, "order_count >= 1 and\tfoo = 1", 22, 21, "unknown field “foo”");

  /* The usage error comes before the password is asked for. */
  RUN_AS (&r, f->db, SD_TEST_OWNER, "wrong horse 1", "segments", "count", "--where", "dayz < 1");
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "^ at column 1:");

  /* Nothing was saved. */
  RUN (&r, f->db, "segments", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 0);
  }
}

/* A customer, id 5, whose city is the hostile text. */
static const char hostile_csv[] =
  "nick,name,city\n"
  "tb_evil,坏人,\"" HOSTILE "\"\n";

static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  static const char hostile_name[] = "'; DROP TABLE segments; --";
  g_autofree char *csv = cli_write_file (f, "hostile.csv", hostile_csv);
  g_auto(Result) r = { 0 };

  small_shop (f);
  RUN (&r, f->db, "import", "customers", csv);
  g_assert_cmpint (r.status, ==, 0);
  /* A tag holds neither ";" nor ",", but quotes and wildcards it may. */
  RUN (&r, f->db, "customers", "tag", "2", HOSTILE_TAG);
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "customers", "tag", "4", "say \"hi\" \\ 100%_off");
  g_assert_cmpint (r.status, ==, 0);

  /* Stored as the text it is, and matched as such: no tag holds it. */
  RUN (&r, f->db, "segments", "create", hostile_name, "--where", "tag = \"" HOSTILE "\"");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "tag = \"" HOSTILE "\"");
  RUN (&r, f->db, "segments", "count", hostile_name);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "0\n");
  RUN (&r, f->db, "segments", "show", hostile_name, "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonObject *s = json_node_get_object (root);
    g_assert_cmpstr (json_object_get_string_member (s, "name"), ==, hostile_name);
    g_assert_cmpstr (json_object_get_string_member (s, "expression"), ==, "tag = \"" HOSTILE "\"");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s, "customers")), ==, 0);
  }
  RUN (&r, f->db, "segments", "list");
  assert_contains (r.out, HOSTILE);
  RUN (&r, f->db, "segments", "count", "--where", "tag != \"" HOSTILE "\"");
  g_assert_cmpstr (r.out, ==, "5\n");

  /* A city that holds it is matched exactly, and only that one. */
  RUN (&r, f->db, "segments", "create", "坏城", "--where", "city = \"" HOSTILE "\" or city = \"x'\"");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "segments", "show", "坏城", "--json");
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    g_autofree char *nicks = nicks_of (json_object_get_array_member (json_node_get_object (root), "customers"));
    g_assert_cmpstr (nicks, ==, "tb_evil");
  }
  RUN (&r, f->db, "segments", "export", "坏城");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "tb_evil");
  assert_not_contains (r.out, "tb_wang");

  /* Quotes in a tag. */
  RUN (&r, f->db, "segments", "count", "--where", "tag = \"" HOSTILE_TAG "\"");
  g_assert_cmpstr (r.out, ==, "1\n");
  RUN (&r, f->db, "segments", "count", "--where", "tag = \"x' OR '1'='1\" and tag = \"x\"");
  g_assert_cmpstr (r.out, ==, "0\n");

  /* Quotes and backslashes escaped; % and _ are not wildcards. */
  RUN (&r, f->db, "segments", "count", "--where", "tag = \"say \\\"hi\\\" \\\\ 100%_off\"");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "1\n");
  RUN (&r, f->db, "segments", "create", "引号", "--where", "tag = \"say \\\"hi\\\" \\\\ 100%_off\"");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "tag = \"say \\\"hi\\\" \\\\ 100%_off\"");
  RUN (&r, f->db, "segments", "show", "引号");
  assert_contains (r.out, "tb_qian");
  assert_not_contains (r.out, "tb_li");
  RUN (&r, f->db, "segments", "count", "--where",
       "tag = \"%\" or tag = \"_\" or tag = \"say%\" or tag = \"x' OR '1'='_\" or city = \"%\" or city = \"x'%\"");
  g_assert_cmpstr (r.out, ==, "0\n");

  /* The tables are all there. */
  RUN (&r, f->db, "customers", "count");
  g_assert_cmpstr (r.out, ==, "5\n");
  RUN (&r, f->db, "segments", "list", "--json");
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 3);
  }
  RUN (&r, f->db, "check");
  g_assert_cmpint (r.status, ==, 0);

  /* Deleted by its hostile name. */
  RUN (&r, f->db, "segments", "delete", hostile_name);
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "segments", "count", hostile_name);
  g_assert_cmpint (r.status, ==, 1);
}

static void
assert_masked (const char *text)
{
  assert_contains (text, "138****1234");
  assert_not_contains (text, "13812341234");
  assert_not_contains (text, "138 1234 1234");
  assert_not_contains (text, "文三路");
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *csv_file = cli_fixture_file (f, "masked.csv");
  g_autofree char *json_file = cli_fixture_file (f, "masked.json");
  g_auto(Result) r = { 0 };

  small_shop (f);
  RUN (&r, f->db, "segments", "create", "高价值老客", "--where", VIP_WHERE);
  g_assert_cmpint (r.status, ==, 0);

  /* A clerk who may view and export customers, but not see their contact details, tag
   * them or manage segments. */
  cli_add_staff (f->db, "查看", "customers.view,customers.export", CLERK, CLERK_PASSWORD);

  /* Refused changes, with the permission named. */
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "segments", "create", "我的", "--where", "order_count >= 1");
  g_assert_cmpint (r.status, ==, 3);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "tiers.manage");
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "segments", "rename", "高价值老客", "我的");
  g_assert_cmpint (r.status, ==, 3);
  assert_contains (r.err, "tiers.manage");
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "segments", "delete", "高价值老客");
  g_assert_cmpint (r.status, ==, 3);
  assert_contains (r.err, "tiers.manage");
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "segments", "tag", "高价值老客", "大客户");
  g_assert_cmpint (r.status, ==, 3);
  assert_contains (r.err, "customers.edit");
  RUN (&r, f->db, "segments", "list");
  g_assert_cmpuint (count_lines (r.out), ==, 1);
  assert_contains (r.out, "高价值老客");
  RUN (&r, f->db, "customers", "count", "--tag", "大客户");
  g_assert_cmpstr (r.out, ==, "0\n");

  /* Reading is allowed, masked. */
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "segments", "list");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "高价值老客");
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "segments", "count", "高价值老客");
  g_assert_cmpstr (r.out, ==, "2\n");
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "segments", "show", "高价值老客");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "王小明");
  assert_masked (r.out);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "segments", "show", "高价值老客", "--json");
  g_assert_cmpint (r.status, ==, 0);
  assert_masked (r.out);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonArray *customers = json_object_get_array_member (json_node_get_object (root), "customers");
    g_assert_cmpuint (json_array_get_length (customers), ==, 2);
    for (guint i = 0; i < json_array_get_length (customers); i++)
      g_assert_true (json_object_get_boolean_member (json_array_get_object_element (customers, i),
                                                     "contact_masked"));
  }
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "segments", "export", "高价值老客");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "王小明");
  assert_masked (r.out);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "segments", "export", "高价值老客", "-o", csv_file);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autofree char *text = cli_read_file (csv_file);
    assert_contains (text, "王小明");
    assert_masked (text);
  }
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "segments", "export", "高价值老客", "--format", "json", "-o", json_file);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autofree char *text = cli_read_file (json_file);
    assert_contains (text, "王小明");
    assert_masked (text);
  }

  /* The owner sees the numbers. */
  RUN (&r, f->db, "segments", "show", "高价值老客");
  assert_contains (r.out, "138 1234 1234");

  /* Without customers.export, no export. */
  RUN (&r, f->db, "roles", "revoke", "查看", "customers.export");
  g_assert_cmpint (r.status, ==, 0);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "segments", "export", "高价值老客");
  g_assert_cmpint (r.status, ==, 3);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "customers.export");

  /* With tiers.manage, the clerk may make one. */
  RUN (&r, f->db, "roles", "grant", "查看", "tiers.manage");
  g_assert_cmpint (r.status, ==, 0);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "segments", "create", "我的", "--where", "order_count >= 1");
  g_assert_cmpint (r.status, ==, 0);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "segments", "count", "我的");
  g_assert_cmpstr (r.out, ==, "3\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, cli_fixture_setup_shop, func, cli_fixture_teardown)
  ADD ("/cli/segments/round-trip", test_round_trip);
  ADD ("/cli/segments/usage", test_usage);
  ADD ("/cli/segments/where-errors", test_where_errors);
  ADD ("/cli/segments/hostile", test_hostile);
  ADD ("/cli/segments/permissions", test_permissions);
#undef ADD

  return g_test_run ();
}
