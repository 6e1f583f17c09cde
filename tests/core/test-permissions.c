/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "sd-audit.h"
#include "sd-csv.h"
#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-demo-shop.h"
#include "sd-error.h"
#include "sd-export.h"
#include "sd-import.h"
#include "sd-session-private.h"
#include "sd-shop.h"
#include "sd-staff.h"

/* Every test works on a copy of one template shop: the owner, three customers with
 * orders, tags and a note, and for each permission under test two sub-accounts, one
 * holding every permission but that one and one holding it (with what its calls need
 * besides). Building the accounts costs a password hash each: once, not per test. */

#define ALICE_PHONE      "13812341234"
#define ALICE_E164       "+8613812341234"
#define ALICE_MASKED     "138****1234"
#define ALICE_ADDRESS    "文三路 100 号"
#define BOB_E164         "+8613900005678"

static const SdPermission tested[] = {
  SD_PERMISSION_VIEW_CUSTOMERS, SD_PERMISSION_EDIT_CUSTOMERS, SD_PERMISSION_SEE_CONTACT,
  SD_PERMISSION_IMPORT_CUSTOMERS, SD_PERMISSION_EXPORT_CUSTOMERS, SD_PERMISSION_MERGE_CUSTOMERS,
  SD_PERMISSION_MANAGE_STAFF, SD_PERMISSION_CONFIGURE_SHOP, SD_PERMISSION_VIEW_AUDIT,
};

#define BIT(p) SD_PERMISSION_BIT (SD_PERMISSION_##p)

typedef struct
{
  char   *dir;
  char   *path;
  gint64  owner_id;
  gint64  lacking[SD_PERMISSION_N];   /* staff ids: every permission but this one */
  gint64  holding[SD_PERMISSION_N];   /* this one and what its calls need besides */
  gint64  empty_role;                 /* a custom role without permissions and members */
  gint64  alice, bob, carol;
  gint64  note_id;                    /* alice's note */
  guint   n_staff;
} Template;

static Template tmpl;

static SdPermissionSet
holder_set (SdPermission p)
{
  switch (p)
    {
    case SD_PERMISSION_EDIT_CUSTOMERS:
    case SD_PERMISSION_EXPORT_CUSTOMERS:
    case SD_PERMISSION_MERGE_CUSTOMERS:
      return SD_PERMISSION_BIT (p) | BIT (VIEW_CUSTOMERS);
    case SD_PERMISSION_SEE_CONTACT:
      return BIT (VIEW_CUSTOMERS) | BIT (SEE_CONTACT) | BIT (EDIT_CUSTOMERS) | BIT (EXPORT_CUSTOMERS) |
             BIT (MERGE_CUSTOMERS);
    default:
      return SD_PERMISSION_BIT (p);
    }
}

static gint64
save_customer (SdSession  *owner,
               const char *nick,
               const char *name,
               const char *phone,
               const char *province,
               const char *city,
               const char *district,
               const char *address,
               const char *tag)
{
  g_autoptr(SdCustomer) c = sd_test_new_customer (nick, name, phone);

  sd_customer_set_text (&c->province, province);
  sd_customer_set_text (&c->city, city);
  sd_customer_set_text (&c->district, district);
  sd_customer_set_text (&c->address, address);
  if (tag != NULL)
    g_ptr_array_add (c->tags, g_strdup (tag));
  return sd_test_save_customer (owner, c);
}

static const char orders_csv[] =
  "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间\n"
  "P1,alice,100.00,交易成功,2024-01-01 10:00:00\n"
  "P2,alice,50.00,交易成功,2024-06-01 10:00:00\n"
  "P3,carol,30.00,交易成功,2024-03-01 10:00:00\n";

static void
build_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdImportResult) result = NULL;
  g_autofree char *orders = NULL;
  g_autofree char *wal = NULL;
  SdImportOptions options = { 0 };
  SdSession *owner;

  tmpl.dir = sd_test_make_dir ();
  tmpl.path = sd_test_shop_where (tmpl.dir, "template.db");
  owner = sd_test_new_shop (tmpl.path);
  tmpl.owner_id = sd_session_get_staff_id (owner);

  tmpl.alice = save_customer (owner, "alice", "王芳", ALICE_PHONE, "浙江省", "杭州市", "西湖区", ALICE_ADDRESS, "VIP");
  tmpl.bob = save_customer (owner, "bob", "李雷", "13900005678", "江苏省", "南京市", "鼓楼区", "中山路 1 号", NULL);
  tmpl.carol = save_customer (owner, "carol", "韩梅梅", "13700009999", "", "", "", "", NULL);
  g_assert_true (sd_customers_add_note (owner, tmpl.alice, "喜欢红色", &tmpl.note_id, &error));
  g_assert_no_error (error);

  orders = g_build_filename (tmpl.dir, "orders.csv", NULL);
  g_assert_true (g_file_set_contents (orders, orders_csv, -1, &error));
  options.kind = SD_IMPORT_ORDERS;
  result = sd_import_file (owner, orders, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->inserted, ==, 3);
  g_assert_cmpuint (result->errors->len, ==, 0);

  tmpl.n_staff = 1;
  for (guint i = 0; i < G_N_ELEMENTS (tested); i++)
    {
      SdPermission p = tested[i];
      g_autofree char *no = g_strdup_printf ("n%u", (guint) p);
      g_autofree char *has = g_strdup_printf ("h%u", (guint) p);
      SdSession *s;

      s = sd_test_staff_session (owner, no, SD_PERMISSION_SET_ALL & ~SD_PERMISSION_BIT (p));
      tmpl.lacking[p] = sd_session_get_staff_id (s);
      g_object_unref (s);
      s = sd_test_staff_session (owner, has, holder_set (p));
      tmpl.holding[p] = sd_session_get_staff_id (s);
      g_object_unref (s);
      tmpl.n_staff += 2;
    }
  tmpl.empty_role = sd_roles_create (owner, "空角色", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tmpl.empty_role, >, 0);

  /* The last connection's close folds the write-ahead log into the file (and a team
   * database can only be copied with nobody connected to it). */
  g_assert_finalize_object (owner);
  wal = g_strconcat (tmpl.path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* ---- fixture ---- */

typedef struct _Case Case;

typedef struct
{
  char          *dir;
  char          *path;
  char          *target;      /* where an export to a path writes */
  SdDb          *db;
  SdSession     *owner;
  GOutputStream *stream;      /* what a call wrote to memory */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (tmpl.path == NULL)
    build_template ();
  f->dir = sd_test_make_dir ();
  f->path = sd_test_copy_shop (tmpl.path, f->dir, "shop.db");
  f->target = g_build_filename (f->dir, "export.json", NULL);
  f->db = sd_db_open (f->path, &error);
  g_assert_no_error (error);
  f->owner = _sd_session_new_for (f->db, tmpl.owner_id, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->stream);
  g_assert_finalize_object (f->owner);
  g_clear_pointer (&f->db, sd_db_unref);
  sd_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->target, g_free);
}

