/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-staff"

#include "sd-i18n.h"

#include "sd-audit-private.h"
#include "sd-error.h"
#include "sd-password.h"
#include "sd-session-private.h"
#include "sd-staff.h"
#include "sd-store-private.h"

/* The longest account name, "shop:name" in all, in columns where a CJK character takes 2,
 * as Taobao counts it. */
#define LOGIN_MAX_COLUMNS 30

G_DEFINE_BOXED_TYPE (SdRole, sd_role, sd_role_copy, sd_role_free)
G_DEFINE_BOXED_TYPE (SdDepartment, sd_department, sd_department_copy, sd_department_free)
G_DEFINE_BOXED_TYPE (SdStaffAccount, sd_staff_account, sd_staff_account_copy, sd_staff_account_free)

SdRole *
sd_role_copy (const SdRole *role)
{
  SdRole *copy = g_new0 (SdRole, 1);

  *copy = *role;
  copy->key = g_strdup (role->key);
  copy->name = g_strdup (role->name);
  return copy;
}

void
sd_role_free (SdRole *role)
{
  if (role == NULL)
    return;
  g_free (role->key);
  g_free (role->name);
  g_free (role);
}

SdDepartment *
sd_department_copy (const SdDepartment *department)
{
  SdDepartment *copy = g_new0 (SdDepartment, 1);

  *copy = *department;
  copy->key = g_strdup (department->key);
  copy->name = g_strdup (department->name);
  return copy;
}

void
sd_department_free (SdDepartment *department)
{
  if (department == NULL)
    return;
  g_free (department->key);
  g_free (department->name);
  g_free (department);
}

SdStaffAccount *
sd_staff_account_copy (const SdStaffAccount *account)
{
  SdStaffAccount *copy = g_new0 (SdStaffAccount, 1);

  *copy = *account;
  copy->login = g_strdup (account->login);
  copy->full_name = g_strdup (account->full_name);
  copy->display_name = g_strdup (account->display_name);
  copy->department_key = g_strdup (account->department_key);
  copy->department_name = g_strdup (account->department_name);
  copy->role_key = g_strdup (account->role_key);
  copy->role_name = g_strdup (account->role_name);
  return copy;
}

void
sd_staff_account_free (SdStaffAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->login);
  g_free (account->full_name);
  g_free (account->display_name);
  g_free (account->department_key);
  g_free (account->department_name);
  g_free (account->role_key);
  g_free (account->role_name);
  g_free (account);
}

const char *
sd_staff_status_to_string (SdStaffStatus status)
{
  switch (status)
    {
    case SD_STAFF_ACTIVE:
      return "active";
    case SD_STAFF_DISABLED:
      return "disabled";
    case SD_STAFF_LOCKED:
      return "locked";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sd_staff_status_get_label (SdStaffStatus status)
{
  switch (status)
    {
    case SD_STAFF_ACTIVE:
      return _("Active");
    case SD_STAFF_DISABLED:
      return _("Disabled");
    case SD_STAFF_LOCKED:
      return _("Locked");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Built-in roles and departments: key, English name, and the name shown. */
static const struct
{
  const char *key;
  const char *label;
} builtin_names[] = {
  { SD_ROLE_OWNER, N_("Owner") },
  { SD_ROLE_MANAGER, N_("Manager") },
  { SD_ROLE_PRESALES, N_("Pre-sales agent") },
  { SD_ROLE_AFTERSALES, N_("After-sales agent") },
  { SD_ROLE_MARKETING, N_("Marketing") },
};

static const struct
{
  const char *key;
  const char *label;
  const char *chinese;     /* what Taobao's back office calls it, accepted whatever the locale */
} builtin_departments[] = {
  { "presales", N_("Pre-sales"), "售前" },
  { "insale", N_("In-sale"), "售中" },
  { "aftersales", N_("After-sales"), "售后" },
  { "warehouse", N_("Warehouse"), "仓储" },
};

static const char *
role_label (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtin_names); i++)
    if (g_strcmp0 (key, builtin_names[i].key) == 0)
      return _(builtin_names[i].label);
  return key;
}

static const char *
department_label (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtin_departments); i++)
    if (g_strcmp0 (key, builtin_departments[i].key) == 0)
      return _(builtin_departments[i].label);
  return key;
}

