/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-cli.h"
#include "sd-test-util.h"

#include "sd-agent-store-private.h"
#include "sd-audit.h"
#include "sd-cases.h"
#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-demo-shop.h"
#include "sd-error.h"
#include "sd-session.h"
#include "sd-team.h"

/* Moving a shop file into a team database (PostgreSQL): everything copied, checked table by
 * table, the team shop opened by its owner as it was; refusals that leave both sides as
 * they were. Needs a PostgreSQL server (sd_test_pg_url ()); skipped without one. */

#define NOW 1795400000

typedef struct
{
  char      *dir;
  char      *file;      /* the shop file */
  char      *team;      /* an empty team database */
  SdSession *owner;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *why = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *team_key = NULL;

  if (sd_test_pg_url (&why) == NULL)
    {
      g_test_skip (why);
      return;
    }
  f->dir = sd_test_make_dir ();
  f->file = g_build_filename (f->dir, "shop.db", NULL);
  team_key = g_build_filename (f->dir, "team", NULL);
  f->team = sd_test_team_database (team_key);
  f->owner = sd_test_new_shop (f->file);
  g_assert_true (sd_demo_shop_fill (f->owner, 400, 1600, 3, NOW, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->owner);
  if (f->dir != NULL)
    sd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->file);
  g_free (f->team);
}

static gint64
count_in (const char *where,
          const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = sd_db_open (where, &error);

  g_assert_no_error (error);
  return _sd_db_query_int (db, sql, -1);
}

/* Every table arrives with the same rows; the owner logs in to the team shop with the same
 * password and finds the same customers, notes, tags, cases and history; new rows there get
 * new ids after the copied ones. */
static void
test_move_whole (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(SdSession) team_owner = NULL;
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  g_autoptr(GPtrArray) found_file = NULL;
  g_autoptr(GPtrArray) found_team = NULL;
  SdCaseOpen open = { SD_CASE_COMPLAINT, 7, 0, 0, "物流太慢", "买家催了三次", 0 };
  gint64 case_id, note_id = 0, new_id;
  gboolean saw_customers = FALSE, saw_notes = FALSE;

  if (f->owner == NULL)
    return;

  g_assert_true (sd_customers_add_note (f->owner, 7, "老客户，爱买茶叶\n第二行\t带制表符 \\ 和反斜杠", &note_id, &error));
  g_assert_true (sd_customers_add_tag (f->owner, 7, "VIP", &error));
  g_assert_no_error (error);
  case_id = sd_cases_open (f->owner, &open, &error);
  g_assert_no_error (error);
  g_assert_cmpint (case_id, >, 0);

  checks = sd_team_move_shop (f->owner, f->team, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (checks);
  g_assert_cmpuint (checks->len, >=, 30);
  for (guint i = 0; i < checks->len; i++)
    {
      SdTeamTableCheck *check = checks->pdata[i];
      g_assert_cmpint (check->rows_file, ==, check->rows_team);
      g_assert_cmpstr (check->checksum_file, ==, check->checksum_team);
      g_assert_cmpuint (strlen (check->checksum_file), ==, 64);
      if (g_str_equal (check->table, "customers"))
        {
          saw_customers = TRUE;
          g_assert_cmpint (check->rows_file, ==, 400);
        }
      if (g_str_equal (check->table, "customer_notes"))
        {
          saw_notes = TRUE;
          g_assert_cmpint (check->rows_file, ==, 1);
        }
      /* The search index is the file's own: a team database searches with pg_trgm. */
      g_assert_false (g_str_has_prefix (check->table, "search_"));
    }
  g_assert_true (saw_customers && saw_notes);

  team_owner = sd_test_login_owner (f->team);
  g_assert_cmpint (sd_test_count_customers (team_owner), ==, 400);
  g_assert_cmpint (sd_test_query_int (team_owner, "SELECT count(*) FROM orders"), ==, 1600);
  {
    g_autofree char *body = sd_test_query_text (team_owner, "SELECT body FROM customer_notes WHERE id = %" G_GINT64_FORMAT,
                                                note_id);
    g_assert_cmpstr (body, ==, "老客户，爱买茶叶\n第二行\t带制表符 \\ 和反斜杠");
  }
  {
    g_autoptr(SdCase) kept = sd_cases_get (team_owner, case_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (kept->title, ==, "物流太慢");
  }
  /* The move is in the audit log on both sides. */
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_SHOP_MOVE), ==, 1);
  g_assert_cmpuint (sd_test_audit_count (team_owner, SD_AUDIT_SHOP_MOVE), ==, 1);

  /* The same search finds the same customers in the same order. */
  query->text = g_strdup ("王");
  found_file = sd_customers_find (f->owner, query, NULL, 50, &error);
  g_assert_no_error (error);
  found_team = sd_customers_find (team_owner, query, NULL, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found_team->len, ==, found_file->len);
  g_assert_cmpuint (found_team->len, >, 0);
  for (guint i = 0; i < found_file->len; i++)
    g_assert_cmpint (((SdCustomer *) found_team->pdata[i])->id, ==, ((SdCustomer *) found_file->pdata[i])->id);

  new_id = sd_test_add_customer (team_owner, "tb_new_after_move", "新顾客", "13800138000");
  g_assert_cmpint (new_id, ==, 401);
  g_assert_cmpint (count_in (f->file, "SELECT count(*) FROM customers"), ==, 400);
}

