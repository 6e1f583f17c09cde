/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"
#include <string.h>

#include "sd-audit.h"
#include "sd-csv.h"
#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-export.h"
#include "sd-import.h"
#include "sd-session-private.h"
#include "sd-shop.h"
#include "sd-staff.h"

/* The fake clock starts well after the real one, so that an entry stamped by the real
 * clock can never pass for one stamped by the test's. */
#define T0 G_GINT64_CONSTANT (2000000000)
#define XIAO_FULL "测试小店:xiao"
#define NEW_PASSWORD "new password 2"

typedef struct
{
  char      *dir;
  char      *path;
  SdDb      *db;
  SdSession *owner;
  gint64     now;           /* the fake clock */
  gint64     created_from;  /* real time around the shop's creation */
  gint64     created_to;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->created_from = g_get_real_time () / G_USEC_PER_SEC;
  f->owner = sd_test_new_temp_shop (&f->dir, &f->path);
  f->created_to = g_get_real_time () / G_USEC_PER_SEC;
  f->db = sd_db_ref (sd_session_get_db (f->owner));
  f->now = T0;
  sd_test_set_clock (f->db, &f->now);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->owner);
  g_clear_pointer (&f->db, sd_db_unref);
  sd_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
}

#define AUDIT_TEST(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

static gint64
tick (Fixture *f)
{
  f->now += 10;
  return f->now;
}

static SdAuditEntry *
entry_at (GPtrArray *entries,
          guint      i)
{
  return g_ptr_array_index (entries, i);
}

static gint64
raw_count (Fixture *f)
{
  return _sd_db_query_int (f->db, "SELECT count(*) FROM audit_log", -1);
}

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/* The one entry stamped at the clock's present time: ACTION by STAFF_NAME, on OBJECT_KIND
 * OBJECT_ID (NULL: not checked), its detail holding DETAIL (NULL: not checked). */
static SdAuditEntry *
expect_entry (Fixture    *f,
              const char *action,
              const char *staff_name,
              const char *object_kind,
              const char *object_id,
              const char *detail)
{
  SdAuditFilter filter = { .since = f->now, .until = f->now + 1 };
  g_autoptr(GPtrArray) entries = sd_test_audit_list (f->owner, &filter);
  SdAuditEntry *e;

  if (entries->len != 1)
    {
      for (guint i = 0; i < entries->len; i++)
        g_test_message ("entry at %" G_GINT64_FORMAT ": %s", f->now, entry_at (entries, i)->action);
      g_error ("expected one %s entry at %" G_GINT64_FORMAT ", found %u", action, f->now, entries->len);
    }
  e = entry_at (entries, 0);
  g_assert_cmpstr (e->action, ==, action);
  g_assert_cmpint (e->at, ==, f->now);
  g_assert_cmpstr (e->staff_name, ==, staff_name);
  if (object_kind != NULL)
    g_assert_cmpstr (e->object_kind, ==, object_kind);
  if (object_id != NULL)
    g_assert_cmpstr (e->object_id, ==, object_id);
  if (detail != NULL && strstr (e->detail, detail) == NULL)
    g_error ("%s: detail “%s” does not hold “%s”", action, e->detail, detail);
  g_assert_cmpuint (strlen (e->hash), ==, 64);
  return sd_audit_entry_copy (e);
}

#define EXPECT(f, action, staff, kind, id, detail) \
  sd_audit_entry_free (expect_entry ((f), (action), (staff), (kind), (id), (detail)))

static void
login_fails (Fixture    *f,
             const char *name,
             const char *password,
             int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) s = sd_session_login (f->db, name, password, &error);

  g_assert_null (s);
  g_assert_error (error, SD_ERROR, code);
}

static const char customers_csv[] =
  "nick,name,phone\n"
  "dave,张伟,13600001111\n"
  "erin,刘洋,13600002222\n";