/* The stored name, or the translated name of a built-in one never renamed. */
static void
name_builtin (char       **name,
              const char  *key,
              const char *(*label) (const char *key))
{
  if (*name != NULL && **name == '\0' && key != NULL && *key != '\0')
    {
      g_free (*name);
      *name = g_strdup (label (key));
    }
}

static void
name_account (SdStaffAccount *account,
              gint64          now)
{
  name_builtin (&account->role_name, account->role_key, role_label);
  name_builtin (&account->department_name, account->department_key, department_label);
  if (account->status == SD_STAFF_ACTIVE && account->locked_until > now)
    account->status = SD_STAFF_LOCKED;
}

/* Checks. */

static guint
count_columns (const char *text)
{
  guint columns = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    columns += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return columns;
}

gboolean
sd_staff_check_login (const char  *shop_name,
                      const char  *login,
                      GError     **error)
{
  g_autofree char *full = NULL;
  gboolean digits_only = TRUE;
  guint columns;

  if (login == NULL || *login == '\0' || !g_utf8_validate (login, -1, NULL))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("The account name is empty."));
      return FALSE;
    }
  for (const char *p = login; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == ':')
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                       _("The account name “%s” has a space, a colon or a control character; use letters, digits and Chinese characters."),
                       login);
          return FALSE;
        }
      if (!g_unichar_isdigit (c))
        digits_only = FALSE;
    }
  if (digits_only)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The account name “%s” is all digits; add a letter or a Chinese character, so it cannot be taken for a phone number or an id."),
                   login);
      return FALSE;
    }
  full = shop_name != NULL ? g_strconcat (shop_name, ":", login, NULL) : g_strdup (login);
  columns = count_columns (full);
  if (columns > LOGIN_MAX_COLUMNS)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The account name “%s” is %u characters long (a Chinese character counts as 2); at most %d are allowed in all."),
                   full, columns, LOGIN_MAX_COLUMNS);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_display_name (const char  *name,
                    GError     **error)
{
  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("The display name is empty."));
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > 40)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("The display name is longer than 40 characters."));
      return FALSE;
    }
  return TRUE;
}

/* Whoever hands out a role must hold everything it grants. */
static gboolean
require_all (SdSession       *session,
             SdPermissionSet  needed,
             const char      *what,
             GError         **error)
{
  SdPermissionSet held = sd_session_get_permissions (session);

  for (guint p = 0; p < SD_PERMISSION_N; p++)
    if ((needed & SD_PERMISSION_BIT (p)) && !(held & SD_PERMISSION_BIT (p)))
      return _sd_session_refuse (session, (SdPermission) p, what, error);
  return TRUE;
}

static gboolean
refuse_self (SdSession   *session,
             const char  *what,
             GError     **error)
{
  _sd_audit_append_as (sd_session_get_db (session), sd_session_get_staff_id (session),
                       sd_session_get_full_name (session), SD_AUDIT_DENIED, "staff", NULL, what, NULL);
  g_set_error_literal (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED,
                       _("Permission denied: nobody may change their own role or status; ask another owner."));
  return FALSE;
}

/* Loads the account another account acts on: not the actor, and no more powerful. */
static SdStaffAccount *
load_target (SdSession   *session,
             gint64       id,
             const char  *what,
             GError     **error)
{
  g_autoptr(SdStaffAccount) account = NULL;

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error))
    return NULL;
  account = _sd_store_load_staff (sd_session_get_db (session), id, error);
  if (account == NULL)
    return NULL;
  if (account->is_owner && !sd_session_is_owner (session))
    {
      _sd_session_refuse (session, SD_PERMISSION_MANAGE_STAFF, what, NULL);
      g_set_error_literal (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED,
                           _("Permission denied: only an owner may change an owner’s account."));
      return NULL;
    }
  if (!require_all (session, account->permissions, what, error))
    return NULL;
  name_account (account, sd_db_now (sd_session_get_db (session)));
  return g_steal_pointer (&account);
}

static char *
shop_prefix (SdDb *db)
{
  g_autofree char *shop = _sd_store_get_shop_name (db);
  gint64 owner = _sd_store_primary_owner (db);
  g_autoptr(SdStaffAccount) account = NULL;

  /* Taobao names a sub-account after the main account; a shop never named uses that. */
  if (shop != NULL && *shop != '\0')
    return g_steal_pointer (&shop);
  account = owner ? _sd_store_load_staff (db, owner, NULL) : NULL;
  return g_strdup (account ? account->login : "shop");
}

