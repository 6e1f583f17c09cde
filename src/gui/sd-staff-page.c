/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-staff-page"

#include <glib/gi18n.h>

#include "sd-error.h"
#include "sd-format.h"
#include "sd-message.h"
#include "sd-role-editor.h"
#include "sd-staff-dialog.h"
#include "sd-staff-page.h"
#include "sd-staff.h"

struct _SdStaffPage
{
  AdwBin                parent_instance;

  SdSession            *session;
  GPtrArray            *account_groups;     /* AdwPreferencesGroup * in accounts_page */
  GPtrArray            *role_rows;          /* GtkWidget * in the two role groups */

  GtkWidget            *accounts_page;
  AdwSplitButton       *add_account_button;
  AdwPreferencesGroup  *builtin_roles_group;
  AdwPreferencesGroup  *custom_roles_group;
  AdwStatusPage        *denied_page;
  AdwStatusPage        *error_page;
  GtkStack             *main_stack;
  GtkButton            *new_role_button;
  GtkButton            *sidebar_button;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewSwitcherTitle *switcher_title;
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
};

G_DEFINE_FINAL_TYPE (SdStaffPage, sd_staff_page, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers ---- */

static gboolean
may_manage (SdStaffPage *self)
{
  return self->session != NULL && sd_session_can (self->session, SD_PERMISSION_MANAGE_STAFF);
}

static GtkWindow *
get_parent_window (SdStaffPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The one place that decides which of the page's actions may run. */
static void
update_actions (SdStaffPage *self)
{
  gboolean allowed = may_manage (self);
  const char *view = adw_view_stack_get_visible_child_name (self->view_stack);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.add-account", allowed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.edit-account", allowed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.add-department", allowed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.rename-department", allowed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.remove-department", allowed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.new-role", allowed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.edit-role", allowed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.reload", self->session != NULL);

  /* Hidden, not only insensitive, where the page has nothing to show. */
  gtk_widget_set_visible (GTK_WIDGET (self->add_account_button), allowed && g_strcmp0 (view, "accounts") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->new_role_button), allowed && g_strcmp0 (view, "roles") == 0);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, allowed);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), allowed);
}

static void
clear_content (SdStaffPage *self)
{
  for (guint i = 0; i < self->account_groups->len; i++)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self->accounts_page),
                                 g_ptr_array_index (self->account_groups, i));
  g_ptr_array_set_size (self->account_groups, 0);
  for (guint i = 0; i < self->role_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->role_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->role_rows, 0);
}

static char *
escaped (const char *text)
{
  return g_markup_escape_text (text != NULL ? text : "", -1);
}

static char *
local_time (gint64 utc)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (utc);
  g_autoptr(GDateTime) local = dt != NULL ? g_date_time_to_local (dt) : NULL;

  return local != NULL ? g_date_time_format (local, "%H:%M") : g_strdup ("—");
}

/* "Disabled", "Locked until 14:05", or NULL while the account may log in. */
static char *
status_text (const SdStaffAccount *account,
             gint64                now)
{
  switch (account->status)
    {
    case SD_STAFF_DISABLED:
      return g_strdup (sd_staff_status_get_label (SD_STAFF_DISABLED));
    case SD_STAFF_LOCKED:
      if (account->locked_until > now)
        {
          g_autofree char *until = local_time (account->locked_until);
          /* TRANSLATORS: a staff account locked after wrong passwords; %s is a time, "14:05" */
          return g_strdup_printf (_("Locked until %s"), until);
        }
      return NULL;
    case SD_STAFF_ACTIVE:
    default:
      return NULL;
    }
}

