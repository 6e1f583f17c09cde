/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-session"

#include "sd-i18n.h"

#include "sd-audit-private.h"
#include "sd-error.h"
#include "sd-password.h"
#include "sd-session-private.h"
#include "sd-store-private.h"

struct _SdSession
{
  GObject   parent_instance;
  SdDb     *db;
  gint64    staff_id;
  char     *login;
  char     *full_name;
  char     *display_name;
  gboolean  logged_out;
};

G_DEFINE_FINAL_TYPE (SdSession, sd_session, G_TYPE_OBJECT)

static void
sd_session_finalize (GObject *object)
{
  SdSession *self = SD_SESSION (object);

  g_clear_pointer (&self->db, sd_db_unref);
  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->full_name, g_free);
  g_clear_pointer (&self->display_name, g_free);

  G_OBJECT_CLASS (sd_session_parent_class)->finalize (object);
}

static void
sd_session_class_init (SdSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_session_finalize;
}

static void
sd_session_init (SdSession *self)
{
}

SdSession *
_sd_session_new_for (SdDb    *db,
                     gint64   staff_id,
                     GError **error)
{
  g_autoptr(SdStaffAccount) account = _sd_store_load_staff (db, staff_id, error);
  SdSession *self;

  if (account == NULL)
    return NULL;
  self = g_object_new (SD_TYPE_SESSION, NULL);
  self->db = sd_db_ref (db);
  self->staff_id = account->id;
  self->login = g_steal_pointer (&account->login);
  self->full_name = g_steal_pointer (&account->full_name);
  self->display_name = g_steal_pointer (&account->display_name);
  return self;
}

gboolean
sd_session_shop_has_accounts (SdDb *db)
{
  g_return_val_if_fail (db != NULL, FALSE);
  return _sd_store_has_passwords (db);
}

/* A hash to check a password against when the name is unknown, so that an unknown name
 * takes as long to refuse as a wrong password. */
static const char *
decoy_hash (void)
{
  static char *hash = NULL;

  if (g_once_init_enter (&hash))
    {
      g_autofree char *random = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
      char *computed = sd_password_hash (random, NULL);
      g_once_init_leave (&hash, computed ? computed : g_strdup ("-"));
    }
  return hash;
}

static gboolean
wrong_name_or_password (GError **error)
{
  g_set_error_literal (error, SD_ERROR, SD_ERROR_AUTH_FAILED,
                       _("The account name or the password is wrong."));
  return FALSE;
}

static char *
format_local_time (gint64 utc)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (utc);
  g_autoptr(GDateTime) local = g_date_time_to_local (dt);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static void
set_locked_error (GError **error,
                  gint64   until)
{
  g_autofree char *when = format_local_time (until);

  g_set_error (error, SD_ERROR, SD_ERROR_ACCOUNT_LOCKED,
               _("This account is locked after %d wrong passwords until %s. Try again then, or ask the shop owner to reset the password."),
               SD_LOGIN_MAX_FAILURES, when);
}

/* Records the attempt (counters and audit entry) in one transaction; FALSE only when that
 * write fails. */