/* Runs a change and its audit entry in one transaction. */
typedef gboolean (*ChangeFunc) (SdDb *db, gpointer data, GError **error);

static gboolean
change_and_audit (SdSession   *session,
                  ChangeFunc   change,
                  gpointer     data,
                  const char  *action,
                  const char  *object_kind,
                  const gint64 *object_id,
                  const char  *detail,
                  GError     **error)
{
  SdDb *db = sd_session_get_db (session);
  g_autofree char *object = NULL;

  if (!sd_db_begin (db, error))
    return FALSE;
  /* The object's id is read after the change: a new one has it only then. */
  if (!change (db, data, error) ||
      !(object = g_strdup_printf ("%" G_GINT64_FORMAT, object_id ? *object_id : 0)) ||
      !sd_audit_append (session, action, object_kind, object_id ? object : NULL, detail, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

/* Accounts. */

GPtrArray *
sd_staff_list (SdSession  *session,
               GError    **error)
{
  GPtrArray *list;
  gint64 now;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error))
    return NULL;
  list = _sd_store_list_staff (sd_session_get_db (session), error);
  now = sd_db_now (sd_session_get_db (session));
  for (guint i = 0; list != NULL && i < list->len; i++)
    name_account (g_ptr_array_index (list, i), now);
  return list;
}

SdStaffAccount *
sd_staff_get (SdSession  *session,
              gint64      id,
              GError    **error)
{
  SdStaffAccount *account;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  /* One's own account needs no permission, but a session that may still act. */
  if (id == sd_session_get_staff_id (session) ? !_sd_session_check_active (session, error)
                                              : !sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error))
    return NULL;
  account = _sd_store_load_staff (sd_session_get_db (session), id, error);
  if (account != NULL)
    name_account (account, sd_db_now (sd_session_get_db (session)));
  return account;
}

static gint64
parse_id (const char *text)
{
  gint64 id = 0;

  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_isdigit (*p) || id > G_MAXINT64 / 10 - 10)
        return 0;
      id = id * 10 + (*p - '0');
    }
  return id;
}

SdStaffAccount *
sd_staff_find (SdSession   *session,
               const char  *name,
               GError     **error)
{
  SdDb *db;
  gint64 id;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  db = sd_session_get_db (session);
  id = _sd_store_find_staff (db, name);
  if (id == 0)
    id = parse_id (name);
  if (id == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no staff account named “%s”."), name);
      return NULL;
    }
  return sd_staff_get (session, id, error);
}

typedef struct
{
  SdStaffAccount *account;
  const char     *hash;
  gint64          id;
} AddAccount;

static gboolean
insert_account (SdDb     *db,
                gpointer  data,
                GError  **error)
{
  AddAccount *add = data;

  add->id = _sd_store_insert_staff (db, add->account, add->hash, FALSE, error);
  return add->id != 0;
}

static gboolean
check_role_and_department (SdSession   *session,
                           gint64       department_id,
                           SdRole     **out_role,
                           gint64       role_id,
                           const char  *what,
                           GError     **error)
{
  SdDb *db = sd_session_get_db (session);
  g_autoptr(SdRole) role = _sd_store_load_role (db, role_id, error);
  g_autoptr(GPtrArray) departments = NULL;
  gboolean department_found = department_id == 0;

  if (role == NULL)
    return FALSE;
  if (g_strcmp0 (role->key, SD_ROLE_OWNER) == 0 && !sd_session_is_owner (session))
    {
      _sd_session_refuse (session, SD_PERMISSION_MANAGE_STAFF, what, NULL);
      g_set_error_literal (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED,
                           _("Permission denied: only an owner may make someone an owner."));
      return FALSE;
    }
  if (!require_all (session, role->permissions, what, error))
    return FALSE;
  departments = _sd_store_list_departments (db, error);
  if (departments == NULL)
    return FALSE;
  for (guint i = 0; i < departments->len; i++)
    if (((SdDepartment *) g_ptr_array_index (departments, i))->id == department_id)
      department_found = TRUE;
  if (!department_found)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no such department."));
      return FALSE;
    }
  if (out_role)
    *out_role = g_steal_pointer (&role);
  return TRUE;
}