static GtkWidget *
make_account_row (SdStaffPage          *self,
                  const SdStaffAccount *account,
                  gint64                now)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *role = gtk_label_new (account->role_name);
  GtkWidget *login;
  g_autofree char *title = escaped (*account->display_name ? account->display_name : account->login);
  g_autofree char *full = escaped (account->full_name);
  g_autofree char *subtitle = NULL;
  g_autofree char *status = status_text (account, now);
  g_autofree char *when = sd_format_when (account->last_login_at, now);
  g_autofree char *last = NULL;
  g_autofree char *name = g_strdup_printf ("account-%s", account->login);

  if (account->id == sd_session_get_staff_id (self->session))
    /* TRANSLATORS: the subtitle of one's own account in the staff list: its full name */
    subtitle = g_strdup_printf (_("%s · you"), full);
  else
    subtitle = g_steal_pointer (&full);
  if (account->must_change_password && account->status == SD_STAFF_ACTIVE)
    {
      char *more = g_strdup_printf ("%s · %s", subtitle, _("sets a new password at next login"));
      g_free (subtitle);
      subtitle = more;
    }
  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "staff.edit-account");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", account->id);

  if (status != NULL)
    {
      GtkWidget *tag = gtk_label_new (status);

      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (tag, "caption-heading");
      gtk_widget_add_css_class (tag, account->status == SD_STAFF_LOCKED ? "warning" : "error");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (role), 1.0);
  gtk_box_append (GTK_BOX (box), role);
  if (account->last_login_at == 0)
    last = g_strdup (_("Never logged in"));
  else
    /* TRANSLATORS: %s is relative, "3 days ago", or a date */
    last = g_strdup_printf (_("Last login %s"), when);
  login = gtk_label_new (last);
  gtk_label_set_xalign (GTK_LABEL (login), 1.0);
  gtk_widget_add_css_class (login, "caption");
  gtk_widget_add_css_class (login, "dim-label");
  if (account->last_login_at != 0)
    {
      g_autofree char *exact = sd_format_datetime (account->last_login_at);
      gtk_widget_set_tooltip_text (login, exact);
    }
  gtk_box_append (GTK_BOX (box), login);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  if (account->status == SD_STAFF_DISABLED)
    gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static GtkWidget *
make_department_menu (SdStaffPage        *self,
                      const SdDepartment *department)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) rename = g_menu_item_new (_("_Rename…"), NULL);
  g_autoptr(GMenuItem) remove = g_menu_item_new (_("Re_move"), NULL);
  GtkWidget *button = gtk_menu_button_new ();
  g_autofree char *tooltip = g_strdup_printf (_("Department “%s”"), department->name);

  g_menu_item_set_action_and_target (rename, "staff.rename-department", "x", department->id);
  g_menu_item_set_action_and_target (remove, "staff.remove-department", "x", department->id);
  g_menu_append_item (menu, rename);
  g_menu_append_item (menu, remove);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static AdwPreferencesGroup *
add_account_group (SdStaffPage *self,
                   const char  *title,
                   const char  *name)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *markup = escaped (title);

  gtk_widget_set_name (group, name);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), markup);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->accounts_page), ADW_PREFERENCES_GROUP (group));
  g_ptr_array_add (self->account_groups, group);
  return ADW_PREFERENCES_GROUP (group);
}

static void
fill_accounts (SdStaffPage *self,
               GPtrArray   *staff,
               GPtrArray   *departments)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  AdwPreferencesGroup *group;
  guint n_owners = 0;
  guint n_loose = 0;

  for (guint i = 0; i < staff->len; i++)
    if (((SdStaffAccount *) g_ptr_array_index (staff, i))->is_owner)
      n_owners++;
  group = add_account_group (self, g_dngettext (GETTEXT_PACKAGE, "Owner account", "Owner accounts", n_owners), "owners");
  adw_preferences_group_set_description (group, _("The shop’s main account (主账号) holds every permission."));
  for (guint i = 0; i < staff->len; i++)
    {
      SdStaffAccount *account = g_ptr_array_index (staff, i);
      if (account->is_owner)
        adw_preferences_group_add (group, make_account_row (self, account, now));
    }

  for (guint d = 0; d < departments->len; d++)
    {
      SdDepartment *department = g_ptr_array_index (departments, d);
      g_autofree char *name = g_strdup_printf ("department-%" G_GINT64_FORMAT, department->id);
      guint n = 0;

      group = add_account_group (self, department->name, name);
      adw_preferences_group_set_header_suffix (group, make_department_menu (self, department));
      for (guint i = 0; i < staff->len; i++)
        {
          SdStaffAccount *account = g_ptr_array_index (staff, i);
          if (!account->is_owner && account->department_id == department->id)
            {
              adw_preferences_group_add (group, make_account_row (self, account, now));
              n++;
            }
        }
      if (n == 0)
        adw_preferences_group_set_description (group, _("No accounts in this department yet."));
    }

  for (guint i = 0; i < staff->len; i++)
    {
      SdStaffAccount *account = g_ptr_array_index (staff, i);
      gboolean placed = account->is_owner;

      for (guint d = 0; !placed && d < departments->len; d++)
        placed = ((SdDepartment *) g_ptr_array_index (departments, d))->id == account->department_id;
      if (placed)
        continue;
      if (n_loose++ == 0)
        group = add_account_group (self, _("No Department"), "department-0");
      adw_preferences_group_add (group, make_account_row (self, account, now));
    }
}

