/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

#include "sd-customers.h"
#include "sd-demo-shop.h"
#include "sd-error.h"
#include "sd-shop.h"

/* Shops made with sd_shop_create, and the calls the window pages a list with. */

static char *
new_path (void)
{
  g_autofree char *dir = sd_test_make_dir ();

  return sd_test_shop_where (dir, "shop.db");
}

static void
test_create_names_the_shop (void)
{
  g_autofree char *path = new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = sd_shop_create (path, "  小王的店 ", "王小明", SD_TEST_PASSWORD, &error);
  g_autofree char *name = NULL;

  g_assert_no_error (error);
  name = sd_shop_get_name (session);
  g_assert_cmpstr (name, ==, "小王的店");
  g_assert_cmpstr (sd_session_get_staff_name (session), ==, "王小明");
  g_assert_true (sd_session_is_owner (session));

  g_assert_true (sd_shop_set_name (session, "小王的新店", &error));
  g_assert_no_error (error);
  g_free (name);
  name = sd_shop_get_name (session);
  g_assert_cmpstr (name, ==, "小王的新店");
}

static void
test_create_refuses_bad_input (void)
{
  g_autofree char *path = new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) db = NULL;
  g_autoptr(SdSession) again = NULL;

  db = sd_shop_create (path, "   ", "王小明", SD_TEST_PASSWORD, &error);
  g_assert_null (db);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "shop name"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  db = sd_shop_create (path, "小王的店", "", SD_TEST_PASSWORD, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "owner name"));
  g_clear_error (&error);

  db = sd_shop_create (path, "小王的店", "王小明", "short", &error);
  g_assert_null (db);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "8 characters"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  db = sd_shop_create (path, "小王的店", "王小明", SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  /* An existing file is never taken over. */
  again = sd_shop_create (path, "别的店", "别人", SD_TEST_PASSWORD, &error);
  g_assert_null (again);
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
}

static void
test_suggest_path (void)
{
  g_autofree char *home = sd_test_make_dir ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *folder = NULL;

  g_setenv ("XDG_DATA_HOME", home, TRUE);
  a = sd_shop_suggest_path ("小王的店 2号");
  expected = g_build_filename (home, "shopdesk", "小王的店-2号.db", NULL);
  g_assert_cmpstr (a, ==, expected);

  folder = g_path_get_dirname (a);
  g_mkdir_with_parents (folder, 0700);
  g_file_set_contents (a, "", 0, NULL);
  b = sd_shop_suggest_path ("小王的店 2号");
  g_assert_true (g_str_has_suffix (b, "小王的店-2号-2.db"));
  c = sd_shop_suggest_path ("!!!");
  g_assert_true (g_str_has_suffix (c, G_DIR_SEPARATOR_S "shop.db"));
}

typedef struct
{
  char      *path;
  SdDb      *db;
  SdSession *session;
} Demo;