gint64
sd_staff_add (SdSession   *session,
              const char  *login,
              const char  *display_name,
              gint64       department_id,
              gint64       role_id,
              const char  *password,
              GError     **error)
{
  SdDb *db;
  g_autofree char *name = g_strstrip (g_strdup (login ? login : ""));
  g_autofree char *shown = g_strstrip (g_strdup (display_name && *display_name ? display_name : name));
  g_autofree char *prefix = NULL;
  g_autofree char *full = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(SdRole) role = NULL;
  SdStaffAccount account = { 0 };
  AddAccount add = { &account, NULL, 0 };

  g_return_val_if_fail (SD_IS_SESSION (session), 0);

  db = sd_session_get_db (session);
  if (!sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error))
    return 0;
  prefix = shop_prefix (db);
  if (!sd_staff_check_login (prefix, name, error) ||
      !check_display_name (shown, error) ||
      !check_role_and_department (session, department_id, &role, role_id, "staff add", error) ||
      !sd_password_check_new (password, error))
    return 0;
  full = g_strconcat (prefix, ":", name, NULL);
  if (_sd_store_find_staff (db, name) != 0 || _sd_store_find_staff (db, full) != 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("The account name “%s” is taken (names are never reused, even of disabled accounts)."), full);
      return 0;
    }
  hash = sd_password_hash (password, error);
  if (hash == NULL)
    return 0;

  account.login = name;
  account.full_name = full;
  account.display_name = shown;
  account.department_id = department_id;
  account.role_id = role_id;
  account.must_change_password = TRUE;
  account.created_at = sd_db_now (db);
  add.hash = hash;
  detail = g_strdup_printf ("%s, role %s", full, role->key[0] ? role->key : role->name);
  /* The id is known only after the insert: audit with the name, which is unique forever. */
  if (!change_and_audit (session, insert_account, &add, SD_AUDIT_STAFF_ADD, "staff", &add.id, detail, error))
    return 0;
  return add.id;
}

typedef struct
{
  SdStaffAccount *account;
} UpdateAccount;

static gboolean
update_account (SdDb     *db,
                gpointer  data,
                GError  **error)
{
  return _sd_store_update_staff (db, data, error);
}

static gboolean
last_owner_stays (SdSession       *session,
                  SdStaffAccount  *account,
                  const char      *what,
                  GError         **error)
{
  if (!account->is_owner || account->status == SD_STAFF_DISABLED ||
      _sd_store_count_active_owners (sd_session_get_db (session)) > 1)
    return TRUE;
  _sd_audit_append_as (sd_session_get_db (session), sd_session_get_staff_id (session),
                       sd_session_get_full_name (session), SD_AUDIT_DENIED, "staff", NULL, what, NULL);
  g_set_error_literal (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED,
                       _("Permission denied: this is the shop’s last active owner. Make another account an owner first."));
  return FALSE;
}

gboolean
sd_staff_set_display_name (SdSession   *session,
                           gint64       id,
                           const char  *display_name,
                           GError     **error)
{
  g_autoptr(SdStaffAccount) account = NULL;
  g_autofree char *shown = g_strstrip (g_strdup (display_name ? display_name : ""));

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  /* Everyone may set their own display name, while their session may act. */
  if (id == sd_session_get_staff_id (session))
    account = _sd_session_check_active (session, error)
              ? _sd_store_load_staff (sd_session_get_db (session), id, error) : NULL;
  else
    account = load_target (session, id, "staff edit", error);
  if (account == NULL || !check_display_name (shown, error))
    return FALSE;
  g_free (account->display_name);
  account->display_name = g_steal_pointer (&shown);
  if (!change_and_audit (session, update_account, account, SD_AUDIT_STAFF_EDIT, "staff", &id,
                         account->full_name, error))
    return FALSE;
  if (id == sd_session_get_staff_id (session))
    _sd_session_set_display_name (session, account->display_name);
  return TRUE;
}

