/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-customer-query.h"
#include "sd-session.h"

G_BEGIN_DECLS

typedef enum
{
  SD_EXPORT_CSV,
  SD_EXPORT_JSON,
} SdExportFormat;

gboolean sd_export_format_from_string (const char            *name,
                                       SdExportFormat        *out_format);
/* Told how many customers are written so far, every few hundred, on the exporting thread. */
typedef void (*SdExportProgressFunc) (guint64  done,
                                      gpointer user_data);

/* Writes the customers the query selects (all when NULL; only those of query->ids when
 * set, a selection), in id order, to the stream. */
gboolean sd_export_customers          (SdSession             *session,
                                       const SdCustomerQuery *query,
                                       SdExportFormat         format,
                                       GOutputStream         *stream,
                                       guint64               *out_count,
                                       GCancellable          *cancellable,
                                       GError               **error);
/* The same into a file, which appears whole or not at all. */
gboolean sd_export_customers_to_path  (SdSession             *session,
                                       const SdCustomerQuery *query,
                                       SdExportFormat         format,
                                       const char            *path,
                                       guint64               *out_count,
                                       GCancellable          *cancellable,
                                       GError               **error);
/* The same, telling PROGRESS as it goes. */
gboolean sd_export_customers_to_path_full (SdSession             *session,
                                           const SdCustomerQuery *query,
                                           SdExportFormat         format,
                                           const char            *path,
                                           SdExportProgressFunc   progress,
                                           gpointer               user_data,
                                           guint64               *out_count,
                                           GCancellable          *cancellable,
                                           GError               **error);

G_END_DECLS
