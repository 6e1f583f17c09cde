/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-staff-dialog"

#include <glib/gi18n.h>

#include "sd-combo-ids.h"
#include "sd-error.h"
#include "sd-message.h"
#include "sd-password.h"
#include "sd-shop.h"
#include "sd-staff-dialog.h"
#include "sd-staff.h"

struct _SdStaffDialog
{
  AdwWindow            parent_instance;

  SdSession           *session;
  SdStaffAccount      *account;          /* as the shop has it; NULL while adding */
  char                *shop_name;
  SdPermissionSet      mine;             /* the acting account's permissions */
  GArray              *department_ids;   /* gint64, in department_row's order */
  GArray              *role_ids;         /* gint64, in role_row's order */
  gboolean             login_valid;
  gboolean             read_only;        /* the account's role holds what the acting one lacks */

  AdwPreferencesGroup *access_group;
  AdwPasswordEntryRow *confirm_row;
  AdwComboRow         *department_row;
  AdwPreferencesGroup *details_group;
  AdwEntryRow         *display_name_row;
  GtkButton           *enable_button;
  GtkLabel            *login_error;
  GtkLabel            *login_hint;
  AdwActionRow        *login_info_row;
  GtkLabel            *login_prefix;
  AdwPreferencesGroup *login_group;
  AdwEntryRow         *login_row;
  AdwPreferencesGroup *message_group;
  GtkLabel            *message_label;
  AdwPreferencesGroup *password_group;
  GtkLabel            *password_hint;
  AdwPasswordEntryRow *password_row;
  GtkButton           *reset_button;
  AdwComboRow         *role_row;
  GtkButton           *save_button;
  AdwActionRow        *status_row;
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
};

G_DEFINE_FINAL_TYPE (SdStaffDialog, sd_staff_dialog, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers ---- */

/* The first permission in SET that the acting account lacks, or SD_PERMISSION_N. */
static SdPermission
first_missing (SdStaffDialog   *self,
               SdPermissionSet  set)
{
  for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
    if (sd_permission_set_has (set, p) && !sd_permission_set_has (self->mine, p))
      return p;
  return SD_PERMISSION_N;
}

static char *
needs_permission (SdPermission permission)
{
  return g_strdup_printf (_("Needs the “%s” permission"), sd_permission_get_label (permission));
}

static gboolean
is_self (SdStaffDialog *self)
{
  return self->account != NULL && self->account->id == sd_session_get_staff_id (self->session);
}

static void
show_message (SdStaffDialog *self,
              const char    *message,
              gboolean       error)
{
  sd_message_show_in_group (self->message_group, self->message_label, message, error);
}

static void
emit_changed (SdStaffDialog *self,
              const char    *message)
{
  g_signal_emit (self, signals[CHANGED], 0, message);
}

static const char *
account_name (SdStaffDialog *self)
{
  if (self->account == NULL)
    return "";
  return *self->account->display_name ? self->account->display_name : self->account->login;
}

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/* Whether the two passwords will do; the hint says why not. */
static gboolean
check_passwords (SdStaffDialog *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "At least %d character. The person chooses their own "
                                                        "password when they first log in.",
                                                        "At least %d characters. The person chooses their own "
                                                        "password when they first log in.",
                                                        SD_PASSWORD_MIN_LENGTH),
                                           SD_PASSWORD_MIN_LENGTH);
  const char *problem = NULL;
  gboolean ok = FALSE;

  if (*password == '\0')
    ;
  else if (!sd_password_check_new (password, &error))
    problem = error->message;
  else if (*confirm == '\0')
    ;
  else if (g_strcmp0 (password, confirm) != 0)
    problem = _("The two passwords differ.");
  else
    ok = TRUE;

  sd_message_set_label (self->password_hint, problem != NULL ? problem : hint, problem != NULL);
  return ok;
}

static gboolean
edits_pending (SdStaffDialog *self)
{
  g_autofree char *display = trimmed (gtk_editable_get_text (GTK_EDITABLE (self->display_name_row)));

  if (self->account == NULL)
    return FALSE;
  return (*display != '\0' && g_strcmp0 (display, self->account->display_name) != 0) ||
         sd_combo_ids_get_selected (self->department_row, self->department_ids) !=
           self->account->department_id ||
         sd_combo_ids_get_selected (self->role_row, self->role_ids) != self->account->role_id;
}