gboolean
sd_staff_set_department (SdSession   *session,
                         gint64       id,
                         gint64       department_id,
                         GError     **error)
{
  g_autoptr(SdStaffAccount) account = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  account = load_target (session, id, "staff set-department", error);
  if (account == NULL ||
      !check_role_and_department (session, department_id, NULL, account->role_id, "staff set-department", error))
    return FALSE;
  account->department_id = department_id;
  detail = g_strdup_printf ("%s → department %" G_GINT64_FORMAT, account->full_name, department_id);
  return change_and_audit (session, update_account, account, SD_AUDIT_STAFF_DEPARTMENT, "staff", &id,
                           detail, error);
}

gboolean
sd_staff_set_role (SdSession   *session,
                   gint64       id,
                   gint64       role_id,
                   GError     **error)
{
  g_autoptr(SdStaffAccount) account = NULL;
  g_autoptr(SdRole) role = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (id == sd_session_get_staff_id (session))
    return sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error) &&
           refuse_self (session, "staff set-role: own account", error);
  account = load_target (session, id, "staff set-role", error);
  if (account == NULL ||
      !check_role_and_department (session, account->department_id, &role, role_id, "staff set-role", error))
    return FALSE;
  if (g_strcmp0 (role->key, SD_ROLE_OWNER) != 0 && !last_owner_stays (session, account, "staff set-role: last owner", error))
    return FALSE;
  account->role_id = role_id;
  detail = g_strdup_printf ("%s: %s → %s", account->full_name,
                            account->role_key[0] ? account->role_key : account->role_name,
                            role->key[0] ? role->key : role->name);
  return change_and_audit (session, update_account, account, SD_AUDIT_STAFF_ROLE, "staff", &id, detail, error);
}

static gboolean
enable_account (SdDb     *db,
                gpointer  data,
                GError  **error)
{
  SdStaffAccount *account = data;

  /* Enabling lifts a lock too: the owner has looked at the account. */
  return _sd_store_update_staff (db, account, error) &&
         (account->status == SD_STAFF_DISABLED ||
          _sd_store_note_login (db, account->id, 0, 0, 0, error));
}

gboolean
sd_staff_set_enabled (SdSession   *session,
                      gint64       id,
                      gboolean     enabled,
                      GError     **error)
{
  g_autoptr(SdStaffAccount) account = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (id == sd_session_get_staff_id (session))
    return sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error) &&
           refuse_self (session, enabled ? "staff enable: own account" : "staff disable: own account", error);
  account = load_target (session, id, enabled ? "staff enable" : "staff disable", error);
  if (account == NULL)
    return FALSE;
  if (!enabled && !last_owner_stays (session, account, "staff disable: last owner", error))
    return FALSE;
  account->status = enabled ? SD_STAFF_ACTIVE : SD_STAFF_DISABLED;
  return change_and_audit (session, enable_account, account,
                           enabled ? SD_AUDIT_STAFF_ENABLE : SD_AUDIT_STAFF_DISABLE, "staff", &id,
                           account->full_name, error);
}

typedef struct
{
  gint64      id;
  const char *hash;
} ResetPassword;

static gboolean
reset_password (SdDb     *db,
                gpointer  data,
                GError  **error)
{
  ResetPassword *reset = data;

  return _sd_store_set_staff_password (db, reset->id, reset->hash, TRUE, error);
}

gboolean
sd_staff_reset_password (SdSession   *session,
                         gint64       id,
                         const char  *new_password,
                         GError     **error)
{
  g_autoptr(SdStaffAccount) account = NULL;
  g_autofree char *hash = NULL;
  ResetPassword reset = { id, NULL };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (id == sd_session_get_staff_id (session))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("To change your own password, use Change Password: it asks for the current one."));
      return FALSE;
    }
  account = load_target (session, id, "staff reset-password", error);
  if (account == NULL || !sd_password_check_new (new_password, error))
    return FALSE;
  hash = sd_password_hash (new_password, error);
  if (hash == NULL)
    return FALSE;
  reset.hash = hash;
  return change_and_audit (session, reset_password, &reset, SD_AUDIT_PASSWORD_RESET, "staff", &id,
                           account->full_name, error);
}

/* Departments. */

static void
name_department (SdDepartment *department)
{
  name_builtin (&department->name, department->key, department_label);
}

