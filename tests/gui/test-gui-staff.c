/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sd-error.h"
#include "sd-gui-test-util.h"
#include "sd-role-editor.h"
#include "sd-shop.h"
#include "sd-staff-dialog.h"
#include "sd-staff-page.h"
#include "sd-staff.h"
#include "sd-test-util.h"

#define STAFF_PASSWORD "staff secret 1"

typedef struct
{
  SdGuiTestShop  shop;
  SdStaffPage   *page;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->page = SD_STAFF_PAGE (sd_staff_page_new ());
  sd_gui_test_shop_set_up (&f->shop, GTK_WIDGET (f->page));
  sd_staff_page_set_session (f->page, f->shop.owner);
  sd_gui_test_present (f->shop.window);
  sd_gui_test_spin (50);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sd_gui_test_shop_tear_down (&f->shop);
}

/* What clicking a response button of a message dialog does. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

/* Selects the item of a combo row of strings that reads TEXT. */
static void
select_text (AdwComboRow *row,
             const char  *text)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_assert_not_reached ();
}

typedef struct
{
  SdSession  *session;
  const char *name;
} FindWait;

static gboolean
account_exists (gpointer data)
{
  FindWait *wait = data;
  g_autoptr(SdStaffAccount) account = sd_staff_find (wait->session, wait->name, NULL);

  return account != NULL;
}

static SdStaffDialog *
open_add_dialog (Fixture *f)
{
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->page, ADW_TYPE_SPLIT_BUTTON, "add_account_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "staff.add-account", NULL));
  return SD_STAFF_DIALOG (sd_gui_test_wait_toplevel (SD_TYPE_STAFF_DIALOG));
}

static void
test_add_account (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SdDepartment) aftersales = sd_departments_find (f->shop.owner, "aftersales", NULL);
  g_autoptr(SdRole) role = sd_roles_find (f->shop.owner, "aftersales", NULL);
  g_autoptr(SdStaffAccount) account = NULL;
  g_autofree char *group_name = NULL;
  SdStaffDialog *dialog;
  GtkWidget *save;
  FindWait wait = { f->shop.owner, "小王" };

  g_assert_nonnull (aftersales);
  g_assert_nonnull (role);
  dialog = open_add_dialog (f);
  save = sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button");
  g_assert_false (gtk_widget_get_sensitive (save));

  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "login_row")), "小王");
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "display_name_row")), "王小二");
  select_text (ADW_COMBO_ROW (sd_gui_test_get (dialog, ADW_TYPE_COMBO_ROW, "department_row")), aftersales->name);
  select_text (ADW_COMBO_ROW (sd_gui_test_get (dialog, ADW_TYPE_COMBO_ROW, "role_row")), role->name);
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "password_row")),
                         STAFF_PASSWORD);
  /* Not yet the same: nothing to add. */
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "confirm_row")),
                         "staff secret");
  g_assert_false (gtk_widget_get_sensitive (save));
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "confirm_row")),
                         STAFF_PASSWORD);
  g_assert_true (gtk_widget_get_sensitive (save));

  gtk_widget_activate (save);
  g_assert_true (sd_gui_test_wait_for (account_exists, &wait, 5000));
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_STAFF_DIALOG));

  account = sd_staff_find (f->shop.owner, "小王", NULL);
  g_assert_cmpint (account->department_id, ==, aftersales->id);
  g_assert_cmpint (account->role_id, ==, role->id);
  g_assert_cmpstr (account->display_name, ==, "王小二");
  g_assert_cmpstr (account->full_name, ==, "测试小店:小王");
  g_assert_true (account->must_change_password);

  /* The page shows the account in its department. */
  group_name = g_strdup_printf ("department-%" G_GINT64_FORMAT, aftersales->id);
  g_assert_nonnull (sd_gui_test_find (sd_gui_test_get (f->page, ADW_TYPE_PREFERENCES_GROUP, group_name),
                                      ADW_TYPE_ACTION_ROW, "account-小王"));
}

