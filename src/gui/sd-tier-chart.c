/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-tier-chart"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sd-chart-draw.h"
#include "sd-tier-chart.h"
#include "sd-values.h"

/* Pixels. */
#define BAR_HEIGHT     18
#define PAIR_HEIGHT    12    /* each bar of a now/after pair */
#define PAIR_GAP       3
#define ROW_GAP        10
#define COLUMN_GAP     12
#define MIN_BAR        2     /* a count above 0 stays visible */
#define BAR_RADIUS     3

/* What a row of the chart stands for: a grade, or the customers not computed yet. */
#define ROW_NONE SD_TIER_N_GRADES

struct _SdTierChart
{
  GtkWidget     parent_instance;

  SdTierLadder *ladder;
  gint64        now[SD_TIER_N_GRADES + 1];     /* the last one: not computed yet */
  gint64        after[SD_TIER_N_GRADES + 1];
  gboolean      known;
  gboolean      has_after;
};

G_DEFINE_FINAL_TYPE (SdTierChart, sd_tier_chart, GTK_TYPE_WIDGET)

/* ---- what is drawn ---- */

static gint64
sum (const gint64 *counts)
{
  gint64 total = 0;

  for (int i = 0; i <= ROW_NONE; i++)
    total += counts[i];
  return total;
}

static gboolean
row_shown (SdTierChart *self,
           int          row)
{
  if (row == ROW_NONE)
    return self->now[ROW_NONE] > 0;
  return self->ladder->grades[row].enabled || self->now[row] > 0 || (self->has_after && self->after[row] > 0);
}

static int
n_rows (SdTierChart *self)
{
  int n = 0;

  for (int row = 0; self->known && row <= ROW_NONE; row++)
    if (row_shown (self, row))
      n++;
  return n;
}

static const char *
row_name (SdTierChart *self,
          int          row)
{
  return row == ROW_NONE ? _("Not computed yet") : sd_tier_ladder_get_name (self->ladder, row);
}

/* "3,379 · 67.6%": the count and its share of TOTAL, to a tenth of a per cent. */
static char *
value_text (gint64 count,
            gint64 total)
{
  g_autofree char *number = sd_format_count (count);
  gint64 permille = total > 0 ? (count * 1000 + total / 2) / total : 0;

  /* A few customers among many are not none. */
  if (count > 0 && permille == 0)
    return g_strdup_printf ("%s · <0.1%%", number);
  return g_strdup_printf ("%s · %d.%d%%", number, (int) (permille / 10), (int) (permille % 10));
}

