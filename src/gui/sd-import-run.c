/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-import-run"

#include <glib/gi18n.h>

#include "sd-import-run.h"
#include "sd-values.h"

void
sd_import_shared_init (SdImportShared *shared)
{
  g_mutex_init (&shared->lock);
  shared->reported = FALSE;
}

void
sd_import_shared_clear (SdImportShared *shared)
{
  g_mutex_clear (&shared->lock);
}

void
sd_import_shared_report (const SdImportProgress *progress,
                         gpointer                shared)
{
  SdImportShared *self = shared;

  g_mutex_lock (&self->lock);
  self->progress = *progress;
  self->reported = TRUE;
  g_mutex_unlock (&self->lock);
}

gboolean
sd_import_shared_read (SdImportShared   *shared,
                       SdImportProgress *out)
{
  gboolean reported;

  g_mutex_lock (&shared->lock);
  *out = shared->progress;
  reported = shared->reported;
  g_mutex_unlock (&shared->lock);
  return reported;
}

gboolean
sd_import_show_fraction (GtkProgressBar         *bar,
                         const SdImportProgress *progress)
{
  g_return_val_if_fail (GTK_IS_PROGRESS_BAR (bar), FALSE);

  if (progress->bytes_total == 0 || progress->bytes_done >= progress->bytes_total)
    {
      gtk_progress_bar_pulse (bar);
      return FALSE;
    }
  gtk_progress_bar_set_fraction (bar, (double) progress->bytes_done / (double) progress->bytes_total);
  return TRUE;
}

void
sd_import_show_count (GtkLabel *label,
                      guint64   value)
{
  g_autofree char *text = sd_format_count ((gint64) value);

  gtk_label_set_label (label, text);
}

void
sd_import_show_failure (GtkImage     *icon,
                        GtkLabel     *title,
                        GtkLabel     *description,
                        const GError *error,
                        const char   *stopped_text)
{
  gboolean stopped = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_return_if_fail (error != NULL);

  gtk_image_set_from_icon_name (icon, stopped ? "dialog-information-symbolic" : "dialog-error-symbolic");
  gtk_label_set_label (title, stopped ? _("Import Stopped") : _("Import Failed"));
  gtk_label_set_label (description, stopped ? stopped_text : error->message);
}