static gboolean
record_attempt (SdDb        *db,
                gint64       staff_id,
                const char  *name,
                const char  *action,
                const char  *detail,
                gint64       failed_logins,
                gint64       locked_until,
                gint64       last_login_at,
                GError     **error)
{
  g_autofree char *object = staff_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, staff_id) : NULL;

  if (!sd_db_begin (db, error))
    return FALSE;
  if ((staff_id > 0 &&
       !_sd_store_note_login (db, staff_id, failed_logins, locked_until, last_login_at, error)) ||
      !_sd_audit_append_as (db, staff_id, name, action, staff_id > 0 ? "staff" : "",
                            object, detail, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

/* Counts a wrong password, reading the count inside the write transaction: two desktops
 * guessing at once still lock the account at the fifth. OUT_LOCKED_UNTIL is set when the
 * account is locked now. */
static gboolean
record_wrong_password (SdDb        *db,
                       gint64       staff_id,
                       const char  *full_name,
                       gint64       now,
                       gint64      *out_locked_until,
                       GError     **error)
{
  g_auto(SdStaffSecret) fresh = { NULL };
  g_autofree char *object = g_strdup_printf ("%" G_GINT64_FORMAT, staff_id);
  g_autofree char *detail = NULL;
  const char *action = SD_AUDIT_LOGIN_FAILED;
  gint64 failed, locked_until = 0;

  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_store_load_staff_secret (db, staff_id, &fresh, error))
    goto fail;
  if (fresh.locked_until > now)
    {
      /* Another attempt locked it meanwhile. */
      failed = fresh.failed_logins;
      locked_until = fresh.locked_until;
      detail = g_strdup ("account locked");
    }
  else
    {
      /* A lock that has run out starts the count again. */
      failed = (fresh.locked_until > 0 ? 0 : fresh.failed_logins) + 1;
      if (failed >= SD_LOGIN_MAX_FAILURES)
        {
          action = SD_AUDIT_LOGIN_LOCKED;
          locked_until = now + SD_LOGIN_LOCK_SECONDS;
          failed = 0;
          detail = g_strdup_printf ("%d wrong passwords; locked for %d minutes",
                                    SD_LOGIN_MAX_FAILURES, SD_LOGIN_LOCK_SECONDS / 60);
        }
      else
        detail = g_strdup ("wrong password");
      if (!_sd_store_note_login (db, staff_id, failed, locked_until, 0, error))
        goto fail;
    }
  if (!_sd_audit_append_as (db, staff_id, full_name, action, "staff", object, detail, error) ||
      !sd_db_commit (db, error))
    goto fail;
  *out_locked_until = locked_until;
  return TRUE;

fail:
  sd_db_rollback (db);
  return FALSE;
}

/* A hash of older limits is replaced, now that the password is known to be right. The
 * login stands whether or not this works: the old hash still verifies. */
static void
upgrade_hash (SdDb       *db,
              gint64      staff_id,
              const char *old_hash,
              const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;

  if (!sd_password_needs_rehash (old_hash))
    return;
  hash = sd_password_hash (password, &error);
  if (hash == NULL || !_sd_store_upgrade_staff_hash (db, staff_id, old_hash, hash, &error))
    g_debug ("the password hash of staff %" G_GINT64_FORMAT " stays as it was: %s", staff_id,
             error ? error->message : "no hash");
}

static gboolean
check_password (SdDb        *db,
                gint64       staff_id,
                const char  *full_name,
                const char  *password,
                GError     **error)
{
  g_auto(SdStaffSecret) secret = { NULL };
  gint64 now = sd_db_now (db);

  if (!_sd_store_load_staff_secret (db, staff_id, &secret, error))
    return FALSE;
  if (secret.disabled)
    {
      record_attempt (db, staff_id, full_name, SD_AUDIT_LOGIN_FAILED, "account disabled",
                      secret.failed_logins, secret.locked_until, 0, NULL);
      g_set_error_literal (error, SD_ERROR, SD_ERROR_ACCOUNT_DISABLED,
                           _("This account is disabled. Ask the shop owner to enable it."));
      return FALSE;
    }
  if (secret.locked_until > now)
    {
      record_attempt (db, staff_id, full_name, SD_AUDIT_LOGIN_FAILED, "account locked",
                      secret.failed_logins, secret.locked_until, 0, NULL);
      set_locked_error (error, secret.locked_until);
      return FALSE;
    }
  if (!sd_password_verify (secret.password_hash, password))
    {
      gint64 locked_until = 0;

      if (!record_wrong_password (db, staff_id, full_name, now, &locked_until, error))
        return FALSE;
      if (locked_until > 0)
        {
          set_locked_error (error, locked_until);
          return FALSE;
        }
      return wrong_name_or_password (error);
    }
  if (!record_attempt (db, staff_id, full_name, SD_AUDIT_LOGIN_OK, NULL, 0, 0, now, error))
    return FALSE;
  upgrade_hash (db, staff_id, secret.password_hash, password);
  return TRUE;
}

SdSession *
sd_session_login (SdDb        *db,
                  const char  *name,
                  const char  *password,
                  GError     **error)
{
  g_autofree char *typed = g_strstrip (g_strdup (name ? name : ""));
  g_autoptr(SdStaffAccount) account = NULL;
  gint64 id;

  g_return_val_if_fail (db != NULL, NULL);

  if (!_sd_store_has_passwords (db))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_NO_ACCOUNTS,
                           _("This shop has no accounts yet: set up its owner's account first."));
      return NULL;
    }
  id = _sd_store_find_staff (db, typed);
  if (id == 0)
    {
      sd_password_verify (decoy_hash (), password ? password : "");
      record_attempt (db, 0, typed, SD_AUDIT_LOGIN_FAILED, "unknown account name", 0, 0, 0, NULL);
      wrong_name_or_password (error);
      return NULL;
    }
  account = _sd_store_load_staff (db, id, error);
  if (account == NULL ||
      !check_password (db, id, account->full_name, password ? password : "", error))
    return NULL;
  return _sd_session_new_for (db, id, error);
}

static gboolean
owner_name_ok (const char  *name,
               GError     **error)
{
  if (*name == '\0' || strchr (name, ':') != NULL)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("The owner's account name is empty or has a colon; use the shop's main account name, without a colon."));
      return FALSE;
    }
  return sd_staff_check_login (NULL, name, error);
}

