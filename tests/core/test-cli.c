/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"
#include "sd-test-cli.h"
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "sd-csv.h"

/* shopdesk-cli as a user runs it: the built binary, its exit status and its output. Every
 * test but the first few works on a shop made by `init`, logged in as its owner. */

/* The shop each test works on, in a directory of its own (sd-test-cli.h). */
typedef CliFixture Fixture;

static JsonNode *
parse_json_file (const char *path)
{
  g_autofree char *text = cli_read_file (path);

  return parse_json (text);
}

/* The sorted member names of @object, joined with commas. */
static char *
member_names (JsonObject *object)
{
  g_autoptr(GList) names = g_list_sort (json_object_get_members (object), (GCompareFunc) g_strcmp0);
  g_autoptr(GString) out = g_string_new (NULL);

  for (GList *l = names; l != NULL; l = l->next)
    g_string_append_printf (out, "%s%s", out->len ? "," : "", (const char *) l->data);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* An import with --json: its summary, checked for exactly the documented members. */
static JsonNode *
import_json (Fixture    *f,
             const char *db,
             int         expected_status,
             const char * const *args)
{
  g_auto(Result) r = { 0 };
  JsonNode *root;
  g_autofree char *names = NULL;

  run_argv (&r, db, args);
  g_assert_cmpint (r.status, ==, expected_status);
  root = parse_json (r.out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  names = member_names (json_node_get_object (root));
  g_assert_cmpstr (names, ==,
                   "customers_created,encoding,errors,inserted,resumed_rows,rolled_back,rows,skipped,unchanged,updated");
  return root;
}

#define IMPORT_JSON(f, db, status, ...) \
  ({ \
    const char * const _args[] = { __VA_ARGS__, NULL }; \
    import_json ((f), (db), (status), _args); \
  })

static gint64
member_int (JsonNode   *node,
            const char *name)
{
  JsonObject *object = json_node_get_object (node);

  g_assert_true (json_object_has_member (object, name));
  return json_object_get_int_member (object, name);
}

static gint64
count_customers (const char *db)
{
  g_auto(Result) r = { 0 };

  RUN (&r, db, "customers", "count");
  g_assert_cmpint (r.status, ==, 0);
  return g_ascii_strtoll (r.out, NULL, 10);
}

/* ---- usage ---- */

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  static const char *commands[] = {
    "import customers|orders FILE", "export customers", "customers search QUERY", "customers list",
    "customers count", "customers show ID", "customers edit ID FIELD=VALUE… [--version N]", "customers merge KEEP_ID OTHER_ID", "customers note ID TEXT",
    "customers tag ID TAG [--remove]", "customers delete ID", "demo --customers N --orders M", "check",
    "--db PATH", "--user NAME", "init --shop NAME --owner NAME", "passwd", "staff add LOGIN --role ROLE",
    "staff disable|enable|reset-password NAME", "set-role NAME ROLE", "set-department NAME DEPARTMENT",
    "roles list|show ROLE", "roles create NAME [--permissions ID,ID…]", "roles grant|revoke ROLE PERMISSION…",
    "audit list [--since T] [--until T] [--user NAME] [--action ACTION] [--limit N] [--json]", "audit verify",
    "audit export", "SHOPDESK_PASSWORD", "SHOPDESK_NEW_PASSWORD", "3 not allowed",
  };

  RUN (&r, NULL, "--help");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    assert_contains (r.out, commands[i]);

  RUN (&r, NULL, "-h");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "customers merge KEEP_ID OTHER_ID");

  RUN (&r, NULL, "--version");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "shopdesk-cli "));

  /* No command: the usage, on standard error. */
  {
    const char * const none[] = { NULL };
    run_argv (&r, NULL, none);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_cmpstr (r.out, ==, "");
    assert_contains (r.err, "Commands:");
  }

  /* A command's own help. */
  RUN (&r, NULL, "import", "--help");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "--on-error");
  assert_contains (r.out, "--map");
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *csv = cli_write_file (f, "c.csv", "nick\ntb_a\n");

  RUN (&r, f->db, "frobnicate");
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "Unknown command “frobnicate”");
  assert_contains (r.err, "--help");

  RUN (&r, NULL, "--bogus", "check");
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "--bogus");

