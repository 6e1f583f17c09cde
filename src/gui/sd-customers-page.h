/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-customer-query.h"
#include "sd-session.h"
#include "sd-settings.h"

G_BEGIN_DECLS

#define SD_TYPE_CUSTOMERS_PAGE (sd_customers_page_get_type ())
G_DECLARE_FINAL_TYPE (SdCustomersPage, sd_customers_page, SD, CUSTOMERS_PAGE, AdwBin)

/* The customer list (search, filters, sort, selection) and, on activating a row, the
 * customer's detail. Signal "count-changed" when the total or the matching count change. */
void                   sd_customers_page_set_session  (SdCustomersPage *self,
                                                       SdSession       *session,
                                                       SdSettings      *settings);
void                   sd_customers_page_set_folded   (SdCustomersPage *self,
                                                       gboolean         folded);
void                   sd_customers_page_focus_search (SdCustomersPage *self);
/* The search and filters the list shows now (never NULL while a shop is open). */
const SdCustomerQuery *sd_customers_page_get_query    (SdCustomersPage *self);
/* Customers in the shop; -1 before a shop is open. */
gint64                 sd_customers_page_get_total    (SdCustomersPage *self);
/* Reads the shop again (after an import or a merge), keeping search and sort; the tier
 * ladder's names too. */
void                   sd_customers_page_reload       (SdCustomersPage *self);
/* Reads the account's permissions again: what it may not do is hidden, or insensitive
 * with a tooltip naming the permission. */
void                   sd_customers_page_update_permissions (SdCustomersPage *self);
/* Lists only the customers CONDITION selects (NULL: no such limit) and/or the ids in IDS
 * (gint64, NULL: no such limit), with LABEL shown above the list as a removable chip. The
 * search and the other filters are cleared; a search, a filter or an order then works
 * inside the subset. Removing the chip, "Clear Filters" or "Show All" shows everyone again. */
void                   sd_customers_page_show_subset  (SdCustomersPage *self,
                                                       SdCondition     *condition,
                                                       GArray          *ids,
                                                       const char      *label);
/* Whether a subset is shown. */
gboolean               sd_customers_page_get_subset_shown (SdCustomersPage *self);
/* After the ladder or the tiers changed (the Tiers page saved, recomputed or pinned): the
 * grade names and the list are read again (as sd_customers_page_reload ()), and the
 * customer shown in the detail, if any. */
void                   sd_customers_page_reload_tiers (SdCustomersPage *self);
/* After another desktop changed the shop: the counts, the tier names and the list are
 * read again in place (search, order, selection and scroll kept), and the customer
 * shown unless it has edits not saved. */
void                   sd_customers_page_refresh      (SdCustomersPage *self);

G_END_DECLS