static void
update_save (SdStaffDialog *self)
{
  gboolean ok;

  if (self->account == NULL)
    {
      gboolean passwords = check_passwords (self);
      ok = self->login_valid && passwords &&
           sd_combo_ids_get_selected (self->department_row, self->department_ids) != 0 &&
           sd_combo_ids_get_selected (self->role_row, self->role_ids) != 0;
    }
  else
    ok = !self->read_only && edits_pending (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), ok);
}

static void
fill_departments (SdStaffDialog *self)
{
  g_autoptr(GPtrArray) departments = sd_departments_list (self->session, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_array_set_size (self->department_ids, 0);
  for (guint i = 0; departments != NULL && i < departments->len; i++)
    {
      SdDepartment *department = g_ptr_array_index (departments, i);
      gtk_string_list_append (names, department->name);
      g_array_append_val (self->department_ids, department->id);
    }
  /* The owner's account, and perhaps an old one, sit in no department. */
  if (self->account != NULL && self->account->department_id == 0)
    {
      gint64 none = 0;
      gtk_string_list_append (names, _("None"));
      g_array_append_val (self->department_ids, none);
    }
  adw_combo_row_set_model (self->department_row, G_LIST_MODEL (names));
}

/* Only roles the acting account may hand out (holding nothing it lacks), and the
 * account's own role. */
static void
fill_roles (SdStaffDialog *self)
{
  g_autoptr(GPtrArray) roles = sd_roles_list (self->session, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint preferred = 0;

  g_array_set_size (self->role_ids, 0);
  for (guint i = 0; roles != NULL && i < roles->len; i++)
    {
      SdRole *role = g_ptr_array_index (roles, i);
      gboolean current = self->account != NULL && self->account->role_id == role->id;

      if (!current && first_missing (self, role->permissions) != SD_PERMISSION_N)
        continue;
      if (g_strcmp0 (role->key, SD_ROLE_PRESALES) == 0)
        preferred = self->role_ids->len;
      gtk_string_list_append (names, role->name);
      g_array_append_val (self->role_ids, role->id);
    }
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (names));
  if (self->account == NULL && preferred < self->role_ids->len)
    adw_combo_row_set_selected (self->role_row, preferred);
}

static void
show_status (SdStaffDialog *self)
{
  SdStaffAccount *account = self->account;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *status = NULL;
  gboolean enabled = account->status != SD_STAFF_DISABLED;

  if (account->status == SD_STAFF_LOCKED && account->locked_until > now)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (account->locked_until);
      g_autoptr(GDateTime) local = g_date_time_to_local (dt);
      g_autofree char *until = g_date_time_format (local, "%H:%M");

      status = g_strdup_printf (_("Locked until %s after too many wrong passwords. Enabling lifts the lock."), until);
      gtk_button_set_label (self->enable_button, _("_Unlock"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->enable_button), "destructive-action");
    }
  else if (!enabled)
    {
      status = g_strdup (_("Disabled: cannot log in."));
      gtk_button_set_label (self->enable_button, _("_Enable"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->enable_button), "destructive-action");
    }
  else
    {
      status = g_strdup (_("Active: can log in."));
      gtk_button_set_label (self->enable_button, _("_Disable…"));
      gtk_widget_add_css_class (GTK_WIDGET (self->enable_button), "destructive-action");
    }
  adw_action_row_set_subtitle (self->status_row, status);
}

/* Which controls the acting account may use, each insensitive with the reason. */
static void
update_controls (SdStaffDialog *self)
{
  SdPermission missing = self->account != NULL ? first_missing (self, self->account->permissions) : SD_PERMISSION_N;
  g_autofree char *needs = missing != SD_PERMISSION_N ? needs_permission (missing) : NULL;
  gboolean own = is_self (self);

  self->read_only = missing != SD_PERMISSION_N;
  if (self->account == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->display_name_row), !self->read_only);
  /* The owner's account sits in no department: nothing to choose. */
  gtk_widget_set_visible (GTK_WIDGET (self->department_row), !self->account->is_owner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->department_row), !self->read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->role_row), !self->read_only && !own);
  gtk_widget_set_sensitive (GTK_WIDGET (self->enable_button), !self->read_only && !own);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button), !self->read_only && !own);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->display_name_row), needs);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->department_row), needs);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->role_row),
                               needs != NULL ? needs : own ? _("Nobody changes their own role.") : NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->enable_button),
                               needs != NULL ? needs : own ? _("You cannot disable your own account.") : NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reset_button),
                               needs != NULL ? needs
                               : own ? _("Change your own password from the account menu.") : NULL);

  if (self->read_only)
    {
      g_autofree char *message =
        g_strdup_printf (_("You cannot change this account: its role has the “%s” permission, which you lack."),
                         sd_permission_get_label (missing));
      show_message (self, message, FALSE);
    }
  else if (own)
    show_message (self, _("This is your own account: you can change its display name, not its role or status."),
                  FALSE);
}

