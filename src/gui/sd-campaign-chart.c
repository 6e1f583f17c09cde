/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-campaign-chart"

#include <glib/gi18n.h>

#include "sd-campaign-chart.h"
#include "sd-chart-draw.h"
#include "sd-values.h"

#define CHART_HEIGHT  180
#define LEGEND_HEIGHT 24
#define AXIS_HEIGHT   20
#define BAR_GAP       2.0f

struct _SdCampaignChart
{
  GtkWidget  parent_instance;

  GArray    *days;   /* SdCampaignDay */
};

G_DEFINE_FINAL_TYPE (SdCampaignChart, sd_campaign_chart, GTK_TYPE_WIDGET)

typedef struct
{
  GdkRGBA text;
  GdkRGBA dim;
  GdkRGBA delivered;
  GdkRGBA orders;
} Palette;

static void
lookup_palette (SdCampaignChart *self,
                Palette         *palette)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  sd_chart_get_colors (GTK_WIDGET (self), 0.55f, &palette->text, &palette->dim, &palette->delivered);
  if (!gtk_style_context_lookup_color (context, "success_color", &palette->orders))
    palette->orders = palette->dim;
}

/* A bar standing on BOTTOM. */
static void
draw_bar (GtkSnapshot   *snapshot,
          float          x,
          float          bottom,
          float          width,
          float          height,
          const GdkRGBA *color)
{
  sd_chart_draw_bar (snapshot, x, bottom - height, width, height, 0, color);
}

static char *
day_label (gint64 day)
{
  GTimeZone *zone = sd_shop_time_zone ();   /* the shop's, not ours to free */
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (day);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, zone) : NULL;

  return local != NULL ? g_date_time_format (local, "%m-%d") : g_strdup ("?");
}

static void
draw_legend (SdCampaignChart *self,
             GtkSnapshot     *snapshot,
             const Palette   *palette,
             gint64           max_delivered,
             gint64           max_orders)
{
  g_autofree char *delivered_max = sd_format_count (max_delivered);
  g_autofree char *orders_max = sd_format_count (max_orders);
  /* TRANSLATORS: the campaign chart's legend; %s is the largest day's count */
  g_autofree char *delivered = g_strdup_printf (_("Delivered (up to %s a day)"), delivered_max);
  g_autofree char *orders = g_strdup_printf (_("Orders (up to %s a day)"), orders_max);
  const char *texts[] = { delivered, orders };
  const GdkRGBA *colors[] = { &palette->delivered, &palette->orders };

  sd_chart_draw_legend (GTK_WIDGET (self), snapshot, texts, colors, G_N_ELEMENTS (texts), 0, LEGEND_HEIGHT, 24, 0,
                        &palette->text);
}

static void
sd_campaign_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  SdCampaignChart *self = SD_CAMPAIGN_CHART (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float bottom = height - AXIS_HEIGHT;
  float area = bottom - LEGEND_HEIGHT - 8;
  gint64 max_delivered = 0, max_orders = 0;
  Palette palette;
  float slot;
  guint label_every;

  lookup_palette (self, &palette);
  if (self->days == NULL || self->days->len == 0)
    {
      sd_chart_draw_empty (widget, snapshot, _("No days yet: the chart starts when sending does"), &palette.dim);
      return;
    }
  for (guint i = 0; i < self->days->len; i++)
    {
      const SdCampaignDay *day = &g_array_index (self->days, SdCampaignDay, i);
      max_delivered = MAX (max_delivered, day->delivered);
      max_orders = MAX (max_orders, day->orders);
    }
  draw_legend (self, snapshot, &palette, max_delivered, max_orders);

  slot = width / self->days->len;
  /* Dates under every bar when they fit, else under every few. */
  label_every = sd_chart_label_every (slot, 48.0f);
  for (guint i = 0; i < self->days->len; i++)
    {
      const SdCampaignDay *day = &g_array_index (self->days, SdCampaignDay, i);
      float x = i * slot;
      float bar = MAX (1.0f, (slot - 3 * BAR_GAP) / 2);

      if (max_delivered > 0)
        draw_bar (snapshot, x + BAR_GAP, bottom, bar, area * day->delivered / max_delivered, &palette.delivered);
      if (max_orders > 0)
        draw_bar (snapshot, x + 2 * BAR_GAP + bar, bottom, bar, area * day->orders / max_orders, &palette.orders);
      if (i % label_every == 0)
        {
          g_autofree char *text = day_label (day->day);

          sd_chart_draw_centred (widget, snapshot, text, x + slot / 2.0f, bottom, AXIS_HEIGHT, G_MAXFLOAT,
                                 &palette.dim);
        }
    }
  gtk_snapshot_append_color (snapshot, &palette.dim, &GRAPHENE_RECT_INIT (0, bottom, width, 1));
}

static void
sd_campaign_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  sd_chart_measure (orientation, CHART_HEIGHT, 480, minimum, natural);
}

static void
sd_campaign_chart_finalize (GObject *object)
{
  SdCampaignChart *self = SD_CAMPAIGN_CHART (object);

  g_clear_pointer (&self->days, g_array_unref);
  G_OBJECT_CLASS (sd_campaign_chart_parent_class)->finalize (object);
}

static void
sd_campaign_chart_class_init (SdCampaignChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sd_campaign_chart_finalize;
  widget_class->snapshot = sd_campaign_chart_snapshot;
  widget_class->measure = sd_campaign_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sd_campaign_chart_init (SdCampaignChart *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
sd_campaign_chart_new (void)
{
  return g_object_new (SD_TYPE_CAMPAIGN_CHART, NULL);
}

void
sd_campaign_chart_set_days (SdCampaignChart *self,
                            GArray          *days)
{
  g_autofree char *description = NULL;

  g_return_if_fail (SD_IS_CAMPAIGN_CHART (self));

  g_clear_pointer (&self->days, g_array_unref);
  if (days != NULL)
    {
      self->days = g_array_sized_new (FALSE, FALSE, sizeof (SdCampaignDay), days->len);
      g_array_append_vals (self->days, days->data, days->len);
    }
  description = sd_campaign_chart_describe (self);
  sd_chart_changed (GTK_WIDGET (self), description, FALSE);
}

char *
sd_campaign_chart_describe (SdCampaignChart *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (SD_IS_CAMPAIGN_CHART (self), NULL);

  for (guint i = 0; self->days != NULL && i < self->days->len; i++)
    {
      const SdCampaignDay *day = &g_array_index (self->days, SdCampaignDay, i);
      g_autofree char *date = day_label (day->day);
      g_autofree char *delivered = sd_format_count (day->delivered);
      g_autofree char *orders = sd_format_count (day->orders);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: a day of the campaign chart: "11-23: 1,234 delivered, 12 orders" */
      g_string_append_printf (text, _("%s: %s delivered, %s orders"), date, delivered, orders);
    }
  return g_string_free (text, FALSE);
}
