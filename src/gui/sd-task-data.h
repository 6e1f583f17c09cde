/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* For the GUI's jobs that run a GTask in a thread, keep what they produced in the task's
 * data and return a boolean: the data of RESULT when it succeeded, NULL with ERROR set when
 * not. RESULT must carry SOURCE_TAG (the _async function that made it). */
gpointer sd_task_data_finish (GAsyncResult  *result,
                              gpointer       source_tag,
                              GError       **error);

G_END_DECLS
