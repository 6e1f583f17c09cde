/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-rfm.h"


static char *
temp_db_path (void)
{
  g_autofree char *dir = sd_test_make_dir ();

  return g_build_filename (dir, "shop.db", NULL);
}

static void
test_open_creates_schema (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = sd_db_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpint (sd_db_get_schema_version (db), ==, SD_SCHEMA_VERSION);
  g_assert_cmpint (_sd_db_query_int (db, "PRAGMA foreign_keys", -1), ==, 1);
  g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'customers'", 0), ==, 1);
  g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'search_postings'", 0), ==, 1);
  {
    g_autofree char *report = NULL;
    g_assert_true (sd_db_integrity_check (db, &report, &error));
    g_assert_cmpstr (report, ==, "ok");
  }
}

static void
refuses_version (int version)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *bump = g_strdup_printf ("PRAGMA journal_mode=DELETE; PRAGMA user_version = %d", version);
  g_autofree char *shown = g_strdup_printf ("schema %d", version);
  gsize len_before = 0, len_after = 0;
  sqlite3 *raw = NULL;

  {
    g_autoptr(SdDb) db = sd_db_open (path, &error);
    g_assert_no_error (error);
    g_assert_nonnull (db);
  }
  /* A future ShopDesk bumped the version. */
  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, bump, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  g_assert_true (g_file_get_contents (path, &before, &len_before, NULL));
  {
    g_autoptr(SdDb) db = sd_db_open (path, &error);
    g_assert_null (db);
    g_assert_error (error, SD_ERROR, SD_ERROR_TOO_NEW);
    g_assert_nonnull (strstr (error->message, "newer ShopDesk"));
    g_assert_nonnull (strstr (error->message, shown));
  }
  g_assert_true (g_file_get_contents (path, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);
}

/* Refused, the file untouched: the next version, and one far ahead. */
static void
test_open_refuses_newer (void)
{
  refuses_version (SD_SCHEMA_VERSION + 1);
  refuses_version (99);
}