static void
load_account (SdStaffDialog *self)
{
  g_autoptr(GError) error = NULL;
  SdStaffAccount *account = sd_staff_get (self->session, self->account->id, &error);

  if (account == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }
  sd_staff_account_free (self->account);
  self->account = account;
  show_status (self);
}

/* ---- callbacks ---- */

static void
login_changed_cb (SdStaffDialog *self)
{
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));
  g_autoptr(GError) error = NULL;

  if (self->account != NULL)
    return;
  if (*login == '\0')
    self->login_valid = FALSE;
  else
    self->login_valid = sd_staff_check_login (self->shop_name, login, &error);

  gtk_label_set_label (self->login_error, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->login_error), error != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->login_hint), error == NULL);
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->login_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->login_row), "error");
  update_save (self);
}

static void
field_changed_cb (SdStaffDialog *self)
{
  update_save (self);
}

static gboolean
add_account (SdStaffDialog *self)
{
  g_autofree char *login = trimmed (gtk_editable_get_text (GTK_EDITABLE (self->login_row)));
  g_autofree char *display = trimmed (gtk_editable_get_text (GTK_EDITABLE (self->display_name_row)));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autoptr(SdStaffAccount) added = NULL;
  gint64 id;

  id = sd_staff_add (self->session, login, *display ? display : login,
                     sd_combo_ids_get_selected (self->department_row, self->department_ids),
                     sd_combo_ids_get_selected (self->role_row, self->role_ids),
                     gtk_editable_get_text (GTK_EDITABLE (self->password_row)), &error);
  if (id == 0)
    {
      /* A name taken lands at the name; anything else above the form. */
      if (g_error_matches (error, SD_ERROR, SD_ERROR_CONFLICT))
        {
          gtk_label_set_label (self->login_error, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->login_error), TRUE);
          gtk_widget_set_visible (GTK_WIDGET (self->login_hint), FALSE);
          gtk_widget_add_css_class (GTK_WIDGET (self->login_row), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
        }
      else
        show_message (self, error->message, TRUE);
      return FALSE;
    }
  added = sd_staff_get (self->session, id, NULL);
  self->account = g_steal_pointer (&added);
  /* TRANSLATORS: after adding a staff account: its display name, then what they type to log in */
  message = g_strdup_printf (_("Added “%s”, who logs in as “%s”"), *display ? display : login,
                             self->account != NULL ? self->account->full_name : login);
  emit_changed (self, message);
  return TRUE;
}

static gboolean
save_account (SdStaffDialog *self)
{
  g_autofree char *display = trimmed (gtk_editable_get_text (GTK_EDITABLE (self->display_name_row)));
  gint64 department = sd_combo_ids_get_selected (self->department_row, self->department_ids);
  gint64 role = sd_combo_ids_get_selected (self->role_row, self->role_ids);
  gint64 id = self->account->id;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok = TRUE;
  gboolean any = FALSE;

  if (*display != '\0' && g_strcmp0 (display, self->account->display_name) != 0)
    {
      ok = sd_staff_set_display_name (self->session, id, display, &error);
      any |= ok;
    }
  if (ok && department != self->account->department_id)
    {
      ok = sd_staff_set_department (self->session, id, department, &error);
      any |= ok;
    }
  if (ok && role != self->account->role_id)
    {
      ok = sd_staff_set_role (self->session, id, role, &error);
      any |= ok;
    }

  /* What landed is the account's now; what did not stays typed in the form. */
  if (any)
    {
      g_autoptr(SdStaffAccount) account = sd_staff_get (self->session, id, NULL);
      if (account != NULL)
        {
          sd_staff_account_free (self->account);
          self->account = g_steal_pointer (&account);
        }
    }
  if (!ok)
    {
      show_message (self, error->message, TRUE);
      if (any)
        emit_changed (self, NULL);
      update_save (self);
      return FALSE;
    }
  message = g_strdup_printf (_("Saved “%s”"), account_name (self));
  emit_changed (self, message);
  return TRUE;
}

