/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

#include <sodium.h>
#include <sqlite3.h>

#include "sd-audit.h"
#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-password.h"
#include "sd-shop.h"
#include "sd-staff.h"

/* Accounts, login, lockout, passwords and the rules that keep anyone from raising their
 * own power. */

typedef struct
{
  char      *dir;
  char      *path;
  SdSession *owner;
  gint64     now;
} Shop;

static void
shop_setup (Shop          *shop,
            gconstpointer  data)
{
  shop->owner = sd_test_new_temp_shop (&shop->dir, &shop->path);
  shop->now = 1763740800;   /* 2025-11-22 00:00 +08:00 */
  sd_test_set_clock (sd_session_get_db (shop->owner), &shop->now);
}

static void
shop_teardown (Shop          *shop,
               gconstpointer  data)
{
  g_assert_finalize_object (shop->owner);
  g_free (shop->path);
  g_free (shop->dir);
}

static gint64
role_id (Shop       *shop,
         const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdRole) role = sd_roles_find (shop->owner, name, &error);

  g_assert_no_error (error);
  return role->id;
}

static gint64
department_id (Shop       *shop,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDepartment) department = sd_departments_find (shop->owner, name, &error);

  g_assert_no_error (error);
  return department->id;
}

static gint64
add_staff (Shop       *shop,
           const char *login,
           const char *role)
{
  g_autoptr(GError) error = NULL;
  gint64 id = sd_staff_add (shop->owner, login, NULL, department_id (shop, "售前"), role_id (shop, role),
                            SD_TEST_PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* A login on the owner's connection, so the fake clock counts. */
static SdSession *
login (Shop        *shop,
       const char  *name,
       const char  *password,
       GError     **error)
{
  return sd_session_login (sd_session_get_db (shop->owner), name, password, error);
}

static void
test_hash_format (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = sd_password_hash ("秘密 password 1", &error);
  g_autofree char *again = sd_password_hash ("秘密 password 1", &error);

  g_assert_no_error (error);
  /* 19 MiB, 2 passes, one lane. */
  g_assert_true (g_str_has_prefix (hash, "$argon2id$v=19$m=19456,t=2,p=1$"));
  g_assert_false (sd_password_needs_rehash (hash));
  g_assert_cmpstr (hash, !=, again);   /* a fresh salt each time */
  g_assert_true (sd_password_verify (hash, "秘密 password 1"));
  g_assert_false (sd_password_verify (hash, "秘密 password 2"));
  g_assert_false (sd_password_verify ("", "秘密 password 1"));

  g_assert_false (sd_password_check_new ("1234567", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "8"));
  g_clear_error (&error);
  g_assert_true (sd_password_check_new ("店主密码一二三四", &error));
}

static void
test_stored_hash (Shop          *shop,
                  gconstpointer  data)
{
  g_autofree char *hash = sd_test_query_text (shop->owner, "SELECT password_hash FROM staff");

  g_assert_cmpint (sd_test_query_int (shop->owner, "SELECT count(*) FROM staff"), ==, 1);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, SD_TEST_PASSWORD));
}

static char *
owner_hash (Shop *shop)
{
  char *hash = sd_test_query_text (shop->owner, "SELECT password_hash FROM staff WHERE is_owner <> 0");

  g_assert_nonnull (hash);
  return hash;
}

/* A hash of the limits shops were made with before (64 MiB) still lets its owner in, and
 * the login replaces it with one of today's; a wrong password replaces nothing. */