static void
demo_setup (Demo          *demo,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  demo->path = new_path ();
  demo->session = sd_test_new_shop (demo->path);
  demo->db = sd_db_ref (sd_session_get_db (demo->session));
  sd_demo_shop_fill (demo->session, 3000, 15000, 11, 1763740800, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
demo_teardown (Demo          *demo,
               gconstpointer  data)
{
  g_assert_finalize_object (demo->session);
  g_clear_pointer (&demo->db, sd_db_unref);
  g_free (demo->path);
}

/* Every id the query matches, by paging with the keyset calls. */
static GArray *
ids_by_pages (SdSession             *session,
              const SdCustomerQuery *query)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(SdCustomerCursor) cursor = NULL;

  for (;;)
    {
      g_autoptr(GPtrArray) page = sd_customers_find (session, query, cursor, 500, NULL);
      g_assert_nonnull (page);
      if (page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++)
        g_array_append_val (ids, ((SdCustomer *) g_ptr_array_index (page, i))->id);
      g_clear_pointer (&cursor, sd_customer_cursor_free);
      cursor = sd_customers_cursor_after (query, g_ptr_array_index (page, page->len - 1));
    }
  return ids;
}

static void
test_list_ids_in_query_order (Demo          *demo,
                              gconstpointer  data)
{
  static const struct { SdCustomerSort sort; gboolean descending; const char *province; gint64 min_spent; const char *text; } cases[] = {
    { SD_CUSTOMER_SORT_ID, FALSE, NULL, -1, NULL },
    { SD_CUSTOMER_SORT_NAME, FALSE, NULL, -1, NULL },
    { SD_CUSTOMER_SORT_TOTAL_SPENT, TRUE, NULL, -1, NULL },
    { SD_CUSTOMER_SORT_CITY, FALSE, "广东", -1, NULL },
    { SD_CUSTOMER_SORT_LAST_ORDER, TRUE, NULL, 100000, NULL },
    { SD_CUSTOMER_SORT_PHONE, TRUE, NULL, -1, "王" },
    { SD_CUSTOMER_SORT_ORDER_COUNT, FALSE, NULL, -1, "8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
      g_autoptr(GArray) listed = NULL;
      g_autoptr(GArray) paged = NULL;
      g_autoptr(GError) error = NULL;

      query->sort = cases[i].sort;
      query->descending = cases[i].descending;
      query->province = g_strdup (cases[i].province);
      query->min_spent_cents = cases[i].min_spent;
      query->text = g_strdup (cases[i].text);

      listed = sd_customers_list_ids (demo->session, query, NULL, &error);
      g_assert_no_error (error);
      paged = ids_by_pages (demo->session, query);
      g_assert_cmpuint (listed->len, ==, paged->len);
      g_assert_cmpint (listed->len, ==, sd_customers_count (demo->session, query, NULL));
      g_assert_cmpuint (listed->len, >, 0);
      g_assert_cmpmem (listed->data, listed->len * sizeof (gint64), paged->data, paged->len * sizeof (gint64));
    }
}

static void
test_list_ids_cancelled (Demo          *demo,
                         gconstpointer  data)
{
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  g_cancellable_cancel (cancellable);
  ids = sd_customers_list_ids (demo->session, query, cancellable, &error);
  g_assert_null (ids);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_get_many_in_order (Demo          *demo,
                        gconstpointer  data)
{
  gint64 ids[] = { 42, 7, 999999, 1, 42 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = sd_customers_get_many (demo->session, ids, G_N_ELEMENTS (ids), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpint (((SdCustomer *) rows->pdata[0])->id, ==, 42);
  g_assert_cmpint (((SdCustomer *) rows->pdata[1])->id, ==, 7);
  /* A customer that does not exist has its place kept, empty. */
  g_assert_null (rows->pdata[2]);
  g_assert_cmpint (((SdCustomer *) rows->pdata[3])->id, ==, 1);
  /* Asked twice, there twice. */
  g_assert_cmpint (((SdCustomer *) rows->pdata[4])->id, ==, 42);
  g_assert_true (rows->pdata[4] != rows->pdata[0]);
  {
    g_autoptr(SdCustomer) one = sd_customers_get (demo->session, 7, NULL);
    g_assert_cmpstr (((SdCustomer *) rows->pdata[1])->name, ==, one->name);
    g_assert_cmpint (((SdCustomer *) rows->pdata[1])->total_spent_cents, ==, one->total_spent_cents);
  }
}

static void
test_tag_many_and_undo (Demo          *demo,
                        gconstpointer  data)
{
  gint64 ids[] = { 3, 4, 5, 888888 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) changed = NULL;
  g_autoptr(GArray) again = NULL;
  g_autoptr(GArray) removed = NULL;
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();

  g_assert_true (sd_customers_add_tag (demo->session, 4, "回头客", &error));
  changed = sd_customers_tag_many (demo->session, ids, G_N_ELEMENTS (ids), " 回头客 ", TRUE, &error);
  g_assert_no_error (error);
  /* 4 had it already and 888888 does not exist: only 3 and 5 changed. */
  g_assert_cmpuint (changed->len, ==, 2);
  g_assert_cmpint (g_array_index (changed, gint64, 0), ==, 3);
  g_assert_cmpint (g_array_index (changed, gint64, 1), ==, 5);
  query->tag = g_strdup ("回头客");
  g_assert_cmpint (sd_customers_count (demo->session, query, NULL), ==, 3);

  again = sd_customers_tag_many (demo->session, ids, 3, "回头客", TRUE, &error);
  g_assert_cmpuint (again->len, ==, 0);

  /* The undo takes it off only where it was put. */
  removed = sd_customers_tag_many (demo->session, (gint64 *) changed->data, changed->len, "回头客", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed->len, ==, 2);
  g_assert_cmpint (sd_customers_count (demo->session, query, NULL), ==, 1);

  g_assert_null (sd_customers_tag_many (demo->session, ids, 3, "a;b", TRUE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/shop/create-names-the-shop", test_create_names_the_shop);
  g_test_add_func ("/core/shop/create-refuses-bad-input", test_create_refuses_bad_input);
  g_test_add_func ("/core/shop/suggest-path", test_suggest_path);
  g_test_add ("/core/shop/list-ids-in-query-order", Demo, NULL, demo_setup, test_list_ids_in_query_order, demo_teardown);
  g_test_add ("/core/shop/list-ids-cancelled", Demo, NULL, demo_setup, test_list_ids_cancelled, demo_teardown);
  g_test_add ("/core/shop/get-many-in-order", Demo, NULL, demo_setup, test_get_many_in_order, demo_teardown);
  g_test_add ("/core/shop/tag-many-and-undo", Demo, NULL, demo_setup, test_tag_many_and_undo, demo_teardown);
  return g_test_run ();
}