static void
test_open_refuses_foreign (void)
{
  g_autofree char *path = temp_db_path ();
  g_autofree char *text_path = temp_db_path ();
  g_autoptr(GError) error = NULL;
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TABLE recipes (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  g_assert_null (sd_db_open (path, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "another program"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text_path, "nick,name\nalice,Alice\n", -1, NULL));
  g_assert_null (sd_db_open (text_path, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "not a ShopDesk shop database"));
}

static void
test_migrate_from_v1 (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(SdDb) db = _sd_db_open_at_version (path, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (sd_db_get_schema_version (db), ==, 1);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'search_postings'", 0), ==, 0);
    g_assert_true (_sd_db_exec (db, "INSERT INTO customers (nick, name, created_at, updated_at) "
                                    "VALUES ('tb_alice', '王芳', 1, 1), ('tb_bob', '李强', 1, 1)", &error));
  }
  {
    g_autoptr(SdDb) db = sd_db_open (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (sd_db_get_schema_version (db), ==, SD_SCHEMA_VERSION);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM customers", 0), ==, 2);
    /* Customers that predate the index are searched through the dirty list. */
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM search_dirty", 0), ==, 2);
    /* The counters start from what the older file holds. */
    g_assert_cmpint (_sd_db_get_count (db, SD_COUNTER_CUSTOMERS), ==, 2);
    g_assert_cmpint (_sd_db_get_count (db, SD_COUNTER_ORDERS), ==, 0);
    {
      g_autofree char *report = NULL;
      g_assert_true (sd_db_integrity_check (db, &report, &error));
    }
  }
}

/* Version 4 adds the tier ladder, tier rules and history, RFM scores and segments; the
 * customers of an older file start with no grade and no scores. */
static void
test_migrate_from_v3 (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(SdDb) db = _sd_db_open_at_version (path, 3, &error);
    g_assert_no_error (error);
    g_assert_cmpint (sd_db_get_schema_version (db), ==, 3);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'segments'", 0), ==, 0);
    g_assert_true (_sd_db_exec (db, "INSERT INTO customers (nick, name, created_at, updated_at, total_spent_cents, order_count) "
                                    "VALUES ('tb_alice', '王芳', 1, 1, 120000, 3);"
                                    "UPDATE counters SET value = value + 1 WHERE name = 'customers'", &error));
  }
  {
    g_autoptr(SdDb) db = sd_db_open (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (sd_db_get_schema_version (db), ==, SD_SCHEMA_VERSION);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
                                           "('segments', 'tier_grades', 'tier_rules', 'tier_history', 'rfm_cuts')", 0), ==, 5);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                                           "('customer_standing_tier', 'tier_history_customer')", 0), ==, 2);
    /* The default ladder: five grades, grade 0 the floor, discounts deepening upwards. */
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM tier_grades WHERE enabled", 0), ==, 5);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT threshold FROM tier_grades WHERE grade = 0", -1), ==, 0);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT discount_permille FROM tier_grades WHERE grade = 4", 0), ==, 850);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT tier FROM customer_standing", 0), ==, -1);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT tier_pinned + custom_tier_id + rfm_r + rfm_f + rfm_m FROM customer_standing", -1), ==, 0);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM customer_standing WHERE tier_pin_reason = ''", 0), ==, 1);
    /* What the checks refuse. */
    g_assert_false (_sd_db_exec (db, "UPDATE tier_grades SET discount_permille = 690 WHERE grade = 4", NULL));
    g_assert_false (_sd_db_exec (db, "INSERT INTO tier_grades (grade) VALUES (5)", NULL));
    g_assert_false (_sd_db_exec (db, "INSERT INTO tier_history (customer_id, from_tier, to_tier, at, cause) "
                                     "VALUES (1, -1, 0, 1, 'whim')", NULL));
    g_assert_true (_sd_db_exec (db, "INSERT INTO segments (name, expression, created_at, updated_at) "
                                    "VALUES ('老客', 'order_count >= 2', 1, 1)", &error));
    g_assert_false (_sd_db_exec (db, "INSERT INTO segments (name, expression, created_at, updated_at) "
                                     "VALUES ('老客', 'order_count >= 3', 1, 1)", NULL));
    {
      g_autofree char *report = NULL;
      g_assert_true (sd_db_integrity_check (db, &report, &error));
      g_assert_cmpstr (report, ==, "ok");
    }
  }
}

/* Version 5 moves each customer's grade, pin, custom tier and RFM scores out of customers
 * into customer_standing, and rebuilds tier_history: a version-4 file with all of them
 * set keeps every value, and the old columns and index are gone. */
