/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-quick-reply-popover"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sd-quick-reply-popover.h"

struct _SdQuickReplyPopover
{
  GtkPopover parent_instance;

  SdSession *session;
  gboolean   completion;
  guint      n_items;

  GtkSearchEntry *search_entry;
  GtkListBox     *list;
  GtkLabel       *message_label;
};

G_DEFINE_FINAL_TYPE (SdQuickReplyPopover, sd_quick_reply_popover, GTK_TYPE_POPOVER)

enum
{
  SIGNAL_PICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const SdQuickReply *
row_reply (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "reply");
}

static GtkWidget *
reply_row_new (const SdQuickReply *reply)
{
  GtkWidget       *row = gtk_list_box_row_new ();
  GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget       *title = gtk_label_new (NULL);
  GtkWidget       *text = gtk_label_new (reply->text);
  g_autofree char *heading = NULL;

  if (*reply->shortcut != '\0')
    heading =
      g_strdup_printf ("/%s · %s", reply->shortcut, sd_quick_reply_scope_describe (reply->scope));
  else
    heading = g_strdup (sd_quick_reply_scope_describe (reply->scope));
  gtk_label_set_label (GTK_LABEL (title), heading);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (text), 2);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 40);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "reply", sd_quick_reply_copy (reply),
                          (GDestroyNotify) sd_quick_reply_free);
  gtk_widget_set_tooltip_text (row, reply->text);
  return row;
}

/* A heading above the first reply of each group. */
static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const SdQuickReply *reply = row_reply (row);
  GtkWidget          *header;

  if (before != NULL && g_strcmp0 (row_reply (before)->group, reply->group) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (*reply->group != '\0' ? reply->group : _("Other Replies"));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_set_margin_top (header, 8);
  gtk_widget_set_margin_start (header, 8);
  gtk_widget_set_margin_bottom (header, 2);
  gtk_list_box_row_set_header (row, header);
}

static void
show_replies (SdQuickReplyPopover *self,
              GPtrArray           *replies,
              const GError        *error,
              const char          *empty)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_items = replies != NULL ? replies->len : 0;
  for (guint i = 0; i < self->n_items; i++)
    gtk_list_box_append (self->list, reply_row_new (g_ptr_array_index (replies, i)));
  if (self->n_items > 0)
    gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, 0));
  gtk_label_set_label (self->message_label, error != NULL ? error->message : empty);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), self->n_items == 0);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->list)), self->n_items > 0);
}

static void
search (SdQuickReplyPopover *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) replies = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->session == NULL)
    return;
  replies = sd_quick_replies_list (self->session, text, &error);
  show_replies (self, replies, error,
                *text != '\0' ? _("No quick reply holds that text.")
                              : _("No quick replies yet. A manager adds shared ones; "
                                  "add your own with shopdesk-cli quick-replies add."));
}

static void
pick (SdQuickReplyPopover *self,
      GtkListBoxRow       *row)
{
  g_autoptr(SdQuickReply) reply = sd_quick_reply_copy (row_reply (row));

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[SIGNAL_PICKED], 0, reply);
}

static void
row_activated_cb (SdQuickReplyPopover *self,
                  GtkListBoxRow       *row)
{
  pick (self, row);
}

static void
search_activate_cb (SdQuickReplyPopover *self)
{
  sd_quick_reply_popover_activate (self);
}

static void
search_changed_cb (SdQuickReplyPopover *self)
{
  search (self);
}

/* Up and Down in the search entry walk the list, as in a completion. */
static gboolean
search_key_cb (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               SdQuickReplyPopover   *self)
{
  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_Up)
    {
      sd_quick_reply_popover_move (self, keyval == GDK_KEY_Down ? 1 : -1);
      return TRUE;
    }
  return FALSE;
}

static void
show_cb (SdQuickReplyPopover *self)
{
  if (self->completion)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  search (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
sd_quick_reply_popover_dispose (GObject *object)
{
  SdQuickReplyPopover *self = SD_QUICK_REPLY_POPOVER (object);

  g_clear_object (&self->session);
  G_OBJECT_CLASS (sd_quick_reply_popover_parent_class)->dispose (object);
}

static void
sd_quick_reply_popover_class_init (SdQuickReplyPopoverClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sd_quick_reply_popover_dispose;

  signals[SIGNAL_PICKED] =
    g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SD_TYPE_QUICK_REPLY | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sd_quick_reply_popover_init (SdQuickReplyPopover *self)
{
  GtkWidget          *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget          *scrolled = gtk_scrolled_window_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search_entry, "placeholder-text", _("Search quick replies"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search quick replies"), -1);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb),
                            self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (search_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_entry));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_header_func (self->list, header_func, NULL, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_widget_set_size_request (scrolled, 340, -1);
  gtk_box_append (GTK_BOX (box), scrolled);

  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_max_width_chars (self->message_label, 36);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
  gtk_widget_set_margin_top (GTK_WIDGET (self->message_label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->message_label), 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message_label));

  gtk_popover_set_child (GTK_POPOVER (self), box);
  g_signal_connect (self, "show", G_CALLBACK (show_cb), NULL);
}

GtkWidget *
sd_quick_reply_popover_new (gboolean completion)
{
  SdQuickReplyPopover *self = g_object_new (SD_TYPE_QUICK_REPLY_POPOVER, NULL);

  self->completion = completion;
  if (completion)
    {
      /* The composer keeps the focus and the keys while the completion shows. */
      gtk_popover_set_autohide (GTK_POPOVER (self), FALSE);
      gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->search_entry), FALSE);
      gtk_popover_set_position (GTK_POPOVER (self), GTK_POS_TOP);
    }
  return GTK_WIDGET (self);
}

void
sd_quick_reply_popover_set_session (SdQuickReplyPopover *self,
                                    SdSession           *session)
{
  g_return_if_fail (SD_IS_QUICK_REPLY_POPOVER (self));
  g_set_object (&self->session, session);
}

guint
sd_quick_reply_popover_complete (SdQuickReplyPopover *self,
                                 const char          *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) replies = NULL;

  g_return_val_if_fail (SD_IS_QUICK_REPLY_POPOVER (self), 0);

  if (self->session == NULL)
    return 0;
  replies = sd_quick_replies_complete (self->session, prefix, 8, &error);
  show_replies (self, replies, error, _("No quick reply has that shortcut."));
  return self->n_items;
}

void
sd_quick_reply_popover_move (SdQuickReplyPopover *self,
                             int                  delta)
{
  GtkListBoxRow *row;
  int            index;

  g_return_if_fail (SD_IS_QUICK_REPLY_POPOVER (self));

  if (self->n_items == 0)
    return;
  row = gtk_list_box_get_selected_row (self->list);
  index = row != NULL ? gtk_list_box_row_get_index (row) : -1;
  index = ((index + delta) % (int) self->n_items + (int) self->n_items) % (int) self->n_items;
  row = gtk_list_box_get_row_at_index (self->list, index);
  gtk_list_box_select_row (self->list, row);
}

gboolean
sd_quick_reply_popover_activate (SdQuickReplyPopover *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SD_IS_QUICK_REPLY_POPOVER (self), FALSE);

  row = gtk_list_box_get_selected_row (self->list);
  if (row == NULL)
    return FALSE;
  pick (self, row);
  return TRUE;
}

guint
sd_quick_reply_popover_get_n_items (SdQuickReplyPopover *self)
{
  g_return_val_if_fail (SD_IS_QUICK_REPLY_POPOVER (self), 0);
  return self->n_items;
}
