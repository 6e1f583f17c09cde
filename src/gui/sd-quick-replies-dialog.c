/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-quick-replies-dialog"

#include <glib/gi18n.h>

#include "sd-chat-admin.h"
#include "sd-error.h"
#include "sd-message.h"
#include "sd-quick-replies-dialog.h"
#include "sd-quick-replies.h"
#include "sd-staff.h"
#include "sd-wrap-layout.h"

/* Where a new reply goes: one entry of the "Shared With" row. */
typedef struct
{
  SdQuickReplyScope scope;
  gint64            department_id;   /* a department reply's; 0: the agent's own department */
} ScopeChoice;

struct _SdQuickRepliesDialog
{
  AdwWindow            parent_instance;

  SdSession           *session;
  gboolean             manager;        /* may change shared replies */
  GPtrArray           *departments;    /* SdDepartment * */
  GArray              *scopes;         /* ScopeChoice, in scope_row's order */
  SdQuickReply        *editing;        /* the reply edited; NULL while adding */

  GtkButton           *add_button;
  GtkButton           *cancel_button;
  AdwStatusPage       *empty_page;
  AdwWindowTitle      *editor_title;
  GtkBox              *groups_box;
  AdwEntryRow         *group_row;
  GtkStack            *list_stack;
  AdwPreferencesGroup *message_group;
  GtkLabel            *message_label;
  GtkBox              *placeholders_box;
  GtkButton           *save_button;
  AdwComboRow         *scope_row;
  GtkSearchEntry      *search_entry;
  GtkLabel            *shortcut_error;
  GtkLabel            *shortcut_hint;
  AdwEntryRow         *shortcut_row;
  GtkStack            *stack;
  GtkLabel            *text_hint;
  GtkTextView         *text_view;
  AdwToastOverlay     *toast_overlay;
};

G_DEFINE_FINAL_TYPE (SdQuickRepliesDialog, sd_quick_replies_dialog, ADW_TYPE_WINDOW)

/* The placeholders sd_quick_replies_render () fills (sd-quick-replies.h), with what each
 * becomes. */
static const struct
{
  const char *name;
  const char *meaning;
} placeholders[] = {
  { "name", N_("The customer’s name, or 亲 when it is not known") },
  { "nick", N_("The customer’s nick on the platform") },
  { "grade", N_("The customer’s tier, or 会员") },
  { "order_id", N_("The order’s number on the platform") },
  { "order_status", N_("The order’s status, such as “Shipped”") },
  { "shop", N_("The shop’s name") },
  { "agent", N_("Your display name, or 客服") },
};

/* ---- helpers ---- */

static char *
buffer_text (SdQuickRepliesDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/* The shortcut typed, without spaces or a leading "/". */
static char *
typed_shortcut (SdQuickRepliesDialog *self)
{
  char *shortcut = trimmed (gtk_editable_get_text (GTK_EDITABLE (self->shortcut_row)));

  if (shortcut[0] == '/')
    memmove (shortcut, shortcut + 1, strlen (shortcut));
  return shortcut;
}

static gboolean
may_change (SdQuickRepliesDialog *self,
            const SdQuickReply   *reply)
{
  if (reply->scope == SD_QUICK_REPLY_PERSONAL)
    return reply->staff_id == sd_session_get_staff_id (self->session);
  return self->manager;
}

static char *
scope_label (SdQuickRepliesDialog *self,
             SdQuickReplyScope     scope,
             gint64                department_id)
{
  if (scope == SD_QUICK_REPLY_DEPARTMENT)
    {
      g_autofree char *name = department_id != 0 ? sd_chat_admin_department_name (self->departments, department_id)
                                                 : g_strdup (_("My department"));
      /* TRANSLATORS: where a quick reply is shared; %s is a department's name */
      return g_strdup_printf (_("Department: %s"), name);
    }
  return g_strdup (sd_quick_reply_scope_describe (scope));
}

/* A reply's text on one line, for the list. */
static char *
preview (const char *text)
{
  g_autofree char *flat = g_strdup (text);

  g_strdelimit (flat, "\r\n\t", ' ');
  if (g_utf8_strlen (flat, -1) > 140)
    {
      g_autofree char *cut = g_utf8_substring (flat, 0, 140);
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&flat);
}

static void
show_message (SdQuickRepliesDialog *self,
              const char           *message)
{
  sd_message_show_in_group (self->message_group, self->message_label, message, message != NULL);
}

static void
show_shortcut_error (SdQuickRepliesDialog *self,
                     const char           *message)
{
  gtk_label_set_label (self->shortcut_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->shortcut_error), message != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->shortcut_hint), message == NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->shortcut_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->shortcut_row), "error");
}

