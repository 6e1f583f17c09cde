/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-export.h"
#include "sd-segments.h"

#define ALICE_PHONE   "13812341234"
#define ALICE_MASKED  "138****1234"
#define ALICE_STREET  "文三路 100 号"
#define BOB_PHONE     "13900005678"

#define BIT(p) SD_PERMISSION_BIT (SD_PERMISSION_##p)

typedef struct
{
  char      *dir;
  SdSession *owner;
  gint64     alice, bob, carol;
} Fixture;

static gint64
add_customer (SdSession  *owner,
              const char *nick,
              const char *phone,
              const char *province,
              const char *city,
              const char *address,
              const char *tag,
              gint64      spent)
{
  g_autoptr(SdCustomer) c = sd_test_new_customer (nick, NULL, phone);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 id;

  sd_customer_set_text (&c->province, province);
  sd_customer_set_text (&c->city, city);
  sd_customer_set_text (&c->address, address);
  id = sd_test_save_customer (owner, c);
  if (tag != NULL)
    {
      g_assert_true (sd_customers_add_tag (owner, id, tag, &error));
      g_assert_no_error (error);
    }
  sql = g_strdup_printf ("UPDATE customers SET total_spent_cents = %" G_GINT64_FORMAT ", order_count = 1 "
                         "WHERE id = %" G_GINT64_FORMAT, spent, id);
  g_assert_true (_sd_db_exec (sd_session_get_db (owner), sql, &error));
  g_assert_no_error (error);
  return id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->owner = sd_test_new_temp_shop (&f->dir, NULL);
  f->alice = add_customer (f->owner, "alice", ALICE_PHONE, "浙江省", "杭州市", ALICE_STREET, "老客", 60000);
  f->bob = add_customer (f->owner, "bob", BOB_PHONE, "浙江省", "宁波市", "中山路 1 号", NULL, 10000);
  f->carol = add_customer (f->owner, "carol", NULL, "广东省", "广州市", "", "老客", 30000);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->owner);
  sd_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static gint64
