/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-wrap-layout"

#include "sd-wrap-layout.h"

struct _SdWrapLayout
{
  GtkLayoutManager parent_instance;

  int              spacing;
  int              line_spacing;
};

G_DEFINE_FINAL_TYPE (SdWrapLayout, sd_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

/* Places the children in lines no wider than WIDTH (allocating them when ALLOCATE);
 * the height the lines take. */
static int
flow (SdWrapLayout *self,
      GtkWidget    *widget,
      int           width,
      gboolean      allocate)
{
  int x = 0, y = 0, line_height = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min_width, nat_width, min_height, nat_height, child_width;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &nat_width, NULL,
                          NULL);
      child_width = MAX (min_width, MIN (nat_width, width));
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, &min_height, &nat_height,
                          NULL, NULL);
      if (x > 0 && x + child_width > width)
        {
          y += line_height + self->line_spacing;
          x = 0;
          line_height = 0;
        }
      if (allocate)
        gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, child_width, nat_height }, -1);
      x += child_width + self->spacing;
      line_height = MAX (line_height, nat_height);
    }
  return y + line_height;
}

static GtkSizeRequestMode
sd_wrap_layout_get_request_mode (GtkLayoutManager *manager,
                                 GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sd_wrap_layout_measure (GtkLayoutManager *manager,
                        GtkWidget        *widget,
                        GtkOrientation    orientation,
                        int               for_size,
                        int              *minimum,
                        int              *natural,
                        int              *minimum_baseline,
                        int              *natural_baseline)
{
  SdWrapLayout *self = SD_WRAP_LAYOUT (manager);
  int min = 0, nat = 0, n = 0;

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      int width = for_size;

      /* No width given: as wide as all in one line. */
      if (width < 0)
        sd_wrap_layout_measure (manager, widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL,
                                NULL);
      min = flow (self, widget, width, FALSE);
      if (minimum != NULL)
        *minimum = min;
      if (natural != NULL)
        *natural = min;
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL,
                          NULL);
      min = MAX (min, child_min);
      nat += child_nat + (n++ > 0 ? self->spacing : 0);
    }
  if (minimum != NULL)
    *minimum = min;
  if (natural != NULL)
    *natural = nat;
}

static void
sd_wrap_layout_allocate (GtkLayoutManager *manager,
                         GtkWidget        *widget,
                         int               width,
                         int               height,
                         int               baseline)
{
  flow (SD_WRAP_LAYOUT (manager), widget, width, TRUE);
}

static void
sd_wrap_layout_class_init (SdWrapLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->get_request_mode = sd_wrap_layout_get_request_mode;
  layout_class->measure = sd_wrap_layout_measure;
  layout_class->allocate = sd_wrap_layout_allocate;
}

static void
sd_wrap_layout_init (SdWrapLayout *self)
{
}

GtkLayoutManager *
sd_wrap_layout_new (int spacing,
                    int line_spacing)
{
  SdWrapLayout *self = g_object_new (SD_TYPE_WRAP_LAYOUT, NULL);

  self->spacing = MAX (spacing, 0);
  self->line_spacing = MAX (line_spacing, 0);
  return GTK_LAYOUT_MANAGER (self);
}