static const ScopeChoice *
selected_scope (SdQuickRepliesDialog *self)
{
  guint i = adw_combo_row_get_selected (self->scope_row);

  return i < self->scopes->len ? &g_array_index (self->scopes, ScopeChoice, i) : NULL;
}

/* Whether a reply the account sees already has SHORTCUT where the one being edited would
 * go. The core decides on saving (it also sees departments' replies this account does
 * not); this tells sooner, while typing. */
static const SdQuickReply *
find_taken (SdQuickRepliesDialog *self,
            GPtrArray            *replies,
            const char           *shortcut)
{
  const ScopeChoice *choice = selected_scope (self);
  SdQuickReplyScope scope = self->editing != NULL ? self->editing->scope : choice != NULL ? choice->scope : 0;
  gint64 department_id = self->editing != NULL ? self->editing->department_id
                         : choice != NULL ? choice->department_id : 0;

  for (guint i = 0; replies != NULL && i < replies->len; i++)
    {
      const SdQuickReply *other = g_ptr_array_index (replies, i);

      if (self->editing != NULL && other->id == self->editing->id)
        continue;
      if (other->scope != scope || g_ascii_strcasecmp (other->shortcut, shortcut) != 0)
        continue;
      if (scope == SD_QUICK_REPLY_PERSONAL && other->staff_id != sd_session_get_staff_id (self->session))
        continue;
      /* "My department" (0) is the department the account sees replies of. */
      if (scope == SD_QUICK_REPLY_DEPARTMENT && department_id != 0 && other->department_id != department_id)
        continue;
      return other;
    }
  return NULL;
}

/* The shortcut's problem, said at the field; whether there is none. */
static gboolean
check_shortcut (SdQuickRepliesDialog *self)
{
  g_autofree char *shortcut = typed_shortcut (self);
  g_autoptr(GPtrArray) replies = NULL;
  g_autofree char *message = NULL;
  const char *p;

  for (p = shortcut; *p != '\0' && (g_ascii_isalnum (*p) || *p == '-' || *p == '_'); p++)
    ;
  if (*p != '\0' || strlen (shortcut) > SD_QUICK_REPLY_SHORTCUT_MAX_CHARS)
    message = g_strdup_printf (_("Use only letters, digits, - and _, at most %d of them, such as “hi” or "
                                 "“ship-time”."),
                               SD_QUICK_REPLY_SHORTCUT_MAX_CHARS);
  else if (*shortcut != '\0')
    {
      const SdQuickReply *taken;

      replies = sd_quick_replies_list (self->session, NULL, NULL);
      taken = find_taken (self, replies, shortcut);
      if (taken != NULL)
        {
          g_autofree char *text = preview (taken->text);
          message = g_strdup_printf (_("/%s is already the shortcut of “%s”: choose another one."), shortcut, text);
        }
    }
  show_shortcut_error (self, message);
  return message == NULL;
}

static void
update_text_hint (SdQuickRepliesDialog *self)
{
  g_autofree char *text = buffer_text (self);
  long n = g_utf8_strlen (text, -1);
  g_autofree char *hint = g_strdup_printf (_("%ld of %d characters"), n, SD_QUICK_REPLY_TEXT_MAX_CHARS);

  sd_message_set_label (self->text_hint, hint, n > SD_QUICK_REPLY_TEXT_MAX_CHARS);
}

static void
update_save (SdQuickRepliesDialog *self)
{
  g_autofree char *text = buffer_text (self);
  g_autofree char *stripped = trimmed (text);
  gboolean shortcut_ok = check_shortcut (self);
  long n = g_utf8_strlen (stripped, -1);

  update_text_hint (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button),
                            shortcut_ok && n > 0 && n <= SD_QUICK_REPLY_TEXT_MAX_CHARS &&
                            (self->editing != NULL || selected_scope (self) != NULL));
}

static void open_editor (SdQuickRepliesDialog *self,
                         const SdQuickReply   *reply);
static void ask_remove (SdQuickRepliesDialog *self,
                        const SdQuickReply   *reply);

