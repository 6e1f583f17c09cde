/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-customer.h"
#include "sd-order.h"

G_BEGIN_DECLS

/* Deterministic, realistic shop data: the same seed gives the same shop. */
typedef struct _SdDemo SdDemo;

SdDemo     *sd_demo_new            (guint64      seed,
                                    guint        n_customers,
                                    guint        n_orders,
                                    gint64       now);
void        sd_demo_free           (SdDemo      *demo);
/* Customers come first, ids 1..n_customers in order; then orders whose customer_id
 * names one of them, oldest first. Each call hands out a new record or NULL at the end. */
SdCustomer *sd_demo_next_customer  (SdDemo      *demo);
SdOrder    *sd_demo_next_order     (SdDemo      *demo);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdDemo, sd_demo_free)

G_END_DECLS