gint64
_sd_session_add_owner (SdDb        *db,
                       const char  *owner_name,
                       const char  *password,
                       GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (owner_name ? owner_name : ""));
  g_autofree char *hash = NULL;
  gint64 id;

  g_return_val_if_fail (sd_db_in_transaction (db), 0);

  if (!owner_name_ok (name, error) || !sd_password_check_new (password, error))
    return 0;
  hash = sd_password_hash (password, error);
  if (hash == NULL)
    return 0;
  id = _sd_store_primary_owner (db);
  if (id == 0)
    {
      SdStaffAccount account = {
        .login = name, .full_name = name, .display_name = name,
        .role_id = _sd_store_find_role (db, SD_ROLE_OWNER),
        .created_at = sd_db_now (db),
      };
      return _sd_store_insert_staff (db, &account, hash, TRUE, error);
    }
  if (!_sd_store_set_staff_login (db, id, name, name, error) ||
      !_sd_store_set_staff_password (db, id, hash, FALSE, error))
    return 0;
  return id;
}

SdSession *
sd_session_claim_shop (SdDb        *db,
                       const char  *owner_name,
                       const char  *password,
                       GError     **error)
{
  gint64 id;

  g_return_val_if_fail (db != NULL, NULL);

  if (_sd_store_has_passwords (db))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_CONFLICT,
                           _("This shop already has accounts; log in to it instead."));
      return NULL;
    }
  if (!sd_db_begin (db, error))
    return NULL;
  id = _sd_session_add_owner (db, owner_name, password, error);
  if (id == 0 ||
      !_sd_audit_append_as (db, id, owner_name, SD_AUDIT_SHOP_CREATE, "staff", NULL,
                            "owner account set on a shop made before accounts", error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return NULL;
    }
  return _sd_session_new_for (db, id, error);
}

SdSession *
sd_session_open_on (SdSession  *self,
                    SdDb       *db,
                    GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (self), NULL);
  g_return_val_if_fail (db != NULL, NULL);

  if (self->logged_out)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED, _("You are logged out; log in again."));
      return NULL;
    }
  return _sd_session_new_for (db, self->staff_id, error);
}

SdSession *
sd_session_open_copy (SdSession  *self,
                      GError    **error)
{
  g_autoptr(SdDb) db = NULL;

  g_return_val_if_fail (SD_IS_SESSION (self), NULL);

  db = sd_db_open (sd_db_get_path (self->db), error);
  if (db == NULL)
    return NULL;
  return sd_session_open_on (self, db, error);
}

void
sd_session_logout (SdSession *self)
{
  g_autofree char *object = NULL;

  g_return_if_fail (SD_IS_SESSION (self));

  if (self->logged_out)
    return;
  object = g_strdup_printf ("%" G_GINT64_FORMAT, self->staff_id);
  _sd_audit_append_as (self->db, self->staff_id, self->full_name, SD_AUDIT_LOGOUT, "staff", object, NULL, NULL);
  self->logged_out = TRUE;
}

SdDb *
sd_session_get_db (SdSession *self)
{
  g_return_val_if_fail (SD_IS_SESSION (self), NULL);
  return self->db;
}

gint64
sd_session_get_staff_id (SdSession *self)
{
  g_return_val_if_fail (SD_IS_SESSION (self), 0);
  return self->staff_id;
}

const char *
sd_session_get_staff_name (SdSession *self)
{
  g_return_val_if_fail (SD_IS_SESSION (self), NULL);
  return self->login;
}

const char *
sd_session_get_full_name (SdSession *self)
{
  g_return_val_if_fail (SD_IS_SESSION (self), NULL);
  return self->full_name;
}

const char *
sd_session_get_display_name (SdSession *self)
{
  g_return_val_if_fail (SD_IS_SESSION (self), NULL);
  return self->display_name;
}

void
_sd_session_set_display_name (SdSession  *self,
                              const char *display_name)
{
  g_free (self->display_name);
  self->display_name = g_strdup (display_name);
}

gboolean
sd_session_is_owner (SdSession *self)
{
  g_autoptr(SdStaffAccount) account = NULL;

  g_return_val_if_fail (SD_IS_SESSION (self), FALSE);

  if (self->logged_out)
    return FALSE;
  account = _sd_store_load_staff (self->db, self->staff_id, NULL);
  return account != NULL && account->is_owner && account->status != SD_STAFF_DISABLED;
}

typedef struct
{
  SdPermissionSet permissions;
  gboolean        disabled;
  gboolean        must_change;
} SessionState;