static void
edit_clicked_cb (GtkWidget            *widget,
                 SdQuickRepliesDialog *self)
{
  open_editor (self, g_object_get_data (G_OBJECT (widget), "reply"));
}

static void
remove_clicked_cb (GtkWidget            *widget,
                   SdQuickRepliesDialog *self)
{
  ask_remove (self, g_object_get_data (G_OBJECT (widget), "reply"));
}

static GtkWidget *
suffix_button (SdQuickRepliesDialog *self,
               const SdQuickReply   *reply,
               const char           *icon,
               const char           *tooltip,
               const char           *name,
               GCallback             callback)
{
  GtkWidget *button = sd_chat_admin_row_button (icon, tooltip, name);

  g_object_set_data_full (G_OBJECT (button), "reply", sd_quick_reply_copy (reply),
                          (GDestroyNotify) sd_quick_reply_free);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkWidget *
reply_row (SdQuickRepliesDialog *self,
           const SdQuickReply   *reply)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = g_strdup_printf ("reply-%" G_GINT64_FORMAT, reply->id);
  g_autofree char *title = *reply->shortcut ? g_strdup_printf ("/%s", reply->shortcut) : g_strdup (_("No shortcut"));
  g_autofree char *subtitle = preview (reply->text);
  g_autofree char *scope = scope_label (self, reply->scope, reply->department_id);
  g_autofree char *uses = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Used %lld time", "Used %lld times",
                                                        (gulong) MIN (reply->uses, G_MAXLONG)),
                                           (long long) reply->uses);
  g_autofree char *meta = g_strdup_printf ("%s · %s", scope, uses);
  GtkWidget *label = gtk_label_new (meta);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_set_tooltip_text (row, reply->text);

  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_widget_set_name (label, "reply-meta");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

  if (may_change (self, reply))
    {
      GtkWidget *edit = suffix_button (self, reply, "document-edit-symbolic", _("Edit"), "edit_button",
                                       G_CALLBACK (edit_clicked_cb));

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 suffix_button (self, reply, "user-trash-symbolic", _("Remove"), "remove_button",
                                                G_CALLBACK (remove_clicked_cb)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
    }
  return row;
}

static void
clear_groups (SdQuickRepliesDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
}

static void
reload (SdQuickRepliesDialog *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) replies = sd_quick_replies_list (self->session, search, &error);
  AdwPreferencesGroup *group = NULL;
  const char *group_name = NULL;

  clear_groups (self);
  if (replies == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("Quick Replies Cannot Be Shown"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_widget_set_visible (adw_status_page_get_child (self->empty_page), FALSE);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      return;
    }
  for (guint i = 0; i < replies->len; i++)
    {
      const SdQuickReply *reply = g_ptr_array_index (replies, i);

      if (group == NULL || g_strcmp0 (group_name, reply->group) != 0)
        {
          g_autofree char *title = g_markup_escape_text (*reply->group ? reply->group : _("Ungrouped"), -1);
          g_autofree char *name = g_strdup_printf ("group-%s", reply->group);

          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          gtk_widget_set_name (GTK_WIDGET (group), name);
          adw_preferences_group_set_title (group, title);
          gtk_box_append (self->groups_box, GTK_WIDGET (group));
          group_name = reply->group;
        }
      adw_preferences_group_add (group, reply_row (self, reply));
    }
  if (replies->len > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "replies");
  else
    gtk_stack_set_visible_child_name (self->list_stack, *search != '\0' ? "no-match" : "empty");
}

static void
fill_scopes (SdQuickRepliesDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  ScopeChoice choice = { SD_QUICK_REPLY_PERSONAL, 0 };

  g_array_set_size (self->scopes, 0);
  g_array_append_val (self->scopes, choice);
  if (self->manager)
    {
      choice.scope = SD_QUICK_REPLY_DEPARTMENT;
      for (guint i = 0; i < self->departments->len; i++)
        {
          choice.department_id = ((SdDepartment *) g_ptr_array_index (self->departments, i))->id;
          g_array_append_val (self->scopes, choice);
        }
      if (self->departments->len == 0)
        {
          choice.department_id = 0;
          g_array_append_val (self->scopes, choice);
        }
      choice.scope = SD_QUICK_REPLY_SHOP;
      choice.department_id = 0;
      g_array_append_val (self->scopes, choice);
    }
  for (guint i = 0; i < self->scopes->len; i++)
    {
      const ScopeChoice *c = &g_array_index (self->scopes, ScopeChoice, i);
      g_autofree char *label = scope_label (self, c->scope, c->department_id);
      gtk_string_list_append (names, label);
    }
  adw_combo_row_set_model (self->scope_row, G_LIST_MODEL (names));
}