static guint
count_permissions (SdPermissionSet set)
{
  guint n = 0;

  for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
    if (sd_permission_set_has (set, p))
      n++;
  return n;
}

static GtkWidget *
make_role_row (SdStaffPage  *self,
               const SdRole *role,
               gint64        own_role_id)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = escaped (role->name);
  g_autofree char *members = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d account", "%d accounts",
                                                           role->member_count),
                                              (int) role->member_count);
  guint n = count_permissions (role->permissions);
  g_autofree char *permissions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u permission", "%u permissions", n), n);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", members, permissions);
  g_autofree char *name = g_strdup_printf ("role-%" G_GINT64_FORMAT, role->id);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "staff.edit-role");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", role->id);
  if (role->id == own_role_id)
    {
      GtkWidget *tag = gtk_label_new (_("Your role"));

      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (tag, "caption-heading");
      gtk_widget_add_css_class (tag, "accent");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

static void
fill_roles (SdStaffPage *self,
            GPtrArray   *roles,
            gint64       own_role_id)
{
  guint n_custom = 0;

  for (guint i = 0; i < roles->len; i++)
    {
      SdRole *role = g_ptr_array_index (roles, i);
      gboolean builtin = role->key != NULL && *role->key != '\0';
      GtkWidget *row = make_role_row (self, role, own_role_id);

      adw_preferences_group_add (builtin ? self->builtin_roles_group : self->custom_roles_group, row);
      g_ptr_array_add (self->role_rows, row);
      if (!builtin)
        n_custom++;
    }
  adw_preferences_group_set_description (self->custom_roles_group,
                                         n_custom == 0
                                           ? _("None yet. Make one with “New Role…” when no built-in role fits.")
                                           : NULL);
}

static void
show_denied (SdStaffPage *self)
{
  g_autofree char *description = NULL;

  if (self->session != NULL)
    description = g_strdup_printf (_("Adding and changing staff accounts needs the “%s” permission. "
                                     "Ask the shop owner."),
                                   sd_permission_get_label (SD_PERMISSION_MANAGE_STAFF));
  adw_status_page_set_description (self->denied_page, description);
  gtk_stack_set_visible_child_name (self->main_stack, "denied");
}

static void
reload (SdStaffPage *self)
{
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GError) error = NULL;
  gint64 own_role_id = 0;

  clear_content (self);
  update_actions (self);
  if (!may_manage (self))
    {
      show_denied (self);
      return;
    }

  staff = sd_staff_list (self->session, &error);
  if (staff != NULL)
    departments = sd_departments_list (self->session, &error);
  if (departments != NULL)
    roles = sd_roles_list (self->session, &error);
  if (roles == NULL)
    {
      if (g_error_matches (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED))
        show_denied (self);
      else
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->main_stack, "error");
        }
      return;
    }

  for (guint i = 0; i < staff->len; i++)
    {
      SdStaffAccount *account = g_ptr_array_index (staff, i);
      if (account->id == sd_session_get_staff_id (self->session))
        own_role_id = account->role_id;
    }
  fill_accounts (self, staff, departments);
  fill_roles (self, roles, own_role_id);
  gtk_stack_set_visible_child_name (self->main_stack, "content");
}

/* ---- dialogs ---- */

