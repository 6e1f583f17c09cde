/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-team-dialog.h"
#include "sd-window.h"

G_BEGIN_DECLS

#define SD_TYPE_MOVE_DIALOG (sd_move_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdMoveDialog, sd_move_dialog, SD, MOVE_DIALOG, AdwWindow)

/* Move Shop to a Team Database: asks an empty PostgreSQL database's address and password,
 * copies the shop WINDOW has open from a file there on a worker thread (one of WINDOW's
 * jobs: the file stays as it was), then shows each table's rows and checksum as both sides
 * read them. A failure comes back with the reason, what was typed kept. Open Team Shop
 * connects as Connect to a Team Database does: STARTED, then DONE with the connection. */
void sd_move_dialog_present (SdWindow              *window,
                             SdTeamDialogStartFunc  started,
                             SdTeamDialogDoneFunc   done,
                             gpointer               user_data);

G_END_DECLS
