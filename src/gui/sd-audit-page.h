/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_AUDIT_PAGE (sd_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (SdAuditPage, sd_audit_page, SD, AUDIT_PAGE, AdwBin)

/* The audit log, newest first, with filters (since, account, action), a check of the
 * hash chain and a CSV export of the entries shown. Needs audit.view: without it the
 * page says so. The log is read on a worker thread with its own connection. Signal
 * "loaded" each time a read finished (shown, empty or failed). */
GtkWidget *sd_audit_page_new               (void);
/* The account the page acts as; NULL clears the page. */
void       sd_audit_page_set_session       (SdAuditPage *self,
                                            SdSession   *session);
void       sd_audit_page_set_folded        (SdAuditPage *self,
                                            gboolean     folded);
/* Reads the log again with the filters shown (new entries appear). */
void       sd_audit_page_reload            (SdAuditPage *self);
/* Whether a read, a check or an export is under way. */
gboolean   sd_audit_page_get_busy          (SdAuditPage *self);
/* Entries shown now. */
guint      sd_audit_page_get_n_entries     (SdAuditPage *self);

G_END_DECLS