create_ok (SdSession  *session,
           const char *name,
           const char *expression)
{
  g_autoptr(GError) error = NULL;
  gint64 id = sd_segments_create (session, name, expression, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
count_ok (SdSession *session,
          gint64     id)
{
  g_autoptr(GError) error = NULL;
  gint64 count = sd_segments_count (session, id, &error);

  g_assert_no_error (error);
  return count;
}

static void
test_crud (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(SdSegment) segment = NULL;
  g_autofree char *long_name = NULL;
  gint64 valued, zhejiang;
  SdSegment *first, *second;

  valued = create_ok (f->owner, "  高价值老客 ", "TAG = \"老客\" AND total_spent>=500");
  segment = sd_segments_get (f->owner, valued, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (segment->name, ==, "高价值老客");
  /* Stored in its canonical form. */
  g_assert_cmpstr (segment->expression, ==, "tag = \"老客\" and total_spent >= 500");
  g_assert_cmpint (segment->count, ==, -1);
  g_assert_cmpint (count_ok (f->owner, valued), ==, 1);

  zhejiang = create_ok (f->owner, "浙江", "province = \"浙江\"");
  g_assert_cmpint (count_ok (f->owner, zhejiang), ==, 2);

  list = sd_segments_list (f->owner, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  first = g_ptr_array_index (list, 0);
  second = g_ptr_array_index (list, 1);
  g_assert_cmpstr (first->name, ==, "浙江");
  g_assert_cmpint (first->count, ==, 2);
  g_assert_cmpstr (second->name, ==, "高价值老客");
  g_assert_cmpint (second->count, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sd_segments_list (f->owner, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((SdSegment *) g_ptr_array_index (list, 0))->count, ==, -1);

  /* By name, or by id. */
  {
    g_autoptr(SdSegment) by_name = sd_segments_lookup (f->owner, "浙江", &error);
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, valued);
    g_autoptr(SdSegment) by_id = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (by_name->id, ==, zhejiang);
    by_id = sd_segments_lookup (f->owner, number, &error);
    g_assert_no_error (error);
    g_assert_cmpint (by_id->id, ==, valued);
    g_assert_null (sd_segments_lookup (f->owner, "nope", &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Names: unique, 1 to 40 characters. */
  g_assert_cmpint (sd_segments_create (f->owner, "浙江", "tier = 1", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "浙江"));
  g_clear_error (&error);
  g_assert_cmpint (sd_segments_create (f->owner, "  ", "tier = 1", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  long_name = g_strnfill (SD_SEGMENT_NAME_MAX_CHARS + 1, 'x');
  g_assert_cmpint (sd_segments_create (f->owner, long_name, "tier = 1", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* The condition must parse; the error says where. */
  g_assert_cmpint (sd_segments_create (f->owner, "坏的", "tag = 老客", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_true (g_str_has_prefix (error->message, "at column 7: "));
  g_clear_error (&error);
  g_assert_null (sd_segments_lookup (f->owner, "坏的", &error));
  g_clear_error (&error);

  /* Rename and change. */
  g_assert_true (sd_segments_rename (f->owner, zhejiang, "浙江客户", &error));
  g_assert_no_error (error);
  g_assert_false (sd_segments_rename (f->owner, zhejiang, "高价值老客", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (sd_segments_set_expression (f->owner, zhejiang, "province = \"浙江\" and not tag = \"老客\"", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_ok (f->owner, zhejiang), ==, 1);
  g_assert_false (sd_segments_set_expression (f->owner, zhejiang, "province = \"浙江\" and", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (count_ok (f->owner, zhejiang), ==, 1);

  /* Delete. */
  g_assert_true (sd_segments_delete (f->owner, zhejiang, &error));
  g_assert_no_error (error);
  g_assert_null (sd_segments_get (f->owner, zhejiang, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sd_segments_delete (f->owner, zhejiang, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (sd_segments_count (f->owner, zhejiang, &error), ==, -1);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sd_segments_list (f->owner, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
}

/* The builder's live count, while the condition is typed. */
static void
test_count_expression (Fixture       *f,
                       gconstpointer  data)
{
  static const struct { const char *text; gint64 count; } cases[] = {
    { "tag = \"老客\"", 2 },
    { "tag = \"老客\" and", -1 },
    { "tag = \"老客\" and total_spent >", -1 },
    { "tag = \"老客\" and total_spent > 300", 1 },
    { "tag = \"老客\" and total_spent >= 300", 2 },
    { "tag = \"老客\" or province = \"浙江\"", 3 },
    { "total_spent >= 0", 3 },
    { "tag = \"no one\"", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 count = sd_segments_count_expression (f->owner, cases[i].text, &error);

      g_assert_cmpint (count, ==, cases[i].count);
      if (cases[i].count < 0)
        {
          g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
          g_assert_true (g_str_has_prefix (error->message, "at column "));
        }
      else
        g_assert_no_error (error);
    }
}

/* The segment as a customer query: the list pages it, bulk tagging reaches it. */
static void
test_query (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomerQuery) query = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) changed = NULL;
  gint64 id = create_ok (f->owner, "老客", "tag = \"老客\"");

  query = sd_segments_get_query (f->owner, id, &error);
  g_assert_no_error (error);
  g_assert_true (sd_customer_query_is_narrowed (query));
  query->sort = SD_CUSTOMER_SORT_NICK;
  query->descending = TRUE;
  page = sd_customers_find (f->owner, query, NULL, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpstr (((SdCustomer *) g_ptr_array_index (page, 0))->nick, ==, "carol");
  g_assert_cmpstr (((SdCustomer *) g_ptr_array_index (page, 1))->nick, ==, "alice");
  g_assert_cmpint (sd_customers_count (f->owner, query, &error), ==, 2);
  g_assert_no_error (error);
  /* With a search on top. */
  query->text = g_strdup ("alice");
  g_assert_cmpint (sd_customers_count (f->owner, query, &error), ==, 1);
  g_assert_no_error (error);

  ids = sd_segments_list_ids (f->owner, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, f->alice);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, f->carol);

  changed = sd_segments_tag (f->owner, id, "回访", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->len, ==, 2);
  g_assert_cmpint (sd_segments_count_expression (f->owner, "tag = \"回访\"", &error), ==, 2);
  g_assert_no_error (error);
}

static void
assert_denied (GError     *error,
               const char *permission)
{
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  if (strstr (error->message, permission) == NULL)
    g_error ("the refusal “%s” does not name %s", error->message, permission);
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SdSession) viewer = sd_test_staff_session (f->owner, "viewer", BIT (VIEW_CUSTOMERS));
  g_autoptr(SdSession) manager = sd_test_staff_session (f->owner, "manager", BIT (MANAGE_TIERS));
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  guint denied_before = sd_test_audit_count (f->owner, SD_AUDIT_DENIED);
  gint64 id = create_ok (f->owner, "老客", "tag = \"老客\"");

  /* customers.view reads, tiers.manage changes. */
  g_assert_cmpint (sd_segments_create (viewer, "mine", "tier = 1", &error), ==, 0);
  assert_denied (error, "tiers.manage");
  g_clear_error (&error);
  g_assert_false (sd_segments_rename (viewer, id, "x", &error));
  assert_denied (error, "tiers.manage");
  g_clear_error (&error);
  g_assert_false (sd_segments_set_expression (viewer, id, "tier = 1", &error));
  assert_denied (error, "tiers.manage");
  g_clear_error (&error);
  g_assert_false (sd_segments_delete (viewer, id, &error));
  assert_denied (error, "tiers.manage");
  g_clear_error (&error);
  g_assert_cmpint (count_ok (viewer, id), ==, 2);
  g_assert_cmpint (sd_segments_count_expression (viewer, "tag = \"老客\"", &error), ==, 2);
  g_assert_no_error (error);
  g_assert_null (sd_segments_tag (viewer, id, "x", TRUE, &error));
  assert_denied (error, "customers.edit");
  g_clear_error (&error);
  g_assert_false (sd_segments_export (viewer, id, SD_EXPORT_CSV, stream, NULL, NULL, &error));
  assert_denied (error, "customers.export");
  g_clear_error (&error);

  g_assert_cmpint (create_ok (manager, "mine", "tier = 1"), >, 0);
  g_assert_true (sd_segments_rename (manager, id, "老客们", &error));
  g_assert_no_error (error);
  g_assert_null (sd_segments_list (manager, FALSE, &error));
  assert_denied (error, "customers.view");
  g_clear_error (&error);
  g_assert_null (sd_segments_get (manager, id, &error));
  assert_denied (error, "customers.view");
  g_clear_error (&error);
  g_assert_cmpint (sd_segments_count (manager, id, &error), ==, -1);
  assert_denied (error, "customers.view");
  g_clear_error (&error);
  g_assert_cmpint (sd_segments_count_expression (manager, "tag = \"老客\"", &error), ==, -1);
  assert_denied (error, "customers.view");
  g_clear_error (&error);
  g_assert_null (sd_segments_list_ids (manager, id, NULL, &error));
  assert_denied (error, "customers.view");
  g_clear_error (&error);
  g_assert_null (sd_segments_get_query (manager, id, &error));
  assert_denied (error, "customers.view");
  g_clear_error (&error);

  /* Every refusal is in the log. */
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_DENIED), ==, denied_before + 12);
  g_assert_true (sd_segments_delete (manager, id, &error));
  g_assert_no_error (error);
}

static GBytes *
export_segment (SdSession      *session,
                gint64          id,
                SdExportFormat  format)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  guint64 count = 0;

  g_assert_true (sd_segments_export (session, id, format, stream, &count, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return g_strstr_len (data, (gssize) len, needle) != NULL;
}

static void
test_export_masked (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SdSession) masked = sd_test_staff_session (f->owner, "masked",
                                                       BIT (VIEW_CUSTOMERS) | BIT (EXPORT_CUSTOMERS));
  gint64 id = create_ok (f->owner, "浙江", "province = \"浙江\"");
  SdAuditFilter filter = { .action = SD_AUDIT_EXPORT, .staff_name = "masked" };
  g_autoptr(GPtrArray) exports = NULL;

  for (guint format = SD_EXPORT_CSV; format <= SD_EXPORT_JSON; format++)
    {
      g_autoptr(GBytes) out = export_segment (masked, id, format);

      g_assert_true (bytes_contain (out, ALICE_MASKED));
      g_assert_false (bytes_contain (out, ALICE_PHONE));
      g_assert_false (bytes_contain (out, BOB_PHONE));
      g_assert_false (bytes_contain (out, "文三路"));
      g_assert_false (bytes_contain (out, "中山路"));
      g_assert_true (bytes_contain (out, "alice"));
      g_assert_true (bytes_contain (out, "bob"));
      g_assert_false (bytes_contain (out, "carol"));
    }
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GBytes) out = export_segment (masked, id, SD_EXPORT_JSON);
    g_autoptr(GError) error = NULL;
    JsonArray *array;

    g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (out, NULL), (gssize) g_bytes_get_size (out),
                                               &error));
    g_assert_no_error (error);
    array = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (array), ==, 2);
  }

  /* The log says so, as for any export. */
  exports = sd_test_audit_list (f->owner, &filter);
  g_assert_cmpuint (exports->len, ==, 3);
  g_assert_nonnull (strstr (((SdAuditEntry *) g_ptr_array_index (exports, 0))->detail, "contact masked"));

  /* The owner sees them whole. */
  {
    g_autoptr(GBytes) out = export_segment (f->owner, id, SD_EXPORT_CSV);
    g_assert_true (bytes_contain (out, ALICE_PHONE));
    g_assert_true (bytes_contain (out, "文三路"));
  }
}

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  SdAuditFilter filter = { .action = "segment." };
  g_autofree char *object = NULL;
  gint64 id = create_ok (f->owner, "老客", "tag=\"老客\"");
  const SdAuditEntry *e;

  g_assert_true (sd_segments_rename (f->owner, id, "回头客", &error));
  g_assert_no_error (error);
  /* The same name or the same condition again changes nothing and logs nothing. */
  g_assert_true (sd_segments_rename (f->owner, id, "回头客", &error));
  g_assert_true (sd_segments_set_expression (f->owner, id, "TAG = \"老客\"", &error));
  g_assert_no_error (error);
  g_assert_true (sd_segments_set_expression (f->owner, id, "tag = \"老客\" and order_count >= 2", &error));
  g_assert_no_error (error);
  g_assert_true (sd_segments_delete (f->owner, id, &error));
  g_assert_no_error (error);

  object = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  entries = sd_test_audit_list (f->owner, &filter);
  g_assert_cmpuint (entries->len, ==, 4);
  for (guint i = 0; i < entries->len; i++)
    {
      e = g_ptr_array_index (entries, i);
      g_assert_cmpstr (e->object_kind, ==, "segment");
      g_assert_cmpstr (e->object_id, ==, object);
      g_assert_cmpstr (e->staff_name, ==, sd_session_get_full_name (f->owner));
    }
  /* Newest first. */
  e = g_ptr_array_index (entries, 3);
  g_assert_cmpstr (e->action, ==, SD_AUDIT_SEGMENT_CREATE);
  g_assert_cmpstr (e->detail, ==, "老客: tag = \"老客\"");
  e = g_ptr_array_index (entries, 2);
  g_assert_cmpstr (e->action, ==, SD_AUDIT_SEGMENT_EDIT);
  g_assert_cmpstr (e->detail, ==, "老客 → 回头客");
  e = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (e->action, ==, SD_AUDIT_SEGMENT_EDIT);
  g_assert_cmpstr (e->detail, ==, "回头客: tag = \"老客\" → tag = \"老客\" and order_count >= 2");
  e = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (e->action, ==, SD_AUDIT_SEGMENT_DELETE);
  g_assert_cmpstr (e->detail, ==, "回头客: tag = \"老客\" and order_count >= 2");

  g_assert_cmpstr (sd_audit_action_get_label (SD_AUDIT_SEGMENT_CREATE), !=, SD_AUDIT_SEGMENT_CREATE);
}

#define SEGMENTS_TEST(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  SEGMENTS_TEST ("/core/segments/crud", test_crud);
  SEGMENTS_TEST ("/core/segments/count-expression", test_count_expression);
  SEGMENTS_TEST ("/core/segments/query", test_query);
  SEGMENTS_TEST ("/core/segments/permissions", test_permissions);
  SEGMENTS_TEST ("/core/segments/export-masked", test_export_masked);
  SEGMENTS_TEST ("/core/segments/audit", test_audit);

  return g_test_run ();
}
