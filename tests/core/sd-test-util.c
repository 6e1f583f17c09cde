/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

#include <glib/gstdio.h>

#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-session-private.h"
#include "sd-shop.h"
#include "sd-staff.h"

char *
sd_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  return dir;
}

void
sd_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          sd_test_remove_tree (child);
        }
    }
  g_remove (path);
}

SdSession *
sd_test_new_shop (const char *path)
{
  g_autoptr(GError) error = NULL;
  SdSession *session = sd_shop_create (path, "测试小店", SD_TEST_OWNER, SD_TEST_PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

SdSession *
sd_test_new_temp_shop (char **dir,
                       char **path)
{
  g_autofree char *shop = NULL;

  *dir = sd_test_make_dir ();
  shop = g_build_filename (*dir, "shop.db", NULL);
  if (path != NULL)
    *path = g_strdup (shop);
  return sd_test_new_shop (shop);
}

SdSession *
sd_test_login_owner (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = sd_db_open (path, &error);
  SdSession *session;

  g_assert_no_error (error);
  session = sd_session_login (db, SD_TEST_OWNER, SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  return session;
}

SdSession *
sd_test_staff_session (SdSession       *owner,
                       const char      *login,
                       SdPermissionSet  permissions)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *role_name = g_strdup_printf ("role of %s", login);
  g_autofree char *sql = NULL;
  SdDb *db = sd_session_get_db (owner);
  gint64 role_id, staff_id;
  SdSession *session;

  role_id = sd_roles_create (owner, role_name, permissions, &error);
  g_assert_no_error (error);
  staff_id = sd_staff_add (owner, login, login, 1, role_id, SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  /* The first-login change is tested on its own; here it would only cost two more hashes. */
  sql = g_strdup_printf ("UPDATE staff SET must_change_password = 0 WHERE id = %" G_GINT64_FORMAT, staff_id);
  g_assert_true (_sd_db_exec (db, sql, &error));
  g_assert_no_error (error);
  session = _sd_session_new_for (db, staff_id, &error);
  g_assert_no_error (error);
  return session;
}

static gint64
read_clock (gpointer user_data)
{
  return *(gint64 *) user_data;
}

void
sd_test_set_clock (SdDb   *db,
                   gint64 *now)
{
  sd_db_set_clock (db, read_clock, now);
}

SdCustomer *
sd_test_new_customer (const char *nick,
                      const char *name,
                      const char *phone)
{
  SdCustomer *c = sd_customer_new ();

  sd_customer_set_text (&c->nick, nick);
  sd_customer_set_text (&c->name, name);
  sd_customer_set_text (&c->phone, phone);
  return c;
}

gint64
sd_test_save_customer (SdSession  *session,
                       SdCustomer *c)
{
  g_autoptr(GError) error = NULL;
  const char *field = NULL;

  g_assert_true (sd_customers_save (session, c, &field, &error));
  g_assert_no_error (error);
  g_assert_null (field);
  g_assert_cmpint (c->id, >, 0);
  return c->id;
}

gint64
sd_test_add_customer (SdSession  *session,
                      const char *nick,
                      const char *name,
                      const char *phone)
{
  g_autoptr(SdCustomer) c = sd_test_new_customer (nick, name, phone);

  return sd_test_save_customer (session, c);
}

SdCustomer *
sd_test_get_customer (SdSession *session,
                      gint64     id)
{
  g_autoptr(GError) error = NULL;
  SdCustomer *c = sd_customers_get (session, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

gint64
sd_test_count_customers (SdSession *session)
{
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  g_autoptr(GError) error = NULL;
  gint64 n = sd_customers_count (session, q, &error);

  g_assert_no_error (error);
  return n;
}

GPtrArray *
sd_test_audit_list (SdSession           *session,
                    const SdAuditFilter *filter)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = sd_audit_list (session, filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

guint
sd_test_audit_count (SdSession  *session,
                     const char *action)
{
  SdAuditFilter filter = { .action = action };
  g_autoptr(GPtrArray) entries = sd_test_audit_list (session, &filter);

  return entries->len;
}
