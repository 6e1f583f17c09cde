/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-sim-request.h"

G_BEGIN_DECLS

/* Shopify's Admin REST API: /admin/api/{version}/orders.json, customers.json and shop.json,
 * with the access-token header and Link-header cursor paging. */

guint64      sd_sim_shopify_order_id         (guint               index);
guint64      sd_sim_shopify_customer_id      (guint               index);
const char  *sd_sim_shopify_financial_status (SdSimShop          *shop,
                                              const SdSimOrder   *order);
SdSimAnswer *sd_sim_shopify_answer  (const SdSimRequest *request);
SdSimAnswer *sd_sim_shopify_failure (const SdSimRequest *request);
SdSimAnswer *sd_sim_shopify_limited (const SdSimRequest *request,
                                     guint               retry_after);

G_END_DECLS