static void
dialog_changed_cb (SdStaffPage *self,
                   const char  *message)
{
  reload (self);
  if (message != NULL)
    sd_message_add_toast (self->toast_overlay, message, FALSE);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* An editor of an account or a role: what it changes reloads the page. */
static void
present_editor (SdStaffPage *self,
                GtkWindow   *editor)
{
  g_signal_connect_object (editor, "changed", G_CALLBACK (dialog_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (editor);
}

/* Also staff.add-account, which has no id: a new account. */
static void
edit_account_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SdStaffPage *self = SD_STAFF_PAGE (widget);
  gint64 id = parameter != NULL ? g_variant_get_int64 (parameter) : 0;
  GtkWindow *parent = get_parent_window (self);

  if (may_manage (self))
    present_editor (self, GTK_WINDOW (sd_staff_dialog_new (parent, self->session, id)));
}

/* Also staff.new-role, which has no id: a new role. */
static void
edit_role_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SdStaffPage *self = SD_STAFF_PAGE (widget);
  gint64 id = parameter != NULL ? g_variant_get_int64 (parameter) : 0;
  GtkWindow *parent = get_parent_window (self);

  if (may_manage (self))
    present_editor (self, GTK_WINDOW (sd_role_editor_new (parent, self->session, id)));
}

/* A department's name asked for in a message dialog: adding (ID 0) or renaming. */
typedef struct
{
  SdStaffPage *self;
  GtkEditable *entry;
  gint64       id;
} NameRequest;

static void
name_request_free (NameRequest *request)
{
  g_object_unref (request->self);
  g_free (request);
}

static void
name_changed_cb (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "apply", *name != '\0');
}

static void
name_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  NameRequest      *request)
{
  SdStaffPage *self = request->self;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (request->entry)));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok;

  if (g_strcmp0 (response, "apply") != 0 || *name == '\0' || self->session == NULL)
    return;
  if (request->id == 0)
    ok = sd_departments_add (self->session, name, &error) != 0;
  else
    ok = sd_departments_rename (self->session, request->id, name, &error);
  if (!ok)
    {
      sd_message_add_toast (self->toast_overlay, error->message, TRUE);
      return;
    }
  message = g_strdup_printf (request->id == 0 ? _("Added the department “%s”") : _("Renamed the department to “%s”"),
                             name);
  dialog_changed_cb (self, message);
}

static void
ask_department_name (SdStaffPage *self,
                     gint64       id,
                     const char  *current)
{
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();
  NameRequest *request = g_new0 (NameRequest, 1);

  dialog = adw_message_dialog_new (get_parent_window (self),
                                   id == 0 ? _("Add a Department") : _("Rename the Department"),
                                   id == 0 ? _("Staff in a department are listed together, for example pre-sales "
                                               "(售前) or after-sales (售后).")
                                           : NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "apply",
                                    id == 0 ? _("_Add") : _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Department name"));
  gtk_editable_set_text (GTK_EDITABLE (entry), current != NULL ? current : "");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_signal_connect (entry, "changed", G_CALLBACK (name_changed_cb), dialog);
  name_changed_cb (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));

  request->self = g_object_ref (self);
  request->entry = GTK_EDITABLE (entry);
  request->id = id;
  g_signal_connect_data (dialog, "response", G_CALLBACK (name_response_cb), request,
                         (GClosureNotify) (void (*) (void)) name_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
add_department_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SdStaffPage *self = SD_STAFF_PAGE (widget);

  if (may_manage (self))
    ask_department_name (self, 0, NULL);
}

/* The department ID, or NULL after a toast saying why (another window removed it). */
static SdDepartment *
find_department (SdStaffPage *self,
                 gint64       id)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autoptr(GError) error = NULL;
  SdDepartment *department = sd_departments_find (self->session, text, &error);

  if (department == NULL)
    sd_message_add_toast (self->toast_overlay, error->message, TRUE);
  return department;
}

static void
rename_department_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SdStaffPage *self = SD_STAFF_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(SdDepartment) department = NULL;

  if (!may_manage (self))
    return;
  department = find_department (self, id);
  if (department != NULL)
    ask_department_name (self, id, department->name);
}

static void
remove_department (SdStaffPage *self,
                   gint64       id,
                   const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!sd_departments_remove (self->session, id, &error))
    {
      sd_message_add_toast (self->toast_overlay, error->message, TRUE);
      return;
    }
  message = g_strdup_printf (_("Removed the department “%s”"), name);
  dialog_changed_cb (self, message);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    SdStaffPage      *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "department-id"));
  const char *name = g_object_get_data (G_OBJECT (dialog), "department-name");

  if (g_strcmp0 (response, "remove") == 0 && self->session != NULL)
    remove_department (self, id, name);
}

