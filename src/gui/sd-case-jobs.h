/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-cases.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* The Cases page's list read off the main thread, so that typing in its search stays
 * smooth: the job reads on a worker thread with its own connection to SESSION's shop, as
 * the same account (sd_session_open_copy ()). SOURCE becomes the task's source object
 * (kept alive until CALLBACK runs), as with g_task_new (). A job whose CANCELLABLE was
 * cancelled finishes with G_IO_ERROR_CANCELLED, whatever it read: that is how a page drops
 * the answer to a search that is no longer the one typed. */

/* The cases FILTER selects, as sd_cases_list () (FILTER is copied, its search too; set
 * FILTER->now on the caller's clock: the worker's connection has its own). */
void       sd_case_jobs_list_async  (gpointer              source,
                                     SdSession            *session,
                                     const SdCaseFilter   *filter,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
/* SdCase *, NULL with ERROR set. */
GPtrArray *sd_case_jobs_list_finish (GAsyncResult         *result,
                                     GError              **error);

G_END_DECLS