static gboolean
read_state (SdSession    *self,
            SessionState *state,
            GError      **error)
{
  if (!_sd_store_staff_permissions (self->db, self->staff_id, &state->permissions,
                                    &state->disabled, &state->must_change, error))
    return FALSE;
  if (state->permissions & SD_PERMISSION_BIT (SD_PERMISSION_CONVERSATIONS_ALL))
    state->permissions |= SD_PERMISSION_BIT (SD_PERMISSION_CONVERSATIONS_OWN);
  if (state->permissions & SD_PERMISSION_BIT (SD_PERMISSION_REPORTS_ALL))
    state->permissions |= SD_PERMISSION_BIT (SD_PERMISSION_REPORTS_OWN);
  return TRUE;
}

gboolean
sd_session_must_change_password (SdSession *self)
{
  SessionState state = { 0 };

  g_return_val_if_fail (SD_IS_SESSION (self), FALSE);
  return read_state (self, &state, NULL) && state.must_change;
}

SdPermissionSet
sd_session_get_permissions (SdSession *self)
{
  SessionState state = { 0 };

  g_return_val_if_fail (SD_IS_SESSION (self), 0);

  if (self->logged_out || !read_state (self, &state, NULL) || state.disabled)
    return 0;
  return state.permissions;
}

gboolean
sd_session_can (SdSession    *self,
                SdPermission  permission)
{
  return sd_permission_set_has (sd_session_get_permissions (self), permission);
}

gboolean
_sd_session_refuse (SdSession    *self,
                    SdPermission  permission,
                    const char   *what,
                    GError      **error)
{
  g_autofree char *detail = g_strdup_printf ("%s%s%s", sd_permission_to_string (permission),
                                             what ? ": " : "", what ? what : "");

  /* The refusal is recorded even though nothing else is written. */
  _sd_audit_append_as (self->db, self->staff_id, self->full_name, SD_AUDIT_DENIED, NULL, NULL, detail, NULL);
  g_set_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED,
               _("Permission denied: this needs “%s” (%s), which your role does not have. Ask the shop owner."),
               sd_permission_get_label (permission), sd_permission_to_string (permission));
  return FALSE;
}

/* Whether the session may act at all: not logged out, its account not disabled. */
static gboolean
check_active (SdSession     *self,
              SessionState  *state,
              GError       **error)
{
  if (self->logged_out)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED, _("You are logged out; log in again."));
      return FALSE;
    }
  if (!read_state (self, state, error))
    return FALSE;
  if (state->disabled)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_ACCOUNT_DISABLED,
                           _("Your account is disabled. Ask the shop owner to enable it."));
      return FALSE;
    }
  return TRUE;
}

gboolean
_sd_session_check_active (SdSession  *self,
                          GError    **error)
{
  SessionState state = { 0 };

  g_return_val_if_fail (SD_IS_SESSION (self), FALSE);
  return check_active (self, &state, error);
}

gboolean
sd_session_require (SdSession     *self,
                    SdPermission   permission,
                    GError       **error)
{
  SessionState state = { 0 };

  g_return_val_if_fail (SD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (permission < SD_PERMISSION_N, FALSE);

  if (!check_active (self, &state, error))
    return FALSE;
  if (state.must_change)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_PASSWORD_CHANGE_REQUIRED,
                           _("Your password was reset: change it before doing anything else."));
      return FALSE;
    }
  if (!sd_permission_set_has (state.permissions, permission))
    return _sd_session_refuse (self, permission, NULL, error);
  return TRUE;
}

gboolean
sd_session_change_password (SdSession   *self,
                            const char  *old_password,
                            const char  *new_password,
                            GError     **error)
{
  g_auto(SdStaffSecret) secret = { NULL };
  g_autofree char *hash = NULL;
  g_autofree char *object = NULL;

  g_return_val_if_fail (SD_IS_SESSION (self), FALSE);

  object = g_strdup_printf ("%" G_GINT64_FORMAT, self->staff_id);

  if (!_sd_session_check_active (self, error) ||
      !_sd_store_load_staff_secret (self->db, self->staff_id, &secret, error))
    return FALSE;
  if (!sd_password_verify (secret.password_hash, old_password ? old_password : ""))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_AUTH_FAILED, _("The current password is wrong."));
      return FALSE;
    }
  if (!sd_password_check_new (new_password, error))
    return FALSE;
  if (g_strcmp0 (old_password, new_password) == 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("The new password is the same as the current one; choose another."));
      return FALSE;
    }
  hash = sd_password_hash (new_password, error);
  if (hash == NULL || !sd_db_begin (self->db, error))
    return FALSE;
  if (!_sd_store_set_staff_password (self->db, self->staff_id, hash, FALSE, error) ||
      !_sd_audit_append_as (self->db, self->staff_id, self->full_name, SD_AUDIT_PASSWORD_CHANGE,
                            "staff", object, NULL, error) ||
      !sd_db_commit (self->db, error))
    {
      sd_db_rollback (self->db);
      return FALSE;
    }
  return TRUE;
}