#define USAGE(...) \
  G_STMT_START { \
    RUN (&r, f->db, __VA_ARGS__); \
    g_assert_cmpint (r.status, ==, 2); \
    g_assert_cmpstr (r.out, ==, ""); \
    g_assert_cmpstr (r.err, !=, ""); \
  } G_STMT_END

  USAGE ("import");
  USAGE ("import", "customers");
  USAGE ("import", "people", csv);
  USAGE ("import", "customers", csv, "--on-error", "maybe");
  USAGE ("import", "customers", csv, "--encoding", "latin1");
  USAGE ("import", "customers", csv, "--map", "nick");
  USAGE ("import", "customers", csv, "--frobnicate");
  USAGE ("export");
  USAGE ("export", "orders");
  USAGE ("export", "customers", "--format", "xml");
  USAGE ("customers");
  USAGE ("customers", "delete");
  USAGE ("customers", "delete", "x");
  USAGE ("customers", "erase", "1");
  USAGE ("customers", "search");
  USAGE ("customers", "search", "王", "--sort", "age");
  USAGE ("customers", "search", "王", "--limit", "0");
  USAGE ("customers", "search", "王", "--min-spent", "lots");
  USAGE ("customers", "list", "王");
  USAGE ("customers", "show");
  USAGE ("customers", "show", "abc");
  USAGE ("customers", "show", "0");
  USAGE ("customers", "merge", "1");
  USAGE ("customers", "merge", "1", "x");
  USAGE ("customers", "note", "1");
  USAGE ("customers", "tag", "1");
  USAGE ("demo", "extra");
  USAGE ("demo", "--customers", "-5");
  USAGE ("init");
  USAGE ("init", "--owner", "boss");      /* a new shop needs its name */
  USAGE ("init", "--shop", "店");         /* and its owner */
  USAGE ("init", "extra", "--shop", "店", "--owner", "boss");
  USAGE ("passwd", "someone");
  USAGE ("staff");
  USAGE ("staff", "hire", "小王");
  USAGE ("staff", "add");
  USAGE ("staff", "add", "小王");          /* no role */
  USAGE ("staff", "show");
  USAGE ("staff", "disable");
  USAGE ("staff", "set-role", "小王");
  USAGE ("staff", "set-department", "小王");
  USAGE ("staff", "reset-password");
  USAGE ("departments");
  USAGE ("departments", "rename", "售前");
  USAGE ("roles");
  USAGE ("roles", "show");
  USAGE ("roles", "create");
  USAGE ("roles", "create", "客服", "--permissions", "customers.view,customers.fly");
  USAGE ("roles", "grant", "客服");
  USAGE ("roles", "grant", "客服", "customers.fly");
  USAGE ("roles", "revoke", "客服", "everything");
  USAGE ("audit");
  USAGE ("audit", "list", "extra");
  USAGE ("audit", "list", "--since", "yesterday");
  USAGE ("audit", "list", "--until", "2024-13-01");
  USAGE ("audit", "list", "--since", "2024-05-01 25:00");
  USAGE ("audit", "list", "--action", "login.maybe");
  USAGE ("audit", "list", "--limit", "-1");
  USAGE ("audit", "verify", "now");
  USAGE ("audit", "export", "--since", "May");
#undef USAGE

  /* An unknown permission: the valid ones are listed. */
  RUN (&r, f->db, "roles", "grant", "客服", "customers.fly");
  assert_contains (r.err, "customers.fly");
  assert_contains (r.err, "customers.view");
  assert_contains (r.err, "audit.view");
  /* An unknown action: the same. */
  RUN (&r, f->db, "audit", "list", "--action", "login.maybe");
  assert_contains (r.err, "login.ok");
  assert_contains (r.err, "customers.export");

  /* None of it touched the shop. */
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
}

/* ---- import ---- */

static const char customers_csv[] =
  "nick,name,phone,email,province,city,address,tags\n"
  "tb_wang,王小明,13912345678,wang@example.com,浙江,杭州市,文三路100号,VIP\n"
  "tb_li,李四,13800001111,,江苏省,南京市,中山路1号,\n"
  "tb_zhao,赵敏,,,广东省,广州市,天河路88号,老客户;VIP\n";

static void
test_import_missing_file (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *missing = cli_fixture_file (f, "no-such-file.csv");

  RUN (&r, f->db, "import", "customers", missing);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, missing);
  assert_contains (r.err, "does not exist");

  RUN (&r, f->db, "import", "customers", missing, "--json");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
}

static void
test_import_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *csv = cli_write_file (f, "customers.csv", customers_csv);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;

  first = IMPORT_JSON (f, f->db, 0, "import", "customers", csv, "--json");
  g_assert_cmpint (member_int (first, "rows"), ==, 3);
  g_assert_cmpint (member_int (first, "inserted"), ==, 3);
  g_assert_cmpint (member_int (first, "updated"), ==, 0);
  g_assert_cmpint (member_int (first, "unchanged"), ==, 0);
  g_assert_cmpint (member_int (first, "skipped"), ==, 0);
  g_assert_cmpint (member_int (first, "customers_created"), ==, 0);
  g_assert_cmpint (member_int (first, "resumed_rows"), ==, 0);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (first), "rolled_back"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (first), "encoding"), ==, "utf-8");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (first), "errors")), ==, 0);
  g_assert_cmpint (count_customers (f->db), ==, 3);

  /* The same file again: nothing new, nothing changed. */
  again = IMPORT_JSON (f, f->db, 0, "import", "customers", csv, "--json");
  g_assert_cmpint (member_int (again, "rows"), ==, 3);
  g_assert_cmpint (member_int (again, "inserted"), ==, 0);
  g_assert_cmpint (member_int (again, "updated"), ==, 0);
  g_assert_cmpint (member_int (again, "unchanged"), ==, 3);
  g_assert_cmpint (member_int (again, "skipped"), ==, 0);
  g_assert_cmpint (count_customers (f->db), ==, 3);

  /* Without --json: a summary for people. */
  {
    g_auto(Result) r = { 0 };
    RUN (&r, f->db, "import", "customers", csv);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "Read 3 rows");
    assert_contains (r.out, "0 new customers, 0 updated, 3 unchanged, 0 skipped");
  }
}

