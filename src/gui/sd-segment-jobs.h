/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-condition.h"
#include "sd-export.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* The segment work that can take a while on a large shop (on 1M customers a count takes
 * 10–700 ms, a tag or an export seconds), each on a worker thread with a connection and a
 * session of its own, as SESSION's account. SOURCE becomes the task's source object (kept
 * alive until CALLBACK runs), as with g_task_new (). */

/* How many customers segment ID (ID > 0) or CONDITION (ID 0) selects now. */
void     sd_segment_jobs_count_async   (gpointer             source,
                                        SdSession           *session,
                                        gint64               id,
                                        SdCondition         *condition,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* -1 on an error. */
gint64   sd_segment_jobs_count_finish  (GAsyncResult        *result,
                                        GError             **error);

/* Adds TAG to every customer in segment ID (customers.edit). */
void     sd_segment_jobs_tag_async     (gpointer             source,
                                        SdSession           *session,
                                        gint64               id,
                                        const char          *tag,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* How many customers got the tag (those who had it already are not counted); -1 on an
 * error. */
gint64   sd_segment_jobs_tag_finish    (GAsyncResult        *result,
                                        GError             **error);

/* Writes segment ID's customers to PATH in FORMAT (customers.export); a failed export
 * leaves what was at PATH before. */
void     sd_segment_jobs_export_async  (gpointer             source,
                                        SdSession           *session,
                                        gint64               id,
                                        SdExportFormat       format,
                                        const char          *path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* The number of customers written; -1 on an error. */
gint64   sd_segment_jobs_export_finish (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