static SdSession *
session_for (Fixture *f,
             gint64   staff_id)
{
  g_autoptr(GError) error = NULL;
  SdSession *s = _sd_session_new_for (f->db, staff_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

/* Every row of every table but the audit log, as text: what "nothing changed" compares. */
static char *
snapshot (Fixture *f)
{
  return sd_test_rows_text (f->db, "audit_log");
}

static GPtrArray *
audit_list (Fixture    *f,
            const char *action,
            const char *staff_name)
{
  SdAuditFilter filter = { .action = action, .staff_name = staff_name };

  return sd_test_audit_list (f->owner, &filter);
}

static void
assert_gone (Fixture *f,
             gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) c = sd_customers_get (f->owner, id, &error);

  g_assert_null (c);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
}

static gboolean
has_string (GPtrArray  *strings,
            const char *s)
{
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    if (g_strcmp0 (g_ptr_array_index (strings, i), s) == 0)
      return TRUE;
  return FALSE;
}

/* Alice as the template has her: what a refused edit must leave. */
static void
check_alice_intact (Fixture *f)
{
  g_autoptr(SdCustomer) c = sd_test_get_customer (f->owner, tmpl.alice);

  g_assert_cmpstr (c->name, ==, "王芳");
  g_assert_cmpstr (c->phone, ==, ALICE_E164);
  g_assert_cmpstr (c->address, ==, ALICE_ADDRESS);
  g_assert_cmpuint (c->tags->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (c->tags, 0), ==, "VIP");
  g_assert_cmpuint (c->notes->len, ==, 1);
  g_assert_cmpstr (((SdNote *) g_ptr_array_index (c->notes, 0))->body, ==, "喜欢红色");
  g_assert_cmpint (c->sms_opt_out_at, ==, 0);
  g_assert_cmpint (c->total_spent_cents, ==, 15000);
  g_assert_cmpint (c->order_count, ==, 2);
}

static void
check_three_customers (Fixture *f)
{
  g_assert_cmpint (sd_test_count_customers (f->owner), ==, 3);
  check_alice_intact (f);
}

static GOutputStream *
new_stream (Fixture *f)
{
  g_clear_object (&f->stream);
  f->stream = g_memory_output_stream_new_resizable ();
  return f->stream;
}

static gsize
stream_size (Fixture *f)
{
  g_assert_nonnull (f->stream);
  return g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (f->stream));
}

static const char *
stream_data (Fixture *f)
{
  return g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (f->stream));
}

/* The files in the test's folder other than the shop's own. */
static guint
count_other_files (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (!g_str_has_prefix (name, "shop.db"))
      n++;
  return n;
}

/* ---- the calls, one a case ----
 * Each returns what the core call returned; when ALLOWED it also checks the call did
 * its work. */

typedef gboolean (*CallFunc) (Fixture   *f,
                              SdSession *s,
                              gboolean   allowed,
                              GError   **error);
typedef void (*CheckFunc) (Fixture *f);

struct _Case
{
  const char   *name;
  SdPermission  permission;
  CheckFunc     prepare;     /* before both calls; may be NULL */
  CallFunc      call;
  CheckFunc     unchanged;   /* after the refusal, besides the snapshot; may be NULL */
};

/* customers.view */

static gboolean
call_get (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdCustomer) c = sd_customers_get (s, tmpl.alice, error);

  if (c == NULL)
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpint (c->id, ==, tmpl.alice);
  g_assert_cmpstr (c->name, ==, "王芳");
  g_assert_cmpuint (c->notes->len, ==, 1);
  return TRUE;
}

static gboolean
call_get_many (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  const gint64 ids[] = { tmpl.carol, tmpl.alice, 999999 };
  g_autoptr(GPtrArray) list = sd_customers_get_many (s, ids, G_N_ELEMENTS (ids), error);

  if (list == NULL)
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((SdCustomer *) g_ptr_array_index (list, 0))->name, ==, "韩梅梅");
  g_assert_cmpstr (((SdCustomer *) g_ptr_array_index (list, 1))->name, ==, "王芳");
  g_assert_null (g_ptr_array_index (list, 2));
  return TRUE;
}

static gboolean
call_find (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  g_autoptr(GPtrArray) list = NULL;

  q->text = g_strdup ("李雷");
  list = sd_customers_find (s, q, NULL, 100, error);
  if (list == NULL)
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((SdCustomer *) g_ptr_array_index (list, 0))->id, ==, tmpl.bob);
  return TRUE;
}

static gboolean
call_list_ids (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  g_autoptr(GArray) ids = sd_customers_list_ids (s, q, NULL, error);

  if (ids == NULL)
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpuint (ids->len, ==, 3);
  return TRUE;
}

static gboolean
call_count (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  gint64 n = sd_customers_count (s, q, error);

  if (n < 0)
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpint (n, ==, 3);
  return TRUE;
}

static gboolean
call_list_tags (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(GPtrArray) tags = sd_customers_list_tags (s, error);

  if (tags == NULL)
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpuint (tags->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (tags, 0), ==, "VIP");
  return TRUE;
}

static gboolean
call_get_orders (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(GPtrArray) orders = sd_customers_get_orders (s, tmpl.alice, error);

  if (orders == NULL)
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpuint (orders->len, ==, 2);
  return TRUE;
}

/* customers.edit */

static gboolean
call_save (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(SdCustomer) c = sd_customers_get (s, tmpl.alice, &local);
  g_autoptr(SdCustomer) stored = NULL;
  const char *field = NULL;

  g_assert_no_error (local);
  sd_customer_set_text (&c->name, "王芳芳");
  if (!sd_customers_save (s, c, &field, error))
    return FALSE;
  g_assert_true (allowed);
  stored = sd_test_get_customer (f->owner, tmpl.alice);
  g_assert_cmpstr (stored->name, ==, "王芳芳");
  g_assert_cmpstr (stored->phone, ==, ALICE_E164);
  g_assert_cmpstr (stored->address, ==, ALICE_ADDRESS);
  g_assert_true (has_string (stored->tags, "VIP"));
  return TRUE;
}

static gboolean
call_add_note (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdCustomer) c = NULL;
  gint64 id = 0;

  if (!sd_customers_add_note (s, tmpl.alice, "回访过", &id, error))
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpint (id, >, 0);
  c = sd_test_get_customer (f->owner, tmpl.alice);
  g_assert_cmpuint (c->notes->len, ==, 2);
  g_assert_cmpstr (((SdNote *) g_ptr_array_index (c->notes, 1))->body, ==, "回访过");
  return TRUE;
}