static PangoLayout *
new_layout (SdTierChart *self,
            const char  *text,
            gboolean     figures)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (figures)
    {
      /* Figures line up from bar to bar. */
      PangoAttrList *attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

static int
text_width (SdTierChart *self,
            const char  *text,
            gboolean     figures)
{
  g_autoptr(PangoLayout) layout = new_layout (self, text, figures);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static int
line_height (SdTierChart *self)
{
  g_autoptr(PangoLayout) layout = new_layout (self, "0", TRUE);
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static int
row_height (SdTierChart *self)
{
  int bars = self->has_after ? 2 * PAIR_HEIGHT + PAIR_GAP : BAR_HEIGHT;

  return MAX (bars, self->has_after ? 2 * line_height (self) : line_height (self));
}

static int
legend_height (SdTierChart *self)
{
  return self->has_after ? line_height (self) + ROW_GAP : 0;
}

/* The widest name, and the widest figures. */
static void
column_widths (SdTierChart *self,
               int         *out_names,
               int         *out_values)
{
  gint64 total_now = sum (self->now);
  gint64 total_after = sum (self->after);

  *out_names = 0;
  *out_values = 0;
  for (int row = 0; row <= ROW_NONE; row++)
    {
      g_autofree char *now = NULL;
      g_autofree char *after = NULL;

      if (!row_shown (self, row))
        continue;
      *out_names = MAX (*out_names, text_width (self, row_name (self, row), FALSE));
      now = value_text (self->now[row], total_now);
      *out_values = MAX (*out_values, text_width (self, now, TRUE));
      if (self->has_after)
        {
          after = value_text (self->after[row], total_after);
          *out_values = MAX (*out_values, text_width (self, after, TRUE));
        }
    }
}

/* ---- drawing ---- */

typedef struct
{
  GdkRGBA text;
  GdkRGBA dim;
  GdkRGBA track;
  GdkRGBA now;      /* the bar of the counts now */
  GdkRGBA after;    /* the bar after a change */
  GdkRGBA none;     /* customers not computed yet */
} Palette;

/* From the style: the text colour and the accent, as the light or dark style has them. */
static void
get_palette (SdTierChart *self,
             Palette     *palette)
{
  GdkRGBA accent;

  sd_chart_get_colors (GTK_WIDGET (self), 0.7f, &palette->text, &palette->dim, &accent);
  palette->track = palette->text;
  palette->track.alpha *= 0.08f;
  palette->none = palette->text;
  palette->none.alpha *= 0.3f;
  palette->after = accent;
  /* Beside the accent "after", the bar of now steps back. */
  palette->now = self->has_after ? palette->none : accent;
}

/* A bar of COUNT out of SCALE over WIDTH, its figures after the track. */
static void
draw_counted_bar (SdTierChart   *self,
                  GtkSnapshot   *snapshot,
                  const Palette *palette,
                  float          x,
                  float          y,
                  float          width,
                  float          height,
                  gint64         count,
                  gint64         scale,
                  gint64         total,
                  const GdkRGBA *color)
{
  g_autofree char *text = value_text (count, total);
  g_autoptr(PangoLayout) layout = new_layout (self, text, TRUE);
  float length = scale > 0 ? width * (float) count / (float) scale : 0;
  int text_height;

  if (count > 0)
    length = MAX (length, MIN_BAR);
  sd_chart_draw_bar (snapshot, x, y, width, height, BAR_RADIUS, &palette->track);
  sd_chart_draw_bar (snapshot, x, y, length, height, BAR_RADIUS, color);
  pango_layout_get_pixel_size (layout, NULL, &text_height);
  sd_chart_draw_text (snapshot, layout, x + width + COLUMN_GAP, y + (height - text_height) / 2, &palette->dim);
}

static void
draw_legend (SdTierChart   *self,
             GtkSnapshot   *snapshot,
             const Palette *palette,
             float          x)
{
  const char *labels[] = { _("Now"), _("After the change") };
  const GdkRGBA *colors[] = { &palette->now, &palette->after };

  sd_chart_draw_legend (GTK_WIDGET (self), snapshot, labels, colors, G_N_ELEMENTS (labels), x, line_height (self),
                        2 * COLUMN_GAP, BAR_RADIUS, &palette->text);
}

static void
sd_tier_chart_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  SdTierChart *self = SD_TIER_CHART (widget);
  gint64 total_now = sum (self->now);
  gint64 total_after = sum (self->after);
  gint64 scale = 0;
  int names, values, row_h, y;
  float bar_x, bar_width;
  Palette palette;

  if (!self->known)
    return;
  get_palette (self, &palette);
  if (total_now == 0 && total_after == 0)
    {
      sd_chart_draw_empty (widget, snapshot, _("No customers yet"), &palette.dim);
      return;
    }

  column_widths (self, &names, &values);
  /* Long names give way to the bars. */
  names = MIN (names, gtk_widget_get_width (widget) * 2 / 5);
  bar_x = names + COLUMN_GAP;
  bar_width = MAX (gtk_widget_get_width (widget) - bar_x - COLUMN_GAP - values, 1);
  /* One scale for every bar, now and after: the largest grade fills the width. */
  for (int row = 0; row <= ROW_NONE; row++)
    scale = MAX (scale, MAX (self->now[row], self->has_after ? self->after[row] : 0));

  row_h = row_height (self);
  y = legend_height (self);
  if (self->has_after)
    draw_legend (self, snapshot, &palette, bar_x);
  for (int row = 0; row <= ROW_NONE; row++)
    {
      g_autoptr(PangoLayout) name = NULL;
      int name_height;

      if (!row_shown (self, row))
        continue;
      name = new_layout (self, row_name (self, row), FALSE);
      pango_layout_set_width (name, names * PANGO_SCALE);
      pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (name, NULL, &name_height);
      sd_chart_draw_text (snapshot, name, 0, y + (row_h - name_height) / 2.0f, &palette.text);

      if (!self->has_after)
        draw_counted_bar (self, snapshot, &palette, bar_x, y + (row_h - BAR_HEIGHT) / 2.0f, bar_width, BAR_HEIGHT,
                          self->now[row], scale, total_now, row == ROW_NONE ? &palette.none : &palette.now);
      else
        {
          float top = y + (row_h - 2 * PAIR_HEIGHT - PAIR_GAP) / 2.0f;

          draw_counted_bar (self, snapshot, &palette, bar_x, top, bar_width, PAIR_HEIGHT,
                            self->now[row], scale, total_now, &palette.now);
          draw_counted_bar (self, snapshot, &palette, bar_x, top + PAIR_HEIGHT + PAIR_GAP, bar_width, PAIR_HEIGHT,
                            self->after[row], scale, total_after, &palette.after);
        }
      y += row_h + ROW_GAP;
    }
}

static void
sd_tier_chart_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  SdTierChart *self = SD_TIER_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 480;
    }
  else
    {
      gboolean empty = sum (self->now) == 0 && sum (self->after) == 0;
      int rows = n_rows (self);

      /* No customers: a line saying so, not a column of empty bars. */
      *minimum = *natural = rows == 0 || empty
                              ? 3 * line_height (self)
                              : legend_height (self) + rows * row_height (self) + (rows - 1) * ROW_GAP;
    }
}