static void
open_editor (SdQuickRepliesDialog *self,
             const SdQuickReply   *reply)
{
  g_clear_pointer (&self->editing, sd_quick_reply_free);
  show_message (self, NULL);
  if (reply != NULL)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      g_autofree char *label = scope_label (self, reply->scope, reply->department_id);

      self->editing = sd_quick_reply_copy (reply);
      adw_window_title_set_title (self->editor_title, _("Edit Quick Reply"));
      /* The core keeps a reply's scope: shown, not chosen. */
      gtk_string_list_append (names, label);
      adw_combo_row_set_model (self->scope_row, G_LIST_MODEL (names));
      gtk_widget_set_sensitive (GTK_WIDGET (self->scope_row), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->group_row), reply->group);
      gtk_editable_set_text (GTK_EDITABLE (self->shortcut_row), reply->shortcut);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), reply->text, -1);
    }
  else
    {
      adw_window_title_set_title (self->editor_title, _("New Quick Reply"));
      fill_scopes (self);
      adw_combo_row_set_selected (self->scope_row, 0);
      gtk_widget_set_sensitive (GTK_WIDGET (self->scope_row), self->scopes->len > 1);
      gtk_editable_set_text (GTK_EDITABLE (self->group_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->shortcut_row), "");
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", -1);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->scope_row),
                               self->manager ? NULL
                               : _("Only a manager can share replies with a department or the shop."));
  update_save (self);
  gtk_stack_set_visible_child_name (self->stack, "edit");
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
close_editor (SdQuickRepliesDialog *self)
{
  g_clear_pointer (&self->editing, sd_quick_reply_free);
  gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
  gtk_stack_set_visible_child_name (self->stack, "list");
  reload (self);
}

/* ---- callbacks ---- */

static void
add_cb (SdQuickRepliesDialog *self)
{
  open_editor (self, NULL);
}

static void
cancel_cb (SdQuickRepliesDialog *self)
{
  close_editor (self);
}

static void
search_changed_cb (SdQuickRepliesDialog *self)
{
  reload (self);
}

static void
field_changed_cb (SdQuickRepliesDialog *self)
{
  update_save (self);
}

static void
insert_placeholder_cb (GtkButton            *button,
                       SdQuickRepliesDialog *self)
{
  g_autofree char *text = g_strdup_printf ("{%s}", gtk_widget_get_name (GTK_WIDGET (button)));

  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (self->text_view), text, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
save_cb (SdQuickRepliesDialog *self)
{
  g_autoptr(SdQuickReply) reply = sd_quick_reply_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    return;
  show_message (self, NULL);
  g_free (reply->group);
  reply->group = trimmed (gtk_editable_get_text (GTK_EDITABLE (self->group_row)));
  g_free (reply->shortcut);
  reply->shortcut = typed_shortcut (self);
  g_free (reply->text);
  reply->text = buffer_text (self);

  if (self->editing != NULL)
    {
      reply->id = self->editing->id;
      ok = sd_quick_replies_update (self->session, reply, &error);
    }
  else
    {
      const ScopeChoice *choice = selected_scope (self);

      if (choice == NULL)
        return;
      reply->scope = choice->scope;
      reply->department_id = choice->department_id;
      ok = sd_quick_replies_add (self->session, reply, &error) != 0;
    }
  if (!ok)
    {
      /* A shortcut taken lands at the shortcut; anything else above the form. */
      if (g_error_matches (error, SD_ERROR, SD_ERROR_CONFLICT))
        {
          show_shortcut_error (self, error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->shortcut_row));
        }
      else
        show_message (self, error->message);
      return;
    }
  message = *reply->shortcut ? g_strdup_printf (_("Saved /%s"), reply->shortcut)
                             : g_strdup (_("Saved the quick reply"));
  close_editor (self);
  sd_message_add_toast (self->toast_overlay, message, FALSE);
}

