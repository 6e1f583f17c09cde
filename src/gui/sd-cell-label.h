/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A cell of a column view: one line of text cut short with an ellipsis. Its tooltip shows
 * the exact value given with sd_cell_label_take_exact() (the time of a relative date), else
 * the whole text when it is cut short, else nothing. */

/* NUMERIC: figures of one width, so that a column of them lines up. */
GtkWidget *sd_cell_label_new        (float     xalign,
                                     gboolean  numeric);
/* What the tooltip shows instead of the text; NULL for none. Takes EXACT. */
void       sd_cell_label_take_exact (GtkLabel *label,
                                     char     *exact);

G_END_DECLS
