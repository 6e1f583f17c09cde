/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-edit-conflict"

#include <glib/gi18n.h>

#include "sd-edit-conflict.h"
#include "sd-format.h"

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

/* A value as typed, "—" when empty; long ones wrap within a column of their own. */
static GtkWidget *
value (const char *text)
{
  GtkWidget *label = gtk_label_new (text != NULL && *text != '\0' ? text : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), 14);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

/* Field, theirs, yours: one line a field, so both versions are read side by side. */
static GtkWidget *
versions_grid (GPtrArray *rows)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_attach (GTK_GRID (grid), heading (_("Saved by Someone Else")), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), heading (_("Yours")), 2, 0, 1, 1);
  for (guint i = 0; i + 2 < rows->len; i += 3)
    {
      GtkWidget *field = gtk_label_new (g_ptr_array_index (rows, i));

      gtk_label_set_xalign (GTK_LABEL (field), 0);
      gtk_label_set_yalign (GTK_LABEL (field), 0);
      gtk_widget_add_css_class (field, "dim-label");
      gtk_grid_attach (GTK_GRID (grid), field, 0, 1 + i / 3, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), value (g_ptr_array_index (rows, i + 1)), 1, 1 + i / 3, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), value (g_ptr_array_index (rows, i + 2)), 2, 1 + i / 3, 1, 1);
    }
  return grid;
}

AdwMessageDialog *
sd_edit_conflict_dialog_new (GtkWindow  *parent,
                             const char *what,
                             gint64      saved_at,
                             GPtrArray  *rows)
{
  AdwMessageDialog *dialog;
  g_autofree char *when = sd_format_when (saved_at, g_get_real_time () / G_USEC_PER_SEC);

  g_return_val_if_fail (rows != NULL, NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Someone Else Changed This Customer"), NULL));
  /* TRANSLATORS: %s is the customer's name, %s a time like "5 minutes ago" */
  adw_message_dialog_format_body (dialog,
                                  _("“%s” was saved by someone else (%s) while you were editing, with other values in the same fields. Nothing of yours was saved yet."),
                                  what, when);
  adw_message_dialog_set_extra_child (dialog, versions_grid (rows));
  adw_message_dialog_add_responses (dialog,
                                    SD_EDIT_CONFLICT_KEEP_EDITING, _("_Keep Editing"),
                                    SD_EDIT_CONFLICT_USE_THEIRS, _("_Use Theirs"),
                                    SD_EDIT_CONFLICT_SAVE_MINE, _("_Save Mine"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, SD_EDIT_CONFLICT_SAVE_MINE, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, SD_EDIT_CONFLICT_KEEP_EDITING);
  adw_message_dialog_set_close_response (dialog, SD_EDIT_CONFLICT_KEEP_EDITING);
  return dialog;
}
