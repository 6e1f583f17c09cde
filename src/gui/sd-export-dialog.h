/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-customer-query.h"
#include "sd-window.h"

G_BEGIN_DECLS

#define SD_TYPE_EXPORT_DIALOG (sd_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdExportDialog, sd_export_dialog, SD, EXPORT_DIALOG, AdwWindow)

/* Exports customers: all of them, those of QUERY (the list's current search and filters;
 * NULL: none), or the selected ones (SELECTED: gint64 ids; NULL or empty: no selection). */
void sd_export_dialog_present (SdWindow              *window,
                               const SdCustomerQuery *query,
                               GArray                *selected);

G_END_DECLS