static void
test_invalid_login (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) before = sd_staff_list (f->shop.owner, NULL);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) expected = NULL;
  SdStaffDialog *dialog = open_add_dialog (f);
  GtkWidget *login = sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "login_row");
  GtkWidget *error_label = sd_gui_test_get (dialog, GTK_TYPE_LABEL, "login_error");
  GtkWidget *save = sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button");

  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "password_row")),
                         STAFF_PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "confirm_row")),
                         STAFF_PASSWORD);

  /* All digits: the core's own words, at the field. */
  g_assert_false (sd_staff_check_login ("测试小店", "12345678", &expected));
  g_assert_nonnull (expected);
  gtk_editable_set_text (GTK_EDITABLE (login), "12345678");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==, expected->message);
  g_assert_true (gtk_widget_has_css_class (login, "error"));
  g_assert_false (gtk_widget_get_sensitive (save));
  gtk_widget_activate (save);
  sd_gui_test_spin (400);

  /* Too long: 14 CJK characters are 28 columns, with the shop's name more than 30. */
  g_clear_error (&expected);
  g_assert_false (sd_staff_check_login ("测试小店", "一二三四五六七八九十一二三四", &expected));
  gtk_editable_set_text (GTK_EDITABLE (login), "一二三四五六七八九十一二三四");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==, expected->message);
  g_assert_false (gtk_widget_get_sensitive (save));

  /* Nothing was added. */
  after = sd_staff_list (f->shop.owner, NULL);
  g_assert_cmpuint (after->len, ==, before->len);

  /* A good name clears the message. */
  gtk_editable_set_text (GTK_EDITABLE (login), "小张");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_false (gtk_widget_has_css_class (login, "error"));
  g_assert_true (gtk_widget_get_sensitive (save));
}

static gint64
add_staff (Fixture    *f,
           const char *login,
           const char *role_key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdRole) role = sd_roles_find (f->shop.owner, role_key, &error);
  gint64 id;

  g_assert_no_error (error);
  id = sd_staff_add (f->shop.owner, login, login, 1, role->id, STAFF_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  sd_staff_page_reload (f->page);
  return id;
}

typedef struct
{
  SdSession    *session;
  gint64        id;
  SdStaffStatus status;
} StatusWait;

static gboolean
status_is (gpointer data)
{
  StatusWait *wait = data;
  g_autoptr(SdStaffAccount) account = sd_staff_get (wait->session, wait->id, NULL);

  return account != NULL && account->status == wait->status;
}

static void
test_disable_account (Fixture       *f,
                      gconstpointer  data)
{
  gint64 id = add_staff (f, "小李", SD_ROLE_PRESALES);
  StatusWait wait = { f->shop.owner, id, SD_STAFF_DISABLED };
  GtkWidget *row = sd_gui_test_get (f->page, ADW_TYPE_ACTION_ROW, "account-小李");
  SdStaffDialog *dialog;
  AdwMessageDialog *confirm;

  g_assert_false (gtk_widget_has_css_class (row, "dim-label"));
  gtk_widget_activate (row);
  dialog = SD_STAFF_DIALOG (sd_gui_test_wait_toplevel (SD_TYPE_STAFF_DIALOG));
  g_assert_cmpint (sd_staff_dialog_get_account_id (dialog), ==, id);
  /* The login is shown, never editable. */
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "login_row")));
  g_assert_cmpstr (
    adw_action_row_get_subtitle (ADW_ACTION_ROW (sd_gui_test_get (dialog, ADW_TYPE_ACTION_ROW, "login_info_row"))), ==,
    "测试小店:小李");

  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "enable_button"));
  confirm = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  /* Asked first: nothing changed yet. */
  g_assert_false (status_is (&wait));
  respond (confirm, "disable");
  g_assert_true (sd_gui_test_wait_for (status_is, &wait, 5000));

  /* The page reloaded and dims the row. */
  row = sd_gui_test_get (f->page, ADW_TYPE_ACTION_ROW, "account-小李");
  g_assert_true (gtk_widget_has_css_class (row, "dim-label"));

  /* And enabling again needs no question. */
  wait.status = SD_STAFF_ACTIVE;
  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "enable_button"));
  g_assert_true (sd_gui_test_wait_for (status_is, &wait, 5000));
}

typedef struct
{
  SdSession  *session;
  gint64      id;
  const char *display_name;
} NameWait;