static void
remove_response_cb (AdwMessageDialog     *dialog,
                    const char           *response,
                    SdQuickRepliesDialog *self)
{
  SdQuickReply *reply = g_object_get_data (G_OBJECT (dialog), "reply");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;
  if (!sd_quick_replies_remove (self->session, reply->id, &error))
    {
      sd_message_add_toast (self->toast_overlay, error->message, TRUE);
      return;
    }
  reload (self);
  sd_message_add_toast (self->toast_overlay, _("Quick reply removed"), FALSE);
}

static void
ask_remove (SdQuickRepliesDialog *self,
            const SdQuickReply   *reply)
{
  g_autofree char *heading = *reply->shortcut ? g_strdup_printf (_("Remove /%s?"), reply->shortcut)
                                              : g_strdup (_("Remove This Quick Reply?"));
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (reply->scope == SD_QUICK_REPLY_PERSONAL)
    body = g_strdup (_("You can no longer send it from the chat. This cannot be undone."));
  else
    {
      g_autofree char *scope = scope_label (self, reply->scope, reply->department_id);
      /* TRANSLATORS: %s is where the reply is shared, like “Department: After-sales” */
      body = g_strdup_printf (_("Nobody it is shared with (%s) can send it any more, and its count of uses is lost. "
                                "This cannot be undone."),
                              scope);
    }
  dialog = sd_message_confirm (GTK_WINDOW (self), heading, body, "remove", _("_Remove"),
                               G_CALLBACK (remove_response_cb), self);
  g_object_set_data_full (G_OBJECT (dialog), "reply", sd_quick_reply_copy (reply),
                          (GDestroyNotify) sd_quick_reply_free);
}

static void
escape_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  SdQuickRepliesDialog *self = SD_QUICK_REPLIES_DIALOG (widget);

  /* Escape leaves the editor first, the window next. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "edit") == 0)
    close_editor (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdQuickRepliesDialog *self = SD_QUICK_REPLIES_DIALOG (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ---- the object ---- */

static void
sd_quick_replies_dialog_dispose (GObject *object)
{
  SdQuickRepliesDialog *self = SD_QUICK_REPLIES_DIALOG (object);

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_QUICK_REPLIES_DIALOG);
  G_OBJECT_CLASS (sd_quick_replies_dialog_parent_class)->dispose (object);
}

static void
sd_quick_replies_dialog_finalize (GObject *object)
{
  SdQuickRepliesDialog *self = SD_QUICK_REPLIES_DIALOG (object);

  g_clear_pointer (&self->departments, g_ptr_array_unref);
  g_clear_pointer (&self->scopes, g_array_unref);
  g_clear_pointer (&self->editing, sd_quick_reply_free);
  G_OBJECT_CLASS (sd_quick_replies_dialog_parent_class)->finalize (object);
}

static void
sd_quick_replies_dialog_class_init (SdQuickRepliesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_quick_replies_dialog_dispose;
  object_class->finalize = sd_quick_replies_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shopdesk/ShopDesk/sd-quick-replies-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, editor_title);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, group_row);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, groups_box);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, message_group);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, placeholders_box);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, scope_row);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, shortcut_error);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, shortcut_hint);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, shortcut_row);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, text_hint);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, SdQuickRepliesDialog, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, add_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "quick-replies.escape", NULL, escape_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "quick-replies.escape", NULL);
  gtk_widget_class_install_action (widget_class, "quick-replies.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "quick-replies.search", NULL);
}

static void
sd_quick_replies_dialog_init (SdQuickRepliesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->scopes = g_array_new (FALSE, FALSE, sizeof (ScopeChoice));
  gtk_widget_set_layout_manager (GTK_WIDGET (self->placeholders_box), sd_wrap_layout_new (6, 6));
  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    {
      g_autofree char *label = g_strdup_printf ("{%s}", placeholders[i].name);
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_widget_set_name (button, placeholders[i].name);
      gtk_widget_set_tooltip_text (button, _(placeholders[i].meaning));
      g_signal_connect_object (button, "clicked", G_CALLBACK (insert_placeholder_cb), self, 0);
      gtk_box_append (self->placeholders_box, button);
    }
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed", G_CALLBACK (field_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* ---- public API ---- */

GtkWidget *
sd_quick_replies_dialog_new (GtkWindow *parent,
                             SdSession *session)
{
  SdQuickRepliesDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_QUICK_REPLIES_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->manager = sd_chat_admin_is_manager (session);
  self->departments = sd_chat_admin_departments (session);
  reload (self);
  return GTK_WIDGET (self);
}