static const char bad_csv[] =
  "nick,name,email\n"
  "tb_a,甲,a@example.com\n"
  "tb_b,乙,not-an-email\n"
  "tb_c,丙,\n";

static void
assert_bad_row_error (JsonNode *root)
{
  JsonArray *errors = json_object_get_array_member (json_node_get_object (root), "errors");
  JsonObject *issue;
  g_autofree char *names = NULL;

  g_assert_cmpuint (json_array_get_length (errors), ==, 1);
  issue = json_array_get_object_element (errors, 0);
  names = member_names (issue);
  g_assert_cmpstr (names, ==, "column,message,row");
  g_assert_cmpint (json_object_get_int_member (issue, "row"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (issue, "column"), ==, "email");
  assert_contains (json_object_get_string_member (issue, "message"), "not-an-email");
}

static void
test_import_abort (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *csv = cli_write_file (f, "bad.csv", bad_csv);
  g_autoptr(JsonNode) root = NULL;

  root = IMPORT_JSON (f, f->db, 1, "import", "customers", csv, "--on-error", "abort", "--json");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "rolled_back"));
  g_assert_cmpint (member_int (root, "inserted"), ==, 0);
  g_assert_cmpint (member_int (root, "updated"), ==, 0);
  assert_bad_row_error (root);
  g_assert_cmpint (count_customers (f->db), ==, 0);

  /* Abort is the default; people read where the error is. */
  {
    g_auto(Result) r = { 0 };
    RUN (&r, f->db, "import", "customers", csv);
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.out, "Nothing was imported");
    assert_contains (r.err, "row 3");
    assert_contains (r.err, "email");
    assert_contains (r.err, "not-an-email");
  }
  {
    g_auto(Result) r = { 0 };
    RUN (&r, f->db, "customers", "count");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "0\n");
  }
}

static void
test_import_skip (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *csv = cli_write_file (f, "bad.csv", bad_csv);
  g_autoptr(JsonNode) root = NULL;

  root = IMPORT_JSON (f, f->db, 0, "import", "customers", csv, "--on-error", "skip", "--json");
  g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "rolled_back"));
  g_assert_cmpint (member_int (root, "rows"), ==, 3);
  g_assert_cmpint (member_int (root, "inserted"), ==, 2);
  g_assert_cmpint (member_int (root, "skipped"), ==, 1);
  assert_bad_row_error (root);
  g_assert_cmpint (count_customers (f->db), ==, 2);
  {
    g_auto(Result) r = { 0 };
    RUN (&r, f->db, "customers", "search", "tb_b");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "");
  }
}

/* The JSON of `customers show ID --json`. */
static JsonNode *
show_json (const char *db,
           gint64      id)
{
  g_auto(Result) r = { 0 };
  g_autofree char *arg = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  RUN (&r, db, "customers", "show", arg, "--json");
  g_assert_cmpint (r.status, ==, 0);
  return parse_json (r.out);
}

/* The ids of `customers list --limit 100000 --json`, in id order. */
static GArray *
list_ids (const char *db)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *array;

  RUN (&r, db, "customers", "list", "--limit", "100000", "--json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (array, i), "id");
      g_array_append_val (ids, id);
    }
  return ids;
}

static gint64
id_of_nick (const char *db,
            const char *nick)
{
  g_autoptr(GArray) ids = list_ids (db);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonNode) c = show_json (db, g_array_index (ids, gint64, i));
      if (g_strcmp0 (json_object_get_string_member (json_node_get_object (c), "nick"), nick) == 0)
        return g_array_index (ids, gint64, i);
    }
  g_test_message ("no customer “%s”", nick);
  g_assert_not_reached ();
  return 0;
}

static void
test_import_map (Fixture       *f,
                 gconstpointer  data)
{
  /* 备注 would be notes; the file uses it for the name. 旺旺号码 is not a header ShopDesk knows. */
  g_autofree char *csv = cli_write_file (f, "mapped.csv",
                                     "旺旺号码,备注,手机\n"
                                     "tb_mapped,钱七,13700007777\n");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *c;
  gint64 id;

  root = IMPORT_JSON (f, f->db, 0, "import", "customers", csv, "--map", "旺旺号码=nick", "--map", "2=name", "--json");
  g_assert_cmpint (member_int (root, "inserted"), ==, 1);
  id = id_of_nick (f->db, "tb_mapped");
  shown = show_json (f->db, id);
  c = json_node_get_object (shown);
  g_assert_cmpstr (json_object_get_string_member (c, "nick"), ==, "tb_mapped");
  g_assert_cmpstr (json_object_get_string_member (c, "name"), ==, "钱七");
  g_assert_cmpstr (json_object_get_string_member (c, "phone"), ==, "+8613700007777");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (c, "notes")), ==, 0);

  /* A field ShopDesk does not know: refused before anything is read, with the list. */
  {
    g_auto(Result) r = { 0 };
    RUN (&r, f->db, "import", "customers", csv, "--map", "备注=nickname");
    g_assert_cmpint (r.status, ==, 1);
    g_assert_cmpstr (r.out, ==, "");
    assert_contains (r.err, "“nickname” is not a field ShopDesk knows");
    assert_contains (r.err, "nick, name, phone");
  }
  /* A column the file does not have. */
  {
    g_auto(Result) r = { 0 };
    RUN (&r, f->db, "import", "customers", csv, "--map", "微信=nick");
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.err, "微信");
  }
  g_assert_cmpint (count_customers (f->db), ==, 1);
}