GPtrArray *
sd_departments_list (SdSession  *session,
                     GError    **error)
{
  GPtrArray *list;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_can (session, SD_PERMISSION_VIEW_CUSTOMERS) &&
      !sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error))
    return NULL;
  list = _sd_store_list_departments (sd_session_get_db (session), error);
  for (guint i = 0; list != NULL && i < list->len; i++)
    name_department (g_ptr_array_index (list, i));
  return list;
}

static gint64
find_department_id (SdDb       *db,
                    const char *name)
{
  gint64 id = _sd_store_find_department (db, name);

  for (guint i = 0; id == 0 && i < G_N_ELEMENTS (builtin_departments); i++)
    if (g_str_equal (name, builtin_departments[i].chinese) ||
        g_str_equal (name, builtin_departments[i].label) ||
        g_str_equal (name, _(builtin_departments[i].label)))
      id = _sd_store_find_department (db, builtin_departments[i].key);
  return id ? id : parse_id (name);
}

SdDepartment *
sd_departments_find (SdSession   *session,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  gint64 id;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  list = sd_departments_list (session, error);
  if (list == NULL)
    return NULL;
  id = find_department_id (sd_session_get_db (session), name);
  for (guint i = 0; i < list->len; i++)
    {
      SdDepartment *department = g_ptr_array_index (list, i);
      if (department->id == id)
        return sd_department_copy (department);
    }
  g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no department named “%s”."), name);
  return NULL;
}

static gboolean
check_short_name (const char  *name,
                  GError     **error)
{
  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("The name is empty."));
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > 30)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("The name is longer than 30 characters."));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gint64      id;
  const char *name;
} NamedChange;

static gboolean
insert_department (SdDb     *db,
                   gpointer  data,
                   GError  **error)
{
  NamedChange *change = data;

  change->id = _sd_store_insert_department (db, change->name, error);
  return change->id != 0;
}

static gboolean
name_taken_by_builtin (SdDb        *db,
                       const char  *name,
                       gint64       except_id,
                       gint64     (*find) (SdDb *, const char *),
                       GError     **error)
{
  gint64 id = find (db, name);

  if (id != 0 && id != except_id)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT, _("There is already one named “%s”."), name);
      return TRUE;
    }
  return FALSE;
}

gint64
sd_departments_add (SdSession   *session,
                    const char  *name,
                    GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  NamedChange change = { 0, trimmed };

  g_return_val_if_fail (SD_IS_SESSION (session), 0);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error) ||
      !check_short_name (trimmed, error) ||
      name_taken_by_builtin (sd_session_get_db (session), trimmed, 0, find_department_id, error) ||
      !change_and_audit (session, insert_department, &change, SD_AUDIT_DEPARTMENT_ADD, "department", &change.id,
                         trimmed, error))
    return 0;
  return change.id;
}

static gboolean
rename_department (SdDb     *db,
                   gpointer  data,
                   GError  **error)
{
  NamedChange *change = data;

  return _sd_store_rename_department (db, change->id, change->name, error);
}

static SdDepartment *
load_department (SdSession  *session,
                 gint64      id,
                 GError    **error)
{
  g_autoptr(GPtrArray) list = _sd_store_list_departments (sd_session_get_db (session), error);

  for (guint i = 0; list != NULL && i < list->len; i++)
    if (((SdDepartment *) g_ptr_array_index (list, i))->id == id)
      return sd_department_copy (g_ptr_array_index (list, i));
  if (list != NULL)
    g_set_error_literal (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no such department."));
  return NULL;
}

gboolean
sd_departments_rename (SdSession   *session,
                       gint64       id,
                       const char  *name,
                       GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autoptr(SdDepartment) department = NULL;
  NamedChange change = { id, trimmed };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error) ||
      !check_short_name (trimmed, error))
    return FALSE;
  department = load_department (session, id, error);
  return department != NULL &&
         !name_taken_by_builtin (sd_session_get_db (session), trimmed, id, find_department_id, error) &&
         change_and_audit (session, rename_department, &change, SD_AUDIT_DEPARTMENT_RENAME, "department", &id,
                           trimmed, error);
}

static gboolean
delete_department (SdDb     *db,
                   gpointer  data,
                   GError  **error)
{
  return _sd_store_delete_department (db, ((NamedChange *) data)->id, error);
}

