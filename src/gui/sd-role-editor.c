/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-role-editor"

#include <glib/gi18n.h>

#include "sd-error.h"
#include "sd-message.h"
#include "sd-role-editor.h"
#include "sd-staff.h"

struct _SdRoleEditor
{
  AdwWindow            parent_instance;

  SdSession           *session;
  SdRole              *role;                      /* as the shop has it; NULL for a new one */
  SdPermissionSet      mine;                      /* the acting account's permissions */
  gboolean             read_only;
  GtkSwitch           *switches[SD_PERMISSION_N];
  GtkButton           *delete_button;

  AdwPreferencesGroup *message_group;
  GtkLabel            *message_label;
  AdwPreferencesGroup *name_group;
  AdwEntryRow         *name_row;
  AdwPreferencesPage  *page;
  GtkButton           *save_button;
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
};

G_DEFINE_FINAL_TYPE (SdRoleEditor, sd_role_editor, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers ---- */

static gboolean
is_builtin (const SdRole *role)
{
  return role != NULL && role->key != NULL && *role->key != '\0';
}

static gboolean
is_owner_role (const SdRole *role)
{
  return role != NULL && g_strcmp0 (role->key, SD_ROLE_OWNER) == 0;
}

static gboolean
is_own_role (SdRoleEditor *self)
{
  g_autoptr(SdStaffAccount) me = NULL;

  if (self->role == NULL)
    return FALSE;
  me = sd_staff_get (self->session, sd_session_get_staff_id (self->session), NULL);
  return me != NULL && me->role_id == self->role->id;
}

static void
show_message (SdRoleEditor *self,
              const char   *message,
              gboolean      error)
{
  sd_message_show_in_group (self->message_group, self->message_label, message, error);
}

static SdPermissionSet
chosen (SdRoleEditor *self)
{
  SdPermissionSet set = 0;

  for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
    if (gtk_switch_get_active (self->switches[p]))
      set |= SD_PERMISSION_BIT (p);
  return set;
}

static char *
chosen_name (SdRoleEditor *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

static gboolean
dirty (SdRoleEditor *self)
{
  g_autofree char *name = chosen_name (self);

  if (self->role == NULL)
    return TRUE;
  return chosen (self) != self->role->permissions || (!is_builtin (self->role) && g_strcmp0 (name, self->role->name) != 0);
}

static void
update_save (SdRoleEditor *self)
{
  g_autofree char *name = chosen_name (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !self->read_only && *name != '\0' && dirty (self));
}

static void
emit_changed (SdRoleEditor *self,
              const char   *message)
{
  g_signal_emit (self, signals[CHANGED], 0, message);
}

static void
add_permission_groups (SdRoleEditor *self)
{
  for (SdPermissionArea area = 0; area < SD_PERMISSION_AREA_N; area++)
    {
      GtkWidget *group = adw_preferences_group_new ();
      g_autofree char *title = g_markup_escape_text (sd_permission_area_get_label (area), -1);
      g_autofree char *group_name = g_strdup_printf ("area-%d", area);

      gtk_widget_set_name (group, group_name);
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
        {
          GtkWidget *row;
          GtkWidget *toggle;
          g_autofree char *label = NULL;

          if (sd_permission_get_area (p) != area)
            continue;
          row = adw_action_row_new ();
          toggle = gtk_switch_new ();
          label = g_markup_escape_text (sd_permission_get_label (p), -1);
          gtk_widget_set_name (toggle, sd_permission_to_string (p));
          gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sd_permission_to_string (p));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
          g_signal_connect_object (toggle, "notify::active", G_CALLBACK (update_save), self, G_CONNECT_SWAPPED);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
          self->switches[p] = GTK_SWITCH (toggle);
        }
      adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
    }
}

/* What the acting account may switch: nothing on the Owner role or its own; on other
 * roles every permission it holds itself. Each switch it may not use says why. */
static void
update_controls (SdRoleEditor *self)
{
  const char *reason = NULL;

  if (is_owner_role (self->role))
    {
      self->read_only = TRUE;
      reason = _("The Owner role holds every permission and cannot change.");
      show_message (self, reason, FALSE);
    }
  else if (is_own_role (self))
    {
      self->read_only = TRUE;
      reason = _("This is your own role: nobody changes the role they hold. Ask the shop owner.");
      show_message (self, reason, FALSE);
    }

  /* A built-in role's name is its own, translated: the title shows it. */
  gtk_widget_set_visible (GTK_WIDGET (self->name_group), !is_builtin (self->role));
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), !self->read_only && !is_builtin (self->role));
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !self->read_only && !is_builtin (self->role));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_row), reason);

  for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
    {
      GtkWidget *toggle = GTK_WIDGET (self->switches[p]);
      GtkWidget *row = gtk_widget_get_ancestor (toggle, ADW_TYPE_ACTION_ROW);
      g_autofree char *tooltip = NULL;
      gboolean lacking = !sd_permission_set_has (self->mine, p);

      if (self->read_only)
        tooltip = g_strdup (reason);
      else if (lacking)
        tooltip = g_strdup_printf (_("Needs the “%s” permission"), sd_permission_get_label (p));
      gtk_widget_set_sensitive (toggle, !self->read_only && !lacking);
      gtk_widget_set_tooltip_text (toggle, tooltip);
      gtk_widget_set_tooltip_text (row, tooltip);
      /* Said on the row too, not only on hover. */
      if (lacking && !self->read_only)
        {
          g_autofree char *subtitle =
            /* TRANSLATORS: a permission's id, and why its switch cannot be used */
            g_strdup_printf (_("%s · you do not have it, so you cannot hand it out"), sd_permission_to_string (p));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sd_permission_to_string (p));
    }
}

