/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-tier-pin-dialog"

#include <glib/gi18n.h>

#include "sd-message.h"
#include "sd-tier-pin-dialog.h"

struct _SdTierPinDialog
{
  AdwMessageDialog  parent_instance;

  AdwComboRow      *grade_row;
  AdwEntryRow      *reason_row;
  GtkLabel         *reason_message;
};

G_DEFINE_FINAL_TYPE (SdTierPinDialog, sd_tier_pin_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* The reason as it is saved: trimmed. */
static char *
reason_text (SdTierPinDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
}

/* "Pin Tier" only with a reason that fits; too long a one is said at the field. */
static void
reason_changed_cb (SdTierPinDialog *self)
{
  g_autofree char *reason = reason_text (self);
  glong length = g_utf8_strlen (reason, -1);
  gboolean too_long = length > SD_TIER_REASON_MAX_CHARS;

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "pin", length > 0 && !too_long);
  if (too_long)
    {
      g_autofree char *text = g_strdup_printf (_("The reason is too long: at most %d characters."),
                                               SD_TIER_REASON_MAX_CHARS);
      gtk_widget_add_css_class (GTK_WIDGET (self->reason_row), "error");
      sd_message_set_label (self->reason_message, text, TRUE);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->reason_row), "error");
      sd_message_set_label (self->reason_message,
                            _("Required. It is kept in the tier history and shown on hover."), FALSE);
    }
}

static void
sd_tier_pin_dialog_class_init (SdTierPinDialogClass *klass)
{
}

static void
sd_tier_pin_dialog_init (SdTierPinDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *message = gtk_label_new (NULL);

  self->grade_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->grade_row), _("_Tier"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->grade_row), TRUE);
  self->reason_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_row), _("_Reason, like “wholesale partner”"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->reason_row), TRUE);
  adw_entry_row_set_activates_default (self->reason_row, TRUE);
  g_signal_connect_swapped (self->reason_row, "changed", G_CALLBACK (reason_changed_cb), self);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->grade_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->reason_row));
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_widget_add_css_class (message, "caption");
  self->reason_message = GTK_LABEL (message);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), message);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Pin the Tier"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"),
                                    "pin", _("_Pin Tier"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "pin", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "pin");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  reason_changed_cb (self);
}

SdTierPinDialog *
sd_tier_pin_dialog_new (GtkWindow          *parent,
                        const char         *name,
                        const SdTierLadder *ladder,
                        int                 current)
{
  SdTierPinDialog *self;
  g_autoptr(GtkStringList) grades = gtk_string_list_new (NULL);
  g_autofree char *body = NULL;

  g_return_val_if_fail (ladder != NULL, NULL);

  self = g_object_new (SD_TYPE_TIER_PIN_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  for (int grade = 0; grade < SD_TIER_N_GRADES; grade++)
    gtk_string_list_append (grades, sd_tier_ladder_get_name (ladder, grade));
  adw_combo_row_set_model (self->grade_row, G_LIST_MODEL (grades));
  adw_combo_row_set_selected (self->grade_row, current >= 0 && current < SD_TIER_N_GRADES ? (guint) current : 0);
  /* TRANSLATORS: %s is the customer's name */
  body = g_strdup_printf (_("“%s” keeps the tier chosen here through every recompute, until it is unpinned."),
                          name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  /* The reason is what is left to type; Enter in it pins. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->reason_row));
  return self;
}

int
sd_tier_pin_dialog_get_grade (SdTierPinDialog *self)
{
  g_return_val_if_fail (SD_IS_TIER_PIN_DIALOG (self), 0);
  return (int) adw_combo_row_get_selected (self->grade_row);
}

char *
sd_tier_pin_dialog_dup_reason (SdTierPinDialog *self)
{
  g_return_val_if_fail (SD_IS_TIER_PIN_DIALOG (self), NULL);
  return reason_text (self);
}