static gboolean
call_delete_note (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdCustomer) c = NULL;

  if (!sd_customers_delete_note (s, tmpl.note_id, error))
    return FALSE;
  g_assert_true (allowed);
  c = sd_test_get_customer (f->owner, tmpl.alice);
  g_assert_cmpuint (c->notes->len, ==, 0);
  return TRUE;
}

static gboolean
call_restore_note (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdNote) note = sd_note_new ();
  g_autoptr(SdCustomer) c = NULL;
  gint64 id = 0;

  note->customer_id = tmpl.alice;
  note->author_id = tmpl.owner_id;
  g_free (note->body);
  note->body = g_strdup ("恢复的备注");
  note->created_at = 1700000000;
  if (!sd_customers_restore_note (s, note, &id, error))
    return FALSE;
  g_assert_true (allowed);
  c = sd_test_get_customer (f->owner, tmpl.alice);
  g_assert_cmpuint (c->notes->len, ==, 2);
  return TRUE;
}

static gboolean
call_add_tag (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdCustomer) c = NULL;

  if (!sd_customers_add_tag (s, tmpl.alice, "新客", error))
    return FALSE;
  g_assert_true (allowed);
  c = sd_test_get_customer (f->owner, tmpl.alice);
  g_assert_true (has_string (c->tags, "新客"));
  return TRUE;
}

static gboolean
call_remove_tag (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdCustomer) c = NULL;

  if (!sd_customers_remove_tag (s, tmpl.alice, "VIP", error))
    return FALSE;
  g_assert_true (allowed);
  c = sd_test_get_customer (f->owner, tmpl.alice);
  g_assert_false (has_string (c->tags, "VIP"));
  return TRUE;
}

static gboolean
call_tag_many (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  const gint64 ids[] = { tmpl.alice, tmpl.bob };
  g_autoptr(GArray) changed = sd_customers_tag_many (s, ids, G_N_ELEMENTS (ids), "批量", TRUE, error);
  g_autoptr(SdCustomer) bob = NULL;

  if (changed == NULL)
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpuint (changed->len, ==, 2);
  bob = sd_test_get_customer (f->owner, tmpl.bob);
  g_assert_true (has_string (bob->tags, "批量"));
  return TRUE;
}

static gboolean
call_sms_opt_out (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdCustomer) c = NULL;

  if (!sd_customers_set_sms_opt_out (s, tmpl.alice, TRUE, "STOP", error))
    return FALSE;
  g_assert_true (allowed);
  c = sd_test_get_customer (f->owner, tmpl.alice);
  g_assert_cmpint (c->sms_opt_out_at, >, 0);
  g_assert_cmpstr (c->sms_opt_out_reason, ==, "STOP");
  return TRUE;
}

/* Aggregates made wrong, so that a rebuild has something to do. */
static void
prepare_wrong_aggregates (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE customers SET total_spent_cents = 0, order_count = 0 "
                                          "WHERE id = %" G_GINT64_FORMAT, tmpl.alice);

  g_assert_true (_sd_db_exec (f->db, sql, &error));
  g_assert_no_error (error);
}

static void
check_aggregates_still_wrong (Fixture *f)
{
  g_autoptr(SdCustomer) c = sd_test_get_customer (f->owner, tmpl.alice);

  g_assert_cmpint (c->total_spent_cents, ==, 0);
  g_assert_cmpint (c->order_count, ==, 0);
}

static gboolean
call_rebuild (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdCustomer) c = NULL;

  if (!sd_customers_rebuild_aggregates (s, error))
    return FALSE;
  g_assert_true (allowed);
  c = sd_test_get_customer (f->owner, tmpl.alice);
  g_assert_cmpint (c->total_spent_cents, ==, 15000);
  g_assert_cmpint (c->order_count, ==, 2);
  return TRUE;
}

/* customers.import */

static gboolean
call_import (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autofree char *path = g_build_filename (f->dir, "new.csv", NULL);
  g_autoptr(SdImportResult) result = NULL;
  SdImportOptions options = { 0 };

  g_assert_true (g_file_set_contents (path, "nick,name,phone\ndave,张伟,13600001111\nerin,刘洋,13600002222\n",
                                      -1, NULL));
  options.kind = SD_IMPORT_CUSTOMERS;
  result = sd_import_file (s, path, &options, NULL, NULL, NULL, error);
  if (result == NULL)
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpuint (result->inserted, ==, 2);
  g_assert_cmpint (sd_test_count_customers (f->owner), ==, 5);
  return TRUE;
}

static void
prepare_empty_shop (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  const gint64 ids[] = { tmpl.alice, tmpl.bob, tmpl.carol };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_assert_true (sd_customers_delete (f->owner, ids[i], &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (sd_test_count_customers (f->owner), ==, 0);
}

static void
check_still_empty (Fixture *f)
{
  g_assert_cmpint (sd_test_count_customers (f->owner), ==, 0);
  g_assert_cmpint (sd_customers_count_orders (f->owner), ==, 0);
}

static gboolean
call_demo_fill (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  if (!sd_demo_shop_fill (s, 10, 20, 42, 1700000000, NULL, NULL, NULL, error))
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpint (sd_test_count_customers (f->owner), ==, 10);
  g_assert_cmpint (sd_customers_count_orders (f->owner), ==, 20);
  return TRUE;
}

/* customers.export */

static gboolean
call_export_path (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint64 count = 0;

  if (!sd_export_customers_to_path (s, NULL, SD_EXPORT_JSON, f->target, &count, NULL, error))
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpuint (count, ==, 3);
  g_assert_true (json_parser_load_from_file (parser, f->target, NULL));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 3);
  return TRUE;
}

static void
check_no_file (Fixture *f)
{
  g_assert_false (g_file_test (f->target, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_other_files (f), ==, 0);
}

static void
prepare_existing_target (Fixture *f)
{
  g_assert_true (g_file_set_contents (f->target, "keep me\n", -1, NULL));
}

static void
check_target_untouched (Fixture *f)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (f->target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me\n");
  g_assert_cmpuint (count_other_files (f), ==, 1);
}

static gboolean
call_export_stream (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  GOutputStream *stream = new_stream (f);
  guint64 count = 0;

  if (!sd_export_customers (s, NULL, SD_EXPORT_CSV, stream, &count, NULL, error))
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpuint (count, ==, 3);
  g_assert_cmpuint (stream_size (f), >, 3);
  g_assert_cmpint (memcmp (stream_data (f), "\xEF\xBB\xBF", 3), ==, 0);
  return TRUE;
}

static void
check_stream_empty (Fixture *f)
{
  g_autoptr(GPtrArray) exports = audit_list (f, SD_AUDIT_EXPORT, NULL);

  g_assert_cmpuint (stream_size (f), ==, 0);
  g_assert_cmpuint (exports->len, ==, 0);
}

/* customers.merge */

static gboolean
call_preview_merge (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdCustomer) merged = sd_customers_preview_merge (s, tmpl.alice, tmpl.carol, error);

  if (merged == NULL)
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpstr (merged->name, ==, "王芳");
  g_assert_cmpint (merged->order_count, ==, 3);
  g_assert_cmpint (sd_test_count_customers (f->owner), ==, 3);
  return TRUE;
}

static gboolean
call_merge (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdCustomer) alice = NULL;

  if (!sd_customers_merge (s, tmpl.alice, tmpl.carol, error))
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpint (sd_test_count_customers (f->owner), ==, 2);
  assert_gone (f, tmpl.carol);
  alice = sd_test_get_customer (f->owner, tmpl.alice);
  g_assert_cmpint (alice->order_count, ==, 3);
  g_assert_cmpint (alice->total_spent_cents, ==, 18000);
  return TRUE;
}

