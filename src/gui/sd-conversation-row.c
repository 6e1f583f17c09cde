/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-conversation-row"

#include <glib/gi18n.h>

#include "sd-conversation-row.h"

struct _SdConversationRow
{
  GtkListBoxRow parent_instance;

  SdConversation *conversation;
  gboolean        late;

  GtkLabel *nick_label;
  GtkLabel *wait_label;
  GtkLabel *customer_label;
  GtkLabel *preview_label;
  GtkLabel *state_label;
  GtkImage *late_icon;
};

G_DEFINE_FINAL_TYPE (SdConversationRow, sd_conversation_row, GTK_TYPE_LIST_BOX_ROW)

static GtkLabel *
add_label (GtkBox     *box,
           const char *style_class,
           gboolean    expand)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, expand);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);
  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

static void
sd_conversation_row_finalize (GObject *object)
{
  SdConversationRow *self = SD_CONVERSATION_ROW (object);

  g_clear_pointer (&self->conversation, sd_conversation_free);
  G_OBJECT_CLASS (sd_conversation_row_parent_class)->finalize (object);
}

static void
sd_conversation_row_class_init (SdConversationRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_conversation_row_finalize;
}

static void
sd_conversation_row_init (SdConversationRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  self->nick_label = add_label (GTK_BOX (top), "heading", TRUE);
  self->late_icon = GTK_IMAGE (gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_widget_add_css_class (GTK_WIDGET (self->late_icon), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->late_icon), FALSE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->late_icon),
                               _("The buyer has waited longer than the first-response target"));
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->late_icon));
  self->wait_label = add_label (GTK_BOX (top), "numeric", FALSE);
  gtk_label_set_ellipsize (self->wait_label, PANGO_ELLIPSIZE_NONE);
  gtk_box_append (GTK_BOX (box), top);

  self->customer_label = add_label (GTK_BOX (box), "caption", TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->customer_label), "dim-label");

  self->preview_label = add_label (GTK_BOX (bottom), "dim-label", TRUE);
  self->state_label = add_label (GTK_BOX (bottom), "caption", FALSE);
  gtk_label_set_ellipsize (self->state_label, PANGO_ELLIPSIZE_NONE);
  gtk_box_append (GTK_BOX (box), bottom);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
}

gint64
sd_conversation_waiting_since (const SdConversation *conversation)
{
  g_return_val_if_fail (conversation != NULL, 0);

  if (conversation->state == SD_CONVERSATION_CLOSED)
    return 0;
  if (conversation->last_buyer_at > 0 && conversation->last_buyer_at >= conversation->last_agent_at)
    return conversation->last_buyer_at;
  /* A chat in the queue that holds no message yet waits from its opening. */
  if (conversation->state == SD_CONVERSATION_WAITING && conversation->last_agent_at == 0)
    return conversation->opened_at;
  return 0;
}

char *
sd_conversation_format_wait (gint64 seconds)
{
  seconds = MAX (seconds, 0);
  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", seconds / 60, (int) (seconds % 60));
}

GtkWidget *
sd_conversation_row_new (void)
{
  return g_object_new (SD_TYPE_CONVERSATION_ROW, NULL);
}

void
sd_conversation_row_set (SdConversationRow *self,
                         SdConversation    *conversation,
                         const char        *customer_label,
                         const char        *preview)
{
  g_return_if_fail (SD_IS_CONVERSATION_ROW (self));
  g_return_if_fail (conversation != NULL);

  g_clear_pointer (&self->conversation, sd_conversation_free);
  self->conversation = conversation;
  gtk_label_set_label (self->nick_label, conversation->buyer_nick);
  gtk_label_set_label (self->customer_label, customer_label != NULL ? customer_label : "");
  gtk_widget_set_visible (GTK_WIDGET (self->customer_label),
                          customer_label != NULL && *customer_label != '\0');
  gtk_label_set_label (self->preview_label, preview != NULL ? preview : "");
  gtk_label_set_label (self->state_label, sd_conversation_state_get_label (conversation->state));
}

const SdConversation *
sd_conversation_row_get_conversation (SdConversationRow *self)
{
  g_return_val_if_fail (SD_IS_CONVERSATION_ROW (self), NULL);
  return self->conversation;
}

gint64
sd_conversation_row_get_id (SdConversationRow *self)
{
  g_return_val_if_fail (SD_IS_CONVERSATION_ROW (self), 0);
  return self->conversation != NULL ? self->conversation->id : 0;
}

void
sd_conversation_row_tick (SdConversationRow *self,
                          gint64             now,
                          gint64             target)
{
  gint64   since;
  gboolean late;

  g_return_if_fail (SD_IS_CONVERSATION_ROW (self));

  since = self->conversation != NULL ? sd_conversation_waiting_since (self->conversation) : 0;
  if (since == 0)
    {
      gtk_label_set_label (self->wait_label, "");
      late = FALSE;
    }
  else
    {
      g_autofree char *wait = sd_conversation_format_wait (now - since);
      gtk_label_set_label (self->wait_label, wait);
      late = now - since > target;
    }
  if (late == self->late)
    return;
  self->late = late;
  gtk_widget_set_visible (GTK_WIDGET (self->late_icon), late);
  if (late)
    gtk_widget_add_css_class (GTK_WIDGET (self->wait_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->wait_label), "error");
  if (late)
    gtk_widget_add_css_class (GTK_WIDGET (self->nick_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->nick_label), "error");
}

gboolean
sd_conversation_row_get_late (SdConversationRow *self)
{
  g_return_val_if_fail (SD_IS_CONVERSATION_ROW (self), FALSE);
  return self->late;
}

GtkLabel *
sd_conversation_row_get_wait_label (SdConversationRow *self)
{
  g_return_val_if_fail (SD_IS_CONVERSATION_ROW (self), NULL);
  return self->wait_label;
}
