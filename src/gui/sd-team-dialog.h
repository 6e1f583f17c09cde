/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-db.h"

G_BEGIN_DECLS

/* Connecting began to URL (shown without its password). */
typedef void (*SdTeamDialogStartFunc) (const char *url,
                                       gpointer    user_data);
/* Connected to the team database DB: the callee takes a reference to keep it. */
typedef void (*SdTeamDialogDoneFunc)  (SdDb       *db,
                                       gpointer    user_data);

/* "Connect to a Team Database": asks the database's address and password, then connects on
 * a worker thread (a server that does not answer is given up after 10 s): STARTED at once,
 * DONE on the main thread when connected; when it fails, the dialog comes back with the
 * reason and what was typed. URL: filled in (NULL: empty). PARENT is kept until the end. */
void sd_team_dialog_present (GtkWindow             *parent,
                             const char            *url,
                             SdTeamDialogStartFunc  started,
                             SdTeamDialogDoneFunc   done,
                             gpointer               user_data);

/* The same connecting to URL, without asking first: PASSWORD (NULL or "": none beyond the
 * URL's own, or one given before in this process). When it fails, the dialog asks, with the
 * reason and URL filled in. */
void sd_team_dialog_connect (GtkWindow             *parent,
                             const char            *url,
                             const char            *password,
                             SdTeamDialogStartFunc  started,
                             SdTeamDialogDoneFunc   done,
                             gpointer               user_data);

G_END_DECLS