static void
show_role (SdRoleEditor *self)
{
  for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
    gtk_switch_set_active (self->switches[p],
                           self->role != NULL && sd_permission_set_has (self->role->permissions, p));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->role != NULL ? self->role->name : "");
}

/* ---- callbacks ---- */

static void
changed_cb (SdRoleEditor *self)
{
  update_save (self);
}

static gboolean
save (SdRoleEditor *self)
{
  g_autofree char *name = chosen_name (self);
  SdPermissionSet set = chosen (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok = TRUE;
  gboolean any = FALSE;

  if (self->role == NULL)
    {
      gint64 id = sd_roles_create (self->session, name, set, &error);

      if (id == 0)
        {
          show_message (self, error->message, TRUE);
          return FALSE;
        }
      self->role = sd_roles_get (self->session, id, NULL);
      message = g_strdup_printf (_("Made the role “%s”"), name);
      emit_changed (self, message);
      return TRUE;
    }

  if (!is_builtin (self->role) && g_strcmp0 (name, self->role->name) != 0)
    {
      ok = sd_roles_rename (self->session, self->role->id, name, &error);
      any |= ok;
    }
  if (ok && set != self->role->permissions)
    {
      /* One change: what is granted and what is revoked together. */
      ok = sd_roles_change (self->session, self->role->id, set & ~self->role->permissions,
                            self->role->permissions & ~set, &error);
      any |= ok;
    }
  if (any)
    {
      SdRole *role = sd_roles_get (self->session, self->role->id, NULL);
      if (role != NULL)
        {
          sd_role_free (self->role);
          self->role = role;
        }
    }
  if (!ok)
    {
      /* The switches keep what was chosen. */
      show_message (self, error->message, TRUE);
      if (any)
        emit_changed (self, NULL);
      update_save (self);
      return FALSE;
    }
  message = g_strdup_printf (_("Saved the role “%s”"), self->role->name);
  emit_changed (self, message);
  return TRUE;
}

static void
save_cb (SdRoleEditor *self)
{
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    return;
  show_message (self, NULL, FALSE);
  if (save (self))
    gtk_window_close (GTK_WINDOW (self));
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    SdRoleEditor     *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self->role == NULL)
    return;
  if (!sd_roles_delete (self->session, self->role->id, &error))
    {
      show_message (self, error->message, TRUE);
      return;
    }
  message = g_strdup_printf (_("Deleted the role “%s”"), self->role->name);
  emit_changed (self, message);
  gtk_window_close (GTK_WINDOW (self));
}