gboolean
sd_departments_remove (SdSession   *session,
                       gint64       id,
                       GError     **error)
{
  g_autoptr(SdDepartment) department = NULL;
  NamedChange change = { id, NULL };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error))
    return FALSE;
  department = load_department (session, id, error);
  if (department == NULL)
    return FALSE;
  name_department (department);
  if (department->member_count > 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The department “%s” has %lld account; move it to another department first.",
                                "The department “%s” has %lld accounts; move them to another department first.",
                                department->member_count),
                   department->name, (long long) department->member_count);
      return FALSE;
    }
  return change_and_audit (session, delete_department, &change, SD_AUDIT_DEPARTMENT_REMOVE, "department", &id,
                           department->name, error);
}

/* Roles. */

static void
name_role (SdRole *role)
{
  name_builtin (&role->name, role->key, role_label);
}

GPtrArray *
sd_roles_list (SdSession  *session,
               GError    **error)
{
  GPtrArray *list;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error))
    return NULL;
  list = _sd_store_list_roles (sd_session_get_db (session), error);
  for (guint i = 0; list != NULL && i < list->len; i++)
    name_role (g_ptr_array_index (list, i));
  return list;
}

SdRole *
sd_roles_get (SdSession  *session,
              gint64      id,
              GError    **error)
{
  g_autoptr(SdStaffAccount) self = NULL;
  SdRole *role;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  /* Everyone may read their own role, while their session may act. */
  self = _sd_store_load_staff (sd_session_get_db (session), sd_session_get_staff_id (session), NULL);
  if (self != NULL && self->role_id == id ? !_sd_session_check_active (session, error)
                                          : !sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error))
    return NULL;
  role = _sd_store_load_role (sd_session_get_db (session), id, error);
  if (role != NULL)
    name_role (role);
  return role;
}

static gint64
find_role_id (SdDb       *db,
              const char *name)
{
  gint64 id = _sd_store_find_role (db, name);

  for (guint i = 0; id == 0 && i < G_N_ELEMENTS (builtin_names); i++)
    if (g_str_equal (name, builtin_names[i].label) || g_str_equal (name, _(builtin_names[i].label)))
      id = _sd_store_find_role (db, builtin_names[i].key);
  return id ? id : parse_id (name);
}

SdRole *
sd_roles_find (SdSession   *session,
               const char  *name,
               GError     **error)
{
  gint64 id;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error))
    return NULL;
  id = find_role_id (sd_session_get_db (session), name);
  if (id == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no role named “%s”."), name);
      return NULL;
    }
  return sd_roles_get (session, id, error);
}

typedef struct
{
  gint64          id;
  const char     *name;
  SdPermissionSet permissions;
  gint64          now;
} RoleChange;

static gboolean
insert_role (SdDb     *db,
             gpointer  data,
             GError  **error)
{
  RoleChange *change = data;

  change->id = _sd_store_insert_role (db, change->name, change->permissions, change->now, error);
  return change->id != 0;
}

gint64
sd_roles_create (SdSession        *session,
                 const char       *name,
                 SdPermissionSet   permissions,
                 GError          **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *detail = NULL;
  RoleChange change = { 0, trimmed, permissions & SD_PERMISSION_SET_ALL, 0 };

  g_return_val_if_fail (SD_IS_SESSION (session), 0);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error) ||
      !check_short_name (trimmed, error) ||
      name_taken_by_builtin (sd_session_get_db (session), trimmed, 0, find_role_id, error) ||
      !require_all (session, change.permissions, "role create", error))
    return 0;
  change.now = sd_db_now (sd_session_get_db (session));
  {
    g_autofree char *ids = sd_permission_set_to_string (change.permissions);
    detail = g_strdup_printf ("%s: %s", trimmed, ids);
  }
  if (!change_and_audit (session, insert_role, &change, SD_AUDIT_ROLE_CREATE, "role", &change.id, detail, error))
    return 0;
  return change.id;
}