static gboolean
call_delete (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  if (!sd_customers_delete (s, tmpl.bob, error))
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpint (sd_test_count_customers (f->owner), ==, 2);
  assert_gone (f, tmpl.bob);
  return TRUE;
}

static void
check_bob_and_carol (Fixture *f)
{
  g_autoptr(SdCustomer) bob = sd_test_get_customer (f->owner, tmpl.bob);
  g_autoptr(SdCustomer) carol = sd_test_get_customer (f->owner, tmpl.carol);

  check_three_customers (f);
  g_assert_cmpstr (bob->phone, ==, BOB_E164);
  g_assert_cmpint (carol->order_count, ==, 1);
}

/* staff.manage */

static gboolean
call_staff_add (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdStaffAccount) account = NULL;
  g_autoptr(GError) local = NULL;
  gint64 id = sd_staff_add (s, "newbie", "新人", 1, tmpl.empty_role, "long password 1", error);

  if (id == 0)
    return FALSE;
  g_assert_true (allowed);
  account = sd_staff_get (f->owner, id, &local);
  g_assert_no_error (local);
  g_assert_cmpstr (account->full_name, ==, "测试小店:newbie");
  g_assert_cmpint (account->role_id, ==, tmpl.empty_role);
  return TRUE;
}

static void
check_no_newbie (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStaffAccount) account = sd_staff_find (f->owner, "newbie", &error);
  g_autoptr(GPtrArray) list = sd_staff_list (f->owner, NULL);

  g_assert_null (account);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_assert_cmpuint (list->len, ==, tmpl.n_staff);
}

static gboolean
call_staff_list (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(GPtrArray) list = sd_staff_list (s, error);

  if (list == NULL)
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpuint (list->len, ==, tmpl.n_staff);
  return TRUE;
}

static gboolean
call_roles_create (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdRole) role = NULL;
  gint64 id = sd_roles_create (s, "临时角色", 0, error);

  if (id == 0)
    return FALSE;
  g_assert_true (allowed);
  role = sd_roles_get (f->owner, id, NULL);
  g_assert_nonnull (role);
  g_assert_cmpstr (role->name, ==, "临时角色");
  return TRUE;
}

static void
check_no_new_role (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdRole) role = sd_roles_find (f->owner, "临时角色", &error);

  g_assert_null (role);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
}

static gboolean
call_roles_change (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdRole) role = NULL;

  if (!sd_roles_change (s, tmpl.empty_role, BIT (MANAGE_STAFF), 0, error))
    return FALSE;
  g_assert_true (allowed);
  role = sd_roles_get (f->owner, tmpl.empty_role, NULL);
  g_assert_cmphex (role->permissions, ==, BIT (MANAGE_STAFF));
  return TRUE;
}

static void
check_empty_role (Fixture *f)
{
  g_autoptr(SdRole) role = sd_roles_get (f->owner, tmpl.empty_role, NULL);

  g_assert_cmphex (role->permissions, ==, 0);
}

static gboolean
call_departments_add (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(SdDepartment) department = NULL;
  gint64 id = sd_departments_add (s, "仓库二组", error);

  if (id == 0)
    return FALSE;
  g_assert_true (allowed);
  department = sd_departments_find (f->owner, "仓库二组", NULL);
  g_assert_nonnull (department);
  g_assert_cmpint (department->id, ==, id);
  return TRUE;
}

static void
check_no_department (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDepartment) department = sd_departments_find (f->owner, "仓库二组", &error);

  g_assert_null (department);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
}

/* audit.view */

static gboolean
call_audit_list (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autoptr(GPtrArray) entries = sd_audit_list (s, NULL, error);

  if (entries == NULL)
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpuint (entries->len, >, tmpl.n_staff);
  g_assert_cmpint (((SdAuditEntry *) g_ptr_array_index (entries, 0))->id, >,
                   ((SdAuditEntry *) g_ptr_array_index (entries, 1))->id);
  return TRUE;
}

static gboolean
call_audit_verify (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  gint64 entries = -1, broken = -1;

  if (!sd_audit_verify (s, &entries, &broken, error))
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpint (entries, >, tmpl.n_staff);
  g_assert_cmpint (broken, ==, 0);
  return TRUE;
}

static gboolean
call_audit_export (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  GOutputStream *stream = new_stream (f);
  guint64 count = 0;

  if (!sd_audit_export_csv (s, NULL, stream, &count, NULL, error))
    return FALSE;
  g_assert_true (allowed);
  g_assert_cmpuint (count, >, tmpl.n_staff);
  g_assert_cmpuint (stream_size (f), >, 0);
  return TRUE;
}

static void
check_no_audit_export (Fixture *f)
{
  g_autoptr(GPtrArray) exports = audit_list (f, SD_AUDIT_AUDIT_EXPORT, NULL);

  g_assert_cmpuint (stream_size (f), ==, 0);
  g_assert_cmpuint (exports->len, ==, 0);
}

/* settings.connections */

static gboolean
call_set_shop_name (Fixture *f, SdSession *s, gboolean allowed, GError **error)
{
  g_autofree char *name = NULL;

  if (!sd_shop_set_name (s, "新名字小店", error))
    return FALSE;
  g_assert_true (allowed);
  name = sd_shop_get_name (f->owner);
  g_assert_cmpstr (name, ==, "新名字小店");
  return TRUE;
}

static void
check_shop_name (Fixture *f)
{
  g_autofree char *name = sd_shop_get_name (f->owner);

  g_assert_cmpstr (name, ==, "测试小店");
}

