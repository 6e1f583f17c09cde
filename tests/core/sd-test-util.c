/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

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
