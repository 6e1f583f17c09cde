/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_TIERS_PAGE (sd_tiers_page_get_type ())
G_DECLARE_FINAL_TYPE (SdTiersPage, sd_tiers_page, SD, TIERS_PAGE, AdwBin)

/* The shop's membership ladder (会员等级): a row a grade with its name, whether it is on,
 * what reaches it (total paid or trades, and the threshold), its discount and how many
 * customers hold it now; a chart of how the customers spread over the grades; "Save…",
 * which shows what the change would do (sd-tier-simulation-dialog.h) before anything is
 * saved; "Revert"; "Recompute Now". Editing, saving and recomputing need tiers.manage:
 * without it the ladder is shown read only. Needs customers.view to show anything. The
 * counts are read again, on a worker thread, each time the page is shown.
 *
 * The page is a scrolling column of sections (AdwPreferencesGroup): more can be added
 * below with sd_tiers_page_add_group ().
 *
 * Signals:
 *   "tiers-changed": a new ladder was saved or every customer recomputed: customers'
 *     grades may have changed (lists and details showing them should read them again).
 *   "loaded": a read finished (shown, or failed). */
GtkWidget *sd_tiers_page_new        (void);
/* The account the page acts as; NULL clears the page. */
void       sd_tiers_page_set_session (SdTiersPage *self,
                                      SdSession   *session);
void       sd_tiers_page_set_folded (SdTiersPage *self,
                                     gboolean     folded);
/* Reads the ladder (unless it is being edited) and the counts again. */
void       sd_tiers_page_reload     (SdTiersPage *self);
/* Appends GROUP (an AdwPreferencesGroup or any widget) to the page's column. */
void       sd_tiers_page_add_group  (SdTiersPage *self,
                                     GtkWidget   *group);
/* Whether a read, a save or a recompute is under way. */
gboolean   sd_tiers_page_get_busy   (SdTiersPage *self);

G_END_DECLS
