/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-kpi-chart"

#include <glib/gi18n.h>
#include <math.h>

#include "sd-chart-draw.h"
#include "sd-kpi-chart.h"
#include "sd-kpi-format.h"

#define CHART_HEIGHT  170
#define AXIS_HEIGHT   22
#define VALUE_HEIGHT  18
#define BAR_GAP       4.0f

typedef struct
{
  gint64 start;
  double value;
} Point;

struct _SdKpiChart
{
  GtkWidget    parent_instance;

  GArray      *points;   /* Point, oldest first */
  SdKpiBucket  bucket;
  SdKpiFigure  figure;
};

G_DEFINE_FINAL_TYPE (SdKpiChart, sd_kpi_chart, GTK_TYPE_WIDGET)

static void
sd_kpi_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  SdKpiChart *self = SD_KPI_CHART (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float bottom = height - AXIS_HEIGHT;
  float area = bottom - VALUE_HEIGHT - 4;
  double max = 0;
  GdkRGBA text, dim, bar_color;
  float slot;
  guint label_every;

  sd_chart_get_colors (widget, 0.55f, &text, &dim, &bar_color);
  if (self->points == NULL || self->points->len == 0)
    {
      sd_chart_draw_empty (widget, snapshot, _("Nothing to chart in this period"), &dim);
      return;
    }
  for (guint i = 0; i < self->points->len; i++)
    {
      double value = g_array_index (self->points, Point, i).value;
      if (!isnan (value))
        max = MAX (max, value);
    }

  /* The largest value's guide line, labelled at its left end. */
  if (max > 0)
    {
      g_autofree char *label = sd_kpi_format_value (self->figure, max);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, label);
      float top = bottom - area;
      GdkRGBA guide = dim;

      guide.alpha *= 0.4f;
      gtk_snapshot_append_color (snapshot, &guide, &GRAPHENE_RECT_INIT (0, top, width, 1));
      sd_chart_draw_text (snapshot, layout, 0, top - VALUE_HEIGHT, &dim);
    }

  slot = width / self->points->len;
  /* Dates under every bar when they fit, else under every few. */
  label_every = sd_chart_label_every (slot, 56.0f);
  for (guint i = 0; i < self->points->len; i++)
    {
      const Point *point = &g_array_index (self->points, Point, i);
      float x = i * slot;
      float bar = MAX (1.0f, MIN (slot - 2 * BAR_GAP, 64.0f));
      float left = x + (slot - bar) / 2.0f;
      float h = !isnan (point->value) && max > 0 ? (float) (area * point->value / max) : 0;
      g_autofree char *value = sd_kpi_format_value (self->figure, point->value);

      sd_chart_draw_bar (snapshot, left, bottom - h, bar, h, 0, &bar_color);
      sd_chart_draw_centred (widget, snapshot, value, x + slot / 2.0f, bottom - h - VALUE_HEIGHT, 0, slot, &text);
      if (i % label_every == 0)
        {
          g_autofree char *date = sd_kpi_format_bucket (point->start, self->bucket);
          sd_chart_draw_centred (widget, snapshot, date, x + slot / 2.0f, bottom + 3, 0, slot * label_every, &dim);
        }
    }
  gtk_snapshot_append_color (snapshot, &dim, &GRAPHENE_RECT_INIT (0, bottom, width, 1));
}

static void
sd_kpi_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  sd_chart_measure (orientation, CHART_HEIGHT, 600, minimum, natural);
}

static void
sd_kpi_chart_finalize (GObject *object)
{
  SdKpiChart *self = SD_KPI_CHART (object);

  g_clear_pointer (&self->points, g_array_unref);
  G_OBJECT_CLASS (sd_kpi_chart_parent_class)->finalize (object);
}

static void
sd_kpi_chart_class_init (SdKpiChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sd_kpi_chart_finalize;
  widget_class->snapshot = sd_kpi_chart_snapshot;
  widget_class->measure = sd_kpi_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sd_kpi_chart_init (SdKpiChart *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
sd_kpi_chart_new (void)
{
  return g_object_new (SD_TYPE_KPI_CHART, NULL);
}

void
sd_kpi_chart_set_report (SdKpiChart        *self,
                         const SdKpiReport *report,
                         SdKpiFigure        figure)
{
  g_autofree char *description = NULL;

  g_return_if_fail (SD_IS_KPI_CHART (self));
  g_return_if_fail (figure < SD_KPI_N);

  g_clear_pointer (&self->points, g_array_unref);
  self->figure = figure;
  if (report != NULL)
    {
      self->bucket = report->query.bucket;
      self->points = g_array_sized_new (FALSE, FALSE, sizeof (Point), report->rows->len);
      for (guint i = 0; i < report->rows->len; i++)
        {
          const SdKpiRow *row = g_ptr_array_index (report->rows, i);
          Point point = { row->start, row->values[figure] };
          g_array_append_val (self->points, point);
        }
    }
  description = sd_kpi_chart_describe (self);
  sd_chart_changed (GTK_WIDGET (self), description, FALSE);
}

char *
sd_kpi_chart_describe (SdKpiChart *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (SD_IS_KPI_CHART (self), NULL);

  for (guint i = 0; self->points != NULL && i < self->points->len; i++)
    {
      const Point *point = &g_array_index (self->points, Point, i);
      g_autofree char *date = sd_kpi_format_bucket (point->start, self->bucket);
      g_autofree char *value = sd_kpi_format_value (self->figure, point->value);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: a bucket of the KPI chart: "03-02: 27 s" */
      g_string_append_printf (text, _("%s: %s"), date, value);
    }
  return g_string_free (text, FALSE);
}