static gint64
find_nick (Fixture    *f,
           const char *nick)
{
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  q->text = g_strdup (nick);
  found = sd_customers_find (f->owner, q, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  return ((SdCustomer *) g_ptr_array_index (found, 0))->id;
}

/* ---- one entry per action ---- */

static void
test_entry_kinds (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) xiao_session = NULL;
  g_autoptr(SdStaffAccount) account = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *dep_id = NULL;
  g_autofree char *role_id = NULL;
  g_autofree char *xiao_id = NULL;
  g_autofree char *csv_path = NULL;
  SdImportOptions options = { 0 };
  SdAuditEntry *e;
  gint64 dep, role, role2, xiao, dave, erin;
  gint64 n_before_export;

  /* The shop's creation, before the fake clock: by the owner, at the real time. */
  {
    SdAuditFilter filter = { .action = SD_AUDIT_SHOP_CREATE };
    g_autoptr(GPtrArray) entries = sd_test_audit_list (f->owner, &filter);

    g_assert_cmpuint (entries->len, ==, 1);
    e = entry_at (entries, 0);
    g_assert_cmpint (e->id, ==, 1);
    g_assert_cmpstr (e->staff_name, ==, SD_TEST_OWNER);
    g_assert_cmpint (e->staff_id, ==, sd_session_get_staff_id (f->owner));
    g_assert_cmpstr (e->object_kind, ==, "shop");
    g_assert_cmpstr (e->detail, ==, "测试小店");
    g_assert_cmpint (e->at, >=, f->created_from);
    g_assert_cmpint (e->at, <=, f->created_to);
  }

  /* Departments, roles and accounts, by the owner. */
  tick (f);
  dep = sd_departments_add (f->owner, "客服部", &error);
  g_assert_no_error (error);
  dep_id = id_text (dep);
  EXPECT (f, SD_AUDIT_DEPARTMENT_ADD, SD_TEST_OWNER, "department", dep_id, "客服部");

  tick (f);
  g_assert_true (sd_departments_rename (f->owner, dep, "客服一部", &error));
  g_assert_no_error (error);
  EXPECT (f, SD_AUDIT_DEPARTMENT_RENAME, SD_TEST_OWNER, "department", dep_id, "客服一部");

  tick (f);
  role = sd_roles_create (f->owner, "客服", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS), &error);
  g_assert_no_error (error);
  role_id = id_text (role);
  EXPECT (f, SD_AUDIT_ROLE_CREATE, SD_TEST_OWNER, "role", role_id, "customers.view");

  tick (f);
  g_assert_true (sd_roles_change (f->owner, role, SD_PERMISSION_BIT (SD_PERMISSION_EDIT_CUSTOMERS), 0, &error));
  g_assert_no_error (error);
  EXPECT (f, SD_AUDIT_ROLE_GRANT, SD_TEST_OWNER, "role", role_id, "customers.edit");

  tick (f);
  g_assert_true (sd_roles_change (f->owner, role, 0, SD_PERMISSION_BIT (SD_PERMISSION_EDIT_CUSTOMERS), &error));
  g_assert_no_error (error);
  EXPECT (f, SD_AUDIT_ROLE_REVOKE, SD_TEST_OWNER, "role", role_id, "customers.edit");

  tick (f);
  g_assert_true (sd_roles_rename (f->owner, role, "客服组", &error));
  g_assert_no_error (error);
  EXPECT (f, SD_AUDIT_ROLE_RENAME, SD_TEST_OWNER, "role", role_id, "客服组");

  tick (f);
  role2 = sd_roles_create (f->owner, "客服二", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS), &error);
  g_assert_no_error (error);

  tick (f);
  xiao = sd_staff_add (f->owner, "xiao", "小晓", dep, role, SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  xiao_id = id_text (xiao);
  EXPECT (f, SD_AUDIT_STAFF_ADD, SD_TEST_OWNER, "staff", xiao_id, XIAO_FULL);

  tick (f);
  g_assert_true (sd_staff_set_display_name (f->owner, xiao, "小晓晓", &error));
  g_assert_no_error (error);
  EXPECT (f, SD_AUDIT_STAFF_EDIT, SD_TEST_OWNER, "staff", xiao_id, XIAO_FULL);

  tick (f);
  g_assert_true (sd_staff_set_department (f->owner, xiao, 1, &error));
  g_assert_no_error (error);
  EXPECT (f, SD_AUDIT_STAFF_DEPARTMENT, SD_TEST_OWNER, "staff", xiao_id, XIAO_FULL);

  tick (f);
  g_assert_true (sd_staff_set_role (f->owner, xiao, role2, &error));
  g_assert_no_error (error);
  EXPECT (f, SD_AUDIT_STAFF_ROLE, SD_TEST_OWNER, "staff", xiao_id, "客服二");

  tick (f);
  g_assert_true (sd_staff_set_enabled (f->owner, xiao, FALSE, &error));
  g_assert_no_error (error);
  EXPECT (f, SD_AUDIT_STAFF_DISABLE, SD_TEST_OWNER, "staff", xiao_id, XIAO_FULL);

  tick (f);
  g_assert_true (sd_staff_set_enabled (f->owner, xiao, TRUE, &error));
  g_assert_no_error (error);
  EXPECT (f, SD_AUDIT_STAFF_ENABLE, SD_TEST_OWNER, "staff", xiao_id, XIAO_FULL);

  /* The sub-account's own doings are in its full name. */
  tick (f);
  xiao_session = sd_session_login (f->db, "xiao", SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  e = expect_entry (f, SD_AUDIT_LOGIN_OK, XIAO_FULL, "staff", NULL, NULL);
  g_assert_cmpint (e->staff_id, ==, xiao);
  sd_audit_entry_free (e);

  tick (f);
  g_assert_true (sd_session_change_password (xiao_session, SD_TEST_PASSWORD, NEW_PASSWORD, &error));
  g_assert_no_error (error);
  EXPECT (f, SD_AUDIT_PASSWORD_CHANGE, XIAO_FULL, "staff", NULL, NULL);

  tick (f);
  {
    g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();

    g_assert_false (sd_export_customers (xiao_session, NULL, SD_EXPORT_CSV, stream, NULL, NULL, &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
    g_clear_error (&error);
  }
  e = expect_entry (f, SD_AUDIT_DENIED, XIAO_FULL, NULL, NULL, "customers.export");
  g_assert_cmpint (e->staff_id, ==, xiao);
  sd_audit_entry_free (e);

  tick (f);
  sd_session_logout (xiao_session);
  EXPECT (f, SD_AUDIT_LOGOUT, XIAO_FULL, "staff", NULL, NULL);

  /* Failed logins: a wrong password, an unknown name, then enough to lock. */
  tick (f);
  login_fails (f, "xiao", "wrong password", SD_ERROR_AUTH_FAILED);
  e = expect_entry (f, SD_AUDIT_LOGIN_FAILED, XIAO_FULL, "staff", NULL, "wrong password");
  g_assert_cmpint (e->staff_id, ==, xiao);
  sd_audit_entry_free (e);

  tick (f);
  login_fails (f, "nobody", "wrong password", SD_ERROR_AUTH_FAILED);
  e = expect_entry (f, SD_AUDIT_LOGIN_FAILED, "nobody", "", "", "unknown");
  g_assert_cmpint (e->staff_id, ==, 0);
  sd_audit_entry_free (e);

  for (int i = 2; i < SD_LOGIN_MAX_FAILURES; i++)
    {
      tick (f);
      login_fails (f, "xiao", "wrong password", SD_ERROR_AUTH_FAILED);
      EXPECT (f, SD_AUDIT_LOGIN_FAILED, XIAO_FULL, "staff", NULL, "wrong password");
    }
  tick (f);
  login_fails (f, "xiao", "wrong password", SD_ERROR_ACCOUNT_LOCKED);
  e = expect_entry (f, SD_AUDIT_LOGIN_LOCKED, XIAO_FULL, "staff", NULL, "5 wrong passwords");
  g_assert_cmpint (e->staff_id, ==, xiao);
  sd_audit_entry_free (e);
  account = sd_staff_get (f->owner, xiao, &error);
  g_assert_no_error (error);
  g_assert_cmpint (account->status, ==, SD_STAFF_LOCKED);
  g_assert_cmpint (account->locked_until, ==, f->now + SD_LOGIN_LOCK_SECONDS);
  g_clear_pointer (&account, sd_staff_account_free);

  /* Locked, even the right password is refused (and audited) until the lock runs out. */
  tick (f);
  login_fails (f, "xiao", NEW_PASSWORD, SD_ERROR_ACCOUNT_LOCKED);
  EXPECT (f, SD_AUDIT_LOGIN_FAILED, XIAO_FULL, "staff", NULL, "locked");

  tick (f);
  g_assert_true (sd_staff_reset_password (f->owner, xiao, "reset password 1", &error));
  g_assert_no_error (error);
  EXPECT (f, SD_AUDIT_PASSWORD_RESET, SD_TEST_OWNER, "staff", xiao_id, XIAO_FULL);
  account = sd_staff_get (f->owner, xiao, &error);
  g_assert_no_error (error);
  g_assert_cmpint (account->status, ==, SD_STAFF_ACTIVE);

  /* What is left of the role and the department, now that nobody is in them. */
  tick (f);
  g_assert_true (sd_roles_delete (f->owner, role, &error));
  g_assert_no_error (error);
  EXPECT (f, SD_AUDIT_ROLE_DELETE, SD_TEST_OWNER, "role", role_id, "客服组");

  tick (f);
  g_assert_true (sd_departments_remove (f->owner, dep, &error));
  g_assert_no_error (error);
  EXPECT (f, SD_AUDIT_DEPARTMENT_REMOVE, SD_TEST_OWNER, "department", dep_id, "客服一部");

  /* Customers. */
  tick (f);
  csv_path = g_build_filename (f->dir, "c.csv", NULL);
  g_assert_true (g_file_set_contents (csv_path, customers_csv, -1, &error));
  options.kind = SD_IMPORT_CUSTOMERS;
  {
    g_autoptr(SdImportResult) result = sd_import_file (f->owner, csv_path, &options, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (result->inserted, ==, 2);
  }
  EXPECT (f, SD_AUDIT_IMPORT, SD_TEST_OWNER, "file", "c.csv", "2 rows, 2 new");

  tick (f);
  {
    g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();

    g_assert_true (sd_export_customers (f->owner, NULL, SD_EXPORT_CSV, stream, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  EXPECT (f, SD_AUDIT_EXPORT, SD_TEST_OWNER, "customers", NULL, "CSV, 2 rows");

  tick (f);
  {
    g_autofree char *path = g_build_filename (f->dir, "out.json", NULL);

    g_assert_true (sd_export_customers_to_path (f->owner, NULL, SD_EXPORT_JSON, path, NULL, NULL, &error));
    g_assert_no_error (error);
    EXPECT (f, SD_AUDIT_EXPORT, SD_TEST_OWNER, "customers", NULL, "JSON, 2 rows");
  }

  dave = find_nick (f, "dave");
  erin = find_nick (f, "erin");
  tick (f);
  g_assert_true (sd_customers_merge (f->owner, dave, erin, &error));
  g_assert_no_error (error);
  {
    g_autofree char *keep = id_text (dave);
    g_autofree char *other = g_strdup_printf ("#%" G_GINT64_FORMAT, erin);

    EXPECT (f, SD_AUDIT_MERGE, SD_TEST_OWNER, "customer", keep, other);
  }

  tick (f);
  g_assert_true (sd_customers_delete (f->owner, dave, &error));
  g_assert_no_error (error);
  {
    g_autofree char *id = id_text (dave);

    EXPECT (f, SD_AUDIT_DELETE, SD_TEST_OWNER, "customer", id, "dave");
  }

  tick (f);
  g_assert_true (sd_shop_set_name (f->owner, "新名字小店", &error));
  g_assert_no_error (error);
  EXPECT (f, SD_AUDIT_SHOP_RENAME, SD_TEST_OWNER, "shop", NULL, "新名字小店");

  tick (f);
  n_before_export = raw_count (f);
  {
    g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
    g_autofree char *detail = g_strdup_printf ("%" G_GINT64_FORMAT " entries", n_before_export);
    guint64 count = 0;

    g_assert_true (sd_audit_export_csv (f->owner, NULL, stream, &count, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count, ==, (guint64) n_before_export);
    EXPECT (f, SD_AUDIT_AUDIT_EXPORT, SD_TEST_OWNER, NULL, NULL, detail);
  }

  /* Every entry after the first has the fake clock's time, and the chain holds. */
  all = sd_test_audit_list (f->owner, NULL);
  g_assert_cmpint (all->len, ==, raw_count (f));
  for (guint i = 0; i + 1 < all->len; i++)
    {
      e = entry_at (all, i);
      g_assert_cmpint (e->at, >, T0);
      g_assert_cmpint (e->at, <=, f->now);
      g_assert_cmpint (e->id, ==, entry_at (all, i + 1)->id + 1);
    }
  {
    gint64 entries = 0, broken = -1;

    g_assert_true (sd_audit_verify (f->owner, &entries, &broken, &error));
    g_assert_no_error (error);
    g_assert_cmpint (entries, ==, all->len);
    g_assert_cmpint (broken, ==, 0);
  }
}

/* ---- filters ---- */

static void
assert_actions (GPtrArray *entries,
                ...)
{
  va_list args;
  const char *action;
  guint i = 0;

  va_start (args, entries);
  while ((action = va_arg (args, const char *)) != NULL)
    {
      if (i >= entries->len)
        g_error ("entry %u: expected %s, the list has only %u", i, action, entries->len);
      g_assert_cmpstr (entry_at (entries, i)->action, ==, action);
      i++;
    }
  va_end (args);
  g_assert_cmpuint (entries->len, ==, i);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) xiao = NULL;
  g_autoptr(SdSession) login = NULL;
  g_autoptr(GPtrArray) all = NULL;
  SdAuditFilter filter = { 0 };

  f->now = T0;
  sd_departments_add (f->owner, "甲", &error);
  g_assert_no_error (error);
  f->now = T0 + 100;
  sd_departments_add (f->owner, "乙", &error);
  g_assert_no_error (error);
  f->now = T0 + 200;
  xiao = sd_test_staff_session (f->owner, "xiao", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));  /* role.create, staff.add */
  f->now = T0 + 300;
  login = sd_session_login (f->db, XIAO_FULL, SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  f->now = T0 + 400;
  login_fails (f, "xiao", "wrong password", SD_ERROR_AUTH_FAILED);
  f->now = T0 + 450;
  login_fails (f, "ghost", "wrong password", SD_ERROR_AUTH_FAILED);
  f->now = T0 + 500;
  g_assert_null (sd_staff_list (xiao, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  f->now = T0 + 600;
  sd_departments_add (f->owner, "丙", &error);
  g_assert_no_error (error);

  /* Newest first, every entry. */
  all = sd_test_audit_list (f->owner, NULL);
  assert_actions (all, SD_AUDIT_DEPARTMENT_ADD, SD_AUDIT_DENIED, SD_AUDIT_LOGIN_FAILED, SD_AUDIT_LOGIN_FAILED,
                  SD_AUDIT_LOGIN_OK, SD_AUDIT_STAFF_ADD, SD_AUDIT_ROLE_CREATE, SD_AUDIT_DEPARTMENT_ADD,
                  SD_AUDIT_DEPARTMENT_ADD, SD_AUDIT_SHOP_CREATE, NULL);
  for (guint i = 0; i + 1 < all->len; i++)
    {
      g_assert_cmpint (entry_at (all, i)->id, >, entry_at (all, i + 1)->id);
      g_assert_cmpint (entry_at (all, i)->at, >=, entry_at (all, i + 1)->at);
    }

  /* since inclusive, until exclusive. */
  {
    SdAuditFilter window = { .since = T0 + 100, .until = T0 + 400 };
    g_autoptr(GPtrArray) entries = sd_test_audit_list (f->owner, &window);

    assert_actions (entries, SD_AUDIT_LOGIN_OK, SD_AUDIT_STAFF_ADD, SD_AUDIT_ROLE_CREATE, SD_AUDIT_DEPARTMENT_ADD, NULL);
    g_assert_cmpint (entry_at (entries, 3)->at, ==, T0 + 100);
  }
  {
    SdAuditFilter since = { .since = T0 + 500 };
    g_autoptr(GPtrArray) entries = sd_test_audit_list (f->owner, &since);

    assert_actions (entries, SD_AUDIT_DEPARTMENT_ADD, SD_AUDIT_DENIED, NULL);
  }
  {
    SdAuditFilter until = { .until = T0 + 100 };
    g_autoptr(GPtrArray) entries = sd_test_audit_list (f->owner, &until);

    assert_actions (entries, SD_AUDIT_DEPARTMENT_ADD, SD_AUDIT_SHOP_CREATE, NULL);
    g_assert_cmpint (entry_at (entries, 0)->at, ==, T0);
  }

  /* By account: the login and the full name give the same entries. */
  {
    SdAuditFilter by_login = { .staff_name = "xiao" };
    SdAuditFilter by_full = { .staff_name = XIAO_FULL };
    g_autoptr(GPtrArray) a = sd_test_audit_list (f->owner, &by_login);
    g_autoptr(GPtrArray) b = sd_test_audit_list (f->owner, &by_full);

    assert_actions (a, SD_AUDIT_DENIED, SD_AUDIT_LOGIN_FAILED, SD_AUDIT_LOGIN_OK, NULL);
    g_assert_cmpuint (b->len, ==, a->len);
    for (guint i = 0; i < a->len; i++)
      {
        g_assert_cmpint (entry_at (a, i)->id, ==, entry_at (b, i)->id);
        g_assert_cmpstr (entry_at (a, i)->staff_name, ==, XIAO_FULL);
      }
  }
  {
    SdAuditFilter by_owner = { .staff_name = SD_TEST_OWNER };
    g_autoptr(GPtrArray) entries = sd_test_audit_list (f->owner, &by_owner);

    assert_actions (entries, SD_AUDIT_DEPARTMENT_ADD, SD_AUDIT_STAFF_ADD, SD_AUDIT_ROLE_CREATE,
                    SD_AUDIT_DEPARTMENT_ADD, SD_AUDIT_DEPARTMENT_ADD, SD_AUDIT_SHOP_CREATE, NULL);
  }
  {
    /* A name no account has: the failed logins typed with it. */
    SdAuditFilter by_ghost = { .staff_name = "ghost" };
    g_autoptr(GPtrArray) entries = sd_test_audit_list (f->owner, &by_ghost);

    assert_actions (entries, SD_AUDIT_LOGIN_FAILED, NULL);
    g_assert_cmpint (entry_at (entries, 0)->staff_id, ==, 0);
  }

  /* By action: exact, or a prefix ending in a dot. */
  {
    SdAuditFilter exact = { .action = SD_AUDIT_DEPARTMENT_ADD };
    g_autoptr(GPtrArray) entries = sd_test_audit_list (f->owner, &exact);

    assert_actions (entries, SD_AUDIT_DEPARTMENT_ADD, SD_AUDIT_DEPARTMENT_ADD, SD_AUDIT_DEPARTMENT_ADD, NULL);
  }
  {
    SdAuditFilter prefix = { .action = "login." };
    g_autoptr(GPtrArray) entries = sd_test_audit_list (f->owner, &prefix);

    assert_actions (entries, SD_AUDIT_LOGIN_FAILED, SD_AUDIT_LOGIN_FAILED, SD_AUDIT_LOGIN_OK, NULL);
  }
  {
    SdAuditFilter no_dot = { .action = "login" };
    SdAuditFilter part = { .action = "depart" };
    g_autoptr(GPtrArray) a = sd_test_audit_list (f->owner, &no_dot);
    g_autoptr(GPtrArray) b = sd_test_audit_list (f->owner, &part);

    g_assert_cmpuint (a->len, ==, 0);
    g_assert_cmpuint (b->len, ==, 0);
  }
  {
    SdAuditFilter both = { .action = "login.", .staff_name = "xiao" };
    g_autoptr(GPtrArray) entries = sd_test_audit_list (f->owner, &both);

    assert_actions (entries, SD_AUDIT_LOGIN_FAILED, SD_AUDIT_LOGIN_OK, NULL);
  }

  /* A limit keeps the newest. */
  filter.limit = 2;
  {
    g_autoptr(GPtrArray) entries = sd_test_audit_list (f->owner, &filter);

    assert_actions (entries, SD_AUDIT_DEPARTMENT_ADD, SD_AUDIT_DENIED, NULL);
    g_assert_cmpint (entry_at (entries, 0)->id, ==, entry_at (all, 0)->id);
    g_assert_cmpint (entry_at (entries, 1)->id, ==, entry_at (all, 1)->id);
  }
  {
    SdAuditFilter limited = { .action = SD_AUDIT_DEPARTMENT_ADD, .limit = 1 };
    g_autoptr(GPtrArray) entries = sd_test_audit_list (f->owner, &limited);

    assert_actions (entries, SD_AUDIT_DEPARTMENT_ADD, NULL);
    g_assert_cmpint (entry_at (entries, 0)->at, ==, T0 + 600);
  }
}

/* ---- raw SQL on the shop, past ShopDesk: its file, or its team database ---- */

static SdDb *
raw_open (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SdDb *db = _sd_db_open_bare (f->path, &error);

  g_assert_no_error (error);
  return db;
}

static void
raw_exec_ok (Fixture    *f,
             const char *sql)
{
  sd_test_raw_exec (f->path, sql);
}

static void
add_departments (Fixture *f,
                 guint    n)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("部门%u", i);

      tick (f);
      g_assert_cmpint (sd_departments_add (f->owner, name, &error), >, 0);
      g_assert_no_error (error);
    }
}

static void
test_append_only (Fixture       *f,
                  gconstpointer  data)
{
  const char *statements[] = {
    "UPDATE audit_log SET detail = 'tampered' WHERE id = 2",
    "UPDATE audit_log SET at = at + 1",
    "DELETE FROM audit_log WHERE id = 2",
    "DELETE FROM audit_log",
  };
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = NULL;
  gint64 entries = 0, broken = -1;

  add_departments (f, 3);
  before = sd_test_audit_list (f->owner, NULL);
  g_assert_cmpuint (before->len, ==, 4);

  db = raw_open (f);
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(GError) refused = NULL;

      g_assert_false (_sd_db_exec (db, statements[i], &refused));
      g_assert_nonnull (refused);
      if (strstr (refused->message, "append-only") == NULL)
        g_error ("%s: %s", statements[i], refused->message);
    }
  g_clear_pointer (&db, sd_db_unref);

  after = sd_test_audit_list (f->owner, NULL);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    {
      g_assert_cmpstr (entry_at (after, i)->detail, ==, entry_at (before, i)->detail);
      g_assert_cmpint (entry_at (after, i)->at, ==, entry_at (before, i)->at);
      g_assert_cmpstr (entry_at (after, i)->hash, ==, entry_at (before, i)->hash);
    }
  g_assert_true (sd_audit_verify (f->owner, &entries, &broken, &error));
  g_assert_no_error (error);
  g_assert_cmpint (entries, ==, 4);
}

#define drop_triggers sd_test_unguard_audit_sql ()

/* The chain as sd_audit_verify sees it, on a new connection and session. */
static gboolean
verify_fresh (Fixture *f,
              gint64  *out_entries,
              gint64  *out_broken)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = sd_db_open (f->path, &error);
  g_autoptr(SdSession) owner = NULL;
  gboolean ok;

  g_assert_no_error (error);
  owner = _sd_session_new_for (db, sd_session_get_staff_id (f->owner), &error);
  g_assert_no_error (error);
  ok = sd_audit_verify (owner, out_entries, out_broken, &error);
  g_assert_no_error (error);
  return ok;
}

static void
assert_intact (Fixture *f,
               gint64   expected_entries)
{
  g_autoptr(GError) error = NULL;
  gint64 entries = -1, broken = -1;

  g_assert_true (sd_audit_verify (f->owner, &entries, &broken, &error));
  g_assert_no_error (error);
  g_assert_cmpint (entries, ==, expected_entries);
  g_assert_cmpint (entries, ==, raw_count (f));
  g_assert_cmpint (broken, ==, 0);
}

static void
assert_broken (Fixture *f,
               gint64   expected_broken)
{
  g_autoptr(GError) error = NULL;
  gint64 entries = -1, broken = -1;

  /* On the connection that was open during the edit, and on a new one. */
  g_assert_false (sd_audit_verify (f->owner, &entries, &broken, &error));
  g_assert_no_error (error);
  g_assert_cmpint (broken, ==, expected_broken);
  broken = -1;
  g_assert_false (verify_fresh (f, &entries, &broken));
  g_assert_cmpint (broken, ==, expected_broken);
}

static void
test_verify_changed_detail (Fixture       *f,
                            gconstpointer  data)
{
  add_departments (f, 5);
  assert_intact (f, 6);
  raw_exec_ok (f, drop_triggers);
  /* Without the triggers, but untouched, the chain still holds. */
  assert_intact (f, 6);
  raw_exec_ok (f, "UPDATE audit_log SET detail = 'tampered' WHERE id = 3");
  assert_broken (f, 3);
}

static void
test_verify_deleted_entry (Fixture       *f,
                           gconstpointer  data)
{
  add_departments (f, 5);
  assert_intact (f, 6);
  raw_exec_ok (f, drop_triggers);
  raw_exec_ok (f, "DELETE FROM audit_log WHERE id = 3");
  g_assert_cmpint (raw_count (f), ==, 5);
  assert_broken (f, 4);
}

static void
test_verify_changed_time (Fixture       *f,
                          gconstpointer  data)
{
  add_departments (f, 5);
  assert_intact (f, 6);
  raw_exec_ok (f, drop_triggers);
  raw_exec_ok (f, "UPDATE audit_log SET at = at - 3600 WHERE id = 4");
  assert_broken (f, 4);
}

static void
test_verify_changed_account (Fixture       *f,
                             gconstpointer  data)
{
  add_departments (f, 5);
  raw_exec_ok (f, drop_triggers);
  raw_exec_ok (f, "UPDATE audit_log SET staff_name = 'someone else' WHERE id = 5");
  assert_broken (f, 5);
}

/* ---- CSV export ---- */

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  static const char *header[] = {
    "id", "time", "account", "action", "action_label", "object_kind", "object_id", "detail", "hash",
  };
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SdCsvReader *reader;
  const char *data_bytes;
  gsize len;
  guint64 count = 0;
  guint row = 0;

  add_departments (f, 3);
  tick (f);
  g_assert_null (sd_staff_find (f->owner, "nobody here", &error));   /* not audited */
  g_clear_error (&error);
  entries = sd_test_audit_list (f->owner, NULL);   /* newest first */
  g_assert_cmpuint (entries->len, ==, 4);

  tick (f);
  g_assert_true (sd_audit_export_csv (f->owner, NULL, stream, &count, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, entries->len);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  data_bytes = g_bytes_get_data (bytes, &len);
  g_assert_cmpuint (len, >, 3);
  g_assert_cmpint (memcmp (data_bytes, "\xEF\xBB\xBF", 3), ==, 0);

  reader = sd_csv_reader_new_for_data (data_bytes, len, SD_ENCODING_AUTO, &error);
  g_assert_no_error (error);
  g_assert_true (sd_csv_reader_next (reader, &error));
  g_assert_cmpuint (sd_csv_reader_get_n_fields (reader), ==, G_N_ELEMENTS (header));
  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    g_assert_cmpstr (sd_csv_reader_get_field (reader, i), ==, header[i]);
  /* Oldest first, one row an entry, with its hash. */
  while (sd_csv_reader_next (reader, &error))
    {
      SdAuditEntry *e = entry_at (entries, entries->len - 1 - row);
      g_autofree char *id = id_text (e->id);
      g_autofree char *account = sd_csv_clean_cell (sd_csv_reader_get_field (reader, 2));

      g_assert_cmpuint (sd_csv_reader_get_n_fields (reader), ==, G_N_ELEMENTS (header));
      g_assert_cmpstr (sd_csv_reader_get_field (reader, 0), ==, id);
      g_assert_cmpstr (account, ==, e->staff_name);
      g_assert_cmpstr (sd_csv_reader_get_field (reader, 3), ==, e->action);
      g_assert_cmpstr (sd_csv_reader_get_field (reader, 4), ==, sd_audit_action_get_label (e->action));
      g_assert_cmpstr (sd_csv_reader_get_field (reader, 5), ==, e->object_kind);
      g_assert_cmpstr (sd_csv_reader_get_field (reader, 6), ==, e->object_id);
      g_assert_cmpstr (sd_csv_reader_get_field (reader, 7), ==, e->detail);
      g_assert_cmpstr (sd_csv_reader_get_field (reader, 8), ==, e->hash);
      g_assert_cmpuint (strspn (e->hash, "0123456789abcdef"), ==, 64);
      row++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (row, ==, entries->len);
  sd_csv_reader_free (reader);

  /* The export is itself in the log, by whom and when. */
  after = sd_test_audit_list (f->owner, NULL);
  g_assert_cmpuint (after->len, ==, entries->len + 1);
  g_assert_cmpstr (entry_at (after, 0)->action, ==, SD_AUDIT_AUDIT_EXPORT);
  g_assert_cmpstr (entry_at (after, 0)->staff_name, ==, SD_TEST_OWNER);
  g_assert_cmpint (entry_at (after, 0)->at, ==, f->now);
  g_assert_cmpstr (entry_at (after, 0)->detail, ==, "4 entries");
  assert_intact (f, 5);

  /* With a filter: only what it selects. */
  tick (f);
  {
    g_autoptr(GOutputStream) filtered = g_memory_output_stream_new_resizable ();
    SdAuditFilter filter = { .action = SD_AUDIT_DEPARTMENT_ADD };
    g_autoptr(GBytes) part = NULL;
    g_autoptr(GPtrArray) latest = NULL;
    gsize part_len;
    const char *part_data;
    guint rows = 0;

    g_assert_true (sd_audit_export_csv (f->owner, &filter, filtered, &count, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count, ==, 3);
    g_assert_true (g_output_stream_close (filtered, NULL, NULL));
    part = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (filtered));
    part_data = g_bytes_get_data (part, &part_len);
    reader = sd_csv_reader_new_for_data (part_data, part_len, SD_ENCODING_AUTO, &error);
    g_assert_true (sd_csv_reader_next (reader, &error));
    while (sd_csv_reader_next (reader, &error))
      {
        g_assert_cmpstr (sd_csv_reader_get_field (reader, 3), ==, SD_AUDIT_DEPARTMENT_ADD);
        rows++;
      }
    g_assert_cmpuint (rows, ==, 3);
    sd_csv_reader_free (reader);
    latest = sd_test_audit_list (f->owner, NULL);
    g_assert_cmpstr (entry_at (latest, 0)->action, ==, SD_AUDIT_AUDIT_EXPORT);
    g_assert_cmpstr (entry_at (latest, 0)->detail, ==, "3 entries");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  AUDIT_TEST ("/core/audit/entries", test_entry_kinds);
  AUDIT_TEST ("/core/audit/filters", test_filters);
  AUDIT_TEST ("/core/audit/append-only", test_append_only);
  AUDIT_TEST ("/core/audit/verify/changed-detail", test_verify_changed_detail);
  AUDIT_TEST ("/core/audit/verify/deleted-entry", test_verify_deleted_entry);
  AUDIT_TEST ("/core/audit/verify/changed-time", test_verify_changed_time);
  AUDIT_TEST ("/core/audit/verify/changed-account", test_verify_changed_account);
  AUDIT_TEST ("/core/audit/export-csv", test_export_csv);

  return g_test_run ();
}