/* ---- customers ---- */

static const char orders_csv[] =
  "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,订单付款时间,宝贝标题,购买数量,单价,退款金额\n"
  "O1,tb_wang,300.00,交易成功,2024-03-01 10:00:00,2024-03-01 10:01:00,羊毛围巾,2,100.00,\n"
  "O1,tb_wang,300.00,交易成功,2024-03-01 10:00:00,2024-03-01 10:01:00,手套,1,100.00,\n"
  "O2,tb_wang,59.90,等待买家付款,2024-04-01 10:00:00,,帽子,1,59.90,\n"
  "O3,tb_li,88.00,交易成功,2024-02-01 09:00:00,2024-02-01 09:05:00,袜子,4,22.00,\n"
  "O4,tb_li,20.00,交易成功,2024-02-15 09:00:00,2024-02-15 09:05:00,袜子,1,20.00,20.00\n";

static void
shop_with_orders (Fixture *f)
{
  g_autofree char *customers = cli_write_file (f, "customers.csv", customers_csv);
  g_autofree char *orders = cli_write_file (f, "orders.csv", orders_csv);
  g_autoptr(JsonNode) a = IMPORT_JSON (f, f->db, 0, "import", "customers", customers, "--json");
  g_autoptr(JsonNode) b = IMPORT_JSON (f, f->db, 0, "import", "orders", orders, "--json");

  g_assert_cmpint (member_int (a, "inserted"), ==, 3);
  g_assert_cmpint (member_int (b, "inserted"), ==, 4);
  g_assert_cmpint (member_int (b, "customers_created"), ==, 0);
}

static void
test_search_json (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  JsonObject *c;

  shop_with_orders (f);
  RUN (&r, f->db, "customers", "search", "王", "--json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  c = json_array_get_object_element (array, 0);
  {
    static const char *keys[] = { "id", "nick", "name", "phone", "total_spent_cents", "order_count", "last_order_at" };
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      g_assert_true (json_object_has_member (c, keys[i]));
  }
  g_assert_cmpint (json_object_get_int_member (c, "id"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (c, "nick"), ==, "tb_wang");
  g_assert_cmpstr (json_object_get_string_member (c, "name"), ==, "王小明");
  g_assert_cmpstr (json_object_get_string_member (c, "phone"), ==, "+8613912345678");
  g_assert_cmpint (json_object_get_int_member (c, "total_spent_cents"), ==, 30000);
  g_assert_cmpint (json_object_get_int_member (c, "order_count"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (c, "last_order_at"), ==, "2024-03-01T10:00:00+08:00");
  g_clear_pointer (&root, json_node_unref);

  /* Every row has the members; a customer without orders has no last order. */
  RUN (&r, f->db, "customers", "list", "--sort", "total_spent", "--desc", "--json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "nick"), ==, "tb_wang");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "nick"), ==, "tb_li");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1), "total_spent_cents"), ==, 8800);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1), "order_count"), ==, 1);
  c = json_array_get_object_element (array, 2);
  g_assert_cmpstr (json_object_get_string_member (c, "nick"), ==, "tb_zhao");
  g_assert_true (json_object_has_member (c, "last_order_at"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (c, "last_order_at")));
  g_clear_pointer (&root, json_node_unref);

  /* Filters and the count. */
  RUN (&r, f->db, "customers", "count", "--tag", "VIP");
  g_assert_cmpstr (r.out, ==, "2\n");
  RUN (&r, f->db, "customers", "count", "--province", "浙江");
  g_assert_cmpstr (r.out, ==, "1\n");
  RUN (&r, f->db, "customers", "count", "--min-spent", "80");
  g_assert_cmpstr (r.out, ==, "2\n");
  RUN (&r, f->db, "customers", "count", "--min-spent", "100.01");
  g_assert_cmpstr (r.out, ==, "1\n");
  RUN (&r, f->db, "customers", "count", "1111");
  g_assert_cmpstr (r.out, ==, "1\n");

  /* Nothing found: an empty array, or a word on standard error. */
  RUN (&r, f->db, "customers", "search", "不存在", "--json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 0);
  RUN (&r, f->db, "customers", "search", "不存在");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_cmpstr (r.err, !=, "");
}

static void
test_show_json (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *c;
  JsonArray *orders, *items;
  JsonObject *o;
  gint64 id;

  shop_with_orders (f);
  id = id_of_nick (f->db, "tb_wang");
  root = show_json (f->db, id);
  c = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (c, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (c, "name"), ==, "王小明");
  g_assert_cmpstr (json_object_get_string_member (c, "email"), ==, "wang@example.com");
  g_assert_cmpstr (json_object_get_string_member (c, "province"), ==, "浙江省");
  g_assert_cmpstr (json_object_get_string_member (c, "address"), ==, "文三路100号");
  g_assert_cmpstr (json_object_get_string_member (c, "phone_state"), ==, "valid");
  g_assert_cmpint (json_object_get_int_member (c, "total_spent_cents"), ==, 30000);
  g_assert_cmpint (json_object_get_int_member (c, "order_count"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (c, "average_order_cents"), ==, 30000);
  g_assert_cmpint (json_object_get_int_member (c, "refund_count"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (c, "tags")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (c, "tags"), 0), ==, "VIP");

  /* Newest first, each with its items. */
  orders = json_object_get_array_member (c, "orders");
  g_assert_cmpuint (json_array_get_length (orders), ==, 2);
  o = json_array_get_object_element (orders, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "order_id"), ==, "O2");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "WAIT_BUYER_PAY");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "paid_at")));
  o = json_array_get_object_element (orders, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "order_id"), ==, "O1");
  g_assert_cmpint (json_object_get_int_member (o, "amount_cents"), ==, 30000);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "TRADE_FINISHED");
  g_assert_cmpstr (json_object_get_string_member (o, "refund_state"), ==, "none");
  g_assert_cmpstr (json_object_get_string_member (o, "created_at"), ==, "2024-03-01T10:00:00+08:00");
  g_assert_cmpstr (json_object_get_string_member (o, "paid_at"), ==, "2024-03-01T10:01:00+08:00");
  items = json_object_get_array_member (o, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "title"), ==, "羊毛围巾");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "quantity"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "unit_price_cents"), ==, 10000);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "title"), ==, "手套");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "quantity"), ==, 1);

  /* A refunded order shows as one. */
  g_clear_pointer (&root, json_node_unref);
  root = show_json (f->db, id_of_nick (f->db, "tb_li"));
  c = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (c, "total_spent_cents"), ==, 8800);
  g_assert_cmpint (json_object_get_int_member (c, "order_count"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (c, "refund_count"), ==, 1);
  orders = json_object_get_array_member (c, "orders");
  g_assert_cmpuint (json_array_get_length (orders), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (orders, 0), "refund_state"), ==, "full");

  /* No such customer. */
  {
    g_auto(Result) r = { 0 };
    RUN (&r, f->db, "customers", "show", "999");
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.err, "999");
  }
}