static void
save_cb (SdStaffDialog *self)
{
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    return;
  show_message (self, NULL, FALSE);
  if (self->account == NULL ? add_account (self) : save_account (self))
    gtk_window_close (GTK_WINDOW (self));
}

static void
set_enabled (SdStaffDialog *self,
             gboolean       enabled)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!sd_staff_set_enabled (self->session, self->account->id, enabled, &error))
    {
      show_message (self, error->message, TRUE);
      return;
    }
  load_account (self);
  message = g_strdup_printf (enabled ? _("Enabled “%s”") : _("Disabled “%s”"), account_name (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  emit_changed (self, message);
}

static void
disable_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     SdStaffDialog    *self)
{
  if (g_strcmp0 (response, "disable") == 0)
    set_enabled (self, FALSE);
}

static void
enable_cb (SdStaffDialog *self)
{
  g_autofree char *heading = NULL;

  if (self->account == NULL)
    return;
  show_message (self, NULL, FALSE);
  if (self->account->status != SD_STAFF_ACTIVE)
    {
      set_enabled (self, TRUE);
      return;
    }
  heading = g_strdup_printf (_("Disable “%s”?"), account_name (self));
  sd_message_confirm (GTK_WINDOW (self), heading,
                      _("The account can no longer log in. Its customers, notes and audit entries stay, and "
                        "you can enable it again at any time."),
                      "disable", _("_Disable"), G_CALLBACK (disable_response_cb), self);
}

/* The reset dialog's two entries. */
typedef struct
{
  SdStaffDialog *self;
  GtkEditable   *password;
  GtkEditable   *confirm;
  GtkLabel      *hint;
} ResetRequest;

static void
reset_request_free (ResetRequest *request)
{
  g_object_unref (request->self);
  g_free (request);
}

static void
reset_changed_cb (GtkEditable      *editable,
                  AdwMessageDialog *dialog)
{
  ResetRequest *request = g_object_get_data (G_OBJECT (dialog), "request");
  const char *password = gtk_editable_get_text (request->password);
  const char *confirm = gtk_editable_get_text (request->confirm);
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  if (*password != '\0' && !sd_password_check_new (password, &error))
    gtk_label_set_label (request->hint, error->message);
  else if (*confirm != '\0' && g_strcmp0 (password, confirm) != 0)
    gtk_label_set_label (request->hint, _("The two passwords differ."));
  else
    {
      g_autofree char *hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "At least %d character.",
                                                            "At least %d characters.", SD_PASSWORD_MIN_LENGTH),
                                               SD_PASSWORD_MIN_LENGTH);
      gtk_label_set_label (request->hint, hint);
      ok = *password != '\0' && g_strcmp0 (password, confirm) == 0;
    }
  adw_message_dialog_set_response_enabled (dialog, "reset", ok);
}

static void
reset_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   ResetRequest     *request)
{
  SdStaffDialog *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "reset") != 0 || self->account == NULL)
    return;
  if (!sd_staff_reset_password (self->session, self->account->id, gtk_editable_get_text (request->password), &error))
    {
      show_message (self, error->message, TRUE);
      return;
    }
  load_account (self);
  message = g_strdup_printf (_("“%s” must choose a new password at the next login"), account_name (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  emit_changed (self, NULL);
}

static void
reset_cb (SdStaffDialog *self)
{
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *password = adw_password_entry_row_new ();
  GtkWidget *confirm = adw_password_entry_row_new ();
  GtkWidget *hint = gtk_label_new (NULL);
  g_autofree char *heading = NULL;
  ResetRequest *request = g_new0 (ResetRequest, 1);

  if (self->account == NULL)
    return;
  show_message (self, NULL, FALSE);
  heading = g_strdup_printf (_("Reset the Password of “%s”?"), account_name (self));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Tell the person the new password. They must choose their own when they next "
                                     "log in. A lock after wrong passwords is lifted."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "reset", _("_Reset"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reset", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reset");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  gtk_widget_set_name (password, "new_password");
  gtk_widget_set_name (confirm, "confirm_password");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (password), _("New Password"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (confirm), _("Confirm Password"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), password);
  gtk_list_box_append (GTK_LIST_BOX (list), confirm);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "caption");
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), hint);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  request->self = g_object_ref (self);
  request->password = GTK_EDITABLE (password);
  request->confirm = GTK_EDITABLE (confirm);
  request->hint = GTK_LABEL (hint);
  g_object_set_data_full (G_OBJECT (dialog), "request", request, (GDestroyNotify) reset_request_free);
  g_signal_connect (password, "changed", G_CALLBACK (reset_changed_cb), dialog);
  g_signal_connect (confirm, "changed", G_CALLBACK (reset_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (reset_response_cb), request);
  reset_changed_cb (GTK_EDITABLE (password), ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (password);
}

/* ---- the object ---- */

static void
sd_staff_dialog_dispose (GObject *object)
{
  SdStaffDialog *self = SD_STAFF_DIALOG (object);

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_STAFF_DIALOG);
  G_OBJECT_CLASS (sd_staff_dialog_parent_class)->dispose (object);
}

