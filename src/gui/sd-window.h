/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-application.h"
#include "sd-change-watch.h"
#include "sd-condition.h"
#include "sd-permission.h"
#include "sd-session.h"
#include "sd-settings.h"

G_BEGIN_DECLS

#define SD_TYPE_WINDOW (sd_window_get_type ())
G_DECLARE_FINAL_TYPE (SdWindow, sd_window, SD, WINDOW, AdwApplicationWindow)

SdWindow   *sd_window_new              (SdApplication *app,
                                        SdSettings    *settings);
/* Opens the shop at PATH and shows its login page (the last account there filled in), or,
 * for a shop without accounts, the page that sets its owner's account; whoever was
 * logged in leaves first. On failure stays where it was (or goes to the welcome page)
 * and says why. Nothing of the shop is shown before a login. */
gboolean    sd_window_open_shop        (SdWindow      *self,
                                        const char    *path);
/* The last shop's login page, or the welcome page when there is none (or it is gone). */
void        sd_window_open_last_shop   (SdWindow      *self);
/* SESSION logged in (on the login page, or by making a shop) becomes the window's: its
 * shop is shown, after a new password when the account must change it. */
void        sd_window_start_session    (SdWindow      *self,
                                        SdSession     *session);
/* The account logged in; NULL on the welcome and login pages. Also the "session"
 * property, for pages that follow it. */
SdSession  *sd_window_get_session      (SdWindow      *self);
SdSettings *sd_window_get_settings     (SdWindow      *self);
void        sd_window_add_toast        (SdWindow      *self,
                                        AdwToast      *toast);
/* Long work the window must not close under: closing asks first, then cancels it and
 * waits for it to end before the window goes. */
void        sd_window_begin_job        (SdWindow      *self,
                                        GCancellable  *cancellable);
void        sd_window_end_job          (SdWindow      *self,
                                        GCancellable  *cancellable);
GtkWidget  *sd_window_get_customers_page (SdWindow    *self);
/* What hears the other desktops' changes to a team shop while someone is logged in; NULL
 * for a shop file, or with nobody logged in. */
SdChangeWatch *sd_window_get_change_watch (SdWindow    *self);
/* After an import, a merge or a rename: the lists, counts and title read the shop again. */
void        sd_window_shop_changed     (SdWindow      *self);

/* More pages for the shop's sidebar: a row titled TITLE with ICON_NAME that shows PAGE
 * (named NAME in the content stack). The row is hidden while the account lacks
 * PERMISSION (SD_PERMISSION_N: any account may see it); the permissions are read again at
 * each login and whenever the window becomes active. PAGE follows the window's
 * "session" property (or sd_window_get_session()) itself. */
void        sd_window_add_page         (SdWindow      *self,
                                        const char    *name,
                                        const char    *title,
                                        const char    *icon_name,
                                        GtkWidget     *page,
                                        SdPermission   permission);
/* Shows the page NAME, when its row is shown. */
void        sd_window_show_page        (SdWindow      *self,
                                        const char    *name);
/* Shows the Customers page listing only the customers CONDITION selects (NULL: no such
 * limit) and/or the ids in IDS (gint64, NULL: no such limit), with LABEL ("RFM R5 · F4",
 * "Segment 老客", "Moved up: 1,234") shown above the list as a removable chip; removing it
 * (or "Clear Filters", "Show All") returns to the whole list. The other filters and the
 * search are cleared; searching and sorting then work inside the subset. Nothing happens
 * when the account may not view customers. */
void        sd_window_show_customers   (SdWindow      *self,
                                        SdCondition   *condition,
                                        GArray        *ids,
                                        const char    *label);
/* Shows the Campaigns page with the composer on a new campaign to the hand-picked customers
 * CUSTOMER_IDS (gint64), as sd_campaigns_page_compose (). Nothing happens when the account
 * may not write campaigns. */
void        sd_window_compose_campaign (SdWindow      *self,
                                        GArray        *customer_ids);

G_END_DECLS
