/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sd-import.h"

G_BEGIN_DECLS

/* What the import dialogs (customers and orders, chat logs) show of a running import and of
 * how it ended, alike. */

/* An import's progress, written by its thread and read by a timer on the main thread. */
typedef struct
{
  GMutex           lock;
  SdImportProgress progress;
  gboolean         reported;   /* the import has said how far it is at least once */
} SdImportShared;

void     sd_import_shared_init   (SdImportShared         *shared);
void     sd_import_shared_clear  (SdImportShared         *shared);
/* An SdImportProgressFunc, with SHARED as its user data. */
void     sd_import_shared_report (const SdImportProgress *progress,
                                  gpointer                shared);
/* The progress last reported into OUT; whether there was any. */
gboolean sd_import_shared_read   (SdImportShared         *shared,
                                  SdImportProgress       *out);

/* BAR at the share of the file read, or pulsing while that is not known or every byte is
 * read; whether it shows a share. */
gboolean sd_import_show_fraction (GtkProgressBar         *bar,
                                  const SdImportProgress *progress);
/* LABEL saying VALUE, as a count. */
void     sd_import_show_count    (GtkLabel               *label,
                                  guint64                 value);
/* The result page of an import that gave no result because of ERROR: stopped (saying
 * STOPPED_TEXT) or failed (saying why). */
void     sd_import_show_failure  (GtkImage               *icon,
                                  GtkLabel               *title,
                                  GtkLabel               *description,
                                  const GError           *error,
                                  const char             *stopped_text);

G_END_DECLS