/* A team database that holds a shop already, or another program's tables, is refused and
 * left as it was; so is the file, audit log and all. */
static void
test_move_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(SdDb) bare = NULL;
  guint audit_before;

  if (f->owner == NULL)
    return;
  audit_before = sd_test_audit_count (f->owner, NULL);
  bare = _sd_db_open_bare (f->team, &error);
  g_assert_no_error (error);
  g_assert_true (_sd_db_exec (bare, "CREATE TABLE invoices (id bigint); INSERT INTO invoices VALUES (1)", &error));
  g_assert_no_error (error);
  g_assert_null (sd_team_move_shop (f->owner, f->team, NULL, NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_cmpint (_sd_db_query_int (bare, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", -1), ==, 1);
  g_assert_cmpuint (sd_test_audit_count (f->owner, NULL), ==, audit_before);

  g_assert_true (_sd_db_exec (bare, "DROP TABLE invoices", &error));
  checks = sd_team_move_shop (f->owner, f->team, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&checks, g_ptr_array_unref);
  g_assert_null (sd_team_move_shop (f->owner, f->team, NULL, NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (count_in (f->team, "SELECT count(*) FROM customers"), ==, 400);

  /* Not an address of PostgreSQL's; not the owner. */
  g_assert_null (sd_team_move_shop (f->owner, "/tmp/elsewhere.db", NULL, NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  {
    g_autoptr(SdSession) clerk = sd_test_staff_session (f->owner, "小李", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
    g_assert_null (sd_team_move_shop (clerk, f->team, NULL, NULL, NULL, &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  }
}

/* migrate --to as a user runs it: the table of counts and checksums, or JSON; the usage
 * errors; the password left out of what is printed. */
static void
test_cli_migrate (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *tables;

  if (f->owner == NULL)
    return;
  RUN (&r, f->file, "migrate");
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "--to postgresql://");
  RUN (&r, f->file, "migrate", "--to", "/tmp/x.db");
  g_assert_cmpint (r.status, ==, 2);

  RUN (&r, f->file, "migrate", "--to", f->team, "--json");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  tables = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (tables), >=, 30);
  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *t = json_array_get_object_element (tables, i);
      g_assert_cmpint (json_object_get_int_member (t, "rows"), ==, json_object_get_int_member (t, "rows_copied"));
      g_assert_cmpstr (json_object_get_string_member (t, "sha256"), ==,
                       json_object_get_string_member (t, "sha256_copied"));
    }

  /* The team shop answers the CLI like the file did. */
  RUN (&r, f->team, "customers", "count");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (g_strstrip (r.out), ==, "400");
  RUN (&r, f->file, "migrate", "--to", f->team);
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "already holds a shop");
}

typedef struct
{
  const char *url;
  gint64      id;
  gboolean    waiting;
} SecondRouter;

static gpointer
second_router_thread (gpointer data)
{
  SecondRouter *second = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = sd_db_open (second->url, &error);

  g_assert_no_error (error);
  g_assert_true (sd_db_begin (db, &error));
  second->waiting = _sd_agent_store_still_waiting (db, second->id);
  sd_db_rollback (db);
  return NULL;
}

/* Two desktops routing one waiting conversation: the second waits for the first's
 * transaction and then finds it taken, so it is never given to two agents. */
static void
test_routing_waits (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) first = NULL;
  SecondRouter second = { 0 };
  GThread *thread;

  if (f->owner == NULL)
    return;
  first = sd_db_open (f->team, &error);
  g_assert_no_error (error);
  g_assert_true (_sd_db_exec (first, "INSERT INTO conversations (channel, opened_at) VALUES ('demo', 1)", &error));
  g_assert_no_error (error);
  second.url = f->team;
  second.id = _sd_db_query_int (first, "SELECT max (id) FROM conversations", 0);

  g_assert_true (sd_db_begin (first, &error));
  g_assert_true (_sd_agent_store_still_waiting (first, second.id));
  thread = g_thread_new ("second-router", second_router_thread, &second);
  /* The second blocks on the row; meanwhile the first gives it to its agent. */
  g_usleep (300 * 1000);
  g_assert_true (_sd_db_exec (first, "UPDATE conversations SET state = 'open'", &error));
  g_assert_no_error (error);
  g_assert_true (sd_db_commit (first, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_false (second.waiting);
}

static void
test_url_for_display (void)
{
  g_autofree char *a = sd_team_url_for_display ("postgresql://shop:s3cret@db.example:5432/shop");
  g_autofree char *b = sd_team_url_for_display ("postgresql://shop@db.example/shop");
  g_autofree char *c = sd_team_url_for_display ("postgresql://db.example/shop?user=a");

  g_assert_cmpstr (a, ==, "postgresql://shop@db.example:5432/shop");
  g_assert_cmpstr (b, ==, "postgresql://shop@db.example/shop");
  g_assert_cmpstr (c, ==, "postgresql://db.example/shop?user=a");
}

static gint64
count_text (SdSession  *session,
            const char *text)
{
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  g_autoptr(GError) error = NULL;
  gint64 count;

  query->text = g_strdup (text);
  count = sd_customers_count (session, query, &error);
  g_assert_no_error (error);
  return count;
}

/* A team shop of schema 8 (before customer versions and change notices) is brought up to
 * date when opened: the column, every notice trigger, the search's folded texts and their
 * indexes, the version record; nothing lost. */
static void
test_migrates_from_8 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(SdSession) team_owner = NULL;
  gint64 expected;

  if (f->owner == NULL)
    return;
  g_assert_true (sd_customers_add_note (f->owner, 7, "老客户，爱买茶叶", NULL, &error));
  g_assert_no_error (error);
  checks = sd_team_move_shop (f->owner, f->team, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  sd_test_raw_exec (f->team, "ALTER TABLE customers DROP COLUMN row_version");
  sd_test_raw_exec (f->team, "DROP FUNCTION sd_notify_change () CASCADE");
  /* Schema 8's search: trigram indexes over the folding itself, no folded columns. */
  sd_test_raw_exec (f->team, "ALTER TABLE customers DROP COLUMN search_text");
  sd_test_raw_exec (f->team, "ALTER TABLE customer_notes DROP COLUMN search_body");
  sd_test_raw_exec (f->team, "DROP FUNCTION sd_chars (text)");
  sd_test_raw_exec (f->team, "CREATE INDEX customers_search ON customers USING gin "
                             "(sd_customer_text (name, nick, province, city, district, address) gin_trgm_ops)");
  sd_test_raw_exec (f->team, "CREATE INDEX customer_notes_search ON customer_notes USING gin "
                             "(sd_fold (body) gin_trgm_ops)");
  /* … and sort indexes of the key alone. */
  sd_test_raw_exec (f->team, "DROP INDEX customers_order_count");
  sd_test_raw_exec (f->team, "CREATE INDEX customers_order_count ON customers (order_count)");
  sd_test_raw_exec (f->team, "UPDATE shopdesk_schema SET version = 8");
  {
    g_autoptr(SdDb) bare = _sd_db_open_bare (f->team, &error);
    g_assert_no_error (error);
    g_assert_cmpint (_sd_db_query_int (bare, "SELECT count (*) FROM pg_trigger WHERE tgname LIKE '%\\_notify'", -1), ==, 0);
  }

  g_assert_cmpint (count_in (f->team, "SELECT version FROM shopdesk_schema"), ==, SD_SCHEMA_VERSION);
  g_assert_cmpint (count_in (f->team, "SELECT count (*) FROM customers WHERE row_version = 1"), ==, 400);
  g_assert_cmpint (count_in (f->team, "SELECT count (*) FROM pg_trigger WHERE tgname LIKE '%\\_notify'"), >=, 20);
  g_assert_cmpint (count_in (f->team, "SELECT count (*) FROM customers WHERE search_text = "
                                      "sd_customer_text (name, nick, province, city, district, address)"), ==, 400);
  g_assert_cmpint (count_in (f->team, "SELECT count (*) FROM pg_indexes WHERE indexname IN ('customers_search', "
                                      "'customers_search_chars', 'customers_search_phone', 'customer_notes_search', "
                                      "'customer_notes_search_chars') AND indexdef NOT LIKE '%sd_customer_text%' "
                                      "AND indexdef NOT LIKE '%sd_fold%'"), ==, 5);
  g_assert_cmpint (count_in (f->team, "SELECT count (*) FROM pg_indexes WHERE indexname LIKE 'customers\\_%' "
                                      "AND indexdef LIKE '%, id)'"), ==, 7);

  /* The same customers are found as by schema 8's search, by one character (the note's
   * customer and others by their names or addresses) and by three (the note's alone). */
  team_owner = sd_test_login_owner (f->team);
  expected = count_in (f->team, "SELECT count (*) FROM customers AS c WHERE strpos (sd_customer_text (c.name, c.nick, "
                                "c.province, c.city, c.district, c.address), '茶') > 0 OR EXISTS (SELECT 1 FROM "
                                "customer_notes AS n WHERE n.customer_id = c.id AND strpos (sd_fold (n.body), '茶') > 0)");
  g_assert_cmpint (expected, >, 1);
  g_assert_cmpint (count_text (team_owner, "茶"), ==, expected);
  g_assert_cmpint (count_text (team_owner, "爱买茶"), ==, 1);
  g_assert_cmpint (count_text (team_owner, "买茶叶啊"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/team/url-for-display", test_url_for_display);
  g_test_add ("/core/team/move/whole", Fixture, NULL, fixture_set_up, test_move_whole, fixture_tear_down);
  g_test_add ("/core/team/move/refused", Fixture, NULL, fixture_set_up, test_move_refused, fixture_tear_down);
  g_test_add ("/core/team/move/cli", Fixture, NULL, fixture_set_up, test_cli_migrate, fixture_tear_down);
  g_test_add ("/core/team/migrates-from-8", Fixture, NULL, fixture_set_up, test_migrates_from_8, fixture_tear_down);
  g_test_add ("/core/team/routing-waits", Fixture, NULL, fixture_set_up, test_routing_waits, fixture_tear_down);
  return g_test_run ();
}