static void
test_note_tag_merge (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *wang = NULL, *li = NULL;
  JsonObject *c;
  JsonArray *notes, *tags;
  gint64 wang_id, li_id;

  shop_with_orders (f);
  wang_id = id_of_nick (f->db, "tb_wang");
  li_id = id_of_nick (f->db, "tb_li");
  wang = g_strdup_printf ("%" G_GINT64_FORMAT, wang_id);
  li = g_strdup_printf ("%" G_GINT64_FORMAT, li_id);

  RUN (&r, f->db, "customers", "note", wang, "喜欢蓝色");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Added note");
  RUN (&r, f->db, "customers", "note", wang, "   ");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.err, !=, "");
  RUN (&r, f->db, "customers", "note", "999", "nobody");
  g_assert_cmpint (r.status, ==, 1);

  RUN (&r, f->db, "customers", "tag", wang, "回头客");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "customers", "tag", wang, "a;b");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "tag");
  RUN (&r, f->db, "customers", "tag", wang, "VIP", "--remove");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Removed");

  root = show_json (f->db, wang_id);
  c = json_node_get_object (root);
  notes = json_object_get_array_member (c, "notes");
  g_assert_cmpuint (json_array_get_length (notes), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (notes, 0), "body"), ==, "喜欢蓝色");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (notes, 0), "author"), !=, "");
  tags = json_object_get_array_member (c, "tags");
  g_assert_cmpuint (json_array_get_length (tags), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (tags, 0), ==, "回头客");
  g_clear_pointer (&root, json_node_unref);

  RUN (&r, f->db, "customers", "count", "蓝色");
  g_assert_cmpstr (r.out, ==, "1\n");

  /* Merge: li into wang. */
  RUN (&r, f->db, "customers", "merge", wang, wang);
  g_assert_cmpint (r.status, ==, 1);
  RUN (&r, f->db, "customers", "merge", wang, "999");
  g_assert_cmpint (r.status, ==, 1);
  RUN (&r, f->db, "customers", "merge", wang, li);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Merged");
  RUN (&r, f->db, "customers", "show", li);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpint (count_customers (f->db), ==, 2);

  root = show_json (f->db, wang_id);
  c = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (c, "name"), ==, "王小明");
  g_assert_cmpint (json_object_get_int_member (c, "total_spent_cents"), ==, 30000 + 8800);
  g_assert_cmpint (json_object_get_int_member (c, "order_count"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (c, "refund_count"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (c, "first_order_at"), ==, "2024-02-01T09:00:00+08:00");
  g_assert_cmpstr (json_object_get_string_member (c, "last_order_at"), ==, "2024-03-01T10:00:00+08:00");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (c, "orders")), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (c, "notes")), ==, 2);
}

/* customers edit: fields by name; a --version older than the record's is refused and
 * nothing is written; the new version is said and shown. */
