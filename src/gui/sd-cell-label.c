/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-cell-label"

#include "sd-cell-label.h"

#define EXACT_KEY "sd-cell-label-exact"

static gboolean
query_tooltip_cb (GtkLabel   *label,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *exact = g_object_get_data (G_OBJECT (label), EXACT_KEY);

  if (exact != NULL)
    {
      gtk_tooltip_set_text (tooltip, exact);
      return TRUE;
    }
  if (pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    {
      gtk_tooltip_set_text (tooltip, gtk_label_get_label (label));
      return TRUE;
    }
  return FALSE;
}

GtkWidget *
sd_cell_label_new (float    xalign,
                   gboolean numeric)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  /* Asked for when hovered: setting a tooltip on every bind costs an X round trip a
   * cell, which made a jump through a long list take a third of a second. */
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  return label;
}

void
sd_cell_label_take_exact (GtkLabel *label,
                          char     *exact)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  g_object_set_data_full (G_OBJECT (label), EXACT_KEY, exact, g_free);
}
