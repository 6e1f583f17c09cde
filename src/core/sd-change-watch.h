/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SD_TYPE_CHANGE_WATCH (sd_change_watch_get_type ())
G_DECLARE_FINAL_TYPE (SdChangeWatch, sd_change_watch, SD, CHANGE_WATCH, GObject)

/* Hears, for a team shop, what the other desktops change: the team database tells each
 * statement's table (LISTEN/NOTIFY) on a connection of the watch's own, read from the
 * thread-default main context of its making without ever blocking it. Signal "changed"
 * (GStrv, the tables' names, each once) comes at most every 250 ms, a burst of changes
 * gathered into one; the desktop's own writes are told too. When the server drops the
 * connection the watch connects again, waiting longer each time it fails (up to 30 s), and
 * then says every table changed, since what changed meanwhile was not heard. Property
 * "listening": whether changes are heard now.
 * For a shop file (one desktop) the watch never tells anything. */
SdChangeWatch      *sd_change_watch_new            (const char    *where);
gboolean            sd_change_watch_get_listening  (SdChangeWatch *self);
/* Why the watch is not listening now, or NULL. */
const char         *sd_change_watch_get_problem    (SdChangeWatch *self);
/* Every table whose changes the watch tells, NULL-terminated. */
const char *const  *sd_change_watch_get_tables     (void);

G_END_DECLS
