/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-staff-store"

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-store-private.h"

void
_sd_staff_secret_clear (SdStaffSecret *secret)
{
  if (secret->password_hash != NULL)
    memset (secret->password_hash, 0, strlen (secret->password_hash));
  g_clear_pointer (&secret->password_hash, g_free);
}

gboolean
_sd_store_has_passwords (SdDb *db)
{
  return _sd_db_query_int (db, "SELECT EXISTS (SELECT 1 FROM staff WHERE password_hash <> '')", 0) != 0;
}

static gboolean
not_found (GError    **error,
           const char *message)
{
  g_set_error_literal (error, SD_ERROR, SD_ERROR_NOT_FOUND, message);
  return FALSE;
}

/* The first row of a statement with one bound id, read by READ; NULL and NOT_FOUND with
 * MISSING when there is none. */
static gpointer
load_one (SdStmt  *stmt,
          gint64         id,
          SdRowReader      read,
          const char    *missing,
          GError       **error)
{
  gpointer row = NULL;

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, id);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    row = read (stmt);
  sd_stmt_reset (stmt);
  if (row == NULL)
    not_found (error, missing);
  return row;
}

/* The id in the first row of a lookup by one text, 0 when none. */
static gint64
first_id (SdStmt *stmt,
          const char   *text)
{
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_text (stmt, 1, text);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    id = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  return id;
}

typedef enum
{
  NAMED_ROLE,
  NAMED_DEPARTMENT,
} Named;

/* Steps a write to a table whose names are unique: a taken NAME is a CONFLICT that says so. */
static gboolean
step_named (SdDb          *db,
            SdStmt  *stmt,
            Named          kind,
            const char    *name,
            const char    *what,
            GError       **error)
{
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sd_stmt_step (stmt);
  sd_stmt_reset (stmt);
  if (sd_stmt_rc_is_duplicate (rc))
    {
      if (kind == NAMED_ROLE)
        g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT, _("There is already a role named “%s”."), name);
      else
        g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT, _("There is already a department named “%s”."), name);
      return FALSE;
    }
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, what);
      return FALSE;
    }
  return TRUE;
}

/* The permissions of a role from its key and its rows; the owner role holds them all, so
 * that permissions added in later versions are the owner's without a migration. */
static SdPermissionSet
parse_permissions (const char *key,
                   const char *ids)
{
  g_auto(GStrv) parts = NULL;
  SdPermissionSet set = 0;

  if (g_strcmp0 (key, SD_ROLE_OWNER) == 0)
    return SD_PERMISSION_SET_ALL;
  parts = g_strsplit (ids ? ids : "", " ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      SdPermission permission;
      if (sd_permission_from_string (parts[i], &permission))
        set |= SD_PERMISSION_BIT (permission);
    }
  return set;
}

#define STAFF_COLUMNS \
  "s.id, s.login, s.full_name, s.display_name, coalesce (s.department_id, 0), " \
  "coalesce (d.key, ''), coalesce (d.name, ''), coalesce (s.role_id, 0), coalesce (r.key, ''), " \
  "coalesce (r.name, ''), " \
  "(SELECT group_concat (permission, ' ') FROM role_permissions p WHERE p.role_id = s.role_id), " \
  "s.disabled, s.must_change_password, s.created_at, s.last_login_at, s.locked_until " \
  "FROM staff s LEFT JOIN departments d ON d.id = s.department_id " \
  "LEFT JOIN roles r ON r.id = s.role_id "

static gpointer
read_staff (SdStmt *stmt)
{
  SdStaffAccount *account = g_new0 (SdStaffAccount, 1);
  g_autofree char *ids = NULL;

  account->id = sd_stmt_column_int64 (stmt, 0);
  account->login = _sd_column_dup (stmt, 1);
  account->full_name = _sd_column_dup (stmt, 2);
  account->display_name = _sd_column_dup (stmt, 3);
  account->department_id = sd_stmt_column_int64 (stmt, 4);
  account->department_key = _sd_column_dup (stmt, 5);
  account->department_name = _sd_column_dup (stmt, 6);
  account->role_id = sd_stmt_column_int64 (stmt, 7);
  account->role_key = _sd_column_dup (stmt, 8);
  account->role_name = _sd_column_dup (stmt, 9);
  ids = _sd_column_dup (stmt, 10);
  account->permissions = parse_permissions (account->role_key, ids);
  account->is_owner = g_strcmp0 (account->role_key, SD_ROLE_OWNER) == 0;
  account->status = sd_stmt_column_int (stmt, 11) ? SD_STAFF_DISABLED : SD_STAFF_ACTIVE;
  account->must_change_password = sd_stmt_column_int (stmt, 12) != 0;
  account->created_at = sd_stmt_column_int64 (stmt, 13);
  account->last_login_at = sd_stmt_column_int64 (stmt, 14);
  account->locked_until = sd_stmt_column_int64 (stmt, 15);
  return account;
}

