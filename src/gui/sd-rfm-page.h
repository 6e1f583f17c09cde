/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-rfm.h"
#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_RFM_PAGE (sd_rfm_page_get_type ())
G_DECLARE_FINAL_TYPE (SdRfmPage, sd_rfm_page, SD, RFM_PAGE, AdwBin)

/* The RFM page: the R × F grid of how many customers hold each pair of scores, and the
 * named groups with their counts, as the last recompute left them. A click on a cell or a
 * group lists those customers (sd_window_show_customers ()). Read on a worker thread with
 * its own connection each time the page is shown; says so when nobody is scored yet.
 * Signal "loaded" each time a read finished (shown, empty or failed). */
GtkWidget       *sd_rfm_page_new         (void);
/* The account the page reads as (customers.view); NULL clears it. */
void             sd_rfm_page_set_session (SdRfmPage *self,
                                          SdSession *session);
void             sd_rfm_page_set_folded  (SdRfmPage *self,
                                          gboolean   folded);
/* Reads the scores again. */
void             sd_rfm_page_reload      (SdRfmPage *self);
/* Whether a read is under way. */
gboolean         sd_rfm_page_get_busy    (SdRfmPage *self);
/* The grid shown; NULL before the first read (or after a failed one). */
const SdRfmGrid *sd_rfm_page_get_grid    (SdRfmPage *self);

G_END_DECLS
