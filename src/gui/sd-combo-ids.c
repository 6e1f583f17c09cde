/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-combo-ids"

#include "sd-combo-ids.h"

gint64
sd_combo_ids_get_selected (AdwComboRow *row,
                           GArray      *ids)
{
  guint i;

  g_return_val_if_fail (ADW_IS_COMBO_ROW (row), 0);
  g_return_val_if_fail (ids != NULL, 0);

  i = adw_combo_row_get_selected (row);
  return i < ids->len ? g_array_index (ids, gint64, i) : 0;
}

void
sd_combo_ids_select (AdwComboRow *row,
                     GArray      *ids,
                     gint64       id)
{
  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  g_return_if_fail (ids != NULL);

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
}