SdStaffAccount *
_sd_store_load_staff (SdDb    *db,
                      gint64   id,
                      GError **error)
{
  return load_one (_sd_db_prepare (db, "SELECT " STAFF_COLUMNS "WHERE s.id = ?", error), id, read_staff,
                   _("There is no such staff account."), error);
}

GPtrArray *
_sd_store_list_staff (SdDb    *db,
                      GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT " STAFF_COLUMNS
                                           "ORDER BY s.department_id IS NOT NULL, d.position, d.id, s.full_name", error);

  return _sd_db_collect_rows (db, stmt, read_staff, (GDestroyNotify) sd_staff_account_free, "list staff", error);
}

gint64
_sd_store_find_staff (SdDb       *db,
                      const char *name)
{
  return first_id (_sd_db_prepare (db, "SELECT id FROM staff WHERE login = ?1 OR full_name = ?1 "
                                       "ORDER BY full_name = ?1 DESC LIMIT 1", NULL), name);
}

gint64
_sd_store_primary_owner (SdDb *db)
{
  return _sd_db_query_int (db, "SELECT id FROM staff WHERE is_owner = 1 ORDER BY id LIMIT 1", 0);
}

gboolean
_sd_store_load_staff_secret (SdDb          *db,
                             gint64         id,
                             SdStaffSecret *out_secret,
                             GError       **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT password_hash, failed_logins, locked_until, disabled, "
                                           "must_change_password FROM staff WHERE id = ?", error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    {
      out_secret->password_hash = _sd_column_dup (stmt, 0);
      out_secret->failed_logins = sd_stmt_column_int64 (stmt, 1);
      out_secret->locked_until = sd_stmt_column_int64 (stmt, 2);
      out_secret->disabled = sd_stmt_column_int (stmt, 3) != 0;
      out_secret->must_change_password = sd_stmt_column_int (stmt, 4) != 0;
      found = TRUE;
    }
  sd_stmt_reset (stmt);
  return found || not_found (error, _("There is no such staff account."));
}

static void
bind_id_or_null (SdStmt *stmt,
                 int           index,
                 gint64        id)
{
  if (id > 0)
    sd_stmt_bind_int64 (stmt, index, id);
  else
    sd_stmt_bind_null (stmt, index);
}

gint64
_sd_store_insert_staff (SdDb                 *db,
                        const SdStaffAccount *account,
                        const char           *password_hash,
                        gboolean              primary,
                        GError              **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO staff (login, full_name, display_name, is_owner, department_id, role_id, "
      "password_hash, must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  int rc;

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_text (stmt, 1, account->login);
  sd_stmt_bind_text (stmt, 2, account->full_name);
  sd_stmt_bind_text (stmt, 3, account->display_name);
  sd_stmt_bind_int (stmt, 4, primary ? 1 : 0);
  bind_id_or_null (stmt, 5, account->department_id);
  bind_id_or_null (stmt, 6, account->role_id);
  sd_stmt_bind_text (stmt, 7, password_hash);
  sd_stmt_bind_int (stmt, 8, account->must_change_password ? 1 : 0);
  sd_stmt_bind_int64 (stmt, 9, account->created_at);
  rc = sd_stmt_step (stmt);
  sd_stmt_reset (stmt);
  if (sd_stmt_rc_is_duplicate (rc))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("The account name “%s” is taken (names are never reused, even of disabled accounts)."),
                   account->full_name);
      return 0;
    }
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, "add staff");
      return 0;
    }
  return _sd_db_last_insert_id (db);
}