static void
delete_cb (SdRoleEditor *self)
{
  g_autofree char *heading = NULL;

  if (self->role == NULL)
    return;
  heading = g_strdup_printf (_("Delete the Role “%s”?"), self->role->name);
  sd_message_confirm (GTK_WINDOW (self), heading, _("No account holds it. Its entries in the audit log stay."),
                      "delete", _("_Delete"), G_CALLBACK (delete_response_cb), self);
}

static void
add_delete_group (SdRoleEditor *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Delete Role…"));

  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_set_name (button, "delete_button");
  g_signal_connect_object (button, "clicked", G_CALLBACK (delete_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), button);
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
  self->delete_button = GTK_BUTTON (button);

  /* The core refuses a role with members; say so before. */
  if (self->role->member_count > 0)
    {
      g_autofree char *tooltip =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d account holds this role: give it another role first.",
                                      "%d accounts hold this role: give them another role first.",
                                      self->role->member_count),
                         (int) self->role->member_count);
      gtk_widget_set_sensitive (button, FALSE);
      gtk_widget_set_tooltip_text (button, tooltip);
    }
}

/* ---- the object ---- */

static void
sd_role_editor_dispose (GObject *object)
{
  SdRoleEditor *self = SD_ROLE_EDITOR (object);

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_ROLE_EDITOR);
  G_OBJECT_CLASS (sd_role_editor_parent_class)->dispose (object);
}

static void
sd_role_editor_finalize (GObject *object)
{
  SdRoleEditor *self = SD_ROLE_EDITOR (object);

  g_clear_pointer (&self->role, sd_role_free);
  G_OBJECT_CLASS (sd_role_editor_parent_class)->finalize (object);
}

static void
sd_role_editor_class_init (SdRoleEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_role_editor_dispose;
  object_class->finalize = sd_role_editor_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-role-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SdRoleEditor, message_group);
  gtk_widget_class_bind_template_child (widget_class, SdRoleEditor, message_label);
  gtk_widget_class_bind_template_child (widget_class, SdRoleEditor, name_group);
  gtk_widget_class_bind_template_child (widget_class, SdRoleEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, SdRoleEditor, page);
  gtk_widget_class_bind_template_child (widget_class, SdRoleEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, SdRoleEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SdRoleEditor, window_title);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_role_editor_init (SdRoleEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_permission_groups (self);
}

/* ---- public API ---- */

SdRoleEditor *
sd_role_editor_new (GtkWindow *parent,
                    SdSession *session,
                    gint64     role_id)
{
  SdRoleEditor *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_ROLE_EDITOR, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->mine = sd_session_get_permissions (session);

  if (role_id != 0)
    {
      self->role = sd_roles_get (session, role_id, &error);
      if (self->role == NULL)
        {
          show_message (self, error->message, TRUE);
          self->read_only = TRUE;
        }
    }

  show_role (self);
  if (role_id == 0)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Role"));
      adw_window_title_set_title (self->window_title, _("New Role"));
      adw_preferences_group_set_description (self->name_group,
                                             _("Choose what accounts with this role may do. You can hand out only "
                                               "permissions you have yourself."));
      gtk_button_set_label (self->save_button, _("C_reate"));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
    }
  else
    {
      const char *title = self->role != NULL ? self->role->name : _("Role");

      gtk_window_set_title (GTK_WINDOW (self), title);
      adw_window_title_set_title (self->window_title, title);
      if (self->role != NULL)
        adw_window_title_set_subtitle (self->window_title,
                                       is_builtin (self->role) ? _("Built-in role") : _("Custom role"));
      gtk_button_set_label (self->save_button, _("_Save"));
      if (self->role != NULL && !is_builtin (self->role))
        add_delete_group (self);
    }
  update_controls (self);
  if (self->delete_button != NULL && self->read_only)
    gtk_widget_set_sensitive (GTK_WIDGET (self->delete_button), FALSE);
  update_save (self);
  return self;
}

gint64
sd_role_editor_get_role_id (SdRoleEditor *self)
{
  g_return_val_if_fail (SD_IS_ROLE_EDITOR (self), 0);
  return self->role != NULL ? self->role->id : 0;
}