static void
update (SdTierChart *self)
{
  g_autofree char *description = sd_tier_chart_describe (self);

  sd_chart_changed (GTK_WIDGET (self), description, TRUE);
}

/* ---- the object ---- */

static void
sd_tier_chart_finalize (GObject *object)
{
  SdTierChart *self = SD_TIER_CHART (object);

  g_clear_pointer (&self->ladder, sd_tier_ladder_free);
  G_OBJECT_CLASS (sd_tier_chart_parent_class)->finalize (object);
}

static void
sd_tier_chart_class_init (SdTierChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sd_tier_chart_finalize;
  widget_class->snapshot = sd_tier_chart_snapshot;
  widget_class->measure = sd_tier_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "tierchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sd_tier_chart_init (SdTierChart *self)
{
  self->ladder = sd_tier_ladder_new_default ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Customers per grade"), -1);
  /* The colours come from the style: draw again when it changes (light ↔ dark). */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
}

/* ---- public API ---- */

GtkWidget *
sd_tier_chart_new (void)
{
  return g_object_new (SD_TYPE_TIER_CHART, NULL);
}

void
sd_tier_chart_set_ladder (SdTierChart        *self,
                          const SdTierLadder *ladder)
{
  g_return_if_fail (SD_IS_TIER_CHART (self));

  g_clear_pointer (&self->ladder, sd_tier_ladder_free);
  self->ladder = ladder != NULL ? sd_tier_ladder_copy (ladder) : sd_tier_ladder_new_default ();
  update (self);
}

void
sd_tier_chart_set_counts (SdTierChart  *self,
                          const gint64  counts[SD_TIER_N_GRADES],
                          gint64        none)
{
  g_return_if_fail (SD_IS_TIER_CHART (self));
  g_return_if_fail (counts != NULL);

  self->known = none >= 0;
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      self->now[g] = MAX (counts[g], 0);
      self->known = self->known && counts[g] >= 0;
    }
  self->now[ROW_NONE] = MAX (none, 0);
  update (self);
}

void
sd_tier_chart_set_after (SdTierChart  *self,
                         const gint64  after[SD_TIER_N_GRADES])
{
  g_return_if_fail (SD_IS_TIER_CHART (self));

  self->has_after = after != NULL;
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    self->after[g] = after != NULL ? after[g] : 0;
  /* A recompute places everyone. */
  self->after[ROW_NONE] = 0;
  update (self);
}

char *
sd_tier_chart_describe (SdTierChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 total_now, total_after;

  g_return_val_if_fail (SD_IS_TIER_CHART (self), NULL);

  total_now = sum (self->now);
  total_after = sum (self->after);
  for (int row = 0; self->known && row <= ROW_NONE; row++)
    {
      g_autofree char *now = NULL;

      if (!row_shown (self, row))
        continue;
      now = value_text (self->now[row], total_now);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (self->has_after)
        {
          g_autofree char *after = value_text (self->after[row], total_after);
          /* TRANSLATORS: a grade in the chart, its count now and after a change: "高级会员: 939 · 18.8% → 1,204 · 24.1%" */
          g_string_append_printf (text, _("%s: %s → %s"), row_name (self, row), now, after);
        }
      else
        /* TRANSLATORS: a grade in the chart and its count: "高级会员: 939 · 18.8%" */
        g_string_append_printf (text, _("%s: %s"), row_name (self, row), now);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