gboolean
_sd_store_update_staff (SdDb                 *db,
                        const SdStaffAccount *account,
                        GError              **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "UPDATE staff SET display_name = ?, department_id = ?, "
                                           "role_id = ?, disabled = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, account->display_name);
  bind_id_or_null (stmt, 2, account->department_id);
  bind_id_or_null (stmt, 3, account->role_id);
  sd_stmt_bind_int (stmt, 4, account->status == SD_STAFF_DISABLED ? 1 : 0);
  sd_stmt_bind_int64 (stmt, 5, account->id);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_store_set_staff_login (SdDb        *db,
                           gint64       id,
                           const char  *login,
                           const char  *display_name,
                           GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "UPDATE staff SET login = ?1, full_name = ?1, display_name = ?2 "
                                           "WHERE id = ?3", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, login);
  sd_stmt_bind_text (stmt, 2, display_name);
  sd_stmt_bind_int64 (stmt, 3, id);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_store_set_staff_password (SdDb        *db,
                              gint64       id,
                              const char  *password_hash,
                              gboolean     must_change,
                              GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "UPDATE staff SET password_hash = ?, must_change_password = ?, "
                                           "failed_logins = 0, locked_until = 0 WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, password_hash);
  sd_stmt_bind_int (stmt, 2, must_change ? 1 : 0);
  sd_stmt_bind_int64 (stmt, 3, id);
  return _sd_db_step_done (db, stmt, error);
}

/* Only while the hash is still OLD_HASH: a password changed meanwhile stays changed. */
gboolean
_sd_store_upgrade_staff_hash (SdDb        *db,
                              gint64       id,
                              const char  *old_hash,
                              const char  *new_hash,
                              GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "UPDATE staff SET password_hash = ?1 WHERE id = ?2 AND password_hash = ?3",
                                       error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, new_hash);
  sd_stmt_bind_int64 (stmt, 2, id);
  sd_stmt_bind_text (stmt, 3, old_hash);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_store_note_login (SdDb    *db,
                      gint64   id,
                      gint64   failed_logins,
                      gint64   locked_until,
                      gint64   last_login_at,
                      GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "UPDATE staff SET failed_logins = ?, locked_until = ?, "
                                           "last_login_at = max (last_login_at, ?) WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, failed_logins);
  sd_stmt_bind_int64 (stmt, 2, locked_until);
  sd_stmt_bind_int64 (stmt, 3, last_login_at);
  sd_stmt_bind_int64 (stmt, 4, id);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_store_staff_permissions (SdDb            *db,
                             gint64           id,
                             SdPermissionSet *out_permissions,
                             gboolean        *out_disabled,
                             gboolean        *out_must_change,
                             GError         **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT coalesce (r.key, ''), s.disabled, s.must_change_password, "
      "(SELECT group_concat (permission, ' ') FROM role_permissions p WHERE p.role_id = s.role_id) "
      "FROM staff s LEFT JOIN roles r ON r.id = s.role_id WHERE s.id = ?", error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    {
      *out_permissions = parse_permissions (sd_stmt_column_text (stmt, 0),
                                            sd_stmt_column_text (stmt, 3));
      *out_disabled = sd_stmt_column_int (stmt, 1) != 0;
      *out_must_change = sd_stmt_column_int (stmt, 2) != 0;
      found = TRUE;
    }
  sd_stmt_reset (stmt);
  return found || not_found (error, _("There is no such staff account."));
}

gint64
_sd_store_count_active_owners (SdDb *db)
{
  return _sd_db_query_int (db, "SELECT count(*) FROM staff s JOIN roles r ON r.id = s.role_id "
                               "WHERE r.key = 'owner' AND s.disabled = 0", 0);
}

/* Roles. */

#define ROLE_COLUMNS \
  "r.id, r.key, r.name, " \
  "(SELECT group_concat (permission, ' ') FROM role_permissions p WHERE p.role_id = r.id), " \
  "(SELECT count(*) FROM staff s WHERE s.role_id = r.id) FROM roles r "

static gpointer
read_role (SdStmt *stmt)
{
  SdRole *role = g_new0 (SdRole, 1);

  role->id = sd_stmt_column_int64 (stmt, 0);
  role->key = _sd_column_dup (stmt, 1);
  role->name = _sd_column_dup (stmt, 2);
  role->permissions = parse_permissions (role->key, sd_stmt_column_text (stmt, 3));
  role->member_count = sd_stmt_column_int64 (stmt, 4);
  return role;
}

GPtrArray *
_sd_store_list_roles (SdDb    *db,
                      GError **error)
{
  return _sd_db_collect_rows (db, _sd_db_prepare (db, "SELECT " ROLE_COLUMNS "ORDER BY r.key = '', r.id", error),
                       read_role, (GDestroyNotify) sd_role_free, "list roles", error);
}

SdRole *
_sd_store_load_role (SdDb    *db,
                     gint64   id,
                     GError **error)
{
  return load_one (_sd_db_prepare (db, "SELECT " ROLE_COLUMNS "WHERE r.id = ?", error), id, read_role,
                   _("There is no such role."), error);
}

gint64
_sd_store_find_role (SdDb       *db,
                     const char *name_or_key)
{
  return first_id (_sd_db_prepare (db, "SELECT id FROM roles WHERE name = ?1 OR (name = '' AND key = ?1) "
                                       "ORDER BY name = ?1 DESC LIMIT 1", NULL), name_or_key);
}

gint64
_sd_store_insert_role (SdDb            *db,
                       const char      *name,
                       SdPermissionSet  permissions,
                       gint64           now,
                       GError         **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "INSERT INTO roles (name, created_at) VALUES (?, ?)", error);
  gint64 id;

  if (stmt != NULL)
    {
      sd_stmt_bind_text (stmt, 1, name);
      sd_stmt_bind_int64 (stmt, 2, now);
    }
  if (!step_named (db, stmt, NAMED_ROLE, name, "add role", error))
    return 0;
  id = _sd_db_last_insert_id (db);
  return _sd_store_set_role_permissions (db, id, permissions, error) ? id : 0;
}

gboolean
_sd_store_rename_role (SdDb        *db,
                       gint64       id,
                       const char  *name,
                       GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "UPDATE roles SET name = ? WHERE id = ?", error);

  if (stmt != NULL)
    {
      sd_stmt_bind_text (stmt, 1, name);
      sd_stmt_bind_int64 (stmt, 2, id);
    }
  return step_named (db, stmt, NAMED_ROLE, name, "rename role", error);
}

