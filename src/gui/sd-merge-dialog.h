/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_MERGE_DIALOG (sd_merge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdMergeDialog, sd_merge_dialog, SD, MERGE_DIALOG, AdwWindow)

/* Merging customer ID with a duplicate: search for the other record, see what the merged
 * customer will be beside the two originals, then confirm. ID is kept unless the user
 * chooses to keep the other one. Signal "merged" (gint64 keep_id, gint64 other_id) after
 * the merge; the dialog then closes itself. */
SdMergeDialog *sd_merge_dialog_new (GtkWindow *parent,
                                    SdSession *session,
                                    gint64     customer_id);

G_END_DECLS