/* The role another account may change: not the Owner role, not one's own. */
static SdRole *
load_role_to_change (SdSession   *session,
                     gint64       id,
                     const char  *what,
                     GError     **error)
{
  g_autoptr(SdRole) role = NULL;
  g_autoptr(SdStaffAccount) self = NULL;

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_STAFF, error))
    return NULL;
  role = _sd_store_load_role (sd_session_get_db (session), id, error);
  if (role == NULL)
    return NULL;
  name_role (role);
  if (g_strcmp0 (role->key, SD_ROLE_OWNER) == 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("The Owner role always holds every permission; it cannot be changed."));
      return NULL;
    }
  self = _sd_store_load_staff (sd_session_get_db (session), sd_session_get_staff_id (session), error);
  if (self == NULL)
    return NULL;
  if (self->role_id == id)
    {
      refuse_self (session, what, error);
      return NULL;
    }
  return g_steal_pointer (&role);
}

static gboolean
rename_role (SdDb     *db,
             gpointer  data,
             GError  **error)
{
  RoleChange *change = data;

  return _sd_store_rename_role (db, change->id, change->name, error);
}

gboolean
sd_roles_rename (SdSession   *session,
                 gint64       id,
                 const char  *name,
                 GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autoptr(SdRole) role = NULL;
  RoleChange change = { id, trimmed, 0, 0 };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  role = load_role_to_change (session, id, "role rename", error);
  return role != NULL &&
         check_short_name (trimmed, error) &&
         !name_taken_by_builtin (sd_session_get_db (session), trimmed, id, find_role_id, error) &&
         change_and_audit (session, rename_role, &change, SD_AUDIT_ROLE_RENAME, "role", &id, trimmed, error);
}

static gboolean
set_role_permissions (SdDb     *db,
                      gpointer  data,
                      GError  **error)
{
  RoleChange *change = data;

  return _sd_store_set_role_permissions (db, change->id, change->permissions, error);
}

gboolean
sd_roles_change (SdSession        *session,
                 gint64            id,
                 SdPermissionSet   grant,
                 SdPermissionSet   revoke,
                 GError          **error)
{
  g_autoptr(SdRole) role = NULL;
  g_autofree char *granted = NULL;
  g_autofree char *revoked = NULL;
  g_autofree char *object = NULL;
  SdDb *db;
  RoleChange change = { id, NULL, 0, 0 };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  grant &= SD_PERMISSION_SET_ALL;
  revoke &= SD_PERMISSION_SET_ALL & ~grant;
  role = load_role_to_change (session, id, "role change", error);
  /* Taking away what one does not hold would hand a role a shape one could not give it. */
  if (role == NULL || !require_all (session, grant | revoke, "role change", error))
    return FALSE;
  grant &= ~role->permissions;
  revoke &= role->permissions;
  if (grant == 0 && revoke == 0)
    return TRUE;

  db = sd_session_get_db (session);
  change.permissions = (role->permissions | grant) & ~revoke;
  /* The object is the role's id, as for its other entries; the detail names it too. */
  object = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  {
    g_autofree char *ids = sd_permission_set_to_string (grant);
    granted = g_strdup_printf ("%s: %s", role->key[0] ? role->key : role->name, ids);
  }
  {
    g_autofree char *ids = sd_permission_set_to_string (revoke);
    revoked = g_strdup_printf ("%s: %s", role->key[0] ? role->key : role->name, ids);
  }
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!set_role_permissions (db, &change, error) ||
      (grant && !sd_audit_append (session, SD_AUDIT_ROLE_GRANT, "role", object, granted, error)) ||
      (revoke && !sd_audit_append (session, SD_AUDIT_ROLE_REVOKE, "role", object, revoked, error)) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

static gboolean
delete_role (SdDb     *db,
             gpointer  data,
             GError  **error)
{
  return _sd_store_delete_role (db, ((RoleChange *) data)->id, error);
}

gboolean
sd_roles_delete (SdSession   *session,
                 gint64       id,
                 GError     **error)
{
  g_autoptr(SdRole) role = NULL;
  RoleChange change = { id, NULL, 0, 0 };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  role = load_role_to_change (session, id, "role delete", error);
  if (role == NULL)
    return FALSE;
  if (role->key[0] != '\0')
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("“%s” is a built-in role; it can be changed but not deleted."), role->name);
      return FALSE;
    }
  if (role->member_count > 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The role “%s” is held by %lld account; give it another role first.",
                                "The role “%s” is held by %lld accounts; give them another role first.",
                                role->member_count),
                   role->name, (long long) role->member_count);
      return FALSE;
    }
  return change_and_audit (session, delete_role, &change, SD_AUDIT_ROLE_DELETE, "role", &id, role->name, error);
}