gboolean
_sd_store_set_role_permissions (SdDb            *db,
                                gint64           id,
                                SdPermissionSet  permissions,
                                GError         **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "DELETE FROM role_permissions WHERE role_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  for (guint p = 0; p < SD_PERMISSION_N; p++)
    {
      if (!(permissions & SD_PERMISSION_BIT (p)))
        continue;
      stmt = _sd_db_prepare (db, "INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sd_stmt_bind_int64 (stmt, 1, id);
      sd_stmt_bind_text (stmt, 2, sd_permission_to_string ((SdPermission) p));
      if (!_sd_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
delete_by_id (SdDb        *db,
              SdStmt *stmt,
              gint64       id,
              GError     **error)
{
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_store_delete_role (SdDb    *db,
                       gint64   id,
                       GError **error)
{
  return delete_by_id (db, _sd_db_prepare (db, "DELETE FROM roles WHERE id = ?", error), id, error);
}

/* Departments. */

static gpointer
read_department (SdStmt *stmt)
{
  SdDepartment *department = g_new0 (SdDepartment, 1);

  department->id = sd_stmt_column_int64 (stmt, 0);
  department->key = _sd_column_dup (stmt, 1);
  department->name = _sd_column_dup (stmt, 2);
  department->member_count = sd_stmt_column_int64 (stmt, 3);
  return department;
}

GPtrArray *
_sd_store_list_departments (SdDb    *db,
                            GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT d.id, d.key, d.name, "
                                           "(SELECT count(*) FROM staff s WHERE s.department_id = d.id) "
                                           "FROM departments d ORDER BY d.position, d.id", error);

  return _sd_db_collect_rows (db, stmt, read_department, (GDestroyNotify) sd_department_free, "list departments", error);
}

gint64
_sd_store_find_department (SdDb       *db,
                           const char *name_or_key)
{
  return first_id (_sd_db_prepare (db, "SELECT id FROM departments WHERE name = ?1 OR (name = '' AND key = ?1) "
                                       "ORDER BY name = ?1 DESC LIMIT 1", NULL), name_or_key);
}

gint64
_sd_store_insert_department (SdDb        *db,
                             const char  *name,
                             GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "INSERT INTO departments (name, position) "
                                           "SELECT ?, coalesce (max (position), 0) + 1 FROM departments", error);

  if (stmt != NULL)
    sd_stmt_bind_text (stmt, 1, name);
  if (!step_named (db, stmt, NAMED_DEPARTMENT, name, "add department", error))
    return 0;
  return _sd_db_last_insert_id (db);
}

gboolean
_sd_store_rename_department (SdDb        *db,
                             gint64       id,
                             const char  *name,
                             GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "UPDATE departments SET name = ? WHERE id = ?", error);

  if (stmt != NULL)
    {
      sd_stmt_bind_text (stmt, 1, name);
      sd_stmt_bind_int64 (stmt, 2, id);
    }
  return step_named (db, stmt, NAMED_DEPARTMENT, name, "rename department", error);
}

gboolean
_sd_store_delete_department (SdDb    *db,
                             gint64   id,
                             GError **error)
{
  return delete_by_id (db, _sd_db_prepare (db, "DELETE FROM departments WHERE id = ?", error), id, error);
}