static const Case cases[] = {
  { "get", SD_PERMISSION_VIEW_CUSTOMERS, NULL, call_get, NULL },
  { "get-many", SD_PERMISSION_VIEW_CUSTOMERS, NULL, call_get_many, NULL },
  { "find", SD_PERMISSION_VIEW_CUSTOMERS, NULL, call_find, NULL },
  { "list-ids", SD_PERMISSION_VIEW_CUSTOMERS, NULL, call_list_ids, NULL },
  { "count", SD_PERMISSION_VIEW_CUSTOMERS, NULL, call_count, NULL },
  { "list-tags", SD_PERMISSION_VIEW_CUSTOMERS, NULL, call_list_tags, NULL },
  { "get-orders", SD_PERMISSION_VIEW_CUSTOMERS, NULL, call_get_orders, NULL },
  { "save", SD_PERMISSION_EDIT_CUSTOMERS, NULL, call_save, check_three_customers },
  { "add-note", SD_PERMISSION_EDIT_CUSTOMERS, NULL, call_add_note, check_alice_intact },
  { "delete-note", SD_PERMISSION_EDIT_CUSTOMERS, NULL, call_delete_note, check_alice_intact },
  { "restore-note", SD_PERMISSION_EDIT_CUSTOMERS, NULL, call_restore_note, check_alice_intact },
  { "add-tag", SD_PERMISSION_EDIT_CUSTOMERS, NULL, call_add_tag, check_alice_intact },
  { "remove-tag", SD_PERMISSION_EDIT_CUSTOMERS, NULL, call_remove_tag, check_alice_intact },
  { "tag-many", SD_PERMISSION_EDIT_CUSTOMERS, NULL, call_tag_many, check_alice_intact },
  { "sms-opt-out", SD_PERMISSION_EDIT_CUSTOMERS, NULL, call_sms_opt_out, check_alice_intact },
  { "rebuild-aggregates", SD_PERMISSION_EDIT_CUSTOMERS, prepare_wrong_aggregates, call_rebuild,
    check_aggregates_still_wrong },
  { "import-file", SD_PERMISSION_IMPORT_CUSTOMERS, NULL, call_import, check_three_customers },
  { "demo-fill", SD_PERMISSION_IMPORT_CUSTOMERS, prepare_empty_shop, call_demo_fill, check_still_empty },
  { "export-path", SD_PERMISSION_EXPORT_CUSTOMERS, NULL, call_export_path, check_no_file },
  { "export-path-existing", SD_PERMISSION_EXPORT_CUSTOMERS, prepare_existing_target, call_export_path,
    check_target_untouched },
  { "export-stream", SD_PERMISSION_EXPORT_CUSTOMERS, NULL, call_export_stream, check_stream_empty },
  { "preview-merge", SD_PERMISSION_MERGE_CUSTOMERS, NULL, call_preview_merge, NULL },
  { "merge", SD_PERMISSION_MERGE_CUSTOMERS, NULL, call_merge, check_bob_and_carol },
  { "delete", SD_PERMISSION_MERGE_CUSTOMERS, NULL, call_delete, check_bob_and_carol },
  { "staff-add", SD_PERMISSION_MANAGE_STAFF, NULL, call_staff_add, check_no_newbie },
  { "staff-list", SD_PERMISSION_MANAGE_STAFF, NULL, call_staff_list, NULL },
  { "roles-create", SD_PERMISSION_MANAGE_STAFF, NULL, call_roles_create, check_no_new_role },
  { "roles-change", SD_PERMISSION_MANAGE_STAFF, NULL, call_roles_change, check_empty_role },
  { "departments-add", SD_PERMISSION_MANAGE_STAFF, NULL, call_departments_add, check_no_department },
  { "audit-list", SD_PERMISSION_VIEW_AUDIT, NULL, call_audit_list, NULL },
  { "audit-verify", SD_PERMISSION_VIEW_AUDIT, NULL, call_audit_verify, NULL },
  { "audit-export", SD_PERMISSION_VIEW_AUDIT, NULL, call_audit_export, check_no_audit_export },
  { "shop-set-name", SD_PERMISSION_CONFIGURE_SHOP, NULL, call_set_shop_name, check_shop_name },
};

/* The refusal: the error names the permission, nothing changed, and one "denied" entry
 * by that account names it. Then the same call by an account holding the permission. */