static void
test_old_hash_upgraded (Shop          *shop,
                        gconstpointer  data)
{
  char old[crypto_pwhash_STRBYTES];
  g_autofree char *sql = NULL;
  g_autofree char *upgraded = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) first = NULL;
  g_autoptr(SdSession) second = NULL;

  g_assert_cmpint (crypto_pwhash_str_alg (old, SD_TEST_PASSWORD, strlen (SD_TEST_PASSWORD),
                                          crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                          crypto_pwhash_ALG_ARGON2ID13), ==, 0);
  g_assert_true (g_str_has_prefix (old, "$argon2id$v=19$m=65536,t=2,p=1$"));
  g_assert_true (sd_password_needs_rehash (old));
  /* The hash's characters need no quoting: $, letters, digits, =, + and /. */
  sql = g_strdup_printf ("UPDATE staff SET password_hash = '%s' WHERE is_owner <> 0", old);
  sd_test_exec (shop->owner, sql);

  g_assert_null (login (shop, SD_TEST_OWNER, "wrong password", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED);
  g_clear_error (&error);
  kept = owner_hash (shop);
  g_assert_cmpstr (kept, ==, old);

  first = login (shop, SD_TEST_OWNER, SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  upgraded = owner_hash (shop);
  g_assert_true (g_str_has_prefix (upgraded, "$argon2id$v=19$m=19456,t=2,p=1$"));
  g_assert_true (sd_password_verify (upgraded, SD_TEST_PASSWORD));

  second = login (shop, SD_TEST_OWNER, SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
}

/* A name already held is refused by name, not as a bare database conflict. */
static void
test_duplicate_names (Shop          *shop,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sd_departments_add (shop->owner, "直播组", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (sd_departments_add (shop->owner, "直播组", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "直播组"));
  g_clear_error (&error);

  g_assert_cmpint (sd_roles_create (shop->owner, "夜班", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS), &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (sd_roles_create (shop->owner, "夜班", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS), &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "夜班"));
}

static void
test_login (Shop          *shop,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) owner = NULL;
  g_autoptr(SdSession) by_short = NULL;
  g_autoptr(SdSession) by_full = NULL;
  g_autoptr(SdSession) wrong = NULL;
  g_autoptr(SdSession) unknown = NULL;
  g_autoptr(SdStaffAccount) account = NULL;
  g_autofree char *wrong_message = NULL;
  gint64 id = add_staff (shop, "小王", "presales");

  owner = login (shop, SD_TEST_OWNER, SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (sd_session_is_owner (owner));

  by_short = login (shop, "小王", SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sd_session_get_staff_id (by_short), ==, id);
  g_assert_cmpstr (sd_session_get_full_name (by_short), ==, "测试小店:小王");
  g_assert_false (sd_session_is_owner (by_short));
  by_full = login (shop, " 测试小店:小王 ", SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sd_session_get_staff_id (by_full), ==, id);

  wrong = login (shop, "小王", "not the password", &error);
  g_assert_null (wrong);
  g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED);
  wrong_message = g_strdup (error->message);
  g_clear_error (&error);
  /* An unknown name gets the same answer: no guessing which names exist. */
  unknown = login (shop, "nobody", SD_TEST_PASSWORD, &error);
  g_assert_null (unknown);
  g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED);
  g_assert_cmpstr (error->message, ==, wrong_message);

  account = sd_staff_get (shop->owner, id, NULL);
  g_assert_cmpint (account->last_login_at, ==, shop->now);
  g_assert_cmpint (sd_test_audit_count (shop->owner, SD_AUDIT_LOGIN_OK), ==, 3);
  g_assert_cmpint (sd_test_audit_count (shop->owner, SD_AUDIT_LOGIN_FAILED), ==, 2);
}

static void
test_lockout (Shop          *shop,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStaffAccount) account = NULL;
  gint64 id = add_staff (shop, "xiaoli", "aftersales");
  SdSession *session;

  for (int i = 1; i < SD_LOGIN_MAX_FAILURES; i++)
    {
      g_assert_null (login (shop, "xiaoli", "wrong password", &error));
      g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED);
      g_clear_error (&error);
      shop->now += 10;
    }
  g_assert_null (login (shop, "xiaoli", "wrong password", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_ACCOUNT_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (sd_test_audit_count (shop->owner, SD_AUDIT_LOGIN_LOCKED), ==, 1);

  account = sd_staff_get (shop->owner, id, NULL);
  g_assert_cmpint (account->status, ==, SD_STAFF_LOCKED);
  g_assert_cmpint (account->locked_until, ==, shop->now + SD_LOGIN_LOCK_SECONDS);
  g_clear_pointer (&account, sd_staff_account_free);

  /* Even the right password waits out the lock. */
  shop->now += SD_LOGIN_LOCK_SECONDS - 1;
  g_assert_null (login (shop, "xiaoli", SD_TEST_PASSWORD, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_ACCOUNT_LOCKED);
  g_clear_error (&error);

  shop->now += 1;
  session = login (shop, "xiaoli", SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_object_unref (session);
  account = sd_staff_get (shop->owner, id, NULL);
  g_assert_cmpint (account->status, ==, SD_STAFF_ACTIVE);
  g_clear_pointer (&account, sd_staff_account_free);

  /* After the lock the count starts again: four wrong ones do not lock. */
  for (int i = 1; i < SD_LOGIN_MAX_FAILURES; i++)
    {
      g_assert_null (login (shop, "xiaoli", "wrong password", &error));
      g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED);
      g_clear_error (&error);
    }
  session = login (shop, "xiaoli", SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_object_unref (session);

  /* The owner can lift a lock by enabling the account. */
  for (int i = 0; i < SD_LOGIN_MAX_FAILURES; i++)
    {
      g_assert_null (login (shop, "xiaoli", "wrong password", &error));
      g_clear_error (&error);
    }
  g_assert_true (sd_staff_set_enabled (shop->owner, id, TRUE, &error));
  g_assert_no_error (error);
  session = login (shop, "xiaoli", SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_object_unref (session);
}

static void
test_password_change (Shop          *shop,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) staff = NULL;
  g_autoptr(SdSession) again = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  gint64 id = add_staff (shop, "xiaozhang", "presales");

  /* A new account changes the owner's password for it first. */
  staff = login (shop, "xiaozhang", SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (sd_session_must_change_password (staff));
  tags = sd_customers_list_tags (staff, &error);
  g_assert_null (tags);
  g_assert_error (error, SD_ERROR, SD_ERROR_PASSWORD_CHANGE_REQUIRED);
  g_clear_error (&error);

  g_assert_false (sd_session_change_password (staff, "wrong old one", "new password 1", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED);
  g_clear_error (&error);
  g_assert_false (sd_session_change_password (staff, SD_TEST_PASSWORD, "short", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (sd_session_change_password (staff, SD_TEST_PASSWORD, SD_TEST_PASSWORD, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (sd_session_change_password (staff, SD_TEST_PASSWORD, "new password 1", &error));
  g_assert_no_error (error);
  g_assert_false (sd_session_must_change_password (staff));
  tags = sd_customers_list_tags (staff, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tags);

  /* The owner resets it: the old one stops working and a change is due again. */
  g_assert_false (sd_staff_reset_password (shop->owner, id, "short", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (sd_staff_reset_password (shop->owner, id, "reset password 2", &error));
  g_assert_no_error (error);
  g_assert_null (login (shop, "xiaozhang", "new password 1", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED);
  g_clear_error (&error);
  again = login (shop, "xiaozhang", "reset password 2", &error);
  g_assert_no_error (error);
  g_assert_true (sd_session_must_change_password (again));
  g_assert_cmpint (sd_test_audit_count (shop->owner, SD_AUDIT_PASSWORD_RESET), ==, 1);
  g_assert_cmpint (sd_test_audit_count (shop->owner, SD_AUDIT_PASSWORD_CHANGE), ==, 1);
}

static void
test_account_names (Shop          *shop,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 presales = role_id (shop, "presales");
  gint64 dept = department_id (shop, "售后");
  gint64 id;
  /* "测试小店:" takes 9 columns: 21 are left. */
  static const char *refused[] = { "12345678", "", "a b", "a:b", "abcdefghijklmnopqrstuv", "王王王王王王王王王王王" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_cmpint (sd_staff_add (shop->owner, refused[i], NULL, dept, presales, SD_TEST_PASSWORD, &error), ==, 0);
      g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }
  g_assert_true (sd_staff_check_login ("测试小店", "abcdefghijklmnopqrstu", &error));
  g_assert_true (sd_staff_check_login ("测试小店", "王王王王王王王王王王a", &error));
  g_assert_false (sd_staff_check_login ("测试小店", "12345", &error));
  g_assert_nonnull (strstr (error->message, "digits"));
  g_clear_error (&error);
  g_assert_false (sd_staff_check_login ("测试小店", "王王王王王王王王王王王", &error));
  g_assert_nonnull (strstr (error->message, "31"));
  g_clear_error (&error);

  id = sd_staff_add (shop->owner, "客服01", "小美", dept, presales, SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  /* Never reused, not even after the account is disabled. */
  g_assert_true (sd_staff_set_enabled (shop->owner, id, FALSE, &error));
  g_assert_cmpint (sd_staff_add (shop->owner, "客服01", NULL, dept, presales, SD_TEST_PASSWORD, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  /* Nor the owner's name. */
  g_assert_cmpint (sd_staff_add (shop->owner, SD_TEST_OWNER, NULL, dept, presales, SD_TEST_PASSWORD, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  /* A disabled account cannot log in. */
  g_assert_null (login (shop, "客服01", SD_TEST_PASSWORD, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_ACCOUNT_DISABLED);
}

static void
test_list_and_departments (Shop          *shop,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(SdStaffAccount) moved = NULL;
  gint64 warehouse = department_id (shop, "仓储");
  gint64 id = add_staff (shop, "阿强", "aftersales");
  gint64 packing;

  departments = sd_departments_list (shop->owner, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (departments->len, ==, 4);
  g_assert_cmpint (department_id (shop, "Warehouse"), ==, warehouse);

  packing = sd_departments_add (shop->owner, "打包组", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sd_departments_add (shop->owner, "打包组", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (sd_staff_set_department (shop->owner, id, packing, &error));
  g_assert_no_error (error);
  moved = sd_staff_get (shop->owner, id, &error);
  g_assert_cmpstr (moved->department_name, ==, "打包组");
  g_assert_cmpstr (moved->role_key, ==, "aftersales");
  g_assert_false (sd_departments_remove (shop->owner, packing, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (sd_departments_rename (shop->owner, warehouse, "库房", &error));
  g_assert_no_error (error);
  g_assert_cmpint (department_id (shop, "库房"), ==, warehouse);
  g_assert_true (sd_departments_remove (shop->owner, warehouse, &error));
  g_assert_no_error (error);

  staff = sd_staff_list (shop->owner, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 2);
  /* The owner first (no department), then by department. */
  g_assert_true (((SdStaffAccount *) g_ptr_array_index (staff, 0))->is_owner);
  g_assert_cmpstr (((SdStaffAccount *) g_ptr_array_index (staff, 1))->full_name, ==, "测试小店:阿强");
}

static void
test_escalation (Shop          *shop,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) lead = NULL;
  g_autoptr(SdRole) role = NULL;
  g_autoptr(SdStaffAccount) lead_account = NULL;
  SdPermissionSet lead_has = SD_PERMISSION_BIT (SD_PERMISSION_MANAGE_STAFF) |
                             SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS) |
                             SD_PERMISSION_BIT (SD_PERMISSION_EDIT_CUSTOMERS);
  gint64 owner_id = sd_session_get_staff_id (shop->owner);
  gint64 agent, agents_role, lead_role, manager_role = role_id (shop, "manager");
  gint64 dept = department_id (shop, "售前");

  lead = sd_test_staff_session (shop->owner, "组长", lead_has);
  lead_account = sd_staff_get (shop->owner, sd_session_get_staff_id (lead), NULL);
  lead_role = lead_account->role_id;
  agents_role = sd_roles_create (lead, "普通客服", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS), &error);
  g_assert_no_error (error);

  /* Granting what one lacks, in a new role or an old one. */
  g_assert_cmpint (sd_roles_create (lead, "导出员", SD_PERMISSION_BIT (SD_PERMISSION_EXPORT_CUSTOMERS), &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "customers.export"));
  g_clear_error (&error);
  g_assert_false (sd_roles_change (lead, agents_role, SD_PERMISSION_BIT (SD_PERMISSION_SEE_CONTACT), 0, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  /* Raising one's own role, even with what one holds. */
  g_assert_false (sd_roles_change (lead, lead_role, SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS), 0, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (sd_staff_set_role (lead, sd_session_get_staff_id (lead), manager_role, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  /* Handing out a role that holds more than one has. */
  g_assert_cmpint (sd_staff_add (lead, "新人", NULL, dept, manager_role, SD_TEST_PASSWORD, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  agent = sd_staff_add (lead, "新人", NULL, dept, agents_role, SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_false (sd_staff_set_role (lead, agent, role_id (shop, "owner"), &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  /* Acting on the owner. */
  g_assert_false (sd_staff_set_enabled (lead, owner_id, FALSE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (sd_staff_reset_password (lead, owner_id, "taken over 1", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  /* The Owner role never changes. */
  g_assert_false (sd_roles_change (shop->owner, role_id (shop, "owner"), 0,
                                   SD_PERMISSION_BIT (SD_PERMISSION_VIEW_AUDIT), &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* The last owner stays an active owner. */
  g_assert_false (sd_staff_set_enabled (shop->owner, owner_id, FALSE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (sd_staff_set_role (shop->owner, owner_id, manager_role, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_true (sd_session_is_owner (shop->owner));

  /* Nothing of it happened; every refusal is in the log. */
  role = sd_roles_get (shop->owner, agents_role, &error);
  g_assert_cmpuint (role->permissions, ==, SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  g_assert_cmpint (sd_test_audit_count (shop->owner, SD_AUDIT_DENIED), >=, 10);

  /* The owner may grant it, and a second owner may then act on the first. */
  g_assert_true (sd_roles_change (shop->owner, agents_role, SD_PERMISSION_BIT (SD_PERMISSION_SEE_CONTACT), 0, &error));
  g_assert_no_error (error);
  g_assert_true (sd_staff_set_role (shop->owner, agent, role_id (shop, "owner"), &error));
  g_assert_no_error (error);
}

static void
test_roles (Shop          *shop,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) roles = sd_roles_list (shop->owner, &error);
  g_autoptr(SdRole) owner = NULL;
  g_autoptr(SdRole) changed = NULL;
  gint64 custom;

  g_assert_no_error (error);
  g_assert_cmpuint (roles->len, ==, 5);
  owner = sd_roles_find (shop->owner, "Owner", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (owner->permissions, ==, SD_PERMISSION_SET_ALL);
  g_assert_cmpint (owner->member_count, ==, 1);

  custom = sd_roles_create (shop->owner, "夜班", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS), &error);
  g_assert_no_error (error);
  g_assert_true (sd_roles_change (shop->owner, custom,
                                  SD_PERMISSION_BIT (SD_PERMISSION_CONVERSATIONS_OWN) |
                                  SD_PERMISSION_BIT (SD_PERMISSION_REPORTS_OWN),
                                  SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS), &error));
  g_assert_no_error (error);
  changed = sd_roles_get (shop->owner, custom, &error);
  g_assert_cmpuint (changed->permissions, ==, SD_PERMISSION_BIT (SD_PERMISSION_CONVERSATIONS_OWN) |
                                              SD_PERMISSION_BIT (SD_PERMISSION_REPORTS_OWN));
  g_assert_true (sd_roles_rename (shop->owner, custom, "晚班", &error));
  g_assert_no_error (error);
  g_assert_false (sd_roles_delete (shop->owner, role_id (shop, "manager"), &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  add_staff (shop, "晚班客服", "晚班");
  g_assert_false (sd_roles_delete (shop->owner, custom, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
}

static void
test_claim_old_shop (void)
{
  g_autofree char *dir = sd_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdSession) again = NULL;
  g_autoptr(SdDb) db = NULL;

  {
    /* A shop from before accounts: version 2, an owner row without a password. */
    g_autoptr(SdDb) old = _sd_db_open_at_version (path, 2, &error);
    g_assert_no_error (error);
    g_assert_true (_sd_db_exec (old, "INSERT INTO staff (login, display_name, is_owner, created_at) "
                                     "VALUES ('owner', 'Shop owner', 1, 0)", &error));
  }
  db = sd_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (sd_session_shop_has_accounts (db));
  g_assert_null (sd_session_login (db, "owner", "", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NO_ACCOUNTS);
  g_clear_error (&error);

  session = sd_session_claim_shop (db, "王老板", "老板的密码123", &error);
  g_assert_no_error (error);
  g_assert_true (sd_session_is_owner (session));
  g_assert_true (sd_session_shop_has_accounts (db));
  g_assert_null (sd_session_claim_shop (db, "别人", "别人的密码123", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  again = sd_session_login (db, "王老板", "老板的密码123", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sd_session_get_staff_id (again), ==, sd_session_get_staff_id (session));
}

static void
test_open_on (Shop          *shop,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) second = sd_db_open (shop->path, &error);
  g_autoptr(SdSession) worker = NULL;

  g_assert_no_error (error);
  worker = sd_session_open_on (shop->owner, second, &error);
  g_assert_no_error (error);
  g_assert_true (sd_session_get_db (worker) == second);
  g_assert_cmpint (sd_session_get_staff_id (worker), ==, sd_session_get_staff_id (shop->owner));
  g_assert_true (sd_session_can (worker, SD_PERMISSION_VIEW_AUDIT));

  sd_session_logout (shop->owner);
  g_assert_false (sd_session_can (shop->owner, SD_PERMISSION_VIEW_CUSTOMERS));
  g_assert_null (sd_session_open_on (shop->owner, second, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/staff/hash-format", test_hash_format);
  g_test_add ("/core/staff/stored-hash", Shop, NULL, shop_setup, test_stored_hash, shop_teardown);
  g_test_add ("/core/staff/login", Shop, NULL, shop_setup, test_login, shop_teardown);
  g_test_add ("/core/staff/duplicate-names", Shop, NULL, shop_setup, test_duplicate_names, shop_teardown);
  g_test_add ("/core/staff/old-hash-upgraded", Shop, NULL, shop_setup, test_old_hash_upgraded, shop_teardown);
  g_test_add ("/core/staff/lockout", Shop, NULL, shop_setup, test_lockout, shop_teardown);
  g_test_add ("/core/staff/password-change", Shop, NULL, shop_setup, test_password_change, shop_teardown);
  g_test_add ("/core/staff/account-names", Shop, NULL, shop_setup, test_account_names, shop_teardown);
  g_test_add ("/core/staff/departments", Shop, NULL, shop_setup, test_list_and_departments, shop_teardown);
  g_test_add ("/core/staff/escalation", Shop, NULL, shop_setup, test_escalation, shop_teardown);
  g_test_add ("/core/staff/roles", Shop, NULL, shop_setup, test_roles, shop_teardown);
  g_test_add_func ("/core/staff/claim-old-shop", test_claim_old_shop);
  g_test_add ("/core/staff/open-on", Shop, NULL, shop_setup, test_open_on, shop_teardown);

  return g_test_run ();
}
