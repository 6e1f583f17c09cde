/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_CASES_PAGE (sd_cases_page_get_type ())
G_DECLARE_FINAL_TYPE (SdCasesPage, sd_cases_page, SD, CASES_PAGE, AdwBin)

/* The Cases page: after-sales cases, overdue ones first (their lateness in the error
 * colour), then by deadline; filtered by state (open by default), type and handler (mine
 * or everyone's), searched (in the core, every word) by the customer's nick or name or
 * the title; the count shown. The list is read on a worker thread. Relative deadlines are written again every minute. New Case…
 * (Ctrl+N through win.new-item) opens sd-case-dialog.h.
 *
 * A case opens in place: its type, customer, order, conversation, deadline, handler (a
 * picker), state with a button for each legal move, a note to add, and the whole history.
 * "Deadlines…" in the ⋮ menu edits each type's hours, for a manager (staff.manage or
 * conversations.all) only.
 *
 * Needs cases.handle; the core refuses the rest. */
GtkWidget *sd_cases_page_new         (void);
/* The account the page reads and writes as; NULL clears the page. */
void       sd_cases_page_set_session (SdCasesPage *self,
                                      SdSession   *session);
void       sd_cases_page_set_folded  (SdCasesPage *self,
                                      gboolean     folded);
/* Reads the list again (and the case shown): rows are updated in place, so the list keeps
 * its scroll and the row chosen, and a note being written stays in its box. */
void       sd_cases_page_reload      (SdCasesPage *self);
/* Shows case ID in place of the list. */
void       sd_cases_page_open_case   (SdCasesPage *self,
                                      gint64       id);
/* How many cases the list shows now. */
guint      sd_cases_page_get_count   (SdCasesPage *self);
/* Whether the list is being read (on a worker thread); the count is the last read's. */
gboolean   sd_cases_page_get_busy    (SdCasesPage *self);

G_END_DECLS
