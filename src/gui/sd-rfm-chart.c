/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-rfm-chart"

#include <glib/gi18n.h>

#include "sd-rfm-chart.h"
#include "sd-values.h"

#define N_SHADES 6

struct _SdRfmChart
{
  AdwBin     parent_instance;

  GtkWidget *cells[SD_RFM_SCORES][SD_RFM_SCORES];    /* [r - 1][f - 1], buttons */
  GtkLabel  *counts[SD_RFM_SCORES][SD_RFM_SCORES];
};

G_DEFINE_FINAL_TYPE (SdRfmChart, sd_rfm_chart, ADW_TYPE_BIN)

enum {
  CELL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cell_clicked_cb (GtkButton  *button,
                 SdRfmChart *self)
{
  int r = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "r"));
  int f = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "f"));

  g_signal_emit (self, signals[CELL_ACTIVATED], 0, r, f);
}

static GtkWidget *
axis_label (const char *text,
            const char *tooltip,
            float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_set_tooltip_text (label, tooltip);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static GtkWidget *
cell_new (SdRfmChart *self,
          int         r,
          int         f)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *count = gtk_label_new ("—");
  GtkWidget *group = gtk_label_new (sd_rfm_group_get_label (sd_rfm_group_for_scores (r, f)));
  g_autofree char *name = g_strdup_printf ("cell-r%d-f%d", r, f);

  gtk_widget_add_css_class (count, "title-4");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_add_css_class (group, "caption");
  gtk_label_set_wrap (GTK_LABEL (group), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (group), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (group), 2);
  gtk_label_set_ellipsize (GTK_LABEL (group), PANGO_ELLIPSIZE_END);
  gtk_label_set_justify (GTK_LABEL (group), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (group), 10);
  gtk_box_append (GTK_BOX (box), count);
  gtk_box_append (GTK_BOX (box), group);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), box);

  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "rfm-cell");
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_set_vexpand (button, TRUE);
  g_object_set_data (G_OBJECT (button), "r", GINT_TO_POINTER (r));
  g_object_set_data (G_OBJECT (button), "f", GINT_TO_POINTER (f));
  g_signal_connect_object (button, "clicked", G_CALLBACK (cell_clicked_cb), self, 0);
  self->counts[r - 1][f - 1] = GTK_LABEL (count);
  return button;
}

/* The cell's look and words: its count, its shade and what a click does. */
static void
fill_cell (SdRfmChart *self,
           int         r,
           int         f,
           gint64      count,
           gint64      max,
           gint64      scored)
{
  static const char *shades[N_SHADES] = { "shade-0", "shade-1", "shade-2", "shade-3", "shade-4", "shade-5" };
  GtkWidget *cell = self->cells[r - 1][f - 1];
  int shade = sd_rfm_chart_shade (count, max);
  g_autofree char *text = count >= 0 ? sd_format_count (count) : g_strdup ("—");
  g_autofree char *percent = NULL;
  g_autofree char *tooltip = NULL;

  gtk_label_set_label (self->counts[r - 1][f - 1], text);
  for (int i = 0; i < N_SHADES; i++)
    gtk_widget_remove_css_class (cell, shades[i]);
  gtk_widget_add_css_class (cell, shades[shade]);

  percent = g_strdup_printf ("%.1f", scored > 0 ? 100.0 * (double) MAX (count, 0) / (double) scored : 0.0);
  /* TRANSLATORS: tooltip of a cell of the RFM grid: "R5 · F4: 1,234 customers (12.3% of those scored), Champions. Click to list them." */
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "R%d · F%d: %s customer (%s%% of those scored), %s. Click to list them.",
                                          "R%d · F%d: %s customers (%s%% of those scored), %s. Click to list them.",
                                          (gulong) MAX (count, 0)),
                             r, f, text, percent, sd_rfm_group_get_label (sd_rfm_group_for_scores (r, f)));
  gtk_widget_set_tooltip_text (cell, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_sensitive (cell, count > 0);
}

static void
build_grid (SdRfmChart *self,
            GtkGrid    *grid)
{
  GtkWidget *frequency = axis_label (_("Frequency (F) → buys more often"),
                                     _("F: how many orders, 1 (fewest) to 5 (most), against the shop’s other customers"), 0.5);
  GtkWidget *recency = axis_label (_("Recency (R)"),
                                   _("R: how recent the last order is, 5 (most recent) to 1 (longest ago)"), 0.0);

  gtk_grid_attach (grid, recency, 0, 0, 1, 2);
  gtk_widget_set_valign (recency, GTK_ALIGN_END);
  gtk_grid_attach (grid, frequency, 1, 0, SD_RFM_SCORES, 1);
  for (int f = 1; f <= SD_RFM_SCORES; f++)
    {
      g_autofree char *text = g_strdup_printf ("F%d", f);
      gtk_grid_attach (grid, axis_label (text, NULL, 0.5), f, 1, 1, 1);
    }
  /* Most recent on top, as people read a ranking. */
  for (int r = SD_RFM_SCORES; r >= 1; r--)
    {
      int row = 2 + SD_RFM_SCORES - r;
      g_autofree char *text = NULL;

      if (r == SD_RFM_SCORES)
        /* TRANSLATORS: the top row of the RFM grid */
        text = g_strdup_printf (_("R%d · recent"), r);
      else if (r == 1)
        /* TRANSLATORS: the bottom row of the RFM grid */
        text = g_strdup_printf (_("R%d · long ago"), r);
      else
        text = g_strdup_printf ("R%d", r);
      gtk_grid_attach (grid, axis_label (text, NULL, 0.0), 0, row, 1, 1);
      for (int f = 1; f <= SD_RFM_SCORES; f++)
        {
          self->cells[r - 1][f - 1] = cell_new (self, r, f);
          gtk_grid_attach (grid, self->cells[r - 1][f - 1], f, row, 1, 1);
        }
    }
}

static void
sd_rfm_chart_class_init (SdRfmChartClass *klass)
{
  signals[CELL_ACTIVATED] = g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);
}

static void
sd_rfm_chart_init (SdRfmChart *self)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_row_homogeneous (GTK_GRID (grid), FALSE);
  build_grid (self, GTK_GRID (grid));
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Customers by recency and frequency"), -1);
  adw_bin_set_child (ADW_BIN (self), grid);
  sd_rfm_chart_set_grid (self, NULL);
}

GtkWidget *
sd_rfm_chart_new (void)
{
  return g_object_new (SD_TYPE_RFM_CHART, NULL);
}

void
sd_rfm_chart_set_grid (SdRfmChart      *self,
                       const SdRfmGrid *grid)
{
  gint64 max = 0;

  g_return_if_fail (SD_IS_RFM_CHART (self));

  for (int r = 0; grid != NULL && r < SD_RFM_SCORES; r++)
    for (int f = 0; f < SD_RFM_SCORES; f++)
      max = MAX (max, grid->cells[r][f]);
  for (int r = 1; r <= SD_RFM_SCORES; r++)
    for (int f = 1; f <= SD_RFM_SCORES; f++)
      fill_cell (self, r, f, grid ? grid->cells[r - 1][f - 1] : -1, max, grid ? grid->scored : 0);
}

int
sd_rfm_chart_shade (gint64 count,
                    gint64 max)
{
  if (count <= 0 || max <= 0)
    return 0;
  /* 1 … 5: the share of the largest, rounded up to a fifth. */
  return (int) MIN ((count * (N_SHADES - 1) + max - 1) / max, N_SHADES - 1);
}
