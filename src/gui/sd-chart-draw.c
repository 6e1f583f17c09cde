/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-chart-draw"

#include "sd-chart-draw.h"

#define SWATCH      10
#define SWATCH_TEXT 16   /* from a swatch's left edge to its label */

void
sd_chart_get_colors (GtkWidget *chart,
                     float      dim_alpha,
                     GdkRGBA   *text,
                     GdkRGBA   *dim,
                     GdkRGBA   *accent)
{
  GtkStyleContext *context;

  g_return_if_fail (GTK_IS_WIDGET (chart));
  g_return_if_fail (text != NULL && dim != NULL && accent != NULL);

  context = gtk_widget_get_style_context (chart);
  gtk_style_context_get_color (context, text);
  *dim = *text;
  dim->alpha *= dim_alpha;
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", accent))
    *accent = *text;
}

void
sd_chart_draw_text (GtkSnapshot   *snapshot,
                    PangoLayout   *layout,
                    float          x,
                    float          y,
                    const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

void
sd_chart_draw_centred (GtkWidget     *chart,
                       GtkSnapshot   *snapshot,
                       const char    *text,
                       float          x,
                       float          y,
                       float          height,
                       float          max_width,
                       const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (chart, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (w > max_width)
    return;
  sd_chart_draw_text (snapshot, layout, x - w / 2.0f, height > 0 ? y + (height - h) / 2.0f : y, color);
}

void
sd_chart_draw_empty (GtkWidget     *chart,
                     GtkSnapshot   *snapshot,
                     const char    *text,
                     const GdkRGBA *color)
{
  sd_chart_draw_centred (chart, snapshot, text, gtk_widget_get_width (chart) / 2.0f, 0,
                         gtk_widget_get_height (chart), G_MAXFLOAT, color);
}

void
sd_chart_draw_bar (GtkSnapshot   *snapshot,
                   float          x,
                   float          y,
                   float          width,
                   float          height,
                   float          radius,
                   const GdkRGBA *color)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (x, y, width, height);
  GskRoundedRect rounded;

  if (height <= 0 || width <= 0)
    return;
  if (radius <= 0)
    {
      gtk_snapshot_append_color (snapshot, color, &bounds);
      return;
    }
  gsk_rounded_rect_init_from_rect (&rounded, &bounds, MIN (radius, height / 2));
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, &bounds);
  gtk_snapshot_pop (snapshot);
}

void
sd_chart_draw_legend (GtkWidget             *chart,
                      GtkSnapshot           *snapshot,
                      const char * const    *labels,
                      const GdkRGBA * const *colors,
                      guint                  n_items,
                      float                  x,
                      float                  height,
                      float                  gap,
                      float                  radius,
                      const GdkRGBA         *text)
{
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (chart, labels[i]);
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      sd_chart_draw_bar (snapshot, x, (height - SWATCH) / 2.0f, SWATCH, SWATCH, radius, colors[i]);
      sd_chart_draw_text (snapshot, layout, x + SWATCH_TEXT, (height - h) / 2.0f, text);
      x += SWATCH_TEXT + w + gap;
    }
}

void
sd_chart_measure (GtkOrientation  orientation,
                  int             height,
                  int             natural_width,
                  int            *minimum,
                  int            *natural)
{
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = height;
  else
    {
      *minimum = 200;
      *natural = natural_width;
    }
}

guint
sd_chart_label_every (float slot,
                      float label_width)
{
  return MAX (1u, (guint) (label_width / MAX (slot, 1.0f)) + 1);
}

void
sd_chart_changed (GtkWidget  *chart,
                  const char *description,
                  gboolean    resize)
{
  g_return_if_fail (GTK_IS_WIDGET (chart));

  gtk_accessible_update_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  if (resize)
    gtk_widget_queue_resize (chart);
  else
    gtk_widget_queue_draw (chart);
}
