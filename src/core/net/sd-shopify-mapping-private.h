/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shopify Admin REST answers → our trades and buyers. Pure functions (no network): the
 * connection and the fuzz target feed them response bodies. Each is all or nothing: on
 * an error nothing is added to the output array. */

#include "sd-store-connection.h"

G_BEGIN_DECLS

/* {"orders":[…]} → SdStoreTrade * appended to TRADES. */
gboolean  sd_shopify_map_orders    (const char     *body,
                                    gsize           length,
                                    GPtrArray      *trades,
                                    GError        **error);
/* {"customers":[…]} → SdStoreBuyer * appended to BUYERS. */
gboolean  sd_shopify_map_customers (const char     *body,
                                    gsize           length,
                                    GPtrArray      *buyers,
                                    GError        **error);
/* {"shop":{…}} */
SdStoreSeller *sd_shopify_map_shop (const char     *body,
                                    gsize           length,
                                    GError        **error);

/* The URL of the rel="next" link in a Link header, or NULL when there is none (the last
 * page). */
char     *sd_shopify_link_next     (const char     *link);

G_END_DECLS