static void
sd_staff_dialog_finalize (GObject *object)
{
  SdStaffDialog *self = SD_STAFF_DIALOG (object);

  g_clear_pointer (&self->account, sd_staff_account_free);
  g_clear_pointer (&self->department_ids, g_array_unref);
  g_clear_pointer (&self->role_ids, g_array_unref);
  g_free (self->shop_name);
  G_OBJECT_CLASS (sd_staff_dialog_parent_class)->finalize (object);
}

static void
sd_staff_dialog_class_init (SdStaffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_staff_dialog_dispose;
  object_class->finalize = sd_staff_dialog_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-staff-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, access_group);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, department_row);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, details_group);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, enable_button);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, login_error);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, login_hint);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, login_info_row);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, login_prefix);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, login_group);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, login_row);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, message_group);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, password_group);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, password_hint);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, reset_button);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SdStaffDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, enable_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_staff_dialog_init (SdStaffDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->department_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->role_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/* ---- public API ---- */

SdStaffDialog *
sd_staff_dialog_new (GtkWindow *parent,
                     SdSession *session,
                     gint64     account_id)
{
  SdStaffDialog *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_STAFF_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->mine = sd_session_get_permissions (session);
  self->shop_name = sd_shop_get_name (session);
  if (self->shop_name == NULL)
    self->shop_name = g_strdup ("");

  if (account_id != 0)
    {
      self->account = sd_staff_get (session, account_id, &error);
      if (self->account == NULL)
        show_message (self, error->message, TRUE);
    }

  fill_departments (self);
  fill_roles (self);

  if (self->account == NULL && account_id == 0)
    {
      g_autofree char *prefix = g_strdup_printf ("%s:", self->shop_name);
      g_autofree char *hint = g_strdup_printf (_("People log in as “%s:name”. A login is never renamed or given to "
                                                 "another person."),
                                               self->shop_name);

      gtk_window_set_title (GTK_WINDOW (self), _("Add a Staff Account"));
      adw_window_title_set_title (self->window_title, _("Add a Staff Account"));
      gtk_button_set_label (self->save_button, _("_Add"));
      gtk_label_set_label (self->login_prefix, prefix);
      gtk_widget_set_visible (GTK_WIDGET (self->login_prefix), *self->shop_name != '\0');
      gtk_label_set_label (self->login_hint, hint);
      gtk_widget_set_visible (GTK_WIDGET (self->login_info_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->access_group), FALSE);
      check_passwords (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
    }
  else if (self->account != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), account_name (self));
      adw_window_title_set_title (self->window_title, account_name (self));
      adw_window_title_set_subtitle (self->window_title, self->account->role_name);
      gtk_button_set_label (self->save_button, _("_Save"));
      adw_action_row_set_subtitle (self->login_info_row, self->account->full_name);
      gtk_widget_set_visible (GTK_WIDGET (self->login_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->login_hint), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->password_group), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->display_name_row), self->account->display_name);
      sd_combo_ids_select (self->department_row, self->department_ids, self->account->department_id);
      sd_combo_ids_select (self->role_row, self->role_ids, self->account->role_id);
      show_status (self);
      update_controls (self);
    }
  else
    {
      /* The account went away, or may not be read: only the message. */
      gtk_button_set_label (self->save_button, _("_Save"));
      gtk_widget_set_visible (GTK_WIDGET (self->login_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->details_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->password_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->access_group), FALSE);
    }
  update_save (self);
  return self;
}

gint64
sd_staff_dialog_get_account_id (SdStaffDialog *self)
{
  g_return_val_if_fail (SD_IS_STAFF_DIALOG (self), 0);
  return self->account != NULL ? self->account->id : 0;
}