static gboolean
display_name_is (gpointer data)
{
  NameWait *wait = data;
  g_autoptr(SdStaffAccount) account = sd_staff_get (wait->session, wait->id, NULL);

  return account != NULL && g_strcmp0 (account->display_name, wait->display_name) == 0;
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static void
test_edit_account (Fixture       *f,
                   gconstpointer  data)
{
  gint64 id = add_staff (f, "小李", SD_ROLE_PRESALES);
  g_autoptr(SdDepartment) warehouse = sd_departments_find (f->shop.owner, "warehouse", NULL);
  g_autoptr(SdStaffAccount) after = NULL;
  NameWait wait = { f->shop.owner, id, "李小四" };
  SdStaffDialog *dialog;
  AdwComboRow *department;
  GtkWidget *save;
  GtkWidget *message;

  gtk_widget_activate (sd_gui_test_get (f->page, ADW_TYPE_ACTION_ROW, "account-小李"));
  dialog = SD_STAFF_DIALOG (sd_gui_test_wait_toplevel (SD_TYPE_STAFF_DIALOG));
  save = sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button");
  g_assert_false (gtk_widget_get_sensitive (save));
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "display_name_row")), "李小四");
  g_assert_true (gtk_widget_get_sensitive (save));
  gtk_widget_activate (save);
  g_assert_true (sd_gui_test_wait_for (display_name_is, &wait, 5000));
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_STAFF_DIALOG));
  g_assert_nonnull (sd_gui_test_find (GTK_WIDGET (f->page), ADW_TYPE_ACTION_ROW, "account-小李"));

  /* The department goes away while the dialog is open: the core's refusal is shown in
   * the dialog, which stays open with what was chosen. */
  gtk_widget_activate (sd_gui_test_get (f->page, ADW_TYPE_ACTION_ROW, "account-小李"));
  dialog = SD_STAFF_DIALOG (sd_gui_test_wait_toplevel (SD_TYPE_STAFF_DIALOG));
  department = ADW_COMBO_ROW (sd_gui_test_get (dialog, ADW_TYPE_COMBO_ROW, "department_row"));
  select_text (department, warehouse->name);
  g_assert_true (sd_departments_remove (f->shop.owner, warehouse->id, NULL));
  save = sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button");
  gtk_widget_activate (save);
  message = sd_gui_test_get (dialog, ADW_TYPE_PREFERENCES_GROUP, "message_group");
  g_assert_true (sd_gui_test_wait_for (widget_visible, message, 5000));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (sd_gui_test_get (dialog, GTK_TYPE_LABEL, "message_label"))), !=, "");
  g_assert_true (gtk_widget_has_css_class (sd_gui_test_get (dialog, GTK_TYPE_LABEL, "message_label"), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  {
    g_autoptr(GtkStringObject) chosen = g_list_model_get_item (adw_combo_row_get_model (department),
                                                               adw_combo_row_get_selected (department));
    g_assert_cmpstr (gtk_string_object_get_string (chosen), ==, warehouse->name);
  }
  after = sd_staff_get (f->shop.owner, id, NULL);
  g_assert_cmpint (after->department_id, ==, 1);
}

typedef struct
{
  SdSession   *session;
  gint64       id;
  SdPermission permission;
} RoleWait;

static gboolean
role_has (gpointer data)
{
  RoleWait *wait = data;
  g_autoptr(SdRole) role = sd_roles_get (wait->session, wait->id, NULL);

  return role != NULL && sd_permission_set_has (role->permissions, wait->permission);
}

static SdRoleEditor *
open_role_editor (Fixture *f,
                  gint64   role_id)
{
  g_autofree char *name = g_strdup_printf ("role-%" G_GINT64_FORMAT, role_id);

  gtk_widget_activate (sd_gui_test_get (f->page, ADW_TYPE_ACTION_ROW, name));
  return SD_ROLE_EDITOR (sd_gui_test_wait_toplevel (SD_TYPE_ROLE_EDITOR));
}

static void
test_role_editor_grants (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SdRole) presales = sd_roles_find (f->shop.owner, SD_ROLE_PRESALES, NULL);
  RoleWait wait = { f->shop.owner, presales->id, SD_PERMISSION_EXPORT_CUSTOMERS };
  SdRoleEditor *editor;
  GtkWidget *toggle;
  GtkWidget *save;

  g_assert_false (sd_permission_set_has (presales->permissions, SD_PERMISSION_EXPORT_CUSTOMERS));
  editor = open_role_editor (f, presales->id);
  save = sd_gui_test_get (editor, GTK_TYPE_BUTTON, "save_button");
  toggle = sd_gui_test_get (editor, GTK_TYPE_SWITCH, "customers.export");
  g_assert_true (gtk_widget_get_sensitive (toggle));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sd_gui_test_get (editor, GTK_TYPE_SWITCH, "customers.view"))));
  g_assert_false (gtk_widget_get_sensitive (save));

  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  g_assert_true (gtk_widget_get_sensitive (save));
  gtk_widget_activate (save);
  g_assert_true (sd_gui_test_wait_for (role_has, &wait, 5000));
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_ROLE_EDITOR));

  /* Only that one changed. */
  {
    g_autoptr(SdRole) after = sd_roles_get (f->shop.owner, presales->id, NULL);
    g_assert_cmphex (after->permissions, ==, presales->permissions | SD_PERMISSION_BIT (SD_PERMISSION_EXPORT_CUSTOMERS));
  }

  /* The Owner role cannot change. */
  {
    g_autoptr(SdRole) owner_role = sd_roles_find (f->shop.owner, SD_ROLE_OWNER, NULL);
    editor = open_role_editor (f, owner_role->id);
    for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
      g_assert_false (
        gtk_widget_get_sensitive (sd_gui_test_get (editor, GTK_TYPE_SWITCH, sd_permission_to_string (p))));
    g_assert_false (gtk_widget_get_sensitive (sd_gui_test_get (editor, GTK_TYPE_BUTTON, "save_button")));
  }
}