static void
test_case (Fixture       *f,
           gconstpointer  data)
{
  const Case *c = data;
  const char *id = sd_permission_to_string (c->permission);
  g_autoptr(SdSession) lacking = session_for (f, tmpl.lacking[c->permission]);
  g_autoptr(SdSession) holding = session_for (f, tmpl.holding[c->permission]);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) denied_before = NULL;
  g_autoptr(GPtrArray) denied_after = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SdAuditEntry *entry;
  gboolean ok;

  g_assert_false (sd_session_can (lacking, c->permission));
  g_assert_cmphex (sd_session_get_permissions (lacking), ==, SD_PERMISSION_SET_ALL & ~SD_PERMISSION_BIT (c->permission));
  g_assert_true (sd_session_can (holding, c->permission));

  if (c->prepare != NULL)
    c->prepare (f);
  before = snapshot (f);
  denied_before = audit_list (f, SD_AUDIT_DENIED, sd_session_get_full_name (lacking));

  g_assert_false (c->call (f, lacking, FALSE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  if (strstr (error->message, id) == NULL)
    g_error ("the refusal “%s” does not name %s", error->message, id);
  g_clear_error (&error);

  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
  if (c->unchanged != NULL)
    c->unchanged (f);

  denied_after = audit_list (f, SD_AUDIT_DENIED, sd_session_get_full_name (lacking));
  g_assert_cmpuint (denied_after->len, ==, denied_before->len + 1);
  entry = g_ptr_array_index (denied_after, 0);
  g_assert_cmpstr (entry->action, ==, SD_AUDIT_DENIED);
  g_assert_cmpint (entry->staff_id, ==, tmpl.lacking[c->permission]);
  g_assert_cmpstr (entry->staff_name, ==, sd_session_get_full_name (lacking));
  g_assert_true (g_str_has_prefix (entry->detail, id));

  ok = c->call (f, holding, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

/* ---- contact masking ---- */

static void
assert_alice_masked (const SdCustomer *c)
{
  g_assert_nonnull (c);
  g_assert_cmpint (c->id, ==, tmpl.alice);
  g_assert_cmpstr (c->phone, ==, ALICE_MASKED);
  g_assert_cmpstr (c->address, ==, "****");
  g_assert_true (c->contact_masked);
  /* The rest of the record is there. */
  g_assert_cmpstr (c->name, ==, "王芳");
  g_assert_cmpstr (c->city, ==, "杭州市");
}

static void
assert_alice_full (const SdCustomer *c)
{
  g_assert_nonnull (c);
  g_assert_cmpint (c->id, ==, tmpl.alice);
  g_assert_cmpstr (c->phone, ==, ALICE_E164);
  g_assert_cmpstr (c->address, ==, ALICE_ADDRESS);
  g_assert_false (c->contact_masked);
}

static SdCustomer *
find_in (GPtrArray *list,
         gint64     id)
{
  for (guint i = 0; i < list->len; i++)
    {
      SdCustomer *c = g_ptr_array_index (list, i);
      if (c != NULL && c->id == id)
        return c;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
check_reads (SdSession *s,
             gboolean   masked)
{
  void (*check) (const SdCustomer *) = masked ? assert_alice_masked : assert_alice_full;
  g_autoptr(GError) error = NULL;
  const gint64 ids[] = { tmpl.bob, tmpl.alice };
  g_autoptr(SdCustomer) one = sd_customers_get (s, tmpl.alice, &error);
  g_autoptr(GPtrArray) many = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  g_autoptr(SdCustomer) merged = NULL;

  g_assert_no_error (error);
  check (one);

  many = sd_customers_get_many (s, ids, G_N_ELEMENTS (ids), &error);
  g_assert_no_error (error);
  check (g_ptr_array_index (many, 1));
  g_assert_cmpstr (((SdCustomer *) g_ptr_array_index (many, 0))->phone, ==, masked ? "139****5678" : BOB_E164);
  g_assert_cmpstr (((SdCustomer *) g_ptr_array_index (many, 0))->address, ==, masked ? "****" : "中山路 1 号");

  found = sd_customers_find (s, q, NULL, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 3);
  check (find_in (found, tmpl.alice));
  g_assert_cmpstr (find_in (found, tmpl.carol)->phone, ==, masked ? "137****9999" : "+8613700009999");
  /* An empty address stays empty: the mask does not invent one. */
  g_assert_cmpstr (find_in (found, tmpl.carol)->address, ==, "");

  merged = sd_customers_preview_merge (s, tmpl.alice, tmpl.carol, &error);
  g_assert_no_error (error);
  check (merged);
}

static void
test_mask_reads (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SdSession) masked = session_for (f, tmpl.lacking[SD_PERMISSION_SEE_CONTACT]);
  g_autoptr(SdSession) full = session_for (f, tmpl.holding[SD_PERMISSION_SEE_CONTACT]);

  g_assert_false (sd_session_can (masked, SD_PERMISSION_SEE_CONTACT));
  check_reads (masked, TRUE);
  check_reads (full, FALSE);
  check_reads (f->owner, FALSE);
}

static GBytes *
export_bytes (SdSession      *s,
              SdExportFormat  format)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  guint64 count = 0;

  g_assert_true (sd_export_customers (s, NULL, format, stream, &count, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 3);
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

/* The phone and address cells of alice's row in an exported CSV file. */
static void
csv_alice (GBytes  *bytes,
           char   **out_phone,
           char   **out_address)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  SdCsvReader *reader = sd_csv_reader_new_for_data (data, len, SD_ENCODING_AUTO, &error);
  int id_col = -1, phone_col = -1, address_col = -1;
  guint rows = 0;

  g_assert_no_error (error);
  g_assert_cmpint (memcmp (data, "\xEF\xBB\xBF", 3), ==, 0);
  g_assert_true (sd_csv_reader_next (reader, &error));
  for (guint i = 0; i < sd_csv_reader_get_n_fields (reader); i++)
    {
      const char *name = sd_csv_reader_get_field (reader, i);
      if (g_str_equal (name, "id"))
        id_col = (int) i;
      else if (g_str_equal (name, "phone"))
        phone_col = (int) i;
      else if (g_str_equal (name, "address"))
        address_col = (int) i;
    }
  g_assert_cmpint (id_col, ==, 0);
  g_assert_cmpint (phone_col, >, 0);
  g_assert_cmpint (address_col, >, 0);
  *out_phone = *out_address = NULL;
  while (sd_csv_reader_next (reader, &error))
    {
      rows++;
      if (g_ascii_strtoll (sd_csv_reader_get_field (reader, id_col), NULL, 10) == tmpl.alice)
        {
          *out_phone = sd_csv_clean_cell (sd_csv_reader_get_field (reader, phone_col));
          *out_address = sd_csv_clean_cell (sd_csv_reader_get_field (reader, address_col));
        }
    }
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 3);
  g_assert_nonnull (*out_phone);
  sd_csv_reader_free (reader);
}

static JsonObject *
json_alice (JsonParser *parser,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonArray *array;

  g_assert_true (json_parser_load_from_data (parser, data, (gssize) len, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      if (json_object_get_int_member (o, "id") == tmpl.alice)
        return o;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_mask_export (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SdSession) masked = session_for (f, tmpl.lacking[SD_PERMISSION_SEE_CONTACT]);
  g_autoptr(SdSession) full = session_for (f, tmpl.holding[SD_PERMISSION_SEE_CONTACT]);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) exports = NULL;
  JsonObject *o;

  {
    g_autoptr(GBytes) csv = export_bytes (masked, SD_EXPORT_CSV);
    g_autofree char *phone = NULL;
    g_autofree char *address = NULL;

    csv_alice (csv, &phone, &address);
    g_assert_cmpstr (phone, ==, ALICE_MASKED);
    g_assert_cmpstr (address, ==, "****");
    g_assert_false (bytes_contain (csv, ALICE_PHONE));
    g_assert_false (bytes_contain (csv, "13900005678"));
    g_assert_false (bytes_contain (csv, "文三路"));
  }
  {
    g_autoptr(GBytes) json = export_bytes (masked, SD_EXPORT_JSON);

    o = json_alice (parser, json);
    g_assert_cmpstr (json_object_get_string_member (o, "phone"), ==, ALICE_MASKED);
    g_assert_cmpstr (json_object_get_string_member (o, "address"), ==, "****");
    g_assert_false (bytes_contain (json, ALICE_PHONE));
    g_assert_false (bytes_contain (json, "13900005678"));
    g_assert_false (bytes_contain (json, "文三路"));
  }
  /* The log says the export was masked. */
  exports = audit_list (f, SD_AUDIT_EXPORT, sd_session_get_full_name (masked));
  g_assert_cmpuint (exports->len, ==, 2);
  g_assert_nonnull (strstr (((SdAuditEntry *) g_ptr_array_index (exports, 0))->detail, "contact masked"));

  {
    g_autoptr(GBytes) csv = export_bytes (full, SD_EXPORT_CSV);
    g_autofree char *phone = NULL;
    g_autofree char *address = NULL;

    csv_alice (csv, &phone, &address);
    g_assert_cmpstr (phone, ==, ALICE_E164);
    g_assert_cmpstr (address, ==, ALICE_ADDRESS);
    g_assert_true (bytes_contain (csv, ALICE_PHONE));
  }
  {
    g_autoptr(GBytes) json = export_bytes (full, SD_EXPORT_JSON);

    o = json_alice (parser, json);
    g_assert_cmpstr (json_object_get_string_member (o, "phone"), ==, ALICE_E164);
    g_assert_cmpstr (json_object_get_string_member (o, "address"), ==, ALICE_ADDRESS);
  }
}

static void
test_mask_save (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SdSession) masked = session_for (f, tmpl.lacking[SD_PERMISSION_SEE_CONTACT]);
  g_autoptr(SdSession) full = session_for (f, tmpl.holding[SD_PERMISSION_SEE_CONTACT]);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) denied = NULL;
  const char *field = NULL;

  /* Saving what was read keeps the hidden phone and address. */
  {
    g_autoptr(SdCustomer) c = sd_customers_get (masked, tmpl.alice, &error);
    g_autoptr(SdCustomer) stored = NULL;

    g_assert_no_error (error);
    assert_alice_masked (c);
    sd_customer_set_text (&c->name, "王芳二");
    g_assert_true (sd_customers_save (masked, c, &field, &error));
    g_assert_no_error (error);
    stored = sd_test_get_customer (f->owner, tmpl.alice);
    g_assert_cmpstr (stored->name, ==, "王芳二");
    g_assert_cmpstr (stored->phone, ==, ALICE_E164);
    g_assert_cmpint (stored->phone_state, ==, SD_PHONE_VALID);
    g_assert_cmpstr (stored->address, ==, ALICE_ADDRESS);
    g_assert_true (has_string (stored->tags, "VIP"));
  }
  /* A new phone or address is refused. */
  {
    g_autoptr(SdCustomer) c = sd_customers_get (masked, tmpl.bob, &error);
    g_autoptr(SdCustomer) stored = NULL;

    g_assert_no_error (error);
    sd_customer_set_text (&c->phone, "13600007777");
    sd_customer_set_text (&c->name, "李雷雷");
    g_assert_false (sd_customers_save (masked, c, &field, &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
    g_assert_nonnull (strstr (error->message, "customers.contact"));
    g_assert_cmpstr (field, ==, "phone");
    g_clear_error (&error);
    stored = sd_test_get_customer (f->owner, tmpl.bob);
    g_assert_cmpstr (stored->phone, ==, BOB_E164);
    g_assert_cmpstr (stored->name, ==, "李雷");
  }
  {
    g_autoptr(SdCustomer) c = sd_customers_get (masked, tmpl.bob, &error);
    g_autoptr(SdCustomer) stored = NULL;

    g_assert_no_error (error);
    sd_customer_set_text (&c->address, "人民路 9 号");
    field = NULL;
    g_assert_false (sd_customers_save (masked, c, &field, &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
    g_assert_nonnull (strstr (error->message, "customers.contact"));
    g_assert_cmpstr (field, ==, "address");
    g_clear_error (&error);
    stored = sd_test_get_customer (f->owner, tmpl.bob);
    g_assert_cmpstr (stored->address, ==, "中山路 1 号");
  }
  denied = audit_list (f, SD_AUDIT_DENIED, sd_session_get_full_name (masked));
  g_assert_cmpuint (denied->len, ==, 2);
  for (guint i = 0; i < denied->len; i++)
    g_assert_true (g_str_has_prefix (((SdAuditEntry *) g_ptr_array_index (denied, i))->detail, "customers.contact"));

  /* With the permission, the same change goes through. */
  {
    g_autoptr(SdCustomer) c = sd_customers_get (full, tmpl.bob, &error);
    g_autoptr(SdCustomer) stored = NULL;

    g_assert_no_error (error);
    sd_customer_set_text (&c->phone, "13600007777");
    g_assert_true (sd_customers_save (full, c, &field, &error));
    g_assert_no_error (error);
    stored = sd_test_get_customer (f->owner, tmpl.bob);
    g_assert_cmpstr (stored->phone, ==, "+8613600007777");
  }
}

/* What a search for TEXT finds, the same through find, list_ids and count: EXPECTED's id,
 * or nobody when 0. */
static void
assert_search (SdSession  *s,
               const char *text,
               gint64      expected)
{
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GArray) ids = NULL;
  guint n = expected ? 1 : 0;
  gint64 count;

  q->text = g_strdup (text);
  found = sd_customers_find (s, q, NULL, 100, &error);
  g_assert_no_error (error);
  ids = sd_customers_list_ids (s, q, NULL, &error);
  g_assert_no_error (error);
  count = sd_customers_count (s, q, &error);
  g_assert_no_error (error);
  if (found->len != n || ids->len != n || count != n)
    g_error ("search “%s” as %s: found %u, %u ids, count %" G_GINT64_FORMAT "; expected %u",
             text, sd_session_get_full_name (s), found->len, ids->len, count, n);
  if (expected)
    {
      g_assert_cmpint (((SdCustomer *) g_ptr_array_index (found, 0))->id, ==, expected);
      g_assert_cmpint (g_array_index (ids, gint64, 0), ==, expected);
    }
}

static void
test_mask_search (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SdSession) masked = session_for (f, tmpl.lacking[SD_PERMISSION_SEE_CONTACT]);
  g_autoptr(SdSession) full = session_for (f, tmpl.holding[SD_PERMISSION_SEE_CONTACT]);

  /* What the masked account may type: the whole number, the last four digits, the name. */
  assert_search (masked, ALICE_PHONE, tmpl.alice);
  assert_search (masked, "1234", tmpl.alice);
  assert_search (masked, "王芳", tmpl.alice);
  assert_search (masked, "杭州", tmpl.alice);
  /* Digits the mask hides, and the street address, find nobody. */
  assert_search (masked, "3812", 0);
  assert_search (masked, "8123", 0);
  assert_search (masked, "38123", 0);
  assert_search (masked, "文三路", 0);

  assert_search (full, ALICE_PHONE, tmpl.alice);
  assert_search (full, "1234", tmpl.alice);
  assert_search (full, "3812", tmpl.alice);
  assert_search (full, "8123", tmpl.alice);
  assert_search (full, "文三路", tmpl.alice);
  assert_search (full, "王芳", tmpl.alice);
}

/* ---- accounts that stop being allowed ---- */

static void
assert_refused (SdSession *s,
                int        code)
{
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) c = sd_customers_get (s, tmpl.alice, &error);
  g_autoptr(SdStaffAccount) self = NULL;

  g_assert_null (c);
  g_assert_error (error, SD_ERROR, code);
  g_clear_error (&error);
  g_assert_cmpint (sd_customers_count (s, q, &error), ==, -1);
  g_assert_error (error, SD_ERROR, code);
  g_clear_error (&error);
  g_assert_cmphex (sd_session_get_permissions (s), ==, 0);
  g_assert_false (sd_session_can (s, SD_PERMISSION_VIEW_CUSTOMERS));

  /* Calls on one's own account are refused too. */
  g_assert_false (sd_staff_set_display_name (s, sd_session_get_staff_id (s), "改了名", &error));
  g_assert_error (error, SD_ERROR, code);
  g_clear_error (&error);
  self = sd_staff_get (s, sd_session_get_staff_id (s), &error);
  g_assert_null (self);
  g_assert_error (error, SD_ERROR, code);
  g_clear_error (&error);
  g_assert_false (sd_session_change_password (s, SD_TEST_PASSWORD, "another password 1", &error));
  g_assert_error (error, SD_ERROR, code);
}

static void
test_disabled (Fixture       *f,
               gconstpointer  data)
{
  gint64 id = tmpl.holding[SD_PERMISSION_VIEW_CUSTOMERS];
  g_autoptr(SdSession) s = session_for (f, id);
  g_autoptr(SdSession) login = NULL;
  g_autoptr(SdStaffAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) c = NULL;

  c = sd_customers_get (s, tmpl.alice, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);
  g_clear_pointer (&c, sd_customer_free);

  g_assert_true (sd_staff_set_enabled (f->owner, id, FALSE, &error));
  g_assert_no_error (error);
  assert_refused (s, SD_ERROR_ACCOUNT_DISABLED);
  account = sd_staff_get (f->owner, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account->display_name, ==, "h0");
  g_assert_cmpint (account->status, ==, SD_STAFF_DISABLED);

  /* Nor can it log in again (refused before the password is even hashed). */
  login = sd_session_login (f->db, "h0", SD_TEST_PASSWORD, &error);
  g_assert_null (login);
  g_assert_error (error, SD_ERROR, SD_ERROR_ACCOUNT_DISABLED);
  g_clear_error (&error);

  /* Enabled again, the same session works. */
  g_assert_true (sd_staff_set_enabled (f->owner, id, TRUE, &error));
  g_assert_no_error (error);
  c = sd_customers_get (s, tmpl.alice, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);
}

static void
test_logout (Fixture       *f,
             gconstpointer  data)
{
  gint64 id = tmpl.holding[SD_PERMISSION_VIEW_CUSTOMERS];
  g_autoptr(SdSession) s = session_for (f, id);
  g_autoptr(SdSession) other = session_for (f, id);
  g_autoptr(SdSession) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) logouts = NULL;
  g_autoptr(SdCustomer) c = NULL;
  g_autoptr(SdStaffAccount) account = NULL;

  c = sd_customers_get (s, tmpl.alice, &error);
  g_assert_no_error (error);
  g_clear_pointer (&c, sd_customer_free);

  sd_session_logout (s);
  logouts = audit_list (f, SD_AUDIT_LOGOUT, sd_session_get_full_name (s));
  g_assert_cmpuint (logouts->len, ==, 1);
  g_assert_cmpint (((SdAuditEntry *) g_ptr_array_index (logouts, 0))->staff_id, ==, id);

  assert_refused (s, SD_ERROR_PERMISSION_DENIED);
  reopened = sd_session_open_on (s, f->db, &error);
  g_assert_null (reopened);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  account = sd_staff_get (f->owner, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account->display_name, ==, "h0");

  /* Another session of the same account is not logged out by it. */
  c = sd_customers_get (other, tmpl.alice, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);
}

static void
test_revoke_counts_at_once (Fixture       *f,
                            gconstpointer  data)
{
  gint64 id = tmpl.holding[SD_PERMISSION_SEE_CONTACT];
  g_autoptr(SdSession) s = session_for (f, id);
  g_autoptr(SdStaffAccount) account = sd_staff_get (f->owner, id, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) c = NULL;

  c = sd_customers_get (s, tmpl.alice, &error);
  g_assert_no_error (error);
  assert_alice_full (c);
  g_clear_pointer (&c, sd_customer_free);

  /* Taking customers.contact: the next read is masked. */
  g_assert_true (sd_roles_change (f->owner, account->role_id, 0, BIT (SEE_CONTACT), &error));
  g_assert_no_error (error);
  c = sd_customers_get (s, tmpl.alice, &error);
  g_assert_no_error (error);
  assert_alice_masked (c);
  g_clear_pointer (&c, sd_customer_free);

  /* Taking customers.view: the next call is refused. */
  g_assert_true (sd_roles_change (f->owner, account->role_id, 0, BIT (VIEW_CUSTOMERS), &error));
  g_assert_no_error (error);
  c = sd_customers_get (s, tmpl.alice, &error);
  g_assert_null (c);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "customers.view"));
  g_clear_error (&error);

  /* Given back, it works again. */
  g_assert_true (sd_roles_change (f->owner, account->role_id, BIT (VIEW_CUSTOMERS) | BIT (SEE_CONTACT), 0, &error));
  g_assert_no_error (error);
  c = sd_customers_get (s, tmpl.alice, &error);
  g_assert_no_error (error);
  assert_alice_full (c);
}