static void
remove_department_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SdStaffPage *self = SD_STAFF_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(SdDepartment) department = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (!may_manage (self))
    return;
  department = find_department (self, id);
  if (department == NULL)
    return;
  /* With accounts in it the core refuses, and says why: no question first. */
  if (department->member_count > 0)
    {
      remove_department (self, id, department->name);
      return;
    }
  heading = g_strdup_printf (_("Remove “%s”?"), department->name);
  dialog = sd_message_confirm (get_parent_window (self), heading,
                               _("The department has no accounts. Its entries in the audit log stay."), "remove",
                               _("_Remove"), G_CALLBACK (remove_response_cb), self);
  g_object_set_data (G_OBJECT (dialog), "department-id", GSIZE_TO_POINTER ((gsize) id));
  g_object_set_data_full (G_OBJECT (dialog), "department-name", g_strdup (department->name), g_free);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sd_staff_page_reload (SD_STAFF_PAGE (widget));
}

static void
view_changed_cb (SdStaffPage *self)
{
  update_actions (self);
}

static void
map_cb (SdStaffPage *self)
{
  /* Coming back to the page shows what changed meanwhile (a lock, a last login). */
  if (self->session != NULL)
    reload (self);
}

/* ---- the object ---- */

static void
sd_staff_page_dispose (GObject *object)
{
  SdStaffPage *self = SD_STAFF_PAGE (object);

  g_clear_object (&self->session);
  /* AdwBin unparents its child itself: hand it over first, so it is not done twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_STAFF_PAGE);
  G_OBJECT_CLASS (sd_staff_page_parent_class)->dispose (object);
}

static void
sd_staff_page_finalize (GObject *object)
{
  SdStaffPage *self = SD_STAFF_PAGE (object);

  g_clear_pointer (&self->account_groups, g_ptr_array_unref);
  g_clear_pointer (&self->role_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (sd_staff_page_parent_class)->finalize (object);
}

static void
sd_staff_page_class_init (SdStaffPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_staff_page_dispose;
  object_class->finalize = sd_staff_page_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-staff-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdStaffPage, accounts_page);
  gtk_widget_class_bind_template_child (widget_class, SdStaffPage, add_account_button);
  gtk_widget_class_bind_template_child (widget_class, SdStaffPage, builtin_roles_group);
  gtk_widget_class_bind_template_child (widget_class, SdStaffPage, custom_roles_group);
  gtk_widget_class_bind_template_child (widget_class, SdStaffPage, denied_page);
  gtk_widget_class_bind_template_child (widget_class, SdStaffPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SdStaffPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SdStaffPage, new_role_button);
  gtk_widget_class_bind_template_child (widget_class, SdStaffPage, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, SdStaffPage, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, SdStaffPage, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, SdStaffPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SdStaffPage, view_stack);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);

  gtk_widget_class_install_action (widget_class, "staff.add-account", NULL, edit_account_action);
  gtk_widget_class_install_action (widget_class, "staff.edit-account", "x", edit_account_action);
  gtk_widget_class_install_action (widget_class, "staff.add-department", NULL, add_department_action);
  gtk_widget_class_install_action (widget_class, "staff.rename-department", "x", rename_department_action);
  gtk_widget_class_install_action (widget_class, "staff.remove-department", "x", remove_department_action);
  gtk_widget_class_install_action (widget_class, "staff.new-role", NULL, edit_role_action);
  gtk_widget_class_install_action (widget_class, "staff.edit-role", "x", edit_role_action);
  gtk_widget_class_install_action (widget_class, "staff.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "staff.reload", NULL);
}

static void
sd_staff_page_init (SdStaffPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->account_groups = g_ptr_array_new ();
  self->role_rows = g_ptr_array_new ();
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  show_denied (self);
  update_actions (self);
}

/* ---- public API ---- */

GtkWidget *
sd_staff_page_new (void)
{
  return g_object_new (SD_TYPE_STAFF_PAGE, NULL);
}

void
sd_staff_page_set_session (SdStaffPage *self,
                           SdSession   *session)
{
  g_return_if_fail (SD_IS_STAFF_PAGE (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));

  g_set_object (&self->session, session);
  reload (self);
}

void
sd_staff_page_set_folded (SdStaffPage *self,
                          gboolean     folded)
{
  g_return_if_fail (SD_IS_STAFF_PAGE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), folded);
}

void
sd_staff_page_reload (SdStaffPage *self)
{
  g_return_if_fail (SD_IS_STAFF_PAGE (self));
  reload (self);
}