/* A Manager-role account, with staff.manage granted to the role, logged in (after the
 * change of password its first login asks for). */
static SdSession *
log_in_manager (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdRole) manager = sd_roles_find (f->shop.owner, SD_ROLE_MANAGER, &error);
  SdSession *session;

  g_assert_no_error (error);
  sd_roles_change (f->shop.owner, manager->id, SD_PERMISSION_BIT (SD_PERMISSION_MANAGE_STAFF), 0, &error);
  g_assert_no_error (error);
  sd_staff_add (f->shop.owner, "经理", "经理", 1, manager->id, STAFF_PASSWORD, &error);
  g_assert_no_error (error);
  session = sd_session_login (sd_session_get_db (f->shop.owner), "经理", STAFF_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (sd_session_must_change_password (session));
  sd_session_change_password (session, STAFF_PASSWORD, "manager secret 2", &error);
  g_assert_no_error (error);
  return session;
}

static void
test_role_editor_limits (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SdSession) manager = log_in_manager (f);
  g_autoptr(SdRole) presales = sd_roles_find (f->shop.owner, SD_ROLE_PRESALES, NULL);
  g_autoptr(SdRole) manager_role = sd_roles_find (f->shop.owner, SD_ROLE_MANAGER, NULL);
  SdPermissionSet mine = sd_session_get_permissions (manager);
  guint lacking = 0;
  SdRoleEditor *editor;

  sd_staff_page_set_session (f->page, manager);
  editor = open_role_editor (f, presales->id);
  for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
    {
      GtkWidget *toggle = sd_gui_test_get (editor, GTK_TYPE_SWITCH, sd_permission_to_string (p));

      if (sd_permission_set_has (mine, p))
        {
          g_assert_true (gtk_widget_get_sensitive (toggle));
          g_assert_null (gtk_widget_get_tooltip_text (toggle));
        }
      else
        {
          g_autofree char *tooltip = g_strdup_printf ("Needs the “%s” permission", sd_permission_get_label (p));

          g_assert_false (gtk_widget_get_sensitive (toggle));
          g_assert_cmpstr (gtk_widget_get_tooltip_text (toggle), ==, tooltip);
          lacking++;
        }
    }
  /* The manager lacks at least audit.view and campaigns.send. */
  g_assert_cmpuint (lacking, >=, 2);
  g_assert_false (gtk_widget_get_sensitive (sd_gui_test_get (editor, GTK_TYPE_SWITCH, "audit.view")));
  sd_gui_test_destroy_window (GTK_WINDOW (editor));

  /* Its own role: read-only, and it says why. */
  editor = open_role_editor (f, manager_role->id);
  for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
    g_assert_false (gtk_widget_get_sensitive (sd_gui_test_get (editor, GTK_TYPE_SWITCH, sd_permission_to_string (p))));
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (editor, ADW_TYPE_PREFERENCES_GROUP, "message_group")));
  sd_gui_test_destroy_window (GTK_WINDOW (editor));

  /* Adding offers only roles the manager may hand out: not the Owner role. */
  {
    SdStaffDialog *dialog = open_add_dialog (f);
    GListModel    *roles =
      adw_combo_row_get_model (ADW_COMBO_ROW (sd_gui_test_get (dialog, ADW_TYPE_COMBO_ROW, "role_row")));
    g_autoptr(SdRole) owner_role = sd_roles_find (f->shop.owner, SD_ROLE_OWNER, NULL);

    g_assert_cmpuint (g_list_model_get_n_items (roles), >, 0);
    for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
      {
        g_autoptr(GtkStringObject) item = g_list_model_get_item (roles, i);
        g_assert_cmpstr (gtk_string_object_get_string (item), !=, owner_role->name);
      }
  }
}

/* Whether a label under ROOT reads TEXT. */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