/* A merge preview is a read: it shows the customers, so it needs customers.view as well. */
static void
test_preview_needs_view (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SdSession) s = sd_test_staff_session (f->owner, "merger", BIT (MERGE_CUSTOMERS));
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) merged = sd_customers_preview_merge (s, tmpl.alice, tmpl.carol, &error);

  g_assert_null (merged);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "customers.view"));
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/permissions/%s/%s",
                                               sd_permission_to_string (cases[i].permission), cases[i].name);
      g_test_add (path, Fixture, &cases[i], fixture_setup, test_case, fixture_teardown);
    }
  g_test_add ("/core/permissions/mask/reads", Fixture, NULL, fixture_setup, test_mask_reads, fixture_teardown);
  g_test_add ("/core/permissions/mask/export", Fixture, NULL, fixture_setup, test_mask_export, fixture_teardown);
  g_test_add ("/core/permissions/mask/save", Fixture, NULL, fixture_setup, test_mask_save, fixture_teardown);
  g_test_add ("/core/permissions/mask/search", Fixture, NULL, fixture_setup, test_mask_search, fixture_teardown);
  g_test_add ("/core/permissions/session/disabled", Fixture, NULL, fixture_setup, test_disabled, fixture_teardown);
  g_test_add ("/core/permissions/session/logout", Fixture, NULL, fixture_setup, test_logout, fixture_teardown);
  g_test_add ("/core/permissions/session/revoke", Fixture, NULL, fixture_setup, test_revoke_counts_at_once,
              fixture_teardown);
  g_test_add ("/core/permissions/merge/preview-needs-view", Fixture, NULL, fixture_setup, test_preview_needs_view,
              fixture_teardown);

  rc = g_test_run ();
  if (tmpl.dir != NULL)
    {
      sd_test_remove_tree (tmpl.dir);
      g_clear_pointer (&tmpl.dir, g_free);
      g_clear_pointer (&tmpl.path, g_free);
    }
  return rc;
}