static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *wang = NULL, *v1 = NULL, *expect = NULL;
  JsonObject *c;
  gint64 wang_id, version;

  shop_with_orders (f);
  wang_id = id_of_nick (f->db, "tb_wang");
  wang = g_strdup_printf ("%" G_GINT64_FORMAT, wang_id);
  root = show_json (f->db, wang_id);
  version = json_object_get_int_member (json_node_get_object (root), "version");
  g_assert_cmpint (version, >, 0);
  g_clear_pointer (&root, json_node_unref);
  v1 = g_strdup_printf ("%" G_GINT64_FORMAT, version);

  RUN (&r, f->db, "customers", "edit", wang, "name=王大锤", "city=宁波市", "gender=男", "--version", v1);
  g_assert_cmpint (r.status, ==, 0);
  expect = g_strdup_printf ("version %" G_GINT64_FORMAT, version + 1);
  assert_contains (r.out, expect);
  root = show_json (f->db, wang_id);
  c = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (c, "name"), ==, "王大锤");
  g_assert_cmpstr (json_object_get_string_member (c, "city"), ==, "宁波市");
  g_assert_cmpstr (json_object_get_string_member (c, "gender"), ==, "male");
  g_assert_cmpint (json_object_get_int_member (c, "version"), ==, version + 1);
  g_clear_pointer (&root, json_node_unref);

  /* The version read before that save: refused, nothing written. */
  RUN (&r, f->db, "customers", "edit", wang, "name=王二", "--version", v1);
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "someone saved it after you read it");
  root = show_json (f->db, wang_id);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "name"), ==, "王大锤");

  RUN (&r, f->db, "customers", "edit", wang, "colour=red");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "colour");
  RUN (&r, f->db, "customers", "edit", wang, "email=not-an-email");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "email");
  RUN (&r, f->db, "customers", "edit", wang, "name");
  g_assert_cmpint (r.status, ==, 2);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *li = NULL;
  gint64 li_id;

  shop_with_orders (f);
  li_id = id_of_nick (f->db, "tb_li");
  li = g_strdup_printf ("%" G_GINT64_FORMAT, li_id);

  RUN (&r, f->db, "customers", "delete", li);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Deleted customer");
  RUN (&r, f->db, "customers", "show", li);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpint (count_customers (f->db), ==, 2);
  RUN (&r, f->db, "customers", "search", "tb_li");
  g_assert_cmpstr (r.out, ==, "");
  RUN (&r, f->db, "customers", "delete", li);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");

  /* Who deleted whom stays in the audit log. */
  RUN (&r, f->db, "audit", "list", "--action", "customers.delete", "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonArray *entries = json_node_get_array (root);
    JsonObject *entry;
    g_assert_cmpuint (json_array_get_length (entries), ==, 1);
    entry = json_array_get_object_element (entries, 0);
    g_assert_cmpstr (json_object_get_string_member (entry, "object_id"), ==, li);
    g_assert_cmpstr (json_object_get_string_member (entry, "staff_name"), ==, SD_TEST_OWNER);
  }
}

/* ---- export and the way back ---- */

static const char roundtrip_csv[] =
  "nick,name,phone,email,gender,birthday,province,city,district,address,tags,notes,source,created_at,"
  "sms_opt_out_at,sms_opt_out_reason\n"
  "tb_full,王小明,13912345678,wang@example.com,男,1990-05-01,浙江省,杭州市,西湖区,文三路100号,VIP;老客户,"
  "\"[2024-05-01 13:45:00 王小二] 第一行\n第二行\n[2024-06-01 08:00:00 李四] 要发票\",店铺活动,2023-01-02 03:04:05,"
  "2024-07-01 12:00:00,不想收短信\n"
  "\"=HYPERLINK(\"\"x\"\")\",公式一,,,,,,,,,,,,,,\n"
  "+123,公式二,,,女,,,,,,,,,,,\n"
  "@SUM(1),公式三,,,,,,,,,,,,,,\n"
  "-5,公式四,,,,,广东省,深圳市,南山区,\"科技园, 1号\",,,,,,\n"
  ",只有手机,13800001111,,,,,,,,,,,,,\n";

static void
roundtrip_shop (Fixture *f)
{
  g_autofree char *csv = cli_write_file (f, "source.csv", roundtrip_csv);
  g_autoptr(JsonNode) root = IMPORT_JSON (f, f->db, 0, "import", "customers", csv, "--json");
  g_auto(Result) r = { 0 };

  g_assert_cmpint (member_int (root, "inserted"), ==, 6);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "errors")), ==, 0);
  /* A note written here, with this shop's author. */
  RUN (&r, f->db, "customers", "note", "1", "later note");
  g_assert_cmpint (r.status, ==, 0);
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *out = cli_fixture_file (f, "export.csv");
  g_autofree char *bytes = NULL;
  g_autoptr(SdCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) nicks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(Result) r = { 0 };
  gsize len = 0;
  guint rows = 0, nick_column = G_MAXUINT, phone_column = G_MAXUINT;

  roundtrip_shop (f);
  RUN (&r, f->db, "export", "customers", "--format", "csv", "-o", out);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "6");

  g_file_get_contents (out, &bytes, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 3);
  g_assert_cmpmem (bytes, 3, "\xEF\xBB\xBF", 3);
  g_assert_true (g_str_has_prefix (bytes + 3, "id,platform,nick,name,phone,"));

  /* The cells as a spreadsheet reads them. */
  reader = sd_csv_reader_new_for_path (out, SD_ENCODING_AUTO, &error);
  g_assert_no_error (error);
  g_assert_true (sd_csv_reader_next (reader, &error));
  for (guint i = 0; i < sd_csv_reader_get_n_fields (reader); i++)
    {
      if (g_str_equal (sd_csv_reader_get_field (reader, i), "nick"))
        nick_column = i;
      else if (g_str_equal (sd_csv_reader_get_field (reader, i), "phone"))
        phone_column = i;
    }
  g_assert_cmpuint (nick_column, ==, 2);
  g_assert_cmpuint (phone_column, ==, 4);
  while (sd_csv_reader_next (reader, &error))
    {
      g_hash_table_insert (nicks, g_strdup (sd_csv_reader_get_field (reader, nick_column)),
                           g_strdup (sd_csv_reader_get_field (reader, phone_column)));
      rows++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 6);
  /* Formulas are written as text. */
  g_assert_true (g_hash_table_contains (nicks, "'=HYPERLINK(\"x\")"));
  g_assert_true (g_hash_table_contains (nicks, "'+123"));
  g_assert_true (g_hash_table_contains (nicks, "'@SUM(1)"));
  g_assert_true (g_hash_table_contains (nicks, "'-5"));
  g_assert_cmpstr (g_hash_table_lookup (nicks, "tb_full"), ==, "'+8613912345678");
  g_assert_false (g_hash_table_contains (nicks, "=HYPERLINK(\"x\")"));

  /* To standard output as well. */
  RUN (&r, f->db, "export", "customers");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, bytes);
}