static void
test_migrate_from_v4 (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(SdDb) db = _sd_db_open_at_version (path, 4, &error);
    g_assert_no_error (error);
    g_assert_cmpint (sd_db_get_schema_version (db), ==, 4);
    g_assert_true (_sd_db_exec (db,
        "INSERT INTO tier_rules (id, name, priority, condition, created_at, updated_at) "
        "  VALUES (7, '高价值', 0, 'total_spent >= 1000', 1, 1);"
        "INSERT INTO customers (id, nick, name, created_at, updated_at, total_spent_cents, order_count,"
        "  tier, tier_pinned, tier_pin_reason, custom_tier_id, rfm_r, rfm_f, rfm_m, rfm_group) VALUES"
        "  (1, 'tb_alice', '王芳', 1, 1, 120000, 3, 2, 0, '', 7, 5, 4, 3, 'champions'),"
        "  (2, 'tb_bob', '李强', 1, 1, 0, 0, 4, 1, '老板的朋友', 0, 0, 0, 0, ''),"
        "  (3, 'tb_carol', '张静', 1, 1, 0, 0, -1, 0, '', 0, 0, 0, 0, '');"
        "UPDATE counters SET value = value + 3 WHERE name = 'customers';"
        "INSERT INTO tier_history (customer_id, from_tier, to_tier, from_custom_tier_id, to_custom_tier_id, at, cause, detail)"
        "  VALUES (1, -1, 2, 0, 7, 100, 'import', 'orders.csv'), (2, 0, 4, 0, 0, 200, 'manual', '老板的朋友');",
        &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(SdDb) db = sd_db_open (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (sd_db_get_schema_version (db), ==, SD_SCHEMA_VERSION);

    /* Every value where it was; the group (champions) is now read from the scores. */
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM customer_standing", 0), ==, 3);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM customer_standing WHERE customer_id = 1 AND tier = 2 "
                                           "AND tier_pinned = 0 AND custom_tier_id = 7 AND rfm_r = 5 AND rfm_f = 4 "
                                           "AND rfm_m = 3", 0), ==, 1);
    g_assert_cmpint (sd_rfm_group_for_scores (5, 4), ==, SD_RFM_GROUP_CHAMPIONS);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM customer_standing WHERE customer_id = 2 AND tier = 4 "
                                           "AND tier_pinned = 1 AND tier_pin_reason = '老板的朋友' "
                                           "AND rfm_r + rfm_f + rfm_m = 0", 0), ==, 1);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT tier FROM customer_standing WHERE customer_id = 3", 0), ==, -1);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM tier_history", 0), ==, 2);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM tier_history WHERE customer_id = 1 AND from_tier = -1 "
                                           "AND to_tier = 2 AND to_custom_tier_id = 7 AND at = 100 AND cause = 'import' "
                                           "AND detail = 'orders.csv'", 0), ==, 1);

    /* The old columns and their index are gone; the new index is there. */
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM pragma_table_info ('customers') WHERE name IN "
                                           "('tier', 'tier_pinned', 'tier_pin_reason', 'custom_tier_id', "
                                           "'rfm_r', 'rfm_f', 'rfm_m', 'rfm_group')", -1), ==, 0);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'customers_tier'", -1), ==, 0);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                                           "('customer_standing_tier', 'tier_history_customer')", 0), ==, 2);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM customers WHERE nick = 'tb_alice' "
                                           "AND total_spent_cents = 120000 AND order_count = 3", 0), ==, 1);

    /* The rebuilt history still refuses an unknown cause and takes the known ones. */
    g_assert_false (_sd_db_exec (db, "INSERT INTO tier_history (customer_id, from_tier, to_tier, at, cause) "
                                     "VALUES (1, -1, 0, 1, 'whim')", NULL));
    g_assert_true (_sd_db_exec (db, "INSERT INTO tier_history (customer_id, from_tier, to_tier, at, cause) "
                                    "VALUES (1, 2, 3, 300, 'unpin')", &error));
    g_assert_no_error (error);

    /* A new customer has a standing row, not computed yet; a customer who goes takes
     * theirs and their history along. */
    g_assert_true (_sd_db_exec (db, "INSERT INTO customers (id, nick, created_at, updated_at) VALUES (4, 'tb_dan', 1, 1)",
                                &error));
    g_assert_no_error (error);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT tier * 10 + tier_pinned FROM customer_standing WHERE customer_id = 4",
                                       0), ==, -10);
    g_assert_true (_sd_db_exec (db, "DELETE FROM customers WHERE id = 1", &error));
    g_assert_no_error (error);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM customer_standing WHERE customer_id = 1", -1), ==, 0);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM tier_history WHERE customer_id = 1", -1), ==, 0);
    g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM tier_history", -1), ==, 1);
    {
      g_autofree char *report = NULL;
      g_assert_true (sd_db_integrity_check (db, &report, &error));
      g_assert_cmpstr (report, ==, "ok");
    }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/db/open-creates-schema", test_open_creates_schema);
  g_test_add_func ("/core/db/refuses-newer", test_open_refuses_newer);
  g_test_add_func ("/core/db/refuses-foreign", test_open_refuses_foreign);
  g_test_add_func ("/core/db/migrate-from-v1", test_migrate_from_v1);
  g_test_add_func ("/core/db/migrate-from-v3", test_migrate_from_v3);
  g_test_add_func ("/core/db/migrate-from-v4", test_migrate_from_v4);
  return g_test_run ();
}