/* Answers the department name dialog the page opened. */
static void
answer_name (const char *name)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);

  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  respond (dialog, "apply");
  g_assert_true (sd_gui_test_wait_no_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static void
test_departments (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SdDepartment) added = NULL;
  g_autoptr(SdDepartment) renamed = NULL;
  g_autoptr(SdDepartment) presales = sd_departments_find (f->shop.owner, "presales", NULL);
  g_autoptr(GError) refusal = NULL;
  g_autofree char *group_name = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "staff.add-department", NULL));
  answer_name ("仓库二组");
  added = sd_departments_find (f->shop.owner, "仓库二组", NULL);
  g_assert_nonnull (added);
  group_name = g_strdup_printf ("department-%" G_GINT64_FORMAT, added->id);
  g_assert_nonnull (sd_gui_test_find (GTK_WIDGET (f->page), ADW_TYPE_PREFERENCES_GROUP, group_name));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "staff.rename-department", "x", added->id));
  answer_name ("打包组");
  renamed = sd_departments_find (f->shop.owner, "打包组", NULL);
  g_assert_nonnull (renamed);
  g_assert_cmpint (renamed->id, ==, added->id);

  /* Removing an empty one asks first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "staff.remove-department", "x", added->id));
  respond (ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG)), "remove");
  g_assert_true (sd_gui_test_wait_no_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_clear_pointer (&renamed, sd_department_free);
  renamed = sd_departments_find (f->shop.owner, "打包组", NULL);
  g_assert_null (renamed);
  g_assert_null (sd_gui_test_find (GTK_WIDGET (f->page), ADW_TYPE_PREFERENCES_GROUP, group_name));

  /* One with members: the core refuses, and the page shows its words. */
  add_staff (f, "小周", SD_ROLE_PRESALES);
  g_assert_false (sd_departments_remove (f->shop.owner, presales->id, &refusal));
  g_assert_nonnull (refusal);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "staff.remove-department", "x", presales->id));
  sd_gui_test_spin (300);
  g_assert_true (shows_text (GTK_WIDGET (f->page), refusal->message));
  g_clear_pointer (&presales, sd_department_free);
  presales = sd_departments_find (f->shop.owner, "presales", NULL);
  g_assert_nonnull (presales);
}

static void
test_denied_without_staff_manage (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(SdSession) agent = sd_test_staff_session (f->shop.owner, "客服", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  GtkStack *stack = GTK_STACK (sd_gui_test_get (f->page, GTK_TYPE_STACK, "main_stack"));
  AdwStatusPage *denied = ADW_STATUS_PAGE (sd_gui_test_get (f->page, ADW_TYPE_STATUS_PAGE, "denied_page"));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "content");
  g_assert_nonnull (sd_gui_test_find (GTK_WIDGET (f->page), ADW_TYPE_ACTION_ROW, "account-owner"));
  sd_staff_page_set_session (f->page, agent);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "denied");
  g_assert_nonnull (strstr (adw_status_page_get_description (denied),
                            sd_permission_get_label (SD_PERMISSION_MANAGE_STAFF)));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, ADW_TYPE_SPLIT_BUTTON, "add_account_button")));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "staff.add-account", NULL);
  sd_gui_test_spin (300);
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_STAFF_DIALOG));

  /* Cleared: nothing of the shop stays on the page. */
  sd_staff_page_set_session (f->page, NULL);
  g_assert_null (sd_gui_test_find (GTK_WIDGET (f->page), ADW_TYPE_ACTION_ROW, "account-owner"));
}

int
main (int   argc,
      char *argv[])
{
  sd_gui_test_init (&argc, &argv);
  g_test_set_nonfatal_assertions ();

  g_test_add ("/gui/staff/add-account", Fixture, NULL, fixture_set_up, test_add_account, fixture_tear_down);
  g_test_add ("/gui/staff/invalid-login", Fixture, NULL, fixture_set_up, test_invalid_login, fixture_tear_down);
  g_test_add ("/gui/staff/disable-account", Fixture, NULL, fixture_set_up, test_disable_account, fixture_tear_down);
  g_test_add ("/gui/staff/edit-account", Fixture, NULL, fixture_set_up, test_edit_account, fixture_tear_down);
  g_test_add ("/gui/staff/role-editor-grants", Fixture, NULL, fixture_set_up, test_role_editor_grants,
              fixture_tear_down);
  g_test_add ("/gui/staff/role-editor-limits", Fixture, NULL, fixture_set_up, test_role_editor_limits,
              fixture_tear_down);
  g_test_add ("/gui/staff/departments", Fixture, NULL, fixture_set_up, test_departments, fixture_tear_down);
  g_test_add ("/gui/staff/denied-without-staff-manage", Fixture, NULL, fixture_set_up,
              test_denied_without_staff_manage, fixture_tear_down);
  return g_test_run ();
}