/* `customers show --json` of every customer, without what a new shop numbers anew. */
static char *
shop_dump (const char *db)
{
  g_autoptr(GArray) ids = list_ids (db);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GString) out = g_string_new (NULL);

  json_generator_set_pretty (generator, TRUE);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonNode) node = show_json (db, g_array_index (ids, gint64, i));
      JsonObject *c = json_node_get_object (node);
      JsonArray *notes = json_object_get_array_member (c, "notes");
      g_autofree char *text = NULL;

      json_object_remove_member (c, "id");
      json_object_remove_member (c, "updated_at");
      for (guint n = 0; n < json_array_get_length (notes); n++)
        json_object_remove_member (json_array_get_object_element (notes, n), "id");
      json_generator_set_root (generator, node);
      text = json_generator_to_data (generator, NULL);
      g_string_append (out, text);
      g_string_append_c (out, '\n');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_roundtrip (Fixture    *f,
                  const char *format)
{
  g_autofree char *name = g_strdup_printf ("export.%s", format);
  g_autofree char *out = cli_fixture_file (f, name);
  g_autofree char *fresh_name = g_strdup_printf ("fresh-%s.db", format);
  g_autofree char *fresh = cli_fixture_file (f, fresh_name);
  g_autofree char *before = NULL, *after = NULL, *copy = NULL;
  g_auto(Result) r = { 0 };

  roundtrip_shop (f);
  before = shop_dump (f->db);
  RUN (&r, f->db, "export", "customers", "--format", format, "-o", out);
  g_assert_cmpint (r.status, ==, 0);

  /* Into the same shop: nothing new, nothing changed. */
  {
    g_autoptr(JsonNode) root = IMPORT_JSON (f, f->db, 0, "import", "customers", out, "--json");
    g_assert_cmpint (member_int (root, "rows"), ==, 6);
    g_assert_cmpint (member_int (root, "inserted"), ==, 0);
    g_assert_cmpint (member_int (root, "updated"), ==, 0);
    g_assert_cmpint (member_int (root, "skipped"), ==, 0);
  }
  after = shop_dump (f->db);
  g_assert_cmpstr (after, ==, before);

  /* Into a new shop: the same customers. */
  cli_init_shop (fresh);
  {
    g_autoptr(JsonNode) root = IMPORT_JSON (f, fresh, 0, "import", "customers", out, "--json");
    g_assert_cmpint (member_int (root, "inserted"), ==, 6);
    g_assert_cmpint (member_int (root, "skipped"), ==, 0);
  }
  copy = shop_dump (fresh);
  g_assert_cmpstr (copy, ==, before);
}

static void
test_roundtrip_csv (Fixture       *f,
                    gconstpointer  data)
{
  assert_roundtrip (f, "csv");
}

static void
test_roundtrip_json (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *out = cli_fixture_file (f, "check.json");
  g_autoptr(JsonNode) root = NULL;
  g_auto(Result) r = { 0 };
  JsonArray *array;

  assert_roundtrip (f, "json");

  /* The export is a list of customer objects. */
  RUN (&r, f->db, "export", "customers", "--format", "json", "-o", out);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json_file (out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 6);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *c = json_array_get_object_element (array, i);
      g_assert_true (json_object_has_member (c, "nick"));
      g_assert_true (json_object_has_member (c, "tags"));
      g_assert_true (json_object_has_member (c, "notes"));
      if (g_str_equal (json_object_get_string_member (c, "nick"), "=HYPERLINK(\"x\")"))
        g_assert_cmpstr (json_object_get_string_member (c, "name"), ==, "公式一");
    }
}

/* ---- demo, refused shops, check ---- */

