/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A combo row of names whose items stand for the gint64 ids in IDS, in the same order. */

/* The id of ROW's selected item; 0 when none is. */
gint64 sd_combo_ids_get_selected (AdwComboRow *row,
                                  GArray      *ids);
/* Selects ROW's item for ID; leaves the selection where it is when no item has it. */
void   sd_combo_ids_select       (AdwComboRow *row,
                                  GArray      *ids,
                                  gint64       id);

G_END_DECLS
