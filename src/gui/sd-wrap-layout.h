/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SD_TYPE_WRAP_LAYOUT (sd_wrap_layout_get_type ())
G_DECLARE_FINAL_TYPE (SdWrapLayout, sd_wrap_layout, SD, WRAP_LAYOUT, GtkLayoutManager)

/* Lays children out left to right at their natural width, starting a new line when the
 * next one does not fit: chips such as tags, packed tight. (GtkFlowBox aligns its children
 * in columns and, in GTK 4.8, overlaps lines when it is not allowed to fill.) */
GtkLayoutManager *sd_wrap_layout_new (int spacing,
                                      int line_spacing);

G_END_DECLS