static char *
export_json (const char *db,
             const char *out)
{
  g_auto(Result) r = { 0 };
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  RUN (&r, db, "export", "customers", "--format", "json", "-o", out);
  g_assert_cmpint (r.status, ==, 0);
  g_file_get_contents (out, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_demo_same_seed (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *a = cli_fixture_file (f, "a.db");
  g_autofree char *b = cli_fixture_file (f, "b.db");
  g_autofree char *a_json = cli_fixture_file (f, "a.json");
  g_autofree char *b_json = cli_fixture_file (f, "b.json");
  g_autofree char *a_text = NULL, *b_text = NULL;
  g_auto(Result) r = { 0 };

  cli_init_shop (a);
  cli_init_shop (b);
  RUN (&r, a, "demo", "--customers", "500", "--orders", "2000", "--seed", "7");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "500 customers and 2,000 orders");
  /* The second shop is made in another second of the clock: the seed alone decides. */
  g_usleep (G_USEC_PER_SEC * 11 / 10);
  RUN (&r, b, "demo", "--customers", "500", "--orders", "2000", "--seed", "7");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (count_customers (a), ==, 500);

  a_text = export_json (a, a_json);
  b_text = export_json (b, b_json);
  g_assert_cmpuint (strlen (a_text), >, 500 * 100);
  if (g_strcmp0 (a_text, b_text) != 0)
    {
      guint i = 0;
      while (a_text[i] == b_text[i])
        i++;
      g_test_message ("the exports differ from byte %u: “%.80s” vs “%.80s”", i,
                      a_text + MAX (i, 40) - 40, b_text + MAX (i, 40) - 40);
    }
  g_assert_true (g_str_equal (a_text, b_text));
}

static void
test_demo_refuses_full_shop (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *csv = cli_write_file (f, "one.csv", "nick\ntb_one\n");
  g_autoptr(JsonNode) root = IMPORT_JSON (f, f->db, 0, "import", "customers", csv, "--json");
  g_auto(Result) r = { 0 };

  g_assert_cmpint (member_int (root, "inserted"), ==, 1);
  RUN (&r, f->db, "demo", "--customers", "10", "--orders", "10");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "already has customers");
  g_assert_cmpint (count_customers (f->db), ==, 1);
}

static void
test_refuses_newer_database (Fixture       *f,
                             gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  gsize len_before = 0, len_after = 0;
  sqlite3 *raw = NULL;

  RUN (&r, f->db, "check");
  g_assert_cmpint (r.status, ==, 0);
  /* A later ShopDesk moved the shop to a schema this one does not know. */
  if (sd_test_is_team ())
    sd_test_raw_exec (f->db, "UPDATE shopdesk_schema SET version = 99");
  else
    {
      g_assert_cmpint (sqlite3_open (f->db, &raw), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (raw, "PRAGMA journal_mode=DELETE; PRAGMA user_version = 99", NULL, NULL, NULL), ==,
                       SQLITE_OK);
      sqlite3_close (raw);
      g_assert_true (g_file_get_contents (f->db, &before, &len_before, NULL));
    }

  RUN (&r, f->db, "customers", "count");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "newer ShopDesk");
  RUN (&r, f->db, "demo", "--customers", "5");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "newer ShopDesk");

  /* Left untouched: the file byte for byte; the team database at the version it had. */
  if (sd_test_is_team ())
    {
      g_assert_cmpint (sd_test_raw_exec (f->db, "UPDATE shopdesk_schema SET version = 99 WHERE version = 99"), ==, 1);
      return;
    }
  g_assert_true (g_file_get_contents (f->db, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_check (Fixture       *f,
            gconstpointer  data)
{
  g_auto(Result) r = { 0 };

  RUN (&r, f->db, "demo", "--customers", "50", "--orders", "120", "--seed", "3");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "check");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "consistent");

  /* A file that is no shop at all. */
  {
    g_autofree char *text = cli_write_file (f, "notes.txt", "nick,name\nalice,Alice\n");
    RUN (&r, text, "check");
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.err, "not a ShopDesk shop database");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, cli_fixture_setup, func, cli_fixture_teardown)
#define ADD_SHOP(path, func) \
  g_test_add (path, Fixture, NULL, cli_fixture_setup_shop, func, cli_fixture_teardown)
  ADD ("/cli/help", test_help);
  ADD ("/cli/usage-errors", test_usage_errors);
  ADD ("/cli/import/missing-file", test_import_missing_file);
  ADD_SHOP ("/cli/import/json", test_import_json);
  ADD_SHOP ("/cli/import/abort", test_import_abort);
  ADD_SHOP ("/cli/import/skip", test_import_skip);
  ADD_SHOP ("/cli/import/map", test_import_map);
  ADD_SHOP ("/cli/customers/search-json", test_search_json);
  ADD_SHOP ("/cli/customers/show-json", test_show_json);
  ADD_SHOP ("/cli/customers/note-tag-merge", test_note_tag_merge);
  ADD_SHOP ("/cli/customers/edit", test_edit);
  ADD_SHOP ("/cli/customers/delete", test_delete);
  ADD_SHOP ("/cli/export/csv", test_export_csv);
  ADD_SHOP ("/cli/export/roundtrip-csv", test_roundtrip_csv);
  ADD_SHOP ("/cli/export/roundtrip-json", test_roundtrip_json);
  ADD ("/cli/demo/same-seed", test_demo_same_seed);
  ADD_SHOP ("/cli/demo/refuses-full-shop", test_demo_refuses_full_shop);
  ADD_SHOP ("/cli/db/refuses-newer", test_refuses_newer_database);
  ADD_SHOP ("/cli/check", test_check);
#undef ADD_SHOP
#undef ADD

  return g_test_run ();
}
