/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Responses of the dialog: go on editing, take the other's values, or save one's own over
 * them. */
#define SD_EDIT_CONFLICT_KEEP_EDITING "keep-editing"
#define SD_EDIT_CONFLICT_USE_THEIRS "use-theirs"
#define SD_EDIT_CONFLICT_SAVE_MINE "save-mine"

/* "Someone Else Changed This Customer": WHAT names the record, SAVED_AT is when the other
 * saved (UTC seconds), ROWS holds the fields both changed as triples of strings: the
 * field's label, the other's value, the user's value. */
AdwMessageDialog *sd_edit_conflict_dialog_new (GtkWindow  *parent,
                                               const char *what,
                                               gint64      saved_at,
                                               GPtrArray  *rows);

G_END_DECLS
